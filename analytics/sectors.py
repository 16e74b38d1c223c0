"""Sector of an article, from the keyword taxonomy in ``_sectors.json`` (data, not code).

>>> sector_of("Acme raises $5M", "The neobank offers payments and lending to small firms.")
'fintech'
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

#: What an article matching no keyword gets.
UNKNOWN_SECTOR = "other"
HEADLINE_WEIGHT = 3


@lru_cache(maxsize=1)
def taxonomy() -> dict[str, list[str]]:
    """Sector name to keywords, as shipped with the package."""
    raw = json.loads(resources.files("analytics").joinpath("_sectors.json").read_text("utf-8"))
    return {name: words for name, words in raw.items() if not name.startswith("_")}


@lru_cache(maxsize=1)
def _pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    owner: dict[str, str] = {}
    for sector, words in taxonomy().items():
        for word in words:
            owner.setdefault(word.lower(), sector)
    alternation = "|".join(re.escape(w) for w in sorted(owner, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE), owner


def sector_of(title: str, body: str) -> str:
    """The sector whose keywords occur most (headline counted ``HEADLINE_WEIGHT`` times)."""
    pattern, owner = _pattern()
    scores: dict[str, int] = {}
    for text, weight in ((title, HEADLINE_WEIGHT), (body, 1)):
        for m in pattern.finditer(text):
            sector = owner[m.group().lower()]
            scores[sector] = scores.get(sector, 0) + weight
    if not scores:
        return UNKNOWN_SECTOR
    return max(scores.items(), key=lambda kv: kv[1])[0]
