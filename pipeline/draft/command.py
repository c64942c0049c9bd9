"""A raw source in a build root → its drafted curation, written for review (``python -m pipeline draft``)."""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pipeline.check.context import Context, load_context
from pipeline.check.document import read_document
from pipeline.core import files
from pipeline.core.paths import Paths
from pipeline.core.problems import BuildError, Problems
from pipeline.draft.entries import Proposed, learn_lexicon, propose_entries
from pipeline.draft.metadata import MetaProposal, propose_metadata
from pipeline.draft.render import metadata_yaml, metrics_yaml, scalar, with_units, write_yaml
from schemas import ids


class DraftError(Exception):
    """A source that cannot be drafted, said in one line."""


@dataclass
class Drafted:
    """What a draft wrote, and what it proposes."""

    document: Path
    claims: int
    honors: int
    excluded: int
    numbers: int
    metrics: int
    region_doubt: str | None
    #: the new units proposed in vocabulary.yml (code → measure word), and whether the article's year is known
    units: dict[str, str]
    year_known: bool


def _replace_all(files: dict[Path, str]) -> None:
    """Write files whole or not at all: every one to a temporary file beside it first, then each renamed over its
    file, so that a full disk or an error while writing leaves every file as it was."""
    written: dict[Path, str] = {}
    try:
        for path, text in files.items():
            handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
            written[path] = name
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                out.write(text)
        for path, name in written.items():
            os.replace(name, path)
    finally:
        for name in written.values():
            Path(name).unlink(missing_ok=True)


def used_serials(paths: Paths, prefix: str) -> dict[str, int]:
    """The highest serial of each kind of id of a document that a release or the publication holds."""
    from pipeline.check.releases import CITABLE, releases
    from pipeline.core.publications import Publication, PublicationError

    try:
        found = releases(paths)
    except BuildError:
        found = []
    if (paths.published / "datapackage.json").is_file():
        try:
            found.append(Publication.read(paths.published))
        except PublicationError:
            pass
    used: dict[str, int] = {}
    for publication in found:
        for table, column in CITABLE.items():
            frame = publication.tables.get(table)
            for ident in (frame[column] if frame is not None and column in frame.columns else []):
                parts = ids.parse(str(ident))
                if parts is not None and parts.prefix == prefix:
                    kind = "claim" if parts.letter == ids.LETTERS["claim"] else "honor"
                    used[kind] = max(used.get(kind, 0), parts.serial)
    return used


def _change_notes(name: str, context: Context, meta: MetaProposal, proposed: Proposed) -> str:
    """The change notes of a report added (datasets/curated/changes.yml): its source, records and metrics, under
    the data version being prepared."""
    place = context.regions.get(meta.region) if meta.region else None
    what = f"{meta.title or name}" + (f" ({place.name_zh})" if place is not None else "")
    tables = [("claims", proposed.claims), ("honors", proposed.honors), ("mentions", proposed.numbers)]
    notes = [("sources", f"ids: {name}", f"A report added: {what}.")]
    notes += [(table, f"source: {name}", f"The records of the report added, {name}.") for table, n in tables if n]
    if proposed.metrics:
        notes.append(("metrics", "ids: " + " ".join(proposed.metrics),
                      f"The metrics the report added ({name}) needs."))
    if proposed.units:
        notes.append(("vocabulary", "ids: " + " ".join(f"units--{unit}" for unit in proposed.units),
                      f"The units the report added ({name}) needs."))
    return "".join(f'  - version: "{context.version}"\n    table: {table}\n    what: added\n    {names}\n'
                   f"    note: {scalar(note)}\n" for table, names, note in notes)


def _read(path: Path, paths: Paths) -> str:
    """A curated file the draft appends to, read as the build reads inputs (DraftError saying why not)."""
    try:
        return files.read(path, paths.root).decode("utf-8")
    except files.Refused as err:
        raise DraftError(f"{path.relative_to(paths.root)}: {err.message}") from None
    except UnicodeDecodeError as err:
        raise DraftError(f"{path.relative_to(paths.root)}: byte {err.start} is not UTF-8") from None


