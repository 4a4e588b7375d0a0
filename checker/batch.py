"""Many article sets -> one report folder per set, plus an index, CSV and Parquet tables across them.

The work is split into *chunks* of sets. A worker holds one embedder (the model is loaded once per
worker) and, for each chunk, reads, cleans and segments every set, encodes all of the chunk's
sentences in one call (the cache encodes only those it has not seen), then aligns, compares and
renders each set. Local workers write each set's reports themselves (each file atomically), so the
rendered pages never travel between processes; Ray actors, which may run on other machines, return
them for the calling process to write. Either way only the calling process writes a set's
``.done.json`` marker, after its reports, and the batch tables. Re-running with ``resume`` skips the sets whose
marker records the same content hash (article bytes, metadata, settings, model, checker version).

Engines: ``local`` runs chunks in this process (one worker) or in a pool of spawned processes;
``ray`` runs them on model-holding Ray actors, on a local Ray instance or the cluster at ``RAY_ADDRESS``.
Both call :func:`process_chunk`, so their findings are the same.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import math
import os
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from checker.align import Alignment
from checker.config import Settings
from checker.embed import Embedder, default_embedder
from checker.errors import CheckerError, InputError, OutputError
from checker.facts.base import Context
from checker.manifest import SetSpec, input_digest, load_set, read_input
from checker.pipeline import Prepared, align_prepared, finish, prefetch_parses, prepare
from checker.report.files import write_atomic

#: Version of the batch tables (summary/findings CSV and Parquet) and of ``.done.json``.
FORMAT_VERSION = 1
DONE_MARKER = ".done.json"
ENGINES = ("local", "ray")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

EmbedderFactory = Callable[[], Embedder]
Progress = Callable[[int, int, "SetOutcome | None"], None]


@dataclass(frozen=True, slots=True)
class SetOutcome:
    """What the batch knows about one set.

    set_id: the set's name as given; folder: its output folder under the batch's out dir.
    digest: content hash of its inputs and the run's settings (what ``resume`` compares).
    ok: whether it was checked; error: why not (``stage: message``), else None.
    summary: the set's row of summary.csv (counts, outlets, top finding), without status columns.
    findings: the set's rows of findings.csv, one per finding.
    files: rendered reports (file name -> text) until written; empty once written (by a worker or the batch).
    resumed: skipped because an earlier run had already checked the same inputs and settings.
    seconds: time spent on the set (its share of its chunk's encoding included).
    """

    set_id: str
    folder: str
    digest: str
    ok: bool
    error: str | None = None
    summary: dict[str, Any] = field(default_factory=dict)
    findings: tuple[dict[str, Any], ...] = ()
    files: dict[str, str] = field(default_factory=dict)
    resumed: bool = False
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class BatchResult:
    """A finished batch.

    outcomes: one per set, in input order.
    paths: the batch-level files written (index, summary_csv, findings_csv, summary_parquet, findings_parquet).
    seconds: wall time of the whole batch.
    engine, workers: how it ran.
    """

    outcomes: tuple[SetOutcome, ...]
    paths: dict[str, Path]
    seconds: float
    engine: str
    workers: int

    @property
    def failed(self) -> tuple[SetOutcome, ...]:
        """The sets that could not be checked."""
        return tuple(outcome for outcome in self.outcomes if not outcome.ok)

    @property
    def resumed(self) -> int:
        """How many sets were skipped as already done."""
        return sum(outcome.resumed for outcome in self.outcomes)

    def discrepancies(self, severity: str) -> int:
        """Discrepancies of one severity over all sets."""
        return sum(int(outcome.summary.get(severity, 0)) for outcome in self.outcomes if outcome.ok)


# --- one chunk of sets (runs in a worker) -----------------------------------------------------------


@dataclass(slots=True)
class _Prepared:
    spec: SetSpec
    digest: str
    prepared: Prepared
    seconds: float

    @property
    def sentences(self) -> tuple[Any, ...]:
        """The sentences to encode."""
        return self.prepared.compared


def _failure(spec: SetSpec, digest: str, stage: str, error: BaseException, seconds: float = 0.0) -> SetOutcome:
    message = str(error) if isinstance(error, CheckerError) else f"{type(error).__name__}: {error}"
    return SetOutcome(spec.set_id, spec.folder, digest, ok=False, error=f"{stage}: {message}", seconds=seconds)


def _prepare(spec: SetSpec, digest: str, settings: Settings) -> _Prepared | SetOutcome:
    started = time.perf_counter()
    stage = "reading"
    try:
        article_set = load_set(spec)
        stage = "segmenting"
        prepared = prepare(article_set, cache_dir=settings.cache_dir)
    except Exception as error:  # noqa: BLE001 - one bad set is recorded and the batch goes on
        return _failure(spec, digest, stage, error, time.perf_counter() - started)
    return _Prepared(spec, digest, prepared, time.perf_counter() - started)


def _encode_chunk(
    prepared: list[_Prepared], embedder: Embedder
) -> tuple[list[np.ndarray | None], list[BaseException | None]]:
    """All sentences of the chunk in one encode call; set by set only if that call fails."""
    texts = [sentence.normalized for item in prepared for sentence in item.sentences]
    try:
        vectors = embedder.encode(texts)
    except Exception:  # noqa: BLE001 - find the set that breaks the encoder, spare the others
        results: list[np.ndarray | None] = []
        errors: list[BaseException | None] = []
        for item in prepared:
            try:
                results.append(embedder.encode([sentence.normalized for sentence in item.sentences]))
                errors.append(None)
            except Exception as error:  # noqa: BLE001
                results.append(None)
                errors.append(error)
        return results, errors
    slices, start = [], 0
    for item in prepared:
        slices.append(vectors[start : start + len(item.sentences)])
        start += len(item.sentences)
    return slices, [None] * len(prepared)


def process_chunk(
    items: Sequence[tuple[SetSpec, str]],
    settings: Settings,
    embedder: Embedder,
    *,
    version: str,
    generated: str,
    out: Path | None = None,
) -> list[SetOutcome]:
    """Check a chunk of (set, digest) pairs with one encode call; return each set's outcome with its files.

    With ``out``, each checked set's reports are written there at once (its ``.done.json`` marker removed
    first) and its outcome comes back without them; the caller still writes the marker.
    Never raises for a bad set: its outcome carries the error and the stage it failed in.
    Raises OutputError when a report cannot be written.
    """
    from checker.report.files import render_reports
    from checker.report.json import to_dict

    outcomes: dict[int, SetOutcome] = {}
    prepared: list[tuple[int, _Prepared]] = []
    for position, (spec, digest) in enumerate(items):
        item = _prepare(spec, digest, settings)
        if isinstance(item, SetOutcome):
            outcomes[position] = item
        else:
            prepared.append((position, item))
    started = time.perf_counter()
    vectors, errors = _encode_chunk([item for _, item in prepared], embedder)
    total_sentences = max(1, sum(len(item.sentences) for _, item in prepared))
    encode_seconds = time.perf_counter() - started
    # Align every set, then parse what all of them will compare in one batch, then compare set by set.
    aligned: list[tuple[int, _Prepared, np.ndarray, Alignment]] = []
    for (position, item), set_vectors, error in zip(prepared, vectors, errors, strict=True):
        if error is not None or set_vectors is None:
            outcomes[position] = _failure(item.spec, item.digest, "embedding", error or RuntimeError("no vectors"))
            continue
        try:
            aligned.append((position, item, set_vectors, align_prepared(item.prepared, set_vectors, settings)))
        except Exception as failure:  # noqa: BLE001 - a crash in a stage fails this set only
            outcomes[position] = _failure(item.spec, item.digest, "aligning", failure)
    started = time.perf_counter()
    contexts: list[Context | None] = [None] * len(aligned)
    with contextlib.suppress(Exception):  # a set whose sentences cannot be parsed in the batch fails alone below
        contexts = list(
            prefetch_parses(
                [(item.prepared, alignment, set_vectors) for _, item, set_vectors, alignment in aligned], settings
            )
        )
    shared_seconds = encode_seconds + time.perf_counter() - started
    for (position, item, set_vectors, alignment), context in zip(aligned, contexts, strict=True):
        share = shared_seconds * len(item.sentences) / total_sentences
        stage, set_started = "comparing", time.perf_counter()
        try:
            result = finish(item.prepared, set_vectors, settings, embedder.name, alignment, context)
            stage = "rendering"
            files = render_reports(result, version=version, generated=generated)
            document = to_dict(result, version=version, generated=generated)
        except Exception as failure:  # noqa: BLE001 - a crash in a stage fails this set only
            outcomes[position] = _failure(item.spec, item.digest, stage, failure)
            continue
        seconds = item.seconds + share + time.perf_counter() - set_started
        if out is not None:
            _write_reports(out / item.spec.folder, files)
            files = {}
        outcomes[position] = SetOutcome(
            item.spec.set_id,
            item.spec.folder,
            item.digest,
            ok=True,
            summary=summary_row(document, item.spec.folder, sentences=len(result.sentences)),
            findings=finding_rows(document, item.spec.set_id),
            files=files,
            seconds=round(seconds, 3),
        )
    return [outcomes[position] for position in range(len(items))]


# --- rows of the batch tables -----------------------------------------------------------------------


def _outlets(document: dict[str, Any]) -> dict[str, str]:
    return {source["id"]: source.get("outlet") or source["id"] for source in document["sources"]}


def summary_row(document: dict[str, Any], folder: str, *, sentences: int) -> dict[str, Any]:
    """A set's counts and top finding, from its findings.json document."""
    findings = document["findings"]
    discrepancies = [finding for finding in findings if finding["kind"] == "discrepancy"]
    top = discrepancies[0] if discrepancies else (findings[0] if findings else None)
    return {
        "sources": len(document["sources"]),
        "outlets": "; ".join(dict.fromkeys(_outlets(document).values())),
        "outlet_list": list(dict.fromkeys(_outlets(document).values())),
        "sentences": sentences,
        "groups": len(document["groups"]),
        "findings": len(findings),
        "discrepancies": len(discrepancies),
        "high": sum(finding["severity"] == "high" for finding in discrepancies),
        "medium": sum(finding["severity"] == "medium" for finding in discrepancies),
        "low": sum(finding["severity"] == "low" for finding in discrepancies),
        "agreements": sum(finding["kind"] == "agreement" for finding in findings),
        "unique": sum(finding["kind"] == "unique" for finding in findings),
        "top_kind": top["kind"] if top else "",
        "top_severity": top["severity"] if top else "",
        "top_finding": top["summary"] if top else "",
        "top_id": top["id"] if top else "",
        "report": f"{folder}/report.html",
    }


