"""The cue prefilter never turns away a text that its cue pattern matches.

``classify_amount`` skips a cue when none of its needles (words every match holds) is in the
lower-cased words before (or after) the amount. That is only a speed-up if it never changes a score:
for every text a cue's pattern matches, one of its needles must be found.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics import classify as cl
from analytics.extractor.text import set_bits

TESTS = Path(__file__).parent
CUES = [(cue, pattern, needles) for cue, pattern, _, needles in cl._cue_table() if needles]


def passes(needles: tuple[str, ...], text: str) -> bool:
    """The prefilter exactly as ``classify_amount`` applies it."""
    lowered = cl._prefilter_text(text)
    return lowered is None or any(needle in lowered for needle in needles)


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


def test_most_cues_have_needles() -> None:
    assert len(CUES) >= len(cl._cue_table()) - 2


def test_needles_are_lower_case_words() -> None:
    for _, _, needles in CUES:
        assert needles and all(n and n == n.lower() for n in needles)


def test_prefilter_keeps_every_snippet_a_cue_matches() -> None:
    snippets = _snippets()
    assert len(snippets) > 1000
    for cue, pattern, needles in CUES:
        for text in snippets:
            if pattern.search(text):
                assert passes(needles, text), (cue.pattern, text)


@pytest.mark.parametrize("index", range(len(CUES)))
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_prefilter_keeps_generated_matches(index: int, data: st.DataObject) -> None:
    cue, pattern, needles = CUES[index]
    # Texts that hold a match of the pattern (case and letters varied by the generator), with
    # characters around it that case-fold oddly now and then.
    text = data.draw(st.from_regex(pattern))
    extra = data.draw(st.text(alphabet="İıſKAaSs ’'-", max_size=3))
    for candidate in (text, extra + text, text + extra, text.upper(), text.title()):
        if pattern.search(candidate):
            assert passes(needles, candidate), (cue.pattern, candidate)


def test_threshold_prefilter_keeps_every_snippet_it_matches() -> None:
    needles = cl._threshold_needles()
    assert needles
    for text in _snippets():
        if cl._THRESHOLD_RE.search(text):
            assert cl._may_hold(needles, text), text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_threshold_prefilter_keeps_generated_matches(data: st.DataObject) -> None:
    text = data.draw(st.from_regex(cl._THRESHOLD_RE))
    extra = data.draw(st.text(alphabet="İıſKAaSs ’'-", max_size=3))
    for candidate in (text, extra + text, text + extra, text.upper(), text.title()):
        if cl._THRESHOLD_RE.search(candidate):
            assert cl._may_hold(cl._threshold_needles(), candidate), candidate


def _cues_by_needle_tests(text: str, read_after: bool) -> set[int]:
    """The cues of one side a text lets through, one ``in`` test per needle (the definition)."""
    return {
        i
        for i, (_, _, after, needles) in enumerate(cl._cue_table())
        if after == read_after and (needles is None or passes(needles, text))
    }


#: Needles, pieces of needles and needles inside needles, to run together in generated texts.
NEEDLE_PIECES = [
    *sorted({n for _, _, needles in CUES for n in needles}),
    "valu", "ation", "pre-", "money", "tam", "mark", "et", " ", "İ", "K", "ſ",
]  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(st.sampled_from(NEEDLE_PIECES) | st.text(max_size=4), max_size=10).map("".join),
    st.booleans(),
)
def test_one_scan_lets_through_the_cues_of_the_needle_tests(text: str, read_after: bool) -> None:
    """classify_amount's needle scan picks exactly the cues the per-needle tests would."""
    lowered = cl._prefilter_text(text)
    assert set(set_bits(cl._cues_to_search(lowered, read_after))) == _cues_by_needle_tests(
        text, read_after
    )


def test_one_scan_matches_the_needle_tests_on_every_snippet() -> None:
    for text in _snippets():
        lowered = cl._prefilter_text(text)
        for read_after in (False, True):
            found = set(set_bits(cl._cues_to_search(lowered, read_after)))
            assert found == _cues_by_needle_tests(text, read_after), text
