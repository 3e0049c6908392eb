"""Shared fixtures: the real site built once, and throw-away copies of the project."""

from __future__ import annotations

import fcntl
import functools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


# The layers. `make test-fast` runs `-m "not build and not browser and not slow"`: no site build, no mkdocs process and no
# browser. A test is in the full layer when it (or a fixture it uses) builds the site or opens Chromium: by
# these fixtures, or by a `build` / `browser` mark on the test or its module.
BUILD_FIXTURES = {"site", "site_page", "broken_project", "edited_build", "edited_site", "published", "edition_zip", "unzipped"}
BROWSER_FIXTURES = {"chromium_browser", "guarded_context", "site_page", "browser_page", "offline_page", "planner_page"}


# The order in which `make test`'s workers (pytest-xdist, --dist loadfile) take the test files: the longest first
# (as measured with `pytest --durations`), so the workers finish together. Each worker takes two files at the start
# (the first worker the 1st and 3rd, the second the 2nd and 4th), so the two axe passes over every page
# (test_accessibility*.py) start on different workers, and the second worker begins with files that build their
# own project copies instead of waiting for the shared site. Files not listed follow in name order.
LONGEST_FIRST = ["test_accessibility.py", "test_reproducible.py", "test_serve.py", "test_accessibility_en.py", "test_i18n.py",
                 "test_diagrams.py", "test_search_quality.py", "test_bad_input.py", "test_announce.py", "test_build_cache.py",
                 "test_published_urls.py", "test_validation.py", "test_offline.py"]


def _file_rank(item) -> tuple[int, str]:
    name = item.path.name
    return (LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST), name)


def pytest_collection_modifyitems(items):
    items.sort(key=_file_rank)  # stable: the tests of a file keep their order
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & BUILD_FIXTURES:
            item.add_marker(pytest.mark.build)
        if fixtures & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)


def _edition_epoch() -> str:
    """The real project's edition time (SOURCE_DATE_EPOCH if exported, else its last commit)."""
    from handbook.outputs.reproducible import source_date_epoch

    return str(source_date_epoch(ROOT))


def run(args: list[str], cwd: Path, extra_env: dict[str, str] | None = None, **kwargs) -> subprocess.CompletedProcess:
    # The default build is built as shipped: a public address exported in the shell must not leak in.
    env = {key: value for key, value in os.environ.items() if key != "HANDBOOK_PUBLIC_URL"}
    # Print packs and the book (minutes of WeasyPrint per build) are made by the shared `site` build only;
    # a project copy that a test breaks or moves needs them only when the test says so.
    # Copies (outside git) would date their edition today; pinned to the real edition, their PDFs and Word files
    # are the real ones, so all builds share the real download cache (keyed by content) and only what a test
    # changed is generated again. A test that needs a cold cache passes HANDBOOK_DOWNLOAD_CACHE="".
    env = {**env, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "HANDBOOK_PRINT_PACKS": "0",
           "SOURCE_DATE_EPOCH": env.get("SOURCE_DATE_EPOCH") or _edition_epoch(),
           "HANDBOOK_DOWNLOAD_CACHE": str(ROOT / ".cache" / "downloads"), **(extra_env or {})}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, **kwargs)


def build_site(project: Path, site_dir: Path, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return run(["-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)], cwd=project, extra_env=extra_env)


def shared_folder(tmp_path_factory) -> Path:
    """A folder every worker of this test run sees: pytest-xdist (make test runs `-n`) gives each worker its own
    base folder inside the run's."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real handbook, built once per test run with --strict: by the first worker that needs it; the others
    wait at the lock until it is done (readiness, not a timeout) and share it."""
    shared = shared_folder(tmp_path_factory)
    target, outcome = shared / "site", shared / "site-build.json"
    with open(shared / "site-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed, also if this worker fails
        if not outcome.exists():
            result = build_site(ROOT, target, extra_env={"HANDBOOK_PRINT_PACKS": "1"})  # as shipped: with packs and books
            outcome.write_text(json.dumps({"returncode": result.returncode, "stderr": result.stderr[-4000:]}), encoding="utf-8")
    built = json.loads(outcome.read_text(encoding="utf-8"))
    assert built["returncode"] == 0, built["stderr"]
    return target


def copy_project(destination: Path) -> Path:
    """A copy of this project that a test may break (handbook.paths.copy_project)."""
    from handbook.paths import copy_project as copy

    return copy(ROOT, destination)


@pytest.fixture(scope="session")
def chromium_browser():
    """The test session's one Chromium (Debian's, the required flags, a fresh user-data-dir), launched when
    the first browser test needs it; tests open their pages in contexts of it (`guarded_context`)."""
    from browser import launch

    with launch() as browser:
        yield browser


@pytest.fixture(scope="session")
def guarded_context(chromium_browser):
    """`with guarded_context(**options) as context:` a new context of the session's Chromium — its own
    cookies, storage and viewport — whose requests to any other host are blocked and listed in
    `context.external_requests` (each module or test asserts that list is empty)."""
    from browser import guarded

    return functools.partial(guarded, chromium_browser)


@pytest.fixture(scope="module")
def site_page(site, guarded_context):
    """One Chromium page on the built site served at localhost; no request may leave the machine."""
    from browser import serve

    with serve(site) as base_url, guarded_context() as context:
        page = context.new_page()
        page.base_url = base_url
        yield page
        assert context.external_requests == [], context.external_requests


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project that a test may break."""
    return copy_project(tmp_path / "project")
