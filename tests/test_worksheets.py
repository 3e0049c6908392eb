"""Worksheets: the same YAML as an A4 PDF with an embedded Japanese font, an editable Word file,
and a web page that prints without the site's chrome."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from browser import CHROMIUM, serve
from conftest import ROOT
from helpers import normalise, page_file

WORKSHEETS = sorted((ROOT / "curriculum" / "worksheets").glob("*.yml"))
A4_POINTS = ("595.276", "841.89")
JAPANESE_FONTS = ("IPAexGothic", "Noto-Sans-CJK-JP", "NotoSansCJK", "IPAGothic")


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def field_labels(sheet: dict) -> list[str]:
    labels = []
    for field in sheet["fields"]:
        labels.append(field["label"]["ja"])
        labels += [column["label"]["ja"] for column in field.get("columns", [])]
        labels += [item["ja"] for item in field.get("items", [])]
    return labels


def pdf_objects(path: Path) -> bytes:
    """The PDF's objects with compressed object streams inflated (where the catalog's /Lang lives)."""
    import zlib

    data = path.read_bytes()
    parts = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            # A decompressor object: the pattern may take a stream's last byte (\r) as part of the line end.
            parts.append(zlib.decompressobj().decompress(match.group(1)))
        except zlib.error:
            pass
    return b"\n".join(parts)


def tool(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


@pytest.fixture(params=WORKSHEETS, ids=[p.stem for p in WORKSHEETS])
def sheet(request) -> dict:
    return load(request.param)


def test_pdf_is_a4_with_embedded_japanese_font_and_every_label(site, sheet):
    pdf = site / "worksheets" / sheet["id"] / f"{sheet['id']}.pdf"
    info = tool("pdfinfo", str(pdf))
    assert all(size in info for size in A4_POINTS), info
    assert f"Title:           {sheet['code']} {sheet['title']['ja']}" in info
    assert b"/Lang (ja)" in pdf_objects(pdf)
    fonts = tool("pdffonts", str(pdf)).splitlines()[2:]
    cjk = [line for line in fonts if any(name in line for name in JAPANESE_FONTS)]
    assert cjk, fonts
    assert all(line.split()[-5] == "yes" for line in cjk), "Japanese fonts must be embedded"
    text = normalise(tool("pdftotext", "-raw", str(pdf), "-"))  # content order: wrapped cells stay whole
    assert normalise(sheet["title"]["ja"]) in text
    assert sheet["code"] in text
    for label in field_labels(sheet):
        assert normalise(label) in text, label
    # Footer: the source; the default build has no public address, so it names no host (see test_public_address).
    assert normalise("出典") in text and "example.github.io" not in text


def test_word_file_opens_and_holds_every_label(site, sheet):
    from docx import Document

    path = site / "worksheets" / sheet["id"] / f"{sheet['id']}.docx"
    document = Document(str(path))
    body = "".join(p.text for p in document.paragraphs)
    cells = "".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    text = normalise(body + cells)
    for label in field_labels(sheet):
        assert normalise(label) in text, label
    writing_fields = [f for f in sheet["fields"] if f["kind"] in ("box", "table", "rubric")]
    assert len(document.tables) == 1 + len(writing_fields), "the filler block and each writing box or table are real Word tables"
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert document.core_properties.title == f"{sheet['code']} {sheet['title']['ja']}"


def test_downloads_are_linked_from_worksheet_session_and_index_pages(site, sheet):
    own = page_file(site, f"worksheets/{sheet['id']}/").read_text(encoding="utf-8")
    assert f'href="{sheet["id"]}.pdf"' in own and f'href="{sheet["id"]}.docx"' in own
    index = page_file(site, "worksheets/").read_text(encoding="utf-8")
    assert f'href="{sheet["id"]}/{sheet["id"]}.pdf"' in index
    for session_id in sheet["used_in"].get("sessions", []):
        session = page_file(site, f"program/{session_id}/").read_text(encoding="utf-8")
        assert f'href="../../worksheets/{sheet["id"]}/{sheet["id"]}.pdf"' in session, session_id


def test_english_build_has_its_own_files(site, sheet):
    for suffix in (".pdf", ".docx"):
        assert (site / "en" / "worksheets" / sheet["id"] / f"{sheet['id']}{suffix}").stat().st_size > 1000


def test_every_worksheet_is_marked_as_the_handbooks_template(site, sheet):
    html = page_file(site, f"worksheets/{sheet['id']}/").read_text(encoding="utf-8")
    assert 'data-addition="example"' in html
    assert html.count('class="hb-source__label"') >= len(sheet["basis"])


@pytest.mark.browser
@pytest.mark.skipif(not os.path.exists(CHROMIUM) and not os.environ.get("CI"), reason="needs Debian's chromium")
def test_printed_page_hides_site_chrome(site, guarded_context):
    hidden = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".hb-downloads", ".hb-addition"]
    with serve(site) as base_url, guarded_context() as context:
        page = context.new_page()
        for path in WORKSHEETS:
            page.goto(f"{base_url}worksheets/{path.stem}/")
            page.emulate_media(media="print")
            for selector in hidden:
                display = page.eval_on_selector(selector, "e => getComputedStyle(e).display")
                assert display == "none", (path.stem, selector)
            breaks = page.eval_on_selector_all(".hb-field", "els => els.map(e => getComputedStyle(e).breakInside)")
            assert breaks and set(breaks) == {"avoid"}, (path.stem, breaks)
            assert page.locator(".hb-worksheet").is_visible()
        assert context.external_requests == []


def test_build_fails_clearly_without_a_japanese_font(project, tmp_path):
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    (fake_bin / "fc-list").write_text("#!/bin/sh\nexit 0\n")
    (fake_bin / "fc-list").chmod(0o755)
    env_path = f"{fake_bin}:{os.environ['PATH']}"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "out")],
        cwd=project, capture_output=True, text=True,
        # PDFs asked for, whatever the caller's shell says (HANDBOOK_DOWNLOADS=0 there would make no PDF).
        env={**os.environ, "PATH": env_path, "HANDBOOK_DOWNLOADS": "1", "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"},
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "no Japanese font found" in output and "fonts-noto-cjk" in output
    assert "Traceback" not in output
    assert not (tmp_path / "out").exists()
    # Pages only (HANDBOOK_DOWNLOADS=0): no PDF is made, so no font is needed.
    pages_only = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "pages")],
        cwd=project, capture_output=True, text=True,
        env={**os.environ, "PATH": env_path, "HANDBOOK_DOWNLOADS": "0", "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"},
    )
    assert pages_only.returncode == 0, pages_only.stderr[-2000:]
    assert (tmp_path / "pages" / "index.html").exists() and not list((tmp_path / "pages").rglob("*.pdf"))


# --- Handouts people fill in (issue 11, part 4) and accessible PDFs (part 5) ---------------------------------

LABELS = load(ROOT / "scripts" / "handbook" / "views" / "labels.yml")
SOURCES = {section["id"]: section["title"] for section in load(ROOT / "curriculum" / "sources.yml")["sections"]}
FILLER = {"person": ("ws_affiliation", "ws_name", "ws_date"), "team": ("ws_team_name", "ws_team_municipality", "ws_date")}
WORD_LANGUAGE = {"ja": "ja-JP", "en": "en-GB"}
SITE_NAMES = dict(zip(("ja", "en"), re.findall(r"^\s*site_name: (.+)$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)))


def sheet_files(site: Path, sheet: dict, lang: str, suffix: str) -> Path:
    return site / ("en" if lang == "en" else "") / "worksheets" / sheet["id"] / f"{sheet['id']}{suffix}"


def filler_labels(sheet: dict, lang: str) -> list[str]:
    return [LABELS[key][lang] for key in FILLER[sheet["filled_by"]]]


def test_every_sheet_says_who_fills_it_in_once(sheet):
    """filled_by is set on every sheet; its fields are never repeated in the sheet's own fields."""
    assert sheet["filled_by"] in FILLER
    repeated = {"municipality", "name", "date"} if sheet["filled_by"] == "person" else {"municipality", "date"}
    for field in sheet["fields"]:
        for column in field.get("columns", []):
            assert not (column["id"] in repeated and column["label"]["ja"] in {"市町村名", "氏名", "記入日"}), (field["id"], column["id"])


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_pdf_has_the_filler_fields_and_names_its_sources_in_words(site, sheet, lang):
    text = normalise(tool("pdftotext", "-raw", str(sheet_files(site, sheet, lang, ".pdf")), "-"))
    assert normalise(LABELS["ws_filled_by"][lang]) in text
    for label in filler_labels(sheet, lang):
        assert normalise(label) in text, label
    pages = int(re.search(r"Pages:\s+(\d+)", tool("pdfinfo", str(sheet_files(site, sheet, lang, ".pdf")))).group(1))
    for source in dict.fromkeys(b["source"] for b in sheet["basis"]):
        title = normalise(SOURCES[source][lang])
        assert text.count(title) >= pages, (source, "the foot of every page names the section by its title")
        assert not re.search(rf"{re.escape(normalise(LABELS['report'][lang]))}{re.escape(source)}[,|]", text), source


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_pdf_is_tagged_with_language_and_title(site, sheet, lang):
    pdf = sheet_files(site, sheet, lang, ".pdf")
    objects = pdf_objects(pdf)
    assert b"/StructTreeRoot" in objects and b"/MarkInfo" in objects and b"/Marked true" in objects
    assert f"/Lang ({lang})".encode() in objects
    assert b"/DisplayDocTitle true" in objects
    info = tool("pdfinfo", str(pdf))
    assert "Tagged:          yes" in info
    assert f"Title:           {sheet['code']} {sheet['title'][lang] or sheet['title']['ja']}" in info


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_run_sheets_are_tagged_and_name_sources_in_words(site, lang):
    sheets = sorted((site / ("en" if lang == "en" else "") / "guides").glob("session-*/run-sheet-session-*.pdf"))
    assert len(sheets) == 5
    for pdf in sheets:
        objects = pdf_objects(pdf)
        assert b"/StructTreeRoot" in objects and b"/Marked true" in objects and f"/Lang ({lang})".encode() in objects
        info = tool("pdfinfo", str(pdf))
        assert "Tagged:          yes" in info and re.search(r"Title:\s+\S", info)
        text = normalise(tool("pdftotext", "-raw", str(pdf), "-"))
        assert normalise(LABELS["report"][lang]) in text
        assert any(normalise(title[lang]) in text for title in SOURCES.values()), pdf.name
        assert not re.search(r"(I|II|intro)-[0-9],", text), pdf.name


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_word_file_language_metadata_filler_and_ruled_lines(site, sheet, lang):
    import zipfile

    from docx import Document
    from docx.oxml.ns import qn

    path = sheet_files(site, sheet, lang, ".docx")
    document = Document(str(path))
    properties = document.core_properties
    assert properties.language == WORD_LANGUAGE[lang]
    assert properties.author == SITE_NAMES[lang] and properties.last_modified_by == SITE_NAMES[lang]
    assert SITE_NAMES[lang] in properties.comments
    assert properties.title.startswith(sheet["code"] + " ")
    with zipfile.ZipFile(path) as archive:
        everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"python-docx" not in everything and b"Microsoft Macintosh Word" not in everything
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == WORD_LANGUAGE[lang]
    footer = normalise(document.sections[0].footer.paragraphs[0].text)
    for source in dict.fromkeys(b["source"] for b in sheet["basis"]):
        assert normalise(SOURCES[source][lang]) in footer, source
    assert not re.search(r"(I|II|intro)-[0-9]", footer), footer
    filler = document.tables[0]
    assert [cell.text for cell in filler.rows[0].cells] == filler_labels(sheet, lang)
    boxes = [f for f in sheet["fields"] if f["kind"] in ("box", "table", "rubric")]
    for field, table in zip(boxes, document.tables[1:]):
        if field["kind"] != "box":
            continue
        paragraphs = table.rows[0].cells[0].paragraphs
        assert len(paragraphs) == field["lines"], field["id"]
        ruled = [p for p in paragraphs if p._p.pPr is not None and p._p.pPr.find(qn("w:pBdr")) is not None
                 and p._p.pPr.find(qn("w:pBdr")).find(qn("w:between")) is not None]
        assert len(ruled) == field["lines"], field["id"]


