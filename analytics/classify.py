"""What each amount is, and who and what it concerns.

The type of an amount comes from cue words in its sentence, weighed by how close they stand to it
(the cue table ``CUES`` is data: one row per cue). The parties come from a few verb patterns
("X acquires Y", "Y was fined by X", "led by A and B") over the capitalized names in the sentence,
with the article's headline and most-mentioned name as the fallback for "the company" or "it".
"""

from __future__ import annotations

import re
import re._constants as _sre
from collections.abc import Iterator
from datetime import date
from functools import cached_property, lru_cache
from re._parser import parse as _sre_parse
from typing import NamedTuple

from analytics import knowledge
from analytics._currencies import CODES, SCALES, SYMBOLS, WORDS
from analytics.articles import MONTHS

#: Tokens that start an amount, not a name ("Kiranaloop for Rs 200 crore").
CURRENCY_TOKENS = frozenset(CODES) | frozenset(s.rstrip(".") for s in SYMBOLS if s[0].isalpha())

# --------------------------------------------------------------------------------------------
# Sentences


_ABBREVIATIONS = knowledge.words("abbreviations") | frozenset(
    m
    for m in MONTHS
    if len(m) <= 4 and m not in ("may", "june", "july")  # "Jan.", "Sept."
)
_SENTENCE_END_RE = re.compile(r"""[.!?]["”’)\]]*\s+(?=["“‘(\[]?[A-Z0-9$£€¥₹])""")


#: "SAN FRANCISCO, March 3 (Reuters) -", "HEIDELBERG, Germany, March 12, 2025 --",
#: "SINGAPORE, Feb. 6, 2024 /PRNewswire/ --": where a wire story starts, before its subject.
DATELINE_RE = re.compile(
    r"""(?:[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3})
        (?:,\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})?
        (?:,\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?|\d{1,2}\s+[A-Z][a-z]+(?:\s+\d{4})?))?
        \s*(?:\([A-Za-z .&-]{2,30}\))?\s*(?:/[^/\n]{2,40}/)?\s*[-–—]{1,2}\s+""",
    re.VERBOSE,
)


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
    # Only the last boundary before the span counts, so the stops before it are kept and then
    # tried from the last (most are sentence ends: one boundary test instead of one each).
    before: list[tuple[int, int]] = []
    for m in _SENTENCE_END_RE.finditer(text, window_start, window_end):
        if m.end() <= start:
            before.append(m.span())
        elif m.start() >= end and _is_boundary(text, m.start()):
            e = m.start() + 1
            while e < line_end and text[e] in '"”’)]':
                e += 1
            break
    for stop, after in reversed(before):
        if _is_boundary(text, stop):
            s = after
            break
    if s < window_start:
        s = window_start
    if e > window_end:
        e = window_end
    return s, e


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
_INITIALISM_RE = re.compile(r"(?:[A-Za-z]\.)*[A-Z]")
_POSSESSIVE_GAP_RE = re.compile(r"(?:’s|'s)\s+(?=[A-Z])")
_DOT_GAP_RE = re.compile(r"(?<=\.)\s+(?=[A-Z])")
_LONE_INITIAL_RE = re.compile(r"[A-Z]\.")
_SPACES_RE = re.compile(r"\s+")
_LEADING_THE_RE = re.compile(r"^(?:the|The)\s+")


# --------------------------------------------------------------------------------------------
# Names

# Every repetition is possessive (``*+``, ``++``): giving back a lower-case letter can never let
# "[A-Z]" match, a digit never lets "[A-Za-z]" match, and a token's other letters never let the
# gap after it match (every gap starts with ``\s``, which no token holds). So the matches are
# the same, but each word is read once instead of backtracked through letter by letter.
_CAPITAL_FIRST = r"[\w&’'.+-]*+"  # the rest of a token after its capital
_DIGIT_FIRST = r"\d*+(?!(?:st|nd|rd|th)\b)[A-Za-z][\w-]*+"  # ... after its first digit ("3M")
_NAME_TOKEN = rf"(?:[A-Z]{_CAPITAL_FIRST}|[a-z]++[A-Z][\w’'.-]*+|\d{_DIGIT_FIRST})"
#: What may not stand before a run, and the gap between two of its words.
_NOT_BEFORE_NAME = r"[\w’'.$£€¥₹-]"
_NAME_GAP = r"(?:\s|\s&\s|\s(?:of|for|de|du|der|von|van|la|le|del|y)\s)"
_NAME_RUN = rf"""
    (?<!{_NOT_BEFORE_NAME})
    {_NAME_TOKEN}
    (?:{_NAME_GAP}{_NAME_TOKEN}){{%s,8}}
    """
_NAME_RE = re.compile(_NAME_RUN % 0, re.VERBOSE)
#: The runs of ``_NAME_RE`` with two words or more (a space), and no others: where a run has
#: one word, no shorter token is followed by a space and the starts inside it that the
#: lookbehind allows (after '&' or '+') end where it does, so the scan goes on where it ends.
_NAME_WORDS_RE = re.compile(_NAME_RUN % 1, re.VERBOSE)

#: ``_NAME_RUN`` for a text where no token can start with a lower-case letter ("eBay"; see
#: ``_may_start_lower_case_name``): with that token gone, every run starts with a capital or a
#: digit, so the first character is taken out front and the regex engine skips to the next one
#: in C instead of trying every word start (the name scans are about 1.7x faster). The
#: lookbehind then reads the character before it, as ``_NAME_RUN``'s does; the branch taken
#: depends on that character only, as the three tokens' first characters differ.
_UPPER_NAME_TOKEN = rf"(?:[A-Z]{_CAPITAL_FIRST}|\d{_DIGIT_FIRST})"
_UPPER_NAME_RUN = rf"""
    [A-Z\d](?<!{_NOT_BEFORE_NAME}.)
    (?:(?<=[A-Z]){_CAPITAL_FIRST}|(?<=\d){_DIGIT_FIRST})
    (?:{_NAME_GAP}{_UPPER_NAME_TOKEN}){{%s,8}}
    """
_UPPER_NAME_RE = re.compile(_UPPER_NAME_RUN % 0, re.VERBOSE)
_UPPER_NAME_WORDS_RE = re.compile(_UPPER_NAME_RUN % 1, re.VERBOSE)
#: The longest run of lower-case letters before a capital that ``_LOWER_CASE_NAME_START_RE``
#: reads to its start; a longer one counts as a start (a "maybe" is always safe).
_LONGEST_LOWER_RUN = 12
#: A capital after a run of lower-case letters that may start a token: no ``_NAME_RUN``
#: lookbehind character stands before the run ("eBay"; not "BlackRock"). The guard drops every
#: other capital at once; then one lookbehind per run length, as a lookbehind has one width.
_LOWER_CASE_NAME_START_RE = re.compile(
    r"[A-Z](?<=[a-z].)(?:"
    + "|".join(
        rf"(?<=(?<!{_NOT_BEFORE_NAME})[a-z]{{{n}}}.)" for n in range(1, _LONGEST_LOWER_RUN + 1)
    )
    + rf"|(?<=[a-z]{{{_LONGEST_LOWER_RUN + 1}}}.))"
)


def _may_start_lower_case_name(text: str, start: int, end: int) -> bool:
    r"""Whether ``_NAME_TOKEN``'s lower-case-first token ("eBay") may match in ``text[start:end]``.

    It needs a run of lower-case letters that a capital follows and that starts a token: the
    first token after the lookbehind, or a later one after a gap, which ends in ``\s``, so
    either way no ``_NAME_RUN`` lookbehind character stands before the run. "BlackRock" has the
    capital but not the start. (A run that starts before ``start`` counts too: a safe "maybe".)
    """
    return _LOWER_CASE_NAME_START_RE.search(text, start + 1, end) is not None


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


_GENERIC_SUBJECT_RE = re.compile(
    r"(?:^|\b)(?:the|this|that|its|our)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:company|startup|firm|business|platform|service|app|group|outfit|maker|provider|"
    r"team|venture|unicorn|lender|insurer|developer|operator|retailer|marketplace)\b"
    r"|\b(?:it|they|we)\b",
    re.IGNORECASE,
)


