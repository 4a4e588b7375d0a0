"""A person's title in each source, compared across the set (type "role").

``titles(sentence, context)`` reads the title attached to each person mention: before the name
("CIA Director John Ratcliffe", "Secretary of State Marco Rubio", "Ukraine's President Volodymyr Zelenskyy"),
in an apposition after it ("Michael Waltz, the national security adviser,") or before it
("Trump's Russia-Ukraine envoy, Gen. Keith Kellogg,").

Two titles of the same person agree when, as sets of normalized words, one contains the other. The
normalization drops what outlets add or leave out without changing the office: case, "the", "of",
possessives, country and state names and their adjectives ("U.S.", "Ukrainian"), "White House", party
labels, status words ("new", "acting") and generic heads ("chief", "leader", "top"). Word order is ignored,
so "Defense Secretary" == "Secretary of Defense". Titles marked as past ("former", "then-", "ex-") are
never compared: they describe another time.

A pair is flagged only when the two titles name the same kind of office (they share a head word such as
"envoy", or a family such as senator/representative) and neither contains the other, or when one is a
deputy/vice/assistant grade of the other. People hold several offices at once, so a title with another
head ("Tesla CEO" vs "DOGE head") is a second role, not a contradiction.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from checker.facts import geonames, people
from checker.facts.base import Context, Discrepancy, evidence
from checker.facts.nlp import parse
from checker.models import Sentence

__all__ = ["Title", "compatible", "compare_set", "normalize_title", "set_entities", "set_reads", "titles"]


_ABBREVIATIONS = {
    "sen.": "senator",
    "sen": "senator",
    "rep.": "representative",
    "rep": "representative",
    "gov.": "governor",
    "gen.": "general",
    "adm.": "admiral",
    "col.": "colonel",
    "lt.": "lieutenant",
    "maj.": "major",
    "capt.": "captain",
    "sgt.": "sergeant",
    "advisor": "adviser",
    "defence": "defense",
    "spokeswoman": "spokesman",
    "spokesperson": "spokesman",
    "chairwoman": "chairman",
    "chair": "chairman",
    "congresswoman": "representative",
    "congressman": "representative",
    "councilwoman": "councilman",
    "premier": "prime minister",
    "pm": "prime minister",
}
#: Words that add nothing to which office is meant.
_FILLER = frozenset("the a an of for and to & on in at with".split())
_GENERIC = frozenset("chief head leader boss top senior official special other another fellow second third".split())
_STATUS = frozenset(
    "new incoming outgoing acting interim designate elect nominee current newly appointed longtime sitting".split()
)
_PAST = frozenset("former ex then late onetime one-time erstwhile previous retired".split())
_QUALIFIERS = frozenset(
    """
    u.s. us usa u.s.a. american america united states uk u.k. british britain eu european white house kremlin federal
    republican democratic democrat gop labour conservative ukrainian russian chinese french german israeli
    palestinian iranian indian japanese canadian mexican turkish saudi italian spanish polish syrian iraqi
    egyptian korean north south australian
    """.split()
)
#: Grades that turn an office into another one: "Vice President" is not "President".
_GRADES = frozenset("vice deputy assistant under associate".split())
#: Heads that name the same kind of office, so a difference between them is a contradiction.
_FAMILIES = {
    "senator": "legislator",
    "representative": "legislator",
    "congressman": "legislator",
    "general": "rank",
    "admiral": "rank",
    "colonel": "rank",
    "major": "rank",
    "captain": "rank",
    "sergeant": "rank",
    "lieutenant": "rank",
    "secretary": "minister",
    "minister": "minister",
}
_HEADS = (people.TITLE_WORDS - people.HONORIFICS - _GENERIC - _GRADES) | {"prime", "executive", "staff"}
_WORD = re.compile(r"[a-z0-9][a-z0-9.&'-]*[a-z0-9.]|[a-z0-9&]")


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    gazetteer = geonames.source()
    names = {country["name"] for country in gazetteer.get_countries().values()}
    names.update(state["name"] for state in gazetteer.get_us_states().values())
    return frozenset(_fold(name) for name in names)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).translate(str.maketrans("’‘", "''"))
    return "".join(char for char in text if not unicodedata.combining(char)).casefold()


@dataclass(frozen=True, slots=True)
class Title:
    """A title given to a person in one sentence.

    sentence: the sentence it is in.
    person: the person mention it belongs to.
    start, end: offsets of the title in the sentence text; text: the title as written.
    words: :func:`normalize_title` of the text (empty: nothing comparable, such as "U.S. official").
    past: the title is marked as a former one ("former", "then-", "ex-").
    """

    sentence: Sentence
    person: people.PersonMention
    start: int
    end: int
    text: str
    words: frozenset[str]
    past: bool


def normalize_title(text: str) -> tuple[frozenset[str], bool]:
    """(content words, past) of a title: "U.S. Secretary of Defense" -> ({"defense", "secretary"}, False).

    Never raises; text without an office gives an empty set.
    """
    original = str(text)
    # Acronyms as written ("CIA", "RNC", "N.C.A.A."), unless the whole title is in capitals (a headline).
    capitals = re.findall(r"\b[A-Z](?:[A-Z]|\.[A-Z])+\.?(?![\w'])", original)
    acronyms = {_fold(word).replace(".", "") for word in capitals} if not original.isupper() else set()
    folded = _fold(original)
    folded = re.sub(r"\b(then|ex|former)-", r"\1 ", folded)
    folded = re.sub(r"-(elect|designate)\b", r" \1", folded)
    folded = re.sub(r"\b(\w[\w.-]*)'s?(?=\s|$)", " ", folded)  # possessives: "Ukraine's", "Trump's"
    for phrase in ("white house", "united states", "united kingdom", "european union"):
        folded = folded.replace(phrase, " ")
    words: set[str] = set()
    past = False
    places = _places()
    tokens = _WORD.findall(folded)
    skip = 0
    for index, token in enumerate(tokens):
        if skip:
            skip -= 1
            continue
        pair = " ".join(tokens[index : index + 2])
        if pair in places:
            skip = 1
            continue
        if token.rstrip(".") in _PAST or token in _PAST:
            past = True
            continue
        if token in _FILLER or token in _STATUS or token in _QUALIFIERS or token in places:
            continue
        if token in people.HONORIFICS:
            continue
        if re.fullmatch(r"(?:[a-z]\.){2,}", token):
            token = token.replace(".", "")  # "N.C.A.A." is "NCAA"
        if token in acronyms:
            words.add(token.upper())  # kept apart: an acronym may stand for the other title's words
            continue
        expanded = _ABBREVIATIONS.get(token, token)
        for word in expanded.split():
            if word not in _GENERIC:
                words.add(word.rstrip(".") if word.endswith(".") and word.count(".") == 1 else word)
    return frozenset(words), past


def _heads(words: Iterable[str]) -> set[str]:
    return {_FAMILIES.get(word, word) for word in words if word in _HEADS}


def compatible(first: frozenset[str], second: frozenset[str]) -> bool:
    """Two normalized titles can describe the same office: one contains the other and the grades agree."""
    if first & _GRADES != second & _GRADES:
        return False
    return first <= second or second <= first


def _acronym_of(short: frozenset[str], long: frozenset[str]) -> bool:
    """One differing word is an acronym spelled by the initials of the other's ("RNC" / "National Committee")."""
    if len(short) != 1 or not long:
        return False
    acronym = next(iter(short))
    return acronym.isupper() and all(word[0] in acronym.casefold() for word in long)


