"""Amounts in lists: a firm's line in a list of fines or rounds ("- Acme Ltd — £12,000"), and a
firm's amount in brackets in a run of them ("... were Nigerian: Koolboks ($2.5m), Pastel ($5.5m)").

The list's own words say what its amounts are: the lines above a list of lines, the sentence
before a run of bracketed amounts, or the headline.
"""

from __future__ import annotations

import itertools
from functools import partial
from typing import TYPE_CHECKING, Any

from analytics import knowledge
from analytics.extractor.names import is_place_or_people, names_in
from analytics.extractor.text import BLANK_LINE_RE
from analytics.money import Money

if TYPE_CHECKING:
    from analytics.extractor.context import ArticleContext

#: The module's regexes: rows of analytics/knowledge/patterns/lists.yaml, with their examples.
_regex = partial(knowledge.regex, "lists")
#: A list or table line that names a firm and then gives its amount: "- Acme Ltd — £12,000",
#: "- Acme, $2.5 million", "Acme Ltd, 8% of turnover: approximately R250,000".
_NAMED_LINE_RE = _regex("named_line")
_LINE_TAIL_RE = _regex("line_tail")
#: "Koolboks (" right before the amount, ")" right after it.
_BRACKETED_AFTER_NAME_RE = _regex("bracketed_after_name")
_CLOSING_RE = _regex("closing")
_BRACKETED_AMOUNT_RE = _regex("bracketed_amount")
#: "Hailo with " right before the amount, and an item of such a list ("Hailo with $60m").
_NAMED_BEFORE_RE = _regex("named_before")
_NAMED_AMOUNT_RE = _regex("named_amount")
_TOTAL_AFTER_RE = _regex("total_after")
_ITEM_LEAD_RE = _regex("item_lead")
#: What a list's words say its amounts are, tried in order.
_KIND_WORDS = (
    ("fine", _regex("kind_fine")),
    ("funding", _regex("kind_funding")),
    ("acquisition", _regex("kind_acquisition")),
)


def _kind(*texts: str) -> str | None:
    for kind, words in _KIND_WORDS:
        if any(words.search(t) for t in texts):
            return kind
    return None


def list_line_kind(text: str, money: Money, title_end: int) -> str | None:
    """The type of an amount on a firm's own line of a list, from the words that introduce the
    list (the lines above it back to a blank line and the paragraph before that) or the headline.

    >>> story = "Fines this week\\n\\nThe regulator fined three firms:\\n\\nAcme Ltd — £12,000\\n"
    >>> from analytics.money import find_amounts
    >>> list_line_kind(story, find_amounts(story)[0], 15)
    'fine'
    """
    line_start = text.rfind("\n", 0, money.start) + 1
    line_end = text.find("\n", money.end)
    line_end = len(text) if line_end < 0 else line_end
    if line_start < title_end or not _NAMED_LINE_RE.match(text, line_start, money.start):
        return None
    if not _LINE_TAIL_RE.match(text[money.end : line_end]):
        return None
    above = text[max(title_end, line_start - 600) : line_start]
    intro = [p for p in BLANK_LINE_RE.split(above) if p.strip()][-2:]
    return _kind(*intro, text[:title_end])


def listed_item(
    text: str, money: Money, sentence_start: int, title_end: int
) -> tuple[str, str] | None:
    """(type, firm) of an amount right after a firm's name in a run of such items, or after a
    colon: in brackets ("... raised money: Koolboks ($2.5m), Pastel ($5.5m)") or given with a
    word ("Via led the month's rounds with $400m, then Hailo with $60m and Axonius with $58m").

    >>> story = "Deals\\n\\nSeven startups raised money: Koolboks ($2.5m), Pastel ($5.5m) and Grey ($2m)."
    >>> from analytics.money import find_amounts
    >>> [listed_item(story, m, 7, 5) for m in find_amounts(story)][:2]
    [('funding', 'Koolboks'), ('funding', 'Pastel')]
    >>> story = "Deals\\n\\nThe top rounds: Via with $400m, then Hailo with $60m."
    >>> [listed_item(story, m, 7, 5) for m in find_amounts(story)]
    [('funding', 'Via'), ('funding', 'Hailo')]
    """
    start = max(sentence_start, title_end)
    if money.start < start or _TOTAL_AFTER_RE.match(text, money.end):
        return None
    near = max(start, money.start - 120)
    named = (
        _BRACKETED_AFTER_NAME_RE.search(text, near, money.start)
        if _CLOSING_RE.match(text, money.end)
        else None
    ) or (
        _NAMED_BEFORE_RE.search(text, near, money.start)
        if _ITEM_LEAD_RE.search(text, max(near, money.start - 16), money.start)
        else None
    )
    if named is None:
        return None
    stop = text.find(".", money.end)
    sentence = text[start : len(text) if stop < 0 else stop]
    items = len(_BRACKETED_AMOUNT_RE.findall(sentence)) + len(_NAMED_AMOUNT_RE.findall(sentence))
    if ":" not in text[start : named.start()] and items < 2:
        return None
    kind = _kind(text[start : money.start], text[:title_end])
    firm = names_in(text, *named.span("name"))  # "On Sep 15 Canva took": Canva
    name = firm[-1].text if firm else named.group("name")
    if is_place_or_people(name.lower()):
        return None  # "South Africa at $945 million": a country's total, no firm's
    return (kind, name) if kind else None


_LIST_GAP_RE = _regex("list_gap")
_FOR_NAME_RE = _regex("for_name")


def continue_lists(out: list[Any], text: str, ctx: ArticleContext) -> None:
    """The items of a list of fines or rounds take the first item's type: "MRF Rs 622.09
    crore, CEAT Rs 252.16 crore and JK Tyre Rs 309.95 crore", "N188 million for GTB, N30.11
    million for Fidelity" (only the first stands near the cue)."""
    for prev, cur in itertools.pairwise(out):
        if (
            prev.money is None
            or cur.money is None
            or cur.row["event_type"] != "other"
            or prev.row["event_type"] not in ("fine", "funding")
            or cur.row["evidence"] != prev.row["evidence"]
            or not (gap := _LIST_GAP_RE.fullmatch(text, prev.money.end, cur.money.start))
        ):
            continue
        cur.row.update(
            event_type=prev.row["event_type"],
            counterparty=prev.row["counterparty"],
            status=prev.row["status"],
            round=None,
        )
        item = names_in(text, *gap.span("item")) if gap.group("item") else []
        if item:
            cur.row["company"] = ctx.canonical(item[-1].text)  # "... and Hailo with $60m"
        named = _FOR_NAME_RE.match(text, cur.money.end)
        if named:
            after = names_in(text, named.end(), min(len(text), named.end() + 60))
            if after and after[0].start == named.end():
                cur.row["company"] = ctx.canonical(after[0].text)
