"""Archived releases (datasets/releases/<version>/) → the publications they hold, and the ids they promise.

Every earlier release stays in the repository as its tables and datapackage.json, so that the data
changelog can be generated from the publications themselves, and so that no published claim or honour id
silently disappears: an id of the last release is either still published or withdrawn in a `retired` entry.
"""

from __future__ import annotations

from pipeline.core import files
from pipeline.core.paths import Paths
from pipeline.core.problems import BuildError, Problem, Problems
from pipeline.core.publications import Publication, PublicationError, version_key
from schemas import ids

#: Tables whose ids are citable, and their id columns.
CITABLE = {"claims": "claim_id", "honors": "honor_id"}


def releases(paths: Paths) -> list[Publication]:
    """The archived earlier publications, oldest first (raises BuildError for an unreadable one)."""
    if not paths.releases.is_dir():
        return []
    found = []
    for folder in sorted(p for p in paths.releases.iterdir() if p.is_dir()):
        where = folder.relative_to(paths.root).as_posix()
        try:
            release = Publication.read(folder)
            version_key(release.version)
        except PublicationError as err:
            raise BuildError([Problem(where, 0, "", "", "release-unreadable", str(err))]) from None
        if release.version != folder.name:
            raise BuildError([Problem(where, 0, "", "version", "release-unreadable",
                                      f"the folder {folder.name} holds release {release.version}")])
        found.append(release)
    return sorted(found, key=lambda r: version_key(r.version))


def current_ids(paths: Paths) -> tuple[set[str], bool]:
    """The citable ids of the current publication (datasets/published), read from its Parquet id columns only, and
    whether they could all be read; none when there is no readable publication (a first build, or one a crash
    left half done)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    found: set[str] = set()
    whole = True
    for table, column in CITABLE.items():
        path = paths.published / f"{table}.parquet"
        try:
            data = files.read(path, paths.published)
            # copied into a buffer Arrow owns: Arrow's threads releasing a buffer of Python's bytes can abort the
            # interpreter's exit ("terminate called without an active exception")
            buffer = pa.allocate_buffer(len(data))
            pa.FixedSizeBufferWriter(buffer).write(data)
            read = pq.read_table(pa.BufferReader(buffer), columns=[column])
            found.update(str(i) for i in read.column(column).to_pylist())
        except (files.Refused, pa.ArrowException, OSError, KeyError, ValueError):
            whole = False
    return found, whole


def _history(archived: list[Publication], current: set[str]) -> list[tuple[str, set[str]]]:
    """The citable ids of each publication in order: every archived release, oldest first, then the current one."""
    out = []
    for release in archived:
        held: set[str] = set()
        for table, column in CITABLE.items():
            frame = release.tables.get(table)
            if frame is not None and column in frame.columns:
                held.update(str(i) for i in frame[column])
        out.append((f"release {release.version}", held))
    return [*out, ("the current publication", current)]


def check_ids(archived: list[Publication], records: dict[str, tuple[str, int]], retired: dict[str, tuple[str, int]],
              where: dict[str, str], problems: Problems, unread: set[str] = frozenset(),
              current: set[str] = frozenset(), current_whole: bool = True) -> None:
    """An id once published names that record for ever. Against every archived release and the ``current``
    publication, report

    * every citable id they hold that is neither published now (``records``: id → its file and line) nor retired
      (``retired``: id → the file and line of its entry) (``id-vanished``);
    * every id published and later withdrawn (held by a publication and not by a later one) that names a record
      again, even though its `retired` entry is gone (``retired-id``);
    * every retired id that no publication ever held (``retired-id-unknown``; only when the current publication
      could be read whole, since an id may have been published there alone).

    ``where``: document prefix → its curated file; ``unread``: prefixes of documents that could not be read whole,
    whose ids are not reported as vanished.
    """
    history = _history(archived, current)
    withdrawn: dict[str, tuple[str, str]] = {}
    for number, (name, held) in enumerate(history):
        if number == len(archived) and not current_whole:
            continue  # a publication read in part withdraws nothing
        for earlier, before in history[:number]:
            for ident in before - held:
                withdrawn.setdefault(ident, (earlier, name))
    ever: set[str] = set().union(*(held for _, held in history))
    for ident in sorted(ever.difference(records, retired)):  # set arithmetic: 160,000 ids are common
        parts = ids.parse(ident)
        if parts is not None and parts.prefix in unread:
            continue
        file = where.get(parts.prefix if parts else "", "datasets/curated/documents")
        said = ", ".join(name for name, held in history if ident in held)
        problems.add(file, 0, ident, "id", "id-vanished",
                     f"{ident} was published in {said} and is gone; ids stay stable: restore the record, or "
                     "withdraw the id in the document's `retired` list with a reason")
    for ident, (first, later) in withdrawn.items():
        if ident in records and ident not in retired:  # with its entry, the document's own check reports it
            file, line = records[ident]
            problems.add(file, line, ident, "id", "retired-id",
                         f"{ident} was published in {first} and withdrawn in {later}: an id names one record for "
                         f"ever, even once its `retired` entry is gone; give this record a new id, and keep {ident} "
                         "in `retired` with the reason it was withdrawn")
    if not current_whole:
        return
    for ident, (file, line) in retired.items():
        parts = ids.parse(ident)
        if ident in ever or parts is None or where.get(parts.prefix) != file:
            continue  # published once; or not this document's, which its own check reports (retired-id-foreign)
        problems.add(file, line, ident, "id", "retired-id-unknown",
                     f"{ident} was never published (no release in datasets/releases holds it, nor the current "
                     "publication): only a published id is retired; remove this entry")
