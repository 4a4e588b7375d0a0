"""checker check: a draft against its sources, planted errors of every type, a faithful draft passes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from checker import cli
from checker.config import Settings
from checker.draft import check_draft, draft_findings, line_column, read_draft
from checker.embed import SentenceTransformerEmbedder
from checker.errors import InputError
from checker.evaluate import planted_draft, score_planted
from checker.ingest import read_set
from checker.models import Article, Source
from tests.conftest import BUNDLED_SET, FIXTURES

PLANTED = json.loads((FIXTURES / "planted_drafts.json").read_text(encoding="utf-8"))
CASES = {case["id"]: case for case in PLANTED["cases"]}
runner = CliRunner()


@pytest.mark.parametrize(
    ("text", "offset", "expected"),
    [("abc", 0, (1, 1)), ("a\nbc", 3, (2, 2)), ("a\r\nb\rc\nd", 7, (4, 1)), ("", 0, (1, 1))],
)
def test_line_column_counts_every_line_ending(text: str, offset: int, expected: tuple[int, int]) -> None:
    assert line_column(text, offset) == expected


@pytest.mark.parametrize(
    ("name", "problem"), [("draft.pdf", "unsupported draft type .pdf"), ("missing.md", "no such file")]
)
def test_bad_drafts_are_refused(tmp_path, name: str, problem: str) -> None:
    path = tmp_path / name
    if name.endswith(".pdf"):
        path.write_bytes(b"%PDF")
    with pytest.raises(InputError, match=problem):
        read_draft(path)


def test_a_word_draft_is_read(tmp_path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Talks begin in Geneva.")
    document.add_paragraph("Officials said 12 people were killed.")
    document.save(tmp_path / "draft.docx")
    draft = read_draft(tmp_path / "draft.docx")
    assert draft.source.id == "draft"
    assert draft.text == "Talks begin in Geneva.\n\nOfficials said 12 people were killed."


def test_only_findings_that_involve_the_draft_are_kept(write_set, fake_embedder) -> None:
    sources = read_set(
        write_set(
            {
                "a.txt": "Officials said 12 people were killed in the flood.",
                "b.txt": "Officials said 40 people were killed in the flood.",
            }
        )
    )
    draft = Article(source=Source(id="draft", path="draft.md"), text="The mayor opened a new bridge on Monday.\n")
    result = check_draft(draft, sources, Settings(), fake_embedder)
    assert any(f.kind == "discrepancy" for f in result.result.findings)  # the sources disagree among themselves
    assert all(
        item.finding.evidence[0].source == "draft" or any(e.source == "draft" for e in item.finding.evidence)
        for item in result.findings
    )
    assert [item.status for item in result.findings] == ["unsupported"]


@pytest.fixture(scope="module")
def planted_runner():
    sources = read_set(BUNDLED_SET)
    embedder = SentenceTransformerEmbedder()

    def run(sentence: str | None):  # type: ignore[no-untyped-def]
        text, line = planted_draft(PLANTED["faithful"], sentence)
        draft = Article(source=Source(id="draft", path="draft.md"), text=text)
        return check_draft(draft, sources, Settings(), embedder), line

    return run


@pytest.mark.model
def test_a_faithful_draft_has_no_findings(planted_runner) -> None:
    result, _ = planted_runner(None)
    assert [(item.line, item.status, item.finding.summary) for item in result.findings] == []


# One representative case per kind of error the gate must stop (the list).
@pytest.mark.model
@pytest.mark.parametrize(
    "case",
    ["casualties-range", "title-hegseth", "misquote-borders", "weekday-munich", "team-missing-waltz", "madeup-trump"],
)
def test_each_kind_of_planted_error_is_caught_with_type_and_line(planted_runner, case: str) -> None:
    result, line = planted_runner(CASES[case]["sentence"])
    outcome = score_planted(result, case, CASES[case]["type"], line)
    assert outcome.right_type, [(i.line, i.status, i.finding.type) for i in result.findings]
    assert outcome.false_alarms == ()
    assert any(item.severity in ("high", "medium") for item in result.findings if item.line == line)


@pytest.mark.model
def test_planted_errors_recall_and_false_alarms(planted_runner) -> None:
    outcomes = []
    for case in PLANTED["cases"]:
        result, line = planted_runner(case["sentence"])
        outcomes.append(score_planted(result, case["id"], case["type"], line))
    typed = sum(outcome.right_type for outcome in outcomes)
    # Measured 27/32 (bench/draft_planted.py); the floor guards against regressions.
    assert typed >= 25, [o.case for o in outcomes if not o.right_type]
    assert sum(len(outcome.false_alarms) for outcome in outcomes) == 0


@pytest.mark.model
def test_cli_exit_codes_and_locations(tmp_path) -> None:
    text, line = planted_draft(PLANTED["faithful"], CASES["casualties-range"]["sentence"])
    draft = tmp_path / "draft.md"
    draft.write_text(text, encoding="utf-8")
    failing = runner.invoke(cli.app, ["check", str(draft), "--against", str(BUNDLED_SET), "--no-cache"])
    assert failing.exit_code == 1, failing.output
    assert f"{draft}:{line}:" in failing.output and "contradicted" in failing.output
    passing = runner.invoke(
        cli.app, ["check", str(draft), "--against", str(BUNDLED_SET), "--no-cache", "--fail-on", "none"]
    )
    assert passing.exit_code == 0
    as_json = runner.invoke(
        cli.app,
        ["check", str(draft), "--against", str(BUNDLED_SET), "--no-cache", "--format", "json", "--fail-on", "none"],
    )
    document = json.loads(as_json.output)
    assert document["format_version"] == 1
    assert document["draft"]["findings"][0]["line"] == line
    out = tmp_path / "html"
    as_html = runner.invoke(
        cli.app,
        [
            "check",
            str(draft),
            "--against",
            str(BUNDLED_SET),
            "--no-cache",
            "--format",
            "html",
            "--out",
            str(out),
            "--fail-on",
            "none",
        ],
    )
    assert as_html.exit_code == 0
    page = (out / "draft-check.html").read_text(encoding="utf-8")
    assert 'class="mark high" href="#D1"' in page and 'id="D1"' in page


def test_draft_findings_ignore_runs_without_the_draft(fake_embedder, write_set) -> None:
    from checker.pipeline import check

    sources = read_set(write_set({"a.txt": "Ten people died.", "b.txt": "Forty people died."}))
    result = check(sources, Settings(), fake_embedder)
    draft = Article(source=Source(id="draft", path="d.md"), text="")
    assert draft_findings(draft, result) == ()
