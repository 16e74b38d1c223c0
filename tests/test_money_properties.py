"""Properties of the money finder and the extractor over arbitrary and adversarial text."""

from __future__ import annotations

import math
import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.extract import extract_events
from analytics.money import find_amounts

MONEYISH = st.text(
    alphabet=st.sampled_from(
        list("0123456789.,$£€¥₹₩ -–()~kKmMbBnrsRSUDAEGPtoandbetweenmillion\n")
    ),
    max_size=200,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), MONEYISH))
def test_find_amounts_never_raises_and_spans_are_inside(text: str) -> None:
    for m in find_amounts(text):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert math.isfinite(m.amount) and m.amount >= 0
        assert m.amount_max is None or (math.isfinite(m.amount_max) and m.amount_max > m.amount)
        assert len(m.currency) == 3 and m.currency.isupper()


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_extract_events_never_raises_on_arbitrary_text(text: str) -> None:
    table = extract_events(text)
    for row in table.itertuples():
        assert 0 <= row.span_start <= row.span_end


def test_one_megabyte_of_adversarial_text_is_processed_in_bounded_time() -> None:
    pieces = [
        "$" + "1," * 50_000,  # a grouping run that never closes
        "1" * 100_000 + " million dollars",  # a huge number
        "between " + "$1 and " * 20_000,  # range words over and over
        "(" * 50_000 + "$5m" + ")" * 50_000,  # nested parentheses
        "Acme " * 40_000 + "raised $5M",  # one endless capitalized name
        "A. " * 60_000,  # abbreviations everywhere
    ]
    text = "\n".join(pieces)[:1_000_000]
    started = time.perf_counter()
    table = extract_events(text)
    elapsed = time.perf_counter() - started
    # Generous: the point is "not exponential", measured figures are in benchmarks/.
    assert elapsed < 60, elapsed
    assert (table["amount"].dropna() >= 0).all()


def _word_starts_by_definition(lowered: str) -> list[int]:
    """Every start of every currency word, overlapping ones too, one pattern per word."""
    from analytics import money

    return sorted(
        m.start()
        for word in money._GATE_WORDS
        for m in re.finditer(f"(?={re.escape(word)})", lowered)
    )


#: Currency words that overlap or share an anchor letter, and pieces that nearly make words.
_WORD_PIECES = (
    "dollar", "rand", "euro", "ringgit", "sterling", "dong", "rupee", "rupiah", "roubl", "rubl",
    "p a share", "shekel", "hryvnia", "yen", "won", "cents", "cedi", "DOLLAR", "Ł",
)  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(
        st.sampled_from(_WORD_PIECES) | st.text(alphabet="abdegilnoprstuy ", max_size=6),
        max_size=12,
    ).map("".join)
)
def test_currency_words_by_anchor_are_every_word_start(lowered: str) -> None:
    """The anchored pattern and the str.find scans find every word start, each once."""
    from analytics import money

    assert sorted(money._word_markers(lowered)) == _word_starts_by_definition(lowered)
    # The words all of whose letters are common are the ones left to str.find.
    assert not any(c in money._LETTERS_BY_RARITY[:15] for w in money._GATE_WORDS_FOUND for c in w)


def _markers_by_definition(text: str) -> list[int]:
    """Every currency marker with a number within 40 characters, one search per marker."""
    from analytics import money

    found = [m.start() for m in money._GATE_RE.finditer(text)]
    found += _word_starts_by_definition(text.lower())
    return [
        at for at in sorted(found) if money._NUMBER_NEAR_RE.search(text, max(0, at - 40), at + 40)
    ]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(["$5", " USD", "EUR", " dollars", " euro", "illion", "12", "KSh", "R4"])
        | st.text(alphabet=" abcxyzABC\n.,", max_size=30),
        max_size=20,
    ).map("".join)
)
def test_markers_reuse_a_found_number_exactly(text: str) -> None:
    from analytics import money

    assert money._markers(text) == _markers_by_definition(text)
    assert money._markers(text, text.lower()) == _markers_by_definition(text)


#: The currency-marker pattern without the second-character guard: the guard changes no match.
_GATE_UNGUARDED = re.compile(
    r"[$£€¥₹₩₦₺₽₱₫₪A-Zz\d](?:(?<=[$£€¥₹₩₦₺₽₱₫₪])|(?<=[A-Z])[A-Z][A-Z]|(?<=R)[sp]"
    r"|(?<=K)(?:Sh|sh)|(?<=D)h|(?<=z)ł|(?<=R)\d|(?<=\d)R)"
)


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(
        st.sampled_from([*"$£€RKDzłSsphHA1B2Cc \n", "USD", "KSh", "Ksh", "Rs", "Dh", "45R"]),
        max_size=12,
    ).map("".join)
)
def test_gate_guard_changes_no_marker(text: str) -> None:
    from analytics import money

    expected = [m.span() for m in _GATE_UNGUARDED.finditer(text)]
    assert [m.span() for m in money._GATE_RE.finditer(text)] == expected
