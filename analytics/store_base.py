"""What every part of the ``Store`` shares: the connection, read cursors, one-transaction writes,
the meta table and the caches a write empties.

``analytics.store.Store`` is made of this base and one mixin per concern (queries over filter
states, the review, grouping links, the upload journal); each mixin reads and writes only through
``_read`` and ``_write``.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd

from analytics.catalogue import sql

if TYPE_CHECKING:
    import pyarrow as pa

    from analytics.filters import FilterState
    from analytics.fx import Rates


@dataclass(frozen=True)
class FilteredSet:
    """The events one filter state keeps: how many, and (when not too many) the set itself."""

    rows: int
    table: pa.Table | None = None
    #: The filter state whose events these are (set once cached).
    state: FilterState | None = None

    @property
    def nbytes(self) -> int:
        """Memory the set holds."""
        return self.table.nbytes if self.table is not None else 0


class StoreBase:
    """The connection and caches of a store; see ``analytics.store.Store``."""

    data_dir: Path
    path: Path
    _con: duckdb.DuckDBPyConnection
    _rates: Rates | None

    def _init_shared(self) -> None:
        """Locks and caches (before the file is opened)."""
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        # filtered sets by (version, WHERE clause, parameters): least recently used first
        self._filtered_sets: OrderedDict[tuple[Any, ...], FilteredSet] = OrderedDict()
        self._filtered_reads: dict[tuple[Any, ...], threading.Lock] = {}
        self._filtered_generation = 0
        # aggregates over every event type, per store version (see _aggregate_by_type)
        self._by_type: dict[tuple[Any, ...], pd.DataFrame] = {}
        self._rates = None

    # --- connection -----------------------------------------------------------------------

    def close(self) -> None:
        """Close the file; the store cannot be used afterwards."""
        with self._lock:
            self._con.close()

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({str(self.data_dir)!r})"

    @contextmanager
    def _read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._lock:
            cur = self._con.cursor()
        try:
            yield cur
        finally:
            cur.close()

    @contextmanager
    def _write(self, *, forget: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor inside one transaction: committed on success, rolled back on any error.

        ``forget=False`` keeps the cached filtered sets (a write that changes no event)."""
        with self._write_lock:
            with self._lock:
                cur = self._con.cursor()
            try:
                cur.begin()
                try:
                    yield cur
                except BaseException:
                    cur.rollback()
                    raise
                cur.commit()
            finally:
                cur.close()
                if forget:
                    self._forget_filtered()

    def _forget_filtered(self) -> None:
        """Drop every cached filtered set (after a write: flags or rows may have changed); a
        read under way when the write ended is not cached."""
        with self._lock:
            self._filtered_sets.clear()
            self._by_type.clear()
            self._filtered_generation += 1

    # --- reading ----------------------------------------------------------------------------

    def _scalar(self, statement: str, params: Sequence[Any] = ()) -> Any:
        with self._read() as cur:
            row = cur.execute(statement, list(params)).fetchone()
        return row[0] if row else None

    def _frame(self, statement: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        with self._read() as cur:
            return cur.execute(statement, list(params)).df()

    def meta(self, key: str) -> str | None:
        """A value of the meta table."""
        return self._scalar(sql("meta_get"), [key])

    def version(self) -> int:
        """A number that changes with every write (for cache keys)."""
        return int(self.meta("version") or 0)


def bump(cur: duckdb.DuckDBPyConnection) -> None:
    """A write changed what the page shows: a new store version for the caches keyed on it."""
    cur.execute(sql("bump_version"))
