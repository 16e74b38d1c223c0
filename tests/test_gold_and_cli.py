"""The extractor scored against the gold files, and the command line's contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analytics.evaluate import load_gold, same_name, same_parties, score
from analytics.extract import extract_file
from analytics.schema import COLUMN_NAMES, PRIMARY_TYPES, columns_markdown

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed"
DATA = ROOT / "data"
SAMPLE_FILES = sorted(
    p for p in DATA.iterdir() if p.suffix in (".txt", ".md") and p.name != "README.md"
)

needs_seed = pytest.mark.skipif(
    not (SEED / "seed_gold.jsonl").is_file(),
    reason="../shared/seed is not beside the project (CI has it)",
)


def _report(gold: Path, files: list[Path]):
    frames = [extract_file(f) for f in files]
    return score(load_gold(gold), pd.concat(frames, ignore_index=True))


def _assert_perfect(report) -> None:
    for kind in PRIMARY_TYPES:
        s = report.by_type[kind]
        assert (s.precision, s.recall) == (1.0, 1.0), (kind, report.as_text())
    assert (report.overall.precision, report.overall.recall) == (1.0, 1.0), report.as_text()
    assert report.parties_checked > 0
    assert report.wrong_parties == [], report.as_text()


@needs_seed
def test_seed_gold_is_matched_exactly() -> None:
    report = _report(SEED / "seed_gold.jsonl", [SEED / "000_fdfd898aef7fab78.txt"])
    _assert_perfect(report)
    assert report.overall.true_positives == len(load_gold(SEED / "seed_gold.jsonl"))


def test_sample_gold_is_matched_exactly() -> None:
    report = _report(DATA / "gold.jsonl", SAMPLE_FILES)
    _assert_perfect(report)
    assert report.by_type["funding"].true_positives >= 30
    assert report.by_type["fine"].true_positives >= 15


@pytest.mark.parametrize(
    ("gold", "predicted", "same"),
    [
        ("Clearview AI", "Clearview", True),
        ("Acme Ltd", "acme", True),
        ("ICO", "ICO", True),
        ("Acme", "Bolt", False),
        (None, None, True),
        ("Acme", None, False),
    ],
)
def test_name_matching_is_lenient_but_not_blind(gold, predicted, same) -> None:
    assert same_name(gold, predicted) is same


def test_party_lists_match_in_any_order_but_all_names() -> None:
    assert same_parties("A Capital; B Ventures", "B Ventures; A Capital")
    assert not same_parties("A Capital; B Ventures", "A Capital")


def test_columns_doc_is_generated_from_the_schema() -> None:
    assert columns_markdown() in (ROOT / "docs" / "columns.md").read_text("utf-8")


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "analytics", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_extract_writes_the_table_as_jsonl_and_csv(tmp_path: Path) -> None:
    article = tmp_path / "note.txt"
    article.write_text(
        "Kestrel Robotics raises $12 million Series A\n\n"
        "Kestrel Robotics has raised $12 million in a Series A round led by Harbor Ventures.\n",
        encoding="utf-8",
    )
    done = _cli("extract", str(article), "--format", "jsonl", "--date", "2024-03-04")
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(rows) == 1
    assert list(rows[0]) == list(COLUMN_NAMES)
    assert (rows[0]["company"], rows[0]["counterparty"], rows[0]["amount"], rows[0]["round"]) == (
        "Kestrel Robotics",
        "Harbor Ventures",
        12_000_000.0,
        "Series A",
    )
    assert rows[0]["article_date"] == "2024-03-04"
    out = tmp_path / "out.csv"
    done = _cli("extract", str(article), "-o", str(out))
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(out)
    assert table["amount_usd"].tolist() == [12_000_000.0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("extract", "no/such/file.txt"), "no/such/file.txt: no such file"),
        (("extract", "data"), "data is a folder: name its files, or use `ingest` for folders"),
        (("extract",), "the following arguments are required"),
        (("extract", "x.txt", "--date", "29/11/2021"), "not a date in YYYY-MM-DD form"),
        (("extract", "x.txt", "--format", "xml"), "invalid choice"),
        (("evaluate", "missing.jsonl", "x.txt"), "missing.jsonl: no such gold file"),
        (("frobnicate",), "invalid choice"),
    ],
)
def test_cli_bad_arguments_give_one_line_and_exit_2(args, message) -> None:
    done = _cli(*args)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('{"article": "A", "type": "funding", "amount": 5, "alt": "14500000 USD"}', '"alt" is'),
        ('{"article": "A", "type": "grant", "amount": 5}', "\"type\" is 'grant'"),
        ('{"type": "fine", "amount": 5}', '"article" (the headline) is missing'),
        ('{"article": "A", "type": "fine", "amount": "5m"}', "\"amount\" is '5m'"),
        ("[1, 2]", "not a JSON object"),
        ("{oops", "is not JSON"),
    ],
    ids=["alt as text", "unknown type", "no headline", "amount as text", "a list", "not JSON"],
)
def test_a_bad_gold_row_is_named_in_one_line(tmp_path: Path, line: str, problem: str) -> None:
    good = '{"article": "A", "type": "fine", "amount": 5, "alt": {"amount": 6, "currency": "USD"}}'
    gold = tmp_path / "gold.jsonl"
    gold.write_text(good + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"line 2[: ]") as raised:
        load_gold(gold)
    assert problem in str(raised.value)
    done = _cli("evaluate", str(gold), str(tmp_path / "none.txt"))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and problem in done.stderr


@needs_seed
def test_cli_evaluate_prints_scores_per_type() -> None:
    done = _cli(
        "evaluate", str(SEED / "seed_gold.jsonl"), str(SEED / "000_fdfd898aef7fab78.txt"), "--json"
    )
    assert done.returncode == 0, done.stderr
    scores = json.loads(done.stdout)
    for kind in ("funding", "fine", "acquisition"):
        assert scores["by_type"][kind]["precision"] == 1.0
        assert scores["by_type"][kind]["recall"] == 1.0
    assert scores["all"]["f1"] == 1.0


def test_fast_frame_builder_equals_conform() -> None:
    from analytics.schema import conform, frame_from_records

    rows = [
        {"event_id": "a", "amount": 5.0, "undisclosed": False, "span_start": 3, "company": "Acme"},
        {"event_id": "b", "amount": None, "undisclosed": True, "span_start": 7, "company": None},
    ]
    pd.testing.assert_frame_equal(frame_from_records(rows), conform(pd.DataFrame(rows)))
