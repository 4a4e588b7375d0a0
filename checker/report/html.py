"""The HTML report: one self-contained page an editor reviews.

The page is rendered from the view-model (``checker.report.view``) by a Jinja2 template with
autoescape on. CSS and JS are inlined and allowed by hash in the Content-Security-Policy, so
the page makes no network request and runs no script but its own.
"""

from __future__ import annotations

from checker.decisions import Decisions
from checker.models import Result
from checker.report.templating import asset, environment
from checker.report.view import build_view


def render_html(result: Result, *, version: str, generated: str, decisions: Decisions | None = None) -> str:
    """Render ``result`` as one self-contained HTML page.

    ``version`` and ``generated`` (a timestamp string) are shown as given, so the same
    input always gives the same bytes. ``decisions`` (``checker.decisions.load_decisions``) are
    earlier review decisions, matched to the findings by fingerprint and shown on the cards.
    """
    style, style_digest = asset("report.css")
    script, script_digest = asset("report.js")
    template = environment().get_template("report.html.j2")
    return template.render(
        view=build_view(result, version=version, generated=generated, decisions=decisions),
        style=style,
        style_digest=style_digest,
        script=script,
        script_digest=script_digest,
    )
