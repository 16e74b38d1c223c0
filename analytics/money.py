"""Finding money amounts in text and normalizing them to a number and an ISO 4217 code.

price-parser reads the digits (it knows "1.200.000" from "1,200.50"); this module adds what news
needs on top: where the amount is, its currency, scale words ("$8M", "Rs 500 crore", "half a billion
dollars"), ranges, qualifiers and a parenthetical equivalent.

>>> [(m.amount, m.currency) for m in find_amounts("It raised $8M, or about £6 million.")]
[(8000000.0, 'USD'), (6000000.0, 'GBP')]
>>> m = parse_money("£17 million (~$22.6M)")
>>> (m.amount, m.currency, m.alt_amount, m.alt_currency)
(17000000.0, 'GBP', 22600000.0, 'USD')
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from typing import Any

from price_parser.parser import parse_number

from analytics import _currencies, knowledge
from analytics._currencies import LOCAL_SYMBOLS, NUMBER_WORDS, QUALIFIERS, SCALES
from analytics._word_patterns import (
    Substrings,
    _alternation,
    _case_blind_trie_pattern,
    _exact_trie_pattern,
    _first_letters,
    _number_word_pattern,
    _trie,
    _trie_pattern,
)

#: The patterns and small word tables of the reader, as data (``knowledge/money.yaml``).
_DATA: dict[str, Any] = knowledge.document("money")
_PIECE_RE = re.compile(r"\{\{(\w+)\}\}")


def _filled(name: str, **pieces: str) -> str:
    """The pattern ``name`` of the data file with each ``{{piece}}`` put in."""
    return _PIECE_RE.sub(lambda m: pieces[m.group(1)], _DATA[name])


@dataclass(frozen=True)
class Money:
    """One amount found in a text; ``text == source[start:end]``."""

    start: int
    end: int
    text: str
    amount: float
    currency: str
    amount_max: float | None = None
    qualifier: str | None = None
    alt_amount: float | None = None
    alt_currency: str | None = None


#: Currency words that are also everyday English ("won", "rand", weight in "pounds"): only money
#: with a scale word or a large number.
_AMBIGUOUS_WORDS = frozenset(_DATA["ambiguous_words"])
#: A scale word after the number, and the digits of a number (both verbose patterns).
_SCALE = _DATA["scale"]
_NUMBER = _DATA["number"]


#: Small number words before a unit ("two dollars", "one penny"); no "a": "a dollar-based fund".
_UNIT_NUMBER_WORDS = tuple(_DATA["unit_number_words"])
#: Units written after such a word, with their currency and value in it.
_UNIT_WORDS: dict[str, tuple[str, float]] = {
    word: (code, float(value)) for word, (code, value) in _DATA["unit_words"].items()
}
#: What cents written alone ("41 cents", "20c") are read in, until the story says otherwise.
CENTS_CURRENCY = _UNIT_WORDS["cents"][0]


def _build() -> None:
    """Compile the patterns that depend on the currency tables (CLDR is read here, once)."""
    global _BUILT
    if _BUILT:
        return
    tables = _currencies.currency_tables()
    symbols = {**tables.symbols, **LOCAL_SYMBOLS}
    codes = sorted(tables.codes)
    words = tables.words
    first = "".join(sorted({w[0] for w in [*symbols, *codes]}))
    symbol = _exact_trie_pattern(_trie(list(symbols)))
    code = _exact_trie_pattern(_trie(codes))
    post_code = _exact_trie_pattern(_trie([*codes, *tables.scaled, "RMB", "XBT"]))
    # Symbols written after the number: those with a character beyond ASCII ("₽", "Kč", "zł")
    # and the Nordic "kr"; not the dollar prefixes ("US$", "$US" read before the number only).
    post_symbols = [
        s for s in symbols if "$" not in s and not s.isascii() and len(s) <= 3 and s[0] not in "CJG"
    ]
    post_sym = _exact_trie_pattern(_trie(post_symbols)) + r"|kr\.?(?![A-Za-z])"
    number_words = sorted(NUMBER_WORDS, key=len, reverse=True)
    pattern = _filled(
        "money",
        first=re.escape(first),
        number_word_first=_first_letters(list(NUMBER_WORDS)),
        symbol=symbol,
        code=code,
        number=_NUMBER,
        scale=_SCALE,
        post_code=post_code,
        post_sym=post_sym,
        post_word=_case_blind_trie_pattern([*words, "pence"]),
        number_words=_currencies.with_english_numbers(_number_word_pattern(number_words)),
        word_scale=_trie_pattern(_trie(_DATA["word_scales"]), ""),
        word_cur=_case_blind_trie_pattern(list(words)),
        unit_num=_trie_pattern(_trie(list(_UNIT_NUMBER_WORDS)), ""),
        unit_num_first=_first_letters(list(_UNIT_NUMBER_WORDS)),
        unit_cur=_trie_pattern(_trie(list(_UNIT_WORDS)), ""),
    )
    globals().update(
        _SYMBOLS=symbols,
        _CODES=tables.codes,
        _WORDS=words,
        _SCALED_CODES=tables.scaled,
        _SYMBOL=symbol,
        _CODE=code,
        _POST_CODE=post_code,
        _POST_SYM=post_sym,
        _SYMBOL_OR_CODE_FIRST=first,
        _MONEY_RE=re.compile(pattern, re.VERBOSE),
    )
    _build_gate(symbols, [*symbols, *codes, *tables.scaled, "RMB", "XBT"])
    _BUILT = True


_BUILT = False
# Set by ``_build``; until then empty (call ``_build()`` before reading them from outside).
_NEVER = re.compile("(?!)")
_SYMBOLS: dict[str, str] = {}
_CODES: frozenset[str] = frozenset()
_WORDS: dict[str, str] = {}
_SCALED_CODES: dict[str, float] = {}
_SYMBOL = _CODE = _POST_CODE = _POST_SYM = _SYMBOL_OR_CODE_FIRST = _GATE_SYMBOL_CHARS = ""
_MONEY_RE = _GATE_RE = _GATE_NO_DIGIT_RE = _NEVER
_GATE_WORDS: tuple[str, ...] = ()
_GATE_WORDS_SCAN = Substrings(())
_CURRENCY_CAPITALS: frozenset[str] = frozenset()


_QUALIFIER_RE = re.compile(
    rf"(?:^|[\s(\[])(?P<q>{_alternation([q for q in QUALIFIERS if q != '~'])})\s*$|(?P<tilde>~)\s*$",
    re.IGNORECASE,
)
#: Between an amount and a parenthetical equivalent: "£17 million (~$22.6M)".
_ALT_OPEN_RE = re.compile(_DATA["alt_open"], re.IGNORECASE | re.VERBOSE)
_ALT_CLOSE_RE = re.compile(_DATA["alt_close"], re.VERBOSE)
_ALT_OR_RE = re.compile(_DATA["alt_or"])
#: Between a conversion and a second one in the same brackets: "(€2M, $2.1M)".
_SECOND_ALT_RE = re.compile(r",\s*")
#: Currencies whose sign is written with a decimal point, never a thousands dot ("A$1.425").
_DOT_DECIMAL = frozenset(_DATA["dot_decimal_currencies"])
_BETWEEN_RE = re.compile(r"(?:between|from)\s+$", re.IGNORECASE)
_RANGE_AND_RE = re.compile(r"^\s+(?:and|to|-|–)\s+$")
#: How far back a qualifier may stand.
_LOOKBACK = 24


_THOUSANDS_OR_DECIMALS_RE = re.compile(r"\d{1,3}\.\d{3}")
_FRACTION_RE = re.compile(r"0\.\d+")
_SPACES_RE = re.compile(r"\s+")
_YEAR_RE = re.compile(r"(19|20)\d\d")
#: A price's two decimals ("12,50", "4.99"): with them a small number before "euro" is money.
_PRICE_RE = re.compile(r"\d+[.,]\d\d")
_PRICED_WORDS = frozenset(_DATA["priced_words"])
_THOUSAND_MILLIONS_RE = re.compile(_DATA["thousand_millions_before"])
_COMMAS_ONLY_GROUP_RE = re.compile(r"\d{1,2}(?:,\d\d)+,\d{3}|\d{1,3}(?:,\d{3})*,\d{4,6}")
#: The scale word standing for a scaled code's multiplier ("MSEK": million).
_CODED_SCALES = {1e3: "thousand", 1e6: "million", 1e9: "billion"}
_SPACE_GROUPED_RE = re.compile(r"\d{1,3}(?:\s\d{3})+(?:,\d{1,2})?")


# Digit strings and scale words repeat a lot ("$5 million", "2.5", "bn"): both are cached.
_POINT_DIGITS: list[str] = _DATA["point_digits"]


@lru_cache(maxsize=4096)
def _number(digits: str, *, scaled: bool) -> float | None:
    """The value of a digit string; a lone "1.250" before a scale word is 1.25, not 1250."""
    if (scaled and _THOUSANDS_OR_DECIMALS_RE.fullmatch(digits)) or _FRACTION_RE.fullmatch(digits):
        return float(digits)
    if ", " in digits:
        digits = digits.replace(" ", "")  # "2, 975, 000": a space after each comma
    if "-point-" in digits:  # "550-point-two", as Korean wires spell the decimals
        whole, _, spelt = digits.lower().partition("-point-")
        return float(f"{whole}.{''.join(str(_POINT_DIGITS.index(w)) for w in spelt.split('-'))}")
    if _COMMAS_ONLY_GROUP_RE.fullmatch(digits):
        # Indian grouping ("4,56,78,900") and a slipped comma ("4,50000"): the commas only group.
        return float(digits.replace(",", ""))
    if _SPACE_GROUPED_RE.fullmatch(digits):
        whole, _, decimals = _SPACES_RE.sub("", digits).partition(",")
        return float(f"{whole}.{decimals or 0}")
    value = parse_number(digits)
    if value is None:
        return None
    number = float(Decimal(value))
    return number if math.isfinite(number) else None


#: The characters beyond ASCII that ``re.IGNORECASE`` matches to an ASCII letter although
#: ``str.lower`` does not turn them into it (found by trying every code point).
_ASCII_FOLDS = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "K": "k"})


def _folded(word: str) -> str:
    """``word`` lower-cased, with the letters a case-blind pattern took for ASCII ones made ASCII
    ("ſIX" with a long s is the "six" the pattern matched)."""
    return word.translate(_ASCII_FOLDS).lower()


#: Scale words of languages that group thousands with dots: before them "410.000" is 410,000.
_CONTINENTAL_SCALES = frozenset(_DATA["continental_scales"])
_DOT_GROUPED_RE = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")


def _continental(digits: str, scale: str | None) -> str:
    """``digits`` with its thousands dots dropped when ``scale`` is a word of a language that
    writes them ("COP 410.000 millones" is 410,000 million; "$1.250 billion" stays 1.25).

    >>> _continental("410.000", " millones"), _continental("1.250", " billion")
    ('410000', '1.250')
    """
    continental = scale and _folded(scale.strip(" -")) in _CONTINENTAL_SCALES
    return digits.replace(".", "") if continental and _DOT_GROUPED_RE.fullmatch(digits) else digits


@lru_cache(maxsize=1024)
def _scale(word: str | None) -> float:
    if not word:
        return 1.0
    word = _SPACES_RE.sub(" ", word.strip(" -\t\n"))
    lowered = _folded(word)
    if lowered.startswith("lakh") and lowered.endswith(("crore", "crores")):
        return SCALES["lakh"] * SCALES["crore"]
    return SCALES.get(word, SCALES.get(lowered, 1.0))


def _times(number: float, scale: float) -> float:
    """number * scale without binary noise: 16.1 * 1e6 is 16100000.0, not 16100000.000000002."""
    return float(Decimal(repr(number)) * Decimal(repr(scale)))


def _currency_of(token: str | None) -> str | None:
    if not token:
        return None
    if token in _SYMBOLS:
        return _SYMBOLS[token]
    if token in _CODES:
        return token
    if token in ("kr", "kr."):
        return LOCAL_SYMBOLS["kr"]
    return _WORDS.get(_folded(token))


_CHANGE_FROM_RE = re.compile(_DATA["change_from"], re.VERBOSE | re.IGNORECASE)


def _changed_from(text: str, start: int) -> bool:
    """Whether a verb of change and "from" stand before ``start``: "doubled within a year from
    €2.3m to €5.26m" is two amounts."""
    return text[max(0, start - 5) : start] == "from " and bool(
        _CHANGE_FROM_RE.search(text, max(0, start - 60), start)
    )


