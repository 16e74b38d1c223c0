"""Articles: the unit the extractor reads, and splitting plain text into them.

A plain-text file may hold one article or many in a row, each starting with its headline on a line
of its own, optionally followed by a date line (``2021-11-29``, ``November 29, 2021``,
``Published: ...``).

- ``Article``, ``content_id``: the record and its stable id.
- ``split_plain_text(text, *, source, published)``: plain text or Markdown to articles (the rules
  are in its docstring); linear in the text's length. ``split_decoded_text``: the same for text
  a strict UTF decoder made.
- ``is_headline_line(line)``, ``parse_date_line(line)``: the two line tests it is built on.
- ``parse_date(value)``: a date from a metadata value (ISO 8601, RFC 2822, a date line).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

from analytics import knowledge
from analytics.extractor.dates import MAX_DATE_LINE_CHARS as _MAX_DATE_LINE_CHARS
from analytics.extractor.dates import parse_date, parse_date_line

#: Between the headline and the body in ``Article.text``; spans count from the headline's start.
TITLE_SEPARATOR = "\n\n"

#: For ``content_id``'s fast way: the ASCII whitespace other than space and newline (what
#: str.split also splits on); every other ASCII byte; any whitespace character; two spaces.
_ODD_ASCII_SPACE = b"\t\x0b\x0c\r\x1c\x1d\x1e\x1f"
_ASCII_BUT_ODD_SPACE = bytes(range(128)).translate(None, _ODD_ASCII_SPACE)
_WHITESPACE = re.compile(r"\s")
_DOUBLE_SPACE = re.compile(b"  ")


@dataclass(frozen=True)
class Article:
    """One news article.

    >>> a = Article(title="Acme raises $5M", body="Acme raised $5 million.", source="x.txt")
    >>> a.text
    'Acme raises $5M\\n\\nAcme raised $5 million.'
    """

    title: str
    body: str
    source: str = "<text>"
    published: date | None = None
    url: str | None = None
    content_id: str = field(default="")

    def __post_init__(self) -> None:
        if not self.content_id:
            object.__setattr__(self, "content_id", content_id(self.title, self.body))

    @property
    def text(self) -> str:
        """Headline and body as one string; event spans are offsets into it."""
        return f"{self.title}{TITLE_SEPARATOR}{self.body}" if self.title else self.body

    @property
    def body_offset(self) -> int:
        """Where the body starts inside ``text``."""
        return len(self.title) + len(TITLE_SEPARATOR) if self.title else 0


def content_id(title: str, body: str) -> str:
    """A stable id from the article's words, blind to whitespace and case differences.

    >>> content_id("Acme", " It  raised\\n\\n$5M. ") == content_id("ACME", "It raised $5M.")
    True
    """
    # Title and body are encoded and tested apart, never joined into one string first: a copy of
    # the whole text saved, and "title\nbody" is plain exactly when both parts are (the newline
    # keeps a double space from forming across the join).
    # A title in printable ASCII (most are) has no odd space and nothing wide to test for.
    plain_title = title.isascii() and title.isprintable() and "  " not in title
    head = title.encode() if plain_title else _plain_utf8(title)
    data = _plain_utf8(body)
    if head is not None and data is not None:
        return _plain_content_id(title, body, head, data)
    if len(title) + len(body) > _STREAM_ID_BYTES:
        return _streamed_text_id(title, body)
    normalized = " ".join(f"{title}\n{body}".split()).lower().encode("utf-8")
    return hashlib.sha256(normalized).hexdigest()[:16]


_SPACE_CHAR = re.compile(r"\s")  # the whitespace str.split() splits on


def _streamed_text_id(*texts: str) -> str:
    """The hash ``content_id`` makes of ``" ".join(text.split()).lower()`` over ``texts`` joined
    by newlines, fed a chunk at a time (each cut at whitespace, so no word is split): splitting a
    24 MB text whole makes millions of word strings at once."""
    digest = hashlib.sha256()
    first = True
    for text in texts:
        start = 0
        while start < len(text):
            cut = _SPACE_CHAR.search(text, start + _STREAM_CHUNK)
            stop = cut.start() if cut else len(text)
            words = text[start:stop].split()
            if words:
                digest.update(((" " if not first else "") + " ".join(words).lower()).encode())
                first = False
            start = stop
    return digest.hexdigest()[:16]


#: Above this many bytes, ``_plain_content_id`` hashes line by line in chunks instead of
#: building the normalized text (four copies of a 24 MB one-line file at once otherwise).
_STREAM_ID_BYTES = 1 << 20
_STREAM_CHUNK = 1 << 20
_ASCII_SPACE = frozenset(b" \t\n\r\x0b\x0c")  # what bytes.strip() strips


def _plain_content_id(title: str, body: str, head: bytes, data: bytes) -> str:
    """``content_id`` of a plain title and body (see ``_plain_utf8``), given in UTF-8."""
    if len(head) + len(data) > _STREAM_ID_BYTES:
        newlines = head.count(b"\n") + data.count(b"\n")
        if 16 * (newlines + 1) < len(head) + len(data) + 1:
            return _streamed_content_id(head, data)
    lines = head.split(b"\n")
    lines += data.split(b"\n")
    # Lines under 16 bytes on average cost more stripped one by one than split into words.
    if 16 * (len(lines) - 1) < len(head) + len(data) + 1:
        # The usual case, done on the bytes without a string per word (twice as fast on news
        # text): joining the stripped non-empty lines collapses the whitespace, and lowering
        # the ASCII letters is all lower() would change.
        normalized = b" ".join(filter(None, map(bytes.strip, lines))).lower()
    else:
        normalized = " ".join(f"{title}\n{body}".split()).lower().encode("utf-8")
    return hashlib.sha256(normalized).hexdigest()[:16]


def _streamed_content_id(*parts: bytes) -> str:
    """The hash ``_plain_content_id`` makes of ``b" ".join(stripped non-empty lines).lower()``,
    fed to it a line (and a chunk of a long line) at a time: the same digest, no whole copy."""
    digest = hashlib.sha256()
    first = True
    for part in parts:
        start = 0
        while start <= len(part):
            end = part.find(b"\n", start)
            stop = len(part) if end < 0 else end
            low, high = start, stop
            while low < high and part[low] in _ASCII_SPACE:
                low += 1
            while high > low and part[high - 1] in _ASCII_SPACE:
                high -= 1
            if low < high:
                if not first:
                    digest.update(b" ")
                first = False
                for i in range(low, high, _STREAM_CHUNK):
                    digest.update(part[i : min(i + _STREAM_CHUNK, high)].lower())
            if end < 0:
                break
            start = end + 1
    return digest.hexdigest()[:16]


def plain_utf8_text(data: bytes, wide: bytes) -> bool:
    """Whether UTF-8 text is plain as ``content_id`` needs it (see ``_plain_utf8``), from its
    bytes ``data`` and those of them that are not printable ASCII or newlines, ``wide``, in order
    (a tab or carriage return there is whitespace, so not plain). Every title and body split
    from plain text is plain too: each is a piece of it without the line ends."""
    if _has_double_space(data):
        return False
    rest = wide.decode("utf-8")
    return rest.lower() == rest and not _WHITESPACE.search(rest)


def _has_double_space(data: bytes) -> bool:
    """Whether ``data`` holds two spaces in a row: ``b"  " in data``, five times faster on a
    whole file as three vector passes (spaces are too common for a substring search to skip)."""
    import numpy as np  # here: a file's worth of bytes pays for it; most users never get here

    space = np.frombuffer(data, np.uint8) == 32
    return bool((space[1:] & space[:-1]).any())


def _plain_utf8(text: str) -> bytes | None:
    """``text`` in UTF-8 when its only whitespace is single spaces and newlines and lower()
    changes none of its characters beyond ASCII; else None."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: the general way raises the error
        return None
    # A compiled search finds the double space a quarter faster than ``in`` on news text.
    if _DOUBLE_SPACE.search(data):
        return None
    # UTF-8 writes characters beyond ASCII with bytes of 0x80 and up only, so deleting the ASCII
    # bytes but the odd spaces leaves exactly those characters, in order, and the odd spaces
    # (whitespace too): one pass for both tests. lower() keeps the characters only if it keeps
    # each one (a character never lowers to nothing; a capital sigma always changes).
    wide = data.translate(None, _ASCII_BUT_ODD_SPACE)
    if wide:
        rest = wide.decode("utf-8")
        if rest.lower() != rest or _WHITESPACE.search(rest):
            return None
    return data


