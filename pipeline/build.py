"""Raw sources + curated files → published data package: the stages in order.

    context ─▶ documents ─▶ corpus ─▶ tables ─▶ validate ─▶ publish
                                                            (not with build --dry-run)
    (once)     (each one,     (checks that
               in parallel,    span documents)
               cached)

1. :func:`pipeline.check.context.load_context` reads the vocabulary, metrics and sources' metadata once;
2. :func:`pipeline.check.document.check_document` checks each curated document against its source and the context
   and returns its rows and problems; a result is reused from the cache (:mod:`pipeline.core.cache`) when nothing
   it depends on changed, and the others are checked in parallel on the available cores;
3. :func:`pipeline.check.corpus.check_corpus` checks what spans documents; every problem of every stage so far is
   reported together;
4. :func:`pipeline.render.tables.make_tables` builds the tables, :func:`pipeline.render.validate.validate` checks them
   against their pandera models and :func:`pipeline.publish.package.publish` writes the package.

A warm build gives the same bytes as a cold one: the cache only saves the work of checking a document again.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from pipeline.check.context import Context, load_context
from pipeline.check.corpus import check_corpus
from pipeline.check.document import Summary, check_document, read_problems
from pipeline.core import cache, files, outputs
from pipeline.core.paths import Paths
from pipeline.core.problems import BuildError, Problem, Problems
from pipeline.core.records import SourceMeta, spec
from pipeline.publish import manifest
from pipeline.publish.folder import claim, recover, shown
from pipeline.render.document import Facts, Rendered, Spool, render_document, sha256_of
from pipeline.render.rows import frame
from pipeline.render.tables import make_tables, reference_rows
from pipeline.render.validate import check_formulas, check_frame, validate, validate_documents
from schemas import ids


def _meta_digest(meta: SourceMeta | None) -> bytes:
    if meta is None:
        return b"-"
    return repr([getattr(meta, field.attribute) for field in spec(SourceMeta).values()]).encode()


def document_key(context: Context, document: Path, digests: cache.Digests | None = None) -> str:
    """The cache key of a curated document: the digest of every input of its check but metrics.yml (the
    vocabulary and the code, via the context digest; the curated file; the raw source; the source's metadata).
    ``digests``: the files' digests remembered by the last build, else each file is read."""
    of = digests.digest if digests is not None else files.digest
    digest = hashlib.sha256(cache.FORMAT)
    digest.update(context.digest.encode())
    digest.update(document.name.encode())
    root = context.paths.root
    digest.update(of(document, root))
    source = document.name.removesuffix(".yml") + ".txt"
    digest.update(of(context.paths.sources / source, root))
    digest.update(_meta_digest(context.sources.get(source)))
    digest.update(b"whole" if context.sources_whole else b"partial")
    return digest.hexdigest()


#: The cached steps of a document: its check (a Summary), its rendered rows and annotations (Rendered), and what
#: checking needs of its render, with the problems of its rows against the tables' models (Facts: what a dry run
#: reads instead of the render).
CHECKED, RENDERED, VALIDATED = "documents", "rendered", "validated"


def _entry(context: Context, step: str, key: str) -> Path:
    return cache.folder(context.paths.root, step) / key[:2] / key


def _cached_summary(context: Context, key: str) -> Summary | None:
    """A document's cached check, or None when there is none, it is damaged, or a metric it read changed."""
    data = cache.read_entry(_entry(context, CHECKED, key), key)
    try:
        summary = Summary.from_plain(data) if isinstance(data, dict) else None
    except TypeError:
        return None
    if summary is None or any(context.metric_digest(m) != read for m, read in summary.metrics.items()):
        return None
    return summary


def _cached_render(context: Context, key: str) -> Rendered | None:
    data = cache.read_entry(_entry(context, RENDERED, key), key)
    try:
        return Rendered.from_plain(data) if isinstance(data, dict) else None
    except TypeError:
        return None


def _cached_facts(context: Context, key: str) -> Facts | None:
    data = cache.read_entry(_entry(context, VALIDATED, key), key)
    try:
        facts = Facts.from_plain(data) if isinstance(data, dict) else None
    except TypeError:
        return None
    return facts if facts is not None and facts.invalid is not None else None


def _cached(context: Context, key: str, light: bool = False) -> tuple[Summary, Rendered | None, Facts | None] | None:
    """A document's cached check and render (or, when ``light``, the facts of its render if they are cached: then
    the render is not read), or None when there is none, it is damaged, or a metric it read changed; the render
    is None when the check found problems (nothing is rendered then)."""
    summary = _cached_summary(context, key)
    if summary is None:
        return None
    if summary.problems:
        return summary, None, None
    facts = _cached_facts(context, key) if light else None
    if facts is not None:
        return summary, None, facts
    rendered = _cached_render(context, key)
    return (summary, rendered, None) if rendered is not None else None


#: The index of the documents: one entry holding, for every document's key, its summary and facts, so that a dry
#: run or a build reads one file rather than two a document (a build reads the renders only to publish). The dry
#: runs and the builds whose tables passed their models write it.
INDEX = "index"


def _index_entry(context: Context) -> Path:
    return cache.folder(context.paths.root, INDEX) / "documents"


def _read_index(context: Context) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    data = cache.read_entry(_index_entry(context), INDEX)
    return data if isinstance(data, dict) else {}


def _write_index(context: Context, keys: list[str], results: list[tuple[Summary, Facts | None]],
                 read: dict[str, Any]) -> dict[str, Any]:
    """The index of these documents' summaries and facts (those whose rows were validated, or that have problems),
    written unless it is the index ``read``; returned."""
    index = {key: (summary.to_plain(), facts.to_plain() if facts is not None else None)
             for key, (summary, facts) in zip(keys, results, strict=True)
             if summary.problems or (facts is not None and facts.invalid is not None)}
    if index != read:
        cache.write_entry(_index_entry(context), INDEX, index)
    return index


#: The share of documents whose summaries and facts may be missing from the index of the documents before a dry run
#: writes it again: below it, those few are read from their own entries, and the index (every document's summary
#: and facts, about a second to write at 1000 documents) is not rewritten for one edited document.
INDEX_SLACK = 0.02


def _index_due(index: dict[str, Any], keys: list[str]) -> bool:
    """Whether the index of the documents is worth writing again: more than INDEX_SLACK of ``keys`` are not in it, or
    it holds more than that many keys of no document."""
    slack = max(1, int(len(keys) * INDEX_SLACK))
    missing = sum(1 for key in keys if key not in index)
    return missing > slack or len(index) - (len(keys) - missing) > slack


def _indexed(context: Context, entry: Any) -> tuple[Summary, Rendered | None, Facts | None] | None:
    """A document's summary and facts as the index holds them, or None when it does not (or a metric changed)."""
    try:
        summary_data, facts_data = entry
        summary = Summary.from_plain(summary_data)
        facts = Facts.from_plain(facts_data) if facts_data is not None else None
    except (TypeError, ValueError):
        return None
    if any(context.metric_digest(m) != read for m, read in summary.metrics.items()):
        return None
    if summary.problems:
        return summary, None, None
    return (summary, None, facts) if facts is not None and facts.invalid is not None else None


#: Below this many documents to check, checking them in this process is faster than starting workers.
PARALLEL_FROM = 8
_worker_context: Context | None = None


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for one stage.

    The stages create millions of small objects that form no cycles (YAML nodes, records, rows), which
    reference counting frees as usual; at 100,000 claims the collector's repeated full passes over them
    cost more than the work itself (see BENCHMARKS.md). Any cycle waits for the next collection.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def jobs() -> int:
    """Worker processes for checking documents: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def check_and_render(path: Path, context: Context) -> tuple[Summary, Rendered | None]:
    """One document checked, then (when it has no problem) rendered: its summary, and its rows and annotations."""
    checked = check_document(path, context)
    return checked.summary, render_document(checked) if checked.ok else None


def _work(path: Path) -> tuple[dict[str, Any], dict[str, Any] | None]:
    assert _worker_context is not None
    with _cycle_collector_paused():
        summary, rendered = check_and_render(path, _worker_context)
        return summary.to_plain(), rendered.to_plain() if rendered is not None else None


def _start_worker(context: Context) -> None:
    global _worker_context
    _worker_context = context


def check_documents(context: Context, documents: list[Path], workers: int | None = None,
                    use_cache: bool = True, counts: dict[str, int] | None = None,
                    prune: bool = False) -> list[tuple[Summary, Rendered | None]]:
    """Every curated document's summary and rendered rows: from the cache where valid, checked and rendered (in
    parallel) otherwise.

    With ``prune`` (``documents`` are all the curated documents), cache entries of no document are removed.
    """
    return [(summary, rendered) for summary, rendered, _ in
            _results(context, documents, workers, use_cache, counts, prune)]


def _results(context: Context, documents: list[Path], workers: int | None = None, use_cache: bool = True,
             counts: dict[str, int] | None = None, prune: bool = False, light: bool = False,
             index: dict[str, Any] | None = None, keys: dict[Path, str] | None = None, spool: Spool | None = None,
             memo: cache.Digests | None = None) -> list[tuple[Summary, Rendered | None, Facts | None]]:
    """As :func:`check_documents`; with ``light``, a document whose facts are cached (in the index of the documents,
    else in its own entry) comes with them instead of its render (which is then not read). ``index`` is the index
    read (:func:`_read_index`); ``keys`` receives each document's key; with ``spool``, each render's annotations
    are kept in it as the render arrives (after it is cached), not in memory; ``memo``: the digests of the files
    as the build read them (its owner saves it), else they are read here and saved when ``prune``."""
    results: dict[Path, tuple[Summary, Rendered | None, Facts | None]] = {}
    keys = {} if keys is None else keys
    todo = []
    index = index if use_cache and light and index is not None else {}
    digests = memo if memo is not None or not use_cache else cache.Digests(context.paths.root)

    def arrived(path: Path, result: tuple[Summary, Rendered | None, Facts | None], made: bool) -> None:
        summary, rendered, _ = result
        if made and use_cache:
            key = keys[path]
            if rendered is not None:  # the render first: a check entry is only trusted with its render beside it
                cache.write_entry(_entry(context, RENDERED, key), key, rendered.to_plain())
            cache.write_entry(_entry(context, CHECKED, key), key, summary.to_plain())
        if spool is not None and rendered is not None:
            rendered.spool(spool)
        results[path] = result

    for path in documents:
        keys[path] = document_key(context, path, digests)
        cached = _indexed(context, index[keys[path]]) if keys[path] in index else None
        if cached is None and use_cache:
            cached = _cached(context, keys[path], light)
        if cached is None:
            todo.append(path)
        else:
            arrived(path, cached, made=False)
    workers = min(workers or jobs(), len(todo))
    if workers > 1 and len(todo) >= PARALLEL_FROM:
        methods = multiprocessing.get_all_start_methods()
        start = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        chunk = max(1, len(todo) // (workers * 4))
        with ProcessPoolExecutor(workers, mp_context=start, initializer=_start_worker,
                                 initargs=(context,)) as pool:
            for path, (summary, rendered) in zip(todo, pool.map(_work, todo, chunksize=chunk), strict=True):
                arrived(path, (Summary.from_plain(summary),
                               Rendered.from_plain(rendered) if rendered is not None else None, None), made=True)
    else:
        for path in todo:
            arrived(path, (*check_and_render(path, context), None), made=True)
    if use_cache:
        if digests is not None and prune and memo is None:  # all the documents: the memo holds theirs alone
            digests.save()
        if prune:  # these are all the documents: an entry of any other key is stale
            for step in (CHECKED, RENDERED, VALIDATED):
                cache.prune(cache.folder(context.paths.root, step), set(keys.values()))
    if counts is not None:
        counts.update(documents=len(documents), checked=len(todo), reused=len(documents) - len(todo))
    return [results[path] for path in documents]


def _stage_clock(clock: dict[str, float]) -> Callable[[str, Callable[[], Any]], Any]:
    def stage(name: str, run: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        with _cycle_collector_paused():
            result = run()
        clock[name] = clock.get(name, 0.0) + time.perf_counter() - started  # a stage may come back
        return result
    return stage


def _context(paths: Paths, stage: Callable[[str, Callable[[], Any]], Any], use_cache: bool) -> Context:
    try:
        return stage("context", lambda: load_context(paths, use_cache))
    except BuildError as err:  # the vocabulary cannot be read: still say what else cannot be read
        raise BuildError([*err.problems, *(p for path in paths.curated_documents()
                                           for p in read_problems(path, paths))]) from None


def _checked_results(paths: Paths, stage: Callable[[str, Callable[[], Any]], Any], workers: int | None,
                     use_cache: bool, counts: dict[str, int] | None, spool: Spool | None = None,
                     memo: cache.Digests | None = None
                     ) -> tuple[Context, list[Path], list[tuple[Summary, Rendered | None, Facts | None]],
                                dict[Path, str]]:
    """context → documents → corpus: every document's summary and, with the cache, the facts of its render where
    they are cached (its render is read only when needed: :func:`_made_digests`, :func:`_renders`), else its render;
    its cache key (raises BuildError). With ``spool``, the annotations of each render are kept in it; ``memo`` as
    :func:`_results` takes it."""
    context = _context(paths, stage, use_cache)
    documents = paths.curated_documents()
    keys: dict[Path, str] = {}
    index = _read_index(context) if use_cache else {}
    results = stage("documents", lambda: _results(context, documents, workers, use_cache, counts, prune=True,
                                                  light=use_cache, index=index, keys=keys, spool=spool, memo=memo))
    summaries = [summary for summary, _, _ in results]
    corpus = stage("corpus", lambda: check_corpus(context, summaries))
    problems = Problems([*context.problems, *corpus, *(Problem(*p) for s in summaries for p in s.problems),
                         *(Problem(*p) for _, r, f in results for p in (r.problems if r is not None else
                                                                        f.problems if f is not None else ()))])
    problems.raise_if_any()
    return context, documents, results, keys


def _rendered(context: Context, path: Path, key: str, spool: Spool | None) -> Rendered:
    """The render of a checked document without problems, read from the cache (made again when its entry is gone
    or damaged since it was checked) and kept in ``spool``. Raises BuildError when it has problems now: the
    curated file changed while the build ran."""
    rendered = _cached_render(context, key)
    if rendered is None:
        summary, rendered = check_and_render(path, context)
        if rendered is None or rendered.problems or document_key(context, path) != key:
            raise BuildError([Problem(context.rel(path), 0, "", "", "file-changed",
                                      "changed while the build ran; run the build again")])
    if spool is not None:
        rendered.spool(spool)
    return rendered


def _made_digests(context: Context, documents: list[Path], results: list[tuple[Summary, Rendered | None,
                  Facts | None]], keys: dict[Path, str], spool: Spool | None) -> dict[Path, bytes]:
    """What each checked document made (:func:`made_digest`): of its render, or as the facts of its render remember
    it; a document with neither has its render read (it is put in ``results``)."""
    made = {}
    for i, (path, (summary, rendered, facts)) in enumerate(zip(documents, results, strict=True)):
        if rendered is None and (facts is None or facts.made is None):
            rendered = _rendered(context, path, keys[path], spool)
            results[i] = (summary, rendered, facts)
        made[path] = made_digest(summary, rendered) if rendered is not None else facts.made
    return made


def _renders(context: Context, documents: list[Path], results: list[tuple[Summary, Rendered | None,
             Facts | None]], keys: dict[Path, str], spool: Spool | None) -> list[tuple[Summary, Rendered]]:
    """Every checked document's summary and render, the renders not read yet read now (:func:`_rendered`)."""
    return [(summary, rendered if rendered is not None else _rendered(context, path, keys[path], spool))
            for path, (summary, rendered, _) in zip(documents, results, strict=True)]


