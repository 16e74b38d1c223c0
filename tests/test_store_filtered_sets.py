"""The store's per-state filtered sets: the same answers as queries over the whole table, forgotten
on every write, bounded in number and size."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import pytest
from dashboard_helpers import article, corpus

import analytics.store_queries as store_queries
from analytics import grouping
from analytics.filters import FilterState
from analytics.queries import AGGREGATES, ORDERS, aggregate_sql, select_sql
from analytics.schema import conform
from analytics.store import Store

STATES = (
    FilterState(),
    FilterState(types=()),
    FilterState(types=("fine",)),
    FilterState(sectors=("health", "fintech")),
    FilterState(search="ACME"),
    FilterState(search="50%_off"),
    FilterState(usd=(1e6, 2e7)),
    FilterState(dates=("2021-01-01", "2021-12-31"), date_on="event"),
    FilterState(types=(), currencies=("GBP", "EUR"), sources=("fines.txt",)),
)


@pytest.fixture
def store(store: Store) -> Store:
    """The shared empty store, filled with the test corpus."""
    store.add(*corpus())
    return store


def _whole_table(store: Store, name: str, state: FilterState) -> pd.DataFrame:
    sql, params = aggregate_sql(name, state, relation=grouping.COUNTED_EVENTS)
    return store._frame(sql, params)


@pytest.mark.parametrize("state", STATES, ids=lambda s: s.query_string() or "default")
def test_answers_equal_queries_over_the_whole_table(store: Store, state: FilterState) -> None:
    for name in AGGREGATES:
        pd.testing.assert_frame_equal(
            store.aggregate(name, state), _whole_table(store, name, state), check_dtype=False
        )
    everything = store.query(state, limit=None)
    assert store.count_events(state) == len(everything)
    for order in ORDERS:
        sql, params = select_sql(state, order=order, limit=3, offset=1)
        expected = conform(store._frame(sql, params))
        pd.testing.assert_frame_equal(store.query(state, limit=3, offset=1, order=order), expected)
    assert store.query(state, limit=5, offset=10_000).empty


def test_writes_are_seen_at_once(store: Store) -> None:
    fines = FilterState(types=("fine",))
    before = store.headline(FilterState())
    rows_before = store.count_events(fines)
    assert store._filtered_sets
    # a second report of a stored fine, from another article: stored, grouped, counted once
    _, events = corpus()
    report = events[events["event_id"] == "e02"].copy()
    other = article("FCA fines Beta Bank", "Beta Bank was fined.", published="2021-11-30")
    report["event_id"], report["article_id"] = "e02b", other.content_id
    report["article_date"] = "2021-11-30"
    store.add([other], report)
    assert store._filtered_sets == {}  # forgotten by the write
    assert store.count_events(fines) == rows_before + 1  # every report is in the table
    assert store.headline(FilterState())["fine"].events == before["fine"].events
    store.ungroup("e02b")  # bumps no version, yet the totals change at once
    assert store.headline(FilterState())["fine"].events == before["fine"].events + 1


def test_the_cache_is_bounded(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_queries, "FILTERED_CACHE_ENTRIES", 2)
    for state in STATES:
        store.count_events(state)
    assert len(store._filtered_sets) == 2
    monkeypatch.setattr(store_queries, "FILTERED_CACHE_BYTES", 1)
    store.count_events(FilterState(search="beta"))
    assert len(store._filtered_sets) == 1  # the newest one is kept whatever its size


def test_too_many_rows_are_answered_by_the_whole_table(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_queries, "FILTERED_MAX_ROWS", 2)
    state = FilterState(types=(), usd=(0.0, None))
    assert store.count_events(state) == len(store.query(state, limit=None)) > 2
    assert [f.table for f in store._filtered_sets.values()] == [None]  # the count only
    pd.testing.assert_frame_equal(
        store.aggregate("by_month", state), _whole_table(store, "by_month", state)
    )
    assert len(store.query(state, limit=2)) == 2


def test_threads_asking_for_one_state_read_it_once(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[str] = []
    read = store._read_filtered

    def counted_read(clause: str, params: list) -> object:
        reads.append(clause)
        return read(clause, params)

    monkeypatch.setattr(store, "_read_filtered", counted_read)
    state = FilterState(types=(), search="a")
    with ThreadPoolExecutor(4) as pool:
        counts = list(pool.map(lambda _: store.count_events(state), range(8)))
    assert len(set(counts)) == 1 and len(reads) == 1


def test_type_only_states_reuse_the_aggregates_over_every_type(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    for state in (FilterState(types=("fine", "funding")), FilterState(types=("valuation",))):
        for name in AGGREGATES:
            for limit in (1, 15):
                sql, params = aggregate_sql(
                    name, state, limit=limit, relation=grouping.COUNTED_EVENTS
                )
                pd.testing.assert_frame_equal(
                    store.aggregate(name, state, limit=limit),
                    store._frame(sql, params),
                    check_dtype=False,
                )
        assert store.count_events(state) == len(store.query(state, limit=None))
    computed: list[str] = []
    original = store._aggregate_filtered

    def spy(name: str, state: FilterState, limit: int) -> pd.DataFrame:
        computed.append(name)
        return original(name, state, limit)

    monkeypatch.setattr(store, "_aggregate_filtered", spy)
    store.aggregate("by_month", FilterState(types=("acquisition",)))
    store.aggregate("by_month", FilterState(types=("fine", "acquisition")))
    assert computed == []  # computed once per store version, above
    store.aggregate("by_month", FilterState(types=("fine",), date_on="event"))
    assert computed == ["by_month"]  # the other date is another aggregate


NARROWINGS = (
    # (broader state read first, narrower state cut from its set)
    (FilterState(search="a"), FilterState(types=("fine", "funding"), search="a")),
    (FilterState(types=()), FilterState(types=(), search="beta")),
    (FilterState(sectors=("health", "fintech")), FilterState(sectors=("fintech",))),
    (FilterState(types=(), usd=(1e6, None)), FilterState(types=(), usd=(2e6, 3e8))),
    (
        FilterState(types=(), dates=("2019-01-01", None), date_on="event"),
        FilterState(types=(), dates=("2021-01-01", "2021-12-31"), date_on="event"),
    ),
    (
        FilterState(types=(), currencies=("GBP", "EUR")),
        FilterState(types=(), currencies=("GBP", "EUR"), search="a", sectors=("fintech",)),
    ),
)


def _same_as_whole_table(store: Store, state: FilterState) -> None:
    for name in AGGREGATES:
        pd.testing.assert_frame_equal(
            store.aggregate(name, state), _whole_table(store, name, state), check_dtype=False
        )
    assert store.count_events(state) == len(store.query(state, limit=None))
    for order in ORDERS:
        sql, params = select_sql(state, order=order, limit=3, offset=1)
        expected = conform(store._frame(sql, params))
        pd.testing.assert_frame_equal(store.query(state, limit=3, offset=1, order=order), expected)


@pytest.mark.parametrize(("broader", "state"), NARROWINGS, ids=lambda s: s.query_string())
def test_a_narrower_state_is_cut_from_a_cached_broader_set(
    store: Store, monkeypatch: pytest.MonkeyPatch, broader: FilterState, state: FilterState
) -> None:
    assert store_queries.narrowing_filters(state, broader)
    store._filtered(broader)  # (a state on event types only reads its set for its aggregates)
    reads: list[str] = []
    read = store._read_filtered

    def counted_read(clause: str, params: list) -> object:
        reads.append(clause)
        return read(clause, params)

    monkeypatch.setattr(store, "_read_filtered", counted_read)
    _same_as_whole_table(store, state)
    assert reads == []  # cut from the broader set, not read from the table


@pytest.mark.parametrize(
    ("broader", "state"),
    [
        (FilterState(types=("fine",)), FilterState(types=("fine", "funding"))),  # wider
        (FilterState(types=(), search="beta"), FilterState(types=(), search="bet")),
        (FilterState(types=(), usd=(1e6, 5e6)), FilterState(types=(), usd=(1e6, None))),
        (  # the same bounds on another date
            FilterState(types=(), dates=("2021-01-01", None)),
            FilterState(types=(), dates=("2021-01-01", None), date_on="event"),
        ),
    ],
    ids=lambda s: s.query_string(),
)
def test_a_state_not_inside_the_cached_one_is_read_from_the_table(
    store: Store, broader: FilterState, state: FilterState
) -> None:
    assert store_queries.narrowing_filters(state, broader) is None
    store._filtered(broader)
    _same_as_whole_table(store, state)


def test_filters_on_columns_the_set_lacks_are_read_from_the_table(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store._filtered(FilterState(types=()))
    reads: list[str] = []
    read = store._read_filtered
    monkeypatch.setattr(store, "_read_filtered", lambda c, p: reads.append(c) or read(c, p))
    _same_as_whole_table(store, FilterState(types=(), currencies=("GBP",)))
    assert len(reads) == 1  # the set holds no currency
