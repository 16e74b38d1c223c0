"""Reviewing extracted rows: accept, correct, reject and undo, with an audit log.

A review never deletes or overwrites the extracted row for good. The ``events`` table holds each
row's current values (corrected where a reviewer corrected them, with ``review`` set); the row as
extracted is copied to ``extracted_events`` before its first change. Corrections are kept apart
in ``corrections``, keyed by the article's content id and the amount's span (not the event id,
which also hashes the type a reviewer may change), so they are applied again when the same
article is ingested again (``reapply``, called by ``Store.add``). Every action writes one line per
field changed to ``audit_log``: when, who, which event, the action, the field, before and after.

Only these fields may be corrected (``EDITABLE``); the USD value follows from the corrected
amount, currency and date (``analytics.fx.convert``), never typed.

The statements are ``analytics/review.sql`` (by name), the messages ``messages/review.toml``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib import resources
from typing import Any

import duckdb
import pandas as pd

from analytics import messages
from analytics.errors import InputError
from analytics.fx import Rates, convert
from analytics.schema import COLUMNS, EVENT_TYPES, FINE_STATUSES

REVIEW_COLUMN = "review"
ACCEPTED, CORRECTED, REJECTED = "accepted", "corrected", "rejected"
#: Where a reviewer's name is missing.
ANONYMOUS = "anonymous"
MAX_TEXT = 300

_SQL_TYPES = {"str": "VARCHAR", "float64": "DOUBLE", "int64": "BIGINT", "bool": "BOOLEAN"}



def _statements(name: str) -> dict[str, str]:
    """The SQL statements of ``name`` (package data) by their ``-- name:`` line; other comment
    lines dropped."""
    out: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in resources.files("analytics").joinpath(name).read_text("utf-8").splitlines():
        if line.startswith("-- name:"):
            current = out.setdefault(line.removeprefix("-- name:").strip(), [])
        elif current is not None and line.strip() and not line.startswith("--"):
            current.append(line.strip())
    return {key: " ".join(lines) for key, lines in out.items()}


_UNDISCLOSED = messages.text("review.undisclosed_source")
#: The review's SQL (``analytics/review.sql``), by name.
SQL = _statements("review.sql")


def _column_sql(column: Any) -> str:
    return f'"{column.name}" {_SQL_TYPES[column.dtype]}'


DDL: tuple[str, ...] = (
    SQL["create_corrections"],
    SQL["create_audit_log"],
    SQL["create_extracted_events"].format(columns=", ".join(_column_sql(c) for c in COLUMNS)),
)


def _error(key: str, **values: Any) -> InputError:
    """A review error: message ``key`` of ``messages/review.toml``."""
    return InputError(messages.say(key, **values), code="review")


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = " ".join(str(value).split())
    if len(text) > MAX_TEXT:
        raise _error("review.too_long", limit=MAX_TEXT)
    return text or None


def _choice(options: Iterable[str]) -> Callable[[Any], str | None]:
    allowed = tuple(options)

    def check(value: Any) -> str | None:
        text = _text(value)
        if text is None:
            return None
        if text.lower() not in allowed:
            raise _error("review.not_one_of", allowed=", ".join(allowed), value=text)
        return text.lower()

    return check


def _event_type(value: Any) -> str:
    text = _choice(EVENT_TYPES)(value)
    if text is None:
        raise _error("review.no_type")
    return text


def _amount(value: Any) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = (
            float(str(value).replace(",", "").replace("_", ""))
            if isinstance(value, str)
            else float(value)
        )
    except (TypeError, ValueError):
        raise _error("review.not_a_number", value=value) from None
    if math.isnan(number):
        return None
    if not math.isfinite(number) or number < 0:
        raise _error("review.not_positive")
    return number


def _currency(value: Any) -> str | None:
    text = _text(value)
    if text is None:
        return None
    if len(text) != 3 or not text.isalpha() or not text.isascii():
        raise _error("review.not_a_currency", value=text)
    return text.upper()


def _day(value: Any) -> str | None:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = _text(value)
    if text is None:
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise _error("review.not_a_date", value=text) from None


#: The fields a reviewer may correct, each with the check that cleans its value.
EDITABLE: Mapping[str, Callable[[Any], Any]] = {
    "event_type": _event_type,
    "company": _text,
    "counterparty": _text,
    "amount": _amount,
    "currency": _currency,
    "round": _text,
    "status": _choice(FINE_STATUSES),
    "event_date": _day,
}
#: Fields whose change means a new USD value.
_MONEY_FIELDS = frozenset(("amount", "currency", "event_date"))
@dataclass(frozen=True)
class ReviewResult:
    """What one review action changed: the fields and their values before and after."""

    event_id: str
    action: str
    changes: tuple[tuple[str, Any, Any], ...]


def clean(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The corrected values, checked; unknown fields or bad values raise ``InputError``."""
    unknown = sorted(set(fields) - set(EDITABLE))
    if unknown:
        names = {"fields": ", ".join(unknown), "editable": ", ".join(EDITABLE)}
        raise _error("review.not_editable", **names)
    out: dict[str, Any] = {}
    for name, value in fields.items():
        try:
            out[name] = EDITABLE[name](value)
        except InputError as err:
            raise _error("review.bad_value", field=name, error=err) from None
    return out


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return _none(a) == _none(b)


