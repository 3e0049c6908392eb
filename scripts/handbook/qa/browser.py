"""Debian's chromium driven by Playwright's Python package (never a downloaded browser), with a guard that
blocks and records every request to a host other than this machine, and a local static server for a built
site. The tests share one launch (`launch`, a `guarded` context per module); the benchmark has its own
(`chromium`)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# A page is settled when its fonts are loaded and no transition or finite animation is running.
SETTLED = """() => document.readyState === "complete" && document.fonts.status === "loaded"
  && document.getAnimations().every(a => a.playState !== "running" || a.effect.getComputedTiming().iterations === Infinity)"""


def settle(page) -> None:
    """Wait until the page looks as a reader sees it once it stops moving (no fixed sleep)."""
    page.wait_for_function(SETTLED)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(folder: Path, handler: type[http.server.SimpleHTTPRequestHandler] = QuietHandler) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 at a free port; yields the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# chrome:// and chrome-extension:// are the browser's own pages (its PDF viewer), not hosts.
LOCAL = ("http://127.0.0.1", "http://localhost", "file://", "data:", "blob:", "chrome://", "chrome-extension://")


def _guard(context) -> None:
    """Let only this machine's traffic through; every other request is aborted and listed in
    `context.external_requests`. Also bounds every wait of the context."""
    external: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith(LOCAL):
            route.continue_()
        else:
            external.append(url)
            route.abort()

    context.route("**/*", guard)
    # Every wait is for a state; this only bounds a wait for a state that never comes, far above
    # what a loaded machine needs.
    context.set_default_timeout(120_000)
    context.external_requests = external


# Reduced motion: the site then draws every state at once (handbook.css), so a check sees the colours and
# layout a reader sees once the page stops moving, whatever the machine's load.
CONTEXT_OPTIONS = {"reduced_motion": "reduce", "viewport": DESKTOP}


@contextlib.contextmanager
def launch() -> Iterator[object]:
    """Debian's chromium with the required flags, for many contexts (see `guarded`). Playwright gives each
    launch a fresh user-data-dir of its own and deletes it on close."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def guarded(browser, **options) -> Iterator[object]:
    """A new context of a launched `browser`: its own cookies, storage and cache, reduced motion, a desktop
    viewport unless `options` say otherwise; only localhost traffic is allowed (`external_requests`)."""
    context = browser.new_context(**{**CONTEXT_OPTIONS, **options})
    _guard(context)
    try:
        yield context
    finally:
        context.close()


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A browser of its own, for a process outside the tests (the benchmark, the query set): a fresh
    persistent context in a new user-data-dir; only localhost traffic is allowed."""
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    try:
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS, **CONTEXT_OPTIONS,
            )
            _guard(context)
            try:
                yield context
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


# Material's search as a reader uses it. Material sends the box's value to the search worker on keyup and
# shows the answer's size in the result line: the empty query's placeholder once the worker is ready, a
# count (or "no results") once the answer to a typed query is drawn. Waiting for those lines is waiting
# for the state, not for time.
SEARCH_LINE = """() => {
  const translations = JSON.parse(document.getElementById("__config").textContent).translations;
  const line = document.querySelector(".md-search-result__meta").textContent.trim();
  const shown = document.querySelectorAll(".md-search-result__item").length;
  let total = null;
  if (line === translations["search.result.none"]) total = 0;
  else if (line === translations["search.result.one"]) total = 1;
  else if (line !== translations["search.result.placeholder"]) total = parseInt(line.replace(/[^0-9]/g, ""), 10);
  return {line, placeholder: translations["search.result.placeholder"], total, shown};
}"""
SEARCH_READY = "() => (" + SEARCH_LINE + ")().line === (" + SEARCH_LINE + ")().placeholder"
SEARCH_ANSWERED = "() => (" + SEARCH_LINE + ")().total !== null"
SEARCH_MORE_SHOWN = "(shown) => (" + SEARCH_LINE + ")().shown > shown"

SCROLL_UP_A_LITTLE = """() => new Promise(done => {
  const wrap = document.querySelector(".md-search__scrollwrap");
  wrap.scrollTop = Math.max(0, wrap.scrollHeight - wrap.clientHeight - 200);
  requestAnimationFrame(() => requestAnimationFrame(done));
})"""
SCROLL_TO_END = "() => { const wrap = document.querySelector('.md-search__scrollwrap'); wrap.scrollTop = wrap.scrollHeight; }"

# Every result group as the reader sees it: the page link first, then its sections.
SEARCH_RESULTS = """() => [...document.querySelectorAll(".md-search-result__item")].map(item => ({
  links: [...item.querySelectorAll("a.md-search-result__link")].map(a => a.href),
  title: item.querySelector("h1, h2").textContent,
  text: item.textContent,
  marks: [...item.querySelectorAll("mark")].map(m => m.textContent),
}))"""


def search(page, query: str) -> list[dict]:
    """Type `query` into the search box of the open page and return every result group once the worker
    has answered and all of them are drawn (Material draws ten, then more as the list is scrolled)."""
    box = page.locator("input.md-search__input")
    box.click()  # opens the search; from file:// this is what starts the worker
    if box.input_value():
        box.fill("")
        box.press("End")  # the keyup makes Material send the empty query
    page.wait_for_function(SEARCH_READY)
    box.fill(query)
    box.press("End")
    page.wait_for_function(SEARCH_ANSWERED)
    state = page.evaluate(SEARCH_LINE)
    while state["shown"] < state["total"]:
        # Material draws four more each time the list's end comes into view: leave the end (one frame
        # for Material to notice), then reach it again.
        page.evaluate(SCROLL_UP_A_LITTLE)
        page.evaluate(SCROLL_TO_END)
        page.wait_for_function(SEARCH_MORE_SHOWN, arg=state["shown"])
        state = page.evaluate(SEARCH_LINE)
    return page.evaluate(SEARCH_RESULTS)
