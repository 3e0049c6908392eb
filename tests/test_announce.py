"""Announcement kit: QR codes decode back to the public short addresses (also for a prefecture's own
host), flyers are A4 PDFs, and the paste-ready texts can be copied in one click."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import yaml

from browser import CHROMIUM
from conftest import ROOT, copy_project

BASE = "https://example.github.io/chiiki-zukuri-handbook/"


def codes() -> list[str]:
    sheets = [yaml.safe_load(p.read_text(encoding="utf-8"))["code"] for p in (ROOT / "curriculum" / "worksheets").glob("*.yml")]
    return [f"s{n}" for n in range(1, 6)] + sorted(code.lower() for code in sheets)


def decode(png) -> str:
    result = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_qr_codes_decode_to_the_short_addresses(site, prefix):
    folder = site / prefix / "guides" / "announce"
    for code in codes():
        assert decode(folder / f"qr-{code}.png") == f"{BASE}{prefix}{code}/", code
        assert (folder / f"qr-{code}.svg").read_text(encoding="utf-8").startswith("<svg")
        assert (site / prefix / code / "index.html").exists(), "the short address must exist"


def test_public_address_can_be_overridden_for_a_prefectures_host(tmp_path):
    project = copy_project(tmp_path / "project")
    env = {**os.environ, "HANDBOOK_PUBLIC_URL": "https://www.pref.example.lg.jp/kenko/handbook"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict",
                             "--site-dir", str(tmp_path / "out")], cwd=project, env={**env, "NO_MKDOCS_2_WARNING": "1",
                             "DISABLE_MKDOCS_2_WARNING": "true"}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert decode(tmp_path / "out" / "guides" / "announce" / "qr-s3.png") == "https://www.pref.example.lg.jp/kenko/handbook/s3/"
    page = (tmp_path / "out" / "guides" / "announce" / "index.html").read_text(encoding="utf-8")
    assert "https://www.pref.example.lg.jp/kenko/handbook/s3/" in page


def test_flyers_are_a4_with_the_session_and_its_address(site):
    for n in range(1, 6):
        session = yaml.safe_load((ROOT / "curriculum" / "sessions" / f"session-{n}.yml").read_text(encoding="utf-8"))
        pdf = site / "guides" / "announce" / f"flyer-s{n}.pdf"
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert "595.276 x 841.89" in info
        text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert session["title"]["ja"] in text and f"{BASE}s{n}/" in text


@pytest.mark.browser
@pytest.mark.skipif(not os.path.exists(CHROMIUM) and not os.environ.get("CI"), reason="needs Debian's chromium")
def test_announcement_text_is_copied_in_one_click(site_page):
    page = site_page
    page.goto(page.base_url + "guides/announce/")
    area = page.locator("#announce-session-2-ja")
    assert f"{BASE}s2/" in area.input_value() and "課題の検討" in area.input_value()
    assert f"{BASE}en/s2/" in page.locator("#announce-session-2-en").input_value()
    page.click("button[data-copy='announce-session-2-ja']")
    status = page.locator("button[data-copy='announce-session-2-ja'] + .hb-copy__status")
    status.wait_for()
    page.wait_for_function("el => el.textContent.length > 0", arg=status.element_handle())
    assert status.inner_text() == "コピーしました"


def test_worksheet_files_print_the_overridden_public_address(tmp_path):
    """Paper carries one public address: the worksheet footer follows HANDBOOK_PUBLIC_URL like the QR codes."""
    project = copy_project(tmp_path / "project")
    env = {**os.environ, "HANDBOOK_PUBLIC_URL": "https://www.pref.example.lg.jp/kenko/handbook",
           "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "out")],
                            cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    text = subprocess.run(["pdftotext", "-raw", str(tmp_path / "out" / "worksheets" / "roadmap" / "roadmap.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "https://www.pref.example.lg.jp/kenko/handbook/ws-08/" in text
