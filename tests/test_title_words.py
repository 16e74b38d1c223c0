"""A Title Case headline is read in sentence case: its words are looked up in the body where they
stand (``text.TokensOf``), which must say exactly what collecting every body token says."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.extractor import pipeline
from analytics.extractor.text import TokensOf

PATTERNS = [pipeline._BODY_WORD_RE, pipeline._BODY_CAPITAL_RE]
PIECES = st.sampled_from(
    [*"known Known well KNOWN fund Fund funds raises Raises s S a A co Co u U".split(),
     " ", " ", "-", "’", "'", "&", ".", "_", "3", "é", "É", "\n"]
)  # fmt: skip
WORDS = st.sampled_from("known Known fund Fund raises Raises s S a A co Co U.S u".split())


@settings(max_examples=1500, deadline=None)
@given(st.lists(PIECES, max_size=25).map("".join), WORDS)
def test_a_word_is_a_token_where_it_stands_exactly_when_the_scan_finds_it(
    text: str, word: str
) -> None:
    for pattern in PATTERNS:
        assert (word in TokensOf(text, pattern)) is (word in set(pattern.findall(text)))


@pytest.mark.parametrize(
    ("title", "body", "read"),
    [
        # The body writes "known" and "parts" only inside "well-known" and "auto-parts".
        (
            "Acme Robotics Raises $8M For Known Parts",
            "Acme Robotics makes auto-parts for a well-known maker.",
            "Acme Robotics raises $8M for Known Parts",
        ),
        (
            "Acme Robotics Raises $8M For Known Parts",
            "Acme Robotics makes parts known to every maker.",
            "Acme Robotics raises $8M for known parts",
        ),
        # A word the body writes capitalized too is a name: "Parts" keeps its capital.
        (
            "Acme Robotics Raises $8M For Parts",
            "Acme Robotics makes parts. Parts Co. led the round.",
            "Acme Robotics raises $8M for Parts",
        ),
    ],
)
def test_analysis_title_lowers_the_words_the_body_uses_as_ordinary_words(
    title: str, body: str, read: str
) -> None:
    assert pipeline.analysis_title(title, body) == read