def _after_by(text: str, start: int) -> bool:
    """Whether "by " stands before ``start``: "raised its buyback by $2 billion to $7.5 billion"
    is a change and a level, no range."""
    return text[max(0, start - 3) : start] == "by "


def _from_match(m: re.Match[str]) -> Money | None:
    """Turn one regex match into a Money, or None when it is not money after all."""
    groups = m.groupdict()
    if groups["pre_cur"]:
        currency = _currency_of(groups["pre_cur"])
        scale1, scale2 = groups["pre_scale"], groups["pre_scale2"]
        # "MSEK 75": the code carries its scale.
        coded = _SCALED_CODES.get(groups["pre_cur"])
        if coded and not (scale1 or scale2):
            scale1 = _CODED_SCALES[coded]
        # "A$1.425 in cash": after a dollar or pound sign a dot is a decimal point.
        decimal = currency in _DOT_DECIMAL and _THOUSANDS_OR_DECIMALS_RE.fullmatch(
            groups["pre_num"]
        )
        amount = _number(
            _continental(groups["pre_num"], scale1), scaled=bool(scale1 or scale2 or decimal)
        )
        end = m.end()
        amount_max: float | None = None
        if groups["pre_range"]:
            upper = _number(groups["pre_num2"], scaled=bool(scale2 or scale1))
            cur2 = _currency_of(groups["pre_cur2"])
            changed_by = _after_by(m.string, m.start())
            plausible = (
                not changed_by
                and not _changed_from(m.string, m.start())
                and upper is not None
                and amount is not None
                and (cur2 is None or cur2 == currency)
                and (cur2 is not None or scale2 or not scale1)
            )
            if plausible:
                # "$5-10 million", "$5 to $10 million": the upper end's scale applies to a bare
                # lower end, unless the lower end is already the larger number ("$500 to $2m").
                shares = not scale1 and scale2 and amount < upper
                low = _times(amount, _scale(scale1 or (scale2 if shares else None)))
                high = _times(upper, _scale(scale2 or scale1))
                if high > low:
                    return Money(m.start(), end, m.group(), low, currency or "", high)
            end = m.start("pre_range")
        if amount is None or currency is None:
            return None
        return Money(
            m.start(),
            end,
            m.string[m.start() : end],
            _times(amount, _scale(scale1)),
            currency,
            amount_max,
        )
    if groups["post_num"]:
        token = groups["post_code"] or groups["post_sym"] or groups["post_word"]
        pence = bool(groups["post_pence"]) or (token or "").lower() == "pence"
        currency = "GBP" if pence else _currency_of(token)
        scale = groups["post_scale"]
        # "250 MSEK" (the code carries the scale), "40 EUR million" (the scale after the code).
        coded = _SCALED_CODES.get(groups["post_code"] or "")
        if not scale and (coded or groups["post_scale2"]):
            scale = _CODED_SCALES[coded] if coded else groups["post_scale2"]
        amount = _number(_continental(groups["post_num"], scale), scaled=bool(scale))
        if currency is None or amount is None:
            return None
        word = _folded(groups["post_word"] or "")
        priced = word in _PRICED_WORDS and _PRICE_RE.fullmatch(groups["post_num"])
        if word in _AMBIGUOUS_WORDS and not scale and amount < 1000 and not priced:
            return None
        start = m.start()
        if (
            scale
            and _scale(scale) == 1e6
            and (thousands := _THOUSAND_MILLIONS_RE.search(m.string, max(0, start - 9), start))
        ):  # "mil 148 millones" is 1,148 million, "2 mil 414 millones" 2,414 million
            start, amount = thousands.start(), amount + 1000 * int(thousands.group(1) or 1)
        if groups["post_word"] and not scale and _YEAR_RE.fullmatch(groups["post_num"]):
            return None  # "in 2021 dollars"
        factor = _scale(scale) * (0.01 if pence else 1.0)
        if groups["post_range"]:
            upper = _number(groups["post_num2"], scaled=bool(scale))
            if upper is not None and upper > amount:
                return Money(
                    m.start(),
                    m.end(),
                    m.group(),
                    _times(amount, factor),
                    currency,
                    _times(upper, factor),
                )
        return Money(start, m.end(), m.string[start : m.end()], _times(amount, factor), currency)
    if groups["long_m"]:
        currency = _currency_of(groups["long_cur"])
        if currency is None:
            return None
        millions, thousands = int(groups["long_m"]), int(groups["long_k"])
        value = millions * 1_000_000 + thousands * 1_000 + int(groups["long_u"] or 0)
        start = m.start()
        if before := _THOUSAND_MILLIONS_RE.search(m.string, max(0, start - 9), start):
            start, value = before.start(), value + 1_000_000_000 * int(before.group(1) or 1)
        return Money(start, m.end(), m.string[start : m.end()], float(value), currency)
    if groups["zar_num"]:
        amount = _number(groups["zar_num"], scaled=bool(groups["zar_scale"]))
        if amount is None:
            return None
        currency = _LETTER_CURRENCIES[m.group()[0]]
        return Money(
            m.start(), m.end(), m.group(), _times(amount, _scale(groups["zar_scale"])), currency
        )
    if groups["unit_num"]:
        currency, unit = _UNIT_WORDS[_folded(groups["unit_cur"])]
        number = NUMBER_WORDS[_folded(groups["unit_num"])]
        return Money(m.start(), m.end(), m.group(), _times(number, unit), currency)
    if groups["cents_num"]:
        amount = _number(groups["cents_num"], scaled=False)
        if amount is None:
            return None
        return Money(m.start(), m.end(), m.group(), _times(amount, 0.01), CENTS_CURRENCY)
    if groups["word_scale"]:
        # The number word and the spaces after it: they end where the scale word starts.
        word_num = m.string[m.start() : m.start("word_scale")].rstrip()
        currency = _currency_of(groups["word_cur"])
        number = _currencies.number_word_value(_SPACES_RE.sub(" ", _folded(word_num)))
        if currency is None:
            return None
        return Money(
            m.start(),
            m.end(),
            m.group(),
            _times(number, _scale(_folded(groups["word_scale"]))),
            currency,
        )
    return None