def conflicting(first: frozenset[str], second: frozenset[str]) -> bool:
    """Two normalized titles name the same kind of office but not the same office."""
    if not first or not second or compatible(first, second):
        return False
    if first & _GRADES == second & _GRADES:
        only_first, only_second = first - second, second - first
        if _acronym_of(only_first, only_second) or _acronym_of(only_second, only_first):
            return False
    return bool(_heads(first) & _heads(second))


# ---------------------------------------------------------------- reading titles


def _is_word(token) -> bool:  # type: ignore[no-untyped-def]
    return any(char.isalpha() for char in token.text)


def _titleish(token, seen_head: bool) -> bool:  # type: ignore[no-untyped-def]
    """A token that can be part of a title chain before a name."""
    low = token.text.casefold()
    if low in people.TITLE_WORDS or low in _STATUS or low in _PAST or low in _GRADES:
        return True
    if token.pos_ in ("PRON", "DET", "VERB", "AUX", "ADP", "CCONJ", "NUM") or not _is_word(token):
        return False
    if token.text[:1].isupper():
        return low not in people._NOT_NAMES
    # Lower-case modifiers ("national security adviser") only in front of a title word.
    return seen_head and token.pos_ in ("NOUN", "ADJ", "PROPN")


def _chain_before(doc, end: int, names: set[int]) -> tuple[int, int] | None:  # type: ignore[no-untyped-def]
    """Token range of a title ending right before token ``end`` ("Secretary of State" of "... Marco Rubio")."""
    index, start, seen_head, lower, capitalized = end - 1, end, False, 0, False
    while index >= 0 and index not in names:
        token = doc[index]
        low = token.text.casefold()
        if token.text in "-–" and token.whitespace_ == "" and index > 0 and doc[index - 1].whitespace_ == "":
            index -= 1  # "Russia-Ukraine", "then-Senator"
            continue
        if token.tag_ == "POS" and index > 0 and (index - 1) not in names:
            start = index - 1  # the owner ("Ukraine's President"), then stop
            break
        if low in ("of", "and", "for", "&"):
            # "Secretary of State", "Ambassador and Special Envoy"; not "Vance and Secretary of State".
            left = doc[index - 1] if index > 0 else None
            if start == end or left is None or (index - 1) in names:
                break
            if left.text.casefold() in people.TITLE_WORDS or (left.text[:1].isupper() and _titleish(left, True)):
                index -= 1
                continue
            break
        if not _titleish(token, seen_head):
            break
        if token.text[:1].islower() and low not in people.TITLE_WORDS and low not in _STATUS | _PAST | _GRADES:
            lower += 1
            if lower > 3 or capitalized:
                break  # "bureau Deputy Director": a lower-case word left of a capitalized title is not part of it
        elif token.text[:1].isupper():
            capitalized = True
        seen_head = seen_head or low in people.TITLE_WORDS
        start = index
        index -= 1
    while start < end and doc[start].text.casefold() in ("of", "and", "for", "&", "-"):
        start += 1
    if start >= end or not any(doc[i].text.casefold() in people.TITLE_WORDS for i in range(start, end)):
        return None
    return start, end


