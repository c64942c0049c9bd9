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
STAGES = ("load", "verify", "normalize", "validate", "publish")

#: The targets of the issue "Measure speed and scale".
IMPORT_OVERHEAD_MS = 50.0
LOAD_RATIO = 1.2
TARGET_CLAIMS = 100_000
TARGET_SECONDS = 60.0
TARGET_PEAK_BYTES = 1.5e9  # 1.5 GB, read strictly (decimal: 1,430 MiB)
GROWTH_PER_10X = 12.0
REBUILD_SECONDS = 2.0


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


# --- 3: the build at scale -------------------------------------------------------------------------

@dataclass
class Build:
    """One build of a corpus by `python -m pipeline build` in a child process."""

    label: str
    claims: int
    documents: int
    stages: dict[str, float]
    wall: float
    cpu: float
    peak_kib: int
    corpus: dict[str, int] = field(default_factory=dict)
    walls: list[float] = field(default_factory=list)  # every run's wall time, when the best of several is kept
    others: float = 0.0  # CPU seconds that other processes used meanwhile (a busy neighbour slows the build)

    @property
    def work(self) -> float:
        return sum(self.stages.values())


def corpus(claims: int, per_doc: int | None = None, seed: int = 0) -> tuple[Path, dict[str, int]]:
    """A synthetic corpus below bench/out/corpora, generated again only when the generator changed."""
    per_doc = per_doc or per_document(claims)
    generator = (REPO / "bench" / "generate.py").read_bytes() + (REPO / "datasets/curated/vocabulary.yml").read_bytes()
    stamp = {"claims": claims, "per_document": per_doc, "seed": seed,
             "generator": hashlib.sha256(generator).hexdigest()}
    root = OUT / "corpora" / f"{claims}-{per_doc}-s{seed}"
    stamp_file = root / "stamp.json"
    if stamp_file.is_file():
        saved = json.loads(stamp_file.read_text())
        if saved.get("stamp") == stamp:
            return root, saved["stats"]
    started = time.perf_counter()
    stats = generate(root, claims, per_doc, seed).as_dict()
    stats["generate_seconds"] = round(time.perf_counter() - started, 2)
    stamp_file.write_text(json.dumps({"stamp": stamp, "stats": stats}))
    return root, stats


def build(label: str, root: Path, claims: int, documents: int, pipeline: Path = REPO) -> Build:
    """Build ``root`` with the pipeline of ``pipeline`` (a checkout) in a child process; its stage seconds, wall,
    CPU and peak RSS."""
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        out, err = Path(tmp) / "stdout", Path(tmp) / "stderr"
        argv = [sys.executable, "-m", "pipeline", "build", "--root", str(root), "--out", str(Path(tmp) / "published"),
                "--timings"]
        with out.open("w") as stdout, err.open("w") as stderr:
            busy, started = _busy_seconds(), time.perf_counter()
            child = subprocess.Popen(argv, cwd=pipeline, stdout=stdout, stderr=stderr)
            _, status, usage = os.wait4(child.pid, 0)
            wall, busy = time.perf_counter() - started, _busy_seconds() - busy
            child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            raise RuntimeError(f"the build of {root} failed:\n{err.read_text()[-3000:]}")
        stages = {m[1]: float(m[2]) for m in re.finditer(r"^\s+(\w+)\s+([\d.]+) s$", out.read_text(), re.M)}
    cpu = usage.ru_utime + usage.ru_stime
    return Build(label, claims, documents, stages, wall, cpu, usage.ru_maxrss, others=max(0.0, busy - cpu))


def scale(multiples: list[int], target_claims: int, per_doc: int | None, rebuilds: int, runs: int = 2,
          pipeline: Path = REPO) -> dict[str, Any]:
    """The real data rebuilt ``rebuilds`` times, then each synthetic size built ``runs`` times (the fastest run is
    kept: the machine may be shared, and a slow run says more about the neighbours than about the pipeline)."""
    real = real_claim_count()
    builds: list[Build] = []
    rebuild = [build("real", pipeline, real_claim_count(pipeline),
                     len(list((pipeline / "datasets/sources").glob("*.txt"))), pipeline) for _ in range(rebuilds)]
    builds.append(min(rebuild, key=lambda b: b.wall))
    sizes = [(f"{m}×", m * real) for m in multiples]
    if target_claims:
        sizes.append((f"{target_claims:,}", target_claims))
    for label, claims in sizes:
        root, stats = corpus(claims, per_doc)
        print(f"  building {label} ({claims:,} claims in {stats['documents']} documents)…", file=sys.stderr)
        tries = [build(label, root, claims, stats["documents"], pipeline) for _ in range(runs)]
        result = min(tries, key=lambda b: b.wall)
        result.corpus, result.walls = stats, [round(b.wall, 2) for b in tries]
        builds.append(result)
    return {"real_claims": real, "rebuild_median": _median([b.wall for b in rebuild]),
            "rebuild_runs": [round(b.wall, 3) for b in rebuild], "builds": builds}


