"""Reading built pages as plain text, the way a reader sees them."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path


class _ArticleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.depth = 0
        self.hidden = 0  # inside <script> or <style>: not text a reader sees
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        elif tag in ("script", "style"):
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1
        elif tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data):
        if self.depth > 0 and not self.hidden:
            self.parts.append(data)


def normalise(text: str) -> str:
    return re.sub(r"\s+", "", html.unescape(text))


def article_text(page: Path) -> str:
    """The page's main text with tags removed and all whitespace dropped (for substring checks)."""
    parser = _ArticleText()
    parser.feed(page.read_text(encoding="utf-8"))
    return normalise("".join(parser.parts))


def page_file(site: Path, url: str) -> Path:
    return site / url / "index.html" if url else site / "index.html"