# ==================================================================================================
# Data tables (lower case; matched against the start or end of a stripped line)
# ==================================================================================================

#: Headline length bounds, in characters, for a plain line standing alone (Markdown headings and a
#: file's first line may be shorter).
MIN_HEADLINE_CHARS = 15
MAX_HEADLINE_CHARS = 200


#: A line ending in one of these is a sentence or a fragment, not a headline (``?`` and ``!`` are
#: allowed: "Is this the end of the SPAC boom?" is a headline).
_SENTENCE_END = frozenset(".:;,\"”’'…»“‘-–—/\\|([")

#: A line ending in ``.`` is still a headline when the last word is one of these.
_ABBREVIATIONS_AT_END = knowledge.abbreviations("headline")

#: First characters of bullets and block quotes; such a line is never a headline.
_BULLETS = frozenset("•◦▪▫‣⁃●○■□►▶▸✓✔✗-–—*+·>|")

#: Opening quote marks: a line that opens with one is a quotation (see ``_is_quotation``).
_OPENING_QUOTES = frozenset("\"“”‘'«„‚‹")
_CLOSING_QUOTES = frozenset("\"”’'»›")

#: Body text, not headlines: a line opening with a connective and a comma, or holding a full stop
#: between two sentences.
_SPLITTING = knowledge.document("splitting")  # data: knowledge/splitting.yaml, with examples
_CONNECTIVE_OPENING = re.compile(
    "(?:" + "|".join(_SPLITTING["connectives"]["pattern"]) + r"),\s", re.IGNORECASE
)
_SENTENCE_INSIDE = re.compile(r"[a-z]{3}\.\s+[A-Z][a-z]")

