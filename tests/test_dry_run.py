"""A dry run reports exactly the problems of a full build, cold, warm and after edits, though it reads only what
checking needs of each document and does not make the tables of their rows."""

from __future__ import annotations

from pathlib import Path

import pandera.pandas as pa
import pytest

from bench.generate import generate
from pipeline import build as pipeline_build
from pipeline.core import cache
from pipeline.core.paths import Paths
from pipeline.core.problems import BuildError
from pipeline.render import validate as validation
from schemas import bind

pytestmark = pytest.mark.slow  # whole builds: `make test` runs them


def _lines(run: object) -> list[str]:
    try:
        run()  # type: ignore[operator]
    except BuildError as err:
        return [str(p) for p in err.problems]
    return []


def _both(paths: Paths, out: Path) -> tuple[list[str], list[str]]:
    """The problems of a dry run (reusing the cache), then of a full build (the same)."""
    dry = _lines(lambda: pipeline_build.check_inputs(paths, workers=1))
    full = _lines(lambda: pipeline_build.build(paths, out, workers=1))
    return dry, full


def _document(paths: Paths, n: int) -> Path:
    return paths.curated_documents()[n]


def _validated(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The documents whose rows the next dry runs validate against the tables' models."""
    validated: list[str] = []
    real = pipeline_build.validate_documents

    def counted(context, documents):  # type: ignore[no-untyped-def]
        validated.extend(name for name, _ in documents)
        return real(context, documents)

    monkeypatch.setattr(pipeline_build, "validate_documents", counted)
    return validated


@pytest.fixture
def corpus(tmp_path: Path) -> Paths:
    generate(tmp_path / "corpus", claims=100, claims_per_document=20, seed=3)
    paths = Paths(tmp_path / "corpus")
    pipeline_build.build(paths, tmp_path / "first", workers=1)  # every entry cached
    return paths


def test_a_problem_of_an_edited_document_is_reported_alike(corpus: Paths, tmp_path: Path) -> None:
    doc = _document(corpus, 2)
    text = doc.read_text(encoding="utf-8")
    value = next(line for line in text.splitlines() if line.startswith("    value: "))
    doc.write_text(text.replace(value + "\n", value + "1\n", 1) + "# edited\n", encoding="utf-8")
    dry, full = _both(corpus, tmp_path / "out")
    assert dry and dry == full
    assert any("value-mismatch" in line for line in dry)


def test_an_id_used_by_two_documents_is_reported_alike(corpus: Paths, tmp_path: Path) -> None:
    first, second = _document(corpus, 0), _document(corpus, 3)
    taken = next(line for line in first.read_text(encoding="utf-8").splitlines() if line.startswith("  - id: "))
    text = second.read_text(encoding="utf-8")
    mine = next(line for line in text.splitlines() if line.startswith("  - id: "))
    second.write_text(text.replace(mine + "\n", taken + "\n", 1), encoding="utf-8")
    dry, full = _both(corpus, tmp_path / "out")
    assert dry and dry == full
    assert any("duplicate-id" in line for line in dry)


def test_a_row_the_tables_models_refuse_is_reported_alike_cold_and_warm(
        corpus: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A row that passes every check of its document but fails its table's model (here a model made stricter for
    the test: no claim of the edited document's third claim's value) is reported at its line by both, whether its
    document's rows were validated in this run or in an earlier one."""
    doc = _document(corpus, 1)
    text = doc.read_text(encoding="utf-8")
    refused = float([line for line in text.splitlines() if line.startswith("    value: ")][2].split()[1])

    def stricter(name: str, vocabulary: object) -> pa.DataFrameSchema:
        schema = bind(name, vocabulary)  # type: ignore[arg-type]
        if name != "claims":
            return schema
        column = schema.columns["value"]
        return schema.update_column("value", checks=[*column.checks, pa.Check(lambda s: s != refused)])

    monkeypatch.setattr(validation, "bind", stricter)
    # a model is code: changed, it changes the digest of the code, and so every document's key
    code = cache.code_digest()
    monkeypatch.setattr(cache, "code_digest", lambda: code + " with a stricter model")
    doc.write_text(text + "# edited\n", encoding="utf-8")
    dry, full = _both(corpus, tmp_path / "out")
    assert dry and dry == full
    assert all("schema-violation" in line for line in dry)
    assert any(line.startswith(f"datasets/curated/documents/{doc.name}:") for line in dry)
    assert _lines(lambda: pipeline_build.check_inputs(corpus, workers=1)) == full  # the rows' problems cached
    other = _document(corpus, 4)  # another document edited: the first one's problems still reported alike
    other.write_text(other.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert _both(corpus, tmp_path / "again") == (full, full)


def test_a_corpus_without_problems_passes_both_and_builds_the_same_bytes(corpus: Paths, tmp_path: Path) -> None:
    doc = _document(corpus, 0)
    doc.write_text(doc.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert _both(corpus, tmp_path / "out") == ([], [])
    pipeline_build.build(corpus, tmp_path / "cold", workers=1, use_cache=False)
    from pipeline.__main__ import differences
    assert differences(tmp_path / "cold", tmp_path / "out") == []


def test_an_index_rewritten_without_the_key_does_not_hide_a_problem(corpus: Paths, tmp_path: Path) -> None:
    import pickle

    from pipeline.check.context import load_context

    doc = _document(corpus, 2)
    text = doc.read_text(encoding="utf-8")
    value = next(line for line in text.splitlines() if line.startswith("    value: "))
    doc.write_text(text.replace(value + "\n", value + "1\n", 1), encoding="utf-8")
    dry, full = _both(corpus, tmp_path / "out")
    assert dry and dry == full
    context = load_context(corpus, use_cache=False)
    entry = pipeline_build._index_entry(context)
    head, _, payload = entry.read_bytes().partition(b"\n")
    index = pickle.loads(payload)
    key = pipeline_build.document_key(context, doc)
    summary = pipeline_build._cached_summary(context, key)  # the index may hold it, or leave it to its entry
    assert summary is not None and summary.problems
    index[key] = ({**summary.to_plain(), "problems": []}, {"invalid": []})  # the wrong document: no problem
    entry.write_bytes(head + b"\n" + pickle.dumps(index, protocol=5))
    assert _lines(lambda: pipeline_build.check_inputs(corpus, workers=1)) == full


def test_the_first_dry_run_after_a_build_validates_only_the_document_edited_since(
        corpus: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build whose tables passed their models leaves what a dry run needs of each document's rows."""
    validated = _validated(monkeypatch)
    doc = _document(corpus, 3)
    doc.write_text(doc.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    pipeline_build.check_inputs(corpus, workers=1)
    assert [Path(name).name for name in validated] == [doc.name]


def test_a_dry_run_after_one_edit_leaves_the_index_and_the_next_one_validates_nothing(
        corpus: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    """The index of the dry runs is not rewritten for one edited document: its facts are kept in its own entry."""
    from pipeline.check.context import load_context

    pipeline_build.check_inputs(corpus, workers=1)
    entry = pipeline_build._index_entry(load_context(corpus, use_cache=False))
    before = entry.read_bytes()
    doc = _document(corpus, 3)
    doc.write_text(doc.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    pipeline_build.check_inputs(corpus, workers=1)
    assert entry.read_bytes() == before
    validated = _validated(monkeypatch)
    pipeline_build.check_inputs(corpus, workers=1)
    assert validated == []
