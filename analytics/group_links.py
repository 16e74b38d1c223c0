"""Grouping in the store: the link table kept in step with the events, and the ``Store`` methods
that change or read it (``GroupOps``: ``attach_groups``, ``recompute_groups``, ``ungroup``,
``regroup``, ``group_of``, ``group_reports``, ``grouped_events``).

The rule itself (which reports are one event) is ``analytics.grouping``, over DataFrames; here
it is run on the blocks new or changed events fall into, inside the caller's transaction, and
its answer is written to ``event_groups`` and the ``events.counted`` flag.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics import messages
from analytics.catalogue import sql
from analytics.grouping import (
    _EVENT_COLUMNS,
    COUNTED_COLUMN,
    GROUPED_VIEW,
    REPORT_COLUMNS,
    block_key,
    grouped_events_sql,
    link_events,
)
from analytics.store_base import StoreBase, bump

#: The statements that create the link table (the store runs them with its own).
DDL: tuple[str, ...] = (sql("create_event_groups"),)
#: The rule's columns of the events table, as ``e."column"`` (events aliased ``e``).
_SELECT = ", ".join(f'e."{c}"' for c in _EVENT_COLUMNS)


def event_columns(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The columns the ``events`` table has."""
    return {r[0] for r in con.execute(sql("events_columns")).fetchall()}


def ensure_counted_column(con: duckdb.DuckDBPyConnection) -> bool:
    """Add the ``counted`` flag to ``events`` when missing, filled from the link table.

    Returns True when the column was added (an older store)."""
    if COUNTED_COLUMN in event_columns(con):
        return False
    con.execute(sql("add_counted_column"))
    con.execute(sql("fill_counted_column"))
    views = con.execute(sql("view_exists"), [GROUPED_VIEW]).fetchone()
    if views and views[0]:  # an older view selected e.* without the flag: define it again
        _create_view(con)
    return True