_ROLE_WORDS = knowledge.words("role_words")


#: "First Ikoyi Bank" is a name; "First, Acme" is not (and never reaches here as one run).
_ORDINALS = frozenset({"first", "second", "third"})


_POSSESSIVE_ENDINGS = ("’s", "'s", "’", "'")


def _unpossessive(word: str) -> str:
    if not word.endswith(_POSSESSIVE_ENDINGS):
        return word  # most words: one test instead of four
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
        ):
            break
        words = words[1:]
    for i, word in enumerate(words[1:], 1):
        if (
            word.rstrip(".") in CURRENCY_TOKENS
            or word.rstrip(",") in _ROLE_WORDS
            or _CURRENCY_NUMBER_RE.match(word)
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
    if len(name) < 2 or name.lower() in _NOT_NAMES or is_place(name) or name in CURRENCY_TOKENS:
        return None
    return name


_POSSESSIVE_END_RE = re.compile(r"(?:’s|'s|’|')$")
#: An amount as a word ("80m", "2.5bn"): it ends a name ("Merdkraft raises NOK 80m").
_AMOUNT_WORD_RE = re.compile(r"\d[\d.,]*(?:[kKmMbBT]|bn|mn|tn)")
#: An amount glued to its currency ("Dh4.4", "SR500m", "US$15m"): it ends a name.
_CURRENCY_NUMBER_RE = re.compile(
    "(?:"
    + "|".join(re.escape(t) for t in sorted(CURRENCY_TOKENS, key=len, reverse=True))
    + r")\$?\d"
)
#: "London-based", "AI-powered", "VC-backed": a capitalized adjective ends before the name.
_ADJECTIVE_SUFFIX_RE = re.compile(
    r"-(?:based|powered|driven|backed|focused|led|owned|enabled|native|first|centric|listed|"
    r"headquartered|born|founded|registered|style|like)$",
    re.IGNORECASE,
)


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
    runs = _NAME_RE if _may_start_lower_case_name(text, start, end) else _UPPER_NAME_RE
    for m in runs.finditer(text, start, end):
        _add_names_of_run(text, m.start(), m.group(), found)
    return tuple(found)


#: A gap between two words of a capitalized run (the ``\s`` of ``_NAME_RE``).
_SPACE_RE = re.compile(r"\s")


def names_of_words_in(text: str, start: int, end: int) -> list[Name]:
    """The names of ``names_in`` that may have two or more words, in order (and perhaps some
    one-word ones): a capitalized run without a space gives at most a one-word name, so only
    the runs with a space are read, which skips most capitalized words."""
    found: list[Name] = []
    runs = _NAME_WORDS_RE if _may_start_lower_case_name(text, start, end) else _UPPER_NAME_WORDS_RE
    for m in runs.finditer(text, start, end):
        _add_names_of_run(text, m.start(), m.group(), found)
    return found


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
        if name:
            offset = piece.find(name.split()[0])
            found.append(Name(name, piece_start + max(offset, 0), piece_start + len(piece)))


_DESCRIBED_RE = re.compile(
    r"\s+(?:[a-z][\w-]*\s+)?(?:startup|start-up|company|firm|maker|platform|provider|developer|"
    r"specialist|operator|app|group|lender|bank|unicorn|outfit|business|giant|retailer|supplier|"
    r"insurer|marketplace|scale-up|scaleup|manufacturer|brand|chain|service|recycler|builder|"
    r"designer|producer|distributor|broker|exchange|studio|network|consultant|executive|"
    r"entrepreneur|investor|backer|official|analyst|founder|banker|lawyer|engineer|researcher|"
    r"scientist|activist|lawmaker|regulator|watchdog)s?\b"
)


#: Dotted words inside names: "Acme Inc. Robotics" is rare, "Acme Inc. Today" is not, but these
#: stay joined; any other word ending in a full stop ends the name ("Liam Hart. Paywise").
_NAME_ABBREVIATIONS = knowledge.words("name_abbreviations")
#: Legal suffixes dropped from a company's name ("Nordlicht Bio GmbH" is "Nordlicht Bio").
_LEGAL_SUFFIX_RE = re.compile(
    r"(?:,?\s+(?:Inc\.?|Incorporated|Ltd\.?|Limited|LLC|L\.L\.C\.|Corp\.?|Corporation|GmbH|AG|"
    r"S\.A\.|SA|S\.p\.A\.|plc|PLC|Pte\.?|Pty\.?|B\.V\.|BV|N\.V\.|SAS|Oy|AB|ASA|KK|K\.K\.))+$"
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
_AUTHORITY_WORDS = (
    r"Commission|Commissioner|Authority|O(?<!Family O)ffice|Regulator|Agency|Bureau|Board|Court|Tribunal|"
    r"Ministry|Department|Watchdog|Council|Directorate|Inspectorate|Supervisor|Judge|Justice|"
    r"Garante|Autorité|Autorità|Regulatory|Ombudsman|Reserve\s+Bank|Central\s+Bank|Prosecutors?|"
    r"Attorney\s+General|Comisión|Dirección|Autoridad|Superintendencia|Conselho|Urząd|Bundesamt|"
    r"Procuraduría|Treasury"
)
#: An authority word, as ``\b(?:{_AUTHORITY_WORDS})\b`` finds it once the caller checks the
#: word boundary before it (see ``_authority_words``): a leading ``\b`` would make the engine try
#: the pattern at every position (6x slower).
_AUTHORITY_WORD_RE = re.compile(rf"(?:{_AUTHORITY_WORDS})\b")


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


_PARENTHESIZED_ACRONYM_RE = re.compile(r"\(([A-Z]{2,7})\)")
_ACRONYM_DEF_RE = re.compile(
    r"([A-Z][\w’'.&-]*(?:\s+(?:of|for|and|&|the)?\s*[A-Z][\w’'.&-]*)+)\s+\(([A-Z]{2,7})\)"
)


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


# --------------------------------------------------------------------------------------------
# Event types


#: The cue table: one row per cue, read from ``analytics/knowledge/cues.yaml``.
Cue = knowledge.Cue
CUES: tuple[Cue, ...] = knowledge.cues()

#: Sentences that state a condition ("open to startups with less than $10 million in revenue"):
#: every amount in them is a threshold, not an event.
_THRESHOLD_RE = re.compile(
    r"\b(?:open\s+to|eligib\w+|qualif(?:y|ies)|criteria|applicants?|apply\b|threshold|must\s+have|"
    r"(?:companies|startups|businesses|firms|founders)\s+(?:with|that\s+have|making|earning)\s+"
    r"(?:less|fewer|more|under|over|below|above|at\s+least|up\s+to))\b",
    re.IGNORECASE,
)
#: "..., up from $800 million": the amount continues the type of the one before it.
_CONTINUATION_RE = re.compile(
    r"(?:\b(?:up|down|rising|falling|climbing|jumping|rose|fell|grew)\s+from(?:\s+(?:about|around|roughly|nearly|some|just|over))?|compared\s+(?:with|to)|versus|vs\.?)\s*$"
    r"|\ba\s+further\s*$|^\W*and\s+(?:(?-i:[A-Z])[\w’'&.-]*\s+){1,4}$"
    r"|^\W*(?:and\s+|followed\s+by\s+|then\s+)?(?:(?-i:[A-Z])[\w’'&.-]*\s+){1,4}with\s*$"
    r"|^\W*(?:from|to|and|or|including|of\s+which)(?:\s+(?:the|a|an))?\s*$"
    r"|^[^$€£¥₹.;]{0,30}\bfrom\s*$|\b(?:rising|growing|climbing|falling|increasing|down)\s+to\s*$"
    # "..., up to $7 million" and "plus up to $2 billion in loans" continue; "on balances up to
    # $5,000" is a maximum of something else.
    r"|(?:^\W*|\b(?:plus|and|with)\s+)up\s+to\s*$",
    re.IGNORECASE,
)
_WORD_RE = re.compile(r"\S+")


@lru_cache(maxsize=1)
def _compiled_cues() -> list[tuple[Cue, re.Pattern[str]]]:
    out = []
    for cue in CUES:
        if cue.side == "after":
            # The words skipped before the cue are its distance from the amount.
            core = re.sub(r"\(\?:\\S\+\\s\+\)\{0,\d\}\?", "", cue.pattern)
            out.append(
                (
                    cue,
                    re.compile(
                        rf"^[\s,)\"”’]{{0,3}}(?P<skip>(?:[^\s—–;:()]+\s+){{0,{3 if cue.reach is None else cue.reach}}}?)(?:{core})",
                        re.IGNORECASE,
                    ),
                )
            )
        else:
            # (?!\w), not \b: a cue may end in the space before the amount.
            out.append((cue, re.compile(rf"\b(?:{cue.pattern})(?!\w)", re.IGNORECASE)))
    return out


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


@lru_cache(maxsize=1)
def _cue_table() -> tuple[tuple[Cue, re.Pattern[str], bool, _Needles | None], ...]:
    """The compiled cues in table order, each with whether it is read after the amount and the
    words one of which must be there for it to match."""
    return tuple(
        (cue, pattern, cue.side == "after", cue_needles(pattern.pattern))
        for cue, pattern in _compiled_cues()
    )


class _NeedleScan(NamedTuple):
    """How to find the cues of one side (read after the amount, or before it) worth searching."""

    pattern: re.Pattern[str]  # finds the longest needle starting at each position
    cues_of: dict[str, frozenset[int]]  # the cues (table indices) a needle found lets through
    always: frozenset[int]  # the cues without needles: searched whatever the text
    side: frozenset[int]  # all the cues of the side


@lru_cache(maxsize=2)
def _needle_scan(read_after: bool) -> _NeedleScan:
    """The needle scan of one side's cues: one pattern scan of the lower-cased words instead of
    an ``in`` test per needle per cue (about 240 for an amount): 0.072 -> 0.026 s for the
    prefilter of the 4,392 amounts of 250 news files.

    A needle found lets through the cues of every needle inside it: the shorter needles that
    start where it does are inside it, so the cues let through are exactly those with a needle
    in the text (tests/test_cue_prefilter.py compares them with the ``in`` tests).
    """
    table = _cue_table()
    side = frozenset(i for i, (_, _, after, _) in enumerate(table) if after == read_after)
    needles = {n for i in side for n in table[i][3] or ()}
    cues_of = {
        n: frozenset(i for i in side if any(m in n for m in table[i][3] or ())) for n in needles
    }
    # One branch per first letter (the engine picks it by that letter), its needles longest
    # first; the lookahead makes every find zero-width, so needles that overlap are all found.
    by_first: dict[str, list[str]] = {}
    for needle in sorted(needles, key=lambda n: (-len(n), n)):
        by_first.setdefault(needle[0], []).append(needle)
    branches = "|".join(
        re.escape(first) + "(?:" + "|".join(re.escape(n[1:]) for n in group) + ")"
        for first, group in by_first.items()
    )
    return _NeedleScan(
        pattern=re.compile(f"(?=({branches}))" if needles else "(?!)"),  # (?!) never matches
        cues_of=cues_of,
        always=frozenset(i for i in side if table[i][3] is None),
        side=side,
    )


def _cues_to_search(lowered: str | None, read_after: bool) -> frozenset[int]:
    """The cues of one side (table indices) with a needle in ``lowered``, the prefilter's
    haystack (``_prefilter_text``), or without needles; all of them when it is None."""
    scan = _needle_scan(read_after)
    if lowered is None:
        return scan.side
    found = scan.always
    for needle in scan.pattern.findall(lowered):
        found |= scan.cues_of[needle]
    return found


def _prefilter_text(text: str) -> str | None:
    """``text`` lower-cased for the needle test, or None when a character in it could match a
    needle without containing it (then every cue is searched)."""
    if not text.isascii() and _CASE_EXOTIC_RE.search(text):
        return None
    return text.lower()


@lru_cache(maxsize=1)
def _threshold_needles() -> _Needles | None:
    return cue_needles(_THRESHOLD_RE.pattern)


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


def is_threshold(sentence: str) -> bool:
    """True for a sentence that states a condition rather than an event."""
    return bool(_THRESHOLD_RE.search(sentence))


def _distance_words(text: str) -> int:
    return len(_WORD_RE.findall(text))


_TRAILING_QUALIFIER_RE = re.compile(
    r"\s(?:about|around|roughly|approximately|nearly|almost|some|over|more\s+than|less\s+than|"
    r"up\s+to|at\s+least|just\s+over|just\s+under|an\s+estimated|close\s+to|~)\s*$",
    re.IGNORECASE,
)


def classify_amount(before: str, after: str, sentence: str) -> tuple[str, float]:
    """The event type of an amount from the words ``before`` and ``after`` it in its sentence.

    Returns the type and a score (higher is surer).

    >>> classify_amount("Acme had raised only ", " in total.", "")[0]
    'total_raised'
    >>> classify_amount("The ", " digital language market is growing.", "")[0]
    'market_size'
    """
    if _may_hold(_threshold_needles(), sentence) and _THRESHOLD_RE.search(sentence):
        return "other", 0.9
    # A qualifier belongs to the amount: "a fine of about €60m" reads as "a fine of €60m".
    before = _TRAILING_QUALIFIER_RE.sub(" ", before)
    scores: dict[str, float] = {}
    #: Scores of cues that stand in an earlier clause than the amount ("Pellucid, the lender
    #: set up so shoppers could pay without fees, raised €40m": "fees" is in the apposition).
    outside: dict[str, float] = {}
    boundary = _last_clause_boundary(before)
    # Only the cues with a needle in their side's words are searched, in table order (ties go
    # to the type scored first).
    table = _cue_table()
    before_cues = _cues_to_search(_prefilter_text(before), read_after=False)
    for index in sorted(before_cues | _cues_to_search(_prefilter_text(after), read_after=True)):
        cue, pattern, read_after, _ = table[index]
        if read_after:
            m = pattern.match(after)
            if m is None:
                continue
            words = _distance_words(m.group("skip"))
        else:
            # Most cues are absent: one search says so; the last match is the nearest.
            first = pattern.search(before)
            if first is None:
                continue
            last = first
            for last in pattern.finditer(before, first.end()):  # noqa: B007
                pass
            words = _distance_words(before[last.end() :])
            if cue.reach is not None and words > cue.reach:
                continue
            if last.end() <= boundary:
                score = cue.weight / (1 + 0.12 * words)
                outside[cue.event_type] = max(outside.get(cue.event_type, 0), score)
                continue
        score = cue.weight / (1 + 0.12 * words)
        scores[cue.event_type] = max(scores.get(cue.event_type, 0), score)
    # A cue in the amount's own clause outweighs one beyond a comma, bracket or dash.
    weight = _OUTSIDE_CLAUSE_WEIGHT if scores else 1.0
    for kind, score in outside.items():
        scores[kind] = max(scores.get(kind, 0), score * weight)
    if not scores:
        return "other", 0.3
    best = max(scores.items(), key=lambda kv: kv[1])
    return best


_OUTSIDE_CLAUSE_WEIGHT = 0.6
_CLAUSE_BOUNDARY_RE = re.compile(r"[,;(){}\[\]]\s|\s[—–]\s|\s-\s")


def _last_clause_boundary(before: str) -> int:
    """Where the amount's own clause starts in ``before`` (0: no boundary)."""
    last = 0
    for last_match in _CLAUSE_BOUNDARY_RE.finditer(before):
        last = last_match.start() + 1
    return last


# --------------------------------------------------------------------------------------------
# Rounds, statuses, dates


_ROUND_RE = re.compile(
    r"\b(?P<r>pre-seed|pre-series\s+[A-H]|seed|angel|series\s+[A-H](?:\+|-?\d)?|bridge|extension|"
    r"venture\s+debt|debt|grant|convertible\s+notes?|crowdfunding|ipo|initial\s+public\s+offering|"
    r"listing|loans?|credit\s+(?:lines?|facilit(?:y|ies))|lines?\s+of\s+credit)\b(?!-stage)",
    re.IGNORECASE,
)
_ROUND_NAMES = {
    "ipo": "IPO",
    "initial public offering": "IPO",
    "listing": "IPO",
    "venture debt": "debt",
    "convertible note": "debt",
    "convertible notes": "debt",
    "loan": "debt",
    "loans": "debt",
    "credit line": "debt",
    "credit lines": "debt",
    "credit facility": "debt",
    "credit facilities": "debt",
    "line of credit": "debt",
    "lines of credit": "debt",
}


def round_of(sentence: str, amount_at: int) -> str | None:
    """The funding round named nearest to the amount in its sentence.

    >>> round_of("raised a $5m Series B round", 10)
    'Series B'
    """
    best: tuple[int, str] | None = None
    for m in _ROUND_RE.finditer(sentence):
        word = _SPACES_RE.sub(" ", m.group("r")).lower()
        if word.startswith("series") or word.startswith("pre-series"):
            head, letter = word.rsplit(" ", 1)
            name = f"{'Series' if head == 'series' else 'pre-Series'} {letter.upper()}"
        else:
            name = _ROUND_NAMES.get(word, word)
        distance = abs(m.start() - amount_at)
        if best is None or distance < best[0]:
            best = (distance, name)
    if best and best[1] not in ("extension", "bridge") and _EXTENSION_RE.search(sentence):
        return "extension"  # "a seed extension", "its Series A extension"
    return best[1] if best else None


_EXTENSION_RE = re.compile(r"\b(?:pre-seed|seed|series\s+[A-H])\s+(?:round\s+)?extension\b", re.I)


_STATUS_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "settled",
        re.compile(
            r"\b(?:agreed\s+to\s+pay|settle[sd]?|settlement|settling|consent\s+(?:order|decree))\b",
            re.I,
        ),
    ),
    (
        "reduced",
        re.compile(
            r"\b(?:reduc(?:e|ed|es|ing)|cut|lower(?:ed|s)?|slash(?:ed|es)?|shrunk|trimmed)\b", re.I
        ),
    ),
    (
        "appealed",
        re.compile(
            r"\b(?:appeal(?:s|ed|ing)?|challeng(?:e|es|ed|ing)\s+(?:the\s+)?(?:fine|penalty|decision)|contest(?:s|ed|ing)?)\b",
            re.I,
        ),
    ),
    (
        "proposed",
        re.compile(
            r"\b(?:provisional(?:ly)?|propos(?:e|es|ed|ing)|intention\s+to|intends?\s+to|notice\s+of\s+intent|could\s+face|may\s+face|faces?\s+a\s+(?:possible|potential)|potential|possible|draft\s+decision|preliminary|recommend(?:s|ed)?|seeks?|seeking|warn(?:s|ed)?\s+of)\b",
            re.I,
        ),
    ),
)


