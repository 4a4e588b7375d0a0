"""Tests of checker/facts/quotes.py: quoted spans, speakers, and cross-source quote comparison."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.facts.base import Context
from checker.facts.quotes import compare_set, find_quotes, same_speaker, sentence_quotes, set_reads, words
from checker.models import Sentence


def article(source: str, *texts: str) -> tuple[Sentence, ...]:
    """Sentences of one article, laid end to end with a space between them."""
    sentences, position = [], 0
    for index, text in enumerate(texts):
        sentences.append(Sentence(source, index, position, position + len(text), text))
        position += len(text) + 1
    return tuple(sentences)


def context(*articles: tuple[Sentence, ...], similarity: float = 0.0) -> Context:
    """A context over whole articles; every cross-sentence similarity is ``similarity``."""
    sentences = {items[0].source: items for items in articles}
    return Context(
        labels={source: source.upper() for source in sentences},
        texts={source: " ".join(item.text for item in items) for source, items in sentences.items()},
        sentences=sentences,
        similarity=lambda first, second: 1.0 if first.key == second.key else similarity,
    )


# ---------------------------------------------------------------- quoted spans


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ('"We agreed," Trump said.', ["We agreed,"]),
        ("“We agreed,” Trump said.", ["We agreed,"]),
        ("He said “one” and “two”.", ["one", "two"]),
        ("\"As President Trump said, 'Let's get it done.'\"", ["As President Trump said, 'Let's get it done.'"]),
        ('“Mixed marks," he said.', ["Mixed marks,"]),
        ('A 32" screen, he said "cheap".', ["cheap"]),
        ("“It runs on into the next paragraph", ["It runs on into the next paragraph"]),
        ("No quotes at all.", []),
        ('"" empty', []),
    ],
)
def test_find_quotes(text: str, quoted: list[str]) -> None:
    assert [text[start:end] for start, end in find_quotes(text)] == quoted


@given(st.text(alphabet=st.sampled_from("ab \"“”'.,\n"), max_size=60))
def test_find_quotes_spans_are_ordered_and_inside(text: str) -> None:
    spans = find_quotes(text)
    assert all(0 <= start < end <= len(text) for start, end in spans)
    assert all(first[1] <= second[0] for first, second in zip(spans, spans[1:], strict=False))


@given(st.text(max_size=80))
def test_words_offsets_are_exact(text: str) -> None:
    for word in words(text):
        assert text[word.start : word.end].lower().replace("’", "'") == word.norm


# ---------------------------------------------------------------- speakers


@pytest.mark.parametrize(
    ("texts", "speaker", "partial"),
    [
        (['"We agreed to work together," Trump posted on social media.'], "Trump", False),
        (['Later, Trump said, "I just spoke to President Zelenskyy."'], "Trump", False),
        (
            ["Zelenskyy spoke out after the call, stating on X, “No one wants peace more than Ukraine.”"],
            "Zelenskyy",
            False,
        ),
        (
            ['According to Kremlin spokesman Dmitry Peskov, Trump "expressed support for a ceasefire."'],
            "Dmitry Peskov",
            True,
        ),
        (
            ['In a post, Trump said he and Putin "agreed to have our teams start negotiations immediately."'],
            "Trump",
            True,
        ),
        (
            [
                "Trump later spoke with Zelensky.",
                "The president praised the Munich meeting.",
                "“I am hopeful,” he added.",
            ],
            "Trump",
            False,
        ),
        (["“I am hopeful about it,” he added."], None, False),
        (['"Talks start now," Peskov said.', '"They will take months."'], "Peskov", False),
        (['"It is unrealistic," the secretary said.'], "the secretary", False),
    ],
)
def test_speaker(texts: list[str], speaker: str | None, partial: bool) -> None:
    sentences = article("a", *texts)
    found = sentence_quotes(sentences[-1], context(sentences))
    assert [quote.speaker for quote in found] == [speaker]
    assert found[0].partial is partial


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("Zelensky", "Volodymyr Zelenskyy", True),
        ("Donald Trump", "Trump", True),
        ("Trump", "Putin", False),
        ("Mr. Steele", "Michael Steele", True),
        ("Pete Hegseth", "Marco Rubio", False),
    ],
)
def test_same_speaker(first: str, second: str, same: bool) -> None:
    assert same_speaker(first, second) is same


# ---------------------------------------------------------------- comparison


def findings(first: str, second: str, similarity: float = 0.0) -> list[tuple[str, str, list[str], list[str]]]:
    """(type, severity, highlighted words of each side) for one sentence of source a against one of b."""
    left, right = article("a", first), article("b", second)
    ctx = context(left, right, similarity=similarity)
    result = []
    for discrepancy in compare_set(ctx):
        sides = [[ctx.texts[item.source][start:end] for start, end in item.spans] for item in discrepancy.evidence]
        result.append((discrepancy.type, discrepancy.severity, *sides))
    return result


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        # a function word changed inside the shared part: low, both words highlighted
        (
            '"I am hopeful that the results of that meeting will be positive. It is time," Trump said.',
            "“I am hopeful that the results of the meeting will be positive,” Trump added.",
            [("quote", "low", ["that"], ["the"])],
        ),
        # a negation dropped: high
        (
            '"We will deploy troops to the border next week," Smith said.',
            '"We will not deploy troops to the border next week," Smith said.',
            [("quote", "high", ["will deploy"], ["not"])],
        ),
        # a number changed: high
        (
            '"We have lost three soldiers in the attack on the base," Smith said.',
            '"We have lost five soldiers in the attack on the base," Smith said.',
            [("quote", "high", ["three"], ["five"])],
        ),
        # a content word changed: medium
        (
            '"This is a historic day for the people of our country," Smith said.',
            '"This is a tragic day for the people of our country," Smith said.',
            [("quote", "medium", ["historic"], ["tragic"])],
        ),
        # case and quote marks only: quiet
        (
            '"There has been massive and totally unnecessary DEATH and DESTRUCTION," Trump said.',
            "“There has been massive and totally unnecessary death and destruction,” Trump said.",
            [],
        ),
        # a fragment of the longer quote, word for word: a truncation, quiet
        (
            'Trump said he and Putin "agreed to have our respective teams start negotiations immediately."',
            '"We have also agreed to have our respective teams start negotiations immediately," Trump said.',
            [],
        ),
        # an elision marked by an ellipsis: quiet
        (
            '"The talks went very well. ...It is time to stop this ridiculous war," Trump said.',
            '"The talks went very well and we made progress. It is time to stop this ridiculous war," Trump said.',
            [],
        ),
        # spelling variants are not wording changes
        (
            '"We met President Zelensky and our defense ministers today," Smith said.',
            '"We met President Zelenskyy and our defence ministers today," Smith said.',
            [],
        ),
        # the same words, different named speakers: attribution, high
        (
            '"We will not accept any deal that rewards the aggressor," Macron said.',
            '"We will not accept any deal that rewards the aggressor," Scholz said.',
            [("attribution", "high", ["Macron"], ["Scholz"])],
        ),
        # an unresolved "he" is unknown, never a conflict
        (
            '"We will not accept any deal that rewards the aggressor," Macron said.',
            '"We will not accept any deal that rewards the aggressor," he said.',
            [],
        ),
    ],
)
def test_compare_wording_and_speakers(first: str, second: str, expected: list[tuple]) -> None:
    assert findings(first, second) == expected


TRANSLATION = (
    "Zelenskyy wrote on X, “No one wants peace more than Ukraine and we will stop Russian aggression.”",
    "“Ukraine wants peace more than anyone and will end the Russian aggression,” Zelenskyy wrote.",
)


@pytest.mark.parametrize(
    ("first", "second", "similarity", "expected"),
    [
        # two wordings of one statement by one speaker, sentences very similar: medium
        (*TRANSLATION, 0.8, [("quote", "medium")]),
        # the same pair, but the sentences are not about the same thing
        (*TRANSLATION, 0.3, []),
        # similar sentences of two speakers are two statements
        (TRANSLATION[0], TRANSLATION[1].replace("Zelenskyy", "Macron"), 0.8, []),
        # similar sentences, same speaker, quotes about different things
        (
            '"The economy grew faster than anyone expected this year," Smith said.',
            '"Our soldiers defended the border with great courage," Smith said.',
            0.8,
            [],
        ),
    ],
)
def test_compare_two_wordings(first: str, second: str, similarity: float, expected: list[tuple]) -> None:
    assert [(kind, severity) for kind, severity, *_ in findings(first, second, similarity)] == expected


def test_wording_summary_names_sources_and_words() -> None:
    left = article("a", '"I am hopeful that the results of that meeting will be positive," Trump said.')
    right = article("b", '"I am hopeful that the results of the meeting will be positive," Trump said.')
    (discrepancy,) = compare_set(context(left, right))
    assert "A quotes “results of that meeting”" in discrepancy.summary
    assert "B quotes “results of the meeting”" in discrepancy.summary
    assert "Trump" in discrepancy.summary


@given(st.lists(st.text(alphabet=st.sampled_from('ab said He "“”.,'), max_size=40), min_size=1, max_size=4))
def test_compare_set_never_raises(texts: list[str]) -> None:
    left, right = article("a", *texts), article("b", *reversed(texts))
    assert isinstance(compare_set(context(left, right, similarity=0.9)), list)


# ---------------------------------------------------------------- what is parsed at all


def test_only_quotes_another_source_may_share_are_parsed() -> None:
    shared = article("a", '"We will not accept any deal made without Ukraine," Zelenskyy said.')
    other = article("b", '"We will not accept any deal made behind our backs," Zelenskyy said.')
    alone = article("c", 'Nothing was agreed. "The weather in Munich was cold and grey today," a delegate said.')
    reads = set(set_reads(context(shared, other, alone)))
    assert reads == {shared[0].text, other[0].text}
    # ...and skipping the lone quote changes no finding.
    assert compare_set(context(shared, other, alone)) == compare_set(context(shared, other))


def test_similar_whole_quotes_are_parsed_for_the_paraphrase_check() -> None:
    first = article("a", '"Peace must come through strength and unity of all allies," Rutte said.')
    second = article("b", '"Only strength and unity among the allies can bring peace," Rutte said.')
    assert set(set_reads(context(first, second, similarity=0.9))) == {first[0].text, second[0].text}
    assert set_reads(context(first, second, similarity=0.2)) == []
