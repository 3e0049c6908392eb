"""The home page leads every reader group to its material in one click, with the site navigation shown;
each glossary is in its readers' order (五十音 / A–Z) under an index whose every link lands on a term.

Expected links, terms and orders come from curriculum/ through the handbook package; the orders are
computed here again, independently of handbook.views.collation (unicodedata names for kana)."""

from __future__ import annotations

import os
import re
import unicodedata
from types import SimpleNamespace
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
import pytest

from browser import CHROMIUM
from conftest import ROOT
from handbook.views import collation
from handbook.views import pages
from handbook.content.curriculum import load_curriculum
from handbook.views.render import text_in

CURRICULUM = load_curriculum(ROOT)
EDITIONS = ("ja", "en")
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


def parse(site, lang: str, url: str):
    path = site / pages.language_prefix(lang) / pages.output_path(url)
    return lxml.html.fromstring(path.read_bytes())


def cls(name: str) -> str:
    """XPath test for an element with the class `name`."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def resolve(lang: str, page_url: str, href: str) -> str | None:
    """The site path (from the site root) an internal href of a page points at; None for other hosts."""
    base = "http://site.invalid/" + pages.language_prefix(lang) + page_url
    target = urlsplit(urljoin(base, href))
    if target.netloc != "site.invalid":
        return None
    return unquote(target.path.lstrip("/"))


def served_file(site, path: str):
    return site / (path + "index.html" if path == "" or path.endswith("/") else path)


# --- what the home page must lead to, from the YAML -------------------------------------------------

def expected_home_targets() -> dict[str, str]:
    """What each reader group needs, as URLs within an edition: name → URL."""
    targets = {}
    for session in CURRICULUM.sessions:
        targets[f"session page {session.id}"] = pages.url_of(pages.entity_path("session", session.id))
    for guide in CURRICULUM.guides:
        page = pages.url_of(pages.entity_path("guide", guide.id))
        targets[f"guide {guide.id}"] = page
        targets[f"run sheet {guide.id}"] = pages.folder_of(page) + pages.run_sheet_file(guide.id)
    for key in ("planner", "worksheets", "announce", "growth-steps", "self-check"):
        targets[key] = pages.url_of(pages.PAGES[key])
    return targets


def test_expected_targets_cover_every_session_and_guide():
    """Not vacuous: the YAML has sessions and guides, and every guide brings its run sheet."""
    targets = expected_home_targets()
    assert CURRICULUM.sessions and CURRICULUM.guides
    assert sum(name.startswith("session page") for name in targets) == len(CURRICULUM.sessions)
    assert sum(name.startswith("run sheet") for name in targets) == len(CURRICULUM.guides)


@pytest.mark.parametrize("lang", EDITIONS)
def test_home_links_every_reader_group_to_its_material(site, lang):
    home = parse(site, lang, "")
    article = home.xpath("//article")[0]
    prefix = pages.language_prefix(lang)
    linked = {resolve(lang, "", a.get("href")) for a in article.xpath(".//a[@href]")}
    for name, url in expected_home_targets().items():
        assert prefix + url in linked, f"{lang} home page does not link the {name} ({url})"
    # one card per reader group, each with a stable anchor (and an entry in the page's table of contents)
    for anchor in ("for-lecturers", "for-new-staff", "for-participants", "for-organisers"):
        assert article.xpath(f".//*[{cls('hb-home')}]//h3[@id='{anchor}']"), anchor
        assert home.xpath(f"//*[{cls('md-sidebar--secondary')}]//a[@href='#{anchor}']"), anchor


@pytest.mark.parametrize("lang", EDITIONS)
def test_every_link_on_the_home_page_resolves(site, lang):
    article = parse(site, lang, "").xpath("//article")[0]
    hrefs = [a.get("href") for a in article.xpath(".//a[@href]")]
    assert len(hrefs) >= 30
    for href in hrefs:
        path = resolve(lang, "", href)
        if path is None:
            continue
        assert served_file(site, path).is_file(), f"{lang}: {href} → {path} is not in the built site"
        fragment = urlsplit(href).fragment
        if fragment:
            target = lxml.html.fromstring(served_file(site, path).read_bytes())
            assert target.get_element_by_id(fragment, None) is not None, f"{lang}: {href}: no #{fragment}"


@pytest.mark.parametrize("lang", EDITIONS)
def test_home_link_titles_come_from_the_yaml_in_the_edition_language(site, lang):
    home = parse(site, lang, "")
    cards = home.xpath(f"//*[{cls('hb-home')}]")[0]
    texts = {resolve(lang, "", a.get("href")): a.text_content() for a in cards.xpath(".//a[@href]")}
    prefix = pages.language_prefix(lang)
    for session in CURRICULUM.sessions:
        text = texts[prefix + pages.url_of(pages.entity_path("session", session.id))]
        assert text_in(session.title, lang) in text
    if lang == "en":
        leftover = JAPANESE.findall(cards.text_content())
        assert not leftover, f"Japanese left on the English home page: {''.join(leftover)}"


@pytest.mark.parametrize("lang", EDITIONS)
def test_home_page_shows_the_site_navigation(site, lang):
    home = parse(site, lang, "")
    sidebar = home.xpath(f"//*[{cls('md-sidebar--primary')}]")
    assert sidebar and sidebar[0].get("hidden") is None, "the primary navigation is hidden on the home page"
    prefix = pages.language_prefix(lang)
    in_nav = {resolve(lang, "", a.get("href")) for a in sidebar[0].xpath(".//a[@href]")}
    for worksheet in CURRICULUM.worksheets:
        assert prefix + pages.url_of(pages.entity_path("worksheet", worksheet.id)) in in_nav
    for name in ("index.md", "index.en.md"):
        front = (ROOT / "docs" / name).read_text(encoding="utf-8")
        assert "hide:" not in front.split("\n# ", 1)[0], f"docs/{name} hides part of the page"


@pytest.mark.parametrize("lang", EDITIONS)
def test_worksheet_index_lists_every_sheet_with_pdf_and_word(site, lang):
    url = pages.url_of(pages.PAGES["worksheets"])
    index = parse(site, lang, url)
    linked = {resolve(lang, url, a.get("href")) for a in index.xpath("//article//a[@href]")}
    prefix = pages.language_prefix(lang)
    for worksheet in CURRICULUM.worksheets:
        folder = prefix + pages.folder_of(pages.url_of(pages.entity_path("worksheet", worksheet.id)))
        for name in (f"{worksheet.id}.pdf", f"{worksheet.id}.docx"):
            assert folder + name in linked, f"{lang}: worksheet index lacks {name}"
            assert (site / folder / name).is_file()
    ids = [row.get("id") for row in index.xpath("//article//tr[@id]")]
    assert len(ids) == len(set(ids)) == len(CURRICULUM.worksheets), "one #ws-xx anchor per sheet"


# --- glossary order, computed independently --------------------------------------------------------

ROWS = ("a", "ka", "sa", "ta", "na", "ha", "ma", "ya", "ra", "wa")
ROW_OF_CONSONANT = {"": "a", "k": "ka", "s": "sa", "sh": "sa", "t": "ta", "ch": "ta", "ts": "ta", "n": "na",
                    "h": "ha", "f": "ha", "m": "ma", "y": "ya", "r": "ra", "w": "wa"}


def base_kana(ch: str) -> str:
    """A kana as plain hiragana by its Unicode name: KATAKANA LETTER SMALL KA → HIRAGANA LETTER KA."""
    name = unicodedata.name(ch, "")
    if not name.startswith(("HIRAGANA LETTER", "KATAKANA LETTER")):
        return ch
    return unicodedata.lookup("HIRAGANA LETTER " + name.split(" LETTER ")[1].removeprefix("SMALL "))


def reading_key(reading: str) -> str:
    """Dakuten/handakuten dropped (NFD), katakana as hiragana, small as large, ー as the vowel before it."""
    out = []
    for ch in unicodedata.normalize("NFD", unicodedata.normalize("NFKC", reading)):
        if unicodedata.combining(ch) or ch in "・／/ ":
            continue
        if ch == "ー":
            syllable = unicodedata.name(out[-1], "").split(" LETTER ")[-1] if out else ""
            if syllable[-1:] in ("A", "I", "U", "E", "O"):
                out.append(unicodedata.lookup("HIRAGANA LETTER " + syllable[-1]))
            continue
        out.append(base_kana(ch).lower())
    return "".join(out)


def row_of(reading: str) -> str:
    """The 行 of a reading's first kana ('latin' for a letter or digit)."""
    first = reading_key(reading)[:1]
    name = unicodedata.name(first, "")
    if not name.startswith("HIRAGANA LETTER "):
        return "latin"
    syllable = name.removeprefix("HIRAGANA LETTER ").lower()
    if syllable == "n":
        return "wa"
    return ROW_OF_CONSONANT[syllable.rstrip("aiueo")]


