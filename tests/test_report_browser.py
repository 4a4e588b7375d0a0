"""The report's review screen in a real browser (Chromium through Playwright), opened as a file:// page.

Reports are built from hand-made results or the fake embedder, never the real model, so these run in seconds.
Skipped, with the reason, only when Playwright or Chromium is missing.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from checker.config import Settings
from checker.decisions import Decision, Decisions, load_decisions, to_dict
from checker.ingest import read_set
from checker.models import Article, DroppedLine, Evidence, Finding, Group, Result, Sentence, Source
from checker.pipeline import check
from checker.report.html import render_html
from checker.report.json import render_json
from tests.conftest import BUNDLED_SET, ROOT, FakeEmbedder
from tests.test_report_html import GENERATED, VERSION, make_result, synthetic_result

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Python Playwright is not installed (pip install playwright)"
)
CHROMIUM = os.environ.get("CHECKER_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
if not CHROMIUM:
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)

# Without the background-networking flags Chromium reaches for the network at start-up.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
NARROW = {"width": 390, "height": 844}
DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Watch:
    """What a page did that it should not: script errors (CSP violations included), dialogs, requests."""

    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@pytest.fixture
def open_page(browser, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Open a rendered report (HTML text) in a fresh browser context; returns (page, watch)."""
    contexts = []

    def open_(html: str, *, hash: str = "", viewport: dict[str, int] = DESKTOP, bypass_csp: bool = False, context=None):  # type: ignore[no-untyped-def]
        path = tmp_path / f"report-{len(contexts)}.html"
        path.write_text(html, encoding="utf-8")
        if context is None:
            context = browser.new_context(viewport=viewport, accept_downloads=True, bypass_csp=bypass_csp)
            contexts.append(context)
        page = context.new_page()
        watch = Watch()
        page.on("console", lambda message: watch.errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: watch.errors.append(str(error)))
        page.on("dialog", lambda dialog: (watch.dialogs.append(dialog.message), dialog.dismiss()))
        page.on(
            "request",
            lambda request: None if request.url.startswith(("file:", "blob:")) else watch.requests.append(request.url),
        )
        page.goto(path.as_uri() + hash)
        wait_until(page, "document.documentElement.classList.contains('js')")
        return page, watch

    yield open_
    for context in contexts:
        context.close()


def wait_until(page, expression: str, timeout: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    """Poll ``expression`` until true (page.wait_for_function evaluates strings, which the page's CSP forbids)."""
    import time

    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"never true: {expression}")
        page.wait_for_timeout(20)