def _qualifier(text: str, start: int) -> str | None:
    before = text[max(0, start - _LOOKBACK) : start]
    m = _QUALIFIER_RE.search(before)
    if not m:
        return None
    if m.group("tilde"):
        return "about"
    return QUALIFIERS.get(m.group("q").lower())


_TRAILING_SCALE_RE = re.compile(rf"(?P<num>{_NUMBER})(?P<scale>{_SCALE})\s*$", re.VERBOSE)


def _shared_scale(low: Money, high: Money) -> float:
    """The factor a bare lower end takes from the upper one ("between $40 and $60 million")."""
    if not low.text[-1:].isdigit():
        return 1.0
    m = _TRAILING_SCALE_RE.search(high.text)
    if not m:
        return 1.0
    factor = _scale(m.group("scale"))
    raw_high = high.amount / factor
    return factor if low.amount < raw_high else 1.0


_UNITS_THEN_CENTS_GAP_RE = re.compile(r"\s+(?:and\s+)?")
_WHOLE_UNIT_RE = re.compile(r"(?i:dollars?|euros?|pounds?)$")
_CENTS_RE = re.compile(r"(?i:cents?|pence|p)$")


def _is_cents_after_units(cur: Money, nxt: Money, gap: str) -> bool:
    """Whether ``nxt`` is the cents of ``cur``: "4 dollars 20 cents", "12 euros 50 cents"."""
    return (
        nxt.currency in (cur.currency, CENTS_CURRENCY)
        and cur.amount_max is None
        and nxt.amount < 1
        and _UNITS_THEN_CENTS_GAP_RE.fullmatch(gap) is not None
        and _WHOLE_UNIT_RE.search(cur.text) is not None
        and _CENTS_RE.search(nxt.text) is not None
    )


