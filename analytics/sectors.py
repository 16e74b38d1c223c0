"""Sector of an article, from the keyword taxonomy in ``_sectors.json`` (data, not code).

>>> sector_of("Acme raises $5M", "The neobank offers payments and lending to small firms.")
'fintech'
"""

from __future__ import annotations

import json
import re
from functools import lru_cache, partial
from importlib import resources
from itertools import islice

from analytics import knowledge
from analytics._word_patterns import _exact_trie_pattern, _trie

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
def _keyword_token_re() -> re.Pattern[str]:
    """The tokens of ``_keyword_starts`` where they stand in a lower-cased text read with a space
    in front, as ``_TOKEN_RE`` would cut them (built on first use). The keywords are a trie: the
    engine tries one branch per first letter at each word instead of every keyword."""
    trie = _exact_trie_pattern(_trie(sorted(_keyword_starts())))
    return _regex("keyword_token", keywords=trie)


#: The module's regexes: rows of analytics/knowledge/patterns/sectors.yaml, with their examples.
_regex = partial(knowledge.regex, "sectors")
_TOKEN_RE = _regex("token")


#: The body is read this far: the lead paragraphs say what a company does.
BODY_CHARS = 2000


def sector_of(title: str, body: str) -> str:
    """The sector whose keywords occur most (headline counted ``HEADLINE_WEIGHT`` times)."""
    words, phrases = _lookup()
    keyword_tokens = _keyword_token_re()
    scores: dict[str, int] = {}
    for text, weight in ((title, HEADLINE_WEIGHT), (body[:BODY_CHARS], 1)):
        # Only the tokens that are a keyword or start a phrase can score: they are found in
        # order without cutting the rest of the text into tokens (most of it, and most of the
        # time sector_of took); a phrase reads the tokens after its first.
        lowered = " " + text.lower()
        for m in keyword_tokens.finditer(lowered):
            token = m.group(1)
            sector = words.get(token)
            if sector:
                scores[sector] = scores.get(sector, 0) + weight
            for phrase, owner in phrases.get(token, {}).items():
                after = islice(_TOKEN_RE.finditer(lowered, m.end(1)), phrase.count(" "))
                if " ".join([token, *(t.group() for t in after)]) == phrase:
                    scores[owner] = scores.get(owner, 0) + weight
    if not scores:
        return UNKNOWN_SECTOR
    return max(scores.items(), key=lambda kv: kv[1])[0]
