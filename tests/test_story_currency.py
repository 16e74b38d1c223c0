"""A bare ``$`` read in the currency of the story's country (analytics/story_currency.py).

Stories written for this test; each says where it is set the way real ones do (a ticker, a
regulator, a newsroom style) or plainly is not set there.
"""

from __future__ import annotations

from datetime import date
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.money import find_amounts
from analytics.story_currency import localized, story_country_codes


def _read(story: str) -> list[tuple[str, str, str | None]]:
    found = localized(find_amounts(story), story, story.lower())
    return [(m.text, m.currency, m.alt_currency) for m in found]


CASES = [
    pytest.param(
        "Maplewave to buy Northline for $4 billion\n\n"
        "Maplewave Networks (MWN-B.TO) agreed to buy Northline Cable (NLC.TO) for $4 billion, "
        "including $1 billion of debt.\n\n"
        "The pair serve most homes in Western Canada, and Canadian regulators must approve.",
        {"$": "CAD"},
        id="toronto-tickers",
    ),
    pytest.param(
        "Montréal start-ups have their best quarter\n\n"
        "Montréal tech firms raised a record $410 million in the second quarter, led by a "
        "$150 million round for Brume.",
        {"$": "CAD"},
        id="a-canadian-city-written-with-its-accent",
    ),
    pytest.param(
        "Agency puts $9 million into three B.C. firms\n\n"
        "Three Burnaby companies will share $9 million in federal grants, the minister said.",
        {"$": "CAD"},
        id="a-province-by-its-initials",
    ),
    pytest.param(
        "Dutch investor to buy Lima travel site for $1.2-billion\n\n"
        "Tulpen Capital agreed to pay $1.2-billion for Viajero, whose bookings came to "
        "$3-billion last year, the Amsterdam group said.",
        {},
        id="hyphen-style-without-the-country",
    ),
    pytest.param(
        "Quayside fintech raises $40-million\n\n"
        "Toronto-based Quayside raised $40-million from Canadian pension funds, and plans to "
        "hire in Montreal.",
        {"$": "CAD"},
        id="hyphen-style-in-a-canadian-story",
    ),
    pytest.param(
        "Wattle Software shares jump on takeover\n\n"
        "Shares in Wattle Software (ASX: WTL) rose 12% to $2.10 after it agreed to buy a rival "
        "for A$80 million, funded by a loan of up to A$60 million.",
        {"$": "AUD"},
        id="asx-ticker",
    ),
    pytest.param(
        "Bilby Pay raises fresh funds while $US9 million is frozen in Hong Kong\n\n"
        "Australian payments group Bilby Pay is raising money even as $14 million of its cash "
        "sits frozen in Hong Kong, after Hong Kong police acted on a fraud report.\n\n"
        "Its valuation passed $US500 million ($750 million) last year; Hong Kong's courts will "
        "hear its appeal.",
        {"$": "AUD"},
        id="dollar-us-style-of-an-australian-paper",
    ),
    pytest.param(
        "Court approves $40m airline penalty\n\n"
        "A $40m penalty will be paid by the airline for selling seats on cancelled flights, a "
        "judge said on Monday.\n\n"
        "Under its deal with the Australian Competition and Consumer Commission (ACCC), it "
        "will also refund $5m; the ACCC called it a record for a settlement.",
        {"$": "AUD"},
        id="regulator-in-the-second-paragraph",
    ),
    pytest.param(
        "Kererū NZ fined a record $2.4 million\n\n"
        "Kererū NZ, once called Tui Telecom NZ, was fined $2.4 million under the Fair Trading "
        "Act 1986 for broadband claims it could not back up.",
        {"$": "NZD"},
        id="nz-and-its-trading-act",
    ),
    pytest.param(
        "Abu Dhabi draws trading firms\n\n"
        "Abu Dhabi is drawing trading firms from Asia.\n\n"
        "One that moved from Singapore last year raised $60 million; a trader earns $250,000, "
        "as much as in Singapore, the firm says.",
        {},
        id="a-place-in-the-second-paragraph-is-no-institution",
    ),
    pytest.param(
        "Deals unravel: Brackwater drops US$150 million buy and Ostra's $600 million sale fails\n\n"
        "Brackwater called off its US$150 million ($205 million) purchase of a sensor maker, "
        "saying not every condition of the agreement had been met.\n\n"
        "Separately, Singapore property group Ostra ended talks to sell two hotels for $600 "
        "million after a deposit failed to arrive.",
        {"$": "SGD"},
        id="a-bare-dollar-that-converts-us-dollars-is-the-one-dollar-country-named",
    ),
    pytest.param(
        "Deals unravel: Brackwater drops US$150 million buy\n\n"
        "Brackwater called off its US$150 million ($205 million) purchase, a deal struck "
        "in Singapore and in Hong Kong last year.",
        {},
        id="a-converted-dollar-with-two-dollar-countries-named-stays-unread",
    ),
]


