"""Numbers in a sentence: what amount is claimed, of what, and whether two claims can both be true.

``extract_quantities`` reads number expressions (digits, number words, fractions, ranges, vague amounts
such as "hundreds of thousands", hedges such as "about" or "more than") and turns each into an interval
with the kind of thing it counts. Dates, times, years, ordinals, phone numbers, addresses and identifiers
are left out: dates are another module's job, and the rest are labels, not amounts.

Design choices, in short:

- Every amount is a closed interval [low, high]. Exact values have low == high; "more than 50" is
  [50, inf] and "fewer than 50" is [0, 50], so a boundary value never conflicts (conservative: the
  checker should flag only what cannot both be true).
- Hedged single values ("about 50", "nearly 50") keep low == high and are marked approximate;
  :func:`conflict` widens them by a rounding tolerance. Vague amounts ("hundreds of thousands") are
  approximate too, but their interval already is their whole span and is never widened.
- The counted thing is found from a small general lexicon: the noun after the number ("12 people"),
  the casualty word after it ("were killed") or a casualty verb or noun before it ("killing two",
  "the death toll rose to 12", "casualties ... total 1 to 2 million").
- Killed and injured counts share the family "casualties" (so a combined "dead and wounded" total is
  compared with a death count), but a count of the killed is never compared with a count of the injured.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from checker.facts import numbers_lexicon as lex

__all__ = ["Quantity", "comparable", "conflict", "describe", "extract_quantities"]


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number expression in a sentence, as an interval, with what it counts.

    low: lower bound of the amount (0 for "fewer than 50").
    high: upper bound; equal to ``low`` for exact and hedged single values, ``math.inf`` for "more than".
    start, end: character offsets of the expression in the text given to :func:`extract_quantities`.
    text: the expression as written, ``text[start:end]``, hedge and unit included ("about one-fifth",
        "between 1 and 2 million", "$3.5 billion").
    family: coarse kind of thing counted, for comparability ("casualties", "people", "troops", "money",
        "percent", "fraction", "countries", "years", "days", "age", ...), or None when unknown.
    counted: what exactly is counted, in an editor's words ("dead and wounded", "fighters killed",
        "deaths", "member countries"), or None.
    unit: "USD", "EUR", "GBP", ... for money, "%" or "pp" for percentages, "km", "mi", ... for
        distances, None otherwise.
    quoted: the expression sits inside double quotation marks (a speaker's words, not the outlet's).
    approximate: hedged ("about", "nearly", "more than", "up to") or vague ("dozens", "hundreds of thousands").
    """

    low: float
    high: float
    start: int
    end: int
    text: str
    family: str | None
    counted: str | None
    unit: str | None
    quoted: bool
    approximate: bool


@dataclass(frozen=True, slots=True)
class _Atom:
    """One number before hedges, units and ranges are attached.

    kind: "digits", "words", "fraction" or "vague". raw: the value before ``scale`` ("2" of "2 million").
    year: four plain digits that read as a year. label: an ordinal or decade ("21st", "1990s").
    """

    start: int
    end: int
    low: float
    high: float
    kind: str
    raw: float = 0.0
    scale: float = 1.0
    year: bool = False
    label: bool = False


