"""Build root → the build context: everything every document is checked against, loaded once.

The context holds the vocabularies (datasets/curated/vocabulary.yml, typed), the metrics, the sources'
metadata, the data version, the paths of the build root and a digest of what a document's result depends on
besides its own files (the vocabulary and the pipeline's code). Nothing reads a vocabulary at import time:
every stage, and the schemas, take it from here.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TypeVar

from pipeline.check.about import About, read_about
from pipeline.check.changes import read_changes
from pipeline.check.regions import Regions, load_regions
from pipeline.check.vocabulary import Vocabulary, read_vocabulary
from pipeline.core import cache, files
from pipeline.core.load import check_text, compose, decode, load_records
from pipeline.core.paths import Paths
from pipeline.core.problems import Problem, Problems
from pipeline.core.records import ChangeNote, Metric, SourceMeta
from schemas import ids
from schemas.vocabulary import DATE_BASES, METRIC_KINDS, SCRIPTS

R = TypeVar("R")


@dataclass
class Context:
    """Everything a document is checked against, loaded once from the build root."""

    paths: Paths
    version: str
    vocabulary: Vocabulary
    metrics: dict[str, Metric]
    sources: dict[str, SourceMeta]
    #: digest of the vocabulary and of the pipeline's code: a document's cached result is valid only under it
    digest: str
    #: problems of the context files that do not stop the documents from being checked
    problems: Problems = field(default_factory=Problems)
    #: whether metrics.yml and sources.yml were read whole: if not, a metric or source missing from them may
    #: only be unread, and is not reported as unknown
    metrics_whole: bool = True
    sources_whole: bool = True
    #: what the package says of itself (package.yml); None when it cannot be read (a problem of the context)
    about: About | None = None
    #: China's administrative divisions (datasets/reference/regions.csv)
    regions: Regions = field(default_factory=lambda: Regions({}))
    #: why the published data change, version by version (changes.yml)
    changes: list[ChangeNote] = field(default_factory=list)

    def rel(self, path: Path) -> str:
        return path.relative_to(self.paths.root).as_posix()

    def metric_digest(self, metric_id: str) -> str:
        """What a document's check depends on in one metric: whether it exists, its unit, its kind and whether it
        is reviewed."""
        metric = self.metrics.get(metric_id)
        if metric is None:
            return "" if self.metrics_whole else "?"
        return f"{metric.unit}|{metric.kind}|{metric.review or ''}"


def _vocabulary(paths: Paths, problems: Problems) -> tuple[Vocabulary | None, bytes]:
    """The vocabulary, and the bytes it was read from (what the documents' results depend on)."""
    rel = paths.vocabulary.relative_to(paths.root).as_posix()
    raw = files.read_input(paths.vocabulary, rel, problems, paths.root)
    text = decode(raw, rel, problems) if raw is not None else None
    node = compose(text, rel, problems) if text is not None else None
    return (read_vocabulary(node, rel, problems) if node is not None else None), raw or b""


def _check_metrics(context: Context) -> None:
    vocabulary, problems = context.vocabulary, context.problems
    for metric in context.metrics.values():
        if not re.fullmatch(r"[a-z][a-z0-9_]*", metric.metric_id):
            problems.add(metric.file, metric.line_of("id"), metric.metric_id, "id", "bad-id",
                         "metric ids are snake_case")
        for name, section, code in (("unit", "units", "unknown-unit"), ("domain", "domains", "unknown-domain")):
            value = getattr(metric, name)
            if value is not None and value not in vocabulary.sections[section]:
                problems.add(metric.file, metric.line_of(name), metric.metric_id, name, code,
                             f"{name} {value!r} is not in vocabulary.yml")
        if metric.kind is not None and metric.kind not in METRIC_KINDS:
            problems.add(metric.file, metric.line_of("kind"), metric.metric_id, "kind", "unknown-kind",
                         f"kind {metric.kind!r}; expected one of {METRIC_KINDS}")


def _check_source_meta(context: Context, meta: SourceMeta) -> None:
    """What can be checked of a source's metadata without its text (its text: pipeline.check.document)."""
    def add(name: str, code: str, message: str) -> None:
        context.problems.add(meta.file, meta.line_of(name), meta.key, name, code, message)

    if ids.prefix(meta.source_file) is None:
        add("file", "bad-id", f"source file {meta.source_file!r} should be named <number>_<16 hex digits>.txt, "
                              f"the number written with at least {ids.WIDTH} digits (e.g. 000_2b8feb0ae4f9f377.txt)")
    if meta.region_code is not None and context.regions.get(meta.region_code) is None:
        add("region", "unknown-region", f"region {meta.region_code!r} is not a division of "
                                        f"{context.rel(context.paths.regions)}; give its six-digit GB/T 2260 code")
    if meta.script is not None and meta.script not in SCRIPTS:
        add("script", "bad-metadata", f"script {meta.script!r}; expected simplified or traditional")
    if meta.date_basis is not None and meta.date_basis not in DATE_BASES:
        add("date_basis", "bad-metadata", f"date_basis {meta.date_basis!r}; expected one of {', '.join(DATE_BASES)}")
    elif meta.date_basis == "inferred" and meta.published_date is not None:
        add("published_date", "date-not-known-to-the-day",
            "an inferred date is not known to the day: give published_year only, and say in date_evidence what "
            "the text allows")
    elif meta.date_basis == "page" and meta.page_url is None:
        add("date_basis", "bad-metadata", "date_basis page needs the page that shows the date (page_url)")
    date = meta.published_date
    if date is not None and meta.published_year is not None and (
            not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", date) or int(date[:4]) != meta.published_year):
        add("published_date", "bad-metadata",
            f"published_date {date!r} must be YYYY-MM-DD in published_year {meta.published_year}")
    if meta.sha256 is not None and not re.fullmatch(r"[0-9a-f]{64}", meta.sha256):
        add("sha256", "bad-metadata", "sha256 must be 64 lowercase hex digits")


def _key(paths: Paths, path: Path, code: str) -> str:
    rel = path.relative_to(paths.root).as_posix()
    return hashlib.sha256(cache.FORMAT + code.encode() + rel.encode() + files.digest(path, paths.root)).hexdigest()


#: A records file larger than this (a corpus of tens of thousands of metrics) is read in a forked process, so
#: that its YAML node tree, about ten times the size of the file, never fills this one.
APART_FROM = 4_000_000


def _read_plain(path: Path, rel: str, section: str, cls: type) -> dict[str, list]:
    """The records of a file and their problems as plain lists (as cached, and as a worker returns them)."""
    found = Problems()
    records = load_records(path, rel, section, cls, found)
    return {"problems": [p.as_tuple() for p in found],
            "records": [[getattr(r, f.name) for f in fields(cls)] for r in records]}


def _read_apart(path: Path, rel: str, section: str, cls: type) -> dict[str, list]:
    try:
        large = path.stat().st_size > APART_FROM
    except OSError:
        large = False
    if not large or "fork" not in multiprocessing.get_all_start_methods():
        return _read_plain(path, rel, section, cls)
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        return pool.submit(_read_plain, path, rel, section, cls).result()


def _records(paths: Paths, path: Path, section: str, cls: type[R], problems: Problems, key: str,
             use_cache: bool) -> list[R]:
    """The records of metrics.yml or sources.yml, parsed once per content of the file (cached under ``key``, of
    the file's sha256)."""
    rel = path.relative_to(paths.root).as_posix()
    entry = cache.folder(paths.root, "context") / key
    data = cache.read_entry(entry, key) if use_cache else None
    if isinstance(data, dict):
        try:
            problems.extend(Problem(*p) for p in data["problems"])
            return [cls(*values) for values in data["records"]]
        except (KeyError, TypeError):
            pass
    data = _read_apart(path, rel, section, cls)
    problems.extend(Problem(*p) for p in data["problems"])
    if use_cache:
        cache.write_entry(entry, key, data)
    return [cls(*values) for values in data["records"]]


def _whole(problems: Problems, path: Path, paths: Paths) -> bool:
    """Whether a records file was read whole: no problem of its own that names no record (a file or section
    that could not be read)."""
    rel = path.relative_to(paths.root).as_posix()
    return not any(p.file == rel and not p.id for p in problems)


def load_context(paths: Paths, use_cache: bool = True) -> Context:
    """Build root → its context (raises BuildError when the vocabulary itself cannot be read)."""
    problems = Problems()
    vocabulary, vocabulary_bytes = _vocabulary(paths, problems)
    code = cache.code_digest()
    keys = {path: _key(paths, path, code) for path in (paths.metrics, paths.sources_meta)}
    metrics = _records(paths, paths.metrics, "metrics", Metric, problems, keys[paths.metrics], use_cache)
    sources = _records(paths, paths.sources_meta, "sources", SourceMeta, problems, keys[paths.sources_meta],
                       use_cache)
    if use_cache:  # entries of these files as they were before are stale
        cache.prune(cache.folder(paths.root, "context"), set(keys.values()))
    if vocabulary is None:
        problems.raise_if_any()
    assert vocabulary is not None
    regions = load_regions(paths.regions, paths.regions.relative_to(paths.root).as_posix(), problems)
    if regions is None:
        problems.raise_if_any()
    assert regions is not None
    digest = hashlib.sha256(vocabulary_bytes + regions.digest + code.encode()).hexdigest()
    about = read_about(paths, problems)
    changes = read_changes(paths, problems)
    context = Context(paths, about.version if about is not None else "", vocabulary, {}, {}, digest, problems,
                      metrics_whole=_whole(problems, paths.metrics, paths), sources_whole=_whole(problems,
                                                                                                 paths.sources_meta,
                                                                                                 paths), about=about,
                      regions=regions, changes=changes)
    for metric in metrics:
        if metric.metric_id in context.metrics:
            first = context.metrics[metric.metric_id]
            problems.add(metric.file, metric.line_of("id"), metric.metric_id, "id", "duplicate-id",
                         f"metric {metric.metric_id!r} is defined twice (first at line {first.at})")
            continue
        if metric.metric_id is not None:
            context.metrics[metric.metric_id] = metric
    for meta in sources:
        if meta.source_file in context.sources:
            problems.add(meta.file, meta.line_of("file"), meta.source_file, "file", "duplicate-id",
                         f"{meta.source_file} is described twice in sources.yml")
            continue
        if meta.source_file is not None:
            context.sources[meta.source_file] = meta
            _check_source_meta(context, meta)
    _check_metrics(context)
    check_text([*metrics, *sources], problems)
    return context