def fine_status(sentence: str) -> str:
    """proposed, imposed, settled, reduced or appealed, from the sentence's words.

    >>> fine_status("The regulator issued a provisional intention to fine Acme £2 million.")
    'proposed'
    >>> fine_status("Acme agreed to pay the £500k fine in full.")
    'settled'
    """
    for status, pattern in _STATUS_CUES:
        if pattern.search(sentence):
            return status
    return "imposed"


_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE_RE = re.compile(
    rf"""
      (?P<iso>(?P<y1>(?:19|20)\d\d)-(?P<m1>[01]\d)-(?P<d1>[0-3]\d))
    | (?P<mdy>(?P<m2>{_MONTH_ALT})\.?\s+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y2>(?:19|20)\d\d))
    | (?P<dmy>(?P<d3>[0-3]?\d)(?:st|nd|rd|th)?\s+(?P<m3>{_MONTH_ALT})\.?,?\s+(?P<y3>(?:19|20)\d\d))
    | (?P<my>\b(?:in|since|during|back\s+in)\s+(?P<m4>{_MONTH_ALT})\.?\s+(?P<y4>(?:19|20)\d\d))
    """,
    re.VERBOSE | re.IGNORECASE,
)


_YEAR_RE = re.compile(r"(?:19|20)\d\d")


