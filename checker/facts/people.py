"""People named in a sentence, with a canonical key that unifies spellings across sources.

``mentions(sentence, context)`` finds person names three ways:

- spaCy PERSON entities, trimmed of leading titles ("President"), possessives ("Rubio’s") and punctuation;
- a title word followed by capitalized names ("CIA Director John Ratcliffe"), for names spaCy misses;
- a capitalized word equal to the surname of a full name the same article uses elsewhere ("tasked Rubio",
  which spaCy tags as a place), resolved to that full name ("Marco Rubio").

``canonical(name)`` folds case, diacritics (NFKD), initials with or without dots ("J.D.", "J. D.", "JD"),
and the common transliteration endings of Slavic names (-yy, -iy, -ii, -yi, -ij -> -y), so "Zelenskyy",
"Zelensky" and "Zelenskiy" share a key. ``same_person`` is conservative: the surnames must agree up to one
edit, and given names, when both sides have them, must agree or be initials of each other.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from checker.facts import geonames
from checker.facts.base import Context
from checker.facts.nlp import entities, parse
from checker.models import Sentence

__all__ = [
    "TITLE_WORDS",
    "PersonMention",
    "canonical",
    "find_people",
    "has_title_word",
    "mentions",
    "registry_texts",
    "same_person",
    "surname",
]

#: Words that head a title before a name ("Director", "adviser", "Gen."); lower-cased, dots kept.
#: General offices and ranks only, so a title+name pattern does not turn every noun into a person.
TITLE_WORDS = frozenset(
    """
    president vice secretary minister director adviser advisor envoy ambassador spokesman spokeswoman
    spokesperson chancellor premier senator sen. representative rep. congressman congresswoman governor gov.
    mayor general gen. admiral adm. colonel col. lieutenant lt. major maj. captain capt. sergeant sgt.
    commander chief leader head chairman chairwoman chair ceo judge justice prosecutor attorney king queen
    prince princess pope cardinal bishop speaker commissioner superintendent sheriff officer detective
    inspector deputy councilman councilwoman negotiator emir sheikh ayatollah marshal trooper dr. mr. mrs. ms.
    """.split()
)

#: Courtesy titles: they mark a name but are not a title worth comparing.
HONORIFICS = frozenset({"mr.", "mrs.", "ms.", "dr.", "mr", "mrs", "ms", "dr", "sir", "dame", "lady", "lord"})

_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_PARTICLES = frozenset({"de", "da", "di", "del", "van", "von", "der", "bin", "al", "el", "la", "le", "du", "dos"})
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
_POSSESSIVE = re.compile(r"(?:'s|')$", re.IGNORECASE)
# Words capitalized for other reasons that never start or end a name.
_NOT_NAMES = frozenset(
    """
    the a an and or of in on at to for with by from as but he she it they we i his her their its this that
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
    september october november december
    """.split()
)


@dataclass(frozen=True, slots=True)
class PersonMention:
    """A person named in a sentence.

    start, end: offsets of the name in the sentence text, possessive left out ("Marco Rubio" of "Marco Rubio’s").
    text: the name as written there, ``sentence.text[start:end]``.
    name: the fullest form the article uses ("Marco Rubio" for a later "Rubio").
    key: :func:`canonical` of ``name``; equal keys are the same person.
    resolved: the mention is a bare surname resolved to a full name used elsewhere in the article.
    """

    start: int
    end: int
    text: str
    name: str
    key: str
    resolved: bool = False

    @property
    def surname(self) -> str:
        """The canonical surname ("rubio")."""
        return surname(self.key)

    @property
    def full(self) -> bool:
        """The key holds a given name (or initials) besides the surname."""
        return len(_name_tokens(self.key)) >= 2


@lru_cache(maxsize=65536)
def canonical(name: str) -> str:
    """The comparison key of a name: lower case, no diacritics, initials merged, transliteration folded.

    "J. D. Vance" and "JD Vance" -> "jd vance"; "Zelenskyy" -> "zelensky"; "Donald Trump Jr." -> "donald trump jr".
    Never raises; an empty or nameless string gives "".
    """
    text = unicodedata.normalize("NFKD", str(name)).translate(_APOSTROPHES)
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = _POSSESSIVE.sub("", text.strip())
    raw = [token for token in re.split(r"[\s,]+", text) if token]
    all_caps = all(token.isupper() for token in raw if any(char.isalpha() for char in token))
    tokens: list[str] = []
    initials = ""
    for position, token in enumerate(raw):
        bare = token.replace(".", "").strip("'-")
        if not any(char.isalpha() for char in bare):
            continue
        lower = bare.casefold()
        last = position == len(raw) - 1
        if last and lower in _SUFFIXES and len(tokens) + bool(initials) >= 2:
            if initials:
                tokens.append(initials)
                initials = ""
            tokens.append(lower)
            break
        # "J.D.", "J.", and short all-capital tokens such as "JD" are initials (not in an all-caps headline).
        if not last and (
            re.fullmatch(r"(?:[A-Za-z]\.)+", token) or (bare.isupper() and len(bare) <= 2 and not all_caps)
        ):
            initials += lower
            continue
        if initials:
            tokens.append(initials)
            initials = ""
        tokens.append(_fold_transliteration(lower.strip("'-")))
    if initials:
        tokens.append(initials)
    return " ".join(tokens)


def _fold_transliteration(word: str) -> str:
    """Fold the Slavic endings romanized several ways: Zelenskyy/Zelenskiy/Zelenskii/Zelenskij -> zelensky."""
    return re.sub(r"(?:[iy]{2,}|[iy]*ij)$", "y", word) if len(word) > 4 else word


def _name_tokens(key: str) -> list[str]:
    """The tokens of a key without a generational suffix."""
    tokens = key.split()
    if len(tokens) >= 2 and tokens[-1] in _SUFFIXES:
        tokens = tokens[:-1]
    return tokens


def surname(key: str) -> str:
    """The surname of a canonical key (its last token before a suffix; "" for an empty key)."""
    tokens = _name_tokens(key)
    return tokens[-1] if tokens else ""


def _suffix(key: str) -> str:
    tokens = key.split()
    return tokens[-1] if len(tokens) >= 2 and tokens[-1] in _SUFFIXES else ""


def _given(key: str) -> list[str]:
    return [token for token in _name_tokens(key)[:-1] if token not in _PARTICLES]


def _close(first: str, second: str) -> bool:
    """The same word up to one edit, for words long enough that one edit is a misspelling."""
    return first == second or (min(len(first), len(second)) >= 6 and Levenshtein.distance(first, second) <= 1)


def same_person(first: PersonMention | str, second: PersonMention | str) -> bool:
    """Whether two mentions (or names) can be the same person.

    Surnames must agree up to one edit (for surnames of six letters or more); given names, when both have
    them, must agree up to one edit or be initials of each other ("JD" ~ "James David", "J." ~ "John");
    generational suffixes must not disagree ("Donald Trump" vs "Donald Trump Jr." are two people).
    """
    left = first.key if isinstance(first, PersonMention) else canonical(first)
    right = second.key if isinstance(second, PersonMention) else canonical(second)
    if not left or not right:
        return False
    if left == right:
        return True
    if not _close(surname(left), surname(right)):
        return False
    if _suffix(left) != _suffix(right) and _given(left) and _given(right):
        return False
    given_left, given_right = _given(left), _given(right)
    if not given_left or not given_right:
        return True
    return _given_match(given_left, given_right)


def _given_match(left: list[str], right: list[str]) -> bool:
    """First given names agree up to one edit (five letters or more), or one is initials or a short form."""
    first, second = left[0], right[0]
    if first == second or (min(len(first), len(second)) >= 5 and Levenshtein.distance(first, second) <= 1):
        return True
    for short, long_name, others in ((first, second, right), (second, first, left)):
        # "jd" stands for "James David"; "j" for "John"; "ed" for "Edward".
        if len(short) <= 3 and len(long_name) > len(short):
            initials = "".join(token[0] for token in others)
            if initials.startswith(short) or long_name.startswith(short):
                return True
    return False


# ---------------------------------------------------------------- finding names in text


# A title word as a whole word, as spaCy would cut it out as a token (a superset: "envoy" in "envoy2" too).
_TITLE_WORD = re.compile(
    r"(?<![^\W\d_])(?:"
    + "|".join(re.escape(word) for word in sorted(TITLE_WORDS, key=len, reverse=True))
    + r")(?![^\W\d_])"
)
_POSSESSIVE_TOKENS = frozenset({"'s", "'", "’s", "’"})


def has_title_word(text: str) -> bool:
    """True when a word of ``text`` may be a title word: only such sentences can hold a title or a title+name."""
    return _TITLE_WORD.search(text.casefold()) is not None


def may_hold_full_name(text: str) -> bool:
    """True unless ``text`` surely names nobody in full: a full name has two words with capitals at most
    two words apart ("Ursula von der Leyen", "Bashar al-Assad", "J.D. Vance")."""
    capitalized = [position for position, word in enumerate(text.split()) if any(char.isupper() for char in word)]
    return any(later - earlier <= 3 for earlier, later in zip(capitalized, capitalized[1:], strict=False))


def _capitalized(word: str) -> bool:
    return bool(word) and word[0].isupper() and word.casefold() not in _NOT_NAMES


def _trim(doc, start: int, end: int) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Token range of a name: leading titles and trailing possessives/punctuation dropped."""
    while start < end and (doc[start].text.casefold() in TITLE_WORDS or not _capitalized(doc[start].text)):
        start += 1
    # The possessive by its text, not its tag: entity-only parses have no tags (see ``find_people``).
    while end > start and (
        doc[end - 1].text.lower() in _POSSESSIVE_TOKENS or not any(char.isalpha() for char in doc[end - 1].text)
    ):
        end -= 1
    return start, end


