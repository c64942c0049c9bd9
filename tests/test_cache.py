"""A document's checked result is reused while nothing it depends on changed, and never trusted otherwise."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

import pipeline.__main__ as cli
from bench.generate import generate
from pipeline.__main__ import differences
from pipeline.build import build, check_inputs
from pipeline.core import cache
from pipeline.core.paths import Paths
from pipeline.core.problems import BuildError
from pipeline.publish import package as publish

pytestmark = pytest.mark.slow  # whole builds, servers or second interpreters: `make test` runs them

DOC0 = "datasets/curated/documents/000_2b8feb0ae4f9f377.yml"


def _build(paths: Paths, out: Path, **options: object) -> dict[str, int]:
    counts: dict[str, int] = {}
    build(paths, out, counts=counts, **options)
    return counts


def _entries(root: Path) -> list[Path]:
    return sorted(p for p in cache.folder(root).rglob("*") if p.is_file())


def _unindexed(root: Path) -> None:
    """Without the index of every document's summary and facts, a build reads each document's own entries."""
    (cache.folder(root, "index") / "documents").unlink()


def test_a_warm_and_a_partly_stale_build_give_the_bytes_of_a_cold_one(repo_copy: Paths, tmp_path: Path) -> None:
    n = len(repo_copy.curated_documents())
    cold = _build(repo_copy, tmp_path / "cold")
    assert cold == {"documents": n, "checked": n, "reused": 0}
    warm = _build(repo_copy, tmp_path / "warm")
    assert warm == {"documents": n, "checked": 0, "reused": n}
    entries = _entries(repo_copy.root)
    assert len(entries) == n
    entries[0].unlink()  # missing
    entries[1].write_bytes(entries[1].read_bytes()[:-7])  # cut short
    raw = bytearray(entries[2].read_bytes())
    raw[-20] ^= 0x01  # one bit flipped in the payload
    entries[2].write_bytes(bytes(raw))
    index = cache.folder(repo_copy.root, "index") / "documents"  # every summary and the facts of every render
    index.write_bytes(index.read_bytes()[:-7])  # cut short: each document's own entries are read
    stale = _build(repo_copy, tmp_path / "stale")
    assert stale == {"documents": n, "checked": 3, "reused": n - 3}
    uncached = _build(repo_copy, tmp_path / "uncached", use_cache=False)
    assert uncached["checked"] == n
    for other in ("warm", "stale", "uncached"):
        assert differences(tmp_path / "cold", tmp_path / other) == [], other


def test_an_entry_that_would_build_an_object_is_refused_and_recomputed(repo_copy: Paths, tmp_path: Path) -> None:
    _build(repo_copy, tmp_path / "first")
    entry = _entries(repo_copy.root)[0]
    key = entry.name
    # a well-formed entry (right key, right digest of its payload) whose payload would construct an object
    payload = pickle.dumps({"file": Path("x")}, protocol=5)
    entry.write_bytes(b" ".join([cache.FORMAT, key.encode(), cache.hashlib.sha256(payload).hexdigest().encode()])
                      + b"\n" + payload)
    assert cache.read_entry(entry, key) is None
    _unindexed(repo_copy.root)
    assert _build(repo_copy, tmp_path / "second")["checked"] == 1
    assert differences(tmp_path / "first", tmp_path / "second") == []


def test_an_entry_under_another_key_is_not_reused(repo_copy: Paths, tmp_path: Path) -> None:
    _build(repo_copy, tmp_path / "first")
    first, second = _entries(repo_copy.root)[:2]
    first.write_bytes(second.read_bytes())  # a whole entry, but of another document
    index = cache.folder(repo_copy.root, "index") / "documents"
    index.write_bytes(second.read_bytes())  # and the index replaced by that entry too
    assert _build(repo_copy, tmp_path / "second")["checked"] == 1


def test_editing_one_document_checks_that_document_again_and_no_other(repo_copy: Paths, tmp_path: Path) -> None:
    _build(repo_copy, tmp_path / "first")
    path = repo_copy.root / DOC0
    path.write_text(path.read_text(encoding="utf-8").replace("Read as", "Read as") + "# a comment\n",
                    encoding="utf-8")
    n = len(repo_copy.curated_documents())
    assert _build(repo_copy, tmp_path / "second") == {"documents": n, "checked": 1, "reused": n - 1}


def test_a_changed_metric_checks_again_the_documents_that_use_it(repo_copy: Paths, tmp_path: Path) -> None:
    _build(repo_copy, tmp_path / "first")
    metrics = repo_copy.metrics
    text = metrics.read_text(encoding="utf-8")
    block = re.search(r"  - id: patrol_force\n(?:    .*\n)+", text).group(0)
    metrics.write_text(text.replace(block, block.replace("unit: persons", "unit: person_times")), encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        _build(repo_copy, tmp_path / "second")
    # both documents with a patrol-force claim are checked again, and both claims now disagree with the metric
    assert {(p.file, p.id, p.code) for p in caught.value.problems} == {
        ("datasets/curated/documents/000_2b8feb0ae4f9f377.yml", "000-c001", "unit-not-metric-unit"),
        ("datasets/curated/documents/002_a14baa4da29c5484.yml", "002-c013", "unit-not-metric-unit")}


def test_a_changed_vocabulary_checks_every_document_again(repo_copy: Paths, tmp_path: Path) -> None:
    _build(repo_copy, tmp_path / "first")
    vocabulary = repo_copy.vocabulary
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    assert _build(repo_copy, tmp_path / "second")["checked"] == len(repo_copy.curated_documents())


def test_documents_are_checked_in_parallel_to_the_same_bytes(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    generate(root, claims=240, claims_per_document=20, seed=11)  # 12 documents: enough to start workers
    alone = _build(Paths(root), tmp_path / "alone", workers=1, use_cache=False)
    together = _build(Paths(root), tmp_path / "together", workers=2, use_cache=False)
    assert alone["checked"] == together["checked"] == 12
    assert differences(tmp_path / "alone", tmp_path / "together") == []


def test_two_documents_with_problems_report_all_of_them_in_one_run(repo_copy: Paths, tmp_path: Path) -> None:
    doc1 = repo_copy.root / "datasets/curated/documents/001_6f9d1c62c3d9ba67.yml"
    text = doc1.read_text(encoding="utf-8")
    doc1.write_text(text.replace("    value: 24\n", "    value: 25\n")  # a value off, on line 23
                    .replace("  - {line: 10, text: 2016-06-06 08:49:54, reason: publication_date}\n", ""),
                    encoding="utf-8")  # and, in the same document, the numbers of line 10 left unaccounted
    doc4 = repo_copy.root / "datasets/curated/documents/004_aea384481f6baa8d.yml"
    text = doc4.read_text(encoding="utf-8")
    doc4.write_text(text.replace("  - {line: 6, text: 2022-03-17, reason: publication_date}\n", ""),
                    encoding="utf-8")  # an exclusion removed: its numbers are left unaccounted
    with pytest.raises(BuildError) as caught:
        _build(repo_copy, tmp_path / "out")
    found = {(Path(p.file).name, p.code) for p in caught.value.problems}
    assert ("001_6f9d1c62c3d9ba67.yml", "value-mismatch") in found
    assert ("001_6f9d1c62c3d9ba67.yml", "unaccounted-number") in found
    assert ("004_aea384481f6baa8d.yml", "unaccounted-number") in found


def test_a_build_with_nothing_changed_leaves_the_publication_as_it_is(repo_copy: Paths, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(repo_copy, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert _build(repo_copy, out).get("up_to_date") == 1
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_publication_with_files_larger_than_an_input_may_be_is_still_known_as_up_to_date(
        repo_copy: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A published file (the SQLite database of a large corpus) may be larger than the bound on one input; the
    publication's files are checked against their digests with a bound of their own."""
    from pipeline.core import files
    from pipeline.publish import manifest

    out = tmp_path / "out"
    _build(repo_copy, out)
    digest = manifest.inputs_digest(repo_copy)
    small = 4096  # smaller than the published SQLite database and CSV files, larger than nothing
    assert any(p.stat().st_size > small for p in out.iterdir() if p.is_file())
    monkeypatch.setattr(files.digest, "__defaults__", (small,))  # the bound on one input, made small
    assert manifest.up_to_date(repo_copy, out, digest)
    monkeypatch.setattr(files, "MAX_PUBLISHED_BYTES", small)
    assert not manifest.up_to_date(repo_copy, out, digest)