def test_rubric_mark_columns_are_narrow(site):
    """WS-15: the rubric's mark columns (a step number each) are narrow, its text columns wide."""
    rubric_sheets = [load(p) for p in WORKSHEETS if any(f["kind"] == "rubric" for f in load(p)["fields"])]
    assert rubric_sheets
    for sheet in rubric_sheets:
        html = page_file(site, f"worksheets/{sheet['id']}/").read_text(encoding="utf-8")
        table = html[html.index('class="hb-ws-table hb-ws-rubric"'):]
        widths = [float(w) for w in re.findall(r'<col[^>]*style="width: ([0-9.]+)%"', table[:table.index("</colgroup>")])]
        rounds = next(len(f["rounds"]) for f in sheet["fields"] if f["kind"] == "rubric")
        marks, texts = widths[-rounds:], widths[:-rounds]
        assert max(marks) * 1.8 <= min(texts), widths


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_no_line_of_a_sheet_holds_one_orphan_character(site, sheet, lang):
    """Every printed line (pdftotext's own lines, one per line of a table cell) holds more than one letter;
    年・月・日 of the date blank stand alone on purpose."""
    layout = tool("pdftotext", "-bbox-layout", str(sheet_files(site, sheet, lang, ".pdf")), "-")
    lines = ["".join(re.findall(r">([^<]*)</word>", line)) for line in re.findall(r"<line[^>]*>(.*?)</line>", layout, re.S)]
    lonely = [line for line in lines if len(line) == 1 and line.isalpha() and line not in LABELS["ws_date_blank"][lang]]
    assert not lonely, lonely


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_word_rubric_marks_the_rows_whose_order_is_inferred(site, lang):
    """WS-15's Word file, like its page and PDF: ※ on exactly the rubric rows that have a reading note in
    growth-steps.yml, and the line under the table that says why and where the note is."""
    from docx import Document
    from docx.text.paragraph import Paragraph

    growth = load(ROOT / "curriculum" / "growth-steps.yml")
    rows = [(f"{d['label'][lang]}{LABELS['slash'][lang]}{i['label'][lang]}", "reading_note" in i)
            for d in growth["dimensions"] for i in d["items"]]
    assert any(flagged for _, flagged in rows)
    rubric_sheets = [load(p) for p in WORKSHEETS if any(f["kind"] == "rubric" for f in load(p)["fields"])]
    assert rubric_sheets
    for sheet in rubric_sheets:
        document = Document(str(sheet_files(site, sheet, lang, ".docx")))
        writing = [f for f in sheet["fields"] if f["kind"] in ("box", "table", "rubric")]
        table = document.tables[1 + next(i for i, f in enumerate(writing) if f["kind"] == "rubric")]
        shown = [row.cells[0].text for row in table.rows[1:]]
        assert shown == [("※" if flagged else "") + text for text, flagged in rows], shown
        following = table._tbl.getnext()
        assert following is not None and following.tag.endswith("}p")
        line = "".join(LABELS[key][lang] for key in ("ws_rubric_uncertain", "page_growth_steps", "ws_rubric_uncertain_end"))
        assert Paragraph(following, table._parent).text == line
