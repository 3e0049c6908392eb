"""The built Japanese site carries every piece of report text from curriculum/, on the page that should hold it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from helpers import article_text, normalise, page_file

CURRICULUM = ROOT / "curriculum"

# Which built pages show each single file (entity files map to their own page below).
PAGES_FOR_FILE = {
    "sources.yml": ["about/"],
    "background.yml": ["overview/background/", "overview/scenario/", "overview/two-measures/"],
    "way-forward.yml": ["overview/way-forward/"],
    "program.yml": ["program/", "program/outcomes/", "program/operations/", "program/verification/"],
    "operating-cycle.yml": ["program/operations/"],
    "growth-steps.yml": ["program/growth-steps/"],
    "accompaniment.yml": ["accompaniment/", "accompaniment/verification/"],
    "glossary.yml": ["glossary/"],
}


def japanese_texts(data) -> list[str]:
    """Every `ja` string in a YAML document (bilingual records)."""
    found = []
    if isinstance(data, dict):
        if isinstance(data.get("ja"), str):
            found.append(data["ja"])
        for value in data.values():
            found.extend(japanese_texts(value))
    elif isinstance(data, list):
        for value in data:
            found.extend(japanese_texts(value))
    return found


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def files_and_pages():
    for name, urls in PAGES_FOR_FILE.items():
        yield pytest.param(CURRICULUM / name, urls, id=name)
    for path in sorted((CURRICULUM / "sessions").glob("*.yml")):
        yield pytest.param(path, [f"program/{path.stem}/"], id=f"sessions/{path.name}")
    for path in sorted((CURRICULUM / "cases").glob("*.yml")):
        yield pytest.param(path, [f"cases/{path.stem}/", "cases/"], id=f"cases/{path.name}")


@pytest.mark.parametrize(("path", "urls"), list(files_and_pages()))
def test_every_japanese_text_is_on_its_pages(site, path, urls):
    texts = japanese_texts(load(path))
    assert texts, f"{path.name} holds no text"
    pages = "".join(article_text(page_file(site, url)) for url in urls)
    missing = [text for text in texts if normalise(text) not in pages]
    assert not missing, f"{path.name}: not shown on {urls}: {missing[:5]}"


def test_each_session_page_holds_its_own_session(site):
    """Not only somewhere: the session's contents and results are on that session's page, not another's."""
    for path in sorted((CURRICULUM / "sessions").glob("*.yml")):
        session = load(path)
        text = article_text(page_file(site, f"program/{session['id']}/"))
        assert normalise(f"第{session['number']}回{session['title']['ja']}") in text
        for item in session["contents"] + session["results"]:
            assert normalise(item["ja"]) in text, (path.name, item["ja"])


def test_rubric_cells_sit_in_their_row_and_column(site):
    page = page_file(site, "program/growth-steps/").read_text(encoding="utf-8")
    rubric = load(CURRICULUM / "growth-steps.yml")
    for dimension in rubric["dimensions"]:
        for item in dimension["items"]:
            row_start = page.index(f'<tr id="{item["id"]}">')
            row = page[row_start : page.index("</tr>", row_start)]
            for level, cell in item["cells"].items():
                marker = f'data-level="{level}">'
                cell_html = row[row.index(marker) + len(marker) :]
                cell_html = cell_html[: cell_html.index("</td>")]
                assert normalise(cell["ja"]) in normalise(_strip_tags(cell_html)), (item["id"], level)


def test_case_steps_keep_their_order(site):
    case = load(CURRICULUM / "cases" / "isolated-older-residents.yml")
    text = article_text(page_file(site, "cases/isolated-older-residents/"))
    positions = [text.index(normalise(step["text"]["ja"])) for step in case["steps"]]
    assert positions == sorted(positions)


def test_sources_are_shown_as_shutten(site):
    """Every page generated from YAML shows 出典 lines naming report sections."""
    for url in {u for urls in PAGES_FOR_FILE.values() for u in urls} - {"about/", "glossary/"}:
        text = article_text(page_file(site, url))
        assert "出典" in text and "報告書「" in text, url


def test_handbook_additions_are_marked(site):
    """Notes the handbook adds carry the legend's short label 補足/例 (the legend on Home and About says they
    are not findings of the report); so do the glossary's own explanations."""
    from handbook.views.render import load_labels

    labels = load_labels()
    case = load(CURRICULUM / "cases" / "isolated-older-residents.yml")
    note = next(n for n in case["notes"] if n["kind"] == "supplement")
    text = article_text(page_file(site, "cases/isolated-older-residents/"))
    assert normalise(labels["supplement"]["ja"] + note["text"]["ja"]) in text
    glossary = article_text(page_file(site, "glossary/"))
    term = next(t for t in load(CURRICULUM / "glossary.yml")["terms"] if t.get("definition"))
    assert normalise(labels["supplement"]["ja"] + labels["colon"]["ja"] + term["definition"]["ja"]) in glossary


def test_schedule_is_computed_from_sessions(site):
    sessions = [load(p) for p in sorted((CURRICULUM / "sessions").glob("*.yml"))]
    text = article_text(page_file(site, "program/"))
    assert normalise(f"全{len(sessions)}回") in text
    for session in sessions:
        assert normalise(f"第{session['number']}回{session['title']['ja']}") in text


def test_both_languages_are_built(site):
    ja = (site / "index.html").read_text(encoding="utf-8")
    en = (site / "en" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ja"' in ja
    assert '<html lang="en"' in en
    # Pages generated from YAML exist in both languages.
    assert (site / "en" / "program" / "session-1" / "index.html").exists()
    assert (site / "en" / "cases" / "village-a" / "index.html").exists()


def test_no_request_to_other_hosts_in_pages(site):
    """No web fonts or CDN: pages name no other host in <link> or <script src>."""
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for marker in ('<link rel="stylesheet" href="http', '<script src="http', "fonts.googleapis", "fonts.gstatic"):
            assert marker not in html, (page, marker)


def _strip_tags(fragment: str) -> str:
    import re

    return re.sub(r"<[^>]+>", "", fragment)


def test_no_markdown_left_unrendered(site):
    """Headings generated into HTML blocks would show as raw `### … { #id }` text."""
    for page in site.rglob("index.html"):
        text = article_text(page)
        assert "{#" not in text and "###" not in text, page


def test_no_text_is_escaped_twice(site):
    """Titles from YAML reach navigation and tables of contents once escaped, never as &amp;#34;."""
    for page in site.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        assert "&amp;#34;" not in html and "&amp;#39;" not in html and "&#34;" not in _nav(html), page


def _nav(html: str) -> str:
    start = html.find('<nav class="md-nav md-nav--primary"')
    return html[start : html.find("</nav>", start)] if start >= 0 else ""