def _checked_tables(context: Context, documents: list[Path], results: list[tuple[Summary, Rendered]],
                    keys: dict[Path, str], stage: Callable[[str, Callable[[], Any]], Any], use_cache: bool,
                    made: dict[Path, bytes] | None = None) -> Any:
    """The checked documents → tables → validate: the validated tables (raises BuildError). ``made``: each
    document's :func:`made_digest`, which the facts kept of it remember."""
    tables = stage("tables", lambda: make_tables(context, results))
    facts = [(keys[path], summary, rendered.facts()) for path, (summary, rendered) in
             zip(documents, results, strict=True)] if use_cache else []
    for path, (_, _, fact) in zip(documents, facts, strict=False):
        fact.made = (made or {}).get(path)
    results.clear()  # the tables hold all that is published: free the results before validating and writing
    stage("validate", lambda: validate(tables, context))
    if facts:
        _remember_validated(context, facts)
    return tables


def made_digest(summary: Summary, rendered: Rendered) -> bytes:
    """The digest of what one document's check made: its summary and its rows, curated lines and annotations (by
    their sha256), each part preceded by its length. Two versions of a document with equal digests publish the same."""
    digest = hashlib.sha256()
    for part in (repr(sorted(summary.to_plain().items())), repr(rendered.claim_lines), repr(rendered.honor_lines),
                 repr(rendered.problems), *(p for name in sorted(rendered.rows) for p in (name, rendered.rows[name])),
                 *(p for name in sorted(rendered.annotations) for p in (name, sha256_of(rendered.annotations[name])))):
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.digest()


