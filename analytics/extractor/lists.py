"""Amounts in lists: a firm's line in a list of fines or rounds ("- Acme Ltd — £12,000"), and a
firm's amount in brackets in a run of them ("... were Nigerian: Koolboks ($2.5m), Pastel ($5.5m)").

The list's own words say what its amounts are: the lines above a list of lines, the sentence
before a run of bracketed amounts, or the headline.
"""

from __future__ import annotations

from functools import partial

from analytics import knowledge
from analytics.money import Money

#: The module's regexes: rows of analytics/knowledge/patterns/lists.yaml, with their examples.
_regex = partial(knowledge.regex, "lists")
_BLANK_LINE_RE = _regex("blank_line")
#: A list or table line that names a firm and then gives its amount: "- Acme Ltd — £12,000",
#: "- Acme, $2.5 million", "Acme Ltd, 8% of turnover: approximately R250,000".
_NAMED_LINE_RE = _regex("named_line")
_LINE_TAIL_RE = _regex("line_tail")
#: "Koolboks (" right before the amount, ")" right after it.
_BRACKETED_AFTER_NAME_RE = _regex("bracketed_after_name")
_CLOSING_RE = _regex("closing")
_BRACKETED_AMOUNT_RE = _regex("bracketed_amount")
#: What a list's words say its amounts are, tried in order.
_KIND_WORDS = (("fine", _regex("kind_fine")), ("funding", _regex("kind_funding")))


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
    intro = [p for p in _BLANK_LINE_RE.split(above) if p.strip()][-2:]
    return _kind(*intro, text[:title_end])


def bracketed_item(
    text: str, money: Money, sentence_start: int, title_end: int
) -> tuple[str, str] | None:
    """(type, firm) of an amount in brackets right after a firm's name, in a run of such items
    or after a colon ("... raised money: Koolboks ($2.5m), Pastel ($5.5m)").

    >>> story = "Deals\\n\\nSeven startups raised money: Koolboks ($2.5m), Pastel ($5.5m) and Grey ($2m)."
    >>> from analytics.money import find_amounts
    >>> [bracketed_item(story, m, 7, 5) for m in find_amounts(story)][:2]
    [('funding', 'Koolboks'), ('funding', 'Pastel')]
    """
    start = max(sentence_start, title_end)
    if money.start < start or not _CLOSING_RE.match(text, money.end):
        return None
    named = _BRACKETED_AFTER_NAME_RE.search(text, max(start, money.start - 80), money.start)
    if named is None:
        return None
    stop = text.find(".", money.end)
    sentence = text[start : len(text) if stop < 0 else stop]
    if ":" not in text[start : named.start()] and len(_BRACKETED_AMOUNT_RE.findall(sentence)) < 2:
        return None
    kind = _kind(text[start : named.start()], text[:title_end])
    return (kind, named.group("name")) if kind else None
