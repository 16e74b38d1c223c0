"""Money phrases: the specification of ``analytics.money.find_amounts`` as example tables.

Every phrase here was written for this project (none is pasted from an article). Each table is one
concern: amounts and scale words, currencies, grouping and decimals, ranges, qualifiers,
parenthetical equivalents, things that are not money, and phrases inside full sentences.

Conventions these tables fix (see docs/ARCHITECTURE.md for the ``Money`` record):

* ``$`` alone and "dollars" alone are USD; "dollars" after a country adjective takes that
  country's code ("Canadian dollars" is CAD).
* ``¥`` alone and "yen" are JPY; CNY only with "CN¥", "RMB", "CNY" or "yuan".
* "crore" is 10**7 and "lakh" is 10**5; "lakh crore" is 10**12.
* "dirhams" is AED, "kronor" is SEK, "reais" is BRL, "Saudi riyals" is SAR, "pounds" and
  "sterling" are GBP, "won" after a number and a scale word is KRW.
* A comma followed by exactly three digits groups thousands; a comma followed by one or two
  digits is a decimal comma ("€1,5 million" is 1.5 million). Dots work the same way when a number
  has several of them ("1.200.000 €").
* A range gives ``amount`` (low end) and ``amount_max`` (high end); a scale word written once at
  the end applies to both ends ("$5-10 million").
* ``Money.text`` is the amount as written: currency symbol or code, number, scale word, currency
  word, and a parenthetical equivalent when there is one. It may also start with the qualifier
  (or the "between"/"from" of a range) but holds no other words.
* The qualifier belongs to the first amount; a "~" inside a parenthetical equivalent does not set
  it.
"""

from __future__ import annotations

from itertools import pairwise
from typing import NamedTuple

import pytest

from analytics.money import Money, find_amounts


class Exp(NamedTuple):
    """One expected Money: amount, ISO code, the span text, and the optional fields."""

    amount: float
    currency: str
    span: str | None = None  # None: the whole phrase
    hi: float | None = None  # amount_max
    q: str | None = None  # qualifier
    alt: tuple[float, str] | None = None  # (alt_amount, alt_currency)


#: Words a span may start with before the amount proper (the qualifier, or a range's opener).
SPAN_PREFIXES = {
    "about",
    "approximately",
    "around",
    "roughly",
    "~",
    "circa",
    "over",
    "more than",
    "nearly",
    "almost",
    "up to",
    "upwards of",
    "less than",
    "at least",
    "just under",
    "just over",
    "some",
    "between",
    "from",
}


def _span_ok(got: str, want: str) -> bool:
    if got == want:
        return True
    if not got.endswith(want):
        return False
    head = got[: -len(want)].strip().lower()
    return head in SPAN_PREFIXES


def _check(m: Money, text: str, exp: Exp) -> None:
    span = exp.span if exp.span is not None else text.strip()
    assert isinstance(m, Money)
    assert 0 <= m.start < m.end <= len(text)
    assert text[m.start : m.end] == m.text, "Money.text must be the slice text[start:end]"
    assert _span_ok(m.text, span), f"span {m.text!r}, expected {span!r}"
    assert m.amount == pytest.approx(exp.amount, rel=1e-9)
    assert m.currency == exp.currency
    if exp.hi is None:
        assert m.amount_max is None
    else:
        assert m.amount_max == pytest.approx(exp.hi, rel=1e-9)
    assert m.qualifier == exp.q
    if exp.alt is None:
        assert m.alt_amount is None
        assert m.alt_currency is None
    else:
        assert m.alt_amount == pytest.approx(exp.alt[0], rel=1e-9)
        assert m.alt_currency == exp.alt[1]


def _check_one(phrase: str, exp: Exp) -> None:
    found = find_amounts(phrase)
    assert len(found) == 1, f"expected one amount in {phrase!r}, got {found!r}"
    _check(found[0], phrase, exp)


def p(phrase: str, exp: Exp, id: str, xfail: str | None = None):
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(phrase, exp, id=id, marks=marks)