def _remember_validated(context: Context, documents: list[tuple[str, Summary, Facts]]) -> None:
    """After the whole tables passed their models, what the next dry run would find of each document's rows: no
    problem (a row a model refuses in a part of a table it refuses in the whole), kept as the dry run keeps it,
    so that the first dry run after a build validates only what was edited since."""
    for key, _, facts in documents:
        facts.invalid = []
        entry = _entry(context, VALIDATED, key)
        if not entry.exists():
            cache.write_entry(entry, key, facts.to_plain())
    _write_index(context, [key for key, _, _ in documents], [(s, f) for _, s, f in documents], {})


def _shared_keys(results: list[tuple[Summary, Facts]]) -> bool:
    """Whether two documents give a row the same id in one table (claims, honours, or mentions, whose ids are the
    document's number and a serial)."""
    for name in ("claim_lines", "honor_lines"):
        seen: set[str] = set()
        for _, facts in results:
            keys = {key for key, _ in getattr(facts, name)}
            if not seen.isdisjoint(keys):
                return True
            seen |= keys
    prefixes = [ids.prefix(s.source_file) or s.source_file for s, facts in results if facts.mentions]
    return len(set(prefixes)) != len(prefixes)


def _reference_problems(context: Context, rows: dict[str, list[list[Any]]], use_cache: bool) -> list[Problem]:
    """The problems of the tables made from the context files (their rows given) against their models: cached under
    the digest of their rows and of the context (the vocabulary the models are bound to, the code)."""
    key = hashlib.sha256(cache.FORMAT + context.digest.encode() + repr(sorted(rows.items())).encode()).hexdigest()
    entry = cache.folder(context.paths.root, INDEX) / "reference"
    data = cache.read_entry(entry, key) if use_cache else None
    if isinstance(data, list) and all(isinstance(p, tuple) for p in data):
        return [Problem(*p) for p in data]
    found = Problems()
    for name, table in rows.items():
        shaped = frame(table, name)
        check_frame(name, shaped, context, found)
        check_formulas(name, shaped, found)
    if use_cache:
        cache.write_entry(entry, key, [p.as_tuple() for p in found])
    return list(found)


