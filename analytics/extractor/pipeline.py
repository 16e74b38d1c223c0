"""Articles in, the events table out: one row per money amount (and per undisclosed deal).

>>> df = extract_events("Acme acquires Bolt for $40M\\n\\nAcme is buying Bolt for $40m in cash.")
>>> df[["event_type", "company", "counterparty", "amount"]].values.tolist()
[['acquisition', 'Bolt', 'Acme', 40000000.0]]
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from analytics import knowledge
from analytics.articles import TITLE_SEPARATOR, Article, split_plain_text
from analytics.confidence import calibrated
from analytics.extractor.context import ArticleContext, build_context, tidy_company
from analytics.extractor.conversions import written_conversions
from analytics.extractor.cues import (
    NO_CUE_SCORE,
    classify_amount,
    fine_status,
    is_threshold,
    round_of,
)
from analytics.extractor.dates import event_date
from analytics.extractor.dedupe import Candidate, deduplicate
from analytics.extractor.lists import continue_lists, list_line_kind, listed_item
from analytics.extractor.names import is_authority
from analytics.extractor.overrides import reading
from analytics.extractor.parties import (
    acquisition_parties,
    authority_in,
    company_subject,
    continues,
    elided_subject,
    fined_after,
    fined_party,
    funded_after,
    given_to,
    investors_in,
    mentions_more_investors,
    movers_before,
    relative_subject,
    segment_subject,
    table_investors,
)
from analytics.extractor.text import (
    BLANK_LINE_RE,
    DATELINE_RE,
    TokensOf,
    _may_hold,
    case_blind,
    cue_needles,
    lower_case,
    sentence_span,
)
from analytics.fx import convert
from analytics.money import Money, find_amounts
from analytics.schema import empty_events, frame_from_records
from analytics.sectors import sector_of
from analytics.story_currency import localized, with_bare_scaled, with_story_cents

#: The module's regexes: rows of analytics/knowledge/patterns/pipeline.yaml, with their examples.
_regex = partial(knowledge.regex, "pipeline")
#: The deal verbs: rows of analytics/knowledge/patterns/deals.yaml.
_deals = partial(knowledge.regex, "deals")
MAX_AMOUNTS_PER_ARTICLE = 500

_UNDISCLOSED_RE = _regex("undisclosed")
#: Every match of _UNDISCLOSED_RE contains "disclos" or "terms" or matches one of these in the
#: lower-cased text: a cheap test first, because the case-blind alternation costs a try at every
#: word, and most stories have none ("declined to comment" is everywhere, "declined to say" not).
_UNDISCLOSED_HINT_RES = tuple(
    _regex(f"undisclosed_hint_{hint}") for hint in ("say", "without", "not", "reveal", "public")
)


#: _UNDISCLOSED_RE in lower case, for a text ``case_blind`` lets it read lower-cased.
_UNDISCLOSED_LOWER_RE = re.compile(_UNDISCLOSED_RE.pattern)


def _undisclosed_hits(text: str, lowered: str) -> list[tuple[int, int]]:
    """Where ``text`` says a price was not disclosed (spans of ``_UNDISCLOSED_RE``)."""
    if (
        "disclos" not in lowered
        and "terms" not in lowered
        and not any(hint.search(lowered) for hint in _UNDISCLOSED_HINT_RES)
    ):
        return []
    blind = case_blind(text, lowered)
    if blind is None:
        return [m.span() for m in _UNDISCLOSED_RE.finditer(text)]
    return [m.span() for m in _UNDISCLOSED_LOWER_RE.finditer(blind)]


_ORIGINAL_AMOUNT_RE = _regex("original_amount")
_ACQUISITION_WORD_RE = _deals("acquisition_word")


#: "Rs" is the Indian rupee unless the story is set in a country whose rupee it also writes so,
#: and says nothing of India.
_INDIA_RE = _regex("rupee_india")
_OTHER_RUPEES = tuple((code, _regex(f"rupee_{code.lower()}")) for code in ("PKR", "LKR", "NPR"))
#: Words one of which each country's every match holds (``cue_needles``): a story that has none
#: is not scanned (a string search is several times faster than the pattern's try at every word).
_OTHER_RUPEE_NEEDLES = tuple(cue_needles(country.pattern) for _, country in _OTHER_RUPEES)


def _local_rupees(amounts: list[Money], text: str, lowered: str) -> list[Money]:
    """Amounts in "Rs" or "Rupees" read in the rupee of the country the article is about.

    >>> [m.currency for m in _local_rupees(find_amounts("Karachi's Qarz raised Rs 25 million"),
    ...     "Karachi's Qarz raised Rs 25 million", "karachi's qarz raised rs 25 million")]
    ['PKR']
    """
    rupees = [
        i
        for i, m in enumerate(amounts)
        if m.currency == "INR" and text.startswith(("Rs", "Rupee"), m.start)
    ]
    if not rupees or _INDIA_RE.search(lowered):
        return amounts
    for (code, country), needles in zip(_OTHER_RUPEES, _OTHER_RUPEE_NEEDLES, strict=True):
        if _may_hold(needles, text, lowered) and country.search(lowered):
            local = list(amounts)
            for i in rupees:
                local[i] = replace(local[i], currency=code)
            return local
    return amounts


def _as_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _event_id(article_id: str, event_type: str, start: int, end: int) -> str:
    return hashlib.sha1(f"{article_id}|{event_type}|{start}|{end}".encode()).hexdigest()[:16]


def _parties(
    event_type: str,
    sentence: str,
    at: int,
    ctx: ArticleContext,
    single_funding: bool,
    following: str = "",
    segment: tuple[int, int] | None = None,
) -> dict[str, Any]:
    """company, counterparty, round and status for an amount at offset ``at`` of ``sentence``.

    ``following`` is the rest of the paragraph, where a round's backers are often named.
    """
    out: dict[str, Any] = {"company": None, "counterparty": None, "round": None, "status": None}
    if event_type == "funding":
        seg_start, seg_end = segment or (0, len(sentence))
        if seg_end < len(sentence) and (next_subject := segment_subject(sentence, at, seg_end, [])):
            seg_end = next_subject.start  # "from A, B closed $11M": B is no backer of this one
        # Several rounds in one sentence ("$10M in 2020 from A, $30M in 2022 from B"): each
        # keeps the backers named in its own stretch of words.
        own_words = seg_start > 0 or seg_end < len(sentence)
        investors = investors_in(sentence[seg_start:seg_end] if own_words else sentence)
        if following and (not investors or mentions_more_investors(following)):
            investors += [i for i in investors_in(following) if i not in investors]
        round_name = round_of(sentence[seg_start:seg_end], at - seg_start)
        funded = funded_after(sentence, at)
        given, giver = given_to(sentence, at)
        if given:
            funded = funded or given
            if giver and not investors:
                investors = [giver]  # "The Department of Energy awarded Acme a $75M grant"
        funded = funded or relative_subject(sentence, at)
        if (
            not funded
            and seg_start > 0
            and (subject := segment_subject(sentence, seg_start, at, investors))
        ):
            funded = subject.text  # "..., B closed an $11M round"
        if not investors and single_funding and round_name != "IPO":
            investors = ctx.investors
        investors = [ctx.short_form(i) if is_authority(i) else i for i in investors]
        if funded:
            investors = [i for i in investors if i != funded] or [
                m for m in movers_before(sentence, at) if m != funded
            ]
        out["company"] = ctx.canonical(funded) or company_subject(
            sentence, at, ctx, exclude=investors
        )
        out["counterparty"] = "; ".join(investors) or None
        out["round"] = round_name
    elif event_type == "fine":
        authority = authority_in(sentence, ctx, at) or (
            ctx.authorities[0] if ctx.authorities else None
        )
        if authority and _COURT_RE.search(authority):
            # A court's order in a regulator's case is the regulator's penalty.
            regulator = next((a for a in ctx.authorities if not _COURT_RE.search(a)), None)
            authority = regulator or authority
        # "A received €236m, while B was fined €151m": the clause of the amount names its company.
        clause_start = max(
            sentence.rfind(sep, 0, at)
            for sep in (", and ", ", while ", "; ", ", but ", ", whereas ")
        )
        fined = fined_after(sentence, at)
        if fined is None and clause_start > 0:
            fined = fined_party(sentence[clause_start:], ctx.authorities)
        fined = fined or fined_party(sentence, ctx.authorities)
        if fined is None:
            fined = company_subject(sentence, at, ctx, exclude=ctx.authorities)
        out["company"] = ctx.canonical(fined)
        out["counterparty"] = authority
        out["status"] = fine_status(sentence)
    elif event_type == "acquisition":
        target, buyer = acquisition_parties(sentence)
        head_target, head_buyer = ctx.headline_acquisition
        out["company"] = ctx.canonical(target or head_target)
        out["counterparty"] = ctx.canonical(buyer or head_buyer)
    elif event_type in ("total_raised", "valuation", "revenue", "other"):
        out["company"] = company_subject(sentence, at, ctx, exclude=[])
    return out


_TITLE_WORD_RE = _regex("title_word")
_BODY_CAPITAL_RE = _regex("body_capital")
_BODY_WORD_RE = _regex("body_word")
#: Words headlines capitalize that are never names (verbs and nouns of deal news).
_HEADLINE_WORDS = knowledge.words("headline_words")
_SMALL_WORDS = knowledge.words("small_words")


def analysis_title(title: str, body: str) -> str:
    """A Title Case headline in sentence case, for reading (same length, so spans hold).

    A word keeps its capital when the body writes it capitalized too (a name) or it is an acronym.

    >>> analysis_title("Acme Robotics Raises $8M To Build Parts", "Acme Robotics builds parts.")
    'Acme Robotics raises $8M to build parts'
    """
    letters = list(filter(str.isalpha, title))  # filter and map: loops in C, not Python
    if len(letters) >= 12 and sum(map(str.isupper, letters)) >= 0.9 * len(letters):
        return _uncapitalized(title, list(_TITLE_WORD_RE.finditer(title)), body)
    content = [w for w in _TITLE_WORD_RE.findall(title) if w.lower() not in _SMALL_WORDS]
    if len(content) < 3 or sum(w[0].isupper() for w in content) < 0.7 * len(content):
        return title
    # The body's words looked up where they stand (most headlines ask about a few).
    head = body[:6000]
    names, body_words = TokensOf(head, _BODY_CAPITAL_RE), TokensOf(head, _BODY_WORD_RE)
    out = list(title)
    for m in list(_TITLE_WORD_RE.finditer(title))[1:]:
        word = m.group()
        lowered = word.lower()
        if (len(word) > 1 and word.isupper()) or len(lowered) != len(word) or word == lowered:
            continue
        # Lower-case only words the body uses as ordinary words; an unknown word may be a name.
        if (lowered in _HEADLINE_WORDS or lowered in body_words) and word not in names:
            out[m.start() : m.end()] = lowered
    return "".join(out)


def _uncapitalized(title: str, words: list[re.Match[str]], body: str) -> str:
    """An ALL-CAPS headline written the way the body writes its words (same length)."""
    head = body[:6000]
    capitals = {w.rstrip(".") for w in _BODY_CAPITAL_RE.findall(head)}
    out = list(title)
    for m in words:
        word = m.group()
        for form in (word, word.title(), word.capitalize(), word.lower()):
            if form == word.lower() or form in capitals:
                break
        if len(form) == len(word):
            out[m.start() : m.end()] = form
    return "".join(out)


def _article_candidates(article: Article) -> list[Candidate]:
    # Read with the headline in sentence case; quote evidence from the text as written.
    title_end = len(article.title)
    text = analysis_title(article.title, article.body) + (
        TITLE_SEPARATOR + article.body if article.title else article.body
    )
    # A text with thousands of amounts is a table or an attack, not a news story: the first
    # MAX_AMOUNTS_PER_ARTICLE are read, which keeps the time per article bounded.
    lowered = lower_case(text)  # once: lower-casing text with curly quotes is not cheap
    found = find_amounts(text, lowered, limit=MAX_AMOUNTS_PER_ARTICLE)
    amounts = _local_rupees(found, text, lowered)
    # A bare "$" in a Canadian story is CAD; after "A$120 million ($125m)" it is NZD.
    amounts = localized(amounts, text, lowered, article.published)
    amounts = with_bare_scaled(text, amounts)  # "(56 millions)" in a story of euros
    amounts = with_story_cents(amounts)  # "80 cents a share" in a story of rands
    undisclosed_hits = _undisclosed_hits(text, lowered)
    headline_acquires = bool(_ACQUISITION_WORD_RE.search(text[:title_end]))
    if not amounts and not undisclosed_hits and not headline_acquires:
        return []
    ctx = build_context(text[:title_end], text, lowered)

    # First pass: the type of every amount (the parties may depend on how many rounds there are).
    typed: list[tuple[Money, str, float, int, int]] = []
    listed: dict[int, str] = {}  # a firm named right before its bracketed amount in a list
    for i, money in enumerate(amounts):
        in_headline = money.start < title_end
        s, e = (0, title_end) if in_headline else sentence_span(text, money.start, money.end)
        dateline = DATELINE_RE.match(text, s)
        if dateline and dateline.end() <= money.start:
            s = dateline.end()
        prev_end = max(s, amounts[i - 1].end) if i > 0 else s
        next_start = min(e, amounts[i + 1].start) if i + 1 < len(amounts) else e
        sentence = text[s:e]
        event_type, score = classify_amount(
            text[prev_end : money.start], text[money.end : next_start], sentence
        )
        if (score <= NO_CUE_SCORE or event_type == "revenue") and (
            kind := list_line_kind(text, money, title_end)
        ):
            # "Brightline Securities — £1,234,567" under "fines:" ("8% of turnover: R250,000" too)
            event_type, score = kind, 1.0
        elif score < 1.3 and (item := listed_item(text, money, s, title_end)):
            (event_type, score), listed[money.start] = (item[0], 1.0), item[1]  # "Koolboks ($2.5m)"
        typed.append((money, event_type, score, s, e))
    body_funding = {round(m.amount) for m, t, _, s, _ in typed if t == "funding" and s >= title_end}
    single_funding = len(body_funding) <= 1

    # A firm's own item of a list ("the biggest rounds were Kestrel at $41M, ...") is no aggregate.
    typed = [
        t if t[0].start in listed else _second_thoughts(t, text, title_end, headline_acquires)
        for t in typed
    ]

    # "..., up from $800 million": an amount that continues the one before it shares its type.
    subjects: dict[int, str] = dict(listed)
    continued: set[int] = set()
    for i in range(1, len(typed)):
        money, own_type, score, s, e = typed[i]
        previous = typed[i - 1]
        between = text[previous[0].end : money.start]
        # An amount with strong words of its own ("including a $5.5M seed round") keeps them.
        if previous[3] == s and continues(between) and (score < 1.0 or own_type == previous[1]):
            typed[i] = (money, previous[1], previous[2], s, e)
            continued.add(i)
            subject = elided_subject(between)
            if subject:
                subjects[money.start] = subject

    out: list[Candidate] = []
    for i, (money, event_type, score, s, e) in enumerate(typed):
        sentence = text[s:e]
        at = money.start - s
        # The words that belong to this amount: up to the neighbouring amounts in the sentence.
        seg_start = max(s, typed[i - 1][0].end) if i > 0 and typed[i - 1][3] == s else s
        seg_end = (
            min(e, typed[i + 1][0].start) if i + 1 < len(typed) and typed[i + 1][3] == s else e
        )
        following = ""
        if event_type == "funding" and s >= title_end:
            # The rest of the paragraph and the next one: where backers are often named.
            window = text[e : e + 700]
            breaks = [m.start() for m in BLANK_LINE_RE.finditer(window)]
            following = window[: breaks[1]] if len(breaks) > 1 else window
            # A list item is its own story: backers never leak in from the next bullet.
            bullet = _NEXT_ITEM_RE.search(following)
            if bullet or text[s - 2 : s].strip("\n ") in ("-", "*", "•"):
                following = following[: bullet.start()] if bullet else following.split("\n", 1)[0]
            following = following.strip()
        row = _parties(
            event_type, sentence, at, ctx, single_funding, following, (seg_start - s, seg_end - s)
        )
        if event_type == "funding" and not row["counterparty"]:
            # A row of a deals table: its investors column.
            row["counterparty"] = "; ".join(table_investors(text, s, e)) or None
        if i in continued and not row["counterparty"] and out and out[-1].row["counterparty"]:
            row["counterparty"] = out[-1].row["counterparty"]  # "..., plus $2 billion in loans"
        if money.start in subjects:
            row["company"] = ctx.canonical(subjects[money.start])
        if row["status"] == "reduced" and _ORIGINAL_AMOUNT_RE.search(sentence[:at]):
            row["status"] = "proposed"  # "cut the fine to £7.5m from the £20m it proposed"
        if event_type == "other" and (
            is_threshold(sentence) or _GENERIC_RAISERS_RE.search(text[s : money.start])
        ):
            row["company"] = None  # a condition, or an aggregate of many companies
        when = event_date(sentence, article.published) if event_type != "market_size" else None
        row.update(
            event_type=event_type,
            event_date=when,
            amount=money.amount,
            amount_max=money.amount_max,
            currency=money.currency,
            qualifier=money.qualifier,
            amount_text=money.text,
            alt_amount=money.alt_amount,
            alt_currency=money.alt_currency,
            undisclosed=False,
            evidence=_as_written(article, text, s, e).strip(),
            span_start=money.start,
            span_end=money.end,
            confidence=round(min(1.0, score / 1.5) * (1.0 if row.get("company") else 0.7), 3),
        )
        out.append(Candidate(money, row, money.start < title_end, score))

    continue_lists(out, text, ctx)
    out.extend(
        _undisclosed_candidates(article, text, ctx, undisclosed_hits, out, headline_acquires)
    )
    return deduplicate(out)


_COURT_RE = _regex("court")
_NEXT_ITEM_RE = _regex("next_item")
_HAD_RAISED_RE = _regex("had_raised")
#: After "had raised $X": words that make it a running total, not one round.
_TOTAL_AFTER_RE = _regex("total_after")
_DATED_RE = _regex("dated")
_VALUING_RE = _regex("valuing")
#: Aggregates are no company's round: a plural or collective subject ("fintechs such as A, B and
#: C pulled in", "startups in Lagos have raised"), or any that raised "together" or "between them".
_GENERIC_RAISERS_RE = _deals("generic_raisers")
#: A fund raising from its limited partners is a fund close, not a company's round.
_FUND_CLOSED_AT_RE = _regex("fund_closed_at")
_CLOSED_A_RE = _regex("closed_a")
#: "$250 million third fund", "$90 million early-stage vehicle" (not a "receivables fund").
_FUND_NOUN_AFTER_RE = _regex("fund_noun_after")
#: "... from LPs for its third early-stage fund".
_FOR_FUND_AFTER_RE = _regex("for_fund_after")
_LIMITED_PARTNERS_RE = _regex("limited_partners")
_TAKEOVER_RE = _deals("takeover")
#: A part of a total already counted: "the settlement includes a penalty of $15m".
_PART_OF_RE = _regex("part_of")
_CALLED_OFF_RE = _deals("called_off")
#: A total is a sum raised only when the sentence talks about raising money.
_RAISING_TALK_RE = _regex("raising_talk")
_PAID_RE = _regex("paid")


def _second_thoughts(
    typed: tuple[Money, str, float, int, int], text: str, title_end: int, headline_acquires: bool
) -> tuple[Money, str, float, int, int]:
    """Readings the cue table cannot make alone, from the words just before the amount."""
    money, event_type, score, s, e = typed
    before = text[max(s, money.start - 120) : money.start]
    sentence = text[s:e]
    after = text[money.end : money.end + 60]
    if (
        event_type == "funding"
        and _HAD_RAISED_RE.search(before)
        and _TOTAL_AFTER_RE.match(after)
        and not _DATED_RE.search(after)
    ):
        return money, "total_raised", score, s, e  # "Acme had raised $21 million from investors"
    if (
        event_type in ("fine", "funding")
        and _PART_OF_RE.search(before)
        and not round_of(text[money.end : min(e, money.end + 60)], 0)
    ):
        return money, "other", score, s, e  # "the settlement includes a civil penalty of $15m"
    if event_type == "acquisition" and _CALLED_OFF_RE.search(sentence):
        return money, "other", score, s, e  # an abandoned takeover's price
    if event_type == "total_raised" and not _RAISING_TALK_RE.search(sentence):
        return money, "other", score, s, e  # "fined five banks a total of", "worth ¥60bn in total"
    if event_type == "funding" and _GENERIC_RAISERS_RE.search(text[s : money.start]):
        return money, "other", score, s, e  # "European startups raised a record $5bn"
    if event_type == "funding" and _is_fund_close(before, sentence, text[money.end : e]):
        return money, "other", score, s, e  # "Harbour Lane closed its third fund at $250m"
    if (
        event_type == "valuation"
        and _VALUING_RE.search(before)
        and _TAKEOVER_RE.search(sentence)
        and "SPAC" not in sentence  # a SPAC merger values the company that goes public
    ):
        return money, "acquisition", score, s, e  # "agreed to buy Y ..., valuing it at $5bn"
    if (
        event_type == "other"
        and headline_acquires
        and s >= title_end
        and _PAID_RE.search(before)
        and score < 1.0
        and not is_threshold(sentence)
    ):
        return money, "acquisition", score, s, e  # "people said Acme paid about €120 million"
    return money, reading(event_type, text[s : money.start], text[money.end : e]), score, s, e


def _is_fund_close(before: str, sentence: str, after: str) -> bool:
    """Whether a funding amount is what a fund raised from its limited partners.

    >>> _is_fund_close("Harbour Lane has closed its third fund at ", "", "")
    True
    >>> _is_fund_close("Acme has closed a ", "", " Series A led by the Blue Fund.")
    False
    """
    if _LIMITED_PARTNERS_RE.search(sentence) or _FOR_FUND_AFTER_RE.match(after):
        return True
    recent = before[-80:]
    # "closed its third fund at $X", or "closed a $90 million fund"
    return bool(_FUND_CLOSED_AT_RE.search(recent)) or bool(
        _CLOSED_A_RE.search(recent) and _FUND_NOUN_AFTER_RE.match(after)
    )


def _as_written(article: Article, text: str, start: int, end: int) -> str:
    """``article.text[start:end]`` without building ``article.text`` (a copy of the whole
    article per call): ``text`` differs from it only in the headline's case."""
    if start >= len(article.title):
        return text[start:end]
    return article.title[start:end] + text[max(start, len(article.title)) : end]


