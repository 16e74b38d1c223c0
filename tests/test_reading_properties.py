"""Properties of the readers over arbitrary bytes and text: only ``InputError`` ever escapes,
results are well-formed, and adversarial input is handled in bounded time."""

from __future__ import annotations

import contextlib
import io
import json
import time
import zipfile
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.articles import Article, split_plain_text
from analytics.errors import InputError
from analytics.reading import SUPPORTED_EXTENSIONS, Articles, read_articles, safe_display_name

EXTENSIONS = [*SUPPORTED_EXTENSIONS, "", ".pdf", ".exe"]

#: Text that looks like news: headlines, date lines, bullets, quotes, blank lines, markup.
NEWSY = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "Acme raises $5M for warehouse robots",
                "# Beta fined €2M",
                "2021-11-29",
                "Published: Nov. 29, 2021",
                "• a bullet point of some length",
                "“A quote that runs on",
                "Image Credits: Acme",
                "---",
                "===",
                "title: x",
                "<p>markup</p>",
                '{"title": "x", "text": "y"}',
                "title,text",
                "",
                " ",
                "\r",
                "\t",
            ]
        ),
        st.text(max_size=80),
    ),
    max_size=30,
).map("\n".join)


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in dict(members).items():  # one entry a name
            archive.writestr(name, content)
    return buf.getvalue()


#: Bytes of every shape: random, text in several encodings, JSON-ish, zips and damaged zips.
ANY_BYTES = st.one_of(
    st.binary(max_size=3000),
    st.tuples(NEWSY, st.sampled_from(["utf-8", "utf-16", "utf-16-le", "cp1252", "latin-1"])).map(
        lambda t: t[0].encode(t[1], errors="replace")
    ),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
        lambda inner: (
            st.lists(inner, max_size=5)
            | st.dictionaries(
                st.sampled_from(["title", "text", "date", "url", "x"]), inner, max_size=5
            )
        ),
        max_leaves=20,
    ).map(lambda v: json.dumps(v).encode()),
    st.lists(
        st.tuples(
            st.sampled_from(["a.txt", "b.json", "c.csv", "d.html", "e.zip", "../f.md", "g.bin"]),
            st.binary(max_size=300) | NEWSY.map(str.encode),
        ),
        max_size=4,
    ).map(_zip),
    st.tuples(
        st.lists(st.tuples(st.just("a.txt"), NEWSY.map(str.encode)), min_size=1, max_size=2),
        st.integers(0, 400),
        st.binary(min_size=1, max_size=4),
    ).map(lambda t: (z := _zip(t[0]))[: t[1] % len(z)] + t[2] + z[t[1] % len(z) + len(t[2]) :]),
)


def _check(result: Articles) -> None:
    assert isinstance(result, Articles)
    for article in result:
        assert isinstance(article, Article)
        assert isinstance(article.title, str) and isinstance(article.body, str)
        assert isinstance(article.source, str) and article.source
        assert article.published is None or isinstance(article.published, date)
        assert article.url is None or isinstance(article.url, str)
        article.text.encode("utf-8")  # no lone surrogates
        assert "\x00" not in article.text
    assert all(isinstance(n, str) for n in result.notes)


