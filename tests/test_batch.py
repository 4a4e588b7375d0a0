"""Batch runs: per-set reports as `checker run` writes them, index and tables, bad sets, resume, cache, CLI."""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import multiprocessing
import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import typer
from bs4 import BeautifulSoup
from conftest import FakeEmbedder
from typer.testing import CliRunner

from checker import batch as batch_module
from checker.batch import DONE_MARKER, run_batch, spreadsheet_safe
from checker.cli_batch import batch as batch_command
from checker.config import Settings
from checker.embed import CachedEmbedder
from checker.errors import InputError, OutputError
from checker.ingest import read_set
from checker.pipeline import check
from checker.report.files import write_reports

GENERATED = "2025-02-12T00:00:00Z"
VERSION = "0.1.0"

SETS = {
    "flood": {
        "a.txt": "Officials said 12 people were killed in the flood on Monday.\n\nThe mayor visited the shelter.",
        "b.txt": "Officials said 40 people were killed in the flood on Monday.\n\nSchools will reopen next week.",
        "sources.csv": "file,outlet\na.txt,Daily A\nb.txt,B News\n",
    },
    "fire": {
        "a.txt": "A fire destroyed 3 homes in the valley on Sunday.\n\nCrews worked through the night.",
        "c.txt": "A fire destroyed 30 homes in the valley on Sunday.\n\nThe cause is unknown.",
        "sources.csv": "file,outlet\na.txt,Daily A\nc.txt,C Post\n",
    },
    "talks": {
        "b.txt": "The ministers met in Geneva on Tuesday.\n\nNo agreement was announced.",
        "c.txt": "The ministers met in Geneva on Tuesday.\n\nThey will meet again in March.",
        "sources.csv": "file,outlet\nb.txt,B News\nc.txt,C Post\n",
    },
}


def write_sets(root: Path, sets: dict[str, dict[str, str | bytes]]) -> Path:
    for name, files in sets.items():
        folder = root / name
        folder.mkdir(parents=True, exist_ok=True)
        for file_name, content in files.items():
            target = folder / file_name
            target.write_bytes(content) if isinstance(content, bytes) else target.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def sets(tmp_path) -> Path:
    return write_sets(tmp_path / "in", SETS)


def run(source, out, **options):  # type: ignore[no-untyped-def]
    options.setdefault("embedder_factory", FakeEmbedder)
    return run_batch(source, out, options.pop("settings", Settings()), version=VERSION, generated=GENERATED, **options)


def test_each_set_gets_the_same_reports_as_checker_run(sets, tmp_path) -> None:
    result = run(sets, tmp_path / "out")
    assert [outcome.set_id for outcome in result.outcomes] == ["fire", "flood", "talks"]
    assert all(outcome.ok for outcome in result.outcomes)
    for name in SETS:
        single = check(read_set(sets / name), Settings(), FakeEmbedder())
        expected = write_reports(single, tmp_path / "single" / name, version=VERSION, generated=GENERATED)
        for kind, path in expected.items():
            assert (tmp_path / "out" / name / path.name).read_bytes() == path.read_bytes(), (name, kind)
        assert (tmp_path / "out" / name / DONE_MARKER).is_file()
    for key in ("index", "summary_csv", "findings_csv", "summary_parquet", "findings_parquet"):
        assert result.paths[key].is_file()


def test_a_chunk_is_encoded_in_one_call(sets, tmp_path) -> None:
    embedder = FakeEmbedder()
    run(sets, tmp_path / "out", embedder_factory=lambda: embedder, chunk_size=10)
    assert len(embedder.calls) == 1
    embedder.calls.clear()
    run(sets, tmp_path / "out2", embedder_factory=lambda: embedder, chunk_size=2)
    assert len(embedder.calls) == 2


