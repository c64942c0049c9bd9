"""Draft the curation of a new source: every number proposed as a claim, honour or exclusion, for a person to review.

One public entry point per job:

* :func:`propose_metadata` (:mod:`pipeline.draft.metadata`): raw text → title, date and its evidence, script, city,
  site, publisher and defects, each with the lines it comes from;
* :func:`propose_entries` (:mod:`pipeline.draft.entries`): raw text and context → claims, honours and exclusions
  that account for every number the ledger counts, and the new metrics they need;
* :func:`write_yaml` (:mod:`pipeline.draft.render`): proposals → the curated document's YAML, every record
  ``review: proposed``;
* :func:`draft` (:mod:`pipeline.draft.command`): a raw source in a build root → its curated document, its entry in
  sources.yml and its new metrics, written for review (``python -m pipeline draft SOURCE``);
* :func:`evaluate` (:mod:`pipeline.draft.evaluate`): the curated documents → the agreement of their drafts with
  them, leave-one-out (``python -m pipeline draft --evaluate``).
"""

from pipeline.draft.command import draft
from pipeline.draft.entries import propose_entries
from pipeline.draft.evaluate import evaluate
from pipeline.draft.metadata import propose_metadata
from pipeline.draft.render import write_yaml

__all__ = ["draft", "evaluate", "propose_entries", "propose_metadata", "write_yaml"]
