"""Where each generated page lives: the one place that knows the URL scheme.

Page addresses are printed on flyers and QR codes, so they derive from ids
(never from titles) and must not change once published.
"""

from __future__ import annotations

import functools
import ipaddress
import posixpath
from dataclasses import dataclass
from urllib.parse import urlsplit

from .. import settings

# The editions: Japanese at the site root, each other language under its own folder.
LANGUAGES = ("ja", "en")
DEFAULT_LANGUAGE = "ja"

# The page of each session, case, worksheet and guide, as a path under docs/ (its URL follows MkDocs' directory
# URLs). No file is there: the site makes each page from its YAML file. The same pattern in mkdocs.yml's nav
# (`- program/{id}.md`) marks where that kind's pages go.
ENTITY_PAGES = {
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


def entity_path(kind: str, entity_id: str) -> str:
    return ENTITY_PAGES[kind].format(id=entity_id)


@dataclass(frozen=True)
class EntityPage:
    """The page made from one curriculum file: its kind (a key of ENTITY_PAGES), id and path under docs/."""

    kind: str
    id: str

    @property
    def path(self) -> str:
        return entity_path(self.kind, self.id)


def entity_pages(curriculum) -> list[EntityPage]:
    """Every page made from a curriculum file, kind by kind, each kind in the curriculum's order: sessions by
    number, cases in the report's order, worksheets by code, guides by their session's number."""
    return [*(EntityPage("session", session.id) for session in curriculum.sessions),
            *(EntityPage("case", case.id) for case in curriculum.cases),
            *(EntityPage("worksheet", worksheet.id) for worksheet in curriculum.worksheets),
            *(EntityPage("guide", guide.id) for guide in curriculum.guides)]


def run_sheet_file(session_id: str) -> str:
    """The run sheet PDF written beside a session's guide page (published: never rename)."""
    return f"run-sheet-{session_id}.pdf"


def print_pack_file(session_id: str) -> str:
    """The 印刷セット PDF written beside a session's guide page, next to its run sheet (published: never rename)."""
    return f"print-pack-{session_id}.pdf"


# The handbook as one book PDF, at the root of each language edition (published: never rename).
BOOK_FILE = "handbook.pdf"


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


@functools.lru_cache(maxsize=8192)  # a build asks for the same few thousand links again and again
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
        code = session.code
        addresses[code] = (f"{code.lower()}/", url_of(entity_path("session", session.id), directory_urls))
    for worksheet in curriculum.worksheets:
        addresses[worksheet.code] = (f"{worksheet.code.lower()}/", url_of(entity_path("worksheet", worksheet.id), directory_urls))
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


# The setting that names the public address (the GitHub Pages workflow passes the deployment's own).
PUBLIC_URL_VARIABLE = settings.PUBLIC_URL
# Without a public address nothing prints a host; the build says so once, naming both settings.
PUBLIC_ADDRESS_UNSET = (
    "handbook: no public address is set, so QR codes, flyers, printed footers and canonical links carry no host "
    f"(only short paths such as /s3/). To print the address people will use, build with {PUBLIC_URL_VARIABLE}=https://… "
    "or set site_url in mkdocs.yml to it (the GitHub Pages workflow sets it from the deployment)."
)


def public_address(site_url: str | None) -> str | None:
    """The address the handbook is published at, ending in '/', or None when none is configured: the one
    source of every absolute address the build prints (QR codes, flyers, worksheet and run-sheet footers,
    canonical links, the offline README).

    HANDBOOK_PUBLIC_URL wins when set; else site_url, unless its host is a placeholder (a name under the
    reserved .invalid domain, as mkdocs.yml ships) or this machine (`mkdocs serve` puts its own address there)."""
    from ..settings import current

    explicit = current().public_url
    address = explicit or (site_url or "").strip()
    parts = urlsplit(address)
    absolute = parts.scheme in ("http", "https") and bool(parts.hostname)
    if explicit:
        if not absolute:
            raise ValueError(f"{PUBLIC_URL_VARIABLE}={explicit!r} is not an absolute http(s) address "
                             "(hint: e.g. https://www.pref.example.lg.jp/kenko/handbook/)")
    elif not absolute or _placeholder_host(parts.hostname):
        return None
    return address.rstrip("/") + "/"


def _placeholder_host(host: str) -> bool:
    if host == "invalid" or host.endswith(".invalid") or host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
