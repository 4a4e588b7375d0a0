"""Alignment precision and recall on ECB+ (cross-document event coreference), and mixed-event false alignments.

Prints figures, not a test. Run from the project root::

    python bench/alignment_events.py [--data ../shared/evaldata/ecbplus] [--threshold T ...] [--max-per-source K ...]

Method
- Same-event run: each subtopic (``1_ecb``, ``1_ecbplus``, ...) is one article set, each document one source.
  All its sentences are aligned with ``checker.align.align`` (sentence 0 is skipped when it is a URL line), so
  unannotated sentences still compete for groups as they would in a real run. Only pairs of *validated*
  sentences in different documents are scored: predicted positive = both in the same group; gold positive =
  the pair shares an event (ACT/NEG) chain. Micro P/R over all subtopics, and macro P/R averaged over topics.
  Read precision against the base rate printed first: annotators validated mostly sentences about the main
  event, so most scored pairs are gold (and "same event" is looser than "same fact"). The mixed-event run is
  the sharper test of precision.
- Mixed-event run: each topic's two subtopics (similar but different events) are aligned as one set. Every
  predicted pair across the two subtopics is counted as a false alignment. Reported: the count, and the rate per
  predicted cross-document pair (all sentences, not only validated ones, since no annotation is needed to tell).
  By hand a minority are shared background ("Iran sits on faultlines" in two earthquake stories), so the count
  is an upper bound; most are different events ("She was 85." / "She was 91."), i.e. false discrepancies to be.
  ``mixed_R`` is the same-event recall when the two events are mixed in one set.
- ``pairwise`` columns: cosine >= T on the scored pairs with no grouping, i.e. what the threshold alone gives
  before ``max_per_source`` and the average-link check.

Text: ECB+ sentences are tokens joined by spaces. A light detokenization is applied before embedding
(`` and '' to ", no space before , . ; : ! ? % ) n't 's ’, none after ( “ $, "AK - 47" -> "AK-47"). The
model's WordPiece tokenizer splits punctuation anyway, so this mostly matters for the quote tokens.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd

from checker.align import align
from checker.embed import default_embedder
from checker.models import Sentence

DEFAULT_THRESHOLDS = tuple(np.round(np.arange(0.55, 0.80 + 1e-9, 0.025), 3))
DEFAULT_MAX_PER_SOURCE = (1, 2, 3)
_URL_LINE = re.compile(r"^\s*(https?\s*:|www\s*\.)", re.IGNORECASE)


def detokenize(text: str) -> str:
    """Undo the corpus tokenization lightly (see the module docstring)."""
    text = text.replace("``", '"').replace("''", '"')
    text = re.sub(r"(\w) ’ (\w)", r"\1’\2", text)
    text = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", text)
    text = re.sub(r"(\w) - (\w)", r"\1-\2", text)
    text = re.sub(r" ([,.;:!?%)”])", r"\1", text)
    text = re.sub(r"([(“$]) ", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True, slots=True)
class EcbSentence:
    """One corpus sentence.

    doc, topic, subtopic, number: where it is (``number`` is the 0-based sentence index in the document).
    text: the detokenized text that is embedded.
    validated: the sentence was annotated (only these are scored).
    chains: ids of every cross-document chain it mentions.
    """

    doc: str
    topic: int
    subtopic: str
    number: int
    text: str
    validated: bool
    chains: frozenset[str]

    @property
    def key(self) -> tuple[str, int]:
        """(doc, sentence number), the key the gold pairs use."""
        return (self.doc, self.number)


def read_sentences(path: Path) -> list[EcbSentence]:
    """Every sentence except URL lines at sentence 0."""
    sentences = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["sentence"] == 0 and _URL_LINE.match(record["text"]):
                continue
            sentences.append(
                EcbSentence(
                    doc=record["doc"],
                    topic=int(record["topic"]),
                    subtopic=record["subtopic"],
                    number=int(record["sentence"]),
                    text=detokenize(record["text"]),
                    validated=bool(record["validated"]),
                    chains=frozenset(mention["chain"] for mention in record["crossdoc_mentions"]),
                )
            )
    return sentences


def read_gold(path: Path) -> set[frozenset[tuple[str, int]]]:
    """Gold positive pairs: validated cross-document pairs sharing an event chain."""
    gold = set()
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["shared_event_chains"]:
                gold.add(frozenset({(record["doc_a"], record["sent_a"]), (record["doc_b"], record["sent_b"])}))
    return gold


def grouped_pairs(
    members: list[EcbSentence], vectors: np.ndarray, threshold: float, max_per_source: int
) -> list[tuple[EcbSentence, EcbSentence]]:
    """Align one article set and return every cross-document pair that ends up in one group."""
    records = tuple(
        Sentence(source=item.doc, index=item.number, start=0, end=len(item.text), text=item.text) for item in members
    )
    by_key = {(item.doc, item.number): item for item in members}
    alignment = align(records, vectors, threshold=threshold, max_per_source=max_per_source, related_threshold=None)
    pairs = []
    for group in alignment.groups:
        for first, second in combinations(group.members, 2):
            if first.source != second.source:
                pairs.append((by_key[(first.source, first.index)], by_key[(second.source, second.index)]))
    return pairs


def scored_pairs(members: list[EcbSentence]) -> list[tuple[EcbSentence, EcbSentence]]:
    """Every pair of validated sentences in different documents of one set (the pairs that are scored)."""
    validated = [item for item in members if item.validated]
    return [(first, second) for first, second in combinations(validated, 2) if first.doc != second.doc]


def evaluate(
    sentences: list[EcbSentence],
    vectors: np.ndarray,
    gold: set[frozenset[tuple[str, int]]],
    thresholds: tuple[float, ...],
    limits: tuple[int, ...],
) -> pd.DataFrame:
    """One row per (threshold, max_per_source) with the same-event and mixed-event figures."""
    row_of = {item.key: row for row, item in enumerate(sentences)}
    by_subtopic: dict[str, list[EcbSentence]] = defaultdict(list)
    by_topic: dict[int, list[EcbSentence]] = defaultdict(list)
    for item in sentences:
        by_subtopic[item.subtopic].append(item)
        by_topic[item.topic].append(item)

    def vectors_of(members: list[EcbSentence]) -> np.ndarray:
        return vectors[[row_of[item.key] for item in members]]

    def key(first: EcbSentence, second: EcbSentence) -> frozenset[tuple[str, int]]:
        return frozenset({first.key, second.key})

    gold_by_topic: dict[int, int] = defaultdict(int)
    topic_of_doc = {item.doc: item.topic for item in sentences}
    for pair in gold:
        gold_by_topic[topic_of_doc[next(iter(pair))[0]]] += 1
    # Cosines of the scored pairs, once, for the no-grouping baseline.
    candidates = [pair for members in by_subtopic.values() for pair in scored_pairs(members)]
    candidate_cosine = np.array([float(vectors[row_of[a.key]] @ vectors[row_of[b.key]]) for a, b in candidates])
    candidate_gold = np.array([key(a, b) in gold for a, b in candidates])

    rows = []
    for threshold in thresholds:
        pairwise = candidate_cosine >= threshold
        pairwise_precision = candidate_gold[pairwise].mean() if pairwise.any() else 0.0
        pairwise_recall = candidate_gold[pairwise].sum() / len(gold)
        for limit in limits:
            true_positive: dict[int, int] = defaultdict(int)
            predicted: dict[int, int] = defaultdict(int)
            for members in by_subtopic.values():
                for first, second in grouped_pairs(members, vectors_of(members), threshold, limit):
                    if not (first.validated and second.validated):
                        continue
                    predicted[first.topic] += 1
                    true_positive[first.topic] += key(first, second) in gold
            mixed_pairs = cross_pairs = mixed_true_positive = 0
            for members in by_topic.values():
                for first, second in grouped_pairs(members, vectors_of(members), threshold, limit):
                    mixed_pairs += 1
                    cross_pairs += first.subtopic != second.subtopic
                    mixed_true_positive += key(first, second) in gold
            total_true_positive, total_predicted = sum(true_positive.values()), sum(predicted.values())
            precision = total_true_positive / max(total_predicted, 1)
            recall = total_true_positive / len(gold)
            topics = sorted(gold_by_topic)
            rows.append(
                {
                    "T": threshold,
                    "K": limit,
                    "pred": total_predicted,
                    "TP": total_true_positive,
                    "P": precision,
                    "R": recall,
                    "F1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
                    # Topics with no predicted pair have no precision; they are left out of the macro P.
                    "macro_P": np.mean([true_positive[t] / predicted[t] for t in topics if predicted[t]]),
                    "macro_R": np.mean([true_positive[t] / gold_by_topic[t] for t in topics]),
                    "pairwise_P": pairwise_precision,
                    "pairwise_R": pairwise_recall,
                    "mixed_pairs": mixed_pairs,
                    "cross_sub": cross_pairs,
                    "cross_rate": cross_pairs / max(mixed_pairs, 1),
                    "mixed_R": mixed_true_positive / len(gold),
                }
            )
    return pd.DataFrame(rows)


def main() -> None:
    """Embed the corpus once, sweep the settings, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/evaldata/ecbplus"))
    parser.add_argument("--threshold", type=float, nargs="+", default=list(DEFAULT_THRESHOLDS))
    parser.add_argument("--max-per-source", type=int, nargs="+", default=list(DEFAULT_MAX_PER_SOURCE))
    parser.add_argument("--cache", type=Path, default=Path("/tmp/ckcache-bench"), help="embedding cache folder")
    arguments = parser.parse_args()

    sentences = read_sentences(arguments.data / "ecbplus_sentences.jsonl")
    gold = read_gold(arguments.data / "ecbplus_gold_crossdoc_sentence_pairs.jsonl")
    texts = list(dict.fromkeys(item.text for item in sentences))
    embedded = default_embedder(arguments.cache).encode(texts)
    row_of_text = {text: row for row, text in enumerate(texts)}
    vectors = embedded[[row_of_text[item.text] for item in sentences]]

    subtopics = sorted({item.subtopic for item in sentences})
    scored = [pair for name in subtopics for pair in scored_pairs([s for s in sentences if s.subtopic == name])]
    sharing = sum(bool(first.chains & second.chains) for first, second in scored)
    print(
        f"ECB+: {len(sentences)} sentences (URL lines dropped), {sum(s.validated for s in sentences)} validated, "
        f"{len({s.doc for s in sentences})} docs, {len(subtopics)} subtopics, "
        f"{len({s.topic for s in sentences})} topics"
    )
    print(
        f"scored pairs {len(scored)}; base rate: gold (shared event chain) {len(gold) / len(scored):.1%}, "
        f"any shared chain {sharing / len(scored):.1%}"
    )
    table = evaluate(sentences, vectors, gold, tuple(arguments.threshold), tuple(arguments.max_per_source))
    pd.set_option("display.width", 220)
    pd.set_option("display.max_columns", 30)
    print(table.to_string(index=False, float_format=lambda value: f"{value:.3f}"))


if __name__ == "__main__":
    main()