def visible_cards(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.eval_on_selector_all("article.card", "cards => cards.filter(c => !c.hidden).map(c => c.id)")


def select(page, name: str, value: str) -> None:  # type: ignore[no-untyped-def]
    page.select_option(f"select[data-filter={name}]", value)


def page_hash(page) -> str:  # type: ignore[no-untyped-def]
    return page.evaluate("window.location.hash")


@pytest.fixture(scope="module")
def sample_html() -> str:
    return render_html(make_result(), version=VERSION, generated=GENERATED)


# --- loading -------------------------------------------------------------------------------------


def test_page_runs_its_script_under_the_csp_and_asks_nothing_of_the_network(open_page, sample_html: str) -> None:
    page, watch = open_page(sample_html)
    assert page.is_visible("#filters")
    assert page.text_content("#filter-status") == "Showing all 4 findings."
    assert page.text_content("#review-progress").startswith("0 of 4 findings reviewed")
    assert watch.errors == [] and watch.dialogs == [] and watch.requests == []


# --- filters, search, hash -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "expected", "status"),
    [
        ({"kind": "discrepancy"}, ["F1", "F2"], "Showing 2 of 4 findings."),
        ({"kind": "discrepancy", "severity": "high"}, ["F1"], "Showing 1 of 4 findings."),
        ({"type": "claim"}, ["F3", "F4"], "Showing 2 of 4 findings."),
        ({"source": "c"}, ["F4"], "Showing 1 of 4 findings."),
        ({"severity": "medium"}, [], "Showing 0 of 4 findings."),
    ],
)
def test_filters_change_the_visible_cards(open_page, sample_html: str, filters, expected, status) -> None:  # type: ignore[no-untyped-def]
    page, watch = open_page(sample_html)
    for name, value in filters.items():
        select(page, name, value)
    assert visible_cards(page) == expected
    assert page.text_content("#filter-status") == status
    assert page_hash(page) == "#" + "&".join(f"{name}={value}" for name, value in filters.items())
    # Each section's heading counts what is shown of it.
    shown = page.eval_on_selector_all("[data-shown]", "spans => spans.map(s => s.textContent)")
    kinds = ["discrepancy", "agreement", "unique"]
    by_kind = {
        k: sum(
            1 for card in expected if card in {"discrepancy": ["F1", "F2"], "agreement": ["F3"], "unique": ["F4"]}[k]
        )
        for k in kinds
    }
    totals = {"discrepancy": 2, "agreement": 1, "unique": 1}
    assert shown == [f"{by_kind[k]} of {totals[k]}" for k in kinds]
    # Grid rows follow the cards.
    rows = page.eval_on_selector_all(
        "#grid tbody tr", "rows => rows.filter(r => !r.hidden).map(r => r.dataset.finding)"
    )
    assert sorted(rows) == sorted(expected)
    page.click("#clear-filters")
    assert visible_cards(page) == ["F1", "F2", "F3", "F4"]
    assert page_hash(page) == ""
    assert watch.errors == []


def test_option_counts_update_with_the_other_filters(open_page, sample_html: str) -> None:
    page, _ = open_page(sample_html)

    def options(name: str) -> list[str]:
        return page.eval_on_selector_all(f"select[data-filter={name}] option", "os => os.map(o => o.textContent)")

    assert options("severity") == ["all (4)", "high (1)", "medium (0)", "low (3)"]
    select(page, "kind", "discrepancy")
    assert options("severity") == ["all (2)", "high (1)", "medium (0)", "low (1)"]
    assert options("kind")[0] == "all (4)"  # a filter's own options ignore itself


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("munich", ["F3"]),
        ("Jon Smith", ["F2"]),  # every word must appear
        ("outlet b died", ["F1"]),  # source labels are searchable
        ("mayor", ["F4"]),
        ("f2", ["F2"]),
        ("nothing-like-this", []),
    ],
)
def test_search_text_filters(open_page, sample_html: str, query: str, expected: list[str]) -> None:
    page, _ = open_page(sample_html)
    page.fill("#filter-q", query)
    assert visible_cards(page) == expected
    # Sections holding a match open; a link to the view keeps the query.
    for card in expected:
        assert page.is_visible(f"#{card}")
    assert page_hash(page).startswith("#q=")
    page.fill("#filter-q", "")
    assert not page.is_visible("#F3")  # agreements collapsed again


def test_the_url_hash_restores_a_view(open_page, sample_html: str) -> None:
    page, watch = open_page(sample_html, hash="#kind=discrepancy&severity=high&q=died&f=F1")
    assert visible_cards(page) == ["F1"]
    assert page.input_value("select[data-filter=kind]") == "discrepancy"
    assert page.input_value("select[data-filter=severity]") == "high"
    assert page.input_value("#filter-q") == "died"
    assert page.evaluate("document.activeElement.id") == "F1"
    # A shared link changes the view of an open page too; unknown values are ignored.
    page.evaluate("window.location.hash = 'kind=agreement&severity=bogus'")
    wait_until(page, "document.getElementById('F3') && !document.getElementById('F3').hidden")
    assert visible_cards(page) == ["F3"]
    assert page.input_value("select[data-filter=severity]") == ""
    assert page.is_visible("#F3")  # its collapsed section opened
    assert watch.errors == []


