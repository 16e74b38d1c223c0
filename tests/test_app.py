"""The dashboard driven by Streamlit's AppTest on a temporary store seeded from a small fixture."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from dashboard_helpers import article, event, frame, upload
from streamlit.testing.v1 import AppTest

from analytics.export import to_csv_bytes
from analytics.extract import extract_articles
from analytics.filters import FilterState, apply
from analytics.reading import read_articles
from analytics.store import Store

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
SAMPLE = Path(__file__).resolve().parent / "fixtures" / "dashboard_sample"
ZENITH = (
    b"Zenith Labs raises $40 million Series C\n2023-04-02\n\n"
    b"Zenith Labs, a Boston quantum computing startup, raised $40 million in a Series C round "
    b"led by Apex Capital.\n"
)


@pytest.fixture(scope="module")
def sample_events() -> pd.DataFrame:
    """What the app should load: the fixture files read and extracted as the seeder does."""
    articles = [
        a for name in ("fines_and_deals.md", "funding.txt") for a in read_articles(SAMPLE / name)
    ]
    return extract_articles(articles)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DEALSCOPE_DATA_DIR", str(tmp_path / "store"))
    monkeypatch.setenv("DEALSCOPE_SAMPLE_DIR", str(SAMPLE))
    yield tmp_path / "store"
    st.cache_resource.clear()  # let go of this test's store
    st.cache_data.clear()


def run_app(**query: str | list[str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table(at: AppTest) -> pd.DataFrame:
    return at.dataframe[0].value


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def in_table_order(events: pd.DataFrame) -> pd.DataFrame:
    """The table's default order: largest USD first, missing last, then event id."""
    return events.sort_values(
        ["amount_usd", "event_id"], ascending=[False, True], na_position="last"
    ).reset_index(drop=True)


def expected_csv(events: pd.DataFrame, state: FilterState) -> bytes:
    return to_csv_bytes(in_table_order(apply(events, state)))


def test_opens_on_the_sample_with_figures_charts_and_table(
    data_dir: Path, sample_events: pd.DataFrame
) -> None:
    at = run_app()
    assert at.caption[0].value == "5 articles · 5 money events · 2019-08-12 to 2022-05-10"
    assert metrics(at) == {
        "Total raised": "$23.9M",
        "Total fines": "$22.7M",
        "Acquisition value": "$250M",
        "Undisclosed deals": "1",
    }
    captions = [c.value for c in at.caption]
    assert "2 events · 1 undisclosed (not in the total)" in captions
    assert len(at.get("plotly_chart")) == 5
    shown = table(at)
    assert shown["company"].tolist() == in_table_order(sample_events)["company"].tolist()
    assert shown.loc[shown["company"] == "Beta Bank", "USD"].tolist() == ["$22.7M"]
    assert shown.loc[shown["company"] == "Beta Bank", "amount"].tolist() == ["17,000,000 GBP"]
    assert shown.loc[shown["company"] == "Quill Analytics", "amount"].tolist() == ["undisclosed"]
    assert at.download_button(key="download_csv").label == "Download 5 rows as CSV"
    assert at.session_state["csv_bytes"] == expected_csv(sample_events, FilterState())
    assert (data_dir / "dealscope.duckdb").exists()


def test_type_and_search_filters_narrow_everything(
    data_dir: Path, sample_events: pd.DataFrame
) -> None:
    at = run_app()
    at.multiselect(key="filter_type").set_value(["fine", "acquisition"]).run()
    assert table(at)["company"].tolist() == ["Delta Robotics", "Beta Bank", "Quill Analytics"]
    assert "Total raised" not in metrics(at)  # no "$0" panel for a type not in view
    assert metrics(at)["Total fines"] == "$22.7M"
    assert at.query_params["type"] == ["fine", "acquisition"]
    state = FilterState(types=("fine", "acquisition"))
    assert at.session_state["csv_bytes"] == expected_csv(sample_events, state)

    at.text_input(key="filter_q").set_value("GAMMA").run()
    assert table(at)["company"].tolist() == ["Delta Robotics"]
    assert metrics(at) == {"Acquisition value": "$250M"}  # empty panels are left out
    state = FilterState(types=("fine", "acquisition"), search="GAMMA")
    csv = at.session_state["csv_bytes"]
    assert csv == expected_csv(sample_events, state)
    assert csv.count(b"\r\n") == 2  # header and the one row
    assert at.download_button(key="download_csv").label == "Download 1 row as CSV"


