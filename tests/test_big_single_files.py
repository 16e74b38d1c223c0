"""The memory-saving paths for huge single-line files give exactly what the plain ones give: the
streamed content id, the one-copy stripped body, and the caches emptied after a big upload."""

from __future__ import annotations

import hashlib
import random

import pytest

from analytics import articles, classify
from analytics.articles import _streamed_content_id, _stripped_slice, split_decoded_text
from analytics.store import Store
from analytics.uploads import RELEASE_AFTER_BYTES, ingest_upload

ALPHABET = b"ab CD\t\n \r\x0bXy"


def _joined_id(head: bytes, data: bytes) -> str:
    """The content id as built before: every stripped non-empty line joined, lower-cased."""
    lines = head.split(b"\n") + data.split(b"\n")
    normalized = b" ".join(filter(None, map(bytes.strip, lines))).lower()
    return hashlib.sha256(normalized).hexdigest()[:16]


@pytest.mark.parametrize("chunk", [1, 2, 7, 1 << 20])
def test_streamed_content_id_is_the_joined_one(chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(articles, "_STREAM_CHUNK", chunk)
    rng = random.Random(chunk)
    for _ in range(1500):
        head = bytes(rng.choices(ALPHABET, k=rng.randint(0, 30)))
        data = bytes(rng.choices(ALPHABET, k=rng.randint(0, 300)))
        assert _streamed_content_id(head, data) == _joined_id(head, data), (head, data)


def test_a_big_one_line_article_keeps_its_content_id() -> None:
    body = "Word of news with $5 million in it " * 60_000  # 2 MB, one line
    [article] = split_decoded_text(body, source="big.txt", plain=True)
    assert article.content_id == _joined_id(b"", body.encode())


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [(" \n a b \t", 0, None), ("xx  yy  zz", 2, 8), ("   ", 0, 3), ("abc", 1, 99), ("", 0, 0)],
)
def test_stripped_slice_is_slice_then_strip(text: str, start: int, end: int | None) -> None:
    assert _stripped_slice(text, start, end) == text[start:end].strip()


def test_a_big_upload_leaves_no_text_in_the_caches(tmp_path) -> None:
    line = "Tarnwell Metrics raised $3 million in a seed round led by Ossory Capital " * 80_000
    data = line.encode()
    assert len(data) >= RELEASE_AFTER_BYTES
    with Store(tmp_path) as store:
        summary = ingest_upload(store, "one_line.txt", data)
    assert summary.state == "added"
    for cached in (classify._names_in, classify._investors_in, classify._authority_forms):
        assert cached.cache_info().currsize == 0


@pytest.mark.parametrize("chunk", [1, 3, 1 << 20])
def test_streamed_text_id_is_the_joined_one(chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(articles, "_STREAM_CHUNK", chunk)
    rng = random.Random(chunk)
    alphabet = "aΣς É\u00a0\u2003\n\tx€ΣΑ "
    for _ in range(1500):
        title = "".join(rng.choices(alphabet, k=rng.randint(0, 20)))
        body = "".join(rng.choices(alphabet, k=rng.randint(0, 200)))
        joined = " ".join(f"{title}\n{body}".split()).lower().encode("utf-8")
        assert articles._streamed_text_id(title, body) == hashlib.sha256(joined).hexdigest()[:16]


def test_a_big_article_with_wide_characters_keeps_its_content_id() -> None:
    body = "Wörd of news with €5 million in it\u2003 " * 40_000  # over 1 MB, not plain
    joined = " ".join(f"Title\n{body}".split()).lower().encode("utf-8")
    assert articles.content_id("Title", body) == hashlib.sha256(joined).hexdigest()[:16]


def test_find_amounts_with_a_limit_is_the_full_list_cut() -> None:
    from analytics.money import find_amounts

    parts = ["$5 million", "£17 million (~$22.6M)", "€2,5 million", "Rs 500 crore", "$3M to $4M"]
    text = " then ".join(parts[i % len(parts)] for i in range(3000)) + "."
    full = find_amounts(text)
    assert len(full) == 3000
    assert find_amounts(text, limit=500) == full[:500]
    assert find_amounts(text, limit=5000) == full
