"""Command line: ``python -m web build [--package DIR] [--out DIR]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from web.build import DEFAULT_OUT, DEFAULT_PACKAGE, build


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and build the site; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m web", description="Build the static web edition.")
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="build the site from the published data package")
    build_cmd.add_argument("--package", type=Path, default=DEFAULT_PACKAGE, help="published package folder")
    build_cmd.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    args = parser.parse_args(argv)
    written = build(args.package, args.out)
    print(f"site: {len(written)} files written to {args.out}/ (open {args.out / 'index.html'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
