"""Direct quotations with their speakers, compared across the sources of a set.

``find_quotes`` reads the quoted spans of a sentence (straight or curly double quotes; single quotes
nested inside stay part of the quote); ``sentence_quotes`` adds the speaker from the dependency parse
(the subject of an attribution verb outside the quote, "according to X", a participle such as
"stating on X" taking its clause's subject, "he said" resolved to the last named subject of the
preceding sentences, an unattributed quote sentence continuing the previous one's speaker).

``compare_set`` is a set comparator: the same statement is often quoted in sentences the aligner
did not put together (a quote split over two sentences by "he added", a fragment inside reported
speech), so every quote is compared with every quote of the other sources that shares a run of
three words with it (an inverted index keeps this near-linear). Three findings come out:

- ``quote``: the same quote with words changed inside the part both sources quote. A quote that is
  a fragment of a longer one is a truncation, not a change; a long gap on one side is an elision.
- ``quote`` (medium): two different wordings presented as direct quotes of the same speaker (a
  translation), found from high sentence similarity and low word overlap.
- ``attribution`` (high): the same words given to differently named speakers. An unresolved
  pronoun or a bare title ("the secretary") is an unknown speaker, never a conflict.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from rapidfuzz import fuzz

from checker.facts.base import Context, Discrepancy, evidence
from checker.facts.nlp import parse
from checker.models import Sentence, Severity

__all__ = ["Quote", "Word", "compare_set", "find_quotes", "same_speaker", "sentence_quotes", "set_reads", "words"]

_OPENERS = {'"': '"', "“": "”", "„": "“", "«": "»"}
# Closers accepted for each opener: outlets mix straight and curly marks.
_CLOSERS = {'"': '"”', "“": '”"', "„": "“”", "«": "»"}
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_ELLIPSIS = re.compile(r"\.\.\.|…")

# Verbs that attribute speech (lemmas). "according to" is handled separately.
_SAY_VERBS = frozenset(
    "say add post tell write state declare announce tweet insist argue claim note explain warn ask reply respond "
    "continue urge acknowledge admit comment remark describe suggest indicate reveal conclude emphasize stress "
    "vow promise call predict testify recall caution complain boast concede confirm deny assert quip".split()
)
# Titles and roles: a subject made only of these is a description, not a name.
_ROLES = frozenset(
    "mr mrs ms dr sir president vice secretary minister prime foreign defense defence state spokesman spokeswoman "
    "spokesperson official officials leader chairman chairwoman chair senator sen rep representative governor gov "
    "mayor ambassador envoy director chief general gen judge justice king queen prince pope adviser advisor aide "
    "the a an former u.s. us white house kremlin national security special".split()
)
_ORGANIZATIONS = frozenset(
    "news times post journal office committee department ministry party agency council court union association "
    "institute university campaign commission bureau service network press magazine".split()
)
_PRONOUNS = frozenset("he she they him her them his".split())
_NEGATIONS = frozenset("not no never nothing none nobody neither nor without cannot".split())
_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred thousand "
    "million billion dozen half".split()
)
_FUNCTION_WORDS = frozenset(
    "a an the this that these those of in on at to for from by with as and or but if so than then it its is are "
    "was were be been am will would can could shall should may might must do does did has have had i we you he "
    "she they me us him her them my our your his their there here which who whom what very just also all any some".split()
)
_MIN_WORDS = 3  # shorter quotes ("unrealistic", "went well") are labels, not statements to compare
_ANCHOR = 3  # words in a row that tie two quotes together
_MAX_CHANGE = 3  # at most this many words replaced on each side count as a wording change
# Sentence cosine above which two same-speaker quotes may be one statement in two wordings. Stricter than
# alignment (0.70): on STS news pairs, 0.775 aligns about 5% of different-fact pairs (11.5% at 0.70), and
# a false "two wordings" finding accuses an outlet of misquoting (bench/calibrate_alignment.py).
_PARAPHRASE_SIMILARITY = 0.775
_PARAPHRASE_OVERLAP = 0.5  # ...unless this share of the shorter quote is word for word the same
_PARAPHRASE_CONTENT = 0.4  # share of the shorter quote's content lemmas the other must also use
_COMMON_TRIGRAM = 40  # a trigram in more quotes than this ("one of the") does not propose pairs
_LOOKBACK = 3  # sentences searched back for the person "he" refers to


@dataclass(frozen=True, slots=True)
class Word:
    """A word of a quote: ``norm`` (lower case, curly apostrophe straightened) at ``start:end`` of the sentence."""

    norm: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Quote:
    """A quoted span of a sentence and who the sentence says spoke it.

    start, end: offsets of the quoted words (inside the marks) in the sentence text.
    text: the quoted words, ``sentence.text[start:end]``.
    partial: a fragment embedded in reported speech (``said he "agreed to..."``), not a whole utterance.
    speaker: the speaker's name as written ("Trump", "Dmitry Peskov"), a description ("the secretary"),
        or None when unknown.
    named: ``speaker`` is a name (only names can conflict).
    speaker_span: offsets of the speaker mention in the sentence ("he" when resolved), or None when the
        speaker comes from an earlier sentence.
    explicit: the sentence itself names the speaker (not a resolved pronoun or a continued quote).
    """

    start: int
    end: int
    text: str
    partial: bool
    speaker: str | None = None
    named: bool = False
    speaker_span: tuple[int, int] | None = None
    explicit: bool = False


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Offsets of the quoted spans of ``text`` (inside the marks, outer whitespace trimmed), in order.

    A quote left open at the end of the text (a quotation running on into the next paragraph) runs to the end.
    """
    spans: list[tuple[int, int]] = []
    opener: str | None = None
    begin = 0
    for position, char in enumerate(text):
        if opener is None:
            if char in _OPENERS and not _is_inch_mark(text, position):
                opener, begin = char, position + 1
        elif char in _CLOSERS[opener]:
            spans.append((begin, position))
            opener = None
    if opener is not None:
        spans.append((begin, len(text)))
    trimmed = []
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if _WORD.search(text, start, end):
            trimmed.append((start, end))
    return trimmed


