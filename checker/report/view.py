"""View-model for the HTML report: plain frozen records built from a ``Result``.

Everything the page shows is decided here (order, counts, statuses, highlight segments),
so the template only loops and prints, and no HTML is ever built in Python.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import get_args

from checker.decisions import Decision, Decisions, Review, decision_to_dict, match_decisions
from checker.models import (
    SEVERITY_RANK,
    Article,
    DroppedLine,
    Evidence,
    FactType,
    Finding,
    Result,
    Sentence,
    Source,
)
from checker.report.json import to_dict

KIND_LABELS: dict[str, str] = {
    "discrepancy": "discrepancies",
    "agreement": "agreements",
    "unique": "single-source claims",
}

STATUS_LABELS: dict[str, str] = {
    "confirmed": "Confirmed",
    "dismissed": "Dismissed",
    "follow-up": "Needs follow-up",
}


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text. text: the characters; marked: True for a highlighted (differing) value."""

    text: str
    marked: bool = False


@dataclass(frozen=True, slots=True)
class Count:
    """One line of a tally. label: what is counted; count: how many."""

    label: str
    count: int


@dataclass(frozen=True, slots=True)
class SourceView:
    """A source as the header shows it.

    id, outlet, title, url, path: from ``Source`` (missing metadata as None).
    anchor: the HTML id of its article in the article view.
    label: outlet if known, else the id (used in card and grid headings).
    published: ISO date or None.
    sentence_count: comparable sentences found in its article.
    """

    id: str
    anchor: str
    label: str
    outlet: str | None
    title: str | None
    published: str | None
    url: str | None
    path: str
    sentence_count: int


@dataclass(frozen=True, slots=True)
class EvidenceView:
    """One source's side of a card.

    source: source id; label: the source's display label.
    segments: the sentence split into plain and highlighted runs.
    value: the compared value in words, or None.
    anchor: HTML id of the sentence in the article view ("see in context"), or None if unknown.
    """

    source: str
    label: str
    segments: tuple[Segment, ...]
    value: str | None
    anchor: str | None


@dataclass(frozen=True, slots=True)
class DecisionView:
    """An earlier decision shown on a card. status: confirmed, dismissed or follow-up;
    label: the status in words; note: the editor's note ("" when none)."""

    status: str
    label: str
    note: str


@dataclass(frozen=True, slots=True)
class CardView:
    """A finding as a card. id ... summary: as in ``Finding``; evidence as ``EvidenceView``.

    fingerprint: ``Finding.fingerprint`` (what review marks are keyed by).
    sources: the distinct source ids of its evidence, in order (for the source filter).
    decision: the earlier decision from a decisions file, or None.
    new: True when a decisions file was given and no decision in it knows this finding.
    """

    id: str
    group: str
    kind: str
    type: str
    severity: str
    summary: str
    evidence: tuple[EvidenceView, ...]
    fingerprint: str = ""
    sources: tuple[str, ...] = ()
    decision: DecisionView | None = None
    new: bool = False


@dataclass(frozen=True, slots=True)
class GridCell:
    """One source's status for one fact. status: agrees, differs or silent; label: text shown."""

    source: str
    status: str
    label: str


@dataclass(frozen=True, slots=True)
class GridRow:
    """One group with findings. finding: the first (most serious) finding's id, which the row links to;
    findings: all its finding ids; summary: the first finding's summary; cells: one per source."""

    group: str
    finding: str
    findings: tuple[str, ...]
    summary: str
    cells: tuple[GridCell, ...]


@dataclass(frozen=True, slots=True)
class Option:
    """One choice of a filter. value: what the URL hash and data-* attributes hold ("" for any);
    label: the choice in words; count: findings it matches with no other filter set."""

    value: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class FilterView:
    """One filter of the review screen. name: its URL hash key (kind, type, severity, source, review);
    label: its label; options: the choices, "any" first."""

    name: str
    label: str
    options: tuple[Option, ...]


@dataclass(frozen=True, slots=True)
class ReviewView:
    """The review panel.

    given: True when earlier decisions were rendered in (``checker run --decisions``).
    file: the decisions file as given, or None.
    matched, new, unmatched: findings with an earlier decision, findings no earlier decision knows,
    earlier decisions on findings this run no longer has.
    data: what the page's script needs (the storage key prefix, the earlier decisions by fingerprint,
    the unmatched decisions to keep in an export), embedded as JSON.
    """

    given: bool
    file: str | None
    matched: int
    new: int
    unmatched: int
    data: dict[str, object]


