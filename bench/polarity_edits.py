"""Precision and recall of the polarity comparator on VitaminC claim/evidence pairs.

A flag on a REFUTES pair is right, a flag on a SUPPORTS pair is a false alarm. VitaminC edits mostly change
numbers and names, so the share of REFUTES pairs caught is expected to be small; precision is the point.

    python bench/polarity_edits.py [--data ../shared/evaldata/vitaminc/vitaminc_real_test_dev.jsonl] [--limit N]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from checker.facts.base import Context
from checker.facts.polarity import compare_sentences
from checker.models import Sentence


def main() -> None:
    """Print flags, precision and REFUTES recall, with a few flagged pairs of each label."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/evaldata/vitaminc/vitaminc_real_test_dev.jsonl"))
    parser.add_argument("--limit", type=int, default=0, help="read at most this many pairs (0: all)")
    parser.add_argument("--show", type=int, default=5, help="flagged pairs to print per label")
    options = parser.parse_args()
    context = Context(labels={"claim": "claim", "evidence": "evidence"})
    counts = {"SUPPORTS": 0, "REFUTES": 0}
    flagged = {"SUPPORTS": 0, "REFUTES": 0}
    shown: dict[str, list[str]] = {"SUPPORTS": [], "REFUTES": []}
    with options.data.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if options.limit and number >= options.limit:
                break
            row = json.loads(line)
            label = row["label"]
            if label not in counts:
                continue
            counts[label] += 1
            claim = Sentence("claim", 0, 0, len(row["claim"]), row["claim"])
            evidence = Sentence("evidence", 0, 0, len(row["evidence"]), row["evidence"])
            found = compare_sentences(claim, evidence, context)
            if found:
                flagged[label] += 1
                if len(shown[label]) < options.show:
                    shown[label].append(found[0].summary)
    total = flagged["SUPPORTS"] + flagged["REFUTES"]
    precision = flagged["REFUTES"] / total if total else 0.0
    recall = flagged["REFUTES"] / counts["REFUTES"] if counts["REFUTES"] else 0.0
    print(f"pairs: {counts['SUPPORTS']} SUPPORTS, {counts['REFUTES']} REFUTES")
    print(f"flagged: {total} ({flagged['REFUTES']} REFUTES, {flagged['SUPPORTS']} SUPPORTS)")
    print(f"precision: {precision:.3f}  REFUTES caught: {recall:.4f}")
    for label, summaries in shown.items():
        for summary in summaries:
            print(f"  [{label}] {summary}")


if __name__ == "__main__":
    main()
