"""The library trusts no package it was not published with: hostile packages, each refused with an exact message.

Each case damages a private copy of the published package (which ``PINGAN_DATA_DIR`` points the library at)
the way a careless hand or a hostile package would, asks for data, and states the exception and its exact
message. The library only reads: every case also checks that nothing in the temporary folder changed.
Expectations come from the published files read without the library (tests/published.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import pingan_data
from pingan_data import DataIntegrityError
from tests.corruption import tree
from tests.published import REPO, copy_package, descriptor, rows, sha256

PIN = sha256(REPO / "datasets" / "published" / "datapackage.json")
SOURCE = rows("sources")[0]["source_file"]
FIRST_CLAIM = next(r for r in rows("claims") if r["source_file"] == SOURCE)["claim_id"]


def number(name: str) -> int:
    """The 1-based place of a resource in the published datapackage.json."""
    return next(i for i, r in enumerate(descriptor()["resources"], start=1) if r["name"] == name)


def rewrite(copy: Path, change: Callable[[dict], object]) -> None:
    """Change the copy's datapackage.json (as parsed JSON) in place and write it back."""
    package = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    change(package)
    write(copy, package)


def write(copy: Path, package: object) -> None:
    (copy / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")


def shaped(what: str) -> str:
    return (f"datapackage.json is not shaped as the data package the library reads: {what}; reinstall pingan_data "
            "or restore the file")


def _claims_parquet(package: dict) -> dict:
    return next(r for r in package["resources"] if r["path"] == "claims.parquet")


def _a_list(copy: Path) -> str:
    write(copy, descriptor()["resources"])
    return shaped("expected a JSON object, found list")


def _no_resources(copy: Path) -> str:
    rewrite(copy, lambda package: package.pop("resources"))
    return shaped("'resources' is missing or not a list of resources")


def _no_hash(copy: Path) -> str:
    rewrite(copy, lambda package: _claims_parquet(package).pop("hash"))
    return shaped(f"resource {number('claims-parquet')} (claims-parquet) has no 'hash' of the form "
                  "sha256:<64 hex digits>")


def _no_bytes(copy: Path) -> str:
    rewrite(copy, lambda package: _claims_parquet(package).pop("bytes"))
    return shaped(f"resource {number('claims-parquet')} (claims-parquet) has no 'bytes' (its size, a whole number)")


def _absolute_path(copy: Path) -> str:
    rewrite(copy, lambda package: _claims_parquet(package).update(path="/etc/passwd"))
    return shaped(f"resource {number('claims-parquet')} (claims-parquet) has the path '/etc/passwd'; a resource "
                  "path is relative and stays inside the package folder")


def _parent_path(copy: Path) -> str:
    rewrite(copy, lambda package: _claims_parquet(package).update(path="../claims.parquet"))
    return shaped(f"resource {number('claims-parquet')} (claims-parquet) has the path '../claims.parquet'; a "
                  "resource path is relative and stays inside the package folder")


def _table_without_fields(copy: Path) -> str:
    rewrite(copy, lambda package: package["resources"][0]["schema"].pop("fields"))
    return shaped(f"table resource {number('claims')} (claims) has no 'schema' with a list of named 'fields'")


def _no_title(copy: Path) -> str:
    rewrite(copy, lambda package: package.pop("title"))
    return shaped("'title' is missing or not text")


def _not_json(copy: Path) -> str:
    (copy / "datapackage.json").write_text('{"resources": [', encoding="utf-8")
    return (f"{copy / 'datapackage.json'} is damaged: it is not valid JSON (Expecting value: line 1 column 16 "
            "(char 15))")


def _forged_consistently(copy: Path) -> str:
    """A figure changed in claims.csv, and datapackage.json rewritten with the new size and sha256."""
    csv = copy / "claims.csv"
    data = csv.read_bytes().replace(b",30000.0,", b",40000.0,", 1).replace(b",30000,", b",40000,", 1)
    assert data != csv.read_bytes()
    csv.write_bytes(data)

    def forge(package: dict) -> None:
        resource = next(r for r in package["resources"] if r["path"] == "claims.csv")
        resource.update(bytes=len(data), hash=f"sha256:{hashlib.sha256(data).hexdigest()}")

    rewrite(copy, forge)
    forged = sha256(copy / "datapackage.json")
    return (f"datapackage.json is not the one this version of pingan_data was published with: its sha256 is "
            f"{forged[:12]}…, but the library is pinned to {PIN[:12]}… ({copy / 'datapackage.json'}); reinstall "
            "pingan_data, or in a checkout rebuild the package with `make`")


def _grown(copy: Path) -> str:
    target = copy / "claims.parquet"
    size = target.stat().st_size
    with target.open("ab") as out:
        out.write(b"\n")
    return (f"claims.parquet is damaged or was replaced: it has {size + 1} bytes, but datapackage.json declares "
            f"{size} ({target}); reinstall pingan_data or restore the file")


def _huge_descriptor(copy: Path) -> str:
    target = copy / "datapackage.json"
    with target.open("ab") as out:
        out.write(b" " * (16 * 1024 * 1024))
    return (f"datapackage.json has {target.stat().st_size} bytes, more than a data package descriptor may have "
            f"({16 * 1024 * 1024}); reinstall pingan_data or restore the file")


def _source_linked_outside(copy: Path) -> str:
    """A raw source replaced by a symlink to a file outside the package (with the same bytes)."""
    inside = copy / "sources" / SOURCE
    outside = copy.parent / "outside.txt"
    outside.write_bytes(inside.read_bytes())
    inside.unlink()
    inside.symlink_to(outside)
    return (f"sources/{SOURCE} leads outside the data package ({inside}); reinstall pingan_data or restore the "
            "file")


@dataclass(frozen=True)
class Hostile:
    name: str
    damage: Callable[[Path], str]
    call: Callable[[], object] = lambda: pingan_data.load("claims")


HOSTILE = [
    Hostile("datapackage.json a JSON list", _a_list),
    Hostile("datapackage.json without resources", _no_resources),
    Hostile("a resource without its hash", _no_hash),
    Hostile("a resource without its size", _no_bytes),
    Hostile("a resource with an absolute path", _absolute_path),
    Hostile("a resource path leading out of the package", _parent_path),
    Hostile("a table without fields", _table_without_fields),
    Hostile("a package without a title", _no_title, lambda: pingan_data.cite("dataset")),
    Hostile("datapackage.json that is not JSON", _not_json),
    Hostile("a package rewritten with consistent hashes", _forged_consistently),
    Hostile("a file larger than declared", _grown),
    Hostile("a descriptor too large to be one", _huge_descriptor),
    Hostile("a raw source linked to a file outside the package", _source_linked_outside,
            lambda: pingan_data.source(FIRST_CLAIM)),
]


@pytest.mark.parametrize("case", HOSTILE, ids=[c.name for c in HOSTILE])
def test_a_hostile_package_is_refused_with_one_clear_message(case: Hostile, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    copy = copy_package(tmp_path / "published")
    monkeypatch.setenv("PINGAN_DATA_DIR", str(copy))
    expected = case.damage(copy)
    before = tree(tmp_path)
    with pytest.raises(DataIntegrityError) as caught:
        case.call()
    assert str(caught.value) == expected
    assert tree(tmp_path) == before


def test_a_special_file_in_place_of_a_table_is_refused_without_blocking(tmp_path: Path) -> None:
    copy = copy_package(tmp_path / "published")
    (copy / "claims.parquet").unlink()
    os.mkfifo(copy / "claims.parquet")  # reading a FIFO with no writer would wait for ever
    code = ("import pingan_data\ntry:\n    pingan_data.load('claims')\nexcept pingan_data.DataIntegrityError as e:\n"
            "    print(e)")
    env = {**os.environ, "PYTHONPATH": str(REPO), "PINGAN_DATA_DIR": str(copy)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert result.stdout.strip() == (f"claims.parquet is not a regular file ({copy / 'claims.parquet'}); reinstall "
                                     "pingan_data or restore the file")


def test_the_published_package_is_the_pinned_one() -> None:
    assert pingan_data.package.pinned_sha256() == PIN
