"""Clean: page furniture out with its reason; article sentences never dropped."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker import clean as clean_module
from checker.clean import clean, furniture_reason
from checker.ingest import read_set
from checker.models import Article, Source
from tests.conftest import BUNDLED_SET


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("![](https://static.example.com/2025/02/12/photo.jpeg)", "image link"),
        ("CLICK HERE TO READ MORE FROM THE DAILY PLANET", "promo or related-story link"),
        ("RELATED STORY | Minister resigns amid budget row", "promo or related-story link"),
        ("Read more: Flooding closes roads across the county", "promo or related-story link"),
        (
            "This story was initially reported by a journalist and has been converted to this platform with the "
            "assistance of AI. Our editorial team verifies all reporting.",
            "AI or conversion disclaimer",
        ),
        ("World News", "navigation or label (short line without sentence punctuation)"),
        ("Actions", "navigation or label (short line without sentence punctuation)"),
        ("Posted", "navigation or label (short line without sentence punctuation)"),
        ("FLOODS: TOWN COUNCIL CALLS EMERGENCY MEETING", "all-caps headline or kicker"),
        (
            "Firefighters work at the scene of a blaze in a warehouse in Lyon, France, March 3, 2024. "
            "(AP Photo/Jean Dupont)",
            "photo caption with credit",
        ),
        ("By Jane Smith", "byline"),
        ("© 2024 The Daily Planet. All rights reserved.", "copyright line"),
        ("https://example.com/story/123", "bare link"),
    ],
)
def test_furniture_is_recognised_with_its_reason(line: str, reason: str) -> None:
    assert furniture_reason(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "The minister said the talks would resume on Friday.",
        '"We will not give up," she said.',
        "NATO allies met in Brussels on Wednesday to discuss the plan.",
        "U.S. officials said the deal was close.",
        "Related talks in Geneva ended without agreement, officials said.",
        "Vance, Rubio meet with Zelenskyy as Trump signals Ukraine must make concessions in peace talks",
        "He said the photo showed the damage.",
    ],
)
def test_article_sentences_and_headlines_are_kept(line: str) -> None:
    assert furniture_reason(line) is None


def test_dropped_lines_carry_offsets_into_the_article() -> None:
    text = "World News\n\nThe council met on Monday.\n\nCLICK HERE TO READ MORE FROM THE PAPER\n"
    cleaned = clean(Article(source=Source(id="a", path="a.txt"), text=text))
    assert [text[start:end] for start, end in cleaned.spans] == ["The council met on Monday."]
    for line in cleaned.dropped:
        assert text[line.start : line.end] == line.line
    assert [line.line for line in cleaned.dropped] == ["World News", "CLICK HERE TO READ MORE FROM THE PAPER"]


def test_bundled_set_drops_its_furniture_and_keeps_its_sentences() -> None:
    cleaned = {article.source.id[:3]: clean(article) for article in read_set(BUNDLED_SET).articles}
    dropped = {key: [line.line for line in value.dropped] for key, value in cleaned.items()}
    assert dropped["000"][0] == "date 2025-02-12"
    assert dropped["000"][1].endswith("(AP Photo/Evgeniy Maloletka)")
    assert dropped["001"][:4] == ["World News", "Actions", "Ukrainian President Volodymyr Zelenskyy", "Posted"]
    assert any(line.startswith("RELATED STORY |") for line in dropped["001"])
    assert any("assistance of AI" in line for line in dropped["001"])
    assert dropped["003"] == [
        "PETE HEGSETH: FIGHTING FOR PRE-2014 BORDERS ‘UNREALISTIC’ FOR UKRAINE",
        "CLICK HERE TO READ MORE FROM THE WASHINGTON EXAMINER",
    ]
    assert len(dropped["004"]) == 1 and dropped["004"][0].startswith("![](")
    assert dropped["002"] == []
    # Every dropped line is furniture: none ends like an ordinary sentence without a marker.
    total_kept = sum(len(value.spans) for value in cleaned.values())
    assert total_kept == 11 + 14 + 26 + 14 + 11


def _all_caps_by_definition(line: str) -> bool:
    letters = [char for char in line if char.isalpha()]
    words = clean_module._WORD.findall(line)
    if len(letters) < 8 or len(words) < 2:
        return False
    upper = sum(1 for char in letters if char.isupper())
    return upper / len(letters) >= 0.85 and (not clean_module._TERMINAL.search(line) or len(words) <= 20)


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.text(alphabet=st.sampled_from("ABCDEFGHIJ abcdefg ÉÀÇéàçⅧⅷǅ1234.,:!?'-\u00a0"), max_size=120),
        # Mostly capitals with a few lower-case letters: the lines near the 85% boundary.
        st.text(alphabet=st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZÉÀÇ     ab.!é"), max_size=120),
    )
)
def test_the_all_caps_shortcut_decides_as_the_definition(line: str) -> None:
    # Prose is ruled out by counting ASCII lower-case letters; that must never change a decision.
    assert (clean_module._all_caps(line) is not None) == _all_caps_by_definition(line)
