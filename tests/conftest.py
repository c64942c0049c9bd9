"""Shared fixtures: the published package as committed, and throw-away copies of the inputs."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.core.cache import KEY_ENV
from pipeline.core.paths import REPO, Paths

PUBLISHED = REPO / "datasets" / "published"
SOURCES = REPO / "datasets" / "sources"


@pytest.fixture(autouse=True, scope="session")
def _cache_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The builds of the tests sign their cache with a key of their own, never the user's."""
    before = os.environ.get(KEY_ENV)
    os.environ[KEY_ENV] = str(tmp_path_factory.getbasetemp() / "cache.key")
    yield
    if before is None:
        os.environ.pop(KEY_ENV, None)
    else:
        os.environ[KEY_ENV] = before


@pytest.fixture
def repo_copy(tmp_path: Path) -> Paths:
    """A copy of datasets/ (raw sources, curated files, last publication) below a temporary root."""
    shutil.copytree(REPO / "datasets", tmp_path / "datasets",
                    ignore=shutil.ignore_patterns(".published.*"))
    return Paths(tmp_path)


def raw_lines(source_file: str) -> list[str]:
    """The lines of a raw source, read directly from its bytes (1-based: index with line - 1)."""
    return (SOURCES / source_file).read_bytes().decode("utf-8").split("\n")