def test_tables_flatten_every_finding(sets, tmp_path) -> None:
    result = run(sets, tmp_path / "out")
    summary = pd.read_csv(result.paths["summary_csv"])
    findings = pd.read_csv(result.paths["findings_csv"])
    assert list(summary["set_id"]) == ["fire", "flood", "talks"]
    assert set(summary["status"]) == {"ok"}
    documents = {name: json.loads((tmp_path / "out" / name / "findings.json").read_text()) for name in SETS}
    assert len(findings) == sum(len(document["findings"]) for document in documents.values())
    flood = summary.set_index("set_id").loc["flood"]
    assert flood["high"] >= 1 and "killed" in flood["top_finding"]
    assert pd.read_parquet(result.paths["findings_parquet"]).shape == findings.shape
    parquet_summary = pd.read_parquet(result.paths["summary_parquet"])
    assert list(parquet_summary["set_id"]) == ["fire", "flood", "talks"]


def test_bad_sets_are_recorded_and_the_batch_goes_on(sets, tmp_path, monkeypatch) -> None:
    write_sets(sets, {"pdf": {"a.txt": b"%PDF-1.4 not text", "b.txt": "Fine text."}, "empty": {}})
    (sets / "empty").mkdir(exist_ok=True)
    import checker.pipeline as pipeline_module

    original = pipeline_module.compare

    def crash_on_talks(alignment, articles, *args, **kwargs):  # type: ignore[no-untyped-def]
        if any("Geneva" in article.text for article in articles):
            raise RuntimeError("comparator blew up")
        return original(alignment, articles, *args, **kwargs)

    monkeypatch.setattr(pipeline_module, "compare", crash_on_talks)
    result = run(sets, tmp_path / "out")
    errors = {outcome.set_id: outcome.error for outcome in result.failed}
    assert set(errors) == {"empty", "pdf", "talks"}
    assert errors["pdf"].startswith("reading: ") and "PDF" in errors["pdf"]
    assert errors["empty"].startswith("reading: ") and "no articles" in errors["empty"]
    assert errors["talks"] == "comparing: RuntimeError: comparator blew up"
    assert not (tmp_path / "out" / "talks" / DONE_MARKER).exists()
    summary = pd.read_csv(result.paths["summary_csv"], keep_default_na=False).set_index("set_id")
    assert summary.loc["pdf", "status"] == "failed" and "PDF" in summary.loc["pdf", "error"]
    page = BeautifulSoup(result.paths["index"].read_text(), "html.parser")
    failed = {
        row.find_all("td")[0].get_text(): row.find_all("td")[1].get_text() for row in page.select("#failed tbody tr")
    }
    assert set(failed) == {"empty", "pdf", "talks"} and "comparator blew up" in failed["talks"]


def test_resume_skips_unchanged_sets_and_redoes_changed_ones(sets, tmp_path) -> None:
    out = tmp_path / "out"
    run(sets, out)
    embedder = FakeEmbedder()
    again = run(sets, out, resume=True, embedder_factory=lambda: embedder)
    assert again.resumed == 3 and embedder.calls == []
    assert len(pd.read_csv(again.paths["findings_csv"])) > 0  # skipped sets still fill the tables
    (sets / "fire" / "c.txt").write_text("A fire destroyed 31 homes in the valley on Sunday.", encoding="utf-8")
    changed = run(sets, out, resume=True)
    assert [outcome.set_id for outcome in changed.outcomes if not outcome.resumed] == ["fire"]
    other_settings = run(sets, out, resume=True, settings=Settings(align_threshold=0.8))
    assert other_settings.resumed == 0


def test_an_interrupted_batch_leaves_no_partial_report_and_resumes(sets, tmp_path) -> None:
    out = tmp_path / "out"

    def interrupt(done, total, outcome):  # type: ignore[no-untyped-def]
        if done == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(sets, out, chunk_size=1, progress=interrupt)
    assert sorted(path.parent.name for path in out.glob(f"*/{DONE_MARKER}")) == ["fire"]
    assert not list(out.rglob("*.tmp"))
    resumed = run(sets, out, resume=True)
    assert [outcome.resumed for outcome in resumed.outcomes] == [True, False, False]
    assert resumed.paths["index"].is_file()