def _chain_after(doc, begin: int, names: set[int]) -> tuple[int, int] | None:  # type: ignore[no-untyped-def]
    """Token range of an apposition title starting at token ``begin`` ("the national security adviser")."""
    index = begin
    if index < len(doc) and doc[index].text.casefold() in ("the", "a", "an", "his", "her", "their", "its"):
        index += 1
    if index + 1 < len(doc) and doc[index + 1].tag_ == "POS":
        index += 2  # "Putin's spokesman"
    start, end, head_at = index, index, None
    while index < len(doc) and index not in names and index - start < 8:
        token, low = doc[index], doc[index].text.casefold()
        if low in people.TITLE_WORDS:
            head_at = index
        elif low in ("of", "for") and head_at == index - 1:
            pass
        elif (
            not (token.text[:1].isupper() or token.pos_ in ("NOUN", "ADJ", "PROPN"))
            or token.pos_ in ("VERB", "AUX")
            or not _is_word(token)
        ):
            break
        index += 1
        end = index
    if head_at is None:
        return None
    following = doc[end] if end < len(doc) else None
    if following is not None and (end in names or following.text.casefold() in people.TITLE_WORDS):
        return None  # "Rubio, CIA Director John Ratcliffe": the title belongs to the next name
    while end > head_at + 1 and doc[end - 1].text[:1].islower():
        end -= 1  # "adviser said" -> "adviser"
    return start, end


