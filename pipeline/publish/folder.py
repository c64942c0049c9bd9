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

from pingan_data.package import MAX_DESCRIPTOR_BYTES, safe_relative
from pipeline.core import files, outputs

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
        package = json.loads(files.read(folder / "datapackage.json", folder, MAX_DESCRIPTOR_BYTES))
        return {"datapackage.json", *(r["path"] for r in package["resources"] if safe_relative(r["path"]))}
    except (files.Refused, ValueError, TypeError, KeyError, AttributeError):
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


def swap(staging: Path, target: Path) -> Path | None:
    """Replace ``target`` by ``staging`` with two renames; on failure the previous publication is put back.

    Returns the previous publication, kept beside the new one until the files made with it are in place too
    (``settle`` removes it, ``unswap`` puts it back); None when there was none.
    """
    previous = target.with_name(f".{target.name}.previous")
    had = target.exists()
    if had:
        os.rename(target, previous)
    try:
        os.rename(staging, target)
    except BaseException:
        recover(target)  # put the previous publication back at once
        raise
    return previous if had else None


def unswap(target: Path, previous: Path | None) -> None:
    """Undo a swap: the new publication at ``target`` is removed and the previous one put back (raises OSError
    when it cannot be)."""
    shutil.rmtree(target)
    if previous is not None:
        os.rename(previous, target)


def settle(previous: Path | None) -> None:
    """The new publication is in place with everything made with it: the previous one goes (a leftover is cleared
    by the next build)."""
    if previous is not None:
        shutil.rmtree(previous, ignore_errors=True)


__all__ = ["MARKER", "MARKER_HEADER", "claim", "recover", "settle", "shown", "siblings", "swap", "unswap"]
