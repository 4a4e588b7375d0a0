"""Enumerations in aligned sentences: members one source lists and another leaves out (type "list").

Two kinds of list are read:

- people: consecutive person mentions joined only by commas, "and", "&" or "as well as", their titles
  allowed in between ("Rubio, CIA Director John Ratcliffe, national security adviser Michael Waltz, and ...");
- items: a coordination of three or more noun phrases in spaCy's parse ("Ukraine, the Middle East, Energy").

Two lists are compared only when they play the same role in their sentences: the word that governs them
(the verb or noun they depend on, through a preposition) is the same lemma or in the same small frame
(composing a team, discussing topics, a meeting, naming victims), and they share at least two members, or
half of the shorter list. A member is flagged as missing only if the other sentence does not mention it at
all (a person outside the list, "Vance and Rubio's meeting with Zelensky", is not an omission) and the
other list is not open-ended ("including", "such as", "and others", "various other subjects").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from checker.facts import people, roles
from checker.facts.base import Context, Discrepancy, evidence
from checker.facts.nlp import parse
from checker.models import Sentence

__all__ = ["Enumeration", "Member", "compare_sentences", "enumerations"]

#: A list of people resolves bare surnames through the article's full names: their sentences' entities.
member_entities = people.registry_texts

_SEPARATOR = re.compile(r"\s*(?:['’]s)?\s*(?:,\s*(?:and|&|as well as|plus)?|and|&|as well as|plus)\s*", re.IGNORECASE)
_CONJUNCTION = re.compile(r"\b(?:and|as well as|plus)\b|&", re.IGNORECASE)
_OPEN_BEFORE = re.compile(
    r"\b(?:including|includ(?:es|ed)|such as|among them|among whom|like|among)\s*[\"“]?\s*$", re.I
)
_OPEN_MEMBER = re.compile(r"\b(?:others?|more|etc\.?|so on|so forth)\b", re.IGNORECASE)
_OPEN_ANYWHERE = re.compile(r"\b(?:among others|among other things|and others|and other\b|and more|etc\.)", re.I)
_STOP = frozenset("the a an of and or to in on for with its their his her our various some".split())
#: Governing words that give a list the same role: who makes up a group, what was discussed, who met,
#: who was hurt. Small and general on purpose; an unknown governor still matches itself.
_FRAMES = {
    "composition": "team delegation panel committee group consist comprise compose include lead head task name appoint pick choose select nominate join member",
    "topics": "discuss talk cover address raise topic subject issue agenda focus",
    "meeting": "meet meeting attend talks summit gathering",
    "victims": "kill die injure wound shoot victim identify dead injured",
}
_FRAME_OF = {word: frame for frame, words in _FRAMES.items() for word in words.split()}


@dataclass(frozen=True, slots=True)
class Member:
    """One member of a list.

    start, end: offsets in the sentence text; text: as written there.
    key: a person's canonical key, or an item's normalized words.
    person: the mention, for people.
    """

    start: int
    end: int
    text: str
    key: str
    person: people.PersonMention | None = None

    @property
    def label(self) -> str:
        """How a summary names the member: a person's surname as written, an item as written."""
        if self.person is not None:
            return self.person.name.split()[-1] if self.person.name.split() else self.text
        return self.text


@dataclass(frozen=True, slots=True)
class Enumeration:
    """A list in a sentence.

    members: in order. kind: "people" or "items". governors: lemmas of the words the list depends on.
    role: a display label ("Negotiating team", "People tasked"). complete: no "including", "and others".
    """

    members: tuple[Member, ...]
    kind: str
    governors: frozenset[str]
    role: str
    complete: bool

    @property
    def span(self) -> tuple[int, int]:
        """Offsets of the whole list in the sentence."""
        return self.members[0].start, self.members[-1].end


def _item_key(text: str) -> str:
    words = re.findall(r"[^\W_]+", text.casefold())
    return " ".join(word for word in words if word not in _STOP)


