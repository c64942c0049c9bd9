"""A file of the publication made from tables that did not change is taken from the last publication, with the
bytes a cold build writes; a file whose tables changed, or whose last copy has other bytes, is made again."""

from __future__ import annotations

import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.build import build
from pipeline.core.paths import Paths
from pipeline.publish import package
from pipeline.publish.formats import croissant, datasette, sqlite
from tests.corruption import snapshot
from tests.synthetic import published

pytestmark = pytest.mark.slow  # whole builds: `make test` runs them


@pytest.fixture
def corpus(tmp_path: Path) -> Paths:
    return published(tmp_path, claims=100, seed=5)


def _noted(paths: Paths) -> None:
    """A curator's note given to the first claim of the first document: one claim's row changes."""
    doc = paths.curated_documents()[0]
    lines = doc.read_text(encoding="utf-8").splitlines(keepends=True)
    quote = next(i for i, line in enumerate(lines) if line.startswith("    quote: "))
    lines.insert(quote + 1, "    note: a curator's second look\n")
    doc.write_text("".join(lines), encoding="utf-8")


def _written(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The CSV files, databases, parts and descriptions the next builds write (rather than take), and the parts
    they patch."""
    made: list[str] = []
    csv, database = package.write_csv, sqlite.write_sqlite

    def write_csv(frame, folder, name):  # type: ignore[no-untyped-def]
        made.append(f"{name}.csv")
        return csv(frame, folder, name)

    def write_sqlite(frames, folder, *parts):  # type: ignore[no-untyped-def]
        made.append(sqlite.FILE)
        return database(frames, folder, *parts)

    part = sqlite._make_part

    def make_part(name, path, rows):  # type: ignore[no-untyped-def]
        made.append(f"part {name}")
        return part(name, path, rows)

    def recorded(writer, file):  # type: ignore[no-untyped-def]
        def write(*args):  # type: ignore[no-untyped-def]
            made.append(file)
            return writer(*args)
        return write

    patch = sqlite._patch

    def patched(name, parts, folder):  # type: ignore[no-untyped-def]
        done = patch(name, parts, folder)
        if done:
            made.append(f"patched {name}")
        return done

    monkeypatch.setattr(sqlite, "_patch", patched)
    monkeypatch.setattr(croissant, "write_croissant", recorded(croissant.write_croissant, croissant.FILE))
    monkeypatch.setattr(datasette, "write_datasette", recorded(datasette.write_datasette, datasette.FILE))
    monkeypatch.setattr(package, "write_csv", write_csv)
    monkeypatch.setattr(sqlite, "write_sqlite", write_sqlite)
    monkeypatch.setattr(sqlite, "_make_part", make_part)
    return made


def test_a_changed_claim_makes_its_tables_files_again_and_takes_the_others(
        corpus: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = _written(monkeypatch)
    _noted(corpus)
    build(corpus, tmp_path / "out", workers=1)
    assert "claims.csv" in made and sqlite.FILE in made and croissant.FILE in made  # it lists the files' hashes
    assert "metrics.csv" not in made and "vocabulary.csv" not in made and "regions.csv" not in made
    # the database is assembled anew, from its claims' part patched and the others as they were (a note is not
    # searched: the claims' search texts are the same)
    assert sorted(m for m in made if m.startswith(("part ", "patched "))) == ["patched claims"]
    build(corpus, tmp_path / "cold", workers=1, use_cache=False)
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "cold")


def test_an_edit_that_changes_no_row_takes_every_file_made_from_the_tables_and_the_descriptor(
        corpus: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = _written(monkeypatch)
    doc = corpus.curated_documents()[1]
    doc.write_text(doc.read_text(encoding="utf-8") + "# looked at again\n", encoding="utf-8")
    build(corpus, tmp_path / "out", workers=1)
    assert made == []
    build(corpus, tmp_path / "cold", workers=1, use_cache=False)
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "cold")


def test_a_last_copy_with_other_bytes_is_made_again(
        corpus: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    published = tmp_path / "out"
    (published / "metrics.csv").write_bytes((published / "metrics.csv").read_bytes() + b"x,y\n")
    database = published / sqlite.FILE
    data = bytearray(database.read_bytes())
    data[-1] ^= 1
    database.write_bytes(bytes(data))
    made = _written(monkeypatch)
    doc = corpus.curated_documents()[1]
    doc.write_text(doc.read_text(encoding="utf-8") + "# looked at again\n", encoding="utf-8")
    build(corpus, published, workers=1)
    assert sorted(made) == ["metrics.csv", sqlite.FILE]  # its parts were kept: none is made again
    build(corpus, tmp_path / "cold", workers=1, use_cache=False)
    assert snapshot(published) == snapshot(tmp_path / "cold")


def test_a_build_without_its_cache_makes_every_file(
        corpus: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = _written(monkeypatch)
    doc = corpus.curated_documents()[1]
    doc.write_text(doc.read_text(encoding="utf-8") + "# looked at again\n", encoding="utf-8")
    build(corpus, tmp_path / "out", workers=1, use_cache=False)
    assert sqlite.FILE in made and "metrics.csv" in made


def test_a_changed_quote_makes_the_search_part_of_its_table_again(
        corpus: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = _written(monkeypatch)
    doc = corpus.curated_documents()[0]
    text = doc.read_text(encoding="utf-8")
    area = next(line for line in text.splitlines() if line.startswith("    area: "))
    doc.write_text(text.replace(area + "\n", "", 1), encoding="utf-8")  # a claim said of the whole city
    build(corpus, tmp_path / "out", workers=1)
    assert sorted(m for m in made if m.startswith(("part ", "patched "))) == ["part claims_search",
                                                                            "patched claims"]
    build(corpus, tmp_path / "cold", workers=1, use_cache=False)
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "cold")


def test_a_part_of_the_database_with_other_bytes_is_made_again(
        corpus: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    [honors] = [p for p in (corpus.root / ".cache" / "sqlite").rglob("*.sqlite") if _holds(p, "honors")]
    conn = sqlite3.connect(honors)
    conn.execute("UPDATE honors SET honor = honor || '!' WHERE rowid = 1")
    conn.commit()
    conn.close()
    made = _written(monkeypatch)
    _noted(corpus)
    build(corpus, tmp_path / "out", workers=1)
    assert "part honors" in made
    build(corpus, tmp_path / "cold", workers=1, use_cache=False)
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "cold")


def _holds(path: Path, table: str) -> bool:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == [table]
    finally:
        conn.close()


def test_a_cache_that_cannot_keep_the_parts_still_publishes_the_bytes_of_a_cold_build(
        corpus: Paths, tmp_path: Path) -> None:
    import shutil

    kept = corpus.root / ".cache" / "sqlite"
    shutil.rmtree(kept)
    kept.write_text("not a folder\n", encoding="utf-8")  # nothing can be kept below it
    _noted(corpus)
    build(corpus, tmp_path / "out", workers=1)
    build(corpus, tmp_path / "cold", workers=1, use_cache=False)
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "cold")
    assert kept.read_text(encoding="utf-8") == "not a folder\n"


def test_a_kept_part_changed_after_it_was_checked_is_not_what_the_database_is_made_from(
        corpus: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    take = sqlite.Parts.take

    def take_then_forge(self, part):  # type: ignore[no-untyped-def]
        taken = take(self, part)
        if taken and part == "sources":
            conn = sqlite3.connect(self.kept(part))  # the kept copy, written to once it was checked
            conn.execute("UPDATE sources SET title = 'forged' WHERE rowid = 1")
            conn.commit()
            conn.close()
        return taken

    monkeypatch.setattr(sqlite.Parts, "take", take_then_forge)
    _noted(corpus)
    build(corpus, tmp_path / "out", workers=1)
    build(corpus, tmp_path / "cold", workers=1, use_cache=False)
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "cold")
    monkeypatch.setattr(sqlite.Parts, "take", take)
    made = _written(monkeypatch)
    doc = corpus.curated_documents()[0]
    doc.write_text(doc.read_text(encoding="utf-8").replace("    note: a curator's second look\n", ""),
                   encoding="utf-8")
    build(corpus, tmp_path / "out", workers=1)
    assert "part sources" in made  # the forged copy no longer hashes as kept
    build(corpus, tmp_path / "cold2", workers=1, use_cache=False)
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "cold2")


def test_a_folder_in_the_place_of_a_kept_part_only_costs_time(corpus: Paths, tmp_path: Path) -> None:
    _noted(corpus)
    build(corpus, tmp_path / "out", workers=1)
    [claims] = [p for p in (corpus.root / ".cache" / "sqlite").rglob("*.sqlite") if _holds(p, "claims")]
    doc = corpus.curated_documents()[0]
    doc.write_text(doc.read_text(encoding="utf-8").replace("    note: a curator's second look\n", ""),
                   encoding="utf-8")
    build(corpus, tmp_path / "out", workers=1)
    claims.unlink(missing_ok=True)  # the second build no longer kept it
    claims.mkdir()  # where the next build keeps its claims part (the note is back)
    _noted(corpus)
    build(corpus, tmp_path / "out", workers=1)
    build(corpus, tmp_path / "cold", workers=1, use_cache=False)
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "cold")


def test_a_file_taken_from_the_last_publication_has_the_mode_of_a_file_written_anew(
        corpus: Paths, tmp_path: Path) -> None:
    published = tmp_path / "out"
    fresh = stat.S_IMODE((published / "claims.csv").stat().st_mode)
    (published / "metrics.csv").chmod(0o777)
    _noted(corpus)
    build(corpus, published, workers=1)
    assert stat.S_IMODE((published / "metrics.csv").stat().st_mode) == fresh


def _read_backs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The Croissant files mlcroissant reads back in the next builds."""
    calls: list[str] = []
    read_back = croissant.read_back

    def recorded(path: Path) -> list[str]:
        calls.append(path.name)
        return read_back(path)

    monkeypatch.setattr(croissant, "read_back", recorded)
    return calls


def test_a_croissant_file_that_differs_only_in_the_hashes_and_sizes_of_its_files_is_not_read_back_again(
        corpus: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made, calls = _written(monkeypatch), _read_backs(monkeypatch)
    _noted(corpus)
    build(corpus, tmp_path / "out", workers=1)
    assert croissant.FILE in made and calls == []  # written anew (claims.csv has a new sha256), not read again
    build(corpus, tmp_path / "cold", workers=1, use_cache=False)
    assert calls == [croissant.FILE]  # a build without its cache reads it back
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "cold")


def test_a_croissant_file_of_another_shape_is_read_back(
        corpus: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _read_backs(monkeypatch)
    about = corpus.about.read_text(encoding="utf-8")
    corpus.about.write_text(about.replace("title: \"Ping'an data", "title: \"Ping'an data, again", 1), encoding="utf-8")
    build(corpus, tmp_path / "out", workers=1)
    assert calls == [croissant.FILE]


def test_the_shape_of_a_croissant_file_leaves_out_only_well_formed_hashes_and_sizes(
        corpus: Paths, tmp_path: Path) -> None:
    import json

    written = tmp_path / "out" / croissant.FILE
    data = json.loads(written.read_text(encoding="utf-8"))
    shape = croissant.shape(written)
    assert shape is not None

    def variant(change: Callable[[dict], None]) -> str | None:
        copy = json.loads(json.dumps(data))
        change(copy)
        path = tmp_path / f"variant-{len(list(tmp_path.glob('variant-*')))}.json"
        path.write_text(json.dumps(copy), encoding="utf-8")
        return croissant.shape(path)

    assert variant(lambda d: d["distribution"][0].update(sha256="0" * 64, contentSize="1 B")) == shape
    assert variant(lambda d: d["distribution"][0].update(sha256="not a sha256")) is None
    assert variant(lambda d: d["distribution"][0].update(contentSize="1 MB")) is None
    assert variant(lambda d: d["distribution"][0].update(name="other.csv")) not in (shape, None)
    assert variant(lambda d: d.update(description="")) not in (shape, None)
    assert variant(lambda d: d["distribution"].pop()) not in (shape, None)


def _noted_all(paths: Paths) -> int:
    """A note given to every claim and honour of the first document: the number of rows that change."""
    doc = paths.curated_documents()[0]
    lines = doc.read_text(encoding="utf-8").splitlines(keepends=True)
    quotes = [i for i, line in enumerate(lines) if line.startswith("    quote: ")]
    for quote in reversed(quotes):
        lines.insert(quote + 1, "    note: looked at again\n")
    doc.write_text("".join(lines), encoding="utf-8")
    return len(quotes)


def _claims_part(paths: Paths) -> Path:
    [claims] = [p for p in (paths.root / ".cache" / "sqlite").rglob("*.sqlite") if _holds(p, "claims")]
    return claims


def _made_whole(corpus: Paths, out: Path, made: list[str], cold: Path) -> None:
    """Build into ``out``: the claims part is made, not patched, and the publication has a cold build's bytes."""
    build(corpus, out, workers=1)
    assert "part claims" in made and "patched claims" not in made
    build(corpus, cold, workers=1, use_cache=False)
    assert snapshot(out) == snapshot(cold)


def test_an_edit_of_more_than_a_tenth_of_a_tables_rows_makes_its_part_whole(
        corpus: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = _written(monkeypatch)
    assert _noted_all(corpus) > sqlite.PATCH_SHARE * 100
    _made_whole(corpus, tmp_path / "out", made, tmp_path / "cold")


def test_a_claim_given_another_id_makes_its_tables_part_whole(
        corpus: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = _written(monkeypatch)
    doc = corpus.curated_documents()[0]
    text = doc.read_text(encoding="utf-8")
    ident = next(line for line in text.splitlines() if line.startswith("  - id: ")).removeprefix("  - id: ")
    doc.write_text(text.replace(f"  - id: {ident}\n", f"  - id: {ident[:-3]}999\n", 1), encoding="utf-8")
    _made_whole(corpus, tmp_path / "out", made, tmp_path / "cold")  # the same rows no longer: other keys


def test_a_kept_part_with_other_bytes_is_not_patched_but_made(
        corpus: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    conn = sqlite3.connect(_claims_part(corpus))
    conn.execute("UPDATE claims SET quote = quote || '!' WHERE rowid = 2")
    conn.commit()
    conn.close()
    made = _written(monkeypatch)
    _noted(corpus)
    _made_whole(corpus, tmp_path / "out", made, tmp_path / "cold")


def test_a_last_published_table_with_other_bytes_is_not_what_a_part_is_patched_from(
        corpus: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    published = tmp_path / "out"
    claims = package.read_parquet(published / "claims.parquet")
    claims.loc[0, "note"] = "not what the kept part holds"
    package.write_parquet(claims, published, "claims")
    made = _written(monkeypatch)
    _noted(corpus)
    _made_whole(corpus, published, made, tmp_path / "cold")


def test_a_patched_part_that_does_not_check_is_made_whole(
        corpus: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite, "_patched", lambda *_: False)
    made = _written(monkeypatch)
    _noted(corpus)
    _made_whole(corpus, tmp_path / "out", made, tmp_path / "cold")


def test_parts_made_two_at_a_time_give_the_bytes_of_parts_made_one_by_one(
        corpus: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(corpus, tmp_path / "two", workers=1, use_cache=False)
    monkeypatch.setattr(sqlite, "MAKERS", 1)
    build(corpus, tmp_path / "one", workers=1, use_cache=False)
    assert snapshot(tmp_path / "two") == snapshot(tmp_path / "one")
