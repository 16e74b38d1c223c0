"""The server killed (SIGKILL) in the middle of an upload: the store is as before it, or holds
all of it, never part; the next start opens it with no repair step and shows those counts.

A store is filled with the bundled sample, then three rounds each start ``streamlit run app.py``
on it, upload through the browser a generated JSON Lines file of about 3 MB (some 1,900 varied
stories from ``benchmarks/corpus.py``: its extraction takes the server several seconds, its write
a few hundred milliseconds) and SIGKILL the streamlit process itself (the pid that holds the
DuckDB file open, checked in ``/proc``) at one moment of that upload:

* ``extracting``: a random 0.3-2.0 s after the app's script starts running on the new file
  (the file has reached the server; it is being read and its events extracted);
* ``commit``: as soon as bytes are written to the store's write-ahead log (polled every
  millisecond): the upload's one transaction is being committed;
* ``after commit``: a random 5-60 ms after the log starts growing (the commit is written, not
  yet checkpointed: the next open replays the log).

Why the counts are read from the file only while no server runs: DuckDB lets one process open
the file, and the server holds it for its whole life (a read-only open from the test process is
refused). So the sample is loaded by the test itself with ``Store.ensure_seeded`` (the call the
app makes on first start, which then finds it loaded), and each round's "before" counts are the
ones read after the previous kill. The page's header line ("N articles · M money events · ...")
and its ``Events (N)`` heading are compared with them after every start.

After each kill: the process has exited with -9; ``Store(data_dir)`` opens the file (nothing else
is done to it) and the articles, events and store version are either exactly the "before" values
or those plus the whole file (article count from ``read_articles`` on the same bytes minus the ids
already stored, event count from ``extract_articles`` on them, every one of the file's ids
present); then, read-only with duckdb after closing it, no event lacks its article and no group
link lacks its event. The next round's server (and one more at the end) opens it and its page
shows the same counts. Server logs go to ``artifacts/streamlit-kill-*.log``.

Seen here: ``extracting`` and ``commit`` left the store as before (a kill at the commit leaves a
part-written log, which the next open ignores and the next commit overwrites), ``after commit``
left all of the upload, replayed from the log. Takes 45-60 s here (four server starts and first
renders, three 3 MB uploads, one extraction in the test for the upload that landed).
Run: ``python -m pytest -m browser tests/browser/test_kill_during_upload.py -s`` (``-s`` prints
each round's moment and outcome).
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from streamlit_server import ROOT, StreamlitServer, chromium_missing, copy_log

pytestmark = pytest.mark.browser
if chromium_missing():
    pytest.skip(chromium_missing(), allow_module_level=True)
if str(ROOT) not in sys.path:  # benchmarks/ is a folder of scripts, importable from the root
    sys.path.insert(0, str(ROOT))

import dashboard_page as dp  # noqa: E402
from playwright.sync_api import Browser, Page, expect  # noqa: E402

from analytics.articles import Article  # noqa: E402
from analytics.extract import extract_articles  # noqa: E402
from analytics.filters import FilterState  # noqa: E402
from analytics.reading import read_articles  # noqa: E402
from analytics.store import DB_FILENAME, Store, resolve_sample_dir  # noqa: E402
from benchmarks.corpus import story  # noqa: E402

#: Size of each round's upload (10**6 bytes).
UPLOAD_MB = 3.0
#: The app's header line: ``1,234 articles · 567 money events · 2019-01-02 to 2026-10-30``.
HEADER_LINE = re.compile(r"^([\d,]+) articles? · ([\d,]+) money events? · ")
#: Longest wait for the server to reach a round's moment (upload, read, extract, write).
MOMENT_TIMEOUT_S = 60.0

expect.set_options(timeout=dp.RERUN_MS)


def big_upload(seed: int, mb: float = UPLOAD_MB) -> bytes:
    """About ``mb`` MB of JSON Lines, one generated story a line (title, date, text)."""
    rng = random.Random(f"dealscope-kill-upload:{seed}")
    lines: list[str] = []
    size = 0
    while size < mb * 1_000_000:
        headline, body, _, published = story(rng)
        line = json.dumps(
            {"title": headline, "date": published.isoformat(), "text": body}, ensure_ascii=False
        )
        lines.append(line)
        size += len(line.encode()) + 1
    return ("\n".join(lines) + "\n").encode()


@dataclass(frozen=True)
class StoreCounts:
    """What the store file holds, read with no server running."""

    articles: int
    events: int
    money_events: int
    listed: int  # events the default view lists (the page's ``Events (N)``)
    version: int

    def shown(self) -> tuple[int, int, int]:
        """The figures the page shows: header's articles and money events, table heading."""
        return self.articles, self.money_events, self.listed


def read_store(data_dir: Path, ids: list[str] | None = None) -> tuple[StoreCounts, set[str]]:
    """Open the store as the app does (no repair step), count, and say which of ``ids`` it
    has; then, the file closed, check read-only that every event has its article and every
    group link its event."""
    with Store(data_dir) as store:
        counts = StoreCounts(
            articles=store.count_articles(),
            events=store.count_events(),
            money_events=store.count_money_events(),
            listed=store.count_events(FilterState()),
            version=store.version(),
        )
        known = store.known_article_ids(ids or [])
    con = duckdb.connect(str(data_dir / DB_FILENAME), read_only=True)
    try:
        orphan_events, orphan_links = con.execute(
            "SELECT (SELECT count(*) FROM events e WHERE NOT EXISTS "
            "        (SELECT 1 FROM articles a WHERE a.article_id = e.article_id)), "
            "       (SELECT count(*) FROM event_groups g WHERE NOT EXISTS "
            "        (SELECT 1 FROM events e WHERE e.event_id = g.event_id))"
        ).fetchone()
    finally:
        con.close()
    assert (orphan_events, orphan_links) == (0, 0), "events without articles / links without events"
    return counts, known