def _title_names(doc) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """Token ranges of capitalized names right after a title word ("Director John Ratcliffe")."""
    found: list[tuple[int, int]] = []
    for token in doc:
        if token.text.casefold() not in TITLE_WORDS or (token.ent_type_ and token.ent_type_ != "PERSON"):
            continue
        end = token.i + 1
        while (
            end < len(doc)
            and end - token.i <= 3
            and _capitalized(doc[end].text)
            and doc[end].text.casefold() not in TITLE_WORDS
            and doc[end].pos_ == "PROPN"
            # spaCy often tags a name after a title as an organization ("Chancellor Olaf Scholz" -> ORG).
            and doc[end].ent_type_ in ("", "PERSON", "ORG", "NORP", "GPE", "LOC")
        ):
            end += 1
            if doc[end - 1].whitespace_ == "" and end < len(doc) and doc[end].tag_ == "POS":
                break
        if end > token.i + 1:
            found.append((token.i + 1, end))
    return found


@lru_cache(maxsize=20000)
def find_people(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, name) of the names in a text from entities and title patterns, without article context.

    Only a sentence with a title word needs the full parse (for the title+name pattern); for the others
    the entities are enough, and cheaper.
    """
    try:
        doc = parse(text) if has_title_word(text) else entities(text)
    except Exception:  # noqa: BLE001 - untrusted text must never stop a run
        return ()
    spans: list[tuple[int, int]] = []
    for entity in doc.ents:
        if entity.label_ == "PERSON":
            start, end = _trim(doc, entity.start, entity.end)
            if end > start:
                spans.append((start, end))
    covered = {index for start, end in spans for index in range(start, end)}
    for start, end in _title_names(doc):
        if not covered.intersection(range(start, end)):
            spans.append((start, end))
    found = []
    for start, end in sorted(spans):
        char_start, char_end = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
        name = _POSSESSIVE.sub("", text[char_start:char_end].translate(_APOSTROPHES))
        char_end = char_start + len(name)
        key = canonical(name)
        if key and not any(char.isdigit() for char in name) and not (" " not in key and key in _places()):
            found.append((char_start, char_end, text[char_start:char_end]))
    return tuple(found)


def _place_names() -> list[str]:
    source = geonames.source()
    names = {country["name"] for country in source.get_countries().values()}
    names.update(city["name"] for city in source.get_cities().values() if city.get("population", 0) >= 100_000)
    return sorted(names)


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    """Canonical names of countries and large cities: a lone capitalized word spaCy calls a person ("Kyiv")."""
    return frozenset(canonical(name) for name in geonames.derived("people.places", __file__, _place_names))


@lru_cache(maxsize=512)
def _registry(texts: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Canonical surname -> the distinct full names (as written first) an article uses for it."""
    names: dict[str, dict[str, str]] = {}
    for text in texts:
        for _, _, name in find_people(text):
            key = canonical(name)
            if len(_name_tokens(key)) >= 2:
                names.setdefault(surname(key), {}).setdefault(key, name)
    registry: dict[str, tuple[str, ...]] = {}
    for last, variants in names.items():
        # "J.D. Vance" and "JD Vance" in one article are one person, not an ambiguity.
        distinct: list[str] = []
        for key, name in variants.items():
            if not any(same_person(key, canonical(other)) for other in distinct):
                distinct.append(name)
        registry[last] = tuple(distinct)
    return registry


