"""Scoring conventions of ANNOTATION.md (either-type rows), the calibration table, and the sets
registry behind ``python -m analytics evaluate --sets`` and README's quality table."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analytics.cli import main
from analytics.evaluate import is_either_type, score
from analytics.extract import extract_events
from analytics.gold_sets import load_registry, score_set, sets_table

ROOT = Path(__file__).resolve().parent.parent

STORY = """Kestrel Foods raises $12 million

14 March 2025

Kestrel Foods, a Nairobi maker of frozen meals, raised $12 million in a Series A round led by \
Arbor Capital. The round was made up of $9 million in equity and $3 million in venture debt. The \
company is now valued at $80 million.
"""
TITLE = "Kestrel Foods raises $12 million"


def _gold(kind: str, amount: float, note: str, **parties: str) -> dict:
    return {
        "article": TITLE,
        "type": kind,
        "amount": amount,
        "currency": "USD",
        "alt": None,
        "note": note,
        **parties,
    }


@pytest.mark.parametrize(
    ("note", "either"),
    [
        ("COMPONENT: the equity part of the round", True),
        ("PRE_DISCOUNT fine before the 30% settlement discount", True),
        ("CORRECTION: the figure first reported", True),
        ("REJECTED OFFER from a rival", True),
        ("rejected_offer", False),  # tags are upper case
        ("SPECULATIVE analyst estimate", True),
        ("CURRENCY_AMBIGUOUS: bare $ in a story from nowhere", True),
        ("IPO proceeds; 'nearly'", True),
        ("the proceeds of the IPO, round IPO", True),
        ("IPO price per share", False),
        ("IPO valuation", False),
        ("part of a larger plan", False),
        ("", False),
    ],
    ids=lambda v: str(v)[:30],
)
def test_either_type_tags(note: str, either: bool) -> None:
    assert is_either_type({"note": note}) is either


def test_either_type_rows_are_neither_hit_miss_nor_extra() -> None:
    table = extract_events(STORY)
    # What the extractor makes of the two parts decides nothing once they are tagged.
    assert set(table["amount"]) == {12e6, 9e6, 3e6, 80e6}
    round_row = _gold(
        "funding", 12e6, "the round", company="Kestrel Foods", counterparty="Arbor Capital"
    )
    valuation = _gold("valuation", 80e6, "post-money")
    tagged = [
        round_row,
        valuation,
        _gold("other", 9e6, "COMPONENT equity part"),
        _gold("other", 3e6, "COMPONENT debt part"),
    ]
    report = score(tagged, table)
    assert (report.primary().true_positives, report.primary().false_positives) == (1, 0)
    assert report.overall.false_negatives == 0 and report.overall.false_positives == 0
    assert [hit for _, hit in report.either_type] == [True, True]

    untagged = [
        round_row,
        valuation,
        _gold("other", 9e6, "equity part"),
        _gold("other", 3e6, "debt part"),
    ]
    report = score(untagged, table)
    # The $3 million read as funding is now an extra funding row and a missed other row.
    assert report.primary().false_positives == 1
    assert report.by_type["other"].false_negatives == 1


def test_either_type_row_never_takes_a_row_a_scored_row_needs() -> None:
    table = extract_events(STORY)
    gold = [
        _gold("funding", 12e6, "COMPONENT listed first on purpose"),
        _gold("funding", 12e6, "the round", company="Kestrel Foods", counterparty="Arbor Capital"),
    ]
    report = score(gold, table)
    assert report.primary().true_positives == 1
    assert report.either_type[0][1] is False


def test_calibration_counts_rows_by_confidence_and_rightness() -> None:
    table = pd.concat([extract_events(STORY)], ignore_index=True)
    table["confidence"] = [0.95, 0.6, 0.3, 1.0]  # funding, other 9M, funding 3M, valuation
    gold = [
        _gold("funding", 12e6, "round", company="Someone Else", counterparty="Arbor Capital"),
        _gold("other", 9e6, "equity part"),
        _gold("valuation", 80e6, "post-money"),
    ]
    report = score(gold, table)
    bins = {name: rest for name, *rest in report.calibration()}
    # 0.95 funding names the wrong company: not right; 1.0 valuation: right.
    assert bins[">0.9..1.0"] == [2, 1, 1, 0]
    assert bins[">0.5..0.7"] == [1, 1, 0, 0]
    assert bins["0..0.5"] == [1, 0, 1, 0]  # the $3 million funding row is an extra
    assert report.company_right == 0.0
    assert "calibration" in report.as_text()


def _tiny_registry(tmp_path: Path) -> Path:
    folder = tmp_path / "sets" / "tiny"
    folder.mkdir(parents=True)
    (folder / "stories.txt").write_text(STORY, "utf-8")
    rows = [
        _gold("funding", 12e6, "round", company="Kestrel Foods", counterparty="Arbor Capital"),
        _gold("valuation", 80e6, "post-money"),
        _gold("other", 9e6, "COMPONENT"),
        _gold("other", 3e6, "COMPONENT"),
    ]
    (folder / "gold.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    registry = tmp_path / "a" / "b" / "SETS.tsv"
    registry.parent.mkdir(parents=True)
    header = "name\tfolder\tgold\tabout\tblind_primary_f1\tblind_parties\n"
    registry.write_text(
        "# comment\n" + header + "tiny\tsets/tiny\tgold.jsonl\ta test set\t0.500\t0/1\n"
        "gone\tsets/gone\tgold.jsonl\tno such folder\t\t\n",
        "utf-8",
    )
    return registry


def test_registry_skips_missing_folders_and_scores_the_rest(tmp_path: Path) -> None:
    sets = load_registry(_tiny_registry(tmp_path))
    assert [s.name for s in sets] == ["tiny"]
    scored = score_set(sets[0])
    assert (scored.stories, scored.gold_rows) == (1, 4)
    table = sets_table([scored], markdown=True).splitlines()
    assert table[0].startswith("| set | about | stories | gold rows | blind primary F1 |")
    assert table[2] == (
        "| tiny | a test set | 1 | 4 | 0.500 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1/1 | 1/1 "
        "| 0/1 |"
    )


def test_cli_evaluate_sets_prints_the_table(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["evaluate", "--sets", "--registry", str(_tiny_registry(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1].split() == [
        "tiny",
        "1",
        "4",
        "0.500",
        "1.000",
        "1.000",
        "1.000",
        "1.000",
        "1.000",
        "1/1",
        "1/1",
        "0/1",
    ]
    assert "calibration over the all sets" in out


def test_cli_evaluate_without_gold_or_sets_says_so(capsys: pytest.CaptureFixture) -> None:
    assert main(["evaluate"]) == 2
    assert "needs a gold file and the story files (or --sets)" in capsys.readouterr().err


def test_readme_quality_table_is_the_generated_one() -> None:
    sets = load_registry(ROOT / "tests" / "fixtures" / "SETS.tsv")
    if "seed" not in {s.name for s in sets}:
        pytest.skip("../shared/seed is not beside the repository; the README table includes it")
    expected = sets_table([score_set(s) for s in sets], markdown=True)
    readme = (ROOT / "README.md").read_text("utf-8")
    block = readme.split("<!-- sets-table:start -->\n", 1)[1].split("\n<!-- sets-table:end -->")[0]
    assert block == expected, (
        "README's table is stale: paste `python -m analytics evaluate --sets --markdown` into it"
    )


def test_docs_copy_of_the_annotation_guide_is_current() -> None:
    shared = ROOT.parent / "shared" / "ANNOTATION.md"
    if not shared.is_file():
        pytest.skip("../shared is not beside the repository")
    copy = (ROOT / "docs" / "ANNOTATION.md").read_text("utf-8")
    assert copy.split("\n\n", 1)[1] == shared.read_text("utf-8")


def test_money_found_ignores_the_type() -> None:
    table = extract_events(STORY)
    gold = [
        _gold("valuation", 12e6, "typed wrong on purpose"),  # found as money all the same
        _gold("other", 9e6, "equity part"),
        _gold("other", 7e6, "an amount the story does not hold"),
    ]
    money = score(gold, table).money
    # 12 and 9 million found; 7 million missed; 3 and 80 million extra.
    assert (money.true_positives, money.false_negatives, money.false_positives) == (2, 1, 2)