#: A line that reads as a news headline even without a blank line under it: it names money or
#: a deal-news verb ("Acme raises $5M", "FTC: Acme to pay ...", "Bolt acquired by Acme").
_NEWS_HEADLINE = knowledge.regex("deals", "news_headline")  # knowledge/patterns/deals.yaml
_ROUNDUP_RE = knowledge.regex("deals", "roundup_headline")
_HEADLINE_MONEY_RE = knowledge.regex("deals", "headline_money")


_RULE_LINE = re.compile(r"(?:-{3,}|\*{3,}|_{3,}|={3,})[^\S\n]*")
#: Where a line may start with a rule: only text holding one needs ``_blank_rules_after_bodies``
#: (one search for the newline, about six times faster than four substring searches).
_RULE_START = re.compile(r"\n(?:---|\*\*\*|___|===)")  # literals: {3} is 5x slower on "\n" floods


def _blank_rules_after_bodies(text: str) -> str:
    """A ``---`` / ``***`` / ``___`` line under a body paragraph separates stories like a blank
    line (under a short title line it is a setext heading, and stays). Same length, so offsets
    hold; one pass over the lines."""
    lines = text.split("\n")
    for i in range(1, len(lines)):
        prev = lines[i - 1].rstrip()
        if _RULE_LINE.fullmatch(lines[i]) and prev and (len(prev) > 200 or prev[-1] in '.!?"”’)'):
            lines[i] = " " * len(lines[i])
    return "\n".join(lines)


def _body_follows(line: str) -> bool:
    """A line that starts a story's body: long, and opening like a sentence."""
    opens = line[0].isupper() or line[0] in "\"“'‘("
    return opens and (len(line) >= 80 or (len(line) >= 30 and line[-1] in '.!?"”'))


#: Captions, credits and editorial notes: such a line is never a headline.
_NOT_HEADLINE_PREFIXES: tuple[str, ...] = tuple(sorted(knowledge.words("not_headline_prefixes")))

# ==================================================================================================
# Patterns (each applied only to a line already known to be short, so none can run long)
# ==================================================================================================

#: A numbered or lettered list item: ``1. ``, ``2) ``, ``(3) ``, ``a) ``, ``(b) ``.
_LIST_ITEM = re.compile(_SPLITTING["list_item"]["pattern"], re.VERBOSE | re.IGNORECASE)


#: Separators between blocks: a newline, then one or more lines holding only whitespace.
_BLANK_LINES = re.compile(r"\n(?:[^\S\n]*\n)+")

#: Characters Python can hold in a ``str`` but not encode: lone UTF-16 surrogates.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


