"""Queries of the store by filter state: pages, counts, aggregates (``QueryOps``).

The events one filter state keeps, when not too many (``FILTERED_MAX_ROWS``), are read once (a
few columns, ``analytics/sql/filtered_set.sql``, as an Arrow table, in a cache bounded by
``FILTERED_CACHE_ENTRIES`` and ``FILTERED_CACHE_BYTES`` and emptied by every write); the
aggregates, the row count and the table's page are then computed over that set, and only the
page's rows are read whole. A state that only narrows a cached one (on event type, sector,
company search, USD amount or date) is cut from that set instead of read from the table again.
Broader states are queried in the table itself, and a state that narrows by event type alone
takes its aggregates and row count from those over every type (computed once per store version).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from analytics.catalogue import message, sql, table
from analytics.filters import FILTERS, Filter, FilterState, where
from analytics.grouping import COUNTED_EVENTS
from analytics.queries import (
    DEFAULT_ORDER,
    aggregate_sql,
    company_type_sql,
    filtered_sql,
    page_ids_sql,
    rows_by_id_sql,
    select_sql,
    top_from_company_type_sql,
)
from analytics.schema import COLUMNS, conform
from analytics.store_base import FilteredSet, StoreBase

#: At most this many options in a data-driven filter (the most frequent values).
MAX_OPTIONS = 500
#: Columns ``distinct_values`` may be asked about (filter options).
DISTINCT_COLUMNS = frozenset(c.name for c in COLUMNS if c.dtype == "str")
#: The event columns a filtered set holds (``analytics/sql/filtered_set.sql``) that filters
#: read: a narrower state on filters of these columns only is cut from a cached set.
_FILTERED_NAMES = frozenset(table("store", "filtered_set_columns"))
#: The registered name of a filtered set inside a read cursor.
_FILTERED_NAME = "filtered_events"
#: Bounds of the filtered sets kept in memory: how many, and their Arrow bytes in all.
FILTERED_CACHE_ENTRIES = 6
FILTERED_CACHE_BYTES = 512 * 2**20
#: A filter state keeping more events than this is answered by queries over the whole table (the
#: table's own scans beat a copy of most of it; only the row count is cached for it).
FILTERED_MAX_ROWS = 400_000


@dataclass(frozen=True)
class TypeTotals:
    """Headline figures of one event type over the filtered rows."""

    events: int = 0
    undisclosed: int = 0
    priced: int = 0
    no_rate: int = 0
    amount_usd: float = 0.0


class QueryOps(StoreBase):
    """The ``Store``'s reads by filter state."""

    def count_events(self, state: FilterState | None = None) -> int:
        """How many events are stored, or how many ``state`` keeps."""
        if state is None:
            return int(self._scalar(sql("count_events")))
        if types_only(state):
            per_type = self._per_version(
                ("count_by_type",),
                lambda: self._frame(sql("count_by_type")),
            )
            if state.types:
                per_type = per_type[per_type["event_type"].isin(state.types)]
            return int(per_type["n"].sum())
        return self._filtered(state).rows

    def query(
        self,
        state: FilterState | None = None,
        *,
        limit: int | None = 100,
        offset: int = 0,
        order: str = DEFAULT_ORDER,
    ) -> pd.DataFrame:
        """One page of the events ``state`` keeps, in ``order`` (``limit=None``: all of them)."""
        state = state or FilterState()
        wanted = limit is not None and not types_only(state)
        table = self._filtered(state).table if wanted else None
        if table is None or limit is None:
            statement, params = select_sql(state, order=order, limit=limit, offset=offset)
            return conform(self._frame(statement, params))
        # the page is cut from the filtered set; only its rows are read whole from the table
        page_sql = page_ids_sql(state, _FILTERED_NAME, order=order, limit=limit, offset=offset)
        with self._read() as cur:
            cur.register(_FILTERED_NAME, table)
            ids = [int(r[0]) for r in cur.execute(page_sql).fetchall()]
            if not ids:
                return conform(cur.execute(sql("no_events")).df())
            return conform(cur.execute(rows_by_id_sql(state, order=order), [ids]).df())

    def events(
        self, state: FilterState | None = None, *, order: str = DEFAULT_ORDER
    ) -> pd.DataFrame:
        """Every event ``state`` keeps (for export), in ``order``."""
        return self.query(state, limit=None, order=order)

    def aggregate(
        self, name: str, state: FilterState | None = None, *, limit: int = 15
    ) -> pd.DataFrame:
        """Aggregate ``name`` of ``analytics.queries.AGGREGATES`` over the filtered events."""
        state = state or FilterState()
        if types_only(state):
            return self._aggregate_by_type(name, state, limit)
        return self._aggregate_filtered(name, state, limit)

    def _aggregate_filtered(self, name: str, state: FilterState, limit: int) -> pd.DataFrame:
        """Aggregate ``name`` over the filtered set of ``state``, or the table when too broad."""
        table = self._filtered(state).table
        if table is None:
            statement, params = aggregate_sql(name, state, limit=limit, relation=COUNTED_EVENTS)
            return self._frame(statement, params)
        relation = f"({sql('counted_of').format(relation=_FILTERED_NAME)})"
        statement, params = aggregate_sql(
            name, state, limit=limit, relation=relation, filtered=True
        )
        with self._read() as cur:
            cur.register(_FILTERED_NAME, table)
            return cur.execute(statement, params).df()

    def _aggregate_by_type(self, name: str, state: FilterState, limit: int) -> pd.DataFrame:
        """Aggregate ``name`` for a state that filters on event types only: the rows of the
        selected types out of the aggregate over every type (computed once per store version).
        Every aggregate groups by event type, so this is the same answer; ``top_companies``
        ranks the companies again from their sums per type."""
        everything = FilterState(types=(), date_on=state.date_on)
        if name == "top_companies":
            key: tuple[Any, ...] = ("company_type", state.date_on)
            per = self._per_version(key, lambda: self._company_type(everything))
        else:
            key = (name, state.date_on, int(limit))
            per = self._per_version(key, lambda: self._aggregate_filtered(name, everything, limit))
        if state.types:
            per = per[per["event_type"].isin(state.types)]
        if name != "top_companies":
            return per.reset_index(drop=True)
        statement = top_from_company_type_sql("company_type", limit)
        with self._read() as cur:
            cur.register("company_type", per)
            return cur.execute(statement).df()

    def _company_type(self, everything: FilterState) -> pd.DataFrame:
        relation, params = filtered_sql(everything, COUNTED_EVENTS)
        return self._frame(company_type_sql(relation), params)

    def _per_version(
        self, key: tuple[Any, ...], compute: Callable[[], pd.DataFrame]
    ) -> pd.DataFrame:
        """A frame computed once per store version (forgotten on every write)."""
        version = self.version()
        with self._lock:
            found = self._by_type.get((version, *key))
            generation = self._filtered_generation
        if found is None:
            found = compute()
            with self._lock:
                if generation == self._filtered_generation:
                    if any(k[0] != version for k in self._by_type):
                        self._by_type.clear()
                    self._by_type[(version, *key)] = found
        return found

    def _filtered(self, state: FilterState) -> FilteredSet:
        """The events ``state`` keeps (the columns of ``filtered_set.sql``, as Arrow), read once
        per store version and filter and kept in a bounded in-memory cache; past
        ``FILTERED_MAX_ROWS`` only their count (then every call queries the table). Threads
        asking for the same state wait for one read."""
        clause, params = where(state)
        key = (self.version(), clause, *params)
        with self._lock:
            found = self._filtered_sets.get(key)
            if found is not None:
                self._filtered_sets.move_to_end(key)
                return found
            reading = self._filtered_reads.setdefault(key, threading.Lock())
            generation = self._filtered_generation
        with reading:
            with self._lock:
                found = self._filtered_sets.get(key)
            if found is None:
                found = self._narrowed(state, key[0]) or self._read_filtered(clause, params)
                found = replace(found, state=state)
            with self._lock:
                self._filtered_reads.pop(key, None)
                if generation == self._filtered_generation:
                    self._keep_filtered(key, found)
        return found

    def _narrowed(self, state: FilterState, version: int) -> FilteredSet | None:
        """The events of ``state`` cut from the smallest cached set of a broader state (the
        same store version) that narrows to it on columns the set holds, or None."""
        with self._lock:
            cached = [
                f
                for key, f in self._filtered_sets.items()
                if key[0] == version and f.table is not None and f.state is not None
            ]
        best: tuple[FilteredSet, list[Filter]] | None = None
        for broader in cached:
            narrowing = narrowing_filters(state, broader.state)  # type: ignore[arg-type]
            if narrowing is None or any(
                c not in _FILTERED_NAMES for f in narrowing for c in f.columns
            ):
                continue
            if best is None or broader.rows < best[0].rows:
                best = (broader, narrowing)
        if best is None:
            return None
        broader, narrowing = best
        parts, params = ["TRUE"], []
        for f in narrowing:
            clause = f.predicate(getattr(state, f.name), state)  # type: ignore[misc]
            if clause is not None:
                parts.append(clause[0])
                params.extend(clause[1])
        with self._read() as cur:
            cur.execute(sql("arrow_string_views"))
            cur.register("broader_set", broader.table)
            statement = sql("narrowed").format(where=" AND ".join(parts))
            table = cur.sql(statement, params=params).to_arrow_table()
        return FilteredSet(table.num_rows, table)

    def _read_filtered(self, clause: str, params: list[Any]) -> FilteredSet:
        with self._read() as cur:
            total = int(cur.execute(sql("count_events")).fetchall()[0][0])
            if total > FILTERED_MAX_ROWS:
                kept = cur.execute(sql("count_where").format(where=clause), params)
                rows = int(kept.fetchall()[0][0])
                if rows > FILTERED_MAX_ROWS:
                    return FilteredSet(rows)
            # string views: no copy of the text into one buffer (DuckDB reads them back as is)
            cur.execute(sql("arrow_string_views"))
            statement = sql("filtered_set").format(where=clause)
            table = cur.sql(statement, params=params).to_arrow_table()
        return FilteredSet(table.num_rows, table)

    def _keep_filtered(self, key: tuple[Any, ...], found: FilteredSet) -> None:
        """Cache ``found`` (the caller holds ``_lock``), dropping the least recently used sets
        past ``FILTERED_CACHE_ENTRIES`` or ``FILTERED_CACHE_BYTES`` (the newest always stays)."""
        self._filtered_sets[key] = found
        self._filtered_sets.move_to_end(key)
        size = sum(f.nbytes for f in self._filtered_sets.values())
        while len(self._filtered_sets) > 1 and (
            len(self._filtered_sets) > FILTERED_CACHE_ENTRIES or size > FILTERED_CACHE_BYTES
        ):
            _, dropped = self._filtered_sets.popitem(last=False)
            size -= dropped.nbytes

    def grouped_aggregate(
        self, name: str, state: FilterState | None = None, *, limit: int = 15
    ) -> pd.DataFrame:
        """Aggregate ``name`` over the table itself, each group counted once, with no cached
        set: the reference the cached answers of ``aggregate`` equal."""
        statement, params = aggregate_sql(
            name, state or FilterState(), limit=limit, relation=COUNTED_EVENTS
        )
        return self._frame(statement, params)

    def headline(self, state: FilterState | None = None) -> dict[str, TypeTotals]:
        """Headline figures per event type over the filtered events (missing types: zeros)."""
        frame = self.aggregate("headline", state)
        return totals_by_type(frame)

    def distinct_values(self, column: str, limit: int | None = MAX_OPTIONS) -> list[str]:
        """The distinct non-missing values of a text column, sorted (for filter options).

        Past ``limit`` values (a source filter over millions of events has tens of thousands),
        the ``limit`` most frequent are given: a browser cannot offer the rest usefully, and
        sending them costs seconds on every rerun.
        """
        rows = self._frame(_column_sql(sql("distinct_values"), column, limit))
        return [str(v) for v in rows["v"]]

    def value_counts(self, column: str, limit: int | None = MAX_OPTIONS) -> dict[str, int]:
        """Events per value of a text column (the ``limit`` most frequent), for filter options."""
        rows = self._frame(_column_sql(sql("value_counts"), column, limit))
        return {str(v): int(n) for v, n in zip(rows["v"], rows["n"], strict=True)}


