"""The batch index page: one self-contained HTML file listing every set of a batch.

Built as a view-model first (:func:`build_index_view`), then rendered by ``index.html.j2`` with
autoescape on. The small CSS and sorting script are inlined and allowed by hash in the
Content-Security-Policy, so the page makes no network request and runs no other script.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from checker.report.html import TEMPLATES

#: Most outlets shown in the outlet-by-outlet heat-map (the most often disagreeing ones).
MAX_OUTLETS = 15
HEAT_LEVELS = 5

STYLE = """\
body { margin: 0 auto; max-width: 80rem; padding: 1rem; color: #1b1f24; background: #fff;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
h1 { font-size: 1.5rem; margin: .25rem 0; overflow-wrap: anywhere; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
.meta, .note { color: #57606a; }
.tallies { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; padding: 0; list-style: none; }
.tallies strong { font-size: 1.2rem; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #d0d7de; padding: .3rem .5rem; text-align: left; vertical-align: top; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; color: inherit; }
th[aria-sort="ascending"] button::after { content: " \\25B2"; }
th[aria-sort="descending"] button::after { content: " \\25BC"; }
.high { color: #b42318; font-weight: 600; } .medium { color: #b54708; } .low { color: #475467; }
.error { color: #a01c12; overflow-wrap: anywhere; }
.badge { font-size: .8em; border: 1px solid #d0d7de; border-radius: .6em; padding: 0 .4em; color: #57606a; }
.heat { width: auto; }
.heat th.outlet { white-space: nowrap; }
.heat td { text-align: center; min-width: 2.2rem; font-variant-numeric: tabular-nums; }
.heat .self { background: #f2f4f7; color: #98a2b3; }
.heat-0 { background: #fff; color: #98a2b3; } .heat-1 { background: #fde8e7; } .heat-2 { background: #f9c0bb; }
.heat-3 { background: #f2918a; } .heat-4 { background: #e0574d; color: #fff; } .heat-5 { background: #b42318; color: #fff; }
:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
"""

SCRIPT = """\
document.querySelectorAll("table.sortable").forEach(function (table) {
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  headers.forEach(function (header, column) {
    var button = header.querySelector("button");
    if (!button) { return; }
    button.addEventListener("click", function () {
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var ascending = header.getAttribute("aria-sort") !== "ascending";
      headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
      header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      function key(row) {
        var cell = row.cells[column];
        return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
      }
      rows.sort(function (first, second) {
        var left = key(first), right = key(second);
        var a = parseFloat(left), b = parseFloat(right);
        var order = (!isNaN(a) && !isNaN(b)) ? a - b : left.localeCompare(right);
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
"""


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


def _digest(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


@functools.cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_index(outcomes: Sequence[Any], *, title: str, version: str, generated: str) -> str:
    """index.html for a batch: every set with its counts and top finding, failures, the outlet heat-map."""
    view = build_index_view(outcomes, title=title, version=version, generated=generated)
    return (
        _environment()
        .get_template("index.html.j2")
        .render(
            view=view,
            # Our own constants, inserted verbatim so the CSP hashes match them byte for byte.
            style=Markup(STYLE),
            style_digest=_digest(STYLE),
            script=Markup(SCRIPT),
            script_digest=_digest(SCRIPT),
        )
    )
