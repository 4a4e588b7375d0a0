"""Tests of checker/facts/people.py: canonical keys, same-person matching, mentions in context."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.facts.base import Context
from checker.facts.people import canonical, mentions, registry_texts, same_person
from checker.models import Sentence


def article(source: str, *texts: str) -> tuple[Sentence, ...]:
    """Sentences of one article, offsets as if joined by single spaces."""
    found, position = [], 0
    for index, text in enumerate(texts):
        found.append(Sentence(source, index, position, position + len(text), text))
        position += len(text) + 1
    return tuple(found)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Zelenskyy", "zelensky"),
        ("Zelensky", "zelensky"),
        ("Zelenskiy", "zelensky"),
        ("Zelenskij", "zelensky"),
        ("JD Vance", "jd vance"),
        ("J.D. Vance", "jd vance"),
        ("J. D. Vance", "jd vance"),
        ("Marco Rubio’s", "marco rubio"),
        ("Marco Rubio's", "marco rubio"),
        ("Jean-Noël Barrot", "jean-noel barrot"),
        ("Recep Tayyip Erdoğan", "recep tayyip erdogan"),
        ("Donald Trump Jr.", "donald trump jr"),
        ("PETE HEGSETH", "pete hegseth"),
        ("Kennedy", "kennedy"),
        ("", ""),
        ("...", ""),
    ],
)
def test_canonical(name: str, key: str) -> None:
    assert canonical(name) == key


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("Volodymyr Zelenskyy", "Volodymyr Zelensky", True),
        ("JD Vance", "James David Vance", True),
        ("J. Smith", "John Smith", True),
        ("Rubio", "Marco Rubio", True),
        ("Olaf Scholz", "Martin Schulz", False),
        ("Anna Berg", "Anna Borg", False),  # one edit in a short surname is another name
        ("Pete Hegseth", "Pete Hegsath", True),  # a misspelling of a long surname
        ("Mark Kelly", "Mike Kelly", False),
        ("Jon Smith", "John Smith", False),
        ("Donald Trump", "Donald Trump Jr.", False),
        ("Donald Trump", "Melania Trump", False),
        ("Keir Starmer", "Rishi Sunak", False),
        ("", "Rishi Sunak", False),
    ],
)
def test_same_person(first: str, second: str, same: bool) -> None:
    assert same_person(first, second) is same
    assert same_person(second, first) is same


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # A surname spaCy does not tag as a person resolves to the full name used earlier.
        (
            (
                "Secretary of State Marco Rubio will travel.",
                "The president said he tasked Rubio, CIA Director John Ratcliffe and others.",
            ),
            [("Rubio", "marco rubio", True), ("John Ratcliffe", "john ratcliffe", False)],
        ),
        (
            ("German Chancellor Olaf Scholz met Emmanuel Macron.", "Scholz said the talks went well."),
            [("Scholz", "olaf scholz", True)],
        ),
        # Possessives stay out of the span.
        (
            ("Prime Minister Keir Starmer’s office declined to comment.",),
            [("Keir Starmer", "keir starmer", False)],
        ),
        # Two people share the surname: the bare surname stays unresolved.
        (
            ("Donald Trump and Melania Trump arrived.", "President Trump waved."),
            [("Trump", "trump", False)],
        ),
        # A city spaCy mistakes for a person is not a person.
        (("Russian troops were expected to take Kyiv quickly.",), []),
    ],
)
def test_mentions(texts: tuple[str, ...], expected: list[tuple[str, str, bool]]) -> None:
    sentences = article("a", *texts)
    context = Context(labels={"a": "A"}, sentences={"a": sentences})
    found = mentions(sentences[-1], context)
    assert [(m.text, m.key, m.resolved) for m in found] == expected
    for mention in found:
        assert sentences[-1].text[mention.start : mention.end] == mention.text


def test_mentions_without_context_read_the_sentence_alone() -> None:
    sentence = Sentence("a", 0, 0, 40, "Defense Secretary Pete Hegseth spoke.")
    assert [m.key for m in mentions(sentence)] == ["pete hegseth"]


_NAMEISH = st.text(alphabet=st.sampled_from("AaBbJjDdYyIiÖöé. -’'"), max_size=30)


@given(_NAMEISH)
def test_canonical_is_idempotent(name: str) -> None:
    key = canonical(name)
    assert canonical(key) == key


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=120))
def test_mentions_never_raise_and_offsets_are_exact(text: str) -> None:
    sentence = Sentence("a", 0, 0, len(text), text)
    for mention in mentions(sentence, Context(labels={}, sentences={"a": (sentence,)})):
        assert text[mention.start : mention.end] == mention.text


def test_only_sentences_that_may_name_the_surnames_looked_up_are_read() -> None:
    sentences = article(
        "a",
        "Secretary of State Marco Rubio flew to Riyadh.",
        "Troops loyal to Bashar al-Assad withdrew.",
        "The White House said talks would continue.",
        "Talks began on Tuesday, Rubio said.",
    )
    context = Context(labels={"a": "A"}, sentences={"a": sentences})
    read = registry_texts(sentences[-1], context)
    assert sentences[0].text in read  # "Marco Rubio": the surname looked up
    assert sentences[1].text not in read and sentences[2].text not in read
    assert [(m.text, m.name) for m in mentions(sentences[-1], context)] == [("Rubio", "Marco Rubio")]
