"""Filters declared as rows of a table (datasette style), and the state they read and write.

Each ``Filter`` row says which ``FilterState`` field it reads, which query-parameter key carries it
in the URL, which widget edits it, which columns it looks at and how it becomes a SQL predicate.
``where(state)`` joins the active predicates; the store runs that SQL over its events table and
``apply(frame, state)`` runs the very same SQL over a pandas DataFrame with DuckDB.

Conventions: an empty multiselect means "no restriction"; a bound of a range left empty is open.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any, Literal
from urllib.parse import urlencode

import duckdb
import pandas as pd

from analytics import messages
from analytics.schema import EVENT_TYPES, FINE_STATUSES, PRIMARY_TYPES

WidgetKind = Literal["multiselect", "search", "range", "date_range", "choice"]
#: A SQL predicate with ``?`` placeholders and its parameters, in order.
Clause = tuple[str, list[Any]]
#: Query parameters as ``st.query_params.from_dict`` takes them (a list repeats the key).
QueryParams = dict[str, str | list[str]]

DATE_ON: tuple[str, ...] = ("article", "event")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class FilterState:
    """What the user has narrowed the events down to; the defaults show the money events."""

    types: tuple[str, ...] = PRIMARY_TYPES
    sectors: tuple[str, ...] = ()
    search: str = ""
    currencies: tuple[str, ...] = ()
    rounds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    #: USD amount bounds, inclusive; ``None`` leaves that side open.
    usd: tuple[float | None, float | None] = (None, None)
    #: ISO date bounds, inclusive, on the date chosen by ``date_on``.
    dates: tuple[str | None, str | None] = (None, None)
    #: ``article``: the article's publication date; ``event``: the event's own date when the
    #: sentence gives one, else the article's.
    date_on: str = "article"
    sources: tuple[str, ...] = ()
    #: ``any``; ``reviewed`` (accepted or corrected); ``unreviewed``; ``rejected``.
    review: str = "any"

    def to_query_params(self) -> QueryParams:
        """The non-default fields as query parameters (``{}`` for the default view)."""
        default = FilterState()
        params: QueryParams = {}
        for f in FILTERS:
            value = getattr(self, f.name)
            if value != getattr(default, f.name):
                params[f.param] = _ENCODERS[f.kind](value)
        return params

    @classmethod
    def from_query_params(cls, params: Any) -> FilterState:
        """Read a state from ``st.query_params`` or a plain mapping; bad values are ignored."""
        values: dict[str, Any] = {}
        for f in FILTERS:
            raw = _get_all(params, f.param)
            if raw is None:
                continue
            value = _DECODERS[f.kind](f, raw)
            if value is not None:
                values[f.name] = value
        return cls(**values)

    def query_string(self) -> str:
        """A stable text form of the state (for cache keys and logs)."""
        return urlencode(sorted(self.to_query_params().items()), doseq=True)

    def is_default(self) -> bool:
        """True when nothing differs from ``FilterState()``."""
        return self == FilterState()


@dataclass(frozen=True)
class Filter:
    """One row of the filter table."""

    name: str
    label: str
    param: str
    kind: WidgetKind
    columns: tuple[str, ...]
    predicate: Callable[[Any, FilterState], Clause | None] | None
    #: Fixed options; ``None`` means the distinct values of ``columns[0]`` in the data.
    options: tuple[str, ...] | None = None
    option_labels: Mapping[str, str] = field(default_factory=dict)
    #: Widget units per stored unit's multiple (1e6: the range widget edits millions).
    scale: float = 1.0
    help: str = ""

    @property
    def key(self) -> str:
        """The widget key (``filter_<param>``); ranges use ``key + "_min"``/``"_max"``."""
        return f"filter_{self.param}"

    @property
    def widget_keys(self) -> tuple[str, ...]:
        """Every widget key this row's widgets use."""
        if self.kind in ("range", "date_range"):
            return (f"{self.key}_min", f"{self.key}_max")
        return (self.key,)

    def label_of(self, option: str) -> str:
        """How an option is shown in its widget."""
        return self.option_labels.get(option, str(option))


# --- predicates -----------------------------------------------------------------------------


def _quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def _one_of(column: str) -> Callable[[tuple[str, ...], FilterState], Clause | None]:
    def predicate(values: tuple[str, ...], _state: FilterState) -> Clause | None:
        if not values:
            return None
        # A literal IN list (one placeholder per value) lets DuckDB filter while scanning.
        marks = ", ".join("?" for _ in values)
        return f"{_quoted(column)} IN ({marks})", [str(v) for v in values]

    return predicate


