"""The store calls one dashboard rerun makes, timed one by one, and a full AppTest rerun.

    python benchmarks/store_query_bench.py [EVENTS] [--repeats 3] [--states NAME,...] [--fresh]
        [--no-apptest]

Fills a store (seeded from ``data/`` like the dashboard's first start, then ``EVENTS`` synthetic
events from ``benchmarks/synthetic_events.py``, default 2,000,000) under
``/tmp/dealscope-bench/events-EVENTS/`` and reuses it on later runs (``--fresh`` rebuilds it).
Prints:

- ``per version``: the calls the app caches per store version (overview figures, distinct values
  for the filter options, date span, and the aggregates over every event type that states
  filtering on types only are answered from), each timed, and their sum;
- for each filter state (default view; type=fine; sector=fintech; a company search; a USD range;
  a date range; revenue added to the default types, a broad one): the time of each call a rerun
  with a new filter makes (headline figures, the five chart aggregates, the row count, the first
  page of the table) and their sum, then the time of drawing the five plotly figures from those
  aggregates (Python, apart from the store);
- ``apptest``: ``AppTest.from_file('app.py')`` against the store, a first run on the default view
  (warms the caches), then reruns each with a filter state no cache has seen (``--repeats``
  sectors chosen one after the other, then as many company searches, then revenue added to the
  event types, which keeps three quarters of the events), their median and worst, the process's
  CPU time per rerun, and a rerun that only changes the table's order.

Per-state figures are medians of ``--repeats`` runs (the store's per-state sets emptied before
each, its per-version aggregates kept); the load average is printed because other processes on
the machine move every figure.

A final ``summary:`` line gives the worst per-state sum and the AppTest rerun. No figure is
asserted: run it on the machine you care about.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analytics import charts  # noqa: E402
from analytics.filters import FilterState  # noqa: E402
from analytics.schema import PRIMARY_TYPES  # noqa: E402
from analytics.store import Store, resolve_sample_dir  # noqa: E402
from benchmarks.synthetic_events import fill_duckdb  # noqa: E402

CACHE_DIR = Path("/tmp/dealscope-bench")
FIGURES: dict[str, Callable[[Any], Any]] = {
    "by_type_sector": charts.money_by_type_sector,
    "by_month": charts.money_by_month,
    "top_companies": charts.largest_companies,
    "fines_by_authority": charts.fines_by_authority,
    "deal_sizes": charts.deal_sizes,
}
CHARTS = tuple(FIGURES)
OPTION_COLUMNS = ("sector", "currency", "round", "source")
STATES: dict[str, FilterState] = {
    "default": FilterState(),
    "type=fine": FilterState(types=("fine",)),
    "sector=fintech": FilterState(sectors=("fintech",)),
    "search 'an'": FilterState(search="an"),
    "usd 5m..50m": FilterState(usd=(5e6, 5e7)),
    "dates 2022": FilterState(dates=("2022-01-01", "2022-12-31")),
    "type +revenue": FilterState(types=(*PRIMARY_TYPES, "revenue")),
}


def cached_store(n: int, *, fresh: bool = False) -> Path:
    """A data directory with the sample and ``n`` synthetic events (built once, then reused)."""
    data_dir = CACHE_DIR / f"events-{n}"
    done = data_dir / ".filled"
    if fresh and data_dir.exists():
        shutil.rmtree(data_dir)
    if not done.exists():
        if data_dir.exists():
            shutil.rmtree(data_dir)
        with Store(data_dir) as store:
            store.ensure_seeded(resolve_sample_dir())
        seconds = fill_duckdb(data_dir / "dealscope.duckdb", n)
        done.write_text(str(n))
        print(f"store: filled {n:,} synthetic events in {seconds:.1f} s into {data_dir}")
    else:
        print(f"store: reusing {data_dir}")
    return data_dir


def timed(call: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds of one call and its result."""
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def per_version(store: Store) -> float:
    """Time the calls the app caches per store version; print each; return their sum."""
    calls: list[tuple[str, Callable[[], Any]]] = [
        ("version", store.version),
        ("count_articles", store.count_articles),
        ("count_money_events", store.count_money_events),
        ("date_span", store.date_span),
    ]
    calls += [(f"distinct {c}", lambda c=c: store.distinct_values(c)) for c in OPTION_COLUMNS]
    default = FilterState()  # type-only states share aggregates over every type, per version
    calls += [("type-only aggregates", lambda: [store.aggregate(c, default) for c in CHARTS])]
    total = 0.0
    parts = []
    for name, call in calls:
        seconds, _ = timed(call)
        total += seconds
        parts.append(f"{name} {seconds * 1000:.0f}")
    print(f"per version: {total * 1000:.0f} ms ({', '.join(parts)} ms)")
    return total