def _alternation(words: object) -> str:
    """A regex alternation of the words, longest first so that "just over" wins over "over"."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))  # type: ignore[arg-type]


_MONTH = rf"(?:{_alternation(lex.MONTHS)})\.?"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_DIGIT_ATOM = re.compile(
    rf"(?<![\w.,/@#&:])(?P<digits>{_DIGITS})(?P<suffix>(?:{_alternation(lex.SCALE_SUFFIXES)}|st|nd|rd|th|s)(?!\w))?(?!\w)",
    re.IGNORECASE,
)
_SCALE_AFTER = re.compile(rf"\s+(?:({_alternation(lex.SCALES)}|hundred|dozen)|(bn|mn|mln))\b", re.IGNORECASE)
_NUMBER_WORD = _alternation([*lex.UNITS, *lex.TENS, *lex.SCALES, "hundred", "dozen"])
_WORD_RUN = re.compile(rf"\b(?:an?\s+)?(?:{_NUMBER_WORD})(?:(?:\s+and\s+|\s+|-)(?:{_NUMBER_WORD}))*\b", re.IGNORECASE)
_NUMERATORS = _alternation([word for word, value in lex.UNITS.items() if 1 <= value <= 10])
_FRACTION = re.compile(
    rf"\b(?:(?P<num>{_NUMERATORS}|an?)(?P<sep>\s+|-))?(?P<den>{_alternation(lex.DENOMINATORS)})\b", re.IGNORECASE
)
_VAGUE = re.compile(
    r"\b(?:(?P<mult>tens|dozens|hundreds)\s+of\s+(?P<of>thousands|millions|billions)"
    rf"|(?P<few>{_alternation(lex.FEW_WORDS)})\s+(?P<unit>dozen|hundred|thousand|million|billion)"
    r"|(?P<plural>dozens|hundreds|thousands|millions|billions))\b",
    re.IGNORECASE,
)
# Spans that hold digits but no amount: dates, times, phone numbers, web addresses.
_NOT_AMOUNTS = [
    re.compile(
        rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+\d{{4}})?(?!\d)"
    ),
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}})?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?"),
    re.compile(rf"\b{_MONTH},?\s+\d{{4}}\b"),
    re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{1,2}/\d{1,2}\b"),
    re.compile(r"\b\d{1,2}(?::\d{2}){1,2}(?:\s*[ap]\.?\s?m\b\.?)?|\b\d{1,2}\s*(?:[ap]\.m\.|[ap]m\b|o['’]clock)", re.I),
    re.compile(r"(?:\(\d{3}\)\s*-?\s*|\b(?:1-)?\d{3}[-.\s])\d{3}[-.]\d{4}\b|\b\d{3}[-.]\d{4}\b|\b1-8\d\d-[\w-]+"),
    re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\S+|[@#]\w+|\b[\w.-]+\.(?:com|org|net|gov|edu|io)\b\S*", re.I),
]
_HEDGE_BEFORE = re.compile(rf"(?<![\w.])({_alternation(lex.HEDGES)})\s+$", re.IGNORECASE)
_HEDGE_AFTER = re.compile(
    rf"(?:\s+({_alternation(k for k in lex.TRAILING_HEDGES if k != 'plus')})\b|-?\s?(plus)\b|(\+))", re.I
)
_CURRENCY_BEFORE = re.compile(rf"(?:({_alternation(lex.CURRENCY_SYMBOLS)})|\b({'|'.join(lex.CURRENCY_CODES)})\s?)$")
_UNIT_AFTER = re.compile(
    rf"(?:\s?(%)|\s+({_alternation(k for k in lex.PERCENT_WORDS if k not in ('%', 'points'))})\b"
    rf"|\s+(?:of\s+)?({_alternation(lex.CURRENCY_WORDS)})\b|\s?({'|'.join(lex.CURRENCY_CODES)})\b)",
    re.IGNORECASE,
)
_RANGE_JOIN = re.compile(r"\s*(?:(-|–|—)|\s(to|and|or)\s)\s*(?:US\$|\$|€|£)?$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?;](?=\s|$)|\n")
# Words, numbers and punctuation; a number or a mark stops the search for the counted noun.
_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*|\d[\d,.]*|[,;:.!?()\[\]/]")
_TIME_AFTER = re.compile(rf"[\s-]+(?:an?\s+)?({_alternation(lex.TIME_UNITS)})\b(?!-old|\s+old)", re.IGNORECASE)
_DISTANCE_AFTER = re.compile(rf"[\s-]?({_alternation(lex.DISTANCE_UNITS)})\b", re.IGNORECASE)
_AGE_AFTER = re.compile(r"(?:[\s-]+(?:years?|months?)[\s-]+old\b|-year-olds?\b|-month-olds?\b)", re.IGNORECASE)
_AGE_BEFORE = re.compile(r"\b(?:aged|age|ages)\s+$", re.IGNORECASE)
# "Serhii Zapishnyi, 40," and "a boy, 7,": a number between commas after a name or a person is an age.
_NAME_COMMA = re.compile(
    rf"(?:\b[A-Z][a-z]+|\b(?:{_alternation(w for w, f in lex.COUNTED_NOUNS.items() if f == 'people')})),\s$"
)
_CASUALTY_VERB_BEFORE = re.compile(
    rf"\b({_alternation(lex.CASUALTY_VERBS)})\s+(?:(?:another|an?\s+additional|a\s+further|a\s+total\s+of)\s+)?$",
    re.IGNORECASE,
)
_LINK_BEFORE = re.compile(
    r"\b(?:totals?|totall?ed|totall?ing|reached|reaches|(?:rose|risen|rises|climbed|jumped|increased|grew|"
    r"risen|went\s+up)\s+to|stands?\s+at|stood\s+at|put\s+at|estimated\s+at|numbered|number|are|were|"
    r"toll\s+of|total\s+of|tally\s+of)\s+$",
    re.IGNORECASE,
)
_SCORE_JOINS = {"-", "–", "—"}
_COUNTED_NEXT = re.compile(
    rf"\s+(?:{_alternation([*lex.COUNTED_NOUNS, *lex.DEATH_WORDS, *lex.INJURY_WORDS, *lex.GENERIC_CASUALTY_WORDS])})\b",
    re.IGNORECASE,
)
# Auxiliaries that may stand between a bare number and its casualty word ("three were injured").
_LINKING_AUXILIARIES = frozenset("were was are is have has had been being also all reportedly both later".split())


@lru_cache(maxsize=65536)  # the same sentence is compared with many others
def extract_quantities(text: str) -> tuple[Quantity, ...]:
    """Every amount stated in ``text``, in reading order, with offsets into ``text``.

    Years, dates, times, ordinals, phone numbers, addresses, identifiers and "one" used as a pronoun
    are not returned. Never raises on arbitrary text.
    """
    blocked = [match.span() for pattern in _NOT_AMOUNTS for match in pattern.finditer(text)]
    quotes = _quote_spans(text)
    quantities = []
    for atoms, joiner in _expressions(text, _atoms(text, blocked)):
        quantity = _build(text, atoms, joiner, quotes)
        if quantity is not None:
            quantities.append(quantity)
    return tuple(quantities)


def comparable(a: Quantity, b: Quantity) -> bool:
    """Whether two quantities count the same kind of thing in the same unit.

    Casualty counts compare a death count with a death count, an injury count with an injury count, and
    either with a combined or unspecified casualty count, never a death count with an injury count.
    """
    if a.family is None or a.family != b.family or a.unit != b.unit:
        return False
    if a.family == "casualties":
        aspects = {_casualty_aspect(a), _casualty_aspect(b)}
        return len(aspects) == 1 or bool(aspects & {"both", "any"})
    return True


def conflict(a: Quantity, b: Quantity) -> bool:
    """Whether two comparable quantities cannot both be true.

    Hedged single values get a rounding tolerance of 10% ("about 50" covers 45..55), so "about 50"
    and "52" agree while "about 50" and "80" conflict. Intervals that touch do not conflict.
    """
    if not comparable(a, b):
        return False
    a_low, a_high = _tolerant(a)
    b_low, b_high = _tolerant(b)
    return a_high < b_low or b_high < a_low


def describe(q: Quantity) -> str:
    """The amount in an editor's words: "1–2 million (dead and wounded)", "about one-fifth", "$3.5 billion"."""
    hedge = _hedge_word(q)
    vague = _VAGUE.search(q.text)
    if vague:
        amount = " ".join(vague.group().lower().split())
    elif q.family == "fraction":
        amount = _format_fraction(q.low if math.isfinite(q.low) and q.low > 0 else q.high)
    elif q.low == q.high or q.low == 0 and hedge or math.isinf(q.high):
        amount = _format_number(q.high if q.low == 0 and hedge else q.low)
    else:
        amount = _format_range(q.low, q.high)
    if vague and q.unit in _CURRENCY_NAMES:
        amount += f" of {_CURRENCY_NAMES[q.unit]}"  # "billions of dollars", not "$billions"
    elif q.unit in ("%", "pp"):
        amount += "%" if q.unit == "%" else " percentage points"
    elif q.unit in _SYMBOL_FOR:
        amount = _SYMBOL_FOR[q.unit] + amount
    elif q.unit:
        amount += f" {q.unit}"
    if hedge:
        amount = f"{hedge} {amount}"
    if q.family in _UNIT_FAMILIES:
        return f"{amount} {q.family[:-1] if q.low == q.high == 1 else q.family}"
    if q.counted and q.family not in ("money", "percent", "fraction"):
        return f"{amount} ({q.counted})"
    return amount


