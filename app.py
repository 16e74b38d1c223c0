"""Dealscope dashboard: the money in the news, filtered, charted, uploaded to and exported.

UI only: every figure, query, chart and byte of CSV comes from ``analytics``. Run with
``streamlit run app.py`` (add ``-- --data-dir DIR`` or set ``DEALSCOPE_DATA_DIR`` to move the
store; it is created and filled from ``data/`` on first start).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from datetime import date
from functools import partial
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics import charts, display, grouping
from analytics.errors import InputError
from analytics.export import export_filename, view_csv
from analytics.filters import (
    FILTERS,
    Filter,
    FilterState,
    options_for,
    state_from_widgets,
    widget_values,
)
from analytics.queries import ORDER_LABELS, ORDERS
from analytics.store import (
    Store,
    TypeTotals,
    data_dir_from_args,
    resolve_data_dir,
    resolve_sample_dir,
)
from analytics.uploads import UPLOAD_TYPES, UploadSummary, ingest_upload

log = logging.getLogger("dealscope.app")

PAGE_SIZE = 50
CACHE = {"ttl": 600, "max_entries": 256, "show_spinner": False}
DATE_LIMITS = {"min_value": date(1900, 1, 1), "max_value": date(2100, 12, 31)}


# --- store and cached queries (keyed on the store's path and version) -----------------------


@st.cache_resource(show_spinner="Opening the store…")
def open_store(data_dir: str, sample_dir: str) -> Store:
    """The store for this server process, filled from the sample on first start."""
    store = Store(data_dir)
    try:
        store.ensure_seeded(sample_dir)
    except Exception:  # the dashboard still opens on what is stored
        log.exception("loading the sample from %s failed", sample_dir)
    return store


@st.cache_data(**CACHE)
def overview(_store: Store, path: str, version: int) -> tuple[int, int, tuple[Any, Any]]:
    return _store.count_articles(), _store.count_money_events(), _store.date_span()


@st.cache_data(**CACHE)
def options(_store: Store, path: str, version: int, column: str) -> list[str]:
    return _store.distinct_values(column)


@st.cache_resource(ttl=600, max_entries=64, show_spinner=False)
def widget_options(
    _store: Store, path: str, version: int, param: str, selected: tuple[str, ...]
) -> list[str]:
    """A data-driven multiselect's options, shared by reruns (not copied or sorted again per
    rerun: a source filter over millions of events has tens of thousands of them)."""
    f = next(f for f in FILTERS if f.param == param)
    return options_for(f, options(_store, path, version, f.columns[0]), selected)


#: The five charts: the aggregate each draws and the function that draws it.
CHARTS: dict[str, Callable[[pd.DataFrame], go.Figure]] = {
    "by_type_sector": charts.money_by_type_sector,
    "by_month": charts.money_by_month,
    "top_companies": charts.largest_companies,
    "fines_by_authority": charts.fines_by_authority,
    "deal_sizes": charts.deal_sizes,
}


@st.cache_resource(show_spinner=False)
def worker_pool() -> ThreadPoolExecutor:
    """Threads that run store queries while the script draws (DuckDB releases the GIL)."""
    return ThreadPoolExecutor(max_workers=2, thread_name_prefix="dealscope-query")


def chart_of(store: Store, name: str, state: FilterState) -> go.Figure:
    """Chart ``name`` of the events ``state`` keeps: its aggregate, drawn."""
    return CHARTS[name](store.aggregate(name, state))


class StateData:
    """What the page shows of one filter state (headline figures, the five charts, the row
    count), asked of the store all at once on the first of them not cached: the store reads the
    state's events once, and each chart is drawn in a worker thread as soon as its aggregate is
    ready, while the store computes the next ones."""

    def __init__(self, store: Store, state: FilterState) -> None:
        self.store, self.state = store, state
        self._futures: dict[str, Future[Any]] | None = None

    def _jobs(self) -> dict[str, Callable[[], Any]]:
        store, state = self.store, self.state
        jobs: dict[str, Callable[[], Any]] = {"headline": partial(store.headline, state)}
        jobs.update({name: partial(chart_of, store, name, state) for name in CHARTS})
        jobs["count"] = partial(store.count_events, state)
        return jobs

    def get(self, name: str) -> Any:
        """The answer ``name`` (waits for it)."""
        if self._futures is None:
            pool = worker_pool()
            self._futures = {n: pool.submit(job) for n, job in self._jobs().items()}
        return self._futures[name].result()


@st.cache_data(**CACHE)
def headline(
    _store: Store, path: str, version: int, state: FilterState, _data: StateData
) -> dict[str, TypeTotals]:
    return _data.get("headline")


@st.cache_resource(ttl=CACHE["ttl"], max_entries=CACHE["max_entries"], show_spinner=False)
def figure(
    _store: Store, path: str, version: int, name: str, state: FilterState, _data: StateData
) -> go.Figure:
    """One chart of the filtered events, cached whole: a rerun for the table (its page or
    order) or back to a state seen before draws no figure again. Kept as the object itself,
    not pickled as ``st.cache_data`` would (~6 ms a figure each way); nothing changes a figure
    once drawn (``st.plotly_chart`` reads a copy)."""
    return _data.get(name)


@st.cache_data(**CACHE)
def count(_store: Store, path: str, version: int, state: FilterState, _data: StateData) -> int:
    return _data.get("count")


@st.cache_data(**CACHE)
def page_of(
    _store: Store,
    path: str,
    version: int,
    state: FilterState,
    order: str,
    page: int,
    _prefetch: PagePrefetch | None = None,
) -> pd.DataFrame:
    if _prefetch is not None:
        return _prefetch.rows(_store, state, order, page)
    return _store.query(state, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, order=order)


class PagePrefetch:
    """The table page the widgets are expected to show, asked of the store in a worker thread
    while the charts are drawn; any other page is read when asked."""

    def __init__(self, store: Store, state: FilterState, order: str, page: int) -> None:
        self.key = (state, order, page)
        self.future = worker_pool().submit(
            store.query, state, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, order=order
        )

    def wait(self) -> None:
        """Wait until the page is read (or failed: ``rows`` raises then)."""
        wait([self.future])

    def rows(self, store: Store, state: FilterState, order: str, page: int) -> pd.DataFrame:
        """The page asked for: the prefetched one when it is that page."""
        if (state, order, page) == self.key:
            return self.future.result()
        return store.query(state, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, order=order)


def pager_key(view: tuple[Any, ...]) -> str:
    """The key of the table's pager for one view (filters, order, data version)."""
    return f"table_page_{abs(hash(view)) % 10**8}"


