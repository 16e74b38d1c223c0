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
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics import charts, display, grouping
from analytics.errors import InputError
from analytics.export import export_filename
from analytics.filters import (
    FILTERS,
    Filter,
    FilterState,
    options_for,
    state_from_widgets,
    widget_values,
)
from analytics.queries import ORDER_LABELS, ORDERS
from analytics.review import EDITABLE
from analytics.scheduling import PagePrefetch, Scheduler, StateData, read_page, should_prefetch
from analytics.schema import EVENT_TYPES, FINE_STATUSES, PRIMARY_TYPES
from analytics.settings import Settings, load_settings
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
REVIEW_PAGE_SIZE = 20
#: Views up to this many rows get their CSV built before the download button is drawn (in a
#: worker thread, while the charts are drawn); larger ones are built on a click of "Prepare".
CSV_INLINE_ROWS = 20_000
VIEWS = ("explore", "review")
VIEW_LABELS = {"explore": "Explore", "review": "Review"}
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


@st.cache_data(**CACHE)
def option_counts(_store: Store, path: str, version: int, column: str) -> dict[str, int]:
    """Events per value of a filter's column, over the whole store (shown beside options)."""
    return _store.value_counts(column)


@st.cache_resource(ttl=600, max_entries=64, show_spinner=False)
def widget_options(
    _store: Store, path: str, version: int, param: str, selected: tuple[str, ...]
) -> list[str]:
    """A data-driven multiselect's options, shared by reruns (not copied or sorted again per
    rerun: a source filter over millions of events has tens of thousands of them)."""
    f = next(f for f in FILTERS if f.param == param)
    return options_for(f, options(_store, path, version, f.columns[0]), selected)


#: The five charts: the aggregate each draws and the function that draws it. Each shows one
#: event type at a time (the "Charts show" picker): fines, funding and prices never add up.
CHARTS: dict[str, Callable[[pd.DataFrame], go.Figure]] = {
    "by_type_sector": charts.money_by_type_sector,
    "by_month": charts.money_by_month,
    "top_companies": charts.largest_companies,
    "by_counterparty": charts.by_counterparty,
    "deal_sizes": charts.deal_sizes,
}


@st.cache_resource(show_spinner=False)
def scheduler() -> Scheduler:
    """Threads that run store queries while the script draws (one pool per server process)."""
    return Scheduler()


def chart_of(frame: pd.DataFrame, name: str, kind: str) -> go.Figure:
    """Chart ``name`` of one event type from its aggregate (the rows of that type only)."""
    return CHARTS[name](frame[frame["event_type"] == kind].reset_index(drop=True))


@st.cache_data(**CACHE)
def headline(
    _store: Store, path: str, version: int, state: FilterState, _data: StateData
) -> dict[str, TypeTotals]:
    return _data.get("headline")


@st.cache_resource(ttl=CACHE["ttl"], max_entries=CACHE["max_entries"], show_spinner=False)
def figure(
    _store: Store,
    path: str,
    version: int,
    name: str,
    state: FilterState,
    kind: str,
    _data: StateData,
) -> go.Figure | None:
    """One chart of the filtered events of type ``kind`` (None: nothing to draw), cached
    whole: a rerun for the table (its page or order) or back to a state seen before draws no
    figure again. Kept as the object itself, not pickled as ``st.cache_data`` would (~6 ms a
    figure each way); nothing changes a figure once drawn (``st.plotly_chart`` reads a copy)."""
    frame = _data.chart(name, kind)
    if not (frame["event_type"] == kind).any():
        return None
    return chart_of(frame, name, kind)


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
    return read_page(_store, state, order, page, PAGE_SIZE)


@st.cache_resource(ttl=600, max_entries=8, show_spinner=False)
def csv_job(
    _store: Store, path: str, version: int, state: FilterState, order: str, rows: int
) -> Future[bytes]:
    """The CSV bytes of one view, built in a worker thread and kept for the next reruns: the
    download button gets finished bytes, never a callable run on click (which could leave the
    button spinning when the click's rerun raced it)."""
    return scheduler().csv(_store, state, order, rows)


