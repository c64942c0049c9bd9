"""The fixed code lists of the published tables: properties of the pipeline, not of the curation.

A column whose codes are curated (datasets/curated/vocabulary.yml) is declared with
:func:`schemas.fields.coded`: the model names the vocabulary section, and the build binds the section's codes
from its context (``schemas.bind``), so that a build under ``--root`` checks against that root's vocabulary.
Nothing here reads a file.
"""

from __future__ import annotations

METRIC_KINDS = ["count", "rate", "change", "rank", "streak", "amount", "duration", "average"]
SCRIPTS = ["simplified", "traditional"]
DATE_BASES = ["printed", "page", "inferred"]
STATUSES = ["claim", "honor", "excluded"]
ROLES = ["value", "date", "times"]
MENTION_KINDS = ["arabic", "chinese", "word"]
TIME_RELATIONS = ["same_year", "overlapping", "different_years", "unknown"]
VERDICTS = ["agree", "conflict", "changed_over_time"]
#: The year bases a claim may have (codes of the vocabulary's year_basis), and those of an honour, whose year is
#: the year it was awarded (an honour is never `current` nor `since`).
CLAIM_BASES = ["stated", "relative", "current", "period", "since", "unstated"]
HONOR_BASES = ["stated", "relative", "period", "unstated"]
#: The year bases that date a figure to one year, and those that give it a period.
SINGLE_YEAR_BASES = ["stated", "relative", "current"]
PERIOD_BASES = ["period", "since"]
#: The levels of China's administrative divisions (datasets/reference/regions.csv).
REGION_LEVELS = ["province", "prefecture", "county"]
