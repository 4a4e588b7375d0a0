"""Batch input -> set specs: a folder of set folders, or a manifest table with one row per article.

A manifest is CSV, JSONL or Parquet (read with pandas) with the columns ``set_id, source`` and either
``text`` (the article itself) or ``path`` (a file, relative to the manifest's folder), plus any of
``outlet, title, published, url``. A path that leads outside the manifest's folder is refused unless
``allow_outside`` is set, so a manifest from elsewhere cannot make the batch read arbitrary files.

Nothing here reads an article: :func:`load_set` does, in the worker that checks the set, so that one
unreadable article fails its own set and not the batch.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from checker.errors import InputError
from checker.ingest import ArticleSet, article_from_text, read_article, read_set
from checker.models import Article

MANIFEST_SUFFIXES = (".csv", ".jsonl", ".ndjson", ".json", ".parquet", ".pq")
REQUIRED_COLUMNS = ("set_id", "source")
METADATA_COLUMNS = ("outlet", "title", "published", "url")

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
# Lone surrogates come through JSON escapes ("\ud800") and would make every UTF-8 output unwritable.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One manifest row.

    source: the source id within its set.
    text: the article text, or None when it is read from ``path``.
    path: the article file (resolved), or None for a text row.
    label: where the row came from, for messages and the report (``manifest.csv#3``).
    metadata: any of outlet, title, published, url (empty values left out).
    """

    source: str
    text: str | None
    path: Path | None
    label: str
    metadata: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class SetSpec:
    """One article set of a batch, before it is read.

    set_id: the set's name as given (folder name or manifest ``set_id``).
    folder: output folder name under the batch's out dir (``set_id`` when it is a safe file name).
    path: the set's folder, for folder input; None for manifest input.
    rows: the set's manifest rows, in manifest order; empty for folder input.
    """

    set_id: str
    folder: str
    path: Path | None = None
    rows: tuple[ArticleRow, ...] = ()


