"""The way different outlets write: wire datelines, press releases, Title Case headlines."""

from __future__ import annotations

import pytest

from analytics import extract_events

CASES = [
    pytest.param(
        "Kestrel Lands $20M\n\nSAN FRANCISCO, March 3 (Reuters) - Kestrel Robotics raised "
        "$20 million in a Series B round led by Pine Capital, the company said.",
        [("funding", "Kestrel Robotics", "Pine Capital", "Series B", 20e6)],
        id="wire-dateline-and-agency",
    ),
    pytest.param(
        "Kestrel Robotics Closes $30M Series B\n\nKestrel Robotics, Inc. (“Kestrel”), a leading "
        "provider of warehouse robots, today announced the closing of its $30 million Series B "
        "financing round led by Pine Capital, with participation from existing investors Oak "
        "Ventures and Elm Partners.",
        [
            (
                "funding",
                "Kestrel Robotics",
                "Pine Capital; Oak Ventures; Elm Partners",
                "Series B",
                30e6,
            )
        ],
        id="press-release",
    ),
    pytest.param(
        "Harbor Raises $12M Series A Led By Tidewater Ventures\n\nThe company said the money "
        "will pay for hiring.",
        [("funding", "Harbor", "Tidewater Ventures", "Series A", 12e6)],
        id="title-case-headline-only",
    ),
    pytest.param(
        "Nordvik Acquires Payments Startup Paguei\n\nThe companies did not disclose terms.",
        [("acquisition", "Paguei", "Nordvik", None, None)],
        id="title-case-acquisition-without-price",
    ),
    pytest.param(
        "Glasswing Robotics Fined $3 Million By FTC\n\nThe regulator said the company misled "
        "buyers.",
        [("fine", "Glasswing Robotics", "FTC", None, 3e6)],
        id="title-case-fine",
    ),
    pytest.param(
        "Chipmaker Zeta hits $2 trillion value\n\nZeta now has a market capitalization of "
        "$2 trillion after its shares rose 4%.",
        [("valuation", "Zeta", None, None, 2e12)],
        id="market-cap-is-a-valuation",
    ),
    pytest.param(
        "Sequoia backs Larch\n\nSequoia Capital led a $20 million Series A round in Larch "
        "Robotics, with participation from Oak Ventures.",
        [("funding", "Larch Robotics", "Sequoia Capital; Oak Ventures", "Series A", 20e6)],
        id="investor-first-round-in-company",
    ),
    pytest.param(
        "Orrin raises $5M\n\nChief executive Dana Holt said Orrin raised $5 million from Pine "
        "Capital.",
        [("funding", "Orrin", "Pine Capital", None, 5e6)],
        id="speaker-is-not-the-company",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_outlet_styles(text: str, expected: list[tuple]) -> None:
    table = extract_events(text)
    got = [
        (
            r.event_type,
            r.company,
            None if r.counterparty != r.counterparty else r.counterparty,
            None if r.round != r.round else r.round,
            None if r.amount != r.amount else r.amount,
        )
        for r in table.itertuples()
    ]
    assert got == expected


def test_wire_briefs_with_the_story_on_the_next_line_are_separate_articles() -> None:
    text = (
        "Ostrava's Pramen raises €6 million for grid sensors\n"
        "Pramen, which makes sensors for medium-voltage lines, has raised €6 million in a seed "
        "round led by Vltava Ventures.\n\n"
        "Regulator fines telecom group Norvia €2.1 million over outages\n"
        "The national telecoms regulator fined Norvia €2.1 million on Monday after two outages "
        "cut emergency calls in the north of the country.\n\n"
        "The road ahead\n"
        "Analysts expect more consolidation as smaller operators struggle to fund upgrades."
    )
    table = extract_events(text)
    assert table["article_title"].tolist() == [
        "Ostrava's Pramen raises €6 million for grid sensors",
        "Regulator fines telecom group Norvia €2.1 million over outages",
    ]
    assert table[["event_type", "company", "amount"]].values.tolist() == [
        ["funding", "Pramen", 6e6],
        ["fine", "Norvia", 2.1e6],
    ]


def test_all_caps_headline_and_markdown_digest_of_level_two_stories() -> None:
    caps = (
        "NORDKAI BUYS NORWEGIAN TRUCKER SKAGEN FRAGT\n\n"
        "Nordkai, a Hamburg logistics group, has bought Skagen Fragt, a Norwegian trucker. "
        "Financial terms were not disclosed."
    )
    table = extract_events(caps)
    assert table[["event_type", "company", "counterparty", "undisclosed"]].values.tolist() == [
        ["acquisition", "Skagen Fragt", "Nordkai", True]
    ]
    digest = (
        "# Deal digest, week 11\n\nThree deals worth a look.\n\n"
        "## Solvik raises €12 million\n\nSolvik, a Bergen battery startup, has raised €12 million "
        "in a Series A led by Fjell Capital.\n\n"
        "## Tanibox lands Rp 150 billion\n\nTanibox, a Jakarta grocery startup, has raised "
        "Rp 150 billion in a Series B led by Merapi Ventures.\n"
    )
    table = extract_events(digest)
    assert table[["article_title", "company", "amount", "currency"]].values.tolist() == [
        ["Solvik raises €12 million", "Solvik", 12e6, "EUR"],
        ["Tanibox lands Rp 150 billion", "Tanibox", 150e9, "IDR"],
    ]


def test_stories_separated_by_rule_lines_are_separate_articles() -> None:
    text = (
        "Vireo fines Tallis Foods €2 million over cartel\n"
        "The competition authority fined Tallis Foods €2 million for fixing prices.\n"
        "---\n"
        "Kestrel Labs raises €8 million seed round\n"
        "Kestrel Labs has raised €8 million in a seed round led by Orla Ventures.\n"
    )
    table = extract_events(text)
    assert table[["article_title", "event_type", "company"]].values.tolist() == [
        ["Vireo fines Tallis Foods €2 million over cartel", "fine", "Tallis Foods"],
        ["Kestrel Labs raises €8 million seed round", "funding", "Kestrel Labs"],
    ]
