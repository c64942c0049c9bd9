"""Entries kept between builds (a document's checked result, a parsed context file, the last build's manifest),
reused only when they prove they were written by this user's builds and are whole.

An entry is keyed by the sha256 of everything a document's check reads besides metrics.yml: the
vocabulary and the pipeline's code (the context digest), the curated file's bytes, the raw source's bytes
and the source's metadata in sources.yml. The result itself lists what it read of metrics.yml (each metric
it uses, with its unit and kind); it is reused only while those read the same.

The cache is an optimisation, never a source of truth. Entries live under ``.cache/`` of the build root
(git-ignored), each written whole (to a temporary file, then renamed) with a header that names its key and
an HMAC-SHA256 of the key and the payload. The HMAC's key is a secret of the user's, kept outside the cache
(:func:`key_file`: ``$PINGAN_DATA_CACHE_KEY``, else ``$XDG_STATE_HOME/pingan_data/cache.key``, else
``~/.local/state/pingan_data/cache.key``), made on first use (``secrets``, mode 0600): an entry written or
rewritten by anyone who does not hold the key (a recomputed sha256 is not enough) is refused and recomputed,
and so is a missing, damaged, foreign or stale one. The payload is read by an unpickler that refuses every
class, so it can only hold plain lists, dicts, text and numbers. When the key cannot be made or read, the
build runs without the cache (:func:`unavailable` says why) and never fails for it.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import os
import pickle
import secrets
import tempfile
import time
from pathlib import Path
from typing import Any

from pingan_data.package import RefusedFile, open_regular
from pipeline.core import files

#: Raised when the layout of a result or of an entry changes, so that older entries are never read.
FORMAT = b"pingan-document-result/4"
#: The environment variable that names the key file (tests give each run its own).
KEY_ENV = "PINGAN_DATA_CACHE_KEY"
_KEY_BYTES = 32
#: key file → its key, or why it cannot be used
_keys: dict[str, bytes | str] = {}


class _PlainUnpickler(pickle.Unpickler):
    """Unpickles plain data only: any class or function in the stream is refused."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"a cache entry may not hold {module}.{name}")


def key_file() -> Path:
    """Where the user's cache key is kept: outside every repository and its cache."""
    named = os.environ.get(KEY_ENV)
    if named:
        return Path(named)
    state = os.environ.get("XDG_STATE_HOME", "")
    base = Path(state) if os.path.isabs(state) else Path.home() / ".local" / "state"
    return base / "pingan_data" / "cache.key"


def _read_key(path: Path) -> bytes:
    """The key in ``path``: a private regular file of the user's holding 64 hex digits and a line end (ValueError
    saying what is wrong with it otherwise; FileNotFoundError when there is none)."""
    try:
        with open_regular(path, size=2 * _KEY_BYTES + 1) as handle:
            info = os.fstat(handle.fileno())
            text = handle.read(2 * _KEY_BYTES + 1)
    except RefusedFile as err:
        what = f"is {err.kind}" if err.reason == "special" else f"has {err.size} bytes, not {2 * _KEY_BYTES + 1}"
        raise ValueError(f"{what}; delete it and a new key is made") from None
    if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o077):
        raise ValueError(f"is not private to this user (mode {info.st_mode & 0o777:o}, owner {info.st_uid}): "
                         "anyone who can read or write it could forge cache entries; delete it and a new key is "
                         "made")
    try:
        return bytes.fromhex(text.decode("ascii").rstrip("\n"))
    except (UnicodeDecodeError, ValueError):
        raise ValueError("does not hold a key (64 hex digits); delete it and a new key is made") from None


def _make_key(path: Path) -> bytes:
    """A new key written to ``path`` (mode 0600) unless another build made one first, then read back."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".cache.key.")  # mode 0600
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(secrets.token_bytes(_KEY_BYTES).hex().encode("ascii") + b"\n")
        try:
            os.link(temporary, path)  # never replaces a key another build has just made
        except FileExistsError:
            pass
    finally:
        Path(temporary).unlink(missing_ok=True)
    return _read_key(path)


def secret() -> bytes | None:
    """The user's cache key (made on first use), or None when it cannot be made or read (see unavailable)."""
    try:
        path = key_file()
    except (RuntimeError, KeyError) as err:  # no home folder to keep it in
        _keys[""] = f"there is no folder to keep its key in ({err}); set {KEY_ENV}"
        return None
    name = str(path)
    if name not in _keys:
        try:
            try:
                _keys[name] = _read_key(path)
            except FileNotFoundError:
                _keys[name] = _make_key(path)
        except ValueError as err:
            _keys[name] = f"its key {path} {err}"
        except OSError as err:
            _keys[name] = f"its key {path} cannot be made or read ({err.strerror or err})"
    key = _keys[name]
    return key if isinstance(key, bytes) else None


def enabled() -> bool:
    """Whether entries can be read and written: the user's key is at hand."""
    return secret() is not None


