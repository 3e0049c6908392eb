"""Announcement kit: without a public address there are no QR codes and the kit says so; with one
(HANDBOOK_PUBLIC_URL, as the GitHub Pages workflow passes it) every QR code decodes to it and every
printout shows it. Flyers are A4 PDFs, and the paste-ready texts can be copied in one click."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import yaml

from browser import CHROMIUM
from conftest import ROOT
from handbook.views.render import load_labels

# A prefecture's own host: a path that is not site_url's, so nothing can come from mkdocs.yml by accident.
PUBLIC = "https://www.pref.example.lg.jp/kenko/handbook/"
UNSET_NOTE = "no public address is set"


def codes() -> list[str]:
    sheets = [yaml.safe_load(p.read_text(encoding="utf-8"))["code"] for p in (ROOT / "curriculum" / "worksheets").glob("*.yml")]
    return [f"s{n}" for n in range(1, 6)] + sorted(code.lower() for code in sheets)


def decode(png) -> str:
    result = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def pdf_text(pdf) -> str:
    return subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The handbook built once with a public address, as the Pages workflow builds it: (site, build log).
    Built from the project itself, so its file cache (.cache/downloads/) is shared with other builds."""
    target = tmp_path_factory.mktemp("published")
    # Without print packs and books: no test here reads them, and with an address in every foot they would be
    # rendered anew (minutes); the shared `site` build and tests/test_print_packs.py cover them.
    env = {**os.environ, "HANDBOOK_PUBLIC_URL": PUBLIC.rstrip("/"),  # as configure-pages gives it: no trailing '/'
           "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "HANDBOOK_PRINT_PACKS": "0"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-4000:]
    return target, result.stderr


# Without a public address (the session's default build).

@pytest.mark.parametrize("prefix", ["", "en/"])
def test_no_qr_codes_without_a_public_address_and_the_kit_says_why(site, prefix):
    folder = site / prefix / "guides" / "announce"
    assert not list(folder.glob("qr-*")), "a QR code without an address would lead nowhere"
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert 'id="address-unset"' in page and "HANDBOOK_PUBLIC_URL" in page and "site_url" in page
    assert "<img" not in page.split('id="address-unset"', 1)[1].split("</article>", 1)[0]
    for code in codes():  # the short paths still shown, and they exist
        assert f"<code>/{prefix}{code}/</code>" in page, code
        assert (site / prefix / code / "index.html").exists(), "the short address must exist"
    assert "https://" not in page.split("<article", 1)[1].split("</article>", 1)[0]


def test_flyers_are_a4_with_the_session_and_no_made_up_address(site):
    for n in range(1, 6):
        session = yaml.safe_load((ROOT / "curriculum" / "sessions" / f"session-{n}.yml").read_text(encoding="utf-8"))
        pdf = site / "guides" / "announce" / f"flyer-s{n}.pdf"
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert "595.276 x 841.89" in info
        text = pdf_text(pdf)
        assert session["title"]["ja"] in text and f"/s{n}/" in text and "公開アドレス未設定" in text
        assert "http" not in text, text
    assert "public address not set" in pdf_text(site / "en" / "guides" / "announce" / "flyer-s1.pdf")


@pytest.mark.browser
@pytest.mark.skipif(not os.path.exists(CHROMIUM) and not os.environ.get("CI"), reason="needs Debian's chromium")
def test_announcement_text_is_copied_in_one_click(site_page):
    page = site_page
    page.goto(page.base_url + "guides/announce/")
    area = page.locator("#announce-session-2-ja")
    labels = load_labels()
    title = yaml.safe_load((ROOT / "curriculum" / "sessions" / "session-2.yml").read_text(encoding="utf-8"))["title"]
    assert labels["address_unset_in_text"]["ja"].format(path="/s2/") in area.input_value() and title["ja"] in area.input_value()
    english = page.locator("#announce-session-2-en").input_value()
    assert labels["address_unset_in_text"]["en"].format(path="/en/s2/") in english and title["en"] in english
    page.click("button[data-copy='announce-session-2-ja']")
    status = page.locator("button[data-copy='announce-session-2-ja'] + .hb-copy__status")
    status.wait_for()
    page.wait_for_function("el => el.textContent.length > 0", arg=status.element_handle())
    assert status.inner_text() == labels["copied"]["ja"]


# With a public address.

@pytest.mark.build
@pytest.mark.parametrize("prefix", ["", "en/"])
def test_every_qr_code_decodes_to_the_public_address(published, prefix):
    site, _ = published
    folder = site / prefix / "guides" / "announce"
    for code in codes():
        assert decode(folder / f"qr-{code}.png") == f"{PUBLIC}{prefix}{code}/", code
        assert (folder / f"qr-{code}.svg").read_text(encoding="utf-8").startswith("<svg")
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert f"<code>{PUBLIC}{prefix}s3/</code>" in page and 'id="address-unset"' not in page
    assert f"{PUBLIC}s2/" in page and f"{PUBLIC}en/s2/" in page  # the paste-ready texts, both languages


@pytest.mark.build
def test_every_printout_shows_the_public_address(published, tmp_path):
    """Flyers (with their QR code), run sheets, worksheet PDFs and Word files: the public address of the
    short path, in every language."""
    from docx import Document

    site, _ = published
    sheets = {yaml.safe_load(p.read_text(encoding="utf-8"))["id"]: yaml.safe_load(p.read_text(encoding="utf-8"))["code"].lower()
              for p in (ROOT / "curriculum" / "worksheets").glob("*.yml")}
    for prefix in ("", "en/"):
        for n in range(1, 6):
            flyer = site / prefix / "guides" / "announce" / f"flyer-s{n}.pdf"
            assert f"{PUBLIC}{prefix}s{n}/" in pdf_text(flyer)
            png = tmp_path / f"flyer-{prefix.strip('/') or 'ja'}-s{n}"
            subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(flyer), str(png)], check=True)
            assert decode(f"{png}.png") == f"{PUBLIC}{prefix}s{n}/", flyer
            run_sheet = site / prefix / "guides" / f"session-{n}" / f"run-sheet-session-{n}.pdf"
            assert f"{PUBLIC}{prefix}s{n}/" in pdf_text(run_sheet), run_sheet
        for sheet, code in sheets.items():
            address = f"{PUBLIC}{prefix}{code}/"
            assert address in pdf_text(site / prefix / "worksheets" / sheet / f"{sheet}.pdf"), sheet
            document = Document(str(site / prefix / "worksheets" / sheet / f"{sheet}.docx"))
            footer = " ".join(p.text for section in document.sections for p in section.footer.paragraphs)
            assert footer.startswith(address), (sheet, footer)


@pytest.mark.build
def test_pages_and_sitemap_name_the_public_address(published):
    """Canonical links, og:url, the short addresses' canonical and the sitemap follow HANDBOOK_PUBLIC_URL,
    and the build does not report a missing address."""
    site, log = published
    pages = 0
    for page in site.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        if "md-content" not in html:
            continue  # not a content page
        relative = page.parent.relative_to(site).as_posix()
        address = PUBLIC + ("" if relative == "." else f"{relative}/")
        assert f'<link rel="canonical" href="{address}">' in html and f'<meta property="og:url" content="{address}">' in html, page
        pages += 1
    assert pages >= 90
    assert f'<link rel="canonical" href="{PUBLIC}worksheets/issue-work/">' in (site / "ws-06" / "index.html").read_text(encoding="utf-8")
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert len(locations) >= 90 and all(loc.startswith(PUBLIC) for loc in locations), locations[:3]
    assert UNSET_NOTE not in log
    assert "address-not-set.invalid" not in "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
