"""Properties of the money finder and the extractor over arbitrary and adversarial text."""

from __future__ import annotations

import itertools
import math
import re
import time

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from analytics import money as _money
from analytics.extract import extract_events
from analytics.money import find_amounts

# The patterns built from the currency tables are read directly below.
_money._build()

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


#: Words of amounts spelled with the letters IGNORECASE takes for ASCII ones ("ſ" for "s").
FOLDED_WORDS = st.lists(
    st.sampled_from(
        ["ſix", "fİve", "fıve", "a", "half", "Half a", "million", "thouſand", "BILLION", "dollarſ",
         "pounds", "yen", "Kronor", "euros", "$5", "5", " ", " ", "\n"]
    ),
    max_size=10,
).map(" ".join)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(FOLDED_WORDS)
def test_amounts_in_words_with_case_folded_letters_never_raise(text: str) -> None:
    for m in find_amounts(text):
        assert text[m.start : m.end] == m.text and m.amount >= 0


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("ſix million dollars", 6_000_000.0, "USD"),
        ("fİve billion yen", 5_000_000_000.0, "JPY"),
        ("fıve thousand euros", 5_000.0, "EUR"),
        ("$5 thouſand", 5_000.0, "USD"),
        ("seven million poundſ", 7_000_000.0, "GBP"),
    ],
    ids=["long s", "dotted capital I", "dotless i", "scale with long s", "currency with long s"],
)
def test_case_folded_letters_read_as_the_ascii_ones_they_match(
    text: str, amount: float, currency: str
) -> None:
    assert [(m.amount, m.currency) for m in find_amounts(text)] == [(amount, currency)]


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
    "\ud800",  # a lone surrogate: the one-pass scan reads UTF-8, which cannot write one
)  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(
        st.sampled_from(_WORD_PIECES) | st.text(alphabet="abdegilnoprstuy ", max_size=6),
        max_size=12,
    ).map("".join)
)
def test_currency_words_by_anchor_are_every_word_start(lowered: str) -> None:
    """The one-pass scan finds every word start, each once."""
    from analytics import money

    assert sorted(money._word_markers(lowered)) == _word_starts_by_definition(lowered)


def _markers_by_definition(text: str) -> list[int]:
    """Every currency marker with a number within 40 characters, one search per marker; three
    capitals only where they start a currency code or symbol."""
    from analytics import money

    money._build()
    capitals = {t[:3] for t in [*money._SYMBOLS, *money._CODES, *money._SCALED_CODES, "RMB", "XBT"]}
    found = [
        m.start()
        for m in money._GATE_RE.finditer(text)
        if not re.fullmatch("[A-Z]{3}", m.group()) or m.group() in capitals
    ]
    found += _word_starts_by_definition(text.lower())
    return [
        at for at in sorted(found) if money._NUMBER_NEAR_RE.search(text, max(0, at - 40), at + 40)
    ]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["$5", " USD", "EUR", " dollars", " euro", "illion", "12", "KSh", "R4", " CEO", "MSEK"]
        )
        | st.text(alphabet=" abcxyzABC\n.,", max_size=30),
        max_size=20,
    ).map("".join)
)
def test_markers_reuse_a_found_number_exactly(text: str) -> None:
    from analytics import money

    assert money._markers(text) == _markers_by_definition(text)
    assert money._markers(text, text.lower()) == _markers_by_definition(text)


#: The currency-marker pattern without the second-character guard: the guard changes no match.
def _gate_unguarded() -> re.Pattern[str]:
    from analytics import money

    chars = money._GATE_SYMBOL_CHARS
    return re.compile(
        rf"[{chars}A-Zz\d](?:(?<=[{chars}])|(?<=[A-Z])[A-Z][A-Z]|(?<=R)[sp]"
        r"|(?<=K)(?:Sh|sh)|(?<=D)h|(?<=S)R(?=\s?\d)|(?<=R)M(?=\s?\d)|(?<=T)k(?=\s?\d)|(?<=z)ł"
        r"|(?<=R)\d|(?<=S)h(?=\.?\s?\d)|(?<=K)č|(?<=D)M(?=\s?\d)|(?<=\d)R)"
    )