# --- keyboard ------------------------------------------------------------------------------------


def test_keyboard_moves_opens_and_marks(open_page, sample_html: str) -> None:
    page, watch = open_page(sample_html)
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.id") == "F1"
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.id") == "F2"
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.id") == "F1"
    assert page_hash(page) == "#f=F1"
    page.keyboard.press("c")
    assert page.get_attribute("#F1", "data-decision") == "confirmed"
    assert page.text_content("#F1 .badge.decision") == "Confirmed"
    page.keyboard.press("n")
    assert page.evaluate("document.activeElement.matches('#F1 textarea')")
    page.keyboard.type("called the ministry")
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") == "F1"
    page.keyboard.press("j")
    page.keyboard.press("f")
    assert page.get_attribute("#F2", "data-decision") == "follow-up"
    page.keyboard.press("j")  # into the collapsed agreements: the section opens
    assert page.evaluate("document.activeElement.id") == "F3" and page.is_visible("#F3")
    page.keyboard.press("d")
    assert page.get_attribute("#F3", "data-decision") == "dismissed"
    assert not page.is_visible("#F3 .evidence")  # dismissed: dimmed and collapsed
    page.keyboard.press("o")
    assert page.is_visible("#F3 .evidence")
    assert page.get_attribute("#F3 .toggle-evidence", "aria-expanded") == "true"
    page.keyboard.press("u")
    assert page.get_attribute("#F3", "data-decision") == ""
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "filter-q"
    page.keyboard.type("x")  # typing in the search box is never a shortcut
    assert page.get_attribute("#F3", "data-decision") == ""
    assert page.text_content("#review-progress") == (
        "2 of 4 findings reviewed: 1 confirmed, 1 need follow-up, 0 dismissed."
    )
    assert watch.errors == []


def test_marking_under_a_review_filter_moves_on(open_page, sample_html: str) -> None:
    page, _ = open_page(sample_html, hash="#review=open")
    page.keyboard.press("j")
    page.keyboard.press("c")
    assert visible_cards(page) == ["F2", "F3", "F4"]
    assert page.evaluate("document.activeElement.id") == "F2"  # the next one, ready for its mark


def test_focus_is_visible(open_page, sample_html: str) -> None:
    page, _ = open_page(sample_html)
    page.keyboard.press("Tab")  # the skip link
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("j")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"


# --- review marks: persistence, export, decisions file -------------------------------------------


def test_a_mark_survives_a_reload(open_page, sample_html: str) -> None:
    page, _ = open_page(sample_html)
    page.click("#F1 button[data-mark=confirmed]")
    page.fill("#F1 textarea", "agency says 15")
    page.click("#F2 button[data-mark=dismissed]")
    page.reload()
    wait_until(page, "document.documentElement.classList.contains('js')")
    assert page.get_attribute("#F1", "data-decision") == "confirmed"
    assert page.get_attribute("#F1 button[data-mark=confirmed]", "aria-pressed") == "true"
    assert page.input_value("#F1 textarea") == "agency says 15"
    assert page.get_attribute("#F2", "data-decision") == "dismissed"
    assert not page.is_visible("#F2 .evidence")
    # A second click on a pressed mark clears it, and that survives too.
    page.click("#F1 button[data-mark=confirmed]")
    page.reload()
    wait_until(page, "document.documentElement.classList.contains('js')")
    assert page.get_attribute("#F1", "data-decision") == ""
    assert page.input_value("#F1 textarea") == "agency says 15"


def test_marks_are_kept_per_set(open_page) -> None:
    first = make_result()
    other = Result(**{**{name: getattr(first, name) for name in first.__dataclass_fields__}, "name": "other-set"})
    page, _ = open_page(render_html(first, version=VERSION, generated=GENERATED))
    page.click("#F1 button[data-mark=confirmed]")
    second, _ = open_page(render_html(other, version=VERSION, generated=GENERATED), context=page.context)
    assert second.get_attribute("#F1", "data-decision") == ""


