"""Who an amount concerns: buyer and target, investors, the fined party and its authority, the
company that raised.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache, partial
from typing import TYPE_CHECKING, NamedTuple

from analytics import _currencies, knowledge
from analytics._currencies import SCALES
from analytics._word_patterns import _exact_trie_pattern, _trie
from analytics.extractor.cues import (
    _CONTINUATION_RE,
)
from analytics.extractor.names import (
    _GENERIC_SUBJECT_RE,
    AUTHORITY_NAMES,
    Name,
    _authority_words,
    _clean_name,
    _places,
    _unpossessive,
    is_authority,
    names_in,
)
from analytics.extractor.text import (
    _LEADING_THE_RE,
    _may_hold,
    _Needles,
    case_blind,
    cue_needles,
    lower_case_twin,
    sentence_span,
)

if TYPE_CHECKING:
    from analytics.extractor.context import ArticleContext

#: The module's regexes: rows of analytics/knowledge/patterns/parties.yaml, with their examples.
_regex = partial(knowledge.regex, "parties")
#: The deal verbs: rows of analytics/knowledge/patterns/deals.yaml.
_deals = partial(knowledge.regex, "deals")

_ACQ_ACTIVE_RE = _deals("acquire_active")
_ACQ_PASSIVE_RE = _deals("acquire_passive")
_MERGE_RE = _deals("merge")
_ACQ_NOUN_RE = _deals("acquire_noun")
#: "Searchly paid $20 million for the startup, Nubo Labs": a price in a plain verb.
_PAID_FOR_RE = _deals("paid_for")
_SOLD_TO_RE = _deals("sold_to")


def _name_after(names: list[Name], pos: int, limit: int = 60) -> Name | None:
    for n in names:
        if pos <= n.start <= pos + limit:
            return n
    return None


def _name_before(sentence: str, names: list[Name], pos: int, origin: int = 0) -> Name | None:
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
    if first.start <= origin + 2 and "," in sentence[first.end : pos]:
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
        by = _BY_RE.search(sentence, m.end())
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


class _Intros(NamedTuple):
    pattern: re.Pattern[str]
    needles: _Needles | None
    lower: re.Pattern[str]


@cache
def _intro_patterns() -> _Intros:
    """What introduces investors, with its needles and lower-case twin: built on first use,
    because the amount words come from the currency tables (CLDR, not read at import)."""
    words = [*_currencies.currency_tables().words, *SCALES]
    # A trie of the words, each character escaped ("mio." ends with a full stop, not any
    # character): the engine tries one branch per first letter at each word instead of every
    # word (the intro scan 0.085 -> 0.051 s over the sentences of 20 MB of news). Every word
    # is followed by the same "\s+from", so which of them matches changes no span.
    amount_words = _exact_trie_pattern(
        _trie(sorted({w for w in words if len(w) > 2 and " " not in w}))
    )
    pattern = _regex("investor_intro", amount_word=amount_words)
    return _Intros(pattern, cue_needles(pattern.pattern), lower_case_twin(pattern))


_LIST_END_RE = _regex("list_end")
_LED_THE_ROUND_RE = _regex("led_the_round")
_TOOK_PART_RE = _regex("took_part")
_WITH_LEADING_RE = _regex("with_leading")
_ROUND_INCLUDED_RE = _regex("round_included")
_ROUND_LED_BY_RE = _regex("round_led_by")


_GIVER_NOUN_RE = _regex("giver_noun")
_NEGATED_RE = _regex("negated")


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
    """The matches of ``_intro_patterns()`` in ``sentence``; in a ``case_blind`` sentence they
    are found in its lower-cased text (same places and branches; the groups are lower-cased)."""
    intros = _intro_patterns()
    lowered = sentence.lower()
    if not _may_hold(intros.needles, sentence, lowered):
        return []
    blind = case_blind(sentence, lowered)
    if blind is None:
        return list(intros.pattern.finditer(sentence))
    return list(intros.lower.finditer(blind))


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
    # "..., with Alder Capital and Birch Fund leading (it)": the names before "leading" lead.
    for m in _WITH_LEADING_RE.finditer(sentence):
        for name in _party_names(sentence, m.start("names"), m.end("names")):
            if name not in leads:
                leads.append(name)
            if name in others:
                others.remove(name)
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
_TABLE_SEPARATOR_RE = _regex("table_separator")
#: A table column that names a round's backers.
_INVESTOR_COLUMN_RE = _regex("investor_column")
_CELL_LIST_RE = _regex("cell_list")


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


_INVESTOR_SENTENCE_RE = _regex("investor_sentence")


#: The same in lower case, for a text ``case_blind`` lets it read lower-cased.
_INVESTOR_SENTENCE_LOWER_RE = lower_case_twin(_INVESTOR_SENTENCE_RE)
#: One of these is in every match of _INVESTOR_SENTENCE_RE (a cheap test before the scan).
_INVESTOR_SENTENCE_NEEDLES = cue_needles(_INVESTOR_SENTENCE_RE.pattern)

_ROUND_TALK_RE = _regex("round_talk")


def mentions_more_investors(text: str) -> bool:
    """True when a text goes on about who else put money in ("X also took part")."""
    first = text.split(". ", 1)[0]
    return bool(
        _TOOK_PART_RE.search(first)
        or _LED_THE_ROUND_RE.search(first)
        or _ROUND_INCLUDED_RE.search(first)
        or _ROUND_LED_BY_RE.search(first)
    )


_AND_NAME_RE = _regex("and_name")


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
    _regex("fined_before"),
    _regex("fined_after"),
    _regex("to_pay_after"),
    _regex("faces_after"),
)
_AGAINST_RE = _regex("against")
_POSSESSIVE_FINE_RE = _regex("possessive_fine")


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


_CAP_OR_LINK_RE = _regex("cap_or_link")
_COURT_PLACE_RE = _regex("court_place")
_RIGHT_OF_RE = _regex("right_of")
_FINING_VERB_RE = _regex("fining_verb")
_COURT_WORDS_RE = _regex("court_words")
_INITIAL_RE = _regex("initial")


def _initials(name: str) -> str:
    return "".join(w[0] for w in _INITIAL_RE.findall(name))


#: The whole words of ``AUTHORITY_NAMES`` that a scan of short capitalized words finds (2 to 8
#: letters, a capital first). The names are the pattern's branches: it starts with their first
#: letters, so the engine skips in C to the next one instead of stopping at every capital; a
#: match that is the end of a longer word is dropped by the caller.
_SHORT_NAME_RE = _regex("short_name_word")
_SHORT_NAMES = sorted(n for n in AUTHORITY_NAMES if _SHORT_NAME_RE.fullmatch(n))
_AUTHORITY_NAME_RE = _regex("authority_name", name="|".join(_SHORT_NAMES))


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
    m = _COURT_WORDS_RE.search(sentence)
    if m:
        return m.group(1)
    for n in names_in(sentence):
        if _FINING_VERB_RE.match(sentence, n.end) and not _FINING_VERB_RE.match(
            sentence, n.end
        ).group().strip().startswith("hit"):
            return ctx.short_form(n.text)
    return None


_INVESTED_IN_RE = _regex("invested_in")


_GIVE_RE = _regex("give")
#: One of these is in every match of _GIVE_RE (a cheap test before the names are read).
_GIVE_NEEDLES = cue_needles(_GIVE_RE.pattern)
_GIVEN_GAP_RE = _regex("given_gap")


def given_to(sentence: str, at: int) -> tuple[str | None, str | None]:
    """ "The Commerce Department would give chipmaker Acme up to $1.5 billion": (Acme, the giver)."""
    if not _may_hold(_GIVE_NEEDLES, sentence[:at]):
        return None, None  # no giving verb before the amount (most sentences): no name to read
    names = _party_names(sentence, 0, at)
    for i in range(len(names) - 1, -1, -1):
        start = sentence.rfind(names[i], 0, at)
        gap = sentence[start + len(names[i]) : at].strip(" ,")
        if start < 0 or not _GIVEN_GAP_RE.fullmatch(gap):
            continue
        if _GIVE_RE.search(sentence[max(0, start - 60) : start]):
            giver = names[i - 1] if i > 0 else None
            return names[i], giver
        break
    return None, None


_WHICH_RAISED_RE = _regex("which_raised")
_APPOSITION_TAIL_RE = _regex("apposition_tail")


def relative_subject(sentence: str, at: int) -> str | None:
    """ "A and B backed Lumo, an edtech venture, which raised $1.3M": the name the relative clause
    raising the amount at ``at`` hangs on (past an apposition), or None.

    >>> relative_subject("Alpha backed Lumo, an edtech venture, which raised $1.3M.", 51)
    'Lumo'
    """
    clause = _WHICH_RAISED_RE.search(sentence, max(0, at - 90), at)
    if clause is None:
        return None
    names = _non_authority_names(sentence, 0, clause.start())
    if not names:
        return None
    last = names[-1]
    if not _APPOSITION_TAIL_RE.fullmatch(sentence, last.end, clause.start()):
        return None
    return last.text


_SEGMENT_VERB_GAP_RE = _regex("segment_verb_gap")


def segment_subject(sentence: str, start: int, at: int, exclude: list[str]) -> Name | None:
    """The name that raised the amount at ``at``, of several amounts in one sentence: the last
    name after ``start`` (the end of the amount before), standing right before a verb and the
    amount.

    >>> s = "Acme raised $5 million from Beta, Vedantu closed an $11 million round."
    >>> segment_subject(s, 20, 51, ["Beta"]).text
    'Vedantu'
    """
    names = [n for n in _non_authority_names(sentence, start, at) if n.text not in exclude]
    if not names or not _SEGMENT_VERB_GAP_RE.fullmatch(sentence, names[-1].end, at):
        return None
    return names[-1]


#: "C5 Capital put $50m into Cassava", "Norfund invested $40m in CrossBoundary": the money's
#: mover stands before the amount, the company after "in"/"into".
_PUT_VERB_RE = _regex("put_verb")
_PUT_INTO_RE = _regex("put_into")
_WENT_TO_RE = _regex("went_to")


def funded_after(sentence: str, after_amount: int) -> str | None:
    """ "Pine Capital led a $20M round in Acme": the company named after the amount.

    >>> funded_after("C5 Capital put $50m into Cassava Technologies.", 15)
    'Cassava Technologies'
    """
    m = _INVESTED_IN_RE.match(sentence, after_amount) or _WENT_TO_RE.match(sentence, after_amount)
    if not m and _PUT_VERB_RE.search(sentence, max(0, after_amount - 60), after_amount):
        m = _PUT_INTO_RE.match(sentence, after_amount)
    return _name_at(sentence, m.end()) if m else None


def _name_at(sentence: str, at: int) -> str | None:
    """The name that starts right at ``at`` (not an authority's), or None."""
    names = _non_authority_names(sentence, at, min(len(sentence), at + 80))
    return names[0].text if names and names[0].start == at else None


_PENALTY_ON_RE = _regex("penalty_on")


def fined_after(sentence: str, at: int) -> str | None:
    """The firm a penalty is put on, named right after the amount at ``at``.

    >>> fined_after("It imposed $33,000 on DS Human Resource and $74,000 on Bolt.", 11)
    'DS Human Resource'
    """
    m = _PENALTY_ON_RE.match(sentence, at)
    return _name_at(sentence, m.end()) if m else None


def movers_before(sentence: str, at: int) -> list[str]:
    """Who "put $50m into" a company: the names of the clause before the verb.

    >>> movers_before("Norfund and KLP invested $40m in CrossBoundary.", 25)
    ['Norfund', 'KLP']
    """
    verb = _PUT_VERB_RE.search(sentence, max(0, at - 60), at)
    if verb is None:
        return []
    return _party_names(sentence, _clause_start(sentence, verb.start()), verb.start())


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
    if not names:
        return ctx.canonical(ctx.focus)  # (two calls in five: the scans below need a name)
    # "..., Brindle $60 million and Corvo $45 million": an item of an elided list names its own.
    listed = _listed_before(sentence, names, before_amount)
    if listed is not None:
        return ctx.canonical(listed.text)
    # "Acme’s revenue", "Acme’s last round": a possessive names whose amount it is.
    possessive = [n for n in names if sentence[n.start : n.end].endswith(("’s", "'s"))]
    if possessive:
        return ctx.canonical(possessive[-1].text)
    # "CEO Jane Doe said Acme raised $5M": the subject of the raising verb, not the speaker.
    verbs = list(_RAISE_VERB_RE.finditer(prefix))
    if verbs:
        # "A closed a $40M round, while B, a design startup, secured $35M": the verb's own clause.
        clause = _clause_start(sentence, verbs[-1].start())
        in_clause = [n for n in names if n.start >= clause]
        subject = _name_before(
            sentence, in_clause or names, verbs[-1].start(), clause if in_clause else 0
        )
        between = sentence[subject.end : verbs[-1].start()] if subject else ""
        if subject and not _GENERIC_SUBJECT_RE.search(between) and len(between) < 120:
            return ctx.canonical(subject.text)
    generic = _GENERIC_SUBJECT_RE.search(prefix)
    if generic is None or names[0].start < generic.start():
        return ctx.canonical(names[0].text)
    return ctx.canonical(ctx.focus)


#: Where a sentence's next clause starts (", while B secured ..."), its subject after it.
_CLAUSE_SEPARATORS = (", while ", ", whereas ", "; ", ", but ", ": ", ", and ")
#: The words between a list item's name and its amount: "Brindle US$60 million", "Corvo (€9m)".
_LISTED_GAP_RE = _regex("listed_gap")
#: What opens such an item: a comma, "and", a colon or a semicolon before the name.
_LISTED_OPENER_RE = _regex("listed_opener")
_BY_RE = _regex("by_word")


def _listed_before(sentence: str, names: list[Name], before_amount: int) -> Name | None:
    """The name an amount follows straight after in a list ("..., Brindle US$60 million and
    Corvo US$45 million"), or None."""
    if not names:
        return None
    last = names[-1]
    if not _LISTED_GAP_RE.fullmatch(sentence, last.end, before_amount):
        return None
    return last if _LISTED_OPENER_RE.search(sentence, max(0, last.start - 6), last.start) else None


def _clause_start(sentence: str, pos: int) -> int:
    """Where the clause holding ``pos`` starts: after the last clause separator before it."""
    best = 0
    for sep in _CLAUSE_SEPARATORS:
        at = sentence.rfind(sep, 0, pos)
        if at >= 0:
            best = max(best, at + len(sep))
    return best


_RAISE_VERB_RE = _deals("raise_verb_subject")
