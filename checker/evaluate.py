"""Scoring a run against a hand annotation of its set (used by tests and ``make bench-accuracy``).

An annotation lists real discrepancies and near-misses, each as two sides: a source (its id or id
prefix) and a phrase of that source's text. A discrepancy is *found* when one discrepancy finding
has evidence from both sources whose highlighted spans overlap the phrases. A near-miss is a *false
alarm* when a discrepancy finding highlights both of its phrases against each other.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.models import Finding, Result


@dataclass(frozen=True, slots=True)
class AnnotationScore:
    """How a run did against an annotation.

    found, missed: ids of the annotated discrepancies flagged / not flagged.
    false_alarms: ids of the near-misses that were flagged.
    """

    found: tuple[str, ...]
    missed: tuple[str, ...]
    false_alarms: tuple[str, ...]
    near_misses: int

    @property
    def recall(self) -> float:
        """Share of annotated discrepancies found."""
        total = len(self.found) + len(self.missed)
        return len(self.found) / total if total else 1.0


def load_annotation(path: str | Path) -> dict[str, Any]:
    """Read an annotation JSON file."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _phrase_spans(result: Result, source_prefix: str, phrase: str) -> list[tuple[str, int, int]]:
    spans = []
    for article in result.articles:
        if article.source.id == source_prefix or article.source.id.startswith(source_prefix + "_"):
            start = article.text.find(phrase)
            while start >= 0:
                spans.append((article.source.id, start, start + len(phrase)))
                start = article.text.find(phrase, start + 1)
    return spans


def _highlights(finding: Finding, spans: list[tuple[str, int, int]]) -> bool:
    for item in finding.evidence:
        for source, start, end in spans:
            if item.source != source:
                continue
            marks = item.spans or ((item.start, item.end),)
            if any(mark_start < end and start < mark_end for mark_start, mark_end in marks):
                return True
    return False


def _flagged(result: Result, sides: list[dict[str, str]]) -> bool:
    first = _phrase_spans(result, sides[0]["source"], sides[0]["phrase"])
    second = _phrase_spans(result, sides[1]["source"], sides[1]["phrase"])
    return any(
        finding.kind == "discrepancy" and _highlights(finding, first) and _highlights(finding, second)
        for finding in result.findings
    )


def score(result: Result, annotation: dict[str, Any]) -> AnnotationScore:
    """Recall on the annotated discrepancies and false alarms on the near-misses."""
    found, missed = [], []
    for item in annotation["discrepancies"]:
        (found if _flagged(result, item["sides"]) else missed).append(item["id"])
    false_alarms = [item["id"] for item in annotation["near_misses"] if _flagged(result, item["sides"])]
    return AnnotationScore(tuple(found), tuple(missed), tuple(false_alarms), len(annotation["near_misses"]))


@dataclass(frozen=True, slots=True)
class PlantedOutcome:
    """What ``checker check`` said about one planted error.

    case: the case id; expected: the fact type planted; line: the planted sentence's line.
    caught: a finding points at that line; right_type: one of them has the planted type.
    false_alarms: findings on the faithful lines (should be none).
    """

    case: str
    expected: str
    line: int
    caught: bool
    right_type: bool
    false_alarms: tuple[str, ...]


def planted_draft(faithful: list[str], sentence: str | None) -> tuple[str, int]:
    """A draft of the faithful paragraphs plus the planted sentence last; returns (text, its line)."""
    paragraphs = [*faithful, sentence] if sentence else list(faithful)
    return "\n\n".join(paragraphs) + "\n", 2 * len(faithful) + 1


def score_planted(draft_result, case: str, expected: str, line: int) -> PlantedOutcome:  # type: ignore[no-untyped-def]
    """Judge a ``checker.draft.DraftResult`` for one planted case."""
    on_line = [item for item in draft_result.findings if item.line == line]
    elsewhere = tuple(
        f"{item.line}:{item.status}:{item.finding.type}" for item in draft_result.findings if item.line != line
    )
    return PlantedOutcome(
        case=case,
        expected=expected,
        line=line,
        caught=bool(on_line),
        right_type=any(item.finding.type == expected for item in on_line),
        false_alarms=elsewhere,
    )
