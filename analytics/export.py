"""CSV export of exactly the rows in view, safe to open in a spreadsheet.

``to_csv_bytes`` writes UTF-8 (no byte-order mark), a header row, RFC 4180 quoting and CRLF line
ends, ISO dates, numbers in plain positional notation (no grouping, no exponent) and ``true`` /
``false``. Text cells that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) get a leading ``'``; number columns are never touched,
so ``-1`` stays a number.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from analytics.filters import FilterState
from analytics.queries import DEFAULT_ORDER
from analytics.schema import COLUMN_NAMES

if TYPE_CHECKING:
    from analytics.store import Store

#: The exported columns: the whole events table, in the schema's order.
EXPORT_COLUMNS: tuple[str, ...] = COLUMN_NAMES
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_UNSAFE_NAME = re.compile(r"[^a-z0-9.]+")
_MAX_NAME = 120


def to_csv_bytes(frame: pd.DataFrame, columns: Sequence[str] | None = None) -> bytes:
    """Exactly the rows of ``frame`` as CSV bytes (``columns``: which, default all of them)."""
    cols = list(columns) if columns is not None else list(frame.columns)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(cols)
    # each column is formatted at once (the same text ``_cell`` gives each value), then the
    # rows are written by the csv module: a view of 10,000 rows takes tens of milliseconds
    texts = [_column_text(frame[c]) for c in cols]
    writer.writerows(zip(*texts, strict=True))
    return out.getvalue().encode("utf-8")


def _column_text(series: pd.Series) -> list[str]:
    """The cells of one column as ``_cell`` writes them, computed for the column at once."""
    if pd.api.types.is_bool_dtype(series) and series.dtype != object:
        return np.where(series.to_numpy(dtype=bool), "true", "false").tolist()
    if pd.api.types.is_integer_dtype(series) and series.dtype != object and not series.hasnans:
        return series.astype("int64").astype(str).tolist()
    if pd.api.types.is_float_dtype(series) and series.dtype != object:
        values = series.to_numpy(dtype=float)
        finite = np.isfinite(values)
        whole = finite & (np.abs(values) < 1e15)
        whole &= np.floor(np.where(whole, values, 0)) == np.where(whole, values, 0)
        out = np.full(len(values), "", dtype=object)
        out[whole] = values[whole].astype(np.int64).astype(str)
        rest = finite & ~whole
        out[rest] = [_number(v) for v in values[rest]]
        return out.tolist()
    if pd.api.types.is_string_dtype(series) and series.dtype != object:
        texts = series.astype(object).where(series.notna(), None).tolist()
        return ["" if v is None else "'" + v if v.startswith(_FORMULA_START) else v for v in texts]
    return [_cell(v, is_number=pd.api.types.is_numeric_dtype(series)) for v in series]


def view_csv(
    store: Store, state: FilterState, order: str = DEFAULT_ORDER, rows: int | None = None
) -> bytes:
    """The CSV of every event ``state`` keeps in the store, in the table's ``order``.

    ``rows``: how many that is, when known: the events are then read as one page of the
    state's events (by row id from the set the store keeps in memory, not a scan of the table).
    """
    if rows is not None:
        frame = store.query(state, limit=max(int(rows), 1), order=order)
    else:
        frame = store.events(state, order=order)
    return to_csv_bytes(frame, EXPORT_COLUMNS)


def _cell(value: Any, *, is_number: bool) -> str:
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        return _number(float(value))
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    text = str(value)
    if not is_number and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def _number(value: float) -> str:
    """``8000000.0`` -> ``8000000``; ``1.2e-05`` -> ``0.000012``; NaN -> empty."""
    if math.isnan(value) or math.isinf(value):
        return ""
    return np.format_float_positional(value, trim="-")


def export_filename(state: FilterState, *, prefix: str = "dealscope") -> str:
    """A file name describing the view: ``dealscope_funding_fintech_2021-01-01_2021-12-31.csv``.

    Only lower-case letters, digits, dots, hyphens and underscores; at most 120 characters.
    """
    default = FilterState()
    parts: list[str] = []
    if state.types != default.types:
        parts.append("-".join(state.types) if state.types else "all-types")
    for values in (state.sectors, state.currencies, state.rounds, state.statuses):
        parts.extend(values)
    if state.search:
        parts.append(state.search)
    low, high = state.usd
    if low is not None and high is not None:
        parts.append(f"usd-{_short(low)}-to-{_short(high)}")
    elif low is not None:
        parts.append(f"usd-at-least-{_short(low)}")
    elif high is not None:
        parts.append(f"usd-at-most-{_short(high)}")
    if state.date_on != default.date_on:
        parts.append(f"by-{state.date_on}-date")
    first, last = state.dates
    if first and last:
        parts.extend((first, last))
    elif first:
        parts.append(f"from-{first}")
    elif last:
        parts.append(f"until-{last}")
    parts.extend(state.sources)
    if state.review != default.review:
        parts.append(state.review)
    safe = [p for p in (_safe_part(p) for p in parts) if p]
    stem = "_".join([prefix, *safe]) if safe else f"{prefix}_events"
    return stem[:_MAX_NAME].rstrip("-_.") + ".csv"


def _safe_part(text: str) -> str:
    """Lower-case ASCII letters, digits, dots and hyphens only (accents dropped, not the letter)."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return _UNSAFE_NAME.sub("-", ascii_text.lower()).strip("-.")


def _short(value: float | None) -> str:
    if value is None:
        return "max"
    for scale, suffix in ((1e9, "b"), (1e6, "m"), (1e3, "k")):
        if value >= scale and (value / scale * 100).is_integer():  # 2.5b, 1.25m
            return f"{value / scale:g}{suffix}"
    return _number(value)
