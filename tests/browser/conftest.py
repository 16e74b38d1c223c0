"""Real-browser fixtures: a headless Chromium (Debian's) for the whole session.

Every test here needs ``/usr/bin/chromium``; without it they are skipped with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit_server import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    StreamlitServer,
    chromium_missing,
    copy_log,
)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    reason = chromium_missing()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def server(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[StreamlitServer]:
    """`streamlit run app.py` on a fresh data dir (the bundled sample), stopped after the test."""
    srv = StreamlitServer(tmp_path / "store", log_path=tmp_path / "streamlit.log").start()
    try:
        yield srv
    finally:
        srv.stop()
        copy_log(srv, f"streamlit-{request.node.name}.log")
