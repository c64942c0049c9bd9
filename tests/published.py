"""What the published files say, read without the library (csv, json and the raw bytes), for the library's tests.

Expectations in the library's tests come from here, never from the code under test.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PUBLISHED = REPO / "datasets" / "published"


@cache
def descriptor() -> dict:
    return json.loads((PUBLISHED / "datapackage.json").read_text(encoding="utf-8"))


def table_names() -> list[str]:
    return [r["name"] for r in descriptor()["resources"] if r.get("type") == "table"]


def fields(table: str) -> list[dict]:
    return next(r for r in descriptor()["resources"] if r["name"] == table)["schema"]["fields"]


@cache
def _rows(table: str) -> tuple[dict[str, str], ...]:
    with open(PUBLISHED / f"{table}.csv", encoding="utf-8", newline="") as f:
        return tuple(csv.DictReader(f))


def rows(table: str) -> list[dict[str, str]]:
    """The rows of a published CSV as dicts of strings ('' for empty)."""
    return [dict(r) for r in _rows(table)]


def header(table: str) -> list[str]:
    with open(PUBLISHED / f"{table}.csv", encoding="utf-8", newline="") as f:
        return next(csv.reader(f))


def by_id(table: str, column: str) -> dict[str, dict[str, str]]:
    return {r[column]: r for r in rows(table)}


def raw_lines(source_file: str) -> list[str]:
    """A raw source's lines, numbered from 1 by the caller (split on LF, as the pipeline counts them)."""
    return (PUBLISHED / "sources" / source_file).read_bytes().decode("utf-8").split("\n")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copy_package(target: Path) -> Path:
    """A private copy of the published package, to damage in a test."""
    shutil.copytree(PUBLISHED, target)
    return target


def run_cli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None,
            python: str = sys.executable) -> subprocess.CompletedProcess:
    """``python -m pingan_data ARGS`` in a fresh interpreter, from the checkout."""
    environment = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run([python, "-m", "pingan_data", *args], capture_output=True, text=True,
                          env=environment, cwd=cwd or REPO, timeout=120)


#: The kinds of value of a record the per-record sample always covers (with its source's script, attribution
#: and date basis): a fixed number, whatever the size of the corpus.
KINDS = ("year_basis", "qualifier", "value_type")


def sample(table: str, size: int, key: str) -> list[str]:
    """A fixed-size sample of a table's ids (``key``): per-record tests run on it, so the suite does not grow with
    the corpus. Chosen, not drawn: first the records that show a kind of value no earlier pick shows (each
    :data:`KINDS` of a record and of its source: script, attribution, date basis, year basis, qualifier, value
    type), then the same for the units and the sources themselves while the size allows, then a seeded spread of
    the rest; so the sample is the same on every run and covers the variety of the table, however large."""
    import random

    records = list(rows(table))
    sources = {s["source_file"]: s for s in rows("sources")}
    seen: set[tuple[str, str]] = set()
    picked: list[str] = []

    def kinds(r: dict[str, str]) -> set[tuple[str, str]]:
        s = sources.get(r.get("source_file", ""), {})
        own = {(name, r.get(name, "")) for name in KINDS if name in r}
        return own | {(name, str(bool(s.get(name)))) for name in ("site", "publisher", "title", "published_date")} | {
            ("script", s.get("script", "")), ("date_basis", s.get("date_basis", ""))}

    def more(r: dict[str, str]) -> set[tuple[str, str]]:
        return {("unit", r.get("unit", "")), ("source", r.get("source_file", ""))}

    for features in (kinds, more):
        for r in records:
            new = features(r) - seen
            if new and len(picked) < size and r[key] not in picked:
                picked.append(r[key])
                seen |= new
    rest = [r[key] for r in records if r[key] not in picked]
    random.Random(2260).shuffle(rest)
    return sorted(picked + rest[:max(0, size - len(picked))])