def prefetch_page(store: Store, version: int, state: FilterState) -> PagePrefetch | None:
    """Start reading the page the table will most likely show, unless it was the one shown
    last (a rerun for a row selection finds it cached)."""
    ss = st.session_state
    order = ss.get("table_order") or next(iter(ORDERS))
    page = ss.get(pager_key((state, order, version)), 1)
    if not isinstance(page, int) or ss.get("table_shown") == (state, order, version, page):
        return None
    return PagePrefetch(store, state, order, page)


@st.cache_data(ttl=600, max_entries=64, show_spinner=False)
def article_of(_store: Store, path: str, article_id: str) -> Any:
    return _store.article(article_id)


# --- widgets ----------------------------------------------------------------------------------


def reset_filters() -> None:
    """Button callback: every filter widget back to the default view."""
    for key, value in widget_values(FilterState()).items():
        st.session_state[key] = value


def filter_widget(f: Filter, store: Store, version: int) -> None:
    """Draw the widget(s) of one filter row; their values live in session state under f.key."""
    ss = st.session_state
    if f.kind == "multiselect":
        selected = list(ss.get(f.key, []))
        if f.options is None:
            opts = widget_options(store, str(store.path), version, f.param, tuple(selected))
        else:
            opts = options_for(f, [], selected)
        ss[f.key] = [v for v in selected if v in opts]
        st.multiselect(f.label, opts, key=f.key, format_func=f.label_of, help=f.help or None)
    elif f.kind == "search":
        st.text_input(f.label, key=f.key, help=f.help or None, max_chars=200)
    elif f.kind == "choice":
        st.radio(
            f.label,
            f.options or (),
            key=f.key,
            format_func=f.label_of,
            horizontal=True,
            help=f.help or None,
        )
    elif f.kind == "range":
        low, high = st.columns(2)
        kw = {"min_value": 0.0, "value": None, "step": 1.0, "format": "%g"}
        low.number_input(f"{f.label}: from", key=f.widget_keys[0], help=f.help or None, **kw)
        high.number_input(f"{f.label}: to", key=f.widget_keys[1], **kw)
    elif f.kind == "date_range":
        low, high = st.columns(2)
        low.date_input(f"{f.label}: from", value=None, key=f.widget_keys[0], **DATE_LIMITS)
        high.date_input(f"{f.label}: to", value=None, key=f.widget_keys[1], **DATE_LIMITS)


