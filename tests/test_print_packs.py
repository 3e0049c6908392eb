"""Print packs (印刷セット, one PDF per session) and the handbook as a book PDF (手引き), both languages:
what they hold (from the YAML), bookmarks, embedded fonts, tagging, and the links that lead to them."""

from __future__ import annotations

import dataclasses

import re
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from conftest import ROOT
from helpers import normalise, page_file
from test_worksheets import pdf_objects

from handbook.outputs import downloads

from handbook.views import pages
from handbook.content.curriculum import load_curriculum
from handbook.views.render import load_labels, text_in

CURRICULUM = load_curriculum(ROOT)
LABELS = load_labels()
GUIDED = [s for s in CURRICULUM.sessions if s.id in {g.id for g in CURRICULUM.guides}]
LANGS = ["ja", "en"]


def label(key: str, lang: str, **values) -> str:
    return LABELS[key][lang].format(**values)


def tool(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def root_of(site: Path, lang: str) -> Path:
    return site / pages.language_prefix(lang)


def pack_of(site: Path, session, lang: str) -> Path:
    return root_of(site, lang) / "guides" / session.id / pages.print_pack_file(session.id)


def book_of(site: Path, lang: str) -> Path:
    return root_of(site, lang) / pages.BOOK_FILE


def text_of(pdf: Path) -> str:
    return normalise(tool("pdftotext", "-raw", str(pdf), "-"))


def outline(pdf: Path) -> list[tuple[int, str]]:
    """The PDF's bookmarks as (level, title), from poppler's XML output."""
    xml = tool("pdftohtml", "-xml", "-i", "-stdout", "-q", "-l", "1", str(pdf))
    root = ElementTree.fromstring(xml)
    found: list[tuple[int, str]] = []

    def walk(element, level: int) -> None:
        for child in element:
            if child.tag == "item":
                found.append((level, "".join(child.itertext()).strip()))
            elif child.tag == "outline":
                walk(child, level + 1)

    for top in root.iter("outline"):
        walk(top, 1)
        break
    return found


def assert_tagged(pdf: Path, lang: str, title: str) -> None:
    objects = pdf_objects(pdf)
    assert b"/StructTreeRoot" in objects and b"/MarkInfo" in objects and b"/Marked true" in objects, pdf
    assert f"/Lang ({lang})".encode() in objects, pdf
    assert b"/DisplayDocTitle true" in objects, pdf
    info = tool("pdfinfo", str(pdf))
    assert "Tagged:          yes" in info, pdf
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+", info), "A4"
    assert normalise(re.search(r"Title:\s+(.*)", info).group(1)) == normalise(title)


def assert_fonts_embedded(pdf: Path) -> None:
    fonts = tool("pdffonts", str(pdf)).splitlines()[2:]
    assert any("IPAex" in line or "CJK" in line or "IPAGothic" in line for line in fonts), fonts
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts


@pytest.mark.parametrize("lang", LANGS)
def test_every_session_has_a_print_pack_with_run_sheet_and_handouts(site, lang):
    assert GUIDED, "the curriculum has guides"
    for session in GUIDED:
        pack = pack_of(site, session, lang)
        assert pack.exists(), pack
        text = text_of(pack)
        session_name = f"{label('session_title', lang, n=session.number)}{label('session_sep', lang)}{text_in(session.title, lang)}"
        assert normalise(f"{label('run_sheet', lang)}{label('colon', lang)}{session_name}") in text, pack
        assert normalise(label("print_pack", lang)) in text
        sheets = CURRICULUM.handouts(session)
        group = CURRICULUM.operating_cycle.group_size
        for ws in sheets:
            assert ws.code in text, (pack.name, ws.code)
            assert normalise(text_in(ws.title, lang)) in text, (pack.name, ws.code)
            # the cover says how many copies per group, computed as the guide does
            assert normalise(label("guide_copies_up_to", lang, n=group.copies_per_group(ws.copies))) in text
        # the cover, the run sheet, then one part per handout, each from a new page
        pages_count = int(re.search(r"Pages:\s+(\d+)", tool("pdfinfo", str(pack))).group(1))
        assert pages_count >= 2 + len(sheets), pack
        assert_tagged(pack, lang, f"{label('print_pack', lang)} {session_name}")
        assert_fonts_embedded(pack)


def test_handouts_are_the_guides_table(site):
    """The pack holds the sheets the guide's handouts table lists, in its order (one selection, Curriculum.handouts)."""
    for session in GUIDED:
        guide = page_file(site, f"guides/{session.id}/").read_text(encoding="utf-8")
        table = guide.split('class="hb-handouts"', 1)[1].split("</table>", 1)[0]
        listed = re.findall(r"(WS-\d\d) ", table)
        assert listed == [ws.code for ws in CURRICULUM.handouts(session)], session.id


def test_sheets_for_the_organisers_are_not_handed_out():
    """A sheet the organisers send or keep (handed_out: organisers, e.g. a letter to speakers) is on no session's
    handout list or print pack; the same sheet used during the session is."""
    for session in CURRICULUM.sessions:
        sheets = CURRICULUM.worksheets_for(session.id)
        if not sheets:
            continue
        sheet = sheets[0]
        for handed_out, expected in (("during", True), ("organisers", False)):
            changed = sheet.model_copy(update={"used_in": sheet.used_in.model_copy(update={"handed_out": handed_out})})
            curriculum = dataclasses.replace(CURRICULUM, worksheets=[changed if w is sheet else w for w in CURRICULUM.worksheets])
            assert (changed in curriculum.handouts(session)) is expected, (session.id, sheet.code, handed_out)
        return
    pytest.fail("no session uses a worksheet")


@pytest.mark.parametrize("lang", LANGS)
def test_book_holds_every_session_worksheet_and_glossary_term(site, lang):
    book = book_of(site, lang)
    assert book.exists(), book
    text = text_of(book)
    for session in CURRICULUM.sessions:
        assert normalise(text_in(session.title, lang)) in text, session.id
    for ws in CURRICULUM.worksheets:
        assert ws.code in text and normalise(text_in(ws.title, lang)) in text, ws.code
    for term in CURRICULUM.glossary.terms:
        assert normalise(text_in(term.term, lang)) in text, term.id
    # 出典 and the marks of the handbook's own additions travel with the pages
    assert text.count(normalise(label("source", lang))) > len(CURRICULUM.sessions)
    assert normalise(label("supplement", lang)) in text and normalise(label("example", lang)) in text
    # interactive parts stay on the web
    assert normalise(label("planner_submit", lang)) not in text
    assert normalise(label("book_web_only", lang)) in text


@pytest.mark.parametrize("lang", LANGS)
def test_book_has_cover_contents_bookmarks_fonts_and_tags(site, lang):
    book = book_of(site, lang)
    home = page_file(root_of(site, lang), "").read_text(encoding="utf-8")
    site_name = re.search(r'<meta property="og:site_name" content="([^"]+)"', home).group(1)
    assert_tagged(book, lang, label("book_title", lang, site=site_name))
    assert_fonts_embedded(book)
    first_pages = normalise(tool("pdftotext", "-l", "3", str(book), "-"))
    assert normalise(label("book_toc", lang)) in first_pages
    from handbook.outputs.edition import edition_date, format_stamp, version

    stamp = format_stamp(version(ROOT), edition_date(ROOT))
    assert normalise(label("book_edition", lang, stamp=stamp)) in first_pages
    # the contents give page numbers (a dotted leader ending in a number per entry)
    assert len(re.findall(r"\.{3,}\s*\d+", tool("pdftotext", "-layout", "-l", "3", str(book), "-"))) >= len(CURRICULUM.sessions)
    marks = outline(book)
    top = [normalise(title) for level, title in marks if level == 1]
    for session in CURRICULUM.sessions:
        assert any(normalise(text_in(session.title, lang)) in entry for entry in top), session.id
    assert any(level == 2 for level, _ in marks), "second-level bookmarks (h2)"
    second = " ".join(title for level, title in marks if level == 2)
    assert all(ws.code in second for ws in CURRICULUM.worksheets), "the appendix lists every worksheet"


@pytest.mark.parametrize("lang", LANGS)
def test_links_to_packs_and_book(site, lang):
    root = root_of(site, lang)
    for session in GUIDED:
        pack = pages.print_pack_file(session.id)
        guide = page_file(root, f"guides/{session.id}/").read_text(encoding="utf-8")
        meta = guide.split('class="hb-session-meta"', 1)[1].split("</div>", 1)[0]
        assert f'href="{pack}"' in meta, session.id
        session_page = page_file(root, f"program/{session.id}/").read_text(encoding="utf-8")
        assert f'href="../../guides/{session.id}/{pack}"' in session_page, session.id
    for url in ("", "about/"):
        target = pages.relative_url(url, "") + pages.BOOK_FILE  # the book at the language root
        assert f'href="{target}"' in page_file(root, url).read_text(encoding="utf-8"), url or "home"


def fake_site(folder: Path, image: bytes) -> Path:
    """Two built pages (the shape MkDocs writes) and an image, for composing a book without a build."""
    pages_html = {
        "index.html": '<html><body><article class="md-content__inner md-typeset"><h1 id="top">Home</h1>'
                      '<p><a href="guides/planner/#how">planner</a> <a href="guides/planner/x.pdf" download>pdf</a></p>'
                      '<img src="assets/picture.png" alt="a picture"></article></body></html>',
        "guides/planner/index.html": '<html><body><article class="md-content__inner md-typeset"><h1 id="p">Planner</h1>'
                                     '<a class="headerlink" href="#p">¶</a><h2 id="how">How</h2>'
                                     '<form><label for="d">Day</label><input id="d"></form>'
                                     '<button type="button">Print</button></article></body></html>',
    }
    for name, text in pages_html.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "assets").mkdir(exist_ok=True)
    (folder / "assets" / "picture.png").write_bytes(image)
    return folder