def finding_rows(document: dict[str, Any], set_id: str) -> tuple[dict[str, Any], ...]:
    """Every finding of a findings.json document, flattened to one row each."""
    outlets = _outlets(document)
    rows = []
    for finding in document["findings"]:
        evidence = finding["evidence"]
        outlet_list = list(dict.fromkeys(outlets.get(item["source"], item["source"]) for item in evidence))
        rows.append(
            {
                "set_id": set_id,
                "finding": finding["id"],
                "fingerprint": finding.get("fingerprint", ""),
                "kind": finding["kind"],
                "type": finding["type"],
                "severity": finding["severity"],
                "group": finding["group"],
                "summary": finding["summary"],
                "sources": "; ".join(item["source"] for item in evidence),
                "outlets": "; ".join(outlet_list),
                "outlet_list": outlet_list,
                "values": " | ".join(item["value"] or "" for item in evidence),
                "evidence": json.dumps(evidence, ensure_ascii=False),
            }
        )
    return tuple(rows)


# --- engines ------------------------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(factory: EmbedderFactory, threads: int) -> None:
    # Spawned pool workers share the machine's cores: each gets its slice. torch reads this when it is
    # first imported (by the model's first encode), which is why it is not imported here.
    for variable in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = str(threads)
    _WORKER["embedder"] = factory()


