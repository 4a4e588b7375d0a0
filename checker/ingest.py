"""Files on disk -> Articles. The only stage that reads input.

An article set is a folder of ``.txt``, ``.md`` and ``.html`` files, with optional metadata in
``sources.csv`` beside them (columns ``file`` or ``id``, and any of ``outlet, title, published, url``).
Without metadata the file name (without extension) is the source id.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from checker.errors import InputError
from checker.models import Article, Source

ARTICLE_EXTENSIONS = (".txt", ".md", ".markdown", ".html", ".htm", ".docx")
METADATA_FILES = ("sources.csv",)
#: Largest article file read (news articles are rarely over 100 KB; a bigger file is a dump, not an article).
MAX_ARTICLE_BYTES = 5 * 1024 * 1024

# A header some exports put before the body: "date 2025-02-12" (optionally "date:"), at the very start.
_DATE_HEADER = re.compile(r"\A\s*date:?\s+(\d{4}-\d{2}-\d{2})(?:[ \t]+|\s*$)", re.IGNORECASE)

_WESTERN_SINGLE_BYTE = {
    "cp1250",
    "cp1252",
    "cp1254",
    "cp1257",
    "latin_1",
    "iso8859_1",
    "iso8859_2",
    "iso8859_3",
    "iso8859_4",
    "iso8859_9",
    "iso8859_10",
    "iso8859_13",
    "iso8859_14",
    "iso8859_15",
    "iso8859_16",
    "mac_roman",
    "mac_latin2",
}

# Magic numbers of binary formats commonly mis-named as text.
_BINARY_MAGIC = {
    b"%PDF": "a PDF document",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or .docx)",
    b"\x1f\x8b": "gzip data",
}


@dataclass(frozen=True, slots=True)
class ArticleSet:
    """The articles of one set.

    name: the set's name (its folder name).
    articles: readable articles, in file-name order.
    skipped: (path, reason) for files that were present but not read as articles.
    """

    name: str
    articles: tuple[Article, ...]
    skipped: tuple[tuple[str, str], ...] = ()


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Decode article bytes, detecting the encoding. Returns (text, encoding name).

    Byte-order marks win; then strict UTF-8; then charset detection, preferring Windows-1252 within
    the Western code-page family.
    """
    for bom, name in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as error:
                raise InputError(f"not valid {name} despite its byte-order mark ({error.reason})", path) from None
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"binary file ({what}), not article text", path)
    if b"\x00" in data:
        raise InputError("binary data (NUL bytes) in a text file", path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    encoding = best.encoding if best is not None else "cp1252"
    # Detectors hesitate between Western single-byte code pages on short texts (cp1250, Latin-1...);
    # Windows-1252 is what mislabelled Western news text almost always is, and a superset of Latin-1's
    # printable range, so it wins whenever the guess is of that family and it decodes cleanly.
    if encoding in _WESTERN_SINGLE_BYTE:
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        return data.decode("cp1252", errors="replace"), "cp1252"


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\t\n\r\f")
    return controls / len(text)


def html_to_text(markup: str) -> tuple[str, dict[str, str]]:
    """Extract readable text and metadata from an HTML page with a real parser.

    Block elements become paragraphs separated by blank lines; script, style, navigation, header,
    footer and aside elements are left out. Returns (text, metadata with any of title/outlet/published/url).
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    meta: dict[str, str] = {}
    if soup.title and soup.title.string:
        meta["title"] = soup.title.string.strip()
    for tag in soup.find_all("meta"):
        key = (tag.get("property") or tag.get("name") or "").lower()
        content = (tag.get("content") or "").strip()
        if not content:
            continue
        if key in ("og:title",):
            meta["title"] = content
        elif key in ("og:site_name",):
            meta["outlet"] = content
        elif key in ("article:published_time", "date", "pubdate", "dc.date"):
            meta.setdefault("published", content[:10])
        elif key in ("og:url",):
            meta.setdefault("url", content)
    canonical = soup.find("link", rel="canonical")
    if canonical and canonical.get("href"):
        meta.setdefault("url", str(canonical["href"]))
    for tag in soup(["script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside", "form"]):
        tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    blocks = root.find_all(["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption", "pre"])
    paragraphs: list[str] = []
    for block in blocks:
        if block.find_parent(["p", "li", "blockquote"]) is not None and block.name not in ("blockquote",):
            continue
        text = " ".join(block.get_text(" ").split())
        if text:
            paragraphs.append(text)
    if not paragraphs:
        paragraphs = [" ".join(line.split()) for line in root.get_text("\n").splitlines() if line.strip()]
    return "\n\n".join(paragraphs), meta


def docx_to_text(data: bytes, path: str) -> str:
    """The paragraphs of a Word document (python-docx), separated by blank lines."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001 - zipfile, lxml and python-docx each raise their own kinds
        raise InputError(f"not a readable Word document ({type(error).__name__})", path) from None
    paragraphs = [paragraph.text.strip() for paragraph in document.paragraphs]
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def _parse_date(value: str | None, path: str) -> dt.date | None:
    if not value or not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise InputError(f"published date {value!r} is not YYYY-MM-DD", path) from None


def read_metadata(folder: Path) -> dict[str, dict[str, str]]:
    """Read ``sources.csv`` if present: file name or id -> {outlet, title, published, url, id}."""
    path = folder / "sources.csv"
    if not path.exists():
        return {}
    text, _ = decode(path.read_bytes(), str(path))
    reader = csv.DictReader(io.StringIO(text))
    fields = {name.strip().lower() for name in reader.fieldnames or []}
    if not fields & {"file", "id"}:
        raise InputError("needs a 'file' or 'id' column", str(path))
    rows: dict[str, dict[str, str]] = {}
    for row in reader:
        clean = {(key or "").strip().lower(): (value or "").strip() for key, value in row.items()}
        key = clean.get("file") or clean.get("id")
        if key:
            rows[key] = clean
    return rows


def read_article(path: Path, metadata: dict[str, str] | None = None) -> Article:
    """Read one article file (txt, md, html or docx) into an Article."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            limit = MAX_ARTICLE_BYTES // (1024 * 1024)
            raise InputError(f"{size / (1024 * 1024):.1f} MB is larger than the {limit} MB limit for one article", name)
        data = path.read_bytes()
    except PermissionError:
        raise InputError("permission denied", name) from None
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror or error})", name) from None
    if path.suffix.lower() == ".docx":
        text, encoding = docx_to_text(data, name), "docx"
    else:
        text, encoding = decode(data, name)
    page_meta: dict[str, str] = {}
    if path.suffix.lower() in (".html", ".htm"):
        text, page_meta = html_to_text(text)
    merged = {**page_meta, **{key: value for key, value in (metadata or {}).items() if value}}
    return article_from_text(
        text, source_id=merged.get("id") or path.stem, label=name, metadata=merged, encoding=encoding
    )


def article_from_text(
    text: str, *, source_id: str, label: str, metadata: dict[str, str] | None = None, encoding: str = "utf-8"
) -> Article:
    """An Article from decoded text: checks it is text, reads a ``date YYYY-MM-DD`` header and the metadata.

    ``label`` names the article in errors and in ``Source.path`` (a file path, or a manifest row).
    """
    if _control_ratio(text) > 0.01:
        raise InputError("binary data (control characters), not article text", label)
    if not text.strip():
        raise InputError("empty article (no text)", label)
    metadata = metadata or {}
    body_start = 0
    published = metadata.get("published")
    header = _DATE_HEADER.match(text)
    if header:
        body_start = header.end()
        published = published or header.group(1)
    source = Source(
        id=source_id,
        path=label,
        title=metadata.get("title"),
        outlet=metadata.get("outlet"),
        published=_parse_date(published, label),
        url=metadata.get("url"),
    )
    return Article(source=source, text=text, encoding=encoding, body_start=body_start)


def read_set(path: str | Path) -> ArticleSet:
    """Read every article in a set folder. Unsupported files are skipped and listed, bad articles raise."""
    folder = Path(path)
    if not folder.exists():
        raise InputError("no such file or folder", str(path))
    if not folder.is_dir():
        raise InputError("is not a folder of articles", str(path))
    try:
        entries = sorted(folder.iterdir(), key=lambda entry: entry.name)
    except PermissionError:
        raise InputError("permission denied", str(path)) from None
    metadata = read_metadata(folder)
    articles: list[Article] = []
    skipped: list[tuple[str, str]] = []
    for entry in entries:
        if entry.name.startswith(".") or entry.name in METADATA_FILES:
            continue
        if entry.is_dir():
            skipped.append((str(entry), "folder inside the set"))
            continue
        if entry.suffix.lower() not in ARTICLE_EXTENSIONS:
            skipped.append((str(entry), f"unsupported file type {entry.suffix or '(none)'}"))
            continue
        row = metadata.get(entry.name) or metadata.get(entry.stem)
        articles.append(read_article(entry, row))
    if not articles:
        raise InputError("no articles (.txt, .md, .html) in the folder", str(path))
    ids = [article.source.id for article in articles]
    duplicates = sorted({source_id for source_id in ids if ids.count(source_id) > 1})
    if duplicates:
        raise InputError(f"two articles share the source id {duplicates[0]!r}", str(path))
    return ArticleSet(name=folder.resolve().name, articles=tuple(articles), skipped=tuple(skipped))
