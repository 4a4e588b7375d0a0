"""Typed errors: the CLI turns each into one clear line and a non-zero exit."""

from __future__ import annotations


class CheckerError(Exception):
    """Base class for every error a user can cause. ``exit_code`` is what the CLI returns."""

    exit_code = 2

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path

    def __str__(self) -> str:
        message = super().__str__()
        return f"{self.path}: {message}" if self.path else message


class InputError(CheckerError):
    """An input path or file cannot be used (missing, unreadable, binary, empty)."""


class OutputError(CheckerError):
    """The output folder or a report file cannot be written."""


class ModelError(CheckerError):
    """The embedding model cannot be loaded."""