def _warm_up(cache_dir: Path | None) -> None:
    """What a worker needs for its first chunk besides the model, loaded while the batch reads its input.

    spaCy, the comparators, the report template and the gazetteers take about 2-3 s a worker; the model
    is not loaded here, since a re-run over cached embeddings never needs it.
    """
    with contextlib.suppress(Exception):  # whatever fails here fails the first chunk, with its message
        from checker import compare, facts  # noqa: F401 - compare: every comparator module
        from checker.report import files  # noqa: F401
        from checker.report.templating import environment

        facts.preload(cache_dir)
        environment().get_template("report.html.j2")


def _start_pool(factory: EmbedderFactory, workers: int, *, warm_up: bool = False, cache_dir: Path | None = None) -> Any:
    """A process pool of ``workers`` spawned workers (fork after torch has threads can deadlock).

    ``warm_up`` starts the workers at once, each loading what its first chunk needs (:func:`_warm_up`,
    with the gazetteers kept under ``cache_dir``); otherwise they start with the first chunks.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    threads = max(1, (os.cpu_count() or 1) // workers)
    executor = ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("spawn"), initializer=_init_worker, initargs=(factory, threads)
    )
    if warm_up:
        for _ in range(min(workers, os.cpu_count() or 1)):
            executor.submit(_warm_up, cache_dir)
    return executor


def _pool_chunk(
    items: Sequence[tuple[SetSpec, str]], settings: Settings, version: str, generated: str, out: Path
) -> list[SetOutcome]:
    return process_chunk(items, settings, _WORKER["embedder"], version=version, generated=generated, out=out)


def _chunk_failure(items: Sequence[tuple[SetSpec, str]], message: str) -> list[SetOutcome]:
    return [SetOutcome(spec.set_id, spec.folder, digest, ok=False, error=message) for spec, digest in items]


class _Shutdowns:
    """Process pools shutting down in the background while the batch writes its tables.

    A worker that has loaded spaCy and the model takes about a second to exit; waiting for that before
    writing the tables would add it to every batch. :meth:`wait` joins them all (run_batch does, so no
    worker outlives it).
    """

    def __init__(self) -> None:
        self._threads: list[threading.Thread] = []
        self._started: set[int] = set()

    def start(self, executor: Any) -> None:
        """Shut ``executor`` down (pending chunks cancelled) without waiting here; once per executor."""
        if id(executor) in self._started:
            return
        self._started.add(id(executor))
        thread = threading.Thread(
            target=executor.shutdown, kwargs={"wait": True, "cancel_futures": True}, name="checker-pool-shutdown"
        )
        thread.start()
        self._threads.append(thread)

    def wait(self) -> None:
        """Wait until every pool being shut down has exited."""
        for thread in self._threads:
            thread.join()
        self._threads.clear()


def _run_local(
    chunks: list[list[tuple[SetSpec, str]]],
    factory: EmbedderFactory,
    settings: Settings,
    workers: int,
    version: str,
    generated: str,
    out: Path,
    shutdowns: _Shutdowns,
    pool: Any = None,
) -> Iterator[list[SetOutcome]]:
    """Each chunk's outcomes, as chunks finish: in this process for one worker, else in a process pool
    (``pool``: one started already, which this then owns; a pool that breaks is replaced)."""
    if workers <= 1:
        embedder = factory()
        try:
            for chunk in chunks:
                yield process_chunk(chunk, settings, embedder, version=version, generated=generated, out=out)
        finally:
            close = getattr(embedder, "close", None)
            if close:
                close()
        return
    from concurrent.futures import FIRST_COMPLETED, wait
    from concurrent.futures.process import BrokenProcessPool

    pending = list(reversed(chunks))
    while pending:
        executor, pool = pool or _start_pool(factory, workers), None
        running: dict[Any, list[tuple[SetSpec, str]]] = {}
        broken = False
        try:
            while pending or running:
                # A bounded window: results are written as they come, memory stays flat.
                while pending and len(running) < 2 * workers and not broken:
                    chunk = pending.pop()
                    try:
                        running[executor.submit(_pool_chunk, chunk, settings, version, generated, out)] = chunk
                    except BrokenProcessPool:  # a worker died before this chunk was handed out
                        broken = True
                        yield _chunk_failure(chunk, "worker: the worker process died (out of memory or a crash)")
                if not running:
                    break
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    chunk = running.pop(future)
                    try:
                        yield future.result()
                    except BrokenProcessPool:
                        broken = True
                        yield _chunk_failure(chunk, "worker: the worker process died (out of memory or a crash)")
                    except OutputError:
                        raise  # the output folder cannot be written: the batch stops, as when this process writes
                    except Exception as error:  # noqa: BLE001 - e.g. the model cannot load in the worker
                        yield _chunk_failure(chunk, f"worker: {error}")
                if broken and not running:
                    break
        finally:
            shutdowns.start(executor)


class _RayWorker:
    """A Ray actor holding one embedder (the model is loaded once per actor)."""

    def __init__(self, factory: EmbedderFactory, settings: Settings, version: str, generated: str) -> None:
        self.embedder = factory()
        self.settings, self.version, self.generated = settings, version, generated

    def process(self, items: Sequence[tuple[SetSpec, str]]) -> list[SetOutcome]:
        return process_chunk(items, self.settings, self.embedder, version=self.version, generated=self.generated)


def _run_ray(
    chunks: list[list[tuple[SetSpec, str]]],
    factory: EmbedderFactory,
    settings: Settings,
    workers: int | None,
    version: str,
    generated: str,
) -> Iterator[list[SetOutcome]]:
    try:
        import ray
    except ImportError:
        raise InputError('the ray engine needs Ray: pip install "checker[ray]"') from None
    started_here = not ray.is_initialized()
    if started_here:
        if os.environ.get("RAY_ADDRESS"):
            ray.init(log_to_driver=False)  # the cluster named by RAY_ADDRESS
        else:
            ray.init(num_cpus=workers or os.cpu_count() or 1, include_dashboard=False, log_to_driver=False)
    try:
        count = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        actor_class = ray.remote(num_cpus=1)(_RayWorker)
        actors = [actor_class.remote(factory, settings, version, generated) for _ in range(min(count, len(chunks)))]
        pending = list(reversed(chunks))
        running: dict[Any, tuple[Any, list[tuple[SetSpec, str]]]] = {}
        for actor in actors:
            if pending:
                chunk = pending.pop()
                running[actor.process.remote(chunk)] = (actor, chunk)
        while running:
            done, _ = ray.wait(list(running), num_returns=1)
            actor, chunk = running.pop(done[0])
            try:
                yield ray.get(done[0])
            except ray.exceptions.RayActorError as error:
                yield _chunk_failure(chunk, f"worker: the Ray actor died ({type(error).__name__})")
                actor = actor_class.remote(factory, settings, version, generated)
            except ray.exceptions.RayError as error:
                yield _chunk_failure(chunk, f"worker: {error}")
            if pending:
                chunk = pending.pop()
                running[actor.process.remote(chunk)] = (actor, chunk)
    finally:
        if started_here:
            ray.shutdown()


# --- writing ------------------------------------------------------------------------------------------


def _write_reports(folder: Path, files: dict[str, str]) -> None:
    """A set's reports, each written atomically, after removing its ``.done.json`` marker.

    A re-checked set is not done until its reports are all written (the caller writes the marker then).
    """
    try:
        (folder / DONE_MARKER).unlink(missing_ok=True)
    except OSError as error:
        raise OutputError(f"cannot write ({error.strerror or error})", str(folder / DONE_MARKER)) from None
    for name, text in files.items():
        write_atomic(folder / name, text)


def _write_set(out: Path, outcome: SetOutcome, version: str) -> SetOutcome:
    folder = out / outcome.folder
    marker = folder / DONE_MARKER
    _write_reports(folder, outcome.files)  # none left when a worker has written them
    if not outcome.ok:
        return outcome
    done = {
        "format_version": FORMAT_VERSION,
        "set_id": outcome.set_id,
        "digest": outcome.digest,
        "checker_version": version,
        "seconds": outcome.seconds,
        "summary": outcome.summary,
    }
    write_atomic(marker, json.dumps(done, ensure_ascii=False, indent=1) + "\n")
    return replace(outcome, files={})


def _resumed(out: Path, spec: SetSpec, digest: str) -> SetOutcome | None:
    folder = out / spec.folder
    try:
        done = json.loads((folder / DONE_MARKER).read_text(encoding="utf-8"))
        if done.get("digest") != digest or not (folder / "report.html").is_file():
            return None
        document = json.loads((folder / "findings.json").read_text(encoding="utf-8"))
        return SetOutcome(
            spec.set_id,
            spec.folder,
            digest,
            ok=True,
            summary=done["summary"],
            findings=finding_rows(document, spec.set_id),
            resumed=True,
            seconds=done.get("seconds", 0.0),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def settings_digest(settings: Settings, model: str, version: str) -> str:
    """Hash of everything besides the input that a set's result depends on."""
    payload = {"checker": version, "batch_format": FORMAT_VERSION, "model": model, "settings": settings.for_report()}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


