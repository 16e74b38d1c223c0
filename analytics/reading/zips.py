"""ZIP archives, read in memory: member names are data, never paths; size, ratio and
member-count limits stop zip bombs; one nested archive level."""

from __future__ import annotations

import io
import lzma
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from analytics import messages
from analytics.articles import Article
from analytics.errors import InputError
from analytics.reading import limits
from analytics.reading.common import (
    SUPPORTED_EXTENSIONS,
    clean_name,
    extension,
    fail,
    quoted,
    safe_display_name,
)
from analytics.reading.records import Articles

#: Reads one member's bytes as a file of its own: (data, name, published, result, budget, depth).
#: ZIP members skipped without a note: folders and operating-system litter.
_ZIP_LITTER = ("__MACOSX/", ".DS_Store", "Thumbs.db", "desktop.ini")

#: Errors that reading a malformed archive can raise.
_ZIP_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    OverflowError,
    struct.error,
    UnicodeDecodeError,
    RuntimeError,
)


@dataclass
class ZipBudget:
    """What all archives of one call may still unpack."""

    bytes_left: int = field(default_factory=lambda: _archive_limit())


def _archive_limit() -> int:
    """Most bytes the archives of one call may unpack (read at call time: tests patch limits)."""
    return max(limits.MAX_ZIP_TOTAL_BYTES, limits.MAX_FILE_BYTES)


#: Reads a member's bytes as a file of its own: (data, name, published, result, budget, depth).
ReadData = Callable[[bytes, str, date | None, Articles, ZipBudget, int], list[Article]]


def read_zip(
    data: bytes,
    name: str,
    published: date | None,
    result: Articles,
    budget: ZipBudget,
    depth: int,
    read: ReadData,
) -> list[Article]:
    """Articles from the members of a ZIP archive, in memory; one nested archive level. ``read``
    reads each member as a file of its own (``analytics.reading``'s entry, passed in so the
    import graph runs one way)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except _ZIP_ERRORS as exc:
        raise fail("reading.bad_zip", name, reason=_zip_reason(exc)) from None
    if len(infos) > limits.MAX_ZIP_MEMBERS:
        limit = limits.MAX_ZIP_MEMBERS
        raise fail("reading.zip_too_many", name, count=len(infos), limit=limit)
    members = [i for i in infos if not _is_litter(i)]
    if not members:
        raise fail("reading.zip_empty", name)
    reasons = {id(info): _skip_reason(info, depth) for info in members}
    _check_declared_sizes([i for i in members if reasons[id(i)] is None], name, budget)
    articles: list[Article] = []
    skipped: list[str] = []
    for info in members:
        member_name = f"{name}/{clean_name(info.filename)}"
        why = reasons[id(info)]
        if why is not None:  # never unpacked, so never a danger
            skipped.append(_skipped(info, why))
            continue
        try:
            content = _read_member(archive, info, name, budget)
            articles.extend(read(content, member_name, published, result, budget, depth + 1))
        except InputError as exc:
            if exc.code.startswith("zip_") and exc.code not in ("zip_empty", "zip_no_member"):
                raise
            skipped.append(_skipped(info, exc.code.replace("_", " ")))
    if skipped:
        more = len(skipped) - 5
        shown = "; ".join(skipped[:5])
        if more > 0:
            shown += messages.say("reading.and_more", count=more)
        if not articles:
            skipped_text = messages.say("reading.skipped_files", shown=shown)
            raise fail("reading.zip_no_member", name, skipped=skipped_text)
        counts = {"count": len(skipped), "total": len(members), "shown": shown}
        result.notes.append(messages.say("reading.note_skipped", name=quoted(name), **counts))
    return articles


def _is_litter(info: zipfile.ZipInfo) -> bool:
    base = info.filename.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    return (
        info.is_dir()
        or info.filename.startswith(_ZIP_LITTER[0])
        or "/__MACOSX/" in info.filename
        or base.startswith("._")
        or base in _ZIP_LITTER
    )


def _skip_reason(info: zipfile.ZipInfo, depth: int) -> str | None:
    ext = extension(info.filename)
    if info.flag_bits & 0x1:
        return messages.text("reading.skip.password")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return messages.text("reading.skip.compression")
    if ext and ext not in SUPPORTED_EXTENSIONS:
        return messages.say("reading.skip.file_type", ext=ext)
    if ext == ".zip" and depth >= 1:
        return messages.text("reading.skip.nested")
    return None


def _check_declared_sizes(members: list[zipfile.ZipInfo], name: str, budget: ZipBudget) -> None:
    """Refuse an archive from its directory alone: a member over the size limit, a member that
    unpacks to hundreds of times its packed size, or more in all than the archive limit."""
    total = 0
    for info in members:
        size, packed = info.file_size, max(info.compress_size, 1)
        if size > limits.ZIP_RATIO_FLOOR_BYTES and size / packed > limits.MAX_ZIP_RATIO:
            raise fail("reading.zip_bomb", name, detail=_bomb_detail(info.filename, size, packed))
        if size > limits.MAX_FILE_BYTES:
            limit = limits.size_text(limits.MAX_FILE_BYTES)
            sizes = {"size": limits.size_text(size), "limit": limit}
            member = quoted(info.filename)
            raise fail("reading.zip_member_too_large", name, member=member, **sizes)
        total += size
    if total > budget.bytes_left:
        limit = _archive_limit()
        sizes = {"size": limits.size_text(total), "limit": limits.size_text(limit)}
        raise fail("reading.zip_too_large", name, **sizes)


def _bomb_detail(member: str, size: int, packed: int) -> str:
    sizes = {"size": limits.size_text(size), "packed": limits.size_text(packed)}
    return messages.say("reading.bomb_detail", member=quoted(member), ratio=size // packed, **sizes)


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, budget: ZipBudget
) -> bytes:
    """A member's bytes, read in chunks that stop at its declared size and the budget, so a
    member whose header lies cannot unpack more than it said."""
    limit = min(info.file_size, limits.MAX_FILE_BYTES, budget.bytes_left)
    chunks: list[bytes] = []
    got = 0
    try:
        with archive.open(info) as fh:
            while True:
                chunk = fh.read(min(limits.MIB, limit + 1 - got))
                if not chunk:
                    break
                got += len(chunk)
                chunks.append(chunk)
                if got > limit:
                    break
                ratio = got / max(info.compress_size, 1)
                if got > limits.ZIP_RATIO_FLOOR_BYTES and ratio > limits.MAX_ZIP_RATIO:
                    detail = _bomb_detail(info.filename, got, info.compress_size)
                    raise fail("reading.zip_bomb", name, detail=detail)
    except InputError:
        raise
    except _ZIP_ERRORS as exc:
        raise fail("reading.damaged_member", info.filename, reason=_zip_reason(exc)) from None
    if got > limit:
        detail = messages.say("reading.bomb_lying", member=quoted(info.filename))
        raise fail("reading.zip_bomb", name, detail=detail)
    budget.bytes_left -= got
    return b"".join(chunks)


def _skipped(info: zipfile.ZipInfo, why: str) -> str:
    member = safe_display_name(info.filename, 40)
    return messages.say("reading.skipped_member", member=member, why=why)


def _zip_reason(exc: BaseException) -> str:
    text = str(exc).strip().rstrip(".") or type(exc).__name__
    return text[:120]
