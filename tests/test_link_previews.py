"""Link previews and traceable copies: every page has its own description and Open Graph tags,
and its footer carries the source, licence and edition."""

from __future__ import annotations

import os
import re
import subprocess

from conftest import ROOT


def meta(html: str, key: str, attribute: str = "property") -> str | None:
    match = re.search(rf'<meta {attribute}="{re.escape(key)}" content="([^"]*)"', html)
    return match.group(1) if match else None


def test_every_page_has_its_own_description_and_open_graph_tags(site):
    """og:url and the canonical link name the public address, so a build without one has neither (with one:
    test_announce.py, test_pages_and_sitemap_name_the_public_address)."""
    descriptions = {}
    for page in site.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        if "md-content" not in html:
            continue  # not a content page
        description = meta(html, "description", "name")
        assert description and len(description) >= 10, page
        for key in ("og:title", "og:description", "og:site_name", "og:locale"):
            assert meta(html, key), (page, key)
        assert meta(html, "og:url") is None and 'rel="canonical"' not in html, page
        descriptions[page] = description
    # Meaningful: pages say what they are about, not all the same site-wide sentence.
    assert len(set(descriptions.values())) >= 0.9 * len(descriptions)


def test_footer_shows_source_licence_and_edition(site):
    """Version (pyproject.toml) and the last commit's date, so a printed page can be traced."""
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    from datetime import datetime, timezone

    # The edition's date is the last commit's time in UTC (SOURCE_DATE_EPOCH when set), not git's local %cs.
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    date = datetime.fromtimestamp(int(epoch), tz=timezone.utc).date().isoformat() if epoch else ""
    ja = (site / "index.html").read_text(encoding="utf-8")
    en = (site / "en" / "index.html").read_text(encoding="utf-8")
    assert "出典" in ja and "CC BY 4.0" in ja and "{edition}" not in ja
    assert "Source:" in en and "CC BY 4.0" in en
    assert f"版 {version} (" in ja and f"Edition {version} (" in en
    if date:
        assert f"版 {version} ({date})" in ja and f"Edition {version} ({date})" in en


def test_printed_files_carry_the_edition(site):
    """Worksheet PDF and Word file, run sheet and flyer: version and date in the foot, like the pages."""
    import re
    import tomllib

    from docx import Document

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    stamp = re.compile(rf"(版|Edition) {re.escape(version)} \(\d{{4}}-\d{{2}}-\d{{2}}\)")
    for pdf in ("worksheets/entry-sheet/entry-sheet.pdf", "en/worksheets/entry-sheet/entry-sheet.pdf",
                "guides/session-1/run-sheet-session-1.pdf", "guides/announce/flyer-s1.pdf"):
        text = subprocess.run(["pdftotext", str(site / pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert stamp.search(text), (pdf, text[-300:])
    document = Document(str(site / "worksheets" / "entry-sheet" / "entry-sheet.docx"))
    footer = " ".join(p.text for section in document.sections for p in section.footer.paragraphs)
    assert stamp.search(footer), footer


def test_short_addresses_lead_to_their_pages(site):
    """S1–S5 and WS-xx, printed on paper, forward to the session and worksheet pages in both languages."""
    import yaml

    codes = {f"s{n}": f"program/session-{n}/" for n in range(1, 6)}
    for path in (ROOT / "curriculum" / "worksheets").glob("*.yml"):
        sheet = yaml.safe_load(path.read_text(encoding="utf-8"))
        codes[sheet["code"].lower()] = f"worksheets/{sheet['id']}/"
    for prefix in ("", "en/"):
        for short, target in codes.items():
            html = (site / prefix / short / "index.html").read_text(encoding="utf-8")
            assert f'content="0; url=../{target}"' in html, (prefix, short)
            assert (site / prefix / target / "index.html").exists()
