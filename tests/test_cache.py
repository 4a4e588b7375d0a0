"""The SQLite blob stores behind the caches: a file another process holds is waited for, never set aside."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from checker.cache import BlobStore


def _held(path):  # type: ignore[no-untyped-def]
    """A second connection that created the file and holds an exclusive lock on it."""
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("CREATE TABLE IF NOT EXISTS parses (key BLOB PRIMARY KEY, value BLOB NOT NULL)")
    other.execute("BEGIN EXCLUSIVE")
    return other


def test_a_file_locked_for_a_moment_is_waited_for(tmp_path) -> None:
    path = tmp_path / "parses.sqlite3"
    other = _held(path)
    threading.Timer(0.3, lambda: other.execute("COMMIT")).start()
    store = BlobStore(path, "parses", timeout=10)
    store.put_many([(b"k", b"v")])
    assert store.get_many([b"k", b"missing"]) == {b"k": b"v"}
    assert sorted(item.name for item in tmp_path.iterdir() if "corrupt" in item.name) == []
    store.close()
    other.close()


def test_a_file_locked_for_good_is_left_where_it_is(tmp_path, caplog) -> None:
    path = tmp_path / "parses.sqlite3"
    other = _held(path)
    store = BlobStore(path, "parses", timeout=0.3)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        store.get_many([b"k"])
    assert path.exists() and not [item for item in tmp_path.iterdir() if "corrupt" in item.name]
    assert "unreadable" not in caplog.text
    other.execute("COMMIT")
    other.close()


def test_a_damaged_file_is_still_set_aside(tmp_path) -> None:
    path = tmp_path / "parses.sqlite3"
    path.write_bytes(b"this is not SQLite" * 64)
    store = BlobStore(path, "parses")
    store.put_many([(b"k", b"v")])
    assert store.get_many([b"k"]) == {b"k": b"v"}
    assert [item.name for item in tmp_path.iterdir() if item.name.startswith("parses.sqlite3.corrupt-")]
    store.close()
