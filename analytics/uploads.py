"""Uploads: one file's bytes read, extracted and written to the store, with a summary to show.

A file that cannot be read changes nothing: its ``InputError`` message is the summary. A readable
file is written in one transaction; articles the store already has are counted, not added.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from analytics.errors import InputError
from analytics.extract import extract_articles
from analytics.reading import SUPPORTED_EXTENSIONS, read_articles
from analytics.schema import EVENT_TYPES
from analytics.store import Store

#: File types the uploader offers (extensions without the dot): exactly what the reader reads.
UPLOAD_TYPES: tuple[str, ...] = tuple(ext.lstrip(".") for ext in SUPPORTED_EXTENSIONS)
_TYPE_ORDER = {t: i for i, t in enumerate(EVENT_TYPES)}


@dataclass(frozen=True)
class UploadSummary:
    """What became of one uploaded file."""

    filename: str
    articles_read: int = 0
    new_articles: int = 0
    already_stored: int = 0
    events_by_type: dict[str, int] = field(default_factory=dict)
    #: Items left out, each with the reason.
    skipped: tuple[tuple[str, str], ...] = ()
    #: The reader's message when the file could not be read (then nothing was written).
    error: str | None = None

    @property
    def ok(self) -> bool:
        """True when the file was read (even if everything in it was already stored)."""
        return self.error is None

    @property
    def new_events(self) -> int:
        """Events written to the store."""
        return sum(self.events_by_type.values())

    def lines(self) -> list[str]:
        """The summary as plain sentences (the caller escapes them for its markup)."""
        if self.error is not None:
            message = self.error.strip()
            if not message.endswith((".", "!", "?")):
                message += "."
            return [f"{self.filename}: {message} Nothing was added."]
        n = self.articles_read
        head = f"{self.filename}: {n} article{'s' if n != 1 else ''} read"
        if self.new_articles:
            found = ", ".join(
                f"{count} {kind.replace('_', ' ')}"
                for kind, count in sorted(
                    self.events_by_type.items(), key=lambda kv: _TYPE_ORDER.get(kv[0], 99)
                )
            )
            head += (
                f", {self.new_articles} added with {self.new_events} "
                f"event{'s' if self.new_events != 1 else ''}" + (f" ({found})" if found else "")
            )
        lines = [head + "."]
        if self.already_stored:
            if self.new_articles == 0:
                lines.append(
                    f"{'It is' if n == 1 else 'All of them are'} already in the store; "
                    "nothing was added."
                )
            else:
                were = "s were" if self.already_stored != 1 else " was"
                lines.append(
                    f"{self.already_stored} article{were} already in the store and not added again."
                )
        lines += [f"Skipped {item}: {reason}" for item, reason in self.skipped]
        return lines


def ingest_upload(
    store: Store, filename: str, data: bytes, published: date | None = None
) -> UploadSummary:
    """Read ``data`` as the file ``filename``, extract its events and add them to ``store``.

    ``published`` dates articles that carry no date of their own. Bad input gives a summary with
    ``error`` set and leaves the store unchanged; other failures propagate.
    """
    try:
        articles = read_articles(data, filename, published=published)
    except InputError as err:
        return UploadSummary(filename=filename, error=str(err))
    if not articles:
        return UploadSummary(filename=filename, error="no articles were found in the file")
    seen: set[str] = set()
    repeated: list[tuple[str, str]] = []
    for a in articles:
        if a.content_id in seen:
            repeated.append(
                (f"“{_short(a.title)}”", "the same article appears earlier in the file")
            )
        seen.add(a.content_id)
    events = extract_articles(articles)
    result = store.add(articles, events)
    return UploadSummary(
        filename=filename,
        articles_read=len(articles),
        new_articles=result.new_articles,
        already_stored=result.existing_articles,
        events_by_type=result.events_by_type,
        skipped=tuple(repeated),
    )


def _short(title: str, limit: int = 60) -> str:
    title = " ".join(title.split())
    return title if len(title) <= limit else title[: limit - 1] + "…"
