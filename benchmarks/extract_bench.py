"""Extraction speed on one core: read + split + extract_articles over a generated corpus.

    python benchmarks/extract_bench.py [--mb 200] [--profile news|dense] [--seed 0] [--corpus DIR]

Generates (or reuses, cached under /tmp/dealscope-corpus) a varied synthetic corpus of ``--mb``
megabytes (benchmarks/corpus.py; ``news`` is shaped like the real seed file, ``dense`` packs an
amount into every ~800 bytes), pins this process to one CPU, and runs the extractor exactly as
the local ingest engine does, without the store: the files cut into the engine's batches
(analytics.batches.plan_batches: at most 1 MB or 200 files), each batch read
(analytics.batches.read_batch, which splits plain text into articles) and extracted
(analytics.batches.extract_batch: one events table per batch). Prints one figure a line and a
final summary line. MB are 10**6 bytes of input files.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analytics import batches
from benchmarks.corpus import (
    DEFAULT_PROFILE,
    MB,
    PROFILES,
    cached_corpus,
    corpus_files,
    generate_corpus,
)


def pin_to_one_core() -> str:
    """Restrict this process to one CPU (where the OS allows it); say which."""
    try:
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpus[-1]})
        return f"cpu {cpus[-1]}"
    except (AttributeError, OSError):
        return "not pinned (no sched_setaffinity); single-threaded anyway"


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (ru_maxrss is KiB on Linux)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss * 1024 / MB if sys.platform != "darwin" else rss / MB


def bench(files: list[Path]) -> dict[str, float]:
    """Read and extract every batch in turn, as the local ingest engine; return timings, counts."""
    items = [batches.WorkItem(str(path), path.stat().st_size) for path in files]
    planned = batches.plan_batches(items)
    read_s = extract_s = 0.0
    n_bytes = n_articles = n_events = n_quiet = 0
    types: Counter[str] = Counter()
    gc.collect()
    cpu_started = time.process_time()
    for batch in planned:
        t0 = time.perf_counter()
        read = batches.read_batch(batch)
        t1 = time.perf_counter()
        result = batches.extract_batch(read, frozenset())
        t2 = time.perf_counter()
        read_s += t1 - t0
        extract_s += t2 - t1
        n_bytes += read.bytes
        n_articles += len(read.articles)
        events = result.events
        n_events += len(events)
        types.update(events["event_type"].tolist())
        n_quiet += len({a.content_id for a in result.articles} - set(events["article_id"]))
        if result.errors:
            raise RuntimeError(f"the corpus should read cleanly: {result.errors[0]}")
    return {
        "cpu_s": time.process_time() - cpu_started,
        "quiet": n_quiet,
        "batches": len(planned),
        "bytes": n_bytes,
        "articles": n_articles,
        "events": n_events,
        "read_s": read_s,
        "extract_s": extract_s,
        "types": dict(types.most_common()),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=200, help="corpus size (default 200)")
    parser.add_argument(
        "--profile",
        choices=sorted(PROFILES),
        default=DEFAULT_PROFILE,
        help="corpus shape: news (like the seed file, default) or dense (money-packed)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus", help="folder to generate into or reuse (default: /tmp cache)")
    args = parser.parse_args(argv)
    if args.mb < 200:
        print(f"note: --mb {args.mb:g} is below the 200 MB the issue asks for", file=sys.stderr)
    info = (
        generate_corpus(args.corpus, args.mb, args.seed, profile=args.profile)
        if args.corpus
        else cached_corpus(args.mb, args.seed, profile=args.profile, progress=sys.stderr.isatty())
    )
    files = corpus_files(info.path)
    pinned = pin_to_one_core()
    rss_before = peak_rss_mb()
    started = time.perf_counter()
    r = bench(files)
    wall = time.perf_counter() - started
    mb = r["bytes"] / MB
    print(
        f"corpus: {info.path} ({len(files):,} files, {mb:.1f} MB, seed {args.seed}, "
        f"profile {info.profile})"
    )
    print(
        f"shape: {r['bytes'] / max(r['articles'], 1):,.0f} bytes per article, "
        f"{r['bytes'] / max(r['events'], 1):,.0f} bytes per event, "
        f"{r['quiet'] / max(r['articles'], 1):.0%} of articles without an event"
    )
    print(f"core: {pinned}; {r['batches']:,} batches as the ingest engine cuts them")
    print(f"articles: {r['articles']:,}")
    print(f"events: {r['events']:,} ({', '.join(f'{k} {v:,}' for k, v in r['types'].items())})")
    print(f"seconds: {wall:.2f} (read+split {r['read_s']:.2f}, extract {r['extract_s']:.2f})")
    print(f"articles/s: {r['articles'] / wall:,.0f}")
    print(f"MB/s: {mb / wall:.2f} ({mb / r['cpu_s']:.2f} per CPU second)")
    print(f"peak memory: {peak_rss_mb():.0f} MB max RSS (before the run: {rss_before:.0f} MB)")
    verdict = "meets" if mb / wall >= 5 else "misses"
    print(
        f"summary: {mb:.1f} MB, {r['articles']:,} articles on one core in {wall:.1f} s: "
        f"{mb / wall:.2f} MB/s, {r['articles'] / wall:,.0f} articles/s, "
        f"peak RSS {peak_rss_mb():.0f} MB ({verdict} the 5 MB/s aim)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
