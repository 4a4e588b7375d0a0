"""SQLite files that keep expensive per-text results between runs (embeddings, spaCy parses).

One table of ``key BLOB PRIMARY KEY, value BLOB``; WAL mode, so several worker processes can read and
write one file at once and a crash mid-write loses at most that write. A file that cannot be opened or
read is moved aside with a warning and started afresh: a cache is never worth failing a run for.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

log = logging.getLogger(__name__)

#: Keys per ``SELECT ... IN (...)``; below SQLite's limit on bound parameters.
_CHUNK = 500


def text_key(namespace: str, text: str) -> bytes:
    """The cache key of a text for one model (or pipeline) version."""
    return hashlib.sha256(f"{namespace}\x00{text}".encode("utf-8", "surrogatepass")).digest()


def _busy(error: sqlite3.DatabaseError) -> bool:
    """The file is locked by another connection: a wait, not damage."""
    message = str(error).lower()
    return isinstance(error, sqlite3.OperationalError) and ("locked" in message or "busy" in message)


class BlobStore:
    """Blobs by key in one SQLite file, opened on first use."""

    def __init__(self, path: Path, table: str, column: str = "value", *, timeout: float = 30.0) -> None:
        self.path = path
        self.table = table
        self._column = column
        #: Seconds to wait for another process's lock on the file before giving up.
        self.timeout = timeout
        self._connection: sqlite3.Connection | None = None

    def _open(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=self.timeout)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            # A cache needs no fsync per commit: WAL stays consistent after a crash, and an entry
            # lost with the machine's power is only computed again.
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute(
                f"CREATE TABLE IF NOT EXISTS {self.table} (key BLOB PRIMARY KEY, {self._column} BLOB NOT NULL)"
            )
            connection.execute(f"SELECT count(*) FROM {self.table} LIMIT 1").fetchone()
        except BaseException:
            connection.close()
            raise
        return connection

    def _connect(self) -> sqlite3.Connection:
        if self._connection is not None:
            return self._connection
        self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + self.timeout
        set_aside = False
        while True:
            try:
                self._connection = self._open()
                return self._connection
            except sqlite3.DatabaseError as error:
                if _busy(error):
                    # Another worker holds the file (two processes switching a new file to WAL at once
                    # get "database is locked" at once, without SQLite's own wait): wait, never set a
                    # file in use aside.
                    if time.monotonic() >= deadline:
                        raise
                    time.sleep(0.05)
                    continue
                if set_aside:
                    raise
                self._set_aside(error)
                set_aside = True

    def _set_aside(self, error: Exception) -> None:
        aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
        log.warning("cache %s is unreadable (%s); moved to %s and rebuilt", self.path, error, aside)
        for suffix in ("", "-wal", "-shm"):
            candidate = Path(f"{self.path}{suffix}")
            if candidate.exists():
                candidate.rename(Path(f"{aside}{suffix}"))

    def get_many(self, keys: Sequence[bytes]) -> dict[bytes, bytes]:
        """The stored blobs of those keys that are stored."""
        connection = self._connect()
        found: dict[bytes, bytes] = {}
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), _CHUNK):
            chunk = unique[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT key, {self._column} FROM {self.table} WHERE key IN ({marks})"
            found.update(connection.execute(query, chunk))
        return found

    def put_many(self, items: Iterable[tuple[bytes, bytes]]) -> None:
        """Store (key, blob) pairs in one transaction, replacing what was there."""
        connection = self._connect()
        with connection:
            connection.executemany(
                f"INSERT OR REPLACE INTO {self.table} (key, {self._column}) VALUES (?, ?)", list(items)
            )

    def close(self) -> None:
        """Close the connection (it reopens on the next use)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def reuse(store: BlobStore | None, folder: Path | None, name: str) -> BlobStore | None:
    """The store of table ``name`` in ``folder/<name>.sqlite3`` (None without a folder), keeping
    ``store`` when it already is that file and closing it when not."""
    path = folder / f"{name}.sqlite3" if folder is not None else None
    if store is not None and store.path == path:
        return store
    if store is not None:
        store.close()
    return BlobStore(path, name) if path is not None else None
