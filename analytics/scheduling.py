"""What the dashboard asks of the store before it draws, run in worker threads (no Streamlit).

A rerun of the page needs, for one filter state, the headline figures, the row count, five chart
aggregates of one event type, one page of the table and (for a small view) the CSV bytes. Asked
one after another they cost their sum; here they are all submitted at once to a small thread
pool (DuckDB releases the GIL while it works) and the page waits for each only where it draws
it. ``app.py`` keeps one ``Scheduler`` per server process and only draws what comes back.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor, wait
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

import pandas as pd

from analytics.export import view_csv
from analytics.filters import FilterState
from analytics.schema import EVENT_TYPES

if TYPE_CHECKING:
    from analytics.store import Store

#: Threads running store queries: two, as DuckDB parallelizes each query itself.
WORKERS = 2


def read_page(store: Store, state: FilterState, order: str, page: int, size: int) -> pd.DataFrame:
    """Page ``page`` (from 1) of ``size`` rows of the events ``state`` keeps, in ``order``."""
    return store.query(state, limit=size, offset=(page - 1) * size, order=order)


class StateData:
    """What the page shows of one filter state (headline figures, the charts of one event type,
    the row count), asked of the store all at once on the first of them asked for: the store
    reads the state's events once and cuts the charted type's events from them, while the
    worker threads compute the aggregates. ``kind`` is the charts' type guessed before the page
    knows it (the picker's last value); another type is asked for when the picker shows it."""

    def __init__(
        self,
        store: Store,
        state: FilterState,
        kind: str | None,
        charts: Sequence[str],
        pool: Executor,
    ) -> None:
        self.store, self.state, self.kind = store, state, kind
        self.charts = tuple(charts)
        self._pool = pool
        self._futures: dict[Hashable, Future[Any]] | None = None

    def _chart_jobs(self, kind: str) -> dict[Hashable, Callable[[], Any]]:
        # each chart shows one type: its aggregate runs on that type's events only
        one = replace(self.state, types=(kind,))
        return {(name, kind): partial(self.store.aggregate, name, one) for name in self.charts}

    def _jobs(self) -> dict[Hashable, Callable[[], Any]]:
        store, state = self.store, self.state
        jobs: dict[Hashable, Callable[[], Any]] = {"headline": partial(store.headline, state)}
        jobs["count"] = partial(store.count_events, state)
        if self.kind is not None and self.kind in (state.types or EVENT_TYPES):
            jobs.update(self._chart_jobs(self.kind))
        return jobs

    def _started(self) -> dict[Hashable, Future[Any]]:
        if self._futures is None:
            self._futures = {n: self._pool.submit(job) for n, job in self._jobs().items()}
        return self._futures

    def get(self, name: str) -> Any:
        """The answer ``name`` (``headline`` or ``count``); waits for it, raises its error."""
        return self._started()[name].result()

    def chart(self, name: str, kind: str) -> pd.DataFrame:
        """The aggregate of chart ``name`` over the events of type ``kind`` (waits for it)."""
        futures = self._started()
        if (name, kind) not in futures:
            for key, job in self._chart_jobs(kind).items():
                futures.setdefault(key, self._pool.submit(job))
        return futures[(name, kind)].result()


class PagePrefetch:
    """The table page the widgets are expected to show, asked of the store in a worker thread
    while the charts are drawn; any other page is read when asked."""

    def __init__(
        self, store: Store, state: FilterState, order: str, page: int, size: int, pool: Executor
    ) -> None:
        self.key = (state, order, page)
        self.size = size
        self.future = pool.submit(read_page, store, state, order, page, size)

    def wait(self) -> None:
        """Wait until the page is read (or failed: ``rows`` raises then)."""
        wait([self.future])

    def rows(self, store: Store, state: FilterState, order: str, page: int) -> pd.DataFrame:
        """The page asked for: the prefetched one when it is that page."""
        if (state, order, page) == self.key:
            return self.future.result()
        return read_page(store, state, order, page, self.size)


class Scheduler:
    """The worker threads of one server process and the jobs a page run gives them."""

    def __init__(self, pool: Executor | None = None) -> None:
        self.pool = pool or ThreadPoolExecutor(
            max_workers=WORKERS, thread_name_prefix="dealscope-query"
        )

    def state_data(
        self, store: Store, state: FilterState, kind: str | None, charts: Sequence[str]
    ) -> StateData:
        """The figures of one filter state, asked for together (see ``StateData``)."""
        return StateData(store, state, kind, charts, self.pool)

    def prefetch_page(
        self, store: Store, state: FilterState, order: str, page: int, size: int
    ) -> PagePrefetch:
        """Start reading one page of the table (see ``PagePrefetch``)."""
        return PagePrefetch(store, state, order, page, size, self.pool)

    def csv(self, store: Store, state: FilterState, order: str, rows: int) -> Future[bytes]:
        """The CSV bytes of one view, built in a worker thread (by row id, no scan): a download
        button then gets finished bytes, never a callable run on click."""
        return self.pool.submit(view_csv, store, state, order, rows)


def should_prefetch(page: object, shown: tuple[Any, ...] | None, view: tuple[Any, ...]) -> bool:
    """Whether to read page ``page`` of ``view`` ahead: not when it is no page number, nor when
    it is the page shown last (a rerun for a row selection finds it cached)."""
    return isinstance(page, int) and shown != (*view, page)