# ---------------------------------------------------------------- atoms


def _atoms(text: str, blocked: list[tuple[int, int]]) -> list[_Atom]:
    """Single numbers in ``text``, non-overlapping, in order; the longest reading wins an overlap."""
    candidates = [*_digit_atoms(text), *_word_atoms(text), *_fraction_atoms(text), *_vague_atoms(text)]
    candidates.sort(key=lambda atom: (atom.start, -atom.end))
    atoms: list[_Atom] = []
    for atom in candidates:
        if atoms and atom.start < atoms[-1].end:
            continue
        if any(start < atom.end and atom.start < end for start, end in blocked):
            continue
        atoms.append(atom)
    return _join_fraction_of_scale(text, atoms)


def _digit_atoms(text: str) -> list[_Atom]:
    atoms = []
    for match in _DIGIT_ATOM.finditer(text):
        digits, suffix = match.group("digits"), (match.group("suffix") or "").lower()
        raw = float(digits.replace(",", ""))
        end, scale = match.end(), lex.SCALE_SUFFIXES.get(suffix, 1.0)
        label = suffix in ("st", "nd", "rd", "th", "s")
        if not suffix:
            after = _SCALE_AFTER.match(text, end)
            if after:
                word = (after.group(1) or after.group(2)).lower()
                scale = lex.SCALES.get(word) or lex.SCALE_SUFFIXES.get(word) or (100.0 if word == "hundred" else 12.0)
                end = after.end()
        year = scale == 1.0 and not label and re.fullmatch(r"1[89]\d\d|20\d\d", digits) is not None
        atoms.append(_Atom(match.start(), end, raw * scale, raw * scale, "digits", raw, scale, year, label))
    return atoms


