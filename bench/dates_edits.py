"""Benchmark the dates comparator on VitaminC claim/evidence pairs.

Claim and evidence are treated as two sources with no published date (Wikipedia text), and
``checker.facts.dates.compare_sentences`` is run on them. A flag on a REFUTES pair is a true positive, a
flag on a SUPPORTS pair a false positive. Reported on:

- both dated: pairs where both sides hold a date mention (the comparator's reach);
- date edit: the REFUTES pairs of that slice where some date of one side overlaps no date of the other
  (whatever they attach to), with all SUPPORTS pairs of the slice: REFUTES pairs where only a name or a
  number changed are not the dates module's job;
- contrastive accuracy: per case with both a SUPPORTS and a REFUTES pair in the slice, the REFUTES pair
  flagged and the SUPPORTS pair not.

This is a benchmark, not a test.

    python bench/dates_edits.py [--data ../shared/evaldata/vitaminc/vitaminc_real_test_dev.jsonl] [--show 10]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checker.facts.base import Context  # noqa: E402
from checker.facts.dates import DateMention, compare_sentences, extract_dates, overlaps  # noqa: E402
from checker.models import Sentence  # noqa: E402

DEFAULT_DATA = (
    Path(__file__).resolve().parent.parent / ".." / "shared" / "evaldata" / "vitaminc" / "vitaminc_real_test_dev.jsonl"
)
CONTEXT = Context(labels={"claim": "claim", "evidence": "evidence"})


def _unmatched(these: tuple[DateMention, ...], others: tuple[DateMention, ...]) -> bool:
    return any(mention.candidates and not any(overlaps(mention, other) for other in others) for mention in these)


def _scores(rows: list[tuple[str, bool]]) -> str:
    true_positive = sum(1 for label, flagged in rows if flagged and label == "REFUTES")
    false_positive = sum(1 for label, flagged in rows if flagged and label == "SUPPORTS")
    refutes = sum(1 for label, _ in rows if label == "REFUTES")
    precision = true_positive / (true_positive + false_positive) if true_positive + false_positive else 0.0
    recall = true_positive / refutes if refutes else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return (
        f"pairs {len(rows):5d} (refutes {refutes:5d})  flagged {true_positive + false_positive:5d}  "
        f"P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}"
    )


def main() -> None:
    """Run the benchmark and print the scores."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--show", type=int, default=0, help="print this many false positives and misses")
    arguments = parser.parse_args()
    started = time.perf_counter()
    both: list[tuple[str, bool]] = []
    edited: list[tuple[str, bool]] = []
    by_case: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    false_positives, misses = [], []
    with arguments.data.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if row["label"] not in ("SUPPORTS", "REFUTES"):
                continue
            claim, evidence = row["claim"], row["evidence"]
            left, right = extract_dates(claim), extract_dates(evidence)
            if not left or not right:
                continue
            first = Sentence("claim", 0, 0, len(claim), claim)
            second = Sentence("evidence", 0, 0, len(evidence), evidence)
            found = compare_sentences(first, second, CONTEXT)
            flagged = bool(found)
            both.append((row["label"], flagged))
            differs = _unmatched(left, right) or _unmatched(right, left)
            if row["label"] == "SUPPORTS" or differs:
                edited.append((row["label"], flagged))
                by_case[row["case_id"]][row["label"]].append(flagged)
            if flagged and row["label"] == "SUPPORTS":
                false_positives.append((found[0].summary, claim, evidence))
            elif not flagged and row["label"] == "REFUTES" and differs:
                misses.append(([m.text for m in left], [m.text for m in right], claim, evidence))
    contrastive = [
        labels["REFUTES"][0] and not labels["SUPPORTS"][0]
        for labels in by_case.values()
        if labels.get("REFUTES") and labels.get("SUPPORTS")
    ]
    print(f"both dated   {_scores(both)}")
    print(f"date edit    {_scores(edited)}")
    if contrastive:
        print(f"contrastive  cases {len(contrastive):5d}  accuracy {sum(contrastive) / len(contrastive):.3f}")
    print(f"time {time.perf_counter() - started:.1f} s")
    for summary, claim, evidence in false_positives[: arguments.show]:
        print(f"\nFALSE POSITIVE {summary}\n  claim:    {claim}\n  evidence: {evidence}")
    for left, right, claim, evidence in misses[: arguments.show]:
        print(f"\nMISS {left} vs {right}\n  claim:    {claim}\n  evidence: {evidence}")


if __name__ == "__main__":
    main()
