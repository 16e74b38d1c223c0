"""Readable amounts, the table frame, escaped evidence and upload summaries."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from dashboard_helpers import corpus

from analytics import display
from analytics.uploads import UploadSummary


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "$0"),
        (950, "$950"),
        (12_500, "$12.5K"),
        (22_662_700, "$22.7M"),
        (250_000_000, "$250M"),
        (1_250_000_000, "$1.25B"),
        (3.2e12, "$3.20T"),
        (-5e6, "-$5.00M"),
        (None, "—"),
        (float("nan"), "—"),
    ],
)
def test_format_usd(value: float | None, text: str) -> None:
    assert display.format_usd(value) == text


def test_table_frame_is_readable() -> None:
    events = corpus()[1]
    shown = display.table_frame(events)
    assert list(shown.columns) == list(display.TABLE_COLUMNS)
    beta = shown.iloc[1]
    assert beta["amount"] == "17,000,000 GBP" and beta["USD"] == "$22.7M"
    assert beta["amount (as written)"] == "£17 million"
    assert beta["round / status"] == "imposed"
    assert shown.iloc[0]["round / status"] == "Series A"
    assert shown.iloc[2]["amount"] == "undisclosed" and shown.iloc[2]["USD"] == "—"
    assert shown.iloc[3]["date"] == "2021-12-20"  # the event's own date when it has one
    assert shown.iloc[5]["type"] == "valuation" and shown.iloc[7]["type"] == "total raised"
    assert display.table_frame(events.iloc[:0]).empty


def test_evidence_is_marked_and_everything_else_escaped() -> None:
    text = "Fine <b>news</b>\n\nThe FCA fined Beta & Co £17 million on Monday. Other <i>text</i>."
    start = text.index("£17 million")
    evidence = "The FCA fined Beta & Co £17 million on Monday."
    html = display.evidence_html(text, start, start + len("£17 million"), evidence)
    assert "Fine &lt;b&gt;news&lt;/b&gt;" in html
    assert (
        '<mark style="background-color:#fff3a3;color:#1a1a1a">The FCA fined Beta &amp; Co '
        "<strong>£17 million</strong> on Monday.</mark>"
    ) in html
    assert "Other &lt;i&gt;text&lt;/i&gt;." in html
    assert "<b>" not in html and "<i>" not in html


def test_evidence_with_bad_spans_or_no_sentence() -> None:
    text = "Acme raised <script>$5M</script>."
    assert "<mark" not in display.evidence_html(text, -1, -1, None)
    assert "<mark" not in display.evidence_html(text, 5, 500, float("nan"))
    html = display.evidence_html(text, -1, -1, "Acme raised")
    assert "<mark" in html and "&lt;script&gt;" in html


def test_fx_note() -> None:
    events = corpus()[1]
    assert display.fx_note(events.iloc[1]) == (
        "1 GBP = 1.3331 USD on 2021-11-29 (ECB reference rate) → $22.7M"
    )
    assert display.fx_note(events.iloc[2]) == "Undisclosed: no amount, so no USD figure."
    assert display.fx_note(events.iloc[9]) == (
        "No USD figure: no rate: XTS is not in the ECB reference rates."
    )


def test_escape_markdown_leaves_no_markup() -> None:
    hostile = "[x](javascript:alert(1)) ![i](http://e/x.png) <b>*bold*</b> $x$ :red[y]"
    escaped = display.escape_markdown(hostile)
    assert re.search(r"(?<!\\)[\[\]()<>*$:!]", escaped) is None  # each one backslashed
    assert escaped.replace("\\", "") == hostile


def test_header_and_captions() -> None:
    assert display.header_line(1, 0, (None, None)) == "1 article · 0 money events · no dates"
    assert display.header_line(1200, 3, ("2019-01-02", "2021-12-30")) == (
        "1,200 articles · 3 money events · 2019-01-02 to 2021-12-30"
    )
    assert display.metric_caption(2, 1, 1) == (
        "2 events · 1 undisclosed (not in the total) · 1 without a USD rate (not in the total)"
    )
    assert display.download_label(1) == "Download 1 row as CSV"
    assert display.page_count(101, 50) == 3
    row = pd.Series({"event_type": "fine", "company": None, "amount_text": None})
    assert display.event_title(row) == "fine: unknown company — undisclosed amount"


def test_upload_summary_lines() -> None:
    added = UploadSummary(
        "a.txt", articles_read=3, new_articles=2, already_stored=1,
        events_by_type={"fine": 1, "funding": 2},
        skipped=(("“Acme”", "the same article appears earlier in the file"),),
    )  # fmt: skip
    assert added.lines() == [
        "a.txt: 3 articles read, 2 added with 3 events (2 funding, 1 fine).",
        "1 article was already in the store and not added again.",
        "Skipped “Acme”: the same article appears earlier in the file",
    ]
    again = UploadSummary("a.txt", articles_read=1, already_stored=1)
    assert again.lines() == [
        "a.txt: 1 article read.",
        "It is already in the store; nothing was added.",
    ]
    bad = UploadSummary("x.pdf", error="x.pdf is a PDF, not text")
    assert not bad.ok
    assert bad.lines() == ["x.pdf: x.pdf is a PDF, not text. Nothing was added."]
