"""Validated tables → the data package (datasets/published, or --out), written whole or not at all.

The package is written to a sibling temporary folder: the tables as Parquet and CSV, the raw sources,
then the other formats (``pipeline.publish.formats``: SQLite, Datasette metadata, Web Annotations, Croissant),
then datapackage.json, which lists every file with its sha256. Everything is read back and checked
(every Parquet file equal to the table it was written from, the SQLite rows against the tables, the
annotations as the bytes written (every selector was resolved against its raw text when the document was
checked), the Croissant file with mlcroissant, the sha256 of every file),
and only then swapped in place of the previous publication. A build that fails at any point leaves the previous
publication as it was.

Publishing ``datasets/published`` also pins it: the sha256 of its datapackage.json is written to
``pingan_data/_pin.py``, and the library refuses a datapackage.json with another sha256.

The output folder is the build's own: a marker file (``MARKER``) lists what it wrote, and the build
refuses a folder that holds anything else (see ``pipeline.core.outputs``). A symlinked output folder is
written through: the link stays, the folder it points to is swapped.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import asdict
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.check.changes import check_notes
from pipeline.check.context import Context
from pipeline.check.releases import releases
from pipeline.core import files, outputs
from pipeline.core.problems import BuildError, Problem
from pipeline.core.publications import Publication, changelog, compare, read_table, units, version_key
from pipeline.publish import manifest
from pipeline.publish.folder import MARKER, MARKER_HEADER, claim, recover, settle, shown, siblings, swap, unswap
from pipeline.publish.formats import RESOURCES, croissant, datasette, sqlite, web_annotations
from pipeline.publish.parquet import arrow_table, read_parquet, write_parquet
from pipeline.publish.repository import citation_text, pin_text
from pipeline.publish.steps import Steps
from pipeline.render.tables import Tables
from schemas import TABLES
from schemas.package import descriptor

CHANGELOG = "CHANGELOG.md"
#: From this many rows on (and with a second core), the SQLite database is written and read back in a second
#: process, from the staged Parquet files, while this one writes the other files: at 100,000 claims it takes
#: as long as all of them together. Below, starting the process costs more than it saves.
PARALLEL_ROWS = 50_000


def write_csv(frame: pd.DataFrame, folder: Path, name: str) -> None:
    """One table as UTF-8 CSV (LF line ends, no index)."""
    frame.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n", encoding="utf-8", float_format="%.15g")


def sqlite_process() -> ProcessPoolExecutor:
    """The second process the SQLite database is made in, started now and importing what it needs while this one
    goes on (a build starts it once it knows that it publishes many rows; :func:`publish` takes it)."""
    # a fresh interpreter (spawn): a fork of this process, whose Arrow threads have run, is not safe
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
    pool.submit(_ready)
    return pool


def _ready() -> None:
    """Nothing: run in the second process, it makes it import this module (and the formats) before it is needed."""


def _sqlite(folder: str, parts: sqlite.Parts) -> tuple[list[str], str, sqlite.Parts]:
    """Write the SQLite database of a staged package from its Parquet files and ``parts``, and read it back: what
    is wrong with it, its sha256 and the parts it was assembled from (run in a second process at scale)."""
    staged = Path(folder)
    frames = _Staged(staged)
    path = sqlite.write_sqlite(frames, staged, parts)
    with ThreadPoolExecutor(1) as pool:  # hashed while it is read back (both only read it)
        sha256 = pool.submit(files.sha256, path)
        return sqlite.read_back(path, frames, parts), sha256.result(), parts


def _part_digest(steps: Steps, tables: Tables, made_from: dict[str, str], part: str) -> str:
    """The digest of what a part of the database is made from, its tables' Parquet files given by sha256."""
    return steps.digest("sqlite part", part, *(_part_input(tables, made_from, part, name)
                                               for name in sqlite.part_inputs(part)))


def _rows_before(steps: Steps, tables: Tables, parts: sqlite.Parts) -> dict[str, tuple[str, str]]:
    """Table → the last publication's Parquet file and its sha256, for each table whose rows changed and whose
    kept part was made from that very file (so that the part can be patched: :func:`sqlite._patch`)."""
    before = {}
    for part, (digest, _) in parts.known.items():
        if part not in TABLES or parts.inputs.get(part) in (None, digest):  # (None: a part the code no longer makes)
            continue
        source = steps.folder / f"{part}.parquet"
        try:
            sha256 = files.sha256(source)
        except OSError:
            continue
        if _part_digest(steps, tables, {part: sha256}, part) == digest:
            before[part] = (str(source), sha256)
    return before


