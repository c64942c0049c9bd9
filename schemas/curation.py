"""The kinds of curated record: the model that declares each one's fields, and where a curator writes it.

A claim, an honour, a metric and a source's metadata are published (their models are those of the published
tables); an exclusion and a retired id belong to the curation only, and their models below are never published.
Every kind a person reviews carries the curation-only ``review`` field (:func:`schemas.fields.review`), which is
never published.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas import fields
from schemas.claims import Claims
from schemas.fields import coded, column
from schemas.honors import Honors
from schemas.ids import SOURCE_FILE
from schemas.metrics import Metrics
from schemas.sources import Sources

#: The review state of a drafted record: ``proposed`` by ``python -m pipeline draft``, ``accepted`` once a person
#: has checked it. A record without the field was written by hand. Only an accepted (or hand-written) record is
#: published; the build reports every other one (``unreviewed-entry``).
REVIEW_STATES = ("proposed", "accepted")

#: The kinds of change between two publications a change note may name (:class:`ChangeNotes`, ``what``).
CHANGE_KINDS = ("added", "removed", "changed", "columns")


class Exclusions(pa.DataFrameModel):
    """A number of a source line that is deliberately not a claim, with the reason (curated, never published:
    the mentions table carries the reason of every number it covers)."""

    line: Series[pd.Int64Dtype] = fields.line()
    text: Series[str] = column("The words of the line that hold the numbers excluded, verbatim.", required=True)
    reason: Series[str] = coded("exclusion_reasons", "Why the numbers are not claims.", required=True)
    see: Series[str] = column("The claim or honour a restatement repeats.", nullable=True)
    note: Series[str] = fields.note()


class Retirements(pa.DataFrameModel):
    """An id once published and withdrawn, which no record may use again (curated, never published)."""

    id: Series[str] = column("The withdrawn claim or honour id.", required=True)
    reason: Series[str] = column("Why it was withdrawn.", required=True)


class ChangeNotes(pa.DataFrameModel):
    """Why the published data change in a version: one note per reason, naming the changes it explains (curated in
    datasets/curated/changes.yml, never a table; the data changelog prints each change with its note)."""

    version: Series[str] = column("The data version whose changes the note explains (MAJOR.MINOR.PATCH).",
                                  required=True, str_matches=r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")
    table: Series[str] = column("The published table the changes are in.", required=True)
    what: Series[str] = column("Which kind of change: rows added, rows removed, cells changed, columns added or "
                               "columns removed (added, removed, changed, columns); empty for every kind.",
                               nullable=True, isin=list(CHANGE_KINDS))
    ids: Series[str] = column("The ids of the rows, separated by spaces; empty for every row (within `source`).",
                              nullable=True)
    source: Series[str] = column("Only the rows of this raw source (its file name): the rows whose source_file it "
                                 "is, or whose id names a record of it.", nullable=True, str_matches=SOURCE_FILE)
    columns: Series[str] = column("The columns, separated by spaces; empty for every column.", nullable=True)
    note: Series[str] = column("Why: what was decided, and on what evidence.", required=True)


@dataclass(frozen=True)
class Kind:
    """A kind of curated record."""

    #: the name of its record class (pipeline.core.records)
    name: str
    #: the pandera model that declares its fields
    model: type[pa.DataFrameModel]
    #: the field that names a record of this kind in problems (its id), if it has one
    key: str | None
    #: whether a person reviews it (it carries the curation-only `review` field)
    reviewed: bool = True

    def curation_only(self) -> dict[str, Any]:
        """The fields of the curation that are never published: name → their declaration."""
        return {"review": fields.review()} if self.reviewed else {}


KINDS: dict[str, Kind] = {
    "claim": Kind("Claim", Claims, "claim_id"),
    "honor": Kind("Honor", Honors, "honor_id"),
    "exclusion": Kind("Exclusion", Exclusions, None),
    "retired": Kind("Retired", Retirements, "id", reviewed=False),
    "change": Kind("ChangeNote", ChangeNotes, None, reviewed=False),
    "metric": Kind("Metric", Metrics, "metric_id"),
    "source": Kind("SourceMeta", Sources, "source_file"),
}
