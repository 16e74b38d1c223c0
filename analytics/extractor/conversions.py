"""A conversion the article writes after a comma, a slash or "or" ("₦2.5bn, about $1.6 million",
"KES 300m / $2.3m"): the same money, so one row with the dollars as its ``alt``, not two rows.
Bracketed conversions ("£17 million (~$22.6M)") are read by ``money.find_amounts`` already.
"""

from __future__ import annotations

import itertools
from functools import partial
from typing import Any, Protocol, TypeVar

from analytics import knowledge
from analytics.money import Money

#: The module's regexes: rows of analytics/knowledge/patterns/conversions.yaml, with their examples.
_regex = partial(knowledge.regex, "conversions")
#: What may stand between an amount and its conversion written after a comma or a slash.
_WRITTEN_CONVERSION = _regex("written_conversion")


class Candidate(Protocol):
    money: Money | None
    row: dict[str, Any]


C = TypeVar("C", bound=Candidate)


def written_conversions(candidates: list[C], text: str) -> list[C]:
    """Fold a US dollar amount written right after a non-dollar one with no conversion of its
    own (after a comma, a slash or "or") into that amount as its ``alt``: one row, not two."""
    ordered = sorted(candidates, key=lambda c: c.row["span_start"])
    dropped: set[int] = set()
    for first, second in itertools.pairwise(ordered):
        a, b = first.money, second.money
        if (
            a is None
            or b is None
            or id(first) in dropped
            or a.currency == "USD"
            or a.alt_amount is not None
            or b.currency != "USD"
            or b.amount_max is not None
            or first.row["event_type"] != second.row["event_type"]
        ):
            continue
        gap = text[first.row["span_end"] : second.row["span_start"]]
        if not _WRITTEN_CONVERSION.fullmatch(gap):
            continue
        first.row["alt_amount"], first.row["alt_currency"] = b.amount, "USD"
        dropped.add(id(second))
    return [c for c in candidates if id(c) not in dropped]
