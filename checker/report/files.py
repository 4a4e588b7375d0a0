"""Writing report files atomically: a reader never sees a half-written report."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from checker.errors import OutputError


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _stage(path: Path, content: str | bytes) -> Path:
    """Write text (UTF-8) or bytes to a temporary file beside path; return the temporary file's path."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); a report is an ordinary file, readable as the umask allows.
        os.fchmod(handle, 0o666 & ~_umask())
        if isinstance(content, bytes):
            with os.fdopen(handle, "wb") as binary:
                binary.write(content)
        else:
            # errors="replace": a file name that is not valid UTF-8 (lone surrogates from the file system)
            # must not make findings.json or report.html invalid UTF-8.
            with os.fdopen(handle, "w", encoding="utf-8", errors="replace", newline="\n") as stream:
                stream.write(content)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def write_all(files: Mapping[Path, str | bytes]) -> None:
    """Write every file or none: all are staged as temporary files first, then renamed into place.

    A reader never sees a half-written file, and a failure (disk full, permissions) leaves the
    previous outputs as they were and no new folder behind.
    """
    created: list[Path] = []
    staged: dict[Path, Path] = {}
    try:
        for path in files:
            missing = [parent for parent in (path.parent, *path.parent.parents) if not parent.exists()]
            path.parent.mkdir(parents=True, exist_ok=True)
            created.extend(reversed(missing))
        for path, content in files.items():
            staged[path] = _stage(path, content)
        for path, temporary in staged.items():
            os.replace(temporary, path)
    except OSError as error:
        for temporary in staged.values():
            temporary.unlink(missing_ok=True)
        for folder in reversed(created):
            with contextlib.suppress(OSError):
                folder.rmdir()
        where = error.filename or next(iter(files), "")
        raise OutputError(f"cannot write ({error.strerror or error})", str(where)) from None


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write one file (text as UTF-8, or bytes) atomically: temporary file in the same folder, then rename."""
    write_all({path: content})


def render_reports(result, *, version: str, generated: str, decisions=None) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The report files of one result by name: ``findings.json`` and ``report.html``.

    ``decisions``: earlier review decisions (``checker.decisions.Decisions``) to show in report.html, or None.
    """
    from checker.report.html import render_html
    from checker.report.json import render_json

    return {
        "findings.json": render_json(result, version=version, generated=generated),
        "report.html": render_html(result, version=version, generated=generated, decisions=decisions),
    }


def write_reports(result, out_dir: Path, *, version: str, generated: str, decisions=None) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    """Render a result's reports (:func:`render_reports`), then write them all atomically into out_dir."""
    rendered = render_reports(result, version=version, generated=generated, decisions=decisions)
    write_all({out_dir / name: text for name, text in rendered.items()})
    return {"json": out_dir / "findings.json", "html": out_dir / "report.html"}
