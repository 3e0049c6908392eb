"""Debian's chromium driven by Playwright's Python package (never a downloaded browser), with a guard that
blocks and records every request to a host other than this machine, and a local static server for a built
site. Used by the tests and the benchmark."""

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


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A fresh persistent context in a new user-data-dir; only localhost traffic is allowed."""
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    try:
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
            )
            external: list[str] = []

            def guard(route):
                url = route.request.url
                if url.startswith(LOCAL):
                    route.continue_()
                else:
                    external.append(url)
                    route.abort()

            context.route("**/*", guard)
            context.external_requests = external
            try:
                yield context
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
