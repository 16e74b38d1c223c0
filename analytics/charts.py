"""Plotly figures, one question each: bars coloured by event type.

Each function takes a DataFrame first (an aggregate from ``analytics.queries``, as the store or
``aggregate_frame`` returns it) and its column roles as keywords, and returns a figure. Every
figure colours event types with ``EVENT_COLORS`` (one trace per type, in ``EVENT_TYPES`` order)
and hovers with the company, the amount as written and the USD figure. Text from articles is
HTML-escaped before it reaches plotly, whose labels understand a few tags.

The figures are written as plotly's own JSON structure (what ``plotly.express`` would build, at
a small fraction of its cost: a dashboard rerun draws five of them) and checked by
``go.Figure``. Their margins are set from the labels they show, with plotly's automatic margins
off: measuring the labels in the browser and drawing the chart again costs about as much as
drawing it once.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
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
    "counterparty": "counterparty",
    "events": "events",
    "bin_mid": "deal size (USD)",
    "bin_text": "deal size",
    "top_company": "largest deal",
    "top_amount_text": "written as",
    "top_amount_usd_text": "in USD",
}
_TEXT_COLUMNS = ("sector", "company", "authority", "counterparty", "top_company", "top_amount_text")
#: The counterparty chart's title per event type (who the counterparty is for that type).
COUNTERPARTY_TITLES: dict[str, str] = {
    "funding": "Money by lead investor (USD)",
    "fine": "Fines by authority (USD)",
    "acquisition": "Acquisitions by buyer (USD)",
}
_HOVER = ("top_company", "top_amount_text", "top_amount_usd_text", "events")

#: Pixels the margins allow per character of a tick label (the theme's 12 px font averages about
#: 5.5), for the axis title beside the labels, and the fixed margins.
_CHAR_PX = 6.0
_TITLE_PX = 28
_MARGIN = {"r": 10, "t": 50, "b": 60}
_MARGIN_MIN_LEFT, _MARGIN_MAX_LEFT = 56, 260


def _records(frame: pd.DataFrame, usd_columns: Sequence[str]) -> list[dict[str, Any]]:
    """The rows as dicts (an aggregate has a few hundred at most), article text escaped and a
    readable text beside each USD column (``<col>_text``)."""
    rows = frame.to_dict("records")
    texts = [col for col in _TEXT_COLUMNS if col in frame]
    usd = [col for col in usd_columns if col in frame]
    for row in rows:
        for col in texts:
            value = row[col]
            row[col] = "" if _missing(value) else html.escape(str(value))
        for col in usd:
            row[f"{col}_text"] = format_usd(row[col])
    return rows


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _label(column: str, labels: dict[str, str] | None = None) -> str:
    return (labels or LABELS).get(column, column)


def _by_type(rows: list[dict[str, Any]], color: str) -> dict[str, list[dict[str, Any]]]:
    """The rows of each event type present, in ``EVENT_TYPES`` order (any other value after
    them), each in the aggregate's order."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(str(row[color]), []).append(row)
    known = [t for t in EVENT_TYPES if t in groups]
    return {t: groups[t] for t in [*known, *(t for t in groups if t not in EVENT_TYPES)]}


def _left_margin(labels: Sequence[Any]) -> int:
    """Room for the longest tick label (as rendered: entities count as one character) and the
    axis title beside it."""
    longest = max((len(html.unescape(str(v))) for v in labels), default=0)
    width = _TITLE_PX + _CHAR_PX * longest + 8
    return int(min(max(width, _MARGIN_MIN_LEFT), _MARGIN_MAX_LEFT))


#: Left margins of value axes: USD ticks (plotly writes ``$1.5B``, ``$800M``, ``$40k``) and
#: event counts (``1.2M``, ``800k``, ``25``).
_USD_TICKS_LEFT = _left_margin(["$800.5M"])
_COUNT_TICKS_LEFT = _left_margin(["88.8M"])


