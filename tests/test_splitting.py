"""The splitter's headline knowledge (``analytics/knowledge/splitting.yaml``): every section's
examples are taken by the pattern ``analytics.articles`` compiles from it, and its
counterexamples are not."""

from __future__ import annotations

import re

import pytest

from analytics import articles, knowledge

DATA = knowledge.document("splitting")
#: Each section, the compiled pattern it makes, and how the splitter applies it to a line.
SECTIONS = {
    "connectives": (articles._CONNECTIVE_OPENING, re.Pattern.match),
    "list_item": (articles._LIST_ITEM, re.Pattern.match),
}


@pytest.mark.parametrize("section", sorted(SECTIONS))
def test_section_takes_its_examples_and_not_its_counterexamples(section: str) -> None:
    pattern, apply = SECTIONS[section]
    examples, counterexamples = DATA[section]["examples"], DATA[section]["counterexamples"]
    assert examples and counterexamples
    assert [e for e in examples if apply(pattern, e) is None] == []
    assert [c for c in counterexamples if apply(pattern, c) is not None] == []


def test_every_section_is_compiled() -> None:
    assert set(DATA) == set(SECTIONS)


def test_connective_lines_are_body_text() -> None:
    assert articles.is_headline_line("Acme raises $5M for robots")
    assert not articles.is_headline_line("Separately, Acme raises $5M for robots")
    assert not articles.is_headline_line("2) Acme raises $5M for robots")


def test_a_bad_file_is_named() -> None:
    with pytest.raises(knowledge.KnowledgeError, match=r"knowledge/nope\.yaml"):
        knowledge.document("nope")
