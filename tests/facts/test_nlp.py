"""The shared spaCy layer: entity-only analyses, parses kept on disk, and the sentences parsed at all."""

from __future__ import annotations

import inspect
import json
import sqlite3
import subprocess
import sys

import pytest

from checker.facts import nlp, people
from checker.facts.people import find_people, has_title_word, may_hold_full_name

TEXTS = [
    "Secretary of State Marco Rubio met Sergei Lavrov in Riyadh on Tuesday.",
    "“We want peace,” Volodymyr Zelenskyy said, adding that talks would resume.",
    "The talks ended without a deal.",
]


def _forget() -> None:
    for cache in nlp._memory.values():
        cache.clear()
    people.find_people.cache_clear()


def _tokens(doc) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    return [
        (t.text, t.idx, t.whitespace_, t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i, t.ent_type_, t.is_stop) for t in doc
    ]


def test_entities_only_equal_the_full_pipelines_entities() -> None:
    _forget()
    nlp.prefetch(TEXTS, entities_only=True)
    light = {text: [(e.start_char, e.end_char, e.label_) for e in nlp.entities(text).ents] for text in TEXTS}
    _forget()
    full = {text: [(e.start_char, e.end_char, e.label_) for e in nlp.parse(text).ents] for text in TEXTS}
    assert light == full
    assert ("Marco Rubio", "PERSON") in {(TEXTS[0][s:e], label) for s, e, label in full[TEXTS[0]]}


def test_stored_parses_are_read_back_identical_without_loading_the_pipeline(tmp_path, monkeypatch) -> None:
    _forget()
    nlp.use_store(tmp_path)
    nlp.prefetch(TEXTS)
    nlp.prefetch(TEXTS, entities_only=True)
    before = {text: _tokens(nlp.parse(text)) for text in TEXTS}
    assert (tmp_path / "parses.sqlite3").exists()
    _forget()

    def no_model():  # type: ignore[no-untyped-def]
        raise AssertionError("the pipeline was loaded although every parse is stored")

    monkeypatch.setattr(nlp, "pipeline", no_model)
    nlp.use_store(None)
    nlp.use_store(tmp_path)  # a new run over the same folder
    nlp.prefetch(TEXTS)
    assert {text: _tokens(nlp.parse(text)) for text in TEXTS} == before
    assert [e.text for e in nlp.entities(TEXTS[0]).ents] == [e.text for e in nlp.parse(TEXTS[0]).ents]


def test_stored_bytes_are_spacys_own_serialization() -> None:
    # Caches written before the codec was built once per process must still read back.
    doc = nlp.parse(TEXTS[0])
    blob = nlp.to_bytes(doc)
    assert blob == doc.to_bytes(exclude=["tensor", "user_data"])
    assert _tokens(nlp.from_bytes(blob)) == _tokens(doc)
    assert [(e.text, e.label_) for e in nlp.from_bytes(blob).ents] == [(e.text, e.label_) for e in doc.ents]


_WITHOUT_TORCH = """
import json, sys
from checker.facts import nlp
docs = [nlp.parse(text) for text in json.loads(sys.argv[1])]
torch_before = "torch" in sys.modules
import torch  # the embedder still needs it afterwards
print(json.dumps({"torch_loaded": torch_before, "tensor": torch.ones(2).tolist(),
                  "tokens": [[list(token) for token in _tokens(doc)] for doc in docs]}))
"""


def test_spacy_runs_without_importing_torch_and_parses_the_same(tmp_path) -> None:
    # A re-run over cached parses must not pay for importing torch; the analyses must not change.
    script = inspect.getsource(_tokens) + _WITHOUT_TORCH
    output = subprocess.run(
        [sys.executable, "-c", script, json.dumps(TEXTS)], capture_output=True, text=True, check=True, cwd=tmp_path
    ).stdout
    fresh = json.loads(output)
    assert fresh["torch_loaded"] is False
    assert fresh["tensor"] == [1.0, 1.0]
    _forget()
    assert fresh["tokens"] == [[list(token) for token in _tokens(nlp.parse(text))] for text in TEXTS]


def test_a_corrupt_parse_store_is_set_aside_and_rebuilt(tmp_path, caplog) -> None:
    _forget()
    (tmp_path / "parses.sqlite3").write_bytes(b"not a database at all" * 100)
    nlp.use_store(tmp_path)
    assert nlp.parse(TEXTS[2])[1].text == "talks"
    assert any(path.name.startswith("parses.sqlite3.corrupt-") for path in tmp_path.iterdir())
    with sqlite3.connect(tmp_path / "parses.sqlite3") as connection:
        assert connection.execute("SELECT count(*) FROM parses").fetchone() == (1,)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Special Envoy Steve Witkoff arrived.", True),
        ("Michael Waltz, the national security adviser, spoke.", True),
        ("The envoy's plane landed.", True),
        ("Sen. Lindsey Graham said so.", True),
        ("Two envoys arrived.", False),  # "envoys" is not the word "envoy"
        ("The talks ended without a deal.", False),
    ],
)
def test_title_word_test_finds_every_title_word_token(text: str, expected: bool) -> None:
    assert has_title_word(text) is expected
    tokens = {token.text.casefold() for token in nlp.parse(text)}
    assert bool(tokens & people.TITLE_WORDS) is expected


@pytest.mark.parametrize(
    "text",
    [
        "Marco Rubio spoke.",
        "They met Ursula von der Leyen in Brussels.",
        "Troops loyal to Bashar al-Assad withdrew.",
        "J.D. Vance spoke in Munich.",
        "Officials said Mohammed bin Salman would host.",
    ],
)
def test_sentences_naming_someone_in_full_are_never_skipped(text: str) -> None:
    assert may_hold_full_name(text)
    assert any(len(people.canonical(name).split()) >= 2 for _, _, name in find_people(text))


def test_sentences_without_two_capitalized_words_close_together_are_skipped() -> None:
    assert not may_hold_full_name("He said the talks ended without a deal on Tuesday.")
    assert not may_hold_full_name("Rubio said the talks ended.")
