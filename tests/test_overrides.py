"""Every row of analytics/knowledge/overrides.yaml, run on its own examples through the whole
extractor: each example is a one-sentence article with "$5 million" for the amount."""

from __future__ import annotations

import pytest

from analytics import knowledge
from analytics.extract import extract_events
from analytics.extractor import overrides as ov

AMOUNT = "$5 million"


def _type_of(sentence: str) -> str:
    story = "Business briefing\n\n" + sentence.replace("{}", AMOUNT) + "\n"
    table = extract_events(story)
    row = table[table["amount_text"] == AMOUNT]
    assert len(row) == 1, table[["event_type", "amount_text"]]
    return row["event_type"].iloc[0]


CASES = [
    pytest.param(row, sentence, must, id=f"line{row.line}-{'ex' if must else 'counter'}{i}")
    for row in ov.overrides()
    for must, sentences in ((True, row.examples), (False, row.counterexamples))
    for i, sentence in enumerate(sentences)
]


@pytest.mark.parametrize(("row", "sentence", "must"), CASES)
def test_override_rows_read_their_examples(row: ov.Override, sentence: str, must: bool) -> None:
    # An example gets the row's type from the whole extractor; a counterexample is not the
    # row's to change (whatever else the extractor makes of it).
    assert ov.applies_to_example(row, sentence) is must, sentence
    if must:
        assert _type_of(sentence) == row.becomes, sentence


def test_every_row_has_examples_and_counterexamples() -> None:
    rows = ov.overrides()
    assert len(rows) >= 9
    assert all(r.examples and r.counterexamples for r in rows)


@pytest.mark.parametrize("clause", ["(unclosed", "{place}(unclosed"])
def test_a_bad_row_names_its_line(monkeypatch: pytest.MonkeyPatch, clause: str) -> None:
    # A {place} row is compiled at its first search, but checked with the others.
    class _Files:
        def joinpath(self, name: str) -> _Files:
            return self

        def read_text(self, encoding: str) -> str:
            return f"# a comment\n- when: [funding]\n  becomes: other\n  clause: '{clause}'\n"

    monkeypatch.setattr(knowledge.resources, "files", lambda package: _Files())
    ov.overrides.cache_clear()
    ov._plan.cache_clear()
    try:
        with pytest.raises(ov.OverrideError, match=r"overrides.yaml:2: bad clause pattern"):
            ov.overrides()
    finally:
        ov.overrides.cache_clear()
    ov._plan.cache_clear()


def _first_row_that_holds(event_type: str, texts: tuple[str, str, str]) -> str:
    """What ``reading`` gives when every row of the type is searched (no needle scan)."""
    rows = [r for r in ov.overrides() if event_type in r.when]
    return next((r.becomes for r in rows if ov._holds(r, texts)), event_type)


SENTENCES = [s for row in ov.overrides() for s in row.examples + row.counterexamples] + [
    # "ſ" and "K" (Kelvin) match "s" and "k" case-blind without being them: no needle test.
    "May saw 38 ſtartups raise {} in funding.",
    "UK tech raiſed {} in a record first quarter.",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_the_needle_scan_turns_away_no_row_that_holds(sentence: str) -> None:
    before, _, after = sentence.partition("{}")
    texts = (ov._clause(before[-200:]), after[:200], sentence)
    for event_type in ("funding", "acquisition", "fine", "other", "total_raised", "valuation"):
        assert ov.reading(event_type, before, after) == _first_row_that_holds(event_type, texts)
