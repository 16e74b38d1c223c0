"""The sector of an article: keyword tokens of the headline (weighted) and the lead, phrases read
word by word, ties to the sector scored first."""

from __future__ import annotations

import time

from analytics.sectors import _TOKEN_RE, UNKNOWN_SECTOR, sector_of


def test_tokens_drop_the_signs_at_their_edges() -> None:
    text = "e.g. web3.0 at&t c++ -- ai-first. x&&& +.a.+."
    assert _TOKEN_RE.findall(text) == ["e.g", "web3.0", "at&t", "c++", "ai-first", "x", "a.+"]


def test_sector_of_scores_keywords_phrases_and_the_headline() -> None:
    assert sector_of("Acme raises $5M", "The neobank offers payments.") == "fintech"
    # A phrase counts only with all its words in order ("machine learning", not "machine").
    assert sector_of("", "A machine learning platform.") == "ai"
    assert sector_of("", "A machine shop by the port.") == UNKNOWN_SECTOR
    # The headline weighs three times a word of the body: one "payments" beats two "drugs".
    assert sector_of("Payments firm raises", "It sells drugs and drugs.") == "fintech"
    assert sector_of("Acme raises", "It sells payments, drugs and drugs.") == "biotech"
    assert sector_of("", "") == UNKNOWN_SECTOR


def test_sector_of_is_linear_on_long_runs_of_signs() -> None:
    for body in ["a" + "-" * 200_000 + "b", "-" * 200_000, "a" + ".-&+" * 50_000 + "b"]:
        start = time.process_time()
        assert sector_of("", body) == UNKNOWN_SECTOR
        assert time.process_time() - start < 1.0
