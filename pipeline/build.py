"""Raw sources + curated files → published data package: the stages in order."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline.load import load_inputs
from pipeline.normalize import normalize
from pipeline.paths import Paths
from pipeline.publish import publish, recover
from pipeline.validate import validate
from pipeline.verify import verify


def build(paths: Paths | None = None, target: Path | None = None,
          timings: dict[str, float] | None = None) -> Path:
    """Run load → verify → normalize → validate → publish; return the published folder (raises BuildError)."""
    paths = paths or Paths()
    clock: dict[str, float] = timings if timings is not None else {}

    def stage(name: str, run: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        result = run()
        clock[name] = time.perf_counter() - started
        return result

    recover(target or paths.published)  # a swap cut short by a crash is undone before anything else
    inputs = stage("load", lambda: load_inputs(paths))
    verified = stage("verify", lambda: verify(inputs))
    tables = stage("normalize", lambda: normalize(verified))
    stage("validate", lambda: validate(tables))
    return stage("publish", lambda: publish(tables, paths, target))
