"""The benchmark's browser measurements on a built site: page weight, time to first search results
(headless Chromium via Playwright) and Lighthouse scores.

The site is served on localhost the way a static host serves it (gzip for text, a short cache
lifetime like GitHub Pages), so Lighthouse judges the pages, not Python's bare test server.
Chromium is Debian's, launched by handbook.qa.browser (the one place that knows its flags).
"""

from __future__ import annotations

import gzip
import http.server
import json
import os
import subprocess
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..qa import browser

from ..qa import search_quality

# Resource kinds of a page's weight; the search index is counted apart (it loads once per visit, in a worker).
KINDS = ("HTML", "CSS", "JS", "fonts", "images", "other")
SUFFIX_KINDS = {
    ".html": "HTML", ".css": "CSS", ".js": "JS", ".mjs": "JS",
    ".woff": "fonts", ".woff2": "fonts", ".ttf": "fonts", ".otf": "fonts",
    ".png": "images", ".svg": "images", ".jpg": "images", ".jpeg": "images", ".gif": "images", ".webp": "images", ".ico": "images",
}
TYPE_KINDS = {"document": "HTML", "stylesheet": "CSS", "script": "JS", "font": "fonts", "image": "images"}
SEARCH_INDEX = "search_index.json"
COMPRESSIBLE = ("text/", "application/json", "application/javascript", "application/xml", "image/svg+xml")
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Lighthouse's presets: "desktop", and its default (None): a mid-range phone on a slow 4G link with the
# CPU slowed 4×.
LIGHTHOUSE_PRESETS = {"desktop": "desktop", "mobile": None}


class _StaticHostHandler(http.server.SimpleHTTPRequestHandler):
    """Like a static web host: text is sent gzip-compressed, everything may be cached for 10 minutes."""

    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        content_type = self.guess_type(str(path))
        if (not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", "")
                or not content_type.startswith(COMPRESSIBLE)):
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", content_type + ("; charset=utf-8" if content_type.startswith("text/") else ""))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def search_index_sizes(site: Path, languages: dict[str, str]) -> dict[str, tuple[int, int]]:
    """lang → (raw bytes, gzip -6 bytes) of its search index; `languages` maps lang → folder prefix."""
    sizes = {}
    for lang, prefix in languages.items():
        data = (site / prefix / "search" / SEARCH_INDEX).read_bytes()
        sizes[lang] = (len(data), gzip_size(data))
    return sizes


def _kind(url: str, resource_type: str) -> str:
    path = url.split("?")[0].split("#")[0]
    suffix = Path(path).suffix.lower()
    if path.endswith("/") or suffix == ".html":
        return "HTML"
    return SUFFIX_KINDS.get(suffix) or TYPE_KINDS.get(resource_type, "other")


@dataclass
class PageWeight:
    url: str
    compressed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    resources: int = 0

    @property
    def total(self) -> int:
        return sum(self.compressed.values())


def _cold_page(context):
    """A new tab with the HTTP cache off: every measurement is a first visit."""
    page = context.new_page()
    context.new_cdp_session(page).send("Network.setCacheDisabled", {"cacheDisabled": True})
    return page


def page_weight(context, url: str) -> PageWeight:
    """Everything the browser loads for `url` until the network is idle, gzip -6 per resource,
    by kind; the search index is left out (see search_index_sizes)."""
    page = _cold_page(context)
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(500)  # late requests (the search worker starts after load)
    weight = PageWeight(url)
    for request in finished:
        response = request.response()
        if response is None or request.url.split("?")[0].endswith(SEARCH_INDEX) or request.url.startswith("data:"):
            continue
        try:
            body = response.body()
        except Exception:  # redirects have no body
            continue
        weight.compressed[_kind(request.url, request.resource_type)] += gzip_size(body)
        weight.resources += 1
    page.close()
    return weight


# At the load event, puts the query into the search box as a reader's input would (an `input` event, which the
# site passes on to Material as a keyup), then polls for the first visible result (ms since navigation start).
# Playwright's own typing is left out: on this machine a click and a few key presses take 100–300 ms, which
# would measure the automation, not the page.
FIRST_RESULT_WATCH = """
window.addEventListener("load", () => {
  const box = document.querySelector(".md-search__input");
  box.focus();
  box.value = %s;
  box.dispatchEvent(new Event("input", {bubbles: true}));
  const timer = setInterval(() => {
    const item = document.querySelector(".md-search-result__item");
    if (item && item.offsetParent !== null) {
      window.__firstSearchResult = performance.now();
      clearInterval(timer);
    }
  }, 5);
});
"""


@dataclass
class SearchTiming:
    after_load_ms: float
    after_navigation_ms: float


