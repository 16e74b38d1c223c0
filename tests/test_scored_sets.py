"""Extraction scored on the annotated news sets under ``tests/fixtures/``, each a row of ``SETS``.

The sets were written for this project, each by someone who had not read the extractor:

- ``news_dev``: 48 stories of harder news (wire copy, press releases, regional outlets, courts,
  IPOs, VC funds); rules were tuned on it from the start.
- ``news_holdout``: 40 stories (briefs, long features, roundups, Markdown deal lists, earnings,
  non-US outlets). Blind score when written: primary F1 0.806, all 0.806, parties 41/58.
- ``news_blind2``: 33 stories (bond sales, SPACs, stake sales, class actions, attorneys general,
  digests). Blind: primary F1 0.846, all 0.834, parties 36/55.
- ``news_blind3``: 28 feed-style stories, most with the story on the line right under the headline.
  Blind: primary F1 0.430, all 0.427, parties 13/20, almost all of it from that layout; the one
  splitting rule it prompted brought it to 0.945 / 0.906 / 32/43.
- ``news_blind4``: 25 stories in the formats users upload (3 saved HTML pages, a news-API JSON
  export, a JSONL feed, a CSV export, a CRLF text file with ALL-CAPS headlines, a Markdown digest).
  Blind: primary F1 0.790, all 0.802, parties 29/32.
- ``news_blind5``: 28 feed-style stories (text with varied date lines, a '---'-separated file, a
  Markdown newsletter, an HTML page, a JSONL export with title/content keys). Blind: primary F1
  0.667, all 0.717, parties 16/21.
- ``news_blind6``: 30 stories beyond US press releases (crore and lakh, naira, rand, reais, won,
  yen, CHF/NOK; European regulators and courts, US settlements, earnings look-alikes, a correction
  note, an opinion column) in text, Markdown, JSONL, CSV and HTML. Blind: primary F1 0.932, all
  0.908, parties 42/48; after the general rules it prompted 0.990 / 0.989 / 45/51.
- ``news_blind7``: 26 stories in US, UK, Israeli, Singapore and Australian styles (SPACs,
  secondary sales, convertible notes, fund closes, a jury verdict cut by a judge, a DMA fine, a
  Markdown deals table, a news-API JSON array, an HTML page with a sidebar). Blind: primary F1
  0.900, all 0.898, parties 24/36; after the general rules it prompted 1.000 / 0.969 / 30/38.
- ``news_blind8``: 25 stories from Gulf and Asian outlets (SR, RM, Tk, Rp with "miliar" and
  "triliun", Pakistani rupees, dirhams, lira, won), press releases with boilerplate, long features
  full of non-money numbers, a CRLF export, a JSONL feed with summaries. Blind: primary F1 0.769,
  all 0.707, parties 19/25; after the general rules it prompted 0.954 / 0.941 / 24/31.
- ``news_blind9``: 23 stories from European, Chinese, Hong Kong, Taiwanese, African and Latin
  American outlets with local number styles ("€12,5 million", "NOK 45 000", "PLN 2,4 mld",
  "COP 410.000 millones"), in text, JSONL and HTML with a more-news list. Blind: primary F1
  0.941, all 0.870, parties 32/40; after the general rules it prompted 0.965 / 0.912 / 33/41.

Each set then served as development data. The floors sit a little below the scores measured
after that (README, "Extraction quality"); raise them when the extractor improves. Run with ``-s``
to see the full report, or ``python -m analytics evaluate tests/fixtures/SET/gold.jsonl
tests/fixtures/SET/*.txt tests/fixtures/SET/*.md``.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import NamedTuple

import pandas as pd
import pytest

from analytics.evaluate import Report, TypeScore, load_gold, score
from analytics.extract import extract_file
from analytics.gold_sets import GoldSet

FIXTURES = Path(__file__).resolve().parent / "fixtures"


class ScoredSet(NamedTuple):
    name: str
    min_rows: int  # the gold file has at least this many rows ...
    min_files: int  # ... over at least this many story files
    primary_f1: float  # floors
    all_f1: float
    parties_right: float
    money_f1: float  # money found, the type aside


SETS = (
    ScoredSet("news_dev", 150, 6, primary_f1=0.96, all_f1=0.95, parties_right=0.88, money_f1=0.98),
    ScoredSet(
        "news_holdout", 150, 6, primary_f1=0.95, all_f1=0.95, parties_right=0.89, money_f1=0.99
    ),
    ScoredSet(
        "news_blind2", 150, 5, primary_f1=0.95, all_f1=0.94, parties_right=0.73, money_f1=0.98
    ),
    ScoredSet(
        "news_blind3", 100, 4, primary_f1=0.97, all_f1=0.94, parties_right=0.75, money_f1=0.97
    ),
    ScoredSet(
        "news_blind4", 100, 8, primary_f1=0.99, all_f1=0.98, parties_right=0.93, money_f1=0.99
    ),
    ScoredSet(
        "news_blind5", 80, 5, primary_f1=0.95, all_f1=0.92, parties_right=0.95, money_f1=0.99
    ),
    ScoredSet(
        "news_blind6", 130, 6, primary_f1=0.98, all_f1=0.97, parties_right=0.87, money_f1=0.98
    ),
    ScoredSet(
        "news_blind7", 110, 5, primary_f1=0.97, all_f1=0.95, parties_right=0.76, money_f1=0.99
    ),
    ScoredSet(
        "news_blind8", 90, 5, primary_f1=0.92, all_f1=0.91, parties_right=0.80, money_f1=0.98
    ),
    ScoredSet(
        "news_blind9", 90, 4, primary_f1=0.96, all_f1=0.92, parties_right=0.77, money_f1=0.97
    ),
    ScoredSet(
        "real_funding", 160, 4, primary_f1=0.87, all_f1=0.85, parties_right=0.57, money_f1=0.96
    ),
    ScoredSet(
        "real_fines", 120, 5, primary_f1=0.85, all_f1=0.81, parties_right=0.44, money_f1=0.97
    ),
    ScoredSet(
        "real_acquisitions", 85, 4, primary_f1=0.81, all_f1=0.80, parties_right=0.67, money_f1=0.97
    ),
    ScoredSet(
        "real_roundups", 180, 5, primary_f1=0.86, all_f1=0.85, parties_right=0.72, money_f1=0.95
    ),
    ScoredSet(
        "real_regional", 100, 4, primary_f1=0.78, all_f1=0.74, parties_right=0.51, money_f1=0.95
    ),
    ScoredSet(
        "real_mixed1", 90, 4, primary_f1=0.85, all_f1=0.80, parties_right=0.50, money_f1=0.96
    ),
    ScoredSet(
        "real_mixed2", 110, 5, primary_f1=0.81, all_f1=0.72, parties_right=0.55, money_f1=0.97
    ),
    ScoredSet(
        "real_mixed3", 100, 4, primary_f1=0.89, all_f1=0.86, parties_right=0.50, money_f1=0.97
    ),
    ScoredSet(
        "real_mixed4", 130, 5, primary_f1=0.82, all_f1=0.81, parties_right=0.76, money_f1=0.96
    ),
    ScoredSet(
        "real_mixed5", 100, 4, primary_f1=0.77, all_f1=0.82, parties_right=0.64, money_f1=0.97
    ),
    ScoredSet(
        "real_mixed6", 90, 5, primary_f1=0.86, all_f1=0.83, parties_right=0.41, money_f1=0.95
    ),
    ScoredSet(
        "real_mixed7", 70, 5, primary_f1=0.84, all_f1=0.80, parties_right=0.48, money_f1=0.97
    ),
    ScoredSet(
        "real_mixed8", 110, 5, primary_f1=0.75, all_f1=0.75, parties_right=0.40, money_f1=0.96
    ),
    ScoredSet(
        "real_mixed9", 130, 5, primary_f1=0.74, all_f1=0.73, parties_right=0.62, money_f1=0.95
    ),
    ScoredSet(
        "real_mixed10", 100, 6, primary_f1=0.76, all_f1=0.74, parties_right=0.32, money_f1=0.93
    ),
    ScoredSet(
        "real_mixed11", 130, 5, primary_f1=0.69, all_f1=0.73, parties_right=0.57, money_f1=0.96
    ),
    ScoredSet(
        "real_mixed12", 90, 6, primary_f1=0.69, all_f1=0.75, parties_right=0.42, money_f1=0.95
    ),
    ScoredSet(
        "real_mixed13", 80, 4, primary_f1=0.79, all_f1=0.76, parties_right=0.47, money_f1=0.96
    ),
    ScoredSet(
        "real_mixed14", 80, 5, primary_f1=0.76, all_f1=0.75, parties_right=0.46, money_f1=0.95
    ),
    ScoredSet(
        "real_mixed15", 100, 4, primary_f1=0.78, all_f1=0.77, parties_right=0.43, money_f1=0.96
    ),
    ScoredSet(
        "real_mixed16", 80, 4, primary_f1=0.80, all_f1=0.78, parties_right=0.32, money_f1=0.93
    ),
    ScoredSet(
        "real_mixed17", 90, 4, primary_f1=0.85, all_f1=0.83, parties_right=0.50, money_f1=0.97
    ),
    ScoredSet(
        "real_mixed18", 110, 4, primary_f1=0.68, all_f1=0.73, parties_right=0.38, money_f1=0.95
    ),
    ScoredSet(
        "real_mixed19", 70, 5, primary_f1=0.78, all_f1=0.78, parties_right=0.57, money_f1=0.94
    ),
    ScoredSet(
        "real_mixed20", 60, 5, primary_f1=0.89, all_f1=0.81, parties_right=0.45, money_f1=0.95
    ),
    ScoredSet(
        "real_mixed21", 100, 5, primary_f1=0.62, all_f1=0.63, parties_right=0.61, money_f1=0.93
    ),
    ScoredSet(
        "real_mixed22", 90, 6, primary_f1=0.62, all_f1=0.59, parties_right=0.46, money_f1=0.95
    ),
)


def _files(folder: Path) -> list[Path]:
    """The set's story files, as ``evaluate --sets`` reads them."""
    return GoldSet(folder.name, folder, folder / "gold.jsonl", "", {}).story_files()


