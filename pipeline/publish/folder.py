"""The publication folder: its marker, its staging and previous copies, and the swap that replaces it whole.

The output folder is the build's own: a marker file (``MARKER``) lists what the build wrote, and the build
refuses a folder that holds anything else (see ``pipeline.core.outputs``). A new publication is written to a
sibling staging folder and swapped in by two renames; a swap cut short by a crash is undone by ``recover``
before the next build does anything. Nothing here reads a table: a build that finds its publication up to date
needs only this module.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from pipeline.core import outputs

#: The file that marks a folder as a publication of this build, listing the files the build wrote there.
MARKER = ".pingan-publication"
MARKER_HEADER = ("This folder is a publication of pingan_data, written by `python -m pipeline build`.\n"
                 "The build replaces it whole, so it refuses to while the folder holds a file not listed here.\n")


def shown(path: Path, root: Path) -> str:
    """A path as problems name it: relative to the build root when inside it."""
    path = path.absolute()
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def siblings(target: Path) -> tuple[Path, Path]:
    """The staging and previous copies of an output folder (beside the folder its symlinks lead to)."""
    folder = outputs.real(target)
    return folder.with_name(f".{folder.name}.staging"), folder.with_name(f".{folder.name}.previous")


def _described(folder: Path) -> set[str]:
    """The files a publication's own datapackage.json lists (the build generated it), if it can be read."""
    try:
        package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        return {"datapackage.json", *(r["path"] for r in package["resources"] if isinstance(r["path"], str))}
    except (OSError, ValueError, TypeError, KeyError):
        return set()


def claim(target: Path) -> None:
    """Raise OutputError unless the build may replace ``target``: new, empty, or a publication it wrote whose
    files are all its own (listed in its marker or its datapackage.json); and its staging and previous
    copies, if any, are its own too."""
    folder = outputs.real(target)
    outputs.claim(folder, MARKER, whole=True, also=_described(folder))
    for sibling in siblings(target):
        outputs.claim_sibling(sibling, MARKER)


def recover(target: Path) -> None:
    """Put back the previous publication if a swap was interrupted between its two renames.

    Only a previous copy the build made (it carries the marker) is moved or removed; anything else there
    is left alone (and the next publication refuses to run until it is moved away).
    """
    folder = outputs.real(target)
    _, previous = siblings(target)
    if not outputs.ours(previous, MARKER):
        return
    if not folder.exists():
        previous.rename(folder)
    else:
        shutil.rmtree(previous)


def swap(staging: Path, target: Path) -> None:
    """Replace ``target`` by ``staging`` with two renames; on failure the previous publication is put back."""
    previous = target.with_name(f".{target.name}.previous")
    if target.exists():
        os.rename(target, previous)
    try:
        os.rename(staging, target)
    except BaseException:
        recover(target)  # put the previous publication back at once
        raise
    shutil.rmtree(previous, ignore_errors=True)  # the new publication is in place: a leftover is cleared next time


__all__ = ["MARKER", "MARKER_HEADER", "claim", "recover", "shown", "siblings", "swap"]
