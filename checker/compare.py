"""Groups -> findings: agreements, discrepancies, single-source claims.

Each fact type is a module of ``checker.facts`` with *comparators* (see ``checker.facts.base``):
functions that look at two sentences of different sources reporting the same (or a related) fact,
or at the whole set, and return the discrepancies they can prove. A new fact type plugs in by
adding its module's name to ``FACT_MODULES``; running the comparators, merging, de-duplication,
ordering and numbering of findings stay here.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz

from checker.align import Alignment
from checker.facts import numbers
from checker.facts.base import Comparator, Context, Discrepancy, SetComparator, evidence
from checker.models import SEVERITY_RANK, Article, Evidence, Finding, Sentence, Severity, Source

KIND_RANK = {"discrepancy": 0, "unique": 1, "agreement": 2}


def source_labels(sources: Sequence[Source]) -> dict[str, str]:
    """Short labels for summaries: the outlet when known and unique, else the id's first token if unique."""
    outlets = [source.outlet for source in sources]
    prefixes = [re.split(r"[_\s]", source.id, maxsplit=1)[0] for source in sources]
    labels: dict[str, str] = {}
    for source, outlet, prefix in zip(sources, outlets, prefixes, strict=True):
        if outlet and outlets.count(outlet) == 1:
            labels[source.id] = outlet
        elif prefix and prefixes.count(prefix) == 1:
            labels[source.id] = prefix
        else:
            labels[source.id] = source.id
    return labels


# --- numbers -----------------------------------------------------------------------------------------

_SEVERITY_BY_FAMILY: dict[str, Severity] = {"casualties": "high", "money": "high", "people": "high"}


def _family_label(quantity: numbers.Quantity) -> str:
    family = quantity.family or "number"
    return family[:1].upper() + family[1:]


def _value(quantity: numbers.Quantity) -> str:
    # A figure inside quotation marks is the speaker's, not the outlet's: say so.
    return numbers.describe(quantity) + (", in a quote" if quantity.quoted else "")


def _says(label: str, quantity: numbers.Quantity) -> str:
    return f"{label} says {_value(quantity)}"


def _closest_counterparts(quantity: numbers.Quantity, candidates: list[numbers.Quantity]) -> list[numbers.Quantity]:
    """The candidates that count what ``quantity`` counts most closely, in the same voice.

    "between 3 and 4 million (dead and wounded)" is answered by the other sentence's figure for the
    dead and wounded, not by a vaguer "millions of deaths" quoted from a speaker in the same sentence.
    """
    same_voice = [other for other in candidates if other.quoted == quantity.quoted] or candidates
    scored = [(fuzz.token_set_ratio(other.counted or "", quantity.counted or ""), other) for other in same_voice]
    best = max((score for score, _ in scored), default=0)
    return [other for score, other in scored if score >= best - 10] if best >= 80 else same_voice


def compare_numbers(
    first: Sentence, second: Sentence, context: Context, families: frozenset[str] | None = None
) -> list[Discrepancy]:
    """Numbers that count the same kind of thing but cannot both be true (of ``families`` only, if given).

    A quantity is flagged only when the other sentence has comparable quantities and none of them is
    consistent with it, so "3 killed, 5 injured" against "3 killed, 4 injured" flags the injured only.
    """
    left = [q for q in numbers.extract_quantities(first.text) if families is None or q.family in families]
    right = numbers.extract_quantities(second.text)
    found: list[Discrepancy] = []
    for quantity in left:
        candidates = _closest_counterparts(quantity, [other for other in right if numbers.comparable(quantity, other)])
        if not candidates or any(not numbers.conflict(quantity, other) for other in candidates):
            continue
        other = max(candidates, key=lambda item: fuzz.token_set_ratio(item.counted or "", quantity.counted or ""))
        severity = _SEVERITY_BY_FAMILY.get(quantity.family or "", "medium")
        if quantity.quoted != other.quoted and severity == "high":
            # A speaker's figure against the outlet's own: worth a look, less likely an error of ours.
            severity = "medium"
        summary = (
            f"{_family_label(quantity)}: {_says(context.label(first.source), quantity)}; "
            f"{_says(context.label(second.source), other)}"
        )
        found.append(
            Discrepancy(
                type="number",
                severity=severity,
                summary=summary,
                evidence=(
                    evidence(first, _value(quantity), [(quantity.start, quantity.end)]),
                    evidence(second, _value(other), [(other.start, other.end)]),
                ),
            )
        )
    return found