def _checked_keys(paths: Paths, stage: Callable[[str, Callable[[], Any]], Any], workers: int | None,
                  use_cache: bool, counts: dict[str, int] | None) -> None:
    """context → documents → corpus → validate, as :func:`_checked_tables` finds every problem, without making the
    tables of the documents' rows (raises BuildError).

    The problems of a document's rows against the models of their tables are found once, by
    :func:`pipeline.render.validate.validate_documents`, and kept with the document (its facts, cached); what
    spans documents in these tables is that no two documents share an id, compared here on the ids alone (should
    two share one, the tables are made and validated whole, as a build does). The tables made from the context
    (metrics, sources, vocabulary, regions) are made and validated as a build makes them. The corroboration table
    is not made: its rows are pairs of claims that passed these checks, whose fields it copies or computes."""
    context = _context(paths, stage, use_cache)
    documents = paths.curated_documents()
    index = _read_index(context) if use_cache else {}
    by_path: dict[Path, str] = {}
    results = stage("documents", lambda: _results(context, documents, workers, use_cache, counts, prune=True,
                                                  light=True, index=index, keys=by_path))
    summaries = [summary for summary, _, _ in results]
    corpus = stage("corpus", lambda: check_corpus(context, summaries))
    rendered = {s.file: r for s, r, _ in results if r is not None}
    checked = [(s, f if f is not None else rendered[s.file].facts()) for s, r, f in results
               if f is not None or r is not None]
    problems = Problems([*context.problems, *corpus, *(Problem(*p) for s in summaries for p in s.problems),
                         *(Problem(*p) for _, f in checked for p in f.problems)])
    keys = [by_path[path] for path in documents]
    key_of = {s.file: key for s, key in zip(summaries, keys, strict=True)}
    facts_of = {s.file: f for s, f in checked}
    if use_cache and (problems or not any(f.invalid is None for _, f in checked)) and _index_due(index, keys):
        # else it is written once their rows are validated
        index = _write_index(context, keys, [(s, facts_of.get(s.file)) for s in summaries], index)
    problems.raise_if_any()

    def validated() -> None:
        if _shared_keys(checked):
            validate(make_tables(context, check_documents(context, documents, workers, use_cache)), context)
            return
        todo = [(s, f) for s, f in checked if f.invalid is None]
        for (summary, facts), invalid in zip(todo, validate_documents(
                context, [(s.file, rendered[s.file]) for s, _ in todo]), strict=True):
            facts.invalid = invalid
            if use_cache:
                key = key_of[summary.file]
                cache.write_entry(_entry(context, VALIDATED, key), key, facts.to_plain())
        if todo and use_cache and _index_due(index, keys):
            _write_index(context, keys, [(s, facts_of.get(s.file)) for s in summaries], index)
        found = Problems(Problem(*p) for _, f in checked for p in f.invalid or ())
        metrics: Counter[str] = Counter()
        for _, facts in checked:
            metrics.update(facts.metrics)
        found += _reference_problems(context, reference_rows(context, metrics, summaries), use_cache)
        found.raise_if_any()

    stage("validate", validated)


