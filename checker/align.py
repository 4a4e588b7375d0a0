"""Sentences of all sources -> groups of sentences that report the same fact.

No order is assumed (outlets reorder facts freely). Candidate links are cross-source sentence
pairs whose cosine similarity reaches the threshold; they are merged strongest first (like
single-link clustering), but a merge must keep the *average* cross-source similarity of the
merged group at or above the threshold, and no source may contribute more than
``max_per_source`` sentences. The average-link check stops chains (A~B, B~C, A≁C) from
snowballing into one group about everything.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from checker.models import Group, Sentence

#: How many nearest sentences of other groups each sentence may be related to.
RELATED_PER_SENTENCE = 3


@dataclass(frozen=True, slots=True)
class Alignment:
    """The result of aligning a set.

    groups: every sentence in exactly one group (single-member groups are single-source claims).
    related: pairs of group ids whose sentences are related (similarity at or above the related
        threshold) without being the same fact; facts such as casualty counts are compared across them.
    """

    groups: tuple[Group, ...]
    related: tuple[tuple[str, str], ...] = ()


def similarity_matrix(vectors: np.ndarray) -> np.ndarray:
    """Cosine similarities of unit vectors."""
    if len(vectors) == 0:
        return np.zeros((0, 0), dtype=np.float32)
    return np.clip(vectors @ vectors.T, -1.0, 1.0)


def _cross_mean(similarity: np.ndarray, sources: np.ndarray, left: list[int], right: list[int]) -> float:
    block = similarity[np.ix_(left, right)]
    cross = sources[left][:, None] != sources[right][None, :]
    return float(block[cross].mean()) if cross.any() else 1.0


def align(
    sentences: tuple[Sentence, ...],
    vectors: np.ndarray,
    *,
    threshold: float,
    max_per_source: int = 2,
    related_threshold: float | None = None,
) -> Alignment:
    """Group sentences from different sources that say the same thing."""
    count = len(sentences)
    if count == 0:
        return Alignment(groups=())
    similarity = similarity_matrix(vectors)
    source_ids = {source: position for position, source in enumerate(dict.fromkeys(s.source for s in sentences))}
    sources = np.array([source_ids[s.source] for s in sentences])
    different = sources[:, None] != sources[None, :]
    upper = np.triu(np.ones((count, count), dtype=bool), k=1)
    rows, columns = np.nonzero((similarity >= threshold) & different & upper)
    order = np.argsort(-similarity[rows, columns], kind="stable")

    parent = list(range(count))
    members: dict[int, list[int]] = {index: [index] for index in range(count)}

    def find(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for position in order:
        left, right = find(int(rows[position])), find(int(columns[position]))
        if left == right:
            continue
        merged = members[left] + members[right]
        per_source = np.bincount(sources[merged])
        if per_source.max() > max_per_source:
            continue
        if _cross_mean(similarity, sources, members[left], members[right]) < threshold:
            continue
        parent[right] = left
        members[left] = merged
        del members[right]

    clusters = sorted((sorted(indices) for indices in members.values()), key=lambda indices: indices[0])
    groups: list[Group] = []
    group_of: dict[int, str] = {}
    for number, indices in enumerate(clusters, start=1):
        group_id = f"G{number}"
        for index in indices:
            group_of[index] = group_id
        mean = _cross_mean(similarity, sources, indices, indices) if len(indices) > 1 else 1.0
        members_of_group = tuple(sentences[index] for index in indices)
        groups.append(Group(id=group_id, members=members_of_group, similarity=round(mean, 4)))

    related: set[tuple[str, str]] = set()
    if related_threshold is not None:
        # Each sentence's few nearest cross-source neighbours in other groups: enough to catch the same
        # figure in differently worded sentences, and bounded (k per sentence) so a set of hundreds of
        # articles about one event does not turn into millions of pairs to compare.
        group_index = np.array([_group_number(group_of[index]) for index in range(count)])
        candidates = np.where(different & (group_index[:, None] != group_index[None, :]), similarity, -1.0)
        keep = min(RELATED_PER_SENTENCE, count - 1)
        nearest = np.argpartition(-candidates, keep - 1, axis=1)[:, :keep] if keep > 0 else np.zeros((count, 0), int)
        # argpartition leaves the k nearest unordered; order them so the threshold check can stop early.
        nearest = np.take_along_axis(nearest, np.argsort(-np.take_along_axis(candidates, nearest, 1), 1), 1)
        for row in range(count):
            for column in nearest[row].tolist():
                if candidates[row, column] < related_threshold:
                    break
                pair = sorted((group_of[row], group_of[column]), key=_group_number)
                related.add((pair[0], pair[1]))
    ordered = tuple(sorted(related, key=lambda pair: (_group_number(pair[0]), _group_number(pair[1]))))
    return Alignment(groups=tuple(groups), related=ordered)


def _group_number(group_id: str) -> int:
    return int(group_id[1:])
