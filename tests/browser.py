"""The browser and the local server the tests use: handbook.qa.browser (Debian's chromium, the required
flags, a guard against every other host)."""

from handbook.qa.browser import CHROMIUM, DESKTOP, LAUNCH_ARGS, PHONE, chromium, search, serve, settle

__all__ = ["CHROMIUM", "DESKTOP", "LAUNCH_ARGS", "PHONE", "chromium", "search", "serve", "settle"]
