"""The benchmark's fair baseline: a plain Material site per language, built from the same pages'
Markdown as the handbook after mkdocs-macros has expanded it (no macros, no i18n, no hooks, no
custom templates), with the same theme settings, Markdown extensions and nav.

The expanded Markdown is captured by one build of a throw-away copy with bench_capture.py added to
its hooks; the plain projects are then written next to it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from .. import settings
from ..views.pages import DEFAULT_LANGUAGE, LANGUAGES

CAPTURE_HOOK = "from handbook.site.bench_capture import on_nav, on_page_markdown  # noqa: F401  (benchmark copy only)\n"


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for its plain values; tagged values (!ENV, the toc slugify function) become None."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _top_level_block(config_text: str, key: str) -> str:
    """The text of one top-level key of mkdocs.yml, verbatim (keeps tags such as the toc slugify)."""
    lines = config_text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    end = next((i for i in range(start + 1, len(lines)) if re.match(r"^[^\s#]", lines[i])), len(lines))
    return "".join(lines[start:end])


def capture_expanded_markdown(project: Path, captured: Path, env: dict[str, str]) -> dict[str, int]:
    """Build `project` (a copy) once with the capture hook; returns the number of pages per language."""
    hook = project / "scripts" / "bench_capture_hook.py"
    hook.write_text(CAPTURE_HOOK, encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if "  - scripts/mkdocs_hooks.py\n" not in text:
        raise RuntimeError("mkdocs.yml: hooks entry '  - scripts/mkdocs_hooks.py' not found; cannot add the capture hook")
    config.write_text(text.replace("  - scripts/mkdocs_hooks.py\n", "  - scripts/mkdocs_hooks.py\n  - scripts/bench_capture_hook.py\n"),
                      encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(project.parent / "capture-site")],
                            cwd=project, env={**env, settings.BENCH_CAPTURE: str(captured)}, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"capture build failed:\n{result.stderr[-2000:]}")
    return {lang: len(list((captured / lang).rglob("*.md"))) for lang in LANGUAGES}


def write_plain_projects(root: Path, captured: Path, destination: Path) -> dict[str, Path]:
    """One plain Material project per language under `destination`, with the navigation the handbook's
    reader got (captured, generated pages included); returns lang → project folder."""
    config_text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = yaml.load(config_text, Loader=_ConfigLoader)
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    languages = {entry["locale"]: entry for entry in i18n["languages"]}
    theme = {key: value for key, value in config["theme"].items() if key != "custom_dir"}
    extensions = _top_level_block(config_text, "markdown_extensions")
    projects = {}
    for lang in LANGUAGES:
        project = destination / f"plain-{lang}"
        nav = yaml.safe_load((captured / lang / "nav.yml").read_text(encoding="utf-8"))
        # Static files (images, our CSS/JS files) are copied as they are, so Markdown links to them resolve.
        shutil.copytree(root / "docs", project / "docs", ignore=shutil.ignore_patterns("*.md"))
        shutil.copytree(captured / lang, project / "docs", dirs_exist_ok=True, ignore=shutil.ignore_patterns("nav.yml"))
        language = languages.get(lang, {})
        plain = {
            "site_name": language.get("site_name", config["site_name"]) if lang != DEFAULT_LANGUAGE else config["site_name"],
            "site_url": config.get("site_url"),
            "docs_dir": "docs",
            "use_directory_urls": True,
            "theme": {**theme, "language": lang},
            "plugins": [{"search": {"lang": lang}}],
            "nav": nav,
        }
        (project / "mkdocs.yml").write_text(yaml.safe_dump(plain, allow_unicode=True, sort_keys=False) + extensions, encoding="utf-8")
        projects[lang] = project
    return projects
