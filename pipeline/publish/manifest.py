"""The last build's manifest: the digest of everything a publication is made from, and what it made.

``inputs_digest`` hashes the pipeline's code and version, every curated file, raw source and archived
release; ``remember`` records it with the sha256 of the datapackage.json the build wrote, in
``.cache/builds/last.json``; ``up_to_date`` tells whether an output folder still holds, whole and unchanged,
what the last build made from the same inputs, so that the build can stop before any work. This module reads
no table and imports no data library, so that the answer takes a fraction of a second.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pipeline.core import cache, outputs
from pipeline.core.paths import Paths
from pipeline.publish import folder


def inputs_digest(paths: Paths) -> str:
    """sha256 of everything a publication is made from: the pipeline's code, every curated file (package.yml, with
    the version, among them),
    every raw source and every archived release. Equal digests give equal publications."""
    digest = hashlib.sha256(cache.FORMAT + cache.code_digest().encode())
    files = [paths.about, paths.vocabulary, paths.regions, paths.metrics, paths.sources_meta,
             *([paths.changes] if paths.changes.is_file() else []), *paths.curated_documents(), *paths.source_texts()]
    if paths.releases.is_dir():
        files += sorted(p for p in paths.releases.rglob("*") if p.is_file())
    for path in files:
        digest.update(path.relative_to(paths.root).as_posix().encode() + b"\0" + cache.file_digest(path))
    return digest.hexdigest()


def _path(paths: Paths) -> Path:
    return cache.folder(paths.root, "builds") / "last.json"


def up_to_date(paths: Paths, out: Path, digest: str) -> bool:
    """Whether ``out`` holds, whole and unchanged, the publication the last build made from these inputs."""
    try:
        record = json.loads(_path(paths).read_text(encoding="utf-8"))
        published = outputs.real(out) / "datapackage.json"
        descriptor = published.read_bytes()
        if record != {"inputs": digest, "output": str(outputs.real(out)),
                      "datapackage": hashlib.sha256(descriptor).hexdigest()}:
            return False
        for resource in json.loads(descriptor)["resources"]:
            if cache.file_digest(published.parent / resource["path"]).hex() != resource["hash"].removeprefix(
                    "sha256:"):
                return False
    except (OSError, ValueError, KeyError, TypeError):
        return False
    pinned = outputs.real(out) != outputs.real(paths.published) or not paths.pin.parent.is_dir() or (
        paths.pin.is_file() and hashlib.sha256(descriptor).hexdigest() in paths.pin.read_text(encoding="utf-8"))
    return pinned


def remember(paths: Paths, out: Path, digest: str) -> None:
    descriptor = (outputs.real(out) / "datapackage.json").read_bytes()
    record = {"inputs": digest, "output": str(outputs.real(out)), "datapackage": hashlib.sha256(descriptor).hexdigest()}
    cache.write_entry_text(_path(paths), json.dumps(record))


def unchanged(paths: Paths, out: Path) -> bool:
    """Whether ``out`` holds what the last build made from the inputs as they are now (checked with the folder
    locked, as a build checks it). False whenever it cannot tell: the build then runs and says what is wrong."""
    try:
        with outputs.lock(outputs.real(out)):
            folder.claim(out)
            folder.recover(out)
            return up_to_date(paths, out, inputs_digest(paths))
    except (outputs.OutputError, OSError):
        return False


__all__ = ["inputs_digest", "remember", "unchanged", "up_to_date"]
