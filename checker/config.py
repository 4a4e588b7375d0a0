"""Settings with defaults. Each field is documented; the CLI overrides them from flags."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path


def default_cache_dir() -> Path:
    """Where embeddings, parses and sentence boundaries are cached: ``$CHECKER_CACHE_DIR`` or ``~/.cache/checker``."""
    env = os.environ.get("CHECKER_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "checker"


@dataclass(frozen=True, slots=True)
class Settings:
    """Run settings.

    align_threshold: minimum cosine similarity for two sentences from different sources to be the same fact.
        Calibrated on STS news headlines and MSRP (see bench/calibrate_alignment.py).
    related_threshold: lower similarity at which sentences are still compared fact by fact (numbers that
        count the same thing), although they are not the same sentence.
    max_per_source: most sentences one source may contribute to one group.
    cache_dir: cache folder (embeddings, parses, sentence boundaries), or None to disable caching.
    """

    align_threshold: float = 0.70
    related_threshold: float = 0.45
    max_per_source: int = 2
    cache_dir: Path | None = None

    def for_report(self) -> dict[str, object]:
        """The settings as plain values for the report header (no local paths)."""
        values = asdict(self)
        values.pop("cache_dir")
        return values
