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

from browser import CHROMIUM, chromium, serve
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
            parts.append(zlib.decompress(match.group(1)))
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
    assert normalise("出典") in text and sheet["code"].lower() + "/" in text  # footer: source and short address


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
    assert len(document.tables) == len(writing_fields), "each writing box or table is a real Word table"
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
def test_printed_page_hides_site_chrome(site):
    hidden = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".hb-downloads", ".hb-addition"]
    with serve(site) as base_url, chromium() as context:
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
        env={**os.environ, "PATH": env_path, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"},
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "no Japanese font found" in output and "fonts-noto-cjk" in output
    assert "Traceback" not in output
    assert not (tmp_path / "out").exists()
