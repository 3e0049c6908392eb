"""Reading built pages as plain text, the way a reader sees them; the curriculum's order, worked out from the YAML."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path


class _ArticleText(HTMLParser):
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, skip_lang: str | None = None):
        super().__init__()
        self.depth = 0
        self.hidden = 0  # inside <script> or <style>: not text a reader sees
        self.skip_lang = skip_lang
        self.stack: list[bool] = []  # per open element: is its text skipped (lang="ja" on an English page)?
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        elif tag in ("script", "style"):
            self.hidden += 1
        if tag not in self.VOID:
            skipped = bool(self.stack and self.stack[-1]) or (self.skip_lang is not None and dict(attrs).get("lang") == self.skip_lang)
            self.stack.append(skipped)

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1
        elif tag in ("script", "style"):
            self.hidden -= 1
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.depth > 0 and not self.hidden and not (self.stack and self.stack[-1]):
            self.parts.append(data)


def normalise(text: str) -> str:
    return re.sub(r"\s+", "", html.unescape(text))


def article_text(page: Path, skip_lang: str | None = None) -> str:
    """The page's main text with tags removed and all whitespace dropped (for substring checks).
    With skip_lang, text marked with that language (lang="ja" on an English page) is left out."""
    parser = _ArticleText(skip_lang)
    parser.feed(page.read_text(encoding="utf-8"))
    return normalise("".join(parser.parts))


def page_file(site: Path, url: str) -> Path:
    return site / url / "index.html" if url else site / "index.html"


def curriculum_order(curriculum) -> dict[str, list[str]]:
    """Each kind's ids in the order the README promises, worked out here from the model's fields."""
    report = [section.id for section in curriculum.sources.sections] + [None]  # a local source (no section): last
    numbers = {session.id: session.number for session in curriculum.sessions}
    return {
        "session": [s.id for s in sorted(curriculum.sessions, key=lambda s: s.number)],
        "case": [c.id for c in sorted(curriculum.cases, key=lambda c: (report.index(c.source.section), c.id))],
        "worksheet": [w.id for w in sorted(curriculum.worksheets, key=lambda w: w.code)],
        "guide": [g.id for g in sorted(curriculum.guides, key=lambda g: numbers[g.id])],
    }
