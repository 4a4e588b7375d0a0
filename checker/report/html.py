"""The HTML report: one self-contained page an editor reviews.

The page is rendered from the view-model (``checker.report.view``) by a Jinja2 template with
autoescape on. CSS and JS are inlined and allowed by hash in the Content-Security-Policy, so
the page makes no network request and runs no script but its own.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from checker.decisions import Decisions
from checker.models import Result
from checker.report.view import build_view

TEMPLATES = Path(__file__).parent / "templates"


@functools.cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@functools.cache
def _asset(name: str) -> tuple[Markup, str]:
    """An inline asset beside the template, and its base64 SHA-256 digest for the CSP."""
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    # Our own static file, inserted verbatim: the CSP hash must match it byte for byte.
    return Markup(text), digest


def render_html(result: Result, *, version: str, generated: str, decisions: Decisions | None = None) -> str:
    """Render ``result`` as one self-contained HTML page.

    ``version`` and ``generated`` (a timestamp string) are shown as given, so the same
    input always gives the same bytes. ``decisions`` (``checker.decisions.load_decisions``) are
    earlier review decisions, matched to the findings by fingerprint and shown on the cards.
    """
    style, style_digest = _asset("report.css")
    script, script_digest = _asset("report.js")
    template = _environment().get_template("report.html.j2")
    return template.render(
        view=build_view(result, version=version, generated=generated, decisions=decisions),
        style=style,
        style_digest=style_digest,
        script=script,
        script_digest=script_digest,
    )
