"""Segment: sentence offsets, abbreviations, quotations kept whole with their attribution."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.clean import clean
from checker.ingest import read_set
from checker.models import Article, CleanArticle, Source
from checker.segment import segment
from tests.conftest import BUNDLED_SET


def sentences_of(text: str) -> list[str]:
    article = Article(source=Source(id="a", path="a.txt"), text=text)
    return [sentence.text for sentence in segment(clean(article))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The U.S. delegation met Gen. Keith Kellogg on Feb. 12 in Washington. Talks went well.",
            ["The U.S. delegation met Gen. Keith Kellogg on Feb. 12 in Washington.", "Talks went well."],
        ),
        (
            "Dr. Smith arrived at 3 p.m. on Jan. 5. She left at once.",
            ["Dr. Smith arrived at 3 p.m. on Jan. 5.", "She left at once."],
        ),
        (
            '"I am hopeful. It is time to stop this war," Trump said. Others disagreed.',
            ['"I am hopeful. It is time to stop this war," Trump said.', "Others disagreed."],
        ),
        (
            "He said, “We agreed. We will meet again. Soon.” Nobody else spoke.",
            ["He said, “We agreed. We will meet again. Soon.”", "Nobody else spoke."],
        ),
    ],
)
def test_sentences_split_where_a_reader_would(text: str, expected: list[str]) -> None:
    assert sentences_of(text) == expected


def test_paragraphs_never_merge() -> None:
    text = 'The minister said "the talks are over for this year\n\nThen he left the building.'
    assert sentences_of(text) == ['The minister said "the talks are over for this year', "Then he left the building."]


def test_a_megabyte_line_without_punctuation_is_cut_into_bounded_units() -> None:
    units = sentences_of("word " * 200_000)
    assert len(units) > 100
    assert max(len(unit) for unit in units) <= 1500


def test_bundled_multi_sentence_quote_stays_one_unit() -> None:
    articles = {article.source.id[:3]: article for article in read_set(BUNDLED_SET).articles}
    texts = [sentence.text for sentence in segment(clean(articles["001"]))]
    assert (
        '"I am hopeful that the results of that meeting will be positive. It is time to stop this ridiculous War, '
        'where there has been massive, and totally unnecessary, death and destruction," Trump said.'
    ) in texts


def test_offsets_point_into_the_article_for_the_bundled_set() -> None:
    for article in read_set(BUNDLED_SET).articles:
        for sentence in segment(clean(article)):
            assert article.text[sentence.start : sentence.end] == sentence.text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_any_text_segments_with_exact_offsets(text: str) -> None:
    article = Article(source=Source(id="a", path="a.txt"), text=text)
    cleaned = CleanArticle(article=article, spans=((0, len(text)),) if text.strip() else (), dropped=())
    for sentence in segment(cleaned):
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()


def test_kept_sentence_spans_give_the_same_sentences_without_running_pysbd(tmp_path, monkeypatch) -> None:
    from checker import segment as segmenter

    article_set = read_set(BUNDLED_SET)
    fresh = [segment(clean(article)) for article in article_set.articles]
    segmenter.use_store(tmp_path)
    stored = [segment(clean(article)) for article in article_set.articles]
    assert (tmp_path / "segments.sqlite3").exists()

    def no_pysbd(text, offset):  # type: ignore[no-untyped-def]
        raise AssertionError("pysbd ran although the spans are kept")

    monkeypatch.setattr(segmenter, "_pysbd_spans", no_pysbd)
    segmenter.use_store(None)
    segmenter.use_store(tmp_path)
    again = [segment(clean(article)) for article in article_set.articles]
    assert fresh == stored == again


def test_blocks_kept_whole_without_pysbd_are_the_ones_pysbd_keeps_whole() -> None:
    from checker import segment as segmenter

    blocks = [
        article.text[start:end] for article in read_set(BUNDLED_SET).articles for start, end in clean(article).spans
    ] + ["Talks went well", "  Talks went well!  ", "A U-turn, at 3 p", "He said no"]
    simple = [block for block in blocks if segmenter._ONE_SENTENCE.fullmatch(block)]
    assert len(simple) >= 5
    for block in simple:
        pieces = [piece.strip() for piece in segmenter._segmenter().segment(block) if piece.strip()]
        assert pieces == [block.strip()]
        ((start, end),) = segmenter._pysbd_spans(block, 10)
        assert block[start - 10 : end - 10] == block.strip()


@pytest.mark.parametrize(
    "text",
    [
        "Prices rose 3.5% (a record). Prices rose 3.5% (a record). Then they fell.",  # a repeated sentence
        "Why? Why? Why not?",
        "a+b*c [x] {y}. Is $1.2m (US) too much?\u00a0 It is.",  # regex specials, a no-break space
        "Mr. Smith went to Washington.\n\nHe said: “No!” Really?! Yes.",
        "U.S. officials met. Dr. Who? Maybe... e.g. this one.\u2003Done.",
    ],
)
def test_sentences_are_found_in_the_block_as_pysbd_finds_them(text: str) -> None:
    from checker import segment as segmenter

    assert segmenter._pysbd_sentences(text) == segmenter._segmenter().segment(text)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(["Mr. Smith left.", "Why?", "It cost $1.2m.", "(See above.)", "“Quoted.”", "e.g. this", "No!"])
        | st.sampled_from([" ", "  ", "\n", "\u00a0", ""]),
        max_size=12,
    ).map("".join)
)
def test_any_block_gives_pysbds_own_sentences(text: str) -> None:
    from checker import segment as segmenter

    assert segmenter._pysbd_sentences(text) == segmenter._segmenter().segment(text)
