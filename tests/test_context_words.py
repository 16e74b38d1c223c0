"""An article's lower-case words, looked up where a word stands, equal the collected set."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from analytics import classify as cl

PIECES = st.sampled_from(["pay", "Pay", "-", "as", "you", "go", " ", "x", "3", "_", "é", ".", "\n"])


@settings(max_examples=500, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join), st.sampled_from(["pay", "as", "go", "pay-as"]))
def test_lower_case_word_lookup_matches_the_word_set(text: str, word: str) -> None:
    words = set(re.findall(r"\b[a-z][a-z-]+\b", text[:6000]))
    ctx = cl.ArticleContext("", text)
    assert ctx._written_in_lower_case(word) == (word in words)
    assert ctx._written_in_lower_case(word) == (word in words)  # and again, with any set kept