def export(page, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    with page.expect_download() as download_info:
        page.click("#export-decisions")
    download = download_info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    return target


def test_export_downloads_decisions_that_load_and_come_back(open_page, sample_html: str, tmp_path: Path) -> None:
    result = make_result()
    page, watch = open_page(sample_html)
    page.click("#F1 button[data-mark=confirmed]")
    page.fill("#F1 textarea", "agency says 15")
    page.click("#F2 button[data-mark=follow-up]")
    page.click("#unique summary")  # single-source claims start collapsed
    page.click("#F4 button[data-mark=dismissed]")
    path = export(page, tmp_path)
    assert path.name == "ukraine-talks.decisions.json"
    assert "Exported 3 decisions" in page.text_content("#storage-status")
    document = json.loads(path.read_text(encoding="utf-8"))
    fingerprints = {finding.id: finding.fingerprint for finding in result.findings}
    assert document == {
        "format_version": 1,
        "set": "ukraine-talks",
        "decisions": [
            {
                "fingerprint": fingerprints["F1"],
                "finding": "F1",
                "status": "confirmed",
                "note": "agency says 15",
                "summary": "Death toll: 12 vs at least 15",
            },
            {
                "fingerprint": fingerprints["F2"],
                "finding": "F2",
                "status": "follow-up",
                "note": "",
                "summary": "Envoy's name: John vs Jon",
            },
            {
                "fingerprint": fingerprints["F4"],
                "finding": "F4",
                "status": "dismissed",
                "note": "",
                "summary": "Only c: the mayor resigned",
            },
        ],
    }
    decisions = load_decisions(path)
    assert [decision.status for decision in decisions.decisions] == ["confirmed", "follow-up", "dismissed"]
    # The next run renders them in: a fresh browser (no stored marks) shows the file's decisions.
    again, _ = open_page(render_html(result, version=VERSION, generated=GENERATED, decisions=decisions))
    assert again.get_attribute("#F1", "data-decision") == "confirmed"
    assert again.input_value("#F1 textarea") == "agency says 15"
    assert again.get_attribute("#F4", "data-decision") == "dismissed"
    assert again.get_attribute("#F3", "class").split().count("is-new") == 1
    assert watch.errors == []


def test_decisions_file_dismissed_stay_dismissed_and_unmatched_are_kept(open_page, tmp_path: Path) -> None:
    result = make_result()
    by_id = {finding.id: finding for finding in result.findings}
    decisions = Decisions(
        result.name,
        (
            Decision(by_id["F2"].fingerprint, "dismissed", "same man, two spellings", "F5"),
            Decision("0123456789abcdef", "follow-up", "a finding gone since", "F8", "old summary"),
        ),
    )
    page, _ = open_page(render_html(result, version=VERSION, generated=GENERATED, decisions=decisions))
    assert page.get_attribute("#F2", "data-decision") == "dismissed"
    assert not page.is_visible("#F2 .evidence")
    assert page.is_visible("#F2 .toggle-evidence")
    page.click("#F2 .toggle-evidence")
    assert page.is_visible("#F2 .evidence")
    assert page.is_visible("#F1 .badge.new")
    select(page, "review", "new")
    assert visible_cards(page) == ["F1", "F3", "F4"]
    select(page, "review", "active")
    assert "F2" not in visible_cards(page)
    exported = json.loads(export(page, tmp_path).read_text(encoding="utf-8"))
    assert [(d["fingerprint"], d["status"], d["note"]) for d in exported["decisions"]] == [
        (by_id["F2"].fingerprint, "dismissed", "same man, two spellings"),
        ("0123456789abcdef", "follow-up", "a finding gone since"),
    ]
    assert exported["decisions"][0]["finding"] == "F2"  # this run's id
    assert to_dict(load_decisions(tmp_path / "ukraine-talks.decisions.json"))["set"] == "ukraine-talks"


# --- grid and article view -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled_fake() -> Result:
    """The bundled set, aligned with the fake embedder (fast; the real model is not needed here)."""
    return check(read_set(BUNDLED_SET), Settings(), FakeEmbedder())


def expected_grid(document: dict) -> dict[str, dict[str, str]]:  # type: ignore[type-arg]
    """Group id -> source id -> agrees/differs/silent, from findings.json alone."""
    members = {group["id"]: {member["source"] for member in group["members"]} for group in document["groups"]}
    grid: dict[str, dict[str, str]] = {}
    for finding in document["findings"]:
        row = grid.setdefault(finding["group"], {source["id"]: "silent" for source in document["sources"]})
        for source in members.get(finding["group"], set()) | {e["source"] for e in finding["evidence"]}:
            if row[source] == "silent":
                row[source] = "agrees"
        if finding["kind"] == "discrepancy":
            for evidence in finding["evidence"]:
                row[evidence["source"]] = "differs"
    return grid


@pytest.mark.parametrize("which", ["sample", "bundled"])
def test_the_grid_matches_findings_json(open_page, bundled_fake: Result, which: str) -> None:
    result = make_result() if which == "sample" else bundled_fake
    document = json.loads(render_json(result, version=VERSION, generated=GENERATED))
    page, _ = open_page(render_html(result, version=VERSION, generated=GENERATED))
    shown = page.eval_on_selector_all(
        "#grid tbody tr",
        "rows => rows.map(r => [r.dataset.group, r.dataset.finding,"
        " Object.fromEntries([...r.querySelectorAll('td')].map(c => [c.dataset.source, c.dataset.status]))])",
    )
    assert {group: cells for group, _, cells in shown} == expected_grid(document)
    first_finding = {}
    for finding in document["findings"]:
        first_finding.setdefault(finding["group"], finding["id"])
    assert [finding for _, finding, _ in shown] == [first_finding[group] for group, _, _ in shown]


def test_clicking_a_grid_row_opens_its_finding(open_page, sample_html: str) -> None:
    page, _ = open_page(sample_html, hash="#kind=discrepancy")
    page.click("#grid tr[data-group=G4] td[data-source=c]")  # a cell, not the link
    assert page.evaluate("document.activeElement.id") == "F2"
    assert page.evaluate("document.getElementById('F2').getBoundingClientRect().top") < DESKTOP["height"]
    page.click("#clear-filters")
    page.click("#grid tr[data-group=G3] th")  # its card sits in a collapsed section
    assert page.evaluate("document.activeElement.id") == "F4"
    assert page.is_visible("#F4")
    assert page_hash(page) == "#f=F4"


def test_see_in_context_jumps_to_the_sentence_and_highlights_it(open_page, sample_html: str) -> None:
    page, _ = open_page(sample_html)
    page.click("#F1 .side[data-source=b] .context a")
    wait_until(page, "window.location.hash === '#src-2-s0'")
    target = "document.getElementById('src-2-s0')"
    assert page.evaluate(f"{target}.matches(':target')")
    assert page.evaluate(f"document.activeElement === {target}")
    assert page.evaluate(f"getComputedStyle({target}).outlineStyle") == "solid"
    box = page.evaluate(f"{target}.getBoundingClientRect().toJSON()")
    assert 0 <= box["top"] < DESKTOP["height"]
    assert page.text_content("#src-2-s0") == "At least 15 people died on Monday, officials said."
    # Back returns to the card the jump started from.
    page.go_back()
    wait_until(page, "window.location.hash === '#f=F1'")
    assert page.evaluate("document.activeElement.id") == "F1"


# --- hostile article text ------------------------------------------------------------------------

PWN = "window.__pwned=1"
PAYLOADS = (
    f"<script>{PWN}</script>",
    f'<img src=x onerror="{PWN}">',
    f"</script><script>{PWN}</script>",
    f'"><svg onload={PWN}>',
    f"javascript:{PWN}",
    '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    'alert(1)<a href="javascript:alert(2)">x</a>',
)
HOSTILE = " ".join(PAYLOADS)


def hostile_result() -> Result:
    text = f'{HOSTILE}\nSubscribe <b onclick="{PWN}">now</b>\nSecond sentence {PAYLOADS[1]}.'
    source = Source(f'x"><img src=x onerror={PWN}>', "x.txt", title=HOSTILE, outlet=PAYLOADS[3], url=PAYLOADS[4])
    other = Source("y", "y.txt", title=PAYLOADS[0], outlet="<b>y</b>")
    art = Article(source, text)
    second = Article(other, HOSTILE)
    first_end = len(HOSTILE)
    s0 = Sentence(source.id, 0, 0, first_end, HOSTILE)
    start = text.index("Second")
    s1 = Sentence(source.id, 1, start, len(text), text[start:])
    y0 = Sentence(other.id, 0, 0, len(HOSTILE), HOSTILE)
    mark = HOSTILE.index("<img")
    findings = (
        Finding(
            "F1",
            "G1",
            "discrepancy",
            "quote",
            "high",
            HOSTILE,
            (
                Evidence(source.id, HOSTILE, 0, first_end, PAYLOADS[2], ((mark, mark + 30),)),
                Evidence(other.id, HOSTILE, 0, len(HOSTILE), PAYLOADS[0], ((0, 20),)),
            ),
        ),
        Finding("F2", "G2", "unique", "claim", "low", PAYLOADS[1], (Evidence(source.id, s1.text, s1.start, s1.end),)),
    )
    line_start = first_end + 1
    line = text[line_start : text.index("\n", line_start)]
    return Result(
        name=f"</title><script>{PWN}</script>",
        sources=(source, other),
        articles=(art, second),
        sentences=(s0, s1, y0),
        groups=(Group("G1", (s0, y0)), Group("G2", (s1,))),
        findings=findings,
        dropped=(DroppedLine(source.id, line, line_start, line_start + len(line), PAYLOADS[1]),),
        skipped=((PAYLOADS[0], PAYLOADS[1]),),
        settings={PAYLOADS[0]: PAYLOADS[2]},
    )


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "without-csp"])
def test_script_and_handler_payloads_render_as_text_and_run_nothing(
    open_page, tmp_path: Path, bypass_csp: bool
) -> None:
    # Without the CSP too: the page itself must never turn data into markup, the policy is a second wall.
    result = hostile_result()
    decisions = Decisions(result.name, (Decision(result.findings[0].fingerprint, "follow-up", HOSTILE),))
    html = render_html(result, version=VERSION, generated=GENERATED, decisions=decisions)
    page, watch = open_page(html, hash="#q=" + "%3Cimg%20src%3Dx%20onerror%3D" + PWN, bypass_csp=bypass_csp)
    page.fill("#filter-q", "")
    page.keyboard.press("Escape")  # leave the search box, so keys are shortcuts again
    page.keyboard.press("j")
    page.keyboard.press("o")
    page.fill("#F1 textarea", PAYLOADS[1] + PAYLOADS[0])
    page.fill("#filter-q", "<script>")
    select(page, "source", result.sources[0].id)
    page.click("#clear-filters")
    page.click("#unique summary")
    page.click("#F2 button[data-mark=confirmed]")
    exported = json.loads(export(page, tmp_path).read_text(encoding="utf-8"))
    page.reload()
    page.mouse.move(10, 10)
    page.click("#grid tbody tr th")
    page.wait_for_timeout(100)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert watch.dialogs == []
    assert watch.requests == []
    # Nothing but our own elements: three scripts, no injected tags or handlers.
    assert page.evaluate("document.scripts.length") == 3
    assert page.evaluate("document.querySelectorAll('img, svg, iframe, b, i, a[href^=javascript]').length") == 0
    assert (
        page.evaluate(
            "[...document.querySelectorAll('*')].some(e => [...e.attributes].some(a => a.name.startsWith('on')))"
        )
        is False
    )
    assert page.text_content("#src-1-s0") == HOSTILE
    assert page.text_content("#F1 blockquote") == HOSTILE
    assert page.input_value("#F1 textarea") == PAYLOADS[1] + PAYLOADS[0]
    assert page.title().startswith("</title><script>")
    assert exported["set"] == result.name
    assert exported["decisions"][0]["note"] == PAYLOADS[1] + PAYLOADS[0]
    if not bypass_csp:
        assert watch.errors == []


