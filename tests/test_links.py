"""Internal links: none broken in the built site (both languages), and the checker catches each
kind of break in small hand-made folders."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import ROOT
from handbook.qa import linkcheck

SITE_URL = "https://example.org/handbook/"


def make_site(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def page(body: str, head: str = "") -> str:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


def broken_hrefs(report: linkcheck.LinkReport) -> list[tuple[str, str]]:
    return [(link.page.split(":")[0], link.href) for link in report.broken]


def test_real_site_has_no_broken_internal_link(site):
    report = linkcheck.check(site, site_url=linkcheck.site_url_from_config(ROOT / "mkdocs.yml"))
    print(report.summary())
    assert report.broken == [], "\n".join(map(str, report.broken))
    # Not vacuous: both languages' pages, their anchors, search indexes and the sitemap were read.
    assert report.pages >= 100
    assert report.checked["pages"] >= 30 * report.pages
    assert report.fragments >= 500
    assert report.checked["search indexes"] >= 200
    assert report.checked["sitemaps"] >= 100


def test_real_site_pages_of_both_languages_are_read(site):
    """Read as file:// (directory URLs are folder links there): pages of both languages report them."""
    report = linkcheck.check(site, directory_index=False)
    pages = {link.page.split(":")[0] for link in report.broken}
    assert "index.html" in pages and "en/index.html" in pages
    assert "en/search/search_index.json" in pages and "search/search_index.json" in pages
    assert all("folder listing" in link.message for link in report.broken), [str(b) for b in report.broken[:5]]


def test_missing_page_and_missing_anchor(tmp_path):
    site = make_site(tmp_path, {
        "index.html": page('<h2 id="intro">x</h2><a href="a/">ok</a><a href="a/#part">ok</a><a href="#intro">ok</a>'
                           '<a href="b/">missing page</a><a href="a/#nowhere">missing anchor</a><a href="#gone">missing here</a>'),
        "a/index.html": page('<p id="part">x</p><a name="old-name"></a><a href="../#intro">ok</a><a href="../#old-name">wrong page</a>'
                             '<a href="./#old-name">ok</a><a href="#top">ok</a>'),
    })
    report = linkcheck.check(site)
    messages = {(link.page, link.href): link.message for link in report.broken}
    assert messages == {
        ("index.html:1", "b/"): "missing folder b/",
        ("index.html:1", "a/#nowhere"): "missing anchor #nowhere in a/index.html",
        ("index.html:1", "#gone"): "missing anchor #gone in index.html",
        ("a/index.html:1", "../#old-name"): "missing anchor #old-name in index.html",
    }
    assert "a/index.html:1: ../#old-name: missing anchor #old-name in index.html" in map(str, report.broken)


def test_percent_encoded_japanese_anchor_resolves(tmp_path):
    site = make_site(tmp_path, {"index.html": page('<h2 id="比較">x</h2><a href="#%E6%AF%94%E8%BC%83">ok</a><a href="#比較">ok</a>')})
    report = linkcheck.check(site)
    assert report.broken == [] and report.fragments == 2


def test_folder_links_are_broken_from_file_but_not_on_a_server(tmp_path):
    site = make_site(tmp_path, {
        "index.html": page('<a href="guide/">folder</a><a href="guide/index.html">file</a><a href="./">this folder</a>'),
        "guide/index.html": page('<a href="../index.html">home</a>'),
        "empty/readme.txt": "no index here",
        "other.html": page('<a href="empty/">folder without index</a>'),
    })
    served = linkcheck.check(site, directory_index=True)
    assert broken_hrefs(served) == [("other.html", "empty/")]
    assert served.broken[0].message == "folder empty/ has no index.html"
    offline = linkcheck.check(site, directory_index=False)
    assert broken_hrefs(offline) == [("index.html", "guide/"), ("index.html", "./"), ("other.html", "empty/")]
    assert "folder listing (link to guide/index.html)" in offline.broken[0].message


def test_broken_assets(tmp_path):
    site = make_site(tmp_path, {
        "index.html": page(
            '<img src="img/ok.png"><img src="img/missing.png"><img srcset="img/ok.png 1x, img/missing-2x.png 2x">'
            '<picture><source srcset="img/missing.webp"></picture><script src="js/app.js"></script>'
            '<script id="__config" type="application/json">{"search": "js/worker.js"}</script>',
            head='<link rel="stylesheet" href="css/site.css"><link rel="icon" href="img/favicon.png">'),
        "img/ok.png": "png",
        "css/site.css": "body { background: url('../img/ok.png') } .x { background: url(../fonts/missing.woff2) }"
                        " .y { background: url(data:image/png;base64,AAAA) }",
    })
    report = linkcheck.check(site)
    assert sorted(broken_hrefs(report)) == sorted([
        ("index.html", "img/missing.png"), ("index.html", "img/missing-2x.png"), ("index.html", "img/missing.webp"),
        ("index.html", "js/app.js"), ("index.html", "js/worker.js"), ("index.html", "img/favicon.png"),
        ("css/site.css", "../fonts/missing.woff2"),
    ])


