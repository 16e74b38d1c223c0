"""Dealscope dashboard: the money in the news, filtered, charted, uploaded to and exported.

UI only: every figure, query, chart and byte of CSV comes from ``analytics``. Run with
``streamlit run app.py`` (add ``-- --data-dir DIR`` or set ``DEALSCOPE_DATA_DIR`` to move the
store; it is created and filled from ``data/`` on first start).
"""

from __future__ import annotations

import logging
import sys
import uuid
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
    DB_FILENAME,
    JournalEntry,
    Store,
    TypeTotals,
    damaged_store_error,
    data_dir_from_args,
    is_damage,
    resolve_data_dir,
    resolve_sample_dir,
)
from analytics.uploads import (
    UPLOAD_TYPES,
    UploadSummary,
    clean_filename,
    process_upload,
    receive_upload,
)

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


# --- adding articles: the uploader, the upload journal, removing an upload ------------------
# Everything about uploads is in this section; a read-only page simply does not call
# ``add_articles``. Reading, extraction, the journal and removal live in analytics.uploads and
# analytics.store.

#: Session keys: this browser session's journal id, the uploader's files already handed on, the
#: upload whose removal waits for a confirmation, and whether the journal showed a pending file.
UPLOAD_SESSION = "upload_session"
UPLOADS_DONE = "uploads_done"
CONFIRM_REMOVE = "confirm_remove"
JOURNAL_PENDING = "journal_pending"
#: Journal rows of other sessions shown under "Recent uploads".
RECENT_UPLOADS = 10
#: How often the journal is read again while a file has no outcome (seconds).
JOURNAL_POLL_S = 1.0


@st.cache_resource(show_spinner=False)
def upload_worker() -> ThreadPoolExecutor:
    """One thread that reads, extracts and stores uploaded files one after another, outside any
    page run: a rerun, a filter change, a reload or a closed tab never stops a file halfway, and
    its journal row says where it is."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="dealscope-upload")


def add_articles(store: Store) -> None:
    """The "Add articles" area at the top of the page: the uploader (any file; the reader says
    why one is refused), what was received, and the journal of this session's uploads."""
    ss = st.session_state
    session = ss.setdefault(UPLOAD_SESSION, uuid.uuid4().hex)
    done: set[str] = ss.setdefault(UPLOADS_DONE, set())
    with st.expander("Add articles", icon=":material/upload_file:"):
        published = st.date_input(
            "Publication date for files that carry none (optional)",
            value=None,
            key="upload_published",
            **DATE_LIMITS,
        )
        try:
            files = st.file_uploader(
                "Article files",
                accept_multiple_files=True,
                key="uploader",
                help="Several files at once: "
                + ", ".join(f".{t}" for t in UPLOAD_TYPES)
                + ". Any other file gets a message saying why it cannot be read.",
            )
        except Exception:  # whatever the widget raises on a strange file, the page goes on
            log.exception("the file uploader failed")
            st.error(
                "These files could not be received; nothing was added. "
                "Upload them again, a few at a time."
            )
            files = []
        received = [f for f in files or [] if hasattr(f, "getvalue")]
        for file in received:
            if file.file_id in done:
                continue
            # journaled and handed to the worker with no Streamlit call in between: a rerun
            # cannot interrupt it halfway (it stops a run only at a Streamlit call)
            # The journal keeps the uploader's file id too: a file is journaled once per
            # session even if this set missed it (seen here: a rerun landing mid-loop).
            data = file.getvalue()
            handed = receive_upload(
                store, file.name, data, session_id=session, file_ref=file.file_id
            )
            if handed is not None:
                upload_worker().submit(process_upload, store, handed, data, published)
            done.add(file.file_id)
    if received:  # outside the expander: seen even when it is closed
        names = ", ".join(clean_filename(f.name).name for f in received)
        n = len(received)
        st.caption(display.escape_markdown(f"{n} file{'s' if n != 1 else ''} received: {names}"))
    upload_journal(store, session)


