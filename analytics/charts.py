"""Plotly figures, one question each, in the plotly express manner.

Each function takes a DataFrame first (an aggregate from ``analytics.queries``, as the store or
``aggregate_frame`` returns it) and its column roles as keywords, and returns a figure. Every
figure colours event types with ``EVENT_COLORS`` and hovers with the company, the amount as
written and the USD figure. Text from articles is HTML-escaped before it reaches plotly, whose
labels understand a few tags.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from analytics.display import format_usd, type_label
from analytics.schema import EVENT_TYPES

#: One colour per event type, used by every chart.
EVENT_COLORS: dict[str, str] = {
    "funding": "#2e7d32",
    "fine": "#c62828",
    "acquisition": "#1565c0",
    "total_raised": "#9ccc65",
    "valuation": "#8e24aa",
    "revenue": "#f9a825",
    "market_size": "#6d4c41",
    "other": "#78909c",
}
assert set(EVENT_COLORS) == set(EVENT_TYPES)

LABELS: dict[str, str] = {
    "amount_usd": "USD",
    "amount_usd_text": "USD",
    "event_type": "type",
    "sector": "sector",
    "month": "month",
    "company": "company",
    "authority": "authority",
    "events": "events",
    "bin_mid": "deal size (USD)",
    "bin_text": "deal size",
    "top_company": "largest: company",
    "top_amount_text": "largest: as written",
    "top_amount_usd_text": "largest: USD",
}
_TEXT_COLUMNS = ("sector", "company", "authority", "top_company", "top_amount_text")
_HOVER = ("top_company", "top_amount_text", "top_amount_usd_text", "events")


def _prepare(frame: pd.DataFrame, usd_columns: Sequence[str]) -> pd.DataFrame:
    """A copy with article text escaped, readable USD columns and readable type names."""
    out = frame.copy()
    for col in _TEXT_COLUMNS:
        if col in out:
            out[col] = [html.escape(str(v)) if pd.notna(v) else "" for v in out[col]]
    for col in usd_columns:
        if col in out:
            out[f"{col}_text"] = [format_usd(v) for v in out[col]]
    return out


def _finish(fig: go.Figure, *, usd_axis: str | None, title: str) -> go.Figure:
    fig.update_layout(
        title=title,
        legend_title_text="type",
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        hoverlabel={"align": "left"},
    )
    for trace in fig.data:
        trace.name = type_label(trace.name)
    if usd_axis == "x":
        fig.update_xaxes(tickprefix="$", exponentformat="B")
    elif usd_axis == "y":
        fig.update_yaxes(tickprefix="$", exponentformat="B")
    return fig


def _empty(title: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(
        text="No events match", showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper"
    )
    fig.update_layout(title=title, xaxis_visible=False, yaxis_visible=False)
    return fig


def _hover_data(frame: pd.DataFrame, *extra: str) -> dict[str, bool]:
    return {c: True for c in (*extra, *_HOVER) if c in frame}


def _bar(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    color: str,
    title: str,
    orientation: str,
    order: Sequence[str] | None = None,
    log_x: bool = False,
) -> go.Figure:
    usd = x if orientation == "h" else y
    data = _prepare(frame, (usd, "top_amount_usd"))
    category = y if orientation == "h" else x
    orders: dict[str, list[str]] = {color: list(EVENT_TYPES)}
    if order is not None:
        orders[category] = [html.escape(str(v)) for v in order]
    hover = _hover_data(data, f"{usd}_text")
    hover[usd] = False
    fig = px.bar(
        data,
        x=x,
        y=y,
        color=color,
        orientation=orientation,
        color_discrete_map=EVENT_COLORS,
        category_orders=orders,
        hover_data=hover,
        labels=LABELS,
        log_x=log_x,
    )
    return _finish(fig, usd_axis="x" if orientation == "h" else "y", title=title)


def _order_by_total(frame: pd.DataFrame, category: str, value: str) -> list[str]:
    totals = frame.groupby(category, sort=False)[value].sum().sort_values(ascending=False)
    return [str(v) for v in totals.index]


def money_by_type_sector(
    frame: pd.DataFrame,
    *,
    x: str = "amount_usd",
    y: str = "sector",
    color: str = "event_type",
    title: str = "Money by sector and type (USD)",
) -> go.Figure:
    """Which sectors, and which kinds of event, hold the money? (aggregate ``by_type_sector``)"""
    if frame.empty:
        return _empty(title)
    order = _order_by_total(frame, y, x)
    return _bar(frame, x=x, y=y, color=color, title=title, orientation="h", order=order)


def money_by_month(
    frame: pd.DataFrame,
    *,
    x: str = "month",
    y: str = "amount_usd",
    color: str = "event_type",
    title: str = "Money over time, by month (USD)",
) -> go.Figure:
    """How does the money move month by month? (aggregate ``by_month``)"""
    if frame.empty:
        return _empty(title)
    data = frame.assign(**{x: [f"{v}-01" if len(str(v)) == 7 else v for v in frame[x]]})
    fig = _bar(data, x=x, y=y, color=color, title=title, orientation="v")
    # At least a month between ticks: a view of one month otherwise shows it three times.
    fig.update_xaxes(
        type="date", tickformat="%b %Y", dtick="M1" if data[x].nunique() <= 6 else None
    )
    fig.update_traces(xperiod="M1", xperiodalignment="middle")
    return fig


def largest_companies(
    frame: pd.DataFrame,
    *,
    x: str = "amount_usd",
    y: str = "company",
    color: str = "event_type",
    title: str = "Largest companies (USD)",
) -> go.Figure:
    """Which companies had the most money in play? (aggregate ``top_companies``)"""
    if frame.empty:
        return _empty(title)
    order = _order_by_total(frame, y, x)
    return _bar(frame, x=x, y=y, color=color, title=title, orientation="h", order=order)


def fines_by_authority(
    frame: pd.DataFrame,
    *,
    x: str = "amount_usd",
    y: str = "authority",
    color: str = "event_type",
    title: str = "Fines by authority (USD)",
) -> go.Figure:
    """Who fines, and how much? (aggregate ``fines_by_authority``)"""
    if frame.empty:
        return _empty(title)
    order = _order_by_total(frame, y, x)
    return _bar(frame, x=x, y=y, color=color, title=title, orientation="h", order=order)


def deal_sizes(
    frame: pd.DataFrame,
    *,
    x: str = "bin_low",
    x_end: str = "bin_high",
    y: str = "events",
    color: str = "event_type",
    title: str = "Deal sizes (USD, log scale)",
) -> go.Figure:
    """How big are the deals? Events per size bin on a log axis (aggregate ``deal_sizes``).

    Each bar spans its bin, from ``x`` to ``x_end``, so bins of equal ratio look equally wide.
    """
    if frame.empty:
        return _empty(title)
    data = _prepare(frame, ("top_amount_usd",))
    data["bin_text"] = [
        f"{format_usd(a)} to {format_usd(b)}" for a, b in zip(data[x], data[x_end], strict=True)
    ]
    hover = _hover_data(data, "bin_text")
    hover[x] = False
    fig = px.bar(
        data,
        x=x,
        y=y,
        color=color,
        color_discrete_map=EVENT_COLORS,
        category_orders={color: list(EVENT_TYPES)},
        hover_data=hover,
        labels={**LABELS, x: "deal size (USD)"},
        log_x=True,
    )
    ends = dict(zip(data[x], data[x_end], strict=True))
    for trace in fig.data:
        trace.width = [ends[v] - v for v in trace.x]
        trace.offset = 0
    fig.update_traces(marker_line_width=0.5, marker_line_color="white")
    return _finish(fig, usd_axis="x", title=title)
