"""The cue prefilter never turns away a text that its cue pattern matches.

``classify_amount`` skips a "before" cue when none of its needles (words every match holds) is in
the lower-cased words before the amount. That is only a speed-up if it never changes a score:
for every text a cue's pattern matches, one of its needles must be found.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics import classify as cl

TESTS = Path(__file__).parent
BEFORE_CUES = [
    (cue, pattern, needles)
    for cue, pattern, read_after, needles in cl._cue_table()
    if not read_after and needles is not None
]


def passes(needles: tuple[str, ...], before: str) -> bool:
    """The prefilter exactly as ``classify_amount`` applies it."""
    if not before.isascii() and cl._CASE_EXOTIC_RE.search(before):
        return True
    lowered = before.lower()
    return any(needle in lowered for needle in needles)


def _snippets() -> list[str]:
    """Every string in the tests and every line of the fixture articles."""
    out: list[str] = []
    for path in sorted(TESTS.glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                out.append(node.value)
    for path in sorted((TESTS / "fixtures").rglob("*")):
        if path.is_file() and path.suffix in (".txt", ".md", ".html", ".json", ".jsonl", ".csv"):
            out.extend(path.read_text(encoding="utf-8", errors="replace").splitlines())
    return out


def test_most_before_cues_have_needles() -> None:
    before = [row for row in cl._cue_table() if not row[2]]
    assert len(BEFORE_CUES) >= len(before) - 2


def test_needles_are_lower_case_words() -> None:
    for _, _, needles in BEFORE_CUES:
        assert needles and all(n and n == n.lower() for n in needles)


def test_prefilter_keeps_every_snippet_a_cue_matches() -> None:
    snippets = _snippets()
    assert len(snippets) > 1000
    for cue, pattern, needles in BEFORE_CUES:
        for text in snippets:
            if pattern.search(text):
                assert passes(needles, text), (cue.pattern, text)


@pytest.mark.parametrize("index", range(len(BEFORE_CUES)))
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_prefilter_keeps_generated_matches(index: int, data: st.DataObject) -> None:
    cue, pattern, needles = BEFORE_CUES[index]
    # Texts that hold a match of the pattern (case and letters varied by the generator), with
    # characters around it that case-fold oddly now and then.
    text = data.draw(st.from_regex(pattern))
    extra = data.draw(st.text(alphabet="İıſKAaSs ’'-", max_size=3))
    for candidate in (text, extra + text, text + extra, text.upper(), text.title()):
        if pattern.search(candidate):
            assert passes(needles, candidate), (cue.pattern, candidate)