def _undisclosed_candidates(
    article: Article,
    text: str,
    ctx: ArticleContext,
    hits: list[tuple[int, int]],
    priced: list[Candidate],
    headline_acquires: bool,
) -> list[Candidate]:
    """Acquisitions reported without a price: one row per acquired company."""
    title_end = len(article.title)
    known = {c.row["company"] for c in priced if c.row["event_type"] == "acquisition"}
    rows: list[Candidate] = []
    funded = {c.row["company"] for c in priced if c.row["event_type"] == "funding"}
    # Only where the story says the price was not disclosed: a deal with no money named at all
    # is no row (../shared/ANNOTATION.md).
    for start, end in hits:
        s, e = (0, title_end) if start < title_end else sentence_span(text, start, end)
        sentence = text[s:e]
        verbs = list(_ACQUISITION_WORD_RE.finditer(sentence, 0, start - s + 1)) or list(
            _SALE_RE.finditer(sentence, 0, start - s + 1)  # "X will sell Y to Z for an undisclosed"
        )
        if not verbs and not (headline_acquires and ctx.headline_acquisition[0]):
            # "Twiga has raised an undisclosed amount": a round of no known size.
            row = _undisclosed_round(article, text, ctx, priced, (s, e), (start, end), funded)
            if row is not None:
                funded.add(row.row["company"])
                rows.append(row)
            continue  # "terms were not disclosed" of something else
        # The clause of the verb nearest before "undisclosed": "It bought X for $60m and
        # acquired Y for an undisclosed amount" is about Y.
        target, buyer = (
            acquisition_parties(sentence[verbs[-1].start() :]) if verbs else (None, None)
        )
        if target is None and verbs:
            target, buyer = acquisition_parties(sentence)
        buyer = buyer or (acquisition_parties(sentence)[1] if verbs else None)
        head_target, head_buyer = ctx.headline_acquisition
        target = ctx.canonical(target or head_target)
        buyer = ctx.canonical(buyer or head_buyer)
        if target is None or target in known:
            continue
        known.add(target)
        parties = {"company": target, "counterparty": buyer, "round": None}
        confidence = 0.8 if buyer else 0.6
        rows.append(
            _undisclosed(article, text, "acquisition", parties, (s, e), (start, end), confidence)
        )
    return rows


