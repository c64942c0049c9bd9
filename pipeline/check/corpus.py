"""Document results and the context → the checks that span documents, and the corroboration table.

What one document cannot know is checked here: that every raw source is listed, curated and present; that
no two sources share a document number and no id is used twice; that every metric is used; that the honours
sharing an award key agree; that every claim and honour id of the last release is still published or
retired. (Comparing the claims of different documents is a table of its own: :mod:`pipeline.render.corroboration`.)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline.check.context import Context
from pipeline.check.document import Summary
from pipeline.check.releases import check_ids, current_ids, releases
from pipeline.core.problems import Problems
from schemas import ids


def check_corpus(context: Context, results: Iterable[Summary]) -> Problems:
    """Document results and the context → every problem that spans documents (each document's own problems
    are in its result)."""
    results = list(results)
    problems = Problems()
    paths = context.paths
    sources_yml = context.rel(paths.sources_meta)
    on_disk = {p.name for p in paths.source_texts()}
    documents = paths.curated_documents()
    if not documents:
        problems.add(context.rel(paths.documents), 0, "", "", "file-missing", "no curated document files found")
    # the sources the documents name; a document that could not be read is taken to be its file's namesake
    curated = {r.source_file or Path(r.file).name.removesuffix(".yml") + ".txt" for r in results}
    prefixes: dict[str, str] = {}
    for name, meta in context.sources.items():
        if name not in on_disk:
            problems.add(meta.file, meta.line_of("file"), name, "file", "source-missing",
                         f"{name} is not in {context.rel(paths.sources)}")
        if name not in curated:
            problems.add(meta.file, meta.line_of("file"), name, "file", "source-not-curated",
                         f"{name} has no curated file {name.removesuffix('.txt')}.yml")
        prefix = ids.prefix(name)
        if prefix is not None and prefix in prefixes:
            problems.add(meta.file, meta.line_of("file"), name, "file", "duplicate-prefix",
                         f"{name} has the document number {prefix} of {prefixes[prefix]}; every source needs its own")
        prefixes.setdefault(prefix or name, name)
    for name in sorted(on_disk - set(context.sources)):
        problems.add(sources_yml, 0, name, "file", "source-unlisted",
                     f"{name} is in the sources folder but not described in sources.yml")
    seen: dict[str, tuple[str, int]] = {}
    for result in results:
        for ident, line in result.ids:
            if ident in seen and seen[ident][0] != result.file:
                problems.add(result.file, line, ident, "id", "duplicate-id",
                             f"id {ident!r} is also used at {seen[ident][0]}:{seen[ident][1]}")
            seen.setdefault(ident, (result.file, line))
    used = {metric for result in results for metric in result.metrics}
    complete = all(result.complete for result in results)  # else a metric may be used by what was not read
    for metric in context.metrics.values():
        if complete and metric.metric_id not in used:
            problems.add(metric.file, metric.line_of("id"), metric.metric_id, "id", "metric-unused",
                         f"metric {metric.metric_id!r} has no claim; remove it")
    _check_awards(results, problems)
    archived, (current, whole) = releases(paths), current_ids(paths)
    if archived or current:
        where = {ids.prefix(r.source_file) or r.source_file: r.file for r in results}
        unread = {p for r in results if not r.complete for p in (ids.prefix(r.source_file), ids.prefix(
            Path(r.file).name.removesuffix(".yml") + ".txt")) if p}  # what an unread document holds is unknown
        retired = {i: (r.file, line) for r in results for i, line in r.retired if isinstance(i, str)}
        check_ids(archived, seen, retired, where, problems, unread, current, whole)
    return problems


def _check_awards(results: list[Summary], problems: Problems) -> None:
    """Honours that share an award key are one award: one region, and one year where they give one."""
    members: dict[str, list[tuple[str, dict[str, Any], str, dict[str, int]]]] = {}
    for result in results:
        for key, region, year, ident, line, region_line, year_line in result.awards:
            members.setdefault(key, []).append((result.file, {"region": region, "year": year}, ident,
                                                {"record": line, "region": region_line, "year": year_line}))
    for key, honors in members.items():
        for name in ("region", "year"):
            values = [h[1][name] for h in honors if h[1][name] is not None]
            if len(set(values)) < 2:
                continue
            usual = Counter(values).most_common(1)[0][0]  # ties go to the first reported
            witness = next(h for h in honors if h[1][name] == usual)
            for file, values_, ident, lines in honors:
                if values_[name] not in (None, usual):
                    problems.add(file, lines[name], ident, name, "award-key-conflict",
                                 f"award {key!r} has {name} {usual} at {witness[0]}:{witness[3]['record']} "
                                 f"({witness[2]}), not {values_[name]}; one award has one {name}")
