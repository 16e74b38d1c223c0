"""Batch ingest: resumable after a kill, skips stored articles, reports bad files, Parquet."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analytics import extract, reading  # noqa: E402
from analytics.articles import Article  # noqa: E402
from analytics.batches import WorkItem, expand_inputs, plan_batches  # noqa: E402
from analytics.errors import InputError  # noqa: E402
from analytics.ingest import IngestOptions, ingest  # noqa: E402
from analytics.schema import COLUMN_NAMES  # noqa: E402
from benchmarks.corpus import corpus_files, generate_corpus  # noqa: E402

#: The schema columns only: the store keeps bookkeeping columns (the counted flag) beside them.
COLUMNS_SQL = ", ".join(COLUMN_NAMES)

SMALL_BATCH = 0.05  # MB: a dozen batches on the test corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    generate_corpus(folder, mb=0.5, seed=11, jsonl_share=0.1)
    return folder


@pytest.fixture(scope="module")
def clean_run(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """One uninterrupted ingest of the corpus: (store folder, parquet folder)."""
    base = tmp_path_factory.mktemp("clean")
    summary = ingest(
        [str(corpus)],
        IngestOptions(
            store=str(base / "store"),
            parquet=str(base / "pq"),
            batch_mb=SMALL_BATCH,
            progress=False,
        ),
    )
    assert summary.events > 0 and not summary.errors and not summary.interrupted
    return base / "store", base / "pq"


def _query(store_dir: Path, sql: str) -> pd.DataFrame:
    con = duckdb.connect(str(store_dir / "dealscope.duckdb"), read_only=True)
    try:
        return con.execute(sql).df()
    finally:
        con.close()


def _events(store_dir: Path) -> pd.DataFrame:
    return _query(store_dir, f"SELECT {COLUMNS_SQL} FROM events ORDER BY event_id")


def _parquet(folder: Path) -> pd.DataFrame:
    files = sorted(folder.glob("*.parquet"))
    frames = [pd.read_parquet(f) for f in files]
    return pd.concat(frames, ignore_index=True).sort_values("event_id", ignore_index=True)


def _same_rows(a: pd.DataFrame, b: pd.DataFrame) -> None:
    assert list(a.columns) == list(b.columns)
    assert len(a) == len(b)
    pd.testing.assert_frame_equal(
        a.sort_values("event_id", ignore_index=True).astype(str),
        b.sort_values("event_id", ignore_index=True).astype(str),
    )


# --- inputs ---------------------------------------------------------------------------------


def test_expand_folders_globs_and_zip_members(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text("x")
    (tmp_path / "a" / "b" / "two.md").write_text("y")
    (tmp_path / "a" / "b" / "skip.png").write_bytes(b"\x89PNG")
    (tmp_path / "a" / ".hidden.txt").write_text("z")
    with zipfile.ZipFile(tmp_path / "pack.zip", "w") as z:
        z.writestr("in/three.txt", "t")
        z.writestr("in/image.png", "p")
        z.writestr("__MACOSX/in/._three.txt", "junk")
    items, errors = expand_inputs([str(tmp_path / "a"), str(tmp_path / "*.zip")])
    names = [i.name for i in items]
    assert names == [
        str(tmp_path / "a" / "b" / "two.md"),
        str(tmp_path / "a" / "one.txt"),
        f"{tmp_path / 'pack.zip'}/in/three.txt",
    ]
    assert errors == []
    again, _ = expand_inputs([str(tmp_path / "a" / "one.txt"), str(tmp_path / "a")])
    assert len(again) == 2  # a file named twice is read once


def test_expand_reports_bad_archives_and_rejects_missing_paths(tmp_path: Path) -> None:
    (tmp_path / "broken.zip").write_bytes(b"not a zip at all")
    items, errors = expand_inputs([str(tmp_path)])
    assert items == [] and [e.name for e in errors] == [str(tmp_path / "broken.zip")]
    with pytest.raises(InputError, match="no such file"):
        expand_inputs([str(tmp_path / "nope")])
    with pytest.raises(InputError, match="no files match"):
        expand_inputs([str(tmp_path / "*.none")])


def test_batches_are_bounded_and_keep_order() -> None:
    items = [WorkItem(f"f{i}.txt", 300_000) for i in range(10)]
    batches = plan_batches(items, batch_mb=1.0, batch_files=100)
    assert [len(b) for b in batches] == [3, 3, 3, 1]
    assert [i for b in batches for i in b] == items
    assert [len(b) for b in plan_batches(items, batch_mb=100, batch_files=4)] == [4, 4, 2]
    assert len(plan_batches([WorkItem("big.txt", 10**9)], batch_mb=1)) == 1


# --- resumable ------------------------------------------------------------------------------

_KILLER = """
import os, signal, sys
sys.path.insert(0, {root!r})
import analytics.ingest as ingest_module
from analytics.ingest import IngestOptions, ingest

