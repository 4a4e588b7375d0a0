"""Opposite polarity about the same thing: "will deploy troops" against "will not deploy troops".

``predicates`` reads each verb of a sentence from the spaCy dependency parse with its polarity and the
content words of its subject and of its other arguments. ``compare_sentences`` (a sentence comparator,
type ``contradiction``, severity high) flags two aligned sentences when

- one side negates a verb (a ``neg`` child such as "not", "n't", "never", or a "no"/"none" determiner on
  an argument: "no troops will be deployed") and the other side has the same lemma affirmed, or both
  affirm verbs of a small antonym lexicon ("confirmed" against "denied");
- the subjects can be the same (a shared content word, or one side a pronoun) and the arguments
  overlap (a shared content word; with arguments on both sides, a third of the smaller set).

Wording alone must not invent a conflict, so a verb is *affirmed* only when nothing around it weakens
it: no negation on a governing verb ("there will not be U.S. troops deployed": "deployed" hangs under
a negated "be"), no condition or question ("if", "whether", "?"), not "not only". Verbs in such
positions have unknown polarity and are never compared; two negative paraphrases stay quiet.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from checker.facts.base import Context, Discrepancy, evidence
from checker.facts.nlp import parse
from checker.models import Sentence

__all__ = ["Predicate", "compare_sentences", "predicates"]

# Pairs of verbs that affirm opposite things about the same object. Kept small: each pair must be
# opposite whatever the object ("won" against "lost" the same race).
_ANTONYMS = {
    frozenset({"confirm", "deny"}),
    frozenset({"admit", "deny"}),
    frozenset({"accept", "reject"}),
    frozenset({"approve", "reject"}),
    frozenset({"support", "oppose"}),
    frozenset({"win", "lose"}),
    frozenset({"acquit", "convict"}),
    frozenset({"allow", "forbid"}),
}
_NEGATIVE_DETERMINERS = frozenset({"no", "none", "nobody", "nothing", "neither", "nor", "never"})
_WEAKENERS = frozenset({"if", "whether", "unless"})
# Verbs that carry no claim of their own: a negated "be" or "have" says little without its arguments.
_LIGHT = frozenset({"be", "have", "do", "get", "make", "go", "say", "tell", "think", "know", "want", "seem"})
_CONTENT = frozenset({"NOUN", "PROPN", "NUM", "ADJ", "VERB"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
# Adverbs a negation can leave alone: "did not yet agree" still denies the agreement. Any other adverb on a
# negated verb may be what is denied ("not entirely based on", "not commercially released").
_NEUTRAL_ADVERBS = frozenset({"also", "yet", "still", "ever", "again", "then", "now", "even", "so", "too"})
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
_SKIP = frozenset({"aux", "auxpass", "neg", "punct", "cc", "conj", "advcl", "mark", "advmod", "parataxis", "prt"})


@dataclass(frozen=True, slots=True)
class Predicate:
    """A verb of a sentence with its polarity and arguments.

    lemma: the verb's lemma ("deploy").
    polarity: "negated", "affirmed" or "unknown" (under a negated verb, a condition or a question).
    start, end: offsets in the sentence of the verb with its negation ("not deploy", "no ... deployed").
    phrase: a short phrase for the summary ("would not deploy troops").
    subject: content lemmas of the subject (empty for a pronoun or no subject).
    arguments: content lemmas of the verb's objects and complements.
    head: lemma of the subject's head word ("passenger" of "some categories of passengers" is not it).
    passive: the verb is in the passive voice (a passive subject is the active object).
    """

    lemma: str
    polarity: str
    start: int
    end: int
    phrase: str
    subject: frozenset[str]
    arguments: frozenset[str]
    head: str = ""
    passive: bool = False


def _lemmas(tokens) -> frozenset[str]:  # type: ignore[no-untyped-def]
    return frozenset(token.lemma_.lower() for token in tokens if token.pos_ in _CONTENT and not token.is_stop)


def _negation(verb):  # type: ignore[no-untyped-def]
    """The token negating ``verb``: its ``neg`` child, or a negative determiner on one of its arguments."""
    for child in verb.children:
        if child.dep_ == "neg" and not (child.i + 1 < len(child.doc) and child.nbor(1).lower_ in {"only", "just"}):
            return child
    for child in verb.children:
        if child.dep_ in _SUBJECTS | {"dobj", "attr"}:
            if child.lower_ in _NEGATIVE_DETERMINERS and not any(item.dep_ == "det" for item in child.children):
                return child  # "nobody came", but not "a nobody from nowhere"
            for grandchild in child.children:
                if grandchild.dep_ == "det" and grandchild.lower_ in _NEGATIVE_DETERMINERS:
                    return grandchild
    return None


def _weakened(verb) -> bool:  # type: ignore[no-untyped-def]
    """Whether a governing verb is negated or the clause is a condition or question (polarity unknown)."""
    if verb.sent.text.rstrip().endswith("?"):
        return True
    token = verb
    while True:
        if any(child.dep_ == "mark" and child.lower_ in _WEAKENERS for child in token.children):
            return True
        if token.head.i == token.i:
            return False
        token = token.head
        if _negation(token) is not None:
            return True


def _finite(verb) -> bool:  # type: ignore[no-untyped-def]
    """A tensed verb ("agreed", "will deploy", "has ratified"), not an infinitive, gerund or participle."""
    if verb.tag_ in _FINITE_TAGS:
        return True
    return any(child.dep_ in {"aux", "auxpass"} and child.tag_ in _FINITE_TAGS for child in verb.children)


def _restricted(verb, negation) -> bool:  # type: ignore[no-untyped-def]
    """Whether an adverb narrows the claim, so that its polarity is not the verb's ("only", "entirely")."""
    for child in verb.children:
        if child.dep_ == "advmod" and child.i != getattr(negation, "i", -1):
            word = child.lower_
            if word == "only" or (negation is not None and word not in _NEUTRAL_ADVERBS):
                return True
    return False


