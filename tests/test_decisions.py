"""Tests for checker/decisions.py: reading a decisions file, and matching it to a new run by fingerprint."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from checker.decisions import (
    FORMAT_VERSION,
    Decision,
    Decisions,
    load_decisions,
    match_decisions,
    parse_decisions,
    to_dict,
)
from checker.errors import InputError
from tests.test_report_html import make_result


def document(*entries: dict[str, object], set_name: str = "ukraine-talks") -> dict[str, object]:
    return {"format_version": FORMAT_VERSION, "set": set_name, "decisions": list(entries)}


def write(tmp_path: Path, content: object, name: str = "decisions.json") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


def test_load_reads_every_field(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        document(
            {"fingerprint": "aa", "finding": "F1", "status": "confirmed", "note": "called the agency", "summary": "S"},
            {"fingerprint": "bb", "status": "dismissed"},
            {"fingerprint": "cc", "status": "follow-up", "note": None, "later_field": [1, 2]},  # unknown keys ignored
        ),
    )
    decisions = load_decisions(path)
    assert decisions.set == "ukraine-talks"
    assert decisions.path == str(path)
    assert decisions.decisions == (
        Decision("aa", "confirmed", "called the agency", "F1", "S"),
        Decision("bb", "dismissed"),
        Decision("cc", "follow-up"),
    )
    assert set(decisions.by_fingerprint) == {"aa", "bb", "cc"}


def test_round_trip_through_to_dict(tmp_path: Path) -> None:
    decisions = Decisions("s", (Decision("aa", "confirmed", "n", "F2", "sum"), Decision("bb", "follow-up")))
    assert to_dict(decisions) == document(
        {"fingerprint": "aa", "finding": "F2", "status": "confirmed", "note": "n", "summary": "sum"},
        {"fingerprint": "bb", "finding": None, "status": "follow-up", "note": "", "summary": None},
        set_name="s",
    )
    again = load_decisions(write(tmp_path, to_dict(decisions)))
    assert again.decisions == decisions.decisions


def test_utf8_with_bom_and_non_ascii_note(tmp_path: Path) -> None:
    text = json.dumps(document({"fingerprint": "aa", "status": "confirmed", "note": "Zelenskyy – checked"}))
    decisions = load_decisions(write(tmp_path, "\ufeff".encode() + text.encode("utf-8")))
    assert decisions.decisions[0].note == "Zelenskyy – checked"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "bad JSON at line 1, column 2"),
        ("", "bad JSON at line 1, column 1"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        ("[]", "expected a JSON object"),
        (document() | {"format_version": 2}, "format_version must be 1, found 2"),
        (document() | {"format_version": "1"}, "format_version must be 1, found '1'"),
        (document() | {"format_version": True}, "format_version must be 1"),
        ({"set": "s", "decisions": []}, "format_version must be 1, found None"),
        (document() | {"set": ""}, "'set' must name the article set"),
        (document() | {"decisions": {}}, "'decisions' must be a list"),
        (document("aa"), "decision 1 must be an object"),
        (document({"status": "confirmed"}), "decision 1 has no fingerprint"),
        (document({"fingerprint": "aa", "status": "approved"}), "decision 1 (aa): status must be one of confirmed"),
        (document({"fingerprint": "aa"}), "status must be one of confirmed, dismissed, follow-up, found None"),
        (document({"fingerprint": "aa", "status": "Confirmed"}), "found 'Confirmed'"),
        (
            document({"fingerprint": "aa", "status": "confirmed"}, {"fingerprint": "aa", "status": "dismissed"}),
            "decision 2 (aa) repeats a fingerprint",
        ),
        (document({"fingerprint": "aa", "status": "confirmed", "note": 3}), "'note' must be text, not int"),
    ],
)
def test_bad_files_name_the_file_and_the_problem(tmp_path: Path, content: object, problem: str) -> None:
    path = write(tmp_path, content)
    before = (path.read_bytes(), os.stat(path).st_mtime_ns)
    with pytest.raises(InputError) as raised:
        load_decisions(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: ")
    assert problem in message
    assert (path.read_bytes(), os.stat(path).st_mtime_ns) == before  # never touched


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda tmp: tmp / "missing.json", "decisions file not found"),
        (lambda tmp: tmp, "is a folder"),
    ],
)
def test_unusable_paths(tmp_path: Path, make, problem: str) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path)
    with pytest.raises(InputError, match=problem) as raised:
        load_decisions(path)
    assert str(path) in str(raised.value)
    assert raised.value.exit_code == 2


def test_parse_without_a_path_still_says_what() -> None:
    with pytest.raises(InputError, match="<decisions>: not a usable decisions file"):
        parse_decisions({"format_version": 1})


def test_match_by_fingerprint_across_renumbering() -> None:
    first = make_result()
    fingerprints = {finding.id: finding.fingerprint for finding in first.findings}
    decisions = Decisions(
        "ukraine-talks",
        (
            Decision(fingerprints["F1"], "confirmed", "agency says 15", "F1"),
            Decision(fingerprints["F2"], "dismissed", "same person", "F2"),
            Decision("0000000000000000", "follow-up", "an old finding", "F9", "gone"),
        ),
        "d.json",
    )
    # The next run numbers the findings differently; fingerprints do not change.
    renumbered = {"F1": "F3", "F2": "F1", "F3": "F2", "F4": "F4"}
    second = replace(first, findings=tuple(replace(finding, id=renumbered[finding.id]) for finding in first.findings))
    review = match_decisions(decisions, second)
    assert {finding: decision.status for finding, decision in review.decided.items()} == {
        "F3": "confirmed",
        "F1": "dismissed",
    }
    assert review.decided["F3"].note == "agency says 15"
    assert review.new == ("F2", "F4")
    assert [decision.fingerprint for decision in review.unmatched] == ["0000000000000000"]


def test_a_changed_value_is_a_new_finding() -> None:
    result = make_result()
    f1 = result.findings[0]
    decisions = Decisions("ukraine-talks", (Decision(f1.fingerprint, "confirmed"),))
    changed = replace(f1, evidence=(replace(f1.evidence[0], value="13"), *f1.evidence[1:]))
    review = match_decisions(decisions, replace(result, findings=(changed, *result.findings[1:])))
    assert review.decided == {}
    assert "F1" in review.new
    assert len(review.unmatched) == 1


def test_decisions_for_another_set_are_refused() -> None:
    with pytest.raises(InputError, match="decisions are for the set 'other', not 'ukraine-talks'") as raised:
        match_decisions(Decisions("other", (), "d.json"), make_result())
    assert str(raised.value).startswith("d.json: ")