def _governor(doc, index: int) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """(lemma, display) of the word a list member at token ``index`` depends on.

    display is the group noun with its modifiers ("U.S. negotiating team"), or "~" and the verb ("~tasked").
    """
    token = doc[index]
    for _ in range(6):  # climb out of the name and its coordination: compound, flat, conj, appos
        if token.dep_ in ("compound", "flat", "conj", "appos", "nmod", "amod") and token.head.i != token.i:
            token = token.head
        else:
            break
    head, preposition = token.head, ""
    if head.pos_ == "ADP" and head.head.i != head.i:
        preposition, head = head.text.casefold(), head.head
    if head.i == token.i:  # spaCy makes a new Token object on each access: compare positions
        return "", ""
    lemma = head.lemma_.casefold()
    if head.pos_ in ("NOUN", "PROPN"):
        words = [child.text for child in head.lefts if child.dep_ in ("compound", "amod")] + [head.text]
        return lemma, " ".join(words)
    subjects = [
        child
        for child in head.children
        if child.dep_ in ("nsubj", "nsubjpass") and _FRAME_OF.get(child.lemma_.casefold()) == "composition"
    ]
    if subjects and token.dep_ not in ("nsubj", "nsubjpass"):
        subject = subjects[0]
        words = [child.text for child in subject.lefts if child.dep_ in ("compound", "amod")] + [subject.text]
        return lemma, " ".join(words)
    return lemma, f"~{head.text} {preposition}".strip()  # "~": a verb, labelled by what the members did


def _governors(doc, first: people.PersonMention, last: people.PersonMention) -> tuple[str, str, frozenset[str]]:  # type: ignore[no-untyped-def]
    """Governor of the first and of the last member: "Vance and Rubio's meeting" hangs on both "on" and "meeting"."""
    found = []
    for mention in (first, last):
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None:
            found.append(_governor(doc, span.root.i))
    lemmas = frozenset(lemma for lemma, _ in found if lemma)
    lemma, display = next(
        ((lemma, display) for lemma, display in found if lemma in _FRAME_OF), found[0] if found else ("", "")
    )
    return lemma, display, lemmas


def _open_before(text: str, start: int) -> bool:
    return bool(_OPEN_BEFORE.search(text[max(0, start - 30) : start]))


def _people_lists(sentence: Sentence, context: Context | None, doc) -> list[Enumeration]:  # type: ignore[no-untyped-def]
    text = sentence.text
    found_mentions = people.mentions(sentence, context)
    title_starts = {title.person.start: title.start for title in roles.titles(sentence, context)}
    title_ends: dict[int, int] = {}
    for title in roles.titles(sentence, context):
        if title.start >= title.person.end:
            title_ends[title.person.start] = max(title_ends.get(title.person.start, 0), title.end)
    runs: list[list[people.PersonMention]] = []
    joined: list[list[bool]] = []  # per run: whether each gap holds "and" (a comma alone may be an apposition)
    for mention in found_mentions:
        if runs:
            previous = runs[-1][-1]
            gap_start = max(previous.end, title_ends.get(previous.start, previous.end))
            gap_end = min(title_starts.get(mention.start, mention.start), mention.start)
            gap = text[gap_start:gap_end] if gap_start <= gap_end else "-"
            if _SEPARATOR.fullmatch(gap) and not (joined[-1] and joined[-1][-1]):
                runs[-1].append(mention)
                joined[-1].append(bool(_CONJUNCTION.search(gap)))
                continue
        runs.append([mention])
        joined.append([])
    lists = []
    for run, conjunctions in zip(runs, joined, strict=True):
        # "A, B and C": an enumeration ends with its conjunction; "According to Peskov, Trump ..." does not.
        while conjunctions and not conjunctions[-1]:
            run, conjunctions = run[:-1], conjunctions[:-1]
        if len(run) < 2:
            continue
        members = tuple(Member(m.start, m.end, m.text, m.key, m) for m in run)
        lemma, display, governors = _governors(doc, run[0], run[-1])
        after = text[run[-1].end : run[-1].end + 25]
        complete = not (
            _open_before(text, title_starts.get(run[0].start, run[0].start))
            or _OPEN_MEMBER.match(re.sub(r"^\s*,?\s*(?:and|&)\s+", "", after))
            or _OPEN_ANYWHERE.search(text)
        )
        lists.append(Enumeration(members, "people", governors, _role(display, "People"), complete))
    return lists