mode = {mode!r}
calls = {{"add": 0, "replace": 0}}

def die():
    os.kill(os.getpid(), signal.SIGKILL)

if mode == "before_commit":  # killed after the batch's parquet .tmp, before its transaction
    from analytics.store import Store
    real_add = Store.add
    def add(self, *args, **kwargs):
        calls["add"] += 1
        if calls["add"] == 3:
            die()
        return real_add(self, *args, **kwargs)
    Store.add = add
elif mode == "before_rename":  # killed after the store commit, before the parquet rename
    real_replace = os.replace
    def replace(src, dst):
        calls["replace"] += 1
        if calls["replace"] == 3:
            die()
        return real_replace(src, dst)
    ingest_module.os.replace = replace

def on_commit(result):
    if mode == "after_commit" and result.index == 2:
        die()

ingest([{corpus!r}], IngestOptions(store={store!r}, parquet={pq!r}, batch_mb={batch},
       progress=False), on_commit=on_commit)
print("finished without being killed")
"""


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["after_commit", "before_commit", "before_rename"])
def test_killed_ingest_rerun_ends_with_each_article_once(
    mode: str, corpus: Path, clean_run: tuple[Path, Path], tmp_path: Path
) -> None:
    """SIGKILL mid-run, then the same command again: the clean run's rows, each article once."""
    store, pq = tmp_path / "store", tmp_path / "pq"
    script = _KILLER.format(
        root=str(ROOT),
        mode=mode,
        corpus=str(corpus),
        store=str(store),
        pq=str(pq),
        batch=SMALL_BATCH,
    )
    killed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
    )
    assert killed.returncode == -9, killed.stderr[-2000:]
    partial = _query(store, "SELECT count(*) AS n FROM articles")["n"][0]
    clean_articles = _query(clean_run[0], "SELECT count(*) AS n FROM articles")["n"][0]
    assert 0 < partial < clean_articles
    if mode != "after_commit":
        assert list(pq.glob("*.tmp"))  # the kill left a half-done batch behind

    resumed = ingest(
        [str(corpus)],
        IngestOptions(store=str(store), parquet=str(pq), batch_mb=SMALL_BATCH, progress=False),
    )
    assert not resumed.errors and resumed.articles_skipped >= partial
    counts = _query(store, "SELECT count(*) AS n, count(DISTINCT article_id) AS d FROM articles")
    assert counts["n"][0] == counts["d"][0] == clean_articles
    events = _events(store)
    assert events["event_id"].is_unique
    _same_rows(events, _events(clean_run[0]))
    assert not list(pq.glob("*.tmp"))
    _same_rows(_parquet(pq), events)