def pager_key(view: tuple[Any, ...]) -> str:
    """The key of the table's pager for one view (filters, order, data version)."""
    return f"table_page_{abs(hash(view)) % 10**8}"


def prefetch_page(store: Store, version: int, state: FilterState) -> PagePrefetch | None:
    """Start reading the page the table will most likely show, unless it was the one shown
    last (a rerun for a row selection finds it cached)."""
    ss = st.session_state
    order = ss.get("table_order") or next(iter(ORDERS))
    page = ss.get(pager_key((state, order, version)), 1)
    if not should_prefetch(page, ss.get("table_shown"), (state, order, version)):
        return None
    return scheduler().prefetch_page(store, state, order, page, PAGE_SIZE)


@st.cache_data(ttl=600, max_entries=64, show_spinner=False)
def article_of(_store: Store, path: str, article_id: str) -> Any:
    return _store.article(article_id)


# --- widgets ----------------------------------------------------------------------------------


#: Keys of the date filter's two boxes: typed text (``YYYY-MM-DD``), applied on Enter.
DATE_KEYS = frozenset(k for f in FILTERS if f.kind == "date_range" for k in f.widget_keys)


def shown_values(state: FilterState) -> dict[str, Any]:
    """The widget values that show ``state`` (dates as the text their boxes hold)."""
    values = widget_values(state)
    for key in DATE_KEYS:
        values[key] = values[key].isoformat() if values.get(key) else ""
    return values


def typed_date(text: Any) -> date | None:
    """A date box's text as a date; empty is None, anything else not YYYY-MM-DD raises."""
    text = str(text or "").strip()
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date: write YYYY-MM-DD, e.g. 2024-05-01") from None
    if not DATE_LIMITS["min_value"] <= day <= DATE_LIMITS["max_value"]:
        raise ValueError(f"{text} is out of range (1900 to 2100)")
    return day


def widget_state(values: Any) -> tuple[dict[str, Any], list[str]]:
    """The widget values as ``state_from_widgets`` reads them (typed dates parsed), and the
    problems of dates that do not parse (those boxes are left open)."""
    out = {k: values[k] for k in values if k.startswith("filter_")}
    problems = []
    for key in DATE_KEYS:
        if key in out:
            try:
                out[key] = typed_date(out[key])
            except ValueError as err:
                out[key] = None
                problems.append(str(err))
    return out, problems


def reset_filters() -> None:
    """Button callback: every filter widget back to the default view."""
    for key, value in shown_values(FilterState()).items():
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
        counts = option_counts(store, str(store.path), version, f.columns[0])

        def shown(value: str, f: Filter = f, counts: dict[str, int] = counts) -> str:
            return f"{f.label_of(value)} ({counts.get(value, 0):,})"

        st.multiselect(f.label, opts, key=f.key, format_func=shown, help=f.help or None)
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
        # text boxes, not date pickers: a typed date applies on Enter (a picker's only on a
        # click elsewhere)
        low, high = st.columns(2)
        for col, key, side in ((low, f.widget_keys[0], "from"), (high, f.widget_keys[1], "to")):
            col.text_input(
                f"{f.label}: {side}",
                key=key,
                max_chars=10,
                placeholder="YYYY-MM-DD",
                help="Type a date and press Enter.",
            )


