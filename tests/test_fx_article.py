"""USD values where no offline rate exists: the article's own conversion, then a rates file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from analytics import extract_events
from analytics.errors import InputError
from analytics.fx import ARTICLE_SOURCE, convert, load_rates_file

NAIRA_STORY = (
    "Lagos payments startup raises ₦2.5bn\n\n"
    "Paystream, a Lagos payments startup, raised ₦2.5bn, about $1.6 million, in a seed round "
    "led by Kora Capital."
)


def test_naira_amount_with_its_own_dollar_figure_has_a_usd_value_from_the_article() -> None:
    rows = extract_events(NAIRA_STORY, published="2024-03-01")
    assert len(rows) == 1  # the dollar figure is the same money, not a second round
    row = rows.iloc[0]
    assert (row["event_type"], row["company"], row["currency"]) == ("funding", "Paystream", "NGN")
    assert row["amount"] == 2.5e9
    assert (row["alt_amount"], row["alt_currency"]) == (1.6e6, "USD")
    assert row["amount_usd"] == 1.6e6
    assert row["fx_source"] == ARTICLE_SOURCE == "article"
    assert row["fx_rate"] == pytest.approx(0.00064)


def test_an_offline_rate_wins_over_the_article_figure() -> None:
    # pounds have an ECB rate: the written dollar figure stays an alt, the rate converts
    rows = extract_events(
        "Leeds lender raises money\n\nLoftbank, a Leeds lender, raised £10 million, about "
        "$12.5 million, in a Series A led by Harbour Partners.",
        published="2021-11-29",
    )
    row = rows.iloc[0]
    assert len(rows) == 1 and row["fx_source"] == "ECB reference rate"
    assert row["amount_usd"] == pytest.approx(10e6 * row["fx_rate"])


def test_two_separate_amounts_are_not_folded() -> None:
    rows = extract_events(
        "Two rounds in Lagos\n\nPaystream raised ₦2.5bn in a seed round led by Kora Capital. "
        "Later it raised $1.6 million in a bridge round led by Tide Fund.",
        published="2024-03-01",
    )
    assert sorted(rows["currency"]) == ["NGN", "USD"]
    naira = rows[rows["currency"] == "NGN"].iloc[0]
    assert naira["amount_usd"] != naira["amount_usd"]  # NaN: no rate, none written beside it


def test_rates_file_covers_the_rest(tmp_path: Path) -> None:
    rates = tmp_path / "rates.csv"
    rates.write_text("date,currency,usd_rate\n2024-01-02,NGN,0.0011\n2024-02-01,NGN,0.0007\n")
    table = load_rates_file(rates)
    on_day = convert(1e9, "NGN", date(2024, 3, 1), rates=table)
    assert (on_day.usd, on_day.rate_date) == (pytest.approx(7e5), date(2024, 2, 1))
    assert on_day.source == "rates file (rates.csv, 2024-02-01)"
    early = convert(1e9, "NGN", date(2024, 1, 15), rates=table)
    assert early.usd == pytest.approx(1.1e6)
    before = convert(1e9, "NGN", date(2023, 12, 1), rates=table)
    assert before.usd is None and before.source == "no rate: rates.csv starts for NGN on 2024-01-02"
    # a currency with an offline rate never reads the file
    ecb = convert(100, "EUR", date(2024, 3, 1), rates={"EUR": ([date(2024, 1, 1)], [9.0])})
    assert ecb.source == "ECB reference rate" and ecb.usd < 200


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("day,code,rate\n", "must start with the header date,currency,usd_rate"),
        ("date,currency,usd_rate\n2024-13-01,NGN,0.001\n", "line 2 of the rates file"),
        ("date,currency,usd_rate\n2024-01-01,NGN,-1\n", "a positive number of US dollars"),
        ("date,currency,usd_rate\n2024-01-01,NGN\n", "line 2 of the rates file"),
    ],
)
def test_a_bad_rates_file_says_which_line(tmp_path: Path, text: str, message: str) -> None:
    rates = tmp_path / "rates.csv"
    rates.write_text(text)
    with pytest.raises(InputError, match=message):
        load_rates_file(rates)