def _role(display: str, kind: str) -> str:
    """A list's label: its group noun ("U.S. negotiating team") or what its members did ("People tasked")."""
    if not display:
        return kind
    if display.startswith("~"):
        return f"{kind} {display[1:]}"
    return display[:1].upper() + display[1:]


def _item_lists(sentence: Sentence, doc, taken: list[tuple[int, int]]) -> list[Enumeration]:  # type: ignore[no-untyped-def]
    text = sentence.text
    lists = []
    for token in doc:
        if token.dep_ == "conj" or not any(child.dep_ == "conj" for child in token.children):
            continue
        conjuncts = [token, *token.conjuncts]
        if len(conjuncts) < 3 or any(conjunct.pos_ not in ("NOUN", "PROPN") for conjunct in conjuncts):
            continue  # coordinated clauses or adjectives are not an enumeration of things
        left = min(conjunct.left_edge.idx for conjunct in conjuncts)
        right_token = max((c.right_edge for c in conjuncts[1:]), key=lambda item: item.i)
        right = right_token.idx + len(right_token.text)
        if any(start < right and left < end for start, end in taken):
            continue  # a list of people, read above
        members = []
        position = left
        for match in [*_SEPARATOR.finditer(text, left, right), None]:
            if match is not None and "," not in match.group() and not re.fullmatch(r"\s+(?:and|&)\s+", match.group()):
                continue
            end = match.start() if match is not None else right
            piece = text[position:end]
            stripped = piece.strip(" \"“”'‘’")
            if stripped:
                offset = position + piece.index(stripped)
                members.append(Member(offset, offset + len(stripped), stripped, _item_key(stripped)))
            position = match.end() if match is not None else right
        members = [member for member in members if member.key]
        if len(members) < 3 or any(len(member.text.split()) > 6 for member in members):
            continue
        lemma, display = _governor(doc, token.i)
        governors = frozenset({lemma} - {""})
        complete = not (
            _open_before(text, left)
            or any(_OPEN_MEMBER.search(member.text) for member in members)
            or _OPEN_ANYWHERE.search(text)
        )
        members = [member for member in members if not _OPEN_MEMBER.search(member.text)]
        lists.append(Enumeration(tuple(members), "items", governors, _role(display, "Items"), complete))
    return lists


def enumerations(sentence: Sentence, context: Context | None = None) -> tuple[Enumeration, ...]:
    """The lists of people and of items in a sentence. Never raises."""
    try:
        doc = parse(sentence.text)
        found = _people_lists(sentence, context, doc)
        taken = [item.span for item in found] + [(m.start, m.end) for m in people.mentions(sentence, context)]
        return tuple(found + _item_lists(sentence, doc, taken))
    except Exception:  # noqa: BLE001 - untrusted text must never stop a run
        return ()


# ---------------------------------------------------------------- comparing


def _same(first: Member, second: Member) -> bool:
    if first.person is not None and second.person is not None:
        return people.same_person(first.person, second.person)
    if first.person is not None or second.person is not None:
        return False
    left, right = set(first.key.split()), set(second.key.split())
    if first.key == second.key or left <= right or right <= left or fuzz.ratio(first.key, second.key) >= 90:
        return True
    # "Ft. Myers" / "Fort Myers": the same head word and a close spelling.
    return first.key.split()[-1:] == second.key.split()[-1:] and fuzz.ratio(first.key, second.key) >= 75