@dataclass(frozen=True, slots=True)
class ArticleSegment:
    """A piece of an article in the article view.

    kind: ``text`` (between sentences), ``sentence`` or ``dropped`` (furniture).
    parts: the characters, split into plain and highlighted runs.
    status: for sentences, disputed / agreed / only-here; else None.
    anchor: for sentences, the HTML id cards link to; else None.
    reason: for dropped lines, why they were dropped; else None.
    """

    kind: str
    parts: tuple[Segment, ...]
    status: str | None = None
    anchor: str | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleView:
    """An article in full. source: its ``SourceView``; segments: its text, in order, end to end."""

    source: SourceView
    segments: tuple[ArticleSegment, ...]


@dataclass(frozen=True, slots=True)
class ReportView:
    """Everything the HTML template needs.

    name, version, generated: set name, checker version, timestamp (all passed in).
    sources: header rows; kind_counts, severity_counts, type_counts: the tallies (the last two of discrepancies).
    settings: (name, value) pairs as text.
    discrepancies, agreements, uniques: cards, in the result's order.
    grid: the fact x source rows; articles: the article view; skipped: (path, reason) pairs.
    data: the findings.json document (``checker.report.json.to_dict``), embedded in the page.
    filters: the filter controls; review: the review panel.
    """

    name: str
    version: str
    generated: str
    sources: tuple[SourceView, ...]
    kind_counts: tuple[Count, ...]
    severity_counts: tuple[Count, ...]
    type_counts: tuple[Count, ...]
    settings: tuple[tuple[str, str], ...]
    discrepancies: tuple[CardView, ...]
    agreements: tuple[CardView, ...]
    uniques: tuple[CardView, ...]
    grid: tuple[GridRow, ...]
    articles: tuple[ArticleView, ...]
    skipped: tuple[tuple[str, str], ...]
    data: dict[str, object]
    filters: tuple[FilterView, ...] = ()
    review: ReviewView | None = None

    @property
    def has_findings(self) -> bool:
        """True when there is at least one finding of any kind."""
        return bool(self.discrepancies or self.agreements or self.uniques)


def split_marked(text: str, offset: int, spans: tuple[tuple[int, int], ...]) -> tuple[Segment, ...]:
    """Split ``text``, which starts at absolute ``offset``, into runs; runs covered by ``spans``
    (absolute offsets, clipped to the text, overlaps merged) are marked."""
    ranges: list[list[int]] = []
    for start, end in sorted(spans):
        start, end = max(start - offset, 0), min(end - offset, len(text))
        if start >= end:
            continue
        if ranges and start <= ranges[-1][1]:
            ranges[-1][1] = max(ranges[-1][1], end)
        else:
            ranges.append([start, end])
    segments: list[Segment] = []
    position = 0
    for start, end in ranges:
        if start > position:
            segments.append(Segment(text[position:start]))
        segments.append(Segment(text[start:end], marked=True))
        position = end
    if position < len(text):
        segments.append(Segment(text[position:]))
    return tuple(segments)


class _Index:
    """Look-ups shared by the builders: sources, articles, sentences and their anchors."""

    def __init__(self, result: Result) -> None:
        sources = list(result.sources)
        known = {source.id for source in sources}
        sources += [article.source for article in result.articles if article.source.id not in known]
        self.anchors = {source.id: f"src-{number}" for number, source in enumerate(sources, 1)}
        counts = Counter(sentence.source for sentence in result.sentences)
        self.sources = tuple(_source_view(source, self.anchors[source.id], counts[source.id]) for source in sources)
        self.by_id = {view.id: view for view in self.sources}
        self.articles: dict[str, Article] = {article.source.id: article for article in result.articles}
        self.sentences = result.sentences

    def label(self, source: str) -> str:
        """Display label of a source id (the id itself when unknown)."""
        view = self.by_id.get(source)
        return view.label if view else source

    def sentence_anchor(self, sentence: Sentence) -> str | None:
        """HTML id of a sentence in the article view."""
        anchor = self.anchors.get(sentence.source)
        return f"{anchor}-s{sentence.index}" if anchor else None

    def sentence_for(self, evidence: Evidence) -> Sentence | None:
        """The sentence an evidence quotes: same offsets, else the one holding its start."""
        candidates = [s for s in self.sentences if s.source == evidence.source]
        for sentence in candidates:
            if (sentence.start, sentence.end) == (evidence.start, evidence.end):
                return sentence
        return next((s for s in candidates if s.start <= evidence.start < s.end), None)