def sidebar_filters(store: Store, version: int, view: str = "explore") -> FilterState:
    """The filter widgets (first run: from the URL) and the state they show."""
    ss = st.session_state
    if "filters_from_url" not in ss:
        for key, value in shown_values(FilterState.from_query_params(st.query_params)).items():
            ss[key] = value
        ss["filters_from_url"] = True
    st.header("Filters")
    for f in FILTERS:
        filter_widget(f, store, version)
    st.button("Reset filters", key="reset_filters", on_click=reset_filters)
    values, problems = widget_state(ss)
    for problem in problems:
        st.error(display.escape_markdown(problem))
    state = state_from_widgets(values)
    wanted = state.to_query_params()
    if view != "explore":
        wanted["view"] = view
    if (
        FilterState.from_query_params(st.query_params) != state
        or st.query_params.get("view", "explore") != view
    ):
        st.query_params.from_dict(wanted)
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


METRIC_LABELS = {
    "funding": "Total raised",
    "fine": "Total fines",
    "acquisition": "Acquisition value",
}


def headline_metrics(totals: dict[str, TypeTotals], state: FilterState) -> None:
    """One figure per money type in view that has events (no "$0 Total fines" beside a
    funding-only view), and the undisclosed deals when there are any."""
    shown = [k for k in METRIC_LABELS if k in (state.types or PRIMARY_TYPES) and k in totals]
    undisclosed = sum(t.undisclosed for t in totals.values())
    if not shown and not undisclosed:
        st.info("No funding, fine or acquisition matches these filters.")
        return
    cols = st.columns(4)
    for col, kind in zip(cols, shown, strict=False):
        t = totals[kind]
        col.metric(METRIC_LABELS[kind], display.format_usd(t.amount_usd))
        col.caption(display.metric_caption(t.events, t.undisclosed, t.no_rate))
    if undisclosed:
        cols[3].metric("Undisclosed deals", f"{undisclosed:,}")
        cols[3].caption("counted apart, never summed")


def chart_type(totals: dict[str, TypeTotals], state: FilterState) -> str | None:
    """The "Charts show" picker: one event type at a time, among those with a USD amount."""
    kinds = [k for k in EVENT_TYPES if k in (state.types or EVENT_TYPES)]
    kinds = [k for k in kinds if totals.get(k, TypeTotals()).priced]
    if not kinds:
        return None
    ss = st.session_state
    if ss.get("chart_type") not in kinds:
        ss["chart_type"] = kinds[0]
    picked = st.segmented_control(
        "Charts show",
        kinds,
        key="chart_type",
        format_func=display.type_label,
        required=True,
        help="One event type at a time: fines, funding and prices are never added together.",
    )
    return picked or kinds[0]


#: Where each chart goes: (row, column) of the grid, a row of one for the last.
CHART_PLACES = {
    "by_type_sector": (0, 0),
    "by_month": (0, 1),
    "top_companies": (1, 0),
    "by_counterparty": (1, 1),
    "deal_sizes": (2, 0),
}


def charts_grid(figures: dict[str, go.Figure | None], no_rate: int) -> None:
    """The charts that have something to show (an empty one is left out, not drawn blank)."""
    drawn = {name: fig for name, fig in figures.items() if fig is not None}
    rows: dict[int, list[str]] = {}
    for name in drawn:
        rows.setdefault(CHART_PLACES[name][0], []).append(name)
    for names in rows.values():
        cols = st.columns(2) if len(names) > 1 or names[0] != "deal_sizes" else [st.container()]
        for col, name in zip(cols, names, strict=False):
            col.plotly_chart(drawn[name], key=f"chart_{name}")
    caption = display.no_rate_caption(no_rate)
    if caption:
        st.caption(caption)


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
    table_key = f"events_table_{abs(hash((state, order, version, page))) % 10**8}"
    if selected_rows(ss.get(table_key)):  # the article opens beside the table
        table_col, article_col = st.columns([2, 1])
    else:  # nothing selected: the table takes the page's width
        table_col, article_col = st.container(), st.container()
    with table_col:
        chosen = st.dataframe(
            display.table_frame(rows),
            key=table_key,
            on_select="rerun",
            selection_mode="single-row",
            hide_index=True,
            placeholder="—",
            height=min(max(len(rows), 1), 16) * 35 + 38,
            column_config=TABLE_CONFIG,
        )
        download_csv(store, version, state, order, total)
    selected = chosen.selection.rows if chosen is not None else []
    focus = ss.get(GROUP_FOCUS)
    with article_col:
        if selected and selected[0] < len(rows):
            ss.pop(GROUP_FOCUS, None)
            evidence_panel(store, rows.iloc[selected[0]])
            group_panel(store, version, str(rows.iloc[selected[0]]["event_id"]))
        else:
            st.caption(
                "Select a row: its article opens here, with the amount's sentence highlighted."
            )
            if focus and focus[1] == version:  # just ungrouped or grouped again: a new table
                group_panel(store, version, focus[0])


