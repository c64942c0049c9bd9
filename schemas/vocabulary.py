"""The controlled vocabularies the schemas check against (datasets/curated/vocabulary.yml)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml

from pipeline.paths import Paths


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    """The vocabulary file of this repository, parsed once."""
    return yaml.safe_load(Paths().vocabulary.read_text(encoding="utf-8"))


def codes(section: str) -> list[str]:
    """The codes of one vocabulary section, in file order."""
    return list(vocabulary()[section])


METRIC_KINDS = ["count", "rate", "change", "rank", "streak", "amount", "duration", "average"]
SCRIPTS = ["simplified", "traditional"]
DATE_BASES = ["stated", "inferred"]
STATUSES = ["claim", "honor", "excluded"]
ROLES = ["value", "date", "times"]
MENTION_KINDS = ["arabic", "chinese"]
TIME_RELATIONS = ["same_year", "overlapping", "different_years", "unknown"]
VERDICTS = ["agree", "conflict", "changed_over_time"]