# --- size and speed ------------------------------------------------------------------------------


def test_a_20_article_report_loads_and_search_narrows_it(open_page) -> None:
    # How fast it filters is a benchmark figure (docs/benchmarks.md), not a timed test: here, what it shows.
    html = render_html(synthetic_result(), version=VERSION, generated=GENERATED)
    page, watch = open_page(html)
    total = page.evaluate("document.querySelectorAll('article.card').length")
    visible = page.evaluate(
        """() => {
          const box = document.getElementById('filter-q');
          for (const text of ['m', 'mu', 'mun', 'muni', 'munich']) {
            box.value = text; box.dispatchEvent(new Event('input'));
          }
          return [...document.querySelectorAll('article.card')]
            .filter(card => card.offsetParent !== null)
            .map(card => card.textContent.toLowerCase().includes('munich'));
        }"""
    )
    assert 0 < len(visible) < total
    assert all(visible)
    assert page.text_content("#filter-status").startswith("Showing ")
    assert watch.errors == []


# --- screenshots ---------------------------------------------------------------------------------


def screenshot_result() -> tuple[Result, Decisions]:
    result = check(read_set(BUNDLED_SET), Settings(), FakeEmbedder())
    discrepancies = [finding for finding in result.findings if finding.kind == "discrepancy"]
    others = [finding for finding in result.findings if finding.kind != "discrepancy"]
    chosen = [*discrepancies[:1], *others[:1]]
    decisions = Decisions(
        result.name,
        tuple(
            Decision(finding.fingerprint, status, note, finding.id)
            for finding, (status, note) in zip(
                chosen,
                [("confirmed", "Both figures are attributed; say so in the copy."), ("dismissed", "")],
                strict=False,
            )
        ),
    )
    return result, decisions


