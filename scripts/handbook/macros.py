"""mkdocs-macros entry point: a thin delegate into the handbook package.

Loads and validates curriculum/ once per build and registers a few macros;
every page structure lives in overrides/handbook/*.html.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

from .render import DEFAULT_LANGUAGE

# Report parts a prose page can embed with {{ part("name") }}: template per name.
PARTS = {
    "background": "background.html",
    "situation": "situation.html",
    "scenario": "scenario.html",
    "comparison": "comparison.html",
    "way-forward": "way_forward.html",
    "program-outcomes": "program_outcomes.html",
    "program-ripple": "program_ripple.html",
    "program-overview": "program_overview.html",
    "program-verification": "program_verification.html",
    "operations": "operations.html",
    "growth-steps": "growth_steps.html",
    "accompaniment-structure": "accompaniment_structure.html",
    "accompaniment-verification": "accompaniment_verification.html",
    "cases-index": "cases_index.html",
    "glossary": "glossary.html",
    "sources": "sources.html",
}
CASE_TEMPLATES = {"inquiry": "case_inquiry.html", "visits": "case_visits.html", "before-after": "case_before_after.html"}


# Reloaded on every build so `mkdocs serve` picks up edits to the package (dependency order).
_RELOAD = ("problems", "yamlsource", "models", "pages", "curriculum", "checks", "render")


def define_env(env) -> None:
    for name in _RELOAD:
        module = sys.modules.get(f"{__package__}.{name}")
        if module is not None:
            importlib.reload(module)
    from .curriculum import load_curriculum
    from .problems import CurriculumError
    from .render import Renderer

    root = Path(env.project_dir)
    try:
        curriculum = load_curriculum(root)
    except CurriculumError as error:
        raise PluginError("\n" + error.report()) from None
    renderer = Renderer(root, curriculum)

    def current_language() -> str:
        # The i18n plugin re-runs the build per language; ask it at render time, not now.
        i18n = env.conf.plugins.get("i18n")
        return getattr(i18n, "current_language", None) or DEFAULT_LANGUAGE

    def render(template: str, **values) -> str:
        lang = current_language()
        url = env.page.url
        prefix = "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
        if prefix and url.startswith(prefix):
            url = url[len(prefix):]
        return renderer.render(template, lang=lang, page_url=url, **values)

    @env.macro
    def session_page(session_id: str) -> str:
        """The whole page of one session (stub: docs/program/<id>.md)."""
        return render("session.html", session=curriculum.session(session_id))

    @env.macro
    def case_page(case_id: str) -> str:
        """The whole page of one case story (stub: docs/cases/<id>.md)."""
        case = curriculum.case(case_id)
        return render(CASE_TEMPLATES[case.kind], case=case)

    @env.macro
    def part(name: str) -> str:
        """One part of the report, rendered from YAML into a prose page."""
        if name not in PARTS:
            raise KeyError(f"unknown part {name!r}; known parts: {', '.join(PARTS)}")
        return render(PARTS[name])
