"""CLI, in process: the run command's outputs, messages and exit codes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from checker import cli
from checker.pipeline import run as run_pipeline

runner = CliRunner()

ARTICLES = {
    "a.txt": "Officials said 12 people were killed in the flood on Monday.\n\nThe mayor visited the shelter.",
    "b.txt": "Officials said 40 people were killed in the flood on Monday.\n\nSchools will reopen next week.",
}


@pytest.fixture
def fake_run(monkeypatch, fake_embedder):
    """Run the CLI's pipeline with the fake embedder instead of the model."""

    def run(path, settings, embedder=None):
        return run_pipeline(path, settings, fake_embedder)

    monkeypatch.setattr("checker.pipeline.run", run)


def test_help_lists_the_commands() -> None:
    result = runner.invoke(cli.app, ["--help"])
    assert result.exit_code == 0
    assert "run" in result.output
    run_help = runner.invoke(cli.app, ["run", "--help"])
    assert "--out" in run_help.output and "Exit codes" in run_help.output


def test_run_writes_both_reports(write_set, tmp_path, fake_run) -> None:
    out = tmp_path / "out"
    result = runner.invoke(cli.app, ["run", str(write_set(ARTICLES)), "--out", str(out), "--no-cache"])
    assert result.exit_code == 0, result.output
    document = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert document["format_version"] == 1
    assert document["set"] == "set"
    assert [source["id"] for source in document["sources"]] == ["a", "b"]
    assert (out / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "1 discrepancies" in result.output or "1 discrepancy" in result.output


def test_fail_on_gives_exit_1_when_discrepancies_reach_the_level(write_set, tmp_path, fake_run) -> None:
    args = ["run", str(write_set(ARTICLES)), "--out", str(tmp_path / "out"), "--no-cache", "--fail-on", "high"]
    assert runner.invoke(cli.app, args).exit_code == 1


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (None, "no such file or folder"),
        ({}, "no articles"),
        ({"a.txt": b"%PDF-1.4 binary"}, "binary file (a PDF document)"),
    ],
)
def test_bad_input_gets_one_line_and_exit_2(write_set, tmp_path, fake_run, files, message) -> None:
    path = tmp_path / "missing" if files is None else write_set(files)
    out = tmp_path / "out"
    result = runner.invoke(cli.app, ["run", str(path), "--out", str(out), "--no-cache"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and lines[0].startswith("checker: error:")
    assert "Traceback" not in result.output
    assert not out.exists()


def test_unwritable_output_is_one_clear_error(write_set, tmp_path, fake_run) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = runner.invoke(cli.app, ["run", str(write_set(ARTICLES)), "--out", str(blocker / "out"), "--no-cache"])
    assert result.exit_code == 2
    assert "cannot write" in result.output


def test_a_bad_decisions_file_is_refused_untouched_before_the_run(write_set, tmp_path, fake_run) -> None:
    bad = tmp_path / "decisions.json"
    bad.write_text('{"format_version": 1, "set": "set", "decisions": [{"fingerprint": "x", "status": "maybe"}]}')
    before = bad.read_bytes()
    out = tmp_path / "out"
    result = runner.invoke(
        cli.app, ["run", str(write_set(ARTICLES)), "--out", str(out), "--no-cache", "--decisions", str(bad)]
    )
    assert result.exit_code == 2
    assert "decisions.json" in result.output and "maybe" in result.output
    assert bad.read_bytes() == before
    assert not out.exists()


def test_decisions_carry_over_to_a_new_run(write_set, tmp_path, fake_run) -> None:
    folder = write_set(ARTICLES)
    first = tmp_path / "first"
    runner.invoke(cli.app, ["run", str(folder), "--out", str(first), "--no-cache"])
    document = json.loads((first / "findings.json").read_text(encoding="utf-8"))
    dismissed = document["findings"][0]
    decisions = tmp_path / "decisions.json"
    decisions.write_text(
        json.dumps(
            {
                "format_version": 1,
                "set": "set",
                "decisions": [
                    {
                        "fingerprint": dismissed["fingerprint"],
                        "finding": dismissed["id"],
                        "status": "dismissed",
                        "note": "checked",
                    }
                ],
            }
        )
    )
    second = tmp_path / "second"
    result = runner.invoke(
        cli.app, ["run", str(folder), "--out", str(second), "--no-cache", "--decisions", str(decisions)]
    )
    assert result.exit_code == 0, result.output
    page = (second / "report.html").read_text(encoding="utf-8")
    assert f'data-fingerprint="{dismissed["fingerprint"]}"' in page
    assert 'data-decision="dismissed"' in page


def test_reports_are_readable_files_not_private_temporaries(write_set, tmp_path, fake_run) -> None:
    import os
    import stat

    out = tmp_path / "out"
    old = os.umask(0o022)
    try:
        assert runner.invoke(cli.app, ["run", str(write_set(ARTICLES)), "--out", str(out), "--no-cache"]).exit_code == 0
    finally:
        os.umask(old)
    for name in ("report.html", "findings.json"):
        assert stat.S_IMODE((out / name).stat().st_mode) == 0o644
    assert not [path for path in out.iterdir() if path.name.endswith(".tmp")]
