"""Which columns take their values from a vocabulary, and the fixed code lists that are not curated.

A column whose codes are curated (datasets/curated/vocabulary.yml) is declared with :func:`coded`: the model
names the vocabulary section, and the build binds the section's codes from its context
(``schemas.bind``), so that a build under ``--root`` checks against that root's vocabulary. Nothing here
reads a file.
"""

from __future__ import annotations

from typing import Any

import pandera.pandas as pa

#: Fixed code lists: properties of the pipeline, not of the curation.
METRIC_KINDS = ["count", "rate", "change", "rank", "streak", "amount", "duration", "average"]
SCRIPTS = ["simplified", "traditional"]
DATE_BASES = ["stated", "inferred"]
STATUSES = ["claim", "honor", "excluded"]
ROLES = ["value", "date", "times"]
MENTION_KINDS = ["arabic", "chinese"]
TIME_RELATIONS = ["same_year", "overlapping", "different_years", "unknown"]
VERDICTS = ["agree", "conflict", "changed_over_time"]
#: year bases an honour may have (a subset of the vocabulary's year_basis)
HONOR_BASES = ["stated", "relative", "period", "unstated"]


def coded(section: str, *, subset: list[str] | None = None, **kwargs: Any) -> Any:
    """A column whose values are codes of a vocabulary section (bound by ``schemas.bind``);
    ``subset`` limits them to some of the section's codes."""
    return pa.Field(metadata={"vocabulary": section, "subset": subset}, **kwargs)
