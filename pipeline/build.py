"""Raw sources + curated files → published data package: the stages in order."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pipeline import outputs
from pipeline.errors import BuildError, Problem
from pipeline.load import load_inputs
from pipeline.normalize import normalize
from pipeline.paths import Paths
from pipeline.publish import claim, publish, recover
from pipeline.validate import validate
from pipeline.verify import verify


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


def shown(path: Path, root: Path) -> str:
    """A path as problems name it: relative to the repository root when inside it."""
    path = path.absolute()
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def build(paths: Paths | None = None, target: Path | None = None,
          timings: dict[str, float] | None = None) -> Path:
    """Run load → verify → normalize → validate → publish; return the published folder (raises BuildError).

    The output folder (``target``, default datasets/published) is locked for the whole build and must be
    the build's own (new, empty, or a publication it wrote); otherwise nothing runs.
    """
    paths = paths or Paths()
    out = target or paths.published
    clock: dict[str, float] = timings if timings is not None else {}

    def stage(name: str, run: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        with _cycle_collector_paused():
            result = run()
        clock[name] = time.perf_counter() - started
        return result

    def refused(code: str, message: str) -> BuildError:
        return BuildError([Problem(shown(out, paths.root), 0, "", "", code, message)], "with the output folder")

    try:
        with outputs.lock(outputs.real(out)):
            claim(out)  # refuse a folder that is not the build's before any work
            recover(out)  # a swap cut short by a crash is undone before anything else
            inputs = stage("load", lambda: load_inputs(paths))
            verified = stage("verify", lambda: verify(inputs))
            tables = stage("normalize", lambda: normalize(verified))
            inputs = verified = None  # the tables hold all that is published: free the records before writing
            stage("validate", lambda: validate(tables))
            try:
                return stage("publish", lambda: publish(tables, paths, target))
            except OSError as err:  # a full disk, a folder without write permission
                raise refused("output-not-writable",
                              f"could not write {err.filename or out}: {err.strerror or err}") from None
    except outputs.OutputError as err:
        at = shown(err.folder, paths.root)
        raise BuildError([Problem(at, 0, "", "", err.code, err.message)], "with the output folder") from None
