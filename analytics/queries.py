"""The SQL behind the dashboard: sort orders and aggregates (facets) as rows of a table.

Every statement reads a relation named ``events`` with the schema's columns, filtered by
``analytics.filters.where``. The store runs them over its table; ``run_on_frame`` runs the same
statements over a pandas DataFrame, so tests and small scripts need no store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd

from analytics.filters import FilterState, date_expr, where
from analytics.grouping import COUNTED_EVENTS, counted

if TYPE_CHECKING:
    from analytics.store import Store

#: Table orders by name; ``{tie}`` (the store's rowid, or event_id over a DataFrame) breaks ties
#: so that pages never overlap.
ORDERS: Mapping[str, str] = {
    "largest": "amount_usd DESC NULLS LAST, {tie}",
    "smallest": "amount_usd ASC NULLS LAST, {tie}",
    "newest": "{date} DESC NULLS LAST, {tie}",
    "oldest": "{date} ASC NULLS LAST, {tie}",
    "company": "lower(company) ASC NULLS LAST, {tie}",
}
ORDER_LABELS: Mapping[str, str] = {
    "largest": "largest USD first",
    "smallest": "smallest USD first",
    "newest": "newest first",
    "oldest": "oldest first",
    "company": "company A-Z",
}
DEFAULT_ORDER = "largest"

#: The largest deal of each group, for hover text: company, amount as written, USD.
_TOP = (
    "arg_max(company, amount_usd) AS top_company, "
    "arg_max(amount_text, amount_usd) AS top_amount_text, "
    "max(amount_usd) AS top_amount_usd"
)


@dataclass(frozen=True)
class Aggregate:
    """One aggregate: SQL over the filtered rows ``{filtered}``; ``{date}`` is the date in use."""

    name: str
    doc: str
    sql: str


# fmt: off
AGGREGATES: Mapping[str, Aggregate] = {a.name: a for a in (
    Aggregate("headline", "Per event type: events, undisclosed ones, USD total, rows with no rate.",
        """SELECT event_type,
                  count(*) AS events,
                  count(*) FILTER (WHERE undisclosed) AS undisclosed,
                  count(amount_usd) AS priced,
                  count(*) FILTER (WHERE NOT undisclosed AND amount_usd IS NULL) AS no_rate,
                  coalesce(sum(amount_usd), 0) AS amount_usd
           FROM {filtered} GROUP BY event_type ORDER BY event_type"""),
    Aggregate("by_type_sector", "USD total per event type and sector.",
        f"""SELECT event_type, coalesce(sector, 'unknown') AS sector,
                   sum(amount_usd) AS amount_usd, count(*) AS events, {_TOP}
            FROM {{filtered}} WHERE amount_usd IS NOT NULL
            GROUP BY ALL ORDER BY amount_usd DESC, sector, event_type"""),
    Aggregate("by_month", "USD total per month (of the date in use) and event type.",
        f"""SELECT substr({{date}}, 1, 7) AS month, event_type,
                   sum(amount_usd) AS amount_usd, count(*) AS events, {_TOP}
            FROM {{filtered}} WHERE amount_usd IS NOT NULL AND {{date}} IS NOT NULL
            GROUP BY ALL ORDER BY month, event_type"""),
    Aggregate("top_companies", "The companies with the most USD, split by event type.",
        f"""WITH top AS (
                SELECT company, sum(amount_usd) AS company_usd FROM {{filtered}}
                WHERE amount_usd IS NOT NULL AND company IS NOT NULL
                GROUP BY company ORDER BY company_usd DESC, company LIMIT {{limit}})
            SELECT company, event_type, sum(amount_usd) AS amount_usd, count(*) AS events,
                   {_TOP}, any_value(company_usd) AS company_usd
            FROM {{filtered}} JOIN top USING (company) WHERE amount_usd IS NOT NULL
            GROUP BY company, event_type ORDER BY company_usd DESC, company, event_type"""),
    Aggregate("fines_by_authority", "Fines in USD per fining authority (the counterparty).",
        f"""SELECT coalesce(counterparty, 'unknown') AS authority, event_type,
                   sum(amount_usd) AS amount_usd, count(*) AS events, {_TOP}
            FROM {{filtered}} WHERE event_type = 'fine' AND amount_usd IS NOT NULL
            GROUP BY ALL ORDER BY amount_usd DESC, authority LIMIT {{limit}}"""),
    Aggregate("by_counterparty", "USD per counterparty (the lead investor, the authority, the "
        "buyer: the first of a '; ' list) and type, the largest of each type.",
        f"""SELECT * FROM (
                SELECT coalesce(nullif(trim(split_part(counterparty, ';', 1)), ''), 'unknown')
                           AS counterparty, event_type,
                       sum(amount_usd) AS amount_usd, count(*) AS events, {_TOP}
                FROM {{filtered}} WHERE amount_usd IS NOT NULL GROUP BY 1, 2)
            QUALIFY row_number() OVER (PARTITION BY event_type
                                       ORDER BY amount_usd DESC, counterparty) <= {{limit}}
            ORDER BY amount_usd DESC, counterparty, event_type"""),
    Aggregate("deal_sizes", "Events per quarter-decade of USD amount, per event type.",
        f"""SELECT power(10, bin / 4.0) AS bin_low, power(10, (bin + 1) / 4.0) AS bin_high,
                   power(10, (bin + 0.5) / 4.0) AS bin_mid, event_type,
                   count(*) AS events, {_TOP}
            FROM (SELECT *, floor(log10(amount_usd) * 4)::BIGINT AS bin FROM {{filtered}}
                  WHERE amount_usd >= 1)
            GROUP BY bin, event_type ORDER BY bin, event_type"""),
)}
# fmt: on


#: ``top_companies`` before the top is cut: per company and event type (a relation's rows).
COMPANY_TYPE_SQL = f"""SELECT company, event_type, sum(amount_usd) AS amount_usd,
        count(*) AS events, {_TOP}
    FROM {{relation}} WHERE amount_usd IS NOT NULL AND company IS NOT NULL
    GROUP BY company, event_type"""
#: ``top_companies`` from ``COMPANY_TYPE_SQL``'s rows in ``{per}`` (already narrowed).
TOP_FROM_COMPANY_TYPE_SQL = """WITH top AS (
        SELECT company, sum(amount_usd) AS company_usd FROM {per}
        GROUP BY company ORDER BY company_usd DESC, company LIMIT {limit})
    SELECT company, event_type, amount_usd, events, top_company, top_amount_text,
           top_amount_usd, company_usd
    FROM {per} JOIN top USING (company) ORDER BY company_usd DESC, company, event_type"""


def filtered_sql(state: FilterState, relation: str = "events") -> tuple[str, list[Any]]:
    """A sub-query of the rows ``state`` keeps, and its parameters."""
    clause, params = where(state)
    return f"(SELECT * FROM {relation} WHERE {clause})", params


def aggregate_sql(
    name: str,
    state: FilterState,
    *,
    limit: int = 15,
    relation: str = "events",
    filtered: bool = False,
) -> tuple[str, list[Any]]:
    """The SQL and parameters of aggregate ``name`` over the rows ``state`` keeps.

    ``filtered``: ``relation`` holds exactly those rows already (only ``state.date_on`` is read).
    """
    if filtered:
        filtered_rel, params = relation, []
    else:
        filtered_rel, params = filtered_sql(state, relation)
    template = AGGREGATES[name].sql
    sql = template.format(filtered=filtered_rel, date=date_expr(state), limit=int(limit))
    return sql, params * template.count("{filtered}")


def order_sql(order: str, state: FilterState, tie: str = "event_id") -> str:
    """The ORDER BY text of a named order (unknown names fall back to the default)."""
    return ORDERS.get(order, ORDERS[DEFAULT_ORDER]).format(date=date_expr(state), tie=tie)


def select_sql(
    state: FilterState,
    *,
    order: str = DEFAULT_ORDER,
    limit: int | None = None,
    offset: int = 0,
    relation: str = "events",
) -> tuple[str, list[Any]]:
    """SELECT of the filtered rows in ``order``, optionally one page of them."""
    clause, params = where(state)
    if relation != "events":
        order_by = order_sql(order, state)
        sql = f"SELECT * FROM {relation} WHERE {clause} ORDER BY {order_by}"
        return (sql if limit is None else f"{sql} {_page(limit, offset)}"), params
    # In the store, rowid breaks ties (cheaper than a text column); a page is cut on the sort
    # columns first and only its rows are fetched whole.
    order_by = order_sql(order, state, tie="rowid")
    if limit is None:
        return f"SELECT * FROM events WHERE {clause} ORDER BY {order_by}", params
    return (
        f"SELECT * FROM events WHERE rowid IN (SELECT rowid FROM events WHERE {clause} "
        f"ORDER BY {order_by} {_page(limit, offset)}) ORDER BY {order_by}",
        params,
    )


def page_ids_sql(
    state: FilterState, relation: str, *, order: str = DEFAULT_ORDER, limit: int, offset: int = 0
) -> str:
    """The ``rid`` (store rowid) of one page of ``relation``, rows ``state`` kept already."""
    order_by = order_sql(order, state, tie="rid")
    return f"SELECT rid FROM {relation} ORDER BY {order_by} {_page(limit, offset)}"


def rows_by_id_sql(state: FilterState, *, order: str = DEFAULT_ORDER) -> str:
    """The store's events whose rowid is in the list parameter, in ``order`` (one page)."""
    order_by = order_sql(order, state, tie="rowid")
    return f"SELECT * FROM events WHERE rowid IN (SELECT unnest(?::BIGINT[])) ORDER BY {order_by}"


