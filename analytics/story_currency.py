"""A bare ``$``, ``kr`` or ``Sh`` read in the currency of the country a story is set in.

``ANNOTATION.md``: a bare ``$`` is the story's own dollar when the story is plainly Canadian,
Australian, New Zealand, Singaporean or Hong Kong ("$US50 million ($76.3 million)" in an
Australian paper is USD 50 million with an AUD alternative), else USD. What places a story is
data (``_story_currencies.json``): the words that name each country, and newsroom styles. A
story that converts another marked dollar into a bare one says which dollar that is by the
rate it converts at ("A$120 million ($125m)" is New Zealand dollars; see ``_dollar_by_rate``).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import NamedTuple

from analytics._currencies import SCALES, currency_tables
from analytics._word_patterns import Substrings
from analytics.extractor.text import BLANK_LINE_RE
from analytics.fx import to_usd
from analytics.money import (
    CENTS_CURRENCY,
    Money,
    _continental,
    _number,
    _times,
    money_pattern,
    with_amounts,
)

_DATA = Path(__file__).with_name("_story_currencies.json")
#: A story is placed in a country when its words name it at least this often ...
MIN_MENTIONS = 2
#: ... each word counted at most this often (a name repeated in every paragraph is one story),
MAX_PER_WORD = 3
#: ... and it plainly writes local money: it names an institution of the country (a regulator,
#: court or exchange whose sums are local), marks US dollars apart or writes in the country's
#: newsroom style, or names the country or one of its cities in its headline. A story that
#: only mentions a foreign company below the headline keeps USD.


class _Country(NamedTuple):
    code: str
    forms: tuple[str, ...]
    marks: re.Pattern[str] | None  # the currency written with its own mark: "A$", "NZD"
    mark_words: tuple[str, ...]  # the marks as written (a cheap test before the pattern)


class _Style(NamedTuple):
    code: str
    needle: str  # in every match of the pattern: a cheap test before it
    pattern: re.Pattern[str]


class _Table(NamedTuple):
    countries: tuple[_Country, ...]
    styles: tuple[_Style, ...]
    #: Every place and institution word of every country, in one pattern ...
    words: re.Pattern[str]
    #: ... and what each word says: (country code, whether it is an institution).
    meaning: dict[str, list[tuple[str, bool]]]
    #: The one-word entries (looked up by token, far cheaper than the pattern on a short lead)
    #: and the rest (looked for as substrings, then checked with the pattern).
    single: frozenset[str]
    multi: tuple[str, ...]
    #: The institutions alone, the same two ways.
    institution_single: frozenset[str]
    institution_multi: tuple[str, ...]
    #: The words that name a country whose bare form is not the default one ("sydney",
    #: "asx", "hong kong"): a story with none of them keeps the defaults (the cheap first test).
    local_words: Substrings
    #: Both lists of entries of several words, to find in one pass.
    multi_scan: Substrings
    institution_multi_scan: Substrings
    #: The institutions of the countries whose dollar is not the default, as substrings to look
    #: for in the whole story: (needle, country, whether it is looked for as written: acronyms in
    #: capitals, "ACCC"; else in the lower-cased text, "commerce commission").
    body_institutions: tuple[tuple[str, str, bool], ...]
    #: Every substring looked for in the whole story, in one pass each (not a scan per needle):
    #: the acronyms and the styles' needles in the text as written, the other institutions in
    #: the lower-cased text.
    text_scan: Substrings
    lowered_scan: Substrings
    #: The dollars of countries other than the default's, and a US-dollar amount converted into
    #: a bare dollar in brackets, "US$200 million ($280 million)" (see ``_converted_dollar``).
    local_dollars: frozenset[str]
    us_converted: re.Pattern[str]
    #: The currencies whose hundredth news calls a cent (see ``with_story_cents``).
    cents: frozenset[str]


@cache
def _data() -> dict:
    """``_story_currencies.json``, read once."""
    return json.loads(_DATA.read_text("utf-8"))


@cache
def _table() -> _Table:
    data = _data()
    meaning: dict[str, list[tuple[str, bool]]] = {}
    countries = []
    for row in data["countries"]:
        for kind, institution in (("places", False), ("institutions", True)):
            for word in row[kind]:
                meaning.setdefault(word, []).append((row["code"], institution))
        marks = "|".join(re.escape(m) for m in row["marks"])
        countries.append(
            _Country(
                row["code"],
                tuple(row["forms"]),
                re.compile(rf"(?<![A-Za-z])(?:{marks})\s?\d"),
                tuple(row["marks"]),
            )
        )
    words = sorted(meaning, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")
    styles = tuple(
        _Style(row["code"], row["needle"], re.compile(row["pattern"])) for row in data["styles"]
    )
    needles = {style.needle for style in styles}
    single = frozenset(w for w in meaning if _TOKEN_RE.fullmatch(w))
    multi = tuple(w for w in meaning if w not in single)
    institutions = {w for w, means in meaning.items() if any(inst for _, inst in means)}
    dollar_codes = {row["code"] for row in data["countries"] if "$" in row["forms"]}
    body_institutions = tuple(
        (word.upper(), code, True) if word.isalpha() and len(word) <= 5 else (word, code, False)
        for word in sorted(institutions)
        for code, inst in meaning[word]
        if inst and code not in _DEFAULT.values() and code in dollar_codes
    )
    return _Table(
        tuple(countries),
        styles,
        pattern,
        meaning,
        single,
        multi,
        single & institutions,
        tuple(w for w in multi if w in institutions),
        Substrings(
            w for w, means in meaning.items() if any(c not in _DEFAULT.values() for c, _ in means)
        ),
        Substrings(multi),
        Substrings(w for w in multi if w in institutions),
        body_institutions,
        Substrings({n for n, _, cased in body_institutions if cased} | needles),
        Substrings(n for n, _, cased in body_institutions if not cased),
        frozenset(dollar_codes - {_DEFAULT["$"]}),
        re.compile(data["us_converted"]),
        frozenset(data["cents"]),
    )


_TOKEN_RE = re.compile(r"[a-z][a-z0-9]*")


def _lead_codes(table: _Table, lead: str, *, institutions_only: bool = False) -> set[str]:
    """The countries the lead names (the same as ``table.words`` finds, at a fraction of the
    cost: a set lookup per token, and a substring test per entry of several words); with
    ``institutions_only``, the countries whose institutions it names."""
    single = table.institution_single if institutions_only else table.single
    multi = table.institution_multi_scan if institutions_only else table.multi_scan
    codes = {
        code
        for token in single.intersection(_TOKEN_RE.findall(lead))
        for code, institution in table.meaning[token]
        if institution or not institutions_only
    }
    if multi.any_in(lead):
        codes.update(
            code
            for m in table.words.finditer(lead)
            for code, institution in table.meaning[m.group()]
            if institution or not institutions_only
        )
    return codes


#: The bare forms: "$" not glued to letters before it ("US$", "A$") or after it ("$US").
_BARE = {
    "$": re.compile(r"(?<![A-Za-z$])\$(?!\s?[A-Za-z])"),
    "kr": re.compile(r"(?<![A-Za-z])kr\.?(?![A-Za-z])", re.IGNORECASE),
    "Sh": re.compile(r"(?<![A-Za-z])Sh\.?(?![A-Za-z])"),
}
#: What find_amounts reads each bare form as when the story says nothing.
_DEFAULT = {"$": "USD", "kr": "SEK", "Sh": "KES"}


def story_country_codes(text: str, lowered: str) -> dict[str, str]:
    """For each bare form, the currency the story's country gives it (only where it differs
    from the default).

    >>> story_country_codes("Sydney's Koala raised $5m, ASX filings show", "")
    {'$': 'AUD'}
    >>> story_country_codes("Kea raises $5m\\n\\nKea, a New Zealand firm, raised $5m", "")
    {}
    >>> story_country_codes("Toronto start-ups set a record\\n\\nToronto firms raised $1.6bn", "")
    {'$': 'CAD'}
    """
    lowered = lowered or text.lower()
    table = _table()
    if not _names_a_local_word(table, lowered):
        return {}
    # What of the substrings looked for in the whole story is there: two passes in all.
    in_text = table.text_scan.found(text)
    in_lowered = table.lowered_scan.found(lowered)
    # Set there: the headline or the lead names the country (not a comparison further down).
    # Most stories name none: one short scan of the lead says so.
    lead, second = _lead(lowered)
    set_there = _lead_codes(table, lead)
    # An institution of the country acting in the second paragraph places the story too
    # ("... approved the settlement with the Australian Competition and Consumer Commission").
    set_there |= _lead_codes(table, second, institutions_only=True)
    if not set_there:
        # A local outlet need not name its own country at the top: an institution of one
        # dollar country named anywhere ("the ACCC's opposition") places the story there too,
        named = {
            code
            for needle, code, cased in table.body_institutions
            if needle in (in_text if cased else in_lowered)
        }
        # ... unless it writes that country's money with its own mark ("S$1.1 million"): then a
        # bare "$" there is another dollar.
        named = {
            code
            for code in named
            if not any(m in text for c in table.countries if c.code == code for m in c.mark_words)
        }
        set_there = named if len(named) == 1 else set()
    converting = _converted_dollar(table, text, lowered, set_there)
    if converting:
        set_there = set_there | {converting}
    styled = {s.code for s in table.styles if s.needle in in_text and s.pattern.search(text)}
    if not (set_there | styled) - set(_DEFAULT.values()):
        return {}
    per_word: dict[str, int] = {}
    tokens = _TOKEN_RE.findall(lowered)
    for token in table.single.intersection(tokens):
        per_word[token] = min(MAX_PER_WORD, tokens.count(token))
    for entry in table.multi:
        if entry in lowered:
            per_word[entry] = min(
                MAX_PER_WORD, len(re.findall(rf"\b{re.escape(entry)}(?!\w)", lowered))
            )
    mentions: dict[str, int] = {}
    institutions: set[str] = set()
    for word, count in per_word.items():
        for code, institution in table.meaning[word]:
            mentions[code] = mentions.get(code, 0) + count
            if institution:
                institutions.add(code)
    # Only a country named in the lead can be the story's; the costlier tests are for it alone.
    us_marked = ("US" in text or "U.S." in text) and bool(_US_MARKED_RE.search(text))
    # A headline that names the country or one of its cities sets the story there outright
    # ("Toronto start-ups set another record", "Australian start-ups announce ...").
    headline = _lead_codes(table, lowered.split("\n", 1)[0])
    plain = {
        c.code: c.code in set_there
        and (
            c.code in headline
            or c.code in institutions
            or us_marked
            or (any(m in text for m in c.mark_words) and bool(c.marks and c.marks.search(text)))
        )
        for c in table.countries
        if c.code in set_there
    }
    named = set(mentions)  # a style places a story only where its words name the country once
    for style in table.styles:
        if style.code in named and style.needle in in_text and style.pattern.search(text):
            # A newsroom style used once says as much as a word named at every turn.
            mentions[style.code] = mentions.get(style.code, 0) + MAX_PER_WORD
            plain[style.code] = True
    if converting:
        mentions[converting] = mentions.get(converting, 0) + MAX_PER_WORD
        plain[converting] = True
    chosen: dict[str, str] = {}
    for form, default in _DEFAULT.items():
        rivals = sorted(
            ((mentions.get(c.code, 0), c.code) for c in table.countries if form in c.forms),
            reverse=True,
        )
        if not rivals:
            continue
        (best, code), runner_up = rivals[0], (rivals[1][0] if len(rivals) > 1 else 0)
        if code != default and best >= MIN_MENTIONS and best > runner_up and plain.get(code):
            chosen[form] = code
    return chosen


#: What a token of ``_TOKEN_RE`` cannot have right after it, and right before it.
_TOKEN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")


def _names_a_local_word(table: _Table, lowered: str) -> bool:
    """Whether ``lowered`` may name a country whose bare form is not the default: one of its
    one-word names as a token (counted below only so), or a name of several words anywhere.

    Without one no country has a mention to be chosen by, so the story keeps the defaults.
    """
    for _, start, end in table.local_words.matches(lowered):
        if lowered[start:end] not in table.single:
            return True
        if (end == len(lowered) or lowered[end] not in _TOKEN_CHARS) and (
            start == 0 or lowered[start - 1] not in _LETTERS
        ):
            return True
    return False


def _lead(lowered: str) -> tuple[str, str]:
    """The headline with the first paragraph of the body (dateline and date lines aside), and
    the second paragraph (where a court story names the country's regulator)."""
    head, *rest = BLANK_LINE_RE.split(lowered[:3000], 5)
    body = [p for p in rest if len(p) > 60]  # a date line or a dateline is no paragraph
    return head + "\n" + (body[0] if body else ""), (body[1] if len(body) > 1 else "")


def _converted_dollar(table: _Table, text: str, lowered: str, set_there: set[str]) -> str | None:
    """The dollar a story converts US dollars into, "US$200 million ($280 million)", where its
    top names no dollar country: a bare dollar that converts US dollars is not one, so it is the
    dollar of the one dollar country the story names anywhere (None: none, or several).

    >>> story = "Deals off\\n\\nAcme drops a US$200 million ($280 million) buy. Singapore-listed."
    >>> _converted_dollar(_table(), story, story.lower(), set())
    'SGD'
    """
    dollars = table.local_dollars
    if set_there & dollars or "($" not in text or not table.us_converted.search(text):
        return None
    named = _lead_codes(table, lowered) & dollars
    return next(iter(named)) if len(named) == 1 else None


#: US dollars marked apart from a bare "$": then a bare "$" is another dollar.
_US_MARKED_RE = re.compile(r"\bUS\s?\$|\$\s?US(?![A-Za-z])|\bUSD\s?\d|\bU\.S\.\s?\$")


#: A bare "$" whose code follows the number ("$90 million USD (...)"): no bare dollar.
_CODED_RE = re.compile(r"\$[^(]*?\b[A-Z]{3}\b|\$.*\(U\.S\.\)$|\$.*\(US\)$")


def _bare_form(text: str) -> str | None:
    for form, pattern in _BARE.items():
        if pattern.match(text):
            return form
    return None


_ALT_OPEN_RE = re.compile(r"\(\s*(?:about|around|approximately|roughly|some|~|≈)?\s*")


#: Marked US dollars: "US$85.7 million", "USD 12m".
_US_AMOUNT_RE = re.compile(r"(?:US\s?\$|USD\s?\d)")
#: A sentence's end between two amounts.
_SENTENCE_END_RE = re.compile(r"[.!?]\s|\n")


def _in_us_list(amounts: list[Money], i: int, text: str) -> bool:
    """Whether amount ``i`` stands in one sentence between two marked US-dollar amounts (a list
    "US$85.7 million, ... $32.1 million and ... US$11.0 million" drops the mark once)."""
    if i == 0 or i + 1 >= len(amounts):
        return False
    before, after = amounts[i - 1], amounts[i + 1]
    return (
        _US_AMOUNT_RE.match(before.text) is not None
        and _US_AMOUNT_RE.match(after.text) is not None
        and _SENTENCE_END_RE.search(text, before.end, after.start) is None
    )


#: How far into a story its figures' currency is declared.
_DECLARED_WITHIN = 1500


@cache
def _declared_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A currency declared for a story's bare figures, and a list line's bare figure (data)."""
    data = _data()
    return re.compile(data["declared"]), re.compile(data["list_figure"])


def _declared(text: str, lowered: str) -> list[Money]:
    """The bare figures of a story's list lines, in the currency the story declares for them."""
    head = lowered[:_DECLARED_WITHIN]  # where a story says so, before its list
    if "amounts" not in head and "figures" not in head:
        return []
    declared_re, list_figure_re = _declared_patterns()
    declared = declared_re.search(head)
    if declared is None:
        return []
    words = currency_tables().words
    name = declared.group("cur")
    currency = words.get(name) or words.get(name.split()[0]) or name.upper()
    if currency not in currency_tables().codes:
        return []
    found = []
    for m in list_figure_re.finditer(text, declared.end()):
        start = m.start("num")
        value = _scaled_amount(m.group("num"), m.group("scale"))
        if value is not None:
            found.append(Money(start, m.end(), text[start : m.end()], value, currency))
    return found


#: How far (as a log ratio, about 4%) a written conversion may stray from a dollar's rate on
#: the story's day and still say which dollar it is in (rounding, a rate of another week).
_RATE_FIT = 0.04


def _dollar_by_rate(amounts: list[Money], on: date | None) -> str | None:
    """The dollar a story writes as a bare ``$``, told by the rate of its first conversion of
    another marked dollar into one: "A$120 million ($125m)" is in New Zealand dollars, "A$500
    million ($357 million)" in US dollars. None when no conversion, or more than one dollar,
    fits the rate.

    >>> from analytics.money import find_amounts
    >>> _dollar_by_rate(find_amounts("A$120 million ($125m)"), date(2021, 8, 20))
    'NZD'
    """
    dollars = _table().local_dollars | {"USD"}
    for m in amounts:
        if m.alt_amount is None or m.currency not in dollars or not m.amount or not m.alt_amount:
            continue
        if _bare_form(m.text) or not _bare_alternative(m.text):
            continue
        written = math.log(m.alt_amount / m.amount)
        mark_rate = to_usd(1.0, m.currency, on).usd
        if mark_rate is None:
            return None
        fits = []
        for dollar in sorted(dollars - {m.currency}):
            rate = to_usd(1.0, dollar, on).usd
            if rate and abs(written - math.log(mark_rate / rate)) <= _RATE_FIT:
                fits.append(dollar)
        return fits[0] if len(fits) == 1 else None
    return None


def _bare_alternative(text: str) -> bool:
    """Whether an amount's text holds a bare ``$`` alternative in brackets: "A$5m ($3.6m)"."""
    bracket = text.find("(")
    after = _ALT_OPEN_RE.match(text, bracket) if bracket > 0 else None
    return after is not None and _BARE["$"].match(text, after.end()) is not None


def localized(amounts: list[Money], text: str, lowered: str, on: date | None = None) -> list[Money]:
    """``amounts`` with each bare ``$``/``kr``/``Sh`` (and a bare ``$`` alternative in brackets)
    in the currency of the story's country, or, for a bare ``$``, of the dollar the story's
    conversions into it are in (``_dollar_by_rate``, at the rates of day ``on``).

    >>> story = "Sydney fintech Koala raised $US50 million ($76.3 million), the Australian firm."
    >>> from analytics.money import find_amounts
    >>> m = localized(find_amounts(story), story, story.lower())[0]
    >>> (m.currency, m.amount, m.alt_currency, m.alt_amount)
    ('USD', 50000000.0, 'AUD', 76300000.0)
    """
    declared = _declared(text, lowered or text.lower())
    if declared:
        amounts = sorted([*amounts, *declared], key=lambda m: m.start)
    # Only a bare form or a dollar alternative in brackets can change: without one, the story's
    # country does not matter (and is not worked out: half the stories have none).
    if not any(m.text[:1] in "$kKS" and _bare_form(m.text) for m in amounts) and not any(
        m.alt_currency == "USD" and "($" in m.text for m in amounts
    ):
        return amounts
    codes = story_country_codes(text, lowered)
    by_rate = _dollar_by_rate(amounts, on)
    if by_rate is not None:
        codes = {form: code for form, code in codes.items() if form != "$"}
        if by_rate != _DEFAULT["$"]:
            codes["$"] = by_rate
    if not codes:
        return amounts
    out = []
    for i, m in enumerate(amounts):
        form = _bare_form(m.text)
        if (
            form in codes
            and m.currency == _DEFAULT[form]
            and not _CODED_RE.match(m.text)
            and not _in_us_list(amounts, i, text)
        ):
            m = replace(m, currency=codes[form])
        if (
            m.alt_currency == "USD"
            and "$" in codes
            and m.currency != codes["$"]
            and _bare_alternative(m.text)
        ):
            m = replace(m, alt_currency=codes["$"])
        out.append(m)
    return out


_BARE_SCALED_RE = re.compile(money_pattern("bare_scaled"))


#: An amount of cents, "80 cents", "a 40-cent dividend", "20c", read in CENTS_CURRENCY.
_CENTS_RE = re.compile(r"\d(?:\s?|-)cents?$|\dc$")


def with_story_cents(amounts: list[Money]) -> list[Money]:
    """``amounts`` with their cents in the currency most of the story's other amounts are in,
    where that currency counts in cents.

    >>> from analytics.money import find_amounts
    >>> story = "Tomis sold for R340 million and R140 million; the offer is 80 cents a share."
    >>> [(m.text, m.currency) for m in with_story_cents(find_amounts(story))][-1]
    ('80 cents', 'ZAR')
    """
    cents = [m.currency == CENTS_CURRENCY and bool(_CENTS_RE.search(m.text)) for m in amounts]
    if not any(cents):
        return amounts
    counts: dict[str, int] = {}
    for m, is_cents in zip(amounts, cents, strict=True):
        if not is_cents:
            counts[m.currency] = counts.get(m.currency, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: kv[1], reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return amounts  # no amount, or no one currency the story is in
    story = ranked[0][0]
    if story == CENTS_CURRENCY or story not in _table().cents:
        return amounts
    return [replace(m, currency=story) if c else m for m, c in zip(amounts, cents, strict=True)]


def with_bare_scaled(text: str, found: list[Money]) -> list[Money]:
    """``found`` and the amounts a story in another language writes with a scale word and no
    currency, where every amount it writes with one is in the same currency.

    >>> story = "Les startups ont levé 62,2 millions d'euros, contre 56 millions."
    >>> from analytics.money import find_amounts
    >>> [(m.text, m.amount, m.currency) for m in with_bare_scaled(story, find_amounts(story))]
    [("62,2 millions d'euros", 62200000.0, 'EUR'), ('56 millions', 56000000.0, 'EUR')]
    """
    if "mil" not in text:  # every scale word it reads holds it: most stories have none
        return found
    currencies = {m.currency for m in found}
    if len(currencies) != 1 or not any(m.text[:1].isdigit() for m in found):
        return found
    (currency,) = currencies
    extra = [
        Money(b.start(), b.end(), b.group(), value, currency)
        for b in _BARE_SCALED_RE.finditer(text)
        if (value := _scaled_amount(b.group(1), b.group(2))) is not None
    ]
    return with_amounts(found, extra)


def _scaled_amount(digits: str, scale: str) -> float | None:
    """A number and the scale word after it, read as the money reader reads them ("9,3
    millones" is 9.3 million, "1.500 millones" 1,500 million); None for digits it cannot read
    (no amount of 0)."""
    number = _number(_continental(digits, scale), scaled=True)
    return None if number is None else _times(number, SCALES[scale])
