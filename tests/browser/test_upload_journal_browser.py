"""The upload path in a real headless Chromium: no file and no outcome is ever lost between the
user's hand and the store.

* a NUL byte in a file name (put into the upload request itself, as a hand-made request or a
  broken tool would) next to a valid file: the page keeps working, the valid file is stored, the
  other is refused with a message;
* a filter changed while a 3 MB file is read: its summary is there when it finishes;
* the page reloaded while a 3 MB file is read: the new page's journal shows the outcome;
* 20 files picked one by one: every file the uploader received is in the journal;
* an upload removed after a confirmation: its events leave the table, nothing else changes;
* a PDF (made in the test) uploaded: its event is found.

Run: ``python -m pytest -m browser tests/browser/test_upload_journal_browser.py``.
"""

from __future__ import annotations

import random
import re
import sys
import time
from pathlib import Path

import pytest
from streamlit_server import ROOT, StreamlitServer, chromium_missing

pytestmark = pytest.mark.browser
if chromium_missing():
    pytest.skip(chromium_missing(), allow_module_level=True)
if str(ROOT) not in sys.path:  # benchmarks/ and tests/ helpers, importable from the root
    sys.path.insert(0, str(ROOT))
if str(ROOT / "tests") not in sys.path:
    sys.path.insert(0, str(ROOT / "tests"))

import dashboard_page as dp  # noqa: E402
from document_files import make_pdf  # noqa: E402
from playwright.sync_api import Browser, Page, Route, expect  # noqa: E402
from test_kill_during_upload import big_upload  # noqa: E402

from analytics.extract import extract_articles  # noqa: E402
from analytics.reading import read_articles  # noqa: E402
from analytics.schema import PRIMARY_TYPES  # noqa: E402

expect.set_options(timeout=dp.RERUN_MS)
#: Longest wait for a 3 MB file's outcome (read, extracted and stored by the worker).
OUTCOME_MS = 120_000
INPUT = '[data-testid="stFileUploaderDropzoneInput"]'
SUCCESS = '[data-testid="stAlertContentSuccess"]'
ERROR = '[data-testid="stAlertContentError"]'


def story(company: str, amount: int, investor: str) -> bytes:
    return (
        f"{company} raises ${amount} million seed round\n2024-03-0{amount % 9 + 1}\n\n"
        f"{company}, a software startup, raised ${amount} million in a seed round led by "
        f"{investor}.\n"
    ).encode()


def primary_events(data: bytes, name: str) -> int:
    events = extract_articles(read_articles(data, name))
    return int(events["event_type"].isin(PRIMARY_TYPES).sum())


def outcome(page: Page, name: str) -> object:
    """The journal's success message of ``name`` (its added articles)."""
    return page.locator(SUCCESS).filter(has_text=re.compile(rf"^{re.escape(name)}: \d"))


def test_a_nul_byte_name_next_to_a_valid_file(browser: Browser, server: StreamlitServer) -> None:
    page = dp.open_dashboard(browser, server.url)
    try:
        before = dp.events_count(page)

        def nul_in_name(route: Route) -> None:
            """The upload request of the file named ``evilXnul.txt``, sent with a NUL byte
            where the X is (browsers never send one; a hand-made request can)."""
            body = route.request.post_data_buffer or b""
            if b'filename="evilXnul.txt"' in body:
                route.continue_(post_data=body.replace(b"evilXnul.txt", b"evil\x00nul.txt"))
            else:
                route.continue_()

        page.route("**/_stcore/upload_file/**", nul_in_name)
        good = story("Wrenfield Optics", 4, "Harbourlight Capital")
        page.locator(INPUT).set_input_files(
            files=[
                {"name": "evilXnul.txt", "mimeType": "text/plain", "buffer": good},
                {"name": "wrenfield.txt", "mimeType": "text/plain", "buffer": good},
            ]
        )
        expect(outcome(page, "wrenfield.txt")).to_have_count(1, timeout=OUTCOME_MS)
        refused = page.locator(ERROR).filter(has_text="its name holds a NUL byte")
        expect(refused).to_have_count(1)
        expect(refused).to_contain_text("evilnul.txt: its name holds a NUL byte")
        expect(refused).to_contain_text("Nothing was added.")
        dp.wait_events_count(page, before + 1)
        dp.wait_idle(page)
        text = page.locator("body").inner_text()
        assert "Traceback" not in text and "StreamlitAPIException" not in text
        expect(page.get_by_text("2 files received: evilnul.txt, wrenfield.txt")).to_be_visible()
        # the page keeps working: a filter still narrows the table
        dp.set_search(page, "wrenfield")
        dp.wait_events_count(page, 1)
    finally:
        page.context.close()