def _cached_fake(folder: Path) -> CachedEmbedder:
    return CachedEmbedder(FakeEmbedder(), folder)


def _encode_many(folder: str, texts: list[str]) -> list[list[float]]:
    embedder = _cached_fake(Path(folder))
    for start in range(0, len(texts), 7):  # many small transactions interleave with the other process
        embedder.encode(texts[start : start + 7])
    return embedder.encode(texts).tolist()


def test_two_processes_share_one_embedding_cache(tmp_path) -> None:
    texts = [f"sentence number {number} about the flood" for number in range(300)]
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        first, second = pool.starmap(_encode_many, [(str(tmp_path), texts), (str(tmp_path), texts[::-1])])
    expected = FakeEmbedder().encode(texts)
    assert np.allclose(first, expected) and np.allclose(second[::-1], expected)
    with sqlite3.connect(tmp_path / "embeddings.sqlite3") as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("SELECT count(*) FROM vectors").fetchone() == (300,)


def test_a_process_pool_shares_the_cache_and_gives_the_same_findings(sets, tmp_path) -> None:
    cache = tmp_path / "cache"
    run(sets, tmp_path / "one", workers=1)
    pooled = run(
        sets, tmp_path / "two", workers=2, chunk_size=1, embedder_factory=functools.partial(_cached_fake, cache)
    )
    assert pooled.workers == 2 and all(outcome.ok for outcome in pooled.outcomes)
    # The pool shuts down while the tables are written, but no worker outlives the batch.
    assert multiprocessing.active_children() == []
    for name in SETS:
        assert (tmp_path / "one" / name / "findings.json").read_text() == (
            tmp_path / "two" / name / "findings.json"
        ).read_text()
    inner = FakeEmbedder()
    cached = CachedEmbedder(inner, cache)
    run(sets, tmp_path / "again", embedder_factory=lambda: cached)
    assert inner.calls == [] and cached.hits > 0  # both workers' sentences are in the shared cache


def test_a_bad_input_stops_the_warming_workers(tmp_path) -> None:
    manifest = tmp_path / "sets.csv"
    manifest.write_text("set_id,source\nfire,a\n")
    with pytest.raises(InputError, match="'text' or a 'path' column"):
        run(manifest, tmp_path / "out", workers=2)
    assert multiprocessing.active_children() == []  # stopped (terminated), none left behind


def _fails_in_workers() -> FakeEmbedder:
    if multiprocessing.current_process().name != "MainProcess":
        raise RuntimeError("no model in this worker")
    return FakeEmbedder()


def test_workers_that_cannot_start_fail_their_sets_and_the_batch_goes_on(sets, tmp_path) -> None:
    result = run(sets, tmp_path / "out", workers=2, chunk_size=1, embedder_factory=_fails_in_workers)
    assert [outcome.ok for outcome in result.outcomes] == [False, False, False]
    assert all(outcome.error.startswith("worker: ") for outcome in result.outcomes)
    assert (tmp_path / "out" / "summary.csv").exists()
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("workers", [1, 2])
def test_a_report_that_cannot_be_written_stops_the_batch_with_its_path(sets, tmp_path, workers: int) -> None:
    # Pool workers write their sets' reports themselves; a failure there must stop the batch just as one
    # in this process does, naming the path, and must not mark the set done.
    out = tmp_path / "out"
    out.mkdir()
    (out / "flood").write_text("a file where the set's folder should be")
    with pytest.raises(OutputError, match="cannot write") as raised:
        run(sets, out, workers=workers, chunk_size=1)
    assert "flood" in str(raised.value)
    assert not (out / "flood" / DONE_MARKER).exists()
    assert not (out / "summary.csv").exists()  # no tables claiming a finished batch


