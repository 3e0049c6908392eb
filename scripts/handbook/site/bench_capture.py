"""MkDocs hook for the benchmark's plain-Material baseline: writes each page's Markdown after
mkdocs-macros has expanded it, per language, into $HANDBOOK_BENCH_CAPTURE/<lang>/<page>.md, and the
navigation as the reader gets it (generated pages included, titles translated) into <lang>/nav.yml.

Only ever loaded into a throw-away copy of the project (see bench_plain.py), never the real build.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from mkdocs.plugins import event_priority

from .. import settings
from ..views.pages import build_language


def _source_name(src_uri: str) -> str:
    # docs_structure: suffix — "about.en.md" is the English about.md; untranslated pages fall back to "x.md".
    return re.sub(r"\.[a-z]{2}\.md$", ".md", src_uri)


def _nav_entry(item):
    """One navigation item in mkdocs.yml's nav form: {title: [children]}, {title: page}, or a page path."""
    if item.is_section:
        return {item.title: [_nav_entry(child) for child in item.children]}
    if item.is_page:
        name = _source_name(item.file.src_uri)
        return {item.title: name} if item.title else name
    return {item.title: item.url}


@event_priority(-1000)  # last: after the i18n plugin has translated this language's navigation
def on_nav(nav, config, files):
    target = settings.current().bench_capture / build_language(config) / "nav.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump([_nav_entry(item) for item in nav.items], allow_unicode=True, sort_keys=False), encoding="utf-8")
    return nav


@event_priority(-1000)  # last: after mkdocs-macros (0) has rendered the page's Markdown
def on_page_markdown(markdown, page, config, files):
    lang = build_language(config)
    target = settings.current().bench_capture / lang / _source_name(page.file.src_uri)
    target.parent.mkdir(parents=True, exist_ok=True)
    meta = {key: (str(value) if isinstance(value, str) else value) for key, value in page.meta.items()}
    front = f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)}---\n\n" if meta else ""
    target.write_text(front + markdown, encoding="utf-8")
    return markdown