#: A run of paragraphs ``_describe`` would call body text without a look at their words, each
#: with the separator after it (group 1 ends at the last paragraph's end): one stripped line that
#: does not start a Markdown heading or emphasis, and either runs over ``MAX_HEADLINE_CHARS``
#: without emphasis at its end, or runs over ``_MAX_DATE_LINE_CHARS`` (no date line) and ends like
#: a sentence (no headline; a ``.`` only after a last word that is no abbreviation in
#: ``_ABBREVIATIONS_AT_END``, matched case-blind so that a word ``lower()`` maps onto one counts).
#: Atomic groups: a paragraph or separator once matched is never re-tried shorter.
_LONG_BODY = rf"[^\n]{{{MAX_HEADLINE_CHARS - 1},}}[^\s*_]"
_NO_ABBREVIATION = "".join(rf"(?<!(?i:\s{re.escape(a)}))" for a in sorted(_ABBREVIATIONS_AT_END))
_SENTENCE_LINE = rf"[^\n]{{{_MAX_DATE_LINE_CHARS - 1},{MAX_HEADLINE_CHARS - 2}}}"
_ENDS_BUT_DOT = re.escape("".join(sorted(_SENTENCE_END - {"."} - _CLOSING_QUOTES)))
_QUOTE_ENDS = re.escape("".join(sorted(_SENTENCE_END & _CLOSING_QUOTES)))
# A closing quote after a word may end a headline (``_ends_quoting_words``): left to _describe.
_SENTENCE_BODY = (
    _SENTENCE_LINE + rf"(?:[{_ENDS_BUT_DOT}]|(?<!\w)[{_QUOTE_ENDS}]|\.{_NO_ABBREVIATION})"
)
_BODY_PARAGRAPH = rf"[^\s#*_](?:{_LONG_BODY}|{_SENTENCE_BODY})"
_BODY_RUN = re.compile(rf"(?:(?>({_BODY_PARAGRAPH}))(?>{_BLANK_LINES.pattern}|\Z))+")


# ==================================================================================================
# Headlines
# ==================================================================================================


def _markdown_heading(line: str) -> tuple[int, str] | None:
    """``(level, text)`` of an ATX heading line (``## Acme raises $5M ##``), else None."""
    level = len(line) - len(line.lstrip("#"))
    if not 1 <= level <= 6 or len(line) == level or line[level] not in " \t":
        return None
    text = line[level:].strip()
    stripped = text.rstrip("#")
    if stripped != text and (not stripped or stripped[-1] in " \t"):
        text = stripped.rstrip()
    return (level, text) if text else None


def _is_quotation(line: str) -> bool:
    """A quoted line: it opens with a quote mark and closes one at its end, never closes one, or
    closes one after punctuation (``“We are proud,” she said``)."""
    if line[0] not in _OPENING_QUOTES:
        return False
    if line[-1] in _CLOSING_QUOTES:
        return True
    rest = line[1:]
    if not any(q in rest for q in "”\"»’'"):
        return True
    return any(p + q in rest for p in ",.?!" for q in '”"»')


def _ends_quoting_words(line: str) -> bool:
    """A line that ends by closing a quote it opened on a word, with no punctuation inside the
    close (``Jokowi launches a fund for 'soonicorns'``): a headline may end so, a sentence
    closes its quote after a full stop or a comma.

    >>> [_ends_quoting_words(s) for s in ("Court calls the fee 'unfair'", 'he said "no."')]
    [True, False]
    """
    if line[-1] not in _CLOSING_QUOTES or not line[-2:-1].isalnum():
        return False
    opening = line.rfind(" " + ("‘" if line[-1] == "’" else "“" if line[-1] == "”" else line[-1]))
    return opening >= 0 and line[opening + 2 : opening + 3].isalnum()


