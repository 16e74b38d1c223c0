"""Patterns built from word lists, written for speed: regex alternations and tries of
case-folded character classes (the money reader's currency words, symbols and codes, which come
from CLDR and the newsroom table), and ``Substrings``, many plain substrings found in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from ahocorasick_rs import AhoCorasick

#: A lone surrogate: the automaton reads UTF-8, which cannot write one.
_LONE_SURROGATE_RE = re.compile("[\ud800-\udfff]")


class Substrings:
    """Every occurrence of any of ``needles`` in a text, found in one pass (an Aho-Corasick
    automaton, in Rust): a ``str.find`` scan per needle costs a pass over the text each.

    >>> sorted(Substrings(["dollar", "euro", "ro"]).starts("2 euros, 3 dollars"))
    [2, 4, 11]
    >>> sorted(Substrings(["ACCC", "ASX"]).found("ASX-listed, ACCC, ASX"))
    ['ACCC', 'ASX']
    """

    __slots__ = ("_automaton",)

    def __init__(self, needles: Iterable[str]) -> None:
        self._automaton = AhoCorasick(sorted(set(needles)))

    def starts(self, text: str) -> list[int]:
        """Where each occurrence starts, overlapping ones too (unsorted)."""
        return [at for _, at, _ in self.matches(text)]

    def any_in(self, text: str) -> bool:
        """Whether a needle occurs in ``text``."""
        return bool(self.matches(text, overlapping=False))

    def found(self, text: str) -> set[str]:
        """The needles that occur in ``text``."""
        return set(self.findall(text))

    def matches(self, text: str, overlapping: bool = True) -> list[tuple[int, int, int]]:
        """Every occurrence (overlapping ones too, unless not ``overlapping``): (the needle's
        index, start, end), by end."""
        return _read(self._automaton.find_matches_as_indexes, text, overlapping)

    def findall(self, text: str) -> list[str]:
        """Every occurrence of a needle, overlapping ones too, as the needle."""
        return _read(self._automaton.find_matches_as_strings, text, True)


def _read(find: Callable[..., list[Any]], text: str, overlapping: bool) -> list[Any]:
    """``find(text)``, or, for a text with a lone surrogate (UTF-8, which the automaton reads,
    cannot write one), ``find`` of it with a replacement character for each: one character for
    one keeps every offset, and no needle holds one."""
    try:
        return find(text, overlapping=overlapping)
    except UnicodeEncodeError:
        return find(_LONE_SURROGATE_RE.sub("\ufffd", text), overlapping=overlapping)


def _alternation(words: list[str]) -> str:
    """A regex alternation of literal words, longest first so that "US$" beats "$"."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


#: What a lower-case letter of the words here matches under re.IGNORECASE besides itself and its
#: capital (a test compares with every code point): the Kelvin sign, long s, dotted and dotless i.
_FOLDS = {"i": "iI\u0130\u0131", "k": "kK\u212a", "s": "sS\u017f", "ł": "łŁ"}


def _fold_class(char: str) -> str:
    """A pattern for one character of a word that matches what ``(?i:char)`` does."""
    if "a" <= char <= "z" or char in _FOLDS:
        return f"[{_FOLDS.get(char, char + char.upper())}]"
    if char.islower() and len(char.upper()) == 1 and char.upper().lower() == char:
        return f"[{char}{char.upper()}]"  # "ó", "ã", "ç", "ü": a letter and its one capital
    if char.isalpha():
        raise ValueError(f"not a lower-case ASCII letter: {char!r}")
    return re.escape(char)


_Trie = dict[str, "_Trie"]


def _trie(words: list[str]) -> _Trie:
    """Words as nested letters; "" marks where a word ends."""
    root: _Trie = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return root


def _either(alternatives: list[str]) -> str:
    return alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"


def _trie_pattern(node: _Trie, end: str, letter: Callable[[str], str] = _fold_class) -> str:
    """The words below ``node``, each followed by ``end``; longer words are tried first.
    ``letter`` writes one character (``re.escape`` where the pattern is compiled case-blind)."""
    alternatives = [letter(c) + _trie_pattern(child, end, letter) for c, child in node.items() if c]
    if "" in node:
        alternatives.append(end)
    return _either(alternatives) if alternatives else ""


def _case_blind_trie_pattern(words: list[str]) -> str:
    """``(?i:...)`` around a trie of the words' letters as written; longer words tried first.

    Speed: compiling is where this differs from a trie of ``_fold_class`` classes (the same
    matches, found as fast: 0.070 s either way over the money windows of 5 MB of news): each
    class of a letter ``re.IGNORECASE`` folds beyond ASCII ("i", "k", "s") compiles to a
    64K-character map, and the money pattern's currency words have hundreds of them
    (compiling it 0.15 -> 0.05 s, on every process's first amount).
    """
    return f"(?i:{_exact_trie_pattern(_trie(words))})"


def _number_word_pattern(words: list[str]) -> str:
    r"""``(?i:w1|w2|...)\s+`` for number words sorted longest first, written for speed.

    The old form tried the case-insensitive words in turn at each word start that begins with
    one of their first letters, "the" and "a" included; this one is a class of the first
    letters (which the regex engine tests before entering the branch), then the second letter
    (tested without entering an alternative) with a lookbehind for the first, then a trie of
    character classes. Same matches in the same order: words that can both match at one
    place are a prefix of each other (the classes of two letters share no character), and
    both forms try those longest first; ``\s+`` after the word moves into each alternative
    (for "a" as ``\s(?<=[aA]\s)\s*``, last).
    """
    alternatives: list[str] = []
    single_letters: list[str] = []
    for first, node in _trie(words).items():
        for second, child in node.items():
            if second:
                check = f"(?<={_fold_class(first)}{_fold_class(second)})"
                alternatives.append(_fold_class(second) + check + _trie_pattern(child, r"\s+"))
            else:
                single_letters.append(rf"\s(?<={_fold_class(first)}\s)\s*")
    return f"[{_first_letters(words)}]" + _either(alternatives + single_letters)


def _first_letters(words: list[str]) -> str:
    """What the first letters of ``words`` match, case-insensitively."""
    return "".join(sorted({c for w in words for c in _fold_class(w[0]).strip("[]")}))


# Speed: every alternative below starts where no word character stands before it, and each first
# checks the one character it can start with, so most positions fail after one or two cheap tests
# instead of trying every symbol, code and number word in turn. The guards are implied by what
# follows them, so they change no match; they make the scan about 2.5x faster. An alternative
# that starts with a literal or a character class (3 and 5) is tested without being entered,
# which is cheaper again than a lookahead; and the first characters of all five are tested
# once before any (the scan 0.30 -> 0.24 s over 20 MB of news with the number-word change).
# Words are tries (of case-folded character classes, ``_trie_pattern``, or of letters compiled
# case-blind, ``_case_blind_trie_pattern``): the engine enters each case-insensitive word of an
# alternation in turn to compare it; for the currency words after every number a trie made
# that 0.24 -> 0.21 s. Same matches:
# two words that match at one place begin one with the other, and the trie tries the longer
# first, as the alternations sorted longest first did ("pence", added last, begins no other).
def _exact_trie_pattern(node: _Trie) -> str:
    """The words below ``node`` as a case-sensitive pattern, longer words tried first."""
    return _trie_pattern(node, "", re.escape)
