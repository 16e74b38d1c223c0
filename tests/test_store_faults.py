"""Faults: a writer killed mid-upload leaves all or nothing; concurrent uploads all land."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from analytics.articles import Article
from analytics.filters import FilterState
from analytics.schema import conform
from analytics.store import DB_FILENAME, Store
from analytics.uploads import ingest_upload

ROOT = Path(__file__).resolve().parents[1]
BIG_UPLOAD = 2000

# The writer: builds one large upload, writes a marker, adds it in one call, writes "done".
_WRITER = """
import os, sys, time
from pathlib import Path
sys.path[:0] = [sys.argv[1], sys.argv[1] + "/tests"]
from analytics.store import Store
from test_store_faults import make_upload
data_dir, tag, n = sys.argv[2], sys.argv[3], int(sys.argv[4])

def mark(name):
    # written whole, then renamed: a kill between creating and filling a marker must not
    # leave an empty one for the test to read
    part = Path(data_dir, name + ".part")
    part.write_text(repr(time.monotonic()))
    os.replace(part, Path(data_dir, name))

store = Store(data_dir)
articles, events = make_upload(tag, n)
mark("writing")
store.add(articles, events)
mark("done")
store.close()
"""

# An uploading session in its own process: DuckDB lets one process write at a time, so it
# retries opening the store while another process holds it.
_UPLOADER = """
import random, sys, time
sys.path[:0] = [sys.argv[1], sys.argv[1] + "/tests"]
from analytics.store import Store, StoreInUseError
from analytics.uploads import ingest_upload
from test_store_faults import story
data_dir, writer, uploads = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(writer)
for i in range(uploads):
    while True:
        try:
            store = Store(data_dir)
            break
        except StoreInUseError:
            time.sleep(rng.uniform(0.005, 0.03))
    try:
        summary = ingest_upload(store, f"p{writer}-{i}.txt", story(f"P{writer}", i))
        assert summary.ok and summary.new_articles == 1, summary
    finally:
        store.close()
