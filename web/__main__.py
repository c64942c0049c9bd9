"""Command line: ``python -m web build [--package DIR] [--out DIR]``.

Exit status: 0 on success; 1 if the package is missing, damaged, or not the one this version was
published with; 2 for a usage error; 3 if the output folder is refused (not the site's own, a file, in
use by another build) or cannot be written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pingan_data.errors import DataIntegrityError
from pipeline.core.outputs import OutputError
from web.build import DEFAULT_OUT, DEFAULT_PACKAGE, build

PROG = "python -m web"


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and build the site; returns the exit status."""
    parser = argparse.ArgumentParser(prog=PROG, description="Build the static web edition.",
                                     epilog=(__doc__ or "").split("\n\n")[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="build the site from the published data package")
    build_cmd.add_argument("--package", type=Path, default=DEFAULT_PACKAGE, help="published package folder")
    build_cmd.add_argument("--out", type=Path, default=DEFAULT_OUT,
                           help="output folder: new, empty, or a site built here before (default: site)")
    args = parser.parse_args(argv)
    try:
        written = build(args.package, args.out)
    except DataIntegrityError as err:
        print(f"{PROG}: error: the package in {args.package} is refused: {err}", file=sys.stderr)
        return 1
    except OutputError as err:
        print(f"{PROG}: error: {err.folder}: {err.message} ({err.code})", file=sys.stderr)
        return 3
    except OSError as err:
        print(f"{PROG}: error: could not write {err.filename or args.out}: {err.strerror or err}", file=sys.stderr)
        return 3
    print(f"site: {len(written)} files written to {args.out}/ (open {args.out / 'index.html'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