# --------------------------------------------------------------------------------------------
# 1. Amounts and scale words (USD unless the phrase says otherwise)
# --------------------------------------------------------------------------------------------
AMOUNTS = [
    p("$8M", Exp(8e6, "USD"), "M-suffix"),
    p("$8 million", Exp(8e6, "USD"), "million"),
    p("$8m", Exp(8e6, "USD"), "m-suffix"),
    p("$8 mn", Exp(8e6, "USD"), "mn"),
    p("$8 mln", Exp(8e6, "USD"), "mln"),
    p("$8 Million", Exp(8e6, "USD"), "Million-capitalized"),
    p("$1 million", Exp(1e6, "USD"), "one-million-digits"),
    p("$0.5 million", Exp(5e5, "USD"), "half-million-decimal"),
    p("$12.75M", Exp(12.75e6, "USD"), "two-decimals-M"),
    p("$16.1m", Exp(16.1e6, "USD"), "decimal-m"),
    p("$300M", Exp(3e8, "USD"), "hundreds-M"),
    p("$1.2bn", Exp(1.2e9, "USD"), "bn"),
    p("$1.2 billion", Exp(1.2e9, "USD"), "billion"),
    p("$1.2B", Exp(1.2e9, "USD"), "B-suffix"),
    p("$1.2 bln", Exp(1.2e9, "USD"), "bln"),
    p("$2 bn", Exp(2e9, "USD"), "bn-spaced"),
    p("$2.5 billion", Exp(2.5e9, "USD"), "decimal-billion"),
    p("$3 trillion", Exp(3e12, "USD"), "trillion"),
    p("$3tn", Exp(3e12, "USD"), "tn"),
    p("$1.5 tn", Exp(1.5e12, "USD"), "tn-spaced"),
    p("$500k", Exp(5e5, "USD"), "k"),
    p("$500K", Exp(5e5, "USD"), "K"),
    p("$500 thousand", Exp(5e5, "USD"), "thousand"),
    p("$500,000", Exp(5e5, "USD"), "grouped-thousands"),
    p("$1.5k", Exp(1500, "USD"), "decimal-k"),
    p("$1,200", Exp(1200, "USD"), "grouped-1200"),
    p("$300", Exp(300, "USD"), "plain-300"),
    p("$45", Exp(45, "USD"), "plain-45"),
    p("$9.99", Exp(9.99, "USD"), "cents"),
    p("a million dollars", Exp(1e6, "USD"), "word-a-million-dollars"),
    p("one billion dollars", Exp(1e9, "USD"), "word-one-billion-dollars"),
    p("half a billion dollars", Exp(5e8, "USD"), "word-half-a-billion"),
    p("half a million dollars", Exp(5e5, "USD"), "word-half-a-million"),
    p("a billion dollars", Exp(1e9, "USD"), "word-a-billion-dollars"),
    p("two million euros", Exp(2e6, "EUR"), "word-two-million-euros"),
    p("one million pounds", Exp(1e6, "GBP"), "word-one-million-pounds"),
    p("twenty-five million dollars", Exp(25e6, "USD"), "word-twenty-five-million"),
    p(
        "a quarter of a billion dollars",
        Exp(2.5e8, "USD"),
        "word-quarter-of-a-billion",
    ),
    p("€4.5m", Exp(4.5e6, "EUR"), "eur-decimal-m"),
    p("£750k", Exp(7.5e5, "GBP"), "gbp-k"),
    p("Rs 500 crore", Exp(5e9, "INR"), "crore"),
    p("Rs 50 lakh", Exp(5e6, "INR"), "lakh"),
    p("₹1,200 crore", Exp(1.2e10, "INR"), "rupee-sign-grouped-crore"),
    p("INR 300 crore", Exp(3e9, "INR"), "inr-code-crore"),
    p("₹2.5 crore", Exp(2.5e7, "INR"), "decimal-crore"),
    p("Rs 1.5 lakh", Exp(1.5e5, "INR"), "decimal-lakh"),
    p("Rs 5 lakh crore", Exp(5e12, "INR"), "lakh-crore"),
    p("¥10 billion", Exp(1e10, "JPY"), "yen-sign-billion"),
    p("10 billion yen", Exp(1e10, "JPY"), "billion-yen-word"),
    p("₩5 billion", Exp(5e9, "KRW"), "won-sign-billion"),
    p("KRW 12 billion", Exp(1.2e10, "KRW"), "krw-code-billion"),
    p("R$20 million", Exp(2e7, "BRL"), "real-sign-million"),
]


@pytest.mark.parametrize(("phrase", "exp"), AMOUNTS)
def test_amounts_and_scale_words(phrase: str, exp: Exp) -> None:
    _check_one(phrase, exp)