def _word_atoms(text: str) -> list[_Atom]:
    atoms = []
    for match in _WORD_RUN.finditer(text):
        parsed = _parse_number_words(match.group())
        if parsed is None or match.group().split()[0].lower() in (*lex.SCALES, "hundred"):
            # a bare "million" belongs to a digit before it ("3.5 million") or is no count at all
            continue
        value, skip, length = parsed
        start = match.start() + skip
        end = match.start() + length
        scale = 1.0
        for word, size in (*lex.SCALES.items(), ("hundred", 100.0)):
            if re.search(rf"\b{word}$", text[start:end], re.IGNORECASE):
                scale = size
                break
        atoms.append(_Atom(start, end, value, value, "words", value / scale, scale))
    return atoms


def _parse_number_words(phrase: str) -> tuple[float, int, int] | None:
    """Value of a run of number words, with the offsets of the part that parses.

    Returns (value, start, end) relative to ``phrase``: the run is cut where the grammar of English
    numerals breaks ("two three", "five and six"), and a leading "a" is kept only before a scale word.
    """
    tokens = [(m.group().lower(), m.start(), m.end()) for m in re.finditer(r"[A-Za-z]+", phrase)]
    skip = 0
    if tokens[0][0] in ("a", "an"):
        if len(tokens) > 1 and tokens[1][0] in (*lex.SCALES, "hundred", "dozen"):
            tokens[0] = ("one", tokens[0][1], tokens[0][2])
        else:
            tokens, skip = tokens[1:], tokens[1][1]
    total, current, last, end = 0.0, 0.0, "", skip
    last_scale = math.inf
    for index, (word, _, word_end) in enumerate(tokens):
        if word == "and":
            following = tokens[index + 1][0] if index + 1 < len(tokens) else ""
            if last in ("hundred", "scale") and (following in lex.UNITS or following in lex.TENS):
                continue
            break
        if word in lex.UNITS:
            if last in ("unit", "ten") and not (last == "ten" and lex.UNITS[word] < 10):
                break
            current += lex.UNITS[word]
            kind = "unit"
        elif word in lex.TENS:
            if last in ("unit", "ten"):
                break
            current += lex.TENS[word]
            kind = "ten"
        elif word == "hundred":
            if last in ("hundred",) or current >= 100:
                break
            current = (current or 1) * 100
            kind = "hundred"
        elif word == "dozen":
            current = (current or 1) * 12
            kind = "hundred"
        else:
            size = lex.SCALES[word]
            if size >= last_scale:
                break
            total += (current or 1) * size
            current, last_scale = 0.0, size
            kind = "scale"
        last, end = kind, word_end
    if end == skip:
        return None
    return total + current, skip, end


def _fraction_atoms(text: str) -> list[_Atom]:
    atoms = []
    for match in _FRACTION.finditer(text):
        numerator_word, denominator_word = (match.group("num") or "").lower(), match.group("den").lower()
        hyphenated = match.group("sep") == "-"
        plural = denominator_word.endswith("s") and denominator_word != "halves"
        after, before = text[match.end() : match.end() + 12], text[max(0, match.start() - 20) : match.start()]
        followed_by_of = re.match(r"\s+of\b", after, re.IGNORECASE) is not None
        hedged = _HEDGE_BEFORE.search(before) is not None
        if not numerator_word:
            if denominator_word != "half" or re.search(
                r"\b(?:first|second|other|latter|last|the|a|an|and)\s+$", before, re.I
            ):
                continue
            if not (followed_by_of or hedged or re.match(r"\s+(?:the|a|an|its|their|his|her|our|all)\b", after, re.I)):
                continue
        elif not (hyphenated or plural or followed_by_of):
            continue
        if numerator_word in ("a", "an") and re.search(r"\band\s+$", before, re.IGNORECASE):
            continue  # "one and a half": not read (rare in news, and "1.5" is how it is usually written)
        numerator = lex.UNITS.get(numerator_word, 1)
        value = numerator / lex.DENOMINATORS[denominator_word]
        atoms.append(_Atom(match.start(), match.end(), value, value, "fraction", value))
    return atoms