def _phrase(doc, verb, negation) -> tuple[str, int, int]:  # type: ignore[no-untyped-def]
    """A few words around the verb for the summary, and the offsets to highlight (verb and negation)."""
    parts = [verb] + [child for child in verb.children if child.dep_ in {"aux", "auxpass", "neg"}]
    objects = [
        child for child in verb.children if child.dep_ in {"dobj", "attr", "acomp", "xcomp", "nsubjpass", "prep"}
    ]
    if objects:
        subtree = list(objects[0].subtree)
        parts += subtree if len(subtree) <= 4 else [objects[0]]
    if negation is not None:
        parts.append(negation)
    first, last = min(parts, key=lambda token: token.i), max(parts, key=lambda token: token.i)
    marked = [verb] + ([negation] if negation is not None else [])
    start = min(token.idx for token in marked)
    end = max(token.idx + len(token.text) for token in marked)
    return doc.text[first.idx : last.idx + len(last.text)], start, end


@lru_cache(maxsize=20000)
def predicates(text: str) -> tuple[Predicate, ...]:
    """The verbs of ``text`` with polarity, subject and arguments (empty for text that does not parse)."""
    try:
        doc = parse(text)
    except Exception:  # untrusted text: no parse, no predicates
        return ()
    found = []
    for verb in doc:
        if verb.pos_ not in {"VERB", "AUX"} or verb.dep_ in {"aux", "auxpass"} or verb.lemma_.lower() in _LIGHT:
            continue
        negation = _negation(verb)
        if not _finite(verb) or _restricted(verb, negation):
            polarity = "unknown"  # "to announce", "having heard", "not entirely based on"
        elif negation is not None:
            polarity = "negated"
        elif _weakened(verb):
            polarity = "unknown"
        else:
            polarity = "affirmed"
        subjects = [child for child in verb.children if child.dep_ in _SUBJECTS]
        subject = _lemmas(token for child in subjects for token in child.subtree)
        head = subjects[0].lemma_.lower() if subjects and subjects[0].pos_ in {"NOUN", "PROPN"} else ""
        passive = any(child.dep_ in {"nsubjpass", "auxpass"} for child in verb.children)
        arguments = _lemmas(
            token for child in verb.children if child.dep_ not in _SUBJECTS | _SKIP for token in child.subtree
        )
        phrase, start, end = _phrase(doc, verb, negation)
        found.append(Predicate(verb.lemma_.lower(), polarity, start, end, phrase, subject, arguments, head, passive))
    return tuple(found)


def _same_thing(first: Predicate, second: Predicate) -> bool:
    """Subjects that can be the same and arguments that overlap enough to speak of the same thing."""
    if first.passive != second.passive:
        return False  # "X is not supplied by" against "supplies X": the roles are swapped
    if first.subject and second.subject and not first.subject & second.subject:
        return False
    if first.head and second.head and (first.head not in second.subject or second.head not in first.subject):
        return False  # "categories of passengers" are not "passengers"
    shared = first.arguments & second.arguments
    if first.arguments and second.arguments:
        return bool(shared) and len(shared) * 3 >= min(len(first.arguments), len(second.arguments))
    # One side without arguments ("agreed" / "did not agree"): the subjects must say it is the same actor.
    return bool(first.subject & second.subject)


def _opposed(first: Predicate, second: Predicate) -> bool:
    if first.lemma == second.lemma:
        return {first.polarity, second.polarity} == {"negated", "affirmed"}
    return first.polarity == second.polarity == "affirmed" and frozenset({first.lemma, second.lemma}) in _ANTONYMS


def compare_sentences(first: Sentence, second: Sentence, context: Context) -> list[Discrepancy]:
    """One side says a thing happened (or will), the other that it did not, about the same subject and object."""
    found: list[Discrepancy] = []
    try:
        pairs = [
            (left, right)
            for left in predicates(first.text)
            for right in predicates(second.text)
            if _opposed(left, right) and _same_thing(left, right)
        ]
    except Exception:  # a comparator must never stop a run
        return []
    for left, right in pairs[:1]:  # one contradiction per sentence pair is enough for an editor to look
        summary = (
            f"Contradiction: {context.label(first.source)} says “{left.phrase}”; "
            f"{context.label(second.source)} says “{right.phrase}”"
        )
        found.append(
            Discrepancy(
                type="contradiction",
                severity="high",
                summary=summary,
                evidence=(
                    evidence(first, left.phrase, [(left.start, left.end)]),
                    evidence(second, right.phrase, [(right.start, right.end)]),
                ),
            )
        )
    return found
