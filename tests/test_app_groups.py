"""The dashboard's panel of a grouped event, driven by AppTest: every report shown, ungrouping
and grouping again change the totals, and a deal is never counted twice."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from dashboard_helpers import upload as upload_and_wait
from streamlit.testing.v1 import AppTest
from test_grouping import ROUND_REPORTS, _articles

from analytics.display import escape_markdown, format_usd
from analytics.extract import extract_articles
from analytics.grouping import link_events
from analytics.store import Store

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
SAMPLE = Path(__file__).resolve().parent / "fixtures" / "dashboard_sample"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DEALSCOPE_DATA_DIR", str(tmp_path / "store"))
    monkeypatch.setenv("DEALSCOPE_SAMPLE_DIR", str(SAMPLE))
    yield tmp_path / "store"
    st.cache_resource.clear()  # let go of this test's store
    st.cache_data.clear()


@pytest.fixture
def round_events(data_dir: Path) -> pd.DataFrame:
    """The store holds only the three reports of one Series B ($50 million, $50.5m, £40m)."""
    articles = _articles(ROUND_REPORTS)
    events = extract_articles(articles)
    with Store(data_dir) as store:
        store.add(articles, events, _meta={"seeded": "test"})
    return events


def run_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def select_row(at: AppTest, company_row: int) -> AppTest:
    at.session_state[at.dataframe[0].key] = {"selection": {"rows": [company_row], "columns": []}}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def funding(at: AppTest) -> tuple[str, str]:
    """The 'Total raised' figure and its caption."""
    index = next(i for i, m in enumerate(at.metric) if m.label == "Total raised")
    captions = [c.value for c in at.caption if re.match(r"\d[\d,]* events?\b", c.value)]
    return at.metric[index].value, captions[index]


def markdown(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


def test_ungroup_and_group_again_from_the_panel(round_events: pd.DataFrame) -> None:
    usd = dict(zip(round_events["amount_text"], round_events["amount_usd"], strict=True))
    # The report that stands for the round: the most confident, then the earliest.
    counted = round_events.loc[link_events(round_events)["counted"], "amount_text"].item()
    at = run_app()
    assert len(at.dataframe[0].value) == 3  # every report is a row of the table
    assert funding(at) == (format_usd(usd[counted]), "1 event")

    select_row(at, 0)  # largest USD first: the £40 million report
    assert at.dataframe[0].value["amount (as written)"].iloc[0] == "£40 million"
    assert "**Reported 3 times**" in markdown(at)
    reports = at.dataframe[1].value
    assert reports["amount (as written)"].tolist() == ["$50 million", "$50.5m", "£40 million"]
    assert reports["in totals"].tolist() == [a == counted for a in reports["amount (as written)"]]
    assert reports["evidence"].str.contains("Acme Robotics").all()
    gbp = format_usd(usd["£40 million"])
    side_by_side = f"3 reports: $50 million | $50.5m | £40 million (≈ {gbp})"
    assert escape_markdown(side_by_side) in [c.value for c in at.caption]
    assert not [b for b in at.button if b.key == "regroup_report"]

    at.button(key="ungroup_report").click().run()
    assert not at.exception
    assert funding(at) == (format_usd(usd[counted] + usd["£40 million"]), "2 events")
    assert "**Reported 3 times**" not in markdown(at)  # the panel stays on the ungrouped report
    assert any(c.value.startswith(escape_markdown("Ungrouped: Acme Robotics")) for c in at.caption)
    assert len(at.dataframe[0].value) == 3  # nothing was deleted

    at.button(key="regroup_report").click().run()
    assert not at.exception
    assert funding(at) == (format_usd(usd[counted]), "1 event")
    assert "**Reported 3 times**" in markdown(at)


def test_ungrouping_the_counted_report_keeps_the_other_two_together(
    round_events: pd.DataFrame,
) -> None:
    usd = dict(zip(round_events["amount_text"], round_events["amount_usd"], strict=True))
    counted = round_events.loc[link_events(round_events)["counted"], "amount_text"].item()
    alone = round_events.loc[round_events["amount_text"] == counted, "event_id"].item()
    # Once it stands alone, the other two are one event, counted by their own best report.
    rest = link_events(round_events, standalone=[alone])["counted"]
    others_counted = round_events.loc[rest & (round_events["event_id"] != alone), "amount_text"]
    others = [a for a in ("$50 million", "$50.5m", "£40 million") if a != counted]
    at = run_app()
    row = at.dataframe[0].value["amount (as written)"].tolist().index(counted)
    select_row(at, row)
    at.button(key="ungroup_report").click().run()
    assert funding(at) == (format_usd(usd[counted] + usd[others_counted.item()]), "2 events")
    select_row(at, at.dataframe[0].value["amount (as written)"].tolist().index(others[0]))
    assert "**Reported 2 times**" in markdown(at)
    assert at.dataframe[1].value["amount (as written)"].tolist() == others


def test_three_uploaded_reports_count_once_in_the_totals(data_dir: Path) -> None:
    lines = []
    for text, day in ROUND_REPORTS:
        title, body = text.split("\n\n", 1)
        lines.append(json.dumps({"title": title, "published": day, "text": body}))
    at = run_app()
    before = funding(at)
    assert before == ("$23.9M", "2 events")
    upload = ("round.jsonl", "\n".join(lines).encode(), "application/json")
    upload_and_wait(at, data_dir, upload)
    assert not at.exception and len(at.success) == 1
    # The round counts once, by its most confident (then earliest) report.
    events = extract_articles(_articles(ROUND_REPORTS))
    counted_usd = events.loc[link_events(events)["counted"], "amount_usd"].item()
    assert funding(at) == (format_usd(23.9e6 + counted_usd), "3 events")
