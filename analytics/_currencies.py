"""Currency data: symbols, ISO codes, currency words, scale words, number words, qualifiers.

Sources: Unicode CLDR, read through Babel (ISO 4217 codes in use, the English names of each
currency with their plural forms, and the symbol each currency has in its home country's locale);
``_newsroom_currencies.json`` for what CLDR lacks: newsroom prefixes ("Rs", "KSh", "$US",
"C $"), the currency a bare unit word means ("dollars", "shillings", "pesetas"), scaled codes
("MSEK"), crypto-assets, Indian and other scale words.

CLDR is read once, on first use of ``SYMBOLS``, ``CODES``, ``WORDS`` or ``currency_tables()``
(importing this module reads only the small JSON file), so that a process that never looks for
money never pays for it.
"""

from __future__ import annotations

import json
import pickle
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

_DATA: dict[str, Any] = json.loads(
    (Path(__file__).with_name("_newsroom_currencies.json")).read_text(encoding="utf-8")
)

#: Scale words and suffixes, by multiplier. Matched case-sensitively for the one-letter ones
#: only where the table says so (see money.py).
SCALES: dict[str, float] = {k: float(v) for k, v in _DATA["scales"].items()}


#: Number words that may stand for the number ("a million dollars", "half a billion euros").
NUMBER_WORDS: dict[str, float] = {k: float(v) for k, v in _DATA["number_words"].items()}
#: The parts English numbers below a thousand are written with ("twenty-five", "one hundred and
#: fifty"): read by a pattern built from them, not listed one by one (a thousand listed phrases
#: made the money pattern's first compile half as slow again).
_ENGLISH_PARTS: dict[str, dict[str, int]] = _DATA["english_number_parts"]
_ENGLISH_VALUES = {word: v for part in _ENGLISH_PARTS.values() for word, v in part.items()}


def english_number_pattern() -> str:
    """A case-blind pattern of the English numbers below a thousand that ``NUMBER_WORDS`` does
    not list one by one: "twenty-five", "forty two", "eleven", "one hundred and fifty"."""

    def either(part: str) -> str:
        return "|".join(sorted(_ENGLISH_PARTS[part], key=len, reverse=True))

    units, teens, tens = either("units"), either("teens"), either("tens")
    below_100 = rf"(?:(?:{tens})(?:-|\s+)(?:{units})|{teens}|{tens}|{units})"
    return (
        rf"(?i:(?:{units})\s+hundred(?:\s+and\s+{below_100})?"
        rf"|(?:{tens})(?:-|\s+)(?:{units})|{teens}|{tens})"
    )


def with_english_numbers(table_pattern: str) -> str:
    r"""``table_pattern`` (words of ``NUMBER_WORDS``, each with ``\s+`` after it) or, tried
    first, an English number of ``english_number_pattern`` with ``\s+`` after it."""
    first = "".join(sorted({w[0] for part in _ENGLISH_PARTS.values() for w in part}))
    return rf"(?:(?=(?i:[{first}])){english_number_pattern()}\s+|{table_pattern})"


def number_word_value(words: str) -> float:
    """The number that number words stand for: a phrase of ``NUMBER_WORDS``, or an English
    number below a thousand (lower case, single spaces, as the money pattern matched it).

    >>> number_word_value("half a"), number_word_value("twenty-five")
    (0.5, 25.0)
    >>> number_word_value("forty two"), number_word_value("one hundred and fifty")
    (42.0, 150.0)
    """
    if words in NUMBER_WORDS:
        return NUMBER_WORDS[words]
    total = 0
    for word in words.replace("-", " ").split():
        if word == "hundred":
            total *= 100
        elif word != "and":
            total += _ENGLISH_VALUES[word]
    return float(total)


#: Words before an amount that qualify it, normalized ("~" and "circa" read as "about").
QUALIFIERS: dict[str, str] = dict(_DATA["qualifiers"])
#: Crypto-assets: money with their own code, no USD value unless a rate is known.
CRYPTO: frozenset[str] = frozenset(_DATA["crypto_codes"])
#: Currencies replaced by the euro (fx.py knows their fixed euro rates).
LEGACY: frozenset[str] = frozenset(_DATA["legacy_codes"])
#: Symbols whose currency follows the story's country ("kr", "Sh"), with their default.
LOCAL_SYMBOLS: dict[str, str] = dict(_DATA["local_symbols"])

#: The locales whose own symbols are read (their home locales: a fixed list, each costs time).
_SYMBOL_LOCALES: tuple[str, ...] = tuple(_DATA["symbol_locales"])
#: Name words that mark a fund, metal or accounting unit, not money people pay.
_NOT_MONEY_NAMES: tuple[str, ...] = tuple(_DATA["not_money_names"])


@dataclass(frozen=True)
class CurrencyTables:
    """The merged tables: newsroom forms over CLDR's."""

    symbols: dict[str, str]
    codes: frozenset[str]
    words: dict[str, str]
    #: Scaled codes ("MSEK") and their multiplier; each is in ``symbols`` too.
    scaled: dict[str, float]


def _current_codes() -> set[str]:
    """ISO codes some territory uses as legal tender today (CLDR's territory currencies)."""
    from babel.core import get_global

    return {
        code
        for spans in get_global("territory_currencies").values()
        for code, _start, end, tender in spans
        if end is None and tender
    }


