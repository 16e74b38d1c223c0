"""CLDR (Babel's locale data) is read once, on the first money parse, never at import."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from analytics import _currencies

ROOT = Path(__file__).resolve().parents[1]

_PROBE = """
import json, sys
import analytics, analytics.extract, analytics.cli, analytics.story_currency
from analytics import _currencies
from analytics.money import parse_money
state = {"after_import": sorted(m for m in sys.modules if m.split(".")[0] == "babel"),
         "built_at_import": _currencies.currency_tables.cache_info().currsize}
first = parse_money("Rs 500 crore")
second = parse_money("KSh 2.5 million")
info = _currencies.currency_tables.cache_info()
state.update(
    after_parse="babel.core" in sys.modules,
    misses=info.misses,
    amounts=[first.amount, first.currency, second.amount, second.currency],
)
print(json.dumps(state))
"""


def test_importing_the_package_loads_no_cldr_and_the_first_parse_loads_it_once() -> None:
    # A fresh interpreter: this test process has long since parsed money.
    done = subprocess.run(
        [sys.executable, "-c", _PROBE], cwd=ROOT, capture_output=True, text=True, check=True
    )
    state = json.loads(done.stdout)
    assert state["after_import"] == []
    assert state["built_at_import"] == 0
    assert state["after_parse"] is True
    assert state["misses"] == 1  # built once, by the first parse; the second reuses it
    assert state["amounts"] == [5000000000.0, "INR", 2500000.0, "KES"]


def _plain(value: object) -> object:
    """Babel's alias-resolving tables as plain dicts."""
    if hasattr(value, "items"):
        return {key: _plain(inner) for key, inner in value.items()}
    return value


def test_the_cldr_entries_read_are_babels_merged_ones() -> None:
    # _currencies merges only the entries it needs along each locale's parents; they must be
    # what Babel's fully merged locale data says.
    from babel import Locale

    cldr = _currencies._Cldr()
    asked = [(locale, "currency_symbols") for locale in _currencies._SYMBOL_LOCALES]
    asked += [("en", "currency_names"), ("en", "currency_names_plural")]
    for locale, key in asked:
        expected = _plain(Locale.parse(locale)._data[key])
        assert cldr.entry(locale, key) == expected, (locale, key)
    # es_CR's own file has its colón; the rest it inherits through es_419 and es.
    assert [cldr._parent(name) for name in ("es_CR", "es_419", "es")] == ["es_419", "es", "root"]
    assert cldr.entry("es_CR", "currency_symbols")["CRC"] == "₡"
    assert len(cldr.entry("es_CR", "currency_symbols")) > 20
