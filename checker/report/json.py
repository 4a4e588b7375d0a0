"""Result -> findings.json (the versioned contract other tools read; extend only by adding fields)."""

from __future__ import annotations

import json
from typing import Any

from checker.models import Evidence, Result

FORMAT_VERSION = 1


def _evidence(item: Evidence) -> dict[str, Any]:
    return {
        "source": item.source,
        "sentence": item.sentence,
        "start": item.start,
        "end": item.end,
        "value": item.value,
        "spans": [list(span) for span in item.spans],
    }


def to_dict(result: Result, *, version: str, generated: str | None = None) -> dict[str, Any]:
    """The findings.json document as plain data."""
    return {
        "format_version": FORMAT_VERSION,
        "set": result.name,
        "generator": {"name": "checker", "version": version, "generated": generated, "settings": result.settings},
        "sources": [
            {
                "id": source.id,
                "title": source.title,
                "outlet": source.outlet,
                "published": source.published.isoformat() if source.published else None,
                "path": source.path,
                "url": source.url,
            }
            for source in result.sources
        ],
        "groups": [
            {
                "id": group.id,
                "similarity": group.similarity,
                "members": [
                    {"source": member.source, "sentence": member.text, "start": member.start, "end": member.end}
                    for member in group.members
                ],
            }
            for group in result.groups
        ],
        "findings": [
            {
                "id": finding.id,
                "fingerprint": finding.fingerprint,
                "group": finding.group,
                "kind": finding.kind,
                "type": finding.type,
                "severity": finding.severity,
                "summary": finding.summary,
                "evidence": [_evidence(item) for item in finding.evidence],
            }
            for finding in result.findings
        ],
        "dropped": [
            {"source": line.source, "line": line.line, "reason": line.reason, "start": line.start, "end": line.end}
            for line in result.dropped
        ],
        "skipped": [{"path": path, "reason": reason} for path, reason in result.skipped],
        "duplicates": [{"source": copy, "copy_of": original} for copy, original in result.duplicates],
        "warnings": list(result.warnings),
    }


def render_json(result: Result, *, version: str, generated: str | None = None) -> str:
    """findings.json text (UTF-8, not ASCII-escaped, so editors can read it)."""
    return json.dumps(to_dict(result, version=version, generated=generated), ensure_ascii=False, indent=2) + "\n"
