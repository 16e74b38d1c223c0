"""The sector tokenizer's fast path finds exactly the tokens of the token pattern."""

from __future__ import annotations

import random

from analytics import sectors
from analytics.sectors import _TOKEN_RE, _tokens, sector_of


def test_tokens_match_the_token_pattern_on_random_text() -> None:
    rnd = random.Random(7)
    alphabet = "ab1&+.- \n\tX?é’\u2028İ"
    for _ in range(50_000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 16))).lower()
        assert _tokens(text) == _TOKEN_RE.findall(text), text


def test_tokens_on_edges_and_words() -> None:
    for text in ["", "+", "a+.", "-a-", "+.a.+.", "e.g. web3.0 at&t c++ -- ai-first.", "x&&&"]:
        assert _tokens(text) == _TOKEN_RE.findall(text)
    assert sector_of("Acme raises $5M", "The neobank offers payments.") == "fintech"


def test_tokens_linear_on_long_runs_of_signs() -> None:
    import time

    for text in ["a" + "-" * 200_000 + "b", "-" * 200_000, "a" + ".-&+" * 50_000 + "b"]:
        start = time.process_time()
        assert _tokens(text) == _TOKEN_RE.findall(text)
        assert time.process_time() - start < 1.0


def _sector_by_lookup(title: str, body: str) -> str:
    """``sector_of`` as first written: the lookup tables read for every keyword token."""
    words, phrases = sectors._lookup()
    starts = sectors._keyword_starts()
    scores: dict[str, int] = {}
    for text, weight in ((title, sectors.HEADLINE_WEIGHT), (body[: sectors.BODY_CHARS], 1)):
        tokens = _tokens(text.lower())
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
        return sectors.UNKNOWN_SECTOR
    return max(scores.items(), key=lambda kv: kv[1])[0]


def test_sector_of_scores_as_the_lookup_tables_say() -> None:
    rnd = random.Random(11)
    words, phrases = sectors._lookup()
    vocabulary = [*words, *(p for group in phrases.values() for p in group), "the", "x", "."]
    for _ in range(3000):
        title = " ".join(rnd.choice(vocabulary) for _ in range(rnd.randint(0, 4)))
        body = " ".join(rnd.choice(vocabulary) for _ in range(rnd.randint(0, 12)))
        assert sector_of(title, body) == _sector_by_lookup(title, body), (title, body)
