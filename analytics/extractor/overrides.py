"""Second readings of an amount's type: the rows of ``knowledge/overrides.yaml``, applied.

The cue table weighs the words near an amount; a row here looks at the amount's own clause, the
words right after it and its sentence, and changes the type where they say more (an aggregate of
many companies, an average, a per-share price, a deal's financing).

>>> reading("funding", "May saw 38 startups raise ", " in funding.")
'other'
>>> reading("funding", "Tidewell raised ", " in a Series A round.")
'funding'
"""

from __future__ import annotations

import re
from functools import cache, partial
from typing import NamedTuple

from analytics import knowledge
from analytics._word_patterns import _exact_trie_pattern, _trie
from analytics.extractor.text import (
    NeedleIndex,
    _may_hold,
    _prefilter_text,
    cue_needles,
    set_bits,
)
from analytics.schema import EVENT_TYPES

_FILE = "overrides.yaml"
#: The module's regexes: rows of analytics/knowledge/patterns/overrides.yaml, with their examples.
_regex = partial(knowledge.regex, "overrides")
#: Where the amount's own clause starts: after the last comma, semicolon, colon, bracket or dash.
_CLAUSE_BOUNDARY_RE = _regex("clause_boundary")


class Override(NamedTuple):
    when: frozenset[str]
    becomes: str
    clause: re.Pattern[str] | _PlacePattern | None
    after: re.Pattern[str] | _PlacePattern | None
    sentence: re.Pattern[str] | _PlacePattern | None
    unless: re.Pattern[str] | _PlacePattern | None
    examples: tuple[str, ...]
    counterexamples: tuple[str, ...]
    line: int
    #: Per pattern (clause, after, sentence): words every match holds, lower-cased, or None (a
    #: cheap test before the search).
    needles: tuple[tuple[str, ...] | None, ...] = (None, None, None)


#: What a row may hold: the fields of Override, and where it came from.
_KEYS = set(Override._fields) - {"line"} | {"origin"}


class OverrideError(knowledge.KnowledgeError):
    """A bad row in overrides.yaml: the message names the file and the row's line."""


@cache
def _places() -> str:
    """``{place}`` in a pattern: any place or demonym the extractor knows (knowledge/)."""
    # A trie of the names, not an alternation of them: a search tries one branch a letter
    # instead of every name at every position (a {place} row was a tenth of extraction time);
    # plain letters, as the rows are compiled case-blind (a shorter pattern, compiled faster).
    names = sorted(knowledge.words("places") | knowledge.words("demonyms"))
    return "(?:" + _exact_trie_pattern(_trie(names)) + ")"


class _PlacePattern:
    """A pattern with ``{place}``, compiled at its first search: each place trie in it costs
    7 ms to compile, which a process whose amounts never reach the row need not pay."""

    __slots__ = ("_compiled", "_flags", "_source", "_where")

    def __init__(self, source: str, flags: int, where: str) -> None:
        self._source, self._flags, self._where = source, flags, where
        self._compiled: re.Pattern[str] | None = None

    def search(self, text: str) -> re.Match[str] | None:
        if self._compiled is None:
            try:
                self._compiled = re.compile(self._source.replace("{place}", _places()), self._flags)
            except re.error as err:  # what a stand-in cannot show, a place trie in a lookbehind
                raise OverrideError(f"{self._where}: {err}") from None
        return self._compiled.search(text)


def _compile(row: dict, key: str, line: int, flags: int) -> re.Pattern[str] | _PlacePattern | None:
    if row.get(key) is None:
        return None
    where = f"analytics/knowledge/{_FILE}:{line}: bad {key} pattern"
    try:
        if "{place}" in row[key]:
            # Checked now with a group for the place, compiled with the places at first use.
            re.compile(row[key].replace("{place}", "(?:x)"), flags)
            return _PlacePattern(row[key], flags, where)
        return re.compile(row[key], flags)
    except re.error as err:
        raise OverrideError(f"{where}: {err}") from None


def _needles(pattern: str | None) -> tuple[str, ...] | None:
    # ``{place}`` gives no needle (a place is any of hundreds of words): read the needles off
    # the rest of the pattern, with a stand-in that holds no word.
    return None if pattern is None else cue_needles(pattern.replace("{place}", "."))


