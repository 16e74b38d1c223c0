"""Sentences and clause spans, and the speed kernels every scan shares: lower-case twins of
case-blind patterns and the needles (words a match must contain) read off a parsed pattern.
"""

from __future__ import annotations

import re
import re._constants as _sre
from collections.abc import Iterator, Mapping
from functools import partial
from re._parser import parse as _sre_parse

from analytics import knowledge
from analytics._word_patterns import Substrings
from analytics.extractor.dates import MONTHS

#: The module's regexes: rows of analytics/knowledge/patterns/text.yaml, with their examples.
_regex = partial(knowledge.regex, "text")
#: Where a paragraph ends.
BLANK_LINE_RE = _regex("blank_line")
# --------------------------------------------------------------------------------------------
# Sentences


_ABBREVIATIONS = knowledge.abbreviations("sentence") | frozenset(
    m
    for m in MONTHS
    if len(m) <= 4 and m not in ("may", "june", "july")  # "Jan.", "Sept."
)
_SENTENCE_END_RE = _regex("sentence_end")


#: "SAN FRANCISCO, March 3 (Reuters) -", "HEIDELBERG, Germany, March 12, 2025 --",
#: "SINGAPORE, Feb. 6, 2024 /PRNewswire/ --": where a wire story starts, before its subject.
DATELINE_RE = _regex("dateline")


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``text[start:end]``: a line of its own, or a sentence within a line.

    >>> t = "First one. Acme raised $5M in Jan. 2021 from Beta. Last."
    >>> s, e = sentence_span(t, 23, 26); t[s:e]
    'Acme raised $5M in Jan. 2021 from Beta.'
    """
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end < 0:
        line_end = len(text)
    s, e = line_start, line_end
    # Scan only a bounded window, so that a 10 MB line stays linear.
    window_start = max(line_start, start - 1500)
    window_end = min(line_end, end + 1500)
    for m in _SENTENCE_END_RE.finditer(text, window_start, window_end):
        if not _is_boundary(text, m.start()):
            continue
        if m.end() <= start:
            s = m.end()
        elif m.start() >= end:
            e = m.start() + 1
            while e < line_end and text[e] in '"”’)]':
                e += 1
            break
    return max(s, window_start), min(e, window_end)


def _is_boundary(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return True
    word_start = dot
    while word_start > 0 and (text[word_start - 1].isalnum() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:dot]
    if word.lower() in _ABBREVIATIONS:
        return False
    # Initialisms such as "U.S." or a lone capital ("John F. Smith"), but not a round's letter
    # ("could raise a Series B. Parcelyard ...").
    if len(word) == 1 and _is_round_letter(text, word_start):
        return True
    return not _INITIALISM_RE.fullmatch(word)


def _is_round_letter(text: str, at: int) -> bool:
    """Whether the lone capital at ``at`` names a round ("Series B"), not a person's initial."""
    return text[max(0, at - 12) : at].rstrip().endswith("Series")  # a bounded look back


#: Patterns of the helpers below, compiled once (they run for every sentence stop or name).
_INITIALISM_RE = _regex("initialism")
_POSSESSIVE_GAP_RE = _regex("possessive_gap")
_DOT_GAP_RE = _regex("dot_gap")
_LONE_INITIAL_RE = _regex("lone_initial")
_SPACES_RE = re.compile(r"\s+")
_LEADING_THE_RE = _regex("leading_the")


# A cue is searched next to every amount, and most cues are absent. Each
# pattern has words that every match must contain ("worth" in "(?:is|was|now|be)\s+worth"); a
# cue none of whose words is in the lower-cased text cannot match, and `str.__contains__` says
# so 5-10 times faster than a search. The words are read off the parsed pattern, so they follow
# the table; tests/test_cue_prefilter.py checks they never turn away a text the pattern matches.

#: Characters that match an ASCII letter case-insensitively but do not lower-case to it (``re``
#: matches "ſ" for "s"): in a text with one of them, the cues are searched without the prefilter.
_CASE_EXOTIC_RE = re.compile("[İıſK]")
_Needles = tuple[str, ...]
_ASCII_BYTES = bytes(range(128))


#: A capital of a pattern's text, or syntax kept as written: an escape, a group's name.
_CAPITAL_OUTSIDE_SYNTAX_RE = re.compile(r"\\.|\(\?P[<=][^>)]*[>)]|[A-Z]")