def _create_view(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(sql("create_view").format(view=GROUPED_VIEW, relation=grouped_events_sql()))


def sync_counted(con: duckdb.DuckDBPyConnection, relation: str) -> None:
    """Copy ``event_groups.counted`` to the ``events`` flag for the event ids in ``relation``
    (a table or view with an ``event_id`` column); ids with no link row count. Only rows whose
    flag changes are written."""
    con.execute(sql("sync_counted").format(relation=relation))


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the link table and the ``events_grouped`` view (idempotent)."""
    for statement in DDL:
        con.execute(statement)
    ensure_counted_column(con)
    _create_view(con)


def update_groups(con: duckdb.DuckDBPyConnection, *, full: bool = False) -> int:
    """Link the events that have no link row yet (``full``: every event), inside the caller's
    transaction. Only the blocks the new events fall into are recomputed. Returns how many link
    rows were written."""
    for statement in DDL:
        con.execute(statement)
    ensure_counted_column(con)
    if full:
        frame = con.execute(sql("links_all").format(columns=_SELECT)).df()
        con.execute(sql("links_delete_all"))
        return _write_links(con, frame)
    new = con.execute(sql("links_missing").format(columns=_SELECT)).df()
    if new.empty:
        return 0
    keys = sorted({k for k in map(block_key, new["event_type"], new["company"]) if k})
    return recompute_blocks(con, keys, new)


def recompute_blocks(
    con: duckdb.DuckDBPyConnection, keys: list[str], new: pd.DataFrame | None = None
) -> int:
    """Link again every event of the blocks ``keys`` (and the ``new`` events' rows)."""
    old = con.execute(sql("links_of_blocks").format(columns=_SELECT), [keys]).df()
    frames = [f for f in (new, old) if f is not None and not f.empty]
    if not frames:
        return 0
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    frame = frame.drop_duplicates("event_id").reset_index(drop=True)
    con.register("regrouped_ids", frame[["event_id"]])
    try:
        con.execute(sql("links_delete_regrouped"))
    finally:
        con.unregister("regrouped_ids")
    return _write_links(con, frame)


def _write_links(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> int:
    if frame.empty:
        return 0
    manual = frame["manual"].fillna(False).astype(bool)
    linked = link_events(frame, standalone=frame.loc[manual, "event_id"])
    links = pd.DataFrame(
        {
            "event_id": frame["event_id"].astype(str),
            "group_id": linked["group_id"].astype(str),
            "manual": manual,
            "block": list(map(block_key, frame["event_type"], frame["company"])),
            "counted": linked["counted"].astype(bool),
        }
    )
    con.register("incoming_links", links)
    try:
        con.execute(sql("links_insert"))
        sync_counted(con, "incoming_links")
    finally:
        con.unregister("incoming_links")
    return len(links)


def regroup_after_change(
    con: duckdb.DuckDBPyConnection, before: tuple[str, str] | None, after: tuple[str, str] | None
) -> None:
    """An event's type or company changed from ``before`` to ``after``: link both blocks again."""
    if before is None or after is None:
        return
    keys = [k for k in {block_key(*before), block_key(*after)} if k]
    if keys:
        update_groups(con)
        recompute_blocks(con, sorted(keys))


def _set_manual(con: duckdb.DuckDBPyConnection, event_id: str, manual: bool) -> None:
    update_groups(con)
    row = con.execute(sql("event_block"), [event_id]).fetchone()
    if row is None:
        raise KeyError(messages.say("store.no_event", event_id=event_id))
    con.execute(sql("links_set_manual"), [manual, event_id])
    key = block_key(*row)
    if key is not None:
        recompute_blocks(con, [key])
    con.execute(sql("manual_ids_create"), [event_id])
    try:
        sync_counted(con, "manual_ids")
    finally:
        con.execute(sql("manual_ids_drop"))


class GroupOps(StoreBase):
    """The ``Store``'s grouping operations: links written in one transaction each."""

    def attach_groups(self) -> int:
        """Create the link table and view and link any events not linked yet."""
        with self._write() as cur:
            ensure_schema(cur)
            return update_groups(cur)

    def recompute_groups(self, *, full: bool = False) -> int:
        """Link events added since the last call (after ``add``); ``full``: all of them.
        Manual ungrouping is kept either way."""
        with self._write() as cur:
            return update_groups(cur, full=full)

    def ungroup(self, event_id: str) -> None:
        """Make ``event_id`` its own group, now and after every recompute (the rest regroup)."""
        with self._write() as cur:
            _set_manual(cur, event_id, True)
            bump(cur)  # totals changed: caches keyed on the version are not reused

    def regroup(self, event_id: str) -> None:
        """Undo ``ungroup``: ``event_id`` is grouped by the rule again."""
        with self._write() as cur:
            _set_manual(cur, event_id, False)
            bump(cur)

    def group_of(self, event_id: str) -> str:
        """The group id of one stored event (its own id when it has no link yet)."""
        with self._read() as cur:
            row = cur.execute(sql("group_of"), [event_id]).fetchone()
        return str(row[0]) if row else event_id

    def group_reports(self, event_id: str) -> pd.DataFrame:
        """Every report linked with ``event_id`` (itself included), earliest article first.

        Columns ``analytics.grouping.REPORT_COLUMNS``: the report's source, headline, date,
        amount as written and in USD, company, counterparty and evidence sentence, ``counted``
        (the one report totals count) and ``manual`` (ungrouped by hand). An event not linked
        yet is its own one-report group; an unknown id gives no rows.
        """
        cols = ", ".join(f'e."{c}"' for c in REPORT_COLUMNS[:-2])
        with self._read() as cur:
            row = cur.execute(sql("group_of"), [event_id]).fetchone()
            group_id = str(row[0]) if row else event_id
            statement = sql("group_reports").format(columns=cols)
            return cur.execute(statement, [event_id, group_id]).df()

    def grouped_events(self) -> pd.DataFrame:
        """One row per group, most confident report's columns plus the group columns."""
        with self._read() as cur:
            return cur.execute(sql("grouped_rows").format(relation=grouped_events_sql())).df()
