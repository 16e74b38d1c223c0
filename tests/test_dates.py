"""The date grammar (``analytics/knowledge/dates.yaml``, read by ``analytics.extractor.dates``):
every example of the file read as it says, by the format it names, and no counterexample read.

To teach it a way of writing dates: add a format row (or widen one) in dates.yaml, give it
examples, and run ``python -m pytest tests/test_dates.py -q``.
"""

from __future__ import annotations

from datetime import date

import pytest

from analytics import knowledge
from analytics.articles import parse_date_line
from analytics.extractor import dates
from analytics.reading import read_articles


def _format_of(grammar: dates.Grammar, text: str, *, whole: bool) -> str | None:
    m = grammar.pattern.fullmatch(text) if whole else grammar.pattern.search(text)
    return None if m is None else dates._parts(m, grammar.formats)[0].name


LINE_FORMATS = [
    pytest.param(f, text, day, id=f"line.{f.name}:{text}")
    for f in dates.LINE.formats
    for text, day in f.examples
]
SENTENCE_FORMATS = [
    pytest.param(f, text, day, id=f"sentence.{f.name}:{text}")
    for f in dates.SENTENCE.formats
    for text, day in f.examples
]


@pytest.mark.parametrize(("fmt", "text", "day"), LINE_FORMATS)
def test_date_line_format_reads_its_examples(fmt: dates.Format, text: str, day: date) -> None:
    assert parse_date_line(text) == day
    assert _format_of(dates.LINE, text, whole=True) == fmt.name


@pytest.mark.parametrize(("fmt", "text", "day"), SENTENCE_FORMATS)
def test_sentence_format_reads_its_examples(fmt: dates.Format, text: str, day: date) -> None:
    assert [d for _, d in dates.dates_in(text)] == [day]
    assert _format_of(dates.SENTENCE, text, whole=False) == fmt.name


@pytest.mark.parametrize(("text", "day"), dates.LINE.examples)
def test_date_lines(text: str, day: date) -> None:
    assert parse_date_line(text) == day


@pytest.mark.parametrize("text", dates.LINE.counterexamples)
def test_not_date_lines(text: str) -> None:
    assert parse_date_line(text) is None


@pytest.mark.parametrize(("text", "days"), dates.SENTENCE.examples)
def test_dates_in_sentences(text: str, days: list[date]) -> None:
    assert [d for _, d in dates.dates_in(text)] == days


@pytest.mark.parametrize("text", dates.SENTENCE.counterexamples)
def test_no_dates_in_sentences(text: str) -> None:
    assert dates.dates_in(text) == []


def test_every_format_has_examples() -> None:
    assert [f.name for f in dates.LINE.formats] == [
        "iso", "mdy", "dmy", "numbers", "month", "year"
    ]
    assert all(f.examples for f in (*dates.LINE.formats, *dates.SENTENCE.formats))


def test_metadata_values_and_record_dates() -> None:
    assert dates.parse_date("Mon, 29 Nov 2021 10:00:00 GMT") == date(2021, 11, 29)
    assert dates.parse_date("2021-11-29T10:00:00+01:00") == date(2021, 11, 29)
    assert dates.parse_record_date("13/02.2026") == date(2026, 2, 13)
    assert dates.parse_record_date("02.13/2026") == date(2026, 2, 13)
    assert dates.parse_record_date("03/04.2026") is None  # either order: not read
    assert dates.parse_record_date("31/02.2026") is None


def test_the_readers_use_the_same_grammar() -> None:
    text = "Acme raises $5M\nPublished: 3rd of March, 2024\n\nAcme raised $5M.\n"
    assert [a.published for a in read_articles(text.encode(), "a.txt")] == [date(2024, 3, 3)]
    rows = b'[{"title": "Acme raises $5M", "text": "Body.", "date": "13/02.2026"}]'
    assert [a.published for a in read_articles(rows, "a.json")] == [date(2026, 2, 13)]


def test_a_bad_format_row_names_the_file_and_row() -> None:
    with pytest.raises(knowledge.KnowledgeError, match=r"dates\.yaml: line\.formats\[9\]"):
        dates._format({"name": "x", "pattern": "(?P<q>1)", "examples": {}}, "line.formats[9]", "")
    with pytest.raises(knowledge.KnowledgeError, match="needs a name, a pattern and examples"):
        dates._format({"name": "x"}, "sentence.formats[0]", "")
    with pytest.raises(knowledge.KnowledgeError, match="'text: YYYY-MM-DD' pairs"):
        dates._format({"name": "x", "pattern": "(?P<y>1)", "examples": ["1"]}, "w", "")
