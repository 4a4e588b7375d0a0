"""Batch input: manifests (CSV, JSONL, Parquet), set folders, path safety, content hashes."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from checker.errors import InputError
from checker.manifest import input_digest, load_set, output_folder, read_input, read_manifest

ROWS = [
    {"set_id": "flood", "source": "a", "text": "date 2025-02-12 12 people died in the flood.", "outlet": "Daily A"},
    {
        "set_id": "flood",
        "source": "b",
        "text": "Forty people died in the flood.",
        "outlet": "B News",
        "published": "2025-02-13",
        "title": "Flood",
        "url": "https://b.example/flood",
    },
    {"set_id": "fire", "source": "a", "text": "A fire broke out.", "outlet": "Daily A"},
]


@pytest.mark.parametrize("suffix", ["csv", "jsonl", "parquet"])
def test_a_manifest_of_text_rows_groups_articles_into_sets(tmp_path, suffix) -> None:
    path = tmp_path / f"manifest.{suffix}"
    frame = pd.DataFrame(ROWS)
    {
        "csv": lambda: frame.to_csv(path, index=False),
        "jsonl": lambda: frame.to_json(path, orient="records", lines=True),
        "parquet": lambda: frame.to_parquet(path),
    }[suffix]()
    specs = read_input(path)
    assert [spec.set_id for spec in specs] == ["flood", "fire"]
    flood = load_set(specs[0])
    assert flood.name == "flood"
    first, second = flood.articles
    assert first.source.id == "a" and first.source.outlet == "Daily A"
    assert str(first.source.published) == "2025-02-12" and first.body_start > 0  # the date header, as in read_article
    assert second.source.title == "Flood" and str(second.source.published) == "2025-02-13"
    assert second.source.url == "https://b.example/flood"
    assert first.source.path == f"manifest.{suffix}#1"


def test_path_rows_are_read_relative_to_the_manifest(tmp_path) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "one.txt").write_text("Five people were hurt.", encoding="utf-8")
    (tmp_path / "articles" / "two.html").write_text("<html><body><p>Six people were hurt.</p></body></html>")
    manifest = tmp_path / "m.csv"
    manifest.write_text("set_id,source,path,outlet\ns,one,articles/one.txt,X\ns,two,articles/two.html,Y\n")
    (spec,) = read_manifest(manifest)
    article_set = load_set(spec)
    assert [article.source.id for article in article_set.articles] == ["one", "two"]
    assert article_set.articles[1].text == "Six people were hurt."
    assert article_set.articles[0].source.outlet == "X"


@pytest.mark.parametrize("given", ["../secret.txt", "articles/../../secret.txt", "/etc/hostname"])
def test_a_path_outside_the_manifest_folder_is_refused_unless_allowed(tmp_path, given) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (tmp_path / "secret.txt").write_text("Not for you.")
    manifest = folder / "m.csv"
    manifest.write_text(f"set_id,source,path\ns,a,{given}\n")
    with pytest.raises(InputError, match="outside the manifest's folder.*--allow-outside-paths"):
        read_manifest(manifest)
    (spec,) = read_manifest(manifest, allow_outside=True)
    assert spec.rows[0].path is not None


def test_a_symlink_leading_outside_is_refused(tmp_path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (tmp_path / "secret.txt").write_text("Not for you.")
    (folder / "link.txt").symlink_to(tmp_path / "secret.txt")
    manifest = folder / "m.csv"
    manifest.write_text("set_id,source,path\ns,a,link.txt\n")
    with pytest.raises(InputError, match="outside"):
        read_manifest(manifest)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("set_id,text\ns,hello\n", "source"),
        ("set_id,source\ns,a\n", "'text' or a 'path'"),
        ("set_id,source,text,path\ns,a,hello,a.txt\n", "both a 'text' and a 'path'"),
        ("set_id,source,path\ns,a,\n", "has no 'path'"),
        ("set_id,source,text\ns,a,hello\ns,a,again\n", "already has a source"),
        ("set_id,source,text\n,a,hello\n", "no set_id"),
        ("set_id,source,text\nAB,a,x\nab,a,y\n", "differ only in case"),
    ],
)
def test_bad_manifests_are_refused_with_a_reason(tmp_path, content, message) -> None:
    manifest = tmp_path / "m.csv"
    manifest.write_text(content)
    with pytest.raises(InputError, match=message):
        read_manifest(manifest)


def test_an_unknown_file_type_is_refused(tmp_path) -> None:
    path = tmp_path / "m.xlsx"
    path.write_text("x")
    with pytest.raises(InputError, match="neither a folder nor a manifest"):
        read_input(path)


def test_a_folder_of_set_folders(tmp_path) -> None:
    for name in ("b", "a", ".hidden"):
        (tmp_path / name).mkdir()
    (tmp_path / "notes.txt").write_text("not a set")
    assert [spec.set_id for spec in read_input(tmp_path)] == ["a", "b"]
    with pytest.raises(InputError, match="no set folders"):
        read_input(tmp_path / "a")


@pytest.mark.parametrize("set_id", ["../../etc", "a/b", "..", ".hidden", "Zürich 2025", "x" * 300, "con:1"])
def test_output_folders_are_safe_names(set_id) -> None:
    folder = output_folder(set_id)
    assert "/" not in folder and not folder.startswith(".") and len(folder) <= 100
    assert folder != output_folder(set_id + "!")


def test_lone_surrogates_in_a_manifest_never_reach_the_outputs(tmp_path) -> None:
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(json.dumps({"set_id": "s", "source": "a", "text": "Bad \ud800 text."}) + "\n")
    (spec,) = read_manifest(manifest)
    text = load_set(spec).articles[0].text
    assert text.startswith("Bad ") and text.endswith(" text.")
    text.encode("utf-8")  # pandas' reader drops it or we replace it: either way every output can hold it


def test_an_empty_text_fails_its_set_when_read_not_the_manifest(tmp_path) -> None:
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(json.dumps({"set_id": "s", "source": "a", "text": " "}) + "\n")
    (spec,) = read_manifest(manifest)
    with pytest.raises(InputError, match="empty article"):
        load_set(spec)


def test_the_input_digest_follows_bytes_and_metadata(tmp_path) -> None:
    folder = tmp_path / "sets" / "s"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text("One.")
    (spec,) = read_input(tmp_path / "sets")
    first = input_digest(spec)
    assert input_digest(spec) == first
    (folder / "sources.csv").write_text("file,outlet\na.txt,X\n")
    second = input_digest(spec)
    assert second != first
    (folder / "a.txt").write_text("Two.")
    assert input_digest(spec) not in (first, second)