def is_headline_line(line: str) -> bool:
    """Whether one stripped line, standing alone, looks like a headline.

    >>> is_headline_line("Kestrel Labs raises $8M to cast metal parts faster")
    True
    >>> [is_headline_line(s) for s in ("Image Credits: AWS", "• Skycorp builds docks", "Thanks.")]
    [False, False, False]
    """
    if not MIN_HEADLINE_CHARS <= len(line) <= MAX_HEADLINE_CHARS:
        return False
    first, last = line[0], line[-1]
    if first in _BULLETS or first in "([!" or _is_quotation(line):
        return False
    if last in _SENTENCE_END and not (
        (last == "." and line.rsplit(None, 1)[-1].lower() in _ABBREVIATIONS_AT_END)
        or _ends_quoting_words(line)
    ):
        return False
    low = line[:24].lower()  # longer than any prefix
    if low.startswith(_NOT_HEADLINE_PREFIXES) or _LIST_ITEM.match(line):
        return False
    if _CONNECTIVE_OPENING.match(line) or _SENTENCE_INSIDE.search(line):
        return False  # "Separately, Acme signed ...", "Acme grew. It now ..."
    if not any(c.isalpha() for c in line):
        return False
    return parse_date_line(line) is None


# ==================================================================================================
# Splitting
# ==================================================================================================


@dataclass(slots=True)
class _Block:
    """A run of non-blank lines: ``text[start:end]``, with what its first lines say. Body text
    (runs with no headline and no date line) is one block up to the next run that has one."""

    start: int
    end: int
    title: str | None = None  # the headline it starts with, if it may start an article
    level: int = 0  # Markdown heading level (1-6); 0 for a plain line
    dated: date | None = None  # a date line under the headline, inside this block
    body_start: int | None = None  # where text after the headline (and date) starts, if any
    date_first: date | None = None  # the date on this block's first line, if it is a date line
    after_date: int | None = None  # where text after that first-line date starts, if any


@dataclass(slots=True)
class _Draft:
    title: str
    published: date | None
    body_start: int | None = None
    body_end: int | None = None
    head_start: int | None = None  # where its headline line starts (plain text, after the first)

    def extend(self, start: int, end: int) -> None:
        if self.body_start is None:
            self.body_start = start
        self.body_end = end


def _normalize(text: str, *, surrogates: bool = True) -> str:
    """One newline style, no byte-order mark, no unencodable surrogates (looked for unless
    ``surrogates`` is false: the caller knows there are none)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if surrogates and _has_surrogates(text):
        text = _LONE_SURROGATE.sub("\ufffd", text)
    return text


def _has_surrogates(text: str) -> bool:
    """Whether ``text`` holds a surrogate code point: strict UTF-8 encoding fails on exactly
    those, and runs several times faster than searching for them with a pattern."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _blocks(text: str) -> list[_Block]:
    """The non-blank blocks of ``text``, stripped, in order (one linear scan).

    Runs of body text in a row after the first block make one block: splitting treats them
    alike (each extends the story before), and most runs are paragraphs of body text, so this
    saves an object and a loop step each. The first block stays alone: it is read differently.
    Paragraphs that are plainly body text (``_BODY_RUN``) are skipped a run at a time, by one
    pattern match, instead of one loop step each.
    """
    blocks: list[_Block] = []
    body: _Block | None = None  # the last block, when it is body text that may grow
    pos = 0  # where the next paragraph starts: 0 or the end of a separator
    size = len(text)
    while True:
        if blocks and (run := _BODY_RUN.match(text, pos)):
            end = run.end(1)  # where the run's last paragraph ends
            if body is not None:
                body.end = end
            else:
                body = _Block(pos, end)  # never the first block: that one is already there
                blocks.append(body)
            pos = run.end()
        sep = _BLANK_LINES.search(text, pos)
        stop = sep.start() if sep else size
        if pos < stop and not text[pos].isspace() and not text[stop - 1].isspace():
            start, end = pos, stop  # already stripped: the usual case
        else:
            chunk = text[pos:stop]
            stripped = chunk.strip()
            start = pos + chunk.index(stripped[0]) if stripped else -1
            end = start + len(stripped)
        if start >= 0:
            block = _describe(text, start, end)
            if block is not None:
                blocks.append(block)
                body = None
            elif body is not None:
                body.end = end
            else:
                blocks.append(_Block(start, end))
                body = blocks[-1] if len(blocks) > 1 else None
        if sep is None:
            return blocks
        pos = sep.end()


def _next_line(text: str, start: int, end: int) -> tuple[str, int | None]:
    """The stripped line at ``start`` (up to ``end``) and where the next line starts."""
    nl = text.find("\n", start, end)
    if nl < 0:
        return text[start:end].strip(), None
    return text[start:nl].strip(), nl + 1


