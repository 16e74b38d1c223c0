"""Articles: the unit the extractor reads, and splitting plain text into them.

A plain-text file may hold one article or many in a row, each starting with its headline on a line
of its own, optionally followed by a date line (``2021-11-29``, ``November 29, 2021``,
``Published: ...``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

#: Between the headline and the body in ``Article.text``; spans count from the headline's start.
TITLE_SEPARATOR = "\n\n"


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
    """A stable id from the article's words, blind to whitespace and case differences."""
    normalized = re.sub(r"\s+", " ", f"{title}\n{body}").strip().lower()
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:16]
