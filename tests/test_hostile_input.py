"""Hostile and broken input: one clear line, a documented exit code, nothing partial left behind.

One row per case. Each runs the real CLI in process (with the fake embedder, so no model is
needed) and checks the exit code, the message and the output folder.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checker import cli
from checker.pipeline import run as run_pipeline

runner = CliRunner()

STORY_A = "Officials said 12 people were killed in the flood on Monday.\n\nThe mayor visited the shelter afterwards."
STORY_B = "Officials said 40 people were killed in the flood on Monday.\n\nSchools will reopen next week, they said."


@dataclass(frozen=True)
class Case:
    """A bad-input case: the files of the set, the expected exit code and message, and a check."""

    name: str
    files: dict[str, str | bytes] | None
    exit_code: int
    message: str
    wrote: bool = False


def _big_article() -> str:
    return ("The council met again and talked about the budget for a long time. " * 320_000)[: 21 * 1024 * 1024]


CASES = [
    Case("path missing", None, 2, "no such file or folder"),
    Case("empty folder", {}, 2, "no articles (.txt, .md, .html) in the folder"),
    Case("one article", {"a.txt": STORY_A}, 0, "nothing to compare", wrote=True),
    Case("empty file", {"a.txt": STORY_A, "b.txt": ""}, 2, "b.txt: empty article"),
    Case("whitespace-only file", {"a.txt": STORY_A, "b.txt": " \n\t\r\n "}, 2, "b.txt: empty article"),
    Case(
        "only page furniture",
        {"a.txt": STORY_A, "b.txt": STORY_B, "c.txt": "World News\nActions\nCLICK HERE TO READ MORE FROM US\n"},
        0,
        "c.txt: no article text left after removing page furniture (3 lines dropped)",
        wrote=True,
    ),
    Case(
        "PDF named .txt",
        {"a.txt": STORY_A, "b.txt": b"%PDF-1.7\n1 0 obj\n<<>>\n"},
        2,
        "b.txt: binary file (a PDF document)",
    ),
    Case(
        "JPEG named .txt",
        {"a.txt": STORY_A, "b.txt": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"},
        2,
        "b.txt: binary file (a JPEG",
    ),
    Case(
        "NUL byte in text",
        {"a.txt": STORY_A, "b.txt": b"Officials said\x00 nothing."},
        2,
        "b.txt: binary data (NUL bytes)",
    ),
    Case("20 MB article", {"a.txt": STORY_A, "big.txt": "BIG"}, 2, "MB is larger than the 5 MB limit for one article"),
    Case("1 MB line without punctuation", {"a.txt": STORY_A, "b.txt": "word " * 210_000}, 0, "", wrote=True),
    Case(
        "two identical articles", {"a.txt": STORY_A, "b.txt": STORY_A, "c.txt": STORY_B}, 0, "b repeats a", wrote=True
    ),
    Case("unsupported extension", {"a.txt": STORY_A, "b.txt": STORY_B, "c.pdf": b"%PDF"}, 0, "", wrote=True),
]


@pytest.fixture
def fake_run(monkeypatch, fake_embedder):
    monkeypatch.setattr(
        "checker.pipeline.run", lambda path, settings, embedder=None: run_pipeline(path, settings, fake_embedder)
    )


def _invoke(path: Path, out: Path):  # type: ignore[no-untyped-def]
    return runner.invoke(cli.app, ["run", str(path), "--out", str(out), "--no-cache"])


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_matrix_for_run(case: Case, tmp_path: Path, fake_run) -> None:
    folder = tmp_path / "set"
    if case.files is not None:
        folder.mkdir()
        for name, content in case.files.items():
            if content == "BIG":
                content = _big_article()
            target = folder / name
            target.write_bytes(content) if isinstance(content, bytes) else target.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    result = _invoke(folder, out)
    assert result.exit_code == case.exit_code, result.output
    assert case.message in result.output
    assert "Traceback" not in result.output
    if case.exit_code == 2:
        errors = [line for line in result.output.splitlines() if line.startswith("checker: error:")]
        assert len(errors) == 1
        assert not out.exists(), "a failed run must leave no output behind"
    if case.wrote:
        document = json.loads((out / "findings.json").read_text(encoding="utf-8"))
        assert (out / "report.html").stat().st_size > 0
        if case.name == "unsupported extension":
            assert [item["reason"] for item in document["skipped"]] == ["unsupported file type .pdf"]
        if case.name == "two identical articles":
            assert document["duplicates"] == [{"source": "b", "copy_of": "a"}]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Le café était fermé à Genève, a déclaré le maire.\n".encode("cp1252"), "café était fermé à Genève"),
        ("Le café était fermé à Genève, a déclaré le maire.\n".encode("latin-1"), "café était fermé à Genève"),
        ("“Quoted” text — with dashes, said the mayor.\n".encode("cp1252"), "“Quoted” text — with dashes"),
        ("Zürich’s mayor spoke on Monday.\n".encode("utf-16"), "Zürich’s mayor"),
        (b"\xef\xbb\xbf" + "Zürich’s mayor spoke on Monday.\n".encode(), "Zürich’s mayor"),
        (b"First line here.\r\nSecond line here.\rThird line here.\n", "Third line here."),
    ],
    ids=["windows-1252", "latin-1", "cp1252 punctuation", "utf-16 bom", "utf-8 bom", "mixed line endings"],
)
def test_encodings_are_decoded_right_in_the_outputs(data: bytes, expected: str, tmp_path: Path, fake_run) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "a.txt").write_bytes(data)
    (folder / "b.txt").write_text(STORY_B, encoding="utf-8")
    out = tmp_path / "out"
    result = _invoke(folder, out)
    assert result.exit_code == 0, result.output
    document = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    sentences = " ".join(member["sentence"] for group in document["groups"] for member in group["members"])
    assert expected in sentences
    assert "Ã" not in sentences and "\ufffd" not in sentences


def test_unreadable_file_is_named(tmp_path: Path, fake_run, monkeypatch) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "a.txt").write_text(STORY_A, encoding="utf-8")
    (folder / "secret.txt").write_text(STORY_B, encoding="utf-8")
    original = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        # Tests run as root, where chmod 000 does not stop reading: simulate the permission error.
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = _invoke(folder, tmp_path / "out")
    assert result.exit_code == 2
    assert "secret.txt: permission denied" in result.output


def test_symlink_loop_is_named(tmp_path: Path, fake_run) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "a.txt").write_text(STORY_A, encoding="utf-8")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    result = _invoke(folder, tmp_path / "out")
    assert result.exit_code == 2
    assert "loop.txt: cannot be read" in result.output


def test_a_set_of_200_articles_runs(tmp_path: Path, fake_run) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    for number in range(200):
        (folder / f"{number:03}.txt").write_text(
            f"Outlet {number} said {number % 7 + 10} people were killed in the flood.\n\nThe river rose by {number} cm.",
            encoding="utf-8",
        )
    result = _invoke(folder, tmp_path / "out")
    assert result.exit_code == 0, result.output
    document = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))
    assert len(document["sources"]) == 200


def test_output_inside_a_file_is_refused_without_leftovers(tmp_path: Path, fake_run) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "a.txt").write_text(STORY_A, encoding="utf-8")
    (folder / "b.txt").write_text(STORY_B, encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = _invoke(folder, blocker / "out")
    assert result.exit_code == 2
    assert "cannot write" in result.output
    assert blocker.read_text() == "x"


def test_a_file_name_that_is_not_utf8_keeps_the_outputs_valid(tmp_path: Path, fake_run) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "a.txt").write_text(STORY_A, encoding="utf-8")
    Path(os.fsdecode(bytes(folder) + b"/caf\xe9.txt")).write_text(STORY_B, encoding="utf-8")
    out = tmp_path / "out"
    result = _invoke(folder, out)
    assert result.exit_code == 0, result.output
    json.loads((out / "findings.json").read_bytes().decode("utf-8"))
    (out / "report.html").read_bytes().decode("utf-8")


# --- the same bad sets through `checker check` (as the sources) and `checker batch` (as one set of two) ---

BAD_SET_CASES = [case for case in CASES if case.files is not None and case.exit_code == 2]


def _write(folder: Path, files: dict[str, str | bytes]) -> None:
    folder.mkdir(parents=True)
    for name, content in files.items():
        content = _big_article() if content == "BIG" else content
        target = folder / name
        target.write_bytes(content) if isinstance(content, bytes) else target.write_text(content, encoding="utf-8")


@pytest.fixture
def fake_model_everywhere(monkeypatch, fake_embedder):
    monkeypatch.setattr("checker.embed.default_embedder", lambda cache_dir: fake_embedder)
    monkeypatch.setattr("checker.batch.default_embedder", lambda cache_dir: fake_embedder)


@pytest.mark.parametrize("case", BAD_SET_CASES, ids=[case.name for case in BAD_SET_CASES])
def test_bad_sources_for_check_get_one_line_and_exit_2(case: Case, tmp_path: Path, fake_model_everywhere) -> None:
    _write(tmp_path / "sources", case.files or {})
    draft = tmp_path / "draft.md"
    draft.write_text(STORY_B, encoding="utf-8")
    result = runner.invoke(cli.app, ["check", str(draft), "--against", str(tmp_path / "sources"), "--no-cache"])
    assert result.exit_code == 2, result.output
    assert case.message in result.output
    assert [
        line for line in result.output.splitlines() if line.startswith("checker: error:")
    ] == result.output.splitlines()[:1]


@pytest.mark.parametrize(
    ("files", "message"),
    [({"draft.md": ""}, "empty article"), ({"draft.txt": b"%PDF-1.5"}, "binary file (a PDF document)")],
)
def test_a_bad_draft_gets_one_line_and_exit_2(files, message, tmp_path: Path, fake_model_everywhere) -> None:
    _write(tmp_path / "sources", {"a.txt": STORY_A, "b.txt": STORY_B})
    ((name, content),) = files.items()
    draft = tmp_path / name
    draft.write_bytes(content) if isinstance(content, bytes) else draft.write_text(content)
    result = runner.invoke(cli.app, ["check", str(draft), "--against", str(tmp_path / "sources"), "--no-cache"])
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("case", BAD_SET_CASES, ids=[case.name for case in BAD_SET_CASES])
def test_a_bad_set_in_a_batch_is_recorded_and_the_batch_goes_on(
    case: Case, tmp_path: Path, fake_model_everywhere
) -> None:
    import pandas as pd

    _write(tmp_path / "in" / "bad", case.files or {})
    _write(tmp_path / "in" / "good", {"a.txt": STORY_A, "b.txt": STORY_B})
    out = tmp_path / "out"
    result = runner.invoke(cli.app, ["batch", str(tmp_path / "in"), "--out", str(out), "--no-cache"])
    assert result.exit_code == 4, result.output
    summary = pd.read_csv(out / "summary.csv", keep_default_na=False).set_index("set_id")
    assert summary.loc["bad", "status"] == "failed"
    assert case.message.split(": ", 1)[-1] in summary.loc["bad", "error"]
    assert (out / "good" / "report.html").exists() and not (out / "bad" / "report.html").exists()
