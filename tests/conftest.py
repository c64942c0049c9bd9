"""Shared fixtures: the published package as committed, and throw-away copies of the inputs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.core.paths import REPO, Paths

PUBLISHED = REPO / "datasets" / "published"
SOURCES = REPO / "datasets" / "sources"


@pytest.fixture
def repo_copy(tmp_path: Path) -> Paths:
    """A copy of datasets/ (raw sources, curated files, last publication) below a temporary root."""
    shutil.copytree(REPO / "datasets", tmp_path / "datasets",
                    ignore=shutil.ignore_patterns(".published.*"))
    return Paths(tmp_path)


def raw_lines(source_file: str) -> list[str]:
    """The lines of a raw source, read directly from its bytes (1-based: index with line - 1)."""
    return (SOURCES / source_file).read_bytes().decode("utf-8").split("\n")