def test_a_filter_change_during_a_large_upload(browser: Browser, server: StreamlitServer) -> None:
    data = big_upload(seed=11)
    added = primary_events(data, "big.jsonl")
    page = dp.open_dashboard(browser, server.url)
    try:
        before = dp.events_count(page)
        dp.upload(page, "big.jsonl", data)
        busy = page.get_by_text(re.compile(r"^big\.jsonl: received"))
        expect(busy).to_be_visible(timeout=OUTCOME_MS)
        # while the worker reads it: filters changed, the page rerun several times
        dp.choose_option(page, "Event type", "valuation")
        dp.set_search(page, "a")
        dp.set_search(page, "")
        expect(outcome(page, "big.jsonl")).to_have_count(1, timeout=OUTCOME_MS)
        expect(outcome(page, "big.jsonl")).to_contain_text(re.compile(r"articles read, \d+ added"))
        assert dp.chosen_tags(page, "Event type")[-1] == "valuation"
        page.get_by_role("button", name="Reset filters").click()
        dp.wait_events_count(page, before + added, timeout_ms=OUTCOME_MS)
    finally:
        page.context.close()


def test_a_reload_during_an_upload(browser: Browser, server: StreamlitServer) -> None:
    data = big_upload(seed=12)
    added = primary_events(data, "reload.jsonl")
    page = dp.open_dashboard(browser, server.url)
    try:
        before = dp.events_count(page)
        dp.upload(page, "reload.jsonl", data)
        expect(page.get_by_text(re.compile(r"^reload\.jsonl: received"))).to_be_visible()
        page.reload(wait_until="domcontentloaded")  # a new session; the old one is gone
        dp.wait_rendered(page)
        expect(outcome(page, "reload.jsonl")).to_have_count(1, timeout=OUTCOME_MS)
        expect(page.get_by_text(re.compile(r"^Recent uploads \(1\)"))).to_be_visible()
        dp.wait_events_count(page, before + added, timeout_ms=OUTCOME_MS)
    finally:
        page.context.close()


def test_twenty_files_picked_one_by_one(browser: Browser, server: StreamlitServer) -> None:
    page = dp.open_dashboard(browser, server.url)
    rng = random.Random(5)
    try:
        for i in range(20):
            data = story(f"Pick{chr(65 + i)} Systems", i + 1, "Stoneacre Partners")
            dp.upload(page, f"pick_{i:02d}.txt", data)
            time.sleep(rng.uniform(0.02, 0.15))  # picked in quick succession
        dp.wait_idle(page, timeout_ms=OUTCOME_MS)
        received = page.get_by_text(re.compile(r"^\d+ files? received: "))
        expect(received).to_be_visible()
        count = int(received.inner_text().split()[0])
        names = received.inner_text().split(": ", 1)[1].split(", ")
        assert count == len(names) and count >= 1
        # every received file is in the journal, with its outcome
        heading = page.get_by_text(re.compile(r"^Your uploads \("))
        print(received.inner_text(), "|", heading.all_inner_texts())
        expect(heading).to_have_text(f"Your uploads ({count} files)", timeout=OUTCOME_MS)
        for name in names:
            expect(outcome(page, name)).to_have_count(1, timeout=OUTCOME_MS)
        print(f"received {count} of 20 files picked 20-150 ms apart")
    finally:
        page.context.close()


def test_remove_an_upload(browser: Browser, server: StreamlitServer) -> None:
    page = dp.open_dashboard(browser, server.url)
    try:
        before = dp.events_count(page)
        dp.upload(page, "tamsin.txt", story("Tamsin Freight", 7, "Oakhollow Ventures"))
        expect(outcome(page, "tamsin.txt")).to_have_count(1, timeout=OUTCOME_MS)
        dp.wait_events_count(page, before + 1)
        dp.wait_idle(page)
        page.get_by_role("button", name="Remove…").click()
        question = page.get_by_text(re.compile(r"^Remove tamsin\.txt\? Its 1 article and 1 event"))
        expect(question).to_be_visible()
        assert dp.events_count(page) == before + 1  # nothing happens before the yes
        page.get_by_role("button", name="Yes, remove").click()
        expect(
            page.get_by_text("tamsin.txt: removed; its 1 article and 1 event were taken out.")
        ).to_be_visible()
        dp.wait_events_count(page, before)
        dp.set_search(page, "tamsin")
        dp.wait_events_count(page, 0)
    finally:
        page.context.close()


def test_a_pdf_upload_finds_its_events(
    browser: Browser, server: StreamlitServer, artifacts_dir: Path
) -> None:
    pdf = make_pdf(
        [
            [
                "Quillfeather Robotics raises $12 million Series A",
                "",
                "Quillfeather Robotics, a warehouse automation startup, raised $12 million",
                "in a Series A round led by Marrowby Partners, the company said.",
            ]
        ]
    )
    page = dp.open_dashboard(browser, server.url)
    try:
        dp.upload(page, "robotics.pdf", pdf, mime="application/pdf")
        expect(outcome(page, "robotics.pdf")).to_contain_text(
            "robotics.pdf: 1 article read, 1 added with 1 event (1 funding)."
        )
        dp.set_search(page, "quillfeather")
        dp.wait_events_count(page, 1)
        dp.wait_idle(page)
        expect(page.locator(dp.CELL).filter(has_text="Marrowby Partners").first).to_be_attached()
        page.screenshot(path=str(artifacts_dir / "pdf_upload.png"))
    finally:
        page.context.close()
