"""The local and Dask engines of ``ingest`` give identical tables on the same corpus."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analytics.ingest import IngestOptions, ingest  # noqa: E402
from analytics.schema import COLUMN_NAMES  # noqa: E402

#: The schema columns only: the store keeps bookkeeping columns (the counted flag) beside them.
COLUMNS_SQL = ", ".join(COLUMN_NAMES)
from benchmarks.corpus import generate_corpus  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few hundred generated articles in text and JSON Lines files (money-dense: many rows)."""
    folder = tmp_path_factory.mktemp("corpus")
    info = generate_corpus(folder, mb=0.5, seed=7, jsonl_share=0.15, profile="dense")
    assert 200 <= info.articles <= 1000
    return folder


def _events(store_dir: Path) -> pd.DataFrame:
    con = duckdb.connect(str(store_dir / "dealscope.duckdb"), read_only=True)
    try:
        return con.execute(f"SELECT {COLUMNS_SQL} FROM events ORDER BY event_id").df()
    finally:
        con.close()


def _articles(store_dir: Path) -> pd.DataFrame:
    con = duckdb.connect(str(store_dir / "dealscope.duckdb"), read_only=True)
    try:
        return con.execute(
            "SELECT article_id, title, published, body FROM articles ORDER BY article_id"
        ).df()
    finally:
        con.close()


@pytest.mark.slow
def test_local_and_dask_engines_give_identical_tables(corpus: Path, tmp_path: Path) -> None:
    """A LocalCluster of 2 worker processes gives row for row the local engine's table."""
    options = {"batch_mb": 0.05, "progress": False}
    local = ingest([str(corpus)], IngestOptions(store=str(tmp_path / "local"), **options))
    dask = ingest(
        [str(corpus)],
        IngestOptions(store=str(tmp_path / "dask"), engine="dask", workers=2, **options),
    )
    assert local.batches_total > 4  # several partitions, so the order of results matters
    assert not local.errors and not dask.errors
    assert (local.articles_new, local.events) == (dask.articles_new, dask.events)
    assert local.events > 0
    a, b = _events(tmp_path / "local"), _events(tmp_path / "dask")
    assert a["event_id"].is_unique
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(_articles(tmp_path / "local"), _articles(tmp_path / "dask"))


@pytest.mark.slow
def test_dask_engine_skips_stored_articles(corpus: Path, tmp_path: Path) -> None:
    """Articles the local engine stored are skipped by a Dask re-run, and nothing is added."""
    store = str(tmp_path / "store")
    first = ingest([str(corpus)], IngestOptions(store=store, batch_mb=0.1, progress=False))
    again = ingest(
        [str(corpus)],
        IngestOptions(store=store, engine="dask", workers=2, batch_mb=0.1, progress=False),
    )
    assert again.articles_new == 0 and again.events == 0
    assert again.articles_skipped == first.articles_new + first.articles_skipped
    assert len(_events(tmp_path / "store")) == first.events
