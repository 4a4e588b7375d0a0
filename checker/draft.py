"""Pre-publication gate: check a draft against the articles it was written from.

The draft is compared as one more source of the set, with every fact comparator; only what involves
the draft is kept and re-labelled for the reporter:

- contradicted: the draft's fact differs from every source that reports the same fact;
- disputed: the sources already disagree on the fact and the draft takes one side;
- unsupported: a draft sentence with a checkable fact (a figure, a quote, a date, a name with a
  title) that no source reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from checker.config import Settings
from checker.embed import Embedder
from checker.errors import InputError
from checker.facts import numbers
from checker.ingest import ARTICLE_EXTENSIONS, ArticleSet, read_article, read_set
from checker.models import SEVERITY_RANK, Article, Evidence, Finding, Result, Sentence, Severity
from checker.pipeline import check

DraftStatus = Literal["contradicted", "disputed", "unsupported"]
DRAFT_ID = "draft"

# A quotation of at least four words: a made-up or altered quote is what a reader remembers.
_QUOTE = re.compile(r"[\"“]([^\"“”]{12,})[\"”]")
_DATE = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tomorrow"
    r"|Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?(?:\s+\d{1,2}\b)?"
)
# "Secretary of State Marco Rubio", "CIA Director John Ratcliffe": a title before a capitalised full name.
_TITLED_NAME = re.compile(
    r"\b(?:President|Minister|Secretary|Director|Envoy|Ambassador|Adviser|Advisor|Spokesman|Spokeswoman|"
    r"Spokesperson|Chancellor|Governor|Senator|Mayor|General|Gen\.|Chief|Chairman|Chair|Commissioner|Judge)"
    r"(?:\s+of\s+[A-Z][a-z]+)?\s+[A-Z][\w'’.-]+\s+[A-Z][\w'’-]+",
)


@dataclass(frozen=True, slots=True)
class DraftFinding:
    """One problem of the draft.

    status: contradicted, disputed or unsupported.
    finding: the underlying finding (its evidence holds the draft's sentence and the sources' ones).
    sentence: the draft sentence concerned.
    line, column: 1-based position of the sentence (of its highlighted value when there is one) in the draft.
    """

    status: DraftStatus
    finding: Finding
    sentence: Sentence
    line: int
    column: int

    @property
    def severity(self) -> Severity:
        """The finding's severity."""
        return self.finding.severity


@dataclass(frozen=True, slots=True)
class DraftResult:
    """The outcome of checking a draft.

    draft: the draft as read.
    result: the whole comparison (draft plus sources), for the JSON and HTML outputs.
    findings: the draft's problems, most severe first.
    """

    draft: Article
    result: Result
    findings: tuple[DraftFinding, ...]


def read_draft(path: str | Path) -> Article:
    """Read the draft (.txt, .md, .html or .docx); its source id is ``draft``."""
    file = Path(path)
    if not file.exists():
        raise InputError("no such file", str(path))
    if file.is_dir():
        raise InputError("is a folder; the draft must be one file", str(path))
    if file.suffix.lower() not in ARTICLE_EXTENSIONS:
        raise InputError(f"unsupported draft type {file.suffix or '(none)'} (use .txt, .md, .html or .docx)", str(path))
    article = read_article(file)
    return replace(article, source=replace(article.source, id=DRAFT_ID))


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset (\\r\\n, \\r and \\n all end a line)."""
    before = text[:offset]
    lines = re.split(r"\r\n|\r|\n", before)
    return len(lines), len(lines[-1]) + 1


def checkable(sentence: Sentence) -> bool:
    """Whether a sentence holds a fact a reader could check: a figure, a quote, a date, a titled name."""
    text = sentence.text
    if any(quantity.family for quantity in numbers.extract_quantities(text)):
        return True
    return bool(_QUOTE.search(text) or _DATE.search(text) or _TITLED_NAME.search(text))


def _status(finding: Finding) -> DraftStatus | None:
    draft_values = {item.value for item in finding.evidence if item.source == DRAFT_ID}
    source_values = {item.value for item in finding.evidence if item.source != DRAFT_ID}
    if not draft_values or not source_values:
        return None
    if len(source_values) > 1 and draft_values & source_values:
        return "disputed"
    return "contradicted"


def _position(draft: Article, evidence: Evidence) -> tuple[int, int]:
    start = evidence.spans[0][0] if evidence.spans else evidence.start
    return line_column(draft.text, start)


def draft_findings(draft: Article, result: Result) -> tuple[DraftFinding, ...]:
    """The findings of a combined run that concern the draft, relabelled, most severe first."""
    sentences = {
        (sentence.start, sentence.end): sentence for sentence in result.sentences if sentence.source == DRAFT_ID
    }
    found: list[DraftFinding] = []
    for finding in result.findings:
        draft_side = next((item for item in finding.evidence if item.source == DRAFT_ID), None)
        if draft_side is None:
            continue
        sentence = sentences.get((draft_side.start, draft_side.end))
        if sentence is None:
            continue
        status: DraftStatus | None
        if finding.kind == "discrepancy":
            status = _status(finding)
            if status == "contradicted" and finding.type == "quote" and finding.severity == "medium":
                # Across outlets a reworded quote is worth a look; a draft that words a quote differently
                # from every source carrying it misquotes the speaker, which stops publication.
                finding = replace(finding, severity="high")
        elif finding.kind == "unique":
            status = "unsupported" if checkable(sentence) else None
            if status:
                severity: Severity = "high" if _QUOTE.search(sentence.text) else "medium"
                summary = f"Unsupported: no source reports this: {finding.summary.split(': ', 1)[-1]}"
                finding = replace(finding, type=_unsupported_type(sentence), severity=severity, summary=summary)
        else:
            status = None
        if status is None:
            continue
        line, column = _position(draft, draft_side)
        found.append(DraftFinding(status=status, finding=finding, sentence=sentence, line=line, column=column))
    found.sort(key=lambda item: (SEVERITY_RANK[item.severity], item.line, item.column))
    return tuple(found)


def _unsupported_type(sentence: Sentence):  # type: ignore[no-untyped-def]
    if _QUOTE.search(sentence.text):
        return "quote"
    if any(quantity.family for quantity in numbers.extract_quantities(sentence.text)):
        return "number"
    if _DATE.search(sentence.text):
        return "date"
    if _TITLED_NAME.search(sentence.text):
        return "role"
    return "claim"


def check_draft(draft: Article, sources: ArticleSet, settings: Settings, embedder: Embedder) -> DraftResult:
    """Compare the draft with the source articles and return the draft's problems."""
    if any(article.source.id == DRAFT_ID for article in sources.articles):
        raise InputError(f"a source is named {DRAFT_ID!r}; rename it so the draft can be told apart", sources.name)
    combined = ArticleSet(name=sources.name, articles=(draft, *sources.articles), skipped=sources.skipped)
    result = check(combined, settings, embedder, drop_duplicates=False)
    return DraftResult(draft=draft, result=result, findings=draft_findings(draft, result))


def check_paths(
    draft_path: str | Path, sources_path: str | Path, settings: Settings, embedder: Embedder
) -> DraftResult:
    """Read a draft and its sources folder, then check the draft."""
    return check_draft(read_draft(draft_path), read_set(sources_path), settings, embedder)
