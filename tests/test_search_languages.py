"""Search per language in a real browser: English pages find English pages only (with prefix and
stem search), Japanese pages find Japanese pages only."""

from __future__ import annotations

import os

import pytest

from browser import CHROMIUM
from test_search_browser import result_paths

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not os.path.exists(CHROMIUM) and not os.environ.get("CI"), reason="needs Debian's chromium")]

ENGLISH = {
    "isolat": "en/cases/isolated-older-residents/",  # prefix of isolation / isolated
    "isolation": "en/cases/isolated-older-residents/",
    "volunteers": "en/cases/isolated-older-residents/",  # stem: volunteer(s)
    "accompanying": "en/accompaniment/",
    "roadmap": "en/worksheets/roadmap/",
    "glossary": "en/glossary/",
    "collective impact": "en/program/",
}
JAPANESE = {
    "孤立": "cases/isolated-older-residents/",
    "伴走": "accompaniment/",
    "民生委員": "cases/isolated-older-residents/",
    "ロードマップ": "worksheets/roadmap/",
    "気づき": "worksheets/kizuki-sheet/",
    "推進会議": "accompaniment/",
}


@pytest.mark.parametrize(("query", "expected"), ENGLISH.items())
def test_english_search_finds_english_pages_only(site_page, query, expected):
    paths = result_paths(site_page, query, "en/")
    assert expected in paths, (query, sorted(paths))
    assert all(p.startswith("en/") for p in paths), sorted(paths)


@pytest.mark.parametrize(("query", "expected"), JAPANESE.items())
def test_japanese_search_finds_japanese_pages_only(site_page, query, expected):
    paths = result_paths(site_page, query)
    assert expected in paths, (query, sorted(paths))
    assert not any(p.startswith("en/") for p in paths), sorted(paths)