class _Staged(Mapping[str, pd.DataFrame]):
    """The staged tables, each read from its Parquet file when asked for and not kept: one table at a time in
    memory."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in TABLES:
            raise KeyError(name)
        return read_parquet(self.folder / f"{name}.parquet")

    def __iter__(self) -> Iterator[str]:
        return iter(TABLES)

    def __len__(self) -> int:
        return len(TABLES)


def _part_input(tables: Tables, made_from: dict[str, str], part: str, name: str) -> str:
    """What a part of the database is made from in the table ``name``: the table (its Parquet file's sha256), or,
    for a search table's records, the columns their search texts are made from (so that an edit elsewhere in a
    record keeps its search part)."""
    if part in TABLES or name not in sqlite.SEARCHED:
        return f"{name} {made_from[name]}"
    columns = list(sqlite.searched_columns(name))
    schema = pa.schema([(c, pa.string()) for c in columns])
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, schema) as stream:
        stream.write_table(pa.Table.from_pandas(tables.frames[name][columns].astype("string"), preserve_index=False,
                                                schema=schema))
    return f"{name} {columns} {hashlib.sha256(sink.getvalue()).hexdigest()}"


def _check_formats(folder: Path, tables: Tables, package: dict, where: str, written: dict[str, str],
                   read: dict[str, list[str]], on_disk: dict[str, str], parts: sqlite.Parts | None = None
                   ) -> list[Problem]:
    """Read the other formats back: SQLite rows, Datasette metadata, annotations, Croissant.

    The annotations were made (and their selectors resolved against the raw text) with each document; they
    are read back as the bytes written (``written``: file → sha256 of what was written; ``on_disk``: file → the
    sha256 of the file now). ``read`` holds what is wrong with a format already read
    back (the SQLite database written by a second process).
    """
    same = on_disk[web_annotations.FILE] == written[web_annotations.FILE]
    annotations = [] if same else [f"{web_annotations.FILE} does not read back as it was written"]
    found = {
        sqlite.FILE: read[sqlite.FILE] if sqlite.FILE in read else sqlite.read_back(folder / sqlite.FILE,
                                                                                     tables.frames, parts),
        datasette.FILE: datasette.read_back(folder / datasette.FILE, package),
        web_annotations.FILE: annotations,
        croissant.FILE: read[croissant.FILE] if croissant.FILE in read else croissant.read_back(
            folder / croissant.FILE),
    }
    return [Problem(f"{where}/{file}", 0, "", "", "read-back-mismatch", message)
            for file, messages in found.items() for message in messages]


def _check_tables(folder: Path, tables: Tables, where: str) -> list[Problem]:
    """Read the written Parquet files back: each equals the validated table it was written from."""
    problems = []
    for name, frame in tables.frames.items():
        if not pq.read_table(folder / f"{name}.parquet").equals(arrow_table(frame)):
            problems.append(Problem(f"{where}/{name}.parquet", 0, "", "", "read-back-mismatch",
                                    "the written Parquet file does not read back as the table"))
    return problems


def _check_written(folder: Path, tables: Tables, package: dict, problems: list[Problem], where: str,
                   written: dict[str, str], read: dict[str, list[str]], parts: sqlite.Parts | None = None) -> None:
    """Read the other formats back and check every hash; raise with these and the earlier ``problems``
    (each named as it will stand in the publication, ``where``)."""
    on_disk = {resource["path"]: files.sha256(folder / resource["path"]) for resource in package["resources"]}
    problems = [*problems, *_check_formats(folder, tables, package, where, written, read, on_disk, parts)]
    for resource in package["resources"]:
        if on_disk[resource["path"]] != resource["hash"].removeprefix("sha256:"):
            problems.append(Problem(f"{where}/{resource['path']}", 0, "", "", "hash-mismatch",
                                    "file differs from the hash in datapackage.json"))
    if problems:
        raise BuildError(problems)


def _changelog(context: Context, staging: Path, tables: Tables) -> str:
    """The data changelog of the staged package; refuses changed data under an already released version."""
    VERSION = context.version  # noqa: N806 - the version of this build
    archived = releases(context.paths)
    if not archived:  # nothing to compare with: the changelog is its head alone
        return changelog([], Publication(VERSION, {}, {}))
    current = Publication(VERSION, {name: read_table(staging / f"{name}.csv") for name in tables.frames},
                          {name: TABLES[name].primary_key for name in tables.frames})
    same = [r for r in archived if r.version == VERSION]
    if same and any(compare(same[0], current)):
        raise BuildError([Problem(context.rel(context.paths.about), 0, "", "version", "version-not-bumped",
                                  f"the published tables differ from release {VERSION} in datasets/releases; "
                                  "published data changes only with a new version: raise `version` (and archive "
                                  "the release it replaces)")])
    if not same:  # the version being prepared: every change since the last release says why
        last = max(archived, key=lambda r: version_key(r.version))
        problems = check_notes(VERSION, units(last, current, compare(last, current)), context.changes,
                               context.rel(context.paths.changes))
        if problems:
            raise BuildError(problems)
    return changelog(archived, current, context.changes)


def _digest(data: object) -> str:
    """The sha256 of plain data, as canonical JSON."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def _describe(context: Context, staging: Path, hashes: dict[Path, str]) -> dict:
    """The descriptor of every file written to ``staging`` so far, with its size and sha256 (``hashes`` caches)."""
    written = sorted(p for p in staging.rglob("*") if p.is_file() and p.name != MARKER)
    for p in written:
        if p not in hashes:
            hashes[p] = files.sha256(p)
    resources = {p.relative_to(staging).as_posix(): {"bytes": p.stat().st_size, "hash": f"sha256:{hashes[p]}"}
                 for p in written}
    return descriptor(asdict(context.about), resources, context.vocabulary.sections, RESOURCES)


