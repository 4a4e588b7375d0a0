"""Fact extractors, one module per kind of fact (numbers, dates, people, quotes).

Each module turns a sentence's text into small frozen records with character offsets into that text,
and says when two such records from different sources are comparable and when they conflict.
"""

from __future__ import annotations

from pathlib import Path


def preload(cache_dir: Path | None) -> None:
    """Load what comparing needs before the first sentence: spaCy (not its pipeline, which stored parses
    do not need), the vocabulary stored parses are read into, and the gazetteers (from ``cache_dir``'s
    store when they are kept there). A batch worker does this while the batch reads its input."""
    from checker.facts import geonames, nlp, people, places

    nlp._vocab()
    nlp._codec()
    geonames.use_store(cache_dir)
    places._gazetteer()
    people._places()
