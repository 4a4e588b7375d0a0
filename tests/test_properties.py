"""Properties that hold for any input: no stage raises, offsets are exact, outputs always parse."""

from __future__ import annotations

import json
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.clean import clean
from checker.config import Settings
from checker.ingest import ArticleSet, decode
from checker.models import Article, Source
from checker.pipeline import check
from checker.report.html import render_html
from checker.report.json import render_json
from checker.segment import segment
from tests.conftest import FakeEmbedder

# Words that make the comparators work: figures, dates, names with titles, quotes, places, negation.
NEWSY = st.sampled_from(
    [
        "12", "1,200", "about", "hundreds of thousands", "killed", "wounded", "people", "Monday", "on Friday",
        "February 12", "2025", "President", "Secretary of State", "John Smith", "Smith", "said", '"', "“", "”",
        "in Brussels", "Belgium", "not", "will", "deploy", "troops", "U.S.", "Gen.", ".", ",", "!", "?", "\n", "\n\n",
        "<script>alert(1)</script>", "&amp;", "</script>", "=cmd|' /C calc'!A0", "\u200b", "é", "Zelenskyy",
    ]
)  # fmt: skip
TEXT = st.lists(st.one_of(NEWSY, st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)), max_size=60).map(
    " ".join
)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.data: list[str] = []

    def handle_data(self, data: str) -> None:
        self.data.append(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_decode_never_raises_anything_but_input_errors(data: bytes) -> None:
    from checker.errors import InputError

    try:
        text, _ = decode(data, "x.txt")
    except InputError:
        return
    assert isinstance(text, str)


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_clean_and_segment_keep_exact_offsets(text: str) -> None:
    article = Article(source=Source(id="a", path="a.txt"), text=text)
    cleaned = clean(article)
    for line in cleaned.dropped:
        assert text[line.start : line.end] == line.line
    for sentence in segment(cleaned):
        assert text[sentence.start : sentence.end] == sentence.text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXT, min_size=1, max_size=3))
def test_any_article_set_runs_and_every_output_parses(texts: list[str]) -> None:
    articles = tuple(
        Article(source=Source(id=f"s{number}", path=f"s{number}.txt"), text=text) for number, text in enumerate(texts)
    )
    result = check(ArticleSet(name="random", articles=articles), Settings(), FakeEmbedder())
    by_id = {article.source.id: article.text for article in articles}
    keys = {(sentence.source, sentence.start, sentence.end) for sentence in result.sentences}
    for sentence in result.sentences:
        assert by_id[sentence.source][sentence.start : sentence.end] == sentence.text
    for finding in result.findings:
        for item in finding.evidence:
            assert (item.source, item.start, item.end) in keys, "evidence must point into a real sentence"
            assert by_id[item.source][item.start : item.end] == item.sentence
            for start, end in item.spans:
                assert item.start <= start <= end <= item.end
    document = json.loads(render_json(result, version="test"))
    assert document["format_version"] == 1
    page = render_html(result, version="test", generated="2026-01-01T00:00:00Z")
    parser = _Collector()
    parser.feed(page)
    parser.close()
    assert "<script>alert(1)</script>" not in page