def _hovertemplate(type_name: str, parts: Sequence[tuple[str, str]]) -> str:
    lines = [f"<b>{html.escape(type_label(type_name))}</b>"]
    lines += [f"{label}: {value}" for label, value in parts]
    return "<br>".join(lines) + "<extra></extra>"


def _bar_traces(
    rows: list[dict[str, Any]],
    *,
    x: str,
    y: str,
    color: str,
    orientation: str,
    custom: Sequence[str],
    hover: Sequence[tuple[str, str]],
    extra: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """One bar trace per event type, with ``custom`` columns as customdata for ``hover``."""
    traces = []
    for kind, group in _by_type(rows, color).items():
        trace: dict[str, Any] = {
            "type": "bar",
            "name": type_label(kind),
            "legendgroup": kind,
            "showlegend": True,
            "orientation": orientation,
            "marker": {"color": EVENT_COLORS.get(kind, EVENT_COLORS["other"])},
            "x": _values([row[x] for row in group]),
            "y": _values([row[y] for row in group]),
            "customdata": [[row[c] for c in custom] for row in group],
            "hovertemplate": _hovertemplate(kind, hover),
        }
        for key, value in (extra or {}).items():
            trace[key] = value(group) if callable(value) else value
        traces.append(trace)
    return traces


def _values(values: list[Any]) -> Any:
    """Numbers as a float array (plotly sends it as compact bytes), anything else as text."""
    if values and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return np.array(values, dtype=float)
    return [str(v) for v in values]


def _figure(traces: list[dict[str, Any]], layout: dict[str, Any]) -> go.Figure:
    base: dict[str, Any] = {
        "barmode": "relative",
        "legend": {"title": {"text": "type"}, "tracegroupgap": 0},
        "hoverlabel": {"align": "left"},
    }
    return go.Figure({"data": traces, "layout": {**base, **layout}})


def _axis(title: str, **props: Any) -> dict[str, Any]:
    return {"title": {"text": title}, "automargin": False, **props}


_USD_AXIS = {"tickprefix": "$", "exponentformat": "B"}


def _empty(title: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(
        text="No events match", showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper"
    )
    fig.update_layout(title=title, xaxis_visible=False, yaxis_visible=False)
    return fig


def _usd_hover(usd: str, category: str, axis_letter: str) -> list[tuple[str, str]]:
    return [
        (_label(usd), "%{customdata[0]}"),
        (_label(category), f"%{{{axis_letter}}}"),
        (LABELS["top_company"], "%{customdata[1]}"),
        (LABELS["top_amount_text"], "%{customdata[2]}"),
        (LABELS["top_amount_usd_text"], "%{customdata[3]}"),
        (LABELS["events"], "%{customdata[4]}"),
    ]


def _ranked_bars(frame: pd.DataFrame, *, x: str, y: str, color: str, title: str) -> go.Figure:
    """Horizontal bars of USD ``x`` per category ``y``, categories by their total, largest on
    top (plotly lists horizontal categories bottom-up)."""
    rows = _records(frame, (x, "top_amount_usd"))
    order = _order_by_total(rows, y, x)
    custom = [f"{x}_text", "top_company", "top_amount_text", "top_amount_usd_text", "events"]
    traces = _bar_traces(
        rows, x=x, y=y, color=color, orientation="h", custom=custom,
        hover=_usd_hover(x, y, "y"),
    )  # fmt: skip
    layout = {
        "title": {"text": title},
        "margin": {**_MARGIN, "l": _left_margin(order)},
        # at most six ticks: a half-width chart's labels then stay level (not turned, which
        # the fixed bottom margin could cut)
        "xaxis": _axis(_label(x), nticks=6, **_USD_AXIS),
        "yaxis": _axis(_label(y), categoryorder="array", categoryarray=list(reversed(order))),
    }
    return _figure(traces, layout)


def _order_by_total(rows: list[dict[str, Any]], category: str, value: str) -> list[str]:
    """The categories by their total ``value``, largest first (ties in order of appearance)."""
    totals: dict[str, float] = {}
    for row in rows:
        amount = row[value]
        key = str(row[category])
        totals[key] = totals.get(key, 0.0) + (0.0 if _missing(amount) else float(amount))
    return sorted(totals, key=lambda key: -totals[key])


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
    return _ranked_bars(frame, x=x, y=y, color=color, title=title)


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
    rows = _records(frame, (y, "top_amount_usd"))
    for row in rows:
        row[x] = f"{row[x]}-01" if len(str(row[x])) == 7 else str(row[x])
    custom = [f"{y}_text", "top_company", "top_amount_text", "top_amount_usd_text", "events"]
    hover = _usd_hover(y, x, "x")
    hover[0], hover[1] = hover[1], hover[0]  # month first, then its USD
    traces = _bar_traces(
        rows, x=x, y=y, color=color, orientation="v", custom=custom, hover=hover,
        extra={"xperiod": "M1", "xperiodalignment": "middle"},
    )  # fmt: skip
    # At least a month between ticks: a view of one month otherwise shows it three times.
    dtick = "M1" if len({row[x] for row in rows}) <= 6 else None
    xaxis = _axis(_label(x), type="date", tickformat="%b %Y")
    if dtick:
        xaxis["dtick"] = dtick
    layout = {
        "title": {"text": title},
        "margin": {**_MARGIN, "l": _USD_TICKS_LEFT},
        "xaxis": xaxis,
        "yaxis": _axis(_label(y), **_USD_AXIS),
    }
    return _figure(traces, layout)


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
    return _ranked_bars(frame, x=x, y=y, color=color, title=title)


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
    return _ranked_bars(frame, x=x, y=y, color=color, title=title)


def by_counterparty(
    frame: pd.DataFrame,
    *,
    x: str = "amount_usd",
    y: str = "counterparty",
    color: str = "event_type",
    title: str | None = None,
) -> go.Figure:
    """Who is on the other side: investors, authorities or buyers (aggregate
    ``by_counterparty``), titled for the one event type shown."""
    kinds = set(frame[color]) if color in frame else set()
    only = next(iter(kinds)) if len(kinds) == 1 else None
    title = title or COUNTERPARTY_TITLES.get(str(only), "Money by counterparty (USD)")
    if frame.empty:
        return _empty(title)
    return _ranked_bars(frame, x=x, y=y, color=color, title=title)


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
    rows = _records(frame, ("top_amount_usd",))
    for row in rows:
        row["bin_text"] = f"{format_usd(row[x])} to {format_usd(row[x_end])}"
    hover = [
        (_label(y), "%{y}"),
        (LABELS["bin_text"], "%{customdata[0]}"),
        (LABELS["top_company"], "%{customdata[1]}"),
        (LABELS["top_amount_text"], "%{customdata[2]}"),
        (LABELS["top_amount_usd_text"], "%{customdata[3]}"),
    ]
    traces = _bar_traces(
        rows, x=x, y=y, color=color, orientation="v",
        custom=["bin_text", "top_company", "top_amount_text", "top_amount_usd_text"],
        hover=hover,
        extra={
            "width": lambda group: _values([row[x_end] - row[x] for row in group]),
            "offset": 0,
            "marker": lambda group: {"color": EVENT_COLORS.get(
                str(group[0][color]), EVENT_COLORS["other"]),
                "line": {"color": "white", "width": 0.5}},
        },
    )  # fmt: skip
    layout = {
        "title": {"text": title},
        "margin": {**_MARGIN, "l": _COUNT_TICKS_LEFT},
        "xaxis": _axis("deal size (USD)", type="log", **_USD_AXIS),
        "yaxis": _axis(_label(y)),
    }
    return _figure(traces, layout)
