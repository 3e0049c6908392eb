"""The browser and the local server the tests use: handbook.qa.browser (Debian's chromium, the required
flags, a guard against every other host). One launch per test session: conftest's `chromium_browser`."""

from handbook.qa.browser import CHROMIUM, DESKTOP, LAUNCH_ARGS, PHONE, guarded, launch, search, serve, settle

__all__ = ["CHROMIUM", "DESKTOP", "LAUNCH_ARGS", "PHONE", "guarded", "launch", "search", "serve", "settle"]
