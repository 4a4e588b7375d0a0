"""checker: cross-source fact-consistency checking for news article sets.

The public API is imported lazily, so ``import checker`` stays cheap and a stage module can be
imported (by a benchmark, say) without pulling in the whole pipeline.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    __version__ = version("checker")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

_EXPORTS = {
    "Article": "checker.models",
    "Evidence": "checker.models",
    "Finding": "checker.models",
    "Group": "checker.models",
    "Result": "checker.models",
    "Sentence": "checker.models",
    "Source": "checker.models",
    "Settings": "checker.config",
    "CheckerError": "checker.errors",
    "InputError": "checker.errors",
    "ModelError": "checker.errors",
    "OutputError": "checker.errors",
    "check": "checker.pipeline",
    "run": "checker.pipeline",
}

__all__ = sorted([*_EXPORTS, "__version__"])


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'checker' has no attribute {name!r}")