def _with_alt(cur: Money, alt: Money, text: str, end: int) -> Money:
    """``cur`` with ``alt`` as its equivalent, its text running to ``end``."""
    return replace(
        cur,
        end=end,
        text=text[cur.start : end],
        alt_amount=alt.amount,
        alt_currency=alt.currency,
    )


def _merge(text: str, found: list[Money]) -> list[Money]:
    """Join "between €2m and €3m" into ranges and "£17m (~$22.6M)" into one amount with an alt."""
    merged: list[Money] = []
    i = 0
    while i < len(found):
        cur = found[i]
        nxt = found[i + 1] if i + 1 < len(found) else None
        if nxt is not None:
            gap = text[cur.end : nxt.start]
            low = _times(cur.amount, _shared_scale(cur, nxt))
            if (
                cur.amount_max is None
                and nxt.currency == cur.currency
                and nxt.amount > low
                and _RANGE_AND_RE.match(gap)
                and not _changed_from(text, cur.start)
                and (
                    " and " not in gap
                    or _BETWEEN_RE.search(text[max(0, cur.start - 9) : cur.start])
                )
            ):
                cur = replace(cur, amount=low)
                cur = replace(
                    cur, end=nxt.end, text=text[cur.start : nxt.end], amount_max=nxt.amount
                )
                i += 2
                merged.append(cur)
                continue
            if _is_cents_after_units(cur, nxt, gap):
                # "two dollars and ten cents", "4 dollars 20 cents": one amount.
                merged.append(
                    replace(
                        cur,
                        end=nxt.end,
                        text=text[cur.start : nxt.end],
                        amount=float(Decimal(repr(cur.amount)) + Decimal(repr(nxt.amount))),
                    )
                )
                i += 2
                continue
            if _ALT_OPEN_RE.fullmatch(gap) and "\n" not in gap:
                close = _ALT_CLOSE_RE.match(text, nxt.end)
                skip = 2
                third = found[i + 2] if close is None and i + 2 < len(found) else None
                if third and _SECOND_ALT_RE.fullmatch(text, nxt.end, third.start):
                    # "(€2M, $2.1M)": a second conversion in the same brackets, not kept.
                    close, skip = _ALT_CLOSE_RE.match(text, third.end), 3
                if close:
                    merged.append(_with_alt(cur, nxt, text, close.end()))
                    i += skip
                    continue
            if (
                nxt.currency != cur.currency
                and cur.amount_max is None
                and _ALT_OR_RE.fullmatch(gap)
            ):
                # "2.42 billion euros or $2.7 billion": a conversion without brackets.
                merged.append(_with_alt(cur, nxt, text, nxt.end))
                i += 2
                continue
        merged.append(cur)
        i += 1
    return merged