def _column_sql(template: str, column: str, limit: int | None) -> str:
    """A statement over one text column of the events, its ``limit`` most frequent values."""
    if column not in DISTINCT_COLUMNS:
        raise ValueError(message("store.not_a_text_column", column=column))
    top = f"LIMIT {int(limit)}" if limit else ""
    return template.format(column=column, limit=top)


def narrowing_filters(state: FilterState, broader: FilterState) -> list[Filter] | None:
    """The filters that cut the events of ``broader`` down to those of ``state``, or None when
    ``state`` may keep an event ``broader`` does not (only the filters whose SQL differs are
    listed; on each, ``state`` must ask for a subset of what ``broader`` allows)."""
    out: list[Filter] = []
    for f in FILTERS:
        if f.predicate is None:
            continue
        mine, theirs = getattr(state, f.name), getattr(broader, f.name)
        clause, wider = f.predicate(mine, state), f.predicate(theirs, broader)
        if clause == wider:
            continue
        if wider is None and clause is not None:
            out.append(f)
        elif clause is None:
            return None
        elif f.kind == "multiselect" and set(mine) <= set(theirs):
            out.append(f)
        elif f.kind in ("range", "date_range") and _within(mine, theirs):
            if f.kind == "date_range" and state.date_on != broader.date_on:
                return None
            out.append(f)
        else:
            return None
    return out


def _within(bounds: tuple[Any, Any], wider: tuple[Any, Any]) -> bool:
    """True when the inclusive range ``bounds`` lies inside ``wider`` (None: open)."""
    (low, high), (wide_low, wide_high) = bounds, wider
    low_ok = wide_low is None or (low is not None and low >= wide_low)
    high_ok = wide_high is None or (high is not None and high <= wide_high)
    return low_ok and high_ok


def types_only(state: FilterState) -> bool:
    """True when ``state`` narrows the events by event type alone (any date choice)."""
    return where(replace(state, types=()))[0] == "TRUE"


def totals_by_type(frame: pd.DataFrame) -> dict[str, TypeTotals]:
    """The ``headline`` aggregate as ``{event_type: TypeTotals}``."""
    out: dict[str, TypeTotals] = {}
    for row in frame.itertuples(index=False):
        out[str(row.event_type)] = TypeTotals(
            events=int(row.events),
            undisclosed=int(row.undisclosed),
            priced=int(row.priced),
            no_rate=int(row.no_rate),
            amount_usd=float(row.amount_usd),
        )
    return out
