"""The browser and the local server the tests use: handbook.browser (Debian's chromium, the required
flags, a guard against every other host)."""

from handbook.browser import CHROMIUM, LAUNCH_ARGS, chromium, serve

__all__ = ["CHROMIUM", "LAUNCH_ARGS", "chromium", "serve"]
