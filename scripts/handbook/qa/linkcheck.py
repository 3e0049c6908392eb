"""Internal link check of a built site folder, without network.

Every reference a page makes into the site must resolve to a file in the folder: links, stylesheets,
scripts (also Material's search worker), images, hreflang/canonical links, redirect targets
(meta refresh), `#fragment` anchors (an `id`, or `name` on `<a>`, in the target page), `url()`
in the site's stylesheets, and the `location` of every search-index entry. Links to other hosts
(and mailto:, tel:) are only counted.

Two ways a folder is opened:
- `directory_index=True`: a web server, where `x/` serves `x/index.html`;
- `directory_index=False`: file:// (the offline edition), where a link to a folder shows a folder
  listing, so it is broken: links must name `x/index.html`. 404.html is skipped: no server shows it.

Absolute addresses under `site_url` address the published site: on a server they are checked
against the folder like relative ones; from file:// they lead to the network, so they are only
counted (`web_edition`: canonical and og:url of the offline edition are meant to point there).
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import xml.etree.ElementTree as ElementTree
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Elements and the attributes that load or link to an address.
URL_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
}
# <meta property=…> whose content is an address of the site (link previews).
META_URL_PROPERTIES = {"og:url", "og:image", "twitter:image"}
# Schemes that are not a place to go (inline data, script): neither checked nor counted.
INLINE_SCHEMES = {"data", "javascript", "about", "blob"}
# Pages only a web server shows (for addresses that do not exist); never reached from file://.
SERVER_ONLY_PAGES = {"404.html"}
# Fragments a browser handles without an element: "" and "top" scroll to the top (HTML standard).
BUILTIN_FRAGMENTS = {"", "top"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
SITEMAP_NAMESPACES = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@dataclass(frozen=True)
class BrokenLink:
    page: str  # the file that holds the reference, relative to the folder (with :line for HTML)
    href: str
    message: str

    def __str__(self) -> str:
        return f"{self.page}: {self.href}: {self.message}"


@dataclass
class LinkReport:
    pages: int = 0  # HTML pages read
    checked: Counter = field(default_factory=Counter)  # internal references resolved, by where they were found
    fragments: int = 0  # of those, #anchors looked up in a page
    broken: list[BrokenLink] = field(default_factory=list)
    external: Counter = field(default_factory=Counter)  # address → how often; not fetched
    web_edition: Counter = field(default_factory=Counter)  # file mode: the site's own absolute addresses

    @property
    def ok(self) -> bool:
        return not self.broken

    def summary(self) -> str:
        return (f"{self.pages} pages, {sum(self.checked.values())} internal references checked "
                f"({', '.join(f'{count} in {kind}' for kind, count in sorted(self.checked.items()))}; "
                f"{self.fragments} anchors), {len(self.broken)} broken; "
                f"{sum(self.external.values())} external links to {len(self.external)} addresses (not fetched)"
                + (f"; {sum(self.web_edition.values())} links to the web edition" if self.web_edition else ""))


@dataclass
class _Reference:
    url: str
    line: int


class _PageParser(HTMLParser):
    """The anchors a page defines and the addresses it refers to."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.anchors: set[str] = set()
        self.references: list[_Reference] = []
        self._in_config = False  # inside Material's <script id="__config"> (JSON)
        self._config: list[str] = []
        self._config_line = 0

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        line = self.getpos()[0]
        if values.get("id"):
            self.anchors.add(values["id"])
        if tag == "a" and values.get("name"):
            self.anchors.add(values["name"])
        for attribute in URL_ATTRIBUTES.get(tag, ()):
            value = values.get(attribute)
            if value is None:
                continue
            if attribute == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self.references.append(_Reference(candidate.split()[0], line))
            else:
                self.references.append(_Reference(value, line))
        if tag == "meta":
            if (values.get("http-equiv") or "").lower() == "refresh":
                target = re.search(r"url\s*=\s*['\"]?([^'\"]+)", values.get("content") or "", flags=re.I)
                if target:
                    self.references.append(_Reference(target.group(1).strip(), line))
            elif values.get("property") in META_URL_PROPERTIES and values.get("content"):
                self.references.append(_Reference(values["content"], line))
        if tag == "script" and values.get("id") == "__config":
            self._in_config, self._config_line = True, line

    def handle_endtag(self, tag):
        if tag == "script" and self._in_config:
            self._in_config = False
            try:
                worker = json.loads("".join(self._config)).get("search")
            except ValueError:
                worker = None
            if worker:  # Material's search worker, loaded by address like a <script src>
                self.references.append(_Reference(worker, self._config_line))

    def handle_data(self, data):
        if self._in_config:
            self._config.append(data)


