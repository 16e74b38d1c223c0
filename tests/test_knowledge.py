"""The extractor's knowledge files: every cue row's and every patterns row's examples and
counterexamples, run through the regexes the extractor compiles from them, and the loader's
messages for bad entries.

To teach the extractor a phrase: edit a row of ``analytics/knowledge/cues.yaml`` or
``analytics/knowledge/patterns/{module}.yaml`` (or a word list), add the phrase to the row's
``examples``, and run ``python -m pytest tests/test_knowledge.py -q``.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import analytics
from analytics import classify as cl
from analytics import knowledge
from analytics.schema import EVENT_TYPES


def _hits(cue: knowledge.Cue, pattern: re.Pattern[str], phrase: str) -> bool:
    """Whether the compiled cue finds its amount in ``phrase`` ("{}" stands for the amount),
    read as ``classify_amount`` reads it: from the amount on for an "after" cue, the nearest
    match before it within ``reach`` words for a "before" cue."""
    before, after = phrase.split(knowledge.AMOUNT)
    if cue.side == "after":
        return pattern.match(after) is not None
    last = None
    for last in pattern.finditer(before):  # noqa: B007
        pass
    if last is None:
        return False
    return cue.reach is None or len(before[last.end() :].split()) <= cue.reach


_ROWS = [
    pytest.param(cue, pattern, id=f"cues.yaml:{cue.line}:{cue.event_type}")
    for cue, pattern in cl._compiled_cues()
]


@pytest.mark.parametrize(("cue", "pattern"), _ROWS)
def test_cue_row_matches_its_examples_and_not_its_counterexamples(
    cue: knowledge.Cue, pattern: re.Pattern[str]
) -> None:
    missed = [p for p in cue.examples if not _hits(cue, pattern, p)]
    wrong = [p for p in cue.counterexamples if _hits(cue, pattern, p)]
    assert not missed, f"cues.yaml line {cue.line} does not match its examples {missed}"
    assert not wrong, f"cues.yaml line {cue.line} matches its counterexamples {wrong}"


def _read_by_modules() -> set[tuple[str, str]]:
    """The pattern rows the analytics modules read, once imported and once they have extracted
    the bundled sample (some compile a row at first use): taken before this file compiles any
    row itself (``_pattern_rows`` below reads every one)."""
    for info in pkgutil.walk_packages(analytics.__path__, "analytics."):
        importlib.import_module(info.name)
    from analytics.extract import extract_file

    for path in sorted(Path(__file__).resolve().parents[1].glob("data/*.txt")):
        extract_file(path)
    return set(knowledge.COMPILED) | set(knowledge.FILLED)


_READ_BY_MODULES = _read_by_modules()


def _pattern_rows() -> list[tuple[knowledge.Pattern, list[re.Pattern[str]]]]:
    """Every row of every patterns file, with the regexes its module compiled from it, or the
    sources it filled in (a row that only stands inside others is compiled on its own)."""
    import analytics.extract  # noqa: F401  (every extractor module compiles its rows at import)
    from analytics.extractor import names, parties

    # ... but the rows filled with the currency tables, which wait for the first money parse
    names._currency_number_re()
    parties._intro_patterns()

    out = []
    for module in knowledge.PATTERN_FILES:
        for name, row in knowledge.patterns(module).items():
            if row.example_slots:  # its slots are what it matches: tried with the row's own
                source = knowledge.pattern(module, name, **dict(row.example_slots))
                out.append((row, [re.compile(source, row.flags)]))
                continue
            compiled = knowledge.COMPILED.get((module, name)) or [
                re.compile(source, row.flags) for source in knowledge.FILLED.get((module, name), [])
            ]
            if not compiled and not row.slots:
                compiled = [re.compile(knowledge.pattern(module, name), row.flags)]
            out.append((row, compiled or []))
    return out


@pytest.mark.parametrize(
    ("row", "compiled"),
    [pytest.param(r, c, id=f"{r.file}:{r.line}:{r.name}") for r, c in _pattern_rows()],
)
def test_pattern_row_matches_its_examples_and_not_its_counterexamples(
    row: knowledge.Pattern, compiled: list[re.Pattern[str]]
) -> None:
    assert compiled, f"{row.file}:{row.line}: {row.name} has slots but no module compiles it"
    for regex in compiled:  # a row compiled with several fillings: each must hold
        apply = getattr(regex, row.use)
        missed = [text for text in row.examples if apply(text) is None]
        wrong = [text for text in row.counterexamples if apply(text) is not None]
        assert not missed, f"{row.file}:{row.line}: {row.name} does not {row.use} {missed}"
        assert not wrong, f"{row.file}:{row.line}: {row.name} {row.use}es {wrong}"


def test_every_pattern_row_is_used() -> None:
    # A row is compiled by its module, or stands inside a row that is.
    for module in knowledge.PATTERN_FILES:
        rows = knowledge.patterns(module)
        inside = {ref for row in rows.values() for ref in knowledge._SLOT_RE.findall(row.source)}
        unused = [n for n in rows if (module, n) not in _READ_BY_MODULES and n not in inside]
        assert not unused, f"patterns/{module}.yaml rows no module reads: {unused}"


def test_the_extractor_runs_the_file_rows_in_file_order() -> None:
    rows = knowledge.cues()
    assert [c for c, _ in cl._compiled_cues()] == list(rows)
    assert len(rows) == 67  # 57 at the refactor; consideration, tender offers, languages since
    assert rows[0].examples == ("a {} valuation", "at a {} post-money valuation")
    assert knowledge.CUE_TYPES == EVENT_TYPES
    assert {c.event_type for c in rows} == set(EVENT_TYPES)


def test_a_cue_row_points_the_classifier_to_its_type() -> None:
    # One row read end to end: its example, with an amount, is classified as the row says.
    assert cl.classify_amount("The startup is now worth ", ".", "")[0] == "valuation"
    assert cl.classify_amount("It reported ", " in annual revenue.", "")[0] == "revenue"


def test_word_lists_and_tables_load_as_written() -> None:
    assert "chief" not in knowledge.words("role_words")
    assert "Chief" in knowledge.words("role_words")
    assert "lisbon" in knowledge.words("places")
    assert knowledge.months()["sept"] == 9
    assert list(knowledge.months())[:2] == ["january", "february"]
    ico = next(r for r in knowledge.table("authorities") if r["name"] == "ICO")
    assert (ico["country"], ico["kind"]) == ("GB", "data")
    assert "ICO" in cl.AUTHORITY_NAMES


@pytest.fixture
def files(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Knowledge files replaced by the test's own texts (the caches emptied before and after)."""
    texts: dict[str, str] = {}
    real = knowledge._text
    monkeypatch.setattr(knowledge, "_text", lambda name: texts.get(name) or real(name))
    loaders = (knowledge.words, knowledge.table, knowledge.cues, knowledge.patterns)
    for loader in loaders:
        loader.cache_clear()
    yield texts
    for loader in loaders:
        loader.cache_clear()


