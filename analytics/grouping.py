"""Linking reports of the same event across articles (a link, never a deletion).

Two reports are one event when they have the same event type (funding, fine or acquisition),
the same company after ``normalize_company`` (case, accents, punctuation, legal suffixes), dates
(``event_date``, else ``article_date``) within ``WINDOW_DAYS`` of the group's first report,
no conflicting funding rounds, and amounts within ``TOLERANCE`` in US dollars (undisclosed deals:
both undisclosed and the same or an unnamed counterparty). A group holds at most one report per
article. Its ``group_id`` is the ``event_id`` of its earliest report (ties: smallest event_id),
so grouping does not depend on the order rows were added in.

In the store, links live in their own table, ``event_groups(event_id, group_id, manual, block)``;
the ``events`` table is never changed. ``ungroup`` makes a report its own group for good
(``manual``), across every later recompute, until ``regroup`` clears that. The view
``events_grouped`` (``grouped_events_sql()``) has one row per group: the columns of the report
with the highest confidence, plus ``group_id``, ``reports``, ``amounts_text`` (the different
amounts as written, side by side) and the USD range. Totals over it count each deal once.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import duckdb
import numpy as np
import pandas as pd

from analytics import knowledge
from analytics.schema import PRIMARY_TYPES

if TYPE_CHECKING:
    from analytics.store import Store

#: Largest relative difference of two USD amounts of one event (rates and rounding differ).
TOLERANCE = 0.05
#: Largest distance in days from a group's first report.
WINDOW_DAYS = 14
#: Event types that are grouped; other rows are always their own group.
GROUPED_TYPES: tuple[str, ...] = PRIMARY_TYPES
#: Name of the view with one row per group.
GROUPED_VIEW = "events_grouped"

#: Legal-form words dropped from the end of a company name (after punctuation is removed).
LEGAL_SUFFIXES, _MULTI_SUFFIXES = knowledge.legal_suffix_words()  # knowledge/legal_suffixes.tsv
_NON_WORD = re.compile(r"[^\w]+")

_EVENT_COLUMNS = (
    "event_id",
    "article_id",
    "article_date",
    "event_date",
    "event_type",
    "company",
    "counterparty",
    "round",
    "amount",
    "currency",
    "amount_usd",
    "undisclosed",
    "confidence",
)

DDL: tuple[str, ...] = (
    "CREATE TABLE IF NOT EXISTS event_groups ("
    "event_id VARCHAR, group_id VARCHAR, manual BOOLEAN, block VARCHAR, counted BOOLEAN)",
)
#: Column of ``events`` that stores whether totals count the row: ``false`` for the extra reports
#: of a grouped event, ``NULL`` (never linked, e.g. rows bulk-loaded outside ``Store.add``) or
#: ``true`` otherwise. Kept in step with ``event_groups.counted`` by every write of links, so the
#: aggregates filter on it while scanning instead of anti-joining the link table per query.
COUNTED_COLUMN = "counted"
#: The events totals count: all but the extra reports of a grouped event (each group counts once,
#: as its most confident report) and the rows a reviewer rejected. Events not linked yet count.
#: A relation for ``analytics.queries.aggregate_sql(..., relation=COUNTED_EVENTS)``.
COUNTED_EVENTS = (
    f"(SELECT * FROM events WHERE {COUNTED_COLUMN} IS NOT FALSE "
    "AND review IS DISTINCT FROM 'rejected')"
)
#: The stored events with exactly the schema's columns (no ``counted`` flag).
STORE_EVENTS = f"(SELECT * EXCLUDE ({COUNTED_COLUMN}) FROM events)"


def ensure_counted_column(con: duckdb.DuckDBPyConnection) -> bool:
    """Add the ``counted`` flag to ``events`` when missing, filled from the link table.

    Returns True when the column was added (an older store)."""
    have = {r[0] for r in con.execute("SELECT column_name FROM (DESCRIBE events)").fetchall()}
    if COUNTED_COLUMN in have:
        return False
    con.execute(f"ALTER TABLE events ADD COLUMN {COUNTED_COLUMN} BOOLEAN")
    con.execute(
        f"UPDATE events SET {COUNTED_COLUMN} = false WHERE event_id IN "
        "(SELECT event_id FROM event_groups WHERE NOT counted)"
    )
    views = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [GROUPED_VIEW]
    ).fetchone()
    if views and views[0]:  # an older view selected e.* without the flag: define it again
        con.execute(
            f"CREATE OR REPLACE VIEW {GROUPED_VIEW} AS SELECT * FROM {grouped_events_sql()}"
        )
    return True


def sync_counted(con: duckdb.DuckDBPyConnection, relation: str) -> None:
    """Copy ``event_groups.counted`` to the ``events`` flag for the event ids in ``relation``
    (a table or view with an ``event_id`` column); ids with no link row count. Only rows whose
    flag changes are written."""
    con.execute(
        f"""UPDATE events SET {COUNTED_COLUMN} = k.counted
            FROM (SELECT i.event_id, coalesce(g.counted, true) AS counted
                  FROM (SELECT DISTINCT event_id FROM {relation}) i
                  LEFT JOIN event_groups g ON g.event_id = i.event_id) k
            WHERE events.event_id = k.event_id
              AND coalesce(events.{COUNTED_COLUMN}, true) <> k.counted"""
    )


def grouped_events_sql(events: str = STORE_EVENTS, groups: str = "event_groups") -> str:
    """A parenthesized SELECT with one row per group (usable wherever a relation name is).

    Columns: those of ``events`` from the group's counted (most confident) report, then
    ``group_id``, ``reports`` (how many reports), ``amounts_text`` (the distinct amounts as
    written, ``' | '`` separated), ``amount_usd_low`` and ``amount_usd_high``. Events with no link
    row yet are their own group.
    """
    return f"""(
        WITH linked AS (
            SELECT e.*, coalesce(g.group_id, e.event_id) AS group_id,
                   coalesce(g.counted, true) AS counted
            FROM {events} AS e LEFT JOIN {groups} AS g ON g.event_id = e.event_id),
        per_group AS (
            SELECT group_id, count(*) AS reports,
                   string_agg(DISTINCT amount_text, ' | ' ORDER BY amount_text)
                       FILTER (WHERE NOT coalesce(undisclosed, false)) AS amounts_text,
                   min(amount_usd) AS amount_usd_low, max(amount_usd) AS amount_usd_high
            FROM linked GROUP BY group_id)
        SELECT linked.* EXCLUDE (group_id, counted), per_group.*
        FROM linked JOIN per_group USING (group_id)
        WHERE linked.counted)"""


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the link table and the ``events_grouped`` view (idempotent)."""
    for statement in DDL:
        con.execute(statement)
    ensure_counted_column(con)
    con.execute(f"CREATE OR REPLACE VIEW {GROUPED_VIEW} AS SELECT * FROM {grouped_events_sql()}")


