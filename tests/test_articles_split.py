"""Splitting plain text and Markdown into articles: headlines, date lines, bodies."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import NamedTuple

import pytest

from analytics.articles import (
    Article,
    is_headline_line,
    parse_date,
    parse_date_line,
    split_plain_text,
)

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "000_fdfd898aef7fab78.txt"

D = date(2021, 11, 29)


class Layout(NamedTuple):
    text: str
    #: (title, published, body) per article; ``...`` as a body skips checking it.
    expected: list[tuple[str, date | None, str]]
    #: The ``published`` argument.
    published: date | None = None


# fmt: off
LAYOUTS: dict[str, Layout] = {
    # --- one article ---------------------------------------------------------------------------
    "single article": Layout(
        "Acme raises $5M for warehouse robots\n\nAcme raised $5 million.\n\nIt will hire.\n",
        [("Acme raises $5M for warehouse robots", None,
          "Acme raised $5 million.\n\nIt will hire.")],
    ),
    "headline on the line above the body": Layout(
        "Acme raises $5M\nAcme raised $5 million.\nIt will hire.",
        [("Acme raises $5M", None, "Acme raised $5 million.\nIt will hire.")],
    ),
    "headline ending in a quoted word, after a rule under a body": Layout(
        "Acme raises $5M for robots\n\nAcme raised $5 million and will hire.\n----\n"
        "Lagos opens a state fund for its 'soonicorns'\n3 March 2022\n\nThe fund has $9 million.\n",
        [("Acme raises $5M for robots", None, "Acme raised $5 million and will hire."),
         ("Lagos opens a state fund for its 'soonicorns'", date(2022, 3, 3),
          "The fund has $9 million.")],
    ),
    "short first line standing alone is the headline": Layout(
        "Acme raises $5M\n\nAcme raised $5 million.",
        [("Acme raises $5M", None, "Acme raised $5 million.")],
    ),
    "single paragraph is untitled": Layout(
        "Acme raised $5 million from Beta Ventures. It will hire.",
        [("", None, "Acme raised $5 million from Beta Ventures. It will hire.")],
    ),
    "single short line is untitled": Layout(
        "Acme raises $5M", [("", None, "Acme raises $5M")],
    ),
    "sentence wrapped over lines is untitled": Layout(
        "Acme raised $5 million from Beta Ventures on Monday, the\ncompany said.\n\nMore text.",
        [("", None, "Acme raised $5 million from Beta Ventures on Monday, the\ncompany said.\n\n"
                    "More text.")],
    ),
    "long first line is body": Layout(
        "A" * 250 + "\n\nMore text.", [("", None, "A" * 250 + "\n\nMore text.")],
    ),
    "subtitle under the headline stays in the body": Layout(
        "Acme raises $5M for robots\n\nThe startup plans to hire engineers\n\nAcme raised $5M.",
        [("Acme raises $5M for robots", None,
          "The startup plans to hire engineers\n\nAcme raised $5M.")],
    ),
    "headline-like last line is body": Layout(
        "Acme raises $5M for robots\n\nAcme raised $5M.\n\nRead more stories on our site",
        [("Acme raises $5M for robots", None, "Acme raised $5M.\n\nRead more stories on our site")],
    ),
    "internal spacing kept": Layout(
        "Acme raises $5M for robots\n\n  Indented line.\nNext line.\n\n\n\nAfter blank lines.  \n",
        [("Acme raises $5M for robots", None,
          "Indented line.\nNext line.\n\n\n\nAfter blank lines.")],
    ),
    # --- several articles ----------------------------------------------------------------------
    "two articles": Layout(
        "Acme raises $5M for robots\n\nAcme raised $5M.\n\nBeta is fined €2M by the CNIL\n\n"
        "Beta was fined.\n\nIt will appeal.",
        [("Acme raises $5M for robots", None, "Acme raised $5M."),
         ("Beta is fined €2M by the CNIL", None, "Beta was fined.\n\nIt will appeal.")],
    ),
    "question and exclamation headlines": Layout(
        "Is this the end of the SPAC boom?\n\nMaybe.\n\nAcme wins its appeal at last!\n\nIt did.",
        [("Is this the end of the SPAC boom?", None, "Maybe."),
         ("Acme wins its appeal at last!", None, "It did.")],
    ),
    "headline ending in Inc.": Layout(
        "Story one headline text\n\nBody.\n\nBeta Capital buys a stake in Acme Inc.\n\nBody two.",
        [("Story one headline text", None, "Body."),
         ("Beta Capital buys a stake in Acme Inc.", None, "Body two.")],
    ),
    "junk line before a dated headline": Layout(
        "Acme raises $5M for robots\n\nBody.\n\nSubscribe to our newsletter\n\n"
        "Beta is fined €2M by the CNIL\n2022-01-05\n\nBeta was fined.",
        [("Acme raises $5M for robots", None, "Body.\n\nSubscribe to our newsletter"),
         ("Beta is fined €2M by the CNIL", date(2022, 1, 5), "Beta was fined.")],
    ),
    "CRLF line endings": Layout(
        "Acme raises $5M for robots\r\n\r\nBody one.\r\nLine two.\r\n\r\n"
        "Beta is fined by regulators\r\n\r\nBody two.\r\n",
        [("Acme raises $5M for robots", None, "Body one.\nLine two."),
         ("Beta is fined by regulators", None, "Body two.")],
    ),
    "old Mac CR line endings": Layout(
        "Acme raises $5M for robots\r\rBody one.\r\rBeta is fined by regulators\r\rBody two.",
        [("Acme raises $5M for robots", None, "Body one."),
         ("Beta is fined by regulators", None, "Body two.")],
    ),
    "byte-order mark and blank lines with spaces": Layout(
        "\ufeff\n  \nAcme raises $5M for robots\n \t \nBody one.\n\n",
        [("Acme raises $5M for robots", None, "Body one.")],
    ),
    # --- not headlines -------------------------------------------------------------------------
    "bullets are not headlines": Layout(
        "Acme raises $5M for robots\n\nSpeakers:\n\n• Jane Doe runs the Acme lab\n\n"
        "- Second bullet item here\n\n* Third bullet item here\n\n1. Numbered item number one\n\n"
        "2) Numbered item number two\n\nEnd.",
        [("Acme raises $5M for robots", None, ...)],
    ),
    "captions are not headlines": Layout(
        "Acme raises $5M for robots\n\nBody.\n\nImage Credits: Acme Robotics\n\nMore.\n\n"
        "Photo: Jane Doe for the Journal\n\nMore.\n\nSource: company filings 2021\n\nEnd.",
        [("Acme raises $5M for robots", None, ...)],
    ),
    "quotes are not headlines": Layout(
        "Acme raises $5M for robots\n\nBody.\n\n“We are thrilled to partner with them”\n\nMore.\n\n"
        "“Our first quote paragraph runs on\n\nMore.\n\n"
        "\"We grew fast,\" the CEO said on Monday\n\nEnd.",
        [("Acme raises $5M for robots", None, ...)],
    ),
    "update notes are not headlines": Layout(
        "Acme raises $5M for robots\n\nBody.\n\nUpdated with comment from Acme\n\n"
        "Update: Acme declined to comment\n\nEditor's note: Acme is a sponsor\n\nEnd.",
        [("Acme raises $5M for robots", None, ...)],
    ),
    "sentence endings are not headlines": Layout(
        "Acme raises $5M for robots\n\nBody.\n\nHere is the statement in full:\n\n"
        "The company declined to comment.\n\nAnd then, the founders said —\n\nEnd.",
        [("Acme raises $5M for robots", None, ...)],
    ),
    "links and short lines are not headlines": Layout(
        "Acme raises $5M for robots\n\nBody.\n\nhttps://example.com/acme-story\n\nToo short\n\n"
        "[Read more](https://example.com)\n\nEnd.",
        [("Acme raises $5M for robots", None, ...)],
    ),
    # --- date lines ----------------------------------------------------------------------------
    **{
        f"date line {form!r}": Layout(
            f"Acme raises $5M for robots\n{form}\n\nAcme raised $5M.\n\n"
            f"Beta is fined €2M by the CNIL\n\n{form}\n\nBeta was fined.",
            [("Acme raises $5M for robots", D, "Acme raised $5M."),
             ("Beta is fined €2M by the CNIL", D, "Beta was fined.")],
        )
        for form in (
            "2021-11-29", "2021/11/29", "November 29, 2021", "Nov. 29, 2021", "Nov 29 2021",
            "29 November 2021", "29th of November, 2021", "Monday, November 29, 2021",
            "Published: 2021-11-29", "Published November 29, 2021 at 10:30 am PT",
            "Updated: Nov. 29, 2021, 10:30 a.m. ET", "Date: 29 November 2021",
            "2021-11-29T10:30:00Z", "*November 29, 2021*",
        )
    },
    "date line then body in one block": Layout(
        "Acme raises $5M for robots\n2021-11-29\nBody directly.\n\nMore.",
        [("Acme raises $5M for robots", D, "Body directly.\n\nMore.")],
    ),
    "date argument fills undated articles": Layout(
        "Acme raises $5M for robots\n\nBody.\n\nBeta is fined €2M by the CNIL\n2022-01-05\n\nBody.",
        [("Acme raises $5M for robots", date(2020, 1, 1), "Body."),
         ("Beta is fined €2M by the CNIL", date(2022, 1, 5), "Body.")],
        published=date(2020, 1, 1),
    ),
    "impossible date stays in the body": Layout(
        "Acme raises $5M for robots\n\nNovember 31, 2021\n\nBody.",
        [("Acme raises $5M for robots", None, "November 31, 2021\n\nBody.")],
    ),
    "date line later in the body stays": Layout(
        "Acme raises $5M for robots\n\nBody.\n\n2021-11-29\n\nMore.",
        [("Acme raises $5M for robots", None, "Body.\n\n2021-11-29\n\nMore.")],
    ),
    # --- Markdown ------------------------------------------------------------------------------
    "Markdown headings": Layout(
        "# Acme raises $5M\n\nBody one.\n\n## Details\n\nMore.\n\n# Beta is fined €2M #\n"
        "Published: 2021-11-29\n\nBody two.",
        [("Acme raises $5M", None, "Body one.\n\n## Details\n\nMore."),
         ("Beta is fined €2M", D, "Body two.")],
    ),
    "Markdown second-level headings": Layout(
        "## Acme raises $5M\n\nBody one.\n\nA plain headline-like line\n\nMore.\n\n"
        "## Beta is fined\n\nBody two.",
        [("Acme raises $5M", None, "Body one.\n\nA plain headline-like line\n\nMore."),
         ("Beta is fined", None, "Body two.")],
    ),
    "Markdown heading in a plain file": Layout(
        "Acme raises $5M for robots\n\nBody one.\n\n# Beta is fined €2M\n\nBody two.",
        [("Acme raises $5M for robots", None, "Body one."),
         ("Beta is fined €2M", None, "Body two.")],
    ),
    "setext headings": Layout(
        "Acme raises $5M\n===============\n\nBody one.\n\n"
        "Beta is fined\n=============\n\nBody two.",
        [("Acme raises $5M", None, "Body one."), ("Beta is fined", None, "Body two.")],
    ),
    "front matter": Layout(
        "---\ntitle: \"Acme raises $5M\"\ndate: 2021-11-29\n---\nAcme raised money.\n\nMore.",
        [("Acme raises $5M", D, "Acme raised money.\n\nMore.")],
    ),
    "a rule that ends no story stays in the body as written": Layout(
        "Acme raises $5M for warehouse robots\n\nIt said (see below)\n---\nAcme raises $5M "
        "for warehouse robots",
        [("Acme raises $5M for warehouse robots", None,
          "It said (see below)\n---\nAcme raises $5M for warehouse robots")],
    ),
    "a month's date line": Layout(
        "Acme raises $5M for warehouse robots\nJanuary 2018\n\nAcme raised $5 million.\n\n"
        "Beta is fined $2M by the regulator\n2019\n\nBeta was fined.",
        [("Acme raises $5M for warehouse robots", date(2018, 1, 1), "Acme raised $5 million."),
         ("Beta is fined $2M by the regulator", date(2019, 1, 1), "Beta was fined.")],
    ),
    "an undated heading in a file of dated stories is a section of the story before": Layout(
        "Weekly deals: Acme raises $5M, Beta lands $9M\n3 March 2024\n\nTwo rounds closed.\n\n"
        "Where the money went\n\nMost of it went to robotics firms in Leeds and Porto.\n\n"
        "----\n\nGamma fined $1M by watchdog over data leak\n\nMarch 5\n\nGamma was fined.\n\n"
        "Delta buys Epsilon for $40 million in cash\n6 March 2024\n\nDelta bought Epsilon.\n\n"
        "Zeta raises $3M seed round for farm drones\n7 March 2024\n\nZeta raised money.",
        [("Weekly deals: Acme raises $5M, Beta lands $9M", date(2024, 3, 3),
          "Two rounds closed.\n\nWhere the money went\n\nMost of it went to robotics firms in "
          "Leeds and Porto.\n\n----"),
         # Undated too, but a rule line above it ends the story before.
         ("Gamma fined $1M by watchdog over data leak", None, "March 5\n\nGamma was fined."),
         ("Delta buys Epsilon for $40 million in cash", date(2024, 3, 6), "Delta bought Epsilon."),
         ("Zeta raises $3M seed round for farm drones", date(2024, 3, 7), "Zeta raised money.")],
    ),
    "a round-up with more headings than stories keeps them, where rules part the stories": Layout(
        "Week in review: Acme raises $5M\n3 March 2024\n\nA busy week.\n\n"
        "Robots: Acme's moment\n\nAcme raised $5 million.\n\nFarms and drones\n\nZeta raised.\n\n"
        "Fintech lenders\n\nBeta raised.\n\nOther rounds of the week\n\nGamma raised.\n\n"
        "----\n\nDelta buys Epsilon for $40 million in cash\n6 March 2024\n\nDelta bought it.\n\n"
        "----\n\nTheta fined $2M by the regulator\n7 March 2024\n\nTheta was fined.",
        [("Week in review: Acme raises $5M", date(2024, 3, 3), ...),
         ("Delta buys Epsilon for $40 million in cash", date(2024, 3, 6),
          "Delta bought it.\n\n----"),
         ("Theta fined $2M by the regulator", date(2024, 3, 7), "Theta was fined.")],
    ),
    # --- nothing -------------------------------------------------------------------------------
    "empty": Layout("", []),
    "whitespace only": Layout(" \n\t\r\n  \n", []),
}
# fmt: on


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_layouts(layout: Layout) -> None:
    articles = split_plain_text(layout.text, source="x.txt", published=layout.published)
    got = [(a.title, a.published, a.body) for a in articles]
    want = layout.expected
    assert len(got) == len(want), got
    for (title, day, body), (w_title, w_day, w_body) in zip(got, want, strict=True):
        assert title == w_title
        assert day == w_day
        if w_body is not ...:
            assert body == w_body


def test_source_and_content_id() -> None:
    articles = split_plain_text(LAYOUTS["two articles"].text, source="news.txt")
    assert {a.source for a in articles} == {"news.txt"}
    assert len({a.content_id for a in articles}) == 2


def test_bodies_are_slices_of_the_text() -> None:
    """Each body appears verbatim in the (newline-normalized) input, so spans are meaningful."""
    text = LAYOUTS["two articles"].text + "\n\n" + LAYOUTS["Markdown heading in a plain file"].text
    for article in split_plain_text(text):
        assert article.body in text
        assert article.text[article.body_offset :] == article.body


# --------------------------------------------------------------------------------------------------
# Known misses: strict, so fixing one makes the suite say so.
# --------------------------------------------------------------------------------------------------

KNOWN_MISSES = {
    "section subheading inside a plain-text body starts a new article": (
        "Acme raises $5M for robots\n\nAcme raised $5M.\n\nWhy this round matters now\n\n"
        "Robots are in demand.",
        ["Acme raises $5M for robots"],
    ),
    "headline ending in a full stop is not recognised": (
        "Acme raises $5M for robots\n\nBody.\n\nBeta is fined €2M. Gamma is next.\n\nBody two.",
        ["Acme raises $5M for robots", "Beta is fined €2M. Gamma is next."],
    ),
}


@pytest.mark.xfail(strict=True, reason="plain text has no markup to tell these apart")
@pytest.mark.parametrize("text, titles", KNOWN_MISSES.values(), ids=KNOWN_MISSES.keys())
def test_known_misses(text: str, titles: list[str]) -> None:
    assert [a.title for a in split_plain_text(text)] == titles


# --------------------------------------------------------------------------------------------------
# Lines and dates on their own
# --------------------------------------------------------------------------------------------------

HEADLINE_LINES = {
    "Foundry Lab raises $8M to cast metal with a microwave": True,
    "Happy Cyber Monday: Score 2-for-1 passes to TC Sessions Space 2021": True,
    "“Squid Game” maker raises $5M from Netflix": True,
    "Image Credits: AWS": False,
    "• Skycorp builds docks in orbit": False,
    "Clearview has faced pushback elsewhere too.": False,
    "Here’s the statement in full:": False,
    "“We are proud,” she said, smiling widely": False,
    "Lagos opens a state fund for its 'soonicorns'": True,
    "Court calls the lender's fees “plainly unfair”": True,
    "The board called the bid 'too low.'": False,
    "Analysts said the figures were 'weak', citing churn": True,
    "Money that went to the founders'": False,
    "Short line": False,
    "x" * 201: False,
    "November 29, 2021 at 10:00": False,
    "2024 2025 2026 2027 2028": False,
}


@pytest.mark.parametrize("line, expected", HEADLINE_LINES.items(), ids=lambda v: str(v)[:40])
def test_is_headline_line(line: str, expected: bool) -> None:
    assert is_headline_line(line) is expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2021-11-29T10:00:00Z", D),
        ("2021-11-29 10:00:00+01:00", D),
        ("Mon, 29 Nov 2021 10:00:00 GMT", D),
        ("November 29, 2021", D),
        ("29 November 2021", D),
        ("yesterday", None),
        ("", None),
        ("2021-13-45", None),
        ("1066-10-14", None),
    ],
    ids=str,
)
def test_parse_date(value: str, expected: date | None) -> None:
    assert parse_date(value) == expected


def test_parse_date_line_rejects_headlines_with_dates() -> None:
    assert parse_date_line("Final call for Sight Tech Global Dec. 1-2") is None
    assert parse_date_line("2021-11-29 was a busy day for fintech") is None


# --------------------------------------------------------------------------------------------------
# The seed file and speed
# --------------------------------------------------------------------------------------------------

SEED_TITLES = [
    "Clearview AI told to stop processing UK data as ICO warns of possible fine",
    "AWS launches new robotics programs",
    "Foundry Lab raises $8M to quickly, cheaply create metal castings using a microwave",
    "Quick-commerce startup YallaMarket eyes Saudi Arabia and Qatar next year after U.A.E "
    "expansion",
    "Panasonic confirms data breach after hackers access internal network",
    "Happy Cyber Monday: Score 2-for-1 passes to TC Sessions Space 2021",
    "Final call for Sight Tech Global Dec. 1-2",
    "Student media giant Chegg acquires language learning startup Busuu for $436M",
]


def _seed_text() -> str:
    if not SEED.is_file():
        pytest.skip(f"seed file {SEED} is absent (../shared is not beside the repo here)")
    return SEED.read_text(encoding="utf-8")


def test_seed_file_splits_into_its_eight_articles() -> None:
    articles = split_plain_text(_seed_text(), source=SEED.name)
    assert [a.title for a in articles] == SEED_TITLES
    assert all(isinstance(a, Article) and a.body and a.source == SEED.name for a in articles)
    assert articles[1].body.endswith("up to $10,000 in AWS credits.")
    assert "Image Credits: AWS" in articles[1].body
    assert articles[4].body.endswith("Updated with comment from Panasonic.")


def test_large_corpus_is_split_fast() -> None:
    text = "\n\n".join([_seed_text()] * 320)  # about 10 MB
    started = time.perf_counter()
    articles = split_plain_text(text)
    elapsed = time.perf_counter() - started
    assert len(articles) == 8 * 320
    # about 0.5 s on a quiet machine; the bound only catches super-linear work
    assert elapsed < 5.0, f"{elapsed:.2f} s for {len(text) / 1e6:.1f} MB"


# The id must not depend on which of content_id's two ways it takes (on the bytes, or with
# str.split and lower()): every kind of whitespace, runs, edges, characters beyond ASCII that
# lower() keeps or changes, in length (İ) or by context (final Σ).
_ID_PIECES = ("Acme", "RAISES", "$5M", "ΟΔΥΣΣΕΥΣ", "İstanbul", "“quoted”", "Inc.", "\u00ad", "é₩")
_ID_SPACES = (" ", "  ", "\n", "\n\n", " \n ", "\t", "\u00a0", "\u2028", "\u3000", "\x1c", "\x85")


@pytest.mark.parametrize("space", _ID_SPACES)
@pytest.mark.parametrize("edge", ["", " ", "\n", "\u00a0"])
def test_content_id_matches_the_whitespace_collapsing_definition(space: str, edge: str) -> None:
    import hashlib

    from analytics.articles import content_id

    plain = ("Acme", "RAISES", "$5M", "“quoted”", "é₩")
    for k in range(len(_ID_PIECES)):
        for words in (_ID_PIECES[k:] + _ID_PIECES[:k], (*plain, _ID_PIECES[k]), plain[k % 5 :]):
            title, body = words[0], edge + space.join(words[1:]) + " " + edge
            reference = " ".join(f"{title}\n{body}".split()).lower()
            expected = hashlib.sha256(reference.encode("utf-8")).hexdigest()[:16]
            assert content_id(title, body) == expected
