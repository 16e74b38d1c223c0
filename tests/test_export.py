"""CSV export: exact bytes, formula neutralisation, file names."""

from __future__ import annotations

import csv
import io
import re

import pandas as pd
import pytest
from dashboard_helpers import article, corpus, event, frame

from analytics.export import EXPORT_COLUMNS, export_filename, to_csv_bytes
from analytics.filters import FilterState, apply
from analytics.schema import COLUMN_NAMES


def test_exact_bytes_of_a_small_frame() -> None:
    small = pd.DataFrame(
        {
            "company": ["Acme", 'Beta, "the bank"', None],
            "amount": [8_000_000.0, 1.5e-05, float("nan")],
            "amount_usd": [1.25e21, -3.0, 22_660_000.5],
            "span_start": pd.Series([12, -1, 0], dtype="int64"),
            "undisclosed": [False, True, False],
            "article_date": ["2021-11-29", None, "2019-03-14"],
            "evidence": ["raised £17 million\nin total", '=HYPERLINK("x")', "-5% drop"],
        }
    )
    assert to_csv_bytes(small) == (
        b"company,amount,amount_usd,span_start,undisclosed,article_date,evidence\r\n"
        b"Acme,8000000,1250000000000000000000,12,false,2021-11-29,"
        b'"raised \xc2\xa317 million\nin total"\r\n'
        b'"Beta, ""the bank""",0.000015,-3,-1,true,,"\'=HYPERLINK(""x"")"\r\n'
        b",,22660000.5,0,false,2019-03-14,'-5% drop\r\n"
    )


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+2", "'=1+2"),
        ("+44 20 7946", "'+44 20 7946"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTabbed", "'\tTabbed"),
        ("\rReturn", "'\rReturn"),
        ("Plain = fine", "Plain = fine"),
        ("'quoted", "'quoted"),
    ],
)
def test_formula_cells_are_neutralised(text: str, written: str) -> None:
    data = to_csv_bytes(pd.DataFrame({"company": [text], "amount": [-5.0]}))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert rows[1] == [written, "-5"]


def test_every_schema_column_round_trips_through_the_csv() -> None:
    events = corpus()[1]
    data = to_csv_bytes(events[list(EXPORT_COLUMNS)])
    back = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    assert list(back.columns) == list(COLUMN_NAMES)
    assert back["event_id"].tolist() == events["event_id"].tolist()
    assert back.loc[1, "amount"] == "17000000"
    assert back.loc[1, "amount_usd"] == "22662700"
    assert back.loc[1, "amount_text"] == "£17 million"
    assert back.loc[2, "amount"] == "" and back.loc[2, "undisclosed"] == "true"
    assert back.loc[8, "company"] == "'=cmd|' /C calc'!A0"
    assert back.loc[0, "span_start"] == "-1"
    for col in ("amount", "amount_usd", "fx_rate", "alt_amount", "span_start", "confidence"):
        assert all(re.fullmatch(r"-?\d+(\.\d+)?|", v) for v in back[col]), col


def test_export_is_exactly_the_filtered_rows() -> None:
    events = corpus()[1]
    state = FilterState(types=("fine",), sectors=("ai",))
    data = to_csv_bytes(apply(events, state))
    back = pd.read_csv(io.BytesIO(data), dtype=str)
    assert back["event_id"].tolist() == ["e07", "e10"]


def test_no_rows_give_just_the_header() -> None:
    assert to_csv_bytes(frame([])) == (",".join(COLUMN_NAMES) + "\r\n").encode()


def test_non_ascii_is_utf8_without_bom() -> None:
    a = article("Société Générale fined €5M")
    data = to_csv_bytes(frame([event(a, "x", company="Société Générale", amount_text="€5M")]))
    assert not data.startswith(b"\xef\xbb\xbf")
    assert "Société Générale".encode() in data and "€5M".encode() in data


@pytest.mark.parametrize(
    ("state", "name"),
    [
        (FilterState(), "dealscope_events.csv"),
        (
            FilterState(
                types=("funding",), sectors=("fintech",), dates=("2021-01-01", "2021-12-31")
            ),
            "dealscope_funding_fintech_2021-01-01_2021-12-31.csv",
        ),
        (FilterState(types=()), "dealscope_all-types.csv"),
        (
            FilterState(types=("fine", "acquisition"), search="Beta Bank"),
            "dealscope_fine-acquisition_beta-bank.csv",
        ),
        (
            FilterState(usd=(1e6, None), dates=(None, "2020-06-30")),
            "dealscope_usd-at-least-1m_until-2020-06-30.csv",
        ),
        (FilterState(usd=(None, 5e5)), "dealscope_usd-at-most-500k.csv"),
        (
            FilterState(usd=(1e7, 2.5e9), dates=("2021-01-01", None)),
            "dealscope_usd-10m-to-2.5b_from-2021-01-01.csv",
        ),
        (FilterState(review="reviewed"), "dealscope_reviewed.csv"),
        (FilterState(date_on="event", currencies=("GBP",)), "dealscope_gbp_by-event-date.csv"),
        (
            FilterState(search="<script>alert(1)</script>", sources=("../../etc/passwd",)),
            "dealscope_script-alert-1-script_etc-passwd.csv",
        ),
        (FilterState(search="Ünïcode  €"), "dealscope_unicode.csv"),
    ],
)
def test_file_name_names_the_view(state: FilterState, name: str) -> None:
    assert export_filename(state) == name


def test_file_name_is_bounded() -> None:
    name = export_filename(FilterState(sectors=tuple(f"sector{i}" for i in range(100))))
    assert len(name) <= 124 and name.endswith(".csv") and name.startswith("dealscope_")


@pytest.mark.parametrize(
    "state",
    [FilterState(), FilterState(types=()), FilterState(types=("fine",), sectors=("ai",))],
)
def test_view_csv_by_row_id_is_the_same_as_by_a_scan(tmp_path, state: FilterState) -> None:
    from analytics.export import view_csv
    from analytics.store import Store

    with Store(tmp_path / "d") as store:
        store.add(*corpus())
        rows = store.count_events(state)
        for order in ("largest", "company", "oldest"):
            scanned = view_csv(store, state, order)
            assert view_csv(store, state, order, rows) == scanned
            assert scanned.count(b"\r\n") == rows + 1