def sidebar_filters(store: Store, version: int) -> FilterState:
    """The filter widgets (first run: from the URL) and the state they show."""
    ss = st.session_state
    if "filters_from_url" not in ss:
        for key, value in widget_values(FilterState.from_query_params(st.query_params)).items():
            ss[key] = value
        ss["filters_from_url"] = True
    st.header("Filters")
    for f in FILTERS:
        filter_widget(f, store, version)
    st.button("Reset filters", key="reset_filters", on_click=reset_filters)
    state = state_from_widgets(ss)
    if FilterState.from_query_params(st.query_params) != state:
        st.query_params.from_dict(state.to_query_params())
    return state


def upload_section(store: Store) -> None:
    """The uploader: each newly dropped file is read, extracted and stored once."""
    ss = st.session_state
    ss.setdefault("uploads_done", [])
    ss.setdefault("upload_summaries", [])
    published = st.date_input(
        "Publication date for files that carry none (optional)",
        value=None,
        key="upload_published",
        **DATE_LIMITS,
    )
    files = st.file_uploader(
        "Article files",
        type=list(UPLOAD_TYPES),
        accept_multiple_files=True,
        key="uploader",
        help="Several files at once; " + ", ".join(f".{t}" for t in UPLOAD_TYPES) + ".",
    )
    for file in files or []:
        if file.file_id in ss["uploads_done"]:
            continue
        ss["uploads_done"].append(file.file_id)
        try:
            summary = ingest_upload(store, file.name, file.getvalue(), published)
        except InputError as err:
            summary = UploadSummary(filename=file.name, error=str(err))
        except Exception:
            log.exception("upload of %r failed", file.name)
            summary = UploadSummary(
                filename=file.name,
                error="it could not be processed (an internal error, logged on the server)",
            )
        ss["upload_summaries"] = [*ss["upload_summaries"], summary][-5:]


def show_upload_summaries() -> None:
    for summary in reversed(st.session_state.get("upload_summaries", [])):
        text = "  \n".join(display.escape_markdown(line) for line in summary.lines())
        if not summary.ok:
            st.error(text)
        elif summary.new_articles == 0:
            st.warning(text)
        else:
            st.success(text)


def headline_metrics(totals: dict[str, TypeTotals]) -> None:
    cols = st.columns(4)
    for col, (kind, label) in zip(
        cols,
        (
            ("funding", "Total raised"),
            ("fine", "Total fines"),
            ("acquisition", "Acquisition value"),
        ),
        strict=False,
    ):
        t = totals.get(kind, TypeTotals())
        col.metric(label, display.format_usd(t.amount_usd))
        col.caption(display.metric_caption(t.events, t.undisclosed, t.no_rate))
    undisclosed = sum(t.undisclosed for t in totals.values())
    cols[3].metric("Undisclosed deals", f"{undisclosed:,}")
    cols[3].caption("counted apart, never summed")


def charts_grid(figures: dict[str, go.Figure]) -> None:
    left, right = st.columns(2)
    left.plotly_chart(figures["by_type_sector"], key="chart_sectors")
    right.plotly_chart(figures["by_month"], key="chart_months")
    left, right = st.columns(2)
    left.plotly_chart(figures["top_companies"], key="chart_companies")
    right.plotly_chart(figures["fines_by_authority"], key="chart_fines")
    st.plotly_chart(figures["deal_sizes"], key="chart_sizes")


def events_table(
    store: Store,
    version: int,
    state: FilterState,
    total: int,
    prefetch: PagePrefetch | None = None,
) -> None:
    ss = st.session_state
    path = str(store.path)
    top = st.columns([3, 1])
    top[0].subheader(f"Events ({total:,})")
    order = top[1].selectbox("Order", list(ORDERS), format_func=ORDER_LABELS.get, key="table_order")
    view = (state, order, version)
    pages = display.page_count(total, PAGE_SIZE)
    page = 1
    if pages > 1:
        # One pager per view: a new view (filters, order, data) starts on page 1 with no Session
        # State write, which Streamlit warns about for a widget that has a default.
        page = st.pagination(pages, key=pager_key(view))
    rows = page_of(store, path, version, state, order, page, prefetch)
    ss["table_shown"] = (state, order, version, page)
    chosen = st.dataframe(
        display.table_frame(rows),
        key=f"events_table_{abs(hash((state, order, version, page))) % 10**8}",
        on_select="rerun",
        selection_mode="single-row",
        hide_index=True,
        placeholder="—",
    )
    csv_of_view = partial(view_csv, store, state, order)  # built only when clicked
    ss["csv_of_view"] = csv_of_view
    st.download_button(
        display.download_label(total),
        data=csv_of_view,
        file_name=export_filename(state),
        mime="text/csv",
        key="download_csv",
    )
    selected = chosen.selection.rows if chosen is not None else []
    focus = ss.get(GROUP_FOCUS)
    if selected and selected[0] < len(rows):
        ss.pop(GROUP_FOCUS, None)
        evidence_panel(store, rows.iloc[selected[0]])
        group_panel(store, version, str(rows.iloc[selected[0]]["event_id"]))
    else:
        st.caption("Select a row to read its article with the amount highlighted.")
        if focus and focus[1] == version:  # just ungrouped or grouped again: a new table
            group_panel(store, version, focus[0])


