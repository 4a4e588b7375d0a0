"""End to end on the bundled set with the real model, and the pipeline's invariants with the fake one."""

from __future__ import annotations

import json

import pytest

from checker.config import Settings
from checker.embed import SentenceTransformerEmbedder
from checker.ingest import read_set
from checker.pipeline import check
from checker.report.json import render_json
from tests.conftest import BUNDLED_SET


@pytest.fixture(scope="module")
def bundled_result():
    return check(read_set(BUNDLED_SET), Settings(), SentenceTransformerEmbedder())


@pytest.mark.model
def test_bundled_set_flags_the_casualty_figures(bundled_result) -> None:
    numeric = [f for f in bundled_result.findings if f.kind == "discrepancy" and f.type == "number"]
    casualty = [f for f in numeric if {e.source[:3] for e in f.evidence} == {"002", "003"} and f.severity == "high"]
    assert casualty, [f.summary for f in numeric]
    finding = casualty[0]
    values = {e.source[:3]: e.value for e in finding.evidence}
    assert "1–2 million" in values["002"] and "hundreds of thousands" in values["003"]
    articles = {a.source.id: a for a in bundled_result.articles}
    for evidence in finding.evidence:
        highlighted = [articles[evidence.source].text[start:end] for start, end in evidence.spans]
        assert any("million" in text or "thousands" in text for text in highlighted)


@pytest.mark.model
def test_bundled_set_does_not_flag_one_fifth_against_a_fifth(bundled_result) -> None:
    for finding in bundled_result.findings:
        if finding.kind == "discrepancy":
            assert "fifth" not in (finding.summary or "")


@pytest.mark.model
def test_bundled_set_groups_the_same_quote_across_outlets(bundled_result) -> None:
    quote_groups = [g for g in bundled_result.groups if any("results of th" in m.text for m in g.members)]
    assert len(quote_groups) == 1
    assert {m.source[:3] for m in quote_groups[0].members} >= {"001", "004"}


@pytest.mark.model
def test_findings_json_offsets_point_into_the_articles(bundled_result) -> None:
    document = json.loads(render_json(bundled_result, version="test"))
    texts = {a.source.id: a.text for a in bundled_result.articles}
    for finding in document["findings"]:
        for evidence in finding["evidence"]:
            assert texts[evidence["source"]][evidence["start"] : evidence["end"]] == evidence["sentence"]
            for start, end in evidence["spans"]:
                assert evidence["start"] <= start < end <= evidence["end"]
    for group in document["groups"]:
        for member in group["members"]:
            assert texts[member["source"]][member["start"] : member["end"]] == member["sentence"]


def test_every_sentence_is_in_exactly_one_group(fake_embedder) -> None:
    result = check(read_set(BUNDLED_SET), Settings(), fake_embedder)
    members = [member.key for group in result.groups for member in group.members]
    assert sorted(members) == sorted(sentence.key for sentence in result.sentences)
    assert len(set(members)) == len(members)


def test_findings_are_sorted_discrepancies_first_then_by_severity(fake_embedder) -> None:
    result = check(read_set(BUNDLED_SET), Settings(), fake_embedder)
    ranks = [
        ({"discrepancy": 0, "unique": 1, "agreement": 2}[f.kind], {"high": 0, "medium": 1, "low": 2}[f.severity])
        for f in result.findings
    ]
    assert ranks == sorted(ranks)
    assert [f.id for f in result.findings] == [f"F{n}" for n in range(1, len(result.findings) + 1)]


STORY = (
    "Officials said 12 people were killed in the flood on Monday.\n\n"
    "The mayor visited the shelter in the afternoon.\n\n"
    "Schools will reopen next week, the council said."
)


def test_identical_articles_are_reported_as_duplicates_not_agreements(write_set, fake_embedder) -> None:
    folder = write_set({"a.txt": STORY, "b.txt": STORY, "c.txt": "Officials said 40 people were killed in the flood."})
    result = check(read_set(folder), Settings(), fake_embedder)
    assert result.duplicates == (("b", "a"),)
    assert any("b repeats a" in warning for warning in result.warnings)
    assert all(member.source != "b" for group in result.groups for member in group.members)
    assert not [f for f in result.findings if f.kind == "agreement" and {e.source for e in f.evidence} == {"a", "b"}]


def test_a_copy_with_other_furniture_is_still_a_duplicate(write_set, fake_embedder) -> None:
    folder = write_set({"a.txt": STORY, "b.txt": "World News\n\n" + STORY + "\n\nRead more: other flood stories"})
    assert check(read_set(folder), Settings(), fake_embedder).duplicates == (("b", "a"),)


def test_one_article_says_there_is_nothing_to_compare(write_set, fake_embedder) -> None:
    result = check(read_set(write_set({"a.txt": STORY})), Settings(), fake_embedder)
    assert any("nothing to compare" in warning for warning in result.warnings)
    assert {f.kind for f in result.findings} == {"unique"}


def test_an_article_of_only_furniture_is_named_in_a_warning(write_set, fake_embedder) -> None:
    folder = write_set({"a.txt": STORY, "b.txt": "World News\nActions\n![](https://x.example/p.jpg)\n"})
    result = check(read_set(folder), Settings(), fake_embedder)
    assert any(
        "b.txt: no article text left after removing page furniture (3 lines dropped)" in w for w in result.warnings
    )


def test_set_comparators_work_out_their_plans_once_per_set(fake_embedder, monkeypatch) -> None:
    # Choosing what to parse and comparing read the same plans: each is worked out once, not per pass.
    from checker.facts import quotes, roles

    calls = {"titles": 0, "quotes": 0}
    find_titled, make_plan = roles._find_titled, quotes._make_plan

    def titled(context):  # type: ignore[no-untyped-def]
        calls["titles"] += 1
        return find_titled(context)

    def plan(context):  # type: ignore[no-untyped-def]
        calls["quotes"] += 1
        return make_plan(context)

    monkeypatch.setattr(roles, "_find_titled", titled)
    monkeypatch.setattr(quotes, "_make_plan", plan)
    result = check(read_set(BUNDLED_SET), Settings(), fake_embedder)
    assert result.findings
    assert calls == {"titles": 1, "quotes": 1}
