"""Articles to the events table (being written: see docs/ARCHITECTURE.md)."""

from __future__ import annotations


def extract_events(text, *, source="<text>", published=None):
    raise NotImplementedError


def extract_articles(articles):
    raise NotImplementedError


def extract_file(path, *, published=None):
    raise NotImplementedError
