"""Scale figures measured in one run: extraction rate, Dask vs local, ingest memory vs corpus size.

    python benchmarks/scale_bench.py [--mb 200] [--small-mb 20] [--workers 2] [--seed 0]

1. extraction MB/s and articles/s on one core over the ``--mb`` corpus (as extract_bench.py);
2. ``python -m analytics.ingest`` of that corpus with the local engine and with the Dask engine on
   ``--workers`` local worker processes, each into a fresh store: seconds and the speed-up ratio,
   and a check that both stores hold the same events;
3. the peak resident memory of the ingest process (``os.wait4`` rusage of the child, plus the sum
   over its process tree polled with psutil for the Dask run) for the ``--small-mb`` and ``--mb``
   corpora: it should stay flat and under 500 MB.

Corpora are generated once and cached under /tmp/dealscope-corpus (benchmarks/corpus.py); stores
go to a temporary folder that is removed at the end. MB are 10**6 bytes.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import (  # noqa: E402
    DEFAULT_PROFILE,
    MB,
    PROFILES,
    cached_corpus,
    corpus_files,
)
from benchmarks.extract_bench import bench, pin_to_one_core  # noqa: E402

LIMIT_MB = 500


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (0 when it is gone)."""
    import psutil

    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for p in procs:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def run_ingest(corpus: str, store: Path, engine: str, workers: int) -> dict[str, float]:
    """Run the ingest CLI in a child process; its wall time, peak RSS and peak tree RSS."""
    cmd = [
        sys.executable,
        "-m",
        "analytics.ingest",
        corpus,
        "--store",
        str(store),
        "--engine",
        engine,
        "--workers",
        str(workers),
        "--no-progress",
    ]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak_tree = 0
    stop = threading.Event()

    def poll() -> None:
        nonlocal peak_tree
        while not stop.is_set():
            peak_tree = max(peak_tree, _tree_rss(proc.pid))
            stop.wait(0.05)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    out = proc.stdout.read() if proc.stdout else ""
    err = proc.stderr.read() if proc.stderr else ""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    stop.set()
    watcher.join()
    if proc.returncode != 0:
        raise SystemExit(f"ingest failed ({proc.returncode}): {' '.join(cmd)}\n{err[-2000:]}")
    events = next((ln for ln in out.splitlines() if ln.startswith("events:")), "events: ?")
    return {
        "seconds": wall,
        "peak_rss_mb": usage.ru_maxrss * 1024 / MB,
        "peak_tree_mb": peak_tree / MB,
        "events_line": events,
    }


def _store_events(store: Path) -> tuple[int, str]:
    """Row count and an order-independent checksum of a store's events."""
    import duckdb

    con = duckdb.connect(str(store / "dealscope.duckdb"), read_only=True)
    try:
        n = con.execute("SELECT count(*) FROM events").fetchone()[0]
        digest = con.execute(
            "SELECT md5(string_agg(event_id || ':' || coalesce(CAST(amount AS VARCHAR), '') "
            "|| ':' || event_type || ':' || coalesce(company, ''), ',' ORDER BY event_id)) "
            "FROM events"
        ).fetchone()[0]
    finally:
        con.close()
    return n, digest


def main(argv: list[str] | None = None) -> int:
    """Run every measurement and print its figures, one a line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=200, help="the large corpus (default 200)")
    parser.add_argument("--small-mb", type=float, default=20, help="the small corpus (default 20)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--profile",
        choices=sorted(PROFILES),
        default=DEFAULT_PROFILE,
        help="corpus shape: news (like the seed file, default) or dense (money-packed)",
    )
    args = parser.parse_args(argv)
    tty = sys.stderr.isatty()
    big = cached_corpus(args.mb, args.seed, profile=args.profile, progress=tty)
    small = cached_corpus(args.small_mb, args.seed, profile=args.profile, progress=tty)
    print(
        f"corpus: {big.path} ({big.files:,} files, {big.bytes / MB:.1f} MB, "
        f"{big.articles:,} articles, profile {big.profile})"
    )

    # 1. extraction on one core, in this process (the children below are not pinned)
    affinity = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    core = pin_to_one_core()
    t0 = time.perf_counter()
    r = bench(corpus_files(big.path))
    wall = time.perf_counter() - t0
    if affinity is not None:
        os.sched_setaffinity(0, affinity)
    ex_mbps, ex_aps = r["bytes"] / MB / wall, r["articles"] / wall
    print(
        f"extraction one core ({core}): {ex_mbps:.2f} MB/s, {ex_aps:,.0f} articles/s "
        f"({r['articles']:,} articles, {r['events']:,} events, {wall:.1f} s)"
    )

    tmp = Path(tempfile.mkdtemp(prefix="dealscope-scale-"))
    try:
        # 2. local vs Dask ingest of the large corpus; 3. memory of the local ingest
        local = run_ingest(big.path, tmp / "local", "local", 1)
        print(
            f"ingest local {big.bytes / MB:.0f} MB: {local['seconds']:.1f} s, "
            f"{big.bytes / MB / local['seconds']:.2f} MB/s, {local['events_line']}"
        )
        dask = run_ingest(big.path, tmp / "dask", "dask", args.workers)
        print(
            f"ingest dask {args.workers} workers {big.bytes / MB:.0f} MB: {dask['seconds']:.1f} s, "
            f"{big.bytes / MB / dask['seconds']:.2f} MB/s, {dask['events_line']}"
        )
        ratio = local["seconds"] / dask["seconds"]
        same = _store_events(tmp / "local") == _store_events(tmp / "dask")
        print(
            f"dask/local speed-up: {ratio:.2f}x on {os.cpu_count()} CPUs "
            f"(same events in both stores: {'yes' if same else 'NO'})"
        )
        small_run = run_ingest(small.path, tmp / "small", "local", 1)
        print(
            f"ingest peak RSS {small.bytes / MB:.0f} MB corpus: {small_run['peak_rss_mb']:.0f} MB"
        )
        print(f"ingest peak RSS {big.bytes / MB:.0f} MB corpus: {local['peak_rss_mb']:.0f} MB")
        print(
            f"ingest peak RSS growth {args.small_mb:g} -> {args.mb:g} MB: "
            f"{local['peak_rss_mb'] / small_run['peak_rss_mb']:.2f}x"
        )
        print(
            f"dask ingest peak memory: client {dask['peak_rss_mb']:.0f} MB, client + workers "
            f"{dask['peak_tree_mb']:.0f} MB"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    flat = "under" if local["peak_rss_mb"] < LIMIT_MB else "OVER"
    print(
        f"summary: extraction {ex_mbps:.2f} MB/s ({ex_aps:,.0f} articles/s) on one core; "
        f"dask {args.workers} workers {ratio:.2f}x local; ingest peak RSS "
        f"{small_run['peak_rss_mb']:.0f} MB ({args.small_mb:g} MB corpus) vs "
        f"{local['peak_rss_mb']:.0f} MB ({args.mb:g} MB), {flat} {LIMIT_MB} MB"
    )
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