# --------------------------------------------------------------------------------------------
# 2. Currencies: symbols, prefixes, ISO codes before/after (with or without a space), words
# --------------------------------------------------------------------------------------------
CURRENCIES = [
    # US dollar
    p("US$5 million", Exp(5e6, "USD"), "usd-US$"),
    p("US$ 5 million", Exp(5e6, "USD"), "usd-US$-spaced"),
    p("USD 5m", Exp(5e6, "USD"), "usd-code-before"),
    p("USD5m", Exp(5e6, "USD"), "usd-code-before-nospace"),
    p("5 million USD", Exp(5e6, "USD"), "usd-code-after"),
    p("5m USD", Exp(5e6, "USD"), "usd-code-after-m"),
    p("5 million dollars", Exp(5e6, "USD"), "usd-dollars-word"),
    p("5 million US dollars", Exp(5e6, "USD"), "usd-US-dollars"),
    p("5 million U.S. dollars", Exp(5e6, "USD"), "usd-U.S.-dollars"),
    # Canadian, Australian, New Zealand, Hong Kong, Singapore dollars
    p("C$10 million", Exp(1e7, "CAD"), "cad-C$"),
    p("CA$10 million", Exp(1e7, "CAD"), "cad-CA$"),
    p("CAD 10 million", Exp(1e7, "CAD"), "cad-code"),
    p("10 million Canadian dollars", Exp(1e7, "CAD"), "cad-words"),
    p("A$15 million", Exp(1.5e7, "AUD"), "aud-A$"),
    p("AU$15 million", Exp(1.5e7, "AUD"), "aud-AU$"),
    p("AUD 15 million", Exp(1.5e7, "AUD"), "aud-code"),
    p("15 million Australian dollars", Exp(1.5e7, "AUD"), "aud-words"),
    p("NZ$4 million", Exp(4e6, "NZD"), "nzd-NZ$"),
    p("NZD 4 million", Exp(4e6, "NZD"), "nzd-code"),
    p("4 million New Zealand dollars", Exp(4e6, "NZD"), "nzd-words"),
    p("HK$200 million", Exp(2e8, "HKD"), "hkd-HK$"),
    p("HKD 200 million", Exp(2e8, "HKD"), "hkd-code"),
    p("200 million Hong Kong dollars", Exp(2e8, "HKD"), "hkd-words"),
    p("S$5 million", Exp(5e6, "SGD"), "sgd-S$"),
    p("SGD 5 million", Exp(5e6, "SGD"), "sgd-code"),
    p("5 million Singapore dollars", Exp(5e6, "SGD"), "sgd-words"),
    p("NT$300 million", Exp(3e8, "TWD"), "twd-NT$"),
    # Pound and euro
    p("£5m", Exp(5e6, "GBP"), "gbp-sign"),
    p("GBP 5 million", Exp(5e6, "GBP"), "gbp-code"),
    p("5 million pounds", Exp(5e6, "GBP"), "gbp-pounds"),
    p("5 million pounds sterling", Exp(5e6, "GBP"), "gbp-pounds-sterling"),
    p("€3.2 million", Exp(3.2e6, "EUR"), "eur-sign"),
    p("EUR 3.2 million", Exp(3.2e6, "EUR"), "eur-code-before"),
    p("EUR3.2m", Exp(3.2e6, "EUR"), "eur-code-nospace"),
    p("3.2 million euros", Exp(3.2e6, "EUR"), "eur-euros-word"),
    p("3.2 million EUR", Exp(3.2e6, "EUR"), "eur-code-after"),
    # Yen and yuan
    p("¥800 million", Exp(8e8, "JPY"), "jpy-yen-sign-default"),
    p("JPY 800 million", Exp(8e8, "JPY"), "jpy-code"),
    p("800 million yen", Exp(8e8, "JPY"), "jpy-word"),
    p("CN¥50 million", Exp(5e7, "CNY"), "cny-CN¥"),
    p("RMB 50 million", Exp(5e7, "CNY"), "cny-RMB-before"),
    p("RMB50 million", Exp(5e7, "CNY"), "cny-RMB-nospace"),
    p("50 million RMB", Exp(5e7, "CNY"), "cny-RMB-after"),
    p("50 million yuan", Exp(5e7, "CNY"), "cny-yuan"),
    p("50 million Chinese yuan", Exp(5e7, "CNY"), "cny-chinese-yuan"),
    p("CNY 50 million", Exp(5e7, "CNY"), "cny-code"),
    # Rupee
    p("₹500 crore", Exp(5e9, "INR"), "inr-sign"),
    p("₹ 75 lakh", Exp(7.5e6, "INR"), "inr-sign-spaced"),
    p("Rs. 500 crore", Exp(5e9, "INR"), "inr-Rs-dot"),
    p("Rs500 crore", Exp(5e9, "INR"), "inr-Rs-nospace"),
    p("Rs 2,000 crore", Exp(2e10, "INR"), "inr-Rs-grouped"),
    p("INR 40 million", Exp(4e7, "INR"), "inr-code-million"),
    p("500 crore rupees", Exp(5e9, "INR"), "inr-rupees-word"),
    # Real, won, Swiss franc, Nordic crowns
    p("R$ 20 million", Exp(2e7, "BRL"), "brl-R$-spaced"),
    p("BRL 20 million", Exp(2e7, "BRL"), "brl-code"),
    p("20 million reais", Exp(2e7, "BRL"), "brl-reais"),
    p("20 million Brazilian reais", Exp(2e7, "BRL"), "brl-brazilian-reais"),
    p("₩12bn", Exp(1.2e10, "KRW"), "krw-sign-bn"),
    p("5 billion won", Exp(5e9, "KRW"), "krw-won-word"),
    p("12 billion Korean won", Exp(1.2e10, "KRW"), "krw-korean-won"),
    p("CHF 12 million", Exp(1.2e7, "CHF"), "chf-code"),
    p("CHF12m", Exp(1.2e7, "CHF"), "chf-code-nospace"),
    p("12 million Swiss francs", Exp(1.2e7, "CHF"), "chf-swiss-francs"),
    p("SEK 100 million", Exp(1e8, "SEK"), "sek-code"),
    p("100 million kronor", Exp(1e8, "SEK"), "sek-kronor"),
    p("100 million Swedish kronor", Exp(1e8, "SEK"), "sek-swedish-kronor"),
    p("NOK 50 million", Exp(5e7, "NOK"), "nok-code"),
    p("DKK 30 million", Exp(3e7, "DKK"), "dkk-code"),
    # Gulf currencies
    p("55AED", Exp(55, "AED"), "aed-code-after-nospace"),
    p("AED 55", Exp(55, "AED"), "aed-code-before"),
    p("AED 10 million", Exp(1e7, "AED"), "aed-million"),
    p("AED10m", Exp(1e7, "AED"), "aed-nospace-m"),
    p("10 million dirhams", Exp(1e7, "AED"), "aed-dirhams"),
    p("SAR 10 million", Exp(1e7, "SAR"), "sar-code"),
    p("10 million Saudi riyals", Exp(1e7, "SAR"), "sar-saudi-riyals"),
    p("QAR 5 million", Exp(5e6, "QAR"), "qar-code"),
    # Others
    p("NGN 500 million", Exp(5e8, "NGN"), "ngn-code"),
    p("₦500 million", Exp(5e8, "NGN"), "ngn-sign"),
    p("KES 100 million", Exp(1e8, "KES"), "kes-code"),
    p("EGP 50 million", Exp(5e7, "EGP"), "egp-code"),
    p("PLN 20 million", Exp(2e7, "PLN"), "pln-code"),
    p("ZAR 50 million", Exp(5e7, "ZAR"), "zar-code"),
    p("MXN 100 million", Exp(1e8, "MXN"), "mxn-code"),
]


@pytest.mark.parametrize(("phrase", "exp"), CURRENCIES)
def test_currencies(phrase: str, exp: Exp) -> None:
    _check_one(phrase, exp)


# --------------------------------------------------------------------------------------------
# 3. Grouping and decimals
# --------------------------------------------------------------------------------------------
GROUPING = [
    p("1.200.000 €", Exp(1.2e6, "EUR"), "dot-grouping-sign-after"),
    p("€1.200.000", Exp(1.2e6, "EUR"), "dot-grouping-sign-before"),
    p("€ 1.200.000", Exp(1.2e6, "EUR"), "dot-grouping-sign-spaced"),
    p("€1.200.000,00", Exp(1.2e6, "EUR"), "dot-grouping-comma-cents"),
    p("1.200,50 €", Exp(1200.5, "EUR"), "dot-grouping-comma-decimal"),
    p("€1,5 million", Exp(1.5e6, "EUR"), "decimal-comma-million"),
    p("$1,000,000.50", Exp(1000000.5, "USD"), "comma-grouping-cents"),
    p("$1,200.75", Exp(1200.75, "USD"), "grouped-with-cents"),
    p("$12,345,678", Exp(12345678, "USD"), "three-groups"),
    p("$100,000.00", Exp(1e5, "USD"), "zero-cents"),
    p("£16.1 million", Exp(16.1e6, "GBP"), "decimal-million-gbp"),
    p("£0.75bn", Exp(7.5e8, "GBP"), "leading-zero-decimal-bn"),
    p("$3.0 million", Exp(3e6, "USD"), "trailing-zero-decimal"),
    p("$ 3 million", Exp(3e6, "USD"), "space-after-dollar"),
    p("2,5 millions d'euros", Exp(2.5e6, "EUR"), "french-millions-d-euros"),
    p("2 milliards d’euros", Exp(2e9, "EUR"), "french-milliards-d-euros"),
    p("₹4 Cr", Exp(4e7, "INR"), "crore-abbreviated-capital-cr"),
    p("$200 Mn", Exp(2e8, "USD"), "million-abbreviated-mn"),
    p(
        "3,5 Millionen Euro",
        Exp(3.5e6, "EUR"),
        "german-millionen-euro",
    ),
    p("1 200 000 €", Exp(1.2e6, "EUR"), "space-grouping"),
]


