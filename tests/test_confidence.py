"""The confidence column: a row's raw score calibrated by kind on the gold sets."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics import confidence
from analytics.extract import extract_events

STORY = (
    "Kestrel Foods raises $12 million\n\n14 March 2025\n\n"
    "Kestrel Foods, a Nairobi maker of frozen meals, raised $12 million in a Series A round led "
    "by Arbor Capital. It employs 80 people and sells meals for $4 each.\n"
)


def test_rows_get_the_calibrated_share_of_their_kind() -> None:
    with confidence.raw_scores():
        raw = extract_events(STORY)
    table = extract_events(STORY)
    assert list(raw["event_type"]) == list(table["event_type"]) == ["funding", "other"]
    for (_, raw_row), (_, row) in zip(raw.iterrows(), table.iterrows(), strict=True):
        kinds = confidence.kinds(raw_row.to_dict(), raw_row["confidence"])
        known = confidence._table()
        expected = next(known[k] for k in kinds if k in known)
        assert row["confidence"] == pytest.approx(expected)
        assert 0.0 <= row["confidence"] <= 1.0


def test_kinds_narrowest_first() -> None:
    row = {"event_type": "fine", "company": "Acme", "counterparty": None}
    assert confidence.kinds(row, 0.95) == ("fine|1.0|company|no-party", "fine|1.0", "fine")
    lookalike = {"event_type": "other", "company": None, "evidence": "a fine of $5m was paid"}
    assert confidence.kinds(lookalike, 0.4)[0] == "other|0.5|no-company|deal-talk"


def test_fit_smooths_small_kinds_towards_their_parent(tmp_path: Path) -> None:
    sure = {"event_type": "valuation", "company": "A", "confidence": 1.0}
    unsure = {"event_type": "valuation", "company": None, "confidence": 0.2}
    samples = [(sure, True)] * 30 + [(unsure, False)] * 2
    rows = {r["kind"]: r for r in confidence.fit(samples)}
    assert rows["valuation"]["rows"] == 32
    # Two wrong rows alone would say 0; smoothed towards their type's share, they say more.
    assert 0.0 < rows["valuation|0.3|no-company|-"]["confidence"] < rows["valuation"]["confidence"]
    assert rows["valuation|1.0|company|-"]["confidence"] > rows["valuation"]["confidence"]
    path = tmp_path / "table.tsv"
    confidence.write_table(list(rows.values()), path, about="test")
    assert path.read_text("utf-8").splitlines()[1] == "kind\trows\tright\tconfidence"