def _vague_atoms(text: str) -> list[_Atom]:
    atoms = []
    for match in _VAGUE.finditer(text):
        if match.group("mult"):
            factor = lex.VAGUE_MULTIPLIERS[match.group("mult").lower()]
            unit = lex.VAGUE_PLURALS[match.group("of").lower()][0] / 2
            low, high = factor * unit, factor * unit * 10 - 1
        elif match.group("few"):
            unit = lex.SCALES.get(match.group("unit").lower()) or (
                100.0 if match.group("unit").lower() == "hundred" else 12.0
            )
            low, high = 2 * unit, 9 * unit
        else:
            low, high = lex.VAGUE_PLURALS[match.group("plural").lower()]
        atoms.append(_Atom(match.start(), match.end(), low, high, "vague", low))
    return atoms


def _join_fraction_of_scale(text: str, atoms: list[_Atom]) -> list[_Atom]:
    """Read "half a million" as 500,000 rather than a fraction followed by a number."""
    joined: list[_Atom] = []
    for atom in atoms:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.kind == "fraction"
            and atom.kind == "words"
            and atom.scale > 1
            and re.fullmatch(r"\s+", text[previous.end : atom.start])
            and re.match(r"an?\s", text[atom.start : atom.end], re.IGNORECASE)
        ):
            value = previous.low * atom.low
            joined[-1] = _Atom(previous.start, atom.end, value, value, "words", previous.low, atom.scale)
            continue
        joined.append(atom)
    return joined


# ---------------------------------------------------------------- expressions


def _expressions(text: str, atoms: list[_Atom]) -> list[tuple[tuple[_Atom, ...], str]]:
    """Group atoms into expressions: single numbers, or two numbers joined as a range ("1 to 2 million").

    Returns (atoms, joiner) pairs; the joiner is "" for a single number. Hyphenated pairs whose first
    number is the larger ("won 3-1", "2013-14") are scores or spans of years and are dropped.
    """
    expressions: list[tuple[tuple[_Atom, ...], str]] = []
    index = 0
    while index < len(atoms):
        first = atoms[index]
        second = atoms[index + 1] if index + 1 < len(atoms) else None
        join = _RANGE_JOIN.match(text[first.end : second.start]) if second else None
        if second is not None and join and first.kind in ("digits", "words") and second.kind in ("digits", "words"):
            joiner = (join.group(1) or join.group(2)).lower()
            low = first.raw * second.scale if first.scale == 1 < second.scale and first.raw <= second.raw else first.low
            between = re.search(r"\bbetween\s+(?:US\$|\$|€|£)?$", text[max(0, first.start - 12) : first.start], re.I)
            if joiner in _SCORE_JOINS and low > second.low:
                index += 2
                continue
            if low <= second.low and (joiner != "and" or between) and not (first.year and second.year):
                expressions.append(((first, second), joiner))
                index += 2
                continue
        expressions.append(((first,), ""))
        index += 1
    return expressions


def _build(text: str, atoms: tuple[_Atom, ...], joiner: str, quotes: list[tuple[int, int]]) -> Quantity | None:
    """Attach units, hedges and the counted thing to an expression; None when it is no amount."""
    first, last = atoms[0], atoms[-1]
    if any(atom.label for atom in atoms):
        return None
    start, end = first.start, last.end
    low = (
        first.raw * last.scale
        if len(atoms) == 2 and first.scale == 1 < last.scale and first.raw <= last.raw
        else first.low
    )
    high = last.high
    approximate = first.kind == "vague" or joiner == "or"
    unit = None
    currency = _CURRENCY_BEFORE.search(text, max(0, start - 4), start)
    if currency:
        unit = lex.CURRENCY_SYMBOLS.get(currency.group(1) or "") or currency.group(2)
        start = currency.start()
    if len(atoms) == 2:
        opener = re.search(r"\b(between|from)\s+$", text[max(0, start - 10) : start], re.IGNORECASE)
        if opener and (opener.group(1).lower() == "between") == (joiner == "and"):
            start -= len(opener.group())
    after = _UNIT_AFTER.match(text, end)
    if after and unit is None:
        percent, percent_word, currency_word, code = after.groups()
        if percent or percent_word:
            unit = lex.PERCENT_WORDS[(percent or percent_word).lower()]
        else:
            unit = lex.CURRENCY_WORDS.get((currency_word or "").lower()) or code
        end = after.end()
    hedge = _HEDGE_BEFORE.search(text, max(0, start - 20), start)
    bound = None
    if hedge:
        bound = lex.HEDGES[hedge.group(1).lower()]
        start = hedge.start()
    trailing = _HEDGE_AFTER.match(text, end)
    if trailing:
        bound = lex.TRAILING_HEDGES[(trailing.group(1) or "plus").lower()]
        end = trailing.end()
    if bound:
        approximate = True
        low, high = (low, math.inf) if bound == "lower" else (0.0, high) if bound == "upper" else (low, high)
    if _is_label(text, first, last, start, end, unit):
        return None
    family, counted = _classify(text, start, end, first, unit)
    if unit in lex.DISTANCE_UNITS.values() or family == "distance":
        family, unit, counted = "distance", counted, None
    if unit is None and (family is None or first.year) and _is_unanchored(text, first, start, end, atoms):
        return None
    quoted = any(open_at < start and end <= close_at for open_at, close_at in quotes)
    return Quantity(low, high, start, end, text[start:end], family, counted, unit, quoted, approximate)


