"""Batch speed: sets/s, sentences/s, peak memory, and the batch against bare encoding of its sentences.

Sets are built from the evaluation data (read by path, never copied into the project): AllSides/NeuS
story triplets (``allsides/neus``: the crawled stories and the probe triplets) and Gun Violence Archive
incidents with two or more articles (``gva/``), taken alternately. Runs, in one process on the same sets:

1. cold: a batch with an empty embedding cache (model load included; reported apart);
2. bare encode: ``model.encode`` of exactly the distinct sentences the batch encoded, with a fresh model;
3. warm: the batch again into a new folder with the caches now full (embeddings, spaCy parses, sentence
   boundaries): reading, cleaning, alignment, comparison, rendering and writing still run;
4. resume: the batch again into the cold run's folder with ``resume`` (every set skipped).

Besides wall times it prints the CPU time of the cold batch (all processes) against the bare encode's,
and how long the cores sat idle, waited for I/O or were stolen during the cold batch: on a shared VM
these change from run to run and explain most of the spread between runs.

``--profile`` adds a cProfile of a cold run (one worker) and prints where the time goes by stage.
This is a benchmark, not a test.

    python bench/speed.py [--data ../shared/evaldata] [--sets 1000] [--workers 1] [--profile]
    python bench/speed.py --manifest-out /tmp/gva.jsonl --only gva   # write the sets as a manifest and stop
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import re
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checker import __version__  # noqa: E402
from checker.batch import run_batch  # noqa: E402
from checker.clean import clean  # noqa: E402
from checker.config import Settings  # noqa: E402
from checker.embed import CachedEmbedder, SentenceTransformerEmbedder  # noqa: E402
from checker.manifest import load_set, read_manifest  # noqa: E402
from checker.segment import segment  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parent.parent / ".." / "shared" / "evaldata"
GENERATED = "2025-01-01T00:00:00Z"


def _outlet(uri: str) -> str:
    # Archived copies: http://web.archive.org/web/20140112222729/http://www.chicagotribune.com/...
    match = re.match(r"https?://web\.archive\.org/web/[^/]+/(.*)", uri or "")
    host = urlparse(match.group(1) if match else uri or "").netloc.lower()
    return host.removeprefix("www.") or "unknown"


def gva_sets(data: Path) -> Iterator[list[dict[str, str]]]:
    """GVA incidents with 2+ articles, one manifest row per article (outlet = the site's domain)."""
    with (data / "gva" / "gva_incidents_dev.jsonl").open(encoding="utf-8") as stream:
        for line in stream:
            incident = json.loads(line)
            # Every incident with 2+ articles, empty ones included: such a set fails with its reason.
            articles = incident["articles"]
            if len(articles) < 2:
                continue
            yield [
                {
                    "set_id": f"gva-{incident['incident_id']}",
                    "source": f"{number:02d}-{article['doc_id'][:8]}",
                    "text": article.get("content") or "",
                    "outlet": _outlet(article.get("uri", "")),
                    "title": article.get("title") or "",
                    "published": (article.get("dct") or "")[:10],
                    "url": article.get("uri") or "",
                }
                for number, article in enumerate(articles)
            ]


def allsides_sets(data: Path) -> Iterator[list[dict[str, str]]]:
    """NeuS crawled stories (left/center/right with outlets), then the probe triplets (outlets unknown)."""
    neus = data / "allsides" / "neus" / "data"
    with (neus / "raw_crawled" / "headline_11_2021-10-19_crawled_all.jsonl").open(encoding="utf-8") as stream:
        for line in stream:
            story = json.loads(line)
            rows = []
            for side, article in sorted(story.get("news", {}).items()):
                body = "\n\n".join(paragraph for paragraph in article.get("newBody") or [] if paragraph.strip())
                if body.strip():
                    rows.append(
                        {
                            "set_id": f"allsides-{story['id']}",
                            "source": side,
                            "text": body,
                            "outlet": article.get("newsSource") or side,
                            "title": article.get("newsTitle") or "",
                            "url": article.get("newsLink") or "",
                        }
                    )
            if len(rows) >= 2:
                yield rows
    for split in ("test", "val", "train"):
        path = neus / "naacl2022_lrc_roundup_random_order_probe" / f"{split}.source"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            rows = []
            for position, part in enumerate(line.split("[SEP]")):
                match = re.match(r"\s*TITLE=>\s*(.*?)\s*ARTICLE=>\s*(.*)", part, re.DOTALL)
                if match and match.group(2).strip():
                    rows.append(
                        {
                            "set_id": f"neus-{split}-{number}",
                            "source": f"side{position}",
                            "text": match.group(2).strip(),
                            "title": match.group(1),
                        }
                    )
            if len(rows) >= 2:
                yield rows


def build_rows(data: Path, count: int, only: str | None) -> list[dict[str, str]]:
    """Rows of ``count`` sets, GVA and AllSides alternately (or one corpus with ``only``)."""
    sources = {"gva": gva_sets(data), "allsides": allsides_sets(data)}
    streams = [sources[only]] if only else list(sources.values())
    rows: list[dict[str, str]] = []
    taken = 0
    while taken < count and streams:
        for stream in list(streams):
            if taken >= count:
                break
            try:
                rows.extend(next(stream))
                taken += 1
            except StopIteration:
                streams.remove(stream)
    return rows


def peak_mb() -> tuple[float, float]:
    """Peak resident memory (MB) of this process and of its largest finished child process."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and of its finished child processes so far."""
    return sum(
        usage.ru_utime + usage.ru_stime
        for usage in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
    )


def machine_waits() -> dict[str, float]:
    """Seconds all cores spent idle, waiting for I/O and stolen by the hypervisor so far (Linux), else {}."""
    try:
        with open("/proc/stat", encoding="ascii") as stream:
            fields = [int(value) for value in stream.readline().split()[1:9]]
    except (OSError, ValueError):
        return {}
    tick = os.sysconf("SC_CLK_TCK")
    return {"idle": fields[3] / tick, "I/O wait": fields[4] / tick, "steal": fields[7] / tick}


def _waited(before: dict[str, float], after: dict[str, float]) -> str:
    return ", ".join(f"{name} {after[name] - before[name]:.0f} s" for name in before) or "not available"


def batch(manifest: Path, out: Path, cache: Path, workers: int, resume: bool = False):  # type: ignore[no-untyped-def]
    settings = Settings(cache_dir=cache)
    started = time.perf_counter()
    result = run_batch(
        manifest, out, settings, version=__version__, generated=GENERATED, workers=workers, resume=resume
    )
    return result, time.perf_counter() - started


STAGES = {
    "read (manifest rows -> articles)": "manifest.py:*(load_set)",
    "clean": "clean.py:*(clean)",
    "segment (pysbd)": "segment.py:*(segment)",
    "encode (model)": "embed.py:*(encode)",
    "align": "align.py:*(align)",
    "compare (facts)": "compare.py:*(compare)",
    "render report.html": "html.py:*(render_html)",
    "render findings.json": "json.py:*(render_json)",
    "write files": "files.py:*(write_atomic)",
    "index and tables": "batch.py:*(write_tables)",
}


def profile(manifest: Path, work: Path) -> None:
    """Cold run of one worker under cProfile; cumulative time per stage and the top functions."""
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    run_batch(
        manifest,
        work / "profiled",
        Settings(cache_dir=work / "profile-cache"),
        version=__version__,
        generated=GENERATED,
        workers=1,
    )
    profiler.disable()
    total = time.perf_counter() - started
    stats = pstats.Stats(profiler)
    print(
        f"\nwhere the time goes (cold, 1 worker, {total:.1f} s under cProfile; stages nest: encode excludes model load)"
    )
    for label, pattern in STAGES.items():
        file_part, function = pattern.split(":*(")
        function = function.rstrip(")")
        # max, not sum: the cache's encode and the model's share a name and nest.
        seconds = max(
            (
                value[3]
                for (filename, _, name), value in stats.stats.items()  # type: ignore[attr-defined]
                if filename.endswith(file_part) and name == function
            ),
            default=0.0,
        )
        print(f"  {label:34s} {seconds:7.1f} s  {100 * seconds / total:5.1f} %")
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("tottime").print_stats(15)
    print("\ntop functions by own time:")
    print("\n".join(stream.getvalue().splitlines()[6:24]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sets", type=int, default=1000)
    parser.add_argument("--only", choices=("gva", "allsides"), default=None)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--profile", action="store_true", help="also profile a cold run by stage")
    parser.add_argument("--manifest-out", type=Path, help="write the sets as a JSONL manifest there and stop")
    arguments = parser.parse_args()
    rows = build_rows(arguments.data, arguments.sets, arguments.only)
    if arguments.manifest_out:
        arguments.manifest_out.write_text(
            "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8"
        )
        print(f"wrote {len({row['set_id'] for row in rows})} sets, {len(rows)} articles to {arguments.manifest_out}")
        return
    with tempfile.TemporaryDirectory(prefix="checker-speed-") as folder:
        work = Path(folder)
        manifest = work / "sets.jsonl"
        manifest.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
        specs = read_manifest(manifest)
        print(f"{len(specs)} sets, {len(rows)} articles, workers={arguments.workers}, checker {__version__}")

        load_started = time.perf_counter()
        SentenceTransformerEmbedder()._load()
        load_seconds = time.perf_counter() - load_started

        cpu_before, waits_before = cpu_seconds(), machine_waits()
        cold, cold_seconds = batch(manifest, work / "cold", work / "cache", arguments.workers)
        cold_cpu, cold_waits = cpu_seconds() - cpu_before, _waited(waits_before, machine_waits())
        sentences = sum(int(outcome.summary.get("sentences", 0)) for outcome in cold.outcomes if outcome.ok)
        after_cold = peak_mb()

        texts = list(
            dict.fromkeys(
                sentence.normalized
                for spec in specs
                for article in _articles(spec)
                for sentence in segment(clean(article))
            )
        )
        model = SentenceTransformerEmbedder()
        model._load()
        encode_started, cpu_before = time.perf_counter(), cpu_seconds()
        model.encode(texts)
        encode_seconds = time.perf_counter() - encode_started
        encode_cpu = cpu_seconds() - cpu_before

        warm, warm_seconds = batch(manifest, work / "warm", work / "cache", arguments.workers)
        _, resume_seconds = batch(manifest, work / "cold", work / "cache", arguments.workers, resume=True)
        cached = CachedEmbedder(SentenceTransformerEmbedder(), work / "cache")
        cached.encode(texts[:1])
        cached.close()

    failed = len(cold.failed)
    print("\n| measure | value |\n|---|---|")
    print(f"| sets (failed) | {len(cold.outcomes)} ({failed}) |")
    print(f"| sentences (distinct, encoded) | {sentences} ({len(texts)}) |")
    print(f"| model load (separately, once per worker) | {load_seconds:.1f} s |")
    print(
        f"| cold batch | {cold_seconds:.1f} s: {len(cold.outcomes) / cold_seconds:.2f} sets/s, {sentences / cold_seconds:.0f} sentences/s |"
    )
    print(
        f"| bare model.encode of the distinct sentences | {encode_seconds:.1f} s: {len(texts) / encode_seconds:.0f} sentences/s |"
    )
    print(
        f"| cold batch / bare encode | {cold_seconds / encode_seconds:.2f}x (target <= 1.25x); without model load {(cold_seconds - load_seconds) / encode_seconds:.2f}x |"
    )
    print(
        f"| CPU time, cold batch / bare encode (all cores) | {cold_cpu:.0f} s / {encode_cpu:.0f} s = {cold_cpu / encode_cpu:.2f}x |"
    )
    print(f"| cores not working during the cold batch (all cores) | {cold_waits} |")
    print(
        f"| warm-cache batch (no encoding, parsing or sentence splitting) | {warm_seconds:.1f} s: {cold_seconds / warm_seconds:.1f}x faster than cold |"
    )
    print(
        f"| resumed re-run (every set skipped) | {resume_seconds:.1f} s: {cold_seconds / resume_seconds:.1f}x faster than cold |"
    )
    print(
        f"| peak memory after the cold run: this process / largest worker | {after_cold[0]:.0f} MB / {after_cold[1]:.0f} MB |"
    )
    print(f"| peak memory, whole benchmark | {peak_mb()[0]:.0f} MB |")
    if warm.failed:
        print(f"warm run failures: {len(warm.failed)}")
    if arguments.profile:
        with tempfile.TemporaryDirectory(prefix="checker-profile-") as folder:
            manifest = Path(folder) / "sets.jsonl"
            manifest.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
            profile(manifest, Path(folder))


def _articles(spec):  # type: ignore[no-untyped-def]
    try:
        return load_set(spec).articles
    except Exception:  # noqa: BLE001 - the batch recorded this set as failed; it has no sentences
        return ()


if __name__ == "__main__":
    main()
