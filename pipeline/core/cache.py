"""Entries kept between builds (a document's checked result, a parsed context file), reused only when valid.

An entry is keyed by the sha256 of everything a document's check reads besides metrics.yml: the
vocabulary and the pipeline's code (the context digest), the curated file's bytes, the raw source's bytes
and the source's metadata in sources.yml. The result itself lists what it read of metrics.yml (each metric
it uses, with its unit and kind); it is reused only while those read the same.

The cache is an optimisation, never a source of truth. Entries live under ``.cache/documents/`` of the build
root (git-ignored), each written whole (to a temporary file, then renamed) with a header that names its key
and the sha256 of its payload. A missing, damaged, foreign or stale entry is recomputed: the payload must hash
to the header's digest, and it is read by an unpickler that refuses every class, so it can only hold plain
lists, dicts, text and numbers.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

#: Raised when the layout of a result changes, so that older entries are never read.
FORMAT = b"pingan-document-result/3"


class _PlainUnpickler(pickle.Unpickler):
    """Unpickles plain data only: any class or function in the stream is refused."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"a cache entry may not hold {module}.{name}")


def folder(root: Path, kind: str = "documents") -> Path:
    """Where entries of one kind live below a build root."""
    return root / ".cache" / kind


def read_entry(path: Path, cache_key: str) -> Any:
    """The plain data of the entry at ``path`` if it is whole and holds ``cache_key``; None otherwise."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    head, _, payload = raw.partition(b"\n")
    expected = b" ".join([FORMAT, cache_key.encode(), hashlib.sha256(payload).hexdigest().encode()])
    if head != expected:
        return None
    try:
        return _PlainUnpickler(io.BytesIO(payload)).load()
    except Exception:  # noqa: BLE001 - whatever is wrong with an entry, it is recomputed
        return None


def write_entry(path: Path, cache_key: str, data: Any) -> None:
    """Write plain data under ``cache_key``, whole or not at all (best effort: an unwritable cache is not used)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = pickle.dumps(data, protocol=5)
        head = b" ".join([FORMAT, cache_key.encode(), hashlib.sha256(payload).hexdigest().encode()])
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as out:
            out.write(head + b"\n" + payload)
        os.replace(out.name, path)
    except OSError:
        return


def file_digest(path: Path) -> bytes:
    """sha256 of a file's bytes (of a marker when it cannot be read)."""
    try:
        with open(path, "rb") as data:
            return hashlib.file_digest(data, "sha256").digest()
    except OSError:
        return b"\0unreadable"


def write_entry_text(path: Path, text: str) -> None:
    """Write a small text file of the cache whole or not at all (best effort)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, encoding="utf-8") as out:
            out.write(text)
        os.replace(out.name, path)
    except OSError:
        return


def prune(root: Path, keep: set[str]) -> None:
    """Remove the entries below ``root`` whose key is not in ``keep`` (best effort): a build keeps only the
    entries of its inputs as they are now, so that the cache does not grow with every edit."""
    try:
        entries = [p for p in root.rglob("*") if p.is_file() and p.name not in keep]
    except OSError:
        return
    for entry in entries:
        try:
            entry.unlink()
        except OSError:
            continue


#: The folders whose Python files decide the bytes of a publication (besides the inputs).
_CODE_FILES = ("pipeline", "schemas")


def code_digest() -> str:
    """sha256 of the pipeline's and the schemas' source files, of the library's text folding and of the pinned
    environment (requirements.lock): what, besides the inputs, decides the bytes of a publication."""
    root = Path(__file__).resolve().parents[2]
    files = sorted(p for folder in _CODE_FILES for p in (root / folder).rglob("*.py"))
    files.append(root / "pingan_data" / "script.py")
    files += [p for p in (root / "requirements.lock",) if p.is_file()]  # the libraries that write the bytes
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