@settings(deadline=None, max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(data=ANY_BYTES, ext=st.sampled_from(EXTENSIONS))
def test_read_articles_raises_only_input_error(data: bytes, ext: str) -> None:
    try:
        result = read_articles(data, f"file{ext}")
    except InputError as exc:
        assert str(exc) and exc.code
        assert "\n" not in str(exc)
        return
    _check(result)


@settings(deadline=None, max_examples=300)
@given(text=st.one_of(st.text(max_size=2000), NEWSY))
def test_split_plain_text_never_raises(text: str) -> None:
    articles = split_plain_text(text, source="s.txt")
    normalized = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not normalized.strip():
        assert articles == []
    for i, article in enumerate(articles):
        assert article.title == article.title.strip()
        assert article.title or i == 0  # only the first article may be untitled
        assert article.body == article.body.strip()
        assert article.body in normalized or "\ufffd" in article.body
        assert article.text[article.body_offset :] == article.body


@settings(deadline=None, max_examples=50)
@given(name=st.text(max_size=300))
def test_safe_display_name_is_short_and_printable(name: str) -> None:
    shown = safe_display_name(name)
    assert 0 < len(shown) <= 80
    assert shown.isprintable()


# --------------------------------------------------------------------------------------------------
# Adversarial input, about 1 MB each, in bounded time
# --------------------------------------------------------------------------------------------------

MB = 1_000_000

ADVERSARIAL: dict[str, str] = {
    "one line": "Acme raised $5 million " * (MB // 23),
    "newlines only": "\n" * MB,
    "blank lines with spaces": " \t \n" * (MB // 4),
    "carriage returns": "\r" * MB,
    "headline-like lines": "Acme raises five million dollars\n\n" * (MB // 34),
    "short lines": "ab\n" * (MB // 3),
    "date lines": "Nov. 29, 2021\n\n" * (MB // 15),
    "markdown headings": "# Acme raises $5M\n" * (MB // 18),
    "hashes": "#" * MB,
    "quotes": "“" * MB,
    "almost a date": "Published: " * (MB // 11),
    "bullets": "• " * (MB // 2),
    "spaces then one newline": " " * MB + "\n",
    "front matter that never closes": "---\n" + "title: x\n" * (MB // 9),
    "digits": "1" * MB,
    "dots": ". " * (MB // 2),
}


@pytest.mark.parametrize("text", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_adversarial_text_is_split_in_bounded_time(text: str) -> None:
    started = time.perf_counter()
    split_plain_text(text)
    elapsed = time.perf_counter() - started
    assert elapsed < 2.0, f"{elapsed:.2f} s"


@pytest.mark.parametrize("ext", [".txt", ".md", ".html", ".json", ".jsonl", ".csv"])
@pytest.mark.parametrize("name", ["one line", "newlines only", "headline-like lines", "quotes"])
def test_adversarial_file_is_read_in_bounded_time(name: str, ext: str) -> None:
    data = ADVERSARIAL[name].encode()
    started = time.perf_counter()
    with contextlib.suppress(InputError):
        _check(read_articles(data, f"adversarial{ext}"))
    elapsed = time.perf_counter() - started
    assert elapsed < 3.0, f"{elapsed:.2f} s"


ADVERSARIAL_HTML: dict[str, bytes] = {
    "deep nesting": b"<html><body>" + b"<div>" * 14_000 + b"Acme raised $5M." + b"</div>" * 14_000,
    "unclosed tags": b"<html><body>" + b"<div><p>Acme raised $5M." * 9_000,
    "just under the tag limit": b"<html><body><article>"
    + b"<p>Acme raised <b>$5M</b> from Beta Ventures.</p>" * 7_400
    + b"</article></body></html>",
    "entities": b"<html><body><p>" + b"&amp;" * 200_000 + b"</p></body></html>",
    "huge attribute": b"<html><body><p title='"
    + b"a" * MB
    + b"'>Acme raised $5M.</p></body></html>",
    "comment that never ends": b"<html><body><p>Acme raised $5M.</p><!--" + b"-" * MB,
    "script that never ends": b"<html><body><p>Acme raised $5M.</p><script>" + b"x=1;" * (MB // 4),
}


@pytest.mark.parametrize("data", ADVERSARIAL_HTML.values(), ids=ADVERSARIAL_HTML.keys())
def test_adversarial_html_is_read_in_bounded_time(data: bytes) -> None:
    started = time.perf_counter()
    with contextlib.suppress(InputError):
        _check(read_articles(data, "adversarial.html"))
    elapsed = time.perf_counter() - started
    assert elapsed < 6.0, f"{elapsed:.2f} s"
