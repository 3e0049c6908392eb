"""Where each generated page lives: the one place that knows the URL scheme.

Page addresses are printed on flyers and QR codes, so they derive from ids
(never from titles) and must not change once published.
"""

from __future__ import annotations

import os
import posixpath

# Markdown stub (under docs/) for each entity kind; its URL follows MkDocs' directory URLs.
# The editions: Japanese at the site root, each other language under its own folder.
LANGUAGES = ("ja", "en")
DEFAULT_LANGUAGE = "ja"

STUBS = {
    "session": "program/{id}.md",
    "case": "cases/{id}.md",
    "worksheet": "worksheets/{id}.md",
    "guide": "guides/{id}.md",
}
# Fixed pages that generated content links to.
PAGES = {
    "home": "index.md",
    "program": "program/index.md",
    "operations": "program/operations.md",
    "growth-steps": "program/growth-steps.md",
    "outcomes": "program/outcomes.md",
    "program-verification": "program/verification.md",
    "accompaniment": "accompaniment/index.md",
    "accompaniment-verification": "accompaniment/verification.md",
    "cases": "cases/index.md",
    "worksheets": "worksheets/index.md",
    "guides": "guides/index.md",
    "planner": "guides/planner.md",
    "announce": "guides/announce.md",
    "self-check": "program/self-check.md",
    "accompaniment-guide": "accompaniment/guide.md",
    "glossary": "glossary.md",
    "about": "about.md",
    "background": "overview/background.md",
    "scenario": "overview/scenario.md",
    "two-measures": "overview/two-measures.md",
    "way-forward": "overview/way-forward.md",
}


def stub_path(kind: str, entity_id: str) -> str:
    return STUBS[kind].format(id=entity_id)


def stub_content(kind: str, entity_id: str) -> str:
    return f'{{{{ {kind}_page("{entity_id}") }}}}\n'


def run_sheet_file(session_id: str) -> str:
    """The run sheet PDF written beside a session's guide page (published: never rename)."""
    return f"run-sheet-{session_id}.pdf"


def url_of(src_path: str, directory_urls: bool = True) -> str:
    """URL of a docs/ source path, relative to the language root: a directory URL ('program/session-1/')
    on the web, a file URL ('program/session-1.html') in the closed-network edition, which is opened from
    file:// where a folder does not open its index.html."""
    stem = src_path[: -len(".md")]
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        stem = stem[: -len("/index")]
    return stem + "/"


def folder_of(url: str) -> str:
    """The folder a page's URL lives in ('' for the root); a page's downloads are written there."""
    if url == "" or url.endswith("/"):
        return url
    folder = posixpath.dirname(url)
    return folder + "/" if folder else ""


def output_path(url: str) -> str:
    """The file a URL is served from, relative to the site root."""
    return url + "index.html" if url == "" or url.endswith("/") else url


def relative_url(from_url: str, to_url: str) -> str:
    """A relative link from the page at `from_url` to `to_url` (both relative to the site root), so the
    site works from any sub-path and from file://. Folder targets keep their trailing '/'."""
    base = folder_of(from_url).rstrip("/") or "."
    target, _, anchor = to_url.partition("#")
    rel = posixpath.relpath(target or ".", base)
    if target == "" or target.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{anchor}" if anchor else "")


def short_addresses(curriculum, directory_urls: bool = True) -> dict[str, tuple[str, str]]:
    """Short addresses printed on paper: 's1/' → the session page, 'ws-01/' → the worksheet page.
    Computed from the YAML (session numbers, worksheet codes): code → (short URL, target URL)."""
    addresses = {}
    for session in curriculum.sessions:
        code = f"S{session.number}"
        addresses[code] = (f"{code.lower()}/", url_of(stub_path("session", session.id), directory_urls))
    for worksheet in curriculum.worksheets:
        addresses[worksheet.code] = (f"{worksheet.code.lower()}/", url_of(stub_path("worksheet", worksheet.id), directory_urls))
    return addresses


def language_prefix(lang: str) -> str:
    """Where a language's pages live under the site root: '' for Japanese, 'en/' for English."""
    return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"


def build_language(config) -> str:
    """The language the current MkDocs build renders: mkdocs-static-i18n runs one build per language
    (ask at render time, not when the plugin is configured)."""
    return getattr(config.plugins.get("i18n"), "current_language", None) or DEFAULT_LANGUAGE


def nested_language_build(config) -> bool:
    """True inside mkdocs-static-i18n's build of a further language, before the whole site is done."""
    return bool(getattr(config.plugins.get("i18n"), "building", False))


def public_base(site_url: str | None) -> str:
    """Base URL printed on paper and in QR codes, ending in '/': site_url, or HANDBOOK_PUBLIC_URL
    for a prefecture's own host."""
    base = os.environ.get("HANDBOOK_PUBLIC_URL") or site_url or "/"
    return base.rstrip("/") + "/"
