"""Align: cross-source grouping without order assumptions, bounded groups, no chaining."""

from __future__ import annotations

import numpy as np

from checker.align import align
from checker.models import Sentence


def make(source: str, index: int, text: str = "") -> Sentence:
    return Sentence(source=source, index=index, start=0, end=len(text), text=text or f"{source}{index}")


def unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def groups_as_keys(alignment) -> list[list[str]]:
    return [[member.key for member in group.members] for group in alignment.groups]


def test_same_fact_in_reordered_sources_is_grouped(fake_embedder) -> None:
    a = [make("a", 0, "Ten people died in the fire on Monday."), make("a", 1, "The mayor visited the hospital.")]
    b = [make("b", 0, "The mayor visited the hospital later."), make("b", 1, "Ten people died in the fire Monday.")]
    sentences = tuple(a + b)
    vectors = fake_embedder.encode([s.text for s in sentences])
    alignment = align(sentences, vectors, threshold=0.6)
    assert groups_as_keys(alignment) == [["a#0", "b#1"], ["a#1", "b#0"]]


def test_unrelated_sentence_is_a_single_source_group(fake_embedder) -> None:
    sentences = (
        make("a", 0, "Ten people died in the fire on Monday."),
        make("b", 0, "Ten people died in the fire Monday."),
        make("b", 1, "Shares in the utility rose sharply."),
    )
    alignment = align(sentences, fake_embedder.encode([s.text for s in sentences]), threshold=0.6)
    assert groups_as_keys(alignment) == [["a#0", "b#0"], ["b#1"]]


def test_sentences_of_one_source_are_never_grouped_alone() -> None:
    sentences = (make("a", 0), make("a", 1))
    vectors = np.stack([unit(1, 0), unit(1, 0)])
    assert groups_as_keys(align(sentences, vectors, threshold=0.5)) == [["a#0"], ["a#1"]]


def test_a_source_contributes_at_most_max_per_source_sentences() -> None:
    sentences = (make("a", 0), make("a", 1), make("a", 2), make("b", 0))
    vectors = np.stack([unit(1, 0)] * 4)
    groups = groups_as_keys(align(sentences, vectors, threshold=0.5, max_per_source=2))
    assert max(sum(key.startswith("a#") for key in group) for group in groups) == 2
    assert sum(len(group) for group in groups) == 4


def test_average_link_stops_chains() -> None:
    # a0 ~ b0 (0.8), b0 ~ c0 (0.8), but a0 and c0 are unrelated (0.28): no three-way group.
    sentences = (make("a", 0), make("b", 0), make("c", 0))
    angle = np.deg2rad(37)
    vectors = np.stack([unit(1, 0), unit(np.cos(angle), np.sin(angle)), unit(np.cos(2 * angle), np.sin(2 * angle))])
    vectors[2] = unit(np.cos(2.3 * angle), np.sin(2.3 * angle))
    alignment = align(sentences, vectors, threshold=0.7)
    assert max(len(group.members) for group in alignment.groups) == 2


def test_related_groups_are_reported_between_the_thresholds() -> None:
    sentences = (make("a", 0), make("b", 0))
    vectors = np.stack([unit(1, 0), unit(1, 1)])  # cosine 0.707
    alignment = align(sentences, vectors, threshold=0.8, related_threshold=0.5)
    assert groups_as_keys(alignment) == [["a#0"], ["b#0"]]
    assert alignment.related == (("G1", "G2"),)


def test_empty_input_gives_no_groups() -> None:
    assert align((), np.zeros((0, 384), dtype=np.float32), threshold=0.5).groups == ()
