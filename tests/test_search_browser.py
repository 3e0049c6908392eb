"""Japanese search in a real browser: words inside sentences are found, on the page that holds them."""

from __future__ import annotations

import os

import pytest

from browser import CHROMIUM, search
from conftest import ROOT
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
    page.goto(page.base_url + start, wait_until="load")
    links = [link for group in search(page, query) for link in group["links"]]
    return {href.split(page.base_url, 1)[-1].split("#")[0].split("?")[0] for href in links}


@pytest.mark.parametrize(("query", "expected"), QUERIES.items())
def test_search_finds_the_page(site, site_page, query, expected):
    assert query in article_text(page_file(site, expected)), f"{expected} does not hold {query!r}"
    paths = result_paths(site_page, query)
    assert expected in paths, f"{query!r}: {expected} not in {sorted(paths)}"


def test_search_results_keep_the_handbooks_marks(site):
    """出典 lines stay out of the search index (they would match every search), but the 補足/例 label of
    the handbook's own notes stays in, so a result never shows the handbook's text without its mark."""
    import json

    import re

    import yaml
    from handbook.views.render import load_labels

    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    text = "".join(doc["text"] for doc in docs)
    folded = re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", text))
    case = yaml.safe_load((ROOT / "curriculum" / "cases" / "isolated-older-residents.yml").read_text(encoding="utf-8"))
    supplement = next(n for n in case["notes"] if n["kind"] == "supplement")
    assert re.sub(r"\s+", "", load_labels()["supplement"]["ja"] + supplement["text"]["ja"]) in folded
    assert "hb-source" not in text and "出典報告書" not in text