def selected_rows(table_state: Any) -> list[int]:
    """The rows selected in a dataframe's session state (a mapping: ``selection.rows``)."""
    try:
        return list(table_state["selection"]["rows"])
    except (KeyError, TypeError):
        return []


#: How the events table shows its columns: confidence as a bar, red below one half.
TABLE_CONFIG = {
    "confidence": st.column_config.ProgressColumn(
        "confidence",
        min_value=0.0,
        max_value=1.0,
        format="%.2f",
        color="auto",
        help="How sure the extractor is of the type and company (red: below one half).",
    ),
    "type": st.column_config.TextColumn("type", width="small"),
    "date": st.column_config.TextColumn(
        "date", help="The event's own date when its sentence gives one, else the article's."
    ),
    "headline": st.column_config.TextColumn("headline", width="large"),
}


def download_csv(store: Store, version: int, state: FilterState, order: str, total: int) -> None:
    """The CSV download of exactly the rows in view, its bytes ready before the button."""
    path = str(store.path)
    name = export_filename(state)
    label = display.download_label(total)
    if total > CSV_INLINE_ROWS and st.session_state.get("csv_prepared") != (
        state,
        order,
        version,
    ):
        st.button(
            f"Prepare the CSV of {total:,} rows",
            key="prepare_csv",
            on_click=st.session_state.__setitem__,
            args=("csv_prepared", (state, order, version)),
            help="Large views are written to CSV on request (a few seconds per million rows).",
        )
        return
    data = csv_job(store, path, version, state, order, total).result()
    st.session_state["csv_bytes"] = data  # exactly what the button serves (tests read it)
    st.download_button(
        label, data=data, file_name=name, mime="text/csv", key="download_csv", on_click="ignore"
    )


#: Session key of the report last ungrouped or grouped again, with the store version after it:
#: the table is a new one then (no row selected) and the panel stays on that report.
GROUP_FOCUS = "group_focus"


@st.cache_data(**CACHE)
def reports_of(_store: Store, path: str, version: int, event_id: str) -> pd.DataFrame:
    return _store.group_reports(event_id)


def group_action(store: Store, event_id: str, ungroup: bool) -> None:
    """Button callback: ungroup one report (or group it again); the rerun shows the new totals."""
    (store.ungroup if ungroup else store.regroup)(event_id)
    st.session_state[GROUP_FOCUS] = (event_id, store.version())


def group_panel(store: Store, version: int, event_id: str) -> None:
    """The other reports of the selected event (see ``group_reports_panel``)."""
    group_reports_panel(store, version, event_id, writable=st.session_state.get(CAN_WRITE, False))


def group_reports_panel(store: Store, version: int, event_id: str, *, writable: bool) -> None:
    """The other reports of the selected event: amounts side by side, source and evidence, and
    the buttons to ungroup the report or group it again."""
    reports = reports_of(store, str(store.path), version, event_id)
    mine = reports[reports["event_id"] == event_id]
    if len(reports) > 1:
        st.markdown(f"**Reported {len(reports)} times**")
        st.caption(display.escape_markdown(grouping.reports_text(reports)))
        st.dataframe(display.report_frame(reports), hide_index=True, placeholder="—")
        if not writable:
            return
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
        if not writable:
            return
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
    article_text(store, row)