def english_sort_key(term: str) -> str:
    folded = "".join(c for c in unicodedata.normalize("NFKD", term) if not unicodedata.combining(c)).casefold().strip()
    folded = folded[4:] if folded.startswith("the ") else folded
    return " ".join(re.findall(r"[^\W_]+", folded))


def expected_glossary(lang: str) -> list[tuple[str, str, str]]:
    """(group anchor, sort key, term id) of every term, in the order the page must show them."""
    rows = []
    for term in CURRICULUM.glossary.terms:
        if lang == "ja":
            row = row_of(term.reading)
            group = len(ROWS) if row == "latin" else ROWS.index(row)
            rows.append((group, f"gyo-{row}", reading_key(term.reading), term.id))
        else:
            key = english_sort_key(text_in(term.term, "en"))
            letter = key[:1] if key[:1].isalpha() and key[:1].isascii() else "other"
            group = ord(letter) - ord("a") if letter != "other" else 26
            rows.append((group, f"letter-{letter}", key, term.id))
    rows.sort()
    return [(anchor, key, term_id) for _, anchor, key, term_id in rows]


def glossary_page(site, lang: str):
    return parse(site, lang, pages.url_of(pages.PAGES["glossary"]))


def in_order(rows: list[tuple[str, str]], lang: str) -> bool:
    """(group anchor, sort key) pairs: groups in index order, keys ascending within a group (ties in any order)."""
    position = {anchor: n for n, anchor in enumerate(dict.fromkeys(a for a, _, _ in expected_glossary(lang)))}
    ranked = [(position[anchor], key) for anchor, key in rows]
    return ranked == sorted(ranked)


