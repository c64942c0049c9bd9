"""`make bench`: measure the library and the pipeline, compare with the targets, print a table.

1. cold ``import pingan_data`` against a bare interpreter (median of fresh processes);
2. cold load of the claims table through ``pingan_data`` against the floor: the same Parquet file read
   with pyarrow and converted to pandas in a fresh process;
3. the real pipeline building synthetic corpora (``bench/generate.py``) at 10×, 100× and 1000× the real
   claim count and at 100,000 claims: seconds per stage, claims per second, peak memory, growth between
   sizes; and a no-change rebuild of the real data;
4. each stage against its floor, in one process on one corpus: YAML parsing with the libyaml loader,
   a bare substring scan of the quotes, DataFrames built from the records, the schema checks as plain
   vectorised pandas, and Parquet/CSV writing with pyarrow.

Results go to stdout, ``bench/out/results.json`` and ``bench/out/results.md`` (for BENCHMARKS.md).
Benchmarks measure and print; they assert nothing.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.generate import generate, per_document, real_claim_count  # noqa: E402

OUT = REPO / "bench" / "out"

#: The targets: the library (cold import and load), and the build at scale.
IMPORT_OVERHEAD_MS = 50.0
LOAD_RATIO = 1.2
EDIT_SECONDS = 6.0  # one document edited in 1000 documents (100,000 claims): published
DRY_RUN_SECONDS = 2.0  # the same: build --dry-run
NO_CHANGE_SECONDS = 2.0  # a no-change rebuild at 1000 documents
REAL_NO_CHANGE = 1.0  # a no-change rebuild of the real data
COLD_SECONDS = 25.0  # 100,000 claims, cold
COLD_PEAK_BYTES = 1.2e9  # decimal GB, read strictly
LARGE_SECONDS = 360.0  # 10,000 documents (1,000,000 claims), cold
LARGE_PEAK_BYTES = 3e9


# --- helpers ---------------------------------------------------------------------------------------

def _median(values: list[float]) -> float:
    return statistics.median(values)


def _run(argv: list[str], cwd: Path = REPO) -> tuple[float, str]:
    """Run a command to completion; (wall seconds, stdout). Raises on failure."""
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode:
        raise RuntimeError(f"{' '.join(argv)} failed:\n{done.stderr[-2000:]}")
    return wall, done.stdout


def _paused_gc(run: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds and result of ``run()`` with the cyclic collector paused, as the pipeline runs its stages."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        started = time.perf_counter()
        result = run()
        return time.perf_counter() - started, result
    finally:
        if enabled:
            gc.enable()


def _busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy (all processes, all cores, steal included)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def cpu_probe(runs: int = 5) -> float:
    """Median seconds of a fixed pure-Python loop: how fast this machine runs Python right now.

    On a shared host the same build can take half as long again from one hour to the next; this number,
    taken at the start and at the end, tells a slow machine from a slow pipeline.
    """
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        sum(i * i for i in range(2_000_000))
        times.append(time.perf_counter() - started)
    return _median(times)


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def machine() -> dict[str, Any]:
    """Where and with what the benchmarks ran."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    memory = next((int(line.split()[1]) * 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    import yaml

    versions = {name: metadata.version(name) for name in
                ("pandas", "pyarrow", "pandera", "numpy", "PyYAML", "OpenCC", "cn2an")}
    versions["libyaml"] = yaml._yaml.get_version_string() if yaml.__with_libyaml__ else "absent"
    return {"date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "cpu": cpu, "cores": os.cpu_count(),
            "memory_gib": round(memory / 2**30, 1), "os": platform.platform(),
            "python": platform.python_version(), "versions": versions, "load_average": os.getloadavg()}


# --- 1 and 2: the library in fresh processes -------------------------------------------------------

def cold_import(repeat: int) -> dict[str, Any]:
    """Median wall time of `python -c pass` and `python -c "import pingan_data"`, interleaved."""
    bare, library = [sys.executable, "-c", "pass"], [sys.executable, "-c", "import pingan_data"]
    _run(library)  # warm the file cache and the bytecode
    times: dict[str, list[float]] = {"bare": [], "import": []}
    for _ in range(repeat):
        times["bare"].append(_run(bare)[0])
        times["import"].append(_run(library)[0])
    result = {k: _median(v) for k, v in times.items()}
    result["overhead"] = result["import"] - result["bare"]
    result["repeat"] = repeat
    return result


_CLOCKED = "import time\nstarted = time.perf_counter()\n{body}\nprint(time.perf_counter() - started, len(frame))\n"


def cold_load(repeat: int) -> dict[str, Any]:
    """Median time, in fresh processes, from the first import to a claims DataFrame: library against floor."""
    _, out = _run([sys.executable, "-c", "import pingan_data; print(pingan_data.path('claims'))"])
    parquet = out.strip().splitlines()[-1]
    programs = {
        "library": _CLOCKED.format(body="import pingan_data\nframe = pingan_data.load('claims')"),
        "floor": _CLOCKED.format(body=f"import pyarrow.parquet as pq\nframe = pq.read_table({parquet!r}).to_pandas()"),
    }
    inner: dict[str, list[float]] = {k: [] for k in programs}
    wall: dict[str, list[float]] = {k: [] for k in programs}
    for program in programs.values():
        _run([sys.executable, "-c", program])  # warm-up
    order = list(programs)
    for _ in range(repeat):
        for name in order:
            seconds, out = _run([sys.executable, "-c", programs[name]])
            inner[name].append(float(out.split()[0]))
            wall[name].append(seconds)
        order.reverse()  # neither always runs first
    result: dict[str, Any] = {"parquet": parquet, "repeat": repeat}
    for name in programs:
        result[name] = _median(inner[name])
        result[f"{name}_min"] = min(inner[name])
        result[f"{name}_process"] = _median(wall[name])
    result["ratio"] = result["library"] / result["floor"]
    result["min_ratio"] = result["library_min"] / result["floor_min"]
    result["process_ratio"] = result["library_process"] / result["floor_process"]
    return result