def lower_case_twin(pattern: re.Pattern[str]) -> re.Pattern[str]:
    r"""An ``re.IGNORECASE`` pattern written in lower case, without the flag: in a ``case_blind``
    text's lower-cased form it finds what the pattern finds in the text. Escapes (``\S``, ``\W``)
    are kept as written.

    >>> lower_case_twin(re.compile(r"series\s+[A-H]\S*", re.I)).pattern
    'series\\s+[a-h]\\S*'
    """
    assert pattern.flags & re.IGNORECASE
    source = _CAPITAL_OUTSIDE_SYNTAX_RE.sub(
        lambda m: m.group().lower() if len(m.group()) == 1 else m.group(), pattern.pattern
    )
    return re.compile(source, pattern.flags & ~re.IGNORECASE)


def _utf8_if_cased_in_ascii_only(text: str) -> bytes | None:
    """``text`` in UTF-8 when no character of it beyond ASCII has a case (curly quotes, dashes
    and accented small letters have none), so that ``lower()`` changes its ASCII capitals only;
    else None (also for a lone surrogate, which UTF-8 cannot write)."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return None
    # UTF-8 writes characters beyond ASCII with bytes of 0x80 and up only: deleting the ASCII
    # bytes leaves exactly those characters.
    wide = data.translate(None, _ASCII_BYTES).decode("utf-8")
    return data if wide.lower() == wide else None


def lower_case(text: str) -> str:
    """``text.lower()``, a third faster on news text: where only ASCII letters have a case,
    lower-casing the UTF-8 bytes changes exactly those.

    >>> lower_case("Acme’s “ÉTÉ” fund") == "Acme’s “ÉTÉ” fund".lower()
    True
    """
    if text.isascii():
        return text.lower()
    data = _utf8_if_cased_in_ascii_only(text)
    return text.lower() if data is None else data.lower().decode("utf-8")


def case_blind(text: str, lowered: str) -> str | None:
    """``lowered`` (``text.lower()``) when it differs from ``text`` in ASCII capitals only, else
    None.

    Then a pattern written in lower case finds in ``lowered`` exactly what it finds in ``text``
    with ``re.IGNORECASE``, at the same places, about twice as fast: an ASCII capital matches
    as its lower case, and no other character of the text has a case (nor is one of "ı" and
    "ſ", which match "i" and "s" case-insensitively without lower-casing to them).

    >>> case_blind("Led By Acme’s fund", "led by acme’s fund")
    'led by acme’s fund'
    >>> case_blind("ÉTÉ", "été") is None
    True
    """
    if text.isascii():
        return lowered
    if "ı" in text or "ſ" in text or _utf8_if_cased_in_ascii_only(text) is None:
        return None
    return lowered


def _needles_of(items: list) -> frozenset[str] | None:
    """Lower-case strings one of which is in every match of a parsed sequence (None: no such set).

    Conservative: a literal run, a group, a repeat of at least once, and a branch whose every
    alternative has needles give needles; anything else (classes, assertions, optional parts)
    gives none. Of the needle sets found along the sequence, the one with the longest words wins.
    """
    sets: list[frozenset[str]] = []
    run = ""
    for op, av in items:
        if op is _sre.LITERAL and av < 128:
            run += chr(av).lower()
            continue
        if run:
            sets.append(frozenset([run]))
            run = ""
        found: frozenset[str] | None = None
        if op is _sre.SUBPATTERN:
            found = _needles_of(av[3])
        elif op is _sre.ATOMIC_GROUP:
            found = _needles_of(av)
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and av[0] >= 1:
            found = _needles_of(av[2])
        elif op is _sre.BRANCH:
            alternatives = [_needles_of(alt) for alt in av[1]]
            if all(alt is not None for alt in alternatives):
                found = frozenset().union(*alternatives)  # type: ignore[arg-type]
        if found:
            sets.append(found)
    if run:
        sets.append(frozenset([run]))
    if not sets:
        return None
    return max(sets, key=lambda words: (min(map(len, words)), -len(words)))


def cue_needles(pattern: str) -> _Needles | None:
    r"""Words of which every match of ``pattern`` holds one (lower-cased), or None.

    >>> cue_needles(r"(?:is|was|now|be)\s+worth")
    ('worth',)
    >>> cue_needles(r"market\s+(?:cap|value)")
    ('market',)
    >>> cue_needles(r"fined?|penalt(?:y|ies)") == ("fine", "penalt")
    True
    >>> cue_needles(r"(?:\S+\s+){0,3}?deal|\w+") is None  # "\w+" needs no word
    True
    """
    found = _needles_of(list(_sre_parse(pattern, re.IGNORECASE)))
    if found is None or "" in found:
        return None
    # A needle that holds a shorter one adds nothing: the shorter one is there whenever it is.
    kept = [w for w in found if not any(o != w and o in w for o in found)]
    return tuple(sorted(kept, key=lambda w: (len(w), w)))


class NeedleIndex:
    """Which of some patterns may match a lower-cased text, by the needles (``cue_needles``) each
    must contain: one ``Substrings`` pass finds every needle in the text, instead of an ``in``
    test per needle per pattern. Patterns are numbered and answered as bits (``1 << number``);
    one without needles (None) may always match.

    >>> index = NeedleIndex({0: ("raise", "fund"), 1: None, 2: ("fine",)})
    >>> list(set_bits(index.may_match("fundraise"))), list(set_bits(index.every))
    ([0, 1], [0, 1, 2])
    """

    __slots__ = ("_holders", "_scan", "always", "every")

    def __init__(self, needles: Mapping[int, _Needles | None]) -> None:
        self._holders: dict[str, int] = {}
        self.always = self.every = 0
        for number, held in needles.items():
            self.every |= 1 << number
            if held is None:
                self.always |= 1 << number
            for needle in held or ():
                self._holders[needle] = self._holders.get(needle, 0) | 1 << number
        self._scan = Substrings(self._holders)

    def may_match(self, lowered: str) -> int:
        """The patterns (bits) with a needle in ``lowered``, and those without needles."""
        found = self.always
        for needle in self._scan.findall(lowered):
            found |= self._holders[needle]
        return found


def set_bits(mask: int) -> Iterator[int]:
    """The numbers of the bits set in ``mask``, lowest first."""
    while mask:
        lowest = mask & -mask
        yield lowest.bit_length() - 1
        mask ^= lowest


class TokensOf:
    """``word in TokensOf(text, pattern)`` is ``word in set(pattern.findall(text))`` for a
    ``pattern`` of the form ``\\b<first character><run of characters>+`` (perhaps ending in
    ``\\b``) and a ``word`` that starts with a word character, found where ``word`` stands
    instead of collecting every token (a headline asks about a few words of 6,000 characters of
    body; a one-word name about the article's lower-case words).

    A token of the scan starts where ``word`` stands when the pattern matches there and no token
    runs on through the character before: a word character there leaves no ``\\b``; a character
    of the run that is none (a hyphen, an apostrophe) may continue a token, and then every token
    is collected once, as the scan does.

    >>> words = TokensOf("a well-known lender’s fund", re.compile(r"\\b[a-z][\\w’'-]*"))
    >>> "lender’s" in words, "lender" in words, "known" in words, "well-known" in words
    (True, False, False, True)
    """

    __slots__ = ("_all", "_pattern", "_text")

    def __init__(self, text: str, pattern: re.Pattern[str]) -> None:
        self._text, self._pattern = text, pattern
        self._all: set[str] | None = None

    def __contains__(self, word: str) -> bool:
        if self._all is not None:
            return word in self._all
        text, pattern = self._text, self._pattern
        at = text.find(word)
        while at >= 0:
            before = text[at - 1] if at else ""
            # A character of the run that is no word character may continue a token.
            if (
                before
                and not (before.isalnum() or before == "_")
                and _runs_through(pattern, word[0], before)
            ):
                self._all = set(pattern.findall(text))
                return word in self._all
            m = pattern.match(text, at)
            if m is not None and m.group() == word:
                return True
            at = text.find(word, at + 1)
        return False


def _runs_through(pattern: re.Pattern[str], letter: str, joiner: str) -> bool:
    """Whether a token of ``pattern`` that starts with ``letter`` may run on through ``joiner``."""
    m = pattern.match(letter + joiner + letter)
    return m is not None and m.end() > 1


def _prefilter_text(text: str) -> str | None:
    """``text`` lower-cased for the needle test, or None when a character in it could match a
    needle without containing it (then every cue is searched)."""
    if not text.isascii() and _CASE_EXOTIC_RE.search(text):
        return None
    return text.lower()


def _may_hold(needles: _Needles | None, text: str, lowered: str | None = None) -> bool:
    """False when a pattern with these needles cannot match ``text`` (see ``cue_needles``).

    ``lowered`` is ``text.lower()`` when the caller has it already.
    """
    if needles is None:
        return True
    if lowered is None:
        lowered = _prefilter_text(text)
    elif not text.isascii() and _CASE_EXOTIC_RE.search(text):
        lowered = None
    return lowered is None or any(needle in lowered for needle in needles)
