"""``python -m tests.added_report DIR``: grow a copy of this checkout by the report, in DIR."""

import sys
from pathlib import Path

from tests.added_report import grow

target = Path(sys.argv[1]).resolve()
runs = grow(target)
for step in ("draft", "build"):
    print(f"{step}: exit {runs[step].returncode}\n{runs[step].stdout}{runs[step].stderr}", end="")
sys.exit(max(runs[step].returncode for step in ("draft", "build")))
