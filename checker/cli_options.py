"""Options shared by the commands (run, check, batch), declared once so their help stays the same."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from checker.config import Settings, default_cache_dir

Threshold = Annotated[
    float | None, typer.Option(help="Similarity at which sentences of two sources count as the same fact.")
]
CacheDir = Annotated[
    Path | None,
    typer.Option(
        help="Cache folder (embeddings, parses, sentence boundaries). Default: $CHECKER_CACHE_DIR or ~/.cache/checker."
    ),
]
NoCache = Annotated[
    bool,
    typer.Option(
        "--no-cache", help="Do not read or write the cache (embeddings, spaCy parses, sentence boundaries, gazetteers)."
    ),
]
Debug = Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")]


def settings_from(cache_dir: Path | None, no_cache: bool, threshold: float | None, debug: bool) -> Settings:
    """Settings from the shared options (and logging set up for --debug)."""
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING, format="checker: %(message)s")
    settings = Settings(cache_dir=None if no_cache else (cache_dir or default_cache_dir()))
    return settings if threshold is None else replace(settings, align_threshold=threshold)