def test_sector_and_currency_options_come_from_the_data(data_dir: Path) -> None:
    at = run_app()
    assert at.multiselect(key="filter_currency").options == ["GBP (1)", "INR (1)", "USD (2)"]
    assert at.multiselect(key="filter_source").options == [
        "fines_and_deals.md (3)",
        "funding.txt (2)",
    ]  # events per value beside each option
    at.multiselect(key="filter_currency").set_value(["INR"]).run()
    assert table(at)["company"].tolist() == ["KrishiLink"]
    assert at.query_params["currency"] == "INR"  # AppTest gives a single value as a string


def test_chosen_options_survive_new_data(data_dir: Path) -> None:
    at = run_app()
    sector = table(at).set_index("company").loc["Beta Bank", "sector"]
    at.multiselect(key="filter_sector").set_value([sector]).run()
    before = at.multiselect(key="filter_sector").options
    upload(at, data_dir, ("zenith.txt", ZENITH, "text/plain"))
    after = at.multiselect(key="filter_sector").options
    assert set(after) > set(before)  # Zenith's sector is new
    assert at.multiselect(key="filter_sector").value == [sector]
    assert table(at)["company"].tolist() == ["Beta Bank"]
    assert at.query_params["sector"] == sector


def test_query_params_reproduce_the_view(data_dir: Path, sample_events: pd.DataFrame) -> None:
    driven = run_app()
    driven.multiselect(key="filter_type").set_value(["funding"]).run()
    driven.number_input(key="filter_usd_min").set_value(12.0).run()
    params = {k: driven.query_params[k] for k in driven.query_params}
    assert params == {"type": "funding", "usd": "12000000.."}

    linked = run_app(**params)
    assert table(linked).equals(table(driven))
    assert table(linked)["company"].tolist() == ["Lumora Health"]
    assert linked.multiselect(key="filter_type").value == ["funding"]
    assert linked.number_input(key="filter_usd_min").value == 12.0
    assert metrics(linked) == metrics(driven)
    state = FilterState(types=("funding",), usd=(12e6, None))
    assert linked.session_state["csv_bytes"] == expected_csv(sample_events, state)


def test_bad_query_params_are_ignored(data_dir: Path) -> None:
    at = run_app(type=["bogus"], usd="lots", date="2021-02-30..", sector=["nowhere"])
    assert at.multiselect(key="filter_sector").value == ["nowhere"]
    assert table(at).empty
    assert at.multiselect(key="filter_type").value == []


def test_reset_filters(data_dir: Path) -> None:
    at = run_app(type=["fine"], q="beta", date="2021-01-01..2021-12-31", date_on="event")
    assert table(at)["company"].tolist() == ["Beta Bank"]
    at.button(key="reset_filters").click().run()
    assert len(table(at)) == 5
    assert at.multiselect(key="filter_type").value == ["funding", "fine", "acquisition"]
    assert at.text_input(key="filter_q").value == ""
    assert at.text_input(key="filter_date_min").value == ""
    assert at.radio(key="filter_date_on").value == "article"
    assert dict(at.query_params) == {}


def test_dates_are_typed_and_applied_as_entered(
    data_dir: Path, sample_events: pd.DataFrame
) -> None:
    def companies(state: FilterState) -> list[str]:
        return in_table_order(apply(sample_events, state))["company"].tolist()

    at = run_app(date="2021-01-01..")
    assert at.text_input(key="filter_date_min").value == "2021-01-01"
    assert table(at)["company"].tolist() == companies(FilterState(dates=("2021-01-01", None)))
    at.text_input(key="filter_date_max").set_value("2021-06-30").run()  # what Enter sends
    assert at.query_params["date"] == "2021-01-01..2021-06-30"
    year = FilterState(dates=("2021-01-01", "2021-06-30"))
    assert table(at)["company"].tolist() == companies(year)
    assert companies(year) != companies(FilterState(dates=("2021-01-01", None)))
    at.text_input(key="filter_date_max").set_value("31/12/2021").run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "\\'31/12/2021\\' is not a date\\: write YYYY\\-MM\\-DD, e\\.g\\. 2024\\-05\\-01"
    ]
    assert at.query_params["date"] == "2021-01-01.."  # the bad box is left open


