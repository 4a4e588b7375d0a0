"""Benchmark the numbers module on Gun Violence Archive incidents and the news articles citing them.

For each article, casualty quantities are extracted and set against the archive's counts:

- killed found: among articles of incidents with killed > 0, the share where the killed count is inside an
  extracted casualty quantity whose counted words say death ("killed", "dead", "deaths", ...);
- injured found: the same for injured counts and injury words;
- killed + injured found: the same for the sum, against "shot" and combined ("dead and wounded") counts;
- casualty quantities per article, and how many of them disagree with the archive (a death count that
  does not cover the killed count, an injury count that does not cover the injured count, a "shot" or
  combined count that does not cover killed + injured).

Articles often report an earlier count or a different incident of the same place, so disagreements are an
upper bound on extraction errors, not the error rate. This is a benchmark, not a test.

    python bench/numbers_gva.py [--data ../shared/evaldata/gva/gva_incidents_dev.jsonl] [--show 10]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checker.facts import numbers_lexicon as lex  # noqa: E402
from checker.facts.numbers import Quantity, extract_quantities  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parent.parent / ".." / "shared" / "evaldata" / "gva" / "gva_incidents_dev.jsonl"
DEATH = frozenset(lex.DEATH_WORDS.values())
INJURY = frozenset(lex.INJURY_WORDS.values())


@dataclass
class Tally:
    """Counts over all articles; shares are computed when printing."""

    articles: int = 0
    characters: int = 0
    quantities: int = 0
    casualty_quantities: int = 0
    disagreeing: int = 0
    killed_articles: int = 0
    killed_found: int = 0
    injured_articles: int = 0
    injured_found: int = 0
    total_articles: int = 0
    total_found: int = 0
    articles_with_casualties: int = 0


def aspect(quantity: Quantity) -> str:
    """ "death", "injury" or "total" from the counted words."""
    words = set((quantity.counted or "").split())
    death, injury = bool(words & DEATH), bool(words & INJURY)
    if death and not injury:
        return "death"
    if injury and not death:
        return "injury"
    return "total"


def covers(quantity: Quantity, value: int) -> bool:
    return quantity.low <= value <= quantity.high


def score(incidents: list[dict], show: int) -> tuple[Tally, list[str]]:
    """Tally every article of every incident; return the tally and up to ``show`` disagreeing examples."""
    tally, examples = Tally(), []
    for incident in incidents:
        if not incident.get("gold_available") or "num_killed" not in incident:
            continue  # incidents without the archive's counts cannot be scored
        killed, injured = int(incident["num_killed"]), int(incident["num_injured"])
        gold = {"death": killed, "injury": injured, "total": killed + injured}
        for article in incident["articles"]:
            text = article.get("content") or ""
            quantities = extract_quantities(text)
            casualties = [q for q in quantities if q.family == "casualties"]
            tally.articles += 1
            tally.characters += len(text)
            tally.quantities += len(quantities)
            tally.casualty_quantities += len(casualties)
            tally.articles_with_casualties += bool(casualties)
            if killed > 0:
                tally.killed_articles += 1
                tally.killed_found += any(aspect(q) == "death" and covers(q, killed) for q in casualties)
            if injured > 0:
                tally.injured_articles += 1
                tally.injured_found += any(aspect(q) == "injury" and covers(q, injured) for q in casualties)
            if killed + injured > 0:
                tally.total_articles += 1
                tally.total_found += any(aspect(q) == "total" and covers(q, killed + injured) for q in casualties)
            for quantity in casualties:
                if not covers(quantity, gold[aspect(quantity)]):
                    tally.disagreeing += 1
                    if len(examples) < show:
                        context = text[max(0, quantity.start - 60) : quantity.end + 40].replace("\n", " ")
                        examples.append(
                            f"gold k={killed} i={injured} | {quantity.text!r} -> {quantity.counted} | …{context}…"
                        )
    return tally, examples


def share(part: int, whole: int) -> str:
    return f"{part / whole:6.1%}" if whole else "   n/a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="GVA incidents JSONL")
    parser.add_argument("--show", type=int, default=0, help="print this many disagreeing quantities")
    arguments = parser.parse_args()
    with arguments.data.open(encoding="utf-8") as lines:
        incidents = [json.loads(line) for line in lines if line.strip()]
    began = time.perf_counter()
    tally, examples = score(incidents, arguments.show)
    seconds = time.perf_counter() - began
    rows = [
        ("incidents with gold counts", f"{sum(bool(i.get('gold_available')) for i in incidents):>7}"),
        ("articles", f"{tally.articles:>7}"),
        ("quantities per article", f"{tally.quantities / max(1, tally.articles):7.2f}"),
        ("casualty quantities per article", f"{tally.casualty_quantities / max(1, tally.articles):7.2f}"),
        ("articles with a casualty quantity", f"{share(tally.articles_with_casualties, tally.articles):>7}"),
        (
            f"killed found (of {tally.killed_articles} articles, killed > 0)",
            f"{share(tally.killed_found, tally.killed_articles):>7}",
        ),
        (
            f"injured found (of {tally.injured_articles} articles, injured > 0)",
            f"{share(tally.injured_found, tally.injured_articles):>7}",
        ),
        (
            f"killed + injured found as a shot/combined count (of {tally.total_articles})",
            f"{share(tally.total_found, tally.total_articles):>7}",
        ),
        ("casualty quantities disagreeing with gold", f"{share(tally.disagreeing, tally.casualty_quantities):>7}"),
        ("disagreeing casualty quantities per article", f"{tally.disagreeing / max(1, tally.articles):7.2f}"),
        ("extraction speed (k characters / s)", f"{tally.characters / 1000 / max(seconds, 1e-9):7.0f}"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    for example in examples:
        print(example)


if __name__ == "__main__":
    main()