def compare_casualty_numbers(first: Sentence, second: Sentence, context: Context) -> list[Discrepancy]:
    """Casualty figures of two related (not aligned) sentences.

    Between sentences that are only related, a death or injury toll is still the same fact in a set
    about one event; ages, sums of money or other counts usually are not (on ECB+ mixed-event sets they
    gave most of the cross-event false alarms: bench/accuracy.py).
    """
    return compare_numbers(first, second, context, families=frozenset({"casualties"}))


#: Fact modules under ``checker.facts``, in the order their findings are listed. Each may define
#: ``compare_sentences`` (a sentence comparator), ``CROSS_GROUP = True`` (run it between related groups
#: too: facts comparable wherever they appear, like a casualty count) and ``compare_set`` (a set comparator).
#: A module with a set comparator says which sentence texts it reads with ``set_reads(context)`` (needs the
#: full spaCy parse) and ``set_entities(context)`` (needs the entities only), and a sentence comparator
#: which other sentences' entities it reads with ``member_entities(sentence, context)``, so that only those
#: are parsed.
FACT_MODULES: tuple[str, ...] = ("dates", "places", "roles", "lists", "quotes", "polarity")


@dataclass(frozen=True, slots=True)
class Comparators:
    """The comparators of a run: within groups, between related groups, and over the whole set."""

    within: tuple[Comparator, ...]
    across: tuple[Comparator, ...]
    whole_set: tuple[SetComparator, ...]
    #: (the sentence texts a set comparator reads, entities only?); a module that does not say: every sentence.
    reads: tuple[tuple[Callable[[Context], Iterable[str]], bool], ...] = ()
    #: Other sentences whose entities a sentence comparator reads, given a sentence it compares.
    member_entities: tuple[Callable[[Sentence, Context], Iterable[str]], ...] = ()


def load_comparators(modules: Sequence[str] | None = None) -> Comparators:
    """Collect the comparators of the fact modules (``FACT_MODULES`` by default)."""
    within: list[Comparator] = [compare_numbers]
    across: list[Comparator] = [compare_casualty_numbers]
    whole_set: list[SetComparator] = []
    reads: list[tuple[Callable[[Context], Iterable[str]], bool]] = []
    member_entities: list[Callable[[Sentence, Context], Iterable[str]]] = []
    for name in FACT_MODULES if modules is None else modules:
        module = importlib.import_module(f"checker.facts.{name}")
        sentence_comparator = getattr(module, "compare_sentences", None)
        if sentence_comparator is not None:
            within.append(sentence_comparator)
            if getattr(module, "CROSS_GROUP", False):
                across.append(sentence_comparator)
            if getattr(module, "member_entities", None) is not None:
                member_entities.append(module.member_entities)
        set_comparator = getattr(module, "compare_set", None)
        if set_comparator is not None:
            whole_set.append(set_comparator)
            parses = getattr(module, "set_reads", None)
            reads.append((parses or _every, False))
            entities = getattr(module, "set_entities", None)
            if entities is not None:
                reads.append((entities, True))
    return Comparators(tuple(within), tuple(across), tuple(whole_set), tuple(reads), tuple(member_entities))


def _every(context: Context) -> list[str]:
    return [sentence.text for sentences in context.sentences.values() for sentence in sentences]


# --- assembling findings -----------------------------------------------------------------------------


def _pairs(members: Sequence[Sentence], others: Sequence[Sentence] | None = None):  # type: ignore[no-untyped-def]
    if others is None:
        for position, first in enumerate(members):
            for second in members[position + 1 :]:
                if first.source != second.source:
                    yield first, second
    else:
        for first in members:
            for second in others:
                if first.source != second.source:
                    yield first, second