def test_upload_adds_rows_at_once_and_twice_adds_nothing(data_dir: Path) -> None:
    at = run_app()
    upload(at, data_dir, ("zenith.txt", ZENITH, "text/plain"))
    assert [s.value for s in at.success] == [
        "zenith\\.txt\\: 1 article read, 1 added with 1 event \\(1 funding\\)\\."
    ]
    assert "Zenith Labs" in table(at)["company"].tolist()
    assert metrics(at)["Total raised"] == "$63.9M"
    assert at.caption[0].value.startswith("6 articles · 6 money events")

    upload(at, data_dir, ("zenith-again.txt", ZENITH, "text/plain"))
    warning = at.warning[0].value
    assert "already in the store" in warning and "nothing was added" in warning
    assert table(at)["company"].tolist().count("Zenith Labs") == 1
    with Store(data_dir) as store:  # the same process shares the open database
        assert store.count_articles() == 6


def test_upload_with_publication_date_and_several_files(data_dir: Path) -> None:
    at = run_app()
    at.date_input(key="upload_published").set_value(pd.Timestamp("2024-02-03").date())
    undated = (
        b"Nova Grid raises $7 million seed round\n\nNova Grid raised $7 million in a seed round.\n"
    )
    upload(
        at,
        data_dir,
        [("undated.md", undated, "text/markdown"), ("zenith.txt", ZENITH, "text/plain")],
    )
    assert len(at.success) == 2
    shown = table(at)
    assert shown.loc[shown["company"] == "Nova Grid", "date"].tolist() == ["2024-02-03"]
    assert shown.loc[shown["company"] == "Zenith Labs", "date"].tolist() == ["2023-04-02"]


def test_unreadable_upload_is_an_error_and_changes_nothing(data_dir: Path) -> None:
    at = run_app()
    upload(at, data_dir, ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "text/plain"))
    assert len(at.error) == 1 and at.error[0].value.startswith("photo\\.txt\\:")
    assert "Nothing was added" in at.error[0].value
    assert len(table(at)) == 5
    assert at.caption[0].value.startswith("5 articles")


def test_selecting_a_row_shows_the_article_with_the_evidence(data_dir: Path) -> None:
    at = run_app(q="beta bank")
    key = at.dataframe[0].key
    at.session_state[key] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    html = at.get("html")[0].proto.body
    assert "<mark" in html and "<strong>£17 million</strong>" in html
    assert html.count("<mark") == 1
    captions = [c.value for c in at.caption]
    assert any(c.startswith("1 GBP \\= 1\\.3") and "USD on 2021\\-11\\-2" in c for c in captions)


def test_text_from_files_is_never_markup(data_dir: Path) -> None:
    hostile = (
        b"Evil Corp raises $5 million <img src=x onerror=alert(1)>\n2022-01-01\n\n"
        b"Evil Corp, a startup [click](javascript:alert(1)), raised $5 million in a seed round "
        b"<script>alert(2)</script>.\n"
    )
    at = run_app()
    name = "<script>alert(1)</script>.txt"
    upload(at, data_dir, (name, hostile, "text/plain"))
    for element in (*at.success, *at.warning, *at.error):
        assert "<script>" not in element.value and "](" not in element.value
    at.text_input(key="filter_q").set_value("evil").run()
    key = at.dataframe[0].key
    at.session_state[key] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    html = at.get("html")[0].proto.body
    assert "<img" not in html and "<script" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_table_is_paged(data_dir: Path) -> None:
    articles = [
        article(f"Company {i:03d} raises money", published="2021-01-01") for i in range(120)
    ]
    events = frame(
        [
            event(a, f"p{i:03d}", company=f"Company {i:03d}", amount=1e6 * (i + 1))
            for i, a in enumerate(articles)
        ]
    )
    with Store(data_dir) as store:
        store.add(articles, events, _meta={"seeded": "test"})
    at = run_app()
    assert len(table(at)) == 50
    assert table(at)["company"].iloc[0] == "Company 119"
    pages = at.get("pagination")[0]
    assert pages.num_pages == 3
    pages.set_value(3).run()
    assert len(table(at)) == 20
    assert table(at)["company"].iloc[-1] == "Company 000"
    at.multiselect(key="filter_type").set_value(["funding"]).run()  # a new view starts on page 1
    assert table(at)["company"].iloc[0] == "Company 119"