#: Something every amount has near it (a currency symbol, an upper-case code, a currency word);
#: the pattern and why it is written so are in the data file.
_DIGIT_R_RE = re.compile(r"R(?<=\dR)")
#: What the gate finds as "three capitals, an ISO code perhaps".
_CAPITAL_RUN_RE = re.compile(r"[A-Z]{3}")


def _build_gate(symbols: dict[str, str], currency_tokens: list[str]) -> None:
    """The marker patterns for these symbols and words; ``currency_tokens`` are every symbol and
    code the money pattern reads, whose first three capitals keep a capital-run marker."""
    chars = sorted({c for s in symbols for c in s if not c.isascii() and not c.isalpha()})
    chars += ["$", "元", "円"]
    symbol_class = re.escape("".join(chars))
    # The digit form "45R" only where a digit stands before an "R" (see _markers): ``\d`` in the
    # first character class makes every digit a candidate (the gate scans 2.3x faster without
    # it), and a form that cannot match anywhere changes no match.
    digit_r = _DATA["gate_digit_r"]
    gate_re = re.compile(
        _filled("gate", symbols=symbol_class, digit=r"\d", digit_r=digit_r), re.VERBOSE
    )
    no_digit = re.compile(_filled("gate", symbols=symbol_class, digit="", digit_r=""), re.VERBOSE)
    # Curated, not derived from the names: most of CLDR's names are words of other meanings too,
    # and each word found opens a window for the full pattern.
    words: tuple[str, ...] = tuple(_currencies._DATA["gate_words"])
    globals().update(
        _GATE_SYMBOL_CHARS=symbol_class,
        _GATE_RE=gate_re,
        _CURRENCY_CAPITALS=frozenset(t[:3] for t in currency_tokens if _CAPITAL_RUN_RE.match(t)),
        _GATE_NO_DIGIT_RE=no_digit,
        _GATE_WORDS=words,
        _GATE_WORDS_SCAN=Substrings(words),
    )


