"""A harder development set: the extractor's scores on news-style stories it was not written on.

``tests/fixtures/news_dev/`` holds 48 invented stories in the styles of real outlets (wire copy with
datelines and anonymous sources, press releases, regional outlets in INR, CNY, JPY, AUD, BRL, KRW,
regulators' and courts' fines, deal stories, IPOs, VC funds, token sales, market caps) and
``gold.jsonl`` annotates every money amount in them, in the format of ``data/gold.jsonl`` (every
judgment call carries a note).

Unlike on the seed and the bundled sample, the extractor is NOT expected to be perfect here. These
tests only keep the scores from dropping below a floor measured when the set was written (rounded
down to 0.05); raise the floors when the extractor improves. Run with ``-s`` to see the full
report, or run (one line)::

    python -m analytics evaluate tests/fixtures/news_dev/gold.jsonl tests/fixtures/news_dev/*.txt
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analytics.evaluate import load_gold, score
from analytics.extract import extract_file

DEV = Path(__file__).resolve().parent / "fixtures" / "news_dev"
GOLD = DEV / "gold.jsonl"

# Measured on 2026-11-26 when written (primary F1 0.789, all F1 0.777, parties 35/58 = 0.603);
# after the rules it prompted: primary F1 0.961, all F1 0.940, parties 64/74 = 0.865,
# rounded down to 0.05.
FLOOR_PRIMARY_F1 = 0.90
FLOOR_ALL_F1 = 0.90
FLOOR_PARTIES_RIGHT = 0.80


def _files() -> list[Path]:
    return sorted(DEV.glob("*.txt"))


@pytest.fixture(scope="module")
def report():
    gold = load_gold(GOLD)
    predicted = pd.concat([extract_file(p) for p in _files()], ignore_index=True)
    result = score(gold, predicted)
    print("\n" + result.as_text())
    return result


def test_gold_rows_point_into_their_files() -> None:
    rows = [json.loads(line) for line in GOLD.read_text("utf-8").splitlines() if line.strip()]
    assert len(rows) >= 150
    names = {p.name for p in _files()}
    assert len(names) >= 6
    for row in rows:
        assert row["file"] in names, row
        text = (DEV / row["file"]).read_text("utf-8")
        assert row["article"] in text.splitlines(), row["article"]
        assert row["evidence"] in text, row["evidence"]
        assert row["note"], row


def test_primary_types_stay_above_the_floor(report) -> None:
    assert report.primary().f1 >= FLOOR_PRIMARY_F1, report.as_text()


def test_all_types_stay_above_the_floor(report) -> None:
    assert report.overall.f1 >= FLOOR_ALL_F1, report.as_text()


def test_parties_stay_above_the_floor(report) -> None:
    right = report.parties_checked - len(report.wrong_parties)
    assert report.parties_checked and right / report.parties_checked >= FLOOR_PARTIES_RIGHT, (
        report.as_text()
    )
