"""What a whole article says about its parties: names by count, the focus company, authorities
and their acronyms.
"""

from __future__ import annotations

import re
from functools import cached_property, partial

from analytics import knowledge
from analytics.extractor.names import (
    _ACRONYM_DEF_RE,
    _AUTHORITY_WORD_RE,
    _DEMONYMS,
    _PARENTHESIZED_ACRONYM_RE,
    is_authority,
    is_place_or_people,
    names_in,
    names_of_words_in,
    without_place_possessive,
)
from analytics.extractor.parties import (
    _FINING_VERB_RE,
    _initials,
    acquisition_parties,
    authority_forms,
    authority_in,
    investors_in_article,
)
from analytics.extractor.text import TokensOf

# --------------------------------------------------------------------------------------------
# Parties


class ArticleContext:
    """What the whole article says about its parties.

    The headline's names are found at once (every amount's company is checked against them);
    the focus company, authorities, acronyms and investors only when an amount asks for them.
    """

    def __init__(self, title: str, text: str, lowered: str | None = None) -> None:
        self.title = title
        self.text = text
        self._lowered = lowered
        # A real headline is short; a "title" of megabytes must not cost a scan per name.
        self.headline_names: list[str] = [n.text for n in names_in(title[:300])][:12]
        self._forms: dict[str, str] = {}
        self._lower_words = TokensOf(text[:6000], _LOWER_WORD_RE)
        self._short_forms: dict[str, str] = {}

    @cached_property
    def focus(self) -> str | None:
        """The company the article is about: the headline's name the body repeats most, else
        the name the body's first 3000 characters repeat most (found when first asked for:
        most amounts name their company themselves)."""
        body = self.text[len(self.title) :]
        head_authorities = {form for _, form in authority_forms(self.title[:300])}
        companies = [
            n
            for n in self.headline_names
            if not is_authority(n)
            and n.lower() not in _DEMONYMS
            and not is_place_or_people(n.lower())
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
            if not is_authority(n.text) and not is_place_or_people(n.text.lower()):
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
        everyday adjective at a sentence's start ("Typical", "Average"); or a place or its
        people ("Mexicans", "South Korean", "Rio de Janeiro"), which raise and pay no money."""
        low = name.lower()
        if is_place_or_people(low):
            return True
        if " " in name:
            return False
        if low in _EVERYDAY_OPENERS:
            return True
        # The article's lower-case words, looked up where the word stands.
        return low in self._lower_words

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
        if "'s " in name or "’s " in name:
            name = without_place_possessive(name)  # "Senegal's Socim Job": where, not who
        if "(" in self.text and name in self.acronyms:
            name = self.acronyms[name]
        for full in self.headline_names:
            if full != name and full.startswith(name + " ") and not is_authority(full):
                return full
        if " " in name:
            return name  # only a one-word mention has a fuller form to find
        if name not in self._forms:
            # Most names never stand in a longer one: the scan is skipped.
            may = self._may_have_body_form(name)
            self._forms[name] = self._body_form(name) if may else name
        return self._forms[name]

    def _may_have_body_form(self, word: str) -> bool:
        """Whether ``word`` may have a ``_body_form``: somewhere in the text it scans, ``word``
        stands before a gap and a name word (the first word of a longer name), or one space
        after letters that may end the first of a two-word name ("Marcus Hale", "de Vries"): a
        name word, which has a capital, or a gap word."""
        text, end = self.text, min(len(self.text), _BODY_FORMS_CHARS)
        at = text.find(word, 0, end)
        while at >= 0:
            if _GAP_AND_TOKEN_RE.match(text, at + len(word), end):
                return True
            if at >= 2 and text[at - 1].isspace():
                start = at - 1
                while start > 0 and text[start - 1].isalpha():
                    start -= 1
                letters = text[start : at - 1]
                if letters and (not letters.islower() or _NAME_GAP_RE.fullmatch(f" {letters} ")):
                    return True
            at = text.find(word, at + 1, end)
        return False

    def _body_form(self, word: str) -> str:
        """The name the article writes out in full that one word is short for ("Mesaline" ->
        "Mesaline Semiconductor", "Hale" -> "Marcus Hale"): the first name of two words or more
        among the text's first ``_BODY_FORMS_CHARS`` that starts with ``word``, or (of two
        plain words) ends with it; else ``word`` itself. Only the runs holding ``word`` are read,
        up to the first such name."""
        end = min(len(self.text), _BODY_FORMS_CHARS)
        for n in names_of_words_in(self.text, 0, end, holding=word):
            words = n.text.split()
            if len(words) < 2 or is_authority(n.text):
                continue
            if words[0] == word or (
                words[-1] == word
                and len(words) == 2
                and all(w.isalpha() for w in words)
                and word not in _NAME_SUFFIXES
            ):
                return n.text
        return word


#: The module's regexes: rows of analytics/knowledge/patterns/context.yaml, with their examples.
_regex = partial(knowledge.regex, "context")
#: A word written in lower case: "clinics" in "Clinics pay ...; many clinics ...".
_LOWER_WORD_RE = _regex("lower_word")
_EVERYDAY_OPENERS = knowledge.words("everyday_openers")
_NOT_COMPANIES = knowledge.words("not_names") | _EVERYDAY_OPENERS


def tidy_company(name: str | None) -> str | None:
    """A row's company as a name, or None for what no company is called: a place or its people
    ("Oxford", "Mexicans"), a word that is never a name ("Funding", "Pre-seed"); a place's
    possessive before a name is dropped ("Senegal's Socim Job" -> "Socim Job").

    >>> tidy_company("Senegal's Socim Job"), tidy_company("Oxford"), tidy_company("Pre-seed")
    ('Socim Job', None, None)
    """
    if not name:
        return None
    name = without_place_possessive(name)
    low = name.lower()
    if is_place_or_people(low) or low in _NOT_COMPANIES:
        return None
    return name


_NAME_SUFFIXES = knowledge.words("name_suffixes") | frozenset(knowledge.legal_suffixes("company"))
#: ``_body_form`` reads the names of the text's first this many characters.
_BODY_FORMS_CHARS = 2500
#: The gap between two words of a name run (a row of patterns/names.yaml), and a gap then a word.
_NAME_GAP_RE = knowledge.regex("names", "name_gap")
_GAP_AND_TOKEN_RE = re.compile(_NAME_GAP_RE.pattern + knowledge.pattern("names", "name_token"))


def _first_token_count(text: str, name: str) -> int:
    return text.count(name.split()[0])


def build_context(title: str, text: str, lowered: str | None = None) -> ArticleContext:
    """Names, the focus company, authorities and acronyms of an article.

    ``lowered`` is ``text.lower()`` when the caller has it already.
    """
    return ArticleContext(title, text, lowered)