#: Session key of the report last ungrouped or grouped again, with the store version after it:
#: the table is a new one then (no row selected) and the panel stays on that report.
GROUP_FOCUS = "group_focus"


@st.cache_data(**CACHE)
def reports_of(_store: Store, path: str, version: int, event_id: str) -> pd.DataFrame:
    return grouping.group_reports(_store, event_id)


def group_action(store: Store, event_id: str, ungroup: bool) -> None:
    """Button callback: ungroup one report (or group it again); the rerun shows the new totals."""
    (grouping.ungroup if ungroup else grouping.regroup)(store, event_id)
    st.session_state[GROUP_FOCUS] = (event_id, store.version())


def group_panel(store: Store, version: int, event_id: str) -> None:
    """The other reports of the selected event: amounts side by side, source and evidence, and
    the buttons to ungroup the report or group it again."""
    reports = reports_of(store, str(store.path), version, event_id)
    mine = reports[reports["event_id"] == event_id]
    if len(reports) > 1:
        st.markdown(f"**Reported {len(reports)} times**")
        st.caption(display.escape_markdown(grouping.reports_text(reports)))
        st.dataframe(display.report_frame(reports), hide_index=True, placeholder="—")
        st.button(
            "Ungroup this report",
            key="ungroup_report",
            on_click=group_action,
            args=(store, event_id, True),
            help="Count this report as an event of its own; the other reports stay grouped.",
        )
    elif len(mine) and bool(mine["manual"].iloc[0]):
        row = mine.iloc[0]
        st.caption(
            display.escape_markdown(
                f"Ungrouped: {row['company']} — {display.report_frame(mine).iloc[0, 0]} "
                f"({row['source']}, {row['article_date']}) is counted as an event of its own."
            )
        )
        st.button(
            "Group again",
            key="regroup_report",
            on_click=group_action,
            args=(store, event_id, False),
            help="Link this report with the other reports of its event again.",
        )


def evidence_panel(store: Store, row: pd.Series) -> None:
    st.markdown(f"**{display.escape_markdown(display.event_title(row))}**")
    st.caption(display.escape_markdown(display.fx_note(row)))
    art = article_of(store, str(store.path), row["article_id"])
    if art is None:
        st.warning("The article text is not in the store.")
        return
    st.caption(display.escape_markdown(f"{art.source} · {art.published or 'no date'}"))
    st.html(
        display.evidence_html(
            art.text, int(row["span_start"]), int(row["span_end"]), row["evidence"]
        )
    )


# --- page ---------------------------------------------------------------------------------------


def main() -> None:
    st.set_page_config(page_title="Dealscope", page_icon="💸", layout="wide")
    data_dir = resolve_data_dir(data_dir_from_args(sys.argv[1:]))
    try:
        store = open_store(str(data_dir), str(resolve_sample_dir()))
    except InputError as err:
        st.error(str(err))
        st.stop()
    st.title("Dealscope")
    header = st.container()
    with st.sidebar:
        filter_box = st.container()
        with st.expander("Add articles", expanded=True):
            upload_section(store)
        version = store.version()
        with filter_box:
            state = sidebar_filters(store, version)
    articles, money_events, span = overview(store, str(store.path), version)
    with header:
        st.caption(display.header_line(articles, money_events, span))
        show_upload_summaries()
    # The metrics and charts of this state are all ready before any of them is drawn, and the
    # table's page before the table: the browser takes each group in one go (an element that
    # arrives on its own costs it a render of the whole page).
    path = str(store.path)
    data = StateData(store, state)
    totals = headline(store, path, version, state, data)  # the first not cached asks for all
    prefetch = prefetch_page(store, version, state)  # read while the charts are drawn
    figures = {name: figure(store, path, version, name, state, data) for name in CHARTS}
    total = count(store, path, version, state, data)
    headline_metrics(totals)
    charts_grid(figures)
    if prefetch is not None:
        prefetch.wait()
    events_table(store, version, state, total, prefetch)


try:
    main()
except Exception as err:  # a message, never a traceback, in the page; details go to the log
    log.exception("dashboard run failed")
    st.error(f"Something went wrong: {type(err).__name__}. The details are in the server log.")
