"""Capitalized names in a text, cleaned of openers, descriptors, possessives and legal suffixes;
places and authorities (the word lists are in ``analytics/knowledge/``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache, partial
from typing import NamedTuple

from analytics import _currencies, knowledge
from analytics.extractor.dates import MONTHS
from analytics.extractor.text import (
    _DOT_GAP_RE,
    _LONE_INITIAL_RE,
    _POSSESSIVE_GAP_RE,
    _is_round_letter,
)

#: The module's regexes: rows of analytics/knowledge/patterns/names.yaml, with their examples.
_regex = partial(knowledge.regex, "names")

@cache
def currency_tokens() -> frozenset[str]:
    """Tokens that start an amount, not a name ("Kiranaloop for Rs 200 crore"): ISO codes and
    letter symbols, read on first use so that importing the extractor does not load CLDR."""
    tables = _currencies.currency_tables()
    return frozenset(tables.codes) | frozenset(
        s.rstrip(".") for s in tables.symbols if s[0].isalpha()
    )


@cache
def dollar_heads() -> frozenset[str]:
    """The letters of the dollars written apart from their "$" ("SG $50,000"): no name alone,
    though they may be part of one ("Elevate NZ Venture Fund")."""
    symbols = _currencies.currency_tables().symbols
    return frozenset(
        h for s in symbols if len(h := s.partition("$")[0].strip()) > 1 and h.isalpha()
    )


# --------------------------------------------------------------------------------------------
# Names

#: The name scan: runs of up to nine capitalized words ("Harbor Lane Investors", "eBay", "3M").
_NAME_RE = _regex("name_run", min_words="0")
#: The runs of ``_NAME_RE`` with two words or more (a space), and no others: where a run has
#: one word, no shorter token is followed by a space and the starts inside it that the
#: lookbehind allows (after '&' or '+') end where it does, so the scan goes on where it ends.
_NAME_WORDS_RE = _regex("name_run", min_words="1")


#: Capitalized words that are not names (sentence openers, days, months, titles, generic nouns).
_NOT_NAMES = knowledge.words("not_names") | frozenset(MONTHS)
_DEMONYMS = knowledge.words("demonyms")
#: Descriptive words that precede a name ("VC Blackbird", "Fintech PayKita").
_DESCRIPTORS = knowledge.words("descriptors")


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    """Countries, regions and large cities: capitalized, but never a company or investor."""
    return frozenset(place.lower() for place in knowledge.words("places"))


def is_place(name: str) -> bool:
    """True for a country, region or large city ("Lisbon", "Italy", "Silicon Valley")."""
    return name.lower() in _places()


_COMPASS = knowledge.words("compass_points")


def is_place_or_people(low: str) -> bool:
    """Whether a lower-cased name is a place or its people, plurals and compass points too: such
    a name raises and pays no money.

    >>> is_place_or_people("mexicans"), is_place_or_people("south korean")
    (True, True)
    >>> is_place_or_people("mexicana")
    False
    """
    places = _places()
    if low in places or low in _DEMONYMS:
        return True
    if low.endswith("s") and (low[:-1] in places or low[:-1] in _DEMONYMS):
        return True
    first, _, rest = low.partition(" ")
    return first in _COMPASS and (rest in places or rest in _DEMONYMS)


def without_place_possessive(name: str) -> str:
    """A name with a place's possessive in front dropped ("Senegal's Socim Job" -> "Socim Job").

    >>> without_place_possessive("Senegal's Socim Job"), without_place_possessive("Acme's Bolt")
    ('Socim Job', "Acme's Bolt")
    """
    place, mark, rest = name.replace("’", "'").partition("'s ")
    return rest if mark and rest and is_place_or_people(place.lower()) else name


_GENERIC_SUBJECT_RE = _regex("generic_subject")


_ROLE_WORDS = knowledge.words("role_words")


#: "First Ikoyi Bank" is a name; "First, Acme" is not (and never reaches here as one run).
_ORDINALS = frozenset({"first", "second", "third"})


_POSSESSIVE_ENDINGS = ("’s", "'s", "’", "'")


def _unpossessive(word: str) -> str:
    for ending in _POSSESSIVE_ENDINGS:
        if word.endswith(ending):
            return word[: -len(ending)]
    return word


@lru_cache(maxsize=65536)
def _clean_name(raw: str) -> str | None:
    """Drop sentence openers, possessives and descriptors around a capitalized run."""
    if is_place(_unpossessive(raw.strip())):
        return None  # "New Zealand", "Hong Kong's"
    words = raw.split()
    # Every adjective suffix starts with a hyphen: most words need no search.
    based = [i for i, w in enumerate(words) if "-" in w and _ADJECTIVE_SUFFIX_RE.search(w)]
    if based:
        words = words[based[-1] + 1 :]
    while words:
        first = words[0]
        low = first.lower()
        bare = _unpossessive(first)
        if not (
            (bare != first and bare.lower() in _places())
            or (low.strip("’'") in _NOT_NAMES and not (low in _ORDINALS and len(words) > 2))
            or (low in _DEMONYMS and (len(words) == 1 or words[1].lower() in _DESCRIPTORS))
            or low in _DESCRIPTORS
            or (len(words) > 1 and _is_period(first))
        ):
            break
        words = words[1:]
    for i, word in enumerate(words[1:], 1):
        if (
            word.rstrip(".") in currency_tokens()
            or word.rstrip(",") in _ROLE_WORDS
            or _currency_number_re().match(word)
            or _AMOUNT_WORD_RE.fullmatch(word.rstrip(".,"))
        ):
            words = words[:i]  # "Kiranaloop for Rs 200", "Skarv Chief Executive Jonas Brenner"
            break
    while words and words[-1].lower() in ("of", "for", "de", "&", "the"):
        words = words[:-1]
    if not words:
        return None
    name = " ".join(words)
    if name.endswith(("s", "’", "'")):
        name = _POSSESSIVE_END_RE.sub("", name)
    if " " in name:
        name = _LEGAL_SUFFIX_RE.sub("", name)
    name = name.rstrip(".,-")
    if len(name) < 2 or name.lower() in _NOT_NAMES or is_place(name):
        return None
    if name in currency_tokens() or name in dollar_heads():
        return None
    if _is_period(name):
        return None  # "In Q2, ...", "the top rounds of 1Q24": a period, not a company
    return name


#: A quarter, half or fiscal year as reports write it: "Q2", "1Q24", "H1 2024", "FY25".
_PERIOD_RE = _regex("period")


def _is_period(word: str) -> bool:
    """Whether ``word`` is a period ("Q2", "1Q24", "FY25"); its first letter is tested first
    (every period starts with one of these), as most words are not."""
    return word[0] in "QHF1234" and _PERIOD_RE.fullmatch(word) is not None


_POSSESSIVE_END_RE = _regex("possessive_end")
#: An amount as a word ("80m", "2.5bn"): it ends a name ("Merdkraft raises NOK 80m").
_AMOUNT_WORD_RE = _regex("amount_word")


@cache
def _currency_number_re() -> re.Pattern[str]:
    """An amount glued to its currency ("Dh4.4", "SR500m", "US$15m"): it ends a name."""
    tokens = sorted(currency_tokens(), key=len, reverse=True)
    return _regex("currency_number", token="|".join(re.escape(t) for t in tokens))


#: "London-based", "AI-powered", "VC-backed": a capitalized adjective ends before the name.
_ADJECTIVE_SUFFIX_RE = _regex("adjective_suffix")


class Name(NamedTuple):
    """A name found in a text and where (a tuple: thousands are made per megabyte)."""

    text: str
    start: int
    end: int


def names_in(text: str, start: int = 0, end: int | None = None) -> list[Name]:
    """Capitalized names in ``text[start:end]`` (memoized: a sentence is asked about often).

    >>> [n.text for n in names_in("The round was co-led by Harbor Lane Investors and Tidewater Capital.")]
    ['Harbor Lane Investors', 'Tidewater Capital']
    """
    return list(_names_in(text, start, len(text) if end is None else end))


@lru_cache(maxsize=8192)
def _names_in(text: str, start: int, end: int) -> tuple[Name, ...]:
    found: list[Name] = []
    for m in _NAME_RE.finditer(text, start, end):
        _add_names_of_run(text, m.start(), m.group(), found)
    return tuple(found)


#: A gap between two words of a capitalized run (the ``\s`` of ``_NAME_RE``).
_SPACE_RE = _regex("space")


def names_of_words_in(text: str, start: int, end: int, holding: str = "") -> Iterator[Name]:
    """The names of ``names_in`` that may have two or more words, in order (and perhaps some
    one-word ones), found as they are read: a capitalized run without a space gives at most a
    one-word name, so only the runs with a space are read, which skips most capitalized words.
    With ``holding``, only the runs that hold it are read (a name's words are in its run)."""
    for m in _NAME_WORDS_RE.finditer(text, start, end):
        run = m.group()
        if holding in run:
            found: list[Name] = []
            _add_names_of_run(text, m.start(), run, found)
            yield from found


def _add_names_of_run(text: str, run_start: int, run: str, found: list[Name]) -> None:
    """Add the names in one capitalized run of ``text`` (a ``_NAME_RE`` match) to ``found``."""
    # "... in the U.A.E. Dubai Angel Investors led": a dotted token may end a sentence.
    pieces = (
        _split_after_dots(run_start, run)
        if ". " in run or "’s " in run or "'s " in run
        else ((run_start, run),)
    )
    for piece_start, piece in pieces:
        name = _clean_name(piece)
        if text.startswith("$", piece_start + len(piece)):
            # "NZ$500,000", "Numera for A$35 million": the last word is a currency prefix.
            if " " not in piece.strip():
                continue
            piece = piece.rsplit(None, 1)[0]
            name = _clean_name(piece)
        if name and " " not in name and _DESCRIBED_RE.match(text, piece_start + len(piece)):
            continue  # "Security startup Acme": the capital is the sentence's, not a name's
        if name and name[-1].isdigit() and _SCALE_AFTER_RE.match(text, piece_start + len(piece)):
            # "a R5 million fine", "Mzansi Pay for R340 million": a currency letter glued to a
            # number is an amount, not (the end of) a name.
            piece = piece.rsplit(None, 1)[0] if " " in piece.strip() else ""
            piece = _TRAILING_LINK_RE.sub("", piece)
            name = _clean_name(piece) if piece else None
        if name:
            offset = piece.find(name.split()[0])
            found.append(Name(name, piece_start + max(offset, 0), piece_start + len(piece)))


_TRAILING_LINK_RE = _regex("trailing_link")
#: A scale word after a number ("R5 million", "K3 billion"): the number was an amount.
_SCALE_AFTER_RE = _regex("scale_after")
_DESCRIBED_RE = _regex("described")


#: Dotted words inside names: "Acme Inc. Robotics" is rare, "Acme Inc. Today" is not, but these
#: stay joined; any other word ending in a full stop ends the name ("Liam Hart. Paywise").
_NAME_ABBREVIATIONS = knowledge.abbreviations("name")
#: Legal suffixes dropped from a company's name ("Nordlicht Bio GmbH" is "Nordlicht Bio").
_LEGAL_SUFFIX_RE = _regex(
    "legal_suffix", suffix="|".join(re.escape(s) for s in knowledge.legal_suffixes("names"))
)


def _split_after_dots(start: int, run: str) -> list[tuple[int, str]]:
    if "’s " in run or "'s " in run:
        # "Larkspur's FCA fine": a possessive ends one name and the next begins.
        m = _POSSESSIVE_GAP_RE.search(run)
        if m:
            head = run[: m.start() + 2]
            return _split_after_dots(start, head) + _split_after_dots(
                start + m.end(), run[m.end() :]
            )
    if ". " not in run:
        return [(start, run)]
    pieces: list[tuple[int, str]] = []
    cursor = 0
    for m in _DOT_GAP_RE.finditer(run):
        head = run[cursor : m.start()]
        last = head.rsplit(None, 1)[-1]
        # A lone capital is an initial ("John F. Smith"), unless it is a round's ("a Series C.
        # Quickbasket raised ...").
        initial = _LONE_INITIAL_RE.fullmatch(last) and not _is_round_letter(
            head, len(head) - len(last)
        )
        if last[:-1] not in _NAME_ABBREVIATIONS and not initial:
            pieces.append((start + cursor, head))
            cursor = m.end()
    pieces.append((start + cursor, run[cursor:]))
    return pieces


# --------------------------------------------------------------------------------------------
# Authorities


#: Well-known regulators and courts by acronym or short name (public bodies, not companies).
AUTHORITY_NAMES = frozenset(row["name"] for row in knowledge.table("authorities"))
# Every branch starts with a capital letter ("Office" tests what stands before it after its "O"),
# so the pattern below starts with a set of letters the regex engine skips to in C.
_AUTHORITY_WORDS = knowledge.pattern("names", "authority_words")
#: An authority word, as ``\b(?:{_AUTHORITY_WORDS})\b`` finds it once the caller checks the
#: word boundary before it (see ``_authority_words``): a leading ``\b`` would make the engine try
#: the pattern at every position (6x slower).
_AUTHORITY_WORD_RE = _regex("authority_word")


def _authority_words(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``\b(?:{_AUTHORITY_WORDS})\b`` in ``text``, in order.

    A match with a word character before it ("XCourt") is the end of a longer word and is
    dropped; it hides no other match, as it ends where that word ends and no authority word
    starts with the second word of another ("Reserve Bank", "Attorney General").
    """
    for m in _AUTHORITY_WORD_RE.finditer(text):
        at = m.start()
        if at and (text[at - 1].isalnum() or text[at - 1] == "_"):
            continue
        yield m


_PARENTHESIZED_ACRONYM_RE = _regex("parenthesized_acronym")
_ACRONYM_DEF_RE = _regex("acronym_def")


@lru_cache(maxsize=16384)  # a name is asked about again and again (5.8k names in 20k calls)
def is_authority(name: str) -> bool:
    """True for a regulator, court or government body.

    >>> is_authority("Information Commissioner’s Office"), is_authority("Acme Capital")
    (True, False)
    """
    first = name.split()[0]
    return (
        name in AUTHORITY_NAMES
        or first in AUTHORITY_NAMES
        or next(_authority_words(name), None) is not None
    )
