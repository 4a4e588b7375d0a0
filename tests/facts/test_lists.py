"""Tests of checker/facts/lists.py: reading enumerations and comparing their members across sources."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.facts.base import Context
from checker.facts.lists import compare_sentences, enumerations
from checker.models import Sentence


def pair(first: str, second: str) -> tuple[Sentence, Sentence, Context]:
    """Two one-sentence articles, sources "a" and "b", and their Context."""
    left, right = Sentence("a", 0, 0, len(first), first), Sentence("b", 0, 0, len(second), second)
    context = Context(labels={"a": "A", "b": "B"}, sentences={"a": (left,), "b": (right,)})
    return left, right, context


@pytest.mark.parametrize(
    ("text", "members", "complete"),
    [
        (
            "The team will consist of Secretary of State Antony Blinken, CIA Director William Burns, and national security adviser Jake Sullivan.",
            ["Blinken", "Burns", "Sullivan"],
            True,
        ),
        (
            "Police seized guns, knives, ammunition and drugs from the house.",
            ["guns", "knives", "ammunition", "drugs"],
            True,
        ),
        ("They discussed trade, energy, security and other subjects.", ["trade", "energy", "security"], False),
        ("The panel, including Angela Merkel and Emmanuel Macron, met.", ["Merkel", "Macron"], False),
        ("According to spokesman Dmitry Peskov, Vladimir Putin agreed.", None, True),  # a comma alone is no list
    ],
)
def test_enumerations(text: str, members: list[str] | None, complete: bool) -> None:
    sentence = Sentence("a", 0, 0, len(text), text)
    found = enumerations(sentence)
    if members is None:
        assert found == ()
        return
    assert [member.label for member in found[0].members] == members
    assert found[0].complete is complete
    for member in found[0].members:
        assert text[member.start : member.end] == member.text


@pytest.mark.parametrize(
    ("first", "second", "summary"),
    [
        (
            "Biden said the negotiating team will consist of Secretary of State Antony Blinken, CIA Director William Burns, and national security adviser Jake Sullivan.",
            "Biden said the negotiating team will consist of Secretary of State Antony Blinken and national security adviser Jake Sullivan.",
            "Negotiating team: A lists Blinken, Burns, Sullivan; B omits Burns",
        ),
        (  # the same members, other titles and another verb of composition: no finding
            "The team will consist of Secretary of State Antony Blinken, CIA Director William Burns, and national security adviser Jake Sullivan.",
            "He tasked Blinken, CIA chief Bill Burns, and White House National Security Adviser Jake Sullivan to lead the talks.",
            None,
        ),
        (  # "including" announces a partial list
            "The team will consist of Antony Blinken, William Burns, and Jake Sullivan.",
            "The team will include, among others, Antony Blinken and Jake Sullivan.",
            None,
        ),
        (  # the person outside one list is still named in that sentence
            "Ministers Annalena Baerbock and Olaf Scholz's meeting with Keir Starmer ended.",
            "The meeting between Keir Starmer, Olaf Scholz, and Annalena Baerbock ended.",
            None,
        ),
        (  # a delegation that meets someone is not the list of who met
            "A delegation led by Kamala Harris and Antony Blinken will meet Volodymyr Zelensky.",
            "The talks between Harris, Blinken and Lloyd Austin ended.",
            None,
        ),
        (
            "They discussed trade, energy, security and migration.",
            "They discussed trade, energy and security.",
            "Items discussed: A lists trade, energy, security, migration; B omits migration",
        ),
        ("It airs in Miami, West Palm Beach and Ft. Myers.", "It airs in Miami, West Palm Beach and Fort Myers.", None),
        (
            "Police seized guns, knives, ammunition and drugs from the house.",
            "Police seized guns, knives and ammunition from the house, and drugs were found nearby.",
            None,  # "drugs" is named in B's sentence, outside the list
        ),
        (  # attributes, not an enumeration with a role: naming fewer is not a discrepancy
            "The author is a poet, essayist and playwright.",
            "The author is a novelist, poet, essayist and playwright.",
            None,
        ),
    ],
)
def test_compare_sentences(first: str, second: str, summary: str | None) -> None:
    left, right, context = pair(first, second)
    found = compare_sentences(left, right, context)
    assert [item.summary for item in found] == ([summary] if summary else [])
    for item in found:
        assert item.type == "list" and item.severity == "medium"
        assert all(side.spans for side in item.evidence)


def test_omitted_member_is_highlighted_in_the_longer_list() -> None:
    first = "The victims were Anna Kowalski, Brian Otieno and Carla Mendes."
    second = "The victims were Anna Kowalski and Carla Mendes."
    left, right, context = pair(first, second)
    (found,) = compare_sentences(left, right, context)
    ((start, end),) = found.evidence[0].spans
    assert first[start:end] == "Brian Otieno"


@settings(max_examples=30, deadline=None)
@given(st.text(max_size=120), st.text(max_size=120))
def test_compare_sentences_never_raises(first: str, second: str) -> None:
    left, right, context = pair(first, second)
    assert isinstance(compare_sentences(left, right, context), list)