def _word_markers(lowered: str) -> list[int]:
    """Start of every occurrence of a currency word in ``lowered`` (unsorted; no gate word
    contains another, so no start is found twice)."""
    if not _BUILT:
        _build()
    return _GATE_WORDS_SCAN.starts(lowered)


#: A number, in digits or words ("two dollars", "one penny" have no digit).
_NUMBER_NEAR_RE = re.compile(_DATA["number_near"])
#: The text around a marker the full pattern reads: an amount starts at most ~50 characters
#: before its marker ("2,500,000.00 - 3,000,000.00 million euros") and is at most ~75 long.
_WINDOW_BEFORE = 60
_WINDOW_AFTER = 100


def _markers(text: str, lowered: str | None = None) -> list[int]:
    """Positions of currency symbols, codes and words: every amount has one near it
    (``lowered`` is ``text.lower()`` when the caller has it already)."""
    if not _BUILT:
        _build()
    gate = _GATE_NO_DIGIT_RE if _DIGIT_R_RE.search(text) is None else _GATE_RE
    # Three capitals are a marker only where they start a code or symbol: "CEO" and "API" (two
    # thirds of the gate's finds in news) would open a window for nothing.
    found = [
        m.start()
        for m in gate.finditer(text)
        if len(g := m.group()) != 3 or g in _CURRENCY_CAPITALS or not g.isupper()
    ]
    found += _word_markers(text.lower() if lowered is None else lowered)
    found.sort()
    # A marker counts only with a number within 40 characters ("ICO" alone is no amount); markers
    # come in order, so a number near one marker up to 40 characters back is near the next too.
    kept: list[int] = []
    near: int | None = None  # start of the last number found
    for at in found:
        if near is None or near < at - 40:
            number = _NUMBER_NEAR_RE.search(text, max(0, at - 40), at + 40)
            if number is None:
                continue
            near = number.start()
        kept.append(at)
    return kept


