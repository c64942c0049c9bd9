"""A synthetic corpus (bench/generate.py), built once into ``out`` beside it: the start of the tests that edit one
and build again."""

from __future__ import annotations

from pathlib import Path

from bench.generate import generate
from pipeline.build import build
from pipeline.core.paths import Paths


def published(folder: Path, claims: int, seed: int) -> Paths:
    """A corpus of ``claims`` claims, 20 a document, below ``folder/corpus``, published to ``folder/out``."""
    generate(folder / "corpus", claims=claims, claims_per_document=20, seed=seed)
    paths = Paths(folder / "corpus")
    build(paths, folder / "out", workers=1)
    return paths
