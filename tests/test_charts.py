"""Charts: the traces, colours, axes and hover text each figure carries."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest
from dashboard_helpers import corpus

from analytics import charts
from analytics.charts import EVENT_COLORS
from analytics.filters import FilterState
from analytics.queries import aggregate_frame
from analytics.schema import EVENT_TYPES

ALL = FilterState(types=())


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return corpus()[1]


def by_name(fig: go.Figure) -> dict[str, go.Bar]:
    return {t.name: t for t in fig.data}


def assert_type_colours(fig: go.Figure) -> None:
    for trace in fig.data:
        assert trace.marker.color == EVENT_COLORS[trace.name.replace(" ", "_")]


def test_every_event_type_has_its_own_colour() -> None:
    assert set(EVENT_COLORS) == set(EVENT_TYPES)
    assert len(set(EVENT_COLORS.values())) == len(EVENT_TYPES)


def test_money_by_type_and_sector(events: pd.DataFrame) -> None:
    fig = charts.money_by_type_sector(aggregate_frame(events, "by_type_sector", ALL))
    traces = by_name(fig)
    assert set(traces) == {"funding", "fine", "acquisition", "valuation", "total raised"}
    assert_type_colours(fig)
    assert traces["fine"].orientation == "h"
    assert list(traces["fine"].y) == ["fintech", "ai"]
    assert list(traces["fine"].x) == pytest.approx([17e6 * 1.3331, 5.5e6])
    # Sectors by their total, largest on top (plotly lists horizontal categories bottom-up).
    top_down = list(reversed(fig.layout.yaxis.categoryarray))
    assert top_down == ["fintech", "ai", "health", "agritech"]
    assert fig.layout.xaxis.tickprefix == "$"


def test_hover_shows_company_amount_as_written_and_usd(events: pd.DataFrame) -> None:
    fig = charts.money_by_type_sector(aggregate_frame(events, "by_type_sector", ALL))
    fine = by_name(fig)["fine"]
    template = fine.hovertemplate
    assert template == (
        "<b>fine</b><br>USD: %{customdata[0]}<br>sector: %{y}<br>largest deal: %{customdata[1]}"
        "<br>written as: %{customdata[2]}<br>in USD: %{customdata[3]}<br>events: %{customdata[4]}"
        "<extra></extra>"
    )
    assert "=" not in template  # plain text, no "largest: as written=£1.1bn"
    beta = next(list(row) for row in fine.customdata if "Beta Bank" in list(row))
    assert "£17 million" in beta and "$22.7M" in beta


def test_money_by_month(events: pd.DataFrame) -> None:
    fig = charts.money_by_month(aggregate_frame(events, "by_month", FilterState()))
    assert_type_colours(fig)
    assert fig.layout.xaxis.type == "date"
    funding = by_name(fig)["funding"]
    assert list(funding.x) == ["2019-08-01", "2021-03-01"]
    assert list(funding.y) == pytest.approx([850e6 * 0.014 + 3e6, 12e6])


def test_largest_companies(events: pd.DataFrame) -> None:
    fig = charts.largest_companies(aggregate_frame(events, "top_companies", ALL, limit=3))
    assert_type_colours(fig)
    assert list(reversed(fig.layout.yaxis.categoryarray)) == ["Omega", "Epsilon", "Acme"]
    acme = {t.name: list(t.x) for t in fig.data if "Acme" in list(t.y)}
    assert acme == {"funding": [12e6], "total raised": [15e6]}


def test_fines_by_authority(events: pd.DataFrame) -> None:
    fig = charts.fines_by_authority(aggregate_frame(events, "fines_by_authority", ALL))
    assert [t.name for t in fig.data] == ["fine"]
    assert fig.data[0].marker.color == EVENT_COLORS["fine"]
    assert list(fig.data[0].y) == ["FCA", "CNIL"]


def test_deal_sizes_on_a_log_axis(events: pd.DataFrame) -> None:
    fig = charts.deal_sizes(aggregate_frame(events, "deal_sizes", FilterState()))
    assert fig.layout.xaxis.type == "log"
    assert_type_colours(fig)
    funding = by_name(fig)["funding"]
    assert sum(funding.y) == 3
    # Each bar spans its quarter-decade bin.
    for left, width in zip(funding.x, funding.width, strict=True):
        assert (left + width) / left == pytest.approx(10**0.25)
    assert "deal size" in funding.hovertemplate


def test_text_from_articles_is_escaped(events: pd.DataFrame) -> None:
    hostile = events.assign(company="<a href='http://x'>Evil</a>", sector="<b>ai</b>")
    fig = charts.largest_companies(aggregate_frame(hostile, "top_companies", ALL))
    assert "&lt;a href=&#x27;http://x&#x27;&gt;Evil&lt;/a&gt;" in list(fig.data[0].y)
    fig = charts.money_by_type_sector(aggregate_frame(hostile, "by_type_sector", ALL))
    assert all("<b>" not in str(y) for t in fig.data for y in t.y)


@pytest.mark.parametrize(
    ("chart", "aggregate"),
    [
        (charts.money_by_type_sector, "by_type_sector"),
        (charts.money_by_month, "by_month"),
        (charts.largest_companies, "top_companies"),
        (charts.fines_by_authority, "fines_by_authority"),
        (charts.deal_sizes, "deal_sizes"),
    ],
)
def test_no_rows_give_an_empty_figure(events: pd.DataFrame, chart, aggregate: str) -> None:
    nothing = FilterState(search="no such company")
    fig = chart(aggregate_frame(events, aggregate, nothing))
    assert len(fig.data) == 0
    assert fig.layout.annotations[0].text == "No events match"


def test_by_counterparty_ranks_each_type_apart_and_names_its_side(events: pd.DataFrame) -> None:
    frame = aggregate_frame(events, "by_counterparty", FilterState(), limit=1)
    # one counterparty per type: the largest of each, never a sum across types
    assert frame.groupby("event_type").size().max() == 1
    fines = frame[frame["event_type"] == "fine"]
    fig = charts.by_counterparty(fines)
    assert fig.layout.title.text == "Fines by authority (USD)"
    assert set(by_name(fig)) == {"fine"}
    funding = charts.by_counterparty(frame[frame["event_type"] == "funding"])
    assert funding.layout.title.text == "Money by lead investor (USD)"
    # a list of investors counts for its lead, the first named
    assert not any(";" in str(c) for c in frame["counterparty"])