@cache
def overrides() -> tuple[Override, ...]:
    """The rows of ``knowledge/overrides.yaml``, checked and compiled (once)."""
    out = []
    for row, line in knowledge.mapping_rows(_FILE, _KEYS):
        where = f"analytics/knowledge/{_FILE}:{line}"
        when = frozenset(row.get("when") or ())
        if not when or when - set(EVENT_TYPES) or row.get("becomes") not in EVENT_TYPES:
            raise OverrideError(f"{where}: 'when' and 'becomes' must be event types")
        if not any(row.get(k) for k in ("clause", "after", "sentence")):
            raise OverrideError(f"{where}: a row needs a clause, after or sentence pattern")
        out.append(
            Override(
                when,
                row["becomes"],
                _compile(row, "clause", line, re.IGNORECASE),
                _compile(row, "after", line, re.IGNORECASE),
                _compile(row, "sentence", line, re.IGNORECASE),
                _compile(row, "unless", line, 0),
                tuple(row.get("examples") or ()),
                tuple(row.get("counterexamples") or ()),
                line,
                tuple(_needles(row.get(key)) for key in ("clause", "after", "sentence")),
            )
        )
    return tuple(out)


def _clause(before: str) -> str:
    start = 0
    for boundary in _CLAUSE_BOUNDARY_RE.finditer(before):
        start = boundary.end()
    return before[start:]


def reading(event_type: str, before: str, after: str, sentence: str | None = None) -> str:
    """The type of an amount after the second readings: ``before`` is its sentence up to it,
    ``after`` the rest of the sentence."""
    plan = _plan(event_type)
    if not plan.rows:
        return event_type
    sentence = before + "{}" + after if sentence is None else sentence
    # The clause and the words after it, within reach of every pattern (a long sentence costs
    # every row a scan).
    texts = (_clause(before[-200:]), after[:200], sentence)
    # One needle scan a text for all the rows of the type, not an ``in`` test per needle per
    # row; only the rows whose needles are all there are searched.
    left = (1 << len(plan.rows)) - 1
    for index, text in zip(plan.indexes, texts, strict=True):
        if index is None:
            continue
        lowered = _prefilter_text(text)
        if lowered is None:
            continue  # a character that matches a letter case-blind without being it
        left &= index.may_match(lowered)
        if not left:
            return event_type
    # The rows left, in file order (most amounts leave one or two of the type's dozen rows, so
    # only those are visited).
    for number in set_bits(left):
        row = plan.rows[number]
        if _holds(row, texts):
            return row.becomes
    return event_type


class _Plan(NamedTuple):
    rows: tuple[Override, ...]
    #: Per text (clause, after, sentence), the rows by their needles in it (bits numbered by
    #: their place in ``rows``); None where no row needs a needle.
    indexes: tuple[NeedleIndex | None, ...]


@cache
def _plan(event_type: str) -> _Plan:
    """The rows that may change ``event_type``, in file order, with their needle indexes."""
    rows = tuple(r for r in overrides() if event_type in r.when)
    indexes = tuple(
        NeedleIndex({i: r.needles[slot] for i, r in enumerate(rows)})
        if any(r.needles[slot] for r in rows)
        else None
        for slot in range(3)
    )
    return _Plan(rows, indexes)


def _holds(row: Override, texts: tuple[str, str, str]) -> bool:
    clause, after, sentence = texts
    return (
        (row.clause is None or row.clause.search(clause) is not None)
        and (row.after is None or row.after.search(after) is not None)
        and (row.sentence is None or row.sentence.search(sentence) is not None)
        and (row.unless is None or row.unless.search(sentence) is None)
    )


def applies(row: Override, texts: tuple[str, str, str]) -> bool:
    """Whether every pattern of ``row`` holds on (clause before the amount, words after it,
    sentence): its needles first, as ``reading`` tests them."""
    if not all(_may_hold(n, t) for n, t in zip(row.needles, texts, strict=True)):
        return False
    return _holds(row, texts)


def applies_to_example(row: Override, example: str) -> bool:
    """Whether ``row`` holds for an example sentence, ``{}`` standing for the amount."""
    before, _, after = example.partition("{}")
    return applies(row, (_clause(before), after, example))