def dates_in(text: str) -> list[tuple[int, date]]:
    """Dates written in ``text`` with their positions; "in March 2021" is the 1st of March.

    >>> dates_in("Its last round was May 27, 2020 for $2m.")
    [(19, datetime.date(2020, 5, 27))]
    """
    out: list[tuple[int, date]] = []
    if not _YEAR_RE.search(text):
        return out
    for m in _DATE_RE.finditer(text):
        g = m.groupdict()
        try:
            if g["iso"]:
                d = date(int(g["y1"]), int(g["m1"]), int(g["d1"]))
            elif g["mdy"]:
                d = date(int(g["y2"]), MONTHS[g["m2"].lower()], int(g["d2"]))
            elif g["dmy"]:
                d = date(int(g["y3"]), MONTHS[g["m3"].lower()], int(g["d3"]))
            else:
                d = date(int(g["y4"]), MONTHS[g["m4"].lower()], 1)
        except ValueError:
            continue
        out.append((m.start(), d))
    return out


def event_date(sentence: str, published: date | None) -> date | None:
    """A date in the sentence that dates the event apart from the article (past, not the same)."""
    for _, d in dates_in(sentence):
        if published is None or d < published:
            return d
    return None


# --------------------------------------------------------------------------------------------
# Parties


class ArticleContext:
    """What the whole article says about its parties.

    The focus company is found at once (it is needed for nearly every amount); the authorities,
    acronyms and investors only when an amount asks for them.
    """

    def __init__(self, title: str, text: str, lowered: str | None = None) -> None:
        self.title = title
        self.text = text
        self._lowered = lowered
        # A real headline is short; a "title" of megabytes must not cost a scan per name.
        self.headline_names: list[str] = [n.text for n in names_in(title[:300])][:12]
        self._forms: dict[str, str] | None = None
        self._lower_words: set[str] | None = None
        self._short_forms: dict[str, str] = {}
        self.focus: str | None = self._find_focus()

    def _find_focus(self) -> str | None:
        body = self.text[len(self.title) :]
        head_authorities = {form for _, form in authority_forms(self.title[:300])}
        companies = [
            n
            for n in self.headline_names
            if not is_authority(n)
            and n.lower() not in _DEMONYMS
            and n not in head_authorities
            and not _FINING_VERB_RE.match(self.title, self.title.find(n) + len(n))
        ]
        # Places are often capitalized in headlines too; the company is the name the body keeps
        # coming back to.
        scored = [(_first_token_count(body, n), -i, n) for i, n in enumerate(companies)]
        if scored:
            return max(scored)[2]
        counts: dict[str, int] = {}
        for n in names_in(self.text, len(self.title), min(len(self.text), len(self.title) + 3000)):
            if not is_authority(n.text):
                counts[n.text] = counts.get(n.text, 0) + 1
        return max(counts.items(), key=lambda kv: kv[1])[0] if counts else None

    @property
    def lowered(self) -> str:
        """The text in lower case (computed once)."""
        if self._lowered is None:
            self._lowered = self.text.lower()
        return self._lowered

    @cached_property
    def acronyms(self) -> dict[str, str]:
        """Long forms the article abbreviates: "Competition and Markets Authority (CMA)"."""
        found: dict[str, str] = {}
        if not _PARENTHESIZED_ACRONYM_RE.search(self.text, 0, 20000):
            return found  # every definition ends in one; this finds it far faster
        for m in _ACRONYM_DEF_RE.finditer(self.text[:20000]):
            found[re.sub(r"^(?:The|the)\s+", "", m.group(1))] = m.group(2)
        return found

    @cached_property
    def authorities(self) -> list[str]:
        """Regulators named in the headline, else in the article, in their short form."""
        title = self.title[:300]
        forms = [form for _, form in authority_forms(title)]
        if all(_AUTHORITY_WORD_RE.fullmatch(f) for f in forms):
            # No headline authority, or only a bare "Watchdog": the body's named one is better.
            named = [
                form
                for _, form in authority_forms(self.text[:20000])
                if not _AUTHORITY_WORD_RE.fullmatch(form)
            ]
            forms = named or forms or [form for _, form in authority_forms(self.text[:20000])]
        if not forms:
            head = authority_in(title, self)
            forms = [head] if head else []
        return [self.short_form(a) for a in forms]

    @cached_property
    def headline_acquisition(self) -> tuple[str | None, str | None]:
        return acquisition_parties(self.title[:300])

    @cached_property
    def investors(self) -> list[str]:
        return investors_in_article(self.text, self.lowered)

    def is_common_word(self, name: str) -> bool:
        """A one-word "name" the article also writes in lower case ("Clinics pay ...") or an
        everyday adjective at a sentence's start ("Typical", "Average")."""
        if " " in name:
            return False
        low = name.lower()
        if low in _EVERYDAY_OPENERS:
            return True
        return self._written_in_lower_case(low)

    def _written_in_lower_case(self, word: str) -> bool:
        """Whether ``word`` is one of the lower-case words (``_LOWER_WORD_RE``) of the article's
        first 6000 characters.

        Each place the word stands is checked where it stands, instead of collecting every word
        first: a lower-case word starts where the word scan would try a match, unless it follows
        a hyphen (the scan may be inside "pay-as-you-go" there), and then all words are collected.
        """
        if self._lower_words is not None:
            return word in self._lower_words
        head = self.text[:6000]
        at = head.find(word)
        while at >= 0:
            if at and head[at - 1] == "-":
                self._lower_words = set(_LOWER_WORD_RE.findall(head))
                return word in self._lower_words
            # After a letter no word starts here; after anything else no word runs through here.
            m = _LOWER_WORD_RE.match(head, at)
            if m is not None and m.group() == word:
                return True
            at = head.find(word, at + 1)
        return False

    def full_authority(self, name: str) -> str:
        """ "the Commission" after "the European Commission": the long form named earlier."""
        if " " in name:
            return name
        longer = [
            form
            for _, form in authority_forms(self.text[:20000])
            if form.endswith(" " + name) and " " in form
        ]
        return max(longer, key=len) if longer else name

    def short_form(self, name: str) -> str:
        """An authority's acronym when the article defines or uses it ("SEC" for the long name)."""
        if name in self.acronyms:
            return self.acronyms[name]
        if name not in self._short_forms:
            self._short_forms[name] = self._initials_used(name)
        return self._short_forms[name]

    def _initials_used(self, name: str) -> str:
        bare = re.sub(r"^(?:U\.S\.|US|UK|U\.K\.|EU)\s+", "", name)
        for candidate in (name, bare):
            initials = _initials(candidate)
            if (
                len(initials) >= 2
                and initials != candidate
                and initials in self.text  # a substring test first: the pattern scans it all
                and re.search(rf"\b{re.escape(initials)}\b", self.text)
            ):
                return initials
        return name

    def canonical(self, name: str | None) -> str | None:
        """The fuller form of a short name used in the headline ("Acme" -> "Acme Robotics")."""
        if not name:
            return name
        if "(" in self.text and name in self.acronyms:
            name = self.acronyms[name]
        for full in self.headline_names:
            if full != name and full.startswith(name + " ") and not is_authority(full):
                return full
        if " " in name:
            return name  # only a one-word mention has a fuller form to find
        return self._body_forms().get(name, name)

    def _body_forms(self) -> dict[str, str]:
        """Short forms of names the article writes out in full ("Mesaline" -> "Mesaline
        Semiconductor", "Hale" -> "Marcus Hale"), from the first mention of each."""
        if self._forms is None:
            forms: dict[str, str] = {}
            # Only names of two words or more have a short form.
            for n in names_of_words_in(self.text, 0, min(len(self.text), 2500)):
                words = n.text.split()
                if len(words) < 2 or is_authority(n.text):
                    continue
                forms.setdefault(words[0], n.text)
                if (
                    len(words) == 2
                    and all(w.isalpha() for w in words)
                    and words[-1] not in _NAME_SUFFIXES
                ):
                    forms.setdefault(words[-1], n.text)  # "Hale" -> "Marcus Hale"
            self._forms = forms
        return self._forms