def _source_view(source: Source, anchor: str, sentence_count: int) -> SourceView:
    return SourceView(
        id=source.id,
        anchor=anchor,
        label=source.outlet or source.id,
        outlet=source.outlet,
        title=source.title,
        published=source.published.isoformat() if source.published else None,
        url=source.url,
        path=source.path,
        sentence_count=sentence_count,
    )


def _evidence_view(evidence: Evidence, index: _Index) -> EvidenceView:
    # The article text is authoritative: offsets point into it, so highlight from it.
    article = index.articles.get(evidence.source)
    if article is not None and 0 <= evidence.start <= evidence.end <= len(article.text):
        text = article.text[evidence.start : evidence.end]
    else:
        text = evidence.sentence
    sentence = index.sentence_for(evidence)
    return EvidenceView(
        source=evidence.source,
        label=index.label(evidence.source),
        segments=split_marked(text, evidence.start, evidence.spans),
        value=evidence.value,
        anchor=index.sentence_anchor(sentence) if sentence else index.anchors.get(evidence.source),
    )


def _card(finding: Finding, index: _Index, review: Review | None) -> CardView:
    decision = review.decided.get(finding.id) if review else None
    return CardView(
        id=finding.id,
        group=finding.group,
        kind=finding.kind,
        type=finding.type,
        severity=finding.severity,
        summary=finding.summary,
        evidence=tuple(_evidence_view(evidence, index) for evidence in finding.evidence),
        fingerprint=finding.fingerprint,
        sources=tuple(dict.fromkeys(evidence.source for evidence in finding.evidence)),
        decision=DecisionView(decision.status, STATUS_LABELS[decision.status], decision.note) if decision else None,
        new=review is not None and finding.id in review.new,
    )


def _grid(result: Result, index: _Index) -> tuple[GridRow, ...]:
    members = {group.id: set(group.sources) for group in result.groups}
    by_group: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_group.setdefault(finding.group, []).append(finding)
    rows = []
    for group, findings in by_group.items():
        differs = {e.source for f in findings if f.kind == "discrepancy" for e in f.evidence}
        present = members.get(group) or {e.source for f in findings for e in f.evidence}
        sole = len(present | differs) == 1
        cells = []
        for source in index.sources:
            if source.id in differs:
                status = label = "differs"
            elif source.id in present:
                status, label = "agrees", "only source" if sole else "agrees"
            else:
                status = label = "silent"
            cells.append(GridCell(source.id, status, label))
        first = findings[0]
        rows.append(GridRow(group, first.id, tuple(f.id for f in findings), first.summary, tuple(cells)))
    return tuple(rows)


def _article_view(article: Article, result: Result, index: _Index) -> ArticleView:
    source = article.source.id
    text = article.text
    disputed: set[str] = set()
    spans: list[tuple[int, int]] = []
    for finding in result.findings:
        for evidence in finding.evidence:
            if finding.kind == "discrepancy" and evidence.source == source:
                sentence = index.sentence_for(evidence)
                if sentence:
                    disputed.add(sentence.key)
                spans.extend(evidence.spans)
    agreed = {m.key for g in result.groups if len(g.sources) >= 2 for m in g.members}
    pieces: list[Sentence | DroppedLine] = [s for s in result.sentences if s.source == source]
    pieces += [d for d in result.dropped if d.source == source]
    segments: list[ArticleSegment] = []
    position = 0
    for piece in sorted(pieces, key=lambda item: (item.start, item.end)):
        start, end = piece.start, min(piece.end, len(text))
        if start < position or start >= end:
            continue  # overlapping or empty: never show a character twice
        if start > position:
            segments.append(ArticleSegment("text", (Segment(text[position:start]),)))
        if isinstance(piece, Sentence):
            status = "disputed" if piece.key in disputed else "agreed" if piece.key in agreed else "only-here"
            parts = split_marked(text[start:end], start, tuple(spans))
            segments.append(ArticleSegment("sentence", parts, status, index.sentence_anchor(piece)))
        else:
            segments.append(ArticleSegment("dropped", (Segment(text[start:end]),), reason=piece.reason))
        position = end
    if position < len(text):
        segments.append(ArticleSegment("text", (Segment(text[position:]),)))
    return ArticleView(index.by_id[source], tuple(segments))


