"""The event type of an amount: the cue table of ``analytics/knowledge/cues.yaml`` compiled, with
the needle prefilter derived from its patterns and the scorer; rounds and fine statuses.
"""

from __future__ import annotations

import re
from functools import lru_cache, partial

from analytics import knowledge
from analytics.extractor.text import (
    _SPACES_RE,
    NeedleIndex,
    _may_hold,
    _Needles,
    _prefilter_text,
    cue_needles,
    set_bits,
)

#: The module's regexes: rows of analytics/knowledge/patterns/cues.yaml, with their examples.
_regex = partial(knowledge.regex, "cues")

# --------------------------------------------------------------------------------------------
# Event types


#: The cue table: one row per cue, read from ``analytics/knowledge/cues.yaml``.
Cue = knowledge.Cue
CUES: tuple[Cue, ...] = knowledge.cues()

#: Sentences that state a condition ("open to startups with less than $10 million in revenue"):
#: every amount in them is a threshold, not an event.
_THRESHOLD_RE = _regex("threshold")
#: "..., up from $800 million": the amount continues the type of the one before it.
_CONTINUATION_RE = _regex("continuation")
_WORD_RE = _regex("word")


@lru_cache(maxsize=1)
def _compiled_cues() -> list[tuple[Cue, re.Pattern[str]]]:
    out = []
    for cue in CUES:
        if cue.side == "after":
            # The words skipped before the cue are its distance from the amount.
            core = re.sub(r"\(\?:\\S\+\\s\+\)\{0,\d\}\?", "", cue.pattern)
            reach = str(3 if cue.reach is None else cue.reach)
            out.append((cue, _regex("cue_after", reach=reach, core=core)))
        else:
            out.append((cue, _regex("cue_before", cue=cue.pattern)))
    return out


@lru_cache(maxsize=1)
def _cue_table() -> tuple[tuple[Cue, re.Pattern[str], bool, _Needles | None], ...]:
    """The compiled cues in table order, each with whether it is read after the amount and the
    words one of which must be there for it to match."""
    return tuple(
        (cue, pattern, cue.side == "after", cue_needles(pattern.pattern))
        for cue, pattern in _compiled_cues()
    )


@lru_cache(maxsize=2)
def _needle_index(read_after: bool) -> NeedleIndex:
    """The cues of one side (read after the amount, or before it) by their needles, numbered by
    their place in the table (tests/test_cue_prefilter.py compares what it lets through with the
    ``in`` tests)."""
    table = _cue_table()
    return NeedleIndex(
        {i: needles for i, (_, _, after, needles) in enumerate(table) if after == read_after}
    )


def _cues_to_search(lowered: str | None, read_after: bool) -> int:
    """The cues of one side (table indices, as bits) with a needle in ``lowered``, the
    prefilter's haystack (``_prefilter_text``), or without needles; all of them when it is None."""
    index = _needle_index(read_after)
    return index.every if lowered is None else index.may_match(lowered)


@lru_cache(maxsize=1)
def _threshold_needles() -> _Needles | None:
    return cue_needles(_THRESHOLD_RE.pattern)


def is_threshold(sentence: str) -> bool:
    """True for a sentence that states a condition rather than an event."""
    return bool(_THRESHOLD_RE.search(sentence))


def _distance_words(text: str) -> int:
    return len(_WORD_RE.findall(text))


_TRAILING_QUALIFIER_RE = _regex("trailing_qualifier")