def unavailable() -> str | None:
    """Why the cache was not used, once a build asked for its key and could not have it; None otherwise."""
    try:
        name = str(key_file())
    except (RuntimeError, KeyError):
        name = ""
    reason = _keys.get(name)
    return reason if isinstance(reason, str) else None


def folder(root: Path, kind: str = "documents") -> Path:
    """Where entries of one kind live below a build root."""
    return root / ".cache" / kind


def _header(key: bytes, cache_key: str, payload: bytes) -> bytes:
    mac = hmac.new(key, FORMAT + b"\0" + cache_key.encode() + b"\0" + payload, hashlib.sha256).hexdigest()
    return b" ".join([FORMAT, cache_key.encode(), mac.encode()])


def read_entry(path: Path, cache_key: str) -> Any:
    """The plain data of the entry at ``path`` if it is a regular file, whole, holds ``cache_key`` and was written
    with the user's key; None otherwise."""
    key = secret()
    if key is None:
        return None
    try:
        raw = files.read(path, path.parent, files.MAX_CACHE_BYTES)
    except files.Refused:
        return None
    head, _, payload = raw.partition(b"\n")
    if not hmac.compare_digest(head, _header(key, cache_key, payload)):
        return None
    try:
        return _PlainUnpickler(io.BytesIO(payload)).load()
    except Exception:  # noqa: BLE001 - whatever is wrong with an entry, it is recomputed
        return None


def entry_bytes(cache_key: str, data: Any) -> bytes | None:
    """An entry as written (header, line end, payload), or None when there is no key to sign it with."""
    key = secret()
    if key is None:
        return None
    payload = pickle.dumps(data, protocol=5)
    return _header(key, cache_key, payload) + b"\n" + payload


def write_entry(path: Path, cache_key: str, data: Any) -> None:
    """Write plain data under ``cache_key``, whole or not at all (best effort: an unwritable cache is not used)."""
    entry = entry_bytes(cache_key, data)
    if entry is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as out:
            out.write(entry)
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


class Digests:
    """The sha256 of input files, remembered between builds by what ``os.stat`` says of each file (device, inode,
    size, modification and change times in nanoseconds), as git's index remembers them.

    A file whose stat is the one remembered is not read again. Any write to a file changes its change time (which
    no tool can set back), so a file edited since is read again; so is one replaced, moved or made a link. A digest
    is remembered only of a file whose change time is at least ``SETTLED_NS`` older than the moment it was read,
    so that a write within the clock's resolution of the reading cannot hide behind an equal stat. The memo is an
    entry like the others (signed with the user's key; a damaged or foreign one is ignored), so it is used only
    while the cache is.
    """

    SETTLED_NS = 2_000_000_000
    _KEY = "digests"

    def __init__(self, root: Path) -> None:
        self.entry = folder(root, "index") / self._KEY
        data = read_entry(self.entry, self._KEY)
        self.known: dict[str, tuple[tuple[int, ...], bytes]] = data if isinstance(data, dict) else {}
        self.now: dict[str, tuple[tuple[int, ...], bytes]] = {}

    def digest(self, path: Path, within: Path) -> bytes:
        """As :func:`pipeline.core.files.digest` (the file's sha256, or a marker of why it is not read)."""
        try:
            info = os.stat(path)
        except OSError:
            return files.digest(path, within)
        mark = (info.st_mode, info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
        name = os.fspath(path)
        known = self.now.get(name) or self.known.get(name)  # read earlier in this build, or by the last one
        if known is not None and known[0] == mark:
            self.now[name] = known
            return known[1]
        found = files.digest(path, within)  # refuses what the build would refuse (a link outside, not a regular file)
        if not found.startswith(b"\0") and time.time_ns() - info.st_ctime_ns > self.SETTLED_NS:
            self.now[name] = (mark, found)
        return found

    def save(self) -> None:
        """Remember the digests of this build's files (only theirs: a file no longer read is forgotten)."""
        if self.now != self.known:
            write_entry(self.entry, self._KEY, self.now)


#: The folders whose Python files decide the bytes of a publication (besides the inputs).
_CODE_FILES = ("pipeline", "schemas")


def code_digest() -> str:
    """sha256 of the pipeline's and the schemas' source files, of the library's modules (the pipeline writes with
    its text folding, search texts and citations) and of the pinned environment (requirements.lock): what,
    besides the inputs, decides the bytes of a publication."""
    root = Path(__file__).resolve().parents[2]
    code = sorted(p for folder in _CODE_FILES for p in (root / folder).rglob("*.py"))
    code += sorted(p for p in (root / "pingan_data").glob("*.py") if p.name != "_pin.py")  # the pin is an output
    code += [p for p in (root / "requirements.lock",) if p.is_file()]  # the libraries that write the bytes
    digest = hashlib.sha256()
    for path in code:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
