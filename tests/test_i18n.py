"""The English edition: every page exists in both languages, with the right lang, hreflang links and
a language switcher that leads to the same page — also when the site lives under a sub-path."""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path

import pytest

from browser import CHROMIUM, serve
from conftest import ROOT, build_site, copy_project, run
from handbook.qa import linkcheck
from helpers import article_text

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
PARENTHESISED = re.compile(r"\([^()]*\)|（[^（）]*）")


def pages(site: Path, lang: str) -> list[Path]:
    """The content pages of one language (short-address redirect pages left out)."""
    found = (site / "en").rglob("index.html") if lang == "en" else (
        p for p in site.rglob("index.html") if not p.relative_to(site).as_posix().startswith("en/"))
    return sorted(p for p in found if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8"))


def page_url(site: Path, page: Path) -> str:
    return page.parent.relative_to(site).as_posix().rstrip(".") + "/" if page.parent != site else ""


def test_translation_parity_command_is_clean():
    result = run(["-m", "handbook", "--root", str(ROOT), "parity"], cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]


def test_every_page_exists_in_both_languages_with_its_lang(site):
    ja, en = pages(site, "ja"), pages(site, "en")
    ja_urls = {page_url(site, p) for p in ja}
    en_urls = {page_url(site, p)[len("en/"):] for p in en}
    assert ja_urls == en_urls
    for page in ja:
        assert '<html lang="ja"' in page.read_text(encoding="utf-8"), page
    for page in en:
        assert '<html lang="en"' in page.read_text(encoding="utf-8"), page


def _links(html: str, pattern: str) -> dict[str, str]:
    return {m.group(2): m.group(1) for m in re.finditer(pattern, html)}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_switcher_leads_to_the_same_page(site, lang):
    for page in pages(site, lang):
        html = page.read_text(encoding="utf-8")
        url = page_url(site, page)
        same = url[len("en/"):] if lang == "en" else url
        expected = {"ja": same, "en": "en/" + same}
        switch = _links(html, r'<a href="([^"]+)" hreflang="(\w+)" class="md-select__link">')
        assert set(switch) == {"ja", "en"}, page
        for target_lang, href in switch.items():
            assert not href.startswith(("/", "http")), f"{page}: {href} is not relative"
            resolved = posixpath.normpath(posixpath.join(url or ".", href))
            resolved = "" if resolved == "." else resolved + "/"
            assert resolved == expected[target_lang], (page, target_lang, href)


def test_hreflang_pairs_are_in_the_sitemap_not_the_head(site):
    """Search engines read the language pairs from the sitemap (absolute addresses). The head has no
    hreflang links: Material's script would fetch a missing sitemap.xml below each one."""
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    entries = re.findall(r"<url>(.*?)</url>", sitemap, flags=re.S)
    site_url = linkcheck.site_url_from_config(ROOT / "mkdocs.yml")
    pairs = {re.search(r"<loc>([^<]+)</loc>", e).group(1): dict(
        (m.group(1), m.group(2)) for m in re.finditer(r'hreflang="(\w+)" href="([^"]+)"', e)) for e in entries}
    assert len(pairs) >= 90
    session = pairs[site_url + "program/session-1/"]
    assert session == {"ja": site_url + "program/session-1/", "en": site_url + "en/program/session-1/"}
    for lang in ("ja", "en"):
        for page in pages(site, lang):
            assert '<link rel="alternate" href=' not in page.read_text(encoding="utf-8"), page
    assert '<link rel="alternate" href=' not in (site / "404.html").read_text(encoding="utf-8")


def test_english_pages_have_no_untranslated_japanese(site):
    from handbook.content.curriculum import load_curriculum

    allowed = sorted({t.term.ja for t in load_curriculum(ROOT).glossary.terms}, key=len, reverse=True)
    offenders = []
    for page in pages(site, "en"):
        text = PARENTHESISED.sub("", article_text(page, skip_lang="ja"))
        for term in allowed:
            text = text.replace(term, "")
        found = JAPANESE.findall(text)
        if found:
            offenders.append((page_url(site, page), "".join(found[:20])))
    assert not offenders, offenders[:10]


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.skipif(not os.path.exists(CHROMIUM) and not os.environ.get("CI"), reason="needs Debian's chromium")
def test_language_switch_under_a_sub_path(tmp_path, guarded_context):
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    moved = re.sub(r"^site_url: .*$", "site_url: https://pref.example.jp/kenko/handbook/", text, count=1, flags=re.M)
    assert moved != text, "mkdocs.yml has no site_url line to move"
    config.write_text(moved, encoding="utf-8")
    host = tmp_path / "host"
    result = build_site(project, host / "kenko" / "handbook")
    assert result.returncode == 0, result.stderr[-3000:]
    with serve(host) as base_url, guarded_context() as context:
        page = context.new_page()
        for start, expected in (("kenko/handbook/", "kenko/handbook/en/"), ("kenko/handbook/program/session-2/", "kenko/handbook/en/program/session-2/"),
                                ("kenko/handbook/en/", "kenko/handbook/"), ("kenko/handbook/en/worksheets/roadmap/", "kenko/handbook/worksheets/roadmap/")):
            page.goto(base_url + start)
            target = "en" if "/en/" not in "/" + start else "ja"
            href = page.get_attribute(f"a.md-select__link[hreflang='{target}']", "href")
            page.goto(page.url.rsplit("/", 1)[0] + "/" + href if not href.startswith("http") else href)
            assert page.url == base_url + expected, (start, page.url)
            assert page.evaluate("document.documentElement.lang") == target
        assert context.external_requests == []


def test_the_one_not_found_page_is_the_default_languages(site):
    """A server shows one 404.html for every language; the English build must not overwrite the
    Japanese one with English navigation (mkdocs-static-i18n issue #284)."""
    page = (site / "404.html").read_text(encoding="utf-8")
    assert '<html lang="ja"' in page
    assert "<title>地域づくり支援ハンドブック" in page
    # Both editions' readers land here: a word in each language and a way home to each edition.
    assert "ページが見つかりません" in page and '<div lang="en">' in page and "Page not found" in page
    assert 'href="/chiiki-zukuri-handbook/">' in page and 'href="/chiiki-zukuri-handbook/en/">' in page
    assert not (site / "en" / "404.html").exists() or '<html lang="en"' in (site / "en" / "404.html").read_text(encoding="utf-8")