# --- 3: the build at scale, this pipeline beside the one before -------------------------------------

#: The pipeline this version is measured beside: the one at the start of this round of work (0.2.0 data). Its
#: corpora are made by its own generator (the records of 0.3.0 carry fields it does not know), at the same sizes
#: and seed.
BEFORE = "9554b88"
#: Where the bench keeps a checkout of BEFORE (a git worktree below bench/out, git-ignored).
BEFORE_CHECKOUT = OUT / "before"


class TreeMemory:
    """The peak memory of a process and all its descendants, sampled from /proc every half second.

    Each process counts its proportional set size (Pss from /proc/PID/smaps_rollup: a page shared by n
    processes counts 1/n in each), so that the forked and spawned workers of a build are neither left out nor
    counted twice. ``peak_kib`` is the peak of their sum, ``largest_kib`` the peak of any one of them
    (``ru_maxrss`` would not do: a child's counts the memory of the benchmark process it was forked from).
    Reading smaps_rollup walks a process's page tables, so the sampler costs CPU in proportion to the memory
    it measures: ``cpu`` is its own CPU time, to be read beside the build's. On systems without
    /proc/PID/smaps_rollup nothing is sampled (the peaks stay 0).
    """

    INTERVAL = 0.5

    def __init__(self, pid: int) -> None:
        import threading

        self.pid, self.peak_kib, self.largest_kib, self.cpu = pid, 0, 0, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree(self) -> list[int]:
        parents: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                parent = int(stat.rsplit(")", 1)[1].split()[1])
                parents.setdefault(parent, []).append(int(entry.name))
        tree, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo += parents.get(pid, [])
        return tree

    def _sample(self) -> None:
        total = 0
        for pid in self._tree():
            try:
                text = Path(f"/proc/{pid}/smaps_rollup").read_text()
            except OSError:
                continue
            pss = next((int(line.split()[1]) for line in text.splitlines() if line.startswith("Pss:")), 0)
            total += pss
            self.largest_kib = max(self.largest_kib, pss)
        self.peak_kib = max(self.peak_kib, total)

    def _run(self) -> None:
        started = time.thread_time()
        while not self._stop.wait(self.INTERVAL):
            self._sample()
        self.cpu = time.thread_time() - started

    def stop(self) -> tuple[int, int, float]:
        """(peak of all processes, peak of the largest, the sampler's CPU seconds), in KiB and seconds."""
        self._stop.set()
        self._thread.join()
        return self.peak_kib, self.largest_kib, self.cpu


@dataclass
class Run:
    """One run of `python -m pipeline build` (or `build --dry-run`) in a child process."""

    pipeline: str  # "before" or "after"
    kind: str  # cold, web, no-change, one-edit, value-edit, dry-run
    stages: dict[str, float]
    wall: float
    cpu: float
    peak_kib: int  # the largest single process (sampled Pss)
    tree_kib: int  # the build's processes together (sampled Pss)
    checked: str = ""
    others: float = 0.0  # CPU seconds that other processes used meanwhile (a busy neighbour slows the build)
    sampler: float = 0.0  # CPU seconds of the memory sampler (part of "others")


@dataclass
class Size:
    label: str
    claims: int
    documents: int
    runs: list[Run] = field(default_factory=list)
    corpus: dict[str, int] = field(default_factory=dict)

    def run(self, pipeline: str, kind: str) -> Run | None:
        return next((r for r in self.runs if r.pipeline == pipeline and r.kind == kind), None)


def corpus(claims: int, per_doc: int | None = None, seed: int = 0,
           metrics: str = "shared") -> tuple[Path, dict[str, int]]:
    """A synthetic corpus below bench/out/corpora, generated again only when the generator changed."""
    per_doc = per_doc or per_document(claims)
    generator = (REPO / "bench" / "generate.py").read_bytes() + (REPO / "datasets/curated/vocabulary.yml").read_bytes()
    stamp = {"claims": claims, "per_document": per_doc, "seed": seed, "metrics": metrics,
             "generator": hashlib.sha256(generator).hexdigest()}
    root = OUT / "corpora" / f"{claims}-{per_doc}-s{seed}-{metrics}"
    stamp_file = root / "stamp.json"
    if stamp_file.is_file():
        saved = json.loads(stamp_file.read_text())
        if saved.get("stamp") == stamp:
            return root, saved["stats"]
    started = time.perf_counter()
    stats = generate(root, claims, per_doc, seed, metrics=metrics).as_dict()
    stats["generate_seconds"] = round(time.perf_counter() - started, 2)
    stamp_file.write_text(json.dumps({"stamp": stamp, "stats": stats}))
    return root, stats