@pytest.mark.parametrize("lang", EDITIONS)
def test_glossary_is_in_the_readers_order(site, lang):
    page = glossary_page(site, lang)
    shown = []  # (group anchor the term is under, term id), in page order
    group = None
    for element in page.xpath("//article//*[(self::h2 or self::dt) and @id]"):
        if element.tag == "h2":
            group = element.get("id")
        else:
            shown.append((group, element.get("id").removeprefix("term-")))
    assert sorted(t for _, t in shown) == sorted(t.id for t in CURRICULUM.glossary.terms), "every term once, as #term-<id>"
    expected = {term_id: (anchor, key) for anchor, key, term_id in expected_glossary(lang)}
    assert [g for g, _ in shown] == [expected[t][0] for _, t in shown], "each term under its 行 / letter"
    assert in_order([expected[t] for _, t in shown], lang), f"{lang} glossary out of order: {[t for _, t in shown]}"


@pytest.mark.parametrize("lang", EDITIONS)
def test_glossary_index_links_each_group_to_its_first_term(site, lang):
    page = glossary_page(site, lang)
    index = page.xpath(f"//nav[{cls('hb-glossary-index')}]")[0]
    names = [li.text_content().strip() for li in index.xpath(".//li")]
    expected = expected_glossary(lang)
    firsts = {}
    for anchor, _, term_id in expected:
        firsts.setdefault(anchor, term_id)
    if lang == "ja":
        required = [f"gyo-{row}" for row in ROWS]
        assert names[: len(ROWS)] == [kana + "行" for kana in "あかさたなはまやらわ"]
    else:
        required = [f"letter-{letter}" for letter in "abcdefghijklmnopqrstuvwxyz"]
        assert names[:26] == list("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    links = {a.get("href").removeprefix("#"): a for a in index.xpath(".//a[@href]")}
    assert set(links) == set(firsts), "a group is linked exactly when it has terms"
    assert all(anchor in required or anchor.endswith(("-latin", "-other")) for anchor in firsts)
    assert len(names) == len(required) + sum(a.endswith(("-latin", "-other")) for a in firsts)
    for anchor, first in firsts.items():
        target = page.get_element_by_id(anchor, None)
        assert target is not None and re.fullmatch(r"[a-z-]+", anchor), anchor
        following = target.getnext()
        assert following is not None and following.tag == "dl"
        assert following.xpath(".//dt")[0].get("id") == f"term-{first}", f"{anchor} does not lead to its first term"


def test_glossary_see_also_links_still_resolve(site):
    for lang in EDITIONS:
        page = glossary_page(site, lang)
        ids = set(page.xpath("//@id"))
        for a in page.xpath("//article//a[starts-with(@href, '#')]"):
            assert a.get("href")[1:] in ids, a.get("href")


# --- the sort function, without a build ------------------------------------------------------------

def term(term_id: str, reading: str, en: str = "", ja: str = "") -> SimpleNamespace:
    return SimpleNamespace(id=term_id, reading=reading, term=SimpleNamespace(ja=ja or reading, en=en))


@pytest.mark.parametrize(("reading", "row"), [
    ("アドバイザー", "a"), ("ガイド", "ka"), ("ｶﾞｲﾄﾞ", "ka"), ("じぜんかだい", "sa"), ("ヂ", "ta"),
    ("っぽ", "ta"), ("ヴィジョン", "a"), ("ぱ", "ha"), ("ゃ", "ya"), ("ゎ", "wa"), ("ん", "wa"), ("ヲ", "wa"),
    ("PDCAさいくる", None), ("2じかい", None),
])
def test_row_of_a_reading(reading, row):
    index = collation.gyo_of(reading)
    if row is None:
        assert index == len(collation.GYO)
    else:
        assert collation.GYO[index][0] == row
        assert row_of(reading) == row  # the test's own computation agrees


def test_kana_key_folds_script_marks_and_size():
    assert collation.kana_key("ケア")[0] == collation.kana_key("けあ")[0] == "けあ"
    assert collation.kana_key("ちょう")[0] == "ちよう"
    assert collation.kana_key("ケース")[0] == "けえす"  # ー as the vowel before it
    assert collation.kana_key("ピーディー")[0] == "ひいていい"
    assert collation.kana_key("サロン・ー")[0] == "さろん"  # ・ ignored, ー after ん ignored
    assert collation.kana_key("ばんそう")[1] == (1, 0, 0, 0) and collation.kana_key("ぱ")[1] == (2,)


def test_japanese_order_plain_before_voiced_and_latin_last():
    terms = [term("b", "はし"), term("p", "ぱす"), term("k", "ガイド"), term("a", "かいご"), term("z", "Zoom"),
             term("e", "エンパワメント"), term("l", "ロジック"), term("y", "ようしえん"), term("d", "abc")]
    groups = collation.glossary_groups(terms, "ja")
    assert [g.anchor for g in groups] == [f"gyo-{row}" for row in ROWS] + ["gyo-latin"]
    order = [t.id for g in groups for t in g.terms]
    assert order == ["e", "a", "k", "b", "p", "y", "l", "d", "z"]
    assert [t.id for t in groups[1].terms] == ["a", "k"]  # かいご before ガイド: base かいこ < かいと
    assert not groups[4].terms and not groups[9].terms  # な行, わ行 empty but present


def test_english_order_ignores_case_accents_and_a_leading_the():
    terms = [term("t", "", "The roadmap"), term("b", "", "bansōteki shien"), term("c", "", "Care management"),
             term("a", "", "accompanying support"), term("w", "", "community-based care"), term("x", "", "community building"),
             term("n", "", "5-step plan"), term("j", "", "", ja="伴走")]
    groups = collation.glossary_groups(terms, "en", lambda t: t.term.en or t.term.ja)
    assert [g.anchor for g in groups][:26] == [f"letter-{c}" for c in "abcdefghijklmnopqrstuvwxyz"]
    assert groups[-1].anchor == "letter-other"
    order = [t.id for g in groups for t in g.terms]
    assert order == ["a", "b", "c", "w", "x", "t", "n", "j"]
    assert [t.id for t in groups[ord("r") - ord("a")].terms] == ["t"]
    assert collation.english_key("The Roadmap")[0] == "roadmap" == english_sort_key("The Roadmap")
    assert collation.english_key("Theory")[0] == "theory"  # "the" only as a word


def test_glossary_groups_match_the_independent_order():
    """The package and this test agree on the real glossary, before any build."""
    for lang in EDITIONS:
        groups = collation.glossary_groups(CURRICULUM.glossary.terms, lang, lambda t, lang=lang: text_in(t.term, lang))
        expected = {term_id: (anchor, key) for anchor, key, term_id in expected_glossary(lang)}
        got = [(g.anchor, t.id) for g in groups for t in g.terms]
        assert sorted(t for _, t in got) == sorted(expected)
        assert all(expected[t][0] == anchor for anchor, t in got)
        assert in_order([expected[t] for _, t in got], lang)


# --- in the browser ---------------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.skipif(not os.path.exists(CHROMIUM) and not os.environ.get("CI"), reason="needs Debian's chromium")
def test_home_page_shows_primary_navigation_on_a_desktop(site_page):
    from playwright.sync_api import expect

    site_page.set_viewport_size({"width": 1280, "height": 900})
    for lang in EDITIONS:
        site_page.goto(site_page.base_url + pages.language_prefix(lang))
        sidebar = site_page.locator(".md-sidebar--primary")
        expect(sidebar).to_be_visible()
        expect(sidebar.locator(".md-nav--primary")).to_be_visible()
        worksheets = sidebar.locator(f'a[href$="{pages.url_of(pages.PAGES["worksheets"])}"]').first
        expect(worksheets).to_be_visible()
        box = sidebar.bounding_box()
        assert box["width"] > 150 and box["x"] < 400, f"{lang}: the sidebar is not on the left of the page: {box}"
        # the cards sit beside the navigation, not under it
        cards = site_page.locator(".hb-home").bounding_box()
        assert cards["x"] >= box["x"] + box["width"] - 1
