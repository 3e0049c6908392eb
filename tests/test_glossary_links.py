"""First use of a glossary term on a page (issue 13.10): in the built article of every page, home page included,
the first use of each term links to its glossary entry and keeps its tooltip; on English pages the romanised
Japanese follows that link once; later uses keep their tooltip only. The book PDF is made from these articles.

Terms, romaji and the marks of the tooltips come from curriculum/ and the labels table."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest

from conftest import ROOT
from helpers import normalise
from test_print_packs import book_of, text_of
from handbook.content.curriculum import load_curriculum
from handbook.views import pages
from handbook.views.render import load_labels

CURRICULUM = load_curriculum(ROOT)
TERMS = CURRICULUM.terms
LABELS = load_labels()
EDITIONS = ("ja", "en")
GLOSSARY_URL = pages.url_of(pages.PAGES["glossary"])


def articles(site: Path, lang: str) -> dict[str, lxml.html.HtmlElement]:
    """URL → article of every content page of an edition but the glossary (which the links point at)."""
    root = site / pages.language_prefix(lang)
    found = {}
    for path in sorted(root.rglob("index.html")):
        url = path.parent.relative_to(root).as_posix().removeprefix(".") + "/" if path.parent != root else ""
        if lang == "ja" and url.startswith("en/"):
            continue
        document = lxml.html.fromstring(path.read_bytes())
        article = document.find(".//article")
        if article is not None and url != GLOSSARY_URL:
            found[url] = article
    return found


def term_links(article) -> list:
    return article.xpath(".//a[contains(concat(' ', @class, ' '), ' hb-term-link ')]")


@pytest.mark.parametrize("lang", EDITIONS)
def test_first_use_of_each_term_links_to_its_entry_with_its_tooltip(site, lang):
    glossary = lxml.html.fromstring((site / pages.language_prefix(lang) / pages.output_path(GLOSSARY_URL)).read_bytes())
    entries = set(glossary.xpath("//dt/@id"))
    marks = (LABELS["supplement"][lang], LABELS["source"][lang])
    problems, linked_pages = [], 0
    for url, article in articles(site, lang).items():
        links = term_links(article)
        linked_pages += bool(links)
        ids = [link.get("data-term") for link in links]
        if len(ids) != len(set(ids)):
            problems.append(f"{url}: a term linked twice: {sorted(i for i in ids if ids.count(i) > 1)}")
        for link in links:
            term_id = link.get("data-term")
            href = link.get("href")
            if not href.endswith(f"#term-{term_id}") or f"term-{term_id}" not in entries:
                problems.append(f"{url}: {link.text_content()} → {href}")
            if not link.get("title", "").startswith(marks):
                problems.append(f"{url}: {link.text_content()}: tooltip without 補足/出典: {link.get('title', '')[:30]}")
            earlier = link.xpath(f"preceding::abbr[@data-term='{term_id}']")
            if [a for a in earlier if article in a.iterancestors()]:
                problems.append(f"{url}: {term_id}: a tooltip comes before the link, so the link is not the first use")
    assert not problems, "\n".join(problems)
    home = articles(site, lang)[""]
    assert term_links(home), "the home page links no glossary term"
    assert linked_pages >= len(CURRICULUM.sessions) + len(CURRICULUM.cases)


def test_romaji_follows_the_first_link_once_on_english_pages(site):
    for lang in EDITIONS:
        for url, article in articles(site, lang).items():
            glosses = article.xpath(".//*[contains(concat(' ', @class, ' '), ' hb-term-link__romaji ')]")
            if lang == "ja":
                assert not glosses, url
                continue
            for gloss in glosses:
                link = gloss.getprevious()
                assert link is not None and "hb-term-link" in link.get("class", ""), url
                assert gloss.text_content() == f"({TERMS[link.get('data-term')].romaji})", url
            for link in term_links(article):
                has_gloss = link.getnext() is not None and "hb-term-link__romaji" in link.getnext().get("class", "")
                assert has_gloss == bool(TERMS[link.get("data-term")].romaji), (url, link.get("data-term"))


@pytest.mark.parametrize("lang", EDITIONS)
def test_commissioned_welfare_volunteer_links_on_the_isolation_case(site, lang):
    term = TERMS["minsei-iin"]
    case = next(c for c in CURRICULUM.cases if c.id == "isolated-older-residents")
    url = pages.url_of(pages.entity_path("case", case.id))
    [link] = [a for a in term_links(articles(site, lang)[url]) if a.get("data-term") == term.id]
    shown = link.text_content()
    assert (shown == term.term.ja) if lang == "ja" else (shown.casefold() in map(str.casefold, term.accepted_english))


def unhyphenated(text: str) -> str:
    """Text without spaces and hyphens: the book breaks long words at line ends."""
    return re.sub(r"[-\u2010]", "", normalise(text))


def test_the_english_book_carries_the_romaji_of_the_first_links(site):
    """The book is made from the built articles: the romanised Japanese of the first links is printed there."""
    text = unhyphenated(text_of(book_of(site, "en")))
    shown = {link.get("data-term") for article in articles(site, "en").values() for link in term_links(article)}
    glossed = sorted(term_id for term_id in shown if TERMS[term_id].romaji)
    assert glossed
    for term_id in glossed:
        assert unhyphenated(f"({TERMS[term_id].romaji})") in text, term_id


def romaji_alone(romaji: str) -> re.Pattern:
    """A romaji as a whole gloss, not part of a longer one (chiiki-zukuri jinzai, kojin / chiiki shakai no dairinin)."""
    return re.compile(rf"(?<![\w-])(?<!/ ){re.escape(romaji)}(?![\w-]|\s[a-zāēīōū/])", re.IGNORECASE)


def test_romaji_at_most_once_per_english_page(site):
    """Nothing else on a page repeats a term's romaji (python -m handbook terms reports romaji typed into texts)."""
    problems = []
    for url, article in articles(site, "en").items():
        text = " ".join(article.text_content().split())
        for term in CURRICULUM.glossary.terms:
            if term.romaji:
                count = len(romaji_alone(term.romaji).findall(text))
                if count > 1:
                    problems.append(f"{url}: {term.romaji} ×{count}")
    assert not problems, "\n".join(problems)
