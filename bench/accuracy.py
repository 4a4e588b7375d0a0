"""Accuracy table for `make bench-accuracy`: VitaminC, ECB+ mixed events, and the bundled seeds.

    python bench/accuracy.py [--data ../shared/evaldata] [--vitaminc-limit N] [--skip vitaminc,ecbplus,seeds]

- VitaminC (claim/evidence pairs before and after one Wikipedia edit): each pair is compared as two
  sources with every fact comparator; a discrepancy flag on a REFUTES pair is a true positive, on a
  SUPPORTS pair a false positive (NOT ENOUGH INFO pairs are left out). Reported overall and on pairs
  where both sides hold a digit, plus contrastive accuracy: per case with both labels, the REFUTES
  version flagged and the SUPPORTS version not.
- ECB+: each topic's two subtopics (similar but different events) run through the whole pipeline as
  one article set; every discrepancy whose evidence spans both subtopics is a false alarm.
- Seeds: the bundled set against its hand annotation (tests/fixtures/seed_annotations.json).

The data is read from ../shared/evaldata by path, never copied into the repository.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.compare import load_comparators, source_labels  # noqa: E402
from checker.config import Settings  # noqa: E402
from checker.embed import Embedder, default_embedder  # noqa: E402
from checker.evaluate import load_annotation, score  # noqa: E402
from checker.facts.base import Context  # noqa: E402
from checker.ingest import ArticleSet, read_set  # noqa: E402
from checker.models import Article, Sentence, Source  # noqa: E402
from checker.pipeline import check  # noqa: E402

DIGIT = re.compile(r"\d")


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def flags_pair(claim: str, evidence: str, comparators) -> list[str]:  # type: ignore[no-untyped-def]
    """Types of the discrepancies the comparators raise between two texts."""
    first = Sentence(source="claim", index=0, start=0, end=len(claim), text=claim)
    second = Sentence(source="evidence", index=0, start=0, end=len(evidence), text=evidence)
    sources = [Source(id="claim", path="claim"), Source(id="evidence", path="evidence")]
    context = Context(
        labels=source_labels(sources),
        published={"claim": None, "evidence": None},
        texts={"claim": claim, "evidence": evidence},
        sentences={"claim": (first,), "evidence": (second,)},
        similarity=lambda a, b: 1.0,
    )
    types: list[str] = []
    for comparator in comparators.within:
        types += [found.type for found in comparator(first, second, context)]
    for comparator in comparators.whole_set:
        types += [found.type for found in comparator(context)]
    return types


def vitaminc(path: Path, limit: int | None) -> dict[str, object]:
    comparators = load_comparators()
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    rows = [row for row in rows if row["label"] in ("SUPPORTS", "REFUTES")]
    if limit:
        rows = rows[:limit]
    counts = {"all": [0, 0, 0], "digits": [0, 0, 0]}  # tp, fp, fn
    by_case: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # flags on REFUTES, on SUPPORTS
    started = time.perf_counter()
    for row in rows:
        types = flags_pair(row["claim"], row["evidence"], comparators)
        flagged = bool(types)
        refutes = row["label"] == "REFUTES"
        slices = ["all"] + (["digits"] if DIGIT.search(row["claim"]) and DIGIT.search(row["evidence"]) else [])
        for name in slices:
            if flagged and refutes:
                counts[name][0] += 1
            elif flagged:
                counts[name][1] += 1
            elif refutes:
                counts[name][2] += 1
        for fact_type in set(types):
            by_type[fact_type][0 if refutes else 1] += 1
        by_case[str(row["case_id"])][row["label"]].append(flagged)
    contrast_total = contrast_right = 0
    for labels in by_case.values():
        if labels.get("REFUTES") and labels.get("SUPPORTS"):
            for refuted in labels["REFUTES"]:
                for supported in labels["SUPPORTS"]:
                    contrast_total += 1
                    contrast_right += refuted and not supported
    return {
        "pairs": len(rows),
        "seconds": round(time.perf_counter() - started, 1),
        "all": prf(*counts["all"]),
        "digits": prf(*counts["digits"]),
        "digit_pairs": sum(counts["digits"]),
        "contrastive": (contrast_right / contrast_total if contrast_total else 0.0, contrast_total),
        "by_type": dict(by_type),
    }


def ecbplus_sets(path: Path) -> dict[str, ArticleSet]:
    """One article set per topic, holding the documents of both subtopics (sentence per line)."""
    documents: dict[str, dict[str, list[tuple[int, str]]]] = defaultdict(lambda: defaultdict(list))
    subtopic_of: dict[str, str] = {}
    for line in path.open(encoding="utf-8"):
        row = json.loads(line)
        if row["sentence"] == 0 and row["text"].lstrip().startswith("http"):
            continue
        documents[str(row["topic"])][row["doc"]].append((row["sentence"], _detokenize(row["text"])))
        subtopic_of[row["doc"]] = str(row["subtopic"])
    sets = {}
    for topic, docs in sorted(documents.items(), key=lambda item: int(item[0])):
        articles = []
        for doc, sentences in sorted(docs.items()):
            text = "\n".join(text for _, text in sorted(sentences))
            source_id = f"{subtopic_of[doc]}/{doc}"
            articles.append(Article(source=Source(id=source_id, path=doc), text=text))
        sets[topic] = ArticleSet(name=f"ecbplus-topic-{topic}", articles=tuple(articles))
    return sets


def _detokenize(text: str) -> str:
    text = text.replace("``", '"').replace("''", '"')
    text = re.sub(r"\s+([.,;:!?%)\]'’])", r"\1", text)
    text = re.sub(r"([(\[$])\s+", r"\1", text)
    return re.sub(r"\s+(n't|'s|'re|'ve|'ll|'d|’s)\b", r"\1", text)


def ecbplus(path: Path, settings: Settings, embedder: Embedder) -> dict[str, object]:
    per_set = []
    started = time.perf_counter()
    for topic, article_set in ecbplus_sets(path).items():
        result = check(article_set, settings, embedder)
        subtopic = {source.id: source.id.split("/")[0] for source in result.sources}
        cross = [
            finding
            for finding in result.findings
            if finding.kind == "discrepancy" and len({subtopic[item.source] for item in finding.evidence}) > 1
        ]
        within = [f for f in result.findings if f.kind == "discrepancy" and f not in cross]
        per_set.append((topic, len(result.sources), len(result.sentences), len(cross), len(within), cross[:2]))
    return {"sets": per_set, "seconds": round(time.perf_counter() - started, 1)}


def seeds(settings: Settings, embedder: Embedder) -> dict[str, object]:
    result = check(read_set(ROOT / "data" / "ukraine-talks-2025-02-12"), settings, embedder)
    annotation = load_annotation(ROOT / "tests" / "fixtures" / "seed_annotations.json")
    outcome = score(result, annotation)
    discrepancies = [finding for finding in result.findings if finding.kind == "discrepancy"]
    return {"score": outcome, "discrepancies": discrepancies}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "evaldata")
    parser.add_argument("--vitaminc-limit", type=int, default=None, help="only the first N labelled pairs")
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: vitaminc,ecbplus,seeds")
    parser.add_argument("--cache", type=Path, default=None, help="embedding cache folder")
    parser.add_argument("--related-threshold", type=float, default=None, help="override Settings.related_threshold")
    parser.add_argument("--threshold", type=float, default=None, help="override Settings.align_threshold")
    arguments = parser.parse_args()
    skip = set(filter(None, arguments.skip.split(",")))
    settings = Settings(cache_dir=arguments.cache) if arguments.cache else Settings()
    if arguments.related_threshold is not None:
        settings = replace(settings, related_threshold=arguments.related_threshold)
    if arguments.threshold is not None:
        settings = replace(settings, align_threshold=arguments.threshold)
    embedder = default_embedder(settings.cache_dir)  # loaded lazily, once, for the ECB+ and seed runs
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    print(
        f"# checker accuracy (commit {commit.strip() or 'unknown'}; align threshold {settings.align_threshold}, "
        f"related threshold {settings.related_threshold})\n"
    )
    if "vitaminc" not in skip:
        figures = vitaminc(arguments.data / "vitaminc" / "vitaminc_real_test_dev.jsonl", arguments.vitaminc_limit)
        print(f"## VitaminC ({figures['pairs']} SUPPORTS/REFUTES pairs, {figures['seconds']} s)\n")
        print("| slice | precision | recall | F1 |\n|---|---|---|---|")
        for name, label in (("all", "all pairs"), ("digits", f"both sides hold digits ({figures['digit_pairs']})")):
            precision, recall, f1 = figures[name]  # type: ignore[misc]
            print(f"| {label} | {precision:.3f} | {recall:.3f} | {f1:.3f} |")
        accuracy, cases = figures["contrastive"]  # type: ignore[misc]
        print(f"\ncontrastive accuracy: {accuracy:.3f} over {cases} REFUTES/SUPPORTS pairs of the same case")
        print("flags by type (on REFUTES / on SUPPORTS):", figures["by_type"], "\n")
    if "ecbplus" not in skip:
        figures = ecbplus(arguments.data / "ecbplus" / "ecbplus_sentences.jsonl", settings, embedder)
        sets = figures["sets"]
        print(f"## ECB+ mixed events (each topic's two subtopics as one set; {figures['seconds']} s)\n")
        print("| topic | documents | sentences | cross-event discrepancies | within-event discrepancies |")
        print("|---|---|---|---|---|")
        for topic, documents, sentences, cross, within, _ in sets:  # type: ignore[attr-defined]
            print(f"| {topic} | {documents} | {sentences} | {cross} | {within} |")
        total = sum(row[3] for row in sets)  # type: ignore[attr-defined]
        print(f"\ncross-event discrepancies in all: {total} over {len(sets)} sets")  # type: ignore[arg-type]
        for topic, *_, examples in sets:  # type: ignore[attr-defined]
            for finding in examples:
                print(f"  e.g. topic {topic}: {finding.summary[:160]}")
        print()
    if "seeds" not in skip:
        figures = seeds(settings, embedder)
        outcome = figures["score"]
        print("## Bundled seeds against tests/fixtures/seed_annotations.json\n")
        print(
            f"recall {len(outcome.found)}/{len(outcome.found) + len(outcome.missed)} = {outcome.recall:.2f}; "
            f"false alarms on near-misses {len(outcome.false_alarms)}/{outcome.near_misses}"
        )
        print(
            f"missed: {', '.join(outcome.missed) or 'none'}; false alarms: {', '.join(outcome.false_alarms) or 'none'}"
        )
        print(f"all discrepancies raised ({len(figures['discrepancies'])}):")
        for finding in figures["discrepancies"]:
            print(f"  [{finding.severity}] {finding.type}: {finding.summary[:170]}")


if __name__ == "__main__":
    main()