@pytest.mark.parametrize(("name", "viewport"), [("desktop", DESKTOP), ("narrow", NARROW)])
def test_screenshots(open_page, name: str, viewport: dict[str, int], tmp_path) -> None:
    result, decisions = screenshot_result()
    page, watch = open_page(
        render_html(result, version=VERSION, generated=GENERATED, decisions=decisions), viewport=viewport
    )
    # Nothing wider than the screen but the tables, which scroll inside their own box.
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"page is {overflow}px wider than a {viewport['width']}px screen"
    page.evaluate("document.getElementById('tools').scrollIntoView()")
    page.wait_for_timeout(50)
    # Screenshots land in docs/ only when asked (`make screenshots`), so a test run leaves the tree clean.
    folder = DOCS if os.environ.get("CHECKER_UPDATE_SCREENSHOTS") else tmp_path
    folder.mkdir(exist_ok=True)
    target = folder / f"report-{name}.png"
    page.screenshot(path=str(target))
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (viewport["width"], viewport["height"])
    assert len(data) > 30_000  # a page with text and colour, not a blank frame
    assert watch.errors == []


def test_print_shows_decisions_and_hides_controls(open_page) -> None:
    result, decisions = screenshot_result()
    page, _ = open_page(render_html(result, version=VERSION, generated=GENERATED, decisions=decisions))
    page.emulate_media(media="print")
    assert not page.is_visible("#filters")
    assert not page.is_visible("article.card .review-controls")
    confirmed = page.query_selector("article.card[data-decision=confirmed]")
    assert confirmed is not None and confirmed.query_selector(".decision-note").is_visible()
