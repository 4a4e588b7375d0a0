"""Dates in a sentence: which days a mention can mean, what it dates, and whether two can both be true.

``extract_dates`` finds absolute dates ("February 12", "Feb. 12, 2025", "12 February 2025", "2025-02-12",
ranges such as "February 14-16", months, years, decades) and relative ones (weekdays, "yesterday", "last
week", "later this month", "three days ago"), and resolves each against a reference date into the days it
can mean. ``compare_sentences`` flags two aligned sentences that date the same event to days that cannot
both be true.

Design choices, in short:

- A mention holds *candidates*: closed day intervals, one per reading. "February 12" is one interval,
  "in 2013" one interval of a year, and "on Friday" one interval per Friday it can mean. Two mentions
  conflict only when no candidate of one overlaps a candidate of the other, so coarser or vaguer dates
  never conflict with finer ones they contain.
- Weekdays follow tense: "said on Wednesday" is the last Wednesday (the published day itself counts),
  "will meet on Friday" or "is expected to meet on Friday" the coming one; when the parse does not tell
  (a noun such as "a Friday meeting", "would", the present tense) both are kept.
- The reference date is the article's published date. When it is unknown the earliest published date of
  the set stands in, with a few days' slack each way (the article may have appeared later), which only
  adds candidates. With no date anywhere, relative mentions stay unresolved and are never flagged against
  absolute dates; two different weekday names for the same event are still a conflict.
- A year-less date is placed in the year nearest the reference; without any reference it *floats* and is
  compared by month and day only.
- What a mention dates is its *anchor*: the verb or event noun it attaches to in the spaCy parse
  ("met", "the call", "a Friday meeting"). Mentions are paired when their anchors are the same word or of
  one small class (speech, contact, meeting); a sentence with one date each pairs them unless their
  anchors are known words of different classes or only one side dates a statement ("spoke on Wednesday"
  against "a Friday meeting", "said on Wednesday" against "met on Friday" are two events).
- "since 2013", "before 2014", "pre-2014", "until June" keep their relation and are compared only with
  the same relation. Dates relative to another event ("a day after the release") are not resolved.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from checker.facts import nlp
from checker.facts.base import Context, Discrepancy, evidence
from checker.models import Sentence

__all__ = [
    "CROSS_GROUP",
    "DateMention",
    "compare_sentences",
    "conflict",
    "describe",
    "extract_dates",
    "overlaps",
    "reference",
]

#: Dates are compared only inside aligned groups: related groups often date different events.
CROSS_GROUP = False

Interval = tuple[dt.date, dt.date]


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression in a sentence and the days it can mean.

    start, end: character offsets in the text given to :func:`extract_dates`; ``text`` is ``text[start:end]``.
    text: the expression as written ("on Friday" is written "Friday"; the preposition is not included).
    candidates: the possible readings as closed day intervals, best first; empty when unresolved
        (a weekday with no reference date, a date relative to another event).
    granularity: "day", "range", "week", "month", "year" or "decade" (relative periods: "week", "month", "year").
    relation: "at" for the date itself, or "since", "before", "after", "until".
    weekday: 0 (Monday) to 6 for weekday names, else None.
    relative: resolved against the reference date (weekdays, "yesterday", "last week").
    floating: a year-less date with no reference date: only month and day are known (year 2000 stands in).
    anchor: lemma of the event word the date attaches to ("meet", "call", "say"), or None.
    anchor_text: that word as written, for summaries.
    """

    start: int
    end: int
    text: str
    candidates: tuple[Interval, ...]
    granularity: str
    relation: str = "at"
    weekday: int | None = None
    relative: bool = False
    floating: bool = False
    anchor: str | None = None
    anchor_text: str | None = None


_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
_WEEKDAYS.update(
    {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6}
)

