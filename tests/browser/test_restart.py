"""Uploads survive a restart: upload in the browser, stop the server, start it on the same data
directory, and the uploaded events are still there (in the page, and in the store's file).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit_server import StreamlitServer, chromium_missing, copy_log

pytestmark = pytest.mark.browser
if chromium_missing():
    pytest.skip(chromium_missing(), allow_module_level=True)

import dashboard_page as dp  # noqa: E402
from playwright.sync_api import Browser, Page, expect  # noqa: E402

from analytics.filters import FilterState  # noqa: E402
from analytics.schema import PRIMARY_TYPES  # noqa: E402
from analytics.store import Store  # noqa: E402

FILENAME = "vellichor_fines.md"
ARTICLE = (
    "# Data watchdog fines Vellichor Telecom €4.5 million over leaked subscriber records\n\n"
    "2024-09-03\n\n"
    "The Irish Data Protection Commission fined Vellichor Telecom €4.5 million on Tuesday after "
    "subscriber records were exposed on an open server for eleven months.\n\n"
    "Pramenik Software, an Ostrava startup, raised $6 million in a seed round led by "
    "Kestrel Ridge Partners.\n"
).encode()
SEARCHES = ("Vellichor", "Pramenik")

expect.set_options(timeout=dp.RERUN_MS)


def counts_by_search(page: Page) -> dict[str, int]:
    """The row count the page shows for each search term (the search box is set, then cleared).

    The filter state is in the URL once the run that applied it has finished.
    """
    out = {}
    for term in SEARCHES:
        dp.set_search(page, term)
        expect(page).to_have_url(re.compile(rf"[?&]q={term}(&|$)"))
        dp.wait_idle(page)
        out[term] = dp.events_count(page)
        dp.set_search(page, "")
        expect(page).not_to_have_url(re.compile(r"[?&]q="))
        dp.wait_idle(page)
    return out


def test_uploaded_events_survive_a_restart(browser: Browser, tmp_path: Path) -> None:
    data_dir = tmp_path / "store"
    log = tmp_path / "streamlit.log"
    server = StreamlitServer(data_dir, log_path=log).start()
    try:
        page = dp.open_dashboard(browser, server.url)
        total_before = dp.events_count(page)
        dp.upload(page, FILENAME, ARTICLE, mime="text/markdown")
        expect(
            page.get_by_text(re.compile(rf"^{re.escape(FILENAME)}: 1 article read, 1 added"))
        ).to_be_visible()
        total = dp.wait_events_count_change(page, total_before)
        dp.wait_idle(page)
        assert total > total_before
        found = counts_by_search(page)
        assert all(n >= 1 for n in found.values()), found
        figures = dp.metrics(page)
        page.context.close()
    finally:
        code = server.stop()
        copy_log(server, "streamlit-restart-1.log")
    assert code is not None  # the server exited (SIGTERM) before the restart

    with Store(data_dir) as store:  # the file alone holds them, no server running
        stored = store.count_events(FilterState())
        by_search = {t: store.count_events(FilterState(search=t)) for t in SEARCHES}
        assert store.count_events(FilterState(types=PRIMARY_TYPES)) == total
    assert by_search == found

    again = StreamlitServer(data_dir, log_path=log, port=server.port).start()
    try:
        page = dp.open_dashboard(browser, again.url)
        assert dp.events_count(page) == total
        assert dp.metrics(page) == figures
        assert counts_by_search(page) == found
        # the same file again adds nothing, and the page says so
        dp.upload(page, FILENAME, ARTICLE, mime="text/markdown")
        expect(
            page.get_by_text(re.compile("already in the store; nothing was added"))
        ).to_be_visible()
        dp.wait_idle(page)
        assert dp.events_count(page) == total
        page.context.close()
    finally:
        again.stop()
        copy_log(again, "streamlit-restart-2.log")
    with Store(data_dir) as store:
        assert store.count_events(FilterState()) == stored
