"""Sentence-boundary precision and recall on ECB+ (gold sentence splits of real news text).

    python bench/segmentation_events.py [--data ../shared/evaldata/ecbplus]

Each ECB+ document is rebuilt as one paragraph (its gold sentences, lightly detokenized, joined by a
space) and split again by:

- checker: ``checker.segment`` (pysbd with its abbreviation rules, quotations kept whole);
- pysbd: plain pysbd, without joining quotations;
- regex: a naive split after . ! ? followed by a capital or a quote.

A predicted boundary is right when it falls where a gold sentence starts. checker joins a quotation
that spans several gold sentences on purpose, so its recall is expected below plain pysbd's there.
Sentence 0 (often a URL line) is left out.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.accuracy import _detokenize  # noqa: E402
from checker.models import Article, CleanArticle, Source  # noqa: E402
from checker.segment import _pysbd_spans, segment  # noqa: E402

NAIVE = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘']?[A-Z])")


def documents(path: Path) -> dict[str, list[str]]:
    docs: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for line in path.open(encoding="utf-8"):
        row = json.loads(line)
        if row["sentence"] == 0:
            continue
        text = _detokenize(row["text"]).strip()
        if text:
            docs[row["doc"]].append((row["sentence"], text))
    return {doc: [text for _, text in sorted(items)] for doc, items in docs.items()}


def score(predicted: set[int], gold: set[int]) -> tuple[int, int, int]:
    return len(predicted & gold), len(predicted - gold), len(gold - predicted)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "evaldata" / "ecbplus")
    arguments = parser.parse_args()
    totals = {name: [0, 0, 0] for name in ("checker", "pysbd", "regex")}
    for sentences in documents(arguments.data / "ecbplus_sentences.jsonl").values():
        text = " ".join(sentences)
        gold, position = set(), 0
        for sentence in sentences[1:]:
            position = text.index(sentence, position + 1)
            gold.add(position)
        article = Article(source=Source(id="d", path="d"), text=text)
        cleaned = CleanArticle(article=article, spans=((0, len(text)),), dropped=())
        predictions = {
            "checker": {s.start for s in segment(cleaned)} - {0},
            "pysbd": {start for start, _ in _pysbd_spans(text, 0)} - {0},
            "regex": {match.end() for match in NAIVE.finditer(text)},
        }
        for name, predicted in predictions.items():
            for index, value in enumerate(score(predicted, gold)):
                totals[name][index] += value
    print("| splitter | boundary precision | boundary recall | F1 |\n|---|---|---|---|")
    for name, (right, wrong, missed) in totals.items():
        precision = right / (right + wrong) if right + wrong else 0.0
        recall = right / (right + missed) if right + missed else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"| {name} | {precision:.3f} | {recall:.3f} | {f1:.3f} |")


if __name__ == "__main__":
    main()
