"""One row per event: an amount said twice in a story (a headline figure repeated in the body, a
restatement pointed back to) becomes one candidate row, read where the story says most about it."""

from __future__ import annotations

from typing import Any

from analytics import knowledge
from analytics.extractor.cues import NO_CUE_SCORE
from analytics.money import Money
from analytics.schema import PRIMARY_TYPES

#: Amounts this close (relative) are the same amount, for de-duplication and matching.
SAME_AMOUNT = 0.01


class Candidate:
    """One amount being classified, before it becomes a row; ``score`` is how strongly its words
    speak for its type (``NO_CUE_SCORE`` where none do; None for a row without an amount)."""

    __slots__ = ("in_headline", "money", "row", "score")

    def __init__(
        self,
        money: Money | None,
        row: dict[str, Any],
        in_headline: bool,
        score: float | None = None,
    ) -> None:
        self.money = money
        self.row = row
        self.in_headline = in_headline
        self.score = score


def _same_amount(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return False
    return abs(a - b) <= SAME_AMOUNT * max(abs(a), abs(b))


def same_money(x: Money, y: Money) -> bool:
    """Same amount, in either's main or parenthetical currency."""
    pairs_x = {(x.currency, x.amount), (x.alt_currency, x.alt_amount), (x.currency, x.amount_max)}
    pairs_y = {(y.currency, y.amount), (y.alt_currency, y.alt_amount), (y.currency, y.amount_max)}
    return any(
        cx == cy and cx is not None and _same_amount(ax, ay)
        for cx, ax in pairs_x
        for cy, ay in pairs_y
    )


#: Below this an amount said twice is more likely two prices than one fact restated.
_RESTATED_FROM = 10_000
_DEFINITE_BEFORE_RE = knowledge.regex("pipeline", "definite_before")


def _primary(cand: Candidate) -> bool:
    return cand.row["event_type"] in PRIMARY_TYPES


def _restated(cand: Candidate, kept: list[Candidate]) -> Candidate | None:
    """An earlier row whose amount a later sentence says again: of the same company, read as
    another type ("The judge concluded that $8 million was the appropriate penalty"), or of
    any, pointed back to ("The $26 billion figure includes ...")."""
    money = cand.money
    if money is None or money.amount < _RESTATED_FROM:
        return None
    evidence = cand.row["evidence"]
    at = evidence.find(money.text)
    definite = at > 0 and _DEFINITE_BEFORE_RE.search(evidence, max(0, at - 8), at) is not None
    for k in kept:
        if (
            k.money is not None
            and k.row["evidence"] != evidence
            and same_money(k.money, money)
            and (
                definite
                or (
                    k.row["event_type"] != cand.row["event_type"]
                    and k.row["company"] is not None
                    and k.row["company"] == cand.row["company"]
                )
            )
        ):
            return k
    return None


def deduplicate(candidates: list[Candidate]) -> list[Candidate]:
    """One row per event: a headline amount repeated in the body, or an amount said twice."""
    body = [c for c in candidates if not c.in_headline]
    kept: list[Candidate] = []
    by_key: dict[tuple[str, str | None], list[Candidate]] = {}
    for cand in body:
        same_kind = by_key.setdefault((cand.row["event_type"], cand.row["company"]), [])
        # The same amount twice in one sentence is two items ("€15m for A and €15m for B").
        dup = cand.money is not None and any(
            k.money is not None
            and same_money(k.money, cand.money)
            and k.row["evidence"] != cand.row["evidence"]
            for k in same_kind
        )
        if dup:
            continue
        twin = _restated(cand, kept)
        if twin is None:
            kept.append(cand)
            same_kind.append(cand)
            continue
        # One row for the fact, read where the story calls it a round, fine or price.
        keep, drop = (cand, twin) if _primary(cand) and not _primary(twin) else (twin, cand)
        for key in ("company", "counterparty", "round", "status"):
            if (
                not keep.row.get(key)
                and drop.row.get(key)
                and keep.row["event_type"] == drop.row["event_type"]
            ):
                keep.row[key] = drop.row[key]
        if keep is cand:
            kept[kept.index(twin)] = cand
            same_kind.append(cand)
    for cand in (c for c in candidates if c.in_headline):
        if cand.money is None:
            # A headline deal "of undisclosed terms" is the body's priced one if the body prices
            # the same company (not another deal the story recalls).
            if not any(
                k.row["event_type"] == "acquisition" and k.row["company"] == cand.row["company"]
                for k in kept
            ):
                kept.insert(0, cand)
            continue
        twin = next(
            (k for k in kept if k.money is not None and same_money(k.money, cand.money)), None
        )
        if twin is None:
            kept.insert(0, cand)
            continue
        if cand.row["event_type"] == "acquisition" and twin.row["event_type"] == "valuation":
            # "X to buy Y for $107M" over "the deal values Y at $107M": the headline says so.
            twin.row["event_type"] = cand.row["event_type"]
        elif (
            twin.row["event_type"] == "other"
            and cand.row["event_type"] in ("fine", "acquisition")
            and cand.row.get("company")
            and twin.score is not None
            and twin.score <= NO_CUE_SCORE
        ):
            # "Court orders $15m penalty against Acme" over "The court's order of $15m": the
            # body has no word for it (a funding headline is too often many firms' total).
            twin.row["event_type"] = cand.row["event_type"]
            twin.row["status"] = twin.row.get("status") or cand.row.get("status")
        for key in ("company", "counterparty", "round"):
            if not twin.row.get(key) and cand.row.get(key):
                twin.row[key] = cand.row[key]
    return kept
