"""Debian's chromium driven by Playwright's Python package (never a downloaded browser), with a guard that
blocks and records every request to a host other than this machine. Used by the tests and the benchmark."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator

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
