"""An article's lower-case words, looked up where a word stands, equal the collected set."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from analytics import _currencies
from analytics import classify as cl
from analytics._currencies import SCALES
from analytics.extractor import parties
from analytics.extractor.text import lower_case_twin

PIECES = st.sampled_from(["pay", "Pay", "-", "as", "you", "go", " ", "x", "3", "_", "é", ".", "\n"])


@settings(max_examples=500, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join), st.sampled_from(["pay", "as", "go", "pay-as"]))
def test_lower_case_word_lookup_matches_the_word_set(text: str, word: str) -> None:
    words = set(re.findall(r"\b[a-z][a-z-]+\b", text[:6000]))
    ctx = cl.ArticleContext("", text)
    assert (word in ctx._lower_words) == (word in words)
    assert (word in ctx._lower_words) == (word in words)  # and again, with any set kept


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

    assert several(list(cl.names_of_words_in(text, 0, len(text)))) == several(cl.names_in(text))


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


def _amount_words() -> list[str]:
    words = [*_currencies.currency_tables().words, *SCALES]
    return sorted({w for w in words if len(w) > 2 and " " not in w})


AMOUNT_PIECES = st.sampled_from(
    [*_amount_words(), "mio", "miox", "mrdx", "d-mark", "from", "the", "From", "42", " ", "\n"]
)


@settings(max_examples=2000, deadline=None)
@given(st.lists(AMOUNT_PIECES, max_size=12).map("".join) | st.lists(AMOUNT_PIECES).map(" ".join))
def test_intro_amount_words_as_a_trie_find_what_their_alternation_finds(sentence: str) -> None:
    # The slot as the row's note says: the words in an alternation, each written as it is.
    alternation = parties._regex(
        "investor_intro", amount_word="|".join(re.escape(w) for w in _amount_words())
    )
    intros = cl._intro_patterns()
    assert [m.regs for m in intros.pattern.finditer(sentence)] == [
        m.regs for m in alternation.finditer(sentence)
    ]
    lowered = sentence.lower()
    assert [m.regs for m in intros.lower.finditer(lowered)] == [
        m.regs for m in lower_case_twin(alternation).finditer(lowered)
    ]


@settings(max_examples=300, deadline=None)
@given(st.lists(INVESTOR_PIECES, min_size=1, max_size=6).map(" ".join).filter(str.split))
def test_is_authority_memo_gives_the_uncached_answer(name: str) -> None:
    for _ in range(2):
        assert cl.is_authority(name) is cl.is_authority.__wrapped__(name)


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


FORM_PIECES = st.sampled_from(
    [
        *"Acme Robotics Marcus Hale Hale’s von de of The Dr Inc. GmbH eBay 3M & said x".split(),
        *[" ", "\n", "\t", "  ", ". ", ", ", "-", "$", "É"],
    ]
)


FORM_WORDS = ("Acme", "Hale", "von", "de", "Marcus", "Robotics", "eBay", "3M", "The", "Inc", "Dr")


@settings(max_examples=1000, deadline=None)
@given(st.lists(FORM_PIECES, max_size=25).map("".join))
def test_body_form_guard_passes_every_word_with_a_body_form(text: str) -> None:
    for word in FORM_WORDS:
        form = cl.ArticleContext("", text)._body_form(word)
        if form != word:
            assert cl.ArticleContext("", text)._may_have_body_form(word), (word, form)
        # No headline and no brackets: a one-word name's canonical form is its body form.
        assert cl.ArticleContext("", text).canonical(word) == form
        # The runs left unread hold no name with the word in it.
        every = list(cl.names_of_words_in(text, 0, len(text)))
        held = list(cl.names_of_words_in(text, 0, len(text), holding=word))
        assert [n for n in every if word in n.text] == [n for n in held if word in n.text]


def test_body_form_guard_reads_as_far_as_the_forms() -> None:
    text = "x " * 1249 + "Marcus Hale said."  # the name starts at 2498: past the scanned part
    ctx = cl.ArticleContext("", text)
    assert ctx._body_form("Hale") == "Hale" and ctx._body_form("Marcus") == "Marcus"
    assert not ctx._may_have_body_form("Hale") and not ctx._may_have_body_form("Marcus")
    text = "Marcus Hale said. Later, The von Hale left; Acme\nRobotics grew, said The de Vries."
    ctx = cl.ArticleContext("", text)
    forms = {
        "Marcus": "Marcus Hale",
        "Hale": "Marcus Hale",
        "von": "von Hale",
        "Acme": "Acme Robotics",
        "Robotics": "Acme Robotics",
        "de": "de Vries",
        "Vries": "de Vries",
        "Later": "Later",
        "The": "The",
        "said": "said",
    }
    assert {word: ctx._body_form(word) for word in forms} == forms
    assert not ctx._may_have_body_form("Later")
    assert [ctx.canonical(w) for w in ("Vries", "Hale", "von", "Robotics", "Later")] == [
        "de Vries",
        "Marcus Hale",
        "von Hale",
        "Acme Robotics",
        "Later",
    ]


GIVE_PIECES = st.sampled_from(
    [
        *"would give gave chipmaker Acme Bolt Labs GRANT awarded invest investors".split(),
        *["in", "up to", "about"],
        *["$5M", " ", ", ", ". ", "Department of Energy", "ſ", "İ"],
    ]
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(GIVE_PIECES, max_size=14).map(" ".join), st.integers(0, 120))
def test_give_prefilter_never_turns_away_a_sentence(sentence: str, at: int) -> None:
    assert cl._GIVE_NEEDLES  # the pattern has needles: the prefilter is on
    at = min(at, len(sentence))
    found = cl.given_to(sentence, at)
    if not cl._may_hold(cl._GIVE_NEEDLES, sentence[:at]):
        assert found == (None, None)
        assert not any(cl._GIVE_RE.search(sentence[i:at]) for i in range(at + 1))


def test_given_to_reads_the_name_a_giving_verb_names() -> None:
    sentence = "The Department of Energy would give chipmaker Acme up to $1.5 billion."
    assert cl.given_to(sentence, sentence.index("$")) == ("Acme", "Department of Energy")
    sentence = "Acme raised $5M from investors in Lagos."  # "invest" alone is no giving verb
    assert cl.given_to(sentence, sentence.index("$")) == (None, None)
