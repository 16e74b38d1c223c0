"""Case-blind scans read a lower-cased text only when that finds exactly what IGNORECASE finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics import classify as cl
from analytics.extractor import pipeline as extract

#: (the IGNORECASE pattern, its lower-case twin)
TWINS = [
    (cl._INVESTOR_SENTENCE_RE, cl._INVESTOR_SENTENCE_LOWER_RE),
    (extract._UNDISCLOSED_RE, extract._UNDISCLOSED_LOWER_RE),
    (cl._intro_patterns().pattern, cl._intro_patterns().lower),
]
PIECES = st.sampled_from(
    [*"Led By led by LED BY co-led Participation CAME FROM investors Include joined by".split(),
     *"took part TERMS were NOT disclosed undisclosed Didn’t DISCLOSE declined to say".split(),
     *"Series B b 5M 5m 2.5Bn ) From FROM the Backed by spearheaded Support of".split(),
     " ", "  ", "\n", "’", "'", "-", "é", "É", "ß", "ẞ", "İ", "ı", "ſ", "K", "Σ", "x", "_", "3",
     "\ud800"]
)  # fmt: skip


@pytest.mark.parametrize("twin", TWINS, ids=["investor sentence", "undisclosed", "intro"])
def test_twins_are_the_same_pattern_in_lower_case(twin: tuple[re.Pattern[str], ...]) -> None:
    ignoring_case, lower = twin
    assert ignoring_case.flags & re.IGNORECASE and not lower.flags & re.IGNORECASE
    # No inline flag that could make a part case-sensitive again.
    assert "(?-i" not in ignoring_case.pattern and "(?i" not in ignoring_case.pattern
    # Capitals are left only in escapes and group names.
    outside = re.sub(r"\\.|\(\?P[<=][^>)]*[>)]", "", lower.pattern)
    assert outside == outside.lower()


def test_lower_case_twin_keeps_escapes_and_group_names() -> None:
    twin = cl.lower_case_twin(re.compile(r"(?P<Lead>Led\s+BY)\S+[A-C\W](?P=Lead)", re.I))
    assert twin.pattern == r"(?P<Lead>led\s+by)\S+[a-c\W](?P=Lead)"


@settings(max_examples=1500, deadline=None)
@given(st.lists(PIECES, max_size=20).map("".join))
def test_a_case_blind_text_gives_the_same_spans(text: str) -> None:
    lowered = text.lower()
    blind = cl.case_blind(text, lowered)
    if blind is None:
        return
    assert blind == lowered and len(blind) == len(text)
    for ignoring_case, lower in TWINS:
        # The same places, and the same branches (which groups took part).
        assert [m.regs for m in lower.finditer(blind)] == [
            m.regs for m in ignoring_case.finditer(text)
        ]


@pytest.mark.parametrize(
    ("text", "blind"),
    [
        ("Led by Acme", True),
        ("Led by Acme’s “fund” — €5m", True),
        ("Led by ſomeone", False),  # "ſ" matches "s" case-insensitively
        ("Investors ınclude", False),
        ("İstanbul fund", False),  # lower-cases to two characters
        ("Zürich-based", True),  # "ü" has no capital here: lower() keeps it
        ("ZÜRICH", False),
        ("lone \ud800 surrogate", False),
    ],
)
def test_case_blind_turns_away_texts_with_cased_characters_beyond_ascii(
    text: str, blind: bool
) -> None:
    assert (cl.case_blind(text, text.lower()) is not None) is blind


def test_undisclosed_hits_are_spans_of_the_text() -> None:
    text = "Acme bought Beta. Terms Were Not disclosed, and the price was undisclosed."
    hits = extract._undisclosed_hits(text, text.lower())
    assert [text[s:e] for s, e in hits] == ["Terms Were Not", "undisclosed"]


UNDISCLOSED_PIECES = st.sampled_from(
    [*"not NOT Not say said reveal revealed released made public how much declined to".split(),
     *"without revealing disclosing has have did didn’t terms Terms of the deal were was".split(),
     " ", "  ", "\n", "’", "undisclosed", "financial", "no", "disclose", "İ", "ſ"]
)  # fmt: skip


@settings(max_examples=2000, deadline=None)
@given(st.lists(UNDISCLOSED_PIECES, max_size=12).map(" ".join))
def test_the_undisclosed_hints_turn_away_no_text_with_a_hit(text: str) -> None:
    hits = extract._undisclosed_hits(text, cl.lower_case(text))
    assert hits == [m.span() for m in extract._UNDISCLOSED_RE.finditer(text)]


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("Acme has not said how much it paid.", "has not said how much"),
        ("The price was NOT made public.", "was NOT made public"),
        ("Acme did not reveal how much it paid.", "did not reveal how much"),
        ("The sum was not released.", "was not released"),
        ("Acme declined to say.", "declined to say"),
    ],
)
def test_a_price_kept_quiet_without_disclos_or_terms_is_found(text: str, hit: str) -> None:
    assert [text[s:e] for s, e in extract._undisclosed_hits(text, text.lower())] == [hit]


@settings(max_examples=1500, deadline=None)
@given(st.lists(PIECES, max_size=20).map("".join) | st.text(max_size=30))
def test_lower_case_is_str_lower(text: str) -> None:
    assert cl.lower_case(text) == text.lower()