def _page(limit: int, offset: int) -> str:
    return f"LIMIT {int(limit)} OFFSET {max(0, int(offset))}"


def run_on_frame(frame: pd.DataFrame, sql: str, params: list[Any]) -> pd.DataFrame:
    """Run a statement written for the ``events`` relation over a pandas DataFrame."""
    con = duckdb.connect()
    try:
        con.register("events", frame)
        return con.execute(sql, params).df()
    finally:
        con.close()


def aggregate_frame(
    frame: pd.DataFrame, name: str, state: FilterState | None = None, *, limit: int = 15
) -> pd.DataFrame:
    """Aggregate ``name`` computed over an events DataFrame (what the store computes in SQL),
    each group of reports of one event counted once (``analytics.grouping``)."""
    sql, params = aggregate_sql(name, state or FilterState(), limit=limit)
    return run_on_frame(frame[counted(frame)], sql, params)


def grouped_aggregate(
    store: Store, name: str, state: FilterState | None = None, *, limit: int = 15
) -> pd.DataFrame:
    """Aggregate ``name`` of ``analytics.queries.AGGREGATES`` with each group counted once."""
    sql, params = aggregate_sql(name, state or FilterState(), limit=limit, relation=COUNTED_EVENTS)
    with store._read() as cur:
        return cur.execute(sql, params).df()
