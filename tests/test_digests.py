"""The digests of input files remembered between builds: a file is not read again while its stat is the one
remembered, and any write, replacement or refusal of it is noticed."""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

import pytest

from pipeline.core import cache, files


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files count as settled at once (the tests write and read them within the same second)."""
    monkeypatch.setattr(cache.Digests, "SETTLED_NS", -10**12)


def _remembered(root: Path, path: Path) -> bytes:
    memo = cache.Digests(root)
    found = memo.digest(path, root)
    memo.save()
    return found


def test_a_remembered_file_is_not_read_again(tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = tmp_path / "a.yml"
    doc.write_bytes(b"claims: []\n")
    assert _remembered(tmp_path, doc) == hashlib.sha256(b"claims: []\n").digest()

    def unread(*_: object) -> bytes:
        raise AssertionError("read again")

    monkeypatch.setattr(files, "digest", unread)
    assert cache.Digests(tmp_path).digest(doc, tmp_path) == hashlib.sha256(b"claims: []\n").digest()


def test_a_file_rewritten_to_the_same_size_and_modification_time_is_read_again(tmp_path: Path, settled: None) -> None:
    doc = tmp_path / "a.yml"
    doc.write_bytes(b"value: 1\n")
    before = os.stat(doc)
    _remembered(tmp_path, doc)
    doc.write_bytes(b"value: 2\n")
    os.utime(doc, ns=(before.st_atime_ns, before.st_mtime_ns))  # the change time cannot be set back
    assert cache.Digests(tmp_path).digest(doc, tmp_path) == hashlib.sha256(b"value: 2\n").digest()


def test_a_file_replaced_by_a_link_outside_is_refused_as_the_build_refuses_it(tmp_path: Path, settled: None) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside.yml"
    root.mkdir()
    doc = root / "a.yml"
    doc.write_bytes(b"value: 1\n")
    outside.write_bytes(b"value: 1\n")
    _remembered(root, doc)
    doc.unlink()
    doc.symlink_to(outside)
    found = cache.Digests(root).digest(doc, root)
    assert found == files.digest(doc, root) and found.startswith(b"\0link-outside")


def test_a_file_read_just_after_a_write_is_not_remembered(tmp_path: Path) -> None:
    doc = tmp_path / "a.yml"
    doc.write_bytes(b"value: 1\n")
    memo = cache.Digests(tmp_path)
    memo.digest(doc, tmp_path)
    assert memo.now == {}  # a second write within the clock's resolution could leave the same stat


def test_a_memo_written_without_the_users_key_is_ignored(tmp_path: Path, settled: None) -> None:
    doc = tmp_path / "a.yml"
    doc.write_bytes(b"value: 1\n")
    memo = cache.Digests(tmp_path)
    memo.digest(doc, tmp_path)
    memo.save()
    entry = memo.entry
    head, _, payload = entry.read_bytes().partition(b"\n")
    forged = {os.fspath(doc): (next(iter(memo.now.values()))[0], hashlib.sha256(b"forged").digest())}
    entry.write_bytes(head + b"\n" + pickle.dumps(forged, protocol=5))
    assert cache.Digests(tmp_path).digest(doc, tmp_path) == hashlib.sha256(b"value: 1\n").digest()