@pytest.mark.parametrize(("story", "codes"), CASES)
def test_story_country_codes(story: str, codes: dict[str, str]) -> None:
    assert story_country_codes(story, story.lower()) == codes


def test_bare_dollar_between_marked_us_dollars_stays_usd() -> None:
    story = (
        "Singapore startups lead the region\n\n"
        "Singapore's startups drew S$900 million, the Singapore Exchange-listed tracker said "
        "(SGX).\n\n"
        "Among cities, Jakarta drew US$70.2 million, Manila, which took $21.5 million, and "
        "Hanoi on US$9.8 million. Local angel rounds came to $3 million."
    )
    assert _read(story) == [
        ("S$900 million", "SGD", None),
        ("US$70.2 million", "USD", None),
        ("$21.5 million", "USD", None),  # in the list of US$ amounts
        ("US$9.8 million", "USD", None),
        ("$3 million", "SGD", None),  # a sentence of its own
    ]


def test_a_local_amount_keeps_a_us_dollar_alternative() -> None:
    story = (
        "Sydney lender Koala raises A$50 million\n\n"
        "Koala, the Sydney lender listed on the ASX, raised A$50 million ($33 million) from "
        "Australian super funds; it had raised $10 million in 2022."
    )
    assert _read(story) == [
        ("A$50 million", "AUD", None),
        ("A$50 million ($33 million)", "AUD", "USD"),
        ("$10 million", "AUD", None),
    ]


def test_figures_of_a_list_in_the_currency_the_story_declares() -> None:
    story = (
        "Startups in Busan raise KRW 31 billion in a week\n\n"
        "Weekly round-up. Amounts are in won and shown only where published.\n\n"
        "- Gomsoft (robotics): 3.5 billion, Series A, from Haeundae Partners\n"
        "- Dalbit (beauty): seed, from Gwangan Angels\n"
        "- Pado Labs: 800 million, from Seomyeon Ventures\n"
        "- Namu (agritech): 12 billion users served, from nobody\n\n"
        "Its 2 billion downloads are no money."
    )
    found = localized(find_amounts(story), story, story.lower())
    assert [(m.text, m.amount, m.currency) for m in found] == [
        ("KRW 31 billion", 3.1e10, "KRW"),
        ("3.5 billion", 3.5e9, "KRW"),
        ("800 million", 8e8, "KRW"),
    ]


def test_no_declared_currency_no_bare_figures() -> None:
    story = "Weekly round-up\n\nFigures below.\n\n- Gomsoft (robotics): 3.5 billion, Series A"
    assert localized(find_amounts(story), story, story.lower()) == []


#: Stories and the currency of each amount read in them, in order.
CURRENCIES = [
    pytest.param(
        "Regulator round-up: Brandle must pay a $15 million penalty\n\n"
        "Power tool maker Brandle must pay a record $15 million penalty for setting resale "
        "prices, and Corvia agreed to pay $11 million after misleading buyers.\n\n"
        "Both firms said they had changed how they train their sales staff this year.\n\n"
        "Elsewhere, the ACCC opposed Kestrel Bank's $4.9 billion merger with a rival in Perth, "
        "and a former director of a Perth miner admitted the theft of $2.2 million.",
        ["AUD"] * 5,
        id="an-institution-named-below-the-lead-places-a-story-that-names-no-country",
    ),
    pytest.param(
        "Five deals you may have missed\n\n"
        "Brandle raised $20 million from Harbor Lane, and Corvia bought Osric for $45 million.\n\n"
        "Tarka, a payments app, hired a new chief executive from a rival bank this week.\n\n"
        "Singapore's Ledgerly was fined S$1.1 million by the Monetary Authority of Singapore in "
        "Singapore, and Nandor shares hit $312.",
        ["USD", "USD", "SGD", "USD"],
        id="a-story-that-writes-the-countrys-own-mark-keeps-a-bare-dollar-american",
    ),
    pytest.param(
        "Brandle commits $100 million to a venture fund\n\n"
        "In this week's Canadian startup news, telecom group Brandle unveiled a $100 million "
        "fund that will back early-stage startups.\n\n"
        "So far Brandle has put $45 million into the fund, a spokesperson said.",
        ["CAD"] * 3,
        id="a-newsletter-naming-its-own-beat-places-its-story",
    ),
]


