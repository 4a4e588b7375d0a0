"""Ingest: encodings, HTML, metadata, headers, and the errors bad files get."""

from __future__ import annotations

import datetime as dt

import pytest

from checker.errors import InputError
from checker.ingest import decode, read_set
from tests.conftest import BUNDLED_SET

TEXT = "Café owners in Zürich said “no” to the 5 € fee — twice.\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("cp1252"), "cp1252"),
    ],
)
def test_decode_detects_encoding_without_mojibake(data: bytes, encoding: str) -> None:
    text, used = decode(data, "a.txt")
    assert text == TEXT
    assert used == encoding


def test_latin1_text_is_decoded_right() -> None:
    text = "Le ministre a déclaré à Genève que les élèves étaient à l'école.\n"
    decoded, _ = decode(text.encode("latin-1"), "a.txt")
    assert decoded == text


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"Hello\x00world", "NUL"),
    ],
)
def test_binary_data_named_as_text_is_refused(write_set, data: bytes, problem: str) -> None:
    folder = write_set({"a.txt": "A real article sentence.", "b.txt": data})
    with pytest.raises(InputError, match=problem) as raised:
        read_set(folder)
    assert "b.txt" in str(raised.value)


def test_bundled_set_reads_every_article_byte_for_byte() -> None:
    article_set = read_set(BUNDLED_SET)
    assert len(article_set.articles) == 5
    for article in article_set.articles:
        with open(article.source.path, encoding="utf-8", newline="") as handle:
            assert article.text == handle.read()


def test_date_header_gives_published_date_and_body_start() -> None:
    article = read_set(BUNDLED_SET).articles[0]
    assert article.source.published == dt.date(2025, 2, 12)
    assert article.text[article.body_start :].startswith("A priest blesses")


def test_sources_csv_supplies_metadata(write_set) -> None:
    folder = write_set(
        {
            "a.txt": "First outlet says ten people died.",
            "b.md": "Second outlet says twelve people died.",
            "sources.csv": "file,outlet,title,published,url\na.txt,Daily A,Title A,2024-05-01,https://a.example/1\n",
        }
    )
    articles = {article.source.id: article.source for article in read_set(folder).articles}
    assert articles["a"].outlet == "Daily A"
    assert articles["a"].published == dt.date(2024, 5, 1)
    assert articles["b"].outlet is None


def test_html_is_parsed_not_regexed(write_set) -> None:
    page = """<html><head><title>Talks</title><meta property="og:site_name" content="The Daily">
    <script>var x = "<p>not text</p>";</script></head>
    <body><nav><a href="/">Home</a></nav><article><h1>Talks begin</h1>
    <p>Officials met on <b>Tuesday</b> in Geneva.</p><p>They agreed to meet again &amp; soon.</p></article>
    <footer>Copyright</footer></body></html>"""
    article = read_set(write_set({"page.html": page})).articles[0]
    assert article.text == "Talks begin\n\nOfficials met on Tuesday in Geneva.\n\nThey agreed to meet again & soon."
    assert article.source.outlet == "The Daily"
    assert article.source.title == "Talks"


def test_unsupported_files_are_skipped_and_listed(write_set) -> None:
    folder = write_set({"a.txt": "One sentence here.", "photo.jpg": b"\xff\xd8\xff", "notes.odt": b"PK"})
    article_set = read_set(folder)
    assert [article.source.id for article in article_set.articles] == ["a"]
    assert sorted(reason for _, reason in article_set.skipped) == [
        "unsupported file type .jpg",
        "unsupported file type .odt",
    ]


@pytest.mark.parametrize(
    ("files", "problem"),
    [
        ({}, "no articles"),
        ({"a.txt": ""}, "empty"),
        ({"a.txt": "  \n\t \n"}, "empty"),
    ],
)
def test_empty_input_is_an_error(write_set, files, problem: str) -> None:
    with pytest.raises(InputError, match=problem):
        read_set(write_set(files))


def test_missing_path_is_an_error(tmp_path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_set(tmp_path / "nowhere")