def compose(folder: Path, lang: str = "en") -> str:
    from handbook.views.build import BuildContext, BuildSettings

    context = BuildContext(ROOT, CURRICULUM, BuildSettings(site_name="Handbook", public=None, edition="2026-01-01",
                                                           stamp="0 (2026-01-01)"))
    nav = [{"Home": "index.md"}, {"Guides": [{"Planner": "guides/planner.md"}]}]
    book_pages = downloads.nav_pages(nav, True, folder, {})
    return downloads.book_html(context, lang, "", ":root { --md-primary-fg-color: #00796b; } a { color: var(--md-primary-fg-color); }",
                               book_pages, folder)


def test_book_html_is_composed_from_articles_with_in_book_links(tmp_path):
    html = compose(fake_site(tmp_path / "one", b"first"))
    assert 'href="#page-guides-planner--how"' in html, "a link to another page's section points inside the book"
    assert 'id="page-guides-planner"' in html and 'id="page-guides-planner--how"' in html
    assert "<form" not in html and "<button" not in html and "headerlink" not in html and "<input" not in html
    assert normalise(label("book_web_only", "en")) in normalise(html)
    assert "x.pdf" not in html, "a file link without a public address is left as plain text"
    assert 'src="assets/picture.png"' in html
    assert "var(--" not in html and "#00796b" in html
    assert html.index("Home") < html.index("Planner"), "nav order"


