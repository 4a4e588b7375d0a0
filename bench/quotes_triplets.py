"""Benchmark the quotes module on BASIL triplets (Fox News, NYT, HuffPost articles on one event).

BASIL's phrase-level annotations mark biased spans; those with ``quote: yes`` sit inside quotations and
name the speaker. Measured here:

- extraction recall: the share of gold quote spans (quotation marks stripped) found in the article text
  that lie mostly (half their characters or more) inside a quote ``find_quotes`` extracts;
- speaker accuracy: for gold spans with a named speaker (not ``other_*``) inside a found quote, how often
  our speaker is the same person, another person, or unknown;
- cross-outlet findings per triplet of ``compare_set`` (the embedding model gives sentence similarity),
  with a sample printed for inspection by hand.

    python bench/quotes_triplets.py [--data ../shared/evaldata/allsides/basil] [--show 20] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checker.clean import clean  # noqa: E402
from checker.compare import _similarity  # noqa: E402
from checker.embed import default_embedder  # noqa: E402
from checker.facts import quotes  # noqa: E402
from checker.facts.base import Context  # noqa: E402
from checker.models import Article, Source  # noqa: E402
from checker.segment import segment  # noqa: E402


def _article(path: Path) -> tuple[Article, dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    text = "\n\n".join(" ".join(paragraph) for paragraph in data["body-paragraphs"])
    source = Source(id=path.stem, path=str(path), outlet=data.get("source"))
    return Article(source=source, text=text), data


def _gold(path: Path) -> list[dict]:
    name = path.name.replace(".json", "_ann.json")
    annotation = path.parent.parent.parent / "annotations" / path.parent.name / name
    if not annotation.exists():
        return []
    data = json.loads(annotation.read_text(encoding="utf-8"))
    return [item for item in data["phrase-level-annotations"] if item.get("quote") == "yes"]


def main() -> None:
    """Print recall, speaker accuracy and findings per triplet."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/evaldata/allsides/basil"))
    parser.add_argument("--show", type=int, default=20, help="findings to print for inspection")
    parser.add_argument("--limit", type=int, default=0, help="triplets to read (0: all)")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/ckcache"))
    options = parser.parse_args()
    embedder = default_embedder(options.cache)
    triplets: dict[str, list[Path]] = {}
    for path in sorted((options.data / "articles").glob("*/*.json")):
        triplets.setdefault(path.stem.rsplit("_", 1)[0], []).append(path)
    gold_total = gold_found = 0
    speakers: Counter[str] = Counter()
    findings: Counter[str] = Counter()
    sample: list[str] = []
    items = list(triplets.items())[: options.limit or None]
    for _, paths in items:
        articles, sentences_of = [], {}
        for path in paths:
            article, _ = _article(path)
            articles.append(article)
            sentences_of[article.source.id] = tuple(segment(clean(article)))
            spans = [
                (sentence, quote)
                for sentence in sentences_of[article.source.id]
                for quote in quotes.sentence_quotes(sentence, Context(labels={}, sentences=sentences_of))
            ]
            for gold in _gold(path):
                needle = gold["txt"].strip().strip("“”\"'‘’ ,.")
                where = article.text.find(needle) if needle else -1
                if where < 0:
                    continue
                gold_total += 1
                end = where + len(needle)
                hits = [
                    quote
                    for sentence, quote in spans
                    if min(end, sentence.start + quote.end) - max(where, sentence.start + quote.start)
                    >= len(needle) / 2
                ]
                if not hits:
                    continue
                gold_found += 1
                speaker = gold.get("speaker", "")
                if not speaker or speaker.startswith("other"):
                    continue
                ours = hits[0]
                if not ours.named:
                    speakers["unknown"] += 1
                elif quotes.same_speaker(speaker.replace("_", " "), ours.speaker or ""):
                    speakers["same"] += 1
                else:
                    speakers["different"] += 1
                    if len(sample) < options.show:
                        sample.append(f"  speaker: gold {speaker}, ours {ours.speaker}: {ours.text[:60]}")
        sentences = [sentence for article in articles for sentence in sentences_of[article.source.id]]
        vectors = embedder.encode([sentence.normalized for sentence in sentences])
        context = Context(
            labels={article.source.id: article.source.outlet or article.source.id for article in articles},
            sentences=sentences_of,
            similarity=_similarity(sentences, vectors),
        )
        for discrepancy in quotes.compare_set(context):
            findings[f"{discrepancy.type}/{discrepancy.severity}"] += 1
            if len(sample) < 2 * options.show:
                sample.append(f"  {discrepancy.severity} {discrepancy.type}: {discrepancy.summary}")
    judged = sum(speakers.values())
    print(f"triplets: {len(items)}")
    print(
        f"gold quote spans located: {gold_total}; inside an extracted quote: {gold_found} ({gold_found / max(1, gold_total):.1%})"
    )
    print(
        f"named gold speakers: {judged}; same {speakers['same']}, different {speakers['different']}, "
        f"unknown {speakers['unknown']}; accuracy where both named "
        f"{speakers['same'] / max(1, speakers['same'] + speakers['different']):.1%}"
    )
    print(
        f"findings: {sum(findings.values())} ({sum(findings.values()) / max(1, len(items)):.2f} per triplet) {dict(findings)}"
    )
    for line in sample:
        print(line)


if __name__ == "__main__":
    main()