def _article_texts(sentence: Sentence, context: Context | None) -> tuple[str, ...]:
    if context is not None and context.sentences.get(sentence.source):
        return tuple(item.text for item in context.sentences[sentence.source])
    return (sentence.text,)


_WORD = re.compile(r"[^\W\d_][\w'’.-]*[^\W\d_]|[^\W\d_]")


def mentions(sentence: Sentence, context: Context | None = None) -> tuple[PersonMention, ...]:
    """The people named in a sentence, in order, each keyed to the fullest name its article uses.

    A bare surname ("Rubio") is a mention when the article names exactly one person with that surname in
    full ("Marco Rubio"), whatever spaCy tagged it as; the article's sentences come from ``context``.
    """
    try:
        return _mentions(sentence.text, _article_texts(sentence, context))
    except Exception:  # noqa: BLE001 - untrusted text must never stop a run
        return ()


@lru_cache(maxsize=20000)
def _keys_in(text: str) -> frozenset[str]:
    """Canonical forms of the words of ``text`` with a capital, whole and cut at - ' . : the surname of
    every name the text gives in full is one of them ("Rubio" of "Marco Rubio", also in "Rubio-led")."""
    keys: set[str] = set()
    for match in _WORD.finditer(text):
        word = match.group()
        if any(char.isupper() for char in word):
            keys.add(canonical(word))
            keys.update(canonical(part) for part in re.split(r"[-'’.]", word) if part)
    keys.discard("")
    return frozenset(keys)


