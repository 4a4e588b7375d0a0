"""The batch index page: one self-contained HTML file listing every set of a batch.

Built as a view-model first (:func:`build_index_view`), then rendered by ``index.html.j2`` with
autoescape on. The small CSS and sorting script are inlined and allowed by hash in the
Content-Security-Policy, so the page makes no network request and runs no other script.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any
from urllib.parse import quote

from checker.report.templating import asset, environment

#: Most outlets shown in the outlet-by-outlet heat-map (the most often disagreeing ones).
MAX_OUTLETS = 15
HEAT_LEVELS = 5


@dataclass(frozen=True, slots=True)
class SetRow:
    """One checked set in the index.

    set_id: the set's name; href: link to its report; top_href: link to its top finding.
    sources, sentences, high, medium, low, agreements, unique: counts.
    top_summary, top_severity, top_kind: the set's most serious finding ('' when none).
    resumed: its report is from an earlier run with the same inputs.
    """

    set_id: str
    href: str
    top_href: str
    sources: int
    sentences: int
    high: int
    medium: int
    low: int
    agreements: int
    unique: int
    top_summary: str
    top_severity: str
    top_kind: str
    resumed: bool


@dataclass(frozen=True, slots=True)
class FailedRow:
    """A set that could not be checked: its name and the error (``stage: message``)."""

    set_id: str
    error: str


@dataclass(frozen=True, slots=True)
class HeatCell:
    """A pair of outlets: discrepancies between them, sets they share, the shade level, a tooltip."""

    count: int
    shared: int
    level: int
    title: str
    self_pair: bool = False


@dataclass(frozen=True, slots=True)
class IndexView:
    """Everything the index template shows.

    title, version, generated: header text (passed in, so output is deterministic).
    total, ok, failed, resumed, high, medium, low: tallies over the batch.
    rows: checked sets, most high discrepancies first; failures: sets with their error.
    outlets: the heat-map's outlets; heat: its cells, row by row; top_pairs: the most disagreeing pairs.
    """

    title: str
    version: str
    generated: str
    total: int
    ok: int
    failed: int
    resumed: int
    high: int
    medium: int
    low: int
    rows: tuple[SetRow, ...]
    failures: tuple[FailedRow, ...]
    outlets: tuple[str, ...]
    heat: tuple[tuple[HeatCell, ...], ...]
    top_pairs: tuple[tuple[str, str, int, int], ...]


def _text(value: Any) -> str:
    text = "" if value is None else str(value)
    # Lone surrogates (non-UTF-8 file names) cannot be written as UTF-8: show U+FFFD instead.
    return text.encode("utf-8", "replace").decode("utf-8")


def _count(summary: dict[str, Any], key: str) -> int:
    value = summary.get(key)
    return int(value) if value not in (None, "") else 0


def outlet_pairs(outcomes: Sequence[Any]) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, str]], Counter[str]]:
    """(discrepancies per outlet pair, sets per outlet pair, discrepancies per outlet) over checked sets."""
    disagree: Counter[tuple[str, str]] = Counter()
    shared: Counter[tuple[str, str]] = Counter()
    involved: Counter[str] = Counter()
    for outcome in outcomes:
        if not outcome.ok:
            continue
        present = sorted(set(outcome.summary.get("outlet_list") or ()))
        shared.update(combinations(present, 2))
        for row in outcome.findings:
            if row["kind"] != "discrepancy":
                continue
            sides = sorted(set(row.get("outlet_list") or ()))
            pairs = list(combinations(sides, 2))
            disagree.update(pairs)
            involved.update(side for side in sides if len(sides) > 1)
    return disagree, shared, involved


def _heat(outcomes: Sequence[Any]):  # type: ignore[no-untyped-def]
    disagree, shared, involved = outlet_pairs(outcomes)
    outlets = tuple(name for name, _ in sorted(involved.items(), key=lambda item: (-item[1], item[0]))[:MAX_OUTLETS])
    peak = max((disagree[pair] for pair in combinations(sorted(outlets), 2)), default=0)
    rows = []
    for first in outlets:
        cells = []
        for second in outlets:
            if first == second:
                cells.append(HeatCell(0, 0, 0, _text(first), self_pair=True))
                continue
            pair = tuple(sorted((first, second)))
            count, together = disagree[pair], shared[pair]
            level = math.ceil(HEAT_LEVELS * count / peak) if peak and count else 0
            title = f"{first} vs {second}: {count} discrepancies in {together} shared sets"
            cells.append(HeatCell(count, together, level, _text(title)))
        rows.append(tuple(cells))
    top = sorted(disagree.items(), key=lambda item: (-item[1], item[0]))[:10]
    top_pairs = tuple((_text(a), _text(b), count, shared[(a, b)]) for (a, b), count in top)
    return tuple(_text(name) for name in outlets), tuple(rows), top_pairs


def build_index_view(outcomes: Sequence[Any], *, title: str, version: str, generated: str) -> IndexView:
    """The index's view-model from the batch's set outcomes (``checker.batch.SetOutcome``)."""
    rows = []
    for outcome in outcomes:
        if not outcome.ok:
            continue
        summary = outcome.summary
        href = quote(f"{outcome.folder}/report.html")
        top_id = summary.get("top_id") or ""
        rows.append(
            SetRow(
                set_id=_text(outcome.set_id),
                href=href,
                top_href=f"{href}#{quote(top_id)}" if top_id else href,
                sources=_count(summary, "sources"),
                sentences=_count(summary, "sentences"),
                high=_count(summary, "high"),
                medium=_count(summary, "medium"),
                low=_count(summary, "low"),
                agreements=_count(summary, "agreements"),
                unique=_count(summary, "unique"),
                top_summary=_text(summary.get("top_finding")),
                top_severity=_text(summary.get("top_severity")),
                top_kind=_text(summary.get("top_kind")),
                resumed=outcome.resumed,
            )
        )
    rows.sort(key=lambda row: (-row.high, -row.medium, -row.low, row.set_id))
    failures = tuple(FailedRow(_text(outcome.set_id), _text(outcome.error)) for outcome in outcomes if not outcome.ok)
    outlets, heat, top_pairs = _heat(outcomes)
    return IndexView(
        title=_text(title),
        version=version,
        generated=generated,
        total=len(outcomes),
        ok=len(rows),
        failed=len(failures),
        resumed=sum(outcome.resumed for outcome in outcomes),
        high=sum(row.high for row in rows),
        medium=sum(row.medium for row in rows),
        low=sum(row.low for row in rows),
        rows=tuple(rows),
        failures=failures,
        outlets=outlets,
        heat=heat,
        top_pairs=top_pairs,
    )


def render_index(outcomes: Sequence[Any], *, title: str, version: str, generated: str) -> str:
    """index.html for a batch: every set with its counts and top finding, failures, the outlet heat-map."""
    view = build_index_view(outcomes, title=title, version=version, generated=generated)
    style, style_digest = asset("index.css")
    script, script_digest = asset("index.js")
    return (
        environment()
        .get_template("index.html.j2")
        .render(view=view, style=style, style_digest=style_digest, script=script, script_digest=script_digest)
    )
