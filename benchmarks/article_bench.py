"""Extraction speed one article per call, as uploads and folders of article files come.

    python benchmarks/article_bench.py [--source real|dense] [--articles 2000] [--repeats 3]

``real`` (the default) takes every story of the real-news sets (``tests/fixtures/real_*``, real
reports retold) and extracts each one on its own with ``extract_events`` (one call, one table, as
an upload of one article does); ``dense`` does the same with money-dense generated stories
(benchmarks/corpus.py, profile ``dense``: an amount every ~800 bytes), written one to a file and
read with ``extract_file``. Pinned to one CPU. Prints per-call latency (median, 95th percentile,
worst), articles per second and MB per second, then one summary line.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analytics.extract import extract_events, extract_file
from analytics.reading import read_articles
from benchmarks.corpus import MB, story
from benchmarks.extract_bench import pin_to_one_core

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
_NOT_STORIES = ("gold.jsonl", "README.md", "SOURCES.md")


def real_articles() -> list[str]:
    """Every story of the real-news sets as the text of a one-article file."""
    texts = []
    for folder in sorted(FIXTURES.glob("real_*")):
        for path in sorted(folder.iterdir()):
            if path.name in _NOT_STORIES or path.suffix not in (".txt", ".md", ".jsonl", ".html"):
                continue
            for article in read_articles(path):
                date_line = f"\n{article.published:%d %B %Y}" if article.published else ""
                texts.append(f"{article.title}{date_line}\n\n{article.body}\n")
    return texts


def dense_files(folder: Path, count: int, seed: int) -> list[Path]:
    """``count`` money-dense generated stories, one to a file."""
    rng = random.Random(seed)
    paths = []
    for i in range(count):
        headline, body, date_line, _ = story(rng, "dense")
        head = headline if date_line is None else f"{headline}\n{date_line}"
        path = folder / f"story_{i:05d}.txt"
        path.write_text(f"{head}\n\n{body}\n", "utf-8")
        paths.append(path)
    return paths


def timed(calls: list, repeats: int) -> tuple[list[float], int]:
    """Seconds per call (best of ``repeats`` for each), and the events found in one pass."""
    best = [float("inf")] * len(calls)
    events = 0
    for r in range(repeats):
        for i, call in enumerate(calls):
            started = time.perf_counter()
            table = call()
            best[i] = min(best[i], time.perf_counter() - started)
            if r == 0:
                events += len(table)
    return best, events


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", choices=("real", "dense"), default="real")
    parser.add_argument("--articles", type=int, default=2000, help="dense: how many stories")
    parser.add_argument("--repeats", type=int, default=3, help="best of N per call")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    pinned = pin_to_one_core()
    with tempfile.TemporaryDirectory() as tmp:
        if args.source == "real":
            texts = real_articles()
            size = sum(len(t.encode()) for t in texts)
            calls = [lambda t=t: extract_events(t, source="article.txt") for t in texts]
        else:
            paths = dense_files(Path(tmp), args.articles, args.seed)
            size = sum(p.stat().st_size for p in paths)
            calls = [lambda p=p: extract_file(p) for p in paths]
        calls[0]()  # first call pays for imports and lazily built tables
        seconds, events = timed(calls, args.repeats)
    total = sum(seconds)
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
    print(f"source: {args.source} ({len(calls):,} articles, {size / MB:.2f} MB, {events:,} events)")
    print(f"core: {pinned}; best of {args.repeats} per call")
    print(f"ms per article: median {statistics.median(ms):.2f}, p95 {p95:.2f}, worst {ms[-1]:.2f}")
    print(f"articles/s: {len(calls) / total:,.0f}")
    print(f"MB/s: {size / MB / total:.2f}")
    print(
        f"summary: {args.source}, one article per call: {len(calls) / total:,.0f} articles/s, "
        f"{size / MB / total:.2f} MB/s, median {statistics.median(ms):.2f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