@pytest.mark.parametrize(("phrase", "exp"), GROUPING)
def test_grouping_and_decimals(phrase: str, exp: Exp) -> None:
    _check_one(phrase, exp)


# --------------------------------------------------------------------------------------------
# 4. Ranges: amount is the low end, amount_max the high end
# --------------------------------------------------------------------------------------------
RANGES = [
    p("$50,000 to $100,000", Exp(5e4, "USD", hi=1e5), "grouped-to-grouped"),
    p("$5–10 million", Exp(5e6, "USD", hi=1e7), "en-dash-shared-scale"),
    p("$5-10 million", Exp(5e6, "USD", hi=1e7), "hyphen-shared-scale"),
    p("$5 to $10 million", Exp(5e6, "USD", hi=1e7), "to-shared-scale"),
    p("between €2m and €3m", Exp(2e6, "EUR", "€2m and €3m", hi=3e6), "between-and"),
    p("between $2bn and $3bn", Exp(2e9, "USD", "$2bn and $3bn", hi=3e9), "between-bn"),
    p(
        "between $40 and $60 million",
        Exp(4e7, "USD", "$40 and $60 million", hi=6e7),
        "between-shared-scale",
    ),
    p("$20 million to $25 million", Exp(2e7, "USD", hi=2.5e7), "million-to-million"),
    p("from $1m to $2m", Exp(1e6, "USD", "$1m to $2m", hi=2e6), "from-to"),
    p("£3-4bn", Exp(3e9, "GBP", hi=4e9), "gbp-hyphen-bn"),
    p("$10 million-$15 million", Exp(1e7, "USD", hi=1.5e7), "hyphen-both-full"),
    p("$5m-$10m", Exp(5e6, "USD", hi=1e7), "hyphen-both-m"),
    p("€5m–€7m", Exp(5e6, "EUR", hi=7e6), "en-dash-both-eur"),
    p("$500,000 to $1 million", Exp(5e5, "USD", hi=1e6), "different-scales"),
    p("$800k–$1.2m", Exp(8e5, "USD", hi=1.2e6), "k-to-m"),
    p("$1.5m–2m", Exp(1.5e6, "USD", hi=2e6), "second-without-symbol"),
    p("$1 billion to $1.5 billion", Exp(1e9, "USD", hi=1.5e9), "billion-to-billion"),
    p("€2-3 billion", Exp(2e9, "EUR", hi=3e9), "eur-hyphen-billion"),
    p("Rs 100-150 crore", Exp(1e9, "INR", hi=1.5e9), "crore-range"),
    p("¥1–2 billion", Exp(1e9, "JPY", hi=2e9), "yen-range"),
    p("$30 to $40", Exp(30, "USD", hi=40), "small-prices"),
]


@pytest.mark.parametrize(("phrase", "exp"), RANGES)
def test_ranges(phrase: str, exp: Exp) -> None:
    _check_one(phrase, exp)


# --------------------------------------------------------------------------------------------
# 5. Qualifiers: lower case as written, "~" and "circa" become "about"
# --------------------------------------------------------------------------------------------
QUALIFIERS = [
    p("about $5 million", Exp(5e6, "USD", "$5 million", q="about"), "about"),
    p("About $5 million", Exp(5e6, "USD", "$5 million", q="about"), "About-capitalized"),
    p(
        "approximately $436 million",
        Exp(4.36e8, "USD", "$436 million", q="approximately"),
        "approximately",
    ),
    p("around €20m", Exp(2e7, "EUR", "€20m", q="around"), "around"),
    p("roughly £3bn", Exp(3e9, "GBP", "£3bn", q="roughly"), "roughly"),
    p("~$22.6M", Exp(22.6e6, "USD", "$22.6M", q="about"), "tilde"),
    p("~ €8m", Exp(8e6, "EUR", "€8m", q="about"), "tilde-spaced"),
    p("circa €10m", Exp(1e7, "EUR", "€10m", q="about"), "circa"),
    p("over £17 million", Exp(1.7e7, "GBP", "£17 million", q="over"), "over"),
    p("more than $100 million", Exp(1e8, "USD", "$100 million", q="more than"), "more-than"),
    p("More than $100 million", Exp(1e8, "USD", "$100 million", q="more than"), "More-than-cap"),
    p("nearly $1 billion", Exp(1e9, "USD", "$1 billion", q="nearly"), "nearly"),
    p("almost ₹500 crore", Exp(5e9, "INR", "₹500 crore", q="almost"), "almost"),
    p("up to $10,000", Exp(1e4, "USD", "$10,000", q="up to"), "up-to"),
    p("Up to £250,000", Exp(2.5e5, "GBP", "£250,000", q="up to"), "Up-to-cap"),
    p("upwards of $50,000", Exp(5e4, "USD", "$50,000", q="upwards of"), "upwards-of"),
    p("less than $10 million", Exp(1e7, "USD", "$10 million", q="less than"), "less-than"),
    p("at least $2 million", Exp(2e6, "USD", "$2 million", q="at least"), "at-least"),
    p("just under $4 million", Exp(4e6, "USD", "$4 million", q="just under"), "just-under"),
    p("just over $3 million", Exp(3e6, "USD", "$3 million", q="just over"), "just-over"),
    p("some $40 million", Exp(4e7, "USD", "$40 million", q="some"), "some"),
    p(
        "upwards of $20,000 to $80,000",
        Exp(2e4, "USD", "$20,000 to $80,000", hi=8e4, q="upwards of"),
        "upwards-of-range",
    ),
    p(
        "roughly $5–10 million",
        Exp(5e6, "USD", "$5–10 million", hi=1e7, q="roughly"),
        "roughly-range",
    ),
]


