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