class HalfDone(OSError):
    """A step after the swap failed and the previous publication could not be put back: ``state`` says what is
    where."""

    def __init__(self, err: OSError, state: str) -> None:
        super().__init__(err.errno, err.strerror, err.filename)
        self.state = state


def _made_with(context: Context, target: Path, descriptor: str, inputs: str | None,
               made: str | None = None) -> outputs.Staged:
    """The files made with a publication, staged beside their places before it is swapped in (OSError naming a
    file whose folder cannot be written: nothing has changed then): the library's pin and CITATION.cff when
    ``target`` is datasets/published, and the build's manifest (``inputs``: the digest of its inputs; ``made``: the
    digest with its documents counted by what their checks made, :func:`pipeline.publish.manifest.inputs_digest`)."""
    paths = context.paths
    staged = outputs.Staged()
    try:
        if outputs.real(target) == outputs.real(paths.published) and paths.pin.parent.is_dir():
            digest = hashlib.sha256(descriptor.encode("utf-8")).hexdigest()
            staged.add(paths.pin, pin_text(digest, context.version).encode("utf-8"))
            staged.add(paths.citation, citation_text(context.about).encode("utf-8"))
        if inputs is not None:
            record = manifest.entry(target, descriptor.encode("utf-8"), inputs, made)
            try:  # the manifest is the cache's: when it cannot be written, the next build simply runs again
                manifest.path(paths).parent.mkdir(parents=True, exist_ok=True)
                staged.add(manifest.path(paths), record)
            except OSError:
                pass
    except BaseException:
        staged.discard()
        raise
    return staged


def _copy_source(context: Context, source: str, sha256: str, staging: Path) -> None:
    """A raw source copied into the package, as the bytes the build checked (their sha256 is the pinned one)."""
    path = context.paths.sources / source
    try:
        data = files.read(path, context.paths.root)
    except files.Refused as err:
        raise BuildError([Problem(context.rel(path), 0, source, "", err.code, err.message)]) from None
    found = hashlib.sha256(data).hexdigest()
    if found != sha256:
        raise BuildError([Problem(context.rel(path), 0, source, "", "source-changed",
                                  f"changed while the build ran: its sha256 is {found}, but the build checked "
                                  f"{sha256}; raw sources are never edited")])
    (staging / "sources" / source).write_bytes(data)


