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
from importlib import resources
from typing import NamedTuple

import yaml

from analytics import knowledge
from analytics._word_patterns import _trie, _trie_pattern
from analytics.extractor.text import cue_needles
from analytics.schema import EVENT_TYPES

_FILE = "overrides.yaml"
#: The module's regexes: rows of analytics/knowledge/patterns/overrides.yaml, with their examples.
_regex = partial(knowledge.regex, "overrides")
#: Where the amount's own clause starts: after the last comma, semicolon, colon, bracket or dash.
_CLAUSE_BOUNDARY_RE = _regex("clause_boundary")


class Override(NamedTuple):
    when: frozenset[str]
    becomes: str
    clause: re.Pattern[str] | None
    after: re.Pattern[str] | None
    sentence: re.Pattern[str] | None
    unless: re.Pattern[str] | None
    examples: tuple[str, ...]
    counterexamples: tuple[str, ...]
    line: int
    #: Per pattern (clause, after, sentence): words every match holds, lower-cased, or None (a
    #: cheap test before the search).
    needles: tuple[tuple[str, ...] | None, ...] = (None, None, None)


#: What a row may hold: the fields of Override, and where it came from.
_KEYS = set(Override._fields) - {"line"} | {"origin"}


class OverrideError(ValueError):
    """A bad row in overrides.yaml: the message names the file and the row's line."""


@cache
def _places() -> str:
    """``{place}`` in a pattern: any place or demonym the extractor knows (knowledge/)."""
    # A trie of the names, not an alternation of them: a search tries one branch a letter
    # instead of every name at every position (a {place} row was a tenth of extraction time);
    # plain letters, as the rows are compiled case-blind (a shorter pattern, compiled faster).
    names = sorted(knowledge.words("places") | knowledge.words("demonyms"))
    return "(?:" + _trie_pattern(_trie(names), "", re.escape) + ")"


def _compile(row: dict, key: str, line: int, flags: int) -> re.Pattern[str] | None:
    if row.get(key) is None:
        return None
    try:
        return re.compile(row[key].replace("{place}", _places()), flags)
    except re.error as err:
        where = f"analytics/knowledge/{_FILE}:{line}"
        raise OverrideError(f"{where}: bad {key} pattern: {err}") from None


def _needles(pattern: str | None) -> tuple[str, ...] | None:
    return None if pattern is None or "{place}" in pattern else cue_needles(pattern)


@cache
def overrides() -> tuple[Override, ...]:
    """The rows of ``knowledge/overrides.yaml``, checked and compiled (once)."""
    text = resources.files("analytics.knowledge").joinpath(_FILE).read_text("utf-8")
    starts = [n for n, line in enumerate(text.splitlines(), 1) if line.startswith("- ")]
    rows = yaml.safe_load(text) or []
    out = []
    for row, line in zip(rows, starts, strict=True):
        where = f"analytics/knowledge/{_FILE}:{line}"
        if not isinstance(row, dict) or set(row) - _KEYS:
            raise OverrideError(f"{where}: a row takes only {', '.join(sorted(_KEYS))}")
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
    rows = _rows_for(event_type)
    if not rows:
        return event_type
    sentence = before + "{}" + after if sentence is None else sentence
    # The clause and the words after it, within reach of every pattern (a long sentence costs
    # every row a scan).
    texts = (_clause(before[-200:]), after[:200], sentence)
    lowered = tuple(t.lower() for t in texts)
    for row in rows:
        if applies(row, texts, lowered):
            return row.becomes
    return event_type


@cache
def _rows_for(event_type: str) -> tuple[Override, ...]:
    return tuple(r for r in overrides() if event_type in r.when)


def applies(row: Override, texts: tuple[str, str, str], lowered: tuple[str, str, str]) -> bool:
    """Whether every pattern of ``row`` holds on (clause before the amount, words after it,
    sentence), with their lower-cased twins for the needle test."""
    for needles, low in zip(row.needles, lowered, strict=True):
        if needles is not None and not any(n in low for n in needles):
            return False
    clause, after, sentence = texts
    return (
        (row.clause is None or row.clause.search(clause) is not None)
        and (row.after is None or row.after.search(after) is not None)
        and (row.sentence is None or row.sentence.search(sentence) is not None)
        and (row.unless is None or row.unless.search(sentence) is None)
    )


def applies_to_example(row: Override, example: str) -> bool:
    """Whether ``row`` holds for an example sentence, ``{}`` standing for the amount."""
    before, _, after = example.partition("{}")
    texts = (_clause(before), after, example)
    return applies(row, texts, tuple(t.lower() for t in texts))
