"""A session, case, worksheet or guide is one YAML file: its page and nav entry are computed from the curriculum
(views.pages.entity_pages, placed by site/entity_pages.py), prose pages keep their written places.

Without a build here; the built pages and navigation of a project copy with a file of each kind added and one
removed are checked in test_bad_input.py (its one shared `edited_site` build)."""

from __future__ import annotations

import pytest
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from conftest import ROOT
from helpers import curriculum_order
from handbook.content.curriculum import COLLECTIONS, load_curriculum
from handbook.site import entity_pages as site_pages
from handbook.views import pages

CURRICULUM = load_curriculum(ROOT)


def test_every_yaml_file_has_one_page_in_the_curriculums_order():
    listed = pages.entity_pages(CURRICULUM)
    for folder, (kind, _) in COLLECTIONS.items():
        files = sorted(path.stem for path in (ROOT / "curriculum" / folder).glob("*.yml"))
        ids = [page.id for page in listed if page.kind == kind]
        assert sorted(ids) == files, f"curriculum/{folder}/: one page per file"
        assert ids == curriculum_order(CURRICULUM)[kind]
    assert len({page.path for page in listed}) == len(listed)


NAV = [
    {"Home": "index.md"},
    {"Programme": ["program/index.md", pages.ENTITY_PAGES["session"], "program/operations.md"]},
    {"Guides": ["guides/index.md", "guides/planner.md", pages.ENTITY_PAGES["guide"]]},
    {"Cases": ["cases/index.md", pages.ENTITY_PAGES["case"]]},
    {"Worksheets": ["worksheets/index.md", pages.ENTITY_PAGES["worksheet"]]},
]


def test_each_pattern_becomes_its_kinds_pages_where_it_stands():
    entity = pages.entity_pages(CURRICULUM)
    placed = site_pages.placed_in_nav(NAV, entity)
    order = curriculum_order(CURRICULUM)
    path = lambda kind: [pages.entity_path(kind, entity_id) for entity_id in order[kind]]  # noqa: E731
    assert placed == [
        {"Home": "index.md"},
        {"Programme": ["program/index.md", *path("session"), "program/operations.md"]},
        {"Guides": ["guides/index.md", "guides/planner.md", *path("guide")]},
        {"Cases": ["cases/index.md", *path("case")]},
        {"Worksheets": ["worksheets/index.md", *path("worksheet")]},
    ]
    assert NAV[1]["Programme"][1] == pages.ENTITY_PAGES["session"], "the nav as written is left alone"


def _nav_without(pattern: str) -> list:
    return [{title: [entry for entry in entries if entry != pattern] if isinstance(entries, list) else entries}
            for item in NAV for title, entries in item.items()]


@pytest.mark.parametrize("nav, message, hint", [
    (_nav_without(pages.ENTITY_PAGES["case"]), f"no entry `- {pages.ENTITY_PAGES['case']}`",
     f"add `- {pages.ENTITY_PAGES['case']}` to the section"),
    ([*NAV, {"Again": [pages.ENTITY_PAGES["worksheet"]]}], f"`- {pages.ENTITY_PAGES['worksheet']}` appears 2 times", "keep one"),
    ([*NAV, {"By hand": [pages.entity_path("session", CURRICULUM.sessions[0].id)]}],
     f"{pages.entity_path('session', CURRICULUM.sessions[0].id)} is made from curriculum/sessions/{CURRICULUM.sessions[0].id}.yml",
     f"remove the line `- {pages.entity_path('session', CURRICULUM.sessions[0].id)}`"),
], ids=["pattern-missing", "pattern-twice", "page-listed-by-hand"])
def test_a_nav_that_cannot_place_the_pages_says_how_to_fix_it(nav, message, hint):
    with pytest.raises(PluginError) as error:
        site_pages.placed_in_nav(nav, pages.entity_pages(CURRICULUM))
    assert str(error.value).startswith("mkdocs.yml: nav: ") and message in str(error.value)
    assert f"(hint: {hint}" in str(error.value)


@pytest.mark.parametrize("suffix", ["", ".en"])
def test_a_file_under_docs_at_a_pages_address_is_refused(tmp_path, suffix):
    """A leftover one-line page (or its English twin) would silently replace the page made from the YAML."""
    case = CURRICULUM.cases[0]
    leftover = pages.entity_path("case", case.id).replace(".md", f"{suffix}.md")
    files = Files([File(leftover, str(tmp_path), str(tmp_path / "site"), True)])
    with pytest.raises(PluginError) as error:
        site_pages.refuse_pages_under_docs(files, pages.entity_pages(CURRICULUM))
    assert str(error.value).startswith(f"docs/{leftover}: ")
    assert f"curriculum/cases/{case.id}.yml" in str(error.value) and f"(hint: delete docs/{leftover}" in str(error.value)

