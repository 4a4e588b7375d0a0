"""Tests of checker/facts/polarity.py: negated against affirmed predicates about the same thing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.facts.base import Context
from checker.facts.polarity import compare_sentences, predicates
from checker.models import Sentence

CONTEXT = Context(labels={"a": "A", "b": "B"})


def sentence(source: str, text: str) -> Sentence:
    return Sentence(source, 0, 0, len(text), text)


@pytest.mark.parametrize(
    ("text", "lemma", "polarity"),
    [
        ("Washington will not deploy troops to Ukraine.", "deploy", "negated"),
        ("Washington will deploy troops to Ukraine.", "deploy", "affirmed"),
        ("No troops will be deployed to Ukraine.", "deploy", "negated"),
        ("There will not be U.S. troops deployed to Ukraine.", "deploy", "unknown"),
        ("If Russia agrees to the deal, talks start.", "agree", "unknown"),
        ("He plans to announce the fixtures.", "announce", "unknown"),
        ("The report is not entirely based on interviews.", "base", "unknown"),
        ("Did Russia agree to the deal?", "agree", "unknown"),
    ],
)
def test_polarity(text: str, lemma: str, polarity: str) -> None:
    assert [item.polarity for item in predicates(text) if item.lemma == lemma] == [polarity]


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (
            "Washington will deploy troops to Ukraine.",
            "Washington will not deploy troops to Ukraine.",
            [("deploy", "not deploy")],
        ),
        ("Russia agreed to the ceasefire.", "Russia did not agree to the ceasefire.", [("agreed", "not agree")]),
        (
            "The ministry confirmed the strike on the hospital.",
            "The ministry denied the strike on the hospital.",
            [("confirmed", "denied")],
        ),
        (
            "No troops will be deployed to Ukraine.",
            "Troops will be deployed to Ukraine.",
            [("No deployed", "deployed")],
        ),
        # both negative, in different forms: quiet
        (
            "Hegseth said Washington would not deploy troops to Ukraine.",
            "Hegseth said there will not be U.S. troops deployed to Ukraine.",
            [],
        ),
        (
            "Hegseth said Washington would not deploy troops to Ukraine.",
            "He added that the force should include no U.S. troops.",
            [],
        ),
        # the same verb about different things: quiet
        ("They agreed to meet in Munich.", "They did not agree on a ceasefire.", []),
        ("Some categories of passengers are allowed to enter.", "Passengers are not allowed to enter.", []),
        # negation under a denial of saying, a condition or "not only": quiet
        ("He did not say that Russia agreed to the deal.", "Russia agreed to the deal.", []),
        ("If Russia agrees to the deal, talks start.", "Russia did not agree to the deal.", []),
        ("The bill not only passed the Senate but also the House.", "The bill passed the Senate.", []),
        ("The army confirmed the attack.", "The army confirmed the attack.", []),
    ],
)
def test_compare_sentences(first: str, second: str, expected: list[tuple[str, str]]) -> None:
    found = compare_sentences(sentence("a", first), sentence("b", second), CONTEXT)
    assert len(found) == len(expected)
    for discrepancy, (left, right) in zip(found, expected, strict=True):
        assert discrepancy.type == "contradiction" and discrepancy.severity == "high"
        first_side, second_side = discrepancy.evidence
        # the verb (and its negation) is highlighted on each side, offsets exact
        assert left.split()[-1] in " ".join(first[start:end] for start, end in first_side.spans)
        assert right.split()[-1] in " ".join(second[start:end] for start, end in second_side.spans)
        assert discrepancy.summary.startswith("Contradiction: A says")


def test_summary_quotes_both_sides() -> None:
    (discrepancy,) = compare_sentences(
        sentence("a", "Washington will deploy troops to Ukraine."),
        sentence("b", "Washington will not deploy troops to Ukraine."),
        CONTEXT,
    )
    assert discrepancy.summary == "Contradiction: A says “will deploy troops”; B says “will not deploy troops”"


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=80), st.text(max_size=80))
def test_never_raises(first: str, second: str) -> None:
    assert isinstance(compare_sentences(sentence("a", first), sentence("b", second), CONTEXT), list)
