"""Writing report files atomically: a reader never sees a half-written report."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from checker.errors import OutputError


def write_atomic(path: Path, text: str) -> None:
    """Write text to path via a temporary file in the same folder and a rename."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise OutputError(f"cannot write here ({error.strerror or error})", str(path.parent)) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", errors="surrogateescape", newline="\n") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"cannot write ({error.strerror or error})", str(path)) from None


def write_all(files: dict[Path, str]) -> None:
    """Render everything first, then write each file atomically (nothing partial if rendering fails)."""
    for path, text in files.items():
        write_atomic(path, text)


def write_reports(result, out_dir: Path, *, version: str, generated: str) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    """Render findings.json and report.html for a result, then write both atomically into out_dir."""
    from checker.report.html import render_html
    from checker.report.json import render_json

    paths = {"json": out_dir / "findings.json", "html": out_dir / "report.html"}
    rendered = {
        paths["json"]: render_json(result, version=version, generated=generated),
        paths["html"]: render_html(result, version=version, generated=generated),
    }
    write_all(rendered)
    return paths
