"""Tests of checker/facts/dates.py: extraction, resolution against the published date, and date conflicts."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.facts.base import Context
from checker.facts.dates import compare_sentences, conflict, describe, extract_dates, reference
from checker.models import Sentence

WEDNESDAY = dt.date(2025, 2, 12)  # 2025-02-12 was a Wednesday
D = dt.date


def only(text: str, ref: dt.date | None = WEDNESDAY, own: bool = True):  # type: ignore[no-untyped-def]
    """The single date mention in ``text`` (fails the test if there is not exactly one)."""
    mentions = extract_dates(text, ref, own)
    assert len(mentions) == 1, [m.text for m in mentions]
    return mentions[0]


# ---------------------------------------------------------------- extraction and resolution


@pytest.mark.parametrize(
    ("text", "surface", "first", "last", "granularity"),
    [
        ("The call took place on February 12.", "February 12", D(2025, 2, 12), D(2025, 2, 12), "day"),
        ("It happened on Feb. 12, 2025.", "Feb. 12, 2025", D(2025, 2, 12), D(2025, 2, 12), "day"),
        ("It happened on 12 February 2025.", "12 February 2025", D(2025, 2, 12), D(2025, 2, 12), "day"),
        ("It happened on 2025-02-12.", "2025-02-12", D(2025, 2, 12), D(2025, 2, 12), "day"),
        ("He was born on 12 May 1990 , in Leeds .", "12 May 1990", D(1990, 5, 12), D(1990, 5, 12), "day"),
        ("The February 14-16 conference opens.", "February 14-16", D(2025, 2, 14), D(2025, 2, 16), "range"),
        ("It ran from March 30 to April 2.", "March 30 to April 2", D(2025, 3, 30), D(2025, 4, 2), "range"),
        ("It was the first visit since 2013.", "2013", D(2013, 1, 1), D(2013, 12, 31), "year"),
        ("It opened in March 2024.", "March 2024", D(2024, 3, 1), D(2024, 3, 31), "month"),
        ("The band toured in the 1990s.", "1990s", D(1990, 1, 1), D(1999, 12, 31), "decade"),
        ("He played from 1972 to 1977.", "1972 to 1977", D(1972, 1, 1), D(1977, 12, 31), "range"),
        # year-less dates go to the year nearest the published date
        ("They met on December 30.", "December 30", D(2024, 12, 30), D(2024, 12, 30), "day"),
        # relative words against Wednesday 2025-02-12
        ("He said it yesterday.", "yesterday", D(2025, 2, 11), D(2025, 2, 11), "day"),
        ("They met last week.", "last week", D(2025, 2, 3), D(2025, 2, 9), "week"),
        ("It nears its mark later this month.", "later this month", D(2025, 2, 12), D(2025, 2, 28), "month"),
        ("The deal was signed three days ago.", "three days ago", D(2025, 2, 9), D(2025, 2, 9), "day"),
    ],
)
def test_absolute_and_relative_dates(text: str, surface: str, first: dt.date, last: dt.date, granularity: str) -> None:
    mention = only(text)
    assert mention.text == surface
    assert text[mention.start : mention.end] == surface
    assert mention.candidates[0] == (first, last)
    assert mention.granularity == granularity


@pytest.mark.parametrize(
    ("text", "days"),
    [
        # past tense: the last such weekday, the published day itself included
        ("Trump said on Wednesday that talks would begin.", [D(2025, 2, 12)]),
        ("Putin spoke to him on Monday.", [D(2025, 2, 10)]),
        (
            "Defense Secretary Pete Hegseth told counterparts earlier on Wednesday that it was unrealistic.",
            [D(2025, 2, 12)],
        ),
        ("They met last Friday.", [D(2025, 2, 7)]),
        # future: the coming one
        ("A delegation is expected to meet Zelenskyy in Munich on Friday.", [D(2025, 2, 14)]),
        ("The leaders will meet on Monday.", [D(2025, 2, 17)]),
        # the parse does not tell: both readings
        ("He mentioned a Friday meeting with Rubio.", [D(2025, 2, 14), D(2025, 2, 7)]),
    ],
)
def test_weekdays_follow_tense(text: str, days: list[dt.date]) -> None:
    mention = only(text)
    assert [first for first, _ in mention.candidates] == days


@pytest.mark.parametrize(
    "text",
    [
        "The toll rose to 1500 troops.",  # a count, not a year
        "France is the winner of the UEFA Euro 2016 .",  # a year inside a name
        "Their conversation occurred a day after the Kremlin agreed to release him.",  # relative to an event
        "The album Pink Friday : Roman Reloaded debuted at number one .",  # a weekday inside a title
        "He paid $2013 for it.",
        "He may sign the bill.",  # the modal, not the month
        "February 30 is not a day.",
    ],
)
def test_not_dates(text: str) -> None:
    assert extract_dates(text, WEDNESDAY) == ()


@pytest.mark.parametrize(
    ("text", "relation"),
    [
        ("It was the first trip since 2013.", "since"),
        ("He wants the pre-2014 borders back.", "before"),
        ("He was transferred after August 10, 2012.", "after"),
        ("It ran until June 5.", "until"),
        ("It came ahead of the February 14-16 conference.", "at"),
    ],
)
def test_relation(text: str, relation: str) -> None:
    assert only(text).relation == relation


def test_weekday_without_any_reference_is_unresolved() -> None:
    mention = only("Trump said on Wednesday that talks would begin.", ref=None)
    assert mention.candidates == ()
    assert mention.weekday == 2


def test_year_less_date_without_reference_floats() -> None:
    mention = only("The call took place on February 12.", ref=None)
    assert mention.floating


def test_stand_in_reference_adds_readings() -> None:
    own = only("Trump said on Wednesday that talks would begin.")
    borrowed = only("Trump said on Wednesday that talks would begin.", own=False)
    assert len(borrowed.candidates) > len(own.candidates)
    assert all(first.weekday() == 2 for first, _ in borrowed.candidates)


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ({"a": D(2025, 2, 13), "b": D(2025, 2, 12)}, (D(2025, 2, 13), True)),
        ({"a": None, "b": D(2025, 2, 13), "c": D(2025, 2, 12)}, (D(2025, 2, 12), False)),
        ({"a": None, "b": None}, (None, False)),
        ({}, (None, False)),
    ],
)
def test_reference(published: dict[str, dt.date | None], expected: tuple[dt.date | None, bool]) -> None:
    assert reference("a", published) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Trump said on Wednesday that talks would begin.", "Wednesday (Feb 12, 2025)"),
        ("The call took place on February 12.", "February 12 (2025)"),
        ("It happened on Feb. 12, 2025.", "Feb. 12, 2025"),
        ("They met last week.", "last week (Feb 3–9, 2025)"),
    ],
)
def test_describe(text: str, words: str) -> None:
    assert describe(only(text)) == words


# ---------------------------------------------------------------- conflicts between two mentions


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("They met on February 12.", "They met on Wednesday.", False),
        ("They met on February 12.", "They met on Thursday.", True),
        ("They met in 2013.", "They met in 2014.", True),
        ("They met in 2013.", "They met on May 5, 2013.", False),
        ("They met in February.", "They met on February 20.", False),
        ("They met last week.", "They met on February 5.", False),
        ("They met last week.", "They met on February 11.", True),
        ("He played from 1970 to 1977.", "He played from 1972 to 1977.", True),
        ("He was transferred after August 10, 2012.", "He was transferred on 6 August 2012.", True),
        ("He was transferred after August 10, 2012.", "He was transferred on 13 August 2012.", False),
        ("It was the first trip since 2013.", "It was the first trip in 2014.", False),
    ],
)
def test_conflict(first: str, second: str, expected: bool) -> None:
    assert conflict(only(first), only(second)) is expected


# ---------------------------------------------------------------- the comparator


def sentence(source: str, text: str, index: int = 0) -> Sentence:
    return Sentence(source, index, 100, 100 + len(text), text)


def context(published: dict[str, dt.date | None]) -> Context:
    return Context(labels={"a": "001", "b": "002"}, published=published)


SEEDED = {"a": WEDNESDAY, "b": None}


@pytest.mark.parametrize(
    ("first", "second", "published", "flagged"),
    [
        # the same day in two forms, resolved with a stand-in published date
        ("Trump spoke with Putin on Wednesday.", "Trump spoke with Putin on February 12.", SEEDED, False),
        ("Trump spoke with Putin on Wednesday.", "Trump spoke with Putin on February 13.", SEEDED, True),
        (
            "The delegation is expected to meet Zelenskyy on Friday.",
            "Vance will meet Zelenskyy on Friday.",
            SEEDED,
            False,
        ),
        ("The delegation is expected to meet Zelenskyy on Friday.", "Vance met Zelenskyy on Thursday.", SEEDED, True),
        # no date known anywhere: weekdays are not flagged against absolute dates ...
        ("Trump spoke with Putin on Friday.", "Trump spoke with Putin on February 12, 2025.", {}, False),
        # ... but two weekday names for one event still disagree
        ("Trump spoke with Putin on Friday.", "Trump spoke with Putin on Thursday.", {}, True),
        # year-less dates with no reference compare month and day
        ("The call took place on February 12.", "The call took place on February 12, 2025.", {}, False),
        ("The call took place on February 12.", "The call took place on February 14, 2025.", {}, True),
        # dates of different events
        ("Trump said on Wednesday that they would meet.", "Trump said they would meet on Friday.", SEEDED, False),
        (
            "Trump said he spoke with Zelensky on Wednesday.",
            "Trump said he had spoken with Zelensky about a Friday meeting.",
            SEEDED,
            False,
        ),
        # an extra date in one sentence is not a conflict
        (
            "The film was released on November 30, 2007.",
            "The film was released on November 9, 2007 in the USA and released in Britain on November 30, 2007.",
            {},
            False,
        ),
        # unrelated sentences without dates
        ("Nothing here.", "Nor here.", SEEDED, False),
    ],
)
def test_compare_sentences(first: str, second: str, published: dict[str, dt.date | None], flagged: bool) -> None:
    found = compare_sentences(sentence("a", first), sentence("b", second), context(published))
    assert bool(found) is flagged, [item.summary for item in found]


def test_finding_names_sources_values_and_spans() -> None:
    first = sentence("a", "Trump spoke with Putin on Wednesday.")
    second = sentence("b", "Trump spoke with Putin on February 13.")
    (found,) = compare_sentences(first, second, context(SEEDED))
    assert found.type == "date" and found.severity == "high"
    assert found.summary == 'Date of "spoke": 001 says Wednesday (Feb 12, 2025); 002 says February 13 (2025)'
    left, right = found.evidence
    assert [first.text[s - 100 : e - 100] for s, e in left.spans] == ["Wednesday"]
    assert [second.text[s - 100 : e - 100] for s, e in right.spans] == ["February 13"]


def test_comparator_is_symmetric() -> None:
    first = sentence("a", "They met in 2013 in Paris.")
    second = sentence("b", "They met in 2014 in Paris.")
    forward = compare_sentences(first, second, context({}))
    backward = compare_sentences(second, first, context({}))
    assert len(forward) == len(backward) == 1
    assert forward[0].key == backward[0].key


# ---------------------------------------------------------------- properties

_DATE_WORDS = st.sampled_from(
    ["on", "Friday", "February", "12", "2025", "-", "–", ",", "since", "last", "week", "yesterday", "the", "1990s",
     "May", "pre-", "to", "ago", "three", "days", "in", "Pink", "31", "2013-14", "2025-02-30"]
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(_DATE_WORDS, st.text(max_size=6)), max_size=10), st.booleans())
def test_extraction_never_raises_and_offsets_are_exact(words: list[str], own: bool) -> None:
    text = " ".join(words)
    for mention in extract_dates(text, WEDNESDAY, own):
        assert text[mention.start : mention.end] == mention.text
        assert all(first <= last for first, last in mention.candidates)


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=60), st.text(max_size=60))
def test_comparator_never_raises(first: str, second: str) -> None:
    compare_sentences(sentence("a", first), sentence("b", second), context(SEEDED))


@settings(max_examples=30, deadline=None)
@given(st.lists(_DATE_WORDS, max_size=8))
def test_extraction_is_deterministic(words: list[str]) -> None:
    text = " ".join(words)
    assert extract_dates(text, WEDNESDAY) == extract_dates(text, WEDNESDAY)
