"""Every filter as a plain function over a small table: the exact rows it leaves."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from dashboard_helpers import article, corpus, event, frame

from analytics.filters import (
    FILTERS,
    FILTERS_BY_NAME,
    FilterState,
    apply,
    options_for,
    state_from_widgets,
    where,
    widget_values,
)
from analytics.queries import aggregate_frame
from analytics.schema import EVENT_TYPES, PRIMARY_TYPES

ALL = FilterState(types=())


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return corpus()[1]


def ids(frame: pd.DataFrame) -> list[str]:
    return list(frame["event_id"])


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (FilterState(), ["e01", "e02", "e03", "e04", "e05", "e07", "e09", "e10"]),
        (ALL, [f"e{i:02d}" for i in range(1, 11)]),
        (FilterState(types=("funding",)), ["e01", "e05", "e09"]),
        (FilterState(types=("valuation", "total_raised")), ["e06", "e08"]),
        (FilterState(sectors=("ai",)), ["e03", "e04", "e07", "e10"]),
        (FilterState(types=(), sectors=("fintech", "health")), ["e01", "e02", "e06", "e08"]),
        (FilterState(search="gamma"), ["e03", "e04"]),  # counterparty
        (FilterState(search="  BETA bank "), ["e02"]),  # company, any case, trimmed
        (FilterState(search="cnil"), ["e07", "e10"]),
        (FilterState(search="halden"), ["e01"]),  # one of several investors
        (FilterState(search="100%_"), []),  # LIKE wildcards are plain characters
        (FilterState(currencies=("GBP", "EUR")), ["e02", "e07"]),
        (FilterState(rounds=("Series A", "Series B")), ["e01", "e05"]),
        (FilterState(statuses=("appealed", "proposed")), ["e07", "e10"]),
        (FilterState(usd=(10e6, None)), ["e01", "e02", "e04", "e05"]),
        (FilterState(usd=(None, 6e6)), ["e07", "e09"]),
        (FilterState(usd=(5.5e6, 5.5e6)), ["e07"]),  # inclusive bounds
        (FilterState(dates=("2021-01-01", "2021-12-31")), ["e01", "e02"]),
        (FilterState(dates=("2022-01-01", None)), ["e03", "e04"]),
        (FilterState(dates=(None, "2019-12-31")), ["e05", "e09"]),
        (FilterState(date_on="event", dates=("2021-01-01", "2021-12-31")), ["e01", "e02", "e04"]),
        (FilterState(sources=("fines.txt",)), ["e02", "e07", "e10"]),
        (FilterState(sources=("deals.md", "funding.txt"), types=("acquisition",)), ["e03", "e04"]),
        (FilterState(sectors=("ai",), statuses=("imposed",)), []),
    ],
)
def test_each_filter_leaves_exactly_these_rows(
    events: pd.DataFrame, state: FilterState, expected: list[str]
) -> None:
    assert ids(apply(events, state)) == expected


def test_apply_keeps_rows_order_index_and_dtypes(events: pd.DataFrame) -> None:
    shuffled = events.iloc[::-1]
    kept = apply(shuffled, FilterState(types=("fine",)))
    assert ids(kept) == ["e10", "e07", "e02"]
    assert list(kept.index) == [9, 6, 1]
    assert (kept.dtypes == events.dtypes).all()


def test_no_active_filter_is_true(events: pd.DataFrame) -> None:
    assert where(ALL) == ("TRUE", [])
    assert len(apply(events.iloc[:0], FilterState())) == 0


def test_filters_table_covers_the_brief() -> None:
    kinds = {f.name: f.kind for f in FILTERS}
    assert kinds == {
        "types": "multiselect",
        "sectors": "multiselect",
        "search": "search",
        "currencies": "multiselect",
        "rounds": "multiselect",
        "statuses": "multiselect",
        "usd": "range",
        "date_on": "choice",
        "dates": "date_range",
        "sources": "multiselect",
        "review": "choice",
    }
    assert len({f.param for f in FILTERS}) == len(FILTERS)
    assert FILTERS_BY_NAME["types"].options == EVENT_TYPES
    assert FilterState().types == PRIMARY_TYPES


ROUND_TRIPS = [
    FilterState(),
    ALL,
    FilterState(
        types=("funding", "valuation"),
        sectors=("fintech", "ai"),
        search="Beta & Co = 1?",
        currencies=("GBP",),
        rounds=("Series A",),
        statuses=("imposed",),
        usd=(1_500_000.0, None),
        dates=("2021-01-01", "2021-12-31"),
        date_on="event",
        sources=("a b.txt", "c&d.md"),
    ),
    FilterState(usd=(None, 2.5e9), dates=(None, "2020-02-29")),
    FilterState(usd=(0.5, 1234.25)),
]


@pytest.mark.parametrize("state", ROUND_TRIPS)
def test_query_params_round_trip(state: FilterState) -> None:
    params = state.to_query_params()
    assert FilterState.from_query_params(params) == state


def test_query_params_are_short_and_readable() -> None:
    assert FilterState().to_query_params() == {}
    assert ALL.to_query_params() == {"type": ""}
    state = FilterState(types=("funding",), sectors=("fintech",), dates=("2021-01-01", None))
    assert state.to_query_params() == {
        "type": ["funding"],
        "sector": ["fintech"],
        "date": "2021-01-01..",
    }
    assert FilterState(usd=(1e6, 5e7)).to_query_params() == {"usd": "1000000..50000000"}
    assert state.query_string() == "date=2021-01-01..&sector=fintech&type=funding"


class FakeQueryParams(dict):
    """``st.query_params``: ``[]`` gives the last value, ``get_all`` every value."""

    def get_all(self, key: str) -> list[str]:
        return list(self[key]) if key in self else []


def test_from_st_query_params_with_repeated_keys() -> None:
    params = FakeQueryParams(type=["fine", "acquisition"], q=["zeta"], usd=["..5000000"])
    state = FilterState.from_query_params(params)
    assert state == FilterState(types=("fine", "acquisition"), search="zeta", usd=(None, 5e6))


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": ["bogus"]}, FilterState(types=())),
        ({"type": ["funding", "bogus", "funding"]}, FilterState(types=("funding",))),
        ({"usd": "lots"}, FilterState()),
        ({"usd": "-5..10"}, FilterState()),
        ({"usd": "10..5"}, FilterState(usd=(5.0, 10.0))),
        ({"usd": "nan..inf"}, FilterState()),
        ({"date": "2021-02-30..2021-03-01"}, FilterState()),
        ({"date": "yesterday..today"}, FilterState()),
        ({"date": "2022-01-01..2021-01-01"}, FilterState(dates=("2021-01-01", "2022-01-01"))),
        ({"date_on": "tomorrow"}, FilterState()),
        ({"status": ["imposed", "fined-a-lot"]}, FilterState(statuses=("imposed",))),
        ({"unknown": "x"}, FilterState()),
        ({"q": "x" * 500}, FilterState(search="x" * 200)),
    ],
)
def test_bad_query_params_are_ignored(params: dict, expected: FilterState) -> None:
    assert FilterState.from_query_params(params) == expected


@pytest.mark.parametrize("state", ROUND_TRIPS)
def test_widget_values_round_trip(state: FilterState) -> None:
    values = widget_values(state)
    assert set(values) == {k for f in FILTERS for k in f.widget_keys}
    assert state_from_widgets(values) == state


def test_widgets_use_millions_and_dates() -> None:
    values = widget_values(FilterState(usd=(2.5e6, None), dates=("2021-01-01", None)))
    assert values["filter_usd_min"] == 2.5 and values["filter_usd_max"] is None
    assert values["filter_date_min"] == date(2021, 1, 1)
    swapped = {**values, "filter_date_max": date(2020, 1, 1)}
    assert state_from_widgets(swapped).dates == ("2020-01-01", "2021-01-01")


def test_options_keep_what_is_selected() -> None:
    sector = FILTERS_BY_NAME["sectors"]
    assert options_for(sector, ["health", "AI", "fintech"]) == ["AI", "fintech", "health"]
    assert options_for(sector, ["health"], ["space"]) == ["health", "space"]
    assert options_for(FILTERS_BY_NAME["types"], []) == list(EVENT_TYPES)
    assert FILTERS_BY_NAME["types"].label_of("total_raised") == "total raised"
    assert FILTERS_BY_NAME["date_on"].label_of("event") == "event date"


def test_aggregates_follow_the_filters(events: pd.DataFrame) -> None:
    totals = aggregate_frame(events, "headline", FilterState(sectors=("ai",)))
    assert totals.set_index("event_type")["events"].to_dict() == {"acquisition": 2, "fine": 2}
    months = aggregate_frame(events, "by_month", FilterState(types=("acquisition",)))
    assert months["month"].tolist() == ["2022-02"]
    by_event = aggregate_frame(
        events, "by_month", FilterState(types=("acquisition",), date_on="event")
    )
    assert by_event["month"].tolist() == ["2021-12"]


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("SOCIÉTÉ", ["s1"]),
        ("100%", ["s2"]),
        ("%", ["s2"]),
        ("_", ["s3"]),
        ("a\\b", ["s4"]),
        ("\\", ["s4"]),
        ("'; DROP TABLE events; --", []),
    ],
)
def test_search_is_a_plain_substring(term: str, expected: list[str]) -> None:
    a = article("Names")
    names = ["Société Générale", "100% Pure", "snake_case Ltd", "a\\b Inc"]
    rows = frame([event(a, f"s{i}", company=n) for i, n in enumerate(names, start=1)])
    assert ids(apply(rows, FilterState(search=term))) == expected
