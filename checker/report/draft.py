"""Outputs of ``checker check``: a terminal table, JSON, and the draft annotated as HTML."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from checker.draft import DRAFT_ID, DraftFinding, DraftResult
from checker.report.json import to_dict


def _location(result: DraftResult, item: DraftFinding) -> str:
    return f"{result.draft.source.path}:{item.line}:{item.column}"


def _source_sides(item: DraftFinding) -> list[tuple[str, str, str | None]]:
    return [(e.source, e.sentence, e.value) for e in item.finding.evidence if e.source != DRAFT_ID]


def render_text(result: DraftResult) -> str:
    """A compact table, most severe first, with ``path:line:column`` locations and the source sentences."""
    if not result.findings:
        sources = len(result.result.sources) - 1
        return f"{result.draft.source.path}: no problems found against {sources} sources\n"
    lines: list[str] = []
    for item in result.findings:
        finding = item.finding
        lines.append(f"{_location(result, item)}: {item.severity} {item.status} {finding.type}: {finding.summary}")
        for source, sentence, _ in _source_sides(item)[:3]:
            lines.append(f"    {source}: {' '.join(sentence.split())}")
    counts = {
        status: sum(1 for item in result.findings if item.status == status)
        for status in ("contradicted", "disputed", "unsupported")
    }
    lines.append(
        f"{len(result.findings)} findings in {result.draft.source.path}: "
        + ", ".join(f"{count} {status}" for status, count in counts.items() if count)
    )
    return "\n".join(lines) + "\n"


def to_json_document(result: DraftResult, *, version: str, generated: str | None) -> dict[str, Any]:
    """The findings.json contract of the combined run, plus the draft's findings with their locations."""
    document = to_dict(result.result, version=version, generated=generated)
    document["draft"] = {
        "path": result.draft.source.path,
        "source": DRAFT_ID,
        "findings": [
            {
                "finding": item.finding.id,
                "status": item.status,
                "severity": item.severity,
                "type": item.finding.type,
                "summary": item.finding.summary,
                "line": item.line,
                "column": item.column,
                "sentence": item.sentence.text,
                "start": item.sentence.start,
                "end": item.sentence.end,
                "sources": [{"source": s, "sentence": t, "value": v} for s, t, v in _source_sides(item)],
            }
            for item in result.findings
        ],
    }
    return document


def render_json(result: DraftResult, *, version: str, generated: str | None) -> str:
    """JSON text of :func:`to_json_document`."""
    return (
        json.dumps(to_json_document(result, version=version, generated=generated), ensure_ascii=False, indent=2) + "\n"
    )


@dataclass(frozen=True, slots=True)
class _Piece:
    text: str
    marker: str | None = None
    severity: str | None = None


def _pieces(result: DraftResult) -> list[_Piece]:
    text = result.draft.text
    marked = {}
    for number, item in enumerate(result.findings, start=1):
        marked.setdefault((item.sentence.start, item.sentence.end), (f"D{number}", item.severity))
    pieces: list[_Piece] = []
    cursor = 0
    for (start, end), (marker, severity) in sorted(marked.items()):
        if start < cursor:
            continue
        pieces.append(_Piece(text[cursor:start]))
        pieces.append(_Piece(text[start:end], marker, severity))
        cursor = end
    pieces.append(_Piece(text[cursor:]))
    return pieces


def render_html(result: DraftResult, *, version: str, generated: str) -> str:
    """The draft in full with each problem sentence marked and linked to its evidence."""
    from checker.report.templating import asset, environment

    style, digest = asset("draft.css")
    template = environment().get_template("draft.html.j2")
    return template.render(
        draft=result.draft,
        pieces=_pieces(result),
        findings=[(f"D{number}", item, _source_sides(item)) for number, item in enumerate(result.findings, start=1)],
        location=lambda item: _location(result, item),
        style=style,
        style_digest=digest,
        version=version,
        generated=generated,
    )
