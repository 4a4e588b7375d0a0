"""Tests for checker/report/html.py and checker/report/view.py, asserted through an HTML parser."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from checker.models import Article, DroppedLine, Evidence, Finding, Group, Result, Sentence, Source
from checker.report.html import render_html
from checker.report.json import to_dict
from checker.report.templating import TEMPLATES
from checker.report.view import Segment, build_view, split_marked

VERSION = "0.1.0"
GENERATED = "2025-02-13T09:00:00Z"

TEXT_A = (
    "date 2025-02-12\nOfficials said 12 people died on Monday. The talks start in Munich.\n"
    "Subscribe now\nThe envoy is John Smith."
)
TEXT_B = "At least 15 people died on Monday, officials said. Talks start in Munich. The envoy is Jon Smith."
TEXT_C = "People died on Monday, police said.\n\nThe mayor resigned."


def sentence(article: Article, index: int, text: str) -> Sentence:
    """The sentence ``text`` of ``article``, with its offsets."""
    start = article.text.index(text)
    return Sentence(article.source.id, index, start, start + len(text), text)


def evidence(sent: Sentence, value: str | None = None, *marks: str) -> Evidence:
    """Evidence quoting ``sent``, highlighting each of ``marks`` (first occurrence in the sentence)."""
    spans = tuple((sent.start + sent.text.index(m), sent.start + sent.text.index(m) + len(m)) for m in marks)
    return Evidence(sent.source, sent.text, sent.start, sent.end, value, spans)


def article(source_id: str, text: str, **metadata: object) -> Article:
    return Article(Source(source_id, f"{source_id}.txt", **metadata), text)  # type: ignore[arg-type]


def make_result(findings_order: tuple[str, ...] = ("F1", "F2", "F3", "F4")) -> Result:
    """Three sources; a number and a person discrepancy, an agreement and a single-source claim."""
    a = article("a", TEXT_A, outlet="Outlet A", title="Talks", published=dt.date(2025, 2, 12))
    b = article("b", TEXT_B, outlet="Outlet B")
    c = article("c", TEXT_C)
    a0 = sentence(a, 0, "Officials said 12 people died on Monday.")
    a1 = sentence(a, 1, "The talks start in Munich.")
    a2 = sentence(a, 2, "The envoy is John Smith.")
    b0 = sentence(b, 0, "At least 15 people died on Monday, officials said.")
    b1 = sentence(b, 1, "Talks start in Munich.")
    b2 = sentence(b, 2, "The envoy is Jon Smith.")
    c0 = sentence(c, 0, "People died on Monday, police said.")
    c1 = sentence(c, 1, "The mayor resigned.")
    groups = (
        Group("G1", (a0, b0, c0), 0.8),
        Group("G2", (a1, b1), 0.95),
        Group("G3", (c1,)),
        Group("G4", (a2, b2), 0.9),
    )
    findings = {
        "F1": Finding(
            "F1",
            "G1",
            "discrepancy",
            "number",
            "high",
            "Death toll: 12 vs at least 15",
            (evidence(a0, "12", "12"), evidence(b0, "at least 15", "At least 15")),
        ),
        "F2": Finding(
            "F2",
            "G4",
            "discrepancy",
            "person",
            "low",
            "Envoy's name: John vs Jon",
            (evidence(a2, "John Smith", "John"), evidence(b2, "Jon Smith", "Jon")),
        ),
        "F3": Finding("F3", "G2", "agreement", "claim", "low", "Talks start in Munich", (evidence(a1), evidence(b1))),
        "F4": Finding("F4", "G3", "unique", "claim", "low", "Only c: the mayor resigned", (evidence(c1),)),
    }
    start = TEXT_A.index("Subscribe now")
    return Result(
        name="ukraine-talks",
        sources=(a.source, b.source, c.source),
        articles=(a, b, c),
        sentences=(a0, a1, a2, b0, b1, b2, c0, c1),
        groups=groups,
        findings=tuple(findings[key] for key in findings_order),
        dropped=(DroppedLine("a", "Subscribe now", start, start + len("Subscribe now"), "newsletter prompt"),),
        skipped=(("data/set/photo.jpg", "not a text file"),),
        settings={"align_threshold": 0.66, "max_per_source": 2},
    )


def parse(result: Result) -> BeautifulSoup:
    return BeautifulSoup(render_html(result, version=VERSION, generated=GENERATED), "html.parser")


@pytest.fixture(scope="module")
def soup() -> BeautifulSoup:
    return parse(make_result())


# --- header -----------------------------------------------------------------------------------


def test_landmarks_and_language(soup: BeautifulSoup) -> None:
    assert soup.html["lang"] == "en"
    for landmark in ("header", "nav", "main"):
        assert soup.body.find(landmark, recursive=False) is not None, landmark


def test_header_lists_sources_counts_settings(soup: BeautifulSoup) -> None:
    header = soup.body.find("header", recursive=False)
    rows = [
        [cell.get_text(strip=True) for cell in row.find_all(["th", "td"])] for row in header.select("#sources tbody tr")
    ]
    assert rows == [
        ["a", "Outlet A", "Talks", "2025-02-12", "3"],
        ["b", "Outlet B", "—", "—", "3"],
        ["c", "—", "—", "—", "2"],
    ]
    assert "ukraine-talks" in header.h1.get_text()
    assert GENERATED in header.get_text() and VERSION in header.get_text()

    def tally(dl_id: str) -> dict[str, str]:
        dl = header.select_one(f"#{dl_id}")
        return {dt_.get_text(): dd.get_text() for dt_, dd in zip(dl.find_all("dt"), dl.find_all("dd"), strict=True)}

    assert tally("counts-kind") == {"discrepancies": "2", "agreements": "1", "single-source claims": "1"}
    assert tally("counts-severity") == {"high severity": "1", "medium severity": "0", "low severity": "1"}
    assert tally("counts-type") == {"number": "1", "person": "1"}
    settings = header.select_one("#settings dl")
    names = [term.get_text() for term in settings.find_all("dt")]
    values = [value.get_text() for value in settings.find_all("dd")]
    assert dict(zip(names, values, strict=True)) == {
        "version": VERSION,
        "align_threshold": "0.66",
        "max_per_source": "2",
    }


# --- cards ------------------------------------------------------------------------------------


def card_ids(page: BeautifulSoup) -> list[str]:
    return [card["id"] for card in page.select("article.card")]


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        (("F1", "F2", "F3", "F4"), ["F1", "F2", "F3", "F4"]),
        # The result's order is kept as given, never re-sorted by the report.
        (("F2", "F1", "F3", "F4"), ["F2", "F1", "F3", "F4"]),
        (("F1", "F2", "F4", "F3"), ["F1", "F2", "F3", "F4"]),  # agreements section comes before unique
    ],
)
def test_discrepancies_first_in_given_order(order: tuple[str, ...], expected: list[str]) -> None:
    page = parse(make_result(order))
    assert card_ids(page) == expected
    kinds = [card["data-kind"] for card in page.select("article.card")]
    assert kinds == sorted(kinds, key=["discrepancy", "agreement", "unique"].index)
    assert all(card.find_parent("section")["id"] == "discrepancies" for card in page.select("[data-kind=discrepancy]"))


def test_agreements_and_unique_are_collapsed(soup: BeautifulSoup) -> None:
    for section_id, card_id in (("agreements", "F3"), ("unique", "F4")):
        details = soup.select_one(f"section#{section_id} > details")
        assert details is not None and not details.has_attr("open")
        assert details.select_one(f"article.card#{card_id}") is not None


def test_card_shows_summary_badges_and_values(soup: BeautifulSoup) -> None:
    card = soup.select_one("#F1")
    assert "Death toll: 12 vs at least 15" in card.h3.get_text()
    assert [badge.get_text() for badge in card.select(".badge:not([hidden])")] == [
        "high severity",
        "number",
        "group G1",
    ]
    assert [side.figcaption.get_text() for side in card.select(".side")] == ["Outlet A", "Outlet B"]
    assert [side.select_one(".value strong").get_text() for side in card.select(".side")] == ["12", "at least 15"]


def test_marks_equal_article_text_at_span_offsets() -> None:
    result = make_result()
    page = parse(result)
    texts = {a.source.id: a.text for a in result.articles}
    checked = 0
    for finding in result.findings:
        sides = page.select(f"#{finding.id} .side")
        assert len(sides) == len(finding.evidence)
        for side, ev in zip(sides, finding.evidence, strict=True):
            assert [mark.get_text() for mark in side.find_all("mark")] == [texts[ev.source][s:e] for s, e in ev.spans]
            assert side.blockquote.get_text() == texts[ev.source][ev.start : ev.end]
            checked += len(ev.spans)
    assert checked == 4


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ((), [("abcdefghij", False)]),
        (((13, 15),), [("abc", False), ("de", True), ("fghij", False)]),
        (((10, 12), (18, 20)), [("ab", True), ("cdefgh", False), ("ij", True)]),
        (((12, 15), (14, 17)), [("ab", False), ("cdefg", True), ("hij", False)]),  # overlaps merge
        (((12, 14), (14, 16)), [("ab", False), ("cdef", True), ("ghij", False)]),  # touching spans merge
        (((5, 12), (19, 40)), [("ab", True), ("cdefghi", False), ("j", True)]),  # clipped to the sentence
        (((0, 5), (30, 40), (15, 15)), [("abcdefghij", False)]),  # outside or empty: ignored
    ],
)
def test_split_marked(spans: tuple[tuple[int, int], ...], expected: list[tuple[str, bool]]) -> None:
    assert split_marked("abcdefghij", 10, spans) == tuple(Segment(text, marked) for text, marked in expected)


# --- grid -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("group", "finding", "statuses"),
    [
        ("G1", "F1", {"a": "differs", "b": "differs", "c": "agrees"}),
        ("G4", "F2", {"a": "differs", "b": "differs", "c": "silent"}),
        ("G2", "F3", {"a": "agrees", "b": "agrees", "c": "silent"}),
        ("G3", "F4", {"a": "silent", "b": "silent", "c": "agrees"}),
    ],
)
def test_grid_cells_match_findings(soup: BeautifulSoup, group: str, finding: str, statuses: dict[str, str]) -> None:
    row = soup.select_one(f"#grid tr[data-group={group}]")
    assert row.th.a["href"] == f"#{finding}"
    cells = {cell["data-source"]: cell for cell in row.find_all("td")}
    assert {source: cell["data-status"] for source, cell in cells.items()} == statuses
    for source, cell in cells.items():
        assert statuses[source] in cell["class"]
        assert cell.get_text(strip=True)  # a text label, not colour alone


def test_grid_rows_follow_findings(soup: BeautifulSoup) -> None:
    assert [row["data-group"] for row in soup.select("#grid tbody tr")] == ["G1", "G4", "G2", "G3"]


# --- article view -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("anchor", "status"),
    [
        ("src-1-s0", "disputed"),
        ("src-1-s1", "agreed"),
        ("src-1-s2", "disputed"),
        ("src-2-s1", "agreed"),
        ("src-3-s0", "agreed"),
        ("src-3-s1", "only-here"),
    ],
)
def test_article_sentence_status(soup: BeautifulSoup, anchor: str, status: str) -> None:
    assert status in soup.select_one(f"#articles span.sentence#{anchor}")["class"]


def test_articles_render_whole_text_with_dropped_lines() -> None:
    result = make_result()
    html = render_html(result, version=VERSION, generated=GENERATED)
    # bs4 collapses whitespace-only strings outside <pre>; the page keeps them (white-space: pre-wrap).
    page = BeautifulSoup(html, "html.parser", preserve_whitespace_tags={"pre", "textarea", "div"})
    dropped = page.select("#articles article del.dropped")
    assert [d.get_text() for d in dropped] == ["Subscribe now"]
    assert "newsletter prompt" in dropped[0].find_next_sibling(class_="reason").get_text()
    for art in result.articles:
        body = page.select_one(f"#articles article[data-source={art.source.id}] .article-text")
        for reason in body.select(".reason"):
            reason.extract()
        assert body.get_text() == art.text


def test_article_segments_cover_text_once() -> None:
    result = make_result()
    for art, view in zip(result.articles, build_view(result, version="", generated="").articles, strict=True):
        assert "".join(part.text for segment in view.segments for part in segment.parts) == art.text
        assert [segment.kind for segment in view.segments].count("dropped") == (1 if art.source.id == "a" else 0)


def test_every_internal_link_has_a_target(soup: BeautifulSoup) -> None:
    ids = [element["id"] for element in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))
    links = [a["href"] for a in soup.find_all("a", href=True)]
    assert any(link.startswith("#src-") for link in links)
    for link in links:
        assert link.startswith("#") and link[1:] in ids, link


def test_skipped_files_listed(soup: BeautifulSoup) -> None:
    assert "data/set/photo.jpg" in soup.select_one("#skipped").get_text()
    assert "not a text file" in soup.select_one("#skipped").get_text()


# --- safety -----------------------------------------------------------------------------------

PAYLOAD = (
    "<script>alert(1)</script> said <img src=x onerror=alert(1)> & \"double\" 'single' "
    "</script> javascript:alert(2) see https://evil.example/x.js"
)


def hostile_result() -> Result:
    text = f"{PAYLOAD}\n<b>bold</b> furniture\n"
    source = Source("x", "x.txt", title=PAYLOAD, outlet='<i onmouseover="alert(3)">O</i>', url="javascript:alert(4)")
    art = Article(source, text)
    sent = Sentence("x", 0, 0, len(PAYLOAD), PAYLOAD)
    mark = PAYLOAD.index("<img")
    ev = Evidence("x", PAYLOAD, 0, len(PAYLOAD), "</script><script>alert(5)</script>", ((mark, mark + 40),))
    line_start = len(PAYLOAD) + 1
    return Result(
        name="</title><script>alert(6)</script>",
        sources=(art.source,),
        articles=(art,),
        sentences=(sent,),
        groups=(Group("G1", (sent,)),),
        findings=(Finding("F1", "G1", "discrepancy", "quote", "high", PAYLOAD, (ev,)),),
        dropped=(DroppedLine("x", "<b>bold</b> furniture", line_start, len(text) - 1, "<script>alert(7)</script>"),),
        skipped=(("<script>.txt", "onerror=alert(8)"),),
        settings={"<script>": "</script>"},
    )


def test_hostile_text_renders_as_text() -> None:
    page = parse(hostile_result())
    scripts = page.find_all("script")
    assert len(scripts) == 3
    data, review, own = scripts
    assert data.attrs == {"type": "application/json", "id": "findings-data"}
    assert review.attrs == {"type": "application/json", "id": "review-data"}
    assert own.attrs == {} and own.string == (TEMPLATES / "report.js").read_text(encoding="utf-8")
    for element in page.find_all(True):
        assert not [name for name in element.attrs if name.lower().startswith("on")], element.name
    for tag in ("img", "b", "i", "iframe", "object", "embed", "base", "form", "link"):
        assert page.find(tag) is None, tag
    for a in page.find_all(href=True):
        assert a["href"].startswith("#")
    assert page.select_one("span.sentence#src-1-s0").get_text() == PAYLOAD
    assert page.select_one("#F1 blockquote").get_text() == PAYLOAD
    assert page.select_one("#F1 mark").get_text() == PAYLOAD[PAYLOAD.index("<img") :][:40]
    assert page.title.get_text().startswith("</title><script>")


def test_json_block_is_escaped_and_round_trips() -> None:
    html = render_html(hostile_result(), version=VERSION, generated=GENERATED)
    raw = BeautifulSoup(html, "html.parser").select_one("script#findings-data").string
    assert not any(char in raw for char in "<>&")
    data = json.loads(raw)
    assert data["findings"][0]["evidence"][0]["sentence"] == PAYLOAD
    assert data["findings"][0]["summary"] == PAYLOAD
    assert data["findings"][0]["evidence"][0]["value"] == "</script><script>alert(5)</script>"
    assert data["findings"][0]["evidence"][0]["spans"] == [[PAYLOAD.index("<img"), PAYLOAD.index("<img") + 40]]


def test_json_block_is_the_findings_document() -> None:
    result = make_result()
    raw = parse(result).select_one("script#findings-data").string
    expected = json.loads(json.dumps(to_dict(result, version=VERSION, generated=GENERATED)))
    assert json.loads(raw) == expected


def csp_sources(page: BeautifulSoup) -> dict[str, str]:
    meta = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert meta is not None
    directives = (part.strip().split(" ", 1) for part in meta["content"].split(";"))
    return {name: value for name, value in directives}


def test_csp_forbids_network_and_pins_inline_code(soup: BeautifulSoup) -> None:
    csp = csp_sources(soup)
    assert csp["default-src"] == "'none'"
    for directive in ("img-src", "font-src", "connect-src", "base-uri", "form-action"):
        assert csp[directive] == "'none'"
    for directive, element in (("style-src", soup.style), ("script-src", soup.find("script", attrs={"type": None}))):
        digest = base64.b64encode(hashlib.sha256(element.string.encode("utf-8")).digest()).decode()
        assert csp[directive] == f"'sha256-{digest}'"
    # The policy must come before the inline style and script it governs.
    assert soup.head.find("meta", attrs={"http-equiv": True})["http-equiv"] == "Content-Security-Policy"


# The script must neither reach the network nor turn data into markup.
SCRIPT_NEEDLES = (
    "fetch(",
    "xmlhttprequest",
    "websocket",
    "eventsource",
    "sendbeacon",
    "import(",
    "importscripts",
    "innerhtml",
    "outerhtml",
    "insertadjacenthtml",
    "document.write",
    "eval(",
    "new function",
    "srcdoc",
)


@pytest.mark.parametrize(
    ("name", "needles"),
    [
        ("report.html.j2", ("url(",)),
        ("report.css", ("url(",)),
        ("report.js", SCRIPT_NEEDLES),
    ],
)
def test_assets_reference_nothing_outside(name: str, needles: tuple[str, ...]) -> None:
    text = (TEMPLATES / name).read_text(encoding="utf-8").lower()
    for needle in ("http://", "https://", "@import", "//cdn", "fonts.", "<link", *needles):
        assert needle not in text, needle


def test_no_external_resource_attributes() -> None:
    page = parse(hostile_result())  # article text holds a URL and a javascript: string as text
    for element in page.find_all(True):
        for name in ("src", "href", "action", "srcset", "poster", "data", "formaction", "xlink:href"):
            value = element.get(name)
            assert value is None or not value.strip().lower().startswith(("http:", "https:", "//", "javascript:"))
    assert "https://evil.example/x.js" in page.select_one("#articles").get_text()


# --- determinism and empty input --------------------------------------------------------------


def test_same_input_same_bytes() -> None:
    first = render_html(make_result(), version=VERSION, generated=GENERATED)
    second = render_html(make_result(), version=VERSION, generated=GENERATED)
    assert first.encode("utf-8") == second.encode("utf-8")
    assert render_html(make_result(), version=VERSION, generated="other") != first


@pytest.mark.parametrize("with_articles", [False, True])
def test_empty_findings_say_nothing_to_show(with_articles: bool) -> None:
    full = make_result()
    result = Result(
        name="quiet",
        sources=full.sources if with_articles else (),
        articles=full.articles if with_articles else (),
        sentences=full.sentences if with_articles else (),
        groups=(),
        findings=(),
        dropped=(),
    )
    page = parse(result)
    assert "Nothing to show" in page.main.get_text()
    assert page.select("article.card") == []
    assert "No discrepancies found." in page.select_one("#discrepancies").get_text()
    assert page.select_one("#grid table") is None
    assert page.select_one("#skipped") is None
    assert json.loads(page.select_one("#findings-data").string)["findings"] == []
    assert len(page.select("#articles article")) == (3 if with_articles else 0)


def test_bundled_sample_texts_render() -> None:
    folder = Path(__file__).parent.parent / "data" / "ukraine-talks-2025-02-12"
    paths = sorted(folder.glob("*.txt"))
    articles = tuple(Article(Source(path.stem, str(path)), path.read_text(encoding="utf-8")) for path in paths)
    if not articles:
        pytest.skip("sample data not present")
    result = Result(folder.name, tuple(a.source for a in articles), articles, (), (), (), ())
    page = parse(result)
    for art in articles:
        assert page.select_one(f"#articles article[data-source='{art.source.id}'] .article-text").get_text() == art.text


# --- review screen: filters, data attributes, earlier decisions ---------------------------------


def test_cards_carry_what_the_filters_read(soup: BeautifulSoup) -> None:
    result = make_result()
    for finding in result.findings:
        card = soup.select_one(f"article.card#{finding.id}")
        assert card["data-kind"] == finding.kind
        assert card["data-type"] == finding.type
        assert card["data-severity"] == finding.severity
        assert card["data-fingerprint"] == finding.fingerprint
        assert card["data-decision"] == ""
        assert card["tabindex"] == "-1"  # j/k focus it
        assert "is-new" not in card["class"]


def test_filters_are_labelled_and_counted(soup: BeautifulSoup) -> None:
    tools = soup.select_one("main #tools")
    controls = tools.select("select, input, textarea, button")
    assert controls
    for control in controls:
        if control.name == "button":
            assert control.get_text(strip=True), control
        else:
            assert soup.select_one(f"label[for='{control['id']}']") is not None, control["id"]

    def options(name: str) -> dict[str, str]:
        return {option["value"]: option.get_text() for option in tools.select(f"select[data-filter={name}] option")}

    assert options("kind") == {
        "": "all (4)",
        "discrepancy": "discrepancies (2)",
        "agreement": "agreements (1)",
        "unique": "single-source claims (1)",
    }
    assert options("type") == {"": "all (4)", "number": "number (1)", "person": "person (1)", "claim": "claim (2)"}
    assert options("severity") == {"": "all (4)", "high": "high (1)", "medium": "medium (0)", "low": "low (3)"}
    assert options("source") == {"": "all (4)", "a": "Outlet A (3)", "b": "Outlet B (3)", "c": "c (1)"}
    assert "new" not in options("review")  # only with a decisions file
    assert tools.select_one("input[data-filter=q]")["type"] == "search"


def test_every_card_has_labelled_review_controls(soup: BeautifulSoup) -> None:
    for card in soup.select("article.card"):
        group = card.select_one(".review-controls")
        assert group["role"] == "group" and group["aria-label"] == f"Review {card['id']}"
        marks = {button["data-mark"]: button for button in group.select("button.mark")}
        assert set(marks) == {"confirmed", "dismissed", "follow-up"}
        assert all(button["type"] == "button" and button["aria-pressed"] == "false" for button in marks.values())
        note = group.select_one("label textarea[data-note]")
        assert note is not None and note.find_parent("label").get_text(" ", strip=True) == f"Note on {card['id']}"


def decided_page(result: Result | None = None, notes: dict[str, str] | None = None) -> BeautifulSoup:
    from checker.decisions import Decision, Decisions

    result = result or make_result()
    by_id = {finding.id: finding for finding in result.findings}
    notes = notes or {}
    decisions = Decisions(
        result.name,
        (
            Decision(by_id["F1"].fingerprint, "confirmed", notes.get("F1", "agency: 15"), "F7"),
            Decision(by_id["F3"].fingerprint, "dismissed", notes.get("F3", ""), "F2"),
            Decision("ffffffffffffffff", "follow-up", "gone", "F9", "an old finding"),
        ),
        "earlier/decisions.json",
    )
    return BeautifulSoup(render_html(result, version=VERSION, generated=GENERATED, decisions=decisions), "html.parser")


def test_earlier_decisions_render_on_the_cards() -> None:
    page = decided_page()
    f1, f2, f3, f4 = (page.select_one(f"article.card#{fid}") for fid in ("F1", "F2", "F3", "F4"))
    assert f1["data-decision"] == "confirmed" and "decision-confirmed" in f1["class"]
    assert f1.select_one(".badge.decision").get_text() == "Confirmed" and not f1.select_one(".badge.decision").has_attr(
        "hidden"
    )
    assert f1.select_one("textarea").get_text() == "agency: 15"
    assert f1.select_one(".decision-note .text").get_text() == "agency: 15"
    assert f1.select_one("button[data-mark=confirmed]")["aria-pressed"] == "true"
    assert f3["data-decision"] == "dismissed" and "decision-dismissed" in f3["class"]
    assert f3.select_one(".decision-note").has_attr("hidden")  # no note
    for card in (f1, f3):
        assert card.select_one(".badge.new") is None
    for card in (f2, f4):  # no earlier decision knows them
        assert "is-new" in card["class"]
        assert card.select_one(".badge.new").get_text() == "new since last review"
        assert card["data-decision"] == ""
    summary = page.select_one("#decisions-file").get_text(" ", strip=True)
    assert "earlier/decisions.json" in summary
    assert "1 matched" not in summary and "2 matched" in summary and "2 new findings" in summary
    assert "1 on findings no longer found" in summary
    options = {option["value"]: option.get_text() for option in page.select("select[data-filter=review] option")}
    assert options["new"] == "new since last review (2)"
    assert options["confirmed"] == "confirmed (1)" and options["open"] == "not reviewed (2)"


def test_review_data_holds_decisions_by_fingerprint() -> None:
    result = make_result()
    page = decided_page(result)
    data = json.loads(page.select_one("script#review-data").string)
    f1 = result.findings[0].fingerprint
    assert data["set"] == "ukraine-talks" and data["given"] is True
    assert data["storage_prefix"] == "checker-review:ukraine-talks:"
    assert data["decisions"][f1] == {"status": "confirmed", "note": "agency: 15"}
    assert len(data["decisions"]) == 2
    assert data["unmatched"] == [
        {
            "fingerprint": "ffffffffffffffff",
            "finding": "F9",
            "status": "follow-up",
            "note": "gone",
            "summary": "an old finding",
        }
    ]
    plain = json.loads(parse(result).select_one("script#review-data").string)
    assert plain["given"] is False and plain["decisions"] == {} and plain["unmatched"] == []


def test_hostile_notes_render_as_text() -> None:
    result = hostile_result()
    from checker.decisions import Decision, Decisions

    decisions = Decisions(result.name, (Decision(result.findings[0].fingerprint, "follow-up", PAYLOAD),))
    html = render_html(result, version=VERSION, generated=GENERATED, decisions=decisions)
    page = BeautifulSoup(html, "html.parser")
    assert page.select_one("#F1 textarea").get_text() == PAYLOAD
    assert page.select_one("#F1 .decision-note .text").get_text() == PAYLOAD
    assert len(page.find_all("script")) == 3
    raw = page.select_one("script#review-data").string
    assert not any(char in raw for char in "<>&")
    assert json.loads(raw)["decisions"][result.findings[0].fingerprint]["note"] == PAYLOAD
    for element in page.find_all(True):
        assert not [name for name in element.attrs if name.lower().startswith("on")], element.name


def test_decisions_keep_the_bytes_deterministic() -> None:
    assert decided_page().encode() == decided_page().encode()


def test_csp_allows_no_blob_or_other_source(soup: BeautifulSoup) -> None:
    # The export downloads through an <a download> with a blob: URL; no CSP directive governs that,
    # so the policy needs no blob: at all (the browser test proves the download works under it).
    content = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    for word in ("blob:", "data:", "http", "*", "'unsafe-inline'", "'unsafe-eval'", "'self'"):
        assert word not in content, word


# --- size: a synthetic 20-article set -----------------------------------------------------------

SUBJECTS = ("Officials", "The ministry", "Police", "A spokesperson", "The mayor", "Rescue teams", "The agency")
NOUNS = ("people", "soldiers", "homes", "vehicles", "families", "schools", "villages")
VERBS = ("affected", "evacuated", "counted", "reported", "damaged", "moved", "registered")
PLACES = ("Munich", "Kyiv", "Kharkiv", "Odesa", "Warsaw", "Geneva", "Brussels", "Riyadh")


def synthetic_result(articles: int = 20, sentences: int = 50, seed: int = 7) -> Result:
    """A made-up set the size of a busy news day: ``articles`` articles of ``sentences`` sentences each.

    Facts are shared by 1 to 12 sources; one shared fact in four gets a number that differs by source.
    """
    import random

    rng = random.Random(seed)
    slots = {f"s{number:02d}": sentences for number in range(articles)}
    facts: list[list[str]] = []
    while any(slots.values()):
        open_sources = [source for source, left in slots.items() if left]
        roll = rng.random()
        want = 1 if roll < 0.6 else rng.randint(2, 4) if roll < 0.85 else rng.randint(5, 12)
        chosen = rng.sample(open_sources, min(want, len(open_sources)))
        for source in chosen:
            slots[source] -= 1
        facts.append(sorted(chosen))
    texts: dict[str, list[tuple[int, str, int | None]]] = {source: [] for source in slots}
    for fact, members in enumerate(facts):
        differs = len(members) > 1 and fact % 4 == 0
        base = rng.randint(10, 900)
        words = (rng.choice(SUBJECTS), rng.choice(NOUNS), rng.choice(VERBS), rng.choice(PLACES))
        for position, source in enumerate(members):
            number = base + (position * 7 if differs else 0)
            text = (
                f"{words[0]} said {number} {words[1]} were {words[2]} in {words[3]} on Monday, "
                f"in what fact {fact} of the day described as part of a wider pattern."
            )
            texts[source].append((fact, text, number))
    result_articles, result_sentences, dropped = [], [], []
    by_fact: dict[int, list[tuple[Sentence, int | None]]] = {}
    for number, (source_id, items) in enumerate(texts.items()):
        rng.shuffle(items)
        parts, offset = [], 0
        header = f"date 2025-02-{number % 28 + 1:02d}\n"
        parts.append(header)
        offset += len(header)
        source_sentences = []
        for position, (fact, text, value) in enumerate(items):
            if position and position % 5 == 0:
                furniture = "Subscribe to our newsletter for more\n"
                dropped.append(
                    DroppedLine(source_id, furniture.strip(), offset, offset + len(furniture) - 1, "newsletter prompt")
                )
                parts.append(furniture)
                offset += len(furniture)
            sent = Sentence(source_id, position, offset, offset + len(text), text, position // 5)
            source_sentences.append(sent)
            by_fact.setdefault(fact, []).append((sent, value))
            parts.append(text + (" " if position % 5 != 4 else "\n\n"))
            offset += len(parts[-1])
        source = Source(source_id, f"{source_id}.txt", title=f"Article {number}", outlet=f"Outlet {number}")
        result_articles.append(Article(source, "".join(parts)))
        result_sentences.extend(source_sentences)
    groups, findings = [], []
    for fact, members in sorted(by_fact.items()):
        group = Group(f"G{fact + 1}", tuple(sent for sent, _ in members), 0.9 if len(members) > 1 else 1.0)
        groups.append(group)
        values = {value for _, value in members}
        if len(members) == 1:
            kind, summary, severity = "unique", f"Only {members[0][0].source}: fact {fact}", "low"
        elif len(values) > 1:
            kind, summary, severity = (
                "discrepancy",
                f"Count for fact {fact}: " + " vs ".join(map(str, sorted(values))),
                "high",
            )
        else:
            kind, summary, severity = "agreement", f"{len(members)} sources agree on fact {fact}", "low"
        evidence = []
        for sent, value in members:
            mark = sent.text.index(str(value))
            spans = ((sent.start + mark, sent.start + mark + len(str(value))),) if kind == "discrepancy" else ()
            evidence.append(
                Evidence(
                    sent.source, sent.text, sent.start, sent.end, str(value) if kind == "discrepancy" else None, spans
                )
            )
        findings.append((kind, severity, group.id, summary, tuple(evidence)))
    order = {"discrepancy": 0, "agreement": 1, "unique": 2}
    findings.sort(key=lambda item: order[item[0]])
    return Result(
        name="synthetic-20",
        sources=tuple(article.source for article in result_articles),
        articles=tuple(result_articles),
        sentences=tuple(result_sentences),
        groups=tuple(groups),
        findings=tuple(
            Finding(
                f"F{number}", group, kind, "number" if kind == "discrepancy" else "claim", severity, summary, evidence
            )  # type: ignore[arg-type]
            for number, (kind, severity, group, summary, evidence) in enumerate(findings, 1)
        ),
        dropped=tuple(dropped),
        settings={"align_threshold": 0.7},
    )


def test_a_20_article_report_stays_small() -> None:
    result = synthetic_result()
    html = render_html(result, version=VERSION, generated=GENERATED)
    size = len(html.encode("utf-8"))
    # Counted as text: parsing 2 MB with html.parser takes seconds.
    assert html.count('<article class="article"') == 20
    assert html.count('<article class="card') == len(result.findings) > 300
    assert size < 5_000_000, f"{size / 1e6:.2f} MB"