class _Cldr:
    """Entries of CLDR locales, each read as ``Locale.parse(locale)._data[entry]`` reads it.

    Speed: Babel merges the whole of every parent locale into each locale it loads (a third of
    the 0.09 s these tables cost); this merges only the entries asked for, the same way: a
    locale's own value over its parent's, key by key, nested tables too. Each locale file is
    read once, for this build only.
    """

    def __init__(self) -> None:
        self._own: dict[str, dict[str, Any]] = {}

    def _data(self, name: str) -> dict[str, Any]:
        if name not in self._own:
            from babel import localedata

            with open(localedata.resolve_locale_filename(name), "rb") as file:
                self._own[name] = pickle.load(file)
        return self._own[name]

    @staticmethod
    def _parent(name: str) -> str:
        """The locale ``name`` inherits from (the rule of ``babel.localedata.load``)."""
        from babel import localedata
        from babel.core import get_global

        parent = get_global("parent_exceptions").get(name)
        if parent:
            return parent
        if "_" not in name or localedata._is_non_likely_script(name):
            return "root"
        return name.rsplit("_", 1)[0]

    def entry(self, locale: str, key: str) -> dict[str, Any]:
        """``key`` of ``locale`` with what it inherits."""
        from babel import Locale

        chain = [str(Locale.parse(locale))]
        while chain[-1] != "root":
            chain.append(self._parent(chain[-1]))
        merged: dict[str, Any] = {}
        for name in reversed(chain):
            own = self._data(name).get(key)
            if own is None:
                continue
            if not _merge(merged, own):
                # An alias of another entry: Babel resolves those.
                return dict(Locale.parse(locale)._data[key].items())
        return merged


def _merge(merged: dict[str, Any], own: Any) -> bool:
    """``own`` merged into ``merged`` as ``babel.localedata.merge`` does; False (and ``merged``
    unusable) where a value is neither a table nor a plain value."""
    if type(own) is not dict:
        return False
    for key, value in own.items():
        if value is None:
            continue
        if isinstance(value, dict):
            inner = merged.get(key, {})
            if type(inner) is not dict:
                return False
            inner = dict(inner)
            if not _merge(inner, value):
                return False
            value = inner
        elif not isinstance(value, (str, int, float)):
            return False
        merged[key] = value
    return True


def _cldr_words(codes: set[str], cldr: _Cldr) -> dict[str, str]:
    """English names, singular and plural, lower case: "kenyan shillings", "finnish markka"."""
    names_of, plurals_of = (
        cldr.entry("en", "currency_names"),
        cldr.entry("en", "currency_names_plural"),
    )
    words: dict[str, str] = {}
    for code in sorted(codes):
        names = {names_of.get(code, "")}
        plural = plurals_of.get(code)
        if plural:
            names.update(plural.get(form, "") for form in ("one", "other"))
        for name in names:
            lowered = name.lower()
            # ASCII only: the money pattern folds the case of ASCII letters (and "ł") only.
            if lowered.isascii() and not any(w in lowered for w in _NOT_MONEY_NAMES):
                words.setdefault(lowered, code)
    return words


def _cldr_symbols(codes: set[str], cldr: _Cldr) -> dict[str, str]:
    """Symbols that are not plain ASCII letters ("₡", "GH₵", "Kč"), unambiguous across locales.

    A symbol of ASCII letters only ("Ft", "kr", "L") is a word or a unit too often to stand
    for money on its own; the newsroom table lists the ones news uses.
    """
    seen: dict[str, set[str]] = {}
    for locale in _SYMBOL_LOCALES:
        for code, symbol in cldr.entry(locale, "currency_symbols").items():
            symbol = symbol.strip("\u200e\u200f")
            if (
                code in codes
                and symbol != code
                and len(symbol) <= 4
                and " " not in symbol
                and not all(c.isascii() and (c.isalpha() or c == ".") for c in symbol)
            ):
                seen.setdefault(symbol, set()).add(code)
    return {symbol: next(iter(c)) for symbol, c in seen.items() if len(c) == 1}


@lru_cache(maxsize=1)
def currency_tables() -> CurrencyTables:
    """CLDR's codes, names and symbols with the newsroom table over them; built once."""
    current = _current_codes()
    excluded = set(_DATA["codes_excluded"])
    money_codes = (current | LEGACY) - excluded
    codes = frozenset(c for c in money_codes | CRYPTO if len(c) == 3 and not c.startswith("X"))
    codes |= {"XOF", "XAF", "XBT"}
    cldr = _Cldr()
    words = _cldr_words(current | LEGACY, cldr)
    words.update(_DATA["words"])
    symbols = _cldr_symbols(current, cldr)
    symbols.update(_DATA["symbols"])
    # A prefix of two letters or more may stand apart from its "$" ("SG $50,000", "HKD $ 2m");
    # one letter only where the table says so ("C $"; "A $5m round" opens a sentence).
    for symbol, code in list(symbols.items()):
        head = symbol[:-1]
        if symbol.endswith("$") and len(head) >= 2 and head.isalpha():
            symbols.setdefault(f"{head} $", code)
    scaled: dict[str, float] = {}
    for prefix, factor in _DATA["scaled_code_prefixes"].items():
        for code in _DATA["scaled_code_currencies"]:
            scaled[prefix + code] = float(factor)
            symbols[prefix + code] = code
    return CurrencyTables(symbols, codes, words, scaled)


def __getattr__(name: str) -> Any:
    """``SYMBOLS``, ``CODES`` and ``WORDS``, read from CLDR on first use."""
    tables = {"SYMBOLS": "symbols", "CODES": "codes", "WORDS": "words"}
    if name in tables:
        return getattr(currency_tables(), tables[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