def per_state(store: Store, name: str, state: FilterState, repeats: int) -> float:
    """Time the calls a rerun with a new filter state makes, ``repeats`` times with the store's
    per-state cache emptied each time; print the median of each; return the median sum."""
    calls: list[tuple[str, Callable[[], Any]]] = [("headline", lambda: store.headline(state))]
    calls += [(c, lambda c=c: store.aggregate(c, state)) for c in CHARTS]
    calls += [
        ("count", lambda: store.count_events(state)),
        ("page", lambda: store.query(state, limit=50, offset=0)),
    ]
    times: dict[str, list[float]] = {c: [] for c, _ in calls}
    sums: list[float] = []
    drawn: list[float] = []
    rows = 0
    for _ in range(repeats):
        filtered_sets = getattr(store, "_filtered_sets", None)
        if filtered_sets is not None:  # not the per-version aggregates: the first run made them
            with store._lock:
                filtered_sets.clear()
        frames: dict[str, Any] = {}
        total = 0.0
        for call_name, call in calls:
            seconds, frames[call_name] = timed(call)
            times[call_name].append(seconds)
            total += seconds
        sums.append(total)
        rows = int(frames["count"])
        drawn.append(timed(lambda f=frames: [FIGURES[c](f[c]) for c in CHARTS])[0])
    parts = ", ".join(f"{c} {statistics.median(t) * 1000:.0f}" for c, t in times.items())
    total = statistics.median(sums)
    print(
        f"state {name}: {total * 1000:.0f} ms for {rows:,} rows ({parts} ms); drawing the five "
        f"figures from them {statistics.median(drawn) * 1000:.0f} ms (medians of {repeats})"
    )
    return total


def apptest_reruns(data_dir: Path, repeats: int) -> tuple[float, float]:
    """A first run, then reruns each with a filter state no cache has seen (a sector chosen,
    then a company search), then one that only changes the table's order; print their
    seconds."""
    from streamlit.testing.v1 import AppTest

    os.environ["DEALSCOPE_DATA_DIR"] = str(data_dir)
    os.environ["DEALSCOPE_SAMPLE_DIR"] = str(resolve_sample_dir())
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    first, _ = timed(at.run)
    _check(at)
    changes: list[tuple[str, Callable[[], Any]]] = []
    for sector in ("fintech", "healthtech", "climate", "edtech", "cybersecurity")[:repeats]:
        changes.append(
            (
                f"sector={sector}",
                lambda v=sector: at.multiselect(key="filter_sector").set_value([v]),
            )
        )
    for term in ("an", "el", "ro", "in", "ta")[:repeats]:
        changes.append(
            (f"search '{term}'", lambda v=term: at.text_input(key="filter_q").set_value(v))
        )

    def broad() -> None:  # no sector, no search, revenue added: three quarters of the events
        at.multiselect(key="filter_sector").set_value([])
        at.text_input(key="filter_q").set_value("")
        at.multiselect(key="filter_type").set_value([*PRIMARY_TYPES, "revenue"])

    changes.append(("type +revenue alone", broad))
    reruns: list[float] = []
    cpu: list[float] = []
    parts = []
    for name, change in changes:
        change()
        cpu_before = time.process_time()
        seconds, _ = timed(at.run)
        cpu.append(time.process_time() - cpu_before)
        _check(at)
        reruns.append(seconds)
        parts.append(f"{name} {seconds:.3f}")
    at.selectbox(key="table_order").set_value("newest")
    order, _ = timed(at.run)
    _check(at)
    print(f"apptest: first run {first:.2f} s; filter reruns {', '.join(parts)} s")
    print(
        f"apptest: filter rerun median {statistics.median(reruns):.3f} s, worst "
        f"{max(reruns):.3f} s over {len(reruns)} new states (CPU time of the process, all "
        f"threads: median {statistics.median(cpu):.3f} s); table order only {order:.3f} s"
    )
    return statistics.median(reruns), max(reruns)


def _check(at: Any) -> None:
    if at.exception:
        raise RuntimeError([e.value for e in at.exception])
    if at.error:
        raise RuntimeError([e.value for e in at.error])


def main(argv: list[str] | None = None) -> int:
    """Command line: fill or reuse a store, time its calls per rerun and an AppTest rerun."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("events", nargs="?", type=int, default=2_000_000)
    parser.add_argument("--states", default=",".join(STATES), help="comma-separated names")
    parser.add_argument("--fresh", action="store_true", help="rebuild the cached store")
    parser.add_argument("--no-apptest", action="store_true")
    parser.add_argument("--repeats", type=int, default=3, help="timings per state (median)")
    args = parser.parse_args(argv)
    data_dir = cached_store(args.events, fresh=args.fresh)
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    opened, store = timed(lambda: Store(data_dir))
    try:
        print(f"store: {store.count_events():,} events, opened in {opened * 1000:.0f} ms")
        per_version(store)
        sums = {
            name: per_state(store, name, STATES[name], args.repeats)
            for name in args.states.split(",")
            if name in STATES
        }
    finally:
        store.close()
    worst = max(sums, key=sums.__getitem__)
    line = f"summary: {args.events:,} events, worst state {worst} {sums[worst] * 1000:.0f} ms"
    if not args.no_apptest:
        median, worst = apptest_reruns(data_dir, args.repeats)
        line += f"; apptest filter rerun median {median:.3f} s, worst {worst:.3f} s"
    line += f"; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs"
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
