"""Bad and odd inputs: each gets one clear, specific message (or is read safely).

``BAD_INPUTS`` is a table other tests may import (``from test_bad_input import BAD_INPUTS``): each
row builds its input inside a temporary folder, and says either the exact message (or the code and
a key phrase) that ``read_articles`` must raise, or how many articles it must read. The store
test at the end replays the table against ``analytics.store.Store`` and checks that no failed read
changes its row counts.
"""

from __future__ import annotations

import io
import random
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from analytics.errors import InputError
from analytics.reading import SUPPORTED_EXTENSIONS, limits, read_articles

MB = 1024 * 1024
STORY = b"Acme raises $5M for warehouse robots\n\nAcme raised $5 million from Beta Ventures.\n"
SUPPORTED = ", ".join(SUPPORTED_EXTENSIONS)
TO_TEXT = "copy the article text into a .txt file, or save the page as .html, and try again."
NEVER_RUN = "Dealscope never runs files; give it the articles as .txt, .html, .json or .csv."
PUT_FILES = "put .txt, .md, .html, .json, .jsonl, .csv, .pdf or .docx files in it."


@dataclass(frozen=True)
class Phrase:
    """An expected message given by a key phrase it must contain (when the exact text depends on
    byte counts the test does not control)."""

    text: str


@dataclass(frozen=True)
class Case:
    id: str
    #: The file name passed to ``read_articles`` (ignored when ``make`` returns a path).
    name: str
    #: Builds the input (bytes, or a path inside the given temporary folder).
    make: Callable[[Path], bytes | Path]
    #: The error code, or None when the input is read.
    code: str | None
    #: The exact message (or a ``Phrase``); for inputs that are read, the number of articles.
    expected: str | Phrase | int
    #: Settings of ``analytics.reading`` to change for this case (limits made small to test).
    patch: dict[str, int] = field(default_factory=dict)


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buf.getvalue()


def _words(size: int, seed: int = 0, vocabulary: int = 100) -> bytes:
    """``size`` bytes of made-up words: text that packs only a few times smaller."""
    rng = random.Random(seed)
    words = [
        bytes(rng.choices(b"abcdefghijklmnopqrstuvwxyz", k=rng.randint(2, 9))) for _ in range(5000)
    ]
    out = bytearray()
    while len(out) < size:
        out += rng.choice(words) + b" "
    return bytes(out[:size])


def _lying_zip() -> bytes:
    """A zip whose directory says a member is 5 bytes long while it unpacks to much more."""
    data = bytearray(_zip({"small.txt": STORY * 2000}))
    directory = data.rfind(b"PK\x01\x02")
    data[directory + 24 : directory + 28] = (5).to_bytes(4, "little")  # uncompressed size
    local = data.find(b"PK\x03\x04")
    data[local + 22 : local + 26] = (5).to_bytes(4, "little")
    return bytes(data)


def _big_file(tmp: Path) -> Path:
    path = tmp / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(26 * MB)  # sparse: quick to make
    return path


def _const(data: bytes) -> Callable[[Path], bytes]:
    return lambda _tmp: data


