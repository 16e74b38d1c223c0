"""The review in the store: accept, correct, reject, undo, the audit log and the review queue
(``ReviewOps``). What an action changes and how it is logged is ``analytics.review``; here each
action runs in one transaction, the event's group links follow a change of its type, company,
amount or date, and the store version moves on.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from analytics import review
from analytics.catalogue import sql
from analytics.filters import FilterState, where
from analytics.group_links import regroup_after_change
from analytics.schema import conform
from analytics.store_base import bump
from analytics.store_queries import _FILTERED_NAME, QueryOps

#: Fields whose change may move an event to another group.
_GROUPING_FIELDS = frozenset({"event_type", "company", "amount", "currency", "event_date"})


def _page(limit: int, offset: int) -> str:
    return f"LIMIT {int(limit)} OFFSET {max(0, int(offset))}"


class ReviewOps(QueryOps):
    """The ``Store``'s review actions and queue."""

    def _review(self, event_id: str, action: str, reviewer: str | None, **fields: Any) -> Any:
        with self._write() as cur:
            before = cur.execute(sql("event_block"), [event_id]).fetchone()
            if action == "undo":
                result = review.undo(cur, event_id, reviewer, self._rates)
            else:
                result = review.apply_action(cur, event_id, action, reviewer, fields, self._rates)
            after = cur.execute(sql("event_block"), [event_id]).fetchone()
            if {f for f, _b, _a in result.changes} & _GROUPING_FIELDS:
                regroup_after_change(cur, before, after)
            bump(cur)
        return result

    def correct(self, event_id: str, *, reviewer: str | None = None, **fields: Any) -> Any:
        """Correct fields of one event (``analytics.review.EDITABLE``); logged, kept across
        re-ingests of its article, the extracted row kept in ``extracted_events``."""
        return self._review(event_id, "correct", reviewer, **fields)

    def accept(self, event_id: str, *, reviewer: str | None = None) -> Any:
        """Mark one event as right as it stands (reviewed)."""
        return self._review(event_id, "accept", reviewer)

    def reject(self, event_id: str, *, reviewer: str | None = None) -> Any:
        """Mark one event as wrong: kept and shown as rejected, left out of every total."""
        return self._review(event_id, "reject", reviewer)

    def undo(self, event_id: str, *, reviewer: str | None = None) -> Any:
        """Take back the last accept, correction or rejection of one event."""
        return self._review(event_id, "undo", reviewer)

    def audit_log(self) -> pd.DataFrame:
        """Every review action, one line per field changed: when (UTC), who, event, action,
        field, value before and after (JSON text), whether it was undone."""
        with self._read() as cur:
            return review.audit_frame(cur)

    def extracted(self, event_id: str) -> pd.DataFrame:
        """The row of ``event_id`` as the extractor wrote it (empty when never reviewed)."""
        return conform(self._frame(sql("extracted_row"), [event_id]))

    def reviewed_events(self) -> pd.DataFrame:
        """Every reviewed event (accepted, corrected or rejected), with its current values."""
        return conform(self._frame(sql("reviewed_rows")))

    def review_queue(
        self, state: FilterState | None = None, *, limit: int = 20, offset: int = 0
    ) -> pd.DataFrame:
        """Unreviewed events ``state`` keeps, those whose mistake would cost most first: (1 -
        confidence) times the USD amount, then the least confident."""
        state = state or FilterState()
        page = _page(limit, offset)
        order = sql("review_order")
        table = self._filtered(state).table
        if table is not None:  # the state's events are in memory: the page is cut from them
            with self._read() as cur:
                cur.register(_FILTERED_NAME, table)
                cut = sql("review_page_ids").format(
                    relation=_FILTERED_NAME, order=order.replace("rowid", "rid"), page=page
                )
                ids = [int(r[0]) for r in cur.execute(cut).fetchall()]
                found = cur.execute(sql("rows_by_id").format(order=order), [ids]).df()
            return conform(found)
        clause, params = where(state)
        statement = sql("review_page").format(where=clause, order=order, page=page)
        return conform(self._frame(statement, params))

    def count_unreviewed(self, state: FilterState | None = None) -> int:
        """How many events ``state`` keeps are not reviewed yet."""
        state = state or FilterState()
        table = self._filtered(state).table
        if table is not None:
            with self._read() as cur:
                cur.register(_FILTERED_NAME, table)
                statement = sql("count_unreviewed").format(relation=_FILTERED_NAME, where="TRUE")
                return int(cur.execute(statement).fetchone()[0])
        clause, params = where(state)
        statement = sql("count_unreviewed").format(relation="events", where=clause)
        return int(self._scalar(statement, params))

    def count_reviewed(self) -> dict[str, int]:
        """Reviewed events per review state."""
        rows = self._frame(sql("count_reviewed"))
        return {str(r): int(n) for r, n in zip(rows["review"], rows["n"], strict=True)}