#: A word written in lower case: "clinics" in "Clinics pay ...; many clinics ...".
_LOWER_WORD_RE = re.compile(r"\b[a-z][a-z-]+\b")
_EVERYDAY_OPENERS = knowledge.words("everyday_openers")
_NAME_SUFFIXES = knowledge.words("name_suffixes")


def _first_token_count(text: str, name: str) -> int:
    return text.count(name.split()[0])


def build_context(title: str, text: str, lowered: str | None = None) -> ArticleContext:
    """Names, the focus company, authorities and acronyms of an article.

    ``lowered`` is ``text.lower()`` when the caller has it already.
    """
    return ArticleContext(title, text, lowered)


_VERB_ACQUIRE = (
    r"(?:has\s+|have\s+|had\s+|will\s+|is\s+|was\s+|to\s+|agreed\s+to\s+|agrees\s+to\s+|plans\s+to\s+|"
    r"completed\s+its\s+|completes\s+its\s+|announced\s+(?:it\s+)?(?:is|was|will|has)\s+)?"
    r"(?:acquir(?:e|es|ed|ing)|buy(?:s|ing)?|bought|snap(?:s|ped)?\s+up|pick(?:s|ed)?\s+up|"
    r"purchas(?:e|es|ed|ing)|take(?:s)?\s+over|took\s+over|scoop(?:s|ed)?\s+up|absorb(?:s|ed)?)"
)
_ACQ_ACTIVE_RE = re.compile(rf"\b{_VERB_ACQUIRE}\b")
_ACQ_PASSIVE_RE = re.compile(
    r"\b(?:was|were|has\s+been|have\s+been|is\s+being|is\s+to\s+be|will\s+be|to\s+be|is|are|being|gets)?\s*"
    r"(?:acquired|bought|purchased|snapped\s+up|taken\s+over|picked\s+up)\s+by\b"
)
_MERGE_RE = re.compile(
    r"\b(?:to\s+merge|will\s+merge|would\s+merge|agreed\s+to\s+merge|merge|merging)\b"
)
_ACQ_NOUN_RE = re.compile(
    r"\b(?:acquisition|purchase|takeover|buyout)\s+of\b|\b(?:tender\s+offer|takeover\s+bid|bid|offer)\s+for\b"
)
#: "Searchly paid $20 million for the startup, Nubo Labs": a price in a plain verb.
_PAID_FOR_RE = re.compile(r"\b(?:pa(?:y|ys|id|ying)|spen[dt]|spending)\s+[^.;]{0,80}?\bfor\b")
_SOLD_TO_RE = re.compile(
    r"\b(?P<verb>sold|sells|selling|agreed\s+to\s+sell)\s+(?:[\w,’'-]+\s+){0,5}?to\b"
)


def _name_after(names: list[Name], pos: int, limit: int = 60) -> Name | None:
    for n in names:
        if pos <= n.start <= pos + limit:
            return n
    return None


def _name_before(sentence: str, names: list[Name], pos: int) -> Name | None:
    # "Kobo Rails (Abuja) raised": a name in brackets right after another is said of it.
    before = [
        n
        for n in names
        if n.end <= pos
        and not (sentence[n.start - 1 : n.start] == "(" and sentence[n.end : n.end + 1] == ")")
    ]
    if not before:
        return None
    first = before[0]
    # "Chegg, the listed learning platform, is acquiring ...": the subject opens the sentence.
    if first.start <= 2 and "," in sentence[first.end : pos]:
        return first
    return before[-1]