def test_a_damaged_publication_is_rebuilt_even_when_nothing_else_changed(repo_copy: Paths, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(repo_copy, out)
    good = (out / "claims.csv").read_bytes()
    (out / "claims.csv").write_bytes(good.replace(b"30000", b"30001", 1))
    counts = _build(repo_copy, out)
    assert "up_to_date" not in counts and counts["reused"] == len(repo_copy.curated_documents())
    assert (out / "claims.csv").read_bytes() == good


def test_a_changed_input_is_never_taken_for_the_last_publication(repo_copy: Paths, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(repo_copy, out)
    source = repo_copy.root / "datasets/sources/sources.yml"
    source.write_text(source.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    assert "up_to_date" not in _build(repo_copy, out)


def test_an_unchanged_input_is_not_read_again_and_one_rewritten_in_place_is(
        repo_copy: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from pipeline.core import files
    from pipeline.publish import manifest

    monkeypatch.setattr(cache.Digests, "SETTLED_NS", -10**12)  # the files count as settled at once
    out = tmp_path / "out"
    _build(repo_copy, out)
    read: list[Path] = []
    digest = files.digest

    def counted(path: Path, within: Path, *rest: object) -> bytes:
        if not path.is_relative_to(out):
            read.append(path)
        return digest(path, within, *rest)

    monkeypatch.setattr(files, "digest", counted)
    assert manifest.unchanged(repo_copy, out)
    assert read == []  # every input known by its stat; only the publication's own files were hashed
    # the same size and the same modification time, one character changed: its change time tells
    source = repo_copy.root / "datasets/sources/sources.yml"
    text, times = source.read_text(encoding="utf-8"), source.stat()
    source.write_text(text.replace("Hand-written.", "Hand-written!", 1), encoding="utf-8")
    assert source.stat().st_size == times.st_size
    os.utime(source, ns=(times.st_atime_ns, times.st_mtime_ns))
    assert not manifest.unchanged(repo_copy, out)
    assert read == [source]
    assert "up_to_date" not in _build(repo_copy, out)


def test_the_cache_keeps_one_entry_per_document_as_it_is_now(repo_copy: Paths, tmp_path: Path) -> None:
    _build(repo_copy, tmp_path / "first")
    before = set(_entries(repo_copy.root))
    path = repo_copy.root / DOC0
    path.write_text(path.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    _build(repo_copy, tmp_path / "second")
    after = set(_entries(repo_copy.root))
    assert len(after) == len(repo_copy.curated_documents())
    assert len(before - after) == 1 and len(after - before) == 1  # the edited document's old entry is gone


def test_a_dry_run_checks_everything_and_writes_no_publication(repo_copy: Paths, tmp_path: Path) -> None:
    def files() -> dict[Path, bytes]:
        return {p: p.read_bytes() for p in repo_copy.published.parent.rglob("*") if p.is_file()}

    before = files()
    counts: dict[str, int] = {}
    check_inputs(repo_copy, counts=counts)
    assert counts["documents"] == len(repo_copy.curated_documents())
    assert files() == before  # neither the publication nor anything beside it was written
    doc = repo_copy.root / DOC0
    doc.write_text(doc.read_text(encoding="utf-8").replace("    value: 30000\n", "    value: 30001\n", 1),
                   encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        check_inputs(repo_copy)
    assert {(p.id, p.code) for p in caught.value.problems} == {("000-c001", "value-mismatch")}


def test_the_sqlite_database_made_in_a_second_process_has_the_same_bytes(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    generate(root, claims=60, claims_per_document=20, seed=5)
    _build(Paths(root), tmp_path / "here", workers=1, use_cache=False)
    monkeypatch.setattr(publish, "PARALLEL_ROWS", 1)
    spawned: list[object] = []
    real = publish.ProcessPoolExecutor
    monkeypatch.setattr(publish, "ProcessPoolExecutor", lambda *a, **k: spawned.append(a) or real(*a, **k))
    _build(Paths(root), tmp_path / "there", workers=2, use_cache=False)
    assert spawned  # the database was made by the second process
    assert differences(tmp_path / "here", tmp_path / "there") == []


def test_a_build_that_fails_after_starting_the_sqlite_process_leaves_no_process_behind(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import multiprocessing

    import pipeline.build

    root = tmp_path / "corpus"
    generate(root, claims=40, claims_per_document=20, seed=5)
    monkeypatch.setattr(publish, "PARALLEL_ROWS", 1)
    started: list[object] = []
    real = publish.sqlite_process
    monkeypatch.setattr(publish, "sqlite_process", lambda: started.append(1) or real())

    def fails(*_: object) -> None:
        assert multiprocessing.active_children()  # the process runs while the tables are made
        raise BuildError([])

    monkeypatch.setattr(pipeline.build, "_checked_tables", fails)
    with pytest.raises(BuildError):
        build(Paths(root), tmp_path / "out", workers=2, use_cache=False)
    assert started and multiprocessing.active_children() == []
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def _readme_output(command: str) -> str:
    """The line docs/pipeline.md shows under ``$ command`` in a plain block."""
    readme = (Path(__file__).resolve().parents[1] / "docs" / "pipeline.md").read_text(encoding="utf-8")
    return re.search(rf"^\$ {re.escape(command)}\n(.+)$", readme, re.M).group(1)


def test_the_readme_shows_what_a_dry_run_and_an_up_to_date_build_print(repo_copy: Paths, capsys) -> None:
    root = ["--root", str(repo_copy.root)]
    assert cli.main(["build", "--dry-run", *root]) == 0
    assert capsys.readouterr().out.rstrip("\n") == _readme_output("python -m pipeline build --dry-run")
    assert cli.main(["build", *root]) == 0
    capsys.readouterr()
    assert cli.main(["build", *root]) == 0
    printed = capsys.readouterr().out.rstrip("\n").replace(str(repo_copy.root), "/…")
    assert printed == _readme_output("python -m pipeline build")
