"""Shared Jinja2 set-up for the HTML outputs: one environment, inline assets pinned by hash.

Every page is self-contained: its CSS and JS sit beside the templates and are inlined verbatim, and
the page's Content-Security-Policy allows exactly those bytes (by SHA-256), nothing from anywhere else.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

TEMPLATES = Path(__file__).parent / "templates"


@functools.cache
def environment() -> Environment:
    """The Jinja2 environment of every checker page (autoescape on, undefined names are errors)."""
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def digest(text: str) -> str:
    """Base64 SHA-256 of a text, as a CSP hash source wants it."""
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


@functools.cache
def asset(name: str) -> tuple[Markup, str]:
    """An inline asset beside the templates, and its digest for the CSP."""
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    # Our own static file, inserted verbatim: the CSP hash must match it byte for byte.
    return Markup(text), digest(text)
