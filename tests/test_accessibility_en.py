"""Accessibility of the English edition: axe-core on every English page, on screen, in print (worksheets) and at a
phone's width with the navigation drawer open (test_accessibility.axe_every_page). Its own file, so that a second
test worker checks it beside the Japanese pages of test_accessibility.py."""

from __future__ import annotations

import os

import pytest

from browser import CHROMIUM
from test_accessibility import axe_every_page, browser_page, fail_on, is_worksheet  # noqa: F401  (browser_page: the fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM) and not os.environ.get("CI"), reason="needs Debian's chromium"),
]


def test_every_english_page_has_no_axe_violations_on_screen_in_print_and_on_a_phone(site, browser_page):
    problems, pages = axe_every_page(site, browser_page, "en")
    assert len(pages) >= 40, f"pages found: {pages}"
    assert len([p for p in pages if is_worksheet(p)]) >= 16, f"pages found: {pages}"
    fail_on(problems, f"on {len(pages)} English pages")