_GATE_UNGUARDED = _gate_unguarded()


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *"$£€RKDzłSsphHA1B2Cc \n",
                "USD",
                "KSh",
                "Ksh",
                "Rs",
                "Dh",
                "45R",
                "SR",
                "RM",
                "Tk",
                "kr",
                "Kč",
                "DM",
                "Sh",
                "₡",
                "元",
                "k",
            ]
        ),
        max_size=12,
    ).map("".join)
)
def test_gate_guard_changes_no_marker(text: str) -> None:
    from analytics import money

    expected = [m.span() for m in _GATE_UNGUARDED.finditer(text)]
    assert [m.span() for m in money._GATE_RE.finditer(text)] == expected


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [*"$£€RKDzłSsph1B2Cc5 \n", "USD", "KSh", "Rs", "Dh", "45R", "4R", "٣R", "R4"]
        )
        | st.text(alphabet="0123456789R", max_size=4),
        max_size=12,
    ).map("".join)
)
def test_gate_without_the_digit_form_where_no_digit_stands_before_r(text: str) -> None:
    """Without a digit before an "R" the gate without its "45R" form finds the same matches."""
    from analytics import money

    digit_r = re.search(r"\dR", text) is not None
    assert (money._DIGIT_R_RE.search(text) is not None) == digit_r
    if not digit_r:
        expected = [m.span() for m in money._GATE_RE.finditer(text)]
        assert [m.span() for m in money._GATE_NO_DIGIT_RE.finditer(text)] == expected
    assert money._markers(text) == _markers_by_definition(text)


def test_fold_classes_match_what_ignorecase_matches() -> None:
    """Every code point: a letter's class matches exactly what (?i:letter) matches."""
    from analytics import _word_patterns

    every_char = "".join(map(chr, range(0x110000)))
    for char in "abcdefghijklmnopqrstuvwxyz .ł":
        expected = re.findall(f"(?i:{re.escape(char)})", every_char)
        assert re.findall(_word_patterns._fold_class(char), every_char) == expected, char


def _money_re_by_definition() -> re.Pattern[str]:
    """The money pattern as it was before the speed-ups of branches 3 and 5 and the first guard,
    with plain alternations where the module builds tries."""
    from analytics import _currencies, money
    from analytics._currencies import NUMBER_WORDS

    number, scale = money._NUMBER, money._SCALE
    symbol = money._alternation(list(money._SYMBOLS))
    code = money._alternation(sorted(money._CODES))
    post_code = money._alternation([*money._CODES, *money._SCALED_CODES, "RMB", "XBT"])
    post_sym = money._POST_SYM
    currency_word = money._alternation(list(money._WORDS))
    unit_number = money._alternation(list(money._UNIT_NUMBER_WORDS))
    unit_word = money._alternation(list(money._UNIT_WORDS))
    first = re.escape(money._SYMBOL_OR_CODE_FIRST)
    english = _currencies.english_number_pattern()  # tried before the listed words, as built
    number_words = f"{english}|{money._alternation(list(NUMBER_WORDS))}"
    number_word_first = "".join(sorted({w[0] for w in NUMBER_WORDS}))
    word_scales = money._alternation(money._DATA["word_scales"])
    return re.compile(
        rf"""
        (?<!\w)
        (?:
        (?=[{first}])(?<![\w$])
        (?P<pre_cur>{symbol}|(?:{code})(?![a-z]))
        \s?(?P<pre_num>{number})(?!\d)
        (?:(?:\+|\.(?=\s[mbt]illion\b))?(?P<pre_scale>{scale}))?
        (?:
            (?P<pre_range>
                (?:\s*(?:-|–|—|to)\s*|\s+(?:a|à|até|bis)\s+)
                (?P<pre_cur2>{symbol}|{code})?\s?
                (?P<pre_num2>{number})(?!\d)(?P<pre_scale2>{scale})?
            )
        )?
        (?![\d%])
      |
        (?=\d)(?<![\w.,$£€¥₹])
        (?P<long_m>\d{{1,3}})\s+mill(?:ones|ón)\s+(?P<long_k>\d{{1,3}})\s+mil
        (?:\s+(?P<long_u>\d{{1,3}}))?\s+(?P<long_cur>(?i:{currency_word}|pence))\b
      |
        (?=\d)(?<![\w.,$£€¥₹])
        (?P<post_num>{number})(?!\d)
        (?:
            (?P<post_range>(?:\s*(?:-|–|—|to)\s*|\s+(?:a|à|até|bis)\s+)(?P<post_num2>{number})(?!\d))?
        )
        (?P<post_scale>{scale})?
        (?:\s|(?<=[a-z])-(?=[a-z]))?
        (?:
            (?P<post_code>{post_code})(?![A-Za-z])
            (?P<post_scale2>\s(?i:millions?|billions?|thousand|mn|bn|mln)\b)?
          | (?P<post_sym>{post_sym})
          | (?P<post_word>(?i:{currency_word}|pence))\b
          | (?P<post_pence>p)(?=[\s-]+(?:a|per)[\s-]+share\b)
        )
      |
        (?=[RNP])(?<![\w$])[RNP](?P<zar_num>{number})(?!\d)
        (?:(?P<zar_scale>{scale})|(?<=\d,\d{{3}})(?![.,]?\d)
          |(?=[\s-]+(?:a|per|for\s+each(?:\s+[\w-]+)?)[\s-]+share\b))
      |
        (?=\d)(?<![\w.,$])(?P<cents_num>\d{{1,3}}(?:\.\d+)?)(?:\s?|-)cents?\b
      |
        (?=(?i:[{number_word_first}]))\b(?P<word_num>(?i:{number_words}))\s+
        (?P<word_scale>(?i:{word_scales}))\s+
        (?P<word_cur>(?i:{currency_word}))\b
      |
        (?P<unit_num>(?i:{unit_number}))\s+(?P<unit_cur>(?i:{unit_word}))\b
        )
        """,
        re.VERBOSE,
    )