@pytest.mark.parametrize(
    ("story", "currencies"),
    [
        pytest.param(
            "Harlow Foods bids for Tessel\n\nHarlow Foods offered R210 million for Tessel, or "
            "R4.20 a share; Tessel's shares traded at 95 cents before the bid and the board "
            "backs an offer of 80 cents a share for the minority.",
            ["ZAR", "ZAR", "ZAR", "ZAR"],
            id="cents-in-a-story-of-rands-are-rand-cents",
        ),
        pytest.param(
            "Kestrel pays a dividend\n\nKestrel earned $40 million and pays 12 cents a share.",
            ["USD", "USD"],
            id="cents-in-a-story-of-dollars-stay-us-cents",
        ),
        pytest.param(
            "Ostra sells two hotels\n\nOstra sold hotels for €30 million and €20 million "
            "and a bar for $1 million; its shares rose 4 cents.",
            ["EUR", "EUR", "USD", "EUR"],
            id="cents-follow-the-currency-most-amounts-are-in",
        ),
        pytest.param(
            "Tarka's two sales\n\nTarka sold a unit for €5 million and another for $4 "
            "million; its shares rose 4 cents.",
            ["EUR", "USD", "USD"],
            id="no-one-currency-of-the-story-keeps-us-cents",
        ),
    ],
)
def test_cents_are_in_the_currency_of_the_story(story: str, currencies: list[str]) -> None:
    from analytics.story_currency import with_story_cents

    found = with_story_cents(localized(find_amounts(story), story, story.lower()))
    assert [m.currency for m in found] == currencies


@pytest.mark.parametrize(("story", "currencies"), CURRENCIES)
def test_the_currency_of_each_amount(story: str, currencies: list[str]) -> None:
    assert [c for _, c, _ in _read(story)] == currencies


def test_a_bare_scale_word_reads_its_number_as_the_money_reader_does() -> None:
    from analytics.story_currency import with_bare_scaled

    story = "Nuvela recibió 10 millones de euros; su valor supera los 1.500 millones."
    found = with_bare_scaled(story, find_amounts(story))
    assert [(m.text, m.amount, m.currency) for m in found] == [
        ("10 millones de euros", 1e7, "EUR"),
        ("1.500 millones", 1.5e9, "EUR"),
    ]


def test_a_lone_surrogate_in_the_story_changes_nothing() -> None:
    from analytics.story_currency import story_country_codes

    story = "Sydney's Koala raised $5m \ud800, the ACCC said, ASX filings show"
    assert story_country_codes(story, "") == {"$": "AUD"}


_STORY_PIECES = st.sampled_from(
    [
        *"Sydney sydneysider basic ASIC ASX: ASX the ACCC Toronto Canadian $US $5m".split(),
        "$750-million",
        *"Auckland NZ nz$ kiwis Oslo kr 5 Sh 300 Kampala Hong Kong Singapore U.S. 2nz".split(),
        " ", "\n\n", ", ", ". ", "Commerce Commission", "New Zealand", "9sydney",
    ]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(_STORY_PIECES, max_size=24).map("".join))
def test_the_local_word_test_turns_away_no_story_a_country_is_chosen_for(story: str) -> None:
    from analytics import story_currency

    gated = story_currency.story_country_codes(story, "")
    with patch.object(story_currency, "_names_a_local_word", lambda table, lowered: True):
        assert story_currency.story_country_codes(story, "") == gated


@pytest.mark.parametrize(
    ("story", "on", "currencies"),
    [
        pytest.param(
            "Tarnwell agrees A$120 million merger\n\nTarnwell will merge with Osric, an "
            "Australian payments firm, in a deal worth A$120 million ($125m). Osric earned "
            "revenue of $14.0m last year.",
            date(2021, 8, 20),
            [("AUD", None), ("AUD", "NZD"), ("NZD", None)],
            id="a-dollar-worth-a-little-less-than-the-australian-one-is-new-zealands",
        ),
        pytest.param(
            "Kestrel Ventures closes A$500 million fund\n\nKestrel Ventures, one of Australia's "
            "largest venture firms, has A$500 million ($357 million) to invest. Its biggest "
            "holding, a design start-up, was valued at $6 billion in June, and Australia's "
            "pension funds backed the fund.",
            date(2020, 9, 15),
            [("AUD", None), ("AUD", "USD"), ("USD", None)],
            id="a-dollar-worth-seven-tenths-of-the-australian-one-is-american",
        ),
        pytest.param(
            "Brandle buys Tessel\n\nBrandle paid US$200 million ($275 million) for Tessel.",
            date(2020, 9, 15),
            [("USD", "USD")],
            id="several-dollars-fit-the-rate-so-the-rate-says-nothing",
        ),
    ],
)
def test_the_rate_of_a_written_conversion_tells_which_dollar_a_bare_one_is(
    story: str, on: date, currencies: list[tuple[str, str | None]]
) -> None:
    found = localized(find_amounts(story), story, story.lower(), on)
    assert [(m.currency, m.alt_currency) for m in found] == currencies