# --- who may write, and the review view -----------------------------------------------------------

#: Session key: True when this session may change the store (set once per run by ``write_gate``;
#: every upload, review and delete control is drawn only when it is True).
CAN_WRITE = "can_write"


def app_settings() -> Settings:
    """Read-only mode and password from the environment, else ``.streamlit/secrets.toml``."""
    try:
        secrets: dict[str, Any] = st.secrets.to_dict()
    except Exception:  # no secrets file, or one that does not parse: the environment decides
        secrets = {}
    return load_settings(secrets=secrets)


def write_gate(settings: Settings) -> bool:
    """Whether this session may write, decided in one place. Read-only: no control at all; with
    a password: the reviewer's name and the password first (both in the sidebar)."""
    ss = st.session_state
    allowed = False
    if settings.can_write:
        with st.expander("You", expanded=settings.needs_password and not ss.get(CAN_WRITE)):
            st.text_input(
                "Your name (kept in the audit log)",
                key="reviewer_name",
                max_chars=80,
                placeholder="anonymous",
            )
            if settings.needs_password:
                st.text_input("Password to make changes", key="write_password", type="password")
                allowed = settings.password_ok(ss.get("write_password"))
                if not allowed:
                    st.caption("Adding articles, reviewing and removing ask for the password.")
            else:
                allowed = True
    ss[CAN_WRITE] = allowed
    return allowed


def reviewer() -> str:
    """The name the audit log records for this session's changes."""
    return str(st.session_state.get("reviewer_name") or "").strip() or "anonymous"


@st.cache_data(**CACHE)
def review_rows(
    _store: Store, path: str, version: int, state: FilterState, page: int
) -> pd.DataFrame:
    return _store.review_queue(state, limit=REVIEW_PAGE_SIZE, offset=(page - 1) * REVIEW_PAGE_SIZE)


@st.cache_data(**CACHE)
def unreviewed(_store: Store, path: str, version: int, state: FilterState) -> int:
    return _store.count_unreviewed(state)


@st.cache_data(**CACHE)
def audit_tail(_store: Store, path: str, version: int) -> pd.DataFrame:
    log = _store.audit_log()
    return log.iloc[::-1].head(500).reset_index(drop=True)


def review_action(store: Store, event_id: str, action: str) -> None:
    """Form callback: accept, correct or reject one row; the outcome is shown after the rerun."""
    ss = st.session_state
    if not ss.get(CAN_WRITE):
        ss["review_message"] = ("error", "This session may not change the store.")
        return
    try:
        if action == "correct":
            fields = {f: ss.get(f"rv_{f}_{event_id}") for f in EDITABLE}
            before = ss.get(f"rv_original_{event_id}", {})
            changed = {k: v for k, v in fields.items() if v != before.get(k)}
            store.correct(event_id, reviewer=reviewer(), **changed)
            done = "Correction saved"
        elif action == "accept":
            store.accept(event_id, reviewer=reviewer())
            done = "Accepted"
        elif action == "reject":
            store.reject(event_id, reviewer=reviewer())
            done = "Rejected (kept, left out of every total)"
        else:
            store.undo(event_id, reviewer=reviewer())
            done = "Undone"
    except InputError as err:
        ss["review_message"] = ("error", str(err))
        return
    ss["review_message"] = ("success", f"{done}.")


def _form_value(value: Any) -> Any:
    return None if value is None or (isinstance(value, float) and value != value) else value


