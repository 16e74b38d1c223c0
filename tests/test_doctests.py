"""The examples in the extractor's docstrings are true."""

import doctest
import importlib

import pytest

MODULES = [
    "analytics",
    "analytics.money",
    "analytics.classify",
    "analytics.extract",
    "analytics.fx",
    "analytics.sectors",
    "analytics.schema",
    "analytics.evaluate",
    "analytics.articles",
    "analytics.messages",
    "analytics.reading.common",
    "analytics.reading.records",
    "analytics.knowledge",
    "analytics.extractor.text",
    "analytics.extractor.names",
    "analytics.extractor.cues",
    "analytics.extractor.dates",
    "analytics.extractor.context",
    "analytics.extractor.parties",
    "analytics.extractor.pipeline",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