def test_redirect_pages_and_site_addresses(tmp_path):
    site = make_site(tmp_path, {
        "index.html": page('<a href="https://example.org/handbook/a/">own, ok</a><a href="https://example.org/handbook/gone/">own, missing</a>'
                           '<a href="https://other.example/x">external</a><a href="mailto:x@example.org">mail</a>'
                           '<a href="tel:+81-0">tel</a><a href="javascript:void(0)">script</a>'
                           '<a href="/handbook/a/">root-absolute</a><a href="../outside.html">outside</a>',
                           head='<link rel="canonical" href="https://example.org/handbook/">'),
        "a/index.html": page("", head='<meta http-equiv="refresh" content="0; url=../b/">'),
        "s1/index.html": page("", head='<meta http-equiv="refresh" content="0; URL=\'../a/\'">'),
    })
    report = linkcheck.check(site, site_url=SITE_URL)
    assert sorted(broken_hrefs(report)) == sorted([
        ("index.html", "https://example.org/handbook/gone/"), ("index.html", "/handbook/a/"),
        ("index.html", "../outside.html"), ("a/index.html", "../b/"),
    ])
    assert set(report.external) == {"https://other.example/x", "mailto:x@example.org", "tel:+81-0"}
    # Without site_url the site's own absolute addresses are only counted as external.
    assert "https://example.org/handbook/gone/" in linkcheck.check(site).external


def test_server_error_page_uses_root_absolute_links(tmp_path):
    """MkDocs writes 404.html with /<site path>/… links; a server resolves them, file:// never shows it."""
    site = make_site(tmp_path, {
        "index.html": page(""),
        "404.html": page('<a href="/handbook/">home</a><a href="/handbook/missing.css">x</a>'),
    })
    assert broken_hrefs(linkcheck.check(site, site_url=SITE_URL)) == [("404.html", "/handbook/missing.css")]
    offline = linkcheck.check(site, site_url=SITE_URL, directory_index=False)
    assert offline.broken == [] and offline.pages == 1


def test_broken_search_index_locations(tmp_path):
    site = make_site(tmp_path, {
        "index.html": page('<h2 id="top-section">x</h2>'),
        "a/index.html": page('<h2 id="part">x</h2>'),
        "en/index.html": page(""),
        "en/a/index.html": page('<h2 id="part-en">x</h2>'),
        "search/search_index.json": json.dumps({"docs": [
            {"location": ""}, {"location": "#top-section"}, {"location": "a/"}, {"location": "a/#part"},
            {"location": "b/"}, {"location": "a/#nowhere"},
        ]}),
        # Locations are relative to the language root: "a/" here is en/a/.
        "en/search/search_index.json": json.dumps({"docs": [{"location": "a/#part-en"}, {"location": "a/#part"}]}),
    })
    report = linkcheck.check(site)
    assert [(link.page, link.href, link.message) for link in report.broken] == [
        ("en/search/search_index.json", "a/#part", "missing anchor #part in en/a/index.html"),
        ("search/search_index.json", "b/", "missing folder b/"),
        ("search/search_index.json", "a/#nowhere", "missing anchor #nowhere in a/index.html"),
    ]
    assert report.checked["search indexes"] == 8


def test_offline_edition_with_file_links_passes(tmp_path):
    """An edition built with use_directory_urls: false links files, so file mode finds nothing."""
    site = make_site(tmp_path, {
        "index.html": page('<a href="guide/index.html#s">guide</a><a href="about.html">about</a>'),
        "guide/index.html": page('<h2 id="s">x</h2><a href="../index.html">home</a>'),
        "about.html": page('<a href="index.html">home</a>'),
        "search/search_index.json": json.dumps({"docs": [{"location": "index.html"}, {"location": "guide/index.html#s"}]}),
    })
    report = linkcheck.check(site, directory_index=False)
    assert report.broken == []
    assert sum(report.checked.values()) == 6 and report.fragments == 2


def test_site_url_is_read_from_mkdocs_yml():
    assert linkcheck.site_url_from_config(ROOT / "mkdocs.yml").startswith("https://")


def test_offline_search_index_script_and_web_addresses(tmp_path):
    """From file:// the index is a script (var __index = …), and the site's absolute addresses lead
    to the web edition: counted, not looked up in the folder."""
    site = make_site(tmp_path, {
        "index.html": page('<a href="a.html">a</a>', head='<link rel="canonical" href="https://example.org/handbook/">'
                                                         '<meta property="og:url" content="https://example.org/handbook/">'),
        "a.html": page('<h2 id="x">x</h2>'),
        "search/search_index.js": "var __index = " + json.dumps({"docs": [{"location": "a.html#x"}, {"location": "b.html"}]}),
    })
    report = linkcheck.check(site, site_url=SITE_URL, directory_index=False)
    assert [(link.page, link.href, link.message) for link in report.broken] == [
        ("search/search_index.js", "b.html", "missing file b.html")]
    assert report.web_edition == {"https://example.org/handbook/": 2} and not report.external
    served = linkcheck.check(site, site_url=SITE_URL)
    assert served.checked["pages"] == 3 and not served.web_edition


def test_offline_zip_is_checked_unzipped_from_file(tmp_path):
    from handbook.outputs.reproducible import write_zip

    folder = make_site(tmp_path / "edition", {
        "index.html": page('<a href="guide/index.html">ok</a><a href="guide/">folder</a>'),
        "guide/index.html": page('<a href="../index.html">ok</a>'),
    })
    archive = write_zip(folder, tmp_path / "edition.zip", prefix="handbook", epoch=0)
    report = linkcheck.check_zip(archive, site_url=SITE_URL)
    assert [(link.page, link.href) for link in report.broken] == [("index.html:1", "guide/")]
    assert report.pages == 2
