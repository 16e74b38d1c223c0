"""Reading article files of every format (being written: see docs/ARCHITECTURE.md)."""

from __future__ import annotations


def read_articles(path_or_bytes, filename=None, *, published=None):
    raise NotImplementedError