def before_checkout(ref: str) -> Path | None:
    """A checkout of the pipeline at ``ref`` (a git worktree below bench/out), or None without git."""
    checkout = OUT / f"before-{ref}"
    if (checkout / "pipeline").is_dir():
        return checkout
    done = subprocess.run(["git", "worktree", "add", "--detach", "--force", str(checkout), ref], cwd=REPO,
                          capture_output=True, text=True)
    if done.returncode:
        print(f"  no checkout of {ref} ({done.stderr.strip()[:200]}): the 'before' column is left out",
              file=sys.stderr)
        return None
    return checkout


def _timed(argv: list[str], cwd: Path, label: str, kind: str) -> tuple[Run, str]:
    """``argv`` run in a child process in ``cwd``: its wall and CPU seconds and memory, and what it printed."""
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        log, err = Path(tmp) / "stdout", Path(tmp) / "stderr"
        with log.open("w") as stdout, err.open("w") as stderr:
            busy, started = _busy_seconds(), time.perf_counter()
            child = subprocess.Popen(argv, cwd=cwd, stdout=stdout, stderr=stderr)
            memory = TreeMemory(child.pid)
            _, status, usage = os.wait4(child.pid, 0)
            wall, busy = time.perf_counter() - started, _busy_seconds() - busy
            tree, largest, sampler = memory.stop()
        if os.waitstatus_to_exitcode(status):
            raise RuntimeError(f"{' '.join(argv)} failed:\n{err.read_text()[-3000:]}")
        text = log.read_text()
    cpu = usage.ru_utime + usage.ru_stime
    return Run(label, kind, {}, wall, cpu, largest, tree, "", max(0.0, busy - cpu), sampler), text


def build_once(root: Path, out: Path, pipeline: Path, label: str, kind: str, extra: list[str] = ()) -> Run:
    """`python -m pipeline build --root ROOT --out OUT --timings` with the pipeline of the checkout ``pipeline``."""
    argv = [sys.executable, "-m", "pipeline", "build", "--root", str(root), "--timings", *extra]
    if "--dry-run" not in extra:
        argv += ["--out", str(out)]
    run, text = _timed(argv, pipeline, label, kind)
    run.stages = {m[1]: float(m[2]) for m in re.finditer(r"^\s+(\w+)\s+([\d.]+) s$", text, re.M)}
    checked = re.search(r"documents: (\d+ checked, \d+ reused)", text)
    run.checked = checked[1] if checked else ("up to date" if "up to date" in text else "")
    return run


#: The web edition of a package in a child process: ``web.build.build`` of argv[1] into argv[2], the package pinned
#: by its own descriptor (the benchmark trusts the package it has just built; the library pins the real one).
WEB_BUILD = ("import hashlib, sys; from pathlib import Path; from web.build import build; "
             "package = Path(sys.argv[1]); pin = hashlib.sha256((package / 'datapackage.json').read_bytes()); "
             "build(package, Path(sys.argv[2]), pin.hexdigest())")


def web_once(package: Path, pipeline: Path, label: str) -> Run:
    """The web edition of ``package`` (as `python -m web build` makes it) into a new folder, discarded after, with
    the checkout ``pipeline``."""
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        site = Path(tmp) / "site"
        run, _ = _timed([sys.executable, "-c", WEB_BUILD, str(package), str(site)], pipeline, label, "web")
        run.checked = f"{sum(1 for p in site.rglob('*.html')):,} pages"
    return run


def _edit(document: Path, n: int) -> None:
    with document.open("a", encoding="utf-8") as out:
        out.write(f"# edited for the benchmark ({n})\n")


def _note(document: Path, n: int) -> bool:
    """A curator's note given to the first claim of a document that has none: one row of the claims table changes
    (and what is made from it). False when there is no such claim."""
    lines = document.read_text(encoding="utf-8").splitlines(keepends=True)
    for number, line in enumerate(lines):
        if line.startswith("  - id: "):
            block = next((i for i in range(number + 1, len(lines)) if lines[i].startswith("  - ") or
                          not lines[i].startswith("    ")), len(lines))
            if any(item.startswith("    note:") for item in lines[number:block]):
                continue
            lines.insert(block, f"    note: edited for the benchmark ({n})\n")
            document.write_text("".join(lines), encoding="utf-8")
            return True
    return False


def before_corpus(before: Path, claims: int, per_doc: int, seed: int = 0) -> Path:
    """The corpus of ``claims`` claims as the generator of the checkout ``before`` writes it (for its pipeline),
    below bench/out/corpora-before, generated again only when that generator changed."""
    generator = (before / "bench" / "generate.py").read_bytes()
    stamp = {"claims": claims, "per_document": per_doc, "seed": seed,
             "generator": hashlib.sha256(generator).hexdigest()}
    root = OUT / "corpora-before" / f"{claims}-{per_doc}-s{seed}"
    stamp_file = root / "stamp.json"
    if stamp_file.is_file() and json.loads(stamp_file.read_text()).get("stamp") == stamp:
        return root
    subprocess.run([sys.executable, "bench/generate.py", str(root), "--claims", str(claims), "--per-document",
                    str(per_doc), "--seed", str(seed)], cwd=before, check=True, capture_output=True)
    stamp_file.write_text(json.dumps({"stamp": stamp}))
    return root