@pytest.mark.parametrize(("phrase", "exp"), QUALIFIERS)
def test_qualifiers(phrase: str, exp: Exp) -> None:
    _check_one(phrase, exp)


# --------------------------------------------------------------------------------------------
# 6. Parenthetical equivalents: ONE Money, the text covers the parenthesis
# --------------------------------------------------------------------------------------------
ALTS = [
    p("£17 million (~$22.6M)", Exp(1.7e7, "GBP", alt=(22.6e6, "USD")), "gbp-tilde-usd"),
    p("$436 million (€385 million)", Exp(4.36e8, "USD", alt=(3.85e8, "EUR")), "usd-eur"),
    p("$15 (55AED)", Exp(15, "USD", alt=(55, "AED")), "usd-aed-nospace"),
    p("$15 (AED 55)", Exp(15, "USD", alt=(55, "AED")), "usd-aed-spaced"),
    p("€40 million ($43.5 million)", Exp(4e7, "EUR", alt=(43.5e6, "USD")), "eur-usd"),
    p(
        "Rs 500 crore (about $60 million)",
        Exp(5e9, "INR", alt=(6e7, "USD")),
        "inr-about-usd",
    ),
    p("₹1,000 crore ($120 million)", Exp(1e10, "INR", alt=(1.2e8, "USD")), "inr-sign-usd"),
    p("¥5 billion (about $45 million)", Exp(5e9, "JPY", alt=(4.5e7, "USD")), "jpy-about-usd"),
    p("A$30 million (US$20 million)", Exp(3e7, "AUD", alt=(2e7, "USD")), "aud-usd"),
    p("C$12 million (US$9 million)", Exp(1.2e7, "CAD", alt=(9e6, "USD")), "cad-usd"),
    p("£2.5bn ($3.2bn)", Exp(2.5e9, "GBP", alt=(3.2e9, "USD")), "gbp-usd-bn"),
    p("SEK 500 million ($48 million)", Exp(5e8, "SEK", alt=(4.8e7, "USD")), "sek-usd"),
    p("CHF 100 million (€95 million)", Exp(1e8, "CHF", alt=(9.5e7, "EUR")), "chf-eur"),
    p("R$50 million (US$10 million)", Exp(5e7, "BRL", alt=(1e7, "USD")), "brl-usd"),
    p(
        "€1.2 billion (approximately $1.3 billion)",
        Exp(1.2e9, "EUR", alt=(1.3e9, "USD")),
        "eur-approximately-usd",
    ),
    p("₩12 billion ($10 million)", Exp(1.2e10, "KRW", alt=(1e7, "USD")), "krw-usd"),
    p("$10 million (£7.8 million)", Exp(1e7, "USD", alt=(7.8e6, "GBP")), "usd-gbp"),
    p("AED 2.2 million ($600,000)", Exp(2.2e6, "AED", alt=(6e5, "USD")), "aed-usd"),
    p("HK$780 million (US$100 million)", Exp(7.8e8, "HKD", alt=(1e8, "USD")), "hkd-usd"),
    p(
        "CN¥700 million (roughly $100 million)",
        Exp(7e8, "CNY", alt=(1e8, "USD")),
        "cny-roughly-usd",
    ),
    p(
        "over £17 million (~$22.6M)",
        Exp(1.7e7, "GBP", "£17 million (~$22.6M)", q="over", alt=(22.6e6, "USD")),
        "qualified-gbp-tilde-usd",
    ),
    p(
        "approximately $436 million (€385 million)",
        Exp(4.36e8, "USD", "$436 million (€385 million)", q="approximately", alt=(3.85e8, "EUR")),
        "qualified-usd-eur",
    ),
]


@pytest.mark.parametrize(("phrase", "exp"), ALTS)
def test_parenthetical_equivalents(phrase: str, exp: Exp) -> None:
    _check_one(phrase, exp)


