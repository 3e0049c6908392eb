"""The closed-network edition: the zip from `python -m handbook offline`, unzipped and opened from
file:// in Chromium with every request to another host blocked and recorded."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from browser import CHROMIUM, search
from conftest import ROOT, run
from handbook.qa import search_quality
from handbook.views.pages import language_prefix

pytestmark = [
    pytest.mark.browser,
    pytest.mark.build,
    pytest.mark.skipif(not os.path.exists(CHROMIUM) and not os.environ.get("CI"), reason="needs Debian's chromium"),
]

FOLDER = "chiiki-zukuri-handbook"
# A sample of the query set (tests/search-queries.yml) for the offline edition: the first query of each of
# these kinds (the whole set runs on the web edition in test_search_quality.py).
SAMPLE_KINDS = {"ja": ["mixed", "digits", "full-width", "part-of-word", "two-characters", "kana", "variant",
                       "two-words", "absent"],
                "en": ["prefix", "romaji"]}


@pytest.fixture(scope="module")
def edition_zip(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    result = run(["-m", "handbook", "offline", "--dist", str(dist)], cwd=ROOT)
    assert result.returncode == 0, result.stderr[-4000:]
    zips = list(dist.glob("*.zip"))
    assert len(zips) == 1, zips
    assert "unzip it and open" in result.stdout
    return zips[0]


@pytest.fixture(scope="module")
def unzipped(edition_zip, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(edition_zip) as archive:
        archive.extractall(target)
    return target / FOLDER


@pytest.fixture(scope="module")
def offline_page(unzipped, guarded_context):
    with guarded_context() as context:
        page = context.new_page()
        page.start = unzipped.as_uri() + "/"
        yield page
        assert context.external_requests == [], context.external_requests


def local_path(url: str) -> Path:
    return Path(unquote(urlparse(url).path))


def test_zip_has_one_folder_a_start_file_and_sorted_entries(edition_zip):
    with zipfile.ZipFile(edition_zip) as archive:
        names = archive.namelist()
        readme = archive.read(f"{FOLDER}/README.txt").decode("utf-8-sig")
    assert names == sorted(names)
    assert {name.split("/", 1)[0] for name in names} == {FOLDER}
    for expected in ("index.html", "en/index.html", "search/search_index.js", "en/search/search_index.js",
                     "assets/javascripts/vendor/iframe-worker/shim.js", "worksheets/entry-sheet.pdf",
                     "worksheets/entry-sheet.docx", "guides/planner.html"):
        assert f"{FOLDER}/{expected}" in names, expected
    assert "index.html" in readme and "LGWAN" in readme and "en/index.html" in readme


def test_pages_link_to_files_never_to_folders(unzipped):
    """From file:// a link to a folder opens a folder listing, not its index.html."""
    session = (unzipped / "program" / "session-1.html").read_text(encoding="utf-8")
    assert 'href="../worksheets/entry-sheet.html"' in session
    assert 'href="../worksheets/entry-sheet.pdf"' in session
    assert 'href="../en/program/session-1.html" hreflang="en"' in session
    assert "unpkg.com" not in session and "https://" not in session.split("<body", 1)[0].replace(
        '<link rel="canonical" href="https://', "").replace('<meta property="og:url" content="https://', "")
    redirect = (unzipped / "s1" / "index.html").read_text(encoding="utf-8")
    assert "../program/session-1.html" in redirect


def test_no_broken_link_from_file(edition_zip):
    """Every link, anchor, asset and search result of both languages resolves inside the zip as
    opened from file:// (where a link to a folder is broken)."""
    from handbook.qa import linkcheck

    report = linkcheck.check_zip(edition_zip, site_url=linkcheck.site_url_from_config(ROOT / "mkdocs.yml"))
    assert report.ok, "\n".join(map(str, report.broken[:50]))
    assert report.pages >= 100 and sum(report.checked.values()) >= 5000, report.summary()


