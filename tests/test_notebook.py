"""The example notebook runs from top to bottom, draws its chart, and cites every claim whose number it shows."""

from __future__ import annotations

import re

import nbclient
import nbformat
import pytest

from tests.published import REPO, by_id, descriptor

pytestmark = pytest.mark.slow  # whole builds, servers or second interpreters: `make test` runs them

NOTEBOOK = REPO / "examples" / "fuzhou_and_quanzhou.ipynb"


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> nbformat.NotebookNode:
    """The notebook, executed in a fresh kernel that imports pingan_data from this checkout."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    workdir = tmp_path_factory.mktemp("notebook")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYTHONPATH", str(REPO))  # the kernel inherits the environment
        patch.delenv("PINGAN_DATA_DIR", raising=False)
        patch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
        nbclient.NotebookClient(notebook, timeout=180, kernel_name="python3",
                                resources={"metadata": {"path": str(workdir)}}).execute()
    return notebook


def _outputs(notebook: nbformat.NotebookNode) -> list[dict]:
    return [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]


def _text(notebook: nbformat.NotebookNode) -> str:
    parts = []
    for output in _outputs(notebook):
        if output.output_type == "stream":
            parts.append(output.text)
        for mime in ("text/plain", "text/markdown", "text/html"):
            parts.append(output.get("data", {}).get(mime, ""))
    return "\n".join(parts)


def test_the_stored_notebook_has_no_outputs_to_go_stale() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")


def test_the_notebook_runs_without_errors(executed: nbformat.NotebookNode) -> None:
    assert not [o for o in _outputs(executed) if o.output_type == "error"]


def test_the_notebook_draws_one_chart(executed: nbformat.NotebookNode) -> None:
    images = [o for o in _outputs(executed) if "image/png" in o.get("data", {})]
    assert len(images) == 1


def test_the_notebook_compares_the_two_cities(executed: nbformat.NotebookNode) -> None:
    text = _text(executed)
    assert "Fuzhou" in text and "Quanzhou" in text


def test_every_claim_the_notebook_shows_is_cited_with_file_line_and_quote(executed: nbformat.NotebookNode) -> None:
    text = _text(executed)
    claims = by_id("claims", "claim_id")
    shown = sorted(set(re.findall(r"\b\d{3}-c\d{3}\b", text)))
    assert len(shown) >= 10
    for ident in shown:
        claim = claims[ident]
        citation = f"{claim['source_file']}, line {claim['line']}: “{claim['quote']}”. Claim {ident} "
        assert citation in text, f"{ident} is shown but not cited"


def test_the_notebook_cites_the_claims_table_and_the_data_set(executed: nbformat.NotebookNode) -> None:
    text = _text(executed)
    claims_csv = next(r for r in descriptor()["resources"] if r["path"] == "claims.csv")
    assert claims_csv["hash"].removeprefix("sha256:") in text
    released = descriptor()["created"][:10]
    assert f"{descriptor()['title']} (version {descriptor()['version']}, released {released}) [Data set]" in text