def _windows(text: str, lowered: str | None = None) -> list[tuple[int, int, int]]:
    """(start, last marker, end) of the stretches the pattern reads: an amount starts at or
    before a marker of its own, so none starts after a stretch's last marker."""
    windows: list[tuple[int, int, int]] = []
    for at in _markers(text, lowered):
        start, end = max(0, at - _WINDOW_BEFORE), min(len(text), at + _WINDOW_AFTER)
        if windows and start <= windows[-1][2]:
            windows[-1] = (windows[-1][0], at, end)
        else:
            windows.append((start, at, end))
    return windows


def find_amounts(text: str, lowered: str | None = None, *, limit: int | None = None) -> list[Money]:
    """Every money amount in ``text``, in order, with spans into ``text``.

    ``lowered`` is ``text.lower()`` when the caller has it already (lower-casing costs a pass).
    ``limit``: only the first ``limit`` amounts are wanted; the search stops after four times as
    many raw matches (merging joins a few at most): 24 MB of amounts builds no million records.

    >>> [(m.text, m.amount, m.amount_max) for m in find_amounts("costs of $50,000 to $100,000")]
    [('$50,000 to $100,000', 50000.0, 100000.0)]
    >>> find_amounts("120 million learners, 4 gigabytes, a 2-for-1 deal, up 20% in 2021")
    []
    """
    found: list[Money] = []
    enough = 4 * limit if limit is not None else None
    for start, last, end in _windows(text, lowered):
        if enough is not None and len(found) >= enough:
            break
        # Not finditer: the 100 characters after the last marker would be read for nothing.
        while start <= last and (m := _MONEY_RE.search(text, start, end)) and m.start() <= last:
            start = m.end()
            if enough is not None and len(found) >= enough:
                break
            money = _from_match(m)
            if money is None:
                continue
            found.append(money)
            if money.end < m.end() and not _after_by(text, money.start):
                # A range that is none ("cut from €412 million to €310 million"): the amount
                # after it is read on its own. ("Raised by $2 billion to $7.5 billion" keeps
                # its first amount only, as the range test in _from_match decides.)
                found += [
                    more
                    for m2 in _MONEY_RE.finditer(text, money.end, m.end())
                    if (more := _from_match(m2)) is not None
                ]
    if "£" in text:
        found = _with_hundredths(text, found, _PENCE_AFTER_RE, "GBP")
    if "$" in text:
        found = _with_hundredths(text, found, _CENTS_AFTER_RE, CENTS_CURRENCY)
    found = [m for m in found if math.isfinite(m.amount) and m.amount >= 0]
    if "=" in text and found:
        found = _without_rate_notes(text, found)
    if "cent" in text and found:
        found = _without_rate_quotes(text, found)
    if "$" in text:
        found = [_with_code_after(text, m) for m in found]
    # A copy only for the few amounts with a qualifier: dataclasses.replace is slow.
    merged = _merge(text, found)
    merged = [_with_bare_lower_end(text, m) for m in merged]
    if limit is not None:
        merged = merged[:limit]
    return [
        m if (q := _qualifier(text, m.start)) is None else replace(m, qualifier=q) for m in merged
    ]


_PENCE_AFTER_RE = re.compile(_DATA["pence_after"])
_PENCE_NOT = frozenset(_DATA["pence_not"])
_CENTS_AFTER_RE = re.compile(_DATA["cents_after"])


def _with_hundredths(
    text: str, found: list[Money], pattern: re.Pattern[str], code: str
) -> list[Money]:
    """``found`` with the "201p" (pounds) or "20c" (dollars) a story writes, in order.

    >>> [(m.text, m.amount) for m in find_amounts("It paid £10m; shares fell to 22.7p, not 720p.")]
    [('£10m', 10000000.0), ('22.7p', 0.227)]
    """
    hundredths = [
        Money(m.start(), m.end(), m.group(), _times(float(m.group()[:-1]), 0.01), code)
        for m in pattern.finditer(text)
        if m.group() not in _PENCE_NOT
    ]
    return with_amounts(found, hundredths)


