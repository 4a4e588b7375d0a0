"""Recall and false alarms of `checker check` on drafts with planted errors (tests/fixtures/planted_drafts.json).

    python bench/draft_planted.py [--cache DIR]

Each case is the faithful base draft plus one planted error as its last paragraph. A case is caught
when a finding points at the planted line, and typed right when one such finding has the planted
type; any finding on the faithful lines is a false alarm. The faithful base alone is checked too.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.config import Settings  # noqa: E402
from checker.draft import check_draft  # noqa: E402
from checker.embed import default_embedder  # noqa: E402
from checker.evaluate import planted_draft, score_planted  # noqa: E402
from checker.ingest import read_set  # noqa: E402
from checker.models import Article, Source  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=None)
    arguments = parser.parse_args()
    settings = Settings(cache_dir=arguments.cache) if arguments.cache else Settings()
    fixture = json.loads((ROOT / "tests" / "fixtures" / "planted_drafts.json").read_text(encoding="utf-8"))
    sources = read_set(ROOT / fixture["sources"])
    embedder = default_embedder(settings.cache_dir)

    def run(sentence: str | None):  # type: ignore[no-untyped-def]
        text, line = planted_draft(fixture["faithful"], sentence)
        draft = Article(source=Source(id="draft", path="draft.md"), text=text)
        return check_draft(draft, sources, settings, embedder), line

    base, _ = run(None)
    print(
        f"faithful base draft: {len(base.findings)} findings",
        [f"{i.line}:{i.status}:{i.finding.type}" for i in base.findings],
    )
    outcomes = []
    for case in fixture["cases"]:
        result, line = run(case["sentence"])
        outcome = score_planted(result, case["id"], case["type"], line)
        outcomes.append(outcome)
        got = [f"{i.status}/{i.finding.type}/{i.severity}" for i in result.findings if i.line == line]
        mark = "ok " if outcome.right_type else ("~  " if outcome.caught else "MISS")
        print(
            f"{mark} {case['id']:<22} expected {case['type']:<13} got {', '.join(got) or '-'}"
            + (f"  false alarms {list(outcome.false_alarms)}" if outcome.false_alarms else "")
        )
    caught = sum(o.caught for o in outcomes)
    typed = sum(o.right_type for o in outcomes)
    alarms = sum(len(o.false_alarms) for o in outcomes)
    print(
        f"\n{len(outcomes)} planted cases: caught {caught} ({caught / len(outcomes):.0%}), right type {typed} "
        f"({typed / len(outcomes):.0%}); false alarms on faithful lines {alarms} over {len(outcomes)} drafts"
    )
    by_type = Counter(o.expected for o in outcomes)
    for fact_type, total in sorted(by_type.items()):
        hit = sum(o.right_type for o in outcomes if o.expected == fact_type)
        print(f"  {fact_type:<13} {hit}/{total}")


if __name__ == "__main__":
    main()