# fmt: off
BAD_INPUTS: list[Case] = [
    # --- nothing to read -----------------------------------------------------------------------
    Case("empty file", "a.txt", _const(b""), "empty",
         "“a.txt” is empty (0 bytes): choose a file that contains article text."),
    Case("whitespace only", "blank.md", _const(b" \n\t\r\n  \n"), "blank",
         "“blank.md” holds only blank space: choose a file that contains article text."),
    Case("whitespace only in UTF-16", "blank16.txt", _const(" \n \n".encode("utf-16")), "blank",
         "“blank16.txt” holds only blank space: choose a file that contains article text."),
    Case("byte-order mark only", "bom.txt", _const(b"\xef\xbb\xbf"), "blank",
         "“bom.txt” holds only blank space: choose a file that contains article text."),
    Case("missing path", "", lambda tmp: tmp / "missing.txt", "not_found",
         "“missing.txt” was not found: check the file name and its folder."),
    Case("folder instead of a file", "", lambda tmp: tmp, "not_a_file",
         Phrase("is a folder, not a file: choose a file inside it.")),
    # --- binary files --------------------------------------------------------------------------
    Case("damaged PDF", "report.pdf", _const(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"),
         "pdf_damaged", "“report.pdf” is a damaged PDF (Stream has ended unexpectedly): save it "
         "again from its source, or copy its text into a .txt file and try again."),
    Case("PDF named .txt", "report.txt", _const(b"%PDF-1.4\n"), "binary",
         f"“report.txt” is a PDF document, not text: give it a .pdf name (PDFs are read), or "
         f"{TO_TEXT}"),
    Case("PNG", "photo.png", _const(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "binary",
         f"“photo.png” is a PNG image, not text: {TO_TEXT}"),
    Case("JPEG named .md", "photo.md", _const(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"), "binary",
         f"“photo.md” is a JPEG image, not text: {TO_TEXT}"),
    Case("GIF", "anim.gif", _const(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"), "binary",
         f"“anim.gif” is a GIF image, not text: {TO_TEXT}"),
    Case("ZIP named .txt", "archive.txt", _const(_zip({"a.txt": STORY})), "binary",
         "“archive.txt” is a ZIP archive (or an Office document), not text: give an archive of "
         "articles a .zip name; save Office documents as .txt or .csv."),
    Case("Word document with no Word parts", "letter.docx",
         _const(_zip({"word/document.xml": b"<w/>"})), "docx_damaged",
         "“letter.docx” is not a readable Word document (\"There is no item named "
         "'[Content_Types].xml' in the archive\"): save it again as .docx, or copy its text into a "
         ".txt file and try again."),
    Case("ELF executable without extension", "tool", _const(b"\x7fELF\x02\x01\x01" + bytes(9)),
         "binary", f"“tool” is a program (ELF executable), not text: {NEVER_RUN}"),
    Case("Windows executable", "setup.exe", _const(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"),
         "binary", f"“setup.exe” is a program (Windows executable), not text: {NEVER_RUN}"),
    Case("NUL bytes in text", "data.txt", _const(b"Acme raises\x00\x00\x01 $5M\n"), "binary",
         f"“data.txt” is binary data (it holds NUL bytes), not text: {TO_TEXT}"),
    Case("terminal control codes", "term.txt", _const(b"\x1b\x07\x08" * 100), "binary",
         f"“term.txt” is binary data (it holds many control characters), not text: {TO_TEXT}"),
    # --- size ----------------------------------------------------------------------------------
    Case("bytes over the size limit", "big.txt", lambda _tmp: b"a" * (30 * MB), "too_large",
         "“big.txt” is 30 MB, over the 25 MB limit for one file: split it into smaller files "
         "(the limit is set by DEALSCOPE_MAX_FILE_MB)."),
    Case("file over the size limit", "", _big_file, "too_large",
         "“huge.txt” is 26 MB, over the 25 MB limit for one file: split it into smaller files "
         "(the limit is set by DEALSCOPE_MAX_FILE_MB)."),
    # --- encodings -----------------------------------------------------------------------------
    Case("invalid UTF-8", "broken.txt",
         _const("Café “Acme” raises €5M\n\n".encode() + b"Bad byte \xff here."), "not_utf8",
         "“broken.txt” is not valid UTF-8 (byte 0xFF at offset 40 cannot be decoded): save it as "
         "UTF-8 and try again."),
    Case("undecodable bytes", "noise.txt", _const(bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 100),
         "undecodable", "“noise.txt” is not text in any encoding Dealscope recognises: save it "
         "as UTF-8 text and try again."),
    # --- JSON ----------------------------------------------------------------------------------
    Case("invalid JSON", "bad.json", _const(b'[\n  {"title": "x",}\n]'), "bad_json",
         "“bad.json” is not valid JSON (Expecting property name enclosed in double quotes at "
         "line 2, column 17): fix the file or export it again."),
    Case("JSON array of numbers", "numbers.json", _const(b"[1, 2, 3]"), "json_shape",
         "“numbers.json” holds an array of numbers, not a list of articles: expected an array of "
         "objects (or an object holding one) with fields such as title and text."),
    Case("JSON object without a list", "status.json", _const(b'{"status": "ok", "n": 3}'),
         "json_shape", "“status.json” holds an object with no list of articles, not a list of "
         "articles: expected an array of objects (or an object holding one) with fields such as "
         "title and text."),
    Case("JSON string", "string.json", _const(b'"Acme raises $5M"'), "json_shape",
         "“string.json” holds a string, not a list of articles: expected an array of objects (or "
         "an object holding one) with fields such as title and text."),
    Case("JSON records without text", "scores.json", _const(b'[{"id": 1, "score": 2}]'),
         "no_text_field", "“scores.json” has no text field: fields seen are “id”, “score”; call "
         "the article text text, body, content or description, or the headline title."),
    Case("JSON nested too deeply", "deep.json", _const(b"[" * 100_000), "json_too_deep",
         "“deep.json” is nested too deeply to read: export the articles as a flat list."),
    Case("JSON Lines with a broken line", "feed.jsonl", _const(b'{"title": "a"}\n{"title": \n'),
         "bad_jsonl", "“feed.jsonl” line 2 is not valid JSON (Expecting value at column 11): "
         "each line must be one JSON object."),
    Case("JSON Lines with an array line", "feed.ndjson", _const(b'{"title": "a"}\n[1, 2]\n'),
         "jsonl_shape", "“feed.ndjson” line 2 holds an array of numbers, not an article: each "
         "line must be a JSON object with fields such as title and text."),
    # --- CSV -----------------------------------------------------------------------------------
    Case("CSV with no text column", "numbers.csv", _const(b"id,amount,score\n1,2,3\n"),
         "no_text_column", "“numbers.csv” has no text column: columns seen are “id”, “amount”, "
         "“score”; name the article text column text, body, content or description, or the "
         "headline column title."),
    Case("CSV header only", "header.csv", _const(b"title,text\n"), "no_rows",
         "“header.csv” has no articles: no row in it has a title or a text."),
    Case("CSV rows all empty", "empty-rows.csv", _const(b"title,text\n,\n , \n"), "no_rows",
         "“empty-rows.csv” has no articles: no row in it has a title or a text."),
    # --- HTML ----------------------------------------------------------------------------------
    Case("HTML with no text", "empty.html",
         _const(b"<html><head><title></title><script>x()</script></head><body></body></html>"),
         "no_text", "“empty.html” has no article text that could be extracted: save the article "
         "page itself, or copy its text into a .txt file."),
    Case("web page with too many tags", "giant.html",
         lambda _tmp: b"<html><body>" + b"<p>Acme raised $5M.</p>" * 20_000 + b"</body></html>",
         "html_too_complex", "“giant.html” is too large a web page to find the article in "
         "(40,004 tags, over the 30,000 limit): save the article page alone, or copy its text "
         "into a .txt file."),
    # --- ZIP -----------------------------------------------------------------------------------
    Case("zip bomb", "bomb.zip", lambda _tmp: _zip({"zeros.txt": bytes(50 * MB)}), "zip_bomb",
         Phrase("“bomb.zip” looks like a zip bomb: “zeros.txt” would unpack to 50 MB from ")),
    Case("zip over the archive limit", "huge.zip",
         lambda _tmp: _zip({f"part{i}.txt": _words(300_000, seed=i) for i in range(4)}),
         "zip_too_large", "“huge.zip” would unpack to 1.1 MB, over the 1 MB limit for one "
         "archive: split it into smaller archives.",
         patch={"MAX_FILE_BYTES": 600 * 1024, "MAX_ZIP_TOTAL_BYTES": MB}),
    Case("zip member over the file limit", "member.zip",
         lambda _tmp: _zip({"story.txt": _words(150 * 1024)}), "zip_member_too_large",
         "“member.zip” holds “story.txt”, which unpacks to 150 KB, over the 100 KB limit for one "
         "file: split it into smaller files.", patch={"MAX_FILE_BYTES": 100 * 1024}),
    Case("zip that lies about sizes", "liar.zip", lambda _tmp: _lying_zip(), "zip_no_member",
         "“liar.zip” has no file Dealscope can read (skipped small.txt: damaged member): "
         f"{PUT_FILES}"),
    Case("zip with too many members", "many.zip",
         lambda _tmp: _zip({f"{i}.txt": b"x" for i in range(1001)}, zipfile.ZIP_STORED),
         "zip_too_many", "“many.zip” holds 1,001 entries, more than the 1,000 allowed in one "
         "archive: split it into smaller archives."),
    Case("zip with no readable member", "stuff.zip",
         _const(_zip({"a.pdf": b"%PDF-1.4", "b.exe": b"MZ\x00\x00", "c.txt": b""})),
         "zip_no_member", "“stuff.zip” has no file Dealscope can read (skipped a.pdf: pdf damaged; "
         f"b.exe: unsupported file type .exe; c.txt: empty): {PUT_FILES}"),
    Case("empty zip", "none.zip", _const(_zip({})), "zip_empty",
         "“none.zip” is an empty ZIP archive: add the article files to it and try again."),
    Case("damaged zip", "cut.zip", _const(_zip({"a.txt": STORY * 50})[:60]), "bad_zip",
         "“cut.zip” is not a readable ZIP archive (File is not a zip file): it may be damaged or "
         "incomplete; create it again."),
    Case("not a zip at all", "fake.zip", _const(b"Acme raises $5M"), "bad_zip",
         "“fake.zip” is not a readable ZIP archive (it does not start like one): it may be damaged "
         "or incomplete; create it again."),
    Case("zip with ../ and absolute names", "paths.zip",
         _const(_zip({"../../x.txt": STORY, "/etc/y.txt": STORY.replace(b"Acme", b"Beta")})),
         None, 2),
    Case("archive three levels deep", "nest.zip",
         lambda _tmp: _zip({"l2": _zip({"l3": _zip({"deep.txt": STORY}), "ok.txt": STORY})}),
         None, 1),
    Case("huge member that is never unpacked", "photos.zip",
         lambda _tmp: _zip({"big.png": bytes(60 * MB), "story.txt": STORY}), None, 1),
    # --- names and odd content -----------------------------------------------------------------
    Case("unsupported extension", "notes.rtf", _const(b"{\\rtf1 Acme raises $5M}"),
         "unsupported",
         f"“notes.rtf” has an unsupported file type (.rtf): use one of {SUPPORTED}."),
    Case("script tag as a file name", "<script>alert(1)</script>.txt", _const(STORY), None, 1),
    Case("script tag name on an empty file", "<script>alert(1)</script>.txt", _const(b""),
         "empty", "“<script>alert(1)</script>.txt” is empty (0 bytes): choose a file that "
         "contains article text."),
    Case("control characters in the name", "evil\x1b[31m\u202e\n.txt", _const(b" "), "blank",
         "“evil[31m.txt” holds only blank space: choose a file that contains article text."),
    Case("10 MB on one line", "line.txt", lambda _tmp: b"Acme raised $5 million and " * 400_000,
         None, 1),
    Case("text built to make patterns backtrack", "redos.txt",
         _const(b"Published: " * 90_000 + b"\n\n" + b"# " * 200_000 + b"\n\n" + b"1." * 200_000),
         None, 1),
]
# fmt: on


def _run(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    for setting, value in case.patch.items():
        monkeypatch.setattr(limits, setting, value)
    made = case.make(tmp_path)
    if isinstance(made, Path):
        return read_articles(made)
    return read_articles(made, case.name)


def test_table_is_large_enough() -> None:
    assert len([c for c in BAD_INPUTS if c.code]) >= 25
    assert len({c.id for c in BAD_INPUTS}) == len(BAD_INPUTS)


@pytest.mark.parametrize("case", BAD_INPUTS, ids=[c.id for c in BAD_INPUTS])
def test_bad_input(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started = time.perf_counter()
    if case.code is None:
        articles = _run(case, tmp_path, monkeypatch)
        assert len(articles) == case.expected
    else:
        with pytest.raises(InputError) as info:
            _run(case, tmp_path, monkeypatch)
        message = str(info.value)
        assert info.value.code == case.code, message
        if isinstance(case.expected, Phrase):
            assert case.expected.text in message
        else:
            assert message == case.expected
        assert "\n" not in message and "\x1b" not in message
    assert time.perf_counter() - started < 5.0
    assert sorted(p.name for p in tmp_path.iterdir()) in ([], ["huge.txt"])  # nothing written


def test_zip_member_names_are_never_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    data = _zip({"../../x.txt": STORY, "/tmp/abs.txt": STORY, "C:\\win.txt": STORY})
    articles = read_articles(data, "paths.zip")
    assert sorted(a.source for a in articles) == [
        "paths.zip/../../x.txt",
        "paths.zip//tmp/abs.txt",
        "paths.zip/C:\\win.txt",
    ]
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------------------------------
# The same table against the store: a failed read leaves its row counts as they were.
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    store_module = pytest.importorskip("analytics.store", reason="analytics.store not written yet")
    opened = store_module.Store(tmp_path_factory.mktemp("store"))
    yield opened
    opened.close()


@pytest.mark.parametrize(
    "case", [c for c in BAD_INPUTS if c.code], ids=[c.id for c in BAD_INPUTS if c.code]
)
def test_bad_input_leaves_the_store_unchanged(
    case: Case, store: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (store.count_articles(), store.count_events())
    with pytest.raises(InputError):
        store.add(_run(case, tmp_path, monkeypatch))
    assert (store.count_articles(), store.count_events()) == before