_MONEY_RE_BY_DEFINITION = _money_re_by_definition()

#: Number words and their pieces in odd cases and spacing, scale and currency words, amounts.
_MONEY_PIECES = (
    "a", "A", "an", "one", "ONE", "two", "ten", "six", "\u017fix", "S\u0131X", "f\u0130ve",
    "\u212aEN", "five", "four", "fifty", "twenty", "Twenty", "eight", "nine", "three", "seven",
    "several hundred", "a dozen", "a hundred", "one hundred", "half a", "a half", "a quarter",
    "twenty-five", "Forty two", "eleven", "two hundred and fifty", "ſeventy-\u017fix", "and",
    "a quarter of a", "A Quarter Of A", "half", "quarter", "hundred", " ", "  ", "\t", "\n",
    "\u2003", "million", "MILLION", "Billion", "thousand", "thou\u017fand", "trillion",
    "b\u0131llion", "millions", "dollars", "Euros", "pounds", "yen", "rand", "x", "$", "R", "R45",
    "N", "N45", ",000", ", 000", " per share", "p-a-share", "-a- share", "a share",
    "5", "12", "3.5", "£", "Rs", "USD", "cents", "m", "bn", "-", "to", ",", ".",
)  # fmt: skip


#: What a character may become: its other case, or a character IGNORECASE takes for it.
_CASE_VARIANTS = {
    "s": "S\u017f", "i": "I\u0130\u0131", "k": "K\u212a", "ł": "Łl", " ": "\t\n\u00a0"
}  # fmt: skip


@st.composite
def _number_word_amounts(draw: st.DrawFn) -> str:
    """A number (word), a scale word and a currency word, with some characters changed."""
    from analytics._currencies import NUMBER_WORDS, WORDS

    spaces = st.sampled_from([" ", "  ", "\t", "\n ", " ", " ", "x", ""])
    # Currency words that begin with another one, where the longer must be preferred.
    nested = ["pounds sterling", "pounds", "dollars", "dollar", "us dollars", "new taiwan dollars"]
    text = "".join(
        [
            draw(st.sampled_from(["", " ", "(", "5 ", "x", "$"])),
            draw(
                st.sampled_from([*NUMBER_WORDS, "half", "quarter", "hundred", "forty-two"])
                | st.sampled_from(["5", "1,200", "3.5", "41", "2021"])
            ),
            draw(spaces),
            draw(st.sampled_from(["thousand", "million", "billion", "trillion", "m", "bn", ""])),
            draw(spaces),
            draw(st.sampled_from([*WORDS, "pence"]) | st.sampled_from(nested)),
            draw(st.sampled_from(["", "s", " ", ".", "x", " and a million euros"])),
        ]
    )
    # Each character kept, in its other case, in a form IGNORECASE takes for it, or another letter.
    others = st.sampled_from("aefhnostx")
    return "".join(
        draw(st.sampled_from([*c * 16, c.upper(), *_CASE_VARIANTS.get(c, ""), draw(others)]))
        for c in text
    )