def _series(size: Size, root: Path, pipeline: Path, label: str, edits: bool, web: bool = False) -> None:
    """Builds of ``root`` by the pipeline of the checkout ``pipeline``: cold, then (with ``web``) the web edition
    of what it published, then (with ``edits``) a no-change rebuild, one document edited, and a dry run after
    another edit; the document is restored after."""
    import shutil

    first = sorted((root / "datasets/curated/documents").glob("*.yml"))[0]
    original = first.read_bytes()
    try:
        shutil.rmtree(root / ".cache", ignore_errors=True)
        with tempfile.TemporaryDirectory(dir=OUT) as tmp:
            out = Path(tmp) / "published"
            size.runs.append(build_once(root, out, pipeline, label, "cold"))
            if web:  # the web edition of the package just built
                size.runs.append(web_once(out, pipeline, label))
            if edits:
                size.runs.append(build_once(root, out, pipeline, label, "no-change"))
                _edit(first, 1)
                size.runs.append(build_once(root, out, pipeline, label, "one-edit"))
                released = any((root / "datasets/releases").glob("*/datapackage.json"))
                if not released and _note(first, 1):  # changed data needs a new version where one is released
                    size.runs.append(build_once(root, out, pipeline, label, "value-edit"))
                _edit(first, 2)
                size.runs.append(build_once(root, out, pipeline, label, "dry-run", ["--dry-run"]))
    finally:
        first.write_bytes(original)
        shutil.rmtree(root / ".cache", ignore_errors=True)


def measure(size: Size, root: Path, before: Path | None, edits: bool, before_root: Path | None = None,
            web: bool = True) -> None:
    """The builds of :func:`_series` by this pipeline on ``root`` (with its web edition when ``web``), then by the
    pipeline ``before`` on ``before_root`` (its own generator's corpus of the same size; ``root`` when not given)."""
    _series(size, root, REPO, "after", edits, web)
    if before is not None:
        _series(size, before_root or root, before, "before", edits, False)


def real_size(before: Path | None) -> Size:
    """The real data: cold, no change, one edit, dry run (in a copy of datasets/, so nothing here is touched)."""
    import shutil

    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        root = Path(tmp) / "real"
        shutil.copytree(REPO / "datasets", root / "datasets",
                        ignore=shutil.ignore_patterns("published", ".published.*"))
        size = Size("real", real_claim_count(), len(list((root / "datasets/sources").glob("*.txt"))))
        theirs = None
        if before is not None:  # the pipeline before builds the data as they were then
            theirs = Path(tmp) / "real-before"
            shutil.copytree(before / "datasets", theirs / "datasets",
                            ignore=shutil.ignore_patterns("published", ".published.*"))
        measure(size, root, before, edits=True, before_root=theirs)
    return size


#: The label of a corpus whose every claim has a metric of its own (the generator's worst case).
WORST = " (a metric per claim)"

#: The web edition is built up to this many documents: its table pages list every row of their tables, and it took
#: 5.0 GB at 1000 documents and 9.6 GB at 2000 (BENCHMARKS.md), so that 10,000 would not fit in memory.
WEB_UP_TO = 2000


def scale(sizes: list[tuple[str, int, int]], before_ref: str | None, edits_from: int,
          worst: list[int] = ()) -> dict[str, Any]:
    """Each size built by this pipeline (and by the one before, up to 1000 documents); the rebuilds after an
    edit from ``edits_from`` to 1000 documents (the targets name them at 1000; above, only the cold build); and,
    once each, the cold build of a corpus of ``worst`` claims whose every claim has a metric of its own."""
    before = before_checkout(before_ref) if before_ref else None
    done = [real_size(before)]
    plans = [(label, claims, per_doc, "shared") for label, claims, per_doc in sizes]
    plans += [(f"{claims:,}{WORST}", claims, 100, "per_claim") for claims in worst]
    for label, claims, per_doc, metrics in plans:
        root, stats = corpus(claims, per_doc, metrics=metrics)
        print(f"  building {label} ({claims:,} claims in {stats['documents']:,} documents)…", file=sys.stderr)
        size = Size(label, claims, stats["documents"], corpus=stats)
        theirs = before_corpus(before, claims, per_doc) if before is not None and metrics == "shared" else None
        web = metrics == "shared"  # a page a metric: the worst case's site would be a page a claim
        if web and stats["documents"] > WEB_UP_TO:
            web = False
            print(f"  (its web edition is not built: above {WEB_UP_TO:,} documents it would not fit in memory)",
                  file=sys.stderr)
        measure(size, root, before if theirs is not None else None,
                edits=metrics == "shared" and edits_from <= stats["documents"] <= 1000, before_root=theirs,
                web=web)
        done.append(size)
    return {"sizes": done, "before": before_ref if before else None}


# --- 4: each stage against its floor ---------------------------------------------------------------

