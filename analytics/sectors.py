"""Sector of an article, from the keyword taxonomy in ``_sectors.json`` (data, not code).

>>> sector_of("Acme raises $5M", "The neobank offers payments and lending to small firms.")
'fintech'
"""

from __future__ import annotations

import json
import re
from functools import lru_cache, partial
from importlib import resources
from itertools import compress

from analytics import knowledge

#: What an article matching no keyword gets.
UNKNOWN_SECTOR = "other"
HEADLINE_WEIGHT = 3


@lru_cache(maxsize=1)
def taxonomy() -> dict[str, list[str]]:
    """Sector name to keywords, as shipped with the package."""
    raw = json.loads(resources.files("analytics").joinpath("_sectors.json").read_text("utf-8"))
    return {name: words for name, words in raw.items() if not name.startswith("_")}


@lru_cache(maxsize=1)
def _lookup() -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Single-word keywords by word, and phrases by their first word."""
    words: dict[str, str] = {}
    phrases: dict[str, dict[str, str]] = {}
    for sector, keywords in taxonomy().items():
        for keyword in keywords:
            key = keyword.lower()
            tokens = _TOKEN_RE.findall(key)
            if len(tokens) == 1 and tokens[0] == key:
                words.setdefault(key, sector)
            else:
                phrases.setdefault(tokens[0], {}).setdefault(" ".join(tokens), sector)
    return words, phrases


@lru_cache(maxsize=1)
def _keyword_starts() -> frozenset[str]:
    """Every token that is a single-word keyword or the first word of a phrase."""
    words, phrases = _lookup()
    return frozenset(words) | frozenset(phrases)


@lru_cache(maxsize=1)
def _scoring() -> dict[bytes, tuple[str | None, tuple[tuple[bytes, int, str], ...]]]:
    """What each token of ``_keyword_starts`` scores, by its ASCII bytes (as ``_tokens`` cuts
    them): its sector as a single-word keyword (or None), and the phrases it starts as (phrase,
    its number of words, sector), in order."""
    words, phrases = _lookup()
    return {
        token.encode("ascii"): (
            words.get(token),
            tuple(
                (phrase.encode("ascii"), phrase.count(" ") + 1, owner)
                for phrase, owner in phrases.get(token, {}).items()
            ),
        )
        for token in _keyword_starts()
    }


#: The module's regexes: rows of analytics/knowledge/patterns/sectors.yaml, with their examples.
_regex = partial(knowledge.regex, "sectors")
_TOKEN_RE = _regex("token")
#: Byte table that blanks every byte no token holds (those ``_TOKEN_RE`` takes inside a token;
#: a non-ASCII character is encoded as "?").
_NON_TOKEN_BLANKED = bytes(c if _TOKEN_RE.fullmatch(f"a{chr(c)}a") else 32 for c in range(256))
#: The "&+.-" a token cannot start with at the start of a run, and the "&.-" it cannot end with
#: at the end of one, as bytes (the first character is taken out front: the engine skips to it
#: in C; an end is tried only where a run of "&.-" begins, read possessively: linear time).
_TOKEN_EDGE_RE = re.compile(knowledge.pattern("sectors", "token_edge").encode("ascii"))


def _tokens(lowered: str) -> list[bytes]:
    """``_TOKEN_RE.findall(lowered)`` as ASCII bytes, cut in C: runs of token bytes by a byte
    table and ``split``, their edges blanked by one pattern (on the one-pass news benchmark this
    is faster than finding the keyword tokens with a trie pattern: sector_of 0.26 -> 0.20 s)."""
    runs = lowered.encode("ascii", "replace").translate(_NON_TOKEN_BLANKED)
    return _TOKEN_EDGE_RE.sub(b" ", runs).split()


#: The body is read this far: the lead paragraphs say what a company does.
BODY_CHARS = 2000


def sector_of(title: str, body: str) -> str:
    """The sector whose keywords occur most (headline counted ``HEADLINE_WEIGHT`` times)."""
    scoring = _scoring()
    scores: dict[str, int] = {}
    for text, weight in ((title, HEADLINE_WEIGHT), (body[:BODY_CHARS], 1)):
        tokens = _tokens(text.lower())
        # Only tokens that are a keyword or start a phrase can score; the rest (most of the
        # text) are skipped in one pass, in order, so ties still go to the sector seen first
        # (``compress`` and ``map`` keep that pass in C).
        for i in compress(range(len(tokens)), map(scoring.__contains__, tokens)):
            sector, phrases = scoring[tokens[i]]
            if sector:
                scores[sector] = scores.get(sector, 0) + weight
            for phrase, n, owner in phrases:
                if b" ".join(tokens[i : i + n]) == phrase:
                    scores[owner] = scores.get(owner, 0) + weight
    if not scores:
        return UNKNOWN_SECTOR
    return max(scores.items(), key=lambda kv: kv[1])[0]