def acquisition_parties(sentence: str) -> tuple[str | None, str | None]:
    """(acquired, acquirer) named in a sentence, either may be None.

    >>> acquisition_parties("Media giant Acme acquires learning startup Bolt for $40M")
    ('Bolt', 'Acme')
    >>> acquisition_parties("Bolt was acquired by Acme Robotics Corp last year.")
    ('Bolt', 'Acme Robotics')
    """
    names = [n for n in names_in(sentence) if not is_authority(n.text)]
    m = _MERGE_RE.search(sentence)
    if m:
        pair = [n for n in names if n.start < m.start()][-2:]
        if len(pair) == 2:
            return (pair[1].text, pair[0].text)  # "A and B to merge": B joins A
    m = _ACQ_PASSIVE_RE.search(sentence)
    if m:
        target = _name_before(sentence, names, m.start())
        buyer = _name_after(names, m.end())
        return (target.text if target else None, buyer.text if buyer else None)
    m = _ACQ_NOUN_RE.search(sentence)
    if m:
        target = _name_after(names, m.end())
        by = re.compile(r"\bby\b").search(sentence, m.end())
        buyer = _name_after(names, by.end()) if by else None
        if buyer is None:
            buyer = _name_before(sentence, names, m.start())
        return (target.text if target else None, buyer.text if buyer else None)
    m = _SOLD_TO_RE.search(sentence)
    if m:
        sold = [n for n in names if m.end("verb") <= n.start < m.end()]
        target = sold[0] if sold else _name_before(sentence, names, m.start())
        buyer = _name_after(names, m.end())
        return (target.text if target else None, buyer.text if buyer else None)
    m = _ACQ_ACTIVE_RE.search(sentence) or _PAID_FOR_RE.search(sentence)
    if m:
        buyer = _name_before(sentence, names, m.start())
        target = _name_after(names, m.end())
        return (target.text if target else None, buyer.text if buyer else None)
    return (None, None)


_INVESTOR_INTRO_RE = re.compile(
    r"\b(?P<lead>(?:co-)?led\s+by|headed\s+by|spearheaded\s+by)\s+"
    r"|\b(?:with\s+)?(?:the\s+)?(?:participation|contributions?|support)\s+(?:of|from)\s+"
    r"|\b(?:backed|funded|financed)\s+by\s+"
    r"|\b(?:came|comes|coming|raised|secured|received|funding|financing|investment|capital|money|"
    r"round|grant|award|subsidy|loans?|facility|line|debt|million|billion|series\s+[A-H]\+?|seed|"
    r"extension|bridge|[\d.,]+(?:[mMbBkK]n?)?|\)|"
    # an amount's last word: "raised 400 million lira from", "Rp 150 miliar from"
    + "|".join(sorted({w for w in [*WORDS, *SCALES] if len(w) > 2 and " " not in w}))
    + r")\s+from\s+(?:the\s+)?"
    r"|\binvestors?\s+(?:include|included|including|such\s+as|are|were)\s+"
    r"|\b(?:joined|joining)\s+by\s+"
    r"|\b(?:round|raise|financing)\s+(?:also\s+)?(?:included|includes)\s+"
    r"|\ballotment\s+of\s+(?:new\s+)?shares\s+to\s+",
    re.IGNORECASE,
)
_INTRO_NEEDLES = cue_needles(_INVESTOR_INTRO_RE.pattern)
_INVESTOR_INTRO_LOWER_RE = lower_case_twin(_INVESTOR_INTRO_RE)
_LIST_END_RE = re.compile(
    r"[.;:!?(]|\s[—–]\s|,\s+(?:which|who|that|as|to|and\s+(?:will|plans|is|has))\b|\s(?:which|who|that|to|for|in\s+order)\s"
)
_LED_THE_ROUND_RE = re.compile(
    r"\b(?:led|co-led|headed)\s+(?:the|a|an|its)\s+(?:\S+\s+){0,3}?(?:round|raise|financing|investment|bridge|seed|"
    r"deal|tranche|extension|funding|series\s+\w+)\b",
    re.IGNORECASE,
)
_TOOK_PART_RE = re.compile(
    r"\b(?:also\s+(?:took\s+part|taking\s+part|participated|joined|invested|chipped\s+in|came\s+in|"
    r"returned)|took\s+part|participated|joined\s+the\s+(?:round|raise|financing|deal))\b"
)
_ROUND_INCLUDED_RE = re.compile(
    r"\b(?:round|raise|financing)\s+(?:also\s+)?(?:included|includes|drew|attracted)\s+", re.I
)


_GIVER_NOUN_RE = re.compile(r"[’']?s?\s+(?:grant|loan|award|subsidy|subsidies|funding)\b")
_NEGATED_RE = re.compile(r"\bnot\s+(?:by|from|including|with)?\s*(?:the\s+)?$")


def _party_names(sentence: str, start: int, stop: int) -> list[str]:
    """Names in a span, a public body's long name ("Ministry of Education and Research") whole."""
    bodies = [(s, s + len(n), n) for s, n in authority_forms(sentence) if start <= s < stop]
    out: list[tuple[int, str]] = [(s, n) for s, _, n in bodies]
    for n in names_in(sentence, start, stop):
        if not any(a <= n.start < b for a, b, _ in bodies):
            out.append((n.start, n.text))
    return [n for _, n in sorted(out)]


def investors_in(sentence: str) -> list[str]:
    """Investors named in a sentence, leads first, in the order written.

    >>> investors_in("Harbor Lane Investors and Tidewater Capital co-led the round, with a few angels joining.")
    ['Harbor Lane Investors', 'Tidewater Capital']
    >>> investors_in("It raised $5m in a round led by Alpha Ventures, with participation from Beta Capital and Gamma.")
    ['Alpha Ventures', 'Beta Capital', 'Gamma']
    """
    return list(_investors_in(sentence))


def _intros(sentence: str) -> list[re.Match[str]]:
    """The matches of ``_INVESTOR_INTRO_RE`` in ``sentence``; in a ``case_blind`` sentence they
    are found in its lower-cased text (same places and branches; the groups are lower-cased)."""
    lowered = sentence.lower()
    if not _may_hold(_INTRO_NEEDLES, sentence, lowered):
        return []
    blind = case_blind(sentence, lowered)
    if blind is None:
        return list(_INVESTOR_INTRO_RE.finditer(sentence))
    return list(_INVESTOR_INTRO_LOWER_RE.finditer(blind))


#: Memoized: a sentence with several amounts is asked about once per amount.
@lru_cache(maxsize=4096)
def _investors_in(sentence: str) -> tuple[str, ...]:
    leads: list[str] = []
    others: list[str] = []
    intros = _intros(sentence)
    for i, m in enumerate(intros):
        end = _LIST_END_RE.search(sentence, m.end())
        stop = end.start() if end else len(sentence)
        # "with participation from ..." after a lead list starts its own list. (The next intro
        # is the next match: a scan resumes where a match ends.)
        nxt = intros[i + 1] if i + 1 < len(intros) else None
        if nxt and nxt.start() < stop:
            stop = nxt.start()
        chunk_names = [
            n
            for n in _party_names(sentence, m.end(), stop)
            if not _NEGATED_RE.search(sentence, 0, sentence.find(n, m.end()))
        ]
        target = leads if m.group("lead") else others
        for name in chunk_names:
            if name not in leads and name not in others:
                target.append(name)
    for start, body in authority_forms(sentence):
        if _GIVER_NOUN_RE.match(sentence, start + len(body)) and body not in others:
            others.append(body)  # "a U.S. Department of Energy grant of $62 million"
    for pattern, target in ((_LED_THE_ROUND_RE, leads), (_TOOK_PART_RE, others)):
        m = pattern.search(sentence)
        if not m:
            continue
        cut = max(sentence.rfind(". ", 0, m.start()), sentence.rfind("; ", 0, m.start()), 0)
        and_cut = sentence.rfind(", and ", 0, m.start())
        if and_cut >= 0:
            cut = max(cut, and_cut + 5)
        for n in names_in(sentence, cut, m.start()):
            if n.text not in leads and n.text not in others and not is_authority(n.text):
                target.append(n.text)
    return (*leads, *(o for o in others if o not in leads))


#: A Markdown table's line under its header: "|---|:--:|".
_TABLE_SEPARATOR_RE = re.compile(r"\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?")
#: A table column that names a round's backers.
_INVESTOR_COLUMN_RE = re.compile(r"(?:lead\s+)?investors?|backers?|(?:led|backed)\s+by|lead", re.I)
_CELL_LIST_RE = re.compile(r"\s*(?:,|;|\band\b|&)\s*")