def _is_label(text: str, first: _Atom, last: _Atom, start: int, end: int, unit: str | None) -> bool:
    """Numbers that name rather than count: identifiers, addresses, "one" as a pronoun."""
    before, after = text[max(0, start - 30) : start], text[end : end + 60]
    if first.kind == "digits" and unit is None:
        if before.endswith("[") and after.startswith("]"):
            return True  # a reference mark, "[9]"
        if re.search(r"[A-Za-z]-$", before):
            return True  # "F-16", "COVID-19", "pre-2014"
        previous = re.search(r"([A-Za-z.]+)\s$", before)
        if previous and previous.group(1).lower() in lex.IDENTIFIER_WORDS:
            return True
        if re.match(r"\s+(?:block|blk)\b", after, re.IGNORECASE):
            return True  # "the 300 block of North Street" is an address
        streets = "|".join(lex.STREET_WORDS)
        if re.match(rf"(?:\s+[NSEW]\.?)?(?:\s+(?:[A-Z][a-z]+|\d+(?:st|nd|rd|th))){{0,3}}\s+(?:{streets})\b", after):
            return True  # "1200 Main Street", "NW 70 St"
    if first.kind == "words" and text[first.start : last.end].lower() == "one":
        if re.search(r"\b(?:no|any|every|each|the|this|that|which|day|someone|anyone|everyone)\s+$", before, re.I):
            return True
        if re.match(r"\s*(?:'s|’s|\s(?:of|another|by|after|or\s+another|thing|way|or\s+the\s+other)\b)", after, re.I):
            return True
        if re.match(
            r"\s+day\b\s*(?:,|\b(?:we|he|she|they|i|you|it|this|that|there|soon|maybe|perhaps)\b)", after, re.I
        ):
            return True  # "one day, we will": an indefinite time, not a duration
    return False


def _is_unanchored(text: str, first: _Atom, start: int, end: int, atoms: tuple[_Atom, ...]) -> bool:
    """Bare numbers with no counted thing that are most likely not amounts: years, "one", "Fox 5"."""
    if first.year and not _COUNTED_NEXT.match(text, end):
        return True  # "in 2013", "2001 Isla Vista killings": a year unless a counted word follows at once
    if len(atoms) == 1 and first.kind == "words" and first.low == 1 and first.high == 1:
        return True  # a lone "one" is usually a pronoun ("one said")
    before = text[max(0, start - 30) : start]
    previous = re.search(r"(?<![.!?]\s)(?<!^)\b([A-Z][A-Za-z]+)\s$", before)
    return bool(first.kind == "digits" and previous and previous.group(1).lower() not in lex.PLAIN_BEFORE)


# ---------------------------------------------------------------- what is counted


def _classify(text: str, start: int, end: int, first: _Atom, unit: str | None) -> tuple[str | None, str | None]:
    """The family and counted words of the amount at text[start:end], from its neighbouring words."""
    if unit in lex.CURRENCY_SYMBOLS.values() or unit in lex.CURRENCY_CODES:
        return "money", None
    if unit in ("%", "pp"):
        return "percent", None
    sentence_start, sentence_end = _sentence_bounds(text, start, end)
    before, after = text[sentence_start:start], text[end:sentence_end]
    if _AGE_AFTER.match(after) or _AGE_BEFORE.search(before) or (_NAME_COMMA.search(before) and after[:1] == ","):
        return "age", "age"
    time_unit = _TIME_AFTER.match(after)
    if time_unit:
        return lex.TIME_UNITS[time_unit.group(1).lower()], None
    distance = _DISTANCE_AFTER.match(after)
    if distance:
        return "distance", lex.DISTANCE_UNITS[distance.group(1).lower()]
    head, head_family, casualty = _read_after(after)
    if first.kind == "fraction":
        return "fraction", head
    if casualty is None and head_family in (None, "people", "troops"):
        casualty = _read_before(before)
    if casualty is not None:
        aspect_words = casualty
        if head and head_family in ("people", "troops"):
            return "casualties", f"{head} {_participles(aspect_words)}"
        return "casualties", _casualty_words(aspect_words)
    return head_family, head