def _discrepancies(pairs, comparators: Sequence[Comparator], context: Context) -> list[Discrepancy]:  # type: ignore[no-untyped-def]
    found: dict[tuple[object, ...], Discrepancy] = {}
    for first, second in pairs:
        for comparator in comparators:
            for discrepancy in comparator(first, second, context):
                found.setdefault(discrepancy.key, discrepancy)
    return list(found.values())


_CHECKABLE = re.compile(
    r"\d|[\"“”]|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|thousands?|millions?)\b",
    re.IGNORECASE,
)


def _unique_severity(sentence: Sentence) -> Severity:
    # A claim only one outlet makes matters more when it holds something checkable: a figure or a quote.
    return "medium" if _CHECKABLE.search(sentence.text) else "low"


def _shorten(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def make_context(articles: Sequence[Article], sentences: Sequence[Sentence], vectors: np.ndarray | None) -> Context:
    """What comparators know of a set besides the two sentences they compare."""
    sources = [article.source for article in articles]
    by_source: dict[str, list[Sentence]] = {source.id: [] for source in sources}
    for sentence in sentences:
        by_source.setdefault(sentence.source, []).append(sentence)
    return Context(
        labels=source_labels(sources),
        published={source.id: source.published for source in sources},
        texts={article.source.id: article.text for article in articles},
        sentences={source: tuple(items) for source, items in by_source.items()},
        similarity=_similarity(sentences, vectors),
    )


def parses_wanted(
    alignment: Alignment, context: Context, comparators: Comparators | None = None
) -> tuple[list[str], list[str]]:
    """(texts to parse fully, texts whose entities suffice): only what the comparators will read.

    Sentences reported by several sources (for the sentence comparators) and, for the set comparators,
    the sentences each says it reads. ``pipeline.prefetch_parses`` parses them before ``compare`` runs, in
    one batch for several sets at once: about twice as fast as the comparators parsing one at a time.
    """
    comparators = comparators or load_comparators()
    members = [member for group in alignment.groups if len(group.sources) >= 2 for member in group.members]
    full: list[str] = [member.text for member in members] if comparators.within else []
    entities: list[str] = [text for reads in comparators.member_entities for m in members for text in reads(m, context)]
    for reads, entities_only in comparators.reads:
        (entities if entities_only else full).extend(reads(context))
    return full, entities


def compare(
    alignment: Alignment,
    articles: Sequence[Article],
    sentences: Sequence[Sentence] = (),
    vectors: np.ndarray | None = None,
    comparators: Comparators | None = None,
    context: Context | None = None,
) -> tuple[Finding, ...]:
    """All findings for a set, most serious first, numbered F1, F2...

    ``vectors`` are the sentences' embeddings, row for row, for comparators that weigh similarity.
    ``context``: the set's :func:`make_context` when already made (when choosing what to parse).
    """
    comparators = comparators or load_comparators()
    if context is None:
        context = make_context(articles, sentences, vectors)
    groups = {group.id: group for group in alignment.groups}
    group_of = {member.key: group.id for group in alignment.groups for member in group.members}
    drafts: list[tuple[str, str, Discrepancy]] = []
    seen: set[tuple[object, ...]] = set()

    def add(group_id: str, found: list[Discrepancy]) -> None:
        for discrepancy in found:
            if discrepancy.key not in seen:
                seen.add(discrepancy.key)
                drafts.append((group_id, "discrepancy", discrepancy))

    for group in alignment.groups:
        if len(group.sources) >= 2:
            add(group.id, _discrepancies(_pairs(group.members), comparators.within, context))
    for first_id, second_id in alignment.related:
        pairs = _pairs(groups[first_id].members, groups[second_id].members)
        add(first_id, _discrepancies(pairs, comparators.across, context))
    keys = {(sentence.source, sentence.start): sentence.key for sentence in sentences}
    for set_comparator in comparators.whole_set:
        for discrepancy in set_comparator(context):
            first = discrepancy.evidence[0]
            add(group_of.get(keys.get((first.source, first.start), ""), "G0"), [discrepancy])
    drafts = _merge_connected(drafts, context)
    disputed = {group_id for group_id, _, _ in drafts}
    for group in alignment.groups:
        if group.id in disputed:
            continue
        if len(group.sources) >= 2:
            names = ", ".join(context.label(source) for source in group.sources)
            summary = f"{len(group.sources)} sources agree ({names}): {_shorten(group.members[0].text)}"
            sides = tuple(evidence(member) for member in group.members)
            drafts.append((group.id, "agreement", Discrepancy("claim", "low", summary, sides)))
        else:
            member = group.members[0]
            summary = f"Only {context.label(member.source)} reports: {_shorten(member.text)}"
            claim = Discrepancy("claim", _unique_severity(member), summary, (evidence(member),))
            drafts.append((group.id, "unique", claim))
    drafts.sort(key=lambda draft: (KIND_RANK[draft[1]], SEVERITY_RANK[draft[2].severity], _group_number(draft[0])))
    return tuple(
        Finding(
            id=f"F{number}",
            group=group_id,
            kind=kind,  # type: ignore[arg-type]
            type=item.type,
            severity=item.severity,
            summary=item.summary,
            evidence=item.evidence,
        )
        for number, (group_id, kind, item) in enumerate(drafts, start=1)
    )


def _group_number(group_id: str) -> int:
    return int(group_id[1:])


def _name_list(labels: list[str], shown: int = 5) -> str:
    if len(labels) <= shown + 1:
        return ", ".join(labels)
    return f"{', '.join(labels[:shown])} and {len(labels) - shown} more"


def _side(item: Evidence) -> tuple[object, ...]:
    return (item.source, item.start, item.spans)


def _merge_connected(
    drafts: list[tuple[str, str, Discrepancy]], context: Context
) -> list[tuple[str, str, Discrepancy]]:
    """Merge discrepancies of one type that share a side into one finding listing every source's value.

    Pairwise comparison of five outlets can yield "A vs B", "A vs C", "A vs D" for one figure; an
    editor wants one finding: "A says X; B, C say Y; D says Z". Sides that agree with each other stay
    listed together under one value.
    """
    parent = list(range(len(drafts)))

    def find(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    owner: dict[tuple[object, ...], int] = {}
    for index, (_, _, item) in enumerate(drafts):
        for side in item.evidence:
            # Same type and severity only: a speaker's quoted figure (medium) is not merged into the
            # outlets' own disagreement (high), which an editor reads first.
            key = (item.type, item.severity, *_side(side))
            if key in owner:
                parent[find(index)] = find(owner[key])
            else:
                owner[key] = index
    components: dict[int, list[int]] = {}
    for index in range(len(drafts)):
        components.setdefault(find(index), []).append(index)
    merged: list[tuple[str, str, Discrepancy]] = []
    for indices in components.values():
        if len(indices) == 1:
            merged.append(drafts[indices[0]])
            continue
        first_group, kind, first = drafts[indices[0]]
        sides: dict[tuple[object, ...], Evidence] = {}
        for index in indices:
            for side in drafts[index][2].evidence:
                sides.setdefault(_side(side), side)
        evidence_items = tuple(sides.values())
        by_value: dict[str, list[str]] = {}
        for side in evidence_items:
            labels = by_value.setdefault(side.value or "?", [])
            if context.label(side.source) not in labels:
                labels.append(context.label(side.source))
        topic = first.summary.split(": ", 1)[0]
        parts = [
            f"{_name_list(labels)} {'says' if len(labels) == 1 else 'say'} {value}"
            for value, labels in by_value.items()
        ]
        severity = min((drafts[index][2].severity for index in indices), key=SEVERITY_RANK.__getitem__)
        merged.append(
            (first_group, kind, Discrepancy(first.type, severity, f"{topic}: {'; '.join(parts)}", evidence_items))
        )
    return merged


def _similarity(sentences: Sequence[Sentence], vectors: np.ndarray | None):  # type: ignore[no-untyped-def]
    """Cosine similarity of two sentences from their embedding rows (0.0 when unknown)."""
    rows = {sentence.key: row for row, sentence in enumerate(sentences)}

    def similarity(first: Sentence, second: Sentence) -> float:
        if first.key == second.key:
            return 1.0
        if vectors is None or first.key not in rows or second.key not in rows:
            return 0.0
        return float(vectors[rows[first.key]] @ vectors[rows[second.key]])

    return similarity
