"""Regex patterns built from word lists, written for speed: alternations, tries of
case-folded character classes, and one-letter anchors for a fast scan (the money reader's
currency words, symbols and codes, which come from CLDR and the newsroom table).
"""

from __future__ import annotations

import re
from collections.abc import Callable


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


#: The letters the currency words are found by, the first of these a word has being its anchor.
#: A pattern that starts with one literal letter is scanned for it in C about as fast as
#: ``str.find`` (0.5 ns a character), ten times faster than one that starts with a character
#: class, and each occurrence is then tried quickly; so five scans for a few common letters
#: (each word has one of these) beat one scan for the rare letters (measured: 0.28 -> 0.14 s
#: over 20 MB of news; "ychro" is the cheapest set found, of the sets that cover every word).
_WORD_ANCHORS = "ychro"


def _anchored_patterns(
    words: tuple[str, ...],
) -> tuple[tuple[re.Pattern[str], tuple[tuple[str, int], ...]], ...]:
    """One pattern per anchor letter, matching the anchor of every occurrence of its words.

    Returns each pattern with its words and the anchor's offset in each word. A pattern is
    the letter, then a lookahead with the rest of each word (its first letter checked quickly
    by the engine) and a lookbehind for the word's start. A match is the one letter, so
    overlapping words are all found; two words anchored at the same letter are told apart by
    the caller (``_word_markers``).
    """
    anchored: dict[str, list[tuple[str, int]]] = {}
    for word in words:
        # Not the word's last letter where it can be: a rest that starts with a letter fails
        # in one quick test at most occurrences of the anchor.
        at = min(
            (i for i, c in enumerate(word) if c in _WORD_ANCHORS),
            key=lambda i: (i + 1 == len(word), _WORD_ANCHORS.index(word[i]), i),
        )
        anchored.setdefault(word[at], []).append((word, at))
    patterns = []
    for letter, forms in anchored.items():
        by_next: dict[str, list[str]] = {}
        for word, at in forms:
            rest = word[at + 1 :]
            behind = f"(?<={re.escape(word)})" if at else ""
            by_next.setdefault(rest[:1], []).append(re.escape(rest[1:]) + behind)
        rests = [
            re.escape(first) + (f"(?:{'|'.join(tails)})" if len(tails) > 1 else tails[0])
            for first, tails in sorted(by_next.items(), key=lambda item: item[0] == "")
        ]
        patterns.append((re.compile(f"{re.escape(letter)}(?={'|'.join(rests)})"), tuple(forms)))
    return tuple(patterns)
