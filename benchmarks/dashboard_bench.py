"""The dashboard in headless Chromium: first render, upload to updated table, filter to redraw.

    python benchmarks/dashboard_bench.py [--events 100000,2000000] [--repeats 2]
        [--upload-mb 1] [--screenshot docs/dashboard.png]

Each measurement runs ``streamlit run app.py`` on 127.0.0.1 with a fresh data directory (under a
temporary folder, deleted at the end) and drives Debian's Chromium (``/usr/bin/chromium``) with
Playwright. Prints, one a line:

- ``first render``: from navigation to the five plotly charts, the table and its heading shown,
  on the bundled data: ``cold`` is the first visit (the store is created and filled from
  ``data/`` during it), ``warm`` a new browser session on the running server;
- ``upload``: from handing a generated article file of ``--upload-mb`` MB (varied stories from
  ``benchmarks/corpus.py``) to the file input to the upload summary shown and the table's
  ``Events (N)`` heading updated, with the app idle;
- ``redraw N events``: for a store filled with N synthetic events
  (``benchmarks/synthetic_events.py``), a series of filter changes, each to a state not seen
  before (so no cache answers it): add an event type, a currency, another currency, a sector,
  a company search. Each is timed from the click or key press to the end of the script run it
  started (Streamlit's ``data-test-script-state`` back to ``notRunning``, time taken in the page)
  plus two animation frames (the browser has painted it); median and worst are printed, and
  the first render of that store too;
- ``review queue N events``: after "Reset filters" (back to the default view: every funding,
  fine and acquisition in the queue), from a click on the "Review" view to the review queue's
  first page painted (its heading, table and the first row's form), then from a filter change
  on that view (a currency, a state not seen before) to the new first page painted.

A final ``summary:`` line says whether the 1 s aims at 2,000,000 events are met (the redraw, and
the review queue's first page).
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

import dashboard_page as dp  # noqa: E402
from streamlit_server import CHROMIUM, CHROMIUM_ARGS, StreamlitServer, chromium_missing  # noqa: E402

from analytics.store import Store, resolve_sample_dir  # noqa: E402
from benchmarks.corpus import _text_file  # noqa: E402
from benchmarks.synthetic_events import fill_duckdb  # noqa: E402

VIEWPORT = {"width": 1400, "height": 1000}

# In-page timing of script runs: the time of the action, of each state change of .stApp, and of
# the second animation frame after each run ended (the browser has painted its result).
_WATCH = """() => {
  const app = document.querySelector('.stApp[data-test-script-state]');
  window.__dsRuns = [];
  if (window.__dsObserver) window.__dsObserver.disconnect();
  // one entry per change, read from the records: a run that starts and ends within one task
  // gives one callback with two records (reading the attribute once would miss the run)
  window.__dsObserver = new MutationObserver((records) => {
    const now = performance.now();
    records.forEach((record, i) => {
      const value = i + 1 < records.length ? records[i + 1].oldValue
                                           : app.getAttribute('data-test-script-state');
      const entry = [now, value, null];
      window.__dsRuns.push(entry);
      if (value === 'notRunning' && i + 1 === records.length) {
        requestAnimationFrame(() => requestAnimationFrame(() => { entry[2] = performance.now(); }));
      }
    });
  });
  window.__dsObserver.observe(app, {attributes: true, attributeOldValue: true,
                                    attributeFilter: ['data-test-script-state']});
  return performance.now();
}"""
# Resolves once a run started after the action has ended, was painted, and nothing ran for
# ``quiet`` ms since (a second run would be counted in); gives [run ended, painted].
_SETTLED = """async ([quiet, timeout]) => {
  const app = document.querySelector('.stApp[data-test-script-state]');
  const deadline = performance.now() + timeout;
  while (performance.now() < deadline) {
    const runs = window.__dsRuns;
    const started = runs.some(r => r[1] === 'running');
    const last = runs.length ? runs[runs.length - 1] : null;
    if (started && last && last[1] === 'notRunning' && last[2] !== null
        && app.getAttribute('data-test-script-state') === 'notRunning'
        && performance.now() - last[0] >= quiet) {
      return [last[0], last[2]];
    }
    await new Promise(r => setTimeout(r, 20));
  }
  return null;
}"""


def timed_change(page, action: Callable[[], None], timeout_s: float = 120.0) -> tuple[float, float]:
    """Seconds from ``action`` to the end of the script run(s) it caused, and to it painted."""
    t0 = page.evaluate(_WATCH)
    action()
    settled = page.evaluate(_SETTLED, [400, timeout_s * 1000])
    if settled is None:
        raise TimeoutError(f"no script run ended within {timeout_s} s of the filter change")
    ended, painted = settled
    return (ended - t0) / 1000, (painted - t0) / 1000


def open_page(browser, url: str):
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(dp.RERUN_MS * 4)
    return page


def first_render(browser, url: str) -> tuple[float, object]:
    page = open_page(browser, url)
    t = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=dp.FIRST_RENDER_MS * 5)
    dp.wait_rendered(page, timeout_ms=dp.FIRST_RENDER_MS * 5)
    seconds = time.perf_counter() - t
    dp.wait_idle(page, timeout_ms=dp.FIRST_RENDER_MS * 5)
    return seconds, page


def upload_file(mb: float, seed: int = 7) -> bytes:
    """About ``mb`` MB of varied stories (several files of the corpus generator, joined)."""
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < mb * 1_000_000:
        text, _ = _text_file(rng)
        parts.append(text)
        size += len(text.encode())
    return "\n\n".join(parts).encode()


def bench_bundled(browser, work: Path, args: argparse.Namespace) -> None:
    server = StreamlitServer(work / "bundled", log_path=work / "bundled.log").start()
    try:
        cold, page = first_render(browser, server.url)
        if args.screenshot:
            dp.full_page_screenshot(page, str(args.screenshot))
            print(f"screenshot: {args.screenshot}")
        page.context.close()
        warm = []
        for _ in range(args.repeats):
            seconds, page = first_render(browser, server.url)
            warm.append(seconds)
            page.context.close()
        print(
            f"first render (bundled data): cold {cold:.2f} s (store created and filled during "
            f"it), warm {statistics.median(warm):.2f} s (median of {len(warm)})"
        )

        data = upload_file(args.upload_mb)
        page = open_page(browser, server.url)
        page.goto(server.url, wait_until="commit")
        dp.wait_rendered(page)
        dp.wait_idle(page)
        before = dp.events_count(page)
        t = time.perf_counter()
        dp.upload(page, "bench_upload.txt", data)
        page.get_by_text("bench_upload.txt: ", exact=False).first.wait_for(
            timeout=dp.FIRST_RENDER_MS * 10
        )
        after = dp.wait_events_count_change(page, before, timeout_ms=dp.FIRST_RENDER_MS * 10)
        shown = time.perf_counter() - t
        dp.wait_idle(page, timeout_ms=dp.FIRST_RENDER_MS * 10)
        idle = time.perf_counter() - t
        summary = page.get_by_text("bench_upload.txt: ", exact=False).first.inner_text()
        page.context.close()
        print(
            f"upload {len(data) / 1e6:.2f} MB file: table updated in {shown:.2f} s "
            f"(app idle at {idle:.2f} s); {after - before:,} new money events; "
            f"{len(data) / 1e6 / shown:.2f} MB/s; summary: {summary.splitlines()[0][:120]}"
        )
    finally:
        server.stop()


def filter_changes(page) -> list[tuple[str, Callable[[], None]]]:
    """Filter changes, each to a state the app has not computed yet."""

    def choose(label: str, name: str) -> Callable[[], None]:
        # by name: the first option of a Streamlit 1.67 multiselect is "Select all", and the
        # option list is virtualized (typing narrows it so the option is rendered)
        def act() -> None:
            dp.choose_option(page, label, name)

        return act

    def search(term: str) -> Callable[[], None]:
        def act() -> None:
            box = dp.search_box(page)
            box.fill(term)
            box.press("Enter")

        return act

    # synthetic stores and the bundled data both have these currencies and sector
    return [
        ("event type +valuation", choose("Event type", "valuation")),
        ("currency EUR", choose("Currency", "EUR")),
        ("currency +GBP", choose("Currency", "GBP")),
        ("sector fintech", choose("Sector", "fintech")),
        ("company search 'an'", search("an")),
        ("event type +revenue", choose("Event type", "revenue")),
    ]


def bench_events(
    browser, work: Path, n: int, args: argparse.Namespace
) -> tuple[list[float], list[float]]:
    data_dir = work / f"events-{n}"
    with Store(data_dir) as store:
        store.ensure_seeded(resolve_sample_dir())
    fill_s = fill_duckdb(data_dir / "dealscope.duckdb", n)
    with Store(data_dir) as store:
        total = store.count_events()
    print(f"store {n:,}: filled in {fill_s:.1f} s ({total:,} events with the bundled sample)")
    server = StreamlitServer(data_dir, log_path=work / f"events-{n}.log").start()
    redraws: list[float] = []
    try:
        render, page = first_render(browser, server.url)
        print(f"first render {n:,} events: {render:.2f} s ({dp.events_count(page):,} in view)")
        # keep the changes narrow enough to stay meaningful: each one adds to the last
        for name, action in filter_changes(page):
            before = dp.events_count(page)
            run_s, painted_s = timed_change(page, action)
            after = dp.events_count(page)
            redraws.append(painted_s)
            print(
                f"redraw {n:,} events, {name}: {painted_s:.3f} s "
                f"(script run {run_s:.3f} s; {before:,} -> {after:,} rows)"
            )
        review = review_queue_times(page, n)
        page.context.close()
    finally:
        server.stop()
    print(
        f"redraw {n:,} events: median {statistics.median(redraws):.3f} s, "
        f"worst {max(redraws):.3f} s over {len(redraws)} filter changes"
    )
    return redraws, review


def review_queue_times(page, n: int) -> list[float]:
    """Seconds to the review queue's first page painted: switching to the view, then a filter
    change on it (neither answered by a cache)."""
    times = []

    def to_review() -> None:
        page.get_by_role("radio", name="Review", exact=True).click()

    page.get_by_role("button", name="Reset filters").click()
    dp.wait_idle(page)
    for name, action in (
        ("open the Review view (default filters)", to_review),
        ("currency JPY", lambda: dp.choose_option(page, "Currency", "JPY")),
    ):
        run_s, painted_s = timed_change(page, action)
        heading = page.get_by_role("heading", name=re.compile(r"^Review queue \("))
        heading.first.wait_for()
        page.get_by_role("button", name="Save correction").wait_for()
        times.append(painted_s)
        print(
            f"review queue {n:,} events, {name}: first page {painted_s:.3f} s "
            f"(script run {run_s:.3f} s; {heading.first.inner_text()})"
        )
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", default="100000,2000000", help="comma-separated store sizes")
    parser.add_argument("--repeats", type=int, default=2, help="warm first renders to time")
    parser.add_argument("--upload-mb", type=float, default=1.0)
    parser.add_argument("--screenshot", type=Path, help="save the bundled first render here")
    parser.add_argument("--skip-bundled", action="store_true", help="only the redraw runs")
    args = parser.parse_args(argv)
    reason = chromium_missing()
    if reason:
        print(f"cannot run: {reason}", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the servers on SIGTERM too
    sizes = [int(s.replace("_", "")) for s in args.events.split(",") if s.strip()]
    work = Path(tempfile.mkdtemp(prefix="dealscope-dashboard-bench-"))
    results: dict[int, list[float]] = {}
    reviews: dict[int, list[float]] = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                if not args.skip_bundled:
                    bench_bundled(browser, work, args)
                for n in sizes:
                    results[n], reviews[n] = bench_events(browser, work, n, args)
            finally:
                browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    parts = [f"{n:,} events median {statistics.median(r):.3f} s" for n, r in results.items()]
    big = max(results) if results else None
    aim = ""
    if big is not None and big >= 2_000_000:
        worst = max(results[big])
        verdict = "met" if worst < 1.0 else "NOT met"
        aim = f"; 1 s aim at {big:,} events {verdict} (worst {worst:.3f} s)"
        queue = max(reviews[big])
        aim += (
            f"; review queue's first page at {big:,} events {queue:.3f} s "
            f"(1 s aim {'met' if queue < 1.0 else 'NOT met'})"
        )
    print("summary: redraw " + ", ".join(parts) + aim)
    return 0


if __name__ == "__main__":
    sys.exit(main())