def _search(term: str, _state: FilterState) -> Clause | None:
    term = term.strip()
    if not term:
        return None
    # ILIKE is case-insensitive (Unicode too). LIKE wildcards in the term are escaped so it stays
    # a plain substring; DuckDB's ESCAPE path is slower, so it is used only when needed.
    if any(c in term for c in "%_\\"):
        escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        like = "ILIKE ? ESCAPE '\\'"
    else:
        escaped, like = term, "ILIKE ?"
    pattern = f"%{escaped}%"
    return f"(company {like} OR counterparty {like})", [pattern, pattern]


def _between(column: str) -> Callable[[tuple[Any, Any], FilterState], Clause | None]:
    def predicate(bounds: tuple[Any, Any], _state: FilterState) -> Clause | None:
        low, high = bounds
        parts, params = [], []
        if low is not None:
            parts.append(f"{column} >= ?")
            params.append(low)
        if high is not None:
            parts.append(f"{column} <= ?")
            params.append(high)
        return ("(" + " AND ".join(parts) + ")", params) if parts else None

    return predicate


def date_expr(state: FilterState) -> str:
    """The SQL date the date filter and the by-month chart use for ``state.date_on``."""
    return "coalesce(event_date, article_date)" if state.date_on == "event" else "article_date"


def _dates(bounds: tuple[str | None, str | None], state: FilterState) -> Clause | None:
    return _between(date_expr(state))(bounds, state)


REVIEW_CHOICES: tuple[str, ...] = ("any", "reviewed", "unreviewed", "rejected")
_REVIEW_LABELS = messages.section("filters.review")
_REVIEW_SQL = {
    "reviewed": "review IN ('accepted', 'corrected')",
    "unreviewed": "review IS NULL",
    "rejected": "review = 'rejected'",
}


def _reviewed(choice: str, _state: FilterState) -> Clause | None:
    sql = _REVIEW_SQL.get(choice)
    return (sql, []) if sql else None


_DATE_LABELS = messages.section("filters.date_on")
#: The filters' help texts, by filter name (``messages/filters.toml``).
_HELP = messages.section("filters.help")
_TYPE_LABELS = {t: t.replace("_", " ") for t in EVENT_TYPES}

# fmt: off
FILTERS: tuple[Filter, ...] = (
    #      name          label                      param       kind           columns
    Filter("types",      "Event type",              "type",     "multiselect", ("event_type",),
           _one_of("event_type"), options=EVENT_TYPES, option_labels=_TYPE_LABELS,
           help=_HELP["types"]),
    Filter("sectors",    "Sector",                  "sector",   "multiselect", ("sector",),
           _one_of("sector")),
    Filter("search",     "Company or counterparty", "q",        "search",
           ("company", "counterparty"), _search,
           help=_HELP["search"]),
    Filter("currencies", "Currency",                "currency", "multiselect", ("currency",),
           _one_of("currency")),
    Filter("rounds",     "Round",                   "round",    "multiselect", ("round",),
           _one_of("round")),
    Filter("statuses",   "Fine status",             "status",   "multiselect", ("status",),
           _one_of("status"), options=FINE_STATUSES),
    Filter("usd",        "USD amount (millions)",   "usd",      "range",       ("amount_usd",),
           _between("amount_usd"), scale=1e6,
           help=_HELP["usd"]),
    Filter("date_on",    "Date by",                 "date_on",  "choice",
           ("article_date", "event_date"), None, options=DATE_ON, option_labels=_DATE_LABELS,
           help=_HELP["date_on"]),
    Filter("dates",      "Date",                    "date",     "date_range",
           ("article_date", "event_date"), _dates),
    Filter("sources",    "Source file",             "source",   "multiselect", ("source",),
           _one_of("source")),
    Filter("review",     "Review",                  "review",   "choice",      ("review",),
           _reviewed, options=REVIEW_CHOICES, option_labels=_REVIEW_LABELS,
           help=_HELP["review"]),
)
# fmt: on
FILTERS_BY_NAME: dict[str, Filter] = {f.name: f for f in FILTERS}

assert {f.name for f in FILTERS} == {f.name for f in fields(FilterState)}


def where(state: FilterState) -> Clause:
    """The WHERE clause (never empty) and its parameters for every active filter."""
    parts: list[str] = []
    params: list[Any] = []
    for f in FILTERS:
        if f.predicate is None:
            continue
        clause = f.predicate(getattr(state, f.name), state)
        if clause is not None:
            parts.append(clause[0])
            params.extend(clause[1])
    return (" AND ".join(parts) if parts else "TRUE"), params


def apply(frame: pd.DataFrame, state: FilterState) -> pd.DataFrame:
    """The rows of ``frame`` that ``state`` keeps, in their order, by the store's own SQL."""
    sql, params = where(state)
    con = duckdb.connect()
    try:
        con.register("events", frame)
        keep = con.execute(f"SELECT coalesce(({sql}), false) AS keep FROM events", params)
        mask = keep.fetchnumpy()["keep"]
    finally:
        con.close()
    return frame[pd.Series(mask, index=frame.index).astype(bool)]


