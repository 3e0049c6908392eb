"""Addresses that are true or absent: the public address comes from one function (pages.public_address:
HANDBOOK_PUBLIC_URL, else site_url unless it is the placeholder); a build without one prints no host on
any page, printout or QR code and says once which setting to use. (With an address: test_announce.py.)"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT
from handbook.qa import linkcheck
from handbook.outputs import offline
from handbook.views.pages import PUBLIC_ADDRESS_UNSET, PUBLIC_URL_VARIABLE, public_address

# Hosts that must never reach a reader: the example host the handbook once shipped, any example.* host,
# and the placeholder of mkdocs.yml. A host, not the word: "…this handbook's example." is prose.
MADE_UP = re.compile(r"\bexample\.[a-z]|address-not-set|\.invalid\b")


@pytest.fixture
def no_public_url(monkeypatch):
    monkeypatch.delenv(PUBLIC_URL_VARIABLE, raising=False)


def test_site_url_keeps_its_path_but_names_no_host(no_public_url):
    """mkdocs.yml ships no public address: its host is a placeholder; its path is where `make serve` and the
    browser tests serve the site."""
    site_url = linkcheck.site_url_from_config(ROOT / "mkdocs.yml")
    assert site_url.endswith("/chiiki-zukuri-handbook/") and "example." not in site_url
    assert public_address(site_url) is None


@pytest.mark.parametrize(("site_url", "expected"), [
    ("https://address-not-set.invalid/chiiki-zukuri-handbook/", None),  # the placeholder
    ("http://127.0.0.1:8000/chiiki-zukuri-handbook/", None),  # what `mkdocs serve` puts into site_url
    ("http://localhost:8000/", None),
    ("http://[::1]:8000/", None),
    ("", None),
    (None, None),
    ("https://www.pref.example.lg.jp/kenko/handbook", "https://www.pref.example.lg.jp/kenko/handbook/"),
    ("https://handbook.example.org/", "https://handbook.example.org/"),
])
def test_public_address_from_site_url(no_public_url, site_url, expected):
    assert public_address(site_url) == expected


def test_the_environment_wins_and_must_be_an_address(monkeypatch):
    monkeypatch.setenv(PUBLIC_URL_VARIABLE, "https://octocat.github.io/chiiki-zukuri-handbook")  # configure-pages' form
    assert public_address("https://address-not-set.invalid/x/") == "https://octocat.github.io/chiiki-zukuri-handbook/"
    assert public_address("https://www.pref.example.lg.jp/") == "https://octocat.github.io/chiiki-zukuri-handbook/"
    monkeypatch.setenv(PUBLIC_URL_VARIABLE, "  ")  # empty (an unset workflow output): as if not given
    assert public_address("https://address-not-set.invalid/x/") is None
    monkeypatch.setenv(PUBLIC_URL_VARIABLE, "www.pref.example.lg.jp/kenko")
    with pytest.raises(ValueError, match=PUBLIC_URL_VARIABLE):
        public_address(None)


def test_the_pages_workflow_passes_the_deployments_address():
    """GitHub Pages: the address comes from the deployment (configure-pages' base_url), not from a file."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    configure = next(i for i, step in enumerate(steps) if str(step.get("uses", "")).startswith("actions/configure-pages@"))
    build = next(i for i, step in enumerate(steps) if step.get("run") == "make check")
    assert configure < build
    assert steps[build]["env"][PUBLIC_URL_VARIABLE] == f"${{{{ steps.{steps[configure]['id']}.outputs.base_url }}}}"


def test_the_pages_workflow_publishes_only_a_checked_build():
    """`make check` (the step before the upload) builds — which validates — and then runs parity, the
    published-address check and the link check; any failure stops the job before anything is published."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    check = next(i for i, step in enumerate(steps) if step.get("run") == "make check")
    upload = next(i for i, step in enumerate(steps) if str(step.get("uses", "")).startswith("actions/upload-pages-artifact@"))
    assert check < upload
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    target = re.search(r"^check: (.*)\n((?:\t.*\n)+)", makefile, flags=re.M)
    assert target and "build" in target.group(1).split()
    recipe = target.group(2)
    for command in ("handbook parity", "handbook urls", "handbook links site"):
        assert command in recipe, f"make check does not run {command}"
    build = re.search(r"^build: .*\n((?:\t.*\n)+)", makefile, flags=re.M).group(1)
    assert "handbook build" in build  # which validates before it builds (cli.cmd_build)


def test_default_build_prints_no_made_up_host(site):
    """Every page, PDF (as text) and Word file of the default build: no example host, no placeholder."""
    from docx import Document

    offenders = []
    pages = list(site.rglob("*.html"))
    for page in pages:
        found = MADE_UP.search(page.read_text(encoding="utf-8"))
        if found:
            offenders.append((page.relative_to(site).as_posix(), found.group(0)))
    pdfs = list(site.rglob("*.pdf"))
    for pdf in pdfs:
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        # A handout's foot prints the page's address only when one is set; the book may quote the
        # report's own (real) addresses, so it is only held to no made-up host.
        if MADE_UP.search(text) or ("http" in text and pdf.name != "handbook.pdf"):
            offenders.append((pdf.relative_to(site).as_posix(), text[-200:]))
    words = list(site.rglob("*.docx"))
    for word in words:
        document = Document(str(word))
        parts = [*document.paragraphs, *(p for s in document.sections for p in (*s.header.paragraphs, *s.footer.paragraphs))]
        parts += [p for table in document.tables for row in table.rows for cell in row.cells for p in cell.paragraphs]
        text = "\n".join(p.text for p in parts)
        if MADE_UP.search(text) or "http" in text:
            offenders.append((word.relative_to(site).as_posix(), text[-200:]))
    # Not vacuous: both languages' pages, worksheets, run sheets and flyers were read.
    assert len(pages) >= 140 and len(pdfs) >= 50 and len(words) >= 32, (len(pages), len(pdfs), len(words))
    assert not offenders, offenders[:10]


def test_search_index_names_no_made_up_host(site):
    for index in site.rglob("search_index.json"):
        assert not MADE_UP.search(index.read_text(encoding="utf-8")), index


@pytest.mark.build
def test_build_says_once_which_setting_to_use(tmp_path, no_public_url):
    """An INFO line (so --strict passes), once for both languages. Pages only: the message does not depend
    on the files."""
    env = {key: value for key, value in os.environ.items() if key != PUBLIC_URL_VARIABLE}
    env.update({"HANDBOOK_DOWNLOADS": "0", "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"})
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "out")],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [line for line in result.stderr.splitlines() if PUBLIC_ADDRESS_UNSET in line]
    assert len(lines) == 1 and lines[0].startswith("INFO"), result.stderr[-3000:]
    assert PUBLIC_URL_VARIABLE in lines[0] and "site_url" in lines[0]


def test_a_bad_public_url_stops_the_build_with_its_name(tmp_path):
    env = {**os.environ, PUBLIC_URL_VARIABLE: "pref.example.lg.jp/kenko", "HANDBOOK_DOWNLOADS": "0",
           "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "out")],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert f"{PUBLIC_URL_VARIABLE}='pref.example.lg.jp/kenko' is not an absolute http(s) address" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("address", [None, "https://www.pref.example.lg.jp/kenko/handbook"])
def test_offline_readme_names_the_web_address_only_when_set(tmp_path, monkeypatch, address):
    if address:
        monkeypatch.setenv(PUBLIC_URL_VARIABLE, address)
    else:
        monkeypatch.delenv(PUBLIC_URL_VARIABLE, raising=False)
    offline.write_start_file(ROOT, tmp_path)
    readme = (tmp_path / offline.START_FILE).read_text(encoding="utf-8-sig")
    if address:
        assert f"Web 版のアドレス：{address}/" in readme and f"The web edition: {address}/" in readme
    else:
        assert "http" not in readme and not MADE_UP.search(readme)