def titles(sentence: Sentence, context: Context | None = None) -> tuple[Title, ...]:
    """The titles given to the people of a sentence, in order. Never raises."""
    try:
        return _titles(sentence, context)
    except Exception:  # noqa: BLE001 - untrusted text must never stop a run
        return ()


def _titles(sentence: Sentence, context: Context | None) -> tuple[Title, ...]:
    if not people.has_title_word(sentence.text):
        return ()  # every title holds a title word (see _chain_before, _chain_after)
    found_mentions = people.mentions(sentence, context)
    if not found_mentions:
        return ()
    doc = parse(sentence.text)
    spans = []
    for mention in found_mentions:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None:
            spans.append((mention, span.start, span.end))
    names = {index for _, start, end in spans for index in range(start, end)}
    found: list[Title] = []
    for mention, start, end in spans:
        ranges = []
        before = _chain_before(doc, start, names)
        if before:
            ranges.append(before)
        chain_start = before[0] if before else start
        after_name = doc[end].text if end < len(doc) else ""
        if chain_start > 0 and doc[chain_start - 1].text == "," and after_name in (",", ".", ""):
            appositive = _chain_before(doc, chain_start - 1, names)
            if appositive:
                ranges.append(appositive)  # "Trump's Russia-Ukraine envoy, Gen. Keith Kellogg,"
        if after_name == ",":
            appositive = _chain_after(doc, end + 1, names)
            if appositive:
                ranges.append(appositive)  # "Michael Waltz, the national security adviser,"
        for first, last in ranges:
            char_start, char_end = doc[first].idx, doc[last - 1].idx + len(doc[last - 1].text)
            text = sentence.text[char_start:char_end]
            words, past = normalize_title(text)
            found.append(Title(sentence, mention, char_start, char_end, text, words, past))
    return tuple(found)


# ---------------------------------------------------------------- comparing across sources


def _clusters(all_titles: list[Title]) -> dict[str, str]:
    """Person key -> cluster id: full names joined by :func:`people.same_person`, surnames to a unique match."""
    keys = sorted({title.person.key for title in all_titles}, key=lambda key: (-len(key.split()), key))
    cluster: dict[str, str] = {}
    representatives: list[str] = []
    for key in keys:
        if len(key.split()) >= 2:
            match = next((rep for rep in representatives if people.same_person(rep, key)), None)
            if match is None:
                representatives.append(key)
                match = key
            cluster[key] = match
        else:
            matches = [rep for rep in representatives if people.same_person(rep, key)]
            cluster[key] = matches[0] if len(matches) == 1 else key
    return cluster


def compare_set(context: Context) -> list[Discrepancy]:
    """Titles of the same person that contradict each other across sources (type "role", severity medium).

    One finding per person and pair of differing titles, with one sentence per source on each side.
    """
    try:
        return _compare_set(context)
    except Exception:  # noqa: BLE001 - untrusted text must never stop a run
        return []


_NAME_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


def _name_keys(text: str) -> set[str]:
    """Keys under which a capitalized word of ``text`` meets the same surname in another sentence.

    A word's canonical form, and for words of six letters or more every form with one letter left out:
    two words one edit apart (what :func:`people.same_person` accepts as one surname) share such a key.
    """
    keys: set[str] = set()
    for match in _NAME_WORD.finditer(text):
        if not any(char.isupper() for char in match.group()):
            continue
        key = people.canonical(match.group())
        keys.add(key)
        if len(key) >= 6:
            keys.update(key[:position] + key[position + 1 :] for position in range(len(key)))
    return keys


def _titled_sentences(context: Context) -> list[Sentence]:
    """Sentences that may give a title to someone another source also gives a title.

    A title is compared only between sources, so a sentence whose capitalized words name nobody any
    other source's title sentences name cannot take part: it is not parsed.
    """
    return context.derived("roles.titled", _find_titled)