class _Site:
    """The folder's files, and each HTML page's anchors (parsed once)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.files: set[str] = set()
        self.folders: set[str] = {""}
        for directory, subfolders, names in os.walk(folder):
            relative = Path(directory).relative_to(folder).as_posix()
            relative = "" if relative == "." else relative
            self.folders.update(posixpath.join(relative, name) for name in subfolders)
            self.files.update(posixpath.join(relative, name) for name in names)
        self.parsed: dict[str, _PageParser] = {}

    def page(self, path: str) -> _PageParser:
        if path not in self.parsed:
            parser = _PageParser()
            parser.feed((self.folder / path).read_text(encoding="utf-8", errors="replace"))
            parser.close()
            self.parsed[path] = parser
        return self.parsed[path]


class _Checker:
    def __init__(self, folder: Path, directory_index: bool, site_url: str | None):
        self.site = _Site(folder)
        self.directory_index = directory_index
        self.site_url = site_url.rstrip("/") + "/" if site_url else None
        self.site_path = urlsplit(self.site_url).path if self.site_url else None
        self.report = LinkReport()

    def internal_target(self, url: str, base: str, *, server_only: bool) -> tuple[str, bool] | None:
        """(path relative to the folder, served by a web server?) for an internal address;
        None for an external or inline one (counted, not checked)."""
        parts = urlsplit(url)
        if parts.scheme in INLINE_SCHEMES:
            return None
        if parts.scheme or url.startswith("//"):
            # The site's own address, whichever scheme: "//host/path/…" after the scheme.
            own = re.sub(r"^https?:", "", self.site_url) if self.site_url else None
            address = re.sub(r"^https?:", "", url)
            if own and (address.startswith(own) or address + "/" == own):
                if not self.directory_index:
                    self.report.web_edition[url] += 1
                    return None
                return address[len(own):], True
            self.report.external[url] += 1
            return None
        if url.startswith("/"):
            # Root-absolute: only the server's error page uses them (MkDocs writes 404.html so).
            if server_only and self.site_path and url.startswith(self.site_path):
                return url[len(self.site_path):], True
            return "/" + url.lstrip("/"), self.directory_index
        return posixpath.join(base, url), self.directory_index

    def check(self, kind: str, where: str, url: str, base: str, *, this_page: str | None, server_only: bool = False) -> None:
        """Resolve `url` as written in `where` (a file whose folder is `base`); record it if broken."""
        url = url.strip()
        target = self.internal_target(url, base, server_only=server_only)
        if target is None:
            return
        self.report.checked[kind] += 1
        joined, served = target
        problem = self.problem(joined, url, this_page, served)
        if problem:
            self.report.broken.append(BrokenLink(where, url, problem))

    def problem(self, joined: str, url: str, this_page: str | None, served: bool) -> str | None:
        if joined.startswith("/"):
            return "root-absolute address: breaks under another path and from file:// (use a relative link)"
        parts = urlsplit(joined)
        raw_path = unquote(parts.path)
        if not urlsplit(url).path and this_page is not None:
            file = this_page  # "#x" or "?q": this page
        else:
            path = posixpath.normpath(raw_path) if raw_path else "."
            if path == ".." or path.startswith("../"):
                return "points outside the site folder"
            path = "" if path == "." else path
            if path in self.site.folders:
                if not served:
                    return f"links to a folder: from file:// the browser shows a folder listing (link to {posixpath.join(path, 'index.html')})"
                file = posixpath.join(path, "index.html")
                if file not in self.site.files:
                    return f"folder {path or '.'}/ has no index.html"
            elif raw_path.endswith("/"):
                return f"missing folder {path}/"
            elif path in self.site.files:
                file = path
            else:
                return f"missing file {path}"
        fragment = unquote(parts.fragment)
        if fragment in BUILTIN_FRAGMENTS or not file.endswith(".html"):
            return None
        self.report.fragments += 1
        if fragment not in self.site.page(file).anchors:
            return f"missing anchor #{fragment} in {file}"
        return None

    def check_pages(self) -> None:
        for path in sorted(p for p in self.site.files if p.endswith(".html")):
            server_only = path in SERVER_ONLY_PAGES
            if server_only and not self.directory_index:
                continue
            self.report.pages += 1
            base = posixpath.dirname(path)
            for reference in self.site.page(path).references:
                self.check("pages", f"{path}:{reference.line}", reference.url, base, this_page=path, server_only=server_only)

    def check_stylesheets(self) -> None:
        for path in sorted(p for p in self.site.files if p.endswith(".css")):
            text = (self.site.folder / path).read_text(encoding="utf-8", errors="replace")
            for match in CSS_URL.finditer(text):
                url = match.group(2) or match.group(4)
                if not url.startswith("#"):  # SVG filter references inside the stylesheet
                    self.check("stylesheets", path, url, posixpath.dirname(path), this_page=None)

    def check_search_indexes(self) -> None:
        """Each entry's location is relative to its language root (the folder above search/).
        search_index.js is the same index as a script, for file:// (`var __index = {…}`)."""
        indexes = ("search/search_index.json", "search/search_index.js")
        for path in sorted(p for p in self.site.files if p.endswith(indexes)):
            root = posixpath.dirname(posixpath.dirname(path))
            try:
                text = (self.site.folder / path).read_text(encoding="utf-8")
                if path.endswith(".js"):
                    text = text.split("=", 1)[1]
                docs = json.loads(text)["docs"]
            except (ValueError, KeyError, TypeError, IndexError) as error:
                self.report.broken.append(BrokenLink(path, "", f"unreadable search index: {error}"))
                continue
            for doc in docs:
                location = doc.get("location", "")
                # "" is the language's home page, which the search links as its root folder.
                self.check("search indexes", path, location, root, this_page=None)

    def check_sitemaps(self) -> None:
        """Sitemaps list the published site's absolute addresses (server mode only)."""
        if not self.site_url or not self.directory_index:
            return
        for path in sorted(p for p in self.site.files if p.endswith("sitemap.xml")):
            try:
                tree = ElementTree.parse(self.site.folder / path)
            except ElementTree.ParseError as error:
                self.report.broken.append(BrokenLink(path, "", f"unreadable sitemap: {error}"))
                continue
            for loc in tree.iterfind(".//s:loc", SITEMAP_NAMESPACES):
                self.check("sitemaps", path, loc.text or "", "", this_page=None)
            for alternate in tree.iterfind(".//x:link", SITEMAP_NAMESPACES):
                self.check("sitemaps", path, alternate.get("href", ""), "", this_page=None)