def _undisclosed(
    article: Article,
    text: str,
    event_type: str,
    parties: dict[str, Any],
    sentence_at: tuple[int, int],
    hit: tuple[int, int],
    confidence: float,
) -> Candidate:
    """A row with no amount: a deal or round whose terms the sentence says were not disclosed;
    ``parties`` gives its company, counterparty and round."""
    s, e = sentence_at
    row = {
        "event_type": event_type,
        **parties,
        "status": None,
        "event_date": event_date(text[s:e], article.published),
        "amount": None,
        "amount_max": None,
        "currency": None,
        "qualifier": None,
        "amount_text": _as_written(article, text, hit[0], hit[1]),
        "alt_amount": None,
        "alt_currency": None,
        "undisclosed": True,
        "evidence": _as_written(article, text, s, e).strip(),
        "span_start": hit[0],
        "span_end": hit[1],
        "confidence": confidence,
    }
    return Candidate(None, row, hit[0] < len(article.title))


_UNDISCLOSED_ROUND_RE = _regex("undisclosed_round")
_SALE_RE = _deals("sale")


def _undisclosed_round(
    article: Article,
    text: str,
    ctx: ArticleContext,
    priced: list[Candidate],
    sentence_at: tuple[int, int],
    hit: tuple[int, int],
    funded: set[str | None],
) -> Candidate | None:
    """A funding row with no amount where a sentence says a round's size was not disclosed and
    holds no amount itself ("Twiga has raised an undisclosed amount from Creadev")."""
    s, e = sentence_at
    sentence = text[s:e]
    if not _UNDISCLOSED_ROUND_RE.search(sentence) or _SALE_RE.search(sentence):
        return None
    if any(c.money is not None and s <= c.money.start < e for c in priced):
        return None  # "raised $5m from undisclosed investors": the amount is the row
    investors = investors_in(sentence)
    company = company_subject(sentence, hit[0] - s, ctx, exclude=investors)
    if company is None or company in funded or company in investors:
        return None
    parties = {
        "company": company,
        "counterparty": "; ".join(investors) or None,
        "round": round_of(sentence, hit[0] - s),
    }
    return _undisclosed(article, text, "funding", parties, sentence_at, hit, 0.5)