def test_no_canonical_address_without_a_public_address(unzipped):
    """Built with no public address, a page names no web address at all (never a file inside the zip);
    with one, canonical links name the web pages (test_announce builds with an address)."""
    session = (unzipped / "en" / "program" / "session-1.html").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in session and "og:url" not in session


def test_navigation_and_language_switch_from_file(offline_page):
    page = offline_page
    page.goto(page.start + "index.html", wait_until="load")
    page.locator("a[href$='program/session-1.html']:visible").first.click()
    # The click starts a navigation; "load" of the page being left would not be the new page's.
    page.wait_for_url("**/program/session-1.html")
    assert page.url.endswith("/program/session-1.html")
    assert "第1回" in page.locator("article h1").inner_text()
    page.locator(".md-header__option .md-select").hover()  # the language menu opens on hover
    page.locator("a.md-select__link[hreflang='en']").click()
    page.wait_for_url("**/en/program/session-1.html")
    assert page.url.endswith("/en/program/session-1.html")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Session 1" in page.locator("article h1").inner_text()


@pytest.mark.parametrize(("start", "query", "expected"), [
    ("index.html", "孤立", "cases/isolated-older-residents.html"),
    ("en/index.html", "isolation", "en/cases/isolated-older-residents.html"),
])
def test_search_works_from_file(offline_page, unzipped, start, query, expected):
    page = offline_page
    page.goto(page.start + start, wait_until="load")
    hrefs = [link for group in search(page, query) for link in group["links"]]
    targets = {local_path(href.split("#")[0]) for href in hrefs}
    assert unzipped / expected in targets, sorted(map(str, targets))
    assert all(target.is_file() for target in targets), "a search result points at a folder or a missing file"


def test_query_set_sample_from_file(offline_page, unzipped):
    """Every answerable query of the sample finds every page that holds it, from file://, and no result
    lacks the query (the pages' own text is the ground truth, as on the web)."""
    glossary = search_quality.load_glossary(ROOT)
    queries = search_quality.load_queries(ROOT)
    answers = []
    for lang, kinds in SAMPLE_KINDS.items():
        sample = [next(q for q in queries[lang] if q.kind == kind) for kind in kinds]
        edition = search_quality.edition(unzipped, lang, glossary, directory_urls=False)
        root = unzipped.as_uri() + "/" + language_prefix(lang)
        answers += search_quality.ask_all(offline_page, root + "index.html", root, edition, sample, search)
    assert len(answers) >= 10 and sum(answer.answerable for answer in answers) >= 8
    lines = search_quality.failure_lines(answers)
    assert not lines, "\n".join(lines)


def test_worksheet_downloads_from_file(offline_page, unzipped):
    page = offline_page
    page.goto(page.start + "worksheets/entry-sheet.html", wait_until="load")
    links = page.locator("article a[download]")
    hrefs = links.evaluate_all("els => els.map(e => e.href)")
    assert any(h.endswith(".pdf") for h in hrefs) and any(h.endswith(".docx") for h in hrefs)
    for href in hrefs:
        assert local_path(href).is_file(), href
    # From file:// Chromium opens a PDF in its viewer (the download attribute needs a same-origin page)…
    page.locator("article a[download][href$='.pdf']").first.click()
    page.wait_for_url("**/worksheets/entry-sheet.pdf")
    # … and saves a Word file.
    page.goto(page.start + "worksheets/entry-sheet.html", wait_until="load")
    with page.expect_download() as download:
        page.locator("article a[download][href$='.docx']").first.click()
    assert download.value.suggested_filename == "entry-sheet.docx"
    assert Path(download.value.path()).read_bytes()[:2] == b"PK"


def test_planner_works_from_file(offline_page):
    page = offline_page
    page.goto(page.start + "guides/planner.html", wait_until="load")
    page.fill("#hb-planner-first", "2027-06-10")
    page.click("#hb-planner-form button[type=submit]")
    rows = page.locator(".hb-plan tbody tr")
    rows.first.wait_for()
    assert rows.count() >= 5
    assert "2027年6月10日" in page.locator(".hb-plan").inner_text()