def _line_length(text: str, start: int, end: int) -> int:
    """``len(_next_line(text, start, end)[0])`` without copying the line."""
    nl = text.find("\n", start, end)
    low, high = start, (end if nl < 0 else nl)
    while low < high and text[low].isspace():
        low += 1
    while high > low and text[high - 1].isspace():
        high -= 1
    return high - low


def _describe(text: str, start: int, end: int) -> _Block | None:
    """What a block's first lines say: a headline (Markdown or plain) or a date line; None for
    body text (neither)."""
    nl = text.find("\n", start, end)
    first_end = end if nl < 0 else nl
    if first_end - start > 2 * MAX_HEADLINE_CHARS:
        return None  # a long first line is body text; never look further into it
    if (
        nl < 0
        and end - start > MAX_HEADLINE_CHARS
        and text[start] not in "#*_"
        and text[end - 1] not in "*_"
    ):
        # The usual paragraph: one line (already stripped), too long for a headline, and for a
        # date line even once parse_date_line strips emphasis marks (none at either end).
        return None
    first = text[start:first_end].strip()
    rest = None if nl < 0 else nl + 1
    # Most blocks are paragraphs: skip the date pattern when the line is too long for a date line
    # even after parse_date_line strips its emphasis marks (none at either end).
    if len(first) <= _MAX_DATE_LINE_CHARS or first[0] in "*_" or first[-1] in "*_":
        day = parse_date_line(first)
        if day is not None:
            return _Block(start, end, date_first=day, after_date=rest)
    if rest is None and first[0] != "#":
        # One plain line: no Markdown heading, no setext underline, no date line under it.
        return _Block(start, end, title=first) if is_headline_line(first) else None
    block = _Block(start, end)
    heading = _markdown_heading(first) if first.startswith("#") else None
    second, after_second = ("", None) if rest is None else _next_line(text, rest, end)
    if heading is None and second and len(second) >= 3 and set(second) in ({"="}, {"-"}):
        heading = (1 if second[0] == "=" else 2, first)  # a setext heading
        rest, (second, after_second) = (
            after_second,
            (("", None) if after_second is None else _next_line(text, after_second, end)),
        )
    if heading is not None:
        block.level, block.title = heading
    elif rest is None or parse_date_line(second) is not None:
        block.title = first if is_headline_line(first) else None
    elif _body_follows(second) and is_headline_line(first) and _NEWS_HEADLINE.search(first):
        block.title = first  # a wire-style headline with its story on the very next line
    if block.title is None:
        return None
    block.body_start = rest
    if rest is not None and (day := parse_date_line(second)) is not None:
        block.dated, block.body_start = day, after_second
    return block


def _front_matter(text: str) -> tuple[str | None, date | None, int]:
    """Title and date from a leading ``---`` front-matter block, and where the rest starts."""
    if not text.startswith("---\n"):
        return None, None, 0
    title: str | None = None
    day: date | None = None
    pos = 4
    for _ in range(100):
        line, nxt = _next_line(text, pos, len(text))
        if line in ("---", "..."):
            return title, day, len(text) if nxt is None else nxt
        key, colon, value = line.partition(":")
        value = value.strip().strip("'\"").strip()
        if colon and key.strip().lower() in ("title", "headline") and value:
            title = value
        elif colon and key.strip().lower() in ("date", "published", "published_at", "pubdate"):
            day = parse_date(value) or day
        if nxt is None:
            break
        pos = nxt
    return None, None, 0  # no closing line: not front matter


def _opening(text: str, block: _Block, more: bool) -> _Draft:
    """The file's first article, from its first block: the first non-blank line is its headline
    when it can be one (see ``split_plain_text``)."""
    if block.title is not None and (block.body_start is not None or more or block.level):
        draft = _Draft(block.title, block.dated)
        if block.body_start is not None:
            draft.extend(block.body_start, block.end)
        return draft
    if _line_length(text, block.start, block.end) > MAX_HEADLINE_CHARS:
        first, rest = "", None  # too long for a headline: never copied (a 24 MB line would be)
    else:
        first, rest = _next_line(text, block.start, block.end)
    if first and len(first) <= MAX_HEADLINE_CHARS and first[-1] not in "\"”’'":
        if rest is None and more:  # a lone short line with text after it
            return _Draft(first, None)
        if rest is not None and first[-1] not in _SENTENCE_END:
            second, after = _next_line(text, rest, block.end)
            if not second[0].islower():  # not a sentence wrapped onto the next line
                draft = _Draft(first, None)
                if (day := parse_date_line(second)) is not None:
                    draft.published = day
                    rest = after
                if rest is not None:
                    draft.extend(rest, block.end)
                return draft
    draft = _Draft("", None)
    draft.extend(block.start, block.end)
    return draft