def publish(tables: Tables, context: Context, target: Path | None = None, parallel: bool = True,
            inputs: str | None = None, made: str | None = None, pool: ProcessPoolExecutor | None = None) -> Path:
    """Validated tables → a complete data package at ``target`` (default datasets/published).

    With ``parallel`` and at least PARALLEL_ROWS rows, the SQLite database is made in a second process (``pool``,
    from :func:`sqlite_process`, when one was started already; it is shut down when publishing ends). The
    publication, the files made with it (the library's pin and CITATION.cff for datasets/published; the build's
    manifest, given the digest of its ``inputs``) change together or not at all: each is staged beside its place
    before the swap (a place that cannot be written refuses the build while nothing has changed), and renamed
    in after it; if that fails, the previous publication and files are put back. Raises OSError when something
    could not be written (nothing changed then) and HalfDone when the previous state could not be put back.
    """
    paths = context.paths
    target = target or paths.published
    claim(target)
    recover(target)
    staging, _ = siblings(target)
    if staging.exists():
        shutil.rmtree(staging)  # a staging copy left by a crash: claim() saw the marker, so it is the build's
    staging.mkdir()
    staged: outputs.Staged | None = None
    scratch = tempfile.TemporaryDirectory(prefix="pingan-sqlite-")  # private: the parts the database is made from
    kept = False
    try:
        # marked at once, so that a crash at any point leaves a staging copy the next build knows as its own
        (staging / MARKER).write_text(outputs.marker_text(MARKER_HEADER, []), encoding="utf-8")
        (staging / "sources").mkdir()
        hashes: dict[Path, str] = {}  # a written file does not change: hash each once
        for name, frame in tables.frames.items():
            write_parquet(frame, staging, name)
            hashes[staging / f"{name}.parquet"] = files.sha256(staging / f"{name}.parquet")
        # the files made from the tables are taken from the last publication when their Parquet files are the same
        steps = Steps(paths.root, outputs.real(target), context.digest, inputs is not None)
        made_from = {name: hashes[staging / f"{name}.parquet"] for name in tables.frames}
        database: Future | None = None
        read: dict[str, list[str]] = {}
        parts: sqlite.Parts | None = None
        if steps.take(sqlite.FILE, steps.digest(*(f"{n} {h}" for n, h in made_from.items())), staging, hashes):
            read[sqlite.FILE] = []  # the bytes of a database that was read back against these very rows
        else:
            kept = steps.keeps_parts()  # else every part is made, and none is kept
            parts = sqlite.Parts(Path(scratch.name), {
                part: _part_digest(steps, tables, made_from, part) for part in sqlite.part_names()},
                steps.parts() if kept else {}, steps.parts_folder if kept else None)
            parts.before = _rows_before(steps, tables, parts) if kept else {}
            if parallel and sum(len(frame) for frame in tables.frames.values()) >= PARALLEL_ROWS:
                pool = pool or sqlite_process()
                database = pool.submit(_sqlite, str(staging), parts)
        for name, frame in tables.frames.items():
            if not steps.take(f"{name}.csv", steps.digest(name, made_from[name]), staging, hashes):
                write_csv(frame, staging, name)
        # the Parquet files are read back at once, before the other formats fill the memory
        where = shown(target, paths.root)
        problems = _check_tables(staging, tables, where)
        sources = tables.frames["sources"]
        for source, sha256 in zip(sources["source_file"], sources["sha256"], strict=True):
            _copy_source(context, source, sha256, staging)
        (staging / CHANGELOG).write_text(_changelog(context, staging, tables), encoding="utf-8")
        if database is None and parts is not None:
            sqlite.write_sqlite(tables.frames, staging, parts)
        digest = hashlib.sha256()
        web_annotations.write_annotations(tables.frames, staging, tables.annotations, digest)
        written = {web_annotations.FILE: digest.hexdigest()}
        if database is not None:
            read[sqlite.FILE], hashes[staging / sqlite.FILE], parts = database.result()
        # made from the descriptor of the files so far: taken when it is the last publication's
        described = _describe(context, staging, hashes)
        if not steps.take(datasette.FILE, steps.digest(datasette.FILE, _digest(described)), staging, hashes):
            datasette.write_datasette(described, staging)
        described = _describe(context, staging, hashes)
        if steps.take(croissant.FILE, steps.digest(croissant.FILE, _digest(described)), staging, hashes):
            read[croissant.FILE] = []  # the bytes of a file mlcroissant read back from this very descriptor
        else:
            croissant.write_croissant(described, staging)
            if steps.read_before(croissant.FILE, croissant.shape(staging / croissant.FILE)):
                read[croissant.FILE] = []  # mlcroissant found nothing in a file that differs only in files' hashes
        package = _describe(context, staging, hashes)
        text = json.dumps(package, ensure_ascii=False, indent=2) + "\n"
        (staging / "datapackage.json").write_text(text, encoding="utf-8")
        (staging / MARKER).write_text(outputs.marker_text(MARKER_HEADER, ["datapackage.json", *(
            r["path"] for r in package["resources"])]), encoding="utf-8")
        _check_written(staging, tables, package, problems, where, written, read, parts)
        claim(target)  # nothing was put in the folder while the build ran
        staged = _made_with(context, target, text, inputs, made)
        folder = outputs.real(target)
        previous = swap(staging, folder)
        try:
            staged.commit()
        except OSError as err:
            try:
                unswap(folder, previous)
            except OSError as undo:
                raise HalfDone(err, f"the new publication is in {where}, but {err.filename} could not be written "
                                    f"({err.strerror}) and the previous publication could not be put back "
                                    f"({undo.strerror}: {undo.filename}); run the build again") from None
            raise
        settle(previous)
        if parts is not None:
            parts.keep()
        steps.remember(hashes, staging, parts.made if parts is not None and kept else None)
    finally:
        if staged is not None:
            staged.discard()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)  # the second process is done with the staging folder
        if staging.exists():
            shutil.rmtree(staging)
        scratch.cleanup()
    return target