# --- 4: each stage against its floor ---------------------------------------------------------------

def plain_checks(model: Any, frame: Any) -> int:
    """The checks of a pandera model as plain vectorised pandas; the number of failing cells or rows."""
    import pandas as pd

    schema = model.to_schema()
    failures = int(list(frame.columns) != list(schema.columns))
    for name, column in schema.columns.items():
        series = frame[name]
        kind = str(column.dtype)
        if kind == "Int64":
            failures += int(str(series.dtype) != "Int64")
        elif kind == "float64":
            failures += int(series.dtype != "float64")
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
    import pandas as pd
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq
    import yaml
    from pipeline.normalize import normalize
    from pipeline.verify import verify

    from pipeline.load import load_inputs
    from pipeline.paths import Paths
    from pipeline.publish import publish
    from pipeline.text import to_simplified
    from pipeline.validate import validate
    from schemas import TABLES

    paths = Paths(root)
    rows: list[dict[str, Any]] = []

    def compare(stage: str, seconds: float, floor: float, what: str) -> None:
        rows.append({"stage": stage, "pipeline": seconds, "floor": floor, "ratio": seconds / floor, "floor_is": what})

    yaml_files = [paths.vocabulary, paths.metrics, paths.sources_meta, *paths.curated_documents()]
    seconds, inputs = _paused_gc(lambda: load_inputs(paths))

    def compose() -> None:
        for path in yaml_files:
            loader = yaml.CSafeLoader(path.read_text(encoding="utf-8"))
            try:
                loader.get_single_node()
            finally:
                loader.dispose()

    floor, _ = _paused_gc(compose)
    compare("load", seconds, floor, "libyaml composes every curated file (CSafeLoader.get_single_node): the node "
            "tree with line numbers that the loader reads")
    floor, _ = _paused_gc(lambda: [yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
                                   for p in yaml_files])
    compare("load", seconds, floor, "yaml.load with libyaml (CSafeLoader): Python objects, no line numbers")

    seconds, verified = _paused_gc(lambda: verify(inputs))

    def substring_scan() -> int:
        found = 0
        for doc in inputs.documents:
            lines = (paths.sources / doc.source).read_text(encoding="utf-8").split("\n")
            for record in (*doc.claims, *doc.honors):
                found += record.data["quote"] in lines[record.data["line"] - 1]
            for entry in doc.excluded:
                found += entry.data["text"] in lines[entry.data["line"] - 1]
        return found

    floor, _ = _paused_gc(substring_scan)
    compare("verify", seconds, floor, "`quote in line` for every claim, honour and exclusion (sources read)")
    numbers = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?|[零〇一二两兩三四五六七八九十百千万萬亿億]+")
    floor, _ = _paused_gc(lambda: sum(len(numbers.findall(line)) for source in verified.sources.values()
                                      for line in source.lines))
    compare("verify", seconds, floor, "one regex pass over every source line for digit and numeral runs "
            "(the ledger's scan, without its rules)")

    seconds, tables = _paused_gc(lambda: normalize(verified))

    def plain_frames() -> list[Any]:
        claims = [r.data | {"quote_hans": to_simplified(r.data["quote"])}
                  for doc in inputs.documents for r in doc.claims]
        honors = [r.data | {"quote_hans": to_simplified(r.data["quote"])}
                  for doc in inputs.documents for r in doc.honors]
        mentions = [(m.source_file, m.line, m.start, m.end, m.text, m.kind, m.status, m.claim_id, m.honor_id,
                     m.role, m.reason) for m in verified.mentions]
        return [pd.DataFrame(claims), pd.DataFrame(honors), pd.DataFrame([m.data for m in inputs.metrics]),
                pd.DataFrame(mentions)]

    floor, _ = _paused_gc(plain_frames)
    compare("normalize", seconds, floor, "pd.DataFrame of the records, with an OpenCC copy of each quote")

    seconds, _ = _paused_gc(lambda: validate(tables))
    floor, failures = _paused_gc(lambda: sum(plain_checks(TABLES[name].model, frame)
                                             for name, frame in tables.frames.items()))
    if failures:
        raise RuntimeError(f"the plain checks found {failures} failures that pandera did not")
    compare("validate", seconds, floor, "the same checks of the pandera models as plain vectorised pandas")

    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        seconds, _ = _paused_gc(lambda: publish(tables, paths, Path(tmp) / "published"))
        plain = Path(tmp) / "plain"
        plain.mkdir()

        def write() -> None:
            for name, frame in tables.frames.items():
                table = pa.Table.from_pandas(frame, preserve_index=False)
                pq.write_table(table, plain / f"{name}.parquet", compression="zstd")
                pacsv.write_csv(table, plain / f"{name}.csv")

        floor, _ = _paused_gc(write)
    compare("publish", seconds, floor, "pyarrow writes each table once as Parquet (zstd) and CSV")
    claims = sum(len(doc.claims) for doc in inputs.documents)
    return {"label": label, "claims": claims, "rows": rows}


