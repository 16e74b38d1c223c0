"""The DuckDB store: adding, skipping duplicates, one transaction, reopening, queries, seeding."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest
from dashboard_helpers import article, corpus, event, frame

import analytics.store as store_module
from analytics.errors import InputError
from analytics.filters import FilterState
from analytics.schema import COLUMN_NAMES
from analytics.store import Store, StoreInUseError, data_dir_from_args, resolve_data_dir


def test_add_writes_articles_and_events(store: Store) -> None:
    articles, events = corpus()
    result = store.add(articles, events)
    assert (result.new_articles, result.existing_articles, result.new_events) == (6, 0, 10)
    assert result.events_by_type == {
        "funding": 3,
        "fine": 3,
        "acquisition": 2,
        "valuation": 1,
        "total_raised": 1,
    }
    assert store.count_articles() == 6
    assert store.count_events() == 10
    assert store.count_money_events() == 8
    stored = store.events(FilterState(types=()), order="company")
    assert list(stored.columns) == list(COLUMN_NAMES)
    assert sorted(stored["event_id"]) == sorted(events["event_id"])


def test_same_articles_again_add_nothing(store: Store) -> None:
    articles, events = corpus()
    store.add(articles, events)
    version = store.version()
    again = store.add(articles, events)
    assert (again.new_articles, again.existing_articles, again.new_events) == (0, 6, 0)
    assert set(again.existing_ids) == {a.content_id for a in articles}
    assert store.count_articles() == 6 and store.count_events() == 10
    assert store.version() == version


def test_same_content_differently_spaced_is_a_duplicate(store: Store) -> None:
    first = article("Acme raises $5M", "Acme raised $5 million.")
    store.add([first], frame([event(first, "x1")]))
    respaced = article("Acme  raises $5M", "ACME raised   $5 million.", source="other.txt")
    result = store.add([respaced], frame([event(respaced, "x2")]))
    assert result.new_articles == 0 and result.existing_articles == 1
    assert store.count_events() == 1


def test_repeated_article_in_one_batch_is_written_once(store: Store) -> None:
    a = article("Acme raises $5M")
    result = store.add([a, a], frame([event(a, "x1")]))
    assert (result.new_articles, result.existing_articles, result.new_events) == (1, 0, 1)


def test_mixed_batch_adds_only_the_new_articles(store: Store) -> None:
    old, new = article("Old news"), article("New news")
    store.add([old], frame([event(old, "o1")]))
    result = store.add([old, new], frame([event(old, "o1"), event(new, "n1"), event(new, "n2")]))
    assert (result.new_articles, result.existing_articles, result.new_events) == (1, 1, 2)
    assert store.count_events() == 3


def test_events_must_belong_to_given_articles(store: Store) -> None:
    a, stray = article("A"), article("Stray")
    with pytest.raises(ValueError, match="events for articles not given"):
        store.add([a], frame([event(stray, "s1")]))
    assert store.count_articles() == 0


def test_a_failing_add_writes_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    articles, events = corpus()
    store.add(articles[:1], events[events["article_id"] == articles[0].content_id])
    before = (store.count_articles(), store.count_events(), store.version())
    # The events insert fails after the articles insert ran: the transaction must roll back.
    monkeypatch.setattr(store_module, "COLUMN_NAMES", (*COLUMN_NAMES, "no_such_column"))
    with pytest.raises(Exception, match="no_such_column"):
        store.add(articles, events)
    monkeypatch.undo()
    assert (store.count_articles(), store.count_events(), store.version()) == before
    assert store.add(articles, events).new_articles == 5


def test_everything_is_there_after_reopening(tmp_path: Path) -> None:
    articles, events = corpus()
    with Store(tmp_path) as first:
        first.add(articles, events)
    with Store(tmp_path) as again:
        assert again.count_articles() == 6 and again.count_events() == 10
        stored = again.article(articles[1].content_id)
        assert stored is not None
        assert (stored.title, stored.body, stored.source) == (
            articles[1].title,
            articles[1].body,
            "fines.txt",
        )
        assert stored.published == articles[1].published
        assert stored.text == articles[1].text
        assert again.article("missing") is None
        row = again.query(FilterState(search="beta bank"))
        pd.testing.assert_frame_equal(
            row.reset_index(drop=True),
            events[events["event_id"] == "e02"].reset_index(drop=True),
        )


def test_query_filters_orders_and_pages(store: Store) -> None:
    store.add(*corpus())
    money = FilterState()
    assert store.count_events(money) == 8
    largest = store.query(money, limit=3, order="largest")
    assert list(largest["event_id"]) == ["e04", "e02", "e01"]
    second = store.query(money, limit=3, offset=3, order="largest")
    assert list(second["event_id"]) == ["e05", "e07", "e09"]
    everything = store.query(money, limit=None, order="largest")
    assert list(everything["event_id"]) == ["e04", "e02", "e01", "e05", "e07", "e09", "e03", "e10"]
    newest = store.query(money, limit=2, order="newest")
    assert list(newest["event_id"]) == ["e03", "e04"]
    december = ("2021-12-01", "2021-12-31")
    by_event_date = store.query(FilterState(date_on="event", dates=december), order="newest")
    assert list(by_event_date["event_id"]) == ["e04"]
    assert store.count_events(FilterState(dates=december)) == 0


def test_headline_counts_undisclosed_apart(store: Store) -> None:
    store.add(*corpus())
    totals = store.headline(FilterState())
    assert totals["acquisition"].events == 2
    assert totals["acquisition"].undisclosed == 1
    assert totals["acquisition"].amount_usd == 250e6
    assert totals["fine"].no_rate == 1
    assert totals["fine"].amount_usd == pytest.approx(17e6 * 1.3331 + 5e6 * 1.1)
    assert totals["funding"].amount_usd == pytest.approx(12e6 + 850e6 * 0.014 + 3e6)
    assert "valuation" not in totals
    fintech = store.headline(FilterState(sectors=("fintech",)))
    assert set(fintech) == {"fine"}


def test_aggregates_run_in_the_store(store: Store) -> None:
    store.add(*corpus())
    by_sector = store.aggregate("by_type_sector", FilterState())
    ai = by_sector[(by_sector["sector"] == "ai") & (by_sector["event_type"] == "acquisition")]
    assert ai["amount_usd"].tolist() == [250e6] and ai["events"].tolist() == [1]
    months = store.aggregate("by_month", FilterState())
    assert months["month"].tolist() == sorted(months["month"].tolist())
    companies = store.aggregate("top_companies", FilterState(), limit=2)
    assert companies["company"].unique().tolist() == ["Epsilon", "Beta Bank"]
    fines = store.aggregate("fines_by_authority", FilterState())
    assert fines["authority"].tolist() == ["FCA", "CNIL"]
    sizes = store.aggregate("deal_sizes", FilterState())
    assert sizes["events"].sum() == 6


def test_distinct_values_and_date_span(store: Store) -> None:
    assert store.date_span() == (None, None)
    store.add(*corpus())
    assert store.distinct_values("sector") == ["agritech", "ai", "fintech", "health"]
    assert store.distinct_values("currency") == ["EUR", "GBP", "INR", "USD", "XTS"]
    assert store.date_span() == ("2019-08-12", "2023-05-05")
    with pytest.raises(ValueError):
        store.distinct_values("amount; DROP TABLE events")


def test_known_article_ids(store: Store) -> None:
    articles, events = corpus()
    store.add(articles[:2], events[events["article_id"].isin([a.content_id for a in articles[:2]])])
    ids = [a.content_id for a in articles]
    assert store.known_article_ids(ids) == set(ids[:2])
    assert store.known_article_ids([]) == set()


def test_concurrent_writers_and_readers_all_land(store: Store) -> None:
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(10):
                a = article(f"Writer {n} story {i}")
                store.add([a], frame([event(a, f"w{n}-{i}")]))
                store.query(FilterState(), limit=5)
                store.headline(FilterState())
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.count_articles() == 40 and store.count_events() == 40


def test_store_held_by_another_process_is_a_clear_error(tmp_path: Path) -> None:
    Store(tmp_path).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True);"
            " time.sleep(60)",
            str(tmp_path / "dealscope.duckdb"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreInUseError) as caught:
            Store(tmp_path)
        assert str(caught.value).startswith(
            f"the store {tmp_path / 'dealscope.duckdb'} is in use by another process"
        )
        assert isinstance(caught.value, InputError)
    finally:
        holder.kill()
        holder.wait()


def test_not_a_store_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "dealscope.duckdb").write_bytes(b"this is not a database" * 100)
    with pytest.raises(InputError, match=r"is damaged and cannot be read .* Restore a copy"):
        Store(tmp_path)


def test_data_dir_from_argument_env_or_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEALSCOPE_DATA_DIR", raising=False)
    assert resolve_data_dir() == Path("var")
    monkeypatch.setenv("DEALSCOPE_DATA_DIR", "/tmp/elsewhere")
    assert resolve_data_dir() == Path("/tmp/elsewhere")
    assert resolve_data_dir("given") == Path("given")
    assert data_dir_from_args(["--data-dir", "d1"]) == "d1"
    assert data_dir_from_args(["--data-dir=d2"]) == "d2"
    assert data_dir_from_args([]) is None


def test_seeding_reads_the_sample_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sample = tmp_path / "sample"
    sample.mkdir()
    for name in ("a.txt", "b.md", "bad.txt", "README.md", "gold.jsonl", ".hidden.txt"):
        (sample / name).write_text(name)
    read: list[str] = []

    def fake_read(path: Path, filename: str | None = None, *, published=None):
        read.append(path.name)
        if path.name == "bad.txt":
            raise InputError("bad.txt is empty", code="empty")
        return [article(f"Story from {path.name}", source=path.name)]

    def fake_extract(articles):
        return frame([event(a, f"ev-{a.source}") for a in articles])

    monkeypatch.setattr("analytics.reading.read_articles", fake_read)
    monkeypatch.setattr("analytics.extract.extract_articles", fake_extract)
    with Store(tmp_path / "data") as s:
        result = s.ensure_seeded(sample)
        assert result is not None
        assert read == ["a.txt", "b.md", "bad.txt"]
        assert result.files == 2 and result.added.new_articles == 2
        assert result.skipped == (("bad.txt", "bad.txt is empty"),)
        assert s.count_events() == 2
        assert s.ensure_seeded(sample) is None
    with Store(tmp_path / "data") as s:
        assert s.ensure_seeded(sample) is None
        assert s.count_articles() == 2


def test_filter_options_past_the_limit_are_the_most_frequent(tmp_path) -> None:
    import pandas as pd

    from analytics.schema import conform
    from analytics.store import Store

    rows = [
        {"event_id": f"e{i}", "article_id": f"a{i}", "source": src, "event_type": "funding"}
        for i, src in enumerate(["busy.txt"] * 3 + ["quiet.txt"] + ["mid.txt"] * 2)
    ]
    with Store(tmp_path) as store:
        with store._write() as cur:
            cur.register("incoming", conform(pd.DataFrame(rows)))
            cols = ", ".join(conform(pd.DataFrame(rows)).columns)
            cur.execute(f"INSERT INTO events ({cols}) SELECT {cols} FROM incoming")
        assert store.distinct_values("source") == ["busy.txt", "mid.txt", "quiet.txt"]
        assert store.distinct_values("source", limit=2) == ["busy.txt", "mid.txt"]