def plain_checks(schema: Any, frame: Any) -> int:
    """The checks of a pandera schema as plain vectorised pandas; the number of failing cells or rows."""
    import pandas as pd

    failures = int(list(frame.columns) != list(schema.columns))
    for name, column in schema.columns.items():
        series = frame[name]
        kind = str(column.dtype)
        if kind in ("Int64", "float64", "bool"):
            failures += int(str(series.dtype) != kind)
        else:
            failures += int(not pd.api.types.is_string_dtype(series.dtype))
        if not column.nullable:
            failures += int(series.isna().sum())
        if column.unique:
            failures += int(series.duplicated().sum())
        values = series.dropna()
        for check in column.checks:
            stats = check.statistics
            if check.name == "isin":
                ok = values.isin(stats["allowed_values"])
            elif check.name == "str_matches":
                ok = values.str.match(stats["pattern"])
            elif check.name == "greater_than_or_equal_to":
                ok = values >= stats["min_value"]
            elif check.name == "less_than_or_equal_to":
                ok = values <= stats["max_value"]
            elif check.name == "in_range":
                ok = (values >= stats["min_value"]) & (values <= stats["max_value"])
            elif check.name == "str_length":
                ok = values.str.len() >= (stats["min_value"] or 0)
            else:
                raise ValueError(f"no plain equivalent for check {check.name!r}")
            failures += int((~ok.astype(bool)).sum())
    for check in schema.checks:
        failures += int((~check._check_fn(frame).astype(bool)).sum())
    if schema.unique:
        failures += int(frame.duplicated(list(schema.unique)).sum())
    return failures


