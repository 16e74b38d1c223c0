"""Reviewing rows: accept, correct, reject, undo; the audit log; corrections that survive
restarts and re-ingests; the review queue; the reviewed rows as a gold file that scores."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analytics.errors import InputError
from analytics.export import view_csv
from analytics.extract import extract_file
from analytics.filters import FilterState
from analytics.reading import read_articles
from analytics.store import Store

ROOT = Path(__file__).resolve().parent.parent
FILE = ROOT / "tests" / "fixtures" / "review" / "three_deals.txt"
EVERY = FilterState(types=())


def ingest(store: Store, path: Path = FILE) -> None:
    articles = read_articles(path, published="2024-05-02")
    store.add(articles, extract_file(path, published="2024-05-02"))


def by_type(store: Store, state: FilterState = EVERY) -> dict[str, dict]:
    rows = store.events(state)
    return {r["event_type"]: r for r in rows.to_dict("records")}


def remove_article(store: Store, article_id: str) -> None:
    """What removing an upload does to one article: its rows go, corrections stay."""
    with store._write() as cur:
        cur.execute(
            "DELETE FROM event_groups WHERE event_id IN "
            "(SELECT event_id FROM events WHERE article_id = ?)",
            [article_id],
        )
        cur.execute("DELETE FROM events WHERE article_id = ?", [article_id])
        cur.execute("DELETE FROM articles WHERE article_id = ?", [article_id])


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "data") as s:
        ingest(s)
        yield s


def test_correcting_a_company_changes_the_row_and_logs_it(store: Store) -> None:
    deal = by_type(store)["acquisition"]
    assert (deal["company"], deal["counterparty"]) == ("Orbitform", "Tessaly")
    version = store.version()
    store.correct(deal["event_id"], reviewer="ana", company="Orbitform Ltd", counterparty="Tessaly")
    row = by_type(store)["acquisition"]
    assert (row["company"], row["counterparty"], row["review"]) == (
        "Orbitform Ltd",
        "Tessaly",
        "corrected",
    )
    assert store.version() > version
    log = store.audit_log()
    assert log[["reviewer", "event_id", "action", "field", "before", "after"]].values.tolist() == [
        ["ana", deal["event_id"], "correct", "company", '"Orbitform"', '"Orbitform Ltd"'],
        ["ana", deal["event_id"], "correct", "review", None, '"corrected"'],
    ]
    # the row as extracted is kept
    assert store.extracted(deal["event_id"])["company"].tolist() == ["Orbitform"]
    top = store.aggregate("top_companies", FilterState())
    assert "Orbitform Ltd" in set(top["company"]) and "Orbitform" not in set(top["company"])


def test_correcting_the_amount_converts_it_again(store: Store) -> None:
    fine = by_type(store)["fine"]
    store.correct(fine["event_id"], reviewer="ana", amount="3,000,000", currency="eur")
    row = by_type(store)["fine"]
    assert (row["amount"], row["currency"]) == (3_000_000.0, "EUR")
    assert row["fx_source"] == "ECB reference rate"
    assert row["amount_usd"] == pytest.approx(3_000_000 * row["fx_rate"])
    assert store.headline()["fine"].amount_usd == pytest.approx(row["amount_usd"])


def test_rejecting_a_row_takes_it_out_of_totals_not_out_of_the_table(store: Store) -> None:
    before = store.headline()
    assert before["acquisition"].amount_usd == 120e6 and before["acquisition"].events == 1
    deal = by_type(store)["acquisition"]
    store.reject(deal["event_id"], reviewer="ben")
    after = store.headline()
    assert "acquisition" not in after  # no acquisition left to count
    assert after["funding"].amount_usd == before["funding"].amount_usd
    assert by_type(store)["acquisition"]["review"] == "rejected"  # still in the table
    assert store.count_events(FilterState(review="rejected")) == 1
    charts = store.aggregate("by_type_sector", FilterState())
    assert "acquisition" not in set(charts["event_type"])


def test_totals_limited_to_reviewed_rows(store: Store) -> None:
    rows = by_type(store)
    store.accept(rows["funding"]["event_id"], reviewer="ana")
    reviewed = FilterState(review="reviewed")
    assert store.count_events(reviewed) == 1
    assert {k: v.amount_usd for k, v in store.headline(reviewed).items()} == {"funding": 40e6}
    assert store.count_events(FilterState(review="unreviewed")) == 2
    assert store.events(reviewed)["review"].tolist() == ["accepted"]


def test_undo_takes_back_the_last_action_only(store: Store) -> None:
    deal = by_type(store)["acquisition"]
    store.correct(deal["event_id"], reviewer="ana", company="Orbitform Ltd")
    store.reject(deal["event_id"], reviewer="ana")
    store.undo(deal["event_id"], reviewer="ana")
    row = by_type(store)["acquisition"]
    assert (row["company"], row["review"]) == ("Orbitform Ltd", "corrected")
    store.undo(deal["event_id"], reviewer="ana")
    row = by_type(store)["acquisition"]
    assert (row["company"], pd.isna(row["review"])) == ("Orbitform", True)
    with pytest.raises(InputError, match="nothing to undo"):
        store.undo(deal["event_id"], reviewer="ana")
    log = store.audit_log()
    assert log["action"].tolist() == ["correct"] * 2 + ["reject"] + ["undo"] + ["undo"] * 2
    assert log["undone"].tolist() == [True, True, True, False, False, False]


def test_accepting_a_corrected_row_keeps_it_corrected(store: Store) -> None:
    deal = by_type(store)["acquisition"]
    store.correct(deal["event_id"], reviewer="ana", counterparty="Tessaly Group")
    store.accept(deal["event_id"], reviewer="ben")
    assert by_type(store)["acquisition"]["review"] == "corrected"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"amount_usd": 5}, "cannot correct amount_usd: only event_type, company"),
        ({"event_type": "loan"}, "event_type: must be one of funding"),
        ({"amount": "lots"}, "amount: the amount must be a number"),
        ({"amount": -3}, "amount: the amount must be a positive number"),
        ({"currency": "dollars"}, "currency: the currency must be an ISO 4217 code"),
        ({"event_date": "5 May"}, "event_date: the date must be YYYY-MM-DD"),
        ({"status": "fined"}, "status: must be one of proposed"),
        ({"company": "Orbitform"}, "nothing to correct"),
        ({"company": "x" * 301}, "at most 300 characters"),
    ],
)
def test_bad_corrections_are_refused_and_change_nothing(
    store: Store, fields: dict, message: str
) -> None:
    deal = by_type(store)["acquisition"]
    version = store.version()
    with pytest.raises(InputError, match=message):
        store.correct(deal["event_id"], reviewer="ana", **fields)
    assert store.version() == version and len(store.audit_log()) == 0
    assert pd.isna(by_type(store)["acquisition"]["review"])


def test_unknown_event_is_a_clear_error(store: Store) -> None:
    with pytest.raises(InputError, match="no event 'nope' in the store"):
        store.accept("nope", reviewer="ana")


def test_corrections_survive_a_restart(tmp_path: Path) -> None:
    with Store(tmp_path / "d") as store:
        ingest(store)
        deal = by_type(store)["acquisition"]
        store.correct(deal["event_id"], reviewer="ana", company="Orbitform Ltd")
    with Store(tmp_path / "d") as store:
        assert by_type(store)["acquisition"]["company"] == "Orbitform Ltd"
        assert store.audit_log()["field"].tolist() == ["company", "review"]


def test_reingesting_an_article_keeps_its_corrections(store: Store) -> None:
    rows = by_type(store)
    deal, fine = rows["acquisition"], rows["fine"]
    store.correct(deal["event_id"], reviewer="ana", company="Orbitform Ltd", amount=125e6)
    store.reject(fine["event_id"], reviewer="ana")
    store.accept(rows["funding"]["event_id"], reviewer="ana")
    for article_id in {deal["article_id"], fine["article_id"]}:
        remove_article(store, article_id)
    assert set(by_type(store)) == {"funding"}
    # the same file again, and the same file re-uploaded while its articles are stored
    ingest(store)
    ingest(store)
    again = by_type(store)
    assert (again["acquisition"]["company"], again["acquisition"]["amount"]) == (
        "Orbitform Ltd",
        125e6,
    )
    assert again["acquisition"]["amount_usd"] == 125e6
    assert again["acquisition"]["review"] == "corrected"
    assert again["fine"]["review"] == "rejected" and again["funding"]["review"] == "accepted"
    assert set(store.headline()) == {"funding", "acquisition"}
    assert store.extracted(deal["event_id"])["company"].tolist() == ["Orbitform"]
    # the export carries the review state and the corrected values
    csv = view_csv(store, EVERY, "company").decode()
    header = csv.splitlines()[0].split(",")
    assert header[-1] == "review"
    deal_line = next(line for line in csv.splitlines() if "Orbitform Ltd" in line)
    assert deal_line.endswith(",corrected") and ",125000000," in deal_line


def test_review_queue_puts_costly_doubtful_rows_first(store: Store) -> None:
    queue = store.review_queue(FilterState(), limit=10)
    cost = (1 - queue["confidence"]) * queue["amount_usd"]
    # acquisition: (1 - 0.408) * 120M; funding: (1 - 0.667) * 40M; fine: confidence 1
    assert queue["event_type"].tolist() == ["acquisition", "funding", "fine"]
    assert list(cost) == sorted(cost, reverse=True)
    store.accept(queue["event_id"].iloc[0], reviewer="ana")
    assert store.review_queue(FilterState(), limit=10)["event_type"].tolist() == [
        "funding",
        "fine",
    ]
    assert store.count_unreviewed(FilterState()) == 2
    assert store.review_queue(FilterState(), limit=1, offset=1)["event_type"].tolist() == ["fine"]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "analytics", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_corrections_output_scores_with_evaluate(tmp_path: Path) -> None:
    data = tmp_path / "d"
    with Store(data) as store:
        ingest(store)
        rows = by_type(store)
        store.accept(rows["funding"]["event_id"], reviewer="ana")
        store.accept(rows["fine"]["event_id"], reviewer="ana")
        # the reviewer says the buyer paid $150 million (the extractor read $120 million)
        store.correct(rows["acquisition"]["event_id"], reviewer="ben", amount=150e6)
    gold = tmp_path / "gold.jsonl"
    done = run_cli("corrections", "--data-dir", str(data), "-o", str(gold))
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == f"3 reviewed rows written to {gold}"
    lines = [json.loads(line) for line in gold.read_text("utf-8").splitlines()]
    assert [(g["type"], g["amount"], g["company"]) for g in lines] == [
        ("funding", 40e6, "Harbourline"),
        ("fine", 2e6, "Quillpay"),
        ("acquisition", 150e6, "Orbitform"),
    ]
    assert lines[2]["note"] == "corrected by ben in Dealscope review"
    scored = run_cli("evaluate", "--json", "--date", "2024-05-02", str(gold), str(FILE))
    assert scored.returncode == 0, scored.stderr
    report = json.loads(scored.stdout)
    # two rows as the extractor read them; the acquisition's amount is a miss and a false one
    assert report["primary"]["tp"] == 2
    assert (report["primary"]["fp"], report["primary"]["fn"]) == (1, 1)
    assert report["by_type"]["acquisition"]["f1"] == 0.0


def test_corrections_command_without_a_store_says_so(tmp_path: Path) -> None:
    done = run_cli("corrections", "--data-dir", str(tmp_path / "none"))
    assert done.returncode == 2
    assert "no store here" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "none").exists()


def test_review_queue_is_the_same_from_memory_and_from_the_table(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import analytics.store_queries as store_queries

    state = FilterState(types=())
    store.accept(by_type(store)["fine"]["event_id"], reviewer="ana")
    in_memory = store.review_queue(state)["event_id"].tolist()
    counted = store.count_unreviewed(state)
    monkeypatch.setattr(store_queries, "FILTERED_MAX_ROWS", 0)  # too many: asked of the table
    store._forget_filtered()
    assert store._filtered(state).table is None
    assert store.review_queue(state)["event_id"].tolist() == in_memory
    assert store.count_unreviewed(state) == counted == 2