def classify_amount(before: str, after: str, sentence: str) -> tuple[str, float]:
    """The event type of an amount from the words ``before`` and ``after`` it in its sentence.

    Returns the type and a score (higher is surer).

    >>> classify_amount("Acme had raised only ", " in total.", "")[0]
    'total_raised'
    >>> classify_amount("The ", " digital language market is growing.", "")[0]
    'market_size'
    """
    if _may_hold(_threshold_needles(), sentence) and _THRESHOLD_RE.search(sentence):
        return "other", 0.9
    # A qualifier belongs to the amount: "a fine of about €60m" reads as "a fine of €60m".
    before = _TRAILING_QUALIFIER_RE.sub(" ", before)
    scores: dict[str, float] = {}
    #: Scores of cues that stand in an earlier clause than the amount ("Pellucid, the lender
    #: set up so shoppers could pay without fees, raised €40m": "fees" is in the apposition).
    outside: dict[str, float] = {}
    boundary = -1  # where the amount's clause starts: looked for once a cue before it is found
    # Only the cues with a needle in their side's words are searched, in table order (ties go
    # to the type scored first).
    table = _cue_table()
    before_cues = _cues_to_search(_prefilter_text(before), read_after=False)
    after_cues = _cues_to_search(_prefilter_text(after), read_after=True)
    for index in set_bits(before_cues | after_cues):
        cue, pattern, read_after, _ = table[index]
        if read_after:
            m = pattern.match(after)
            if m is None:
                continue
            words = _distance_words(m.group("skip"))
        else:
            # Most cues are absent: one search says so; the last match is the nearest.
            first = pattern.search(before)
            if first is None:
                continue
            last = first
            for last in pattern.finditer(before, first.end()):  # noqa: B007
                pass
            words = _distance_words(before[last.end() :])
            if cue.reach is not None and words > cue.reach:
                continue
            if boundary < 0:
                boundary = _last_clause_boundary(before)
            if last.end() <= boundary:
                score = cue.weight / (1 + 0.12 * words)
                outside[cue.event_type] = max(outside.get(cue.event_type, 0), score)
                continue
        score = cue.weight / (1 + 0.12 * words)
        scores[cue.event_type] = max(scores.get(cue.event_type, 0), score)
    # A cue in the amount's own clause outweighs one beyond a comma, bracket or dash.
    weight = _OUTSIDE_CLAUSE_WEIGHT if scores else 1.0
    for kind, score in outside.items():
        scores[kind] = max(scores.get(kind, 0), score * weight)
    if not scores:
        return "other", NO_CUE_SCORE
    best = max(scores.items(), key=lambda kv: kv[1])
    return best


_OUTSIDE_CLAUSE_WEIGHT = 0.6
#: The score of an amount no cue speaks for (its type is "other" by default).
NO_CUE_SCORE = 0.3
_CLAUSE_BOUNDARY_RE = _regex("clause_boundary")


def _last_clause_boundary(before: str) -> int:
    """Where the amount's own clause starts in ``before`` (0: no boundary)."""
    last = 0
    for last_match in _CLAUSE_BOUNDARY_RE.finditer(before):
        last = last_match.start() + 1
    return last


# --------------------------------------------------------------------------------------------
# Rounds, statuses, dates


_ROUND_RE = _regex("round")
_ROUND_NAMES = {row["written"]: row["round"] for row in knowledge.table("rounds")}


def round_of(sentence: str, amount_at: int) -> str | None:
    """The funding round named nearest to the amount in its sentence.

    >>> round_of("raised a $5m Series B round", 10)
    'Series B'
    """
    best: tuple[int, str] | None = None
    for m in _ROUND_RE.finditer(sentence):
        word = _SPACES_RE.sub(" ", m.group("r")).lower()
        if word.startswith("series") or word.startswith("pre-series"):
            head, letter = word.rsplit(" ", 1)
            name = f"{'Series' if head == 'series' else 'pre-Series'} {letter.upper()}"
        else:
            name = _ROUND_NAMES.get(word, word)
        distance = abs(m.start() - amount_at)
        if best is None or distance < best[0]:
            best = (distance, name)
    if best and best[1] not in ("extension", "bridge") and _EXTENSION_RE.search(sentence):
        return "extension"  # "a seed extension", "its Series A extension"
    return best[1] if best else None


_EXTENSION_RE = _regex("extension")


_STATUS_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (status, _regex(f"status_{status}"))
    for status in ("settled", "reduced", "appealed", "proposed")
)


def fine_status(sentence: str) -> str:
    """proposed, imposed, settled, reduced or appealed, from the sentence's words.

    >>> fine_status("The regulator issued a provisional intention to fine Acme £2 million.")
    'proposed'
    >>> fine_status("Acme agreed to pay the £500k fine in full.")
    'settled'
    """
    for status, pattern in _STATUS_CUES:
        if pattern.search(sentence):
            return status
    return "imposed"