def test_hook_interrupt_then_resume_in_process(
    corpus: Path, clean_run: tuple[Path, Path], tmp_path: Path
) -> None:
    """A Ctrl-C after two batches keeps them; the re-run adds exactly the rest."""
    store = str(tmp_path / "store")

    def stop_after_two(result: object) -> None:
        if result.index == 1:
            raise KeyboardInterrupt

    first = ingest(
        [str(corpus)],
        IngestOptions(store=store, batch_mb=SMALL_BATCH, progress=False),
        on_commit=stop_after_two,
    )
    assert first.interrupted and first.batches == 2
    second = ingest([str(corpus)], IngestOptions(store=store, batch_mb=SMALL_BATCH, progress=False))
    assert second.articles_skipped >= first.articles_new
    assert first.events + second.events == len(_events(clean_run[0]))
    _same_rows(_events(tmp_path / "store"), _events(clean_run[0]))


def test_engine_failure_stops_with_a_message_and_keeps_committed_batches(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import analytics.batches as batches_module

    real = batches_module.read_batch
    calls = []

    def failing(items, published=None):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("worker lost\nmore detail")
        return real(items, published)

    monkeypatch.setattr(batches_module, "read_batch", failing)
    summary = ingest(
        [str(corpus)],
        IngestOptions(store=str(tmp_path / "s"), batch_mb=SMALL_BATCH, progress=False),
    )
    assert summary.failure == "RuntimeError: worker lost" and summary.batches == 2
    assert summary.lines()[-1].startswith("stopped: RuntimeError: worker lost;")
    stored = _query(tmp_path / "s", "SELECT count(*) AS n FROM articles")["n"][0]
    assert stored == summary.articles_new > 0


# --- skipping, errors, parquet --------------------------------------------------------------


def test_rerun_skips_stored_articles_before_extracting(
    corpus: Path, clean_run: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = str(tmp_path / "store")
    first = ingest([str(corpus)], IngestOptions(store=store, progress=False))
    extracted: list[int] = []
    real = extract.extract_articles

    def counting(articles: list[Article]) -> pd.DataFrame:
        extracted.append(len(articles))
        return real(articles)

    monkeypatch.setattr(extract, "extract_articles", counting)
    again = ingest([str(corpus)], IngestOptions(store=store, progress=False))
    assert extracted == []  # nothing was extracted a second time
    assert again.articles_new == 0 and again.events == 0
    assert again.articles_skipped == first.articles_new + first.articles_skipped
    # a new file among known ones: only its article is extracted
    extra = tmp_path / "more"
    extra.mkdir()
    (extra / "new.txt").write_text(
        "Zorblax raises $3 million seed round\n\nZorblax, a Lisbon-based robotics startup, has "
        "raised $3 million in a seed round led by Quarry Ventures.\n"
    )
    third = ingest([str(corpus), str(extra)], IngestOptions(store=store, progress=False))
    assert third.articles_new == 1 and sum(extracted) == 1
    assert len(_events(tmp_path / "store")) == len(_events(clean_run[0])) + third.events


def test_bad_files_are_reported_and_the_rest_ingested(
    corpus: Path, clean_run: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    files = corpus_files(corpus)[:5]
    for f in files:
        (folder / f.name).write_bytes(f.read_bytes())
    (folder / "broken-BAD.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "broken.zip").write_bytes(b"PK\x03\x04 truncated archive")
    summary = ingest([str(folder)], IngestOptions(store=str(tmp_path / "store"), progress=False))
    bad = sorted(Path(e.name).name for e in summary.errors)
    assert bad == ["broken-BAD.txt", "broken.zip"]
    assert all(e.message for e in summary.errors)
    assert summary.files == len(files) + 1  # the broken zip never became a work item
    assert summary.articles_new > 0 and summary.events > 0
    err = capsys.readouterr().err
    assert "broken-BAD.txt: " in err and "broken.zip: " in err and "Traceback" not in err


def test_parquet_dataset_has_the_store_rows(clean_run: tuple[Path, Path]) -> None:
    store, pq = clean_run
    names = sorted(p.name for p in pq.iterdir())
    assert names and all(n.startswith("events-") and n.endswith(".parquet") for n in names)
    _same_rows(_parquet(pq), _events(store))


def test_zip_archive_gives_the_folder_events(
    corpus: Path, clean_run: tuple[Path, Path], tmp_path: Path
) -> None:
    archive = tmp_path / "corpus.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for f in corpus_files(corpus):
            z.write(f, f.relative_to(corpus).as_posix())
    summary = ingest([str(archive)], IngestOptions(store=str(tmp_path / "s"), progress=False))
    assert not summary.errors
    got = _events(tmp_path / "s")
    want = _events(clean_run[0])
    cols = [c for c in got.columns if c != "source"]
    pd.testing.assert_frame_equal(got[cols], want[cols])
    # sources name the member inside the archive, as read_articles does for a whole zip
    assert set(got["source"]) <= {
        f"corpus.zip/{f.relative_to(corpus).as_posix()}" for f in corpus_files(corpus)
    }
    whole = reading.read_articles(archive)
    assert {a.source for a in whole} == set(
        _query(tmp_path / "s", "SELECT source FROM articles")["source"]
    )


def test_large_jsonl_is_read_in_line_slices(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A JSON Lines file over the slice size is read in slices of whole lines: same articles."""
    import analytics.batches as batches_module

    big = tmp_path / "in" / "export.jsonl"
    big.parent.mkdir()
    feeds = [f for f in corpus_files(corpus) if f.suffix == ".jsonl"]
    big.write_bytes(b"".join(f.read_bytes() for f in feeds))
    monkeypatch.setattr(batches_module, "SLICE_BYTES", 20_000)
    items, _ = expand_inputs([str(big)])
    assert len(items) > 3 and sum(i.size for i in items) == big.stat().st_size
    summary = ingest([str(big.parent)], IngestOptions(store=str(tmp_path / "s"), progress=False))
    assert not summary.errors
    whole = reading.read_articles(big)
    stored = _query(tmp_path / "s", "SELECT article_id, source FROM articles")
    assert set(stored["article_id"]) == {a.content_id for a in whole}
    assert set(stored["source"]) == {"export.jsonl"}
    want = extract.extract_articles(list(whole))
    _same_rows(_events(tmp_path / "s"), want[want["article_id"].isin(stored["article_id"])])


# --- command line ---------------------------------------------------------------------------


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    return subprocess.run(
        [sys.executable, "-m", "analytics.ingest", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere/at/all"], "no such file or folder"),
        (["*.nothing"], "no files match"),
        (["--date", "29/11/2021", "."], "--date must be YYYY-MM-DD"),
        (["--store", "other.duckdb", "."], "--store"),
        (["--workers", "0", "--engine", "dask", "."], "--workers"),
    ],
)
def test_cli_bad_arguments_exit_2_with_one_line(
    args: list[str], message: str, tmp_path: Path
) -> None:
    proc = _cli(*args, cwd=tmp_path)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr


def test_cli_summary(corpus: Path, tmp_path: Path) -> None:
    proc = _cli(str(corpus), "--store", str(tmp_path / "s"), "--no-progress", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "articles:" in proc.stdout and "events:" in proc.stdout and "errors: 0" in proc.stdout


def test_cli_through_python_m_analytics(corpus: Path, tmp_path: Path) -> None:
    """The ``ingest`` subcommand of ``python -m analytics``, with a store file and progress."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    store_file = tmp_path / "s" / "dealscope.duckdb"
    store_file.parent.mkdir()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "analytics",
            "ingest",
            str(corpus / "part-*" / "*.txt"),
            "--store",
            str(store_file),
            "--date",
            "2024-01-31",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "errors: 0" in proc.stdout
    assert "art/s" in proc.stderr and "ETA" in proc.stderr  # the progress line
    assert store_file.is_file()
    bad = subprocess.run(
        [sys.executable, "-m", "analytics", "ingest", "--engine", "spark", str(corpus)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=300,
    )
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