_reports: dict[str, Report] = {}


def _report(name: str) -> Report:
    if name not in _reports:
        folder = FIXTURES / name
        predicted = pd.concat([extract_file(p) for p in _files(folder)], ignore_index=True)
        _reports[name] = score(load_gold(folder / "gold.jsonl"), predicted)
        print(f"\n{name}\n{_reports[name].as_text()}")
    return _reports[name]


@pytest.mark.parametrize("scored", SETS, ids=[s.name for s in SETS])
def test_gold_rows_point_into_their_files(scored: ScoredSet) -> None:
    folder = FIXTURES / scored.name
    gold = folder / "gold.jsonl"
    rows = [json.loads(line) for line in gold.read_text("utf-8").splitlines() if line.strip()]
    assert len(rows) >= scored.min_rows
    names = {p.name for p in _files(folder)}
    assert len(names) >= scored.min_files
    for row in rows:
        assert row["file"] in names, row
        text = (folder / row["file"]).read_text("utf-8")
        if row["file"].endswith(".html"):
            text = html.unescape(text)  # "Spain&#x27;s" is the headline's "Spain's"
        lines = text.splitlines()
        if row["file"].endswith((".txt", ".md")):  # a headline line, or a '#' heading's text
            headings = [line.lstrip("#").strip() for line in lines]
            assert row["article"] in lines + headings, row["article"]
        else:  # HTML <h1>, or a title/headline field of a JSON, JSONL or CSV export
            assert row["article"] in text, row["article"]
        assert row["evidence"] in text, row["evidence"]
        assert row["note"], row