def _find_titled(context: Context) -> list[Sentence]:
    candidates = [
        sentence
        for sentences in context.sentences.values()
        for sentence in sentences
        if people.has_title_word(sentence.text)
    ]
    keys = {sentence.key: _name_keys(sentence.text) for sentence in candidates}
    sources_of: dict[str, set[str]] = {}
    for sentence in candidates:
        for key in keys[sentence.key]:
            sources_of.setdefault(key, set()).add(sentence.source)
    return [sentence for sentence in candidates if any(len(sources_of[key]) >= 2 for key in keys[sentence.key])]


def set_reads(context: Context) -> list[str]:
    """The sentences ``compare_set`` parses (see :func:`_titled_sentences`)."""
    return [sentence.text for sentence in _titled_sentences(context)]


def set_entities(context: Context) -> list[str]:
    """Sentences whose entities ``compare_set`` reads: where a titled person's full name may be, so that a
    bare surname resolves to its article's full name."""
    return [text for sentence in _titled_sentences(context) for text in people.registry_texts(sentence, context)]


def _compare_set(context: Context) -> list[Discrepancy]:
    all_titles = [
        title
        for sentence in _titled_sentences(context)
        for title in titles(sentence, context)
        if title.words and not title.past
    ]
    cluster = _clusters(all_titles)
    # person -> source -> normalized title -> first Title with it
    table: dict[str, dict[str, dict[frozenset[str], Title]]] = {}
    for title in all_titles:
        person = cluster[title.person.key]
        table.setdefault(person, {}).setdefault(title.sentence.source, {}).setdefault(title.words, title)
    found: list[Discrepancy] = []
    for person, by_source in table.items():
        # (title A, title B) -> sources on each side
        sides: dict[tuple[frozenset[str], frozenset[str]], tuple[dict[str, Title], dict[str, Title]]] = {}
        sources = list(by_source)
        for position, left in enumerate(sources):
            for right in sources[position + 1 :]:
                for words, title in by_source[left].items():
                    if any(not conflicting(words, other) for other in by_source[right]):
                        continue  # the other source also uses a title compatible with this one
                    for other_words, other in by_source[right].items():
                        if any(not conflicting(other_words, mine) for mine in by_source[left]):
                            continue
                        pair, flipped = _ordered(words, other_words)
                        first_side, second_side = sides.setdefault(pair, ({}, {}))
                        (second_side if flipped else first_side).setdefault(left, title)
                        (first_side if flipped else second_side).setdefault(right, other)
        order = {source: position for position, source in enumerate(context.sentences)}
        for pair_sides in sides.values():
            # Sources in reading order, and the side of the first source first.
            first_side, second_side = (
                dict(sorted(side.items(), key=lambda item: order[item[0]]))
                for side in sorted(pair_sides, key=lambda side: min(order[source] for source in side))
            )
            found.append(_finding(person, first_side, second_side, context))
    return found


def _ordered(first: frozenset[str], second: frozenset[str]) -> tuple[tuple[frozenset[str], frozenset[str]], bool]:
    if sorted(first) <= sorted(second):
        return (first, second), False
    return (second, first), True


def _finding(person: str, first: dict[str, Title], second: dict[str, Title], context: Context) -> Discrepancy:
    name = _display_name(person, [*first.values(), *second.values()])

    def side(titles_by_source: dict[str, Title]) -> str:
        labels = [context.label(source) for source in titles_by_source]
        verb = "says" if len(labels) == 1 else "say"
        return f"{', '.join(labels)} {verb} {next(iter(titles_by_source.values())).text}"

    summary = f"Title of {name}: {side(first)}; {side(second)}"
    items = tuple(
        evidence(title.sentence, title.text, [(title.start, title.end)])
        for title in [*first.values(), *second.values()]
    )
    return Discrepancy(type="role", severity="medium", summary=summary, evidence=items)


def _display_name(person: str, found: list[Title]) -> str:
    names = [title.person.name for title in found if people.canonical(title.person.name) == person]
    return names[0] if names else max((title.person.name for title in found), key=len)