def _none(value: Any) -> Any:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _dump(value: Any) -> str | None:
    value = _none(value)
    return None if value is None else json.dumps(value)


def _load(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def ensure_schema(cur: duckdb.DuckDBPyConnection) -> None:
    """Create the review tables (and the ``review`` column of older stores' copies)."""
    for statement in DDL:
        cur.execute(statement)
    have = {r[0] for r in cur.execute(SQL["extracted_columns"]).fetchall()}
    for col in COLUMNS:
        if col.name not in have:
            cur.execute(SQL["add_extracted_column"].format(column=_column_sql(col)))


def _read_row(cur: duckdb.DuckDBPyConnection, table: str, event_id: str) -> dict[str, Any] | None:
    """What a review reads of one event of ``table`` (events or extracted_events), by column."""
    editable = ", ".join(f'"{c}"' for c in EDITABLE)
    query = SQL["row"].format(table=table, editable=editable)
    found = cur.execute(query, [event_id]).fetchone()
    if found is None:
        return None
    names = [d[0] for d in cur.description]
    return {k: _none(v) for k, v in zip(names, found, strict=True)}


def _row(cur: duckdb.DuckDBPyConnection, event_id: str) -> dict[str, Any]:
    found = _read_row(cur, "events", event_id)
    if found is None:
        raise _error("review.no_event", event_id=event_id)
    return found


def _keep_extracted(cur: duckdb.DuckDBPyConnection, event_id: str, *, replace: bool) -> None:
    """Copy the row as extracted before its first change (``replace``: a fresh extraction)."""
    cols = ", ".join(f'"{c.name}"' for c in COLUMNS)
    conflict = "OR REPLACE" if replace else "OR IGNORE"
    cur.execute(SQL["keep_extracted"].format(conflict=conflict, columns=cols), [event_id])


def _extracted(cur: duckdb.DuckDBPyConnection, event_id: str) -> dict[str, Any] | None:
    return _read_row(cur, "extracted_events", event_id)


def _set_fields(
    cur: duckdb.DuckDBPyConnection,
    row: dict[str, Any],
    values: Mapping[str, Any],
    rates: Rates | None,
) -> None:
    """Write ``values`` (and, when money fields change, the USD value) to one events row."""
    if not values:
        return
    updates = dict(values)
    if _MONEY_FIELDS & set(values):
        merged = {**row, **values}
        original = _extracted(cur, row["event_id"]) or row
        on = _day(merged["event_date"] or merged["article_date"])
        # the article's own dollar figure belongs to the amount and currency it was written for
        same_money = _same(merged["amount"], original["amount"]) and _same(
            merged["currency"], original["currency"]
        )
        conversion = convert(
            merged["amount"],
            merged["currency"],
            date.fromisoformat(on) if on else None,
            alt_amount=merged["alt_amount"] if same_money else None,
            alt_currency=merged["alt_currency"] if same_money else None,
            rates=rates,
        )
        undisclosed = merged["amount"] is None
        updates.update(
            amount_usd=conversion.usd,
            fx_rate=conversion.rate,
            fx_date=conversion.rate_date.isoformat() if conversion.rate_date else None,
            fx_source=_UNDISCLOSED if undisclosed else conversion.source,
            undisclosed=undisclosed,
        )
    sets = ", ".join(f'"{k}" = ?' for k in updates)
    cur.execute(SQL["update_event"].format(sets=sets), [*updates.values(), row["event_id"]])


def _log(
    cur: duckdb.DuckDBPyConnection,
    row: dict[str, Any],
    action: str,
    reviewer: str,
    changes: Iterable[tuple[str, Any, Any]],
) -> None:
    next_seq, next_action = cur.execute(SQL["next_action"]).fetchone()
    now = datetime.now(UTC).replace(tzinfo=None)
    for i, (name, before, after) in enumerate(changes):
        cur.execute(
            SQL["log_change"],
            [
                next_seq + i,
                next_action,
                now,
                reviewer,
                row["event_id"],
                row["article_id"],
                row["span_start"],
                row["span_end"],
                action,
                name,
                _dump(before),
                _dump(after),
            ],
        )


def _keep_correction(
    cur: duckdb.DuckDBPyConnection, row: dict[str, Any], name: str, value: Any
) -> None:
    key = [row["article_id"], row["span_start"], row["span_end"], name]
    cur.execute(SQL["drop_correction"], key)
    cur.execute(SQL["keep_correction"], [*key, _dump(value)])


def _drop_correction(cur: duckdb.DuckDBPyConnection, row: dict[str, Any], name: str) -> None:
    key = [row["article_id"], row["span_start"], row["span_end"], name]
    cur.execute(SQL["drop_correction"], key)


def _has_field_corrections(cur: duckdb.DuckDBPyConnection, row: dict[str, Any]) -> bool:
    key = [row["article_id"], row["span_start"], row["span_end"], REVIEW_COLUMN]
    found = cur.execute(SQL["count_field_corrections"], key).fetchone()
    return bool(found and found[0])


def apply_action(
    cur: duckdb.DuckDBPyConnection,
    event_id: str,
    action: str,
    reviewer: str | None,
    fields: Mapping[str, Any] | None = None,
    rates: Rates | None = None,
) -> ReviewResult:
    """Accept, correct or reject one event inside the caller's transaction."""
    reviewer = _text(reviewer) or ANONYMOUS
    row = _row(cur, event_id)
    values = clean(fields or {})
    changed = {k: v for k, v in values.items() if not _same(row[k], v)}
    if action == "correct" and not changed:
        raise _error("review.nothing_to_correct")
    _keep_extracted(cur, event_id, replace=False)
    _set_fields(cur, row, changed, rates)
    for name, value in changed.items():
        _keep_correction(cur, row, name, value)
    if action == "reject":
        state = REJECTED
    elif changed or _has_field_corrections(cur, row):
        state = CORRECTED
    else:
        state = ACCEPTED
    changes = [(k, row[k], v) for k, v in changed.items()]
    if state != row[REVIEW_COLUMN]:
        cur.execute(SQL["set_review"], [state, event_id])
        changes.append((REVIEW_COLUMN, row[REVIEW_COLUMN], state))
    _keep_correction(cur, row, REVIEW_COLUMN, state)
    if not changes:
        changes.append((REVIEW_COLUMN, state, state))  # the same verdict again, logged too
    _log(cur, row, action, reviewer, changes)
    return ReviewResult(event_id, action, tuple(changes))


def undo(
    cur: duckdb.DuckDBPyConnection,
    event_id: str,
    reviewer: str | None,
    rates: Rates | None = None,
) -> ReviewResult:
    """Take back the last review action on one event that is not taken back yet."""
    reviewer = _text(reviewer) or ANONYMOUS
    row = _row(cur, event_id)
    last = cur.execute(SQL["last_action"], [event_id]).fetchone()
    if last is None or last[0] is None:
        raise _error("review.nothing_to_undo")
    lines = cur.execute(SQL["action_changes"], [last[0]]).fetchall()
    original = _extracted(cur, event_id) or row
    restore = {name: _load(before) for name, before in lines}
    fields = {k: v for k, v in restore.items() if k != REVIEW_COLUMN}
    _set_fields(cur, row, fields, rates)
    for name, value in fields.items():
        if _same(value, original[name]):
            _drop_correction(cur, row, name)
        else:
            _keep_correction(cur, row, name, value)
    state = restore.get(REVIEW_COLUMN, row[REVIEW_COLUMN])
    cur.execute(SQL["set_review"], [state, event_id])
    if state is None:
        _drop_correction(cur, row, REVIEW_COLUMN)
    else:
        _keep_correction(cur, row, REVIEW_COLUMN, state)
    cur.execute(SQL["mark_undone"], [last[0]])
    changes = [(k, row[k], v) for k, v in restore.items()]
    _log(cur, row, "undo", reviewer, changes)
    return ReviewResult(event_id, "undo", tuple(changes))


def reapply(
    cur: duckdb.DuckDBPyConnection, article_ids: Iterable[str], rates: Rates | None = None
) -> int:
    """Apply the stored corrections to newly written events of ``article_ids`` (the same article
    ingested again); returns how many events were corrected. Inside the caller's transaction."""
    ids = list(article_ids)
    if not ids:
        return 0
    found = cur.execute(SQL["corrections_of_articles"], [ids]).fetchall()
    by_event: dict[str, dict[str, Any]] = {}
    for event_id, name, value in found:
        by_event.setdefault(event_id, {})[name] = _load(value)
    for event_id, values in by_event.items():
        _keep_extracted(cur, event_id, replace=True)
        row = _row(cur, event_id)
        state = values.pop(REVIEW_COLUMN, None)
        fields = {k: v for k, v in values.items() if k in EDITABLE}
        _set_fields(cur, row, fields, rates)
        cur.execute(SQL["set_review"], [state, event_id])
    return len(by_event)


def audit_frame(cur: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The audit log, oldest first: values before and after as JSON text."""
    frame = cur.execute(SQL["audit_log"]).df()
    for name in ("before", "after"):  # a missing value is None, as in the store, not NaN
        frame[name] = frame[name].astype(object).where(frame[name].notna(), None)
    return frame


def gold_rows(frame: pd.DataFrame, audit: pd.DataFrame | None = None) -> list[dict[str, Any]]:
    """Reviewed events (accepted or corrected) as rows of a gold file in the
    ``../shared/ANNOTATION.md`` format, with their corrected values; rejected rows are no
    events, so they are left out (scored against, the extractor's row counts as a false one)."""
    who: dict[str, str] = {}
    if audit is not None and len(audit):
        live = audit[~audit["undone"].astype(bool) & (audit["action"] != "undo")]
        for event_id, reviewer in zip(live["event_id"], live["reviewer"], strict=True):
            who[str(event_id)] = str(reviewer)
    rows: list[dict[str, Any]] = []
    kept = frame[frame[REVIEW_COLUMN].isin((ACCEPTED, CORRECTED))]
    for row in kept.sort_values(["source", "article_title", "span_start"]).itertuples(index=False):
        amount = _none(row.amount)
        alt_amount, alt_currency = _none(row.alt_amount), _none(row.alt_currency)
        amount_max = _none(row.amount_max)
        reviewer = who.get(str(row.event_id), ANONYMOUS)
        gold: dict[str, Any] = {
            "article": row.article_title,
            "type": row.event_type,
            "company": _none(row.company),
            "counterparty": _none(row.counterparty),
            "amount": amount,
            "currency": _none(row.currency),
            "alt": {"amount": alt_amount, "currency": alt_currency}
            if alt_amount is not None and alt_currency is not None
            else None,
            "round": _none(row.round),
            "status": _none(row.status),
            "evidence": _none(row.evidence),
            "note": messages.say("review.gold_note", review=row.review, reviewer=reviewer),
            "file": _none(row.source),
        }
        if amount_max is not None:
            gold["amount_max"] = amount_max
        rows.append(gold)
    return rows
