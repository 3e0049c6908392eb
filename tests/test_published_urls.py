"""Addresses printed on flyers and QR codes keep working: every published address exists in the build,
and a moved page keeps its old address only through a redirect."""

from __future__ import annotations

import pytest

from conftest import ROOT, build_site
from handbook.qa import published


def test_every_published_address_exists(site):
    assert published.read_list(ROOT), "the list of published addresses is empty"
    assert published.missing(ROOT, site) == []


@pytest.mark.build
def test_moving_a_page_needs_a_redirect(project, tmp_path):
    old, new = "overview/scenario.md", "overview/scenario-and-hypotheses.md"
    for suffix in ("", ".en"):
        source = project / "docs" / old.replace(".md", f"{suffix}.md")
        source.rename(project / "docs" / new.replace(".md", f"{suffix}.md"))
    for page in (project / "docs").rglob("*.md"):  # pages that link to it follow the move
        page.write_text(page.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(f"- {old}", f"- {new}")
    config.write_text(text, encoding="utf-8")
    (project / "tests").mkdir()
    (project / "tests" / "published-urls.txt").write_text((ROOT / published.LIST_FILE).read_text(encoding="utf-8"))

    result = build_site(project, tmp_path / "moved")
    assert result.returncode == 0, result.stderr[-2000:]
    assert {"/overview/scenario/", "/en/overview/scenario/"} <= set(published.missing(project, tmp_path / "moved"))

    config.write_text(text.replace("redirect_maps: {}", f"redirect_maps:\n        {old}: {new}"), encoding="utf-8")
    result = build_site(project, tmp_path / "redirected")
    assert result.returncode == 0, result.stderr[-2000:]
    assert published.missing(project, tmp_path / "redirected") == []
