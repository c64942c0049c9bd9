"""Command line of the pipeline.

``python -m pipeline build``  builds datasets/published from raw sources and curated files;
``python -m pipeline build --dry-run`` runs every check of a build and publishes nothing;
``python -m pipeline check``  rebuilds in a temporary folder and compares it with datasets/published;
``python -m pipeline counts`` prints the counts per document and per table shown in docs/data.md;
``python -m pipeline docs`` rewrites the documentation generated from the models and the publication (tables,
columns, counts);
``python -m pipeline diff OLD NEW`` prints what changed between two publications (the data changelog);
``python -m pipeline draft SOURCE`` drafts the curation of a new raw source for review (every entry proposed);
``python -m pipeline draft --evaluate`` prints how well drafts agree with the curated documents (leave-one-out) and
with the answer keys of the evaluation sets (datasets/evaluation).

Exit status: 0 when the package was published (or, for check, equals a rebuild); 1 when the build failed,
with every problem listed as file:line id [field] (in the inputs, or with the output folder: not the
build's own, in use by another build, not writable), or check found differences, or a draft could not be written;
2 for a usage error, or a source that cannot be drafted (not in datasets/sources, not UTF-8, curated already).
"""

from __future__ import annotations

import argparse
import filecmp
import gc
import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import NoReturn

from pipeline.core.paths import REPO, Paths
from pipeline.core.problems import BuildError
from pipeline.publish import manifest

