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


def _english_numbers(parts: dict[str, dict[str, int]]) -> dict[str, float]:
    """English numbers below a thousand in words, from their parts.

    >>> words = _english_numbers(_DATA["english_number_parts"])
    >>> words["twenty-five"], words["forty two"], words["one hundred and fifty"], len(words)
    (25.0, 42.0, 150.0, 1395)
    """
    below_100: dict[str, float] = {
        w: float(v) for part in ("units", "teens", "tens") for w, v in parts[part].items()
    }
    for ten, tv in parts["tens"].items():
        for unit, uv in parts["units"].items():
            below_100[f"{ten}-{unit}"] = below_100[f"{ten} {unit}"] = float(tv + uv)
    words = dict(below_100)
    for unit, uv in parts["units"].items():
        words[f"{unit} hundred"] = 100.0 * uv
        for rest, value in below_100.items():
            if " " not in rest:  # "one hundred and fifty", "two hundred and twenty-five"
                words[f"{unit} hundred and {rest}"] = 100.0 * uv + value
    return words


#: Number words that may stand for the number ("a million dollars", "half a billion euros",
#: "twenty-five million dollars").
NUMBER_WORDS: dict[str, float] = {
    **_english_numbers(_DATA["english_number_parts"]),
    **{k: float(v) for k, v in _DATA["number_words"].items()},
}
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