# --- the rule, over a DataFrame -------------------------------------------------------------


def normalize_company(name: object) -> str:
    """Lower case, no accents or punctuation, legal suffixes dropped: ``Acme, Inc.`` -> ``acme``.

    >>> normalize_company("The Acme Robotics Co., Ltd.")
    'acme robotics'
    """
    if not isinstance(name, str):
        return ""
    return _normalize(name)


@lru_cache(maxsize=1 << 16)
def _normalize(name: str) -> str:
    text = name.casefold().replace("&", " and ")
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    words = [w for w in _NON_WORD.sub(" ", text.replace("_", " ")).split() if w]
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    changed = True
    while changed and len(words) > 1:
        changed = False
        for suffix in _MULTI_SUFFIXES:
            n = len(suffix)
            if len(words) > n and tuple(words[-n:]) == suffix:
                words, changed = words[:-n], True
                break
        if not changed and words[-1] in LEGAL_SUFFIXES:
            words, changed = words[:-1], True
    return " ".join(words)


@dataclass(frozen=True)
class _Report:
    event_id: str
    article_id: str
    day: int | None
    usd: float | None
    amount: float | None
    currency: str
    undisclosed: bool
    counterparty: str
    round: str


def block_key(event_type: object, company: object) -> str | None:
    """The block two reports must share to be compared, or None for rows never grouped."""
    if not isinstance(event_type, str) or event_type not in GROUPED_TYPES:
        return None
    name = normalize_company(company)
    return f"{event_type}|{name}" if name else None


