"""Archived releases (datasets/releases/<version>/) → the publications they hold, and the ids they promise.

Every earlier release stays in the repository as its tables and datapackage.json, so that the data
changelog can be generated from the publications themselves, and so that no published claim or honour id
silently disappears: an id of the last release is either still published or withdrawn in a `retired` entry.
"""

from __future__ import annotations

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


def current_ids(paths: Paths) -> set[str]:
    """The citable ids of the current publication (datasets/published), read from its Parquet id columns only;
    none when there is no readable publication (a first build, or one a crash left half done)."""
    import pyarrow.parquet as pq

    found: set[str] = set()
    for table, column in CITABLE.items():
        path = paths.published / f"{table}.parquet"
        try:
            found.update(str(i) for i in pq.read_table(path, columns=[column]).column(column).to_pylist())
        except (OSError, KeyError, ValueError):
            continue
    return found


def check_ids(archived: list[Publication], published: set[str], retired: set[str], where: dict[str, str],
              problems: Problems, unread: set[str] = frozenset(), current: set[str] = frozenset()) -> None:
    """Report every citable id of any archived release or of the ``current`` publication that is neither
    published now nor retired (``where``: document prefix → its curated file; ``unread``: prefixes of documents
    that could not be read whole, whose ids are not reported): an id once published names that record for ever."""
    releases_of: dict[str, list[str]] = {}
    for release in archived:
        for table, column in CITABLE.items():
            frame = release.tables.get(table)
            if frame is not None and column in frame.columns:
                for ident in frame[column]:
                    releases_of.setdefault(ident, []).append(f"release {release.version}")
    for ident in current:
        releases_of.setdefault(ident, []).append("the current publication")
    for ident, versions in releases_of.items():
        parts = ids.parse(ident)
        if parts is not None and parts.prefix in unread:
            continue
        if ident not in published and ident not in retired:
            file = where.get(parts.prefix if parts else "", "datasets/curated/documents")
            said = ", ".join(versions)
            problems.add(file, 0, ident, "id", "id-vanished",
                         f"{ident} was published in {said} and is gone; ids stay stable: restore the record, or "
                         "withdraw the id in the document's `retired` list with a reason")
