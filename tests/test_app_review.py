"""The review view and who may write, driven by Streamlit's AppTest on a small fixture store."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analytics.store import Store

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
SAMPLE = Path(__file__).resolve().parent / "fixtures" / "review"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DEALSCOPE_DATA_DIR", str(tmp_path / "store"))
    monkeypatch.setenv("DEALSCOPE_SAMPLE_DIR", str(SAMPLE))
    monkeypatch.delenv("DEALSCOPE_READ_ONLY", raising=False)
    monkeypatch.delenv("DEALSCOPE_PASSWORD", raising=False)
    yield tmp_path / "store"
    st.cache_resource.clear()
    st.cache_data.clear()


def run_app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def store_of(at: AppTest) -> Store:
    """The app's own store object (one process may hold the file)."""
    from app import open_store  # the cached resource the app made

    return open_store(str(Path(__import__("os").environ["DEALSCOPE_DATA_DIR"])), str(SAMPLE))


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def write_keys(at: AppTest) -> set[str]:
    keys = {w.key for w in [*at.text_input, *at.button, *at.get("file_uploader")] if w.key}
    return {k for k in keys if k.startswith(("uploader", "reviewer", "write_", "undo_", "rv_"))}


def test_review_queue_correct_then_undo(data_dir: Path) -> None:
    at = run_app(view="review")
    headings = [h.value for h in at.subheader]
    assert "Review queue (3 not reviewed)" in headings
    queue = at.dataframe[0].value
    # low confidence times large USD first: the $120 million purchase read at 0.41
    assert queue["company"].tolist() == ["Orbitform", "Harbourline", "Quillpay"]
    at.text_input(key="reviewer_name").set_value("ana").run()
    store = store_of(at)
    event_id = store.review_queue(limit=1)["event_id"].iloc[0]
    at.text_input(key=f"rv_company_{event_id}").set_value("Orbitform Ltd")
    button(at, "Save correction").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Correction saved\\."]
    assert "Review queue (2 not reviewed)" in [h.value for h in at.subheader]
    row = store.events().set_index("event_id").loc[event_id]
    assert (row["company"], row["review"]) == ("Orbitform Ltd", "corrected")
    log = store.audit_log()
    assert log[["reviewer", "field", "after"]].values.tolist() == [
        ["ana", "company", '"Orbitform Ltd"'],
        ["ana", "review", '"corrected"'],
    ]
    at.button(key=f"undo_{event_id}").click().run()
    assert store.events().set_index("event_id").loc[event_id, "company"] == "Orbitform"
    assert "Review queue (3 not reviewed)" in [h.value for h in at.subheader]


def test_reject_from_the_queue_changes_the_totals(data_dir: Path) -> None:
    at = run_app()
    assert {m.label: m.value for m in at.metric}["Acquisition value"] == "$120M"
    at = run_app(view="review")
    button(at, "Reject").click().run()
    at = run_app()
    shown = {m.label: m.value for m in at.metric}
    assert "Acquisition value" not in shown and shown["Total raised"] == "$40.0M"
    table = at.dataframe[0].value
    assert table.set_index("company").loc["Orbitform", "review"] == "rejected"


def test_read_only_mode_draws_no_write_control(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEALSCOPE_READ_ONLY", "1")
    at = run_app(view="review")
    assert write_keys(at) == set()
    assert not at.get("file_uploader")
    assert [h.value for h in at.subheader if h.value.startswith("Review")] == []
    assert at.dataframe[0].value["company"].tolist()  # the events table is there


def test_password_guards_every_write_control(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEALSCOPE_PASSWORD", "open sesame")
    at = run_app(view="review")
    assert write_keys(at) == {"reviewer_name", "write_password"}
    at.text_input(key="write_password").set_value("wrong").run()
    assert not at.get("file_uploader")
    at.text_input(key="write_password").set_value("open sesame").run()
    assert at.get("file_uploader")
    assert "Review queue (3 not reviewed)" in [h.value for h in at.subheader]
