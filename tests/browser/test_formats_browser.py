"""Formats end to end in a real headless Chromium: an HTML page and a JSON Lines file uploaded
together through the file uploader, their events found in the table; then a bad file, which gets
the reader's one clear message and changes nothing.

The HTML page carries navigation, a script, a comment section and a footer around its
``<article>``: only the article's text may reach the store (the script's text never shows in the
page). Each company's rows are found by narrowing the view to it with the search filter and
reading the accessible grid, as ``test_dashboard_browser.py`` does. Expected events come from
``read_articles`` + ``extract_articles`` over the same bytes, as the app computes them.

Run: ``python -m pytest -m browser tests/browser/test_formats_browser.py``.
"""

from __future__ import annotations

import json
import re
import time
from datetime import date
from pathlib import Path

import pytest
from streamlit_server import StreamlitServer, chromium_missing

pytestmark = pytest.mark.browser
if chromium_missing():
    pytest.skip(chromium_missing(), allow_module_level=True)

import dashboard_page as dp  # noqa: E402
from playwright.sync_api import Browser, Page, expect  # noqa: E402

from analytics.errors import InputError  # noqa: E402
from analytics.extract import extract_articles  # noqa: E402
from analytics.reading import read_articles  # noqa: E402
from analytics.schema import PRIMARY_TYPES  # noqa: E402