# --- query-param encoding, one pair per widget kind -----------------------------------------


def _get_all(params: Any, key: str) -> list[str] | None:
    if key not in params:
        return None
    if hasattr(params, "get_all"):
        return [str(v) for v in params.get_all(key)]
    value = params[key]
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _parse_number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


def _parse_date(text: str) -> str | None:
    if not _ISO_DATE.match(text):
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def _encode_many(values: tuple[str, ...]) -> str | list[str]:
    return list(values) if values else ""


def _decode_many(f: Filter, raw: list[str]) -> tuple[str, ...]:
    values = [v for v in dict.fromkeys(raw) if v != ""]
    if f.options is not None:
        values = [v for v in values if v in f.options]
    return tuple(values)


def _encode_range(bounds: tuple[Any, Any]) -> str:
    low, high = bounds
    return f"{'' if low is None else _number(low)}..{'' if high is None else _number(high)}"


def _encode_dates(bounds: tuple[str | None, str | None]) -> str:
    return f"{bounds[0] or ''}..{bounds[1] or ''}"


def _split_range(raw: list[str], parse: Callable[[str], Any]) -> tuple[Any, Any] | None:
    text = raw[-1].strip()
    if ".." not in text:
        return None
    low_text, high_text = text.split("..", 1)
    low = parse(low_text) if low_text else None
    high = parse(high_text) if high_text else None
    if (low_text and low is None) or (high_text and high is None):
        return None
    if low is not None and high is not None and low > high:
        low, high = high, low
    return low, high


def _decode_choice(f: Filter, raw: list[str]) -> str | None:
    return raw[-1] if f.options and raw[-1] in f.options else None


_ENCODERS: dict[str, Callable[[Any], str | list[str]]] = {
    "multiselect": _encode_many,
    "search": str,
    "range": _encode_range,
    "date_range": _encode_dates,
    "choice": str,
}
_DECODERS: dict[str, Callable[[Filter, list[str]], Any]] = {
    "multiselect": _decode_many,
    "search": lambda _f, raw: raw[-1].strip()[:200],
    "range": lambda _f, raw: _split_range(raw, _parse_number),
    "date_range": lambda _f, raw: _split_range(raw, _parse_date),
    "choice": _decode_choice,
}


# --- widgets ----------------------------------------------------------------------------------


def widget_values(state: FilterState) -> dict[str, Any]:
    """The value of every filter widget (by key) that shows ``state``."""
    out: dict[str, Any] = {}
    for f in FILTERS:
        value = getattr(state, f.name)
        if f.kind == "multiselect":
            out[f.key] = list(value)
        elif f.kind == "range":
            low, high = value
            out[f"{f.key}_min"] = None if low is None else low / f.scale
            out[f"{f.key}_max"] = None if high is None else high / f.scale
        elif f.kind == "date_range":
            low, high = value
            out[f"{f.key}_min"] = None if low is None else date.fromisoformat(low)
            out[f"{f.key}_max"] = None if high is None else date.fromisoformat(high)
        else:
            out[f.key] = value
    return out


def state_from_widgets(values: Mapping[str, Any]) -> FilterState:
    """The state the widgets show; missing keys keep their defaults."""
    state = FilterState()
    changes: dict[str, Any] = {}
    for f in FILTERS:
        if not all(k in values for k in f.widget_keys):
            continue
        if f.kind == "multiselect":
            changes[f.name] = tuple(dict.fromkeys(str(v) for v in values[f.key] or ()))
        elif f.kind == "search":
            changes[f.name] = str(values[f.key] or "").strip()
        elif f.kind == "choice":
            chosen = values[f.key]
            changes[f.name] = chosen if chosen in (f.options or ()) else getattr(state, f.name)
        elif f.kind == "range":
            low, high = (values[k] for k in f.widget_keys)
            low = None if low is None else float(low) * f.scale
            high = None if high is None else float(high) * f.scale
            changes[f.name] = _ordered(low, high)
        else:
            low, high = (values[k] for k in f.widget_keys)
            changes[f.name] = _ordered(
                None if low is None else _iso(low), None if high is None else _iso(high)
            )
    return replace(state, **changes)


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _ordered(low: Any, high: Any) -> tuple[Any, Any]:
    if low is not None and high is not None and low > high:
        return high, low
    return low, high


def options_for(f: Filter, data_values: Iterable[str], selected: Sequence[str] = ()) -> list[str]:
    """A multiselect's options: the fixed ones, or the data's, plus anything selected.

    Keeping selected values among the options means a link or a data change never silently
    drops part of the user's filter.
    """
    base = list(f.options) if f.options is not None else sorted(set(data_values), key=str.lower)
    return base + [v for v in selected if v not in base]