def first_search_results(context, url: str, query: str, timeout_ms: int = 30000) -> SearchTiming:
    """Open `url` cold, enter `query` at the load event, and time the first visible result: what the
    page needs from its load to an answer (fetching the index, starting the worker, searching, drawing)."""
    import json

    page = _cold_page(context)
    page.add_init_script(FIRST_RESULT_WATCH % json.dumps(query))
    page.goto(url, wait_until="load")
    page.wait_for_function("window.__firstSearchResult !== undefined", timeout=timeout_ms)
    times = page.evaluate("({first: window.__firstSearchResult,"
                          " load: performance.getEntriesByType('navigation')[0].loadEventEnd})")
    page.close()
    return SearchTiming(after_load_ms=times["first"] - times["load"], after_navigation_ms=times["first"])


@dataclass
class LighthouseResult:
    url: str
    scores: dict[str, float]  # category id → 0…100
    weak_audits: dict[str, float]  # audit id → score 0…1, for scored audits below 1
    evidence: dict[str, str]  # audit id → what failed, briefly (first item of the audit's details)


def lighthouse(root: Path, url: str, launch_args: list[str], chromium_path: str, preset: str | None = "desktop") -> LighthouseResult:
    """One Lighthouse run with Debian's chromium and the required flags; `preset` "desktop", or None for
    Lighthouse's default (mobile)."""
    binary = root / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        raise RuntimeError("node_modules/.bin/lighthouse not found (hint: run `npm ci` or `make bench`)")
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as folder:
        report = Path(folder) / "report.json"
        result = subprocess.run(
            [str(binary), url, *([f"--preset={preset}"] if preset else []), "--output=json", f"--output-path={report}",
             "--quiet", f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}", f"--chrome-flags={' '.join(launch_args)}"],
            env={**os.environ, "CHROME_PATH": chromium_path, "TMPDIR": folder},  # chrome-launcher's fresh profile goes here
            capture_output=True, text=True, timeout=300,
        )
        if result.returncode != 0 or not report.exists():
            raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
        data = json.loads(report.read_text(encoding="utf-8"))
    scores = {cid: round(data["categories"][cid]["score"] * 100) for cid in LIGHTHOUSE_CATEGORIES}
    weak, evidence = {}, {}
    for cid in LIGHTHOUSE_CATEGORIES:
        for ref in data["categories"][cid]["auditRefs"]:
            audit = data["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                weak[ref["id"]] = audit["score"]
                evidence[ref["id"]] = _first_item(audit)
    return LighthouseResult(url, scores, weak, evidence)


def _first_item(audit: dict) -> str:
    """A short pointer to what failed: the first detail item's text, URL or HTML snippet."""
    items = (audit.get("details") or {}).get("items") or []
    if not items:
        return audit.get("displayValue", "")
    item = items[0]
    parts = [item[key] for key in ("description", "url") if isinstance(item.get(key), str) and item[key]]
    for key in ("sourceLocation", "source", "node"):
        value = item.get(key)
        if isinstance(value, dict):
            parts.append(value.get("url") or value.get("snippet") or "")
    parts = [part for part in parts if part]
    return " ".join(parts)[:160]


@dataclass
class BrowserReport:
    weights: dict[str, PageWeight]  # label → weight
    search: dict[str, list[SearchTiming]]  # label → runs
    lighthouse: dict[str, dict[str, LighthouseResult]]  # preset name → label → result
    external_requests: list[str]
    query_set: dict[str, search_quality.Run]  # lang → the query set typed into the search box


def measure(root: Path, site: Path, pages: dict[str, str], searches: dict[str, tuple[str, str]], runs: int,
            lighthouse_pages: dict[str, str]) -> BrowserReport:
    """`pages`: label → path for page weight; `searches`: label → (path, query);
    `lighthouse_pages`: label → path (run with each of LIGHTHOUSE_PRESETS). Also types the query set
    (tests/search-queries.yml) into the search box of each language."""
    with browser.serve(site, _StaticHostHandler) as base:
        with browser.chromium() as context:
            weights = {label: page_weight(context, base + path) for label, path in pages.items()}
            search = defaultdict(list)
            for _ in range(runs):
                for label, (path, query) in searches.items():
                    search[label].append(first_search_results(context, base + path, query))
            external = list(context.external_requests)
        query_set = search_quality.run_query_set(site, base, root)
        audits = {name: {label: lighthouse(root, base + path, list(browser.LAUNCH_ARGS), browser.CHROMIUM, preset)
                         for label, path in lighthouse_pages.items()}
                  for name, preset in LIGHTHOUSE_PRESETS.items()}
    return BrowserReport(weights, dict(search), audits, external, query_set)