"""


def make_upload(tag: str, n: int) -> tuple[list[Article], pd.DataFrame]:
    """``n`` distinct articles of about 10 KB, each with one funding event."""
    articles: list[Article] = []
    rows: list[dict[str, object]] = []
    for i in range(n):
        company = f"Company {tag}-{i}"
        amount = f"${i + 1} million"
        body = f"{company}, a startup, raised {amount} in a seed round. " * 150
        published = date(2024, 1, 1) + timedelta(days=i % 300)
        a = Article(f"{company} raises {amount}", body, source=f"{tag}.jsonl", published=published)
        articles.append(a)
        start = len(a.title) + 2 + len(company) + len(", a startup, raised ")
        rows.append(
            {
                "event_id": f"{a.content_id}-funding",
                "article_id": a.content_id,
                "source": a.source,
                "article_title": a.title,
                "article_date": published.isoformat(),
                "event_type": "funding",
                "company": company,
                "round": "seed",
                "amount": (i + 1) * 1e6,
                "currency": "USD",
                "amount_text": amount,
                "amount_usd": (i + 1) * 1e6,
                "fx_rate": 1.0,
                "fx_date": published.isoformat(),
                "fx_source": "identity",
                "evidence": body[: body.index(".") + 1],
                "span_start": start,
                "span_end": start + len(amount),
                "undisclosed": False,
                "confidence": 0.9,
            }
        )
    return articles, conform(pd.DataFrame(rows))


def story(tag: str, i: int) -> bytes:
    """One small article as an uploaded .txt file (distinct content per tag and number)."""
    company = f"Zephyr{tag}x{i} Labs"
    return (
        f"{company} raises ${i + 1} million\n\n{company}, a software startup, said it raised "
        f"${i + 1} million in a seed round led by Northwind Ventures.\n"
    ).encode()


def _counts(store: Store) -> tuple[int, int, int]:
    """Articles, events, and events whose article is missing."""
    with store._read() as cur:
        orphans = cur.execute(
            "SELECT count(*) FROM events e "
            "WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.article_id = e.article_id)"
        ).fetchone()
    return store.count_articles(), store.count_events(), int(orphans[0])


def _write_and_kill(data_dir: Path, tag: str, delay: float | None) -> tuple[float | None, bool]:
    """Run the writer; SIGKILL it ``delay`` s after its marker (None: let it finish).

    Returns how long its add took (None when killed first) and whether a write-ahead log was
    left behind (the kill came while the commit was being written)."""
    for marker in ("writing", "done", "writing.part", "done.part"):
        (data_dir / marker).unlink(missing_ok=True)
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(ROOT), str(data_dir), tag, str(BIG_UPLOAD)]
    )
    try:
        deadline = time.monotonic() + 40
        while not (data_dir / "writing").exists():
            assert proc.poll() is None, "the writer exited before writing"
            assert time.monotonic() < deadline, "the writer never started writing"
            time.sleep(0.001)
        if delay is None:
            assert proc.wait(timeout=40) == 0
        else:
            time.sleep(delay)
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    done = data_dir / "done"
    took = None
    if done.exists():
        took = float(done.read_text()) - float((data_dir / "writing").read_text())
    wal = data_dir / f"{DB_FILENAME}.wal"
    return took, wal.exists() and wal.stat().st_size > 0


@pytest.mark.slow
def test_a_writer_killed_mid_upload_leaves_all_or_nothing(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        store.add(*make_upload("base", 20))
        expected = _counts(store)
    assert expected == (20, 20, 0)
    rng = random.Random(4)
    add_time: float | None = None
    outcomes: list[tuple[str, bool]] = []
    for run in range(5):
        # the first run finishes and times the add; later ones are killed around its end,
        # where the commit writes the log (and the data file when the log is over 16 MB)
        delay = None if add_time is None else rng.uniform(0.4, 1.1) * add_time
        took, wal_left = _write_and_kill(tmp_path, f"big{run}", delay)
        add_time = add_time or took
        with Store(tmp_path) as store:  # no repair step: it just opens
            articles, n_events, orphans = _counts(store)
            assert orphans == 0
            assert (articles, n_events) in {
                expected[:2],
                (expected[0] + BIG_UPLOAD, expected[1] + BIG_UPLOAD),
            }, f"run {run}: half an upload ({articles} articles, {n_events} events)"
            if took is not None:
                assert articles == expected[0] + BIG_UPLOAD
            outcomes.append(("all" if articles > expected[0] else "none", wal_left))
            # and it goes on working: a small upload lands and is counted
            summary = ingest_upload(store, f"after{run}.txt", story("after", run))
            assert summary.ok and summary.new_articles == 1
            assert store.count_events(FilterState(types=("funding",))) == n_events + 1
            expected = _counts(store)
    assert outcomes[0][0] == "all"
    print("kill outcomes (rows, log left):", outcomes)


def test_concurrent_sessions_all_land(tmp_path: Path) -> None:
    writers, uploads = 4, 25
    errors: list[BaseException] = []
    with Store(tmp_path) as store:

        def session(n: int) -> None:
            try:
                for i in range(uploads):
                    summary = ingest_upload(store, f"w{n}-{i}.txt", story(f"T{n}", i))
                    assert summary.ok and summary.new_articles == 1, summary.lines()
                    store.headline(FilterState())
                    if i % 5 == 0:
                        store.query(FilterState(), limit=10)
            except BaseException as err:  # reported below
                errors.append(err)

        threads = [threading.Thread(target=session, args=(n,)) for n in range(writers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert errors == []
        assert _counts(store) == (100, 100, 0)
        assert store.headline(FilterState())["funding"].events == 100


@pytest.mark.slow
def test_concurrent_processes_all_land_by_waiting_their_turn(tmp_path: Path) -> None:
    Store(tmp_path).close()
    procs = [
        subprocess.Popen([sys.executable, "-c", _UPLOADER, str(ROOT), str(tmp_path), str(n), "5"])
        for n in range(4)
    ]
    try:
        codes = [p.wait(timeout=50) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    assert codes == [0, 0, 0, 0]
    with Store(tmp_path) as store:
        assert _counts(store) == (20, 20, 0)
