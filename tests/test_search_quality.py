"""Search quality in a real browser (issue 10): the query set of tests/search-queries.yml typed into
Material's search box of both editions, judged against the pages' own text (handbook.qa.search_quality);
cross-language lookup, English prefixes, spelling variants, full-/half-width and case, highlighting on the
opened page, and exclusions that hold in the index.

Expected pages are never typed here: they come from the built pages' text and from curriculum/glossary.yml.
"""

from __future__ import annotations

import os
import re
import unicodedata

import lxml.html
import pytest

from browser import CHROMIUM, search
from conftest import ROOT
from handbook.qa import search_quality as sq
from handbook.views.pages import LANGUAGES, PAGES, language_prefix, url_of
from handbook.content.search import fold

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM) and not os.environ.get("CI"), reason="needs Debian's chromium"),
]

KINDS_REQUIRED = {"kanji", "kana", "katakana", "mixed", "latin", "digits", "part-of-word", "two-characters",
                  "full-width", "two-words", "absent"}
MIN_JAPANESE_QUERIES = 80
GLOSSARY = url_of(PAGES["glossary"])
# Typed by hand as a reader would (the pages each must find are computed, not written here).
PREFIXES = ["isolat", "volunt", "accompan", "municipalit"]
WIDTH_AND_CASE = ["PDCAサイクル", "ピアサポーター", "2日目", "WS-13", "QRコード", "第3回"]
HIGHLIGHTED = "地域ケア会議"


@pytest.fixture(scope="module")
def glossary():
    return sq.load_glossary(ROOT)


@pytest.fixture(scope="module")
def queries():
    return sq.load_queries(ROOT)


@pytest.fixture(scope="module")
def editions(site, glossary):
    return {lang: sq.edition(site, lang, glossary) for lang in LANGUAGES}


def language_root(page, lang: str) -> str:
    return sq.language_root_url(page.base_url, lang)


def shown_pages(page, lang: str, query: str) -> tuple[list[str], list[dict]]:
    """Result pages (addresses within the language) for `query` typed on the open page of `lang`."""
    groups = search(page, query)
    return [sq.page_address(group["links"][0], language_root(page, lang)) for group in groups], groups


def open_language(page, lang: str) -> None:
    page.goto(language_root(page, lang), wait_until="load")


# ---- The query set ---------------------------------------------------------------------------------------


def test_query_set_covers_every_kind(queries, editions):
    japanese = queries["ja"]
    assert len(japanese) >= MIN_JAPANESE_QUERIES, len(japanese)
    assert KINDS_REQUIRED <= {q.kind for q in japanese}, KINDS_REQUIRED - {q.kind for q in japanese}
    assert len({q.text for q in japanese}) == len(japanese), "a query is in the set twice"
    for lang, edition in editions.items():
        absent = [q.text for q in queries[lang] if not edition.relevant(q.text)]
        assert len(absent) >= 1 + 2 * (lang == "ja"), f"{lang}: the set needs queries that no page holds ({absent})"
        answerable = [q for q in queries[lang] if edition.relevant(q.text)]
        assert len(answerable) >= len(queries[lang]) * 3 // 4, f"{lang}: most queries must be on some page"


def test_ground_truth_is_the_matchers(queries, editions):
    """Edition.holds folds each page once; it must say what handbook.content.search.Matcher.holds says (one query
    of each kind, on every page)."""
    for lang, edition in editions.items():
        sample = {q.kind: q for q in queries[lang]}.values()
        disagreements = {q.text: edition.agrees_with_matcher(q.text) for q in sample}
        assert not any(disagreements.values()), disagreements


