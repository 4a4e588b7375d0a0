"""Frozen records passed between the pipeline stages.

Every piece of article text is referenced by character offsets into ``Article.text``
(the article as read: decoded, for HTML the extracted text), so reports can highlight
exact spans and nothing is ever re-guessed downstream.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

FindingKind = Literal["discrepancy", "agreement", "unique"]
FactType = Literal[
    "number",
    "date",
    "person",
    "role",
    "list",
    "quote",
    "attribution",
    "place",
    "contradiction",
    "claim",
]
Severity = Literal["high", "medium", "low"]

SEVERITY_RANK: dict[str, int] = {"high": 0, "medium": 1, "low": 2}


@dataclass(frozen=True, slots=True)
class Source:
    """Who published an article.

    id: unique within the set (the file name without extension unless metadata says otherwise).
    path: the file the article was read from, as given.
    title, outlet, url: optional metadata (``sources.csv`` or the file itself).
    published: publication date, from metadata or the article's own ``date YYYY-MM-DD`` header.
    """

    id: str
    path: str
    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """One article as read.

    source: its metadata.
    text: the decoded text exactly as read (HTML: the extracted text); all offsets point here.
    encoding: the encoding it was decoded with.
    body_start: offset where the article body begins, after a metadata header such as ``date 2025-02-12``.
    """

    source: Source
    text: str
    encoding: str = "utf-8"
    body_start: int = 0


@dataclass(frozen=True, slots=True)
class DroppedLine:
    """A line removed as page furniture, kept so the report can show it.

    source: the article's source id.
    line: the line's text as in the article.
    start, end: its character offsets in ``Article.text``.
    reason: why it was dropped, in words an editor reads.
    """

    source: str
    line: str
    start: int
    end: int
    reason: str


@dataclass(frozen=True, slots=True)
class CleanArticle:
    """An article after furniture removal.

    article: the article as read.
    spans: (start, end) offsets of the kept text blocks (paragraphs), in order.
    dropped: the lines removed, with their reasons.
    """

    article: Article
    spans: tuple[tuple[int, int], ...]
    dropped: tuple[DroppedLine, ...]


@dataclass(frozen=True, slots=True)
class Sentence:
    """A comparable unit of an article: one sentence, or a quotation kept whole with its attribution.

    source: the article's source id.
    index: position among the article's sentences (0-based).
    start, end: character offsets in ``Article.text``; ``text == article.text[start:end]``.
    text: the sentence as in the article (for display).
    paragraph: index of the kept block it came from.
    """

    source: str
    index: int
    start: int
    end: int
    text: str
    paragraph: int = 0

    @property
    def key(self) -> str:
        """Stable identifier within a set: ``source#index``."""
        return f"{self.source}#{self.index}"

    @property
    def normalized(self) -> str:
        """NFC-normalized text used for comparison (never for display)."""
        return unicodedata.normalize("NFC", self.text)


@dataclass(frozen=True, slots=True)
class Group:
    """Sentences from different sources that report the same fact.

    id: ``G1``, ``G2``... in order of first appearance.
    members: the sentences, ordered by source then position.
    similarity: mean pairwise cosine similarity of members from different sources (1.0 for one member).
    """

    id: str
    members: tuple[Sentence, ...]
    similarity: float = 1.0

    @property
    def sources(self) -> tuple[str, ...]:
        """Distinct source ids in the group, in member order."""
        return tuple(dict.fromkeys(member.source for member in self.members))


@dataclass(frozen=True, slots=True)
class Evidence:
    """One source's side of a finding.

    source: source id.
    sentence: the sentence as in the article.
    start, end: the sentence's offsets in ``Article.text``.
    value: the compared value in words, or None (agreements and unique claims).
    spans: (start, end) offsets in ``Article.text`` of the words to highlight (the differing value).
    """

    source: str
    sentence: str
    start: int
    end: int
    value: str | None = None
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """What the comparison says about one group.

    id: ``F1``, ``F2``... after sorting (most serious first).
    group: the group id it is about.
    kind: discrepancy, agreement or unique (a single-source claim).
    type: the kind of fact compared (``claim`` for whole-sentence agreements and unique claims).
    severity: high, medium or low.
    summary: one line an editor understands.
    evidence: each source's sentence and value.
    """

    id: str
    group: str
    kind: FindingKind
    type: FactType
    severity: Severity
    summary: str
    evidence: tuple[Evidence, ...]

    @property
    def fingerprint(self) -> str:
        """Identity of the finding across runs of the same set (ids are renumbered, this is not).

        Built from what the finding is about, not where it sits: kind, type, and each side's source,
        sentence (whitespace- and Unicode-normalized) and value.
        """
        sides = sorted(
            (item.source, " ".join(unicodedata.normalize("NFC", item.sentence).split()), item.value or "")
            for item in self.evidence
        )
        payload = "\x1f".join([self.kind, self.type, *("\x1e".join(side) for side in sides)])
        return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Result:
    """Everything a run found for one article set.

    name: the set's name (its folder name).
    sources: the sources, in reading order.
    articles: the articles as read (for the report's article view).
    sentences: every comparable sentence of every article.
    groups: the alignment.
    findings: sorted most serious first.
    dropped: every line removed as furniture.
    skipped: files in the set that were not read, with the reason.
    settings: the settings the run used, for the report header.
    duplicates: (source id, id of the source it copies) for articles left out of the comparison
        because they repeat another article's text: copies are not independent confirmation.
    warnings: things the editor should know about the run itself ("only one article: nothing to compare").
    """

    name: str
    sources: tuple[Source, ...]
    articles: tuple[Article, ...]
    sentences: tuple[Sentence, ...]
    groups: tuple[Group, ...]
    findings: tuple[Finding, ...]
    dropped: tuple[DroppedLine, ...]
    skipped: tuple[tuple[str, str], ...] = ()
    settings: dict[str, object] = field(default_factory=dict)
    duplicates: tuple[tuple[str, str], ...] = ()
    warnings: tuple[str, ...] = ()