def _read_after(after: str) -> tuple[str | None, str | None, list[str] | None]:
    """(head noun, its family, casualty words) from the words after a number.

    Reads "of the"/"of them", up to three modifiers, a counted noun ("people", "fighters"), then
    auxiliaries and a parenthetical ("people, including two children, were killed") up to a casualty word.
    """
    words = [match.group().lower() for match in _WORD.finditer(after[:160])]
    index, head, family = 0, None, None
    if words[:1] == ["of"]:
        index = 1
        if index < len(words) and words[index] in ("the", "these", "those", "them", "whom", "us", "its", "their"):
            index += 1
    for _ in range(4):
        casualty, used = _casualty_at(words, index)
        if casualty:
            return head, family, casualty
        if index < len(words) and words[index] in _LINKING_AUXILIARIES:
            index += 1  # "three were injured"
            continue
        noun, used = _lookup(words, index, lex.COUNTED_NOUNS)
        if noun:
            head, family, index = noun, lex.COUNTED_NOUNS[noun], index + used
            break
        if index >= len(words) or words[index] in lex.STOPS or not words[index].isalpha():
            return None, None, None
        if words[index].endswith("ed"):
            return None, None, None  # a verb ("8 sustained gunshot wounds"), not a modifier of a noun
        index += 1
    if head is None:
        return None, None, None
    if index < len(words) and words[index] == ",":
        closing = [i for i in range(index + 1, min(len(words), index + 10)) if words[i] == ","]
        if closing and re.fullmatch(r"including|among|mostly|many|most|all|some", words[index + 1]):
            index = closing[0] + 1
    for _ in range(5):
        casualty, used = _casualty_at(words, index)
        if casualty:
            return head, family, casualty
        if index >= len(words) or words[index] not in lex.AUXILIARIES:
            break
        index += 1
    return head, family, None


def _casualty_at(words: list[str], index: int) -> tuple[list[str] | None, int]:
    """Casualty words starting at words[index] ("killed", "dead and wounded", "shot dead"), or None."""
    tables = (lex.DEATH_WORDS, lex.INJURY_WORDS, lex.SHOT_WORDS, lex.GENERIC_CASUALTY_WORDS)
    found: list[str] = []
    used = 0
    while True:
        for table in tables:
            word, length = _lookup(words, index + used, table)
            if word:
                found.append(word)
                used += length
                break
        else:
            break
        following = words[index + used : index + used + 2]
        if found[-1] in lex.SHOT_WORDS and (
            following[:1] == ["dead"] or following in (["and", "killed"], ["to", "death"])
        ):
            found[-1] = "killed"
            used += 1 if following[:1] == ["dead"] else 2
            break
        if following[:1] in (["and"], ["or"]) and len(found) == 1:
            used += 1  # "dead and wounded", "killed or injured"
            continue
        break
    if words[index + used : index + used + 1] in (["wound"], ["wounds"]):
        return None, 0  # "gunshot wounds", "stab wounds" count wounds, not people
    return (found or None), used


def _read_before(before: str) -> list[str] | None:
    """Casualty words governing a number from before it: "killing two", "the death toll rose to 12"."""
    verb = _CASUALTY_VERB_BEFORE.search(before)
    if verb:
        phrase = " ".join(verb.group(1).lower().split())
        aspect = lex.CASUALTY_VERBS[phrase]
        if aspect == "injury":
            return ["wounded" if phrase.startswith("wound") else "injured"]
        return ["killed" if aspect == "death" else "shot"]
    if not _LINK_BEFORE.search(before):
        return None
    window = before[-160:].lower()
    if re.search(r"\d", window[-40:]):
        return None  # another number sits closer: the casualty word belongs to it
    words = [match.group() for match in _WORD.finditer(window)]
    found = []
    # Nearest first: in "the millions of deaths ... including dead and wounded, total 1 to 2 million"
    # the words next to the number say what it counts.
    for index in reversed(range(len(words))):
        for table in (lex.DEATH_WORDS, lex.INJURY_WORDS, lex.GENERIC_CASUALTY_WORDS):
            word, _ = _lookup(words, index, table)
            if word and word not in found and word not in ("fatally", "lives", "die", "dies"):
                found.append(word)
    return found or None


def _lookup(words: list[str], index: int, table: dict[str, str]) -> tuple[str | None, int]:
    """The table entry of one or two words starting at words[index], with its length in words."""
    if index + 1 < len(words) and f"{words[index]} {words[index + 1]}" in table:
        return f"{words[index]} {words[index + 1]}", 2
    if index < len(words) and words[index] in table:
        return words[index], 1
    return None, 0


def _aspect_of(word: str) -> str:
    if word in lex.DEATH_WORDS:
        return "death"
    if word in lex.INJURY_WORDS:
        return "injury"
    return "shot" if word in lex.SHOT_WORDS else "any"


