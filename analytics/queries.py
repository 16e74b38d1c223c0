"""The SQL behind the dashboard: sort orders and aggregates (facets) as rows of a table.

Every statement reads a relation named ``events`` with the schema's columns, filtered by
``analytics.filters.where``. The store runs them over its table; ``run_on_frame`` runs the same
statements over a pandas DataFrame, so tests and small scripts need no store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from analytics.catalogue import sql, sql_group, table
from analytics.filters import FilterState, date_expr, where
from analytics.grouping import counted

#: Table orders by name (``analytics/tables.toml``, ``[[queries.orders]]``); ``{tie}`` (the
#: store's rowid, or event_id over a DataFrame) breaks ties so that pages never overlap.
ORDERS: Mapping[str, str] = {o["name"]: o["order_by"] for o in table("queries", "orders")}
ORDER_LABELS: Mapping[str, str] = {o["name"]: o["label"] for o in table("queries", "orders")}
DEFAULT_ORDER = next(iter(ORDERS))


@dataclass(frozen=True)
class Aggregate:
    """One aggregate: SQL over the filtered rows ``{filtered}``; ``{date}`` is the date in use,
    ``{top}`` the largest deal of each group (for hover text), ``{limit}`` how many rows."""

    name: str
    doc: str
    sql: str


#: The aggregates, one file each in ``analytics/sql/aggregates/`` (its leading comment the doc).
AGGREGATES: Mapping[str, Aggregate] = {
    name: Aggregate(name, s.doc, s.text) for name, s in sql_group("aggregates").items()
}


def company_type_sql(relation: str) -> str:
    """``top_companies`` before the top is cut: per company and event type of ``relation``."""
    return sql("company_type").format(relation=relation, top=sql("top_deal"))


def top_from_company_type_sql(per: str, limit: int) -> str:
    """``top_companies`` from ``company_type_sql``'s rows in ``per`` (already narrowed)."""
    return sql("top_from_company_type").format(per=per, limit=int(limit))


def filtered_sql(state: FilterState, relation: str = "events") -> tuple[str, list[Any]]:
    """A sub-query of the rows ``state`` keeps, and its parameters."""
    clause, params = where(state)
    return f"({sql('filtered').format(relation=relation, where=clause)})", params


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
    top = sql("top_deal")
    text = template.format(filtered=filtered_rel, date=date_expr(state), limit=int(limit), top=top)
    return text, params * template.count("{filtered}")


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
    page = "" if limit is None else _page(limit, offset)
    if relation != "events":
        order_by = order_sql(order, state)
        text = sql("select_ordered").format(relation=relation, where=clause, order=order_by)
        return f"{text} {page}".rstrip(), params
    # In the store, rowid breaks ties (cheaper than a text column); a page is cut on the sort
    # columns first and only its rows are fetched whole.
    order_by = order_sql(order, state, tie="rowid")
    if limit is None:
        return sql("select_ordered").format(relation="events", where=clause, order=order_by), params
    return sql("select_page").format(where=clause, order=order_by, page=page), params


def page_ids_sql(
    state: FilterState, relation: str, *, order: str = DEFAULT_ORDER, limit: int, offset: int = 0
) -> str:
    """The ``rid`` (store rowid) of one page of ``relation``, rows ``state`` kept already."""
    order_by = order_sql(order, state, tie="rid")
    return sql("page_ids").format(relation=relation, order=order_by, page=_page(limit, offset))


def rows_by_id_sql(state: FilterState, *, order: str = DEFAULT_ORDER) -> str:
    """The store's events whose rowid is in the list parameter, in ``order`` (one page)."""
    order_by = order_sql(order, state, tie="rowid")
    return sql("rows_by_id").format(order=order_by)


def _page(limit: int, offset: int) -> str:
    return f"LIMIT {int(limit)} OFFSET {max(0, int(offset))}"


def run_on_frame(frame: pd.DataFrame, statement: str, params: list[Any]) -> pd.DataFrame:
    """Run a statement written for the ``events`` relation over a pandas DataFrame."""
    con = duckdb.connect()
    try:
        con.register("events", frame)
        return con.execute(statement, params).df()
    finally:
        con.close()


def aggregate_frame(
    frame: pd.DataFrame, name: str, state: FilterState | None = None, *, limit: int = 15
) -> pd.DataFrame:
    """Aggregate ``name`` computed over an events DataFrame (what the store computes in SQL),
    each group of reports of one event counted once (``analytics.grouping``)."""
    text, params = aggregate_sql(name, state or FilterState(), limit=limit)
    return run_on_frame(frame[counted(frame)], text, params)