def check(folder: Path, *, directory_index: bool = True, site_url: str | None = None) -> LinkReport:
    """Check every internal reference in a built site folder (see the module docstring).

    site_url: the site's own address (mkdocs.yml); absolute links under it are checked as internal.
    """
    checker = _Checker(Path(folder), directory_index, site_url)
    checker.check_pages()
    checker.check_stylesheets()
    checker.check_search_indexes()
    checker.check_sitemaps()
    return checker.report


def check_zip(archive: Path, *, site_url: str | None = None) -> LinkReport:
    """The offline edition as people open it: unzipped, from file:// (directory_index=False).
    A zip holding a single top folder is checked from inside it, so paths read as in the folder."""
    import tempfile
    import zipfile

    with tempfile.TemporaryDirectory(prefix="linkcheck-") as temporary:
        with zipfile.ZipFile(archive) as opened:
            opened.extractall(temporary)
        top = list(Path(temporary).iterdir())
        folder = top[0] if len(top) == 1 and top[0].is_dir() else Path(temporary)
        return check(folder, directory_index=False, site_url=site_url)


def site_url_from_config(config_file: Path) -> str | None:
    """site_url of an mkdocs.yml, read without loading MkDocs (its Python tags are ignored)."""
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load(Path(config_file).read_text(encoding="utf-8"), Loader=_Loader) or {}
    return config.get("site_url")
