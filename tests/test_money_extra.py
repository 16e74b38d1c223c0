"""Money phrases added after the main table: pence, share prices, loans."""

import pytest

from analytics.money import find_amounts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("an offer of 640 pence per share", [("640 pence", 6.4, "GBP")], id="pence"),
        pytest.param("worth 560p a share", [("560p", 5.6, "GBP")], id="p-a-share"),
        pytest.param("shares rose 5p to close higher", [], id="p-alone-is-not-money"),
        pytest.param("£1.50 per share", [("£1.50", 1.5, "GBP")], id="pounds-per-share"),
        pytest.param(
            "1.5 billion yen in loans", [("1.5 billion yen", 1.5e9, "JPY")], id="yen-word-scale"
        ),
    ],
)
def test_extra_phrases(text: str, expected: list[tuple[str, float, str]]) -> None:
    got = [(m.text, m.amount, m.currency) for m in find_amounts(text)]
    assert got == [(t, pytest.approx(a), c) for t, a, c in expected]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param("27/02/2026", "2026-02-27", id="day-first-when-day-over-12"),
        pytest.param("22.05.2025", "2025-05-22", id="dotted-european"),
        pytest.param("03/04/2025", "2025-03-04", id="slashes-month-first"),
        pytest.param("13.13.2025", None, id="no-such-month"),
    ],
)
def test_numeric_date_lines(line: str, expected: str | None) -> None:
    from analytics.articles import parse_date_line

    got = parse_date_line(line)
    assert (got.isoformat() if got else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "a levy of 3.1 billion euros or $3.4 billion",
            ("3.1 billion euros or $3.4 billion", 3.1e9, "EUR", 3.4e9, "USD"),
            id="or-conversion",
        ),
        pytest.param(
            "valued at CAD$90 million or A$99.5 million in all",
            ("CAD$90 million or A$99.5 million", 9e7, "CAD", 9.95e7, "AUD"),
            id="or-between-dollars",
        ),
        pytest.param(
            "it paid NOK40M (€3.5M, $3.8M) for the unit",
            ("NOK40M (€3.5M, $3.8M)", 4e7, "NOK", 3.5e6, "EUR"),
            id="second-conversion-in-brackets",
        ),
        pytest.param(
            "took in Rs 52 crore (about $6.3 million at current exchange rates)",
            (
                "Rs 52 crore (about $6.3 million at current exchange rates)",
                5.2e8,
                "INR",
                6.3e6,
                "USD",
            ),
            id="conversion-at-current-rates",
        ),
        pytest.param(
            "a $4 million (around Rs 30 crore at the time) seed round",
            ("$4 million (around Rs 30 crore at the time)", 4e6, "USD", 3e8, "INR"),
            id="conversion-at-the-time",
        ),
        pytest.param(
            "a €12 million (U.S. $13.1 million) penalty",
            ("€12 million (U.S. $13.1 million)", 1.2e7, "EUR", 1.31e7, "USD"),
            id="us-dot-dollar-in-brackets",
        ),
    ],
)
def test_conversions(text: str, expected: tuple[str, float, str, float, str]) -> None:
    (m,) = find_amounts(text)
    assert (m.text, m.amount, m.currency, m.alt_amount, m.alt_currency) == expected


@pytest.mark.parametrize(
    "text",
    [
        "rose from $5 million or more to $9 million",  # same currency: no conversion
        "€2m or more",
        "paid £4m, or $5m, last year",  # a comma before "or": a list, not a conversion
    ],
)
def test_no_conversion(text: str) -> None:
    assert all(m.alt_amount is None for m in find_amounts(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "its revenue climbed within two years from €4.1m to €6.8m",
            [("€4.1m", 4.1e6, None), ("€6.8m", 6.8e6, None)],
            id="a-change-is-two-amounts",
        ),
        pytest.param(
            "the fine was cut from $9 million to $6 million",
            [("$9 million", 9e6, None), ("$6 million", 6e6, None)],
            id="a-cut-is-two-amounts",
        ),
        pytest.param(
            "cheques ranging from $2 million to $9 million",
            [("$2 million to $9 million", 2e6, 9e6)],
            id="a-range-stays-one",
        ),
        pytest.param(
            "rounds from $1m to $3m each, after sales rose",
            [("$1m to $3m", 1e6, 3e6)],
            id="a-change-verb-after-the-range",
        ),
    ],
)
def test_change_or_range(text: str, expected: list[tuple[str, float, float | None]]) -> None:
    assert [(m.text, m.amount, m.amount_max) for m in find_amounts(text)] == expected