# --- tables -------------------------------------------------------------------------------------------

_TALLIES = ("sentences", "groups", "findings", "discrepancies", "high", "medium", "low", "agreements", "unique")
#: Summary columns that hold counts (nullable integers: a failed set has none).
COUNT_COLUMNS = ("sources", *_TALLIES)

SUMMARY_COLUMNS = (
    "set_id",
    "status",
    "resumed",
    "error",
    "sources",
    "outlets",
    *_TALLIES,
    "top_kind",
    "top_severity",
    "top_finding",
    "top_id",
    "report",
    "seconds",
    "digest",
)
FINDING_COLUMNS = (
    "set_id",
    "finding",
    "fingerprint",
    "kind",
    "type",
    "severity",
    "group",
    "summary",
    "sources",
    "outlets",
    "values",
    "evidence",
)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _valid_text(value: Any) -> Any:
    # Any str survives UTF-8: lone surrogates (from non-UTF-8 file names, say) become "?".
    if isinstance(value, str) and _SURROGATE.search(value):
        return value.encode("utf-8", "replace").decode("utf-8")
    return value


def spreadsheet_safe(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run as a formula: text starting with = + - @ tab or CR gets a quote."""
    value = _valid_text(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def tables(outcomes: Sequence[SetOutcome]):  # type: ignore[no-untyped-def]
    """(summary, findings) DataFrames over all sets, in input order."""
    import pandas as pd

    summary = []
    for outcome in outcomes:
        row = {column: None for column in SUMMARY_COLUMNS}
        row.update(outcome.summary)
        row.update(
            set_id=outcome.set_id,
            status="ok" if outcome.ok else "failed",
            resumed=outcome.resumed,
            error=outcome.error or "",
            seconds=outcome.seconds,
            digest=outcome.digest,
        )
        summary.append(row)
    findings = [row for outcome in outcomes for row in outcome.findings]
    summary_frame = pd.DataFrame(summary, columns=list(SUMMARY_COLUMNS))
    for column in COUNT_COLUMNS:
        summary_frame[column] = summary_frame[column].astype("Int64")
    for column in ("outlets", "top_kind", "top_severity", "top_finding", "top_id", "report"):
        summary_frame[column] = summary_frame[column].fillna("")
    findings_frame = pd.DataFrame(findings, columns=list(FINDING_COLUMNS))
    return summary_frame, findings_frame


def _csv(frame) -> str:  # type: ignore[no-untyped-def]
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or str(safe[column].dtype).startswith("str"):
            safe[column] = safe[column].map(spreadsheet_safe)
    return safe.to_csv(index=False, lineterminator="\n")


def _parquet(frame) -> bytes:  # type: ignore[no-untyped-def]
    clean_frame = frame.copy()
    for column in clean_frame.columns:
        if clean_frame[column].dtype == object or str(clean_frame[column].dtype).startswith("str"):
            clean_frame[column] = clean_frame[column].map(_valid_text)
    buffer = io.BytesIO()
    clean_frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def write_tables(
    out: Path, outcomes: Sequence[SetOutcome], *, version: str, generated: str, title: str
) -> dict[str, Path]:
    """summary/findings as CSV and Parquet, and index.html, each written atomically."""
    from checker.report.index import render_index

    summary, findings = tables(outcomes)
    paths = {
        "summary_csv": out / "summary.csv",
        "findings_csv": out / "findings.csv",
        "summary_parquet": out / "summary.parquet",
        "findings_parquet": out / "findings.parquet",
        "index": out / "index.html",
    }
    rendered = {
        "summary_csv": _csv(summary),
        "findings_csv": _csv(findings),
        "index": render_index(outcomes, title=title, version=version, generated=generated),
    }
    binary = {"summary_parquet": _parquet(summary), "findings_parquet": _parquet(findings)}
    for key, data in binary.items():
        write_atomic(paths[key], data)
    for key, text in rendered.items():
        write_atomic(paths[key], text)
    return paths


# --- the batch ----------------------------------------------------------------------------------------


def chunked(items: Sequence[Any], size: int, workers: int = 1) -> list[list[Any]]:
    """Consecutive slices of at most ``size`` items.

    With several workers a slice takes at most a ``2 * workers``-th of what is left, so the last ones
    are small and the workers finish together: a worker left alone with a full last chunk (a dozen
    seconds of work on a cold cache) would idle the others. Small batches still reach every worker.
    """
    chunks: list[list[Any]] = []
    start = 0
    while start < len(items):
        step = size if workers <= 1 else max(1, min(size, math.ceil((len(items) - start) / (2 * workers))))
        chunks.append(list(items[start : start + step]))
        start += step
    return chunks


def run_batch(
    source: Path | Sequence[SetSpec],
    out: Path,
    settings: Settings,
    *,
    version: str,
    generated: str,
    engine: str = "local",
    workers: int | None = 1,
    resume: bool = False,
    allow_outside: bool = False,
    embedder_factory: EmbedderFactory | None = None,
    chunk_size: int = 32,
    progress: Progress | None = None,
) -> BatchResult:
    """Check every set of a batch input (folder of sets, manifest, or specs) and write all outputs under ``out``.

    ``embedder_factory`` makes one embedder per worker (default: the real model with the settings' cache);
    it must be picklable for a process pool or Ray. ``progress(done, total, outcome)`` is called per set (first with 0 and None).
    Bad sets are recorded in their outcome; errors in the input as a whole or in writing raise CheckerError.
    """
    if engine not in ENGINES:
        raise InputError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    started = time.perf_counter()
    factory = embedder_factory or functools.partial(default_embedder, settings.cache_dir)
    count = max(1, workers or os.cpu_count() or 1)
    shutdowns = _Shutdowns()
    # A pool's workers start now, loading what they need while this process reads the input (with
    # resume, most sets may need no worker at all: the pool starts only for the sets left).
    early = engine == "local" and count > 1 and not resume
    pool = _start_pool(factory, count, warm_up=True, cache_dir=settings.cache_dir) if early else None
    results: Iterator[list[SetOutcome]] | None = None
    try:
        try:
            specs, digests = _read_batch(source, out, settings, factory().name, version, allow_outside)
        except BaseException:
            if pool is not None:
                _stop_now(pool)  # an error in the input must not wait for the workers to finish warming up
                pool = None
            raise
        position = {spec.set_id: index for index, spec in enumerate(specs)}
        outcomes: list[SetOutcome | None] = [None] * len(specs)
        done = 0

        def record(outcome: SetOutcome) -> None:
            nonlocal done
            outcomes[position[outcome.set_id]] = outcome
            done += 1
            if progress is not None:
                progress(done, len(specs), outcome)

        if progress is not None:
            progress(0, len(specs), None)
        todo: list[tuple[SetSpec, str]] = []
        for spec, digest in zip(specs, digests, strict=True):
            previous = _resumed(out, spec, digest) if resume else None
            if previous is not None:
                record(previous)
            else:
                todo.append((spec, digest))
        chunks = chunked(todo, max(1, chunk_size), count)
        if chunks:
            if engine == "ray":
                results = _run_ray(chunks, factory, settings, workers, version, generated)
            else:
                results = _run_local(chunks, factory, settings, count, version, generated, out, shutdowns, pool)
            for chunk_outcomes in results:
                for outcome in chunk_outcomes:
                    record(_write_set(out, outcome, version))
        final = tuple(outcome for outcome in outcomes if outcome is not None)
        title = specs and (Path(source).name if isinstance(source, (str, Path)) else "batch") or "batch"
        paths = write_tables(out, final, version=version, generated=generated, title=str(title))
    finally:
        if results is not None:
            results.close()  # on an error: stop the engine now, not whenever the generator is collected
        if pool is not None:
            shutdowns.start(pool)  # unless the engine has (an error before it ran, or nothing to do)
        shutdowns.wait()  # no worker outlives the batch
    return BatchResult(final, paths, time.perf_counter() - started, engine, count)


def _read_batch(
    source: Path | Sequence[SetSpec], out: Path, settings: Settings, model: str, version: str, allow_outside: bool
) -> tuple[tuple[SetSpec, ...], list[str]]:
    """The batch's sets and each one's content hash; the output folder created."""
    specs = read_input(Path(source), allow_outside=allow_outside) if isinstance(source, (str, Path)) else tuple(source)
    common = settings_digest(settings, model, version)
    digests = [hashlib.sha256(f"{common}:{input_digest(spec)}".encode()).hexdigest() for spec in specs]
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot create the output folder ({error.strerror or error})", str(out)) from None
    return specs, digests


def _stop_now(executor: Any) -> None:
    """End a pool whose workers are only warming up, without waiting for them (about 5 s here)."""
    # ProcessPoolExecutor has no public way to stop its workers before Python 3.14 (terminate_workers);
    # its process table has kept this name since 3.2. Without it the shutdown just waits.
    processes = list((getattr(executor, "_processes", None) or {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(timeout=10)
