"""Fixtures shared by the test modules."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from analytics.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An empty store in a fresh folder, closed after the test (a module may extend it by
    requesting ``store`` in its own ``store`` fixture)."""
    with Store(tmp_path / "data") as opened:
        yield opened
