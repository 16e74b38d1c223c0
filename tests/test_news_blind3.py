"""A third blind held-out set: feed-style stories written without reading the extractor or its
tuning stories.

``tests/fixtures/news_blind3/`` holds 28 invented stories in four files: short wire briefs (funding
in EUR, SGD, JPY, BRL, GBP, INR, AUD, CAD, SEK, KRW and HKD; priced, per-share and undisclosed
acquisitions in USD and CHF; a round in talks sourced to people familiar), a long founder profile
with five past rounds, valuations old and new, quotes, a turned-down offer, an employee secondary
and a salary, two shorter features (equity plus debt in one total, a shutdown with severance), a
regulatory round-up (European Commission antitrust, Irish DPC and Dutch AP GDPR, UK CMA and ICO
notice of intent, US SEC and FTC settlements, India CCI and SEBI, an Australian court penalty in an
ACCC case, Brazil's CADE), and a weekly deals newsletter in Markdown with bullets and **bold** names
and amounts. The usual distractors are there: prices, salaries, share prices, fees, revenue, run
rates, valuations, market sizes, sector totals and the components of counted totals. Most briefs put
the body straight under the headline with no blank line or date line between them. ``gold.jsonl``
annotates every money amount in the format of ``data/gold.jsonl`` (each judgment call has a note).

Keep it blind: do not tune the extractor on these stories; write new development stories for the
causes it reveals and let this set measure whether the rules generalise. These tests only keep the
scores from dropping below a floor measured when the set was written (0.05 below the score, rounded
down to 0.05); raise the floors when the extractor improves. Run with ``-s`` to see the full report,
or run (one line)::

    B=tests/fixtures/news_blind3; python -m analytics evaluate $B/gold.jsonl $B/*.txt $B/*.md
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analytics.evaluate import load_gold, score
from analytics.extract import extract_file

BLIND = Path(__file__).resolve().parent / "fixtures" / "news_blind3"
GOLD = BLIND / "gold.jsonl"

# Measured on 2026-11-26 when written, blind: primary F1 0.430, all F1 0.427, parties 13/20: 19 of
# 28 headlines had their story on the very next line and were not split off. After that one
# splitting rule (no other change): primary F1 0.945, all F1 0.906, parties 32/43; floors below.
FLOOR_PRIMARY_F1 = 0.85
FLOOR_ALL_F1 = 0.85
FLOOR_PARTIES_RIGHT = 0.70


def _files() -> list[Path]:
    return sorted([*BLIND.glob("*.txt"), *BLIND.glob("*.md")])


@pytest.fixture(scope="module")
def report():
    gold = load_gold(GOLD)
    predicted = pd.concat([extract_file(p) for p in _files()], ignore_index=True)
    result = score(gold, predicted)
    print("\n" + result.as_text())
    return result


def test_gold_rows_point_into_their_files() -> None:
    rows = [json.loads(line) for line in GOLD.read_text("utf-8").splitlines() if line.strip()]
    assert len(rows) >= 100
    names = {p.name for p in _files()}
    assert len(names) >= 4
    for row in rows:
        assert row["file"] in names, row
        text = (BLIND / row["file"]).read_text("utf-8")
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
