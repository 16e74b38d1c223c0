"""The fast ways of splitting text give exactly what the plain ways give, on generated texts full
of the hard cases (blank lines holding spaces or tabs, CRLF, lone short lines, Markdown and setext
headings, date lines, bullets, rules and front matter, lines near the length limits, stray
whitespace):

- ``_blocks`` skipping runs of body paragraphs with one pattern match (worth 5% of
  benchmarks/extract_bench.py's CPU time on its news profile): against its first definition,
  ``reference_blocks``, a loop step a paragraph;
- ``content_id`` encoding title and body apart, never joined (a 20 MB story is not copied once
  more): against its definition, the hash of ``" ".join(text.split()).lower()``;
- the plain-text path (``split_decoded_text(plain=True)``) against ``split_plain_text``.

Speed-ups worth under 2% of the bench that needed a copy of old code here were removed with it
(looking for rules paragraph by paragraph, testing a line for a date once, the substring tests
before the headline patterns)."""

from __future__ import annotations

import hashlib
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics import articles
from analytics.articles import _Block, content_id, plain_utf8_text, split_plain_text
from analytics.errors import InputError
from analytics.reading.decoding import decode_text as _decode_text

# ==================================================================================================
# The references: the definitions the speed-ups must match
# ==================================================================================================

_BLANK_LINES = re.compile(r"\n(?:[^\S\n]*\n)+")


def defined_content_id(title: str, body: str) -> str:
    """What ``content_id`` means: the hash of the words of title and body, lower case."""
    normalized = " ".join(f"{title}\n{body}".split()).lower().encode("utf-8")
    return hashlib.sha256(normalized).hexdigest()[:16]


def reference_blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    body: _Block | None = None
    pos = 0
    for sep in [*_BLANK_LINES.finditer(text), None]:
        stop = sep.start() if sep else len(text)
        if pos < stop and not text[pos].isspace() and not text[stop - 1].isspace():
            start, end = pos, stop
        else:
            chunk = text[pos:stop]
            stripped = chunk.strip()
            start = pos + chunk.index(stripped[0]) if stripped else -1
            end = start + len(stripped)
        if start >= 0:
            block = articles._describe(text, start, end)
            if block is not None:
                blocks.append(block)
                body = None
            elif body is not None:
                body.end = end
            else:
                blocks.append(_Block(start, end))
                body = blocks[-1] if len(blocks) > 1 else None
        if sep:
            pos = sep.end()
    return blocks


# ==================================================================================================
# Generated texts
# ==================================================================================================

#: Characters near every rule: ends of sentences and of abbreviations, emphasis, headings, quotes,
#: bullets, Unicode spaces, letters whose lower case is ASCII (Kelvin sign) or longer (dotted I).
_ODD_CHARS = ".:;,\"”’'…»“‘-–—/\\|([*_#>•!?)0129 \t\xa0\u2028\x1c\x85\u3000KİΣß"
_WORDS = st.text(alphabet="abcdefghij ABCDEF" + _ODD_CHARS, min_size=0, max_size=12)
_ENDINGS = [
    ".",
    " Inc.",
    " inc.",
    " U.S.",
    " u.k.",
    " U.\u212a.",  # a Kelvin sign, lower() gives "k"
    " Co.",
    " Corp.",
    " S.A.",
    " E.U.",
    " U.A.E.",
    " \u0130nc.",  # dotted capital I: lower() gives two characters
    "xinc.",
    "*",
    "_",
    "**",
    ":",
    "'",
    "”",
    " ",
    "\t",
    "?",
    "—",
    " 2021",
    ", 2021 —",
    "*" * 150,  # emphasis marks parse_date_line strips: a long line may hold a short date line
    "_" * 130,
]
_STARTS = ["", "# ", "## ", "#", "*", "_", "**", "• ", "- ", "> ", "1. ", " ", "\t", "“", "A", "a"]
_STARTS += ["*" * 150, "_" * 190 + "2021-11-29", "Nov. 29, 2021 "]


