"""An article's lower-case words, looked up where a word stands, equal the collected set."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from analytics import classify as cl
from analytics.extractor import pipeline as extract

PIECES = st.sampled_from(["pay", "Pay", "-", "as", "you", "go", " ", "x", "3", "_", "é", ".", "\n"])


@settings(max_examples=500, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join), st.sampled_from(["pay", "as", "go", "pay-as"]))
def test_lower_case_word_lookup_matches_the_word_set(text: str, word: str) -> None:
    words = set(re.findall(r"\b[a-z][a-z-]+\b", text[:6000]))
    ctx = cl.ArticleContext("", text)
    assert ctx._written_in_lower_case(word) == (word in words)
    assert ctx._written_in_lower_case(word) == (word in words)  # and again, with any set kept


NAME_PIECES = st.sampled_from(
    [*sorted(cl.AUTHORITY_NAMES), " ", "x", "X", "_", "é", "É", "1", "-", "’s", "\n", "."]
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(NAME_PIECES, max_size=12).map("".join))
def test_authority_names_are_the_capitalized_words_that_are_names(text: str) -> None:
    by_words = [
        (m.start(), m.group())
        for m in re.finditer(r"\b[A-Z][A-Za-z]{1,7}\b", text)
        if m.group() in cl.AUTHORITY_NAMES
    ]
    assert cl._named_authorities(text) == by_words


RUN_PIECES = st.sampled_from(
    [
        *"Acme Robotics Marcus Hale U.S. Inc. Hale’s NZ $5 of the and startup Security".split(),
        *"New Zealand x -based".split(),
        *[" ", "\n", "\t", ". ", ", "],
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(RUN_PIECES, max_size=25).map("".join))
def test_names_of_words_holds_every_name_of_two_words(text: str) -> None:
    def several(names: list[cl.Name]) -> list[cl.Name]:
        return [n for n in names if len(n.text.split()) >= 2]

    assert several(cl.names_of_words_in(text, 0, len(text))) == several(cl.names_in(text))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aZbY1st’'.&+-$ \n", max_size=40))
def test_possessive_name_token_finds_the_same_runs(text: str) -> None:
    backtracking = re.compile(cl._NAME_RE.pattern.replace("[a-z]++", "[a-z]+"), re.VERBOSE)
    assert backtracking.pattern != cl._NAME_RE.pattern
    spans = [m.span() for m in cl._NAME_RE.finditer(text)]
    assert spans == [m.span() for m in backtracking.finditer(text)]


@settings(max_examples=1000, deadline=None)
@given(
    st.text(alphabet="aZbY1st’'.&+-$ \n", max_size=40)
    | st.lists(
        st.sampled_from([*"AT&T R+D eBay 3M 2nd of & Acme Zed x . - +".split(), " ", "\n"])
    ).map("".join)
)
def test_name_words_pattern_finds_the_runs_with_a_space(text: str) -> None:
    for start, end in ((0, len(text)), (1, max(len(text) - 3, 0))):
        spaced = [
            m.span()
            for m in cl._NAME_RE.finditer(text, start, end)
            if cl._SPACE_RE.search(m.group())
        ]
        assert spaced == [m.span() for m in cl._NAME_WORDS_RE.finditer(text, start, end)]


INVESTOR_PIECES = st.sampled_from(
    [
        *"led by co-led Alpha Ventures Beta Capital and Gamma with participation from".split(),
        *"also took part the round SEC grant not by backed . , ;".split(),
        " ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(INVESTOR_PIECES, max_size=30).map(" ".join))
def test_investors_in_memo_gives_the_uncached_answer_as_a_new_list(sentence: str) -> None:
    first = cl.investors_in(sentence)
    assert first == list(cl._investors_in.__wrapped__(sentence))
    first.append("changed by a caller")
    assert cl.investors_in(sentence) == list(cl._investors_in.__wrapped__(sentence))


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(
        INVESTOR_PIECES
        | st.sampled_from(["ſupport of", "İnvestors are", "LED BY", "$5m from", "Funded By"]),
        max_size=12,
    ).map(" ".join)
    | st.text(alphabet="ledbyfromſKİı ", max_size=20)
)
def test_intros_are_the_intro_pattern_matches(sentence: str) -> None:
    # The needle prefilter never turns an intro away, nor the lower-cased twin misplace one.
    assert cl._intro_patterns().needles  # the pattern has needles: the prefilter is on
    assert [m.regs for m in cl._intros(sentence)] == [
        m.regs for m in cl._intro_patterns().pattern.finditer(sentence)
    ]


def _sentence_span_testing_every_stop(text: str, start: int, end: int) -> tuple[int, int]:
    """sentence_span as first written: every stop tested for a boundary, in order."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end < 0:
        line_end = len(text)
    s, e = line_start, line_end
    window_start = max(line_start, start - 1500)
    window_end = min(line_end, end + 1500)
    for m in cl._SENTENCE_END_RE.finditer(text, window_start, window_end):
        if not cl._is_boundary(text, m.start()):
            continue
        if m.end() <= start:
            s = m.end()
        elif m.start() >= end:
            e = m.start() + 1
            while e < line_end and text[e] in '"”’)]':
                e += 1
            break
    return max(s, window_start), min(e, window_end)


