"""How the browser tests and the benchmark read and drive the Dealscope page (Streamlit 1.67).

Selectors, found by trying: charts are ``.js-plotly-plot`` inside ``stPlotlyChart``; the events
table is a ``stDataFrame`` (a canvas grid, glide-data-grid) whose visible cells are also rendered
as an accessible table, ``[role=gridcell]``, which is what is read here; the table's heading is
``Events (N)`` with N the filtered row count; multiselects are react-aria comboboxes
(``role=combobox`` named by the label, ``role=option`` items, chosen tags ``[data-tag]``); the
file input is ``stFileUploaderDropzoneInput``; the script state is the
``data-test-script-state`` attribute of ``.stApp`` (``running`` / ``notRunning``);
``stStatusWidget`` shows "Running..." only on longer runs.
"""

from __future__ import annotations

import re
import time
import unicodedata
from typing import Any

from playwright.sync_api import Browser, Page, expect

FIRST_RENDER_MS = 60_000
RERUN_MS = 30_000

CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot'
TABLE = '[data-testid="stDataFrame"]'
CELL = f'{TABLE} [role="gridcell"]'
STATUS = '[data-testid="stStatusWidget"]'
EVENTS_HEADING = re.compile(r"^Events \(([\d,]+)\)$")


def script_state(page: Page) -> str | None:
    """``running`` or ``notRunning``: the attribute Streamlit keeps on ``.stApp``."""
    return page.locator(".stApp[data-test-script-state]").first.get_attribute(
        "data-test-script-state"
    )


def wait_idle(page: Page, timeout_ms: int = RERUN_MS, quiet_s: float = 0.3) -> None:
    """Wait until no script run is in progress, for ``quiet_s`` in a row (short polling).

    Used after waiting for a concrete element, never instead of it: before a rerun starts the
    app is idle too.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    quiet_since = None
    while time.monotonic() < deadline:
        running = (
            script_state(page) != "notRunning"
            or page.locator(STATUS).filter(has_text=re.compile("Running", re.I)).count()
        )
        if not running:
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since >= quiet_s:
                return
        else:
            quiet_since = None
        time.sleep(0.05)
    raise TimeoutError(f"the app was still running after {timeout_ms} ms")


def wait_rendered(page: Page, timeout_ms: int = FIRST_RENDER_MS, charts: int = 5) -> None:
    """Wait for the first render: the charts drawn (five, unless the view has fewer with
    something to show), the table and its heading."""
    expect(page.locator(CHART).first).to_be_visible(timeout=timeout_ms)
    expect(page.locator(CHART)).to_have_count(charts, timeout=timeout_ms)
    expect(page.locator(TABLE).first).to_be_visible(timeout=timeout_ms)
    expect(events_heading(page)).to_be_visible(timeout=timeout_ms)
    expect(page.locator(CELL).first).to_be_attached(timeout=timeout_ms)


def events_heading(page: Page) -> Any:
    return page.get_by_role("heading", name=re.compile(r"^Events \([\d,]+\)"))


def events_count(page: Page) -> int:
    """The filtered row count the table's heading shows."""
    text = events_heading(page).first.inner_text().strip()
    match = EVENTS_HEADING.match(text)
    assert match, text
    return int(match.group(1).replace(",", ""))


def wait_events_count(page: Page, expected: int, timeout_ms: int = RERUN_MS) -> None:
    expect(events_heading(page).first).to_have_text(
        re.compile(rf"^Events \({expected:,}\)$"), timeout=timeout_ms
    )


def wait_events_count_change(page: Page, before: int, timeout_ms: int = RERUN_MS) -> int:
    expect(events_heading(page).first).not_to_have_text(
        re.compile(rf"^Events \({before:,}\)$"), timeout=timeout_ms
    )
    return events_count(page)


def grid_rows(page: Page) -> list[list[str]]:
    """The table's rendered rows (header first) as cell texts, from the accessible grid."""
    cells = '[role="gridcell"], [role="columnheader"]'
    rows = page.locator(f'{TABLE} [role="row"]')
    return [[c.strip() for c in row.locator(cells).all_inner_texts()] for row in rows.all()]


def metrics(page: Page) -> dict[str, str]:
    """Headline figures: label -> value, as shown."""
    out = {}
    for m in page.locator('[data-testid="stMetric"]').all():
        label = m.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        value = m.locator('[data-testid="stMetricValue"]').inner_text().strip()
        out[label] = value
    return out


def search_box(page: Page) -> Any:
    return page.get_by_label("Company or counterparty", exact=True)


def set_search(page: Page, text: str) -> None:
    box = search_box(page)
    box.fill(text)
    box.press("Enter")


def multiselect(page: Page, label: str) -> Any:
    return page.get_by_role("combobox", name=label, exact=True)


def choose_option(page: Page, label: str, option: str) -> None:
    """Add ``option`` to the multiselect labelled ``label`` (react-aria combobox).

    The option is typed first: the list is virtualized (long lists render only the options in
    view) and starts with a "Select all" item.
    """
    box = multiselect(page, label)
    box.click()
    box.fill(option)
    # options show their event count beside them: "fintech (12)"
    named = re.compile(rf"^{re.escape(option)}( \([\d,]+\))?$")
    page.get_by_role("option", name=named).click()
    page.keyboard.press("Escape")


def chosen_tags(page: Page, label: str) -> list[str]:
    """The tags a multiselect shows, read from the widget that holds the combobox."""
    widget = page.locator('[data-testid="stMultiSelect"]').filter(has=multiselect(page, label))
    # Format characters (zero-width ones) dropped and any space before the count: a CI run read
    # a tag "valuation (6)" that a plain space before "(6)" did not strip.
    tags = [
        "".join(c for c in t if unicodedata.category(c) != "Cf").strip()
        for t in widget.locator("[data-tag]").all_inner_texts()
    ]
    return [re.sub(r"\s\([\d,]+\)$", "", t) for t in tags]  # without the count beside it


def upload(page: Page, name: str, data: bytes, mime: str = "text/plain") -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": data}]
    )


def full_page_screenshot(page: Page, path: str, *, settle_s: float = 1.0) -> None:
    """A screenshot of the whole app: Streamlit scrolls inside ``stMain`` (and the sidebar), so
    Playwright's ``full_page`` only sees the viewport; the viewport is stretched to the content's
    height for the shot and put back afterwards.
    """
    size = page.viewport_size or {"width": 1400, "height": 1000}
    height = page.evaluate(
        """() => Math.max(document.documentElement.scrollHeight,
            ...['[data-testid="stMain"]', '[data-testid="stSidebarContent"]',
                '[data-testid="stAppViewContainer"]']
              .map(s => document.querySelector(s)).filter(Boolean).map(e => e.scrollHeight))"""
    )
    page.set_viewport_size({"width": size["width"], "height": max(int(height), size["height"])})
    try:
        time.sleep(settle_s)  # let the layout settle at the new height (no state is awaited)
        wait_idle(page)
        page.screenshot(path=path, full_page=True)
    finally:
        page.set_viewport_size(size)


def open_dashboard(browser: Browser, url: str) -> Page:
    """A fresh page on ``url``, waited on until the dashboard has rendered and is idle."""
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.set_default_timeout(RERUN_MS)
    page.goto(url, wait_until="domcontentloaded", timeout=FIRST_RENDER_MS)
    wait_rendered(page)
    wait_idle(page)
    return page