def _counts(result: Result) -> tuple[tuple[Count, ...], tuple[Count, ...], tuple[Count, ...]]:
    kinds = Counter(finding.kind for finding in result.findings)
    discrepancies = [finding for finding in result.findings if finding.kind == "discrepancy"]
    severities = Counter(finding.severity for finding in discrepancies)
    types = Counter(finding.type for finding in discrepancies)
    type_order = list(get_args(FactType)) + sorted(set(types) - set(get_args(FactType)))
    return (
        tuple(Count(label, kinds[kind]) for kind, label in KIND_LABELS.items()),
        tuple(Count(severity, severities[severity]) for severity in SEVERITY_RANK),
        tuple(Count(fact_type, types[fact_type]) for fact_type in type_order if types[fact_type]),
    )


def _filters(result: Result, index: _Index, review: Review | None) -> tuple[FilterView, ...]:
    findings = result.findings
    kinds = Counter(finding.kind for finding in findings)
    types = Counter(finding.type for finding in findings)
    severities = Counter(finding.severity for finding in findings)
    sources = Counter(source for finding in findings for source in dict.fromkeys(e.source for e in finding.evidence))
    type_order = list(get_args(FactType)) + sorted(set(types) - set(get_args(FactType)))
    decided = Counter(decision.status for decision in review.decided.values()) if review else Counter()
    total = len(findings)
    statuses = [
        Option("open", "not reviewed", total - sum(decided.values())),
        *(Option(status, label.lower(), decided[status]) for status, label in STATUS_LABELS.items()),
        Option("active", "all but dismissed", total - decided["dismissed"]),
    ]
    if review is not None:
        statuses.append(Option("new", "new since last review", len(review.new)))
    return (
        FilterView(
            "kind",
            "Kind",
            (Option("", "all", total), *(Option(k, label, kinds[k]) for k, label in KIND_LABELS.items())),
        ),
        FilterView(
            "type",
            "Fact type",
            (Option("", "all", total), *(Option(t, t, types[t]) for t in type_order if types[t])),
        ),
        FilterView(
            "severity",
            "Severity",
            (Option("", "all", total), *(Option(s, s, severities[s]) for s in SEVERITY_RANK)),
        ),
        FilterView(
            "source",
            "Source",
            (Option("", "all", total), *(Option(s.id, s.label, sources[s.id]) for s in index.sources)),
        ),
        FilterView("review", "Review", (Option("", "any", total), *statuses)),
    )


def _review(result: Result, decisions: Decisions | None, review: Review | None) -> ReviewView:
    earlier: dict[str, dict[str, str]] = {}
    if review is not None:
        fingerprints = {finding.id: finding.fingerprint for finding in result.findings}
        earlier = {
            fingerprints[finding]: {"status": decision.status, "note": decision.note}
            for finding, decision in review.decided.items()
        }
    unmatched: tuple[Decision, ...] = review.unmatched if review else ()
    return ReviewView(
        given=decisions is not None,
        file=decisions.path if decisions else None,
        matched=len(review.decided) if review else 0,
        new=len(review.new) if review else 0,
        unmatched=len(unmatched),
        data={
            "format_version": 1,
            "set": result.name,
            # One localStorage entry per finding: prefix + fingerprint.
            "storage_prefix": f"checker-review:{result.name}:",
            "given": decisions is not None,
            "decisions": earlier,
            "unmatched": [decision_to_dict(decision) for decision in unmatched],
            "statuses": STATUS_LABELS,
        },
    )


def build_view(result: Result, *, version: str, generated: str, decisions: Decisions | None = None) -> ReportView:
    """Build the report's view-model from a run's ``Result``; ``version`` and ``generated`` are shown as given.

    ``decisions`` (earlier review decisions) are matched to the findings by fingerprint and shown on the cards;
    ``InputError`` if they are for another set.
    """
    index = _Index(result)
    review = match_decisions(decisions, result) if decisions is not None else None
    cards = {kind: tuple(_card(f, index, review) for f in result.findings if f.kind == kind) for kind in KIND_LABELS}
    kind_counts, severity_counts, type_counts = _counts(result)
    return ReportView(
        name=result.name,
        version=version,
        generated=generated,
        sources=index.sources,
        kind_counts=kind_counts,
        severity_counts=severity_counts,
        type_counts=type_counts,
        settings=tuple((str(key), str(value)) for key, value in result.settings.items()),
        discrepancies=cards["discrepancy"],
        agreements=cards["agreement"],
        uniques=cards["unique"],
        grid=_grid(result, index),
        articles=tuple(_article_view(article, result, index) for article in result.articles),
        skipped=tuple((str(path), str(reason)) for path, reason in result.skipped),
        data=to_dict(result, version=version, generated=generated),
        filters=_filters(result, index, review),
        review=_review(result, decisions, review),
    )