def _cells(line: str) -> list[str]:
    return [cell.strip().strip("*_").strip() for cell in line.strip().strip("|").split("|")]


def table_investors(text: str, start: int, end: int) -> list[str]:
    """The backers a Markdown table gives in its investors column for the row ``text[start:end]``
    ("| Acme | $12M | Series A | Alpha Capital, Beta Ventures |"), or [] when the row is not in
    such a table.

    >>> table = "| Company | Amount | Investors |\\n|---|---|---|\\n| Acme | $5M | A1 Capital, B2 Fund |"
    >>> table_investors(table, table.rindex("| Acme"), len(table))
    ['A1 Capital', 'B2 Fund']
    """
    row = text[start:end]
    if not row.lstrip().startswith("|"):
        return []
    above = text[:start].rstrip("\n").split("\n")[-60:]
    block: list[str] = []
    for line in reversed(above):
        if not line.lstrip().startswith("|"):
            break
        block.insert(0, line)
    if len(block) < 2 or not _TABLE_SEPARATOR_RE.fullmatch(block[1].strip()):
        return []
    header, cells = _cells(block[0]), _cells(row)
    if len(header) != len(cells):
        return []
    for name, cell in zip(header, cells, strict=True):
        if _INVESTOR_COLUMN_RE.fullmatch(name):
            return [part for part in _CELL_LIST_RE.split(cell) if part and part != "-"]
    return []


_INVESTOR_SENTENCE_RE = re.compile(
    r"\b(?:led\s+by|co-led|participation|backed\s+by|came\s+from|investors?\s+includ|led\s+the|joined\s+by|took\s+part|participated)",
    re.IGNORECASE,
)


#: The same in lower case, for a text ``case_blind`` lets it read lower-cased.
_INVESTOR_SENTENCE_LOWER_RE = lower_case_twin(_INVESTOR_SENTENCE_RE)
#: One of these is in every match of _INVESTOR_SENTENCE_RE (a cheap test before the scan).
_INVESTOR_SENTENCE_NEEDLES = cue_needles(_INVESTOR_SENTENCE_RE.pattern)

_ROUND_TALK_RE = re.compile(
    r"\b(?:round|funding|financing|raise|raised|investment|series\s+[a-h]|seed|bridge|grant)\b",
    re.I,
)


def mentions_more_investors(text: str) -> bool:
    """True when a text goes on about who else put money in ("X also took part")."""
    first = text.split(". ", 1)[0]
    return bool(
        _TOOK_PART_RE.search(first)
        or _LED_THE_ROUND_RE.search(first)
        or _ROUND_INCLUDED_RE.search(first)
        or re.search(r"\b(?:round|raise|financing)\b[^.]{0,40}\bled\s+by\b", first, re.I)
    )


_AND_NAME_RE = re.compile(
    r"^\W*(?:and\s+|followed\s+by\s+|then\s+)?((?:[A-Z][\w’'&.-]*\s+){1,4})(?:with\s+)?$"
)


def elided_subject(between: str) -> str | None:
    """ "fined £21.4m and Rowan Outfitters £11.6m": the new subject between two amounts."""
    m = _AND_NAME_RE.match(between)
    return _clean_name(m.group(1).strip()) if m else None


def continues(between: str) -> bool:
    """True for the words between two amounts that make the second continue the first."""
    return bool(_CONTINUATION_RE.search(between))


def investors_in_article(text: str, lowered: str | None = None) -> list[str]:
    """Investors from the article's sentences that name a round's backers: the first such
    sentence that talks of a round, else the first one at all."""
    if not _may_hold(_INVESTOR_SENTENCE_NEEDLES, text, lowered):
        return []
    fallback: list[str] = []
    seen: set[tuple[int, int]] = set()
    blind = None if lowered is None else case_blind(text, lowered)
    scan = (
        _INVESTOR_SENTENCE_RE.finditer(text)
        if blind is None
        else _INVESTOR_SENTENCE_LOWER_RE.finditer(blind)
    )
    for m in scan:
        s, e = sentence_span(text, m.start(), m.end())
        if (s, e) in seen:
            continue
        seen.add((s, e))
        sentence = text[s:e]
        round_talk = _ROUND_TALK_RE.search(sentence) is not None
        if fallback and not round_talk:
            continue  # cannot beat the sentence already found
        found = investors_in(sentence)
        if found and round_talk:
            return found
        fallback = fallback or found
    return fallback


_FINED_PATTERNS = (
    re.compile(
        r"\b(?:fine[ds]?|fining|penali[sz]e[ds]?|sanction(?:s|ed)?|sue[ds]?|order(?:s|ed)?)\s+(?:[a-z][\w-]*\s+){0,4}$"
    ),
    re.compile(
        r"^\s*(?:was|were|has\s+been|have\s+been|is|will\s+be|had\s+been|got|gets)\s+(?:\w+\s+)?(?:fined|ordered|penali[sz]ed|hit|slapped|sanctioned|told)\b"
    ),
    re.compile(
        r"^\s*(?:has\s+|had\s+|will\s+|must\s+|would\s+)?(?:agreed\s+to|agrees\s+to|to|will|must|has\s+to)\s+pay\b"
    ),
    re.compile(
        r"^\s*(?:faces|could\s+face|is\s+facing|may\s+face|paid|pays|settled|received|incurred)\b"
    ),
)
_AGAINST_RE = re.compile(
    r"\b(?:fine|penalty|sanction|judgment|judgement|ruling|action|damages)\s+(?:against|on|for|from)\s+(?:[a-z][\w-]*\s+){0,4}$"
)
_POSSESSIVE_FINE_RE = re.compile(r"^\s*(?:\S+\s+){0,3}?(?:fine|penalty|sanction)\b")


def _non_authority_names(sentence: str, start: int, end: int) -> list[Name]:
    """Names that are not a regulator, nor a piece of one ("Competition" of "... and Markets Authority")."""
    spans = [(s, s + len(name)) for s, name in authority_forms(sentence)]
    return [
        n
        for n in names_in(sentence, start, end)
        if not is_authority(n.text) and not any(a <= n.start < b for a, b in spans)
    ]


def fined_party(sentence: str, authorities: list[str]) -> str | None:
    """The company a fine is on, from the verbs around the names in the sentence.

    >>> fined_party("The regulator fined Acme Ltd €3 million.", [])
    'Acme'
    >>> fined_party("And while Bolt agreed to pay the ICO’s £500k fine in full, it admitted nothing.", [])
    'Bolt'
    """
    names = [
        n for n in _non_authority_names(sentence, 0, len(sentence)) if n.text not in authorities
    ]
    for n in names:
        before = sentence[max(0, n.start - 40) : n.start]
        after = sentence[n.end : n.end + 60]
        if _FINED_PATTERNS[0].search(before) or _AGAINST_RE.search(before):
            return n.text
        if any(p.search(after) for p in _FINED_PATTERNS[1:]):
            return n.text
        if sentence[n.start : n.end].endswith(("’s", "'s")) and _POSSESSIVE_FINE_RE.match(after):
            return n.text
    return None