def test_ground_truth_reads_the_article_without_exclusions(editions):
    """The page text the ground truth uses: the article, without 出典 lines and without "¶"."""
    edition = editions["ja"]
    address = url_of("program/session-1.md")
    html = edition.files[address].read_text(encoding="utf-8")
    excluded = [squeeze(element[0]) for element in sq.excluded_texts(html)]
    assert excluded and 'class="headerlink"' in html
    text = squeeze(edition.texts[address])
    assert "¶" not in text and not [piece for piece in excluded if piece in text]
    title = lxml.html.fromstring(html).xpath("//article//h1")[0].text_content().replace("¶", "").strip()
    assert title and edition.holds(address, title)
    assert all(len(editions[lang].texts) >= 40 for lang in LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_query_set(site_page, editions, queries, lang):
    """Every answerable query finds every page that holds it; no result lacks the query (all wrong answers
    are listed, one line per query)."""
    answers = sq.ask_all(site_page, language_root(site_page, lang), language_root(site_page, lang),
                         editions[lang], queries[lang], search)
    lines = sq.failure_lines(answers)
    assert not lines, f"{len(lines)} of {len(answers)} queries answered wrongly on /{language_prefix(lang)}:\n" + "\n".join(lines)


# ---- Cross-language lookup --------------------------------------------------------------------------------


def term(glossary, term_id: str):
    return next(t for t in glossary.terms if t.id == term_id)


def english_head_and_romaji(entry) -> tuple[str, str | None]:
    """The English name without a bracketed acronym, and the romaji: ('Long-Term Care Insurance', None),
    ('accompanying support', 'bansōteki shien')."""
    return entry.term.en.partition(" (")[0], entry.romaji


def romaji_queries(glossary, entry) -> list[str]:
    """The term's Japanese name, its romaji as written and without macrons, and the romaji's first word
    when no other term's romaji starts with it (bansoteki → bansōteki shien)."""
    _, romaji = english_head_and_romaji(entry)
    out = [entry.term.ja, romaji, fold(romaji)]
    first = fold(romaji).split(" ")[0]
    others = [fold(r) for t in glossary.terms if t is not entry for r in [english_head_and_romaji(t)[1]] if r]
    if not any(other.split(" ")[0] == first for other in others):
        out.append(first)
    return list(dict.fromkeys(out))


def pages_holding(edition, phrase: str) -> set[str]:
    """Pages whose text holds `phrase` as written (folded, no synonyms): an independent check."""
    needle = fold(phrase)
    return {address for address, text in edition.texts.items() if needle in fold(text)}


@pytest.mark.parametrize("term_id", ["bansoteki-shien", "kyogitai", "minsei-iin"])  # terms with a romaji
def test_english_edition_finds_japanese_terms_and_romaji(site_page, glossary, editions, term_id):
    entry = term(glossary, term_id)
    edition = editions["en"]
    english, _ = english_head_and_romaji(entry)
    using = pages_holding(edition, english)
    assert GLOSSARY in using and len(using) >= 2, f"{english!r} is on too few English pages: {sorted(using)}"
    open_language(site_page, "en")
    problems = []
    for query in romaji_queries(glossary, entry):
        shown, _ = shown_pages(site_page, "en", query)
        if GLOSSARY not in shown:
            problems.append(f"{query!r}: no English glossary page among {shown}")
        if using - set(shown):
            problems.append(f"{query!r}: pages using {english!r} missing: {sorted(using - set(shown))}")
        unrelated = [p for p in shown if not edition.holds(p, query)]
        if unrelated:
            problems.append(f"{query!r}: results without the term: {unrelated}")
    assert not problems, "\n".join(problems)


def test_japanese_edition_finds_english_glossary_terms(site_page, glossary, editions):
    """Every glossary term's English name (without its romaji), typed on the Japanese edition, finds the
    Japanese glossary and every page using the Japanese term."""
    edition = editions["ja"]
    open_language(site_page, "ja")
    problems, checked = [], 0
    for entry in glossary.terms:
        english, _ = english_head_and_romaji(entry)
        if not english:
            continue
        shown, _ = shown_pages(site_page, "ja", english)
        checked += 1
        using = pages_holding(edition, entry.term.ja)
        if GLOSSARY not in shown:
            problems.append(f"{english!r} ({entry.term.ja}): Japanese glossary not among {shown}")
        if using - set(shown):
            problems.append(f"{english!r} ({entry.term.ja}): pages using the term missing: {sorted(using - set(shown))}")
        unrelated = [p for p in shown if not edition.holds(p, english)]
        if unrelated:
            problems.append(f"{english!r}: results without the term: {unrelated}")
    assert checked >= 50 and not problems, "\n".join(problems)


# ---- English prefixes, variants, width and case -------------------------------------------------------------


def test_english_prefix_search(site_page, editions):
    """A word typed on the English edition finds every page with a word that starts with it (isolat →
    isolation, isolated), and only those."""
    edition = editions["en"]
    open_language(site_page, "en")
    problems = []
    for prefix in PREFIXES:
        word_start = re.compile(r"(?<![a-z0-9])" + re.escape(prefix))
        expected = {address for address, text in edition.texts.items() if word_start.search(fold(text))}
        words = {m.group(0) for text in edition.texts.values() for m in re.finditer(word_start.pattern + r"[a-z]*", fold(text))}
        assert len(expected) >= 2 and len(words) >= 2, (prefix, expected, words)  # a prefix of several words
        shown, _ = shown_pages(site_page, "en", prefix)
        if set(shown) != expected:
            problems.append(f"{prefix!r} ({sorted(words)}): missing {sorted(expected - set(shown))}, "
                            f"unrelated {sorted(set(shown) - expected)}")
    assert not problems, "\n".join(problems)


def test_spelling_variants_find_each_other(site_page, glossary, editions):
    """Each form of a `variants:` group of the glossary finds the pages that hold any form of the group,
    among them pages that hold only another form."""
    edition = editions["ja"]
    open_language(site_page, "ja")
    problems, crossings = [], 0
    for group in glossary.variants:
        holding = {form: pages_holding(edition, form) for form in group}
        anywhere = set().union(*holding.values())
        if not anywhere:
            continue
        for form in group:
            shown, _ = shown_pages(site_page, "ja", form)
            crossings += len(anywhere - holding[form])
            if anywhere - set(shown):
                problems.append(f"{form!r} of {group}: missing {sorted(anywhere - set(shown))}")
            unrelated = [p for p in shown if not edition.holds(p, form)]
            if unrelated:
                problems.append(f"{form!r}: results without the word: {unrelated}")
    assert crossings > 0, "no page holds one form of a group but not another: the test proves nothing"
    assert not problems, "\n".join(problems)


HALF_WIDTH_KANA = {unicodedata.normalize("NFKC", chr(code)): chr(code) for code in range(0xFF66, 0xFF9E)}
SOUND_MARKS = {"\u3099": "\uff9e", "\u309a": "\uff9f"}


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def half_width(text: str) -> str:
    out = []
    for char in unicodedata.normalize("NFD", text):
        out.append(SOUND_MARKS.get(char) or HALF_WIDTH_KANA.get(char, char))
    return "".join(out)


def swap_case(text: str) -> str:
    return text.swapcase()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_full_width_half_width_and_case_are_one(site_page, editions, lang):
    edition = editions[lang]
    open_language(site_page, lang)
    problems = []
    for query in WIDTH_AND_CASE:
        expected = edition.relevant(query)
        if lang == "ja":
            assert expected, f"{query!r} is on no Japanese page"
        base, _ = shown_pages(site_page, lang, query)
        assert set(base) == expected, (query, sorted(base), sorted(expected))
        for form in {full_width(query), half_width(query), swap_case(query), half_width(full_width(query))} - {query}:
            shown, _ = shown_pages(site_page, lang, form)
            if set(shown) != expected:
                problems.append(f"{form!r} (as {query!r}): missing {sorted(expected - set(shown))}, extra {sorted(set(shown) - expected)}")
    assert not problems, "\n".join(problems)


def test_converters_change_the_text():
    assert full_width("PDCA 2") == "ＰＤＣＡ ２" and half_width("ピアサポーター") == "ﾋﾟｱｻﾎﾟｰﾀｰ"
    assert half_width("2日目") == "2日目" and swap_case("WS-13") == "ws-13"


# ---- The opened page highlights what was typed --------------------------------------------------------------


def test_opened_result_highlights_the_typed_string(site_page, editions):
    page = site_page
    open_language(page, "ja")
    shown, groups = shown_pages(page, "ja", HIGHLIGHTED)
    assert shown and editions["ja"].holds(shown[0], HIGHLIGHTED)
    link = page.locator("a.md-search-result__link").first
    href = link.get_attribute("href")
    assert "h=" in href, href
    link.click()
    page.wait_for_url(lambda url: sq.page_address(url, language_root(page, "ja")) == shown[0])
    page.wait_for_load_state("load")
    page.locator("mark[data-md-highlight]").first.wait_for(state="attached")
    marks = page.locator("mark[data-md-highlight]").all_inner_texts()
    assert marks and all(fold(mark) == fold(HIGHLIGHTED) for mark in marks), marks


# ---- Exclusions hold in the index -----------------------------------------------------------------------------


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_excluded_text_stays_out_of_the_index(site, editions):
    """No text of an element marked data-search-exclude (出典 lines, paste-ready announcement texts) is in
    that page's entries of its language's search index — unless the page shows the same words outside
    the excluded element too. Checked whole and text node by text node (strings of 8 characters or more)."""
    leaks, checked = [], 0
    for lang, edition in editions.items():
        index = sq.index_texts(site, lang)
        for address, path in edition.files.items():
            indexed = squeeze(index.get(address, ""))
            own = squeeze(edition.texts[address])
            for element in sq.excluded_texts(path.read_text(encoding="utf-8")):
                for text in dict.fromkeys(squeeze(piece) for piece in element):
                    if len(text) < 8 or text in own:
                        continue
                    checked += 1
                    if text in indexed:
                        leaks.append(f"/{language_prefix(lang)}{address}: {text[:80]!r}")
    assert checked >= 200, checked
    assert not leaks, f"{len(leaks)} excluded texts in the search index:\n" + "\n".join(leaks[:60])
