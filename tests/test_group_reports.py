"""Every report of a grouped event is kept and listed, with its amount, source and evidence."""

from __future__ import annotations

import pandas as pd
from test_grouping import DEAL_REPORTS, OTHER_ROUND, ROUND_REPORTS, _articles

from analytics import display, grouping
from analytics.extract import extract_articles
from analytics.store import Store


def _add(store: Store, reports: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    articles = _articles(reports)
    events = extract_articles(articles)
    store.add(articles, events)
    return events


def test_every_report_of_the_round_is_listed_with_its_evidence(store: Store) -> None:
    events = _add(store, (*ROUND_REPORTS, OTHER_ROUND))
    series_b = events[events["round"] == "Series B"]
    for event_id in series_b["event_id"]:  # the same list whichever report is asked about
        reports = store.group_reports(event_id)
        assert list(reports.columns) == list(grouping.REPORT_COLUMNS)
        assert list(reports["event_id"]) == list(series_b["event_id"])  # earliest article first
        assert list(reports["amount_text"]) == ["$50 million", "$50.5m", "£40 million"]
        assert list(reports["currency"]) == ["USD", "USD", "GBP"]
        assert list(reports["article_date"]) == ["2024-03-04", "2024-03-06", "2024-03-08"]
        assert reports["article_title"].tolist()[2] == "Acme Robotics lands £40m"
        assert reports["evidence"].str.contains("Acme Robotics").all()
        assert int(reports["counted"].sum()) == 1 and not reports["manual"].any()
    text = grouping.reports_text(reports)
    gbp_usd = display.format_usd(reports["amount_usd"].iloc[2])
    assert text == f"3 reports: $50 million | $50.5m | £40 million (≈ {gbp_usd})"
    assert gbp_usd.startswith("$5")
    # the Series C of the same month is a group of its own
    series_c = events.loc[events["round"] == "Series C", "event_id"].iloc[0]
    alone = store.group_reports(series_c)
    assert list(alone["event_id"]) == [series_c]
    assert grouping.reports_text(alone) == "1 report: $20 million"


def test_ungroup_and_regroup_change_the_lists_and_the_store_version(store: Store) -> None:
    events = _add(store, ROUND_REPORTS)
    first, second, third = events["event_id"]
    version = store.version()
    store.ungroup(third)
    assert store.version() == version + 1  # cached totals keyed on the version are not reused
    alone = store.group_reports(third)
    assert list(alone["event_id"]) == [third]
    assert alone["manual"].tolist() == [True] and alone["counted"].tolist() == [True]
    assert list(store.group_reports(first)["event_id"]) == [first, second]
    assert store.count_events() == 3  # nothing was deleted
    store.regroup(third)
    assert store.version() == version + 2
    back = store.group_reports(third)
    assert list(back["event_id"]) == [first, second, third]
    assert not back["manual"].any()


def test_agreeing_and_undisclosed_reports_and_unknown_ids(store: Store) -> None:
    events = _add(store, DEAL_REPORTS)
    reports = store.group_reports(events["event_id"].iloc[0])
    assert grouping.reports_text(reports) == "2 reports: $1.2 billion | $1.19bn"
    same = reports.assign(amount_text="$1.2 billion")
    assert grouping.reports_text(same) == "2 reports, all $1.2 billion"
    hidden = reports.assign(amount_text=None, undisclosed=True, amount_usd=None)
    assert grouping.reports_text(hidden) == "2 reports, all undisclosed"
    assert store.group_reports("no-such-event").empty


def test_report_frame_puts_amounts_side_by_side(store: Store) -> None:
    events = _add(store, ROUND_REPORTS)
    shown = display.report_frame(store.group_reports(events["event_id"].iloc[0]))
    assert list(shown.columns) == list(display.REPORT_TABLE_COLUMNS)
    assert shown["amount (as written)"].tolist() == ["$50 million", "$50.5m", "£40 million"]
    assert shown["USD"].tolist()[:2] == ["$50.0M", "$50.5M"]
    assert shown["in totals"].tolist().count(True) == 1
    assert shown["source"].tolist() == ["news.txt"] * 3
    empty = display.report_frame(store.group_reports("no-such-event"))
    assert list(empty.columns) == list(display.REPORT_TABLE_COLUMNS) and empty.empty