def review_form(store: Store, row: pd.Series) -> None:
    """The editable fields of one row and the three verdicts (a form: one rerun per verdict)."""
    ss = st.session_state
    event_id = str(row["event_id"])
    original = {f: _form_value(row[f]) for f in EDITABLE}
    if original["amount"] is not None:
        original["amount"] = float(original["amount"])
    ss[f"rv_original_{event_id}"] = original
    with st.form(key=f"review_form_{event_id}", border=True):
        left, right = st.columns(2)
        left.selectbox(
            "type",
            EVENT_TYPES,
            index=EVENT_TYPES.index(original["event_type"]),
            format_func=display.type_label,
            key=f"rv_event_type_{event_id}",
        )
        right.text_input("company", value=original["company"], key=f"rv_company_{event_id}")
        left.text_input(
            "counterparty", value=original["counterparty"], key=f"rv_counterparty_{event_id}"
        )
        right.number_input(
            "amount (in its currency)",
            value=original["amount"],
            min_value=0.0,
            step=1.0,
            format="%.2f",
            key=f"rv_amount_{event_id}",
        )
        left.text_input(
            "currency (ISO code)", value=original["currency"], key=f"rv_currency_{event_id}"
        )
        right.text_input("round", value=original["round"], key=f"rv_round_{event_id}")
        statuses = [None, *FINE_STATUSES]
        left.selectbox(
            "status",
            statuses,
            index=statuses.index(original["status"]) if original["status"] in statuses else 0,
            format_func=lambda v: v or "—",
            key=f"rv_status_{event_id}",
        )
        right.text_input(
            "event date (YYYY-MM-DD)",
            value=original["event_date"],
            key=f"rv_event_date_{event_id}",
        )
        save, accept, reject = st.columns(3)
        save.form_submit_button(
            "Save correction",
            type="primary",
            on_click=review_action,
            args=(store, event_id, "correct"),
        )
        accept.form_submit_button(
            "Accept as is", on_click=review_action, args=(store, event_id, "accept")
        )
        reject.form_submit_button(
            "Reject", on_click=review_action, args=(store, event_id, "reject")
        )


def recently_reviewed(store: Store, version: int) -> None:
    """The last review actions (from the audit log, so a reload keeps them), each with Undo."""
    log = audit_tail(store, str(store.path), version)
    live = log[~log["undone"].astype(bool) & (log["action"] != "undo")]
    actions = live.drop_duplicates("event_id")["action_id"].head(5)
    if actions.empty:
        return
    st.markdown("**Recently reviewed**")
    for action_id in actions:
        lines = live[live["action_id"] == action_id].iloc[::-1]
        first = lines.iloc[0]
        changes = "; ".join(
            f"{f}: {b or '—'} → {a or '—'}"
            for f, b, a in zip(lines["field"], lines["before"], lines["after"], strict=True)
        )
        text, button = st.columns([5, 1])
        text.caption(
            display.escape_markdown(
                f"{first['action']} by {first['reviewer']} · {changes} · "
                f"{first['changed_at']:%Y-%m-%d %H:%M} UTC · event {first['event_id']}"
            )
        )
        button.button(
            "Undo",
            key=f"undo_{first['event_id']}",
            on_click=review_action,
            args=(store, str(first["event_id"]), "undo"),
        )


