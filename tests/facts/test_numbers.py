"""Tests of checker/facts/numbers.py: extraction, comparability, conflicts and wording."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.facts.numbers import Quantity, comparable, conflict, describe, extract_quantities

INF = math.inf


def only(text: str) -> Quantity:
    """The single quantity in ``text`` (fails the test if there is not exactly one)."""
    quantities = extract_quantities(text)
    assert len(quantities) == 1, [q.text for q in quantities]
    return quantities[0]


def find(text: str, surface: str) -> Quantity:
    """The quantity whose text is ``surface``."""
    matches = [q for q in extract_quantities(text) if q.text == surface]
    assert matches, [q.text for q in extract_quantities(text)]
    return matches[0]


# ---------------------------------------------------------------- values


@pytest.mark.parametrize(
    ("text", "surface", "low", "high", "unit", "approximate"),
    [
        # digits
        ("50", "50", 50, 50, None, False),
        ("1,200", "1,200", 1200, 1200, None, False),
        ("3.5", "3.5", 3.5, 3.5, None, False),
        ("1.5m", "1.5m", 1.5e6, 1.5e6, None, False),
        ("2bn", "2bn", 2e9, 2e9, None, False),
        ("10k", "10k", 1e4, 1e4, None, False),
        ("$3.5 billion", "$3.5 billion", 3.5e9, 3.5e9, "USD", False),
        ("€20 million", "€20 million", 2e7, 2e7, "EUR", False),
        ("£5m", "£5m", 5e6, 5e6, "GBP", False),
        ("20 million euros", "20 million euros", 2e7, 2e7, "EUR", False),
        ("12%", "12%", 12, 12, "%", False),
        ("12 percent", "12 percent", 12, 12, "%", False),
        ("12 per cent", "12 per cent", 12, 12, "%", False),
        ("some 50", "some 50", 50, 50, None, True),
        # number words
        ("three", "three", 3, 3, None, False),
        ("twenty-five", "twenty-five", 25, 25, None, False),
        ("a dozen", "a dozen", 12, 12, None, False),
        ("two dozen", "two dozen", 24, 24, None, False),
        ("a hundred", "a hundred", 100, 100, None, False),
        ("two million", "two million", 2e6, 2e6, None, False),
        ("three hundred and five", "three hundred and five", 305, 305, None, False),
        ("half a million", "half a million", 5e5, 5e5, None, False),
        # fractions
        ("one-fifth of Ukraine", "one-fifth", 0.2, 0.2, None, False),
        ("a fifth of the country", "a fifth", 0.2, 0.2, None, False),
        ("half of the land", "half", 0.5, 0.5, None, False),
        ("a third of voters", "a third", 1 / 3, 1 / 3, None, False),
        ("two-thirds", "two-thirds", 2 / 3, 2 / 3, None, False),
        ("three quarters of them", "three quarters", 0.75, 0.75, None, False),
        # ranges
        ("between 1 and 2 million", "between 1 and 2 million", 1e6, 2e6, None, False),
        ("1-2 million", "1-2 million", 1e6, 2e6, None, False),
        ("1 to 2 million", "1 to 2 million", 1e6, 2e6, None, False),
        ("from 10 to 15", "from 10 to 15", 10, 15, None, False),
        ("between 500,000 and 2 million", "between 500,000 and 2 million", 5e5, 2e6, None, False),
        ("10-15%", "10-15%", 10, 15, "%", False),
        ("two or three", "two or three", 2, 3, None, True),
        # vague amounts (see numbers_lexicon.VAGUE_PLURALS for the chosen bounds)
        ("hundreds of thousands", "hundreds of thousands", 1e5, 999_999, None, True),
        ("tens of thousands", "tens of thousands", 1e4, 99_999, None, True),
        ("dozens", "dozens", 24, 99, None, True),
        ("hundreds", "hundreds", 200, 999, None, True),
        ("thousands", "thousands", 2_000, 99_999, None, True),
        ("millions", "millions", 2e6, 1e9 - 1, None, True),
        ("several hundred", "several hundred", 200, 900, None, True),
        # hedges
        ("about 50", "about 50", 50, 50, None, True),
        ("around 50", "around 50", 50, 50, None, True),
        ("roughly 50", "roughly 50", 50, 50, None, True),
        ("approximately 50", "approximately 50", 50, 50, None, True),
        ("nearly 50", "nearly 50", 50, 50, None, True),
        ("almost 50", "almost 50", 50, 50, None, True),
        ("an estimated 50", "an estimated 50", 50, 50, None, True),
        ("more than 50", "more than 50", 50, INF, None, True),
        ("over 50", "over 50", 50, INF, None, True),
        ("at least 50", "at least 50", 50, INF, None, True),
        ("50 or more", "50 or more", 50, INF, None, True),
        ("up to 50", "up to 50", 0, 50, None, True),
        ("fewer than 50", "fewer than 50", 0, 50, None, True),
        ("less than 50", "less than 50", 0, 50, None, True),
        ("under 50", "under 50", 0, 50, None, True),
        ("about $3.5 billion", "about $3.5 billion", 3.5e9, 3.5e9, "USD", True),
    ],
)
def test_value(text: str, surface: str, low: float, high: float, unit: str | None, approximate: bool) -> None:
    quantity = only(text)
    assert quantity.text == surface
    assert quantity.low == pytest.approx(low)
    assert quantity.high == pytest.approx(high)
    assert quantity.unit == unit
    assert quantity.approximate is approximate
    assert text[quantity.start : quantity.end] == surface


# ---------------------------------------------------------------- not quantities


@pytest.mark.parametrize(
    "text",
    [
        "Russia has not hosted a U.S. president since 2013.",
        "It happened in 2013.",
        "restoring Ukraine's pre-2014 borders",
        "the invasion began on February 24, 2022",
        "a call with Putin on February 12",
        "the conference runs Feb. 14-16",
        "sworn in on January 20",
        "on 24 February 2022",
        "the meeting starts at 3 p.m. on Friday",
        "the shooting happened about 3:10 a.m.",
        "it was the first time",
        "the 21st century",
        "in the 1990s",
        "see https://example.com/story/2025/02/12/123456",
        "write to desk@example.com",
        "call (847) -289-2646 or 695-4195",
        "No one wants peace more than Ukraine.",
        "one of the largest wars",
        "F-16 jets and COVID-19",
        "in the 300 block of North Street",
        "at 1200 Main Street",
        "the building at 2703 W. 33rd St. in Brooklyn",
        "call 1-800-THE-LOST",
        "Stay with FOX 17 News",
        "Article 5 of the treaty",
        "the ruling was 5-4",
        "2013-14 season",
        "as reported on 2/12/2025",
        "the plan, he said [9], failed",
        "one day, we will meet",
        "the first half of the year",
        "A fifth person was shot",
    ],
)
def test_not_a_quantity(text: str) -> None:
    assert extract_quantities(text) == ()


# ---------------------------------------------------------------- what is counted


@pytest.mark.parametrize(
    ("text", "surface", "family", "counted"),
    [
        (
            "Putin ordered the start of the war nearly three years ago, which has claimed the lives of "
            "hundreds of thousands of fighters on both sides.",
            "hundreds of thousands",
            "casualties",
            "fighters killed",
        ),
        (
            "estimates of military casualties on both sides taken together, including dead and wounded, "
            "total between 1 and 2 million.",
            "between 1 and 2 million",
            "casualties",
            "dead and wounded",
        ),
        (
            'they "want to stop the millions of deaths," in which military casualties, including dead and '
            "wounded, total between 1 and 2 million",
            "between 1 and 2 million",
            "casualties",
            "dead and wounded",
        ),
        ("The death toll rose to 12 on Sunday.", "12", "casualties", "deaths"),
        ("a death toll of 30", "30", "casualties", "deaths"),
        ("12 people were killed in the attack.", "12", "casualties", "people killed"),
        ("three were injured", "three", "casualties", "injured"),
        ("Elgin shooting leaves 5 injured", "5", "casualties", "injured"),
        ("2 dead, 3 wounded", "2", "casualties", "dead"),
        ("2 dead, 3 wounded", "3", "casualties", "wounded"),
        ("the gunman killed six people and wounded seven others", "six", "casualties", "people killed"),
        ("the gunman killed six people and wounded seven others", "seven", "casualties", "others wounded"),
        ("killing two and injuring four", "two", "casualties", "killed"),
        ("killing two and injuring four", "four", "casualties", "injured"),
        ("Two people, including a child, were killed.", "Two", "casualties", "people killed"),
        ("Two men were shot, one fatally.", "Two", "casualties", "men shot"),
        ("Two men were shot, one fatally.", "one", "casualties", "killed"),
        ("One man was shot and killed", "One", "casualties", "man killed"),
        ("three of them were injured", "three", "casualties", "injured"),
        ("to stop the millions of deaths", "millions", "casualties", "deaths"),
        ("at least 40 casualties", "at least 40", "casualties", "casualties"),
        ("1,200 people attended", "1,200", "people", "people"),
        ("about 10,000 troops", "about 10,000", "troops", "troops"),
        ("NATO's 32 member countries", "32", "countries", "member countries"),
        ("$3.5 billion in aid", "$3.5 billion", "money", None),
        ("12% of voters", "12%", "percent", None),
        ("about one-fifth of Ukraine", "about one-fifth", "fraction", None),
        ("nearly three years ago", "nearly three", "years", None),
        ("a 16-year-old boy", "16", "age", "age"),
        ("Diana Zapishnya, 12, and Danyil", "12", "age", "age"),
        ("a boy, 7, was hurt", "7", "age", "age"),
        ("the victim suffered 15 stab wounds", "15", None, None),
        ("he was shot three times", "three", "times", "times"),
        ("five kilometres away", "five", "distance", None),
        ("The talks lasted one day.", "one", "days", None),
        ("seven", "seven", None, None),
    ],
)
def test_counted(text: str, surface: str, family: str | None, counted: str | None) -> None:
    quantity = find(text, surface)
    assert (quantity.family, quantity.counted) == (family, counted)


def test_distance_keeps_its_unit() -> None:
    assert only("five kilometres away").unit == "km"


@pytest.mark.parametrize(
    ("text", "surface", "quoted"),
    [
        ('He said "we lost 50 men" on Monday.', "50", True),
        ("He said “we lost 50 men” on Monday.", "50", True),
        ("“We lost men,” he said, adding that 50 died.", "50", False),
        ("The army lost 50 men.", "50", False),
        ('"The quote never closes, 50 men\nNext paragraph has 60 men.', "60", False),
    ],
)
def test_quoted(text: str, surface: str, quoted: bool) -> None:
    assert find(text, surface).quoted is quoted


# ---------------------------------------------------------------- comparable and conflict


CONFLICTS = [
    # (sentence a, surface a, sentence b, surface b, conflict)
    (
        "military casualties, including dead and wounded, total between 1 and 2 million",
        "between 1 and 2 million",
        "the war has claimed the lives of hundreds of thousands of fighters",
        "hundreds of thousands",
        True,
    ),
    (
        "Russia occupies about one-fifth of Ukraine",
        "about one-fifth",
        "Russia holds about a fifth of the country",
        "about a fifth",
        False,
    ),
    ("about 50 people were killed", "about 50", "52 people were killed", "52", False),
    ("about 50 people were killed", "about 50", "80 people were killed", "80", True),
    ("12 people were killed", "12", "the death toll rose to 15", "15", True),
    ("12 people were killed", "12", "the death toll rose to 12", "12", False),
    ("more than 50 people were killed", "more than 50", "40 people were killed", "40", True),
    ("more than 50 people were killed", "more than 50", "50 people were killed", "50", False),
    ("up to 50 people were killed", "up to 50", "30 people died", "30", False),
    ("millions of deaths", "millions", "casualties total between 1 and 2 million", "between 1 and 2 million", False),
    ("$3.5 billion", "$3.5 billion", "$4 billion", "$4 billion", True),
    ("$3.5 billion", "$3.5 billion", "€4 billion", "€4 billion", False),  # other currency: not comparable
    ("12% of voters", "12%", "15% of voters", "15%", True),
    ("3 people were killed", "3", "5 people were injured", "5", False),  # killed vs injured: not comparable
    ("3 people were killed", "3", "3 people attended", "3", False),
    ("seven", "seven", "eight", "eight", False),  # nothing counted: not comparable
]


@pytest.mark.parametrize(("text_a", "surface_a", "text_b", "surface_b", "expected"), CONFLICTS)
def test_conflict(text_a: str, surface_a: str, text_b: str, surface_b: str, expected: bool) -> None:
    a, b = find(text_a, surface_a), find(text_b, surface_b)
    assert conflict(a, b) is expected
    assert conflict(b, a) is expected


@pytest.mark.parametrize(
    ("text_a", "surface_a", "text_b", "surface_b", "expected"),
    [
        ("about one-fifth of Ukraine", "about one-fifth", "a fifth of the country", "a fifth", True),
        ("12 people were killed", "12", "the death toll rose to 15", "15", True),
        ("3 people were killed", "3", "5 people were injured", "5", False),
        ("3 killed", "3", "casualties, dead and wounded, total 10", "10", True),
        ("5 people were shot", "5", "2 people were killed", "2", False),
        ("12%", "12%", "12 points", "12", False),
        ("seven", "seven", "seven", "seven", False),
    ],
)
def test_comparable(text_a: str, surface_a: str, text_b: str, surface_b: str, expected: bool) -> None:
    assert comparable(find(text_a, surface_a), find(text_b, surface_b)) is expected


# ---------------------------------------------------------------- wording


@pytest.mark.parametrize(
    ("text", "surface", "wording"),
    [
        (
            "casualties, including dead and wounded, total between 1 and 2 million",
            "between 1 and 2 million",
            "1–2 million (dead and wounded)",
        ),
        (
            "claimed the lives of hundreds of thousands of fighters",
            "hundreds of thousands",
            "hundreds of thousands (fighters killed)",
        ),
        ("about one-fifth of Ukraine", "about one-fifth", "about one-fifth"),
        ("some 20 percent", "some 20 percent", "about 20%"),
        ("$3.5 billion", "$3.5 billion", "$3.5 billion"),
        ("12%", "12%", "12%"),
        ("more than 1,200 people", "more than 1,200", "more than 1,200 (people)"),
        ("fewer than 10 troops", "fewer than 10", "fewer than 10 (troops)"),
        ("nearly three years", "nearly three", "nearly 3 years"),
        ("20 million rubles", "20 million rubles", "20 million RUB"),
        ("billions of dollars in aid", "billions of dollars", "billions of dollars"),
        ("The talks lasted one day.", "one", "1 day"),
    ],
)
def test_describe(text: str, surface: str, wording: str) -> None:
    assert describe(find(text, surface)) == wording


# ---------------------------------------------------------------- properties

_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def spell(number: int, british: bool) -> str:
    """English words for 0 <= number < 1,000,000, written independently of the module under test."""
    if number < 20:
        return _UNITS[number]
    if number < 100:
        tens, rest = divmod(number, 10)
        return _TENS[tens] + (f"-{_UNITS[rest]}" if rest else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        joiner = " and " if british else " "
        return f"{_UNITS[hundreds]} hundred" + (joiner + spell(rest, british) if rest else "")
    thousands, rest = divmod(number, 1000)
    if not rest:
        tail = ""
    elif rest < 100 and british:
        tail = " and " + spell(rest, british)
    else:
        tail = " " + spell(rest, british)
    return f"{spell(thousands, british)} thousand{tail}"


@given(st.integers(min_value=0, max_value=10**12))
def test_thousands_separators_parse_back(number: int) -> None:
    quantity = only(f"{number:,}")
    assert (quantity.low, quantity.high) == (number, number)


@given(st.integers(min_value=0, max_value=999_999), st.booleans())
def test_number_words_equal_digits(number: int, british: bool) -> None:
    words = spell(number, british)
    quantity = only(f"{words} people")
    assert quantity.text == words
    assert (quantity.low, quantity.high) == (number, number)
    assert quantity.family == "people"


_PIECES = st.sampled_from(
    "about some more than between and to - – 1 2 50 1,200 3.5 2bn $ € % percent million thousands of hundreds "
    'one two twenty-five a fifth half of the people were killed injured dead wounded casualties “ ” " , . '
    "2013 February 12 3 p.m. no one day year-old block St 21st".split()
    + [" ", "\n"]
)


@given(st.one_of(st.text(), st.lists(_PIECES, max_size=30).map(" ".join), st.lists(_PIECES, max_size=30).map("".join)))
def test_extraction_never_raises_and_offsets_hold(text: str) -> None:
    previous_end = 0
    for quantity in extract_quantities(text):
        assert text[quantity.start : quantity.end] == quantity.text
        assert quantity.low <= quantity.high
        assert quantity.start >= previous_end  # ordered, non-overlapping
        previous_end = quantity.end
        assert not conflict(quantity, quantity)
        assert isinstance(describe(quantity), str)


@given(st.lists(_PIECES, max_size=25).map(" ".join), st.lists(_PIECES, max_size=25).map(" ".join))
def test_conflict_and_comparable_are_symmetric(text_a: str, text_b: str) -> None:
    for a in extract_quantities(text_a):
        for b in extract_quantities(text_b):
            assert comparable(a, b) == comparable(b, a)
            assert conflict(a, b) == conflict(b, a)
            assert not conflict(a, b) or comparable(a, b)
