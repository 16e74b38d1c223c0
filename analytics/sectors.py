"""Sector of an article, from the keyword taxonomy in ``_sectors.json`` (data, not code).

>>> sector_of("Acme raises $5M", "The neobank offers payments and lending to small firms.")
'fintech'
"""

from __future__ import annotations

import json
from functools import lru_cache, partial
from importlib import resources

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


#: The module's regexes: rows of analytics/knowledge/patterns/sectors.yaml, with their examples.
_regex = partial(knowledge.regex, "sectors")
_TOKEN_RE = _regex("token")


#: The body is read this far: the lead paragraphs say what a company does.
BODY_CHARS = 2000


def sector_of(title: str, body: str) -> str:
    """The sector whose keywords occur most (headline counted ``HEADLINE_WEIGHT`` times)."""
    words, phrases = _lookup()
    starts = _keyword_starts()
    scores: dict[str, int] = {}
    for text, weight in ((title, HEADLINE_WEIGHT), (body[:BODY_CHARS], 1)):
        tokens = _TOKEN_RE.findall(text.lower())
        for i, token in enumerate(tokens):
            if token not in starts:
                continue
            sector = words.get(token)
            if sector:
                scores[sector] = scores.get(sector, 0) + weight
            for phrase, owner in phrases.get(token, {}).items():
                n = phrase.count(" ") + 1
                if " ".join(tokens[i : i + n]) == phrase:
                    scores[owner] = scores.get(owner, 0) + weight
    if not scores:
        return UNKNOWN_SECTOR
    return max(scores.items(), key=lambda kv: kv[1])[0]