def upload_journal(store: Store, session: str) -> None:
    """This session's uploads (and recent ones of other sessions), read from the store's journal;
    read again every second while a file has no outcome, then the whole page is redrawn."""
    mine = store.journal(session_id=session)
    others = [e for e in store.journal(limit=RECENT_UPLOADS + len(mine)) if e.session_id != session]
    pending = any(e.pending for e in [*mine, *others[:RECENT_UPLOADS]])
    st.fragment(journal_view, run_every=JOURNAL_POLL_S if pending else None)(store, session)


def journal_view(store: Store, session: str) -> None:
    ss = st.session_state
    mine = store.journal(session_id=session)
    others = [e for e in store.journal(limit=RECENT_UPLOADS + len(mine)) if e.session_id != session]
    others = others[:RECENT_UPLOADS]
    pending = any(e.pending for e in [*mine, *others])
    if ss.get(JOURNAL_PENDING) and not pending:
        ss[JOURNAL_PENDING] = False
        st.rerun()  # the last file has its outcome: figures, charts and table anew
    ss[JOURNAL_PENDING] = pending
    if mine:
        n, busy = len(mine), sum(e.pending for e in mine)
        st.markdown(
            f"**Your uploads** ({n} file{'s' if n != 1 else ''}"
            + (f", {busy} in progress" if busy else "")
            + ")"
        )
        for entry in mine:
            journal_row(store, entry)
    if others:
        with st.expander(f"Recent uploads ({len(others)})", expanded=not mine):
            for entry in others:
                journal_row(store, entry)


def journal_row(store: Store, entry: JournalEntry) -> None:
    """One journal row: its outcome as a coloured message, and for files that added articles a
    Remove button (asking for a confirmation first)."""
    ss = st.session_state
    summary = UploadSummary.of(entry)
    text = "  \n".join(display.escape_markdown(line) for line in summary.lines())
    if entry.state == "added":
        box, button = st.columns([12, 2], vertical_alignment="center")
        box.success(text)
        if button.button("Remove…", key=f"remove_{entry.upload_id}"):
            ss[CONFIRM_REMOVE] = entry.upload_id
    elif entry.pending:
        st.info(text, icon=":material/hourglass_top:")
    elif entry.state in ("already stored", "removed"):
        st.warning(text)
    else:
        st.error(text)
    if ss.get(CONFIRM_REMOVE) == entry.upload_id and entry.state == "added":
        confirm_remove(store, entry)


def confirm_remove(store: Store, entry: JournalEntry) -> None:
    """The confirmation under a row whose Remove button was pressed."""
    ss = st.session_state
    a, e = entry.new_articles, entry.events
    st.warning(
        display.escape_markdown(
            f"Remove {entry.name}? Its {a} article{'s' if a != 1 else ''} and {e} "
            f"event{'s' if e != 1 else ''} will be taken out of the store; nothing else changes."
        )
    )
    yes, no = st.columns(2)
    if yes.button("Yes, remove", key=f"remove_yes_{entry.upload_id}", type="primary"):
        ss.pop(CONFIRM_REMOVE, None)
        try:
            store.remove_upload(entry.upload_id)
        except (KeyError, ValueError) as err:  # removed meanwhile (another tab): say so
            st.error(display.escape_markdown(f"{entry.name} was not removed: {err}."))
            return
        st.rerun()  # figures, charts and table without it
    if no.button("Cancel", key=f"remove_no_{entry.upload_id}"):
        ss.pop(CONFIRM_REMOVE, None)
        st.rerun(scope="fragment")


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
    add_articles(store)
    version = store.version()
    with st.sidebar:
        state = sidebar_filters(store, version)
    articles, money_events, span = overview(store, str(store.path), version)
    with header:
        st.caption(display.header_line(articles, money_events, span))
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
    if is_damage(err):  # the file went bad under a running server: say which and what to do
        path = resolve_data_dir(data_dir_from_args(sys.argv[1:])) / DB_FILENAME
        st.error(str(damaged_store_error(path, err)))
    else:
        st.error(f"Something went wrong: {type(err).__name__}. The details are in the server log.")