@lru_cache(maxsize=1024)
def _full_name_sentences(article: tuple[str, ...]) -> tuple[tuple[str, frozenset[str]], ...]:
    """The sentences of ``article`` that may name someone in full, with their capitalized-word keys.

    Worked out once per article: every sentence of it looks its surnames up here.
    """
    return tuple((text, _keys_in(text)) for text in article if may_hold_full_name(text))


def _naming(article: tuple[str, ...], keys: Iterable[str]) -> tuple[str, ...]:
    """The sentences of ``article`` that may name in full someone with one of these surnames."""
    wanted = frozenset(keys)
    return tuple(text for text, text_keys in _full_name_sentences(article) if not wanted.isdisjoint(text_keys))


def registry_texts(sentence: Sentence, context: Context | None = None) -> tuple[str, ...]:
    """The article sentences whose names ``mentions(sentence, context)`` may look up (to parse them ahead)."""
    return _naming(_article_texts(sentence, context), _keys_in(sentence.text))


@lru_cache(maxsize=20000)
def _mentions(text: str, article: tuple[str, ...]) -> tuple[PersonMention, ...]:
    names = find_people(text)
    words = [(match, _POSSESSIVE.sub("", match.group().translate(_APOSTROPHES))) for match in _WORD.finditer(text)]
    words = [(match, word) for match, word in words if _capitalized(word)]
    # Only the full names of the surnames looked up below matter: read only the sentences that may hold them.
    looked_up = {surname(canonical(name)) for _, _, name in names} | {canonical(word) for _, word in words}
    registry = _registry(_naming(article, looked_up))
    found: list[PersonMention] = []
    for start, end, name in names:
        key = canonical(name)
        full = registry.get(surname(key), ())
        if len(_name_tokens(key)) == 1 and len(full) == 1:
            found.append(PersonMention(start, end, name, full[0], canonical(full[0]), resolved=True))
        else:
            found.append(PersonMention(start, end, name, name, key))
    taken = [(mention.start, mention.end) for mention in found]
    for match, word in words:
        if any(start < match.end() and match.start() < end for start, end in taken):
            continue
        full = registry.get(canonical(word), ())
        if len(full) == 1 and len(_name_tokens(canonical(word))) == 1:
            end = match.start() + len(word)
            found.append(
                PersonMention(match.start(), end, text[match.start() : end], full[0], canonical(full[0]), True)
            )
    return tuple(sorted(found, key=lambda mention: mention.start))
