"""Tests of checker/facts/roles.py: title normalization, reading titles, cross-source title findings."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.facts.base import Context
from checker.facts.roles import compare_set, conflicting, normalize_title, set_reads, titles
from checker.models import Sentence


def context_of(articles: dict[str, tuple[str, ...]]) -> Context:
    """A Context whose sources hold the given sentences (offsets as if joined by spaces)."""
    sentences = {}
    for source, texts in articles.items():
        found, position = [], 0
        for index, text in enumerate(texts):
            found.append(Sentence(source, index, position, position + len(text), text))
            position += len(text) + 1
        sentences[source] = tuple(found)
    return Context(labels={source: source.upper() for source in articles}, sentences=sentences)


@pytest.mark.parametrize(
    ("title", "words", "past"),
    [
        ("Defense Secretary", {"defense", "secretary"}, False),
        ("U.S. Secretary of Defense", {"defense", "secretary"}, False),
        ("White House National Security Adviser", {"national", "security", "adviser"}, False),
        ("national security advisor", {"national", "security", "adviser"}, False),
        ("Ukraine's President", {"president"}, False),
        ("Republican Sen.", {"senator"}, False),
        ("former Vice President", {"vice", "president"}, True),
        ("then-Senator", {"senator"}, True),
        ("new Secretary of Defense", {"defense", "secretary"}, False),
        ("N.C.A.A. president", {"NCAA", "president"}, False),
        ("CIA Director", {"CIA", "director"}, False),
        ("DEFENSE SECRETARY", {"defense", "secretary"}, False),
        ("U.S. official", set(), False),
    ],
)
def test_normalize_title(title: str, words: set[str], past: bool) -> None:
    assert normalize_title(title) == (frozenset(words), past)


@pytest.mark.parametrize(
    ("first", "second", "conflict"),
    [
        ("Ambassador and Special Envoy", "Middle East Envoy", True),
        ("Special Envoy", "Middle East envoy", False),
        ("national security adviser", "White House National Security Adviser", False),
        ("Defense Secretary", "Secretary of Defense", False),
        ("Treasury Secretary", "Secretary of State", True),
        ("Vice President", "President", True),
        ("Deputy Director", "FBI Deputy Director", False),
        ("CIA Director", "FBI Director", True),
        ("RNC Chairman", "Republican National Committee Chairman", False),
        ("Sen.", "Rep.", True),
        ("Congressman", "Representative", False),
        ("Tesla CEO", "DOGE head", False),  # two offices of one person, not a contradiction
        ("Foreign Minister", "Prime Minister", True),
    ],
)
def test_conflicting(first: str, second: str, conflict: bool) -> None:
    assert conflicting(normalize_title(first)[0], normalize_title(second)[0]) is conflict


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CIA Director John Ratcliffe spoke.", [("john ratcliffe", "CIA Director")]),
        (
            "Secretary of State Antony Blinken and Defense Secretary Lloyd Austin met.",
            [("antony blinken", "Secretary of State"), ("lloyd austin", "Defense Secretary")],
        ),
        (
            "Vice President Kamala Harris and Secretary of State Antony Blinken arrived.",
            [("kamala harris", "Vice President"), ("antony blinken", "Secretary of State")],
        ),
        ("Jake Sullivan, the national security adviser, said so.", [("jake sullivan", "national security adviser")]),
        ("Putin's spokesman, Dmitry Peskov, declined to comment.", [("dmitry peskov", "spokesman")]),
        ("Kremlin spokesman Dmitry Peskov said talks would continue.", [("dmitry peskov", "Kremlin spokesman")]),
        ("He met visiting Treasury Secretary Janet Yellen.", [("janet yellen", "Treasury Secretary")]),
        ("Sheriff Alex Villanueva told reporters.", [("alex villanueva", "Sheriff")]),
        ("John Smith, 45, of Ohio, was arrested.", []),
    ],
)
def test_titles(text: str, expected: list[tuple[str, str]]) -> None:
    sentence = Sentence("a", 0, 0, len(text), text)
    found = titles(sentence)
    assert [(title.person.key, title.text) for title in found] == expected
    for title in found:
        assert text[title.start : title.end] == title.text


@pytest.mark.parametrize(
    ("first", "second", "summary"),
    [
        (
            ("Special Envoy for Iran Robert Malley will attend.",),
            ("Middle East envoy Robert Malley will attend.",),
            None,  # "Special" is generic: "envoy" for Iran vs "Middle East envoy" share the head, but nothing contradicts
        ),
        (
            ("Ambassador and Special Envoy Steve Witkoff will lead.",),
            ("Middle East Envoy Steve Witkoff will lead.",),
            "Title of Steve Witkoff: A says Ambassador and Special Envoy; B says Middle East Envoy",
        ),
        (
            ("Sen. Joe Manchin voted no.",),
            ("Rep. Joe Manchin voted no.",),
            "Title of Joe Manchin: A says Sen.; B says Rep.",
        ),
        (
            ("Vice President Kamala Harris spoke.",),
            ("President Kamala Harris spoke.",),
            "Title of Kamala Harris: A says Vice President; B says President",
        ),
        (("Defense Secretary Lloyd Austin spoke.",), ("U.S. Secretary of Defense Lloyd Austin spoke.",), None),
        (("Former national security adviser John Bolton spoke.",), ("CIA Director John Bolton spoke.",), None),
        # The other source also calls him by a compatible title elsewhere: no finding.
        (
            ("Treasury Secretary Janet Yellen spoke.",),
            ("Fed Chair Janet Yellen spoke.", "Treasury Secretary Janet Yellen later left."),
            None,
        ),
        # Surname-only later mention still attaches to the person.
        (
            ("Chancellor Olaf Scholz arrived.", "Chancellor Scholz spoke."),
            ("Olaf Scholz arrived.", "Finance Minister Scholz spoke."),
            None,  # chancellor vs minister: different heads, a second office, not flagged
        ),
    ],
)
def test_compare_set(first: tuple[str, ...], second: tuple[str, ...], summary: str | None) -> None:
    found = compare_set(context_of({"a": first, "b": second}))
    assert [item.summary for item in found] == ([summary] if summary else [])
    for item in found:
        assert item.type == "role" and item.severity == "medium"
        assert {side.source for side in item.evidence} == {"a", "b"}
        for side in item.evidence:
            ((start, end),) = side.spans
            assert side.value == side.sentence[start - side.start : end - side.start]


def test_one_finding_per_title_pair_not_per_sentence() -> None:
    context = context_of(
        {
            "a": ("Middle East envoy Steve Witkoff flew in.", "Middle East envoy Steve Witkoff left."),
            "b": ("Ambassador and Special Envoy Steve Witkoff flew in.",),
            "c": ("Middle East Envoy Steve Witkoff said little.",),
        }
    )
    found = compare_set(context)
    assert len(found) == 1
    assert found[0].summary == "Title of Steve Witkoff: A, C say Middle East envoy; B says Ambassador and Special Envoy"


@settings(max_examples=30, deadline=None)
@given(st.text(max_size=100), st.text(max_size=100))
def test_compare_set_never_raises(first: str, second: str) -> None:
    assert isinstance(compare_set(context_of({"a": (first,), "b": (second,)})), list)


def test_only_title_sentences_naming_someone_another_source_titles_are_parsed() -> None:
    context = context_of(
        {
            "a": ("Middle East Envoy Steve Witkoff flew to Moscow.", "Mayor Jane Doe opened the bridge."),
            "b": ("Ambassador Steve Witkof met Putin.",),  # one letter off: may be the same surname
            "c": ("The talks ended.",),
        }
    )
    assert set(set_reads(context)) == {
        "Middle East Envoy Steve Witkoff flew to Moscow.",
        "Ambassador Steve Witkof met Putin.",
    }


def test_skipping_unshared_title_sentences_changes_no_title_finding() -> None:
    shared = {
        "a": ("Senator Maria Cantwell voted against the bill.",),
        "b": ("Representative Maria Cantwell voted no.",),
    }
    extra = {**shared, "c": ("Mayor Jane Doe opened the bridge.", "Governor Tim Walz spoke.")}
    assert compare_set(context_of(extra)) == compare_set(context_of(shared))
    assert len(compare_set(context_of(shared))) == 1