def floors(root: Path, label: str) -> dict[str, Any]:
    """Each stage of the pipeline and its floor, one after the other in this process, on one corpus."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq
    import yaml

    from pipeline.build import check_documents
    from pipeline.check.context import load_context
    from pipeline.core.paths import Paths
    from pipeline.publish.package import publish
    from pipeline.render.tables import make_tables
    from pipeline.render.validate import validate
    from schemas import bind

    paths = Paths(root)
    rows: list[dict[str, Any]] = []

    def compare(stage: str, seconds: float, floor: float, what: str) -> None:
        rows.append({"stage": stage, "pipeline": seconds, "floor": floor, "ratio": seconds / floor, "floor_is": what})

    seconds, context = _paused_gc(lambda: load_context(paths, use_cache=False))
    context_files = [paths.vocabulary, paths.metrics, paths.sources_meta]

    def compose(files: list[Path]) -> list[Any]:
        nodes = []
        for path in files:
            loader = yaml.CSafeLoader(path.read_text(encoding="utf-8"))
            try:
                nodes.append(loader.get_single_node())
            finally:
                loader.dispose()
        return nodes

    floor, _ = _paused_gc(lambda: len(compose(context_files)))
    compare("context", seconds, floor, "libyaml composes vocabulary.yml, metrics.yml and sources.yml "
            "(CSafeLoader.get_single_node: the node tree with line numbers the loader reads)")

    documents = paths.curated_documents()
    seconds, results = _paused_gc(lambda: check_documents(context, documents, workers=1, use_cache=False))
    numbers = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?|[零〇一二两兩三四五六七八九十百千万萬亿億]+")

    def read_and_scan() -> int:
        found = 0
        for path in documents:
            tree = compose([path])[0]
            source = path.name.removesuffix(".yml") + ".txt"
            lines = (paths.sources / source).read_text(encoding="utf-8").split("\n")
            found += sum(len(numbers.findall(line)) for line in lines)
            for key, value in tree.value:
                if key.value in ("claims", "honors", "excluded") and isinstance(value, yaml.SequenceNode):
                    for item in value.value:
                        fields = {k.value: v.value for k, v in item.value if isinstance(v, yaml.ScalarNode)}
                        text, line = fields.get("quote") or fields.get("text"), fields.get("line")
                        if text and line and line.isdigit() and int(line) <= len(lines):
                            found += text in lines[int(line) - 1]
        return found

    floor, _ = _paused_gc(read_and_scan)
    compare("documents", seconds, floor, "per document, in one process: libyaml composes the curated file, one regex "
            "pass finds the digit and numeral runs of the source, and `quote in line` for every claim, honour and "
            "exclusion")

    seconds, tables = _paused_gc(lambda: make_tables(context, results))
    results = []
    seconds_v, _ = _paused_gc(lambda: validate(tables, context))
    floor, failures = _paused_gc(lambda: sum(plain_checks(bind(name, context.vocabulary.sections), frame)
                                             for name, frame in tables.frames.items()))
    if failures:
        raise RuntimeError(f"the plain checks found {failures} failures that pandera did not")
    compare("validate", seconds_v, floor, "the same checks of the pandera schemas as plain vectorised pandas")

    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        seconds, _ = _paused_gc(lambda: publish(tables, context, Path(tmp) / "published", parallel=False))
        plain = Path(tmp) / "plain"
        plain.mkdir()

        def write() -> None:
            for name, frame in tables.frames.items():
                table = pa.Table.from_pandas(frame, preserve_index=False)
                pq.write_table(table, plain / f"{name}.parquet", compression="zstd")
                pacsv.write_csv(table, plain / f"{name}.csv")

        floor, _ = _paused_gc(write)
    compare("publish", seconds, floor, "pyarrow writes each table once as Parquet (zstd) and CSV (the pipeline also "
            "writes SQLite with full-text search, Web Annotations, Croissant and Datasette metadata, and reads "
            "every file back)")
    return {"label": label, "claims": len(tables.frames["claims"]), "rows": rows}


# --- report ----------------------------------------------------------------------------------------

def _mib(kib: int) -> float:
    return kib / 1024


def _shown_mib(kib: int) -> str:
    """MiB, or a dash for a build over before its memory was first sampled."""
    return f"{_mib(kib):,.0f}" if kib else "–"


def report(results: dict[str, Any]) -> tuple[str, str]:
    """The printed table and its Markdown twin."""
    text: list[str] = []
    md: list[str] = []
    env = results["machine"]
    versions = ", ".join(f"{k} {v}" for k, v in env["versions"].items())
    text.append(f"pingan_data benchmarks, {env['date']}")
    text.append(f"  {env['cpu']}, {env['cores']} cores, {env['memory_gib']} GiB; {env['os']}; Python {env['python']}")
    text.append(f"  {versions}; load average at start {', '.join(f'{x:.2f}' for x in env['load_average'])}")
    probes = f"{results['probe_start'] * 1000:.0f} ms at the start, {results['probe_end'] * 1000:.0f} ms at the end"
    text.append(f"  CPU probe (a fixed Python loop; lower is faster): {probes}")
    md += [f"- **Date:** {env['date']}", f"- **Machine:** {env['cpu']}, {env['cores']} cores, {env['memory_gib']} GiB "
           f"RAM; {env['os']}", f"- **Python** {env['python']}; {versions}",
           f"- **Load average at start:** {', '.join(f'{x:.2f}' for x in env['load_average'])}",
           f"- **CPU probe** (`bench.run.cpu_probe`, a fixed Python loop; lower is faster): {probes}", ""]
    targets: list[tuple[str, str, str]] = []

    if "import" in results:
        r = results["import"]
        ok = r["overhead"] * 1000 <= IMPORT_OVERHEAD_MS
        text += ["", f"1. Cold import (median of {r['repeat']} fresh processes)",
                 f"   python -c pass               {r['bare'] * 1000:8.1f} ms",
                 f"   python -c 'import pingan_data' {r['import'] * 1000:6.1f} ms",
                 f"   overhead                     {r['overhead'] * 1000:8.1f} ms   "
                 f"target <= {IMPORT_OVERHEAD_MS:.0f} ms: {_verdict(ok)}"]
        md += ["### 1. Cold import", "", f"Median of {r['repeat']} fresh processes, interleaved.", "",
               "| command | median |", "|---|---:|", f"| `python -c pass` | {r['bare'] * 1000:.1f} ms |",
               f"| `python -c 'import pingan_data'` | {r['import'] * 1000:.1f} ms |",
               f"| **overhead** | **{r['overhead'] * 1000:.1f} ms** |", ""]
        targets.append(("import pingan_data over a bare interpreter", f"≤ {IMPORT_OVERHEAD_MS:.0f} ms",
                        f"{r['overhead'] * 1000:.1f} ms: {_verdict(ok)}"))
    if "load" in results:
        r = results["load"]
        ok = r["ratio"] <= LOAD_RATIO
        text += ["", f"2. Cold load of the claims table (median of {r['repeat']} fresh processes; clock from the first "
                 "import to the DataFrame)",
                 f"   pingan_data.load('claims')          {r['library'] * 1000:8.1f} ms  (whole process "
                 f"{r['library_process'] * 1000:.1f} ms)",
                 f"   floor: pyarrow read + to_pandas()   {r['floor'] * 1000:8.1f} ms  (whole process "
                 f"{r['floor_process'] * 1000:.1f} ms)",
                 f"   ratio                               {r['ratio']:8.2f}     target <= {LOAD_RATIO}: {_verdict(ok)}"
                 f"  (fastest runs {r['min_ratio']:.2f}, whole process {r['process_ratio']:.2f})"]
        md += ["### 2. Cold load of the claims table", "",
               f"Median of {r['repeat']} fresh processes; each clocks itself from its first import to the "
               "DataFrame (the whole process, interpreter start included, in brackets).", "",
               "| | median | whole process |", "|---|---:|---:|",
               f"| `pingan_data.load('claims')` | {r['library'] * 1000:.1f} ms | "
               f"{r['library_process'] * 1000:.1f} ms |",
               f"| floor: `pq.read_table(…).to_pandas()` | {r['floor'] * 1000:.1f} ms | "
               f"{r['floor_process'] * 1000:.1f} ms |",
               f"| **ratio** | **{r['ratio']:.2f}** | {r['process_ratio']:.2f} |", "",
               f"Ratio of the fastest runs: {r['min_ratio']:.2f}.", ""]
        targets.append(("claims load against the pyarrow floor", f"≤ {LOAD_RATIO}×", f"{r['ratio']:.2f}×: "
                        f"{_verdict(ok)}"))
    if "scale" in results:
        r = results["scale"]
        sizes: list[Size] = r["sizes"]
        before = r["before"]
        text += ["", "3. Builds (python -m pipeline build --timings in a child process; seconds; memory: the largest "
                 "process / all the build's processes together, proportional set sizes)"]
        md += ["### 3. Builds, this pipeline beside the one before", "",
               "`python -m pipeline build --root CORPUS --out TMP --timings` in a child process. *cold*: no cache; "
               "*no-change*: the same build again; *one-edit*: a comment appended to one curated document, then "
               "the build (no row changes: every file is taken from the last publication); *value-edit*: a "
               "curator's note given to one claim of that document, then the build (one row of the claims table "
               "changes, and every file made from it; not for the real data, whose version is released); "
               "*dry-run*: another edit, then `build --dry-run` (every check, nothing published). "
               f"*before*: the pipeline at commit {before or '(not measured)'}"
               f"{' (the start of the round of data 0.3.0)' if before == BEFORE else ''}, building the corpus of "
               "the same size and seed that its own generator writes (its records may lack fields it does not "
               "read). *web*: the web edition of the package the cold build made. Memory, sampled every half "
               "second: the peak of the largest single "
               "process and of all the build's processes together (proportional set sizes: a page shared by the "
               "forked workers counts once). \"others\": CPU seconds other processes on the machine used "
               "meanwhile, the memory sampler included (its share in brackets).", "",
               "| size | docs | claims | pipeline | build | documents | stages (s) | wall s | CPU s | others | "
               "largest MiB | all MiB |", "|---|---:|---:|---|---|---|---|---:|---:|---:|---:|---:|"]
        for size in sizes:
            for run in size.runs:
                stages = " · ".join(f"{k} {v:.2f}" for k, v in run.stages.items())
                text.append(f"   {size.label:>10} {size.documents:>6,} {size.claims:>9,} {run.pipeline:<7} "
                            f"{run.kind:<10} {run.wall:>8.2f} s  cpu {run.cpu:>7.2f}  {_mib(run.peak_kib):>7,.0f} / "
                            f"{_mib(run.tree_kib):>7,.0f} MiB  {run.checked:<24} {stages}")
                md.append(f"| {size.label} | {size.documents:,} | {size.claims:,} | {run.pipeline} | {run.kind} | "
                          f"{run.checked} | {stages} | {run.wall:.2f} | {run.cpu:.2f} | "
                          f"{run.others:.1f} ({run.sampler:.1f}) | {_shown_mib(run.peak_kib)} | "
                          f"{_shown_mib(run.tree_kib)} |")
        md.append("")

        def at(documents: int) -> Size | None:
            return next((z for z in sizes if z.documents == documents and z.label != "real"
                         and not z.label.endswith(WORST)), None)

        def check(name: str, limit: str, ok: bool, value: str) -> None:
            targets.append((name, limit, f"{value}: {_verdict(ok)}"))

        real = sizes[0]
        for kind, limit in (("no-change", REAL_NO_CHANGE),):
            run = real.run("after", kind)
            if run:
                check("real data: no-change rebuild", f"≤ {limit:.0f} s", run.wall <= limit, f"{run.wall:.2f} s")
        thousand, ten_thousand = at(1000), at(10_000)
        if thousand is not None:
            for kind, name, limit in (("one-edit", "one document edited, no row changed: rebuild", EDIT_SECONDS),
                                      ("value-edit", "one claim's row changed: rebuild", EDIT_SECONDS),
                                      ("dry-run", "one document edited: build --dry-run", DRY_RUN_SECONDS),
                                      ("no-change", "no-change rebuild", NO_CHANGE_SECONDS)):
                run = thousand.run("after", kind)
                if run:
                    check(f"1000 documents: {name}", f"≤ {limit:.0f} s", run.wall <= limit, f"{run.wall:.2f} s")
            cold = thousand.run("after", "cold")
            if cold:
                check(f"{thousand.claims:,} claims: cold build", f"≤ {COLD_SECONDS:.0f} s", cold.wall <= COLD_SECONDS,
                      f"{cold.wall:.1f} s")
                check(f"{thousand.claims:,} claims: cold build, peak memory", f"≤ {COLD_PEAK_BYTES / 1e9:.1f} GB",
                      cold.tree_kib * 1024 <= COLD_PEAK_BYTES, f"{cold.tree_kib * 1024 / 1e9:.2f} GB all processes "
                      f"({cold.peak_kib * 1024 / 1e9:.2f} GB the largest)")
        if ten_thousand is not None:
            cold = ten_thousand.run("after", "cold")
            if cold:
                check(f"{ten_thousand.claims:,} claims (10,000 documents): cold build",
                      f"≤ {LARGE_SECONDS / 60:.0f} min", cold.wall <= LARGE_SECONDS, f"{cold.wall / 60:.1f} min")
                check(f"{ten_thousand.claims:,} claims: cold build, peak memory", f"≤ {LARGE_PEAK_BYTES / 1e9:.0f} GB",
                      cold.tree_kib * 1024 <= LARGE_PEAK_BYTES, f"{cold.tree_kib * 1024 / 1e9:.2f} GB all processes "
                      f"({cold.peak_kib * 1024 / 1e9:.2f} GB the largest)")
        scaled = [z for z in sizes if z.label != "real" and not z.label.endswith(WORST) and z.run("after", "cold")]
        for small, large in zip(scaled, scaled[1:], strict=False):
            grew = large.claims / small.claims
            if grew >= 5:
                took = large.run("after", "cold").wall / small.run("after", "cold").wall
                check(f"growth {small.documents:,} → {large.documents:,} documents", f"≤ ×{grew:.0f} (linear)",
                      took <= grew, f"×{grew:.0f} claims → ×{took:.1f} time")
        for size in sizes:
            now, then = size.run("after", "one-edit"), size.run("before", "one-edit")
            if now and then:
                text.append(f"   {size.label}: one document edited, rebuild {then.wall:.2f} s before → "
                            f"{now.wall:.2f} s now (dry run {size.run('after', 'dry-run').wall:.2f} s)")
        corpora = [z for z in sizes if z.corpus]
        if corpora:
            md += ["Synthetic corpora (`bench/generate.py`, seed 0):", "",
                   "| size | documents | claims | honours | exclusions | metrics | numbers in the ledger | "
                   "sources MB | curated MB |", "|---|" + "---:|" * 8]
            md += [f"| {z.label} | {z.corpus['documents']:,} | {z.corpus['claims']:,} | {z.corpus['honors']:,} | "
                   f"{z.corpus['excluded']:,} | {z.corpus['metrics']:,} | {z.corpus['numbers']:,} | "
                   f"{z.corpus['source_bytes'] / 1e6:.1f} | {z.corpus['curated_bytes'] / 1e6:.1f} |" for z in corpora]
            md.append("")
    if "floors" in results:
        r = results["floors"]
        text += ["", f"4. Stages against their floors ({r['label']}, {r['claims']:,} claims; one process, cyclic "
                 "GC paused for both)", f"   {'stage':<10} {'pipeline':>9} {'floor':>9} {'ratio':>7}  floor"]
        md += ["### 4. Stages against their floors", "",
               f"On the {r['label']} corpus ({r['claims']:,} claims), one stage after the other in one process, "
               "each followed by its floor on the same data; the cyclic garbage collector is paused for both, as "
               "the build pauses it.", "", "| stage | pipeline s | floor s | ratio | the floor |",
               "|---|---:|---:|---:|---|"]
        for row in r["rows"]:
            text.append(f"   {row['stage']:<10} {row['pipeline']:>9.3f} {row['floor']:>9.3f} {row['ratio']:>6.1f}×  "
                        f"{row['floor_is']}")
            md.append(f"| {row['stage']} | {row['pipeline']:.3f} | {row['floor']:.3f} | {row['ratio']:.1f}× | "
                      f"{row['floor_is']} |")
        md.append("")
    if targets:
        text += ["", "Targets"] + [f"   {name:<44} {limit:<18} {value}" for name, limit, value in targets]
        md += ["### Targets", "", "| target | limit | measured |", "|---|---|---|"]
        md += [f"| {name} | {limit} | {value} |" for name, limit, value in targets]
    return "\n".join(text), "\n".join(md) + "\n"


def _jsonable(value: Any) -> Any:
    if isinstance(value, Run | Size):
        return _jsonable(dict(value.__dict__))
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python bench/run.py", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="the real data, 10 and 100 documents only; floors at 10 documents; fewer repeats")
    parser.add_argument("--sizes", default="10,100",
                        help="synthetic corpora of this many documents as large as the real corpus (default 10,100)")
    parser.add_argument("--claims", default="100000",
                        help="synthetic corpora of this many claims, 100 per document (default 100000: 1000 "
                             "documents; 1000000 adds 10,000 documents, about 12 minutes cold on 2 cores: "
                             "see BENCHMARKS.md; empty for none)")
    parser.add_argument("--worst", default="100000",
                        help="synthetic corpora of this many claims, a metric of its own for every claim, built cold "
                             "once beside the shared-metric corpora (default 100000; empty for none)")
    parser.add_argument("--floors-at", type=int, default=100,
                        help="documents (as large as the real corpus) of the corpus the stages meet their floors on")
    parser.add_argument("--repeat", type=int, default=21, help="fresh processes per cold measurement (default 21)")
    parser.add_argument("--only", default="import,load,scale,floors", help="which parts to run (comma-separated)")
    parser.add_argument("--before", default=BEFORE,
                        help=f"git commit of the pipeline to build beside this one (default {BEFORE}; '' for none)")
    parser.add_argument("--tag", help="write results-TAG.json and results-TAG.md instead of results.*")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.claims, args.worst, args.floors_at, args.repeat = "10,100", "", "", 10, 7
    parts = set(args.only.split(","))
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"machine": machine(), "probe_start": cpu_probe()}
    started = time.perf_counter()
    if "import" in parts:
        print("1. cold import…", file=sys.stderr)
        results["import"] = cold_import(args.repeat)
    if "load" in parts:
        print("2. cold load…", file=sys.stderr)
        results["load"] = cold_load(args.repeat)
    if "scale" in parts:
        print("3. builds…", file=sys.stderr)
        real = real_claim_count()
        sizes = [(f"{m}×", m * real, real) for m in (int(x) for x in args.sizes.split(",") if x)]
        sizes += [(f"{c:,}", c, 100) for c in (int(x) for x in args.claims.split(",") if x)]
        results["scale"] = scale(sizes, args.before or None, edits_from=100,
                                 worst=[int(x) for x in args.worst.split(",") if x])
    if "floors" in parts:
        print("4. stages against their floors…", file=sys.stderr)
        root, _ = corpus(args.floors_at * real_claim_count())
        results["floors"] = floors(root, f"{args.floors_at}×")
    results["seconds"] = round(time.perf_counter() - started, 1)
    results["probe_end"] = cpu_probe()
    text, md = report(results)
    print(text)
    name = f"results-{args.tag}" if args.tag else "results"
    print(f"\n(benchmarks took {results['seconds']:.0f} s; results in {OUT.relative_to(REPO)}/{name}.json and "
          f"{name}.md)")
    (OUT / f"{name}.json").write_text(json.dumps(_jsonable(results), indent=2, ensure_ascii=False) + "\n")
    (OUT / f"{name}.md").write_text(md, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
