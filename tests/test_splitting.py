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


def _titles(*stories: tuple[str, str | None]) -> list[str]:
    """The titles the splitter finds in a file of (headline, date line or None) stories, each
    with the same body."""
    text = "".join(
        f"{headline}\n{date}\n\n{_BODY}" if date else f"{headline}\n\n{_BODY}"
        for headline, date in stories
    )
    return [a.title for a in articles.split_plain_text(text, source="file.txt")]


_BODY = (
    "The company said the money would go into hiring engineers and opening an office in Lisbon, "
    "and that its revenue had doubled over the past year as more retailers signed up.\n\n"
)
QUILLFIN = "Quillfin raises $9 million for shop payments"
TARNWELL = "Tarnwell buys Osric for $40 million"
CORVIA = "Corvia fined £2m by the FCA"


def test_an_undated_story_headline_among_dated_stories_is_a_story_of_its_own() -> None:
    brimley = "Brimley lands $12 million Series A to scale lending"
    stories = (QUILLFIN, "14 March 2024"), (TARNWELL, "15 March 2024"), (brimley, None)
    assert _titles(*stories, (CORVIA, "16 March 2024")) == [QUILLFIN, TARNWELL, brimley, CORVIA]


def test_an_undated_heading_under_a_dated_story_stays_in_it() -> None:
    stories = (QUILLFIN, "14 March 2024"), ("Where the money goes", None)
    stories += (TARNWELL, "15 March 2024"), (CORVIA, "16 March 2024")
    assert _titles(*stories) == [QUILLFIN, TARNWELL, CORVIA]


def test_the_items_of_a_dated_round_up_stay_in_it() -> None:
    round_up = "Top five of the week: Quillfin raises $9m, Tarnwell buys Osric"
    stories = (round_up, "14 March 2024"), ("Quillfin closes $9m round for shop payments", None)
    stories += (TARNWELL, None), (CORVIA, "16 March 2024"), ("Brimley raises $3m", "17 March 2024")
    assert _titles(*stories) == [round_up, CORVIA, "Brimley raises $3m"]
