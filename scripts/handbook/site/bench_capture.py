"""MkDocs hook for the benchmark's plain-Material baseline: writes each page's Markdown after
mkdocs-macros has expanded it, per language, into $HANDBOOK_BENCH_CAPTURE/<lang>/<page>.md.

Only ever loaded into a throw-away copy of the project (see bench_plain.py), never the real build.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from mkdocs.plugins import event_priority

from .. import settings
from ..views.pages import build_language


@event_priority(-1000)  # last: after mkdocs-macros (0) has rendered the page's Markdown
def on_page_markdown(markdown, page, config, files):
    lang = build_language(config)
    # docs_structure: suffix — "about.en.md" is the English about.md; untranslated pages fall back to "x.md".
    name = re.sub(r"\.[a-z]{2}\.md$", ".md", page.file.src_uri)
    target = settings.current().bench_capture / lang / name
    target.parent.mkdir(parents=True, exist_ok=True)
    meta = {key: (str(value) if isinstance(value, str) else value) for key, value in page.meta.items()}
    front = f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)}---\n\n" if meta else ""
    target.write_text(front + markdown, encoding="utf-8")
    return markdown