def draft(source: Path, paths: Paths) -> Drafted:
    """Draft a raw source of ``paths.sources``: write its curated document, append its entry to sources.yml, the
    new metrics it needs to metrics.yml and the new units to vocabulary.yml, every record ``review: proposed``.
    Nothing is written when the source is
    already curated or described, or cannot be read (DraftError)."""
    source = source.absolute()
    if not os.path.lexists(source):
        raise DraftError(f"{source}: no such file")
    if source.parent.resolve() != paths.sources.resolve():
        raise DraftError(f"{source}: a source to draft stands in {paths.sources} (copy it there first)")
    if Path(os.path.realpath(source)).parent != paths.sources.resolve():
        raise DraftError(f"{source}: is a symbolic link to {os.path.realpath(source)}, outside {paths.sources}; a "
                         "source to draft is the file itself (copy it there)")
    if ids.prefix(source.name) is None or not source.name.endswith(".txt"):
        raise DraftError(f"{source.name}: a source is named <number>_<16 hex digits>.txt, "
                         "e.g. 005_1a2b3c4d5e6f7a8b.txt")
    try:
        text = files.read(source, paths.sources).decode("utf-8")
    except files.Refused as err:
        raise DraftError(f"{source}: {err.message}") from None
    except UnicodeDecodeError as err:
        raise DraftError(f"{source.name}: byte {err.start} is not UTF-8; convert the file (e.g. with iconv) "
                         "first") from None
    document = paths.documents / (source.name.removesuffix(".txt") + ".yml")
    if document.exists():
        raise DraftError(f"{document.relative_to(paths.root)} exists: the source is curated already (delete the "
                         "file to draft it again)")
    if not os.path.lexists(paths.sources_meta) or not os.path.lexists(paths.metrics):
        raise DraftError(f"{paths.sources_meta.relative_to(paths.root)} and {paths.metrics.relative_to(paths.root)} "
                         "must exist (is --root the repository?)")
    sources_text = _read(paths.sources_meta, paths)
    if re.search(rf"^\s*-?\s*file:\s*['\"]?{re.escape(source.name)}['\"]?\s*$", sources_text, re.M):
        raise DraftError(f"{source.name} is already described in sources.yml; remove its entry to draft it again")
    try:
        context = load_context(paths)
    except BuildError as err:
        raise DraftError(f"the vocabulary cannot be read: {err.problems[0]}") from None
    others = []
    for path in sorted(paths.documents.glob("*.yml")):
        doc = read_document(path, context.rel(path), Problems())
        if doc is not None:
            others.append(([], doc.excluded))
    meta = propose_metadata(source.name, text, context.vocabulary, context.regions)
    used = used_serials(paths, ids.prefix(source.name) or "")
    proposed = propose_entries(source.name, text, context, meta.published_year, meta.region, learn_lexicon(others),
                               used, published=meta.published, date_basis=meta.date_basis)
    written = {document: write_yaml(proposed, meta),
               paths.sources_meta: sources_text.rstrip("\n") + "\n\n" + metadata_yaml(meta, text)}
    if proposed.metrics:
        metrics_text = _read(paths.metrics, paths)
        written[paths.metrics] = metrics_text.rstrip("\n") + "\n\n" + metrics_yaml(proposed.metrics, new=True)
    if proposed.units:
        written[paths.vocabulary] = with_units(_read(paths.vocabulary, paths), proposed.units)
    changes = _read(paths.changes, paths) if os.path.lexists(paths.changes) else "notes:\n"
    written[paths.changes] = changes.rstrip("\n") + "\n" + _change_notes(source.name, context, meta, proposed)
    _replace_all(written)
    return Drafted(document, len(proposed.claims), len(proposed.honors), len(proposed.excluded), proposed.numbers,
                   len(proposed.metrics), meta.region_doubt, dict(proposed.units), meta.published_year is not None)