_CAP_OR_LINK_RE = re.compile(
    r"(?:[A-Z][\w’'.&-]*|and|of|for|on|&|de|des|du|la|le|the|l’\w+|l'\w+)$"
)
_COURT_PLACE_RE = re.compile(
    r"^\s+(?:in|for)\s+(?:the\s+)?(?:(?:Northern|Southern|Eastern|Western|Central)\s+)?(?:District\s+of\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?"
)
_RIGHT_OF_RE = re.compile(
    r"(?!\s+(?:on|of|for)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|"
    r"February|March|April|May|June|July|August|September|October|November|December)\b)"
    r"^\s+(?:of|for|on)\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+(?:and\s+)?[A-Z][\w’'-]*)*"
)
_FINING_VERB_RE = re.compile(
    r"\s+(?:has\s+|have\s+|had\s+)?(?:fined|fines|fining|penali[sz]e[sd]|imposed|imposes|slapped|slaps|"
    r"hit|hits|levied|levies|sanctioned|sanctions)\b"
)


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Z][\w’'-]*", name))


#: The whole words of ``AUTHORITY_NAMES`` that a scan of short capitalized words finds (2 to 8
#: letters, a capital first). The names are the pattern's branches: it starts with their first
#: letters, so the engine skips in C to the next one instead of stopping at every capital; a
#: match that is the end of a longer word is dropped by the caller.
_AUTHORITY_NAME_RE = re.compile(
    "(?:"
    + "|".join(sorted(n for n in AUTHORITY_NAMES if re.fullmatch(r"[A-Z][A-Za-z]{1,7}", n)))
    + r")\b"
)


def _named_authorities(text: str) -> list[tuple[int, str]]:
    """Where ``text`` names an authority by a short name in ``AUTHORITY_NAMES`` ("SEC"): the
    words ``\b[A-Z][A-Za-z]{1,7}\b`` that are such names, in order."""
    found: list[tuple[int, str]] = []
    for m in _AUTHORITY_NAME_RE.finditer(text):
        at = m.start()
        if at and (text[at - 1].isalnum() or text[at - 1] == "_"):
            continue  # no word boundary before it: the end of a longer word ("XSEC")
        found.append((at, m.group()))
    return found


def authority_forms(sentence: str) -> list[tuple[int, str]]:
    """Regulators and courts named in a sentence, with positions, in their long or short form."""
    return list(_authority_forms(sentence))


@lru_cache(maxsize=8192)
def _authority_forms(sentence: str) -> tuple[tuple[int, str], ...]:
    found = _named_authorities(sentence)
    for m in _authority_words(sentence):
        # The capitalized words just before the authority word. A whole article is often
        # passed, so a window is split first; the whole prefix only when the run may go on
        # past the window's first (perhaps cut) word.
        window_start = max(0, m.start() - 200)
        words = sentence[window_start : m.start()].split()
        kept = _capitalized_tail(words)
        if window_start and len(words) <= 1:
            kept = _capitalized_tail(sentence[: m.start()].split())
        start = m.start()
        while kept and kept[0].lower() in ("and", "of", "for", "on", "&", "the", "de", "des", "la"):
            kept.pop(0)
        while kept and (
            _unpossessive(kept[0]).lower() in _places() and kept[0].endswith(("’s", "'s"))
        ):
            kept.pop(0)
        if kept:
            start = sentence.rfind(kept[0], 0, m.start())
        end = m.end()
        tail = sentence[end:]
        right = _COURT_PLACE_RE.match(tail) if m.group() in ("Court", "Tribunal", "Judge") else None
        right = right or _RIGHT_OF_RE.match(tail)
        if right:
            end += right.end()
        name = sentence[start:end].strip()
        name = _LEADING_THE_RE.sub("", name)
        if name in ("Court", "Judge", "Office", "Board", "Department", "Council", "Agency"):
            continue
        found.append((start, name))
    # Keep the longest form at each place ("Information Commissioner's Office", not a part of it).
    longest: dict[int, str] = {}
    for start, name in found:
        if len(name) > len(longest.get(start, "")):
            longest[start] = name
    return tuple(sorted(longest.items()))


def _capitalized_tail(words: list[str]) -> list[str]:
    """The capitalized (or linking) words that end ``words``, which keeps the rest."""
    kept: list[str] = []
    while words and _CAP_OR_LINK_RE.match(words[-1]) and not words[-1].endswith((",", ";")):
        kept.insert(0, words.pop())
    return kept


def authority_in(sentence: str, ctx: ArticleContext, at: int | None = None) -> str | None:
    """The regulator or court named in the sentence, nearest to the amount at ``at`` when there
    are several (its short form when the article uses one)."""
    forms = authority_forms(sentence)
    if forms:
        if at is None:
            return ctx.short_form(ctx.full_authority(forms[0][1]))
        nearest = min(forms, key=lambda f: min(abs(f[0] - at), abs(f[0] + len(f[1]) - at)))
        return ctx.short_form(ctx.full_authority(nearest[1]))
    m = re.search(
        r"\b(?:a|the)\s+((?:(?:federal|state|district|high|supreme|appeals?)\s+)?(?:court|judge|jury)"
        r"(?:\s+in\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?)",
        sentence,
        re.I,
    )
    if m:
        return m.group(1)
    for n in names_in(sentence):
        if _FINING_VERB_RE.match(sentence, n.end) and not _FINING_VERB_RE.match(
            sentence, n.end
        ).group().strip().startswith("hit"):
            return ctx.short_form(n.text)
    return None


_INVESTED_IN_RE = re.compile(
    r"\S*\s+(?:[\w-]+\s+){0,4}?(?:round|investment|funding|stake|financing|raise|bet)\s+(?:in|into|for)\s+(?:the\s+)?"
)


_GIVE_RE = re.compile(
    r"\b(?:give|gives|gave|giving|grant(?:s|ed)?|award(?:s|ed)?|provid(?:e|es|ed)|hand(?:s|ed)?|"
    r"lend(?:s)?|lent|offer(?:s|ed)?|invest(?:s|ed)?\s+in)\s+(?:[a-z][\w-]*\s+){0,3}$"
)


def given_to(sentence: str, at: int) -> tuple[str | None, str | None]:
    """ "The Commerce Department would give chipmaker Acme up to $1.5 billion": (Acme, the giver)."""
    names = _party_names(sentence, 0, at)
    for i in range(len(names) - 1, -1, -1):
        start = sentence.rfind(names[i], 0, at)
        if start < 0 or sentence[start + len(names[i]) : at].strip(" ,") not in (
            "",
            "up to",
            "about",
        ):
            continue
        if _GIVE_RE.search(sentence[max(0, start - 60) : start]):
            giver = names[i - 1] if i > 0 else None
            return names[i], giver
        break
    return None, None


def funded_after(sentence: str, after_amount: int) -> str | None:
    """ "Pine Capital led a $20M round in Acme": the company named after the amount."""
    m = _INVESTED_IN_RE.match(sentence, after_amount)
    if not m:
        return None
    names = _non_authority_names(sentence, m.end(), min(len(sentence), m.end() + 80))
    return names[0].text if names and names[0].start == m.end() else None


def company_subject(
    sentence: str, before_amount: int, ctx: ArticleContext, exclude: list[str]
) -> str | None:
    """The subject before the amount, or the article's focus company for "the company"/"it"."""
    prefix = sentence[:before_amount]
    names = [
        n
        for n in _non_authority_names(sentence, 0, before_amount)
        if n.text not in exclude and not ctx.is_common_word(n.text)
    ]
    # "Acme’s revenue", "Acme’s last round": a possessive names whose amount it is.
    possessive = [n for n in names if sentence[n.start : n.end].endswith(("’s", "'s"))]
    if possessive:
        return ctx.canonical(possessive[-1].text)
    # "CEO Jane Doe said Acme raised $5M": the subject of the raising verb, not the speaker.
    verbs = list(_RAISE_VERB_RE.finditer(prefix))
    if verbs and names:
        subject = _name_before(sentence, names, verbs[-1].start())
        between = sentence[subject.end : verbs[-1].start()] if subject else ""
        if subject and not _GENERIC_SUBJECT_RE.search(between) and len(between) < 120:
            return ctx.canonical(subject.text)
    generic = _GENERIC_SUBJECT_RE.search(prefix)
    if names and (generic is None or names[0].start < generic.start()):
        return ctx.canonical(names[0].text)
    return ctx.canonical(ctx.focus)


_RAISE_VERB_RE = re.compile(
    r"\b(?:rais(?:e|es|ed|ing)|secur(?:e|es|ed|ing)|clos(?:e|es|ed|ing)|land(?:s|ed)|bag(?:s|ged)|"
    r"nab(?:s|bed)|snag(?:s|ged)|receiv(?:e|es|ed)|won|wins|gets|got|announc(?:e|es|ed))\b"
)
