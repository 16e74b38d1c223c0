"""The gold-note tags and phrases that make a row either type (``knowledge/either_type.tsv``):
every row's example is found, by that row, and ordinary notes are not."""

from __future__ import annotations

import re

import pytest

from analytics import evaluate, knowledge

ROWS = knowledge.table("either_type")


@pytest.mark.parametrize("row", ROWS, ids=[r["pattern"] for r in ROWS])
def test_each_row_finds_its_example(row: dict[str, str]) -> None:
    assert evaluate.is_either_type({"note": row["example"]})
    if row["kind"] != "tag":
        assert re.search(row["pattern"], row["example"])


@pytest.mark.parametrize(
    "note",
    ["", "the seed round", "component supplier raised money", "proceeds went to hiring"],
)
def test_ordinary_notes_are_scored(note: str) -> None:
    assert not evaluate.is_either_type({"note": note})


def test_the_tags_are_the_guide_s_six() -> None:
    assert evaluate.EITHER_TYPE_TAGS == (
        "COMPONENT",
        "PRE_DISCOUNT",
        "CORRECTION",
        "REJECTED OFFER",
        "SPECULATIVE",
        "CURRENCY_AMBIGUOUS",
    )