_GOOD_ROW = """
- type: funding
  weight: 1.0
  side: before
  pattern: 'raised'
  examples: ['raised {}']
  origin: a test
"""


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("\n- weight: 1.0\n  side: before\n", "cues.yaml:2: type None is none of funding"),
        (_GOOD_ROW.replace("funding", "loan"), "cues.yaml:2: type 'loan' is none"),
        (_GOOD_ROW.replace("1.0", "9"), "cues.yaml:2: weight 9 is not a number in (0, 3]"),
        (_GOOD_ROW.replace("before", "near"), "cues.yaml:2: side 'near' is neither"),
        (_GOOD_ROW.replace("'raised'", "'rais(ed'"), "cues.yaml:2: pattern does not compile"),
        (_GOOD_ROW.replace("'raised {}'", "'raised'"), "examples must be a list of phrases"),
        (_GOOD_ROW.replace("['raised {}']", "[]"), "cues.yaml:2: a cue needs at least one"),
        (_GOOD_ROW.replace("  origin: a test\n", ""), "cues.yaml:2: origin is missing"),
        (_GOOD_ROW + "  colour: red\n", "cues.yaml:2: unknown keys ['colour']"),
    ],
)
def test_a_bad_cue_row_is_named_by_file_and_line(
    files: dict[str, str], row: str, message: str
) -> None:
    files["cues.yaml"] = row
    with pytest.raises(knowledge.KnowledgeError, match=re.escape(message)):
        knowledge.cues()


def test_a_good_cue_file_loads(files: dict[str, str]) -> None:
    files["cues.yaml"] = _GOOD_ROW
    (cue,) = knowledge.cues()
    assert (cue.event_type, cue.pattern, cue.weight, cue.line) == ("funding", "raised", 1.0, 2)


def test_bad_word_list_and_table_entries_are_named(files: dict[str, str]) -> None:
    files["demonyms.txt"] = "# a comment\nswiss\nswiss\n"
    with pytest.raises(knowledge.KnowledgeError, match=r"demonyms\.txt:3: 'swiss' again"):
        knowledge.words("demonyms")
    files["descriptors.txt"] = "fund \n"
    with pytest.raises(knowledge.KnowledgeError, match=r"descriptors\.txt:1: space around"):
        knowledge.words("descriptors")
    files["authorities.tsv"] = "name\tcountry\nICO\tGB\nCMA\n"
    with pytest.raises(knowledge.KnowledgeError, match=r"authorities\.tsv:3: needs 2 filled"):
        knowledge.table("authorities")


