"""``checker batch``: the typer command; validation, one library call, printing. Registered in cli.py."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Annotated

import typer

from checker import __version__
from checker.cli_options import CacheDir, Debug, NoCache, Threshold, settings_from
from checker.models import SEVERITY_RANK

EXIT_OK, EXIT_DISCREPANCIES, EXIT_USAGE, EXIT_INTERNAL, EXIT_SETS_FAILED = 0, 1, 2, 3, 4


def _summary_line(result) -> str:  # type: ignore[no-untyped-def]
    failed = len(result.failed)
    resumed = f" ({result.resumed} unchanged, skipped)" if result.resumed else ""
    rate = len(result.outcomes) / result.seconds if result.seconds else 0.0
    return (
        f"{len(result.outcomes)} sets: {len(result.outcomes) - failed} checked{resumed}, {failed} failed; "
        f"discrepancies {result.discrepancies('high')} high, {result.discrepancies('medium')} medium, "
        f"{result.discrepancies('low')} low; {result.seconds:.1f} s ({rate:.2f} sets/s, {result.engine}, "
        f"{result.workers} worker{'s' if result.workers != 1 else ''})"
    )


def _reaches(result, fail_on: str) -> bool:  # type: ignore[no-untyped-def]
    if fail_on == "none":
        return False
    levels = [level for level in ("high", "medium", "low") if SEVERITY_RANK[level] <= SEVERITY_RANK[fail_on]]
    return any(result.discrepancies(level) for level in levels)


def batch(
    input: Annotated[
        Path, typer.Argument(help="Folder of set folders, or a manifest (.csv, .jsonl, .parquet): one row per article.")
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder: <set>/report.html, index.html, tables.")],
    workers: Annotated[
        int | None, typer.Option(help="Worker processes (local) or actors (ray). Default: 1 local, all CPUs on ray.")
    ] = None,
    engine: Annotated[
        str, typer.Option(help="local, or ray (needs checker[ray]; RAY_ADDRESS for a cluster).")
    ] = "local",
    resume: Annotated[
        bool, typer.Option("--resume", help="Skip sets whose inputs and settings are unchanged.")
    ] = False,
    allow_outside_paths: Annotated[
        bool, typer.Option("--allow-outside-paths", help="Let manifest paths point outside the manifest's folder.")
    ] = False,
    fail_on: Annotated[
        str, typer.Option(help="Exit 1 if any set has a discrepancy this severe: high, medium, low or none.")
    ] = "none",
    threshold: Threshold = None,
    cache_dir: CacheDir = None,
    no_cache: NoCache = False,
    chunk_size: Annotated[
        int,
        typer.Option(
            help="Most sets per chunk (one encode call per chunk; with several workers the last chunks are smaller)."
        ),
    ] = 32,
    progress: Annotated[
        bool | None, typer.Option("--progress/--no-progress", help="Progress bar on stderr. Default: on a terminal.")
    ] = None,
    debug: Debug = False,
) -> None:
    """Check many article sets: a report per set, then index.html, summary/findings CSV and Parquet.

    Exit codes: 0 every set checked; 1 discrepancies at or above --fail-on; 4 some sets failed (listed in
    index.html and summary.csv; takes precedence over 1); 2 bad usage, bad input or output error;
    3 internal error (rerun with --debug).
    """
    # cli.py imports this module to register the command: its helpers are imported here, not at the top.
    from checker.batch import ENGINES, run_batch
    from checker.cli import FAIL_LEVELS, _fail, _generated, user_errors

    if engine not in ENGINES:
        _fail(f"--engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if fail_on not in FAIL_LEVELS:
        _fail(f"--fail-on must be one of {', '.join(FAIL_LEVELS)}, not {fail_on!r}")
    if workers is not None and workers < 1:
        _fail(f"--workers must be at least 1, not {workers}")
    if chunk_size < 1:
        _fail(f"--chunk-size must be at least 1, not {chunk_size}")
    settings = settings_from(cache_dir, no_cache, threshold, debug)
    from tqdm import tqdm

    bar = tqdm(
        unit="set",
        file=sys.stderr,
        disable=not sys.stderr.isatty() if progress is None else not progress,
        dynamic_ncols=True,
        smoothing=0.1,
    )

    def advance(done: int, total: int, outcome) -> None:  # type: ignore[no-untyped-def]
        if bar.total != total:
            bar.reset(total=total)
        bar.update(done - bar.n)

    with contextlib.closing(bar), user_errors(debug, f"running the batch over {input}"):
        result = run_batch(
            input,
            out,
            settings,
            version=__version__,
            generated=_generated(),
            engine=engine,
            workers=workers if workers is not None else (None if engine == "ray" else 1),
            resume=resume,
            allow_outside=allow_outside_paths,
            chunk_size=chunk_size,
            progress=advance,
        )
    typer.echo(_summary_line(result))
    for outcome in result.failed[:10]:
        typer.echo(f"failed: {outcome.set_id}: {outcome.error}", err=True)
    if len(result.failed) > 10:
        typer.echo(f"... and {len(result.failed) - 10} more failed sets (see summary.csv)", err=True)
    typer.echo(f"wrote {result.paths['index']}")
    if result.failed:
        raise typer.Exit(EXIT_SETS_FAILED)
    if _reaches(result, fail_on):
        raise typer.Exit(EXIT_DISCREPANCIES)