HTML_NAME = "brindlewood_series_a.html"
SCRIPT_MARKER = "zqxTrackerPayload42"
NAV_MARKER = "NavLinkMarkerQ"
COMMENT_MARKER = "CommentMarkerQ"
HTML_PAGE = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Brindlewood Analytics raises $14 million Series A</title>
<meta property="article:published_time" content="2024-05-02">
<script>window.tracker = "{SCRIPT_MARKER}"; document.title = "{SCRIPT_MARKER}";</script>
</head>
<body>
<nav><a href="/">Home</a> <a href="/markets">Markets</a> <a href="/tech">Tech</a>
<span>{NAV_MARKER}</span></nav>
<!-- an HTML comment that is not news: {SCRIPT_MARKER} -->
<article>
<h1>Brindlewood Analytics raises $14 million Series A</h1>
<p>Brindlewood Analytics, a Leeds startup that builds forecasting software for grocery chains,
raised $14 million in a Series A round led by Kestrel Ventures.</p>
<p>The company said it will use the money to hire forty engineers and open an office in Lisbon
next year.</p>
<p>Founded in 2021, it now serves more than sixty retailers across northern Europe.</p>
</article>
<section class="comments"><h2>Comments</h2>
<div class="comment"><p>{COMMENT_MARKER}: great news, congratulations to the team!</p></div>
</section>
<script>console.log("{SCRIPT_MARKER}");</script>
<footer>Copyright 2024 Example News</footer>
</body>
</html>
""".encode()

JSONL_NAME = "wire_feed.jsonl"
JSONL_RECORDS = [
    {
        "title": "Payments startup Tamberlin Pay raises $9 million seed round",
        "published_at": "2024-03-11",
        "body": (
            "Tamberlin Pay, an Ostrava payments startup, raised $9 million in a seed round led by "
            "Harrowgate Capital. It will use the money to expand into Poland."
        ),
        "url": "https://news.example/tamberlin-pay-seed",
    },
    {
        "title": "FTC fines Glenmarrow Devices $3.2 million over data sharing",
        "published_at": "2024-04-18",
        "body": (
            "The Federal Trade Commission fined Glenmarrow Devices $3.2 million on Thursday for "
            "sharing customer location data without consent."
        ),
        "url": "https://news.example/glenmarrow-ftc-fine",
    },
]
JSONL = "\n".join(json.dumps(r) for r in JSONL_RECORDS).encode() + b"\n"

#: company -> (search term, event type, amount as written, date): the HTML page's date is its
#: ``article:published_time``, the JSONL records' their ``published_at``
EXPECTED = {
    "Brindlewood Analytics": ("brindlewood", "funding", "$14 million", "2024-05-02"),
    "Tamberlin Pay": ("tamberlin", "funding", "$9 million", "2024-03-11"),
    "Glenmarrow Devices": ("glenmarrow", "fine", "$3.2 million", "2024-04-18"),
}

#: A PNG image given a .txt name: the reader refuses it by its signature.
BAD_NAME = "holiday_photo.txt"
BAD_FILE = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(64)

expect.set_options(timeout=dp.RERUN_MS)


def upload_files(page: Page, files: list[tuple[str, bytes, str]]) -> None:
    """Several files handed to the file input at once (``dp.upload`` gives one)."""
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": n, "mimeType": m, "buffer": b} for n, b, m in files]
    )


def shown_rows(page: Page, columns: tuple[str, ...], settle_s: float = 10.0) -> list[list[str]]:
    """The grid's data rows, only ``columns``, once the accessible grid has drawn them whole (it
    is redrawn after each rerun: read too early, a row may lack cells or the rows be stale).
    """
    deadline = time.monotonic() + settle_s
    while True:
        rows = dp.grid_rows(page)
        if rows and all(c in rows[0] for c in columns):
            cols = [rows[0].index(c) for c in columns]
            if rows[1:] and all(len(r) > max(cols) for r in rows[1:]):
                return [[r[i] for i in cols] for r in rows[1:]]
        if time.monotonic() > deadline:
            raise AssertionError(f"the grid did not show {columns}: {rows}")
        time.sleep(0.1)


def page_text(page: Page) -> str:
    return page.locator("body").inner_text()


def test_html_and_jsonl_uploaded_together_then_a_bad_file(
    browser: Browser, server: StreamlitServer, artifacts_dir: Path
) -> None:
    html_articles = read_articles(HTML_PAGE, HTML_NAME)
    jsonl_articles = read_articles(JSONL, JSONL_NAME)
    assert len(html_articles) == 1 and len(jsonl_articles) == 2
    assert html_articles[0].published == date(2024, 5, 2)
    assert SCRIPT_MARKER not in html_articles[0].text
    events = extract_articles([*html_articles, *jsonl_articles])
    primary = events[events["event_type"].isin(PRIMARY_TYPES)]
    for company, (_, kind, amount, _) in EXPECTED.items():
        mine = primary[primary["company"] == company]
        assert list(zip(mine["event_type"], mine["amount_text"], strict=True)) == [
            (kind, amount)
        ], (company, mine)
    with pytest.raises(InputError) as bad:
        read_articles(BAD_FILE, BAD_NAME)
    bad_message = str(bad.value)

    page = dp.open_dashboard(browser, server.url)
    try:
        before = dp.events_count(page)

        # Both files at once: one summary each, with its article count; the count grows by all
        upload_files(page, [(HTML_NAME, HTML_PAGE, "text/html"), (JSONL_NAME, JSONL, "text/plain")])
        expect(
            page.get_by_text(re.compile(rf"^{re.escape(HTML_NAME)}: 1 article read, 1 added"))
        ).to_be_visible()
        expect(
            page.get_by_text(re.compile(rf"^{re.escape(JSONL_NAME)}: 2 articles read, 2 added"))
        ).to_be_visible()
        after = before + len(primary)
        dp.wait_events_count(page, after)
        dp.wait_idle(page)
        text = page_text(page)
        for marker in (SCRIPT_MARKER, NAV_MARKER, COMMENT_MARKER):
            assert marker not in text, marker
        assert "Traceback" not in text

        # Each company's row, found with the search filter: right type, amount as written, date
        for company, (term, kind, amount, day) in EXPECTED.items():
            dp.set_search(page, term)
            dp.wait_events_count(page, 1)
            dp.wait_idle(page)
            expect(page.locator(dp.CELL).filter(has_text=company).first).to_be_attached()
            shown = shown_rows(page, ("type", "company", "amount (as written)", "date"))
            assert shown == [[kind, company, amount, day]], shown
        dp.set_search(page, "")
        dp.wait_events_count(page, after)
        dp.wait_idle(page)

        # A bad file: the reader's message in an st.error, no traceback, nothing added
        upload_files(page, [(BAD_NAME, BAD_FILE, "text/plain")])
        error = page.locator('[data-testid="stAlertContentError"]').filter(has_text=BAD_NAME)
        expect(error).to_have_count(1)
        expect(error).to_contain_text(bad_message)
        expect(error).to_contain_text("Nothing was added.")
        dp.wait_idle(page)
        text = page_text(page)
        assert "Traceback" not in text
        assert SCRIPT_MARKER not in text
        assert dp.events_count(page) == after
        # the earlier summaries are still shown, as they were
        expect(
            page.get_by_text(re.compile(rf"^{re.escape(HTML_NAME)}: 1 article read"))
        ).to_be_visible()
        page.screenshot(path=str(artifacts_dir / "formats_upload.png"))
    finally:
        page.context.close()
