"""Command line: parse options, call one library function, print. No logic lives here."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from checker import __version__
from checker.cli_options import CacheDir, Debug, NoCache, Threshold, settings_from
from checker.errors import CheckerError
from checker.models import SEVERITY_RANK, Result

app = typer.Typer(
    help=(
        "Cross-source fact-consistency checker for news. Reads a folder of articles about one event, aligns "
        "sentences that report the same fact across outlets, and reports agreements, discrepancies (figures, "
        "dates, titles, lists, quotes, attribution, places, negation) and claims only one outlet makes, as "
        "report.html and findings.json. `check` gates a draft against its sources; `batch` runs many sets."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

FAIL_LEVELS = ("high", "medium", "low", "none")


def _generated() -> str:
    # SOURCE_DATE_EPOCH makes reports byte-for-byte reproducible.
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _summary_line(result: Result) -> str:
    kinds = Counter(finding.kind for finding in result.findings)
    severities = Counter(finding.severity for finding in result.findings if finding.kind == "discrepancy")
    by_severity = ", ".join(f"{severities[level]} {level}" for level in ("high", "medium", "low") if severities[level])
    return (
        f"{result.name}: {len(result.sources)} sources, {len(result.sentences)} sentences, {len(result.groups)} facts; "
        f"{kinds['discrepancy']} discrepancies"
        + (f" ({by_severity})" if by_severity else "")
        + f", {kinds['agreement']} agreements, {kinds['unique']} single-source claims"
    )


def _fails(result: Result, fail_on: str) -> bool:
    if fail_on == "none":
        return False
    return any(
        finding.kind == "discrepancy" and SEVERITY_RANK[finding.severity] <= SEVERITY_RANK[fail_on]
        for finding in result.findings
    )


def _version(value: bool) -> None:
    if value:
        typer.echo(f"checker {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Cross-source fact-consistency checker for news."""


@app.command()
def run(
    path: Annotated[Path, typer.Argument(help="Folder of articles (.txt, .md, .html, .docx) about one event.")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output folder. Default: reports/<set name>.")] = None,
    threshold: Threshold = None,
    cache_dir: CacheDir = None,
    no_cache: NoCache = False,
    fail_on: Annotated[
        str,
        typer.Option(help="Exit 1 if a discrepancy of this severity or worse is found: high, medium, low or none."),
    ] = "none",
    decisions: Annotated[
        Path | None,
        typer.Option(
            "--decisions",
            help="Earlier review decisions (exported from report.html) to apply: dismissed findings stay "
            "dismissed, findings the file does not know are marked new.",
        ),
    ] = None,
    debug: Debug = False,
) -> None:
    """Check one article set and write report.html and findings.json.

    Exit codes: 0 done; 1 discrepancies at or above --fail-on; 2 bad input, usage or output error;
    3 internal error (a bug: rerun with --debug for the traceback).
    """
    if fail_on not in FAIL_LEVELS:
        _fail(f"--fail-on must be one of {', '.join(FAIL_LEVELS)}, not {fail_on!r}")
    settings = settings_from(cache_dir, no_cache, threshold, debug)
    from checker.decisions import load_decisions
    from checker.pipeline import run as run_pipeline
    from checker.report.files import write_reports

    with user_errors(debug, f"checking {path}"):
        # A bad decisions file fails before the (slow) run, and is never modified.
        earlier = load_decisions(decisions) if decisions is not None else None
        result = run_pipeline(path, settings)
        target = out if out is not None else Path("reports") / result.name
        paths = write_reports(result, target, version=__version__, generated=_generated(), decisions=earlier)
    for warning in result.warnings:
        typer.echo(f"checker: warning: {warning}", err=True)
    typer.echo(_summary_line(result))
    typer.echo(f"wrote {paths['html']} and {paths['json']}")
    if _fails(result, fail_on):
        raise typer.Exit(1)


@app.command("check")
def check_command(
    draft: Annotated[Path, typer.Argument(help="The draft: .txt, .md, .html or .docx.")],
    against: Annotated[
        Path, typer.Option("--against", "-a", help="Folder of the source articles the draft was written from.")
    ],
    fail_on: Annotated[
        str, typer.Option(help="Exit 1 if a finding of this severity or worse is found: high, medium, low or none.")
    ] = "high",
    output_format: Annotated[
        str | None, typer.Option("--format", "-f", help="text (the default), json or html.")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write the output here (a folder for html) instead of stdout.")
    ] = None,
    cache_dir: CacheDir = None,
    no_cache: NoCache = False,
    debug: Debug = False,
) -> None:
    """Check a draft against its sources before publishing.

    Reports draft sentences whose facts are contradicted by the sources, that take one side of a
    discrepancy the sources already have (disputed), or that hold a checkable fact (a figure, a
    quote, a date, a name with a title) no source reports (unsupported); each with draft.md:LINE:COL.

    Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 bad input or usage;
    3 internal error.
    """
    if fail_on not in FAIL_LEVELS:
        _fail(f"--fail-on must be one of {', '.join(FAIL_LEVELS)}, not {fail_on!r}")
    output_format = output_format or "text"
    if output_format not in ("text", "json", "html"):
        _fail(f"--format must be text, json or html, not {output_format!r}")
    if output_format == "html" and out is None:
        _fail("--format html needs --out DIR")
    settings = settings_from(cache_dir, no_cache, None, debug)
    from checker.draft import check_paths
    from checker.embed import default_embedder
    from checker.report import draft as draft_report
    from checker.report.files import write_all

    with user_errors(debug, f"checking {draft}"):
        result = check_paths(draft, against, settings, default_embedder(settings.cache_dir))
        generated = _generated()
        if output_format == "text":
            rendered = draft_report.render_text(result)
        elif output_format == "json":
            rendered = draft_report.render_json(result, version=__version__, generated=generated)
        else:
            rendered = draft_report.render_html(result, version=__version__, generated=generated)
        if out is None:
            typer.echo(rendered, nl=False)
        else:
            target = out / "draft-check.html" if output_format == "html" else out
            write_all({target: rendered})
            typer.echo(f"wrote {target}", err=True)
    if fail_on != "none" and any(SEVERITY_RANK[item.severity] <= SEVERITY_RANK[fail_on] for item in result.findings):
        raise typer.Exit(1)


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"checker: error: {message}", err=True)
    raise typer.Exit(code)


@contextlib.contextmanager
def user_errors(debug: bool, doing: str) -> Iterator[None]:
    """Turn errors into one line and an exit code: a CheckerError its own (2), anything else 3 (a bug).

    ``doing`` names the work in the internal-error line ("checking set/"). With ``debug``, tracebacks.
    """
    try:
        yield
    except CheckerError as error:
        if debug:
            raise
        _fail(str(error), code=error.exit_code)
    except Exception as error:  # noqa: BLE001 - a bug must still end in one line, not a traceback
        if debug:
            raise
        _fail(f"internal error while {doing}: {type(error).__name__}: {error} (rerun with --debug)", code=3)


from checker.cli_batch import batch  # noqa: E402 - registered here; cli_batch imports cli's helpers lazily

app.command("batch")(batch)


def main() -> None:
    """Entry point of the ``checker`` command."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("checker: interrupted", err=True)
        sys.exit(130)