def link_events(frame: pd.DataFrame, *, standalone: Iterable[str] = ()) -> pd.DataFrame:
    """``group_id`` and ``counted`` (True for the one report that stands for its group in totals:
    highest confidence, then earliest, then smallest event_id) of every row, index of ``frame``.

    ``standalone`` event ids are kept as their own groups (manual ungrouping).
    """
    group_ids = frame["event_id"].astype(str).to_numpy(dtype=object, copy=True)
    counted = np.ones(len(frame), dtype=bool)
    alone = set(standalone)
    blocks: dict[str, list[tuple[int, _Report]]] = {}
    rank: dict[int, tuple[Any, ...]] = {}
    for position, row in enumerate(_records(frame)):
        key = block_key(row.get("event_type"), row.get("company"))
        if key is None or row["event_id"] in alone:
            continue
        report = _report(row)
        blocks.setdefault(key, []).append((position, report))
        confidence = _number(row.get("confidence"))
        day = (report.day is None, report.day or 0)
        rank[position] = (confidence is None, -(confidence or 0.0), *day, report.event_id)
    for members in blocks.values():
        best: dict[str, int] = {}
        assigned = _cluster(members)
        for position, group_id in assigned:
            group_ids[position] = group_id
            if group_id not in best or rank[position] < rank[best[group_id]]:
                best[group_id] = position
        for position, group_id in assigned:
            counted[position] = best[group_id] == position
    return pd.DataFrame({"group_id": group_ids, "counted": counted}, index=frame.index)


def group_events(frame: pd.DataFrame, *, standalone: Iterable[str] = ()) -> pd.Series:
    """The ``group_id`` of every row of an events table (index of ``frame``): the event_id of
    the group's earliest report. ``standalone`` event ids stay their own groups."""
    return link_events(frame, standalone=standalone)["group_id"]


def counted(frame: pd.DataFrame) -> pd.Series:
    """True for the rows totals count: one per group (the DataFrame twin of COUNTED_EVENTS)."""
    if "event_id" not in frame.columns:
        return pd.Series(True, index=frame.index, name="counted")
    return link_events(frame)["counted"]


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    columns = {c: frame[c].tolist() for c in _EVENT_COLUMNS if c in frame.columns}
    names = list(columns)
    return [dict(zip(names, values, strict=True)) for values in zip(*columns.values(), strict=True)]


def _text(value: object) -> str:
    return value.strip().casefold() if isinstance(value, str) else ""


def _number(value: object) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _flag(value: object) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    return bool(value)


def _day(row: dict[str, Any]) -> int | None:
    for col in ("event_date", "article_date"):
        value = row.get(col)
        if isinstance(value, date):
            return value.toordinal()
        if isinstance(value, str) and len(value) >= 10:
            try:
                return date.fromisoformat(value[:10]).toordinal()
            except ValueError:
                continue
    return None


def _report(row: dict[str, Any]) -> _Report:
    return _Report(
        event_id=str(row["event_id"]),
        article_id=str(row.get("article_id") or ""),
        day=_day(row),
        usd=_number(row.get("amount_usd")),
        amount=_number(row.get("amount")),
        currency=_text(row.get("currency")),
        undisclosed=_flag(row.get("undisclosed")),
        counterparty=row.get("counterparty") if isinstance(row.get("counterparty"), str) else "",
        round=_text(row.get("round")),
    )


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE * max(abs(a), abs(b))


def _same_event(anchor: _Report, other: _Report) -> bool:
    if (anchor.day is None) != (other.day is None):
        return False
    if anchor.day is not None and abs(other.day - anchor.day) > WINDOW_DAYS:  # type: ignore[operator]
        return False
    if anchor.round and other.round and anchor.round != other.round:
        return False
    if anchor.undisclosed or other.undisclosed:
        if not (anchor.undisclosed and other.undisclosed):
            return False
        mine, theirs = normalize_company(anchor.counterparty), normalize_company(other.counterparty)
        return not mine or not theirs or mine == theirs
    if anchor.usd is not None and other.usd is not None:
        return _close(anchor.usd, other.usd)
    if anchor.amount is not None and other.amount is not None and anchor.currency:
        return anchor.currency == other.currency and _close(anchor.amount, other.amount)
    return False