SENTENCE_PIECES = st.sampled_from(
    [
        *"Acme raised $5M in Jan. 2021 U.S. Inc. F. Mr. e.g. Beta. Last! Why?".split(),
        *"3 “Q” (A) ) ]".split(),
        *[" ", "\n", ". ", "x" * 1490],
    ]
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(SENTENCE_PIECES, max_size=30).map(" ".join), st.data())
def test_sentence_span_tries_the_stops_before_from_the_last(text: str, data) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    expected = _sentence_span_testing_every_stop(text, start, end)
    assert cl.sentence_span(text, start, end) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(INVESTOR_PIECES, min_size=1, max_size=6).map(" ".join).filter(str.split))
def test_is_authority_memo_gives_the_uncached_answer(name: str) -> None:
    for _ in range(2):
        assert cl.is_authority(name) is cl.is_authority.__wrapped__(name)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="as’'S ", max_size=6))
def test_unpossessive_shortcut_keeps_the_ending_loop(word: str) -> None:
    expected = word
    for ending in ("’s", "'s", "’", "'"):
        if word.endswith(ending):
            expected = word[: -len(ending)]
            break
    assert cl._unpossessive(word) == expected


AUTHORITY_PIECES = st.sampled_from(
    [
        *"Court Courts Commission Commissioner Office Family Reserve Bank General Attorney".split(),
        *"Central Prosecutor Prosecutors Urząd Autorité X x é _ 1".split(),
        *[" ", "\n", "-", ".", "’s"],
    ]
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(AUTHORITY_PIECES, max_size=12).map("".join))
def test_authority_words_are_the_bounded_pattern_matches(text: str) -> None:
    # The words as first written: "(?<!Family )Office" tested before the "O".
    written = cl._AUTHORITY_WORDS.replace("O(?<!Family O)ffice", "(?<!Family )Office")
    assert written != cl._AUTHORITY_WORDS
    bounded = re.compile(rf"\b(?:{written})\b")
    expected = [m.span() for m in bounded.finditer(text)]
    assert [m.span() for m in cl._authority_words(text)] == expected
    assert (next(cl._authority_words(text), None) is not None) == bool(bounded.search(text))


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(
        INVESTOR_PIECES
        | st.sampled_from(["inveſtors includ", "PARTICIPATION", "Backed by", "tooK part"]),
        max_size=12,
    ).map(" ".join)
    | st.text(alphabet="ledbyparticiontokſKİı ", max_size=20)
)
def test_investor_sentence_prefilter_never_turns_away_a_sentence(text: str) -> None:
    assert cl._INVESTOR_SENTENCE_NEEDLES  # the pattern has needles: the prefilter is on
    if cl._INVESTOR_SENTENCE_RE.search(text):
        assert cl._may_hold(cl._INVESTOR_SENTENCE_NEEDLES, text, text.lower())
        assert cl._may_hold(cl._INVESTOR_SENTENCE_NEEDLES, text)


def _analysis_title_by_word_sets(title: str, body: str) -> str:
    """``extract.analysis_title`` as first written: every body word collected into sets."""
    words = list(extract._TITLE_WORD_RE.finditer(title))
    letters = [c for c in title if c.isalpha()]
    if len(letters) >= 12 and sum(c.isupper() for c in letters) >= 0.9 * len(letters):
        return extract._uncapitalized(title, words, body)
    content = [m.group() for m in words if m.group().lower() not in extract._SMALL_WORDS]
    if len(content) < 3 or sum(w[0].isupper() for w in content) < 0.7 * len(content):
        return title
    head = body[:6000]
    names = set(extract._BODY_CAPITAL_RE.findall(head))
    common = set(extract._BODY_WORD_RE.findall(head)) | extract._HEADLINE_WORDS
    out = list(title)
    for m in words[1:]:
        word = m.group()
        lowered = word.lower()
        if (len(word) > 1 and word.isupper()) or len(lowered) != len(word) or word == lowered:
            continue
        if lowered in common and word not in names:
            out[m.start() : m.end()] = lowered
    return "".join(out)


