"""The last build's manifest: the digest of everything a publication is made from, and what it made.

``inputs_digest`` hashes the pipeline's code and version, every curated file, raw source and archived
release; ``entry`` is the record of a publication made from them (the sha256 of the datapackage.json the build
wrote), a cache entry of ``.cache/builds/last.json`` signed with the user's cache key, which the publish stage
renames into place together with the publication, the library's pin and CITATION.cff; ``up_to_date`` tells
whether an output folder still holds, whole and unchanged, what the last build made from the same inputs, so that
the build can stop before any work. A manifest that is not signed with the user's key says nothing. This module
reads no table and imports no data library, so that the answer takes a fraction of a second.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path

from pingan_data.package import MAX_DESCRIPTOR_BYTES, safe_relative
from pipeline.core import cache, files, outputs
from pipeline.core.paths import Paths
from pipeline.publish import folder

#: The key the manifest entry is signed under.
KEY = "manifest"


def input_digests(paths: Paths, memo: cache.Digests | None = None) -> dict[Path, bytes]:
    """Everything a publication is made from besides the pipeline's code, each file → its sha256, in a fixed order:
    every curated file (package.yml, with the version, among them), every raw source and every archived release.
    With ``memo``, a file whose stat is the one the last build remembered is not read again
    (:class:`pipeline.core.cache.Digests`)."""
    inputs = [paths.about, paths.vocabulary, paths.regions, paths.metrics, paths.sources_meta,
              *([paths.changes] if os.path.lexists(paths.changes) else []), *paths.curated_documents(),
              *paths.source_texts()]
    if paths.releases.is_dir():
        inputs += sorted(p for p in paths.releases.rglob("*") if p.is_file())
    of = memo.digest if memo is not None else files.digest
    return {path: of(path, paths.root) for path in inputs}


def inputs_digest(paths: Paths, digests: Mapping[Path, bytes] | None = None) -> str:
    """sha256 of everything a publication is made from: the pipeline's code and every input file's digest
    (``digests``, as :func:`input_digests` gives them; read now when not given). Equal digests give equal
    publications.

    Given ``digests`` whose curated documents are digests of what their checks made
    (:func:`pipeline.build.made_digest`) rather than of their bytes, it is the digest of what the publication is
    made from once the documents are checked, so that an edit that changes nothing published (a comment) leaves it
    as it was."""
    digest = hashlib.sha256(cache.FORMAT + cache.code_digest().encode())
    for path, value in (digests if digests is not None else input_digests(paths)).items():
        digest.update(path.relative_to(paths.root).as_posix().encode() + b"\0" + value)
    return digest.hexdigest()


def path(paths: Paths) -> Path:
    """Where the manifest is kept."""
    return cache.folder(paths.root, "builds") / "last.json"


def _record(out: Path, descriptor: bytes, digest: str, made: str | None) -> dict[str, str | None]:
    return {"inputs": digest, "made": made, "output": str(outputs.real(out)),
            "datapackage": hashlib.sha256(descriptor).hexdigest()}


def entry(out: Path, descriptor: bytes, digest: str, made: str | None = None) -> bytes | None:
    """The manifest of a publication at ``out`` with this datapackage.json, made from inputs of this digest (and,
    once checked, of the digest ``made``: :func:`inputs_digest` with the documents' results), as the bytes of its
    entry (None when there is no cache key to sign it with)."""
    return cache.entry_bytes(KEY, _record(out, descriptor, digest, made))


def up_to_date(paths: Paths, out: Path, digest: str, by: str = "inputs") -> bool:
    """Whether ``out`` holds, whole and unchanged, the publication the last build made from these inputs: ``digest``
    is their :func:`inputs_digest` (``by="inputs"``), or the one with their documents' results (``by="made"``)."""
    record = cache.read_entry(path(paths), KEY)
    published = outputs.real(out)
    try:
        descriptor = files.read(published / "datapackage.json", published, MAX_DESCRIPTOR_BYTES)
        expected = {by: digest, "output": str(published), "datapackage": hashlib.sha256(descriptor).hexdigest()}
        if not isinstance(record, dict) or any(record.get(k) != v for k, v in expected.items()):
            return False
        for resource in json.loads(descriptor)["resources"]:
            relpath, expected_hash = resource["path"], resource["hash"].removeprefix("sha256:")
            if not safe_relative(relpath):
                return False
            if files.digest(published / relpath, published, files.MAX_PUBLISHED_BYTES).hex() != expected_hash:
                return False
        if outputs.real(out) != outputs.real(paths.published) or not paths.pin.parent.is_dir():
            return True
        pin = files.read(paths.pin, paths.root, 1 << 16).decode("utf-8")
    except (files.Refused, ValueError, KeyError, TypeError, AttributeError):
        return False
    return hashlib.sha256(descriptor).hexdigest() in pin


def remember(paths: Paths, out: Path, digest: str, made: str) -> None:
    """Say that the publication at ``out``, found up to date by what its documents made (``made``), is also the one
    inputs of this ``digest`` make, so that the next build with nothing changed stops before checking a document
    (best effort, as every cache entry)."""
    published = outputs.real(out)
    descriptor = files.read(published / "datapackage.json", published, MAX_DESCRIPTOR_BYTES)
    cache.write_entry(path(paths), KEY, _record(out, descriptor, digest, made))


def unchanged(paths: Paths, out: Path) -> bool:
    """Whether ``out`` holds what the last build made from the inputs as they are now (checked with the folder
    locked, as a build checks it). False whenever it cannot tell: the build then runs and says what is wrong."""
    if not cache.enabled():
        return False
    try:
        with outputs.lock(outputs.real(out)):
            folder.claim(out)
            folder.recover(out)
            memo = cache.Digests(paths.root)
            digest = inputs_digest(paths, input_digests(paths, memo))
            memo.save()
            return up_to_date(paths, out, digest)
    except (outputs.OutputError, OSError):
        return False


__all__ = ["KEY", "entry", "input_digests", "inputs_digest", "path", "remember", "unchanged", "up_to_date"]
