"""The whole path of one article set: ingest -> clean -> segment -> embed -> align -> compare."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from checker import segment as segmenter
from checker.align import Alignment, align
from checker.clean import clean
from checker.compare import compare, make_context, parses_wanted
from checker.config import Settings
from checker.embed import Embedder, default_embedder
from checker.facts import geonames, nlp
from checker.facts.base import Context
from checker.ingest import ArticleSet, read_set
from checker.models import Article, CleanArticle, Result, Sentence
from checker.segment import segment

#: Share of an article's sentences found in another article above which it counts as a copy of it.
DUPLICATE_SHARE = 0.9


def _comparable_text(text: str) -> str:
    return re.sub(r"\W+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()


def find_duplicates(sentences_by_source: dict[str, Sequence[Sentence]]) -> list[tuple[str, str]]:
    """(copy, original) pairs: articles whose sentences are (nearly) all in an earlier article.

    Wire copy republished under another masthead agrees with itself; counting it as a second source
    would turn one report into a wall of agreements.
    """
    texts = {
        source: {_comparable_text(s.text) for s in sentences} - {""}
        for source, sentences in sentences_by_source.items()
    }
    duplicates: list[tuple[str, str]] = []
    copies: set[str] = set()
    sources = list(texts)
    for position, source in enumerate(sources):
        if not texts[source]:
            continue
        for original in sources[:position]:
            if original in copies or not texts[original]:
                continue
            shared = len(texts[source] & texts[original]) / len(texts[source])
            if shared >= DUPLICATE_SHARE:
                duplicates.append((source, original))
                copies.add(source)
                break
    return duplicates


@dataclass(frozen=True, slots=True)
class Prepared:
    """An article set read, cleaned and segmented: everything before the embeddings.

    article_set: the set as read.
    cleaned: each article after furniture removal.
    sentences: every sentence of every article, in reading order.
    compared: the sentences to embed and compare (copies of another article left out).
    duplicates: (copy, original) source ids.
    warnings: what the editor should know about the run.
    """

    article_set: ArticleSet
    cleaned: tuple[CleanArticle, ...]
    sentences: tuple[Sentence, ...]
    compared: tuple[Sentence, ...]
    duplicates: tuple[tuple[str, str], ...]
    warnings: tuple[str, ...]


def prepare(article_set: ArticleSet, *, drop_duplicates: bool = True, cache_dir: Path | None = None) -> Prepared:
    """Clean and segment every article; find copies and what to warn about.

    With ``drop_duplicates`` (the default), an article that repeats another is left out of the
    comparison and named in the warnings; a draft checked against its sources must not be.
    Sentence boundaries are kept under ``cache_dir`` with the embeddings, when given.
    """
    segmenter.use_store(cache_dir)
    cleaned = tuple(clean(article) for article in article_set.articles)
    by_source = {item.article.source.id: segment(item) for item in cleaned}
    duplicates = find_duplicates(by_source) if drop_duplicates else []
    copies = {copy for copy, _ in duplicates}
    warnings = [f"{copy} repeats {original}: left out of the comparison" for copy, original in duplicates]
    for item in cleaned:
        if not by_source[item.article.source.id]:
            warnings.append(
                f"{item.article.source.path}: no article text left after removing page furniture "
                f"({len(item.dropped)} lines dropped)"
            )
    compared_sources = [source for source in by_source if source not in copies and by_source[source]]
    if len(compared_sources) < 2:
        warnings.append("fewer than two articles with text: nothing to compare across sources")
    return Prepared(
        article_set=article_set,
        cleaned=cleaned,
        sentences=tuple(sentence for sentences in by_source.values() for sentence in sentences),
        compared=tuple(sentence for source in compared_sources for sentence in by_source[source]),
        duplicates=tuple(duplicates),
        warnings=tuple(warnings),
    )


def _compared_articles(prepared: Prepared) -> list[Article]:
    copies = {copy for copy, _ in prepared.duplicates}
    return [article for article in prepared.article_set.articles if article.source.id not in copies]


def align_prepared(prepared: Prepared, vectors: np.ndarray, settings: Settings) -> Alignment:
    """Group the prepared sentences that say the same thing, given their vectors (row for row of ``compared``)."""
    return align(
        prepared.compared,
        vectors,
        threshold=settings.align_threshold,
        max_per_source=settings.max_per_source,
        related_threshold=settings.related_threshold,
    )


def prefetch_parses(aligned: Sequence[tuple[Prepared, Alignment, np.ndarray]], settings: Settings) -> list[Context]:
    """Parse in one batch what comparing these sets will read (several sets at once: the batch's chunks).

    Returns each set's comparison context, for :func:`finish` to compare with. Parses are kept under
    ``settings.cache_dir`` with the embeddings, when there is one.
    """
    nlp.use_store(settings.cache_dir)
    geonames.use_store(settings.cache_dir)
    full: list[str] = []
    entities: list[str] = []
    contexts = []
    for prepared, alignment, vectors in aligned:
        context = make_context(_compared_articles(prepared), prepared.compared, vectors)
        wanted_full, wanted_entities = parses_wanted(alignment, context)
        full.extend(wanted_full)
        entities.extend(wanted_entities)
        contexts.append(context)
    nlp.prefetch(full)
    nlp.prefetch(entities, entities_only=True)
    return contexts


def finish(
    prepared: Prepared,
    vectors: np.ndarray,
    settings: Settings,
    model: str,
    alignment: Alignment | None = None,
    context: Context | None = None,
) -> Result:
    """Align and parse ahead (unless ``alignment`` is given), then compare the prepared sentences.

    ``context``: what :func:`prefetch_parses` returned for this set, when it ran.
    """
    if alignment is None:
        alignment = align_prepared(prepared, vectors, settings)
        (context,) = prefetch_parses([(prepared, alignment, vectors)], settings)
    articles = prepared.article_set.articles
    return Result(
        name=prepared.article_set.name,
        sources=tuple(article.source for article in articles),
        articles=articles,
        sentences=prepared.sentences,
        groups=alignment.groups,
        findings=compare(alignment, _compared_articles(prepared), prepared.compared, vectors, context=context),
        dropped=tuple(line for item in prepared.cleaned for line in item.dropped),
        skipped=prepared.article_set.skipped,
        settings={**settings.for_report(), "model": model},
        duplicates=prepared.duplicates,
        warnings=prepared.warnings,
    )


def check(article_set: ArticleSet, settings: Settings, embedder: Embedder, *, drop_duplicates: bool = True) -> Result:
    """Compare the articles of one set and return every finding. No I/O besides the embedder's cache."""
    prepared = prepare(article_set, drop_duplicates=drop_duplicates, cache_dir=settings.cache_dir)
    vectors = embedder.encode([sentence.normalized for sentence in prepared.compared])
    return finish(prepared, vectors, settings, embedder.name)


def run(path: str | Path, settings: Settings, embedder: Embedder | None = None) -> Result:
    """Read the set at ``path`` and check it with the real model unless an embedder is given."""
    article_set = read_set(path)
    return check(article_set, settings, embedder or default_embedder(settings.cache_dir))