# --------------------------------------------------------------------------------------------
# 7. Not money: find_amounts returns []
# --------------------------------------------------------------------------------------------
NOT_MONEY = [
    # Exchange-rate notes under wire stories hold no money event.
    "($1 = 0.8448 pounds)",
    "($1 = 115.5600 yen)",
    "(1 euro = $1.08)",
    pytest.param("20%", id="percent-sign"),
    pytest.param("up 30 per cent", id="per-cent"),
    pytest.param("a 15 percent stake", id="percent-word"),
    pytest.param("0.5 percentage points", id="percentage-points"),
    pytest.param("in 2021", id="year"),
    pytest.param("2019-2020", id="year-range-hyphen"),
    pytest.param("2019–2020", id="year-range-en-dash"),
    pytest.param("May 27, 2020", id="date-us"),
    pytest.param("27 May 2020", id="date-uk"),
    pytest.param("2020-05-27", id="date-iso"),
    pytest.param("Q3 2023", id="quarter"),
    pytest.param("FY2024", id="fiscal-year"),
    pytest.param("the 1980s", id="decade"),
    pytest.param("120 million learners", id="count-learners"),
    pytest.param("3 million users", id="count-users"),
    pytest.param("8m users", id="count-m-users"),
    pytest.param("500,000 paying subscribers", id="count-subscribers"),
    pytest.param("160 countries", id="count-countries"),
    pytest.param("1.2 billion people", id="count-people"),
    pytest.param("300 employees", id="count-employees"),
    pytest.param("2.5 million downloads", id="count-downloads"),
    pytest.param("1 in 5 adults", id="ratio"),
    pytest.param("4 gigabytes", id="size-gigabytes"),
    pytest.param("16GB", id="size-GB"),
    pytest.param("500 kg", id="weight-kg"),
    pytest.param("1 million square feet", id="area"),
    pytest.param("50 MW", id="power"),
    pytest.param("5 nm chips", id="process-node"),
    pytest.param("45 minutes", id="duration"),
    pytest.param("4.5 stars", id="rating"),
    pytest.param("2-for-1", id="two-for-one"),
    pytest.param("501 (c) (3)", id="tax-code-501c3"),
    pytest.param("Section 230", id="law-section"),
    pytest.param("Article 83", id="law-article"),
    pytest.param("Series A", id="series-a-alone"),
    pytest.param("Series B round", id="series-b-round"),
    pytest.param("8 a.m.", id="time"),
    pytest.param("24/7", id="twenty-four-seven"),
    pytest.param("+1 415 555 0134", id="phone-international"),
    pytest.param("(020) 7946 0958", id="phone-uk"),
    pytest.param("iOS 17.2", id="version-ios"),
    pytest.param("Web 3.0", id="version-web3"),
    pytest.param("Windows 11", id="product-windows"),
    pytest.param("GPT-4", id="model-name"),
    pytest.param("Boeing 737", id="aircraft"),
    pytest.param("F-35", id="fighter-jet"),
    pytest.param("No. 1", id="rank"),
    pytest.param("top 10", id="top-ten"),
    pytest.param("Fortune 500", id="fortune-500"),
    pytest.param("the S&P 500", id="sp-500"),
    pytest.param("10x returns", id="multiple"),
    pytest.param("a 3-year deal", id="duration-compound"),
    pytest.param("$", id="dollar-sign-alone"),
    pytest.param("paid in euros", id="currency-word-alone"),
    pytest.param("priced in yen", id="yen-word-alone"),
    pytest.param("millions of dollars", id="vague-millions"),
    pytest.param("hundreds of millions of euros", id="vague-hundreds-of-millions"),
    pytest.param("won 3 awards", id="won-verb"),
    pytest.param("pound for pound", id="pound-idiom"),
    pytest.param("Covid-19", id="covid-19"),
    pytest.param("G20", id="g20"),
    pytest.param("3D", id="3d"),
    pytest.param("5G", id="5g"),
    pytest.param("3M", id="company-3m"),
    pytest.param("7-Eleven", id="company-7-eleven"),
]


@pytest.mark.parametrize("phrase", NOT_MONEY)
def test_not_money(phrase: str) -> None:
    assert find_amounts(phrase) == []


def test_empty_text() -> None:
    assert find_amounts("") == []


# --------------------------------------------------------------------------------------------
# 8. In sentences: exact spans, every amount in order, and nothing else
# --------------------------------------------------------------------------------------------
def s(sentence: str, *exps: Exp, id: str, xfail: str | None = None):
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(sentence, list(exps), id=id, marks=marks)


