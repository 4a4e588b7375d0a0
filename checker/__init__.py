"""checker: cross-source fact-consistency checking for news article sets."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("checker")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

from checker.config import Settings  # noqa: E402
from checker.errors import CheckerError, InputError, ModelError, OutputError  # noqa: E402
from checker.models import Article, Evidence, Finding, Group, Result, Sentence, Source  # noqa: E402
from checker.pipeline import check, run  # noqa: E402

__all__ = [
    "Article",
    "CheckerError",
    "Evidence",
    "Finding",
    "Group",
    "InputError",
    "ModelError",
    "OutputError",
    "Result",
    "Sentence",
    "Settings",
    "Source",
    "__version__",
    "check",
    "run",
]