def test_book_cache_key_follows_images_not_the_build_folder(tmp_path):
    first = compose(fake_site(tmp_path / "one", b"first"))
    elsewhere = compose(fake_site(tmp_path / "two", b"first"))
    assert first == elsewhere, "the HTML does not depend on where the site was built"
    changed = fake_site(tmp_path / "three", b"second")
    assert downloads.book_images_key(first, tmp_path / "one") == downloads.book_images_key(elsewhere, tmp_path / "two")
    assert downloads.book_images_key(first, tmp_path / "one") != downloads.book_images_key(compose(changed), changed)


def book_inputs_of(folder: Path) -> list[str]:
    nav = [{"Home": "index.md"}, {"Guides": [{"Planner": "guides/planner.md"}]}]
    return downloads.book_inputs(downloads.nav_pages(nav, True, folder, {}), "code", "en", "", "css")


def test_book_inputs_follow_pages_and_images_not_the_build_folder(tmp_path):
    first = book_inputs_of(fake_site(tmp_path / "one", b"first"))
    assert book_inputs_of(fake_site(tmp_path / "two", b"first")) == first, "the same site built elsewhere"
    assert book_inputs_of(fake_site(tmp_path / "three", b"second")) != first, "an image changed"
    edited = fake_site(tmp_path / "four", b"first")
    (edited / "index.html").write_text((edited / "index.html").read_text(encoding="utf-8").replace("Home", "Start"), encoding="utf-8")
    assert book_inputs_of(edited) != first, "a page changed"


def test_a_book_made_from_the_same_inputs_is_found_without_composing_it(tmp_path):
    jobs = downloads.PdfJobs(downloads.Cache(tmp_path / "cache"), pool=None)
    inputs = book_inputs_of(fake_site(tmp_path / "site", b"first"))
    assert jobs.book_made_from(inputs) is None
    pdf = jobs.cache.path_for(["book", "<html>"], ".pdf")
    jobs.note_book(inputs, pdf)
    assert jobs.book_made_from(inputs) is None, "noted, but the PDF itself is not in the cache (yet)"
    jobs.cache.store(pdf, b"%PDF-")
    assert jobs.book_made_from(inputs) == pdf
    assert jobs.book_made_from([*inputs, "another address"]) is None
