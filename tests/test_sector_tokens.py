"""The sector tokenizer's fast path finds exactly the tokens of the token pattern."""

from __future__ import annotations

import random

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
