"""The sector of an article: keyword tokens of the headline (weighted) and the lead, phrases read
word by word, ties to the sector scored first."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.sectors import (
    _TOKEN_RE,
    UNKNOWN_SECTOR,
    _tokens,
    sector_of,
)


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


PIECES = st.sampled_from(
    [
        *["fintech", "bank", "banking", "e-commerce", "machine", "learning", "ai", "x", "3", "é"],
        *[" ", "  ", "\n", "\t", ".", "-", "&", "+", ",", "(", ")", "'", "?", "İ", "\u212a", "’"],
    ]
)


@settings(max_examples=2000, deadline=None)
@given(st.lists(PIECES, max_size=20).map("".join))
def test_the_byte_tokenizer_cuts_the_tokens_of_the_token_pattern(text: str) -> None:
    lowered = text.lower()
    assert [t.decode("ascii") for t in _tokens(lowered)] == _TOKEN_RE.findall(lowered)


def test_the_byte_tokenizer_on_every_character() -> None:
    text = "".join(map(chr, range(0x3000))).lower()
    assert [t.decode("ascii") for t in _tokens(text)] == _TOKEN_RE.findall(text)


def test_sector_of_reads_a_phrase_after_its_first_word_wherever_it_stands() -> None:
    assert sector_of("", "machine learning") == "ai"  # at the very start and end
    assert sector_of("", "(machine-learning)") == UNKNOWN_SECTOR  # one token, not the phrase
    assert sector_of("", "-machine. learning.") == "ai"  # signs at the edges of runs drop
    assert sector_of("", "machine") == UNKNOWN_SECTOR  # the text ends before the phrase does
    assert sector_of("E-commerce.", "") == "e-commerce & retail"
