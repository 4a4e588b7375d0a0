"""An editor's review decisions: read a decisions file, match it to a new run by fingerprint.

The report's review screen exports decisions as JSON::

    {"format_version": 1, "set": "ukraine-talks",
     "decisions": [{"fingerprint": "17a8ffbad4e4782b", "finding": "F1", "status": "confirmed",
                    "note": "checked with the agency", "summary": "Casualties: ..."}]}

``checker run --decisions FILE`` renders those decisions into the next report. Finding ids are
renumbered between runs; fingerprints (``Finding.fingerprint``) are not, so matching is by fingerprint.
The file is only ever read.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, get_args

from checker.errors import InputError
from checker.models import Result

FORMAT_VERSION = 1

Status = Literal["confirmed", "dismissed", "follow-up"]
STATUSES: tuple[str, ...] = get_args(Status)


@dataclass(frozen=True, slots=True)
class Decision:
    """What an editor decided about one finding.

    fingerprint: the finding's ``Finding.fingerprint``.
    status: confirmed, dismissed or follow-up.
    note: the editor's note ("" when none).
    finding: the finding's id in the run it was made on (ids change between runs), or None.
    summary: the finding's summary then, so a decision still reads on its own, or None.
    """

    fingerprint: str
    status: Status
    note: str = ""
    finding: str | None = None
    summary: str | None = None


@dataclass(frozen=True, slots=True)
class Decisions:
    """A decisions file as read.

    set: the article set the decisions were made on.
    decisions: in file order, one per fingerprint.
    path: the file they were read from, or None when built in memory.
    """

    set: str
    decisions: tuple[Decision, ...]
    path: str | None = None

    @property
    def by_fingerprint(self) -> Mapping[str, Decision]:
        """The decisions keyed by fingerprint."""
        return MappingProxyType({decision.fingerprint: decision for decision in self.decisions})


@dataclass(frozen=True, slots=True)
class Review:
    """Earlier decisions matched to the findings of a new run.

    decided: finding id -> the earlier decision on a finding with the same fingerprint.
    new: ids of findings whose fingerprint no earlier decision knows (in the result's order).
    unmatched: earlier decisions on findings this run no longer has (kept, so an export loses nothing).
    """

    decided: Mapping[str, Decision]
    new: tuple[str, ...]
    unmatched: tuple[Decision, ...]


def _fail(path: str, problem: str) -> InputError:
    return InputError(f"not a usable decisions file: {problem}", path)


def _optional_text(entry: Mapping[str, Any], key: str, where: str, path: str) -> str | None:
    value = entry.get(key)
    if value is not None and not isinstance(value, str):
        raise _fail(path, f"{where}: {key!r} must be text, not {type(value).__name__}")
    return value


def parse_decisions(document: Any, path: str | None = None) -> Decisions:
    """Validate a decoded decisions document and return it as ``Decisions``.

    Raises ``InputError`` naming ``path`` and the first problem found. Unknown keys are ignored,
    so later versions can add fields.
    """
    where_file = path or "<decisions>"
    if not isinstance(document, dict):
        raise _fail(where_file, f"expected a JSON object at the top, found {type(document).__name__}")
    version = document.get("format_version")
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise _fail(where_file, f"format_version must be {FORMAT_VERSION}, found {version!r}")
    set_name = document.get("set")
    if not isinstance(set_name, str) or not set_name:
        raise _fail(where_file, "'set' must name the article set")
    entries = document.get("decisions")
    if not isinstance(entries, list):
        raise _fail(where_file, "'decisions' must be a list")
    decisions: list[Decision] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, 1):
        where = f"decision {number}"
        if not isinstance(entry, dict):
            raise _fail(where_file, f"{where} must be an object, found {type(entry).__name__}")
        fingerprint = entry.get("fingerprint")
        if not isinstance(fingerprint, str) or not fingerprint.strip():
            raise _fail(where_file, f"{where} has no fingerprint")
        where = f"decision {number} ({fingerprint})"
        if fingerprint in seen:
            raise _fail(where_file, f"{where} repeats a fingerprint")
        seen.add(fingerprint)
        status = entry.get("status")
        if status not in STATUSES:
            raise _fail(where_file, f"{where}: status must be one of {', '.join(STATUSES)}, found {status!r}")
        decisions.append(
            Decision(
                fingerprint=fingerprint,
                status=status,
                note=_optional_text(entry, "note", where, where_file) or "",
                finding=_optional_text(entry, "finding", where, where_file),
                summary=_optional_text(entry, "summary", where, where_file),
            )
        )
    return Decisions(set=set_name, decisions=tuple(decisions), path=path)


def load_decisions(path: str | Path) -> Decisions:
    """Read and validate a decisions file (as exported by the report). Never writes to it.

    Raises ``InputError`` naming the file for a missing or unreadable file, text that is not
    UTF-8 JSON, a wrong ``format_version`` or a status other than confirmed, dismissed or follow-up.
    """
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("decisions file not found", name) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a decisions file", name) from None
    except OSError as error:
        raise InputError(f"cannot read decisions file ({error.strerror or error})", name) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _fail(name, f"not UTF-8 text (byte {error.start})") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise _fail(name, f"bad JSON at line {error.lineno}, column {error.colno}: {error.msg}") from None
    return parse_decisions(document, name)


def match_decisions(decisions: Decisions, result: Result) -> Review:
    """Match earlier decisions to ``result``'s findings by fingerprint.

    Raises ``InputError`` when the decisions were made on another article set.
    """
    if decisions.set != result.name:
        raise InputError(
            f"decisions are for the set {decisions.set!r}, not {result.name!r}", decisions.path or "<decisions>"
        )
    known = decisions.by_fingerprint
    decided: dict[str, Decision] = {}
    new: list[str] = []
    present: set[str] = set()
    for finding in result.findings:
        fingerprint = finding.fingerprint
        present.add(fingerprint)
        if fingerprint in known:
            decided[finding.id] = known[fingerprint]
        else:
            new.append(finding.id)
    unmatched = tuple(decision for decision in decisions.decisions if decision.fingerprint not in present)
    return Review(decided=MappingProxyType(decided), new=tuple(new), unmatched=unmatched)


def decision_to_dict(decision: Decision) -> dict[str, Any]:
    """One decision as in the decisions file."""
    return {
        "fingerprint": decision.fingerprint,
        "finding": decision.finding,
        "status": decision.status,
        "note": decision.note,
        "summary": decision.summary,
    }


def to_dict(decisions: Decisions) -> dict[str, Any]:
    """A decisions document as plain data (what the report's export writes)."""
    return {
        "format_version": FORMAT_VERSION,
        "set": decisions.set,
        "decisions": [decision_to_dict(decision) for decision in decisions.decisions],
    }