@st.composite
def _line_near_limits(draw: st.DrawFn) -> str:
    """A line of about 80, 200 or 400 characters, with a chosen start and end."""
    start = draw(st.sampled_from(_STARTS))
    end = draw(st.sampled_from(_ENDINGS))
    size = draw(st.sampled_from([78, 79, 80, 81, 82, 198, 199, 200, 201, 202, 399, 400, 401, 402]))
    size += draw(st.integers(-3, 3))
    filler = draw(st.sampled_from(["word ", "Acme raised funds ", "x", "a b", "é ü ", "*", "_"]))
    core = (filler * (size // len(filler) + 1))[: max(0, size - len(start) - len(end))]
    return start + core + end


_LINES = st.one_of(
    st.sampled_from(
        [
            "Acme raises $5M for warehouse robots",
            "Beta fined €2M by the CNIL",
            "# Beta fined €2M",
            "## Gamma lands $3M seed round",
            "Acme Robotics",
            "===",
            "---",
            "***",
            "___ ",
            "=====",
            "Acme raised $5 million.\n---",
            "Acme raised $5 million.\n***\nBeta fined $1M by FTC",
            "Ok.\n---",
            "!\n===\nAcme raises $5M for warehouse robots",
            "- - -",
            "2021-11-29",
            "Published: Nov. 29, 2021 at 10 a.m.",
            "November 29, 2021 —",
            "**Nov. 29, 2021**",
            "_27/02/2026_",
            "• a bullet point of some length",
            "* an item",
            "“A quote that runs on",
            "Image Credits: Acme",
            "Acme raised $5 million from Beta Ventures on Monday, the company said.",
            "title: Acme raises $5M",
            "date: 2021-11-29",
            "",
            " ",
            "\t",
            "\xa0",
            "\u2028",
            # long lines that parse_date_line or a heading test still reads short
            "2021-11-29" + "*" * 195,
            "Nov. 29, 2021" + "_" * 250,
            "**Acme raises $5M for warehouse robots" + "*" * 180,
            "# " + "Acme raises $5M for warehouse robots " * 6,
        ]
    ),
    _line_near_limits(),
    st.lists(_WORDS, max_size=30).map(" ".join),
)
_SEPARATORS = st.sampled_from(
    ["\n", "\n\n", "\n\n\n", "\n \n", "\n\t\n\n", "\r\n", "\r\n\r\n", "\n\xa0\n", " \n\n ", "\r"]
)


@st.composite
def news_texts(draw: st.DrawFn) -> str:
    """Lines joined by newlines and blank lines of every kind, maybe with front matter."""
    lines = draw(st.lists(_LINES, max_size=25))
    parts = [draw(st.sampled_from(["", "", "---\ntitle: Acme raises $5M\n---\n", "\ufeff", " \n"]))]
    for line in lines:
        parts.append(line)
        parts.append(draw(_SEPARATORS))
    if parts and draw(st.booleans()):
        parts.pop()  # no separator after the last line
    return "".join(parts)


def _as_tuples(found: list[articles.Article]) -> list[tuple[object, ...]]:
    return [(a.title, a.body, a.source, a.published, a.url, a.content_id) for a in found]


# ==================================================================================================
# Properties
# ==================================================================================================


@settings(deadline=None, max_examples=1500, suppress_health_check=[HealthCheck.too_slow])
@given(text=news_texts())
def test_blocks_match_reference(text: str) -> None:
    text = articles._normalize(text)
    assert articles._blocks(text) == reference_blocks(text)


@settings(deadline=None, max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(news_texts(), st.text(alphabet="ab.# *_\n\t\xa0:”", max_size=600)))
def test_split_plain_text_matches_reference(text: str) -> None:
    found = _as_tuples(split_plain_text(text, source="s.txt"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(articles, "_blocks", reference_blocks)
        patch.setattr(articles, "content_id", defined_content_id)
        expected = _as_tuples(split_plain_text(text, source="s.txt"))
    assert found == expected


_ID_TEXT = st.one_of(
    news_texts(),
    st.text(alphabet=" \n\t\r\x0b\x0c\x1c\x1f\x85\xa0\u2028\u3000aBcΣσςİKßé”€.", max_size=200),
    st.text(st.characters(blacklist_categories=()), max_size=40),  # lone surrogates too
)


@settings(deadline=None, max_examples=1500, suppress_health_check=[HealthCheck.too_slow])
@given(title=_ID_TEXT, body=_ID_TEXT)
def test_content_id_is_its_definition(title: str, body: str) -> None:
    try:
        expected = defined_content_id(title, body)
    except UnicodeEncodeError:
        with pytest.raises(UnicodeEncodeError):
            content_id(title, body)
        return
    assert content_id(title, body) == expected


def test_body_run_skips_paragraphs_in_bulk() -> None:
    """Long body paragraphs in a row make one block (the first block stays alone)."""
    para = "Acme raised $5 million from Beta Ventures, the company said on Monday. " * 4
    text = "Acme raises $5M for robots\n\n" + "\n\n".join([para.strip()] * 5)
    blocks = articles._blocks(text)
    assert blocks == reference_blocks(text)
    assert len(blocks) == 2 and blocks[1].end == len(text)


_SURROGATE_BYTES = st.sampled_from(
    [b"\x00\xd8", b"\xd8\x00", b"\x00\xdc", b"\x00\xd8\x00\x00", b"\xed\xa0\x80", b"\xed\xbf\xbf"]
)
_BOMS = st.sampled_from(
    [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"]
)


@settings(deadline=None, max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(
    bom=_BOMS,
    parts=st.lists(
        st.one_of(
            _SURROGATE_BYTES,
            st.binary(max_size=12),
            st.text(max_size=12).map(lambda s: s.encode("utf-16-le")),
            st.sampled_from([b"Acme raises $5M\n\n", b"A\x00c\x00m\x00e\x00\n\x00"]),
        ),
        max_size=12,
    ),
)
def test_text_a_utf_decoder_made_needs_no_surrogate_test(bom: bytes, parts: list[bytes]) -> None:
    """What ``_decode_text`` calls UTF-made holds no lone surrogate, so ``split_decoded_text``
    (which skips looking for one) splits it as ``split_plain_text`` does."""
    try:
        text, utf, _ = _decode_text(bom + b"".join(parts), "f.txt")
    except InputError:
        return
    if utf:
        assert not articles._has_surrogates(text)
        found = _as_tuples(articles.split_decoded_text(text, source="s"))
        assert found == _as_tuples(split_plain_text(text, source="s"))


#: News texts whose whitespace is mostly single spaces and newlines: plain as content_id needs it,
#: unless a character that lower() changes slipped in.
_PLAIN_NEWS = news_texts().map(lambda text: re.sub(r"[^\S\n]+", " ", text.replace("\r", "")))


@settings(deadline=None, max_examples=800, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(_PLAIN_NEWS, news_texts()))
def test_plain_text_splits_with_the_same_content_ids(text: str) -> None:
    """When ``plain_utf8_text`` calls a file plain, every title and body split from it is plain
    too, and ``split_decoded_text(plain=True)`` gives exactly the articles and content ids of
    ``split_plain_text``."""
    data = text.encode("utf-8", errors="replace")
    try:
        decoded, utf, wide = _decode_text(data, "f.txt")
    except InputError:
        return
    if wide is None or not plain_utf8_text(data, wide):
        return
    assert utf and decoded == data.decode("utf-8")
    found = articles.split_decoded_text(decoded, source="s", plain=True)
    for article in found:
        assert articles._plain_utf8(article.title) is not None
        assert articles._plain_utf8(article.body) is not None
    assert _as_tuples(found) == _as_tuples(split_plain_text(decoded, source="s"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(articles, "_blocks", reference_blocks)
        patch.setattr(articles, "content_id", defined_content_id)
        assert _as_tuples(found) == _as_tuples(split_plain_text(decoded, source="s"))


@pytest.mark.parametrize(
    ("data", "plain"),
    [
        (b"Acme raises $5M\n\nAcme raised \xe2\x80\x9c$5M\xe2\x80\x9d.", True),
        (b"Acme raises $5M\n\nAcme  raised $5M.", False),  # a double space
        (b"Acme raises $5M\n\nAcme\traised $5M.", False),  # a tab
        (b"Acme raises $5M\r\n\r\nAcme raised $5M.", False),  # carriage returns
        (b"Acme raises $5M\n\nAcme raised\xc2\xa0$5M.", False),  # a no-break space
        (b"Acme raises $5M\n\n\xc3\x89cole raised $5M.", False),  # lower() changes the capital
    ],
)
def test_plain_utf8_text(data: bytes, plain: bool) -> None:
    text, utf, wide = _decode_text(data, "f.txt")
    assert utf and text == data.decode("utf-8")
    assert (wide is not None and plain_utf8_text(data, wide)) == plain


@settings(deadline=None, max_examples=500)
@given(
    data=st.one_of(st.binary(max_size=40), st.text(alphabet=" a\n ", max_size=40).map(str.encode))
)
def test_has_double_space(data: bytes) -> None:
    assert articles._has_double_space(data) == (b"  " in data)