def shown_counts(page: Page) -> tuple[int, int, int]:
    """The header line's articles and money events, and the table heading's event count."""
    line = page.get_by_text(HEADER_LINE).first
    expect(line).to_be_visible()
    match = HEADER_LINE.match(line.inner_text().strip())
    assert match, line.inner_text()
    articles, money = (int(g.replace(",", "")) for g in match.groups())
    return articles, money, dp.events_count(page)


def holds_store(pid: int, db_path: Path) -> bool:
    """Whether process ``pid`` has the store file open (so it is the one to kill)."""
    target = str(db_path.resolve())
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            if os.readlink(fd) == target:
                return True
        except OSError:
            continue
    return False


def wal_size(db_path: Path) -> int:
    try:
        return db_path.with_name(db_path.name + ".wal").stat().st_size
    except FileNotFoundError:
        return -1


def wait_for(what: str, ready: Callable[[], bool], server: StreamlitServer) -> None:
    """Poll ``ready`` every millisecond; fail (with the server's log) if the server exits first
    or ``MOMENT_TIMEOUT_S`` passes."""
    deadline = time.monotonic() + MOMENT_TIMEOUT_S
    while not ready():
        assert server.proc is not None and server.proc.poll() is None, (
            f"the server exited before {what}:\n{server.log()}"
        )
        assert time.monotonic() < deadline, f"no {what} in {MOMENT_TIMEOUT_S} s:\n{server.log()}"
        time.sleep(0.001)


def wait_moment(
    moment: str, page: Page, server: StreamlitServer, wal_before: int, rng: random.Random
) -> str:
    """Return once the upload has reached ``moment`` (the file input is already set), with a
    note of when that was."""
    db_path = server.data_dir / DB_FILENAME
    if moment == "extracting":
        # the rerun the uploaded file triggers; checked in the page, every 20 ms or so
        wait_for("script run on the upload", lambda: dp.script_state(page) == "running", server)
        delay = rng.uniform(0.3, 2.0)
        time.sleep(delay)
        return f"{delay:.2f} s into the run"
    # DuckDB creates the log empty, then writes the transaction into it at the commit
    grown = max(wal_before, 0)
    wait_for("write to the store", lambda: wal_size(db_path) > grown, server)
    if moment == "commit":
        return "the log just grew"
    delay = rng.uniform(0.005, 0.060)
    time.sleep(delay)
    return f"{delay * 1000:.0f} ms after the log grew"


@pytest.mark.slow
def test_server_killed_during_an_upload_leaves_the_store_all_or_nothing(
    browser: Browser, tmp_path: Path
) -> None:
    started = time.monotonic()
    data_dir = tmp_path / "store"
    db_path = data_dir / DB_FILENAME
    with Store(data_dir) as store:  # the bundled sample, as the app's first start loads it
        seeded = store.ensure_seeded(resolve_sample_dir())
    assert seeded is not None and seeded.added.new_articles > 0
    before, _ = read_store(data_dir)

    run_seed = random.randrange(10**6)
    rng = random.Random(run_seed)
    print(f"\nkill moments drawn with seed {run_seed}; sample: {before}")
    outcomes: list[tuple[str, str, str, int]] = []
    moments = ("extracting", "commit", "after commit")
    for n in range(len(moments) + 1):
        last = n == len(moments)
        if not last:
            moment, name, data = moments[n], f"wire-{n}.jsonl", big_upload(n)
            articles: list[Article] = read_articles(data, name)
            ids = list(dict.fromkeys(a.content_id for a in articles))
            before, known = read_store(data_dir, ids)
            new_ids = set(ids) - known
            assert new_ids, "the upload must bring articles the store lacks"
        server = StreamlitServer(data_dir, log_path=tmp_path / f"streamlit-{n}.log").start()
        try:
            page = dp.open_dashboard(browser, server.url)
            # a (re)started server shows exactly what the file held when it was last closed
            assert shown_counts(page) == before.shown(), f"start {n}: page vs store {before}"
            if last:
                page.context.close()
                break
            assert server.proc is not None and holds_store(server.proc.pid, db_path)
            wal_before = wal_size(db_path)
            dp.upload(page, name, data, mime="application/x-ndjson")
            when = wait_moment(moment, page, server, wal_before, rng)
            os.kill(server.proc.pid, signal.SIGKILL)
            assert server.proc.wait(timeout=10) == -signal.SIGKILL
            wal_left = wal_size(db_path)
            page.context.close()
        finally:
            server.stop()  # reaps a killed server too (and closes its log)
            copy_log(server, f"streamlit-kill-{n}.log")

        after, present = read_store(data_dir, ids)
        if after.articles == before.articles:
            outcome = "none"
            assert after == before, f"{moment}: rows changed with no article added: {after}"
            assert present == known, f"{moment}: {len(present - known)} of the file's articles"
        else:
            outcome = "all"
            new_events = len(extract_articles([a for a in articles if a.content_id in new_ids]))
            expected = (before.articles + len(new_ids), before.events + new_events)
            assert (after.articles, after.events) == expected, (
                f"{moment}: half an upload: {after} (before {before}, file {len(new_ids)} "
                f"new articles, {new_events} events)"
            )
            assert present == set(ids)
            assert after.version == before.version + 1
        outcomes.append((moment, when, outcome, wal_left))
        print(f"round {n} {moment} ({when}): {outcome}; log {wal_before} -> {wal_left} B; {after}")
        before = after
    print(f"outcomes: {outcomes}; {time.monotonic() - started:.1f} s")