@pytest.mark.parametrize("scored", SETS, ids=[s.name for s in SETS])
def test_scores_stay_above_the_floors(scored: ScoredSet) -> None:
    report = _report(scored.name)
    right = report.parties_checked - len(report.wrong_parties)
    assert report.primary().f1 >= scored.primary_f1, report.as_text()
    assert report.overall.f1 >= scored.all_f1, report.as_text()
    assert report.parties_checked, report.as_text()
    assert right / report.parties_checked >= scored.parties_right, report.as_text()
    assert report.money.f1 >= scored.money_f1, report.as_text()


def test_confidence_is_calibrated_on_the_real_news_sets() -> None:
    """Rows the extractor is at least 90% sure of are right at least 9 times in 10 on the sets
    that retell real reports (and such rows exist)."""
    judged = [j for s in SETS if s.name.startswith("real_") for j in _report(s.name).judged]
    sure = [right for conf, right, _ in judged if conf is not None and conf >= 0.9]
    assert len(sure) >= 30
    assert sum(sure) / len(sure) >= 0.9, f"{sum(sure)}/{len(sure)} right"


def test_money_is_found_on_the_real_news_sets() -> None:
    """Money found with the type aside, pooled over every set that retells real reports: F1 at
    least 0.97 (the bar of the money-forms issue)."""
    moneys = [_report(s.name).money for s in SETS if s.name.startswith("real_")]
    pooled = TypeScore(
        sum(m.true_positives for m in moneys),
        sum(m.false_positives for m in moneys),
        sum(m.false_negatives for m in moneys),
    )
    assert len(moneys) >= 19
    assert pooled.f1 >= 0.97, f"precision {pooled.precision:.3f}, recall {pooled.recall:.3f}"
