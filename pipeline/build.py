"""Raw sources + curated files → published data package: the stages in order."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pipeline.load import load_inputs
from pipeline.normalize import normalize
from pipeline.paths import Paths
from pipeline.publish import publish, recover
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


def build(paths: Paths | None = None, target: Path | None = None,
          timings: dict[str, float] | None = None) -> Path:
    """Run load → verify → normalize → validate → publish; return the published folder (raises BuildError)."""
    paths = paths or Paths()
    clock: dict[str, float] = timings if timings is not None else {}

    def stage(name: str, run: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        with _cycle_collector_paused():
            result = run()
        clock[name] = time.perf_counter() - started
        return result

    recover(target or paths.published)  # a swap cut short by a crash is undone before anything else
    inputs = stage("load", lambda: load_inputs(paths))
    verified = stage("verify", lambda: verify(inputs))
    tables = stage("normalize", lambda: normalize(verified))
    inputs = verified = None  # the tables hold all that is published: free the records before writing
    stage("validate", lambda: validate(tables))
    return stage("publish", lambda: publish(tables, paths, target))