def with_amounts(found: list[Money], extra: list[Money]) -> list[Money]:
    """``found`` and the amounts of ``extra`` that overlap none of it, in order of start."""
    taken = [(m.start, m.end) for m in found]
    new = [m for m in extra if not any(a < m.end and m.start < b for a, b in taken)]
    return sorted([*found, *new], key=lambda m: m.start) if new else found


_DOLLAR_CODE_AFTER_RE = re.compile(_DATA["dollar_code_after"])


def money_pattern(name: str) -> str:
    """A pattern of knowledge/money.yaml, for the story-level readers (story_currency.py)."""
    return str(_DATA[name])


#: The bare letters of form 3 and their currencies.
_LETTER_CURRENCIES = {"R": "ZAR", "N": "NGN", "P": "PHP"}
_BARE_LOWER_END_RE = re.compile(_DATA["bare_lower_end"])
_LEADING_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)?")


def _with_bare_lower_end(text: str, money: Money) -> Money:
    """An amount with the bare lower end of its range before it: "between 2 and 5 million
    euros" is 2 to 5 million.

    >>> [(m.text, m.amount, m.amount_max) for m in find_amounts("entre 2 et 5 millions d'euros")]
    [("2 et 5 millions d'euros", 2000000.0, 5000000.0)]
    """
    if money.amount_max is not None or not money.text[:1].isdigit():
        return money  # only an amount written from a bare number ("5 millions d'euros")
    lower = _BARE_LOWER_END_RE.search(text, max(0, money.start - 40), money.start)
    upper = _LEADING_NUMBER_RE.match(money.text)
    if lower is None or upper is None:
        return money
    low, high = (float(x.replace(",", ".")) for x in (lower.group(1), upper.group()))
    if not 0 < low < high:
        return money
    start = lower.start(1)
    return replace(
        money,
        start=start,
        text=text[start : money.end],
        amount=_times(low, money.amount / high),
        amount_max=money.amount,
    )


def _with_code_after(text: str, money: Money) -> Money:
    """A bare-dollar amount whose code follows it ("$135 million CAD") in that code.

    >>> [(m.text, m.currency) for m in find_amounts("over $90 million USD ($135 million CAD)")]
    [('$90 million USD ($135 million CAD)', 'USD')]
    >>> [(m.text, m.currency) for m in find_amounts("debentures of $42.5-million (U.S.)")]
    [('$42.5-million (U.S.)', 'USD')]
    """
    if money.text[:1] != "$":
        return money
    after = _DOLLAR_CODE_AFTER_RE.match(text, money.end, money.end + 7)
    if after is None:
        return money
    currency = after.group(1) or "USD"  # "(U.S.)"
    return replace(money, end=after.end(), text=text[money.start : after.end()], currency=currency)


#: A wire story's exchange-rate note: "($1 = 0.8448 pounds)", "(£1 = $1.27)", "(1 euro = $1.08)".
_RATE_NOTE_RE = re.compile(_DATA["rate_note"])


def _without_rate_notes(text: str, found: list[Money]) -> list[Money]:
    """The amounts that do not stand in an exchange-rate note (no money event is there).

    >>> [m.text for m in find_amounts("It paid £10m. ($1 = 0.8448 pounds) (1 euro = $1.08)")]
    ['£10m']
    """
    notes = [m.span() for m in _RATE_NOTE_RE.finditer(text)]
    if not notes:
        return found
    return [m for m in found if not any(a <= m.start < b for a, b in notes)]


_RATE_QUOTE_RE = re.compile(_DATA["rate_quote"])


def _without_rate_quotes(text: str, found: list[Money]) -> list[Money]:
    """The amounts but cents a currency's own price is quoted in ("the loonie fell 0.03 cents")."""
    return [
        m
        for m in found
        if not m.text.endswith(("cent", "cents"))
        or not _RATE_QUOTE_RE.search(text, max(0, m.start - 160), m.start)
    ]


def parse_money(phrase: str) -> Money | None:
    """The first amount in a short phrase, or None.

    >>> parse_money("Rs 500 crore").amount
    5000000000.0
    """
    found = find_amounts(phrase)
    return found[0] if found else None
