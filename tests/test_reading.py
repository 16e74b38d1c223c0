"""Reading every input format: HTML, JSON, JSON Lines, CSV, ZIP, plain text in many encodings."""

from __future__ import annotations

import io
import json
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest

from analytics import reading
from analytics.articles import Article
from analytics.errors import InputError
from analytics.reading import (
    SUPPORTED_EXTENSIONS,
    Articles,
    ColumnMapping,
    describe_mapping,
    guess_mapping,
    limits,
    read_articles,
    safe_display_name,
)

D = date(2021, 11, 29)
STORY = "Acme raises $5M for warehouse robots"
BODY = (
    "Acme, a robotics startup based in Berlin, raised $5 million in a seed round led by "
    "Beta Ventures, the company said on Monday."
)
STORY_TEXT = f"{STORY}\n\n{BODY}\n\nIt will hire engineers."


def make_zip(members: dict[str, bytes | str], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buf.getvalue()


# --------------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------------

PAGE = f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Acme raises $5M | Tech Daily</title>
<meta property="article:published_time" content="2021-11-29T09:30:00Z">
<link rel="canonical" href="https://news.example/acme-raises">
<script>window.ads = "Sponsored: $9 billion giveaway";</script>
<style>body {{ color: red; }}</style>
</head><body>
<nav><a href="/">Home</a> <a href="/funding">Funding: the $1B club</a></nav>
<header><div class="logo">Tech Daily</div></header>
<main><article>
<h1>{STORY}</h1>
<p>{BODY.replace("$5 million", "<b>$5 million</b>")}</p>
<p>The company will use the money to hire engineers and to expand into France and Spain next
year, its <a href="/ceo">chief executive</a> said in an interview.</p>
<!-- editor: check the €7 million figure -->
</article></main>
<section class="comments" id="comments"><h3>Comments</h3>
<div class="comment"><p>Great news! I put $100 into their crowdfunding campaign last year.</p></div>
</section>
<footer>Copyright 2021 Tech Daily. All rights reserved.</footer>
</body></html>"""


def test_html_page_main_text_title_date() -> None:
    [article] = read_articles(PAGE.encode(), "acme.html")
    assert article.title == STORY
    assert article.published == D
    assert article.source == "acme.html"
    assert article.body.startswith(BODY)  # inline <b> does not break the paragraph
    assert "chief executive said in an interview." in article.body
    for dropped in ("$9 billion", "$1B club", "€7 million", "$100", "Copyright", "color: red"):
        assert dropped not in article.text


def test_html_without_date_uses_default_and_declared_charset() -> None:
    page = (
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1252'>"
        "<title>Société Générale fined €5 million</title></head><body><article>"
        "<p>Société Générale was fined €5 million by the AMF, the French markets regulator said "
        "on Tuesday, after a long inquiry into how the bank sold funds.</p></article></body></html>"
    ).encode("cp1252")
    [article] = read_articles(page, "sg.htm", published=date(2020, 5, 1))
    assert article.title == "Société Générale fined €5 million"
    assert "fined €5 million by the AMF" in article.body
    assert article.published == date(2020, 5, 1)


def test_html_in_a_txt_file_is_read_as_html() -> None:
    [article] = read_articles(PAGE.encode(), "saved-page.txt")
    assert article.title == STORY and "<p>" not in article.text


# --------------------------------------------------------------------------------------------------
# JSON and JSON Lines
# --------------------------------------------------------------------------------------------------

RECORDS = [
    {"title": STORY, "text": BODY, "date": "2021-11-29", "url": "https://x.example/1"},
    {"headline": "Beta fined €2M", "body": "Beta was fined €2 million.", "published": None},
]


def test_json_array() -> None:
    articles = read_articles(json.dumps(RECORDS[:1]).encode(), "a.json")
    assert [(a.title, a.body, a.published, a.url) for a in articles] == [
        (STORY, BODY, D, "https://x.example/1")
    ]


def test_json_object_with_list_news_api_shape() -> None:
    payload = {
        "status": "ok",
        "totalResults": 2,
        "articles": [
            {
                "source": {"id": None, "name": "Tech Daily"},
                "title": STORY,
                "description": "<p>Acme raised <b>$5 million</b>.</p><p>Second paragraph.</p>",
                "url": "https://x.example/1",
                "publishedAt": "2021-11-29T09:30:00Z",
            },
            {"title": "Gamma buys Delta", "description": "Gamma bought Delta for $1B."},
        ],
    }
    articles = read_articles(json.dumps(payload).encode(), "news.json", published=date(2020, 1, 1))
    assert [a.title for a in articles] == [STORY, "Gamma buys Delta"]
    assert articles[0].body == "Acme raised $5 million.\n\nSecond paragraph."
    assert articles[0].source == "news.json (Tech Daily)"
    assert articles[0].published == D and articles[1].published == date(2020, 1, 1)
    assert articles.mappings["news.json"].text == "description"


def test_json_nested_list_and_single_object() -> None:
    nested = {"response": {"docs": [{"headline": {"main": "x"}, "abstract": "Acme raised $5M."}]}}
    [article] = read_articles(json.dumps(nested).encode(), "nyt.json")
    assert article.body == "Acme raised $5M."
    [single] = read_articles(json.dumps(RECORDS[0]).encode(), "one.json")
    assert single.title == STORY


def test_json_lines_and_format_fallbacks() -> None:
    lines = "\n".join(json.dumps(r) for r in RECORDS) + "\n\n"
    for name, data in (
        ("a.jsonl", lines),
        ("a.ndjson", lines.replace("\n", "\r\n")),
        ("lines-in.json", lines),  # JSON Lines saved as .json
        ("array-in.jsonl", json.dumps(RECORDS)),  # an array saved as .jsonl
    ):
        articles = read_articles(data.encode(), name)
        assert [a.title for a in articles] == [STORY, "Beta fined €2M"], name
        assert articles[1].body == "Beta was fined €2 million."


def test_json_record_values_of_many_kinds() -> None:
    records = [
        {"title": 42, "content": ["Para one.", "Para two."], "timestamp": 1638178200},
        {"title": {"rendered": "WordPress title"}, "content": {"rendered": "<p>WP body.</p>"}},
        {"title": "", "text": ""},  # empty: skipped
        "not an object",  # skipped
    ]
    articles = read_articles(json.dumps(records).encode(), "mixed.json")
    assert [(a.title, a.body) for a in articles] == [
        ("42", "Para one.\n\nPara two."),
        ("WordPress title", "WP body."),
    ]
    assert articles[0].published == D


# --------------------------------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------------------------------


def test_csv_with_odd_column_names_reports_the_mapping() -> None:
    data = (
        "Row ID,Story Headline,Body Text,PubDate,Article Link,Author\n"
        f'1,"{STORY}","{BODY}\n\nSecond paragraph, with a comma.",29/11/2021,https://x.example/1,Jo\n'
        '2,"Beta fined €2M","Beta was fined €2 million.",,,\n'
    ).encode()
    articles = read_articles(data, "export.csv")
    assert [(a.title, a.published, a.url) for a in articles] == [
        (STORY, D, "https://x.example/1"),
        ("Beta fined €2M", None, None),
    ]
    assert articles[0].body == f"{BODY}\n\nSecond paragraph, with a comma."
    mapping = articles.mappings["export.csv"]
    assert (mapping.title, mapping.text, mapping.date, mapping.url) == (
        "Story Headline",
        "Body Text",
        "PubDate",
        "Article Link",
    )
    assert describe_mapping(mapping) == (
        "used “Story Headline” as title (guessed), “Body Text” as text, "
        "“PubDate” as date, “Article Link” as url (guessed); ignored “Row ID”, “Author”"
    )
    assert articles.notes == [f"“export.csv”: {describe_mapping(mapping)}."]


@pytest.mark.parametrize(
    "name, data",
    [
        (
            "semicolons.csv",
            "TITLE;CONTENT;PUBLISHED_AT\nAcme raises $5M;Acme raised $5M.;2021-11-29\n",
        ),
        ("tabs.tsv", "title\ttext\tdate\nAcme raises $5M\tAcme raised $5M.\tNov 29, 2021\n"),
        (
            "bom.csv",
            "\ufeffheadline,description,pubDate\nAcme raises $5M,Acme raised $5M.,"
            '"Mon, 29 Nov 2021 10:00:00 GMT"\n',
        ),
        ("crlf.csv", "title,body,date\r\nAcme raises $5M,Acme raised $5M.,11/29/2021\r\n"),
    ],
    ids=lambda v: v if isinstance(v, str) and v.endswith(("csv", "tsv")) else "",
)
def test_csv_dialects(name: str, data: str) -> None:
    [article] = read_articles(data.encode(), name)
    assert (article.title, article.body, article.published) == (
        "Acme raises $5M",
        "Acme raised $5M.",
        D,
    )


def test_html_values_past_the_budget_are_flattened(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_FULL_FRAGMENTS", 1)
    rows = "".join(f'T{i},"<p>Acme {i} raised <b>$5M</b>.</p><p>More.</p>"\n' for i in range(3))
    articles = read_articles(f"title,content\n{rows}".encode(), "html.csv")
    assert [a.body for a in articles] == [
        "Acme 0 raised $5M.\n\nMore.",
        "Acme 1 raised $5M. More.",
        "Acme 2 raised $5M. More.",
    ]
    assert articles.notes == [
        "“html.csv”: 2 row(s) held HTML that was turned into text without its paragraph breaks."
    ]


def test_csv_of_headlines_only() -> None:
    articles = read_articles(b"Headline\nAcme raises $5M\nBeta fined $1M\n", "heads.csv")
    assert [(a.title, a.body) for a in articles] == [
        ("Acme raises $5M", ""),
        ("Beta fined $1M", ""),
    ]


def test_guess_mapping_prefers_full_text_and_exact_names() -> None:
    m = guess_mapping(["description", "content", "title", "article_title", "publishedAt", "link"])
    assert (m.text, m.title, m.date, m.url, m.guessed) == (
        "content",
        "title",
        "publishedAt",
        "link",
        (),
    )
    assert m.ignored == ("description", "article_title")
    assert describe_mapping(ColumnMapping()) == "used no field"


# --------------------------------------------------------------------------------------------------
# ZIP
# --------------------------------------------------------------------------------------------------


def test_zip_of_mixed_files() -> None:
    inner = make_zip({"deep.txt": "Inner story headline here\n\nInner body."})
    data = make_zip(
        {
            "news/": b"",
            "news/one.txt": STORY_TEXT,
            "news/two.md": "# Beta fined €2M\n\n2021-11-29\n\nBeta was fined.",
            "page.html": PAGE,
            "feed.jsonl": json.dumps(RECORDS[1]),
            "sheet.csv": "title,text\nGamma buys Delta,Gamma bought Delta.\n",
            "nested.zip": inner,
            "../../escape.txt": "Escaped story headline\n\nNot a path.",
            "/abs/root.txt": "Absolute story headline\n\nStill data.",
            "__MACOSX/news/._one.txt": b"\x00\x05\x16\x07",
            "photo.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "notes.docx": b"PK\x03\x04",
        }
    )
    articles = read_articles(data, "bundle.zip")
    got = {a.source: a.title for a in articles}
    assert got == {
        "bundle.zip/news/one.txt": STORY,
        "bundle.zip/news/two.md": "Beta fined €2M",
        "bundle.zip/page.html": STORY,
        "bundle.zip/feed.jsonl": "Beta fined €2M",
        "bundle.zip/sheet.csv": "Gamma buys Delta",
        "bundle.zip/nested.zip/deep.txt": "Inner story headline here",
        "bundle.zip/../../escape.txt": "Escaped story headline",
        "bundle.zip//abs/root.txt": "Absolute story headline",
    }
    assert articles.notes == [
        "“bundle.zip”: skipped 2 of 10 files (photo.png: unsupported file type .png; "
        "notes.docx: docx damaged)."
    ]
    assert not Path("escape.txt").exists() and not Path("/abs/root.txt").exists()


def test_zip_member_with_bad_content_is_skipped_with_a_note() -> None:
    data = make_zip({"good.txt": STORY_TEXT, "bad.json": "{oops", "empty.txt": ""})
    articles = read_articles(data, "a.zip")
    assert [a.title for a in articles] == [STORY]
    assert articles.notes == [
        "“a.zip”: skipped 2 of 3 files (bad.json: bad json; empty.txt: empty)."
    ]


def test_zip_stored_and_sniffed_without_a_name() -> None:
    data = make_zip({"one.txt": STORY_TEXT}, compression=zipfile.ZIP_STORED)
    [article] = read_articles(data)
    assert article.title == STORY and article.source == "(uploaded bytes)/one.txt"


# --------------------------------------------------------------------------------------------------
# Encodings
# --------------------------------------------------------------------------------------------------

ACCENTED = (
    "Zoë Müller’s café chain raises €3M in Köln\n\n"
    "The Köln-based café startup, founded by Zoë Müller and José Núñez, raised €3 million "
    "from Société Générale’s venture arm, the company said."
)
LATIN1 = (
    "Ångström Labs raises 50 MSEK in Göteborg\n\n"
    "Søren Ødegård and Zoë Müller lead the round for the Göteborg startup, the company said."
)
RUSSIAN = (
    "Яндекс привлёк 5 млрд рублей\n\nЯндекс привлёк 5 млрд рублей от инвесторов, сообщила компания."
)


@pytest.mark.parametrize(
    "text, data",
    [
        pytest.param(ACCENTED, ACCENTED.encode("utf-8"), id="utf-8"),
        pytest.param(ACCENTED, b"\xef\xbb\xbf" + ACCENTED.encode("utf-8"), id="utf-8 with BOM"),
        pytest.param(ACCENTED, ACCENTED.encode("utf-16"), id="utf-16 with BOM"),
        pytest.param(ACCENTED, b"\xfe\xff" + ACCENTED.encode("utf-16-be"), id="utf-16-be BOM"),
        pytest.param(ACCENTED, ACCENTED.encode("utf-16-le"), id="utf-16-le without BOM"),
        pytest.param(ACCENTED, ACCENTED.encode("utf-32"), id="utf-32 with BOM"),
        pytest.param(ACCENTED, ACCENTED.encode("cp1252"), id="cp1252 with € and ’"),
        pytest.param(LATIN1, LATIN1.encode("latin-1"), id="latin-1"),
        pytest.param(RUSSIAN, RUSSIAN.encode("cp1251"), id="cp1251"),
        pytest.param(RUSSIAN, RUSSIAN.encode("koi8_r"), id="koi8-r"),
    ],
)
def test_encodings(text: str, data: bytes) -> None:
    [article] = read_articles(data, "story.txt")
    assert article.text == text


def test_short_cp1252_text_with_euro() -> None:
    [article] = read_articles(
        "Acme raises €5M\n\nCafé owner Zoë is happy.".encode("cp1252"), "s.md"
    )
    assert article.title == "Acme raises €5M" and article.body == "Café owner Zoë is happy."


def test_control_characters_are_dropped() -> None:
    [article] = read_articles(b"Acme raises $5M\x1b[31m\n\nBody\x07 text.", "c.txt")
    assert article.text == "Acme raises $5M[31m\n\nBody text."


# --------------------------------------------------------------------------------------------------
# Inputs: paths, file objects, names, defaults
# --------------------------------------------------------------------------------------------------


def test_path_and_file_object_inputs(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text(STORY_TEXT, encoding="utf-8")
    for source in (path, str(path)):
        [article] = read_articles(source, published=D)
        assert (article.title, article.source, article.published) == (STORY, "story.md", D)
    [renamed] = read_articles(path, "shown-name.txt")
    assert renamed.source == "shown-name.txt"
    with path.open("rb") as fh:
        [from_file] = read_articles(fh)
    assert from_file.source == "story.md" and from_file.title == STORY
    [from_buffer] = read_articles(io.BytesIO(STORY_TEXT.encode()), "upload.txt")
    assert from_buffer.title == STORY


def test_result_type() -> None:
    result = read_articles(STORY_TEXT.encode(), "s.txt")
    assert isinstance(result, Articles) and isinstance(result, list)
    assert all(isinstance(a, Article) for a in result)
    assert result.notes == [] and result.mappings == {}


@pytest.mark.parametrize(
    "data, expected_titles",
    [
        pytest.param(PAGE.encode(), [STORY], id="html"),
        pytest.param(json.dumps(RECORDS).encode(), [STORY, "Beta fined €2M"], id="json"),
        pytest.param(STORY_TEXT.encode(), [STORY], id="text"),
    ],
)
def test_sniffing_without_extension(data: bytes, expected_titles: list[str]) -> None:
    assert [a.title for a in read_articles(data, "README")] == expected_titles


def test_script_file_name_is_only_data() -> None:
    name = "<script>alert(1)</script>.txt"
    [article] = read_articles(STORY_TEXT.encode(), name)
    assert article.source == name
    assert safe_display_name(name) == name


@pytest.mark.parametrize(
    "name, shown",
    [
        ("report.txt", "report.txt"),
        ("bad\x00name\x1b[2J.txt", "badname[2J.txt"),
        ("evil\u202etxt.exe", "eviltxt.exe"),
        ("line\nbreak\r\n.txt", "line break .txt"),
        ("  spaced   out  .md ", "spaced out .md"),
        ("", "(unnamed file)"),
        ("\x00\x01", "(unnamed file)"),
        ("../../etc/passwd", "../../etc/passwd"),
        ("x" * 200 + ".csv", "x" * 53 + "…" + "x" * 22 + ".csv"),
        (None, "(unnamed file)"),
    ],
    ids=repr,
)
def test_safe_display_name(name: str | None, shown: str) -> None:
    assert safe_display_name(name) == shown
    assert len(safe_display_name(name)) <= limits.MAX_DISPLAY_NAME_CHARS


def test_supported_extensions_constant() -> None:
    assert SUPPORTED_EXTENSIONS[0] == ".txt" and ".zip" in SUPPORTED_EXTENSIONS
    assert all(e.startswith(".") and e == e.lower() for e in SUPPORTED_EXTENSIONS)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("", 25 * limits.MIB),
        ("5", 5 * limits.MIB),
        ("0.5", limits.MIB // 2),
        ("x", 25 * limits.MIB),
        ("-3", 25 * limits.MIB),
    ],
)
def test_size_limit_from_environment(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: int
) -> None:
    monkeypatch.setenv("DEALSCOPE_MAX_FILE_MB", value)
    assert limits._max_file_bytes_from_env() == expected


def test_size_limit_is_read_at_call_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 100)
    with pytest.raises(InputError) as info:
        read_articles(b"x" * 101, "big.txt")
    assert info.value.code == "too_large" and "over the 100 bytes limit" in str(info.value)


# --------------------------------------------------------------------------------------------------
# Speed
# --------------------------------------------------------------------------------------------------


def _corpus(mb: float) -> bytes:
    story = (STORY_TEXT + "\n\n" + BODY * 20 + "\n\n").encode()
    return story * int(mb * 1e6 / len(story))


@pytest.mark.parametrize("codec", ["utf-8", "cp1252"])
def test_large_plain_text_corpus_is_read_fast(codec: str) -> None:
    data = _corpus(20).decode().replace("$", "€").encode(codec)
    started = time.perf_counter()
    articles = read_articles(data, "corpus.txt")
    elapsed = time.perf_counter() - started
    assert len(articles) == data.count(STORY.replace("$", "€").encode(codec))
    # about 1.3 s on a quiet machine; the bound only catches super-linear work
    assert elapsed < 8.0, f"{elapsed:.2f} s for {len(data) / 1e6:.0f} MB"


def test_ten_megabytes_on_one_line_is_read_in_bounded_time() -> None:
    data = b"Acme raised $5 million and " * 400_000  # 10.8 MB, no newline
    started = time.perf_counter()
    [article] = read_articles(data, "one-line.txt")
    assert time.perf_counter() - started < 3.0
    assert article.title == "" and len(article.body) == len(data.strip())


@pytest.mark.parametrize("stat_size", [0, 5, None])
def test_a_file_is_read_whole_when_it_is_larger_than_stat_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stat_size: int | None
) -> None:
    """The reader asks for the size stat gave (plus one byte); a file that grew since, or that
    reports no size (/proc files), is still read to its end."""
    from types import SimpleNamespace

    path = tmp_path / "grew.txt"
    data = (
        "Acme raises $5M in seed funding\n\nAcme raised $5M from Beta Ventures.\n" * 50
    ).encode()
    path.write_bytes(data)
    real_stat = Path.stat

    def stat(self: Path, **kwargs: object) -> object:
        st = real_stat(self, **kwargs)  # type: ignore[arg-type]
        size = st.st_size if stat_size is None else stat_size
        return SimpleNamespace(st_mode=st.st_mode, st_size=size)

    monkeypatch.setattr(Path, "stat", stat)
    assert reading._read_path(path, "grew.txt") == data
    assert [a.body for a in reading.read_articles(path)] == [
        a.body for a in reading.read_articles(data, "grew.txt")
    ]