def _cluster(members: list[tuple[int, _Report]]) -> list[tuple[int, str]]:
    """Assign reports of one block to groups: earliest first, each joins the first open group
    whose first report it matches and whose articles it is not from."""
    order = sorted(
        members, key=lambda m: (m[1].day is None, m[1].day or 0, m[1].event_id, str(m[0]))
    )
    groups: list[tuple[_Report, set[str]]] = []
    first_open = 0
    out: list[tuple[int, str]] = []
    for index, report in order:
        if report.day is not None:
            while first_open < len(groups) and (
                groups[first_open][0].day is not None
                and report.day - groups[first_open][0].day > WINDOW_DAYS  # type: ignore[operator]
            ):
                first_open += 1
        else:
            while first_open < len(groups) and groups[first_open][0].day is not None:
                first_open += 1
        for anchor, articles in groups[first_open:]:
            if report.article_id not in articles and _same_event(anchor, report):
                articles.add(report.article_id)
                out.append((index, anchor.event_id))
                break
        else:
            groups.append((report, {report.article_id}))
            out.append((index, report.event_id))
    return out


# --- in the store -----------------------------------------------------------------------------

_SELECT = ", ".join(f'e."{c}"' for c in _EVENT_COLUMNS)


def update_groups(con: duckdb.DuckDBPyConnection, *, full: bool = False) -> int:
    """Link the events that have no link row yet (``full``: every event), inside the caller's
    transaction. Only the blocks the new events fall into are recomputed. Returns how many link
    rows were written."""
    for statement in DDL:
        con.execute(statement)
    ensure_counted_column(con)
    if full:
        frame = con.execute(
            f"SELECT {_SELECT}, coalesce(g.manual, false) AS manual FROM events e "
            "LEFT JOIN event_groups g ON g.event_id = e.event_id"
        ).df()
        con.execute("DELETE FROM event_groups")
        return _write_links(con, frame)
    new = con.execute(
        f"SELECT {_SELECT}, false AS manual FROM events e "
        "WHERE NOT EXISTS (SELECT 1 FROM event_groups g WHERE g.event_id = e.event_id)"
    ).df()
    if new.empty:
        return 0
    keys = sorted({k for k in map(block_key, new["event_type"], new["company"]) if k})
    return _recompute_blocks(con, keys, new)


def _recompute_blocks(
    con: duckdb.DuckDBPyConnection, keys: list[str], new: pd.DataFrame | None = None
) -> int:
    old = con.execute(
        f"SELECT {_SELECT}, g.manual FROM event_groups g "
        "JOIN (SELECT DISTINCT unnest(?::VARCHAR[]) AS block) k ON k.block = g.block "
        "JOIN events e ON e.event_id = g.event_id",
        [keys],
    ).df()
    frames = [f for f in (new, old) if f is not None and not f.empty]
    if not frames:
        return 0
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    frame = frame.drop_duplicates("event_id").reset_index(drop=True)
    con.register("regrouped_ids", frame[["event_id"]])
    try:
        con.execute(
            "DELETE FROM event_groups WHERE event_id IN (SELECT event_id FROM regrouped_ids)"
        )
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
        con.execute(
            "INSERT INTO event_groups "
            "SELECT event_id, group_id, manual, block, counted FROM incoming_links"
        )
        sync_counted(con, "incoming_links")
    finally:
        con.unregister("incoming_links")
    return len(links)


def _set_manual(con: duckdb.DuckDBPyConnection, event_id: str, manual: bool) -> None:
    update_groups(con)
    row = con.execute(
        "SELECT event_type, company FROM events WHERE event_id = ?", [event_id]
    ).fetchone()
    if row is None:
        raise KeyError(f"no event {event_id!r} in the store")
    con.execute(
        "UPDATE event_groups SET manual = ?, group_id = event_id, counted = true "
        "WHERE event_id = ?",
        [manual, event_id],
    )
    key = block_key(*row)
    if key is not None:
        _recompute_blocks(con, [key])
    con.execute(
        "CREATE OR REPLACE TEMP TABLE manual_ids AS SELECT ?::VARCHAR AS event_id", [event_id]
    )
    try:
        sync_counted(con, "manual_ids")
    finally:
        con.execute("DROP TABLE manual_ids")


def attach(store: Store) -> int:
    """Create the link table and view in ``store`` and link any events not linked yet."""
    with store._write() as cur:
        ensure_schema(cur)
        return update_groups(cur)


def recompute(store: Store, *, full: bool = False) -> int:
    """Link events added since the last call (after ``Store.add``); ``full``: all of them.
    Manual ungrouping is kept either way."""
    with store._write() as cur:
        return update_groups(cur, full=full)


def ungroup(store: Store, event_id: str) -> None:
    """Make ``event_id`` its own group, now and after every recompute (the rest regroup)."""
    with store._write() as cur:
        _set_manual(cur, event_id, True)
        _bump_version(cur)