@pytest.mark.parametrize(("total", "workers"), [(1000, 2), (1000, 8), (10, 2), (3, 4)])
def test_chunks_shrink_at_the_end_so_workers_finish_together(total: int, workers: int) -> None:
    chunks = batch_module.chunked(list(range(total)), 32, workers)
    assert [item for chunk in chunks for item in chunk] == list(range(total))  # every set once, in order
    sizes = [len(chunk) for chunk in chunks]
    assert max(sizes) <= 32 and sizes == sorted(sizes, reverse=True)
    assert sizes[-1] == 1  # no worker is left alone with a big last chunk
    assert len(chunks) >= min(total, workers)  # a small batch still reaches every worker


def test_one_worker_gets_full_chunks() -> None:
    assert [len(chunk) for chunk in batch_module.chunked(list(range(70)), 32)] == [32, 32, 6]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2", "'-2"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        ("", ""),
        (3, 3),
        ("a=b", "a=b"),
        ("bad \ud800", "bad ?"),
    ],
)
def test_spreadsheet_safe(value, expected) -> None:
    assert spreadsheet_safe(value) == expected


def test_csv_cells_never_start_a_formula_and_any_unicode_survives(tmp_path) -> None:
    manifest = tmp_path / "m.jsonl"
    rows = [
        {
            "set_id": '=HYPERLINK("http://evil")',
            "source": "a",
            "outlet": "@evil",
            "text": "=cmd| ' /C calc' said 4 people died.",
        },
        {
            "set_id": '=HYPERLINK("http://evil")',
            "source": "b",
            "outlet": "-minus",
            "text": "=cmd| ' /C calc' said 9 people died.",
        },
        {"set_id": "unicode", "source": "a", "text": "Über 5 Menschen 😀 starben. مرحبا \u202e reversed."},
        {"set_id": "unicode", "source": "b", "text": "Über 7 Menschen 😀 starben. مرحبا \u202e reversed."},
    ]
    manifest.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    result = run(manifest, tmp_path / "out")
    assert all(outcome.ok for outcome in result.outcomes)
    for key in ("summary_csv", "findings_csv"):
        frame = pd.read_csv(result.paths[key], dtype=str, keep_default_na=False)
        for column in frame.columns:
            assert not frame[column].str.match(r"[=+\-@\t\r]").any(), (key, column)
    findings = pd.read_csv(result.paths["findings_csv"], dtype=str, keep_default_na=False)
    assert findings["summary"].str.contains("😀").any() or findings["evidence"].str.contains("😀").any()
    for outcome in result.outcomes:
        json.loads((tmp_path / "out" / outcome.folder / "findings.json").read_text(encoding="utf-8"))
    assert "'=HYPERLINK" in result.paths["summary_csv"].read_text(encoding="utf-8")
    assert pd.read_parquet(result.paths["summary_parquet"])["set_id"][0].startswith("=HYPERLINK")  # data, not a sheet