def _is_inch_mark(text: str, position: int) -> bool:
    # 5'10" or a 32" screen: a straight quote right after a digit opens nothing.
    return text[position] == '"' and position > 0 and text[position - 1].isdigit()


def words(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """The words of ``text[start:end]`` with sentence offsets, normalized for comparison."""
    stop = len(text) if end is None else end
    return [
        Word(match.group().lower().replace("’", "'"), match.start(), match.end())
        for match in _WORD.finditer(text, start, stop)
    ]


# --- speakers ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Mention:
    """A speaker mention: name or description, whether it is a name, a pronoun, and its offsets."""

    text: str
    named: bool
    pronoun: bool
    span: tuple[int, int]


def _inside(spans: list[tuple[int, int]], position: int) -> bool:
    # Marks included: the quote mark itself belongs to the quote.
    return any(start - 1 <= position <= end for start, end in spans)


def _mention(token) -> _Mention | None:  # type: ignore[no-untyped-def]
    """The speaker mention headed by ``token``: a PERSON entity, a capitalized name, a pronoun or a title."""
    lower = token.text.lower()
    if lower in _PRONOUNS:
        return _Mention(token.text, False, True, (token.idx, token.idx + len(token.text)))
    if token.ent_type_ == "PERSON":
        entity = next(entity for entity in token.doc.ents if entity.start <= token.i < entity.end)
        parts = [part for part in entity if part.text.lower().strip(".") not in _ROLES]
        if parts:
            start, end = parts[0].idx, parts[-1].idx + len(parts[-1].text)
            return _Mention(token.doc.text[start:end], True, False, (start, end))
    if token.ent_type_ in {"GPE", "NORP", "WORK_OF_ART", "LOC", "FAC", "PRODUCT"} or (
        token.ent_type_ == "ORG" and token.lower_ in _ORGANIZATIONS
    ):
        return None  # "Fox News", "the Times", "Missourians" are not people (the small model tags Trump ORG)
    chain = [child for child in token.lefts if child.dep_ == "compound"] + [token]
    names = [part for part in chain if part.text[:1].isupper() and part.text.lower().strip(".") not in _ROLES]
    if token.pos_ in {"PROPN", "NOUN"} and names and names[-1].i == token.i:
        start, end = names[0].idx, token.idx + len(token.text)
        return _Mention(token.doc.text[start:end], True, False, (start, end))
    if token.pos_ in {"NOUN", "PROPN"} and lower.strip(".") in _ROLES:
        first = min([token, *token.lefts], key=lambda part: part.i)
        return _Mention(
            token.doc.text[first.idx : token.idx + len(token.text)],
            False,
            False,
            (first.idx, token.idx + len(token.text)),
        )
    return None


def _subject(verb, quoted: list[tuple[int, int]]):  # type: ignore[no-untyped-def]
    """The subject of an attribution verb; a participle ("stating", "adding") takes its clause's subject."""
    for _ in range(3):
        subjects = [child for child in verb.children if child.dep_ == "nsubj" and not _inside(quoted, child.idx)]
        if subjects:
            return subjects[0]
        if verb.dep_ in {"advcl", "conj", "xcomp", "pcomp"} and verb.head.i != verb.i:
            verb = verb.head
        else:
            return None
    return None


def _attributions(text: str, quoted: list[tuple[int, int]]) -> list[tuple[int, _Mention]]:
    """(offset of the attribution verb, speaker mention) for each attribution outside the quotes."""
    found = []
    for token in parse(text):
        if _inside(quoted, token.idx):
            continue
        if token.lemma_ in _SAY_VERBS and token.pos_ in {"VERB", "AUX"}:
            subject = _subject(token, quoted)
        elif token.lower_ == "according" and token.i + 1 < len(token.doc) and token.nbor(1).lower_ == "to":
            subject = next((child for child in token.nbor(1).children if child.dep_ == "pobj"), None)
        else:
            continue
        mention = _mention(subject) if subject is not None else None
        if mention is not None:
            found.append((token.idx, mention))
    return found


def _partial(text: str, start: int) -> bool:
    """A quote starting at ``start`` is a fragment of reported speech, not a whole utterance."""
    before = text[: start - 1].rstrip()
    return bool(before) and before[-1] not in ",:;" or text[start : start + 1].islower()


@lru_cache(maxsize=20000)
def _local_quotes(text: str) -> tuple[tuple[Quote, bool], ...]:
    """Quotes of a sentence with the speaker the sentence itself gives; the flag says "resolve a pronoun"."""
    spans = find_quotes(text)
    if not spans:
        return ()
    attributions = _attributions(text, spans)
    result = []
    for start, end in spans:
        partial = _partial(text, start)
        mention = None
        if attributions:
            # The nearest attribution verb speaks the quote; ties go to the later one ("..., he said").
            middle = (start + end) / 2
            mention = min(attributions, key=lambda item: (abs(item[0] - middle), -item[0]))[1]
        if mention is None:
            result.append((Quote(start, end, text[start:end], partial), False))
        else:
            quote = Quote(
                start, end, text[start:end], partial, mention.text, mention.named, mention.span, mention.named
            )
            result.append((quote, mention.pronoun))
    return tuple(result)


@lru_cache(maxsize=20000)
def _referent(text: str) -> tuple[str | None, bool]:
    """Who a "he" in the next sentence most likely means: the named speaker of ``text``, else the named
    subject of its main verb. The flag says the main subject is itself a pronoun (search further back)."""
    try:
        spans = find_quotes(text)
        speakers = [mention.text for _, mention in _attributions(text, spans) if mention.named]
        if speakers:
            return speakers[-1], False
        for token in parse(text):
            if token.dep_ == "ROOT":
                subject = next((child for child in token.children if child.dep_ in {"nsubj", "nsubjpass"}), None)
                mention = _mention(subject) if subject is not None else None
                if mention is not None and mention.named:
                    return mention.text, False
                return None, bool(mention and mention.pronoun)
    except Exception:  # an unparsable sentence tells nothing about "he"
        pass
    return None, False


def _resolve(sentence: Sentence, context: Context) -> str | None:
    """The person "he" in ``sentence`` refers to: the speaker or main subject of a preceding sentence.

    Sentences whose main subject is not a person ("The president put emphasis on...") are skipped, up to
    three back; None when nothing is found (an unknown speaker never conflicts).
    """
    earlier = [item for item in context.sentences.get(sentence.source, ()) if item.index < sentence.index]
    for item in reversed(earlier[-_LOOKBACK:]):
        named, _ = _referent(item.text)
        if named is not None:
            return named
    return None


def sentence_quotes(sentence: Sentence, context: Context) -> list[Quote]:
    """The quotes of ``sentence`` with their speakers, pronouns resolved within the same article."""
    try:
        local = _local_quotes(sentence.text)
    except Exception:  # untrusted text must never stop a run; an unparsable sentence has no quotes
        return []
    quotes = []
    for quote, pronoun in local:
        if pronoun:
            name = _resolve(sentence, context)
            quote = Quote(quote.start, quote.end, quote.text, quote.partial, name, name is not None, quote.speaker_span)
        elif quote.speaker is None and _whole_quote(sentence.text, quote):
            quote = _continued(sentence, quote, context)
        quotes.append(quote)
    return quotes


def _whole_quote(text: str, quote: Quote) -> bool:
    return not text[: quote.start - 1].strip() and not _WORD.search(text, quote.end)


def _continued(sentence: Sentence, quote: Quote, context: Context) -> Quote:
    """An unattributed quote sentence continues the quote of the sentence before it."""
    earlier = [item for item in context.sentences.get(sentence.source, ()) if item.index == sentence.index - 1]
    if earlier:
        previous = sentence_quotes(earlier[0], context)
        if previous and previous[-1].speaker is not None:
            speaker = previous[-1]
            return Quote(quote.start, quote.end, quote.text, quote.partial, speaker.speaker, speaker.named, None)
    return quote


def same_speaker(first: str, second: str) -> bool:
    """Whether two speaker names can be the same person (conservative: any shared name part matches)."""
    left = [part for part in re.split(r"[\s.]+", first.lower()) if len(part) > 1 and part not in _ROLES]
    right = [part for part in re.split(r"[\s.]+", second.lower()) if len(part) > 1 and part not in _ROLES]
    if not left or not right:
        return True
    return any(fuzz.ratio(one, two) >= 85 for one in left for two in right)


# --- comparing quotes ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Item:
    """A quote ready to compare: its sentence, the quote, its words, and the word positions that follow
    an ellipsis (an outlet's own marked cut: a gap there is an elision, not a change)."""

    sentence: Sentence
    quote: Quote
    words: tuple[Word, ...]
    breaks: frozenset[int]

    @property
    def norms(self) -> list[str]:
        return [word.norm for word in self.words]


def _has_quote_mark(text: str) -> bool:
    return any(mark in text for mark in _OPENERS)


def _items(context: Context) -> list[_Item]:
    """Every quote of three words or more in the set, in reading order, without its speaker yet.

    Finding the speaker takes a dependency parse; ``_spoken`` adds it only to the quotes compared.
    """
    items = []
    for sentences in context.sentences.values():
        for sentence in sentences:
            if not _has_quote_mark(sentence.text):
                continue
            text = sentence.text
            for start, end in find_quotes(text):
                quoted = words(text, start, end)
                if len(quoted) < _MIN_WORDS:
                    continue
                cuts = [match.start() for match in _ELLIPSIS.finditer(text, start, end)]
                breaks = frozenset(
                    next((position for position, word in enumerate(quoted) if word.start >= cut), len(quoted))
                    for cut in cuts
                )
                quote = Quote(start, end, text[start:end], _partial(text, start))
                items.append(_Item(sentence, quote, tuple(quoted), breaks))
    return items


def _spoken(item: _Item, context: Context) -> _Item:
    """The item with the speaker its sentence (or article) gives the quote."""
    for quote in sentence_quotes(item.sentence, context):
        if (quote.start, quote.end) == (item.quote.start, item.quote.end):
            return _Item(item.sentence, quote, item.words, item.breaks)
    return item


@dataclass(frozen=True, slots=True)
class _Plan:
    """What ``compare_set`` compares, found without parsing: quotes and the pairs worth a look.

    matches: (one, two, anchored, changes) for pairs of quotes that share a run of words.
    matched: their sentence pairs. paraphrases: pairs of whole quotes in similar sentences.
    """

    items: list[_Item]
    matches: list[tuple[int, int, int, list[_Change]]]
    matched: set[tuple[str, str]]
    paraphrases: list[tuple[int, int]]


def _plan(context: Context) -> _Plan:
    """The quotes of the set and which of them ``compare_set`` compares (worked out once per context)."""
    return context.derived("quotes.plan", _make_plan)


def _make_plan(context: Context) -> _Plan:
    items = _items(context)
    matches = []
    matched: set[tuple[str, str]] = set()  # sentence pairs that quote the same words
    for one, two in _candidate_pairs(items):
        anchored, share, changes = _match(items[one], items[two])
        if anchored < _ANCHOR or share < _PARAPHRASE_OVERLAP:
            continue  # a shared phrase or two, not the same quote
        matches.append((one, two, anchored, changes))
        matched.add((items[one].sentence.key, items[two].sentence.key))
    whole = [number for number, item in enumerate(items) if not item.quote.partial and len(item.words) >= 6]
    paraphrases = []
    for position, one in enumerate(whole):
        for two in whole[position + 1 :]:
            first, second = items[one], items[two]
            if first.sentence.source == second.sentence.source:
                continue
            pair = (first.sentence.key, second.sentence.key)
            if pair in matched or pair[::-1] in matched:
                continue
            if context.similarity(first.sentence, second.sentence) < _PARAPHRASE_SIMILARITY:
                continue
            if _match(first, second)[1] >= _PARAPHRASE_OVERLAP:
                continue
            paraphrases.append((one, two))
    return _Plan(items, matches, matched, paraphrases)


def set_reads(context: Context) -> list[str]:
    """The sentences ``compare_set`` parses: those of quotes it compares (not every quoted sentence)."""
    plan = _plan(context)
    pairs = [(one, two) for one, two, *_ in plan.matches] + plan.paraphrases
    return [plan.items[number].sentence.text for pair in pairs for number in pair]


def _candidate_pairs(items: list[_Item]) -> list[tuple[int, int]]:
    """Pairs of quotes of different sources sharing a word trigram, without comparing every pair."""
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for number, item in enumerate(items):
        norms = item.norms
        for trigram in {tuple(norms[position : position + 3]) for position in range(len(norms) - 2)}:
            index[trigram].append(number)
    pairs: set[tuple[int, int]] = set()
    for members in index.values():
        if len(members) > _COMMON_TRIGRAM:
            continue
        for position, first in enumerate(members):
            for second in members[position + 1 :]:
                if items[first].sentence.source != items[second].sentence.source:
                    pairs.add((first, second))
    return sorted(pairs)


@dataclass(frozen=True, slots=True)
class _Change:
    """Words that differ between two anchored runs: ``first[a0:a1]`` against ``second[b0:b1]``."""

    a0: int
    a1: int
    b0: int
    b1: int
    severity: Severity


def _severity(removed: list[str], added: list[str]) -> Severity:
    """High when the change flips a negation or a number, low for one or two function words, else medium."""

    def negated(group: list[str]) -> bool:
        return any(word in _NEGATIONS or word.endswith("n't") for word in group)

    changed = set(removed) ^ set(added)
    if negated(removed) != negated(added) or any(word.isdigit() or word in _NUMBER_WORDS for word in changed):
        return "high"
    if len(removed) <= 2 and len(added) <= 2 and all(word in _FUNCTION_WORDS for word in changed):
        return "low"
    return "medium"


_CONTRACTIONS = {
    "n't": ["not"],
    "'ll": ["will"],
    "'ve": ["have"],
    "'re": ["are"],
    "'m": ["am"],
    "'s": ["is"],
    "'d": ["would"],
}
_DIGITS = {
    word: str(value) for value, word in enumerate("zero one two three four five six seven eight nine ten".split())
}


def _expanded(group: list[str]) -> list[str]:
    """Words with contractions spelt out and small numbers as digits: "we'll" is "we will", "two" is "2"."""
    result: list[str] = []
    for word in group:
        for ending, replacement in _CONTRACTIONS.items():
            if word.endswith(ending) and len(word) > len(ending):
                stem = word[: -len(ending)]
                result += [{"wo": "will", "ca": "can"}.get(stem, stem), *replacement]
                break
        else:
            result.append(_DIGITS.get(word, word))
    return result


def _spelling_variant(removed: list[str], added: list[str]) -> bool:
    # "defence"/"defense", "Zelensky"/"Zelenskyy": a spelling, not a wording.
    return len(removed) == len(added) and all(
        len(one) >= 5 and fuzz.ratio(one, two) >= 80 for one, two in zip(removed, added, strict=True)
    )


def _common(left: list[str], right: list[str]) -> int:
    """Length of the common prefix of two word lists."""
    size = 0
    while size < min(len(left), len(right)) and left[size] == right[size]:
        size += 1
    return size


def _match(first: _Item, second: _Item) -> tuple[int, float, list[_Change]]:
    """Words quoted alike (in runs of three or more), their share of the shorter quote, and the changes."""
    left, right = first.norms, second.norms
    blocks = SequenceMatcher(None, left, right, autojunk=False).get_matching_blocks()
    anchors = [block for block in blocks if block.size >= _ANCHOR]
    anchored = sum(block.size for block in anchors)
    share = anchored / max(1, min(len(left), len(right)))
    changes = []
    regions = [
        (before.a + before.size, after.a, before.b + before.size, after.b)
        for before, after in zip(anchors, anchors[1:], strict=False)
    ]
    if anchors:
        # Before the first and after the last anchor, a shared first (last) word shows both quotes start
        # (end) at the same place, so what differs there is a change, not a truncation.
        first_anchor, last_anchor = anchors[0], anchors[-1]
        prefix = _common(left[: first_anchor.a], right[: first_anchor.b])
        if prefix:
            regions.insert(0, (prefix, first_anchor.a, prefix, first_anchor.b))
        a_tail, b_tail = last_anchor.a + last_anchor.size, last_anchor.b + last_anchor.size
        suffix = _common(left[a_tail:][::-1], right[b_tail:][::-1])
        if suffix:
            regions.append((a_tail, len(left) - suffix, b_tail, len(right) - suffix))
    for a0, a1, b0, b1 in regions:
        if a0 == a1 and b0 == b1:
            continue
        if a1 - a0 > _MAX_CHANGE or b1 - b0 > _MAX_CHANGE:
            continue  # one side quotes much more here: an elision, not a changed word
        if any(a0 <= cut <= a1 for cut in first.breaks) or any(b0 <= cut <= b1 for cut in second.breaks):
            continue
        removed, added = _expanded(left[a0:a1]), _expanded(right[b0:b1])
        if removed == added or _spelling_variant(removed, added):
            continue  # "we'll" against "we will", "two" against "2", "defence" against "defense"
        changes.append(_Change(a0, a1, b0, b1, _severity(removed, added)))
    return anchored, share, changes


def _span(item: _Item, start: int, end: int) -> tuple[int, int]:
    """Sentence offsets of words ``start:end`` of the quote; an empty range marks the words around it."""
    if start == end:
        start, end = max(0, start - 1), min(len(item.words), end + 1)
    return item.words[start].start, item.words[end - 1].end


def _excerpt(item: _Item, start: int, end: int) -> str:
    """The changed words with two words of shared context either side, as the sentence writes them."""
    low, high = max(0, start - 2), min(len(item.words), end + 1)
    return item.sentence.text[item.words[low].start : item.words[high - 1].end]


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _speaker_words(item: _Item) -> str:
    return f" ({item.quote.speaker})" if item.quote.speaker else ""


def _wording(first: _Item, second: _Item, changes: list[_Change], context: Context) -> Discrepancy:
    rank = {"high": 0, "medium": 1, "low": 2}
    worst = min(changes, key=lambda change: rank[change.severity])
    left, right = _excerpt(first, worst.a0, worst.a1), _excerpt(second, worst.b0, worst.b1)
    more = f" and {len(changes) - 1} more change(s)" if len(changes) > 1 else ""
    summary = (
        f"Quote wording{_speaker_words(first) or _speaker_words(second)}: {context.label(first.sentence.source)} "
        f"quotes “{left}”; {context.label(second.sentence.source)} quotes “{right}”{more}"
    )
    return Discrepancy(
        type="quote",
        severity=worst.severity,
        summary=summary,
        evidence=(
            evidence(first.sentence, left, [_span(first, change.a0, change.a1) for change in changes]),
            evidence(second.sentence, right, [_span(second, change.b0, change.b1) for change in changes]),
        ),
    )


def _attribution(first: _Item, second: _Item, context: Context) -> Discrepancy:
    quoted = _shorten(first.quote.text, 50)
    summary = (
        f"Who said it: {context.label(first.sentence.source)} attributes “{quoted}” to {first.quote.speaker}; "
        f"{context.label(second.sentence.source)} to {second.quote.speaker}"
    )

    def side(item: _Item) -> tuple[int, int]:
        return item.quote.speaker_span or (item.quote.start, item.quote.end)

    return Discrepancy(
        type="attribution",
        severity="high",
        summary=summary,
        evidence=(
            evidence(first.sentence, first.quote.speaker, [side(first)]),
            evidence(second.sentence, second.quote.speaker, [side(second)]),
        ),
    )


def _paraphrase(first: _Item, second: _Item, context: Context) -> Discrepancy:
    left, right = _shorten(first.quote.text), _shorten(second.quote.text)
    summary = (
        f"Two wordings of one quote ({first.quote.speaker}): {context.label(first.sentence.source)} quotes "
        f"“{left}”; {context.label(second.sentence.source)} quotes “{right}”"
    )
    return Discrepancy(
        type="quote",
        severity="medium",
        summary=summary,
        evidence=(
            evidence(first.sentence, first.quote.text, [(first.quote.start, first.quote.end)]),
            evidence(second.sentence, second.quote.text, [(second.quote.start, second.quote.end)]),
        ),
    )


def _content(item: _Item) -> frozenset[str]:
    """Lemmas of the quote's content words (a translation keeps most of them: peace, want, Ukraine)."""
    doc = parse(item.sentence.text)
    return frozenset(
        token.lemma_.lower()
        for token in doc
        if item.quote.start <= token.idx < item.quote.end
        and token.pos_ in {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}
        and not token.is_stop
    )


def _paraphrase_candidate(item: _Item) -> bool:
    return item.quote.named and not item.quote.partial and len(item.words) >= 6


def compare_set(context: Context) -> list[Discrepancy]:
    """Changed words, two wordings and different speakers of the same quote, across all sources."""
    try:
        return _compare_set(context)
    except Exception:  # a comparator must never stop a run on odd input
        return []


def _compare_set(context: Context) -> list[Discrepancy]:
    plan = _plan(context)
    spoken: dict[int, _Item] = {}

    def item(number: int) -> _Item:
        if number not in spoken:
            spoken[number] = _spoken(plan.items[number], context)
        return spoken[number]

    found: dict[tuple[object, ...], Discrepancy] = {}
    for one, two, anchored, changes in plan.matches:
        first, second = item(one), item(two)
        if changes:
            discrepancy = _wording(first, second, changes, context)
            found.setdefault(discrepancy.key, discrepancy)
        # Only speakers each sentence names itself: a resolved "he" is our guess and must not accuse anyone.
        speakers_known = first.quote.explicit and second.quote.explicit
        if anchored >= 5 and speakers_known and not same_speaker(first.quote.speaker or "", second.quote.speaker or ""):
            discrepancy = _attribution(first, second, context)
            found.setdefault(discrepancy.key, discrepancy)
    for one, two in plan.paraphrases:
        first, second = item(one), item(two)
        if not (_paraphrase_candidate(first) and _paraphrase_candidate(second)):
            continue
        if not same_speaker(first.quote.speaker or "", second.quote.speaker or ""):
            continue
        left, right = _content(first), _content(second)
        if len(left & right) < _PARAPHRASE_CONTENT * min(len(left), len(right)) or not left & right:
            continue  # similar sentences, but the quotes speak of different things
        discrepancy = _paraphrase(first, second, context)
        found.setdefault(discrepancy.key, discrepancy)
    return list(found.values())