TITLE_WORDS = st.sampled_from(
    ["Acme", "Pay", "Go", "Raises", "Lands", "Cash", "U.S.", "Inc.", "Bank’s", "Cloud-Based",
     "Plans", "Rock'n", "Data", "ÉLan", "iPhone", "To", "Of", "A&B", "Series"]
)  # fmt: skip
BODY_PIECES = st.sampled_from(
    ["acme", "Acme", "pay", "Pay", "go", "cash", "Cash", "-", "’", "'", "&", ".", " ", "\n", "_",
     "data", "Data", "plans", "cloud", "based", "3", "é", "É", "u.s.", "U.S.", "bank", "a&b",
     "rock", "n", "series", "Series", "lands", "x"]
)  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(TITLE_WORDS, min_size=1, max_size=9).map(" ".join),
    st.lists(BODY_PIECES, max_size=40).map("".join),
)
def test_analysis_title_looks_words_up_where_they_stand(title: str, body: str) -> None:
    assert extract.analysis_title(title, body) == _analysis_title_by_word_sets(title, body)


#: The name patterns as first written: greedy tokens, the lookbehind first.
_FIRST_NAME_TOKEN = (
    r"(?:[A-Z][\w&’'.+-]*|[a-z]+[A-Z][\w’'.-]*|\d+(?!(?:st|nd|rd|th)\b)[A-Za-z][\w-]*)"
)
_FIRST_NAME_RUN = rf"""
    (?<![\w’'.$£€¥₹-])
    {_FIRST_NAME_TOKEN}
    (?:
        (?:\s|\s&\s|\s(?:of|for|de|du|der|von|van|la|le|del|y)\s)
        {_FIRST_NAME_TOKEN}
    ){{%s,8}}
    """
_FIRST_NAME_RES = (
    re.compile(_FIRST_NAME_RUN % 0, re.VERBOSE),
    re.compile(_FIRST_NAME_RUN % 1, re.VERBOSE),
)
NAME_TEXTS = st.text(alphabet="aZbY1st’'.&+-$_é٣ \n\t", max_size=40) | st.lists(
    st.sampled_from(
        [*"AT&T R+D eBay iPhone BlackRock 3M 2nd 4th 10x of de & Acme Zed x . - + ’s $ (".split(),
         " ", "\n", "-", "’", "."]
    ),
    max_size=14,
).map("".join)  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(NAME_TEXTS, st.integers(0, 6), st.integers(0, 6))
def test_name_scans_find_the_runs_the_first_patterns_find(
    text: str, cut: int, cut_end: int
) -> None:
    start, end = min(cut, len(text)), max(min(cut, len(text)), len(text) - cut_end)
    lower_first = cl._may_start_lower_case_name(text, start, end)
    for first, full, upper in (
        (_FIRST_NAME_RES[0], cl._NAME_RE, cl._UPPER_NAME_RE),
        (_FIRST_NAME_RES[1], cl._NAME_WORDS_RE, cl._UPPER_NAME_WORDS_RE),
    ):
        spans = [m.span() for m in first.finditer(text, start, end)]
        assert [m.span() for m in full.finditer(text, start, end)] == spans
        if not lower_first:  # the check may say "maybe" in vain, never "no" in vain
            assert [m.span() for m in upper.finditer(text, start, end)] == spans
    if any(
        re.match(r"[a-z]+[A-Z]", m.group()) for m in _FIRST_NAME_RES[0].finditer(text, start, end)
    ):
        assert lower_first


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="aZ1 .’ÉéΣ$-Qq", max_size=30) | st.text(max_size=20))
def test_letters_and_capitals_are_counted_as_by_their_definition(title: str) -> None:
    letters = [c for c in title if c.isalpha()]
    assert extract._letters_and_capitals(title) == (
        len(letters),
        sum(c.isupper() for c in letters),
    )