def check_inputs(paths: Paths | None = None, timings: dict[str, float] | None = None, workers: int | None = None,
                 use_cache: bool = True, counts: dict[str, int] | None = None) -> None:
    """Every check of a build, publishing nothing (``build --dry-run``): raises BuildError with every problem.

    The curator's quick loop: the output folder is neither read nor locked, and results are cached as usual.
    """
    paths = paths or Paths()
    use_cache = use_cache and cache.enabled()
    _checked_keys(paths, _stage_clock(timings if timings is not None else {}), workers, use_cache, counts)


def _unwritten(err: OSError, paths: Paths, out: Path) -> Problem:
    """The problem of a file that could not be written: named at the file when it is one made with the publication
    (the library's pin, CITATION.cff), else at the output folder."""
    made_with = {str(paths.pin): paths.pin, str(paths.citation): paths.citation}
    at = made_with.get(str(err.filename)) or out
    return Problem(shown(at, paths.root), 0, "", "", "output-not-writable",
                   f"could not write {err.filename or out}: {err.strerror or err}")


def _in_inputs(paths: Paths, out: Path) -> None:
    """Raise OutputError when the output is inside a folder of inputs (curated files, raw sources, reference data,
    archived releases) or inside the publication (when it is not the publication itself)."""
    folder = outputs.real(out)
    for inputs in (paths.curated, paths.sources, paths.reference, paths.releases, paths.published):
        if folder.is_relative_to(outputs.real(inputs)) and (inputs != paths.published or folder != outputs.real(
                inputs)):
            raise outputs.OutputError(out, "output-in-inputs", f"is inside {shown(inputs, paths.root)}, which the "
                                      "build reads or publishes: a publication there would mix with it; give a "
                                      "folder elsewhere")