def split_plain_text(
    text: str, *, source: str = "<text>", published: date | None = None
) -> list[Article]:
    """Split a plain-text or Markdown file into its articles.

    Each article starts with its headline on a line of its own:

    - a Markdown heading (``# Acme raises $5M`` or a setext heading). When the file's first line is
      a Markdown heading, only headings of the file's top level start articles; deeper headings and
      plain lines stay in the body.
    - otherwise a plain line of 15 to 200 characters standing alone between blank lines that does
      not end like a sentence (``.`` ``:`` ``;`` ``,`` quote marks, dashes), is not a bullet, list
      item, quotation, caption (``Image Credits: ...``), editorial note (``Updated ...``), link or
      date line, and is followed by body text. A headline needs the article before it to have a
      body, so a short line right under a headline (a subtitle) stays in the body.

    A date line right under a headline (``2021-11-29``, ``November 29, 2021``, ``Nov. 29, 2021``,
    ``29 November 2021``, optionally after ``Published:``, ``Updated:``, ``Date:`` and before a
    time) becomes the article's ``published`` date and leaves the body; articles without one get
    ``published``. A leading ``---`` front-matter block may give the first title and date.

    The first non-blank line is the first headline when it can be one: a line of at most 200
    characters that stands alone with more text after it, or that does not end like a sentence and
    is followed by a line that does not start in lower case. Otherwise (a single paragraph, a first
    line that is long, a quotation, or a sentence wrapped across lines) the text up to the first
    headline is an untitled article (``title == ""``).

    Bodies are the text between headlines, stripped, with paragraphs and line breaks as written;
    line endings become ``\\n``. Blank text gives ``[]``. Runs in one linear pass.

    >>> text = "Acme raises $5M\\n\\nAcme raised $5M.\\n\\nBeta fined $1M by FTC\\n\\nBeta paid."
    >>> [(a.title, a.body) for a in split_plain_text(text)]
    [('Acme raises $5M', 'Acme raised $5M.'), ('Beta fined $1M by FTC', 'Beta paid.')]
    """
    return _split(_normalize(text), source, published)


def split_decoded_text(
    text: str, *, source: str = "<text>", published: date | None = None, plain: bool = False
) -> list[Article]:
    """``split_plain_text`` for text a strict UTF-8, UTF-16 or UTF-32 decoder made: such text
    holds no lone surrogate, so the pass over the whole text that looks for one is skipped.
    ``plain``: ``plain_utf8_text`` found the whole text plain, so the content ids skip the
    per-article tests."""
    return _split(_normalize(text, surrogates=False), source, published, plain)


def _split(text: str, source: str, published: date | None, plain: bool = False) -> list[Article]:
    """``split_plain_text`` on normalized text; ``plain`` as for ``split_decoded_text``."""
    fm_title, fm_date, offset = _front_matter(text)
    if offset:
        text = text[offset:]
    as_written = text
    if _RULE_START.search(text):
        text = _blank_rules_after_bodies(text)
    blocks = _blocks(text)
    if not blocks:
        return [Article(fm_title, "", source, fm_date or published)] if fm_title else []
    markdown = blocks[0].level > 0
    top = min((b.level for b in blocks if b.level), default=0)
    if markdown:
        # "# Weekly digest" over "## story" headings: the one title names the file, and the
        # stories are the next level down.
        levels = [b.level for b in blocks if b.level]
        below = [lv for lv in levels if lv > top]
        if levels.count(top) == 1 and len(below) >= 2:
            top = min(below)

    if fm_title is not None and not (
        blocks[0].title and blocks[0].title.casefold() == fm_title.casefold()
    ):
        drafts = [_Draft(fm_title, fm_date)]
        i = 0
    else:
        drafts = [_opening(text, blocks[0], len(blocks) > 1)]
        drafts[0].published = drafts[0].published or fm_date
        i = 1
    for k in range(i, len(blocks)):
        block, current = blocks[k], drafts[-1]
        if block.title is not None and (
            block.level == top if markdown else _starts_article(blocks, k, current)
        ):
            drafts.append(_Draft(block.title, block.dated, head_start=block.start))
            if block.body_start is not None:
                drafts[-1].extend(block.body_start, block.end)
        elif block.date_first is not None and _awaits_date(current):
            current.published = block.date_first  # a date line standing under the headline
            if block.after_date is not None:
                current.extend(block.after_date, block.end)
        else:
            current.extend(block.start, block.end)
    if not markdown:
        drafts = _section_headings_kept_in(drafts, text)
    # Sliced from the text as written: a rule blanked to find the stories stays in a body it did
    # not end (same length, so the offsets hold).
    bodies = [
        _stripped_slice(as_written, d.body_start, d.body_end) if d.body_start is not None else ""
        for d in drafts
    ]
    return [
        Article(
            title=d.title,
            body=body,
            source=source,
            published=d.published or published,
            content_id=(
                _plain_content_id(d.title, body, d.title.encode(), body.encode()) if plain else ""
            ),
        )
        for d, body in zip(drafts, bodies, strict=True)
    ]