def output_folder(set_id: str) -> str:
    """A file-system-safe, unique folder name for a set id (the id itself when already safe)."""
    if _SAFE_NAME.match(set_id) and set_id not in (".", ".."):
        return set_id
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", set_id).strip(".-")[:60] or "set"
    digest = hashlib.sha256(set_id.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{slug}-{digest}"


def read_input(path: Path, *, allow_outside: bool = False) -> tuple[SetSpec, ...]:
    """The sets of a batch input: a folder of set folders or a manifest file."""
    if not path.exists():
        raise InputError("no such file or folder", str(path))
    if path.is_dir():
        return read_folder(path)
    return read_manifest(path, allow_outside=allow_outside)


def read_folder(path: Path) -> tuple[SetSpec, ...]:
    """Every non-hidden sub-folder of ``path`` is one set, in name order."""
    try:
        entries = sorted(path.iterdir(), key=lambda entry: entry.name)
    except PermissionError:
        raise InputError("permission denied", str(path)) from None
    specs = tuple(
        SetSpec(set_id=entry.name, folder=output_folder(entry.name), path=entry)
        for entry in entries
        if entry.is_dir() and not entry.name.startswith(".")
    )
    if not specs:
        raise InputError("no set folders inside (for one set, use `checker run`)", str(path))
    return specs


def _read_table(path: Path):  # type: ignore[no-untyped-def]
    import pandas as pd

    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        if suffix in (".jsonl", ".ndjson", ".json"):
            return pd.read_json(path, lines=suffix != ".json", dtype=False, encoding="utf-8")
        if suffix in (".parquet", ".pq"):
            return pd.read_parquet(path)
    except (ValueError, UnicodeDecodeError, OSError) as error:
        raise InputError(f"cannot be read as a {suffix[1:]} manifest ({error})", str(path)) from None
    except Exception as error:  # noqa: BLE001 - pyarrow and the csv parser raise their own types
        raise InputError(
            f"cannot be read as a {suffix[1:]} manifest ({type(error).__name__}: {error})", str(path)
        ) from None
    raise InputError(f"is neither a folder nor a manifest ({', '.join(MANIFEST_SUFFIXES)})", str(path))


def _cell(value: Any) -> str:
    """A manifest cell as text: missing values are empty, dates ISO, lone surrogates replaced."""
    if value is None:
        return ""
    try:
        import pandas as pd

        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return _SURROGATE.sub("\ufffd", str(value))


def _inside(path: Path, base: Path) -> bool:
    try:
        path.relative_to(base)
    except ValueError:
        return False
    return True


def read_manifest(path: Path, *, allow_outside: bool = False) -> tuple[SetSpec, ...]:
    """Group a manifest's rows into sets (in order of first appearance); refuse rows that cannot work."""
    frame = _read_table(path)
    frame.columns = [str(column).strip().lower() for column in frame.columns]
    missing = [column for column in REQUIRED_COLUMNS if column not in frame.columns]
    if missing:
        raise InputError(f"manifest needs the column(s) {', '.join(missing)}", str(path))
    if "text" not in frame.columns and "path" not in frame.columns:
        raise InputError("manifest needs a 'text' or a 'path' column", str(path))
    base = path.resolve().parent
    rows: dict[str, list[ArticleRow]] = {}
    outside: list[str] = []
    for number, record in enumerate(frame.to_dict("records"), start=1):
        label = f"{path.name}#{number}"
        set_id, source = _cell(record.get("set_id")).strip(), _cell(record.get("source")).strip()
        if not set_id or not source:
            raise InputError(f"row {number} has no set_id or no source", str(path))
        text = _cell(record.get("text")) if "text" in frame.columns else ""
        given = _cell(record.get("path")).strip() if "path" in frame.columns else ""
        if text and given:
            raise InputError(f"row {number} ({set_id}/{source}) has both a 'text' and a 'path'", str(path))
        if not given and "text" not in frame.columns:
            raise InputError(f"row {number} ({set_id}/{source}) has no 'path'", str(path))
        # An empty text is a row of its own: its set fails when read ("empty article"), the batch goes on.
        article_path = None
        if given:
            article_path = (base / given).resolve()
            if not allow_outside and not _inside(article_path, base):
                outside.append(f"row {number} ({given})")
                continue
        metadata = tuple(
            (column, _cell(record.get(column)).strip())
            for column in METADATA_COLUMNS
            if column in frame.columns and _cell(record.get(column)).strip()
        )
        group = rows.setdefault(set_id, [])
        if any(row.source == source for row in group):
            raise InputError(f"row {number}: set {set_id!r} already has a source {source!r}", str(path))
        group.append(ArticleRow(source=source, text=text or None, path=article_path, label=label, metadata=metadata))
    if outside:
        more = f" and {len(outside) - 1} more" if len(outside) > 1 else ""
        raise InputError(
            f"{outside[0]}{more} point outside the manifest's folder (allow with --allow-outside-paths)", str(path)
        )
    if not rows:
        raise InputError("manifest has no rows", str(path))
    folders = [output_folder(set_id) for set_id in rows]
    if len(set(name.lower() for name in folders)) != len(folders):
        # Case-insensitive file systems would merge two sets' outputs.
        raise InputError("two set_ids map to the same output folder (they differ only in case)", str(path))
    return tuple(
        SetSpec(set_id=set_id, folder=folder, rows=tuple(group))
        for (set_id, group), folder in zip(rows.items(), folders, strict=True)
    )


def _article_from_text(row: ArticleRow) -> Article:
    return article_from_text(row.text or "", source_id=row.source, label=row.label, metadata=dict(row.metadata))


def load_set(spec: SetSpec) -> ArticleSet:
    """Read a set's articles (raises InputError for a set that cannot be checked)."""
    if spec.path is not None:
        return replace(read_set(spec.path), name=spec.set_id)
    articles = []
    for row in spec.rows:
        if row.path is None:
            articles.append(_article_from_text(row))
        else:
            articles.append(read_article(row.path, {"id": row.source, **dict(row.metadata)}))
    if not articles:
        raise InputError("no articles in the set", spec.set_id)
    return ArticleSet(name=spec.set_id, articles=tuple(articles))


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    except OSError as error:
        # An unreadable file still gets a digest: the set fails when read, and is retried on resume.
        return f"unreadable:{error.errno}"
    return digest.hexdigest()


def input_digest(spec: SetSpec) -> str:
    """Content hash of everything the set's result depends on in its input: article bytes and metadata."""
    parts: list[Any] = [spec.set_id]
    if spec.path is not None:
        try:
            entries = sorted(spec.path.iterdir(), key=lambda entry: entry.name)
        except OSError as error:
            entries = []
            parts.append(f"unlistable:{error.errno}")
        parts.extend((entry.name, _file_digest(entry)) for entry in entries if entry.is_file())
    for row in spec.rows:
        content = hashlib.sha256(row.text.encode("utf-8", "surrogatepass")).hexdigest() if row.text else None
        parts.append(
            [
                row.source,
                row.label,
                content,
                str(row.path) if row.path else None,
                row.path and _file_digest(row.path),
                row.metadata,
            ]
        )
    return hashlib.sha256(json.dumps(parts, ensure_ascii=True, default=str).encode("ascii")).hexdigest()
