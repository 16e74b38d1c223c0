"""The dashboard in a real headless Chromium against ``streamlit run app.py`` on localhost.

One server per test on a fresh data directory, seeded from the bundled ``data/``. The events table
is a canvas grid (``st.dataframe``); its visible cells are read from the accessible grid it renders
alongside (``[role=gridcell]``), and the filtered row count from the table's ``Events (N)``
heading; the uploaded company is found by narrowing the view to it with the search filter (so its
rows are the only ones, and visible). The downloaded CSV is compared byte for byte with
``analytics.export.view_csv`` over the same store, opened after the server has stopped (DuckDB
lets one process hold the file).

Run: ``python -m pytest -m browser tests/browser``. A screenshot of the final view is saved as
``artifacts/dashboard.png`` (the server log as ``artifacts/streamlit-*.log``).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from streamlit_server import StreamlitServer, chromium_missing

pytestmark = pytest.mark.browser
if chromium_missing():
    pytest.skip(chromium_missing(), allow_module_level=True)

import dashboard_page as dp  # noqa: E402
from playwright.sync_api import Browser, Page, expect  # noqa: E402

from analytics.display import format_usd  # noqa: E402
from analytics.export import EXPORT_COLUMNS, export_filename, to_csv_bytes, view_csv  # noqa: E402
from analytics.extract import extract_articles  # noqa: E402
from analytics.filters import FilterState, apply  # noqa: E402
from analytics.reading import read_articles  # noqa: E402
from analytics.schema import PRIMARY_TYPES  # noqa: E402
from analytics.store import Store  # noqa: E402

COMPANY = "Quorvane Robotics"
FILENAME = "quorvane_robotics.txt"
ARTICLE = (
    b"Quorvane Robotics raises $27 million Series B to build warehouse picking arms\n"
    b"2025-06-17\n\n"
    b"Quorvane Robotics, a Tallinn startup that builds robotic picking arms for grocery "
    b"warehouses, has raised $27 million in a Series B round led by Brightwater Capital.\n\n"
    b"The company will use the money to open an office in Rotterdam and double its "
    b"engineering team.\n"
)
VIEWPORT = {"width": 1400, "height": 1000}

expect.set_options(timeout=dp.RERUN_MS)


def new_page(browser: Browser) -> Page:
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(dp.RERUN_MS)
    return page


def open_dashboard(browser: Browser, url: str) -> Page:
    page = new_page(browser)
    page.goto(url, wait_until="domcontentloaded", timeout=dp.FIRST_RENDER_MS)
    dp.wait_rendered(page)
    dp.wait_idle(page)
    return page


def uploaded_events() -> object:
    """The events the upload should add: the file read and extracted as the app does."""
    return extract_articles(read_articles(ARTICLE, FILENAME))


def test_page_renders_charts_table_and_figures(
    browser: Browser, server: StreamlitServer, artifacts_dir: Path
) -> None:
    page = open_dashboard(browser, server.url)
    try:
        expect(page.get_by_role("heading", name="Dealscope")).to_be_visible()
        expect(page.locator(dp.CHART)).to_have_count(5)
        for chart in page.locator(dp.CHART).all():  # each chart drew its plot area
            expect(chart.locator(".main-svg").first).to_be_attached()
        assert set(dp.metrics(page)) >= {"Total raised", "Total fines", "Acquisition value"}
        assert dp.events_count(page) > 0
        header = dp.grid_rows(page)[0]
        assert header[:4] == ["type", "company", "counterparty", "amount (as written)"], header
        expect(page.get_by_text(re.compile(r"^\d+ articles · [\d,]+ money events"))).to_be_visible()
        page.screenshot(path=str(artifacts_dir / "dashboard_first_render.png"))
    finally:
        page.context.close()


def test_upload_filter_download_and_copied_link(
    browser: Browser, server: StreamlitServer, tmp_path: Path, artifacts_dir: Path
) -> None:
    expected_new = uploaded_events()
    new_primary = int(expected_new["event_type"].isin(PRIMARY_TYPES).sum())
    assert new_primary >= 1 and set(expected_new["company"]) == {COMPANY}

    page = open_dashboard(browser, server.url)
    before = dp.events_count(page)

    # (b) upload an article about a new company: the summary says what was added, the count grows
    dp.upload(page, FILENAME, ARTICLE)
    expect(
        page.get_by_text(re.compile(rf"^{re.escape(FILENAME)}: 1 article read, 1 added"))
    ).to_be_visible()
    dp.wait_events_count(page, before + new_primary)
    dp.wait_idle(page)

    # (c) a filter: add the "valuation" look-alike type to the default types; the view widens
    dp.choose_option(page, "Event type", "valuation")
    widened = dp.wait_events_count_change(page, before + new_primary)
    dp.wait_idle(page)
    assert dp.chosen_tags(page, "Event type") == [*PRIMARY_TYPES, "valuation"]
    assert widened > before + new_primary

    # ... and the search filter narrows it to the uploaded company: its rows are in the table
    dp.set_search(page, "quorvane")
    dp.wait_events_count(page, new_primary)
    dp.wait_idle(page)
    rows = dp.grid_rows(page)
    company_col = rows[0].index("company")
    assert [r[company_col] for r in rows[1:]] == [COMPANY] * new_primary, rows
    assert dp.search_box(page).input_value() == "quorvane"
    state = FilterState(types=(*PRIMARY_TYPES, "valuation"), search="quorvane")
    url = page.url
    assert FilterState.from_query_params(parse_qs(urlparse(url).query)) == state
    figures = dp.metrics(page)
    raised = expected_new.loc[expected_new["event_type"] == "funding", "amount_usd"].sum()
    assert figures["Total raised"] == format_usd(float(raised)), figures

    # (d) the download gives exactly the filtered rows
    with page.expect_download() as info:
        page.locator('[data-testid="stDownloadButton"] button').click()
    download = info.value
    assert download.suggested_filename == export_filename(state)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    data = saved.read_bytes()
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert len(table) == new_primary == dp.events_count(page)
    assert {r["company"] for r in table} == {COMPANY}
    in_view = apply(expected_new, state).sort_values("amount_usd", ascending=False)
    assert data == to_csv_bytes(in_view, EXPORT_COLUMNS)

    # (e) the copied link opens the same view in a new browser session
    other = open_dashboard(browser, url)
    try:
        dp.wait_events_count(other, new_primary)
        assert dp.search_box(other).input_value() == "quorvane"
        assert dp.chosen_tags(other, "Event type") == [*PRIMARY_TYPES, "valuation"]
        assert dp.metrics(other) == figures
        assert dp.grid_rows(other) == rows
        assert other.url == url
        dp.full_page_screenshot(other, str(artifacts_dir / "dashboard.png"))
    finally:
        other.context.close()
        page.context.close()

    # The store the server wrote, read after it stopped: the same bytes from analytics' own export
    server.stop()
    with Store(server.data_dir) as store:
        assert store.count_events(state) == new_primary
        assert view_csv(store, state) == data
