"""The upload journal: a row per file that reached the server, written before it is read, and
its outcome written in the same transaction as the upload's articles (``JournalOps``).

States (``analytics/tables.toml``, ``[uploads] states``, with what each means): ``received`` and
``extracting`` have no outcome yet; then one of ``added``, ``already stored``, ``refused``,
``failed``, ``interrupted`` (the server stopped first: rows left pending by an earlier process
are marked so when the store is opened) or ``removed``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import duckdb

from analytics import messages
from analytics.catalogue import sql, table
from analytics.group_links import recompute_blocks
from analytics.grouping import block_key
from analytics.store_base import StoreBase, bump
from analytics.storefile import now

#: States of an upload journal row, in the order a file goes through them.
UPLOAD_STATES: tuple[str, ...] = tuple(row["state"] for row in table("uploads", "states"))
#: States with no outcome yet.
PENDING_STATES: tuple[str, ...] = tuple(
    row["state"] for row in table("uploads", "states") if row["pending"]
)


@dataclass(frozen=True)
class JournalEntry:
    """One row of the upload journal."""

    upload_id: str
    name: str
    original_name: str
    size: int
    sha256: str
    state: str
    session_id: str | None = None
    reason: str | None = None
    articles_read: int = 0
    new_articles: int = 0
    already_stored: int = 0
    events: int = 0
    events_by_type: dict[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    article_ids: tuple[str, ...] = ()
    received_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def pending(self) -> bool:
        """True while the file has no outcome yet."""
        return self.state in PENDING_STATES


@dataclass(frozen=True)
class RemoveResult:
    """What ``Store.remove_upload`` took out."""

    articles: int
    events: int


def mark_interrupted(cur: duckdb.DuckDBPyConnection, first_open: bool) -> None:
    """Rows left without an outcome by an earlier server (killed mid-upload) never finished;
    their transaction wrote nothing. Only the first open in a process marks them (a second
    ``Store`` of the same file in this process shares live uploads)."""
    reason = messages.text("uploads.interrupted")
    cur.execute(sql("journal_interrupted"), [now(), reason, first_open, list(PENDING_STATES)])


def record_outcome(
    cur: duckdb.DuckDBPyConnection,
    upload_id: str,
    *,
    articles_read: int,
    new_ids: Sequence[str],
    already_stored: int,
    events: int,
    by_type: dict[str, int],
    notes: Sequence[str],
) -> None:
    """The outcome of an upload, in the transaction that wrote its articles."""
    params = [
        "added" if new_ids else "already stored",
        articles_read,
        len(new_ids),
        already_stored,
        events,
        json.dumps({str(k): int(v) for k, v in by_type.items()}),
        json.dumps(list(notes)),
        list(new_ids),
        now(),
        upload_id,
    ]
    cur.execute(sql("journal_outcome"), params)


def _check_state(state: str) -> None:
    if state not in UPLOAD_STATES:
        raise ValueError(messages.say("uploads.not_a_state", state=state))


def _entry(row: Sequence[Any]) -> JournalEntry:
    (upload_id, name, original, size, sha, state, session, reason, read, new, already, events,
     by_type, notes, ids, received, updated) = row  # fmt: skip
    return JournalEntry(
        upload_id=upload_id,
        name=name or "",
        original_name=original or "",
        size=int(size or 0),
        sha256=sha or "",
        state=state,
        session_id=session,
        reason=reason,
        articles_read=int(read or 0),
        new_articles=int(new or 0),
        already_stored=int(already or 0),
        events=int(events or 0),
        events_by_type={str(k): int(v) for k, v in json.loads(by_type or "{}").items()},
        notes=tuple(json.loads(notes or "[]")),
        article_ids=tuple(ids or ()),
        received_at=received,
        updated_at=updated,
    )


class JournalOps(StoreBase):
    """The ``Store``'s upload journal."""

    def journal_receive(
        self,
        *,
        name: str,
        original_name: str,
        size: int,
        sha256: str,
        session_id: str | None = None,
        state: str = "received",
        reason: str | None = None,
        file_ref: str | None = None,
    ) -> str | None:
        """Write a journal row for a file that reached the server; returns its upload id.

        ``file_ref``: the uploader's id of the file in ``session_id``; a file already journaled
        under it is not journaled again (None is returned), however often the page reruns."""
        _check_state(state)
        upload_id = uuid.uuid4().hex
        stamp = now()
        with self._write(forget=False) as cur:
            if file_ref is not None:
                seen = cur.execute(sql("journal_seen"), [session_id, file_ref]).fetchone()
                if seen and seen[0]:
                    return None
            row = [upload_id, session_id, name, original_name, size, sha256, state, reason]
            cur.execute(sql("journal_insert"), [*row, stamp, stamp, file_ref])
        return upload_id

    def journal_set(self, upload_id: str, state: str, reason: str | None = None) -> None:
        """Move a journal row to ``state`` (with the reason, for a refusal or a failure)."""
        _check_state(state)
        with self._write(forget=False) as cur:
            cur.execute(sql("journal_set"), [state, reason, now(), upload_id])

    def journal(
        self, *, session_id: str | None = None, limit: int | None = 200
    ) -> list[JournalEntry]:
        """Journal rows, newest first: one session's (``session_id``), else every session's."""
        return self._journal_rows(session_id, None, limit)

    def journal_entry(self, upload_id: str) -> JournalEntry | None:
        """One journal row, or None."""
        rows = self._journal_rows(None, upload_id, 1)
        return rows[0] if rows else None

    def _journal_rows(
        self, session_id: str | None, upload_id: str | None, limit: int | None
    ) -> list[JournalEntry]:
        cut = f"LIMIT {int(limit)}" if limit is not None else ""
        params = [session_id, session_id, upload_id, upload_id]
        with self._read() as cur:
            rows = cur.execute(sql("journal_select").format(limit=cut), params).fetchall()
        return [_entry(row) for row in rows]

    def remove_upload(self, upload_id: str) -> RemoveResult:
        """Take out the articles an upload added, with their events and group links, in one
        transaction; the journal row becomes ``removed``. Articles the upload found already
        stored belong to earlier files and stay; so does everything else."""
        with self._write() as cur:
            row = cur.execute(sql("journal_state_ids"), [upload_id]).fetchone()
            if row is None:
                raise KeyError(messages.say("uploads.unknown", upload_id=upload_id))
            state, ids = row[0], list(row[1] or [])
            if state != "added":
                raise ValueError(messages.say("uploads.nothing_to_remove", state=state))
            cur.execute(sql("removed_events_create"), [ids])
            try:
                events = int(cur.execute(sql("removed_events_count")).fetchone()[0])
                found = cur.execute(sql("removed_events_blocks")).fetchall()
                blocks = [key for key in {block_key(t, c) for t, c in found} if key]
                cur.execute(sql("removed_events_unlink"))
                cur.execute(sql("removed_events_delete"))
            finally:
                cur.execute(sql("removed_events_drop"))
            articles = int(cur.execute(sql("articles_count_ids"), [ids]).fetchone()[0])
            cur.execute(sql("articles_delete_ids"), [ids])
            if blocks:  # the reports left in those groups are linked again without the removed
                recompute_blocks(cur, sorted(blocks))
            bump(cur)
            cur.execute(sql("journal_removed"), [now(), upload_id])
        return RemoveResult(articles=articles, events=events)