def build(paths: Paths | None = None, target: Path | None = None, timings: dict[str, float] | None = None,
          workers: int | None = None, use_cache: bool = True, counts: dict[str, int] | None = None) -> Path:
    """Run context → documents → corpus → tables → validate → publish; return the published folder.

    Raises BuildError with every problem of the inputs; nothing is published then. The output folder
    (``target``, default datasets/published) is locked for the whole build and must be the build's own (new,
    empty, or a publication it wrote); otherwise nothing runs. The publication, the library's pin, CITATION.cff
    and the build's manifest change together or not at all (:func:`pipeline.publish.package.publish`); a
    BuildError's ``outcome`` says what the build left behind.
    """
    # the formats' libraries: not for a dry run
    from pipeline.publish.package import PARALLEL_ROWS, HalfDone, publish, sqlite_process

    paths = paths or Paths()
    out = target or paths.published
    stage = _stage_clock(timings if timings is not None else {})
    use_cache = use_cache and cache.enabled()

    try:
        _in_inputs(paths, out)
        with outputs.lock(outputs.real(out)), ExitStack() as stack:
            claim(out)  # refuse a folder that is not the build's before any work
            recover(out)  # a swap cut short by a crash is undone before anything else
            # the files' digests as the last build read them, by their stat: every input it is made from, once
            memo = cache.Digests(paths.root) if use_cache else None
            digests = stage("inputs", lambda: manifest.input_digests(paths, memo))
            digest = manifest.inputs_digest(paths, digests)
            if memo is not None:
                memo.save()
            if use_cache and manifest.up_to_date(paths, out, digest):
                if counts is not None:
                    counts.update(documents=len(paths.curated_documents()), checked=0, reused=0, up_to_date=1)
                return out  # nothing changed since the last build made this very publication
            # the annotations wait on disk beside the publication, not in memory, until they are written out
            spool = stack.enter_context(Spool(outputs.real(out).parent))
            context, documents, checked, keys = _checked_results(paths, stage, workers, use_cache, counts, spool,
                                                                 memo)
            made = None
            by_document = stage("documents", lambda: _made_digests(context, documents, checked, keys, spool)
                                ) if use_cache else {}
            # (a document added or removed since the inputs were read: no such digest, the publication is made)
            if by_document and by_document.keys() == {p for p in digests if p.parent == paths.documents}:
                made = manifest.inputs_digest(paths, digests | by_document)  # the other inputs as read at the start
                if manifest.up_to_date(paths, out, made, by="made"):  # what was edited publishes nothing new
                    manifest.remember(paths, out, digest, made)
                    if counts is not None:
                        counts.update(same_rows=1)
                    return out
            results = stage("documents", lambda: _renders(context, documents, checked, keys, spool))
            checked.clear()
            parallel, pool = (workers or jobs()) > 1, None
            if parallel and sum(len(r.claim_lines) + len(r.honor_lines) for _, r in results) >= PARALLEL_ROWS:
                # it publishes that many rows at least: the SQLite database's process starts while tables are made
                pool = sqlite_process()
                stack.callback(pool.shutdown, wait=True, cancel_futures=True)
            tables = _checked_tables(context, documents, results, keys, stage, use_cache, by_document)
            try:
                return stage("publish", lambda: publish(tables, context, target, parallel,
                                                        digest if use_cache else None, made, pool))
            except HalfDone as err:
                raise BuildError([_unwritten(err, paths, out)], "with the output folder", err.state) from None
            except OSError as err:  # a full disk, a folder without write permission: nothing changed
                raise BuildError([_unwritten(err, paths, out)], "with the output folder") from None
    except outputs.OutputError as err:
        at = shown(err.folder, paths.root)
        raise BuildError([Problem(at, 0, "", "", err.code, err.message)], "with the output folder") from None
    except OSError as err:  # the output's folder cannot be made or locked (a file on the way, no permission)
        raise BuildError([_unwritten(err, paths, out)], "with the output folder") from None


__all__ = ["BuildError", "build", "check_documents", "check_inputs", "jobs"]