@settings(max_examples=2000, deadline=None)
@example("5 million pounds sterling", 0, 0)
@example("\u017fix million DOLLARS, 7 Z\u0141OTYS", 0, 0)
@given(
    st.lists(st.sampled_from(_MONEY_PIECES), max_size=14).map("".join) | _number_word_amounts(),
    st.integers(0, 12),
    st.integers(0, 80),
)
def test_money_pattern_matches_as_its_definition(text: str, pos: int, endpos: int) -> None:
    """Same matches and groups, from any start and to any end (lookbehind sees before pos)."""
    from analytics import money

    for start, end in ((0, len(text)), (pos, endpos)):
        old = list(_MONEY_RE_BY_DEFINITION.finditer(text, start, end))
        new = list(money._MONEY_RE.finditer(text, start, end))
        assert [m.span() for m in new] == [m.span() for m in old]
        for m_new, m_old in zip(new, old, strict=True):
            groups = m_old.groupdict()
            word_num = groups.pop("word_num")
            assert m_new.groupdict() == groups
            if word_num is not None:
                assert text[m_new.start() : m_new.start("word_scale")].rstrip() == word_num


def test_money_pattern_matches_as_its_definition_on_every_currency_word() -> None:
    """Every currency word after numbers and number words, in three cases, as the definition."""
    from analytics import money
    from analytics._currencies import WORDS

    for number, scale, space, word, after, case in itertools.product(
        ["5", "1,200", "a", "five", "Several hundred", "twenty-five", "one hundred and fifty"],
        ["", " million", "m", " Billion"],
        [" ", ""],
        [*WORDS, "pence"],
        ["", "s", " x", " sterling"],
        [str, str.upper, str.title],
    ):
        text = case(f"({number}{scale}{space}{word}{after}")
        old = list(_MONEY_RE_BY_DEFINITION.finditer(text))
        new = list(money._MONEY_RE.finditer(text))
        assert [m.span() for m in new] == [m.span() for m in old], text
        for m_new, m_old in zip(new, old, strict=True):
            groups = m_old.groupdict()
            word_num = groups.pop("word_num")
            assert m_new.groupdict() == groups, text
            if word_num is not None:
                assert text[m_new.start() : m_new.start("word_scale")].rstrip() == word_num


#: The longest forms: a range of long grouped numbers with codes and word scales, number words
#: with a country-qualified currency, a conversion in brackets.
_LONG_FORMS = (
    "U.S. $ 1,234,567,890.12 million - U.S. $ 2,345,678,901.23 million",
    "2,500,000,000.00 - 3,000,000,000.00 million euros",
    "three-quarters of a billion new zealand dollars",
    "several hundred million Kenyan shillings",
    "SEK 12 500 000 to SEK 14 750 000",
    "£17,250,000.50 (~US$22,600,000.75)",
    "1,234,567,890.12 million USD",
    "4,56,78,900 to 5,12,34,567 rupees",
)


@pytest.mark.parametrize("form", _LONG_FORMS)
@pytest.mark.parametrize("pad", [0, 1, 37, 59, 61, 99, 101, 159])
def test_windows_hold_the_longest_forms(
    form: str, pad: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pattern read only around markers finds what it finds over the whole text."""
    from analytics import money

    text = f"{'word ' * 40}{'x' * pad} {form} {'y' * pad}{' word' * 40}. {form}."
    windowed = money.find_amounts(text)
    monkeypatch.setattr(money, "_windows", lambda text, lowered=None: [(0, len(text), len(text))])
    assert windowed == money.find_amounts(text)
    assert len(windowed) == 2


def test_a_lone_surrogate_leaves_every_amount_and_offset() -> None:
    from analytics.money import find_amounts

    text = "Grants \ud800 of 2 million euros and \udfff $5m"
    found = [(m.text, m.start, m.amount, m.currency) for m in find_amounts(text)]
    assert found == [("2 million euros", 12, 2_000_000.0, "EUR"), ("$5m", 34, 5_000_000.0, "USD")]
