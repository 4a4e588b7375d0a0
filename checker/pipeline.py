"""The whole path of one article set: ingest -> clean -> segment -> embed -> align -> compare."""

from __future__ import annotations

from pathlib import Path

from checker.align import align
from checker.clean import clean
from checker.compare import compare
from checker.config import Settings
from checker.embed import Embedder, default_embedder
from checker.ingest import ArticleSet, read_set
from checker.models import Result
from checker.segment import segment


def check(article_set: ArticleSet, settings: Settings, embedder: Embedder) -> Result:
    """Compare the articles of one set and return every finding. No I/O besides the embedder's cache."""
    cleaned = [clean(article) for article in article_set.articles]
    sentences = tuple(sentence for article in cleaned for sentence in segment(article))
    vectors = embedder.encode([sentence.normalized for sentence in sentences])
    alignment = align(
        sentences,
        vectors,
        threshold=settings.align_threshold,
        max_per_source=settings.max_per_source,
        related_threshold=settings.related_threshold,
    )
    sources = tuple(article.source for article in article_set.articles)
    return Result(
        name=article_set.name,
        sources=sources,
        articles=article_set.articles,
        sentences=sentences,
        groups=alignment.groups,
        findings=compare(alignment, article_set.articles, sentences, vectors),
        dropped=tuple(line for article in cleaned for line in article.dropped),
        skipped=article_set.skipped,
        settings={**settings.for_report(), "model": embedder.name},
    )


def run(path: str | Path, settings: Settings, embedder: Embedder | None = None) -> Result:
    """Read the set at ``path`` and check it with the real model unless an embedder is given."""
    article_set = read_set(path)
    return check(article_set, settings, embedder or default_embedder(settings.cache_dir))