def _casualty_words(words: list[str]) -> str:
    """Counted words for casualty words without a head noun: "dead and wounded", "deaths", "injured"."""
    forms: list[str] = []
    for aspect in ("death", "injury", "shot"):
        form = next((_form_of(word) for word in words if _aspect_of(word) == aspect), None)
        if form:
            forms.append(form)
    return " and ".join(forms) if forms else "casualties"


def _participles(words: list[str]) -> str:
    """Participles after a head noun: "killed", "killed and injured", "wounded", "shot"."""
    aspects = dict.fromkeys(_aspect_of(word) for word in words)
    forms = []
    for aspect in aspects:
        if aspect == "any":
            continue
        surface = next(_form_of(word) for word in words if _aspect_of(word) == aspect)
        forms.append(
            surface if surface in ("wounded", "dead") else {"death": "killed", "injury": "injured"}.get(aspect, "shot")
        )
    return " and ".join(forms) if forms else "casualties"


def _form_of(word: str) -> str:
    for table in (lex.DEATH_WORDS, lex.INJURY_WORDS, lex.SHOT_WORDS, lex.GENERIC_CASUALTY_WORDS):
        if word in table:
            return table[word]
    return word


def _casualty_aspect(q: Quantity) -> str:
    """ "death", "injury", "shot", "both" (dead and wounded) or "any" (casualties), from the counted words."""
    words = set((q.counted or "").split())
    death = bool(words & {"killed", "dead", "deaths", "fatalities"})
    injury = bool(words & {"injured", "wounded", "injuries"})
    if death and injury:
        return "both"
    if death or injury:
        return "death" if death else "injury"
    return "shot" if "shot" in words else "any"


# ---------------------------------------------------------------- helpers


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the sentence around text[start:end], looking at most 200 characters each way."""
    left = max(0, start - 200)
    boundaries = [match.end() for match in _SENTENCE_END.finditer(text, left, start)]
    right = _SENTENCE_END.search(text, end, min(len(text), end + 200))
    return (boundaries[-1] if boundaries else left), (right.start() if right else min(len(text), end + 200))


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """(open, close) offsets of double-quoted passages; an unclosed quote runs to the end of its paragraph."""
    spans, open_at = [], None
    for match in re.finditer(r"[\"“”\n]", text):
        mark = match.group()
        if mark == "\n":
            if open_at is not None:
                spans.append((open_at, match.start()))
            open_at = None
        elif mark == "“" or (mark == '"' and open_at is None):
            open_at = match.start() if open_at is None else open_at
        elif open_at is not None:
            spans.append((open_at, match.end()))
            open_at = None
    if open_at is not None:
        spans.append((open_at, len(text)))
    return spans


def _tolerant(q: Quantity) -> tuple[float, float]:
    """The interval with a rounding tolerance for hedged single values ("about 50" -> 45..55)."""
    if q.approximate and q.low == q.high:
        margin = abs(q.low) * _TOLERANCE
        return q.low - margin, q.high + margin
    return q.low, q.high


_TOLERANCE = 0.1
_HEDGE_AT_START = re.compile(rf"({_alternation(lex.HEDGES)})\s", re.IGNORECASE)
_SYMBOL_FOR = {"USD": "$", "EUR": "€", "GBP": "£"}
_CURRENCY_NAMES = {"USD": "dollars", "EUR": "euros", "GBP": "pounds"}
_UNIT_FAMILIES = frozenset(lex.TIME_UNITS.values())
_HEDGE_WORDING = {"point": "about", "lower": "more than", "upper": "up to"}
_KEPT_HEDGES = ("nearly", "almost", "more than", "over", "at least", "up to", "fewer than", "less than", "under")


def _hedge_word(q: Quantity) -> str:
    """The hedge as an editor reads it: "about" for all point hedges, the bound words kept as written."""
    hedge = _HEDGE_AT_START.match(q.text)
    if hedge:
        word = hedge.group(1).lower()
        return word if word in _KEPT_HEDGES else _HEDGE_WORDING[lex.HEDGES[word]]
    trailing = _HEDGE_AFTER.search(q.text)
    if trailing and trailing.end() == len(q.text):
        return _HEDGE_WORDING[lex.TRAILING_HEDGES[(trailing.group(1) or "plus").lower()]]
    return ""


def _format_number(value: float) -> str:
    if math.isinf(value):
        return "∞"
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= size and round(value / size, 2) * size == value:
            return f"{value / size:g} {word}"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.6g}"


def _format_range(low: float, high: float) -> str:
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if low >= size and high >= size and _format_number(low).endswith(word) and _format_number(high).endswith(word):
            return f"{low / size:g}–{high / size:g} {word}"
    return f"{_format_number(low)}–{_format_number(high)}"


def _format_fraction(value: float) -> str:
    for fraction, words in lex.FRACTION_WORDS.items():
        if abs(fraction - value) < 1e-9:
            return words
    return f"{value:.0%}"