_RULE_BEFORE = re.compile(r"(?:-{3,}|\*{3,}|_{3,}|={3,})[^\S\n]*\s*$")


def _reads_as_story_headline(title: str) -> bool:
    """A headline of a story of its own, not a section heading: it names money and a deal or a
    fine ("Wioshcyx raises ¥4 bn pre-seed"), or says one in five words or more."""
    return bool(_NEWS_HEADLINE.search(title)) and (
        bool(_HEADLINE_MONEY_RE.search(title)) or len(title.split()) >= 5
    )


def _section_headings_kept_in(drafts: list[_Draft], text: str) -> list[_Draft]:
    """In a file whose stories each carry a date line under the headline, a headline-like line
    without one is a section heading of the story before ("Where the companies are"), not a
    story of its own: its line and text go back into that story, unless a rule line
    (``----``) stands above it."""
    after_rule = [
        d.head_start is not None
        and bool(_RULE_BEFORE.search(text, max(0, d.head_start - 40), d.head_start))
        for d in drafts
    ]
    dated = sum(d.published is not None for d in drafts)
    # Where rules separate the stories and the stories under them are dated, the rules, not the
    # share of dated drafts, tell stories from headings (a long round-up has many headings).
    ruled = [d for d, rule in zip(drafts, after_rule, strict=True) if rule]
    by_rules = len(ruled) >= 2 and sum(d.published is not None for d in ruled) >= 0.8 * len(ruled)
    if not by_rules and (dated < 2 or dated < 0.6 * len(drafts)):
        return drafts
    kept = [drafts[0]]
    for draft, rule in zip(drafts[1:], after_rule[1:], strict=True):
        if (
            draft.published is None
            and draft.head_start is not None
            and not rule
            and (not _reads_as_story_headline(draft.title) or _ROUNDUP_RE.search(kept[-1].title))
        ):
            kept[-1].extend(draft.head_start, draft.body_end or draft.head_start + len(draft.title))
        else:
            kept.append(draft)
    return kept


def _stripped_slice(text: str, start: int, end: int | None) -> str:
    """``text[start:end].strip()`` with one copy, not two: the bounds move past the whitespace
    first (a 24 MB one-story file would otherwise hold its body twice for a moment)."""
    end = len(text) if end is None else min(end, len(text))
    start = max(start, 0)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return text[start:end]


def _starts_article(blocks: list[_Block], i: int, current: _Draft) -> bool:
    """Whether plain block ``i`` (a headline-like line) starts a new article."""
    block = blocks[i]
    if current.body_start is None:
        return False  # the article before has no body yet: this is its subtitle
    if block.body_start is not None:
        return True  # body text follows in the same block
    j = i + 1
    if j >= len(blocks):
        return False  # nothing after it
    nxt = blocks[j]
    if block.dated is None and nxt.date_first is not None:
        return nxt.after_date is not None or j + 1 < len(blocks)  # date line, then body
    # a dated headline right after this one is the real one
    return not (block.dated is None and nxt.title is not None and nxt.dated is not None)


def _awaits_date(draft: _Draft) -> bool:
    """A headline with nothing under it yet: a date line may follow."""
    return bool(draft.title) and draft.published is None and draft.body_start is None