_GOOD_PATTERN = """
- name: raised
  pattern: '\\braised\\b'
  examples: ['Acme raised $5m']
"""


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("\n- pattern: 'x'\n  examples: ['x']\n", "t.yaml:2: name None is not a lower-case"),
        (_GOOD_PATTERN + "  pieces: ['a']\n", "t.yaml:2: raised: give either pattern or pieces"),
        (
            _GOOD_PATTERN.replace("raised\\b'", "raised('"),
            "t.yaml:2: raised: pattern does not compile",
        ),
        (_GOOD_PATTERN + "  flags: q\n", "t.yaml:2: raised: flag 'q' is none of"),
        (_GOOD_PATTERN + "  use: scan\n", "t.yaml:2: raised: use 'scan' is none of"),
        (_GOOD_PATTERN.replace("['Acme raised $5m']", "[]"), "t.yaml:2: raised: a pattern needs"),
        (_GOOD_PATTERN + _GOOD_PATTERN, "t.yaml:6: raised again (first on line 2)"),
        (_GOOD_PATTERN.replace("raised\\b'", "{amount}'"), "t.yaml:2: raised: {amount} is no row"),
        (_GOOD_PATTERN + "  colour: red\n", "t.yaml:2: unknown keys ['colour']"),
    ],
)
def test_a_bad_pattern_row_is_named_by_file_and_line(
    files: dict[str, str], rows: str, message: str
) -> None:
    files["patterns/t.yaml"] = rows
    with pytest.raises(knowledge.KnowledgeError, match=re.escape("patterns/" + message)):
        knowledge.patterns("t")


def test_pattern_rows_fill_references_and_slots(files: dict[str, str]) -> None:
    files["patterns/t.yaml"] = _GOOD_PATTERN + (
        "- name: raised_from\n  slots: [who]\n  pieces: ['{raised}', ' from {who}']\n"
        "  examples: ['raised from Alpha']\n"
    )
    assert knowledge.pattern("t", "raised_from", who="Alpha") == r"\braised\b from Alpha"
    with pytest.raises(knowledge.KnowledgeError, match=r"t\.yaml:5: raised_from: slot \{who\}"):
        knowledge.pattern("t", "raised_from")


def test_legal_suffixes_are_one_table_read_by_names_grouping_and_context() -> None:
    from analytics import grouping
    from analytics.extractor import context, names

    assert knowledge.legal_suffixes("names")[:3] == ("Inc", "Inc.", "Incorporated")
    assert "Co" not in knowledge.legal_suffixes("names")  # "Acme Co" keeps its "Co" in a name
    assert names._clean_name("Nordlicht Bio GmbH") == "Nordlicht Bio"
    assert names._clean_name("Acme Robotics, Inc.") == "Acme Robotics"
    # grouping reads them in lower case, punctuation as spaces; L.L.C. and K.K. are not its own
    assert {"inc", "gmbh", "co", "company", "srl", "oyj"} <= grouping.LEGAL_SUFFIXES
    assert grouping._MULTI_SUFFIXES == (
        ("s", "a"),
        ("s", "p", "a"),
        ("b", "v"),
        ("n", "v"),
        ("s", "r", "l"),
    )
    assert grouping.normalize_company("Acme Robotics S.p.A.") == "acme robotics"
    assert grouping.normalize_company("Acme K.K.") == "acme k k"
    assert {"GmbH", "Inc", "Co", "Bank", "Ventures"} <= context._NAME_SUFFIXES
    assert "Limited" not in context._NAME_SUFFIXES
    with pytest.raises(ValueError, match="use is one of names, grouping, company"):
        knowledge.legal_suffixes("labels")


def test_round_names_and_fine_statuses_come_from_the_files() -> None:
    assert cl.round_of("It drew a $20m credit facility from Pine Bank.", 10) == "debt"
    assert cl.round_of("It raised $20m in its initial public offering.", 10) == "IPO"
    assert cl.round_of("It raised $20m in a pre-series b round.", 10) == "pre-Series B"
    assert [s for s, _ in cl._STATUS_CUES] == ["settled", "reduced", "appealed", "proposed"]
    assert cl.fine_status("The fine was slashed on appeal.") == "reduced"  # tried in file order


def test_abbreviations_are_one_table_read_in_each_module_s_form() -> None:
    from analytics import articles
    from analytics.extractor import names, text

    assert {"inc", "mr", "vs"} <= knowledge.abbreviations("sentence")
    assert {"Inc", "Mr", "Pte"} <= knowledge.abbreviations("name")
    assert {"inc.", "u.s."} <= knowledge.abbreviations("headline")
    assert "pte" not in knowledge.abbreviations("sentence")
    assert "u.s" not in knowledge.abbreviations("sentence")
    assert knowledge.abbreviations("sentence") | {"sept"} <= text._ABBREVIATIONS
    # read where they are used: no sentence ends after "Inc.", a name goes on past it
    assert [n.text for n in names.names_in("It said that Acme Inc. Robotics rose.")] == [
        "Acme Inc. Robotics"
    ]
    assert articles.is_headline_line("Acme buys Bolt from Cirrus Corp.")
