"""Article -> CleanArticle: page furniture out, each removal recorded with its reason.

The rules are deliberately conservative: a line that ends like a sentence is only dropped when it
carries an unmistakable marker (an image link, a promo prefix, a photo credit, an AI disclaimer).
Short unpunctuated lines (navigation words, labels, bylines) and all-caps kickers are dropped;
headlines of ordinary case and length are kept, since they carry claims too.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable

from checker.models import Article, CleanArticle, DroppedLine

_TERMINAL = re.compile(r"[.!?…]['\"’”)\]]*\s*$|[:;]\s*$")
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_ASCII_LOWER = str.maketrans("", "", string.ascii_lowercase)

_IMAGE = re.compile(r"^\s*(?:\[\s*)?!\[[^\]]*\]\([^)]*\)(?:\s*\]\([^)]*\))?\s*$")
_BARE_URL = re.compile(r"^\s*(?:<)?https?://\S+(?:>)?\s*$", re.IGNORECASE)
_PROMO = re.compile(
    r"^\s*(?:click here\b|read more\b|related(?: stories| story| articles?| content| coverage| video)?\s*[|:]"
    r"|see also\s*[|:]|also read\s*[|:]|watch\s*[|:]|listen\s*[|:]|sign up\b|subscribe\b|follow us\b"
    r"|download (?:the|our) app\b|advertisement\s*$|story continues below)",
    re.IGNORECASE,
)
_AI_DISCLAIMER = re.compile(
    r"(?:with the (?:assistance|help) of|using|generated (?:by|with)|produced with|assisted by)\s+"
    r"(?:an?\s+)?(?:AI|artificial intelligence|generative AI)\b"
    r"|\b(?:this|the) (?:story|article|report) (?:was|has been) (?:converted|adapted|translated|generated)\b",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(r"^\s*(?:©|\(c\)\s|copyright\b)|\ball rights reserved\b", re.IGNORECASE)
# A trailing photo credit: "(AP Photo/Name)", "(Photo: Name)", "Photo by Name / Agency".
_PHOTO_CREDIT = re.compile(
    r"\((?:AP|AFP|Reuters|Getty|EPA|Bloomberg|Xinhua|[A-Z][\w.&-]* )?\s*(?:Photo|Image|Picture|Credit)s?\b[^()]{0,80}\)\s*$"
    r"|(?:^|[.\s])(?:Photo|Image|Picture)(?:graph)?s?\s*(?:by|credit|:)\s*[^.]{1,80}$"
    r"|\b(?:Getty Images|AFP via Getty Images|Reuters/[A-Z][\w ]+)\s*\)?\s*$",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^\s*(?i:by|written by|reporting by|edited by)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}\s*$")

Rule = Callable[[str], str | None]


def _image(line: str) -> str | None:
    return "image link" if _IMAGE.match(line) else None


def _bare_url(line: str) -> str | None:
    return "bare link" if _BARE_URL.match(line) else None


def _promo(line: str) -> str | None:
    return "promo or related-story link" if _PROMO.match(line) else None


def _ai_disclaimer(line: str) -> str | None:
    return "AI or conversion disclaimer" if _AI_DISCLAIMER.search(line) else None


def _copyright(line: str) -> str | None:
    return "copyright line" if _COPYRIGHT.search(line) and len(_WORD.findall(line)) <= 25 else None


def _photo_caption(line: str) -> str | None:
    return "photo caption with credit" if _PHOTO_CREDIT.search(line) else None


def _byline(line: str) -> str | None:
    return "byline" if _BYLINE.match(line) else None


def _all_caps(line: str) -> str | None:
    # Prose is ruled out without a look at each character (this ran on every line of every article):
    # ASCII lower-case letters are letters and not upper case, and there are at most len(line) letters,
    # so more of them than 15% of the line leave upper case under 85% of the letters.
    if len(line) - len(line.translate(_ASCII_LOWER)) > 0.15 * len(line):
        return None
    letters = [char for char in line if char.isalpha()]
    words = _WORD.findall(line)
    if len(letters) < 8 or len(words) < 2:
        return None
    upper = sum(1 for char in letters if char.isupper())
    if upper / len(letters) >= 0.85 and (not _TERMINAL.search(line) or len(words) <= 20):
        return "all-caps headline or kicker"
    return None


def _short_label(line: str) -> str | None:
    # Navigation words ("World News", "Actions", "Posted"), labels and image alt text: too short to be
    # a sentence and without sentence punctuation.
    words = _WORD.findall(line)
    if len(words) <= 6 and not _TERMINAL.search(line):
        return "navigation or label (short line without sentence punctuation)"
    return None


RULES: tuple[Rule, ...] = (
    _image,
    _bare_url,
    _promo,
    _ai_disclaimer,
    _copyright,
    _photo_caption,
    _byline,
    _all_caps,
    _short_label,
)


def furniture_reason(line: str) -> str | None:
    """Why a line is page furniture, or None if it is article text."""
    if not line.strip():
        return None
    for rule in RULES:
        reason = rule(line)
        if reason:
            return reason
    return None


def clean(article: Article) -> CleanArticle:
    """Split the article into lines, keep the article text, record every dropped line with its reason."""
    text = article.text
    dropped: list[DroppedLine] = []
    spans: list[tuple[int, int]] = []
    source = article.source.id
    if article.body_start > 0:
        header = text[: article.body_start]
        start = len(header) - len(header.lstrip())
        end = len(header.rstrip())
        if end > start:
            dropped.append(DroppedLine(source, text[start:end], start, end, "metadata header"))
    for match in re.finditer(r"[^\r\n]+", text[article.body_start :]):
        start = article.body_start + match.start()
        end = article.body_start + match.end()
        raw = text[start:end]
        stripped_start = start + (len(raw) - len(raw.lstrip()))
        stripped_end = start + len(raw.rstrip())
        if stripped_end <= stripped_start:
            continue
        line = text[stripped_start:stripped_end]
        reason = furniture_reason(line)
        if reason:
            dropped.append(DroppedLine(source, line, stripped_start, stripped_end, reason))
        else:
            spans.append((stripped_start, stripped_end))
    return CleanArticle(article=article, spans=tuple(spans), dropped=tuple(dropped))