def test_the_index_is_self_contained_sortable_and_escaped(tmp_path) -> None:
    hostile = {
        "<script>alert(1)</script>": {
            "a.txt": "The <script>alert('x')</script> & \"quoted\" report said 5 people died in the blast.",
            "b.txt": "The <script>alert('x')</script> & \"quoted\" report said 50 people died in the blast.",
            "sources.csv": "file,outlet\na.txt,<b>Outlet A</b>\nb.txt,Outlet & B\n",
        }
    }
    root = tmp_path / "in"
    root.mkdir()
    manifest_rows = [
        {
            "set_id": set_id,
            "source": Path(name).stem,
            "text": text,
            "outlet": {"a.txt": "<b>Outlet A</b>", "b.txt": "Outlet & B"}[name],
        }
        for set_id, files in hostile.items()
        for name, text in files.items()
        if name.endswith(".txt")
    ]
    manifest = root / "m.jsonl"
    manifest.write_text("".join(json.dumps(row) + "\n" for row in manifest_rows))
    result = run(manifest, tmp_path / "out")
    html = result.paths["index"].read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<b>Outlet A</b>" not in html
    page = BeautifulSoup(html, "html.parser")
    csp = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp and "img-src 'none'" in csp
    scripts = page.find_all("script")
    assert len(scripts) == 1 and not scripts[0].get("src")
    digest = base64.b64encode(hashlib.sha256(scripts[0].string.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp
    style = page.find("style").string
    assert base64.b64encode(hashlib.sha256(style.encode()).digest()).decode() in csp
    assert not page.select("[style]") and not page.select("link") and not page.select("img")
    (row,) = page.select("#sets tbody tr")
    link = row.find("a")
    assert link.get_text() == "<script>alert(1)</script>"
    assert link["href"] == f"{result.outcomes[0].folder}/report.html"
    assert (tmp_path / "out" / link["href"]).is_file()
    assert all(header.find("button") for header in page.select("#sets thead th"))
    heat = page.select("#outlets table.heat")
    assert heat and "<b>Outlet A</b>" in heat[0].get_text()


def test_the_outlet_heat_map_counts_disagreeing_pairs(sets, tmp_path) -> None:
    result = run(sets, tmp_path / "out")
    page = BeautifulSoup(result.paths["index"].read_text(), "html.parser")
    names = [cell.get_text() for cell in page.select("#outlets table.heat thead th")]
    assert {"Daily A", "B News", "C Post"} <= set(names)
    cells = {
        (row.find("th").get_text(), names[position]): cell
        for row in page.select("#outlets table.heat tbody tr")
        for position, cell in enumerate(row.find_all("td"))
    }
    assert int(cells[("Daily A", "B News")].get_text()) >= 1  # flood: 12 vs 40 killed
    assert "shared sets" in cells[("Daily A", "B News")]["title"]


# --- the command ------------------------------------------------------------------------------------

app = typer.Typer()
app.callback()(lambda: None)
app.command("batch")(batch_command)
runner = CliRunner()


@pytest.fixture
def fake_model(monkeypatch):
    monkeypatch.setattr(batch_module, "default_embedder", lambda cache_dir: FakeEmbedder())


def test_cli_exit_codes(sets, tmp_path, fake_model) -> None:
    ok = runner.invoke(app, ["batch", str(sets), "--out", str(tmp_path / "out"), "--no-cache"])
    assert ok.exit_code == 0, ok.output
    assert "3 sets: 3 checked, 0 failed" in ok.output and "index.html" in ok.output
    strict = runner.invoke(app, ["batch", str(sets), "--out", str(tmp_path / "out"), "--no-cache", "--fail-on", "high"])
    assert strict.exit_code == 1
    resumed = runner.invoke(app, ["batch", str(sets), "--out", str(tmp_path / "out"), "--no-cache", "--resume"])
    assert resumed.exit_code == 0 and "3 unchanged, skipped" in resumed.output
    write_sets(sets, {"broken": {"a.txt": b"\x89PNG\r\n"}})
    failed = runner.invoke(app, ["batch", str(sets), "--out", str(tmp_path / "out"), "--no-cache", "--fail-on", "high"])
    assert failed.exit_code == 4
    assert "failed: broken: reading:" in failed.output


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["missing-folder"], "no such file or folder"),
        (["{sets}", "--engine", "spark"], "--engine must be one of"),
        (["{sets}", "--fail-on", "severe"], "--fail-on must be one of"),
        (["{sets}", "--workers", "0"], "--workers must be at least 1"),
        (["{outside}"], "outside the manifest's folder"),
    ],
)
def test_cli_bad_usage_is_one_line_and_exit_2(sets, tmp_path, fake_model, arguments, message) -> None:
    outside = tmp_path / "in" / "m.csv"
    outside.write_text("set_id,source,path\ns,a,../../etc/hostname\n")
    arguments = [argument.format(sets=sets, outside=outside) for argument in arguments]
    result = runner.invoke(app, ["batch", *arguments, "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert result.output.count("checker: error:") == 1