def _rows(article: Article) -> Iterable[dict[str, Any]]:
    candidates = _article_candidates(article)
    if not candidates:
        return []
    candidates = written_conversions(candidates, article.text)
    sector = sector_of(article.title, article.body[:4000])
    published = article.published
    rows = []
    for cand in sorted(candidates, key=lambda c: c.row["span_start"]):
        row = cand.row
        row["company"] = tidy_company(row["company"])
        on = row["event_date"] or published
        conversion = convert(
            row["amount"],
            row["currency"],
            on,
            alt_amount=row.get("alt_amount"),
            alt_currency=row.get("alt_currency"),
        )
        row.update(
            event_id=_event_id(
                article.content_id, row["event_type"], row["span_start"], row["span_end"]
            ),
            article_id=article.content_id,
            source=article.source,
            article_title=article.title,
            article_date=published.isoformat() if published else None,
            event_date=row["event_date"].isoformat() if row["event_date"] else None,
            amount_usd=conversion.usd,
            fx_rate=conversion.rate,
            fx_date=conversion.rate_date.isoformat() if conversion.rate_date else None,
            fx_source=conversion.source if row["amount"] is not None else "undisclosed amount",
            sector=sector,
            confidence=calibrated(row),  # the raw score, calibrated on the gold sets
        )
        rows.append(row)
    return rows


def extract_articles(articles: Iterable[Article]) -> pd.DataFrame:
    """The events table for already-read articles."""
    rows = [row for article in articles for row in _rows(article)]
    if not rows:
        return empty_events()
    return frame_from_records(rows)


def extract_events(
    text: str, *, source: str = "<text>", published: date | str | None = None
) -> pd.DataFrame:
    """The events table for a file's text (one article or many, headline first)."""
    articles = split_plain_text(text, source=source, published=_as_date(published))
    return extract_articles(articles)


def extract_file(path: str | Path, *, published: date | str | None = None) -> pd.DataFrame:
    """The events table for a file of any supported format."""
    from analytics.reading import read_articles

    return extract_articles(read_articles(Path(path), published=_as_date(published)))