# The stages (and the data libraries they import) are imported when a command needs them: a build that finds
# its publication up to date answers without them.


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"--jobs is a whole number of processes, at least 1, not {text!r}")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, run the build, print where it went or what to fix."""
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("build", help="build the data package from raw sources and curated files")
    run.add_argument("--root", type=Path, default=REPO, help="repository root to read inputs from (default: this one)")
    run.add_argument("--out", type=Path, help="write the package here instead of datasets/published")
    run.add_argument("--timings", action="store_true", help="print the seconds each stage took")
    run.add_argument("--no-cache", dest="cache", action="store_false",
                     help="check every document again instead of reusing results kept in .cache/")
    run.add_argument("--jobs", type=_jobs, help="processes to check documents with (default: the cores available)")
    run.add_argument("--dry-run", action="store_true",
                     help="run every check of a build (documents, corpus, schemas) and publish nothing")
    check = sub.add_parser("check", help="rebuild in a temporary folder; fail if it differs from the publication")
    check.add_argument("--root", type=Path, default=REPO, help="repository root (default: this one)")
    sub.add_parser("counts", help="print counts per document and per table of the publication (Markdown)")
    sub.add_parser("docs", help="rewrite the documentation generated from the models and the publication "
                                "(tables, columns, counts)")
    diff = sub.add_parser("diff", help="print what changed between two publications, per table and id")
    diff.add_argument("old", type=Path, help="folder of the older publication (with its datapackage.json)")
    diff.add_argument("new", type=Path, help="folder of the newer publication")
    diff.add_argument("--format", choices=["markdown", "json"], default="markdown", help="output format")
    diff.add_argument("--root", type=Path, default=Paths().root,
                      help="repository whose change notes (datasets/curated/changes.yml) say why (default: this one)")
    drafting = sub.add_parser("draft", help="draft the curation of a raw source for review, or evaluate drafts",
                              description="Write datasets/curated/documents/<source>.yml with every number of the "
                              "source proposed as a claim, honour or exclusion, append the source's metadata to "
                              "sources.yml and any new metric to metrics.yml, all `review: proposed`; the build "
                              "refuses them until a person changes each to `review: accepted`.")
    drafting.add_argument("source", type=Path, nargs="?", help="the raw source, in datasets/sources/")
    drafting.add_argument("--root", type=Path, default=REPO, help="repository root (default: this one)")
    drafting.add_argument("--evaluate", action="store_true",
                          help="draft each curated source from its raw text with a context of the other documents "
                               "(leave-one-out), and each report of the evaluation sets, and print the agreement "
                               "with the curation and the sets' keys")
    args = parser.parse_args(argv)
    if args.command == "build" and args.dry_run and args.out is not None:
        parser.error("argument --out: --dry-run publishes nothing, so it takes no output folder")
    if args.command == "draft":
        return _draft(parser, args)
    if args.command == "docs":
        from pipeline.docs import update

        for file in update(REPO):
            print(f"rewrote {file}")
        return 0
    if args.command == "counts":
        from pipeline.docs import counts

        print(counts(Paths().published), end="")
        return 0
    if args.command == "diff":
        return _diff(args.old, args.new, args.format, Paths(args.root.resolve()))
    paths = Paths(args.root.resolve())
    foreign = not_a_repository(paths)
    if foreign:
        print(f"python -m pipeline {args.command}: error: --root {args.root} {foreign}", file=sys.stderr)
        return 2
    try:
        return _build(args, paths)
    finally:
        _say_without_cache()


def not_a_repository(paths: Paths) -> str | None:
    """Why a build root is not a repository of pingan_data (its package.yml is missing), or None when it is one: a
    foreign folder is refused before anything is read or written there."""
    if not paths.root.is_dir():
        return "is not a folder"
    if not os.path.lexists(paths.about):
        return (f"is not a repository of pingan_data (it has no {paths.about.relative_to(paths.root)}); give the "
                "folder of a checkout")
    return None


def _say_without_cache() -> None:
    """Say once that the build ran without its cache, and why (the cache key could not be made or read)."""
    from pipeline.core import cache

    reason = cache.unavailable()
    if reason:
        print(f"note: the build ran without its cache (every document was checked anew): {reason}", file=sys.stderr)


def _build(args: argparse.Namespace, paths: Paths) -> int:
    timings: dict[str, float] = {}
    if args.command == "build" and not args.dry_run and args.cache:
        started = time.perf_counter()
        out = args.out.absolute() if args.out else paths.published
        if manifest.unchanged(paths, out):
            print(f"published {out} (up to date: nothing it is made from changed since the last build)")
            if args.timings:
                print(f"  {'inputs':<10} {time.perf_counter() - started:8.3f} s")
                print("  documents: 0 checked, 0 reused from the cache")
            return 0
    from pipeline.build import build, check_inputs

    try:
        if args.command == "check":
            return _check(paths)
        counted: dict[str, int] = {}
        if args.dry_run:
            check_inputs(paths, timings, args.jobs, args.cache, counted)
        else:
            target = build(paths, args.out and args.out.absolute(), timings, args.jobs, args.cache, counted)
    except BuildError as err:
        print(err.report(), file=sys.stderr)
        print(err.outcome, file=sys.stderr)
        return 1
    if args.dry_run:
        print(f"no problems in {counted.get('documents', 0)} documents (--dry-run: nothing was published)")
    elif counted.get("up_to_date"):
        print(f"published {target} (up to date: nothing it is made from changed since the last build)")
    elif counted.get("same_rows"):
        print(f"published {target} (up to date: the documents, checked again, make what it holds)")
    else:
        print(f"published {target}")
    if args.timings:
        for stage, seconds in timings.items():
            print(f"  {stage:<10} {seconds:8.3f} s")
        print(f"  documents: {counted.get('checked', 0)} checked, {counted.get('reused', 0)} reused from the cache")
    return 0


def _draft(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from pipeline.draft import command
    from pipeline.draft.evaluate import report

    paths = Paths(args.root.resolve())
    foreign = not_a_repository(paths)
    if foreign:
        print(f"python -m pipeline draft: error: --root {args.root} {foreign}", file=sys.stderr)
        return 2
    if args.evaluate:
        if args.source is not None:
            parser.error("draft takes a SOURCE or --evaluate, not both")
        print(report(paths), end="")
        return 0
    if args.source is None:
        parser.error("draft needs a SOURCE (a raw text in datasets/sources/) or --evaluate")
    try:
        done = command.draft(args.source, paths)
    except command.DraftError as err:
        print(f"python -m pipeline draft: error: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        print(f"python -m pipeline draft: error: nothing was written: {err.strerror or err} "
              f"({err.filename or args.source})", file=sys.stderr)
        return 1
    print(f"drafted {done.document.relative_to(paths.root)}: {done.claims} claims, {done.honors} honours and "
          f"{done.excluded} exclusions account for the {done.numbers} numbers of the source; its metadata was "
          f"appended to {paths.sources_meta.relative_to(paths.root)}"
          + (f", {done.metrics} new metrics to {paths.metrics.relative_to(paths.root)}" if done.metrics else ""))
    if done.units:
        print(f"{len(done.units)} new units proposed in {paths.vocabulary.relative_to(paths.root)} for measure words "
              f"no unit has ({', '.join(done.units.values())}): name them, or give their claims existing units")
    if done.region_doubt:
        print(f"the place of the report is uncertain: {done.region_doubt}")
    if not done.year_known:
        print("the text gives no year for the article: give published_year in sources.yml (the build refuses the "
              "source until then, and 今年, 去年 are resolved once it is given)")
    print("every entry is `review: proposed`: check each against its line, correct it, then change it to "
          "`review: accepted` (see CONTRIBUTING.md); the build refuses the source until then")
    return 0


def differences(left: Path, right: Path) -> list[str]:
    """Relative paths of files that differ between two folders, or exist in only one."""
    files = {p.relative_to(left).as_posix() for p in left.rglob("*") if p.is_file()}
    files |= {p.relative_to(right).as_posix() for p in right.rglob("*") if p.is_file()}
    return sorted(f for f in files if not ((left / f).is_file() and (right / f).is_file()
                                          and filecmp.cmp(left / f, right / f, shallow=False)))


def _diff(old: Path, new: Path, form: str, paths: Paths) -> int:
    from pipeline.check.changes import read_changes
    from pipeline.core.problems import Problems, json_printable, printable
    from pipeline.core.publications import Publication, PublicationError, as_json, compare, markdown

    try:
        before, after = Publication.read(old), Publication.read(new)
    except PublicationError as err:
        print(f"python -m pipeline diff: error: {printable(str(err))}", file=sys.stderr)
        return 2
    changes = compare(before, after)
    if form == "json":
        print(json_printable(json.dumps(as_json(before, after, changes), ensure_ascii=False, indent=2)))
    else:
        found = Problems()
        notes = read_changes(paths, found)
        for problem in found:
            print(f"python -m pipeline diff: warning: {problem}", file=sys.stderr)
        print(markdown(before, after, changes, level=1, notes=notes), end="")
    return 0


def _check(paths: Paths) -> int:
    from pipeline.build import build
    from pipeline.check.about import read_about
    from pipeline.core.problems import Problems
    from pipeline.publish.repository import citation_text, pin_text

    with tempfile.TemporaryDirectory() as tmp:
        # never from the cache: a rebuild that reused an entry could agree with a build that reused the same one
        rebuilt = build(paths, Path(tmp) / "published", use_cache=False)
        changed = differences(paths.published, rebuilt)
        about = read_about(paths, Problems())  # the build has read it whole
        assert about is not None
        expected = {paths.pin: pin_text(hashlib.sha256((rebuilt / "datapackage.json").read_bytes()).hexdigest(),
                                        about.version),
                    paths.citation: citation_text(about)}
    for path, text in expected.items():
        if path.parent == paths.root or path.parent.is_dir():
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                changed.append(path.relative_to(paths.root).as_posix())
    if changed:
        print("the committed publication differs from a rebuild; run `make` and commit:", file=sys.stderr)
        for name in changed:
            print(f"  {name}", file=sys.stderr)
        return 1
    print(f"{paths.published} equals a fresh rebuild")
    return 0


def exit_with(status: int) -> NoReturn:
    """End the process with ``status``: what the command made is frozen first, so that the cycle collector's
    last pass at exit does not walk it (after a dry run of 1000 documents, about a tenth of its time: 0.35 s on
    a busy machine); exit handlers still run, and the system takes the memory back."""
    gc.freeze()
    sys.exit(status)


if __name__ == "__main__":
    exit_with(main())