SENTENCES = [
    s("The startup raised $8 million last week.", Exp(8e6, "USD", "$8 million"), id="plain"),
    s(
        "Tessaly Robotics has raised $12.5M in a Series A round.",
        Exp(12.5e6, "USD", "$12.5M"),
        id="series-a-M",
    ),
    s(
        "Marlowin Health closed a €30 million Series B on Tuesday.",
        Exp(3e7, "EUR", "€30 million"),
        id="eur-series-b",
    ),
    s(
        "The London-based company secured £4.2m in seed funding.",
        Exp(4.2e6, "GBP", "£4.2m"),
        id="gbp-seed",
    ),
    s(
        "Orbisque raised Rs 75 crore from a clutch of Indian investors.",
        Exp(7.5e8, "INR", "Rs 75 crore"),
        id="inr-crore",
    ),
    s(
        "The Indian edtech raised Rs 50 lakh from angel investors in 2018.",
        Exp(5e6, "INR", "Rs 50 lakh"),
        id="inr-lakh-and-year",
    ),
    s(
        "Pendrel AI has raised ¥1.8 billion to expand in Osaka.",
        Exp(1.8e9, "JPY", "¥1.8 billion"),
        id="jpy",
    ),
    s(
        "It paid ¥300 million for the Osaka plant.",
        Exp(3e8, "JPY", "¥300 million"),
        id="jpy-price",
    ),
    s(
        "Kavenly was fined €30 million by the CNIL.",
        Exp(3e7, "EUR", "€30 million"),
        id="fine-eur",
    ),
    s(
        "Regulators want Thistlecap to pay a fine of up to £250,000.",
        Exp(2.5e5, "GBP", "£250,000", q="up to"),
        id="fine-up-to",
    ),
    s(
        "The ICO said it intends to fine Grendle over £17 million (~$22.6M) for the breach.",
        Exp(1.7e7, "GBP", "£17 million (~$22.6M)", q="over", alt=(22.6e6, "USD")),
        id="fine-over-with-alt",
    ),
    s(
        "Nuvaro will buy Solvenne for approximately $436 million (€385 million) in cash.",
        Exp(4.36e8, "USD", "$436 million (€385 million)", q="approximately", alt=(3.85e8, "EUR")),
        id="acquisition-approximately-with-alt",
    ),
    s(
        "Vantorik raised $5m at a $50m valuation.",
        Exp(5e6, "USD", "$5m"),
        Exp(5e7, "USD", "$50m"),
        id="two-round-and-valuation",
    ),
    s(
        "The round, which values Lumora Pay at $1.2 billion, brings its total funding to "
        "$210 million.",
        Exp(1.2e9, "USD", "$1.2 billion"),
        Exp(2.1e8, "USD", "$210 million"),
        id="two-valuation-and-total",
    ),
    s(
        "Ardentix raised $20 million in 2021 from 14 investors in 6 countries.",
        Exp(2e7, "USD", "$20 million"),
        id="money-among-counts-and-year",
    ),
    s(
        "Only 20% of the $3 million will go to research.",
        Exp(3e6, "USD", "$3 million"),
        id="money-beside-percent",
    ),
    s(
        "About 3 million users pay $4.99 a month for the app.",
        Exp(4.99, "USD", "$4.99"),
        id="price-beside-user-count",
    ),
    s(
        "The platform serves 120 million learners and earned $45 million last year.",
        Exp(4.5e7, "USD", "$45 million"),
        id="revenue-beside-learner-count",
    ),
    s(
        "Since 2019, Quillfern has raised roughly $60 million.",
        Exp(6e7, "USD", "$60 million", q="roughly"),
        id="roughly-after-year",
    ),
    s(
        "It charges $15 (55AED) for the average order.",
        Exp(15, "USD", "$15 (55AED)", alt=(55, "AED")),
        id="price-with-aed-alt",
    ),
    s(
        "The company expects revenue of about $45 million in 2021.",
        Exp(4.5e7, "USD", "$45 million", q="about"),
        id="about-revenue",
    ),
    s(
        "The market for drone insurance is worth $17 billion.",
        Exp(1.7e10, "USD", "$17 billion"),
        id="market-worth",
    ),
    s(
        "Custom molds can cost upwards of $20,000 to $80,000 each.",
        Exp(2e4, "USD", "$20,000 to $80,000", hi=8e4, q="upwards of"),
        id="qualified-range",
    ),
    s(
        "The deal is worth between €2m and €3m, people familiar with it said.",
        Exp(2e6, "EUR", "€2m and €3m", hi=3e6),
        id="between-range",
    ),
    s(
        "Analysts expect the segment to reach $3tn by 2030.",
        Exp(3e12, "USD", "$3tn"),
        id="tn-by-year",
    ),
    s(
        "Founders with less than $10 million in annual revenue can apply.",
        Exp(1e7, "USD", "$10 million", q="less than"),
        id="less-than-threshold",
    ),
    s(
        "The program offers up to $100,000 in cloud credits.",
        Exp(1e5, "USD", "$100,000", q="up to"),
        id="up-to-credits",
    ),
    s(
        "Zephyrine Labs raised A$15 million (US$10 million) from local funds.",
        Exp(1.5e7, "AUD", "A$15 million (US$10 million)", alt=(1e7, "USD")),
        id="aud-with-usd-alt",
    ),
    s(
        "In its home market, Sabrel raised R$20 million last year.",
        Exp(2e7, "BRL", "R$20 million"),
        id="brl",
    ),
    s(
        "Korean startup Hanmiro raised ₩12 billion in Series A funding.",
        Exp(1.2e10, "KRW", "₩12 billion"),
        id="krw",
    ),
    s(
        "Hanmiro raised 5 billion won from Korean investors.",
        Exp(5e9, "KRW", "5 billion won"),
        id="krw-won-word",
    ),
    s(
        "The Zurich company raised CHF 12 million from existing backers.",
        Exp(1.2e7, "CHF", "CHF 12 million"),
        id="chf",
    ),
    s(
        "The bank agreed to pay 50 million Swiss francs to settle the case.",
        Exp(5e7, "CHF", "50 million Swiss francs"),
        id="chf-words",
    ),
    s(
        "Dubai's Qarmelo raised AED 10 million in a seed round.",
        Exp(1e7, "AED", "AED 10 million"),
        id="aed",
    ),
    s(
        "Riyadh-based Nawafir secured SAR 30 million from local investors.",
        Exp(3e7, "SAR", "SAR 30 million"),
        id="sar",
    ),
    s(
        "Lagos fintech Obelo raised ₦500 million in debt.",
        Exp(5e8, "NGN", "₦500 million"),
        id="ngn",
    ),
    s(
        "The Singapore startup raised S$8 million, led by a local fund.",
        Exp(8e6, "SGD", "S$8 million"),
        id="sgd",
    ),
    s(
        "Toronto's Maplewire raised C$12 million (US$9 million).",
        Exp(1.2e7, "CAD", "C$12 million (US$9 million)", alt=(9e6, "USD")),
        id="cad-with-alt-before-period",
    ),
    s(
        "It was fined 10 million Canadian dollars by the regulator.",
        Exp(1e7, "CAD", "10 million Canadian dollars"),
        id="cad-words",
    ),
    s(
        "The deal values the company at HK$780 million.",
        Exp(7.8e8, "HKD", "HK$780 million"),
        id="hkd",
    ),
    s(
        "It raised 3.2 million euros from the EIC Accelerator.",
        Exp(3.2e6, "EUR", "3.2 million euros"),
        id="eur-words",
    ),
    s(
        "The Paris firm raised 1.200.000 € from business angels.",
        Exp(1.2e6, "EUR", "1.200.000 €"),
        id="eur-dot-grouping",
    ),
    s(
        "The Chinese startup raised RMB 100 million in a Series A+ round.",
        Exp(1e8, "CNY", "RMB 100 million"),
        id="cny-rmb",
    ),
    s(
        "Ride-hailing firm Weluo raised 500 million yuan.",
        Exp(5e8, "CNY", "500 million yuan"),
        id="cny-yuan",
    ),
    s(
        "Mubrik raised USD 5m from Gulf investors.",
        Exp(5e6, "USD", "USD 5m"),
        id="usd-code-before",
    ),
    s(
        "The round totalled 5 million USD.",
        Exp(5e6, "USD", "5 million USD"),
        id="usd-code-after",
    ),
    s(
        "Fines can reach 4% of global turnover or €20 million, whichever is higher.",
        Exp(2e7, "EUR", "€20 million"),
        id="cap-beside-percent",
    ),
    s(
        "Salaries start at $150,000 a year for senior engineers.",
        Exp(1.5e5, "USD", "$150,000"),
        id="salary",
    ),
    s(
        "The headset costs $299 and ships in 16GB and 64GB versions.",
        Exp(299, "USD", "$299"),
        id="price-beside-sizes",
    ),
    s(
        "Subscriptions cost £9.99 a month, or £99 a year.",
        Exp(9.99, "GBP", "£9.99"),
        Exp(99, "GBP", "£99"),
        id="two-prices",
    ),
    s(
        "The company lost $3.2 million on revenue of $12 million in 2022.",
        Exp(3.2e6, "USD", "$3.2 million"),
        Exp(1.2e7, "USD", "$12 million"),
        id="loss-and-revenue",
    ),
    s(
        "It raised $2m in 2019, $5m in 2020 and $12m in 2021.",
        Exp(2e6, "USD", "$2m"),
        Exp(5e6, "USD", "$5m"),
        Exp(1.2e7, "USD", "$12m"),
        id="three-amounts-with-years",
    ),
    s(
        "Investors put in more than $30 million, bringing total funding to over $100 million.",
        Exp(3e7, "USD", "$30 million", q="more than"),
        Exp(1e8, "USD", "$100 million", q="over"),
        id="two-qualified",
    ),
    s(
        "The fund, which invests $500K to $2M per deal, closed at $150 million.",
        Exp(5e5, "USD", "$500K to $2M", hi=2e6),
        Exp(1.5e8, "USD", "$150 million"),
        id="range-then-amount",
    ),
    s(
        "Thistlecap raised $3 million, and its rival raised $4 million.",
        Exp(3e6, "USD", "$3 million"),
        Exp(4e6, "USD", "$4 million"),
        id="two-rounds",
    ),
    s(
        "The regulator proposed a penalty of £3-4bn.",
        Exp(3e9, "GBP", "£3-4bn", hi=4e9),
        id="range-before-period",
    ),
    s(
        "Analysts see a valuation of $5–10 billion.",
        Exp(5e9, "USD", "$5–10 billion", hi=1e10),
        id="en-dash-range-billion",
    ),
    s(
        "The government pledged half a billion dollars for chip plants.",
        Exp(5e8, "USD", "half a billion dollars"),
        id="words-half-a-billion",
    ),
    s(
        "A million dollars buys very little compute these days.",
        Exp(1e6, "USD", "A million dollars"),
        id="words-sentence-start",
    ),
    s(
        "On May 27, 2020, it closed a $2 million round.",
        Exp(2e6, "USD", "$2 million"),
        id="after-date",
    ),
    s(
        "The 5G rollout will cost operators $1.5tn.",
        Exp(1.5e12, "USD", "$1.5tn"),
        id="after-5g",
    ),
    s(
        "Sales rose 30 per cent to €1.2 billion.",
        Exp(1.2e9, "EUR", "€1.2 billion"),
        id="after-per-cent",
    ),
    s(
        "Its F-35 contract alone is worth about $1 billion a year.",
        Exp(1e9, "USD", "$1 billion", q="about"),
        id="after-f35",
    ),
    s(
        "Vantorik's shares rose 12% after it announced a $40 million buyback.",
        Exp(4e7, "USD", "$40 million"),
        id="after-percent",
    ),
    s(
        "Backers pledged $1,204,330.50 on the crowdfunding site.",
        Exp(1204330.5, "USD", "$1,204,330.50"),
        id="grouped-cents",
    ),
    s(
        "Grendle, No. 1 in its market, raised $6 million.",
        Exp(6e6, "USD", "$6 million"),
        id="after-rank",
    ),
    s(
        "The 24/7 service costs $19 per month.",
        Exp(19, "USD", "$19"),
        id="after-24-7",
    ),
    s(
        "Call +1 415 555 0134 before 8 a.m. to claim the $50 credit.",
        Exp(50, "USD", "$50"),
        id="after-phone-and-time",
    ),
    s(
        "The iOS 17.2 update is free, but the pro tier costs $4.99.",
        Exp(4.99, "USD", "$4.99"),
        id="after-version",
    ),
    s(
        "The startup bought 500 kg of lithium for $40,000.",
        Exp(4e4, "USD", "$40,000"),
        id="after-weight",
    ),
    s(
        "Its 2-for-1 offer saves customers up to $30.",
        Exp(30, "USD", "$30", q="up to"),
        id="after-2-for-1",
    ),
    s(
        "The 501 (c) (3) nonprofit received a $250,000 grant.",
        Exp(2.5e5, "USD", "$250,000"),
        id="after-501c3",
    ),
    s(
        "The fine, set at ₹1,000 crore ($120 million), is the largest yet.",
        Exp(1e10, "INR", "₹1,000 crore ($120 million)", alt=(1.2e8, "USD")),
        id="inr-with-alt-mid-sentence",
    ),
    s(
        "The buyer agreed to pay £2.5bn ($3.2bn) for the chip designer.",
        Exp(2.5e9, "GBP", "£2.5bn ($3.2bn)", alt=(3.2e9, "USD")),
        id="gbp-with-alt-mid-sentence",
    ),
    s("Between 2019 and 2022 the startup grew to 300 employees.", id="none-years-and-count"),
    s("The Series A was led by Halyard Peak Ventures.", id="none-series-a"),
    s("Version 3.0 of the app launched on 24 March in 160 countries.", id="none-version-date"),
    s("The team won 3 awards and passed 2 million downloads.", id="none-won-and-downloads"),
    s("It spent millions of dollars on 3D printers in the 1980s.", id="none-vague-3d-decade"),
]


@pytest.mark.parametrize(("sentence", "exps"), SENTENCES)
def test_in_sentences(sentence: str, exps: list[Exp]) -> None:
    found = find_amounts(sentence)
    assert len(found) == len(exps), f"expected {len(exps)} amounts, got {found!r}"
    for m, exp in zip(found, exps, strict=True):
        _check(m, sentence, exp)
    for before, after in pairwise(found):
        assert before.end <= after.start, "amounts must be in text order and not overlap"


def test_find_amounts_returns_money_records() -> None:
    found = find_amounts("Acme raised $5 million.")
    assert isinstance(found, list)
    assert all(isinstance(m, Money) for m in found)
