"""The upload journal, file-name cleaning, removing an upload, and a damaged store file."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import analytics.uploads as uploads
from analytics.store import (
    DB_FILENAME,
    Store,
    StoreDamagedError,
    check_store,
)
from analytics.uploads import (
    NUL_IN_NAME,
    UploadSummary,
    clean_filename,
    ingest_upload,
    process_upload,
    receive_upload,
)

ROOT = Path(__file__).resolve().parents[1]
STORY = (
    b"Orchardline Foods raises $6 million seed round\n\n"
    b"Orchardline Foods, a meal-kit startup, raised $6 million in a seed round led by "
    b"Tallowbrook Capital.\n"
)
OTHER = (
    b"Pellridge Labs raises $11 million Series A\n\n"
    b"Pellridge Labs, a battery software company, raised $11 million in a Series A round led "
    b"by Cindermoor Ventures.\n"
)


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "data") as s:
        yield s


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("../../x/name.txt", "name.txt"),
        ("C:\\Users\\me\\news.md", "news.md"),
        ("report\u202etxt.exe", "reporttxt.exe"),
        ("\u2066left\u2069\u200b.txt", "left.txt"),
        ("tab\there\nand\rcr.txt", "tab here and cr.txt"),
        ("folder/", "folder"),
        ("../..", "(unnamed file)"),
        ("", "(unnamed file)"),
        ("a" * 200 + ".txt", "a" * 79 + "…" + "a" * 36 + ".txt"),
    ],
)
def test_clean_filename(sent: str, kept: str) -> None:
    clean = clean_filename(sent)
    assert (clean.name, clean.original, clean.refusal) == (kept, sent, None)
    assert len(clean.name) <= uploads.MAX_NAME_CHARS


def test_a_nul_byte_in_a_name_refuses_the_file() -> None:
    clean = clean_filename("notes.txt\x00.html")
    assert (clean.name, clean.refusal) == ("notes.txt.html", NUL_IN_NAME)


def test_a_file_is_journaled_then_added(store: Store) -> None:
    summary = ingest_upload(store, "../in/\u202estory.txt", STORY, session_id="s1")
    assert summary.lines() == ["story.txt: 1 article read, 1 added with 1 event (1 funding)."]
    [entry] = store.journal()
    assert (entry.name, entry.original_name, entry.state, entry.session_id) == (
        "story.txt",
        "../in/\u202estory.txt",
        "added",
        "s1",
    )
    assert (entry.size, entry.sha256) == (len(STORY), hashlib.sha256(STORY).hexdigest())
    assert (entry.articles_read, entry.new_articles, entry.already_stored, entry.events) == (
        1,
        1,
        0,
        1,
    )
    assert entry.events_by_type == {"funding": 1}
    assert len(entry.article_ids) == 1
    assert store.article(entry.article_ids[0]).source == "story.txt"
    assert store.journal(session_id="s1") == [entry]
    assert store.journal(session_id="other") == []


def test_the_row_is_written_before_reading(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []

    def spy(data: bytes, name: str, published: object = None):  # the reader, watched
        seen.extend(e.state for e in store.journal())
        raise uploads.InputError("nope", code="x")

    monkeypatch.setattr(uploads, "read_articles", spy)
    received = receive_upload(store, "a.txt", STORY)
    assert [e.state for e in store.journal()] == ["received"]
    entry = process_upload(store, received, STORY)
    assert seen == ["extracting"]
    assert (entry.state, entry.reason) == ("refused", "nope")


def test_same_file_twice_is_already_stored(store: Store) -> None:
    ingest_upload(store, "a.txt", STORY)
    again = ingest_upload(store, "b.txt", STORY)
    assert again.state == "already stored"
    assert again.lines() == [
        "b.txt: 1 article read.",
        "It is already in the store; nothing was added.",
    ]
    assert [e.state for e in store.journal()] == ["already stored", "added"]


def test_refused_and_nul_named_files_change_nothing_but_their_row(store: Store) -> None:
    version = store.version()
    bad = ingest_upload(store, "photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(40))
    nul = ingest_upload(store, "story.txt\x00.html", STORY)
    assert (bad.state, nul.state) == ("refused", "refused")
    assert nul.error == NUL_IN_NAME
    assert bad.lines()[0].startswith("photo.txt: “photo.txt” is a PNG image, not text")
    assert store.version() == version and store.count_articles() == 0
    assert [e.name for e in store.journal()] == ["story.txt.html", "photo.txt"]


def test_an_internal_failure_is_failed_and_writes_nothing(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(articles: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(uploads, "extract_articles", broken)
    summary = ingest_upload(store, "a.txt", STORY)
    assert summary.state == "failed"
    assert summary.lines() == [
        "a.txt: it could not be processed (an internal error, logged on the server). "
        "Nothing was added."
    ]
    assert store.count_articles() == 0


def test_rows_left_pending_by_a_dead_server_are_interrupted(tmp_path: Path) -> None:
    dead_server = (  # another process journals two files and exits before their outcome
        "import sys; from analytics.store import Store; from analytics.uploads import "
        "receive_upload\n"
        "s = Store(sys.argv[1]); receive_upload(s, 'a.txt', b'x')\n"
        "s.journal_set(receive_upload(s, 'b.txt', b'y').upload_id, 'extracting')\n"
        "import os; os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", dead_server, str(tmp_path / "d")], check=True, cwd=ROOT)
    with Store(tmp_path / "d") as here:  # a second Store in this process leaves its rows alone
        here.journal_set(receive_upload(here, "c.txt", STORY).upload_id, "extracting")
    with Store(tmp_path / "d") as reopened:
        entries = reopened.journal()
        assert [(e.name, e.state) for e in entries] == [
            ("c.txt", "extracting"),
            ("b.txt", "interrupted"),
            ("a.txt", "interrupted"),
        ]
        assert UploadSummary.of(entries[1]).lines() == [
            "b.txt: the server stopped before the file was stored; upload it again. "
            "Nothing was added."
        ]


def test_remove_an_upload_takes_out_its_articles_and_events_only(store: Store) -> None:
    ingest_upload(store, "first.txt", STORY)
    second = receive_upload(store, "second.txt", OTHER + b"\n" + STORY)
    entry = process_upload(store, second, OTHER + b"\n" + STORY)
    assert (entry.new_articles, entry.already_stored) == (1, 1)
    before = store.version()
    result = store.remove_upload(entry.upload_id)
    assert (result.articles, result.events) == (1, 1)
    assert store.count_articles() == 1
    assert store.distinct_values("company") == ["Orchardline Foods"]
    assert store.version() == before + 1
    removed = store.journal_entry(entry.upload_id)
    assert removed.state == "removed"
    assert UploadSummary.of(removed).lines() == [
        "second.txt: removed; its 1 article and 1 event were taken out."
    ]
    with pytest.raises(ValueError, match="removed"):
        store.remove_upload(entry.upload_id)
    with pytest.raises(KeyError):
        store.remove_upload("no-such-id")


def test_removing_a_grouped_report_relinks_the_rest(store: Store) -> None:
    twin = STORY.replace(b"meal-kit", b"grocery")  # another report of the same round
    first = ingest_upload(store, "a.txt", STORY, date(2024, 1, 2))
    ingest_upload(store, "b.txt", twin, date(2024, 1, 3))
    counted = "SELECT count(*) FROM events WHERE counted IS NOT FALSE"
    with store._read() as cur:
        assert cur.execute(counted).fetchone()[0] == 1  # one deal, two reports
    [anchor] = [e for e in store.journal() if e.name == first.filename]
    store.remove_upload(anchor.upload_id)  # the report the group counted goes
    with store._read() as cur:
        assert cur.execute(counted).fetchone()[0] == 1  # the other one counts now
        assert cur.execute("SELECT count(*) FROM event_groups").fetchone()[0] == 1
    assert store.headline()["funding"].amount_usd == 6e6


def _truncated_copy(tmp_path: Path, fraction: float) -> Path:
    sound = tmp_path / "sound"
    with Store(sound) as s:
        ingest_upload(s, "a.txt", STORY)
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    shutil.copy(sound / DB_FILENAME, damaged / DB_FILENAME)
    size = (damaged / DB_FILENAME).stat().st_size
    with (damaged / DB_FILENAME).open("r+b") as fh:
        fh.truncate(int(size * fraction))
    return damaged


@pytest.mark.parametrize("fraction", [0.999, 0.6, 0.1])
def test_a_truncated_store_is_named_with_what_to_do(tmp_path: Path, fraction: float) -> None:
    damaged = _truncated_copy(tmp_path, fraction)
    before = (damaged / DB_FILENAME).read_bytes()
    with pytest.raises(StoreDamagedError) as info:
        Store(damaged)
    message = str(info.value)
    assert message.startswith(f"the store {damaged / DB_FILENAME} is damaged and cannot be read (")
    assert "Nothing was written to it. Restore a copy of the file, or choose another data " in (
        message
    )
    assert f"python -m analytics check --data-dir {damaged}" in message
    assert (damaged / DB_FILENAME).read_bytes() == before  # nothing written


def test_check_command_on_a_sound_and_a_damaged_store(tmp_path: Path) -> None:
    damaged = _truncated_copy(tmp_path, 0.9)
    sound = tmp_path / "sound"
    report = check_store(sound)
    assert report.sound and report.counts["articles"] == 1
    run = [sys.executable, "-m", "analytics", "check", "--data-dir"]
    ok = subprocess.run([*run, str(sound)], capture_output=True, text=True, cwd=ROOT)
    assert (ok.returncode, ok.stderr) == (0, "")
    assert ok.stdout == (
        f"the store {sound / DB_FILENAME} is sound: 1 articles, 1 events, 1 uploads\n"
    )
    bad = subprocess.run([*run, str(damaged)], capture_output=True, text=True, cwd=ROOT)
    assert (bad.returncode, bad.stdout) == (1, "")
    size = (damaged / DB_FILENAME).stat().st_size
    assert bad.stderr.startswith(
        f"the store {damaged / DB_FILENAME} is damaged and cannot be read (the file is cut off: "
        f"{size:,} bytes of the "
    )
    missing = subprocess.run([*run, str(tmp_path / "none")], capture_output=True, text=True)
    assert missing.returncode == 1
    assert missing.stderr == f"no store at {tmp_path / 'none' / DB_FILENAME}: nothing to check\n"


def test_a_file_is_journaled_once_per_session_and_uploader_id(store: Store) -> None:
    first = receive_upload(store, "a.txt", STORY, session_id="s", file_ref="f1")
    assert first is not None
    assert receive_upload(store, "a.txt", STORY, session_id="s", file_ref="f1") is None
    assert receive_upload(store, "a.txt", STORY, session_id="t", file_ref="f1") is not None
    assert len(store.journal()) == 2
