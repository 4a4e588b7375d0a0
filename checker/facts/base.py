"""The seam between fact modules and the compare stage.

Two kinds of comparator plug in here:

- a *sentence comparator* ``compare_sentences(first, second, context) -> list[Discrepancy]``: given two
  sentences of different sources that report the same (or a related) fact, the discrepancies it can
  prove. ``checker.compare`` runs it over every cross-source pair of an aligned group (and, for facts
  comparable wherever they appear, of related groups);
- a *set comparator* ``compare_set(context) -> list[Discrepancy]``: facts about an entity rather than a
  sentence (a person's title, who said a quote), compared across the whole set. Each finding is filed
  under the group of its first evidence sentence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from checker.models import Evidence, FactType, Sentence, Severity

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Context:
    """What comparators may know besides the two sentences.

    labels: source id -> short label for summaries ("002", or the outlet's name).
    published: source id -> publication date when known (to resolve "on Wednesday").
    texts: source id -> the article text as read (sentence offsets point into it).
    sentences: source id -> the article's sentences in order (to resolve "he" or a surname).
    similarity: cosine similarity of two sentences' embeddings (1.0 for the same sentence).
    memo: what :meth:`derived` worked out for this context.
    """

    labels: dict[str, str]
    published: dict[str, dt.date | None] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    sentences: dict[str, tuple[Sentence, ...]] = field(default_factory=dict)
    similarity: Callable[[Sentence, Sentence], float] = field(default=lambda first, second: 0.0)
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def label(self, source: str) -> str:
        """The short label of a source (its id when unknown)."""
        return self.labels.get(source, source)

    def derived(self, name: str, compute: Callable[[Context], _T]) -> _T:
        """``compute(self)``, worked out once for this context: a set comparator's plan is read when
        choosing what to parse and again when comparing."""
        if name not in self.memo:
            self.memo[name] = compute(self)
        return self.memo[name]  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """What a comparator reports about two sentences: a finding before it gets its id, group and kind.

    type, severity, summary, evidence: as in :class:`checker.models.Finding`.
    """

    type: FactType
    severity: Severity
    summary: str
    evidence: tuple[Evidence, ...]

    @property
    def key(self) -> tuple[object, ...]:
        """Identity for de-duplication: the type and the highlighted spans of each side, order-free."""
        return (self.type, tuple(sorted((item.source, item.start, item.spans) for item in self.evidence)))


Comparator = Callable[[Sentence, Sentence, Context], list[Discrepancy]]
SetComparator = Callable[[Context], list[Discrepancy]]


def evidence(sentence: Sentence, value: str | None = None, spans: Sequence[tuple[int, int]] = ()) -> Evidence:
    """Evidence for a sentence; ``spans`` are offsets within the sentence and become article offsets."""
    return Evidence(
        source=sentence.source,
        sentence=sentence.text,
        start=sentence.start,
        end=sentence.end,
        value=value,
        spans=tuple((sentence.start + start, sentence.start + end) for start, end in spans),
    )
