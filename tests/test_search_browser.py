"""Japanese search in a real browser: words inside sentences are found, on the page that holds them."""

from __future__ import annotations

import os

import pytest

from browser import CHROMIUM
from helpers import article_text, page_file

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM) and not os.environ.get("CI"), reason="needs Debian's chromium"),
]

# query -> a page that must be among the results (URL path within the Japanese site)
QUERIES = {
    "孤立": "cases/isolated-older-residents/",
    "事前課題": "program/session-2/",
    "伴走": "accompaniment/",
    "コレクティブインパクト": "program/",
    "民生委員": "cases/isolated-older-residents/",
}


def result_paths(page, query: str, start: str = "") -> set[str]:
    """The page paths (no anchor, no ?h=) among the results for `query`, searched from `start`."""
    return {href.split(page.base_url, 1)[-1].split("#")[0].split("?")[0] for href in search(page, query, start)}


def search(page, query: str, start: str = "") -> list[str]:
    page.goto(page.base_url + start, wait_until="load")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    first = page.locator(".md-search-result__item").first
    try:
        first.wait_for(timeout=10000)
    except Exception:
        # Typed before the search component was listening (first, cold page load): type again.
        box.fill("")
        box.press_sequentially(query)
        first.wait_for(timeout=45000)  # the worker builds the index on first use
    links = page.locator(".md-search-result__item a.md-search-result__link")
    # Results are rendered as the worker answers: read until two reads agree.
    previous, current = None, links.evaluate_all("els => els.map(e => e.href)")
    while current != previous:
        page.wait_for_timeout(300)
        previous, current = current, links.evaluate_all("els => els.map(e => e.href)")
    return current


@pytest.mark.parametrize(("query", "expected"), QUERIES.items())
def test_search_finds_the_page(site, site_page, query, expected):
    assert query in article_text(page_file(site, expected)), f"{expected} does not hold {query!r}"
    paths = result_paths(site_page, query)
    assert expected in paths, f"{query!r}: {expected} not in {sorted(paths)}"


def test_memoised_segmenter_gives_the_same_words(site, site_page):
    """The build appends a memo to the theme's TinySegmenter (site_hooks.memoised_segmenter): the same
    words come out, from the first call and from the memo."""
    script = (site / "assets" / "javascripts" / "lunr" / "tinyseg.js").read_text(encoding="utf-8")
    assert script.count("segmentUncached") >= 2
    page = site_page
    page.goto(page.base_url, wait_until="load")
    page.evaluate("window.lunr = {}")
    page.add_script_tag(url=page.base_url + "assets/javascripts/lunr/tinyseg.js")
    samples = ["地域づくり支援プログラムの事前課題", "孤立している高齢者の把握", "伴走的支援チーム"]
    result = page.evaluate("""samples => {
        const segmenter = new lunr.TinySegmenter();
        return samples.map(s => [segmenter.segmentUncached(s), segmenter.segment(s), segmenter.segment(s)]);
    }""", samples)
    for uncached, first, memo in result:
        assert len(uncached) > 1 and uncached == first == memo


def test_search_results_keep_the_handbooks_marks(site):
    """出典 lines stay out of the search index (they would match every search), but the 補足/例 label of
    the handbook's own notes stays in, so a result never shows the handbook's text without its mark."""
    import json

    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    text = "".join(doc["text"] for doc in docs)
    assert "ハンドブックによる補足" in text and "ハンドブックによる例" in text
    assert "hb-source" not in text and "出典報告書" not in text