def review_page(store: Store, version: int, state: FilterState) -> None:
    """The review queue: the rows a mistake would cost most first (low confidence times large
    USD), each with its evidence highlighted, its article a click away, and the verdicts."""
    ss = st.session_state
    path = str(store.path)
    message = ss.pop("review_message", None)
    if message:
        (st.success if message[0] == "success" else st.error)(display.escape_markdown(message[1]))
    waiting = unreviewed(store, path, version, state)
    st.subheader(f"Review queue ({waiting:,} not reviewed)")
    st.caption(
        "Rows whose mistake would cost most come first: low confidence times large USD. "
        "The sidebar's filters narrow the queue."
    )
    pages = display.page_count(waiting, REVIEW_PAGE_SIZE)
    page = st.pagination(pages, key=f"review_page_{version}") if pages > 1 else 1
    queue = review_rows(store, path, version, state, page)
    if queue.empty:
        st.info("Nothing left to review in this view.")
    else:
        chosen = st.dataframe(
            display.review_frame(queue),
            key=f"review_table_{abs(hash((state, version, page))) % 10**8}",
            on_select="rerun",
            selection_mode="single-row",
            hide_index=True,
            placeholder="—",
            column_config=TABLE_CONFIG,
            height=min(len(queue), 8) * 35 + 38,
        )
        selected = chosen.selection.rows if chosen is not None else []
        row = queue.iloc[selected[0] if selected and selected[0] < len(queue) else 0]
        evidence, form = st.columns([1, 1])
        with evidence:
            st.markdown(f"**{display.escape_markdown(display.event_title(row))}**")
            st.caption(display.escape_markdown(display.fx_note(row)))
            st.html(display.evidence_sentence_html(row["evidence"], row["amount_text"]))
            with st.expander("Read the article"):
                article_text(store, row)
        with form:
            review_form(store, row)
    recently_reviewed(store, version)
    with st.expander("Audit log"):
        st.dataframe(
            audit_tail(store, path, version), hide_index=True, placeholder="—", key="audit_log"
        )


def article_text(store: Store, row: pd.Series) -> None:
    """The selected row's article, escaped, with the amount's sentence marked."""
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


def view_picker(can_write: bool) -> str:
    """Explore or Review (the latter only for sessions that may write); kept in the URL."""
    if not can_write:
        return "explore"
    ss = st.session_state
    if "view" not in ss:
        wanted = st.query_params.get("view", "explore")
        ss["view"] = wanted if wanted in VIEWS else "explore"
    picked = st.segmented_control(
        "View", VIEWS, key="view", format_func=VIEW_LABELS.get, required=True
    )
    return picked or "explore"


# --- page ---------------------------------------------------------------------------------------


def main() -> None:
    st.set_page_config(page_title="Dealscope", page_icon="💸", layout="wide")
    settings = app_settings()
    data_dir = resolve_data_dir(data_dir_from_args(sys.argv[1:]))
    try:
        store = open_store(str(data_dir), str(resolve_sample_dir()))
    except InputError as err:
        st.error(str(err))
        st.stop()
    st.title("Dealscope")
    header = st.container()
    with st.sidebar:
        can_write = write_gate(settings)
        filter_box = st.container()
    if can_write:  # read-only, or no password yet: no upload or remove control at all
        add_articles(store)
    version = store.version()
    with header:
        view = view_picker(can_write)
    # a session that may not write yet keeps a link's view in the URL for after the password
    url_view = view if can_write else str(st.query_params.get("view", "explore"))
    with filter_box:
        state = sidebar_filters(store, version, url_view)
    articles, money_events, span = overview(store, str(store.path), version)
    with header:
        st.caption(display.header_line(articles, money_events, span))
        if store.rates_error:
            st.warning(display.escape_markdown(store.rates_error))
    if view == "review":
        review_page(store, version, state)
        return
    # The metrics and charts of this state are all ready before any of them is drawn, and the
    # table's page before the table: the browser takes each group in one go (an element that
    # arrives on its own costs it a render of the whole page).
    path = str(store.path)
    guess = st.session_state.get("chart_type") or PRIMARY_TYPES[0]  # the picker's last type
    data = scheduler().state_data(store, state, guess, tuple(CHARTS))
    totals = headline(store, path, version, state, data)  # the first not cached asks for all
    prefetch = prefetch_page(store, version, state)  # read while the charts are drawn
    total = count(store, path, version, state, data)
    order = st.session_state.get("table_order") or next(iter(ORDERS))
    if total <= CSV_INLINE_ROWS:
        csv_job(store, path, version, state, order, total)  # written while the charts are drawn
    headline_metrics(totals, state)
    kind = chart_type(totals, state)
    if kind is not None:
        figures = {name: figure(store, path, version, name, state, kind, data) for name in CHARTS}
        charts_grid(figures, totals.get(kind, TypeTotals()).no_rate)
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
