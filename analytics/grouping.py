"""Linking reports of the same event across articles (a link, never a deletion).

Two reports are one event when they have the same event type (funding, fine or acquisition),
the same company after ``normalize_company`` (case, accents, punctuation, legal suffixes), dates
(``event_date``, else ``article_date``) within ``WINDOW_DAYS`` of the group's first report,
no conflicting funding rounds, and amounts within ``TOLERANCE`` in US dollars (undisclosed deals:
both undisclosed and the same or an unnamed counterparty). A group holds at most one report per
article. Its ``group_id`` is the ``event_id`` of its earliest report (ties: smallest event_id),
so grouping does not depend on the order rows were added in.

In the store, links live in their own table, ``event_groups(event_id, group_id, manual, block)``;
the ``events`` table is never changed (``analytics.group_links`` writes the links, through the
``Store`` methods ``attach_groups``, ``recompute_groups``, ``ungroup`` and ``regroup``).
``Store.ungroup`` makes a report its own group for good (``manual``), across every later
recompute, until ``Store.regroup`` clears that. The view ``events_grouped``
(``grouped_events_sql()``) has one row per group: the columns of the report with the highest
confidence, plus ``group_id``, ``reports``, ``amounts_text`` (the different amounts as written,
side by side) and the USD range. Totals over it count each deal once.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from analytics import knowledge
from analytics.catalogue import sql, table
from analytics.schema import PRIMARY_TYPES

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
#: The columns of an events table the rule reads.
_EVENT_COLUMNS: tuple[str, ...] = tuple(table("grouping", "event_columns"))

#: Column of ``events`` that stores whether totals count the row: ``false`` for the extra reports
#: of a grouped event, ``NULL`` (never linked, e.g. rows bulk-loaded outside ``Store.add``) or
#: ``true`` otherwise. Kept in step with ``event_groups.counted`` by every write of links, so the
#: aggregates filter on it while scanning instead of anti-joining the link table per query.
COUNTED_COLUMN = "counted"
#: The events totals count: all but the extra reports of a grouped event (each group counts once,
#: as its most confident report) and the rows a reviewer rejected. Events not linked yet count.
#: A relation for ``analytics.queries.aggregate_sql(..., relation=COUNTED_EVENTS)``.
COUNTED_EVENTS = f"({sql('counted_events')})"
#: The stored events with exactly the schema's columns (no ``counted`` flag).
STORE_EVENTS = f"({sql('store_events')})"


def grouped_events_sql(events: str = STORE_EVENTS, groups: str = "event_groups") -> str:
    """A parenthesized SELECT with one row per group (usable wherever a relation name is).

    Columns: those of ``events`` from the group's counted (most confident) report, then
    ``group_id``, ``reports`` (how many reports), ``amounts_text`` (the distinct amounts as
    written, ``' | '`` separated), ``amount_usd_low`` and ``amount_usd_high``. Events with no link
    row yet are their own group.
    """
    return f"({sql('grouped_events').format(events=events, groups=groups)})"


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


#: How a report with no amount reads in ``reports_text``.
UNDISCLOSED = "undisclosed"
#: Columns of ``Store.group_reports``, in order.
REPORT_COLUMNS: tuple[str, ...] = tuple(table("grouping", "report_columns"))


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
            shown = UNDISCLOSED
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
        relation = grouped_events_sql("events", "links")
        return con.execute(sql("grouped_rows").format(relation=relation)).df()
    finally:
        con.close()