def test_a_store_held_elsewhere_is_a_message_not_a_traceback(data_dir: Path) -> None:
    Store(data_dir).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True);"
            " time.sleep(60)",
            str(data_dir / "dealscope.duckdb"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        at = AppTest.from_file(APP, default_timeout=60).run()
        assert not at.exception
        assert at.error[0].value.startswith(f"the store {data_dir / 'dealscope.duckdb'} is in use")
    finally:
        holder.kill()
        holder.wait()


def test_uploader_takes_any_file(data_dir: Path) -> None:
    """No ``type=`` restriction: the widget would refuse other files with a hover-only message
    (and raise before the app runs on a NUL byte in a name); the reader says why instead."""
    at = run_app()
    uploader = at.file_uploader(key="uploader")
    assert uploader.accept_multiple_files
    assert not uploader.allowed_type


def test_a_nul_byte_name_is_refused_and_the_rest_of_the_batch_is_stored(data_dir: Path) -> None:
    at = run_app()
    upload(
        at,
        data_dir,
        [("sneaky.txt\x00.html", ZENITH, "text/plain"), ("zenith.txt", ZENITH, "text/plain")],
    )
    assert [e.value for e in at.error] == [
        "sneaky\\.txt\\.html\\: its name holds a NUL byte, which no real file name has \\(a "
        "hand\\-made request or a broken tool sent it\\)\\: rename the file and upload it again\\. "
        "Nothing was added\\."
    ]
    assert [s.value for s in at.success] == [
        "zenith\\.txt\\: 1 article read, 1 added with 1 event \\(1 funding\\)\\."
    ]
    assert "Zenith Labs" in table(at)["company"].tolist()
    assert at.caption[1].value == "2 files received\\: sneaky\\.txt\\.html, zenith\\.txt"


def test_remove_an_upload_after_a_confirmation(data_dir: Path) -> None:
    at = run_app()
    upload(at, data_dir, ("zenith.txt", ZENITH, "text/plain"))
    assert at.caption[0].value.startswith("6 articles · 6 money events")
    with Store(data_dir) as store:
        [entry] = store.journal()
    at.button(key=f"remove_{entry.upload_id}").click().run()
    assert "Zenith Labs" in table(at)["company"].tolist()  # nothing happens before the yes
    assert at.warning[0].value == (
        "Remove zenith\\.txt? Its 1 article and 1 event will be taken out of the store; "
        "nothing else changes\\."
    )
    at.button(key=f"remove_yes_{entry.upload_id}").click().run()
    assert not at.exception
    assert "Zenith Labs" not in table(at)["company"].tolist()
    assert at.caption[0].value.startswith("5 articles · 5 money events")
    assert [w.value for w in at.warning] == [
        "zenith\\.txt\\: removed; its 1 article and 1 event were taken out\\."
    ]


def test_charts_show_one_event_type_at_a_time(data_dir: Path) -> None:
    import json

    def traces(at: AppTest) -> tuple[set[str], list[str]]:
        figures = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
        names = {t["name"] for f in figures for t in f["data"]}
        return names, [f["layout"]["title"]["text"] for f in figures]

    at = run_app()
    picker = at.button_group(key="chart_type")
    assert picker.options and picker.value == "funding"
    names, titles = traces(at)
    assert names == {"funding"} and "Money by lead investor (USD)" in titles
    picker.set_value("fine").run()
    names, titles = traces(at)
    assert names == {"fine"} and "Fines by authority (USD)" in titles
    # a view of fines only: no funding figure, no "Total raised" panel, no type to pick
    at = run_app(type="fine")
    assert "Total raised" not in metrics(at) and traces(at)[0] == {"fine"}