def _mentioned(member: Member, sentence: Sentence, context: Context) -> bool:
    """The other sentence names the member anywhere, inside a list or not."""
    if member.person is not None:
        if any(people.same_person(member.person, other) for other in people.mentions(sentence, context)):
            return True
        # A surname spaCy did not tag still names the person ("He tasked Blinken, ...").
        surnames = {word for word in (member.person.name.split()[-1:] + member.text.split()[-1:])}
        return any(re.search(rf"\b{re.escape(word)}\b", sentence.text) for word in surnames)
    words = set(_item_key(sentence.text).split())
    return set(member.key.split()) <= words


def _same_role(first: Enumeration, second: Enumeration) -> bool:
    """Both lists hang on the same word, or on words of the same frame ("tasked" / "team ... consist of")."""
    if first.kind != second.kind:
        return False
    frames = {_FRAME_OF[lemma] for lemma in first.governors if lemma in _FRAME_OF}
    if first.kind == "items" and not frames:
        # Items hanging on any other word are attributes ("a singer, rapper and songwriter"), where one
        # source naming fewer is not a discrepancy (on VitaminC these were all false alarms).
        return False
    if first.governors & second.governors:
        return True
    return any(_FRAME_OF.get(lemma) in frames for lemma in second.governors)


def compare_sentences(first: Sentence, second: Sentence, context: Context) -> list[Discrepancy]:
    """Lists that play the same role in two sentences but do not have the same members (type "list")."""
    try:
        return _compare(first, second, context)
    except Exception:  # noqa: BLE001 - untrusted text must never stop a run
        return []


def _compare(first: Sentence, second: Sentence, context: Context) -> list[Discrepancy]:
    found = []
    for left in enumerations(first, context):
        for right in enumerations(second, context):
            if not _same_role(left, right):
                continue
            shared = [member for member in left.members if any(_same(member, other) for other in right.members)]
            if len(shared) < 2 and len(shared) * 2 < min(len(left.members), len(right.members)):
                continue
            if len(shared) < 1:
                continue
            # Missing from the right: the left has it, the right sentence never names it, the right list is complete.
            only_left = [m for m in left.members if not any(_same(m, o) for o in right.members)]
            only_right = [m for m in right.members if not any(_same(m, o) for o in left.members)]
            # "William Burns" in one list and "Bill Burns" in the other: a nickname, not two people.
            surnames_left = {m.person.surname for m in only_left if m.person is not None}
            surnames_right = {m.person.surname for m in only_right if m.person is not None}
            only_left = [m for m in only_left if m.person is None or m.person.surname not in surnames_right]
            only_right = [m for m in only_right if m.person is None or m.person.surname not in surnames_left]
            missing_right = [m for m in only_left if right.complete and not _mentioned(m, second, context)]
            missing_left = [m for m in only_right if left.complete and not _mentioned(m, first, context)]
            if not missing_right and not missing_left:
                continue
            found.append(_finding(first, left, missing_left, second, right, missing_right, context))
            break
    return found


def _names(members: list[Member]) -> str:
    return ", ".join(member.label for member in members)


def _finding(
    first: Sentence,
    left: Enumeration,
    missing_left: list[Member],
    second: Sentence,
    right: Enumeration,
    missing_right: list[Member],
    context: Context,
) -> Discrepancy:
    """ "Negotiating team: 003 lists Rubio, Ratcliffe, Waltz, Witkoff; 004 omits Ratcliffe"."""
    role = left.role if left.role not in ("People", "Items") else right.role
    changes = []
    if missing_right:
        changes.append(f"omits {_names(missing_right)}")
    if missing_left:
        changes.append(f"adds {_names(missing_left)}")
    summary = (
        f"{role}: {context.label(first.source)} lists {_names(list(left.members))}; "
        f"{context.label(second.source)} {' and '.join(changes)}"
    )
    left_spans = [(m.start, m.end) for m in missing_right] or [left.span]
    right_spans = [(m.start, m.end) for m in missing_left] or [right.span]
    return Discrepancy(
        type="list",
        severity="medium",
        summary=summary,
        evidence=(
            evidence(first, _names(list(left.members)), left_spans),
            evidence(second, _names(list(right.members)), right_spans),
        ),
    )