# --- report ----------------------------------------------------------------------------------------

def _mib(kib: int) -> float:
    return kib / 1024


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
        builds: list[Build] = r["builds"]
        head = (f"   {'size':>9} {'claims':>8} {'docs':>5} " + " ".join(f"{s:>9}" for s in STAGES)
                + f" {'stages':>8} {'wall':>8} {'cpu':>8} {'others':>7} {'claims/s':>9} {'peak MiB':>9} {'growth':>14}")
        runs = max((len(b.walls) for b in builds), default=1)
        text += ["", f"3. Build at scale (python -m pipeline build in a child process, fastest of {runs}; seconds)",
                 head]
        md += ["### 3. Build at scale", "",
               f"`python -m pipeline build --root CORPUS --out TMP --timings` in a child process, the fastest of "
               f"{runs} runs per size; stage seconds as "
               "the build prints them, wall and CPU (user + system) of the whole process, peak resident memory "
               "from `wait4`; \"others\": CPU seconds that other processes on the machine used meanwhile "
               "(from /proc/stat; a busy neighbour slows a build). Claims per second count the whole process. "
               "Growth: how many times the stage time "
               "grew against how many times the claims grew, from the row above.", "",
               "| size | claims | docs | " + " | ".join(STAGES) + " | stages | wall | CPU | others | claims/s | "
               "peak MiB | growth |", "|---|---:|---:|" + "---:|" * 11 + "---|"]
        previous: Build | None = None
        for b in builds:
            growth = ""
            if previous is not None and b.label != "real" and previous.label != "real":
                growth = f"×{b.claims / previous.claims:.1f} → ×{b.work / previous.work:.1f}"
            text.append(f"   {b.label:>9} {b.claims:>8,} {b.documents:>5} "
                        + " ".join(f"{b.stages.get(s, float('nan')):>9.2f}" for s in STAGES)
                        + f" {b.work:>8.2f} {b.wall:>8.2f} {b.cpu:>8.2f} {b.others:>7.1f} {b.claims / b.wall:>9,.0f}"
                        f" {_mib(b.peak_kib):>9,.0f} {growth:>14}")
            md.append(f"| {b.label} | {b.claims:,} | {b.documents} | "
                      + " | ".join(f"{b.stages.get(s, float('nan')):.2f}" for s in STAGES)
                      + f" | {b.work:.2f} | {b.wall:.2f} | {b.cpu:.2f} | {b.others:.1f} | {b.claims / b.wall:,.0f} | "
                      f"{_mib(b.peak_kib):,.0f} | {growth} |")
            previous = b
        text.append(f"   no-change rebuild of the real data: median {r['rebuild_median']:.2f} s over "
                    f"{len(r['rebuild_runs'])} runs   target <= {REBUILD_SECONDS:.0f} s: "
                    f"{_verdict(r['rebuild_median'] <= REBUILD_SECONDS)}")
        md += ["", f"No-change rebuild of the real data (`python -m pipeline build`, into a temporary folder): "
               f"median **{r['rebuild_median']:.2f} s** of {len(r['rebuild_runs'])} runs.", ""]
        targets.append(("no-change rebuild of the real data", f"≤ {REBUILD_SECONDS:.0f} s",
                        f"{r['rebuild_median']:.2f} s: {_verdict(r['rebuild_median'] <= REBUILD_SECONDS)}"))
        scaled = [b for b in builds if b.label != "real"]
        for a, b in zip(scaled, scaled[1:], strict=False):
            if round(b.claims / a.claims) == 10:
                ratio = b.work / a.work
                text.append(f"   growth {a.label} → {b.label}: ×10 claims → ×{ratio:.1f} stage time, "
                            f"×{b.wall / a.wall:.1f} wall   target <= ×{GROWTH_PER_10X:.0f}: "
                            f"{_verdict(ratio <= GROWTH_PER_10X)}")
                targets.append((f"growth {a.label} → {b.label} (10× the claims)", f"≤ {GROWTH_PER_10X:.0f}× the time",
                                f"×{ratio:.1f}: {_verdict(ratio <= GROWTH_PER_10X)}"))
        target = next((b for b in builds if b.claims == TARGET_CLAIMS), None)
        if target is not None:
            fast, small = target.wall <= TARGET_SECONDS, target.peak_kib * 1024 <= TARGET_PEAK_BYTES
            text.append(f"   {TARGET_CLAIMS:,} claims: {target.wall:.1f} s wall (target <= {TARGET_SECONDS:.0f} s: "
                        f"{_verdict(fast)}), peak {_mib(target.peak_kib):,.0f} MiB = "
                        f"{target.peak_kib * 1024 / 1e9:.2f} GB (target <= 1.5 GB: {_verdict(small)})")
            targets.append((f"{TARGET_CLAIMS:,} claims: build time", f"≤ {TARGET_SECONDS:.0f} s",
                            f"{target.wall:.1f} s: {_verdict(fast)}"))
            targets.append((f"{TARGET_CLAIMS:,} claims: peak memory", "≤ 1.5 GB",
                            f"{target.peak_kib * 1024 / 1e9:.2f} GB ({_mib(target.peak_kib):,.0f} MiB): "
                            f"{_verdict(small)}"))
        corpora = [b for b in builds if b.corpus]
        if corpora:
            md += ["Synthetic corpora (`bench/generate.py`, seed 0):", "",
                   "| size | documents | claims | honours | exclusions | metrics | numbers in the ledger | "
                   "sources MB | curated MB |", "|---|" + "---:|" * 8]
            md += [f"| {b.label} | {b.corpus['documents']:,} | {b.corpus['claims']:,} | {b.corpus['honors']:,} | "
                   f"{b.corpus['excluded']:,} | {b.corpus['metrics']:,} | {b.corpus['numbers']:,} | "
                   f"{b.corpus['source_bytes'] / 1e6:.1f} | {b.corpus['curated_bytes'] / 1e6:.1f} |" for b in corpora]
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
    if isinstance(value, Build):
        return {**value.__dict__, "work": value.work}
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python bench/run.py", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="sizes 10× and 100× only, no 100,000-claim build, floors at 10×, fewer repeats")
    parser.add_argument("--sizes", default="10,100,1000",
                        help="multiples of the real claim count (default 10,100,1000)")
    parser.add_argument("--target-claims", type=int, default=TARGET_CLAIMS,
                        help=f"also build this many claims (default {TARGET_CLAIMS:,}; 0 skips)")
    parser.add_argument("--per-document", type=int,
                        help="claims per synthetic document (default: the real claim count, more above 1000 documents)")
    parser.add_argument("--floors-at", type=int, default=1000,
                        help="multiple at which the stages meet their floors (default 1000)")
    parser.add_argument("--repeat", type=int, default=21, help="fresh processes per cold measurement (default 21)")
    parser.add_argument("--build-runs", type=int, default=2,
                        help="builds per synthetic size, the fastest kept (default 2)")
    parser.add_argument("--only", default="import,load,scale,floors", help="which parts to run (comma-separated)")
    parser.add_argument("--pipeline", type=Path, default=REPO,
                        help="build with the pipeline of another checkout (for before/after comparisons)")
    parser.add_argument("--tag", help="write results-TAG.json and results-TAG.md instead of results.*")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.target_claims, args.floors_at, args.repeat, args.build_runs = "10,100", 0, 10, 7, 1
    parts = set(args.only.split(","))
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"machine": machine(), "probe_start": cpu_probe()}
    started = time.perf_counter()
    library = (REPO / "pingan_data" / "__init__.py").is_file()
    if not library and parts & {"import", "load"}:
        print("pingan_data is not there yet: items 1-2 are skipped", file=sys.stderr)
    if library and "import" in parts:
        print("1. cold import…", file=sys.stderr)
        results["import"] = cold_import(args.repeat)
    if library and "load" in parts:
        print("2. cold load…", file=sys.stderr)
        results["load"] = cold_load(args.repeat)
    if "scale" in parts:
        print("3. build at scale…", file=sys.stderr)
        results["scale"] = scale([int(m) for m in args.sizes.split(",")], args.target_claims, args.per_document,
                                 rebuilds=5, runs=args.build_runs, pipeline=args.pipeline.resolve())
        results["pipeline"] = str(args.pipeline.resolve())
    if "floors" in parts:
        print("4. stages against their floors…", file=sys.stderr)
        root, _ = corpus(args.floors_at * real_claim_count(), args.per_document)
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