def regroup(store: Store, event_id: str) -> None:
    """Undo ``ungroup``: ``event_id`` is grouped by the rule again."""
    with store._write() as cur:
        _set_manual(cur, event_id, False)
        _bump_version(cur)


def _bump_version(cur: duckdb.DuckDBPyConnection) -> None:
    """Totals changed: a new store version, so caches keyed on it are not reused."""
    cur.execute(
        "UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) WHERE key = 'version'"
    )


def group_of(store: Store, event_id: str) -> str:
    """The group id of one stored event (its own id when it has no link yet)."""
    with store._read() as cur:
        row = cur.execute(
            "SELECT group_id FROM event_groups WHERE event_id = ?", [event_id]
        ).fetchone()
    return str(row[0]) if row else event_id


#: Columns of ``group_reports``, in order.
REPORT_COLUMNS: tuple[str, ...] = (
    "event_id",
    "source",
    "article_title",
    "article_date",
    "amount_text",
    "amount",
    "currency",
    "amount_usd",
    "undisclosed",
    "company",
    "counterparty",
    "evidence",
    "counted",
    "manual",
)


def group_reports(store: Store, event_id: str) -> pd.DataFrame:
    """Every report linked with ``event_id`` (itself included), earliest article first.

    Columns ``REPORT_COLUMNS``: the report's source, headline, date, amount as written and in
    USD, company, counterparty and evidence sentence, ``counted`` (the one report totals count)
    and ``manual`` (ungrouped by hand). An event not linked yet is its own one-report group; an
    unknown id gives no rows.
    """
    cols = ", ".join(f'e."{c}"' for c in REPORT_COLUMNS[:-2])
    with store._read() as cur:
        row = cur.execute(
            "SELECT group_id FROM event_groups WHERE event_id = ?", [event_id]
        ).fetchone()
        group_id = str(row[0]) if row else event_id
        return cur.execute(
            f"SELECT {cols}, coalesce(g.counted, true) AS counted, "
            "coalesce(g.manual, false) AS manual "
            "FROM events e LEFT JOIN event_groups g ON g.event_id = e.event_id "
            "WHERE e.event_id = ? OR e.event_id IN "
            "(SELECT event_id FROM event_groups WHERE group_id = ?) "
            "ORDER BY e.article_date NULLS LAST, e.event_id",
            [event_id, group_id],
        ).df()


def reports_text(reports: pd.DataFrame) -> str:
    """The amounts of a group's reports side by side, other currencies with their USD value.

    ``3 reports: $50 million | $50.5m | £40 million (≈ $50.4M)``; ``2 reports, all $1.2 billion``
    when they agree; an undisclosed report reads ``undisclosed``.
    """
    from analytics.display import format_usd

    amounts: list[str] = []
    for text, currency, usd, hidden in zip(
        reports["amount_text"],
        reports["currency"],
        reports["amount_usd"],
        reports["undisclosed"],
        strict=True,
    ):
        if _flag(hidden) or not isinstance(text, str) or not text:
            shown = "undisclosed"
        elif currency != "USD" and _number(usd) is not None:
            shown = f"{text} (≈ {format_usd(usd)})"
        else:
            shown = text
        if shown not in amounts:
            amounts.append(shown)
    n = len(reports)
    head = f"{n} report{'s' if n != 1 else ''}"
    if len(amounts) == 1 and n > 1:
        return f"{head}, all {amounts[0]}"
    return f"{head}: {' | '.join(amounts)}" if amounts else head


def grouped_events(store: Store) -> pd.DataFrame:
    """One row per group, most confident report's columns plus the group columns."""
    with store._read() as cur:
        return cur.execute(f"SELECT * FROM {grouped_events_sql()} ORDER BY group_id").df()


def grouped_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per group of an events DataFrame (what ``events_grouped`` is in the store)."""
    linked = link_events(frame)
    links = pd.DataFrame(
        {
            "event_id": frame["event_id"].astype(str),
            "group_id": linked["group_id"].astype(str),
            "counted": linked["counted"],
        }
    )
    con = duckdb.connect()
    try:
        con.register("events", frame)
        con.register("links", links)
        return con.execute(
            f"SELECT * FROM {grouped_events_sql('events', 'links')} ORDER BY group_id"
        ).df()
    finally:
        con.close()
