"""The other formats are part of the package: listed with their hash, and read back before the swap.

A damaged SQLite database, annotation or Croissant file stops the build with ``read-back-mismatch``
and leaves the last publication as it was.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.build import build
from pipeline.core.paths import Paths
from pipeline.core.problems import BuildError
from pipeline.publish.formats import RESOURCES, croissant, sqlite, web_annotations
from tests.published import PUBLISHED, descriptor

pytestmark = pytest.mark.slow  # whole builds, servers or second interpreters: `make test` runs them


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_each_format_is_a_resource_of_the_package_with_its_hash_and_media_type() -> None:
    resources = {r["path"]: r for r in descriptor()["resources"]}
    assert set(RESOURCES) == {"pingan_data.sqlite", "datasette-metadata.json", "annotations.jsonld", "croissant.json"}
    for path, described in RESOURCES.items():
        assert resources[path]["mediatype"] == described["mediatype"]
        assert resources[path]["hash"].startswith("sha256:") and resources[path]["bytes"] > 0
        assert (PUBLISHED / path).stat().st_size == resources[path]["bytes"]


def drop_a_claim(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM claims WHERE claim_id = (SELECT max(claim_id) FROM claims)")


def shift_an_annotation(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if '"TextPositionSelector"' in line)
    item = json.loads(lines[at].removesuffix(","))
    item["target"]["selector"][1]["start"] += 1
    lines[at] = json.dumps(item, ensure_ascii=False) + ("," if lines[at].endswith(",") else "")
    path.write_text("\n".join(lines), encoding="utf-8")


def break_the_croissant(path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    document["recordSet"][0]["field"][0]["source"]["fileObject"] = {"@id": "no-such-file.parquet"}
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize(("module", "writer", "damage"), [
    (sqlite, "write_sqlite", drop_a_claim),
    (web_annotations, "write_annotations", shift_an_annotation),
    (croissant, "write_croissant", break_the_croissant),
], ids=["sqlite-missing-row", "annotation-off-by-one", "croissant-unknown-file"])
def test_a_damaged_format_stops_the_build_and_leaves_the_publication_as_it_was(
        repo_copy: Paths, monkeypatch: pytest.MonkeyPatch, module: object, writer: str,
        damage: Callable[[Path], None]) -> None:
    original = getattr(module, writer)

    def write_then_damage(*args: object) -> Path:
        path = original(*args)
        damage(path)
        return path

    monkeypatch.setattr(module, writer, write_then_damage)
    before = snapshot(repo_copy.published)
    with pytest.raises(BuildError) as failure:
        build(repo_copy)
    assert failure.value.codes() == {"read-back-mismatch"}
    [problem] = {p.file for p in failure.value.problems}
    assert problem == f"datasets/published/{module.FILE}"
    assert snapshot(repo_copy.published) == before
