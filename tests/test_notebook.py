"""The example notebook runs from top to bottom, draws its chart, cites every claim whose number it shows, and is
committed with the outputs of such a run, naming what it needs."""

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
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []  # run afresh, not from what is stored
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


def _texts(notebook: nbformat.NotebookNode) -> list[str]:
    """Per code cell, what it printed and displayed as text, joined (a kernel may split one print into several
    stream outputs; images are drawn anew by each run)."""
    out = []
    for cell in (c for c in notebook.cells if c.cell_type == "code"):
        texts = []
        for output in cell.outputs:
            if output.output_type == "stream":
                texts.append(output.text)
            for mime in ("text/plain", "text/markdown", "text/html"):
                if mime in output.get("data", {}) and "image/png" not in output["data"]:
                    texts.append(output["data"][mime])
        out.append("".join(texts))
    return out


def test_the_stored_notebook_holds_the_outputs_of_a_run(executed: nbformat.NotebookNode) -> None:
    stored = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(stored)
    assert all(cell.get("outputs") for cell in stored.cells if cell.cell_type == "code")
    assert _texts(stored) == _texts(executed), "re-run the notebook and commit it with its outputs"
    assert sum("image/png" in o.get("data", {}) for o in _outputs(stored)) == 1  # its chart


def test_the_notebook_names_what_it_needs() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    intro = notebook.cells[0].source
    imported = {line.split()[1].split(".")[0] for cell in notebook.cells if cell.cell_type == "code"
                for line in cell.source.splitlines() if line.startswith(("import ", "from "))}
    assert "matplotlib" in imported and "matplotlib" in intro and "pip install" in intro
    docs = (REPO / "docs" / "library.md").read_text(encoding="utf-8")
    assert "matplotlib" in docs.split("## Example notebook", 1)[1]


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

