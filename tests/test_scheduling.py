"""The dashboard's query scheduling (``analytics.scheduling``): each answer equals the store's own
call, every job of a state is submitted once and together, a prefetched page serves only the
page it was read for, and a failing query raises where its answer is asked for."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import replace
from typing import Any

import pandas as pd
import pytest
from dashboard_helpers import corpus

from analytics.export import view_csv
from analytics.filters import FilterState
from analytics.scheduling import Scheduler, read_page, should_prefetch
from analytics.store import Store

CHARTS = ("by_type_sector", "by_month", "top_companies", "by_counterparty", "deal_sizes")


class Recording(Executor):
    """Runs each job at once in the calling thread and keeps what was submitted."""

    def __init__(self) -> None:
        self.jobs: list[Callable[..., Any]] = []

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.jobs.append(fn)
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as err:  # kept for .result(), as a pool thread keeps it
            future.set_exception(err)
        return future


@pytest.fixture
def store(store: Store) -> Store:
    """The shared empty store, filled with the test corpus."""
    store.add(*corpus())
    return store


@pytest.fixture
def threads() -> Iterator[Scheduler]:
    pool = ThreadPoolExecutor(max_workers=2)
    yield Scheduler(pool)
    pool.shutdown(wait=True)


def test_answers_are_the_stores_own(store: Store, threads: Scheduler) -> None:
    state = FilterState(types=())
    data = threads.state_data(store, state, "funding", CHARTS)
    assert data.get("headline") == store.headline(state)
    assert data.get("count") == store.count_events(state) == 10
    for name in CHARTS:
        for kind in ("funding", "fine"):
            expected = store.aggregate(name, replace(state, types=(kind,)))
            pd.testing.assert_frame_equal(data.chart(name, kind), expected)


def test_a_states_jobs_are_submitted_once_and_together(store: Store) -> None:
    pool = Recording()
    data = Scheduler(pool).state_data(store, FilterState(types=()), "funding", CHARTS)
    assert pool.jobs == []  # nothing asked before the page asks
    data.get("count")
    assert len(pool.jobs) == 2 + len(CHARTS)  # headline, count, the guessed type's charts
    data.get("headline")
    data.chart("by_month", "funding")
    assert len(pool.jobs) == 2 + len(CHARTS)
    data.chart("by_month", "fine")  # another type: its five charts, once
    data.chart("deal_sizes", "fine")
    assert len(pool.jobs) == 2 + 2 * len(CHARTS)


def test_no_chart_jobs_for_a_type_the_filters_leave_out(store: Store) -> None:
    pool = Recording()
    data = Scheduler(pool).state_data(store, FilterState(types=("fine",)), "funding", CHARTS)
    assert data.get("headline") == store.headline(FilterState(types=("fine",)))
    assert len(pool.jobs) == 2


def test_a_prefetched_page_serves_only_its_own_page(store: Store) -> None:
    pool = Recording()
    state = FilterState(types=())
    prefetch = Scheduler(pool).prefetch_page(store, state, "largest", 2, 4)
    assert len(pool.jobs) == 1
    ahead = prefetch.rows(store, state, "largest", 2)
    assert ahead is prefetch.future.result()
    assert list(ahead["event_id"]) == list(read_page(store, state, "largest", 2, 4)["event_id"])
    whole = store.query(state, limit=None, order="largest")
    assert list(ahead["event_id"]) == list(whole["event_id"][4:8])
    other = prefetch.rows(store, state, "largest", 3)  # read now, not from the prefetch
    assert list(other["event_id"]) == list(whole["event_id"][8:12])
    assert len(pool.jobs) == 1


def test_csv_bytes_come_from_the_worker(store: Store, threads: Scheduler) -> None:
    state = FilterState(types=("fine",))
    data = threads.csv(store, state, "newest", store.count_events(state)).result()
    assert data == view_csv(store, state, "newest", store.count_events(state))
    assert data.count(b"\n") == store.count_events(state) + 1


def test_a_failing_query_raises_where_it_is_asked_for(
    store: Store, threads: Scheduler, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("the count failed")

    monkeypatch.setattr(store, "count_events", broken)
    data = threads.state_data(store, FilterState(), None, CHARTS)
    assert data.get("headline") == store.headline(FilterState())  # the others still answer
    with pytest.raises(RuntimeError, match="the count failed"):
        data.get("count")


def test_should_prefetch_skips_the_page_shown_last() -> None:
    view = (FilterState(), "largest", 7)
    assert should_prefetch(1, None, view)
    assert should_prefetch(2, (*view, 1), view)
    assert not should_prefetch(1, (*view, 1), view)
    assert not should_prefetch("2", None, view)