_MONTH = r"(?P<{}>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DAY = r"(?P<{}>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<{}>1[6-9]\d\d|20\d\d)"
_DASH = r"\s*(?:-|–|—|to|through|and)\s*"
_COMMA = r"\s*,?\s*"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE if kind.startswith("rel") else 0))
    for kind, pattern in (
        ("iso", r"(?<![\d/])(?P<y>1[6-9]\d\d|20\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-2]\d|3[01])(?![\d/])"),
        (
            "md-md",
            rf"\b{_MONTH.format('m')}\s+{_DAY.format('d')}{_DASH}{_MONTH.format('m2')}\s+{_DAY.format('d2')}"
            rf"(?:{_COMMA}{_YEAR.format('y')})?\b",
        ),
        (
            "md-d",
            rf"\b{_MONTH.format('m')}\s+{_DAY.format('d')}{_DASH}{_DAY.format('d2')}(?:{_COMMA}{_YEAR.format('y')})?\b",
        ),
        (
            "d-dm",
            rf"\b{_DAY.format('d')}{_DASH}{_DAY.format('d2')}\s+{_MONTH.format('m')}(?:{_COMMA}{_YEAR.format('y')})?\b",
        ),
        ("md", rf"\b{_MONTH.format('m')}\s+{_DAY.format('d')}(?:{_COMMA}{_YEAR.format('y')})?\b(?!\s*(?:%|,\d|\d))"),
        ("dm", rf"\b{_DAY.format('d')}\s+(?:of\s+)?{_MONTH.format('m')}(?:{_COMMA}{_YEAR.format('y')})?\b"),
        ("my", rf"\b{_MONTH.format('m')}{_COMMA}(?:of\s+)?{_YEAR.format('y')}\b"),
        (
            "m",
            r"\b(?:in|since|until|till|by|during|before|after|early|late|mid|last|next|this|of|from)[\s-]+"
            + _MONTH.format("m")
            + r"\b",
        ),
        ("decade", r"\b(?:the\s+)?(?P<y>1[6-9]\d0|20\d0)s\b"),
        (
            "yy",
            rf"(?<![\d,.$£€/]){_YEAR.format('y')}\s*(?:-|–|to|through|and)\s*(?P<y2>1[6-9]\d\d|20\d\d|\d\d)(?![\d%/]|[,.]\d)",
        ),
        ("y", rf"(?<![\d,.$£€/:#]){_YEAR.format('y')}(?![\d%/:]|[,.]\d)"),
        (
            "rel-weekday",
            r"\b(?P<mod>(?:last|next|this|earlier\s+on|later\s+on|earlier|later)\s+)?"
            r"(?P<w>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:'s|’s)?"
            r"(?:\s+(?:morning|afternoon|evening|night))?\b",
        ),
        ("rel-day", r"\b(?:yesterday|today|tomorrow|tonight|last\s+night|this\s+(?:morning|afternoon|evening))\b"),
        ("rel-period", r"\b(?:(?P<mod>last|this|next|earlier\s+this|later\s+this|past)\s+(?P<unit>week|month|year))\b"),
        (
            "rel-ago",
            r"\b(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
            r"(?P<unit>day|week|month|year)s?\s+(?:ago|earlier)\b",
        ),
    )
)
_WEEKDAY_CASE = re.compile(r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday")
_MODIFIERS = {"last", "next", "this", "on", "by", "until", "since", "before", "after", "earlier", "later", "from"}
_COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_COUNT_WORDS.update({"six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10})
_RELATION_BEFORE = re.compile(
    r"(?:\b(?P<word>since|before|after|until|till|prior\s+to|by)\s+(?:the\s+)?|\b(?P<prefix>pre|post)-)$",
    re.IGNORECASE,
)
_RELATIONS = {"prior to": "before", "pre": "before", "post": "after", "till": "until", "by": "until"}
_YEAR_CONTEXT = re.compile(
    r"\b(?:in|since|by|until|till|from|before|after|during|of|early|late|mid|circa|c\.|year|season|pre|post|"
    r"through|between|and|to|than|around|as\s+of)[\s-]+(?:the\s+)?$",
    re.IGNORECASE,
)

# Anchor words of one class date one event: a date of a statement is compared with any other statement's.
_ANCHOR_CLASSES = {
    "speech": set(
        "say tell state announce add post reveal write claim report declare insist note stress comment warn confirm"
        " urge indicate suggest statement remark announcement tweet explain argue deny acknowledge admit".split()
    ),
    "contact": {"speak", "talk", "call", "conversation", "phone", "discuss", "chat", "phonecall"},
    "meeting": {"meet", "meeting", "talks", "summit", "visit", "conference", "session", "gathering", "negotiation"},
}
_ANCHOR_CLASS = {word: name for name, words in _ANCHOR_CLASSES.items() for word in words}
_TIME_NOUNS = {
    "day", "week", "month", "year", "time", "morning", "afternoon", "evening", "night", "weekend",
    "date", "decade", "century", "season", "period", "%", "percent",
}  # fmt: skip
_FUTURE_GOVERNORS = {"expect", "plan", "schedule", "set", "due", "intend", "hope", "aim", "prepare", "slate", "go"}


def reference(source: str, published: Mapping[str, dt.date | None]) -> tuple[dt.date | None, bool]:
    """The date to resolve a source's relative mentions against, and whether it is the source's own.

    The source's published date when known; else the earliest published date of the set (the articles
    of a set report one event, and the first to appear bounds when it happened); else None.
    """
    own = published.get(source)
    if own is not None:
        return own, True
    known = sorted(date for date in published.values() if date is not None)
    return (known[0] if known else None), False


def extract_dates(
    text: str, reference_date: dt.date | None = None, own_reference: bool = True
) -> tuple[DateMention, ...]:
    """Every date mention in ``text``, resolved against ``reference_date``, in text order.

    ``own_reference`` says the reference is the text's own published date; a stand-in date widens the
    weekday and relative readings by a few days. Never raises.
    """
    try:
        return _extract(text, reference_date, own_reference)
    except Exception:  # untrusted text must never break a run; a missed date is the lesser harm
        return ()


def _extract(text: str, reference_date: dt.date | None, own_reference: bool) -> tuple[DateMention, ...]:
    taken: list[tuple[int, int]] = []
    raw: list[tuple[str, re.Match[str]]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            span = match.span("m") if kind == "m" else match.span()
            if kind == "rel-weekday" and not _WEEKDAY_CASE.fullmatch(match.group("w")):
                continue
            if not any(span[0] < end and start < span[1] for start, end in taken):
                taken.append(span)
                raw.append((kind, match))
    if not raw:
        return ()
    doc = nlp.parse(text)
    slack = 0 if own_reference else 3
    mentions = []
    for kind, match in sorted(raw, key=lambda item: item[1].start()):
        start, end = match.span("m") if kind == "m" else match.span()
        if match.group().lower().startswith("the "):
            start += 4
        token_span = doc.char_span(start, end, alignment_mode="expand")
        if token_span is None or len(token_span) == 0:
            continue
        if kind in ("y", "yy") and not _looks_like_year(text, start, token_span):
            continue
        if kind == "rel-weekday" and _named_weekday(token_span):
            continue  # part of a name: "Pink Friday", "Good Friday Agreement", "Super Tuesday"
        anchor = _anchor(token_span)
        future = _tense(anchor) if anchor is not None else None
        try:
            mention = _resolve(kind, match, reference_date, slack, future)
        except (ValueError, KeyError, OverflowError):
            continue  # "February 30", an impossible day: not a date to compare
        if mention is None:
            continue
        relation = _relation(text[max(0, start - 20) : start], token_span)
        mentions.append(
            DateMention(
                start=start,
                end=end,
                text=text[start:end],
                candidates=mention[0],
                granularity=mention[1],
                relation=relation,
                weekday=mention[2],
                relative=kind.startswith("rel"),
                floating=mention[3],
                anchor=anchor.lemma_.lower() if anchor is not None else None,
                anchor_text=anchor.text if anchor is not None else None,
            )
        )
    return tuple(mentions)


def _looks_like_year(text: str, start: int, token_span) -> bool:  # type: ignore[no-untyped-def]
    """A bare four-digit number is a year after a date preposition or when spaCy tags it a date."""
    root = token_span.root
    if root.dep_ == "nummod" and root.head.tag_ == "NNS":
        return False  # "1500 troops"
    if root.dep_ in ("nummod", "compound", "appos") and root.head.pos_ == "PROPN":
        return False  # part of a name ("UEFA Euro 2016", "the 2017 Confederations Cup"), not a date of the sentence
    return bool(_YEAR_CONTEXT.search(text[max(0, start - 20) : start])) or root.ent_type_ == "DATE"


def _named_weekday(token_span) -> bool:  # type: ignore[no-untyped-def]
    """The weekday is part of a name: a capitalized modifier before it, or a non-date entity."""
    root = token_span.root
    if root.ent_type_ not in ("DATE", "TIME", ""):
        return True
    # A capitalized word right before it that does not start the sentence: "Pink Friday", "Super Tuesday".
    # ("Trump Friday said" is lost too; a missed date costs less than a title read as a day.)
    previous = root.doc[root.i - 1] if root.i > 0 else None
    return bool(
        previous is not None
        and previous.is_title
        and previous.i > previous.sent.start
        and previous.lower_ not in _MODIFIERS
    )


def _relation(before: str, token_span) -> str:  # type: ignore[no-untyped-def]
    """ "since", "before", "after", "until" when the date is their object ("since 2013", "pre-2014"), else "at"."""
    found = _RELATION_BEFORE.search(before)
    if not found:
        return "at"
    if found.group("word") and token_span.root.dep_ != "pobj":
        return "at"  # "ahead of the February 14-16 conference": the date belongs to the conference
    word = " ".join((found.group("word") or found.group("prefix")).lower().split())
    return _RELATIONS.get(word, word)


def _resolve(kind: str, match: re.Match[str], ref: dt.date | None, slack: int, future: bool | None):  # type: ignore[no-untyped-def]
    """(candidates, granularity, weekday, floating) for one match, or None when it is not a real date."""
    groups = {key: value for key, value in match.groupdict().items() if value is not None}
    if kind.startswith("rel"):
        return _resolve_relative(kind, groups, match.group(), ref, slack, future)
    if kind in ("y", "yy", "decade"):
        first = int(groups["y"])
        last = first + 9 if kind == "decade" else first
        if kind == "yy":
            second = groups["y2"]
            last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
            if last <= first or last - first > 50:
                return None
        granularity = {"y": "year", "yy": "range", "decade": "decade"}[kind]
        return ((dt.date(first, 1, 1), dt.date(last, 12, 31)),), granularity, None, False
    if kind == "iso":
        day = dt.date(int(groups["y"]), int(groups["m"]), int(groups["d"]))
        return ((day, day),), "day", None, False
    month = _MONTHS[groups["m"].lower().rstrip(".")]
    floating = "y" not in groups and ref is None
    year = int(groups["y"]) if "y" in groups else _nearest_year(month, ref)
    if kind == "my" or kind == "m":
        last_day = calendar.monthrange(year, month)[1]
        return ((dt.date(year, month, 1), dt.date(year, month, last_day)),), "month", None, floating
    day = int(groups["d"])
    first = dt.date(year, month, day)
    if kind in ("md", "dm"):
        return ((first, first),), "day", None, floating
    end_month = _MONTHS[groups["m2"].lower().rstrip(".")] if "m2" in groups else month
    end_year = year + 1 if end_month < month else year
    last = dt.date(end_year, end_month, int(groups["d2"]))
    if last <= first or (last - first).days > 62:
        return None  # "May 3-2", a score or a misread: not a date range
    return ((first, last),), "range", None, floating


def _nearest_year(month: int, ref: dt.date | None) -> int:
    """The year that puts a year-less month nearest the reference (leap year 2000 when floating)."""
    if ref is None:
        return 2000
    offset = month - ref.month
    if offset > 6:
        return ref.year - 1
    if offset < -6:
        return ref.year + 1
    return ref.year


def _resolve_relative(kind, groups, written, ref, slack, future):  # type: ignore[no-untyped-def]
    words = " ".join(written.lower().split())
    if kind == "rel-weekday":
        weekday = _WEEKDAYS[groups["w"].lower()]
        if ref is None:
            return (), "day", weekday, False
        modifier = " ".join(groups.get("mod", "").lower().split())
        if modifier == "last":
            window = (-7, -1)
        elif modifier == "next":
            window = (1, 13)
        elif modifier.startswith("earlier"):
            window = (-6, 0)
        elif modifier.startswith("later"):
            window = (0, 6)
        elif modifier == "this":
            window = (-6, 6)
        else:
            window = {True: (0, 6), False: (-6, 0), None: (-6, 6)}[future]
        low, high = window[0] - slack, window[1] + slack
        days = [ref + dt.timedelta(days=offset) for offset in range(low, high + 1)]
        # Nearest reading first: it is the one a summary shows.
        days = sorted((day for day in days if day.weekday() == weekday), key=lambda day: abs((day - ref).days))
        return tuple((day, day) for day in days), "day", weekday, False
    if ref is None:
        return None
    if kind == "rel-day":
        offset = -1 if words in ("yesterday", "last night") else 1 if words == "tomorrow" else 0
        day = ref + dt.timedelta(days=offset)
        return ((day - dt.timedelta(days=slack), day + dt.timedelta(days=slack)),), "day", None, False
    if kind == "rel-ago":
        count = int(groups["n"]) if groups["n"].isdigit() else _COUNT_WORDS[groups["n"].lower()]
        unit_days = {"day": 1, "week": 7, "month": 30, "year": 365}[groups["unit"].lower()]
        center = ref - dt.timedelta(days=count * unit_days)
        margin = slack + (0 if unit_days == 1 else unit_days // 2)
        return ((center - dt.timedelta(days=margin), center + dt.timedelta(days=margin)),), "day", None, False
    unit = groups["unit"].lower()
    return _resolve_period(" ".join(groups["mod"].lower().split()), unit, ref, slack), unit, None, False


def _resolve_period(modifier: str, unit: str, ref: dt.date, slack: int) -> tuple[Interval, ...]:
    """ "last week", "later this month", "next year": the calendar period, widened by the slack."""
    pad = dt.timedelta(days=slack)
    if unit == "week":
        monday = ref - dt.timedelta(days=ref.weekday())
        shift = {"last": -7, "past": -7, "next": 7}.get(modifier, 0)
        first, last = monday + dt.timedelta(days=shift), monday + dt.timedelta(days=shift + 6)
        if modifier == "past":
            first, last = ref - dt.timedelta(days=7), ref
    elif unit == "month":
        year, month = ref.year, ref.month
        if modifier in ("last", "next"):
            month += -1 if modifier == "last" else 1
            year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        first = dt.date(year, month, 1)
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        if modifier == "past":
            first, last = ref - dt.timedelta(days=31), ref
    else:
        year = ref.year + {"last": -1, "next": 1}.get(modifier, 0)
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        if modifier == "past":
            first, last = ref - dt.timedelta(days=366), ref
    if modifier.startswith("earlier"):
        last = ref
    elif modifier.startswith("later"):
        first = ref
    return ((first - pad, last + pad),)


# ---------------------------------------------------------------- what a date dates


def _anchor(token_span):  # type: ignore[no-untyped-def]
    """The verb or event noun a date attaches to: climb the parse past prepositions and names."""
    token = token_span.root
    inside = {t.i for t in token_span}
    for _ in range(8):
        if token.head.i == token.i:
            return token if token.i not in inside and token.pos_ in ("VERB", "AUX", "NOUN") else None
        token = token.head
        if token.i in inside:
            continue
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.pos_ == "NOUN" and token.lemma_.lower() not in _TIME_NOUNS:
            return token
        if (
            token.pos_ == "PROPN"
            and token_span.root.dep_ in ("compound", "nmod", "amod")
            and token.lemma_.lower() in _ANCHOR_CLASS
        ):
            return token  # "the February 14-16 Munich Security Conference"
    return None


def _tense(anchor) -> bool | None:  # type: ignore[no-untyped-def]
    """True for a future event, False for a past one, None when the parse does not tell."""
    if anchor.pos_ not in ("VERB", "AUX"):
        return None
    auxiliaries = {child.lower_ for child in anchor.children if child.dep_ in ("aux", "auxpass")}
    if auxiliaries & {"will", "shall", "'ll", "’ll"}:
        return True
    if auxiliaries & {"would", "could", "might", "may", "should"}:
        return None
    governor = anchor
    while governor.dep_ in ("xcomp", "conj") and governor.head.i != governor.i:
        governor = governor.head
        if governor.lemma_.lower() in _FUTURE_GOVERNORS:
            return True
    if anchor.tag_ in ("VBD", "VBN") or auxiliaries & {"have", "has", "had", "did", "was", "were"}:
        return False
    return None


# ---------------------------------------------------------------- comparing


def conflict(first: DateMention, second: DateMention) -> bool:
    """The two mentions cannot both be true of one event.

    Same relation: no reading of one overlaps a reading of the other; two explicit ranges ("from 1970 to
    1977") must have the same ends. "before"/"after" a date against a date of the event itself: the event's
    date lies on the wrong side ("after August 10" against "on 6 August"). Other relations never conflict.
    """
    if not first.candidates or not second.candidates:
        # Unresolved weekdays: only two different weekday names are known to disagree.
        return (
            first.relation == second.relation
            and first.weekday is not None
            and second.weekday is not None
            and first.weekday != second.weekday
        )
    left, right = first.candidates, second.candidates
    if first.floating or second.floating:
        moved_left, moved_right = _month_day(left), _month_day(right)
        if moved_left is None or moved_right is None:
            return False
        left, right = moved_left, moved_right
    if first.relation == second.relation:
        if first.granularity == second.granularity == "range" and not first.relative and not second.relative:
            return left[0] != right[0]
        return not any(a[0] <= b[1] and b[0] <= a[1] for a in left for b in right)
    if first.relation == "at" and second.relation in ("before", "after") and len(right) == 1:
        return _wrong_side(left, second.relation, right[0])
    if second.relation == "at" and first.relation in ("before", "after") and len(left) == 1:
        return _wrong_side(right, first.relation, left[0])
    return False


def _wrong_side(readings: tuple[Interval, ...], relation: str, bound: Interval) -> bool:
    """No reading of the event lies before (or after) the bound."""
    if relation == "before":
        return all(first >= bound[0] for first, _ in readings)
    return all(last <= bound[1] for _, last in readings)


def overlaps(first: DateMention, second: DateMention) -> bool:
    """Some reading of one overlaps a reading of the other (month and day only when one floats)."""
    left, right = first.candidates, second.candidates
    if first.floating or second.floating:
        left, right = _month_day(left) or (), _month_day(right) or ()
    return any(a[0] <= b[1] and b[0] <= a[1] for a in left for b in right)


def _month_day(intervals: tuple[Interval, ...]) -> tuple[Interval, ...] | None:
    """The intervals moved into the stand-in year 2000, or None when one spans a year's end."""
    moved = []
    for first, last in intervals:
        if first.year != last.year:
            return None
        moved.append((first.replace(year=2000), last.replace(year=2000)))
    return tuple(moved)


def _anchor_key(mention: DateMention) -> str | None:
    return _ANCHOR_CLASS.get(mention.anchor or "", mention.anchor)


def _paired(first: DateMention, second: DateMention, single: bool) -> bool:
    """Whether two mentions date the same event (see the module docstring)."""
    if first.relation != second.relation and "at" not in (first.relation, second.relation):
        return False
    left, right = _anchor_key(first), _anchor_key(second)
    if left is not None and left == right:
        return True
    # One date each: the same event unless the anchors are known words of different classes ("spoke on
    # Wednesday" against "a Friday meeting") or only one side dates a statement.
    known = (first.anchor in _ANCHOR_CLASS) + (second.anchor in _ANCHOR_CLASS)
    return single and known < 2 and (left == "speech") == (right == "speech")


def describe(mention: DateMention) -> str:
    """The mention in an editor's words: as written, with the days it was resolved to when relative."""
    if mention.floating or not mention.candidates:
        return mention.text
    if not mention.relative:
        # Absolute: as written, with the year it was placed in when the text gives none.
        return (
            mention.text if re.search(r"\d{4}", mention.text) else f"{mention.text} ({mention.candidates[0][0].year})"
        )
    readings = [_format_interval(interval, mention.granularity) for interval in mention.candidates[:2]]
    return f"{mention.text} ({' or '.join(readings)})"


def _format_interval(interval: Interval, granularity: str) -> str:
    first, last = interval
    if first == last:
        return f"{first:%b} {first.day}, {first.year}"
    if granularity == "month" or (
        first.day == 1
        and last == dt.date(last.year, last.month, calendar.monthrange(last.year, last.month)[1])
        and first.month == last.month
    ):
        return f"{first:%B %Y}"
    if first.year == last.year and first.month == last.month:
        return f"{first:%b} {first.day}–{last.day}, {first.year}"
    if first.year == last.year:
        return f"{first:%b} {first.day}–{last:%b} {last.day}, {first.year}"
    return f"{first:%b} {first.day}, {first.year}–{last:%b} {last.day}, {last.year}"


def compare_sentences(first: Sentence, second: Sentence, context: Context) -> list[Discrepancy]:
    """Dates in two aligned sentences that put the same event on days that cannot both be true.

    A mention is flagged only when the other sentence has mentions of the same event and none of them
    agrees with it, so an extra date in one sentence is never a discrepancy. Never raises.
    """
    try:
        return _compare(first, second, context)
    except Exception:  # a comparator must not break the run on untrusted text
        return []


def _compare(first: Sentence, second: Sentence, context: Context) -> list[Discrepancy]:
    left = extract_dates(first.text, *reference(first.source, context.published))
    right = extract_dates(second.text, *reference(second.source, context.published))
    if not left or not right:
        return []
    single = len(left) == 1 and len(right) == 1
    found: dict[tuple[int, int], Discrepancy] = {}
    for these, others, flip in ((left, right, False), (right, left, True)):
        for mention in these:
            partners = [item for item in others if _paired(mention, item, single)]
            if not partners or not all(conflict(mention, item) for item in partners):
                continue
            if _matched(mention, others):
                continue  # the day is in the other sentence too: more likely a misread attachment than a discrepancy
            # A partner whose own day is in this sentence is accounted for: this mention is an extra date.
            unmatched = [item for item in partners if not _matched(item, these)]
            if not unmatched:
                continue
            partner = next((item for item in unmatched if item.anchor == mention.anchor), unmatched[0])
            pair = (mention, partner) if not flip else (partner, mention)
            key = (pair[0].start, pair[1].start)
            if key not in found:
                found[key] = _discrepancy(first, second, pair[0], pair[1], context)
    return list(found.values())


def _matched(mention: DateMention, others: tuple[DateMention, ...]) -> bool:
    """Some plain date of the other sentence overlaps the mention, whatever it attaches to."""
    return mention.relation == "at" and any(item.relation == "at" and overlaps(mention, item) for item in others)


def _discrepancy(
    first: Sentence, second: Sentence, left: DateMention, right: DateMention, context: Context
) -> Discrepancy:
    what = left.anchor_text or right.anchor_text
    title = f'Date of "{what}"' if what else "Date"
    summary = (
        f"{title}: {context.label(first.source)} says {describe(left)}; "
        f"{context.label(second.source)} says {describe(right)}"
    )
    return Discrepancy(
        type="date",
        severity="high",
        summary=summary,
        evidence=(
            evidence(first, describe(left), [(left.start, left.end)]),
            evidence(second, describe(right), [(right.start, right.end)]),
        ),
    )
