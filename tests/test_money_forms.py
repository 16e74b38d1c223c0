"""The money forms table (tests/money_forms_table.py): every phrase read as its row says, the
traps read as no money, the table large enough, and docs/money_forms.md generated from it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from analytics.fx import to_usd
from analytics.money import find_amounts, parse_money
from tests.gen_money_docs import render
from tests.money_forms_table import FORMS, NOT_MONEY, Row

_QUALIFIER_HEADS = ("about ", "nearly ", "up to ", "over ", "between ")


def _slug(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z$€£¥₹.,]+", "-", text).strip("-") or "x"


def _params() -> list[object]:
    params = []
    for group, (_about, rows) in FORMS.items():
        for row in rows:
            options = row[3] if len(row) > 3 else {}
            marks = (
                [pytest.mark.xfail(strict=True, reason=options["xfail"])]
                if "xfail" in options
                else []
            )
            params.append(pytest.param(row, id=f"{_slug(group)[:24]}:{_slug(row[0])}", marks=marks))
    return params


@pytest.mark.parametrize("row", _params())
def test_money_form(row: Row) -> None:
    phrase, amount, currency = row[:3]
    options = row[3] if len(row) > 3 else {}
    found = find_amounts(phrase)
    assert len(found) == 1, f"expected one amount in {phrase!r}, got {found!r}"
    m = found[0]
    span = options.get("span", phrase)
    text = m.text
    for head in _QUALIFIER_HEADS:  # a qualifier or a range opener may lead the text
        if text.startswith(head) and not span.startswith(head):
            text = text[len(head) :]
    assert text == span
    assert phrase[m.start : m.end] == m.text
    assert m.amount == pytest.approx(amount, rel=1e-9)
    assert m.currency == currency
    assert m.amount_max == (pytest.approx(options["hi"], rel=1e-9) if "hi" in options else None)
    # parse_money reads the same phrase the same way.
    assert parse_money(phrase) == m


@pytest.mark.parametrize(
    "phrase",
    [pytest.param(p, id=f"{_slug(g)[:20]}:{_slug(p)}") for g, ps in NOT_MONEY.items() for p in ps],
)
def test_not_money(phrase: str) -> None:
    assert find_amounts(phrase) == []


def test_the_table_has_at_least_400_phrases_in_groups() -> None:
    rows = [row for _about, rows in FORMS.values() for row in rows]
    assert len(rows) >= 400, len(rows)
    assert len({row[0] for row in rows}) == len(rows), "a phrase is in the table twice"
    assert all(len(rows) >= 10 for _about, rows in FORMS.values())


def test_docs_are_generated_from_the_table() -> None:
    path = Path(__file__).resolve().parents[1] / "docs" / "money_forms.md"
    assert path.read_text(encoding="utf-8") == render(), (
        "docs/money_forms.md is out of date: run python -m tests.gen_money_docs"
    )


def test_legacy_currencies_convert_through_the_fixed_euro_rate() -> None:
    on = date(2021, 11, 29)
    eur = to_usd(1.0, "EUR", on)
    dem = to_usd(1_955_830.0, "DEM", on)  # one million euros in marks
    assert dem.usd == pytest.approx(1_000_000 * eur.usd, rel=1e-12)
    assert dem.source.startswith("fixed euro rate: 1.95583 DEM per EUR")
    # Before the ECB's first rate there is no euro to go through: no rate, said plainly.
    early = to_usd(100.0, "FRF", date(1995, 6, 1))
    assert early.usd is None and early.source.startswith("no rate:")


def test_crypto_has_no_usd_value() -> None:
    conversion = to_usd(2.5, "BTC", date(2024, 3, 1))
    assert conversion.usd is None
    assert "crypto-asset" in conversion.source
