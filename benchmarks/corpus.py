"""A deterministic synthetic tech-news corpus for benchmarks and scale tests.

``generate_corpus(out_dir, mb=200, seed=0)`` writes many plain-text files (several stories per
file: headline line, optional date line, paragraphs) and some JSON Lines files until ``mb``
megabytes (10**6 bytes) are on disk. Stories mix funding rounds, fines, acquisitions, look-alikes
(valuation, revenue, total raised, market size, prices, salaries) and money-free filler built from
many templates and word lists, with invented company names and dates from 2019 to 2026. The same
``mb`` and ``seed`` give the same bytes; files are streamed to disk one at a time (memory stays
flat), and a finished corpus is recognised by its manifest, so a rerun returns at once.

Two shapes (``profile``):

- ``news`` (the default) is shaped like the real tech-news file the project started from
  (``../shared/seed/000_fdfd898aef7fab78.txt``: 8 articles of 1.8 to 9.3 KB, 4.0 KB on average,
  6 to 29 paragraphs, 16 money amounts, i.e. one per 2.0 KB, and 3 of the 8 articles without
  any): long stories of 8 to 20 paragraphs, about one in three without an amount.
- ``dense`` packs money into short stories (2 to 7 paragraphs around the money paragraph, an
  amount every ~800 bytes, few articles without one): a worst case for the extractor, whose time
  goes mostly per amount.

    python benchmarks/corpus.py OUT_DIR --mb 200 [--seed 0] [--jsonl-share 0.1] [--profile news]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

#: Bump when the generator's output changes, so stale caches are regenerated.
GENERATOR_VERSION = 1
MANIFEST = ".corpus.json"
MB = 1_000_000
FILES_PER_FOLDER = 500
DEFAULT_ROOT = Path("/tmp/dealscope-corpus")

# --------------------------------------------------------------------------------------------------
# Word lists
# --------------------------------------------------------------------------------------------------

_ONSETS = (
    "b",
    "br",
    "c",
    "ch",
    "cl",
    "d",
    "dr",
    "f",
    "fl",
    "g",
    "gr",
    "h",
    "j",
    "k",
    "kl",
    "l",
    "m",
    "n",
    "p",
    "pl",
    "qu",
    "r",
    "s",
    "sh",
    "sk",
    "st",
    "t",
    "tr",
    "v",
    "w",
    "z",
    "x",
    "y",
    "th",
)
_NUCLEI = ("a", "e", "i", "o", "u", "ai", "ea", "io", "ou", "y", "ae", "oo")
_CODAS = ("", "", "n", "r", "l", "x", "s", "m", "nt", "rk", "v", "t", "sh", "ck", "ng", "z")
_COMPANY_SUFFIXES = (
    "",
    "",
    "",
    "",
    " AI",
    " Labs",
    " Technologies",
    " Health",
    " Pay",
    " Robotics",
    " Inc.",
    " Systems",
    " Bio",
    " Security",
    " Cloud",
    " Energy",
    " Logistics",
    ".io",
    " Analytics",
    " Mobility",
    " Finance",
    " Networks",
    " Games",
    " Foods",
    " Learning",
)
_FIRM_WORDS = (
    "Granite",
    "Harbor",
    "Summit",
    "Northstar",
    "Blue",
    "Iron",
    "Cedar",
    "Maple",
    "Signal",
    "Atlas",
    "Lantern",
    "Orbit",
    "Meridian",
    "Copper",
    "Redwood",
    "Falcon",
    "Silver",
    "Oak",
    "Beacon",
    "Prism",
    "Vector",
    "Anchor",
    "Horizon",
    "Pioneer",
    "Quarry",
    "Juniper",
    "Sequoia Heights",
    "Tidal",
    "Ember",
    "Kestrel",
    "Lighthouse",
    "Monsoon",
    "Nimbus",
    "Obsidian",
    "Pinnacle",
    "Riverbend",
    "Saffron",
)
_FIRM_KINDS = (
    "Ventures",
    "Capital",
    "Partners",
    "Capital Partners",
    "Venture Partners",
    "Growth",
    "Fund",
    "Investments",
    "Holdings",
    "Equity",
)
_FIRST = (
    "Alice",
    "Bram",
    "Chen",
    "Dara",
    "Elif",
    "Farid",
    "Greta",
    "Hiro",
    "Ines",
    "Jonas",
    "Kemi",
    "Luis",
    "Maya",
    "Nadia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sven",
    "Tariq",
    "Uma",
    "Viktor",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoe",
    "Amara",
    "Bjorn",
    "Carmen",
    "Dmitri",
    "Esme",
    "Kofi",
)
_LAST = (
    "Okafor",
    "Lindqvist",
    "Tanaka",
    "Moreau",
    "Schmidt",
    "Patel",
    "Haddad",
    "Novak",
    "Costa",
    "Fischer",
    "Kowalski",
    "Nakamura",
    "Oyelaran",
    "Rossi",
    "Santos",
    "Varga",
    "Walsh",
    "Yilmaz",
    "Zhang",
    "Abiodun",
    "Berger",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Ferreira",
    "Gupta",
    "Ivanova",
)
_CITIES = (
    "London",
    "Berlin",
    "Paris",
    "Bengaluru",
    "Singapore",
    "Toronto",
    "Austin",
    "Lagos",
    "Nairobi",
    "Sao Paulo",
    "Stockholm",
    "Tel Aviv",
    "Seoul",
    "Tokyo",
    "Sydney",
    "Dubai",
    "Madrid",
    "Warsaw",
    "Amsterdam",
    "Zurich",
    "Jakarta",
    "Mexico City",
    "Cape Town",
    "Dublin",
    "Helsinki",
    "Lisbon",
)
_SECTORS = (
    ("fintech", ("payments", "lending", "card issuing", "accounting software", "payroll")),
    ("health", ("telehealth", "diagnostics", "clinical trials", "mental health", "pharmacy")),
    ("climate", ("battery storage", "carbon accounting", "solar financing", "heat pumps")),
    ("security", ("identity", "endpoint protection", "fraud detection", "zero-trust networking")),
    ("mobility", ("EV charging", "ride hailing", "fleet management", "micromobility")),
    ("ai", ("large language models", "computer vision", "speech recognition", "AI agents")),
    ("logistics", ("last-mile delivery", "freight brokerage", "warehouse robotics")),
    ("edtech", ("online tutoring", "language learning", "coding bootcamps")),
    ("retail", ("grocery delivery", "resale marketplaces", "checkout-free stores")),
    ("devtools", ("observability", "CI pipelines", "database tooling", "API testing")),
    ("gaming", ("mobile games", "esports", "game engines")),
    ("proptech", ("property management", "mortgage software", "co-living")),
    ("agritech", ("vertical farming", "crop analytics", "livestock monitoring")),
)
_ROUNDS = (
    "pre-seed",
    "seed",
    "angel",
    "Series A",
    "Series B",
    "Series C",
    "Series D",
    "Series E",
    "bridge",
    "Series A extension",
    "debt",
    "grant",
)
_ROUND_WEIGHTS = (4, 10, 2, 12, 9, 6, 3, 1, 2, 2, 2, 1)

#: (symbol_or_code, placement, scale words that suit it, typical magnitude range in units)
_CURRENCIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("$", "prefix", ("million", "M", "m", "billion", "bn", "B", "k", "thousand", "mn")),
    ("US$", "prefix", ("million", "M", "billion", "m")),
    ("€", "prefix", ("million", "m", "mn", "billion", "bn", "k")),
    ("£", "prefix", ("million", "m", "bn", "billion", "k")),
    ("¥", "prefix", ("million", "billion", "bn")),
    ("₹", "prefix", ("crore", "lakh", "million", "billion")),
    ("Rs ", "prefix", ("crore", "lakh", "million")),
    ("C$", "prefix", ("million", "M", "m")),
    ("A$", "prefix", ("million", "m", "M")),
    ("NZ$", "prefix", ("million", "m")),
    ("S$", "prefix", ("million", "m")),
    ("HK$", "prefix", ("million", "billion")),
    ("R$", "prefix", ("million", "mln", "billion")),
    ("₩", "prefix", ("billion", "million", "trillion")),
    ("CHF ", "prefix", ("million", "m")),
    ("USD ", "prefix", ("million", "m", "mn")),
    ("EUR ", "prefix", ("million", "m", "mln")),
    ("GBP ", "prefix", ("million", "m")),
    (" AED", "suffix", ("million",)),
    (" SEK", "suffix", ("million", "billion")),
    (" NOK", "suffix", ("million",)),
    (" SAR", "suffix", ("million",)),
    (" USD", "suffix", ("million", "m")),
    (" EUR", "suffix", ("million",)),
)
_CURRENCY_WEIGHTS = (30, 4, 12, 8, 3, 4, 2, 2, 2, 1, 2, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1)

_AUTHORITIES = (
    (
        "data-protection",
        (
            "the Information Commissioner's Office",
            "the CNIL",
            "Ireland's Data Protection Commission",
            "the Dutch Data Protection Authority",
            "Italy's Garante",
            "the Hamburg data protection authority",
        ),
    ),
    (
        "competition",
        (
            "the European Commission",
            "the Competition and Markets Authority",
            "the Bundeskartellamt",
            "the Federal Trade Commission",
            "the Competition Commission of India",
            "Japan Fair Trade Commission",
        ),
    ),
    (
        "securities",
        (
            "the Securities and Exchange Commission",
            "the Financial Conduct Authority",
            "ESMA",
            "the Ontario Securities Commission",
            "SEBI",
        ),
    ),
    (
        "consumer",
        (
            "the Australian Competition and Consumer Commission",
            "the Consumer Financial Protection Bureau",
            "Spain's consumer ministry",
        ),
    ),
    (
        "financial",
        (
            "BaFin",
            "the Monetary Authority of Singapore",
            "FINMA",
            "the Central Bank of Ireland",
            "New York's Department of Financial Services",
        ),
    ),
    (
        "court",
        (
            "a federal court in California",
            "the Paris commercial court",
            "a Seoul district court",
            "the High Court in London",
        ),
    ),
)
_FINE_REASONS = (
    "failing to obtain valid consent for tracking cookies",
    "misleading customers about fees",
    "abusing its dominant position in app distribution",
    "weak anti-money-laundering controls",
    "a breach that exposed the records of millions of users",
    "retaining location data too long",
    "failing to report a security incident in time",
    "unfair contract terms for drivers",
    "gun-jumping ahead of a merger",
    "misstatements in its token offering",
    "processing biometric data without a legal basis",
    "deceptive subscription cancellation flows",
)

_FILLER_SUBJECTS = (
    "The team",
    "The startup",
    "The company",
    "The chief executive",
    "A spokesperson",
    "The product team",
    "Its chief technology officer",
    "The firm",
    "Management",
    "The board",
)
_FILLER_PLURAL = (
    "Its founders",
    "Analysts",
    "Customers",
    "Engineers",
    "Industry watchers",
    "Early users",
    "Regulators",
    "Competitors",
    "Several partners",
    "Critics",
    "Researchers",
    "Investors",
)
_FILLER_VERBS = (
    "expects to",
    "plans to",
    "says it will",
    "hopes to",
    "intends to",
    "is working to",
    "aims to",
    "has started to",
    "wants to",
    "is preparing to",
    "promised to",
    "declined to",
)
_FILLER_PLURAL_VERBS = (
    "expect it to",
    "want it to",
    "doubt it will",
    "say it should",
    "have urged it to",
    "believe it can",
    "are waiting for it to",
    "asked it to",
)
_FILLER_EXTRA = (
    "The platform runs on {n} data centres and stores about {n} terabytes of customer data.",
    "About {pct}% of its users are outside {city}, and the share is rising.",
    "The {topic} space saw a wave of consolidation in {year}, when several players shut down.",
    "Its devices weigh under {n} grams and ship with 4 gigabytes of memory.",
    "{person}, who joined from {firm} in {year}, now runs engineering.",
    "The app has a rating of 4.{n} stars across {big} reviews.",
    "A 2-for-1 promotion drove sign-ups in the first quarter.",
    "The company was spun out of a university lab in {city} in {year}.",
    "It employs {n} people across offices in {city} and {city2}.",
    "Usage grew {pct} percent in the last {n} weeks, the company said.",
    "The waiting list reached {big} names within a week of launch.",
    "Teams in {city2} handle support around the clock in {n} languages.",
    "Some {pct} percent of new customers arrive through referrals.",
    "The next version, due in {year2}, adds offline mode and single sign-on.",
    "It plans to publish a transparency report every {n} months.",
    "Its model was trained on {big} hours of anonymised recordings.",
    "Pilots with {n} hospitals and {n2} clinics are under way.",
    "Delivery partners in {n} cities complete about {big} orders a week.",
)
_FILLER_ACTIONS = (
    "expand into new markets",
    "hire more engineers",
    "rebuild its onboarding flow",
    "open an office in {city}",
    "ship a mobile app",
    "integrate with more banks",
    "launch a self-serve tier",
    "publish an open-source toolkit",
    "add support for {n} languages",
    "double its sales team",
    "focus on enterprise customers",
    "move its servers to {city}",
    "redesign the dashboard",
    "build a partner network",
    "certify its platform for hospitals",
    "pilot the system with {n} customers",
    "comment on the timeline",
    "share user numbers",
    "cut delivery times by {pct} percent",
    "reduce churn",
    "improve battery life",
)
_FILLER_OPENERS = (
    "Founded in {year} in {city},",
    "Since launching in {year},",
    "According to {person},",
    "In an interview,",
    "Over the past {n} months,",
    "Unlike many rivals,",
    "Earlier this year,",
    "In a blog post,",
    "Like much of the sector,",
    "For now,",
    "By its own account,",
    "Speaking at a conference in {city},",
)
_FILLER_TAILS = (
    "the company now counts {n} employees",
    "{company} serves more than {big} users",
    "growth slowed to {pct} percent last quarter",
    "the market has become crowded",
    "the product is available in {n} countries",
    "adoption among small businesses has risen",
    "the team rewrote most of the stack",
    "churn fell to {pct}%",
    "its app has {big} downloads",
    "the waitlist has grown to {big} people",
    "pilots run in {n} cities",
    "most revenue comes from annual contracts",
    "the hardware ships in {year}",
    "support for {n} languages is planned",
    "the founders previously worked at {firm}",
    "the platform processes {big} transactions a month",
    "uptime reached 99.9%",
)
_QUOTES = (
    "We are building the infrastructure this industry has been missing",
    "Our customers told us the old tools simply did not scale",
    "This is a long game and we intend to play it carefully",
    "The demand we are seeing is unlike anything we expected",
    "We want to make {topic} boring, reliable and cheap",
    "Regulation is coming and we would rather help shape it",
    "We think {topic} will look completely different in {n} years",
    "Hiring great people is still the hardest part of the job",
)
_HEADLINE_FUNDING = (
    "{company} raises {amount} {round} to scale {topic}",
    "{company} lands {amount} for its {topic} platform",
    "{company} secures {amount} {round} led by {lead}",
    "{city}-based {company} bags {amount} in fresh funding",
    "{topic} startup {company} closes {amount} round",
    "{company} picks up {amount} from {lead} and others",
)
_HEADLINE_FINE = (
    "{authority_short} fines {company} {amount} over {reason_short}",
    "{company} hit with {amount} penalty by {authority_short}",
    "{company} faces {amount} fine in {city}",
    "Regulator moves against {company} over {reason_short}",
)
_HEADLINE_ACQ = (
    "{acquirer} buys {company} for {amount}",
    "{acquirer} acquires {topic} startup {company}",
    "{acquirer} snaps up {company} in {topic} push",
    "{company} sold to {acquirer}",
)
_HEADLINE_OTHER = (
    "{company} launches {topic} tool for small businesses",
    "Inside {company}'s plan to fix {topic}",
    "{company} opens {city} office as {topic} demand grows",
    "Why {topic} is suddenly everywhere",
    "{company} adds {topic} features to its app",
    "{company} reports strong growth in {topic}",
    "The race to build better {topic}",
)
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_START = date(2019, 1, 1)
_DAYS = (date(2026, 10, 31) - _START).days


# --------------------------------------------------------------------------------------------------
# Story generation
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """How long stories are and how much money they hold."""

    #: Weights of the story kinds: funding, fine, acquisition, other (no event of its own).
    kind_weights: tuple[int, int, int, int]
    #: Least and most money-free paragraphs around the lead.
    filler_paragraphs: tuple[int, int]
    #: Weights of 0, 1, 2 or 3 look-alike sentences (valuation, revenue, prices, ...).
    lookalike_weights: tuple[int, int, int, int]
    #: Share of stories that also tell an earlier event.
    second_event_share: float
    #: Share of the "other" stories that mention no money at all.
    money_free_share: float = 0.0


PROFILES: dict[str, Profile] = {
    # Calibrated on the seed file (see the module's docstring): 4 KB stories, an amount per
    # ~2 KB, a third of them without money.
    "news": Profile((34, 10, 11, 45), (8, 20), (2, 4, 3, 2), 0.3, money_free_share=0.8),
    # The first generator's shape (kept byte for byte): short, money-dense stories.
    "dense": Profile((40, 12, 13, 35), (2, 7), (3, 4, 2, 1), 0.2),
}
DEFAULT_PROFILE = "news"


class _Story:
    """Generates one story's text with its own random source."""

    def __init__(self, rng: random.Random, profile: Profile = PROFILES[DEFAULT_PROFILE]) -> None:
        self.r = rng
        self.profile = profile
        self.company = self.company_name()
        self.sector, topics = rng.choice(_SECTORS)
        self.topic = rng.choice(topics)
        self.city = rng.choice(_CITIES)
        self.published = _START + timedelta(days=rng.randrange(_DAYS))

    # names --------------------------------------------------------------------------------------
    def word(self, syllables: int) -> str:
        r = self.r
        parts = [r.choice(_ONSETS) + r.choice(_NUCLEI) + r.choice(_CODAS) for _ in range(syllables)]
        return "".join(parts).capitalize()

    def company_name(self) -> str:
        return self.word(self.r.randint(2, 3)) + self.r.choice(_COMPANY_SUFFIXES)

    def firm(self) -> str:
        r = self.r
        if r.random() < 0.35:
            return f"{self.word(2)} {r.choice(_FIRM_KINDS)}"
        return f"{r.choice(_FIRM_WORDS)} {r.choice(_FIRM_KINDS)}"

    def person(self) -> str:
        return f"{self.r.choice(_FIRST)} {self.r.choice(_LAST)}"

    # amounts -------------------------------------------------------------------------------------
    def amount(self, big: bool = False) -> str:
        """A money amount as a reporter might write it."""
        r = self.r
        sym, place, scales = r.choices(_CURRENCIES, weights=_CURRENCY_WEIGHTS)[0]
        if big:
            scales = tuple(x for x in scales if x not in ("k", "thousand", "lakh")) or scales
        scale = r.choice(scales)
        if scale in ("billion", "bn", "B", "trillion"):
            number = r.choice((1, 1.2, 1.5, 2, 2.3, 3.4, 5, 7.5, 12)) if big else r.randint(1, 4)
        elif scale in ("k", "thousand", "lakh"):
            number = r.choice((50, 75, 100, 150, 250, 500, 800))
        elif scale == "crore":
            number = r.choice((5, 10, 25, 40, 75, 120, 300, 500, 1200))
        else:
            number = r.choice(
                (r.randint(1, 99), round(r.uniform(1, 60), 1), r.randint(100, 900))
                if big
                else (r.randint(1, 60), round(r.uniform(1, 30), 1), r.choice((100, 120, 150, 250)))
            )
        num = f"{number:,}" if isinstance(number, int) else f"{number}"
        if scale in ("M", "m", "B", "k", "bn", "mn", "mln") and r.random() < 0.7:
            core = f"{num}{scale}"
        else:
            core = f"{num} {scale}"
        if place == "prefix":
            text = f"{sym}{core}"
        else:
            text = f"{core}{sym}" if r.random() < 0.6 else f"{sym.strip()} {core}"
        if r.random() < 0.1:
            text = f"{r.choice(('about', 'nearly', 'more than', 'over', 'up to', 'around'))} {text}"
        if r.random() < 0.05 and sym not in ("$", "US$", "USD ", " USD"):
            text += f" (~${round(r.uniform(1, 90), 1)}M)"
        return text

    def plain_amount(self) -> str:
        """Exact small amounts: prices, salaries, thresholds."""
        r = self.r
        return r.choice(
            (
                f"${r.randint(5, 99)}",
                f"${r.randint(5, 99)}.99",
                f"€{r.randint(3, 40)}",
                f"£{r.randint(2, 30)}",
                f"${r.randint(40, 250) * 1000:,}",
                f"£{r.randint(30, 120) * 1000:,}",
            )
        )

    def fill(self, template: str, **extra: str) -> str:
        r = self.r
        values = {
            "company": self.company,
            "city": self.city,
            "topic": self.topic,
            "sector": self.sector,
            "year": str(r.randint(2008, 2024)),
            "year2": str(r.randint(2025, 2028)),
            "city2": r.choice(_CITIES),
            "n": str(r.randint(2, 40)),
            "n2": str(r.randint(2, 40)),
            "pct": str(r.randint(3, 85)),
            "big": f"{r.randint(2, 900) * 1000:,}",
            "person": self.person(),
            "firm": self.firm(),
        }
        values.update(extra)
        return template.format(**values)

    # paragraphs ----------------------------------------------------------------------------------
    def filler_sentence(self) -> str:
        r = self.r
        kind = r.random()
        if kind < 0.2:
            subject, verb = r.choice(_FILLER_SUBJECTS), r.choice(_FILLER_VERBS)
            s = f"{subject} {verb} {r.choice(_FILLER_ACTIONS)}."
        elif kind < 0.3:
            s = (
                f"{r.choice(_FILLER_PLURAL)} {r.choice(_FILLER_PLURAL_VERBS)} "
                f"{r.choice(_FILLER_ACTIONS)}."
            )
        elif kind < 0.55:
            s = r.choice(_FILLER_EXTRA)
        elif kind < 0.8:
            s = f"{r.choice(_FILLER_OPENERS)} {r.choice(_FILLER_TAILS)}."
        elif kind < 0.95:
            s = (
                f"\u201c{r.choice(_QUOTES)},\u201d said {self.person()}, "
                f"{r.choice(('co-founder', 'CEO', 'CTO', 'head of product', 'an analyst'))}."
            )
        else:
            s = (
                f"{self.company} competes with {self.company_name()} and "
                f"{self.company_name()} in {self.topic}."
            )
        return self.fill(s)

    def filler_paragraph(self) -> str:
        return " ".join(self.filler_sentence() for _ in range(self.r.randint(2, 6)))

    def investors(self) -> tuple[str, str]:
        r = self.r
        lead = self.firm()
        others = [self.firm() for _ in range(r.randint(0, 4))]
        if r.random() < 0.3:
            others.append(f"angel investor {self.person()}")
        return lead, ", ".join(others[:-1]) + (" and " if len(others) > 1 else "") + (
            others[-1] if others else ""
        )

    def funding_paragraph(self) -> tuple[str, str]:
        r = self.r
        amount = self.amount()
        rnd = r.choices(_ROUNDS, weights=_ROUND_WEIGHTS)[0]
        lead, others = self.investors()
        with_others = f", with participation from {others}" if others else ""
        template = r.choice(
            (
                "{company}, a {city}-based {topic} startup, has raised {amount} in a {round} round "
                "led by {lead}{others}.",
                "{company} said on {weekday} it closed a {amount} {round} round led by {lead}"
                "{others}.",
                "The {topic} company raised {amount} in {round} funding from {lead}{others}.",
                "{lead} led the {amount} {round} investment in {company}{others}.",
                "{company} has secured {amount} in {round} financing, it announced today.",
            )
        )
        weekday = r.choice(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"))
        text = self.fill(
            template, amount=amount, round=rnd, lead=lead, others=with_others, weekday=weekday
        )
        headline = self.fill(r.choice(_HEADLINE_FUNDING), amount=amount, round=rnd, lead=lead)
        return text, headline

    def fine_paragraph(self) -> tuple[str, str]:
        r = self.r
        _, names = r.choice(_AUTHORITIES)
        authority = r.choice(names)
        amount = self.amount(big=r.random() < 0.3)
        reason = r.choice(_FINE_REASONS)
        status = r.choice(("proposed", "imposed", "settled", "reduced", "appealed"))
        template = {
            "proposed": "{authority} issued a notice of its provisional intention to fine "
            "{company} {amount} for {reason}.",
            "imposed": "{authority} fined {company} {amount} on {weekday} for {reason}.",
            "settled": "{company} agreed to pay {amount} to settle charges brought by {authority} "
            "over {reason}.",
            "reduced": "{authority} reduced its penalty against {company} to {amount} after "
            "reviewing the case of {reason}.",
            "appealed": "{company} said it will appeal the {amount} fine imposed by {authority} "
            "for {reason}.",
        }[status]
        weekday = r.choice(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"))
        text = self.fill(
            template, authority=authority, amount=amount, reason=reason, weekday=weekday
        )
        text = text[0].upper() + text[1:]
        short = authority.removeprefix("the ").split(" in ")[0]
        headline = self.fill(
            r.choice(_HEADLINE_FINE),
            authority_short=short,
            amount=amount,
            reason_short=" ".join(reason.split()[:3]),
        )
        return text, headline

    def acquisition_paragraph(self) -> tuple[str, str]:
        r = self.r
        acquirer = self.company_name()
        if r.random() < 0.55:
            amount = self.amount(big=True)
            template = r.choice(
                (
                    "{acquirer} has agreed to acquire {company} for {amount}, the companies said.",
                    "{acquirer} bought {company} in a deal worth {amount}.",
                    "{company} has been acquired by {acquirer} for {amount} in cash and stock.",
                )
            )
        else:
            amount = "undisclosed sum"
            template = r.choice(
                (
                    "{acquirer} has acquired {company}; terms of the deal were not disclosed.",
                    "{acquirer} bought {company} for an undisclosed sum.",
                    "{company} was acquired by {acquirer}. Financial terms were not disclosed.",
                )
            )
        text = self.fill(template, acquirer=acquirer, amount=amount)
        headline = self.fill(r.choice(_HEADLINE_ACQ), acquirer=acquirer, amount=amount)
        if amount == "undisclosed sum":
            headline = self.fill(_HEADLINE_ACQ[1], acquirer=acquirer)
        return text, headline

    def lookalike_sentence(self) -> str:
        r = self.r
        template = r.choice(
            (
                "The round values {company} at {big_amount}, according to people familiar with "
                "the matter.",
                "{company} now has annual recurring revenue of {amount}.",
                "The deal brings its total funding to {amount}.",
                "Analysts expect the {topic} market to reach {big_amount} by {future}.",
                "Its basic plan is priced at {plain} per month.",
                "Senior engineers there earn salaries of around {plain_big}.",
                "The company posted revenue of {amount} last year, up {pct}% from a year earlier.",
                "{company} was last valued at {big_amount} in {year}.",
                "The program is open to startups with less than {amount} in revenue.",
                "Each device retails for {plain}.",
                "Grants of up to {plain_big} are available to each team.",
                "It has raised {amount} in total since it was founded.",
            )
        )
        return self.fill(
            template,
            amount=self.amount(),
            big_amount=self.amount(big=True),
            plain=self.plain_amount(),
            plain_big=f"${r.randint(40, 250) * 1000:,}",
            future=str(r.randint(2027, 2035)),
        )

    def date_line(self) -> str | None:
        r = self.r
        d = self.published
        k = r.random()
        if k < 0.3:
            return d.isoformat()
        if k < 0.55:
            return f"{_MONTHS[d.month - 1]} {d.day}, {d.year}"
        if k < 0.7:
            return f"Published: {_MONTHS[d.month - 1]} {d.day}, {d.year}"
        return None

    def build(self) -> tuple[str, str, str | None]:
        """(headline, body, date line or None)."""
        r = self.r
        shape = self.profile
        kinds = ("funding", "fine", "acquisition", "other")
        kind = r.choices(kinds, weights=shape.kind_weights)[0]
        paragraphs = [self.filler_paragraph() for _ in range(r.randint(*shape.filler_paragraphs))]
        if kind == "funding":
            lead, headline = self.funding_paragraph()
        elif kind == "fine":
            lead, headline = self.fine_paragraph()
        elif kind == "acquisition":
            lead, headline = self.acquisition_paragraph()
        else:
            lead, headline = self.filler_paragraph(), self.fill(r.choice(_HEADLINE_OTHER))
        paragraphs.insert(r.randint(0, min(2, len(paragraphs))), lead)
        if kind == "other" and shape.money_free_share and r.random() < shape.money_free_share:
            return headline, "\n\n".join(paragraphs), self.date_line()
        for _ in range(r.choices((0, 1, 2, 3), weights=shape.lookalike_weights)[0]):
            i = r.randrange(len(paragraphs))
            paragraphs[i] = f"{paragraphs[i]} {self.lookalike_sentence()}"
        if r.random() < shape.second_event_share:  # a second, older event in the same story
            extra, _ = r.choice((self.funding_paragraph, self.fine_paragraph))()
            paragraphs.append(f"Earlier, {extra[0].lower()}{extra[1:]}")
        return headline, "\n\n".join(paragraphs), self.date_line()


def story(rng: random.Random, profile: str = DEFAULT_PROFILE) -> tuple[str, str, str | None, date]:
    """One random story: headline, body, date line (or None) and its publication date."""
    s = _Story(rng, PROFILES[profile])
    headline, body, date_line = s.build()
    return headline, body, date_line, s.published


# --------------------------------------------------------------------------------------------------
# Corpus on disk
# --------------------------------------------------------------------------------------------------


@dataclass
class CorpusInfo:
    """What a generated corpus holds (also its manifest on disk)."""

    path: str
    mb: float
    seed: int
    jsonl_share: float
    profile: str
    version: int
    files: int
    articles: int
    bytes: int
    seconds: float


def _text_file(rng: random.Random, profile: str = DEFAULT_PROFILE) -> tuple[str, int]:
    stories = []
    count = rng.randint(2, 12)
    for _ in range(count):
        headline, body, date_line, _ = story(rng, profile)
        head = f"{headline}\n\n{date_line}\n\n" if date_line else f"{headline}\n\n"
        stories.append(head + body)
    return "\n\n".join(stories) + "\n", count


def _jsonl_file(rng: random.Random, profile: str = DEFAULT_PROFILE) -> tuple[str, int]:
    lines = []
    count = rng.randint(20, 80)
    for i in range(count):
        headline, body, _, published = story(rng, profile)
        record = {"title": headline, "date": published.isoformat(), "text": body}
        if rng.random() < 0.5:
            record["url"] = f"https://news.example/{published.year}/{i}-{rng.randrange(10**9)}"
        lines.append(json.dumps(record, ensure_ascii=False))
    return "\n".join(lines) + "\n", count


def _manifest_matches(
    out: Path, mb: float, seed: int, jsonl_share: float, profile: str
) -> CorpusInfo | None:
    try:
        info = CorpusInfo(**json.loads((out / MANIFEST).read_text()))
    except (OSError, ValueError, TypeError):
        return None
    same = (info.mb, info.seed, info.jsonl_share, info.profile, info.version) == (
        mb,
        seed,
        jsonl_share,
        profile,
        GENERATOR_VERSION,
    )
    return info if same else None


def _clear_previous(out: Path) -> None:
    """Remove files an earlier (other-sized or interrupted) generation left; nothing else."""
    if (out / MANIFEST).exists():
        (out / MANIFEST).unlink()
    for folder in sorted(out.glob("part-*")):
        if folder.is_dir():
            for f in folder.iterdir():
                if f.name.startswith(("news-", "feed-")):
                    f.unlink()
            if not any(folder.iterdir()):
                folder.rmdir()


def generate_corpus(
    out_dir: str | Path,
    mb: float = 20,
    seed: int = 0,
    *,
    jsonl_share: float = 0.1,
    profile: str = DEFAULT_PROFILE,
    progress: bool = False,
) -> CorpusInfo:
    """Write a corpus of about ``mb`` megabytes into ``out_dir`` (reused when already there).

    Files go into ``part-NNN/`` folders: ``news-NNNNNN.txt`` (several stories each) and, for about
    ``jsonl_share`` of the bytes, ``feed-NNNNNN.jsonl`` (one article a line: title, date, text).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; choose one of {', '.join(PROFILES)}")
    cached = _manifest_matches(out, mb, seed, jsonl_share, profile)
    if cached is not None:
        return cached
    stray = [p for p in out.iterdir() if not p.name.startswith(("part-", MANIFEST))]
    if stray:
        raise ValueError(f"{out} holds other files ({stray[0].name}); choose an empty folder")
    _clear_previous(out)
    started = time.perf_counter()
    target = int(mb * MB)
    written = files = articles = jsonl_bytes = 0
    while written < target:
        rng = random.Random(f"dealscope-corpus:{seed}:{files}")
        use_jsonl = jsonl_bytes < jsonl_share * written
        text, count = _jsonl_file(rng, profile) if use_jsonl else _text_file(rng, profile)
        name = f"feed-{files:06d}.jsonl" if use_jsonl else f"news-{files:06d}.txt"
        folder = out / f"part-{files // FILES_PER_FOLDER:03d}"
        folder.mkdir(exist_ok=True)
        data = text.encode("utf-8")
        (folder / name).write_bytes(data)
        written += len(data)
        if use_jsonl:
            jsonl_bytes += len(data)
        files += 1
        articles += count
        if progress and files % 200 == 0:
            print(f"\r{written / MB:8.1f} / {mb:g} MB", end="", file=sys.stderr, flush=True)
    if progress:
        print(file=sys.stderr)
    info = CorpusInfo(
        path=str(out),
        mb=mb,
        seed=seed,
        jsonl_share=jsonl_share,
        profile=profile,
        version=GENERATOR_VERSION,
        files=files,
        articles=articles,
        bytes=written,
        seconds=round(time.perf_counter() - started, 2),
    )
    (out / MANIFEST).write_text(json.dumps(asdict(info), indent=1))
    return info


def corpus_files(out_dir: str | Path) -> list[Path]:
    """The corpus's article files, in a stable order."""
    return sorted(
        p for p in Path(out_dir).glob("part-*/*") if p.name.startswith(("news-", "feed-"))
    )


def cached_corpus(
    mb: float,
    seed: int = 0,
    *,
    root: str | Path = DEFAULT_ROOT,
    jsonl_share: float = 0.1,
    profile: str = DEFAULT_PROFILE,
    progress: bool = False,
) -> CorpusInfo:
    """The corpus of ``mb`` MB and ``seed`` under ``root`` (default /tmp), generated once."""
    folder = Path(root) / f"{profile}-{mb:g}mb-seed{seed}-share{jsonl_share:g}"
    return generate_corpus(
        folder, mb, seed, jsonl_share=jsonl_share, profile=profile, progress=progress
    )


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python benchmarks/corpus.py OUT_DIR --mb 200``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", help="folder to write into (created; reused when it matches)")
    parser.add_argument("--mb", type=float, default=20, help="size in MB of 10**6 bytes")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--jsonl-share",
        type=float,
        default=0.1,
        help="share of the bytes written as JSON Lines files (0 for none)",
    )
    parser.add_argument(
        "--profile",
        choices=sorted(PROFILES),
        default=DEFAULT_PROFILE,
        help="news: shaped like real articles (default); dense: money in every paragraph",
    )
    args = parser.parse_args(argv)
    if args.mb <= 0 or not 0 <= args.jsonl_share < 1:
        parser.error("--mb must be positive and --jsonl-share within [0, 1)")
    try:
        info = generate_corpus(
            args.out_dir,
            args.mb,
            args.seed,
            jsonl_share=args.jsonl_share,
            profile=args.profile,
            progress=sys.stderr.isatty(),
        )
    except (OSError, ValueError) as err:
        print(f"corpus: {err}", file=sys.stderr)
        return 2
    print(
        f"{info.path}: {info.files} files, {info.articles} articles, "
        f"{info.bytes / MB:.1f} MB (generated in {info.seconds} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
