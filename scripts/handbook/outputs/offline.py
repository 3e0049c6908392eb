"""The closed-network edition (`make offline`): the whole handbook, both languages, as one zip that
works when unzipped and opened from file:// on a terminal that reaches no other host (LGWAN).

Built by MkDocs itself with Material's offline plugin switched on (HANDBOOK_OFFLINE=true): pages get
file URLs (…/session-1.html), the search index is loaded as a script per language, and the
iframe-worker shim that runs search from file:// is the vendored copy (site_hooks.vendored_polyfills).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .. import settings
from ..content.curriculum import load_curriculum
from .edition import edition_date, stamp, version
from ..qa.linkcheck import site_url_from_config
from ..views.pages import DEFAULT_LANGUAGE, LANGUAGES, PUBLIC_ADDRESS_UNSET, public_address
from ..views.render import Renderer
from .reproducible import source_date_epoch, write_zip

# The one folder inside the zip; people unzip it and open its index.html.
EDITION_FOLDER = "chiiki-zukuri-handbook"
START_FILE = "README.txt"  # ASCII name: older zip tools garble non-ASCII names


class OfflineBuildError(Exception):
    pass


def zip_name(root: Path) -> str:
    return f"{EDITION_FOLDER}-offline-{version(root)}-{edition_date(root)}.zip"


def build_site(root: Path, site_dir: Path) -> None:
    """Build the closed-network edition into `site_dir` (mkdocs build --strict, offline plugin on)."""
    env = {**os.environ, settings.OFFLINE: "true", "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site_dir)],
                            cwd=root, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise OfflineBuildError(result.stderr.strip() or result.stdout.strip() or "mkdocs build failed")


def web_address(root: Path) -> str | None:
    """The web edition's public address (HANDBOOK_PUBLIC_URL or site_url), as the build inside used it."""
    return public_address(site_url_from_config(root / "mkdocs.yml"))


def write_start_file(root: Path, site_dir: Path) -> None:
    """How to open the edition, in every language (a text file: readable before anything is opened);
    it names the web edition's address only when one is set."""
    renderer = Renderer(root, load_curriculum(root), directory_urls=False)
    text = renderer.render_document("offline_readme.txt", lang=DEFAULT_LANGUAGE, page_url="", edition=stamp(root),
                                    folder=EDITION_FOLDER, labels=[renderer.labels_in(lang) for lang in LANGUAGES],
                                    web_address=web_address(root))
    # A byte order mark, so Windows Notepad of any age shows the Japanese text as UTF-8.
    (site_dir / START_FILE).write_text("\ufeff" + text.strip().replace("\n", "\r\n") + "\r\n", encoding="utf-8")


def build(root: Path, dist_dir: Path) -> Path:
    """Build the edition and write its zip into `dist_dir`; returns the zip's path.
    Nothing is written into dist_dir unless the build succeeded."""
    dist_dir.mkdir(parents=True, exist_ok=True)
    if web_address(root) is None:
        print(PUBLIC_ADDRESS_UNSET, file=sys.stderr)  # the build inside runs quietly
    with tempfile.TemporaryDirectory(prefix="offline-") as tmp:
        site_dir = Path(tmp) / EDITION_FOLDER
        build_site(root, site_dir)
        write_start_file(root, site_dir)
        staged = Path(tmp) / "edition.zip"
        write_zip(site_dir, staged, prefix=EDITION_FOLDER, epoch=source_date_epoch(root))
        target = dist_dir / zip_name(root)
        shutil.move(staged, target)
    return target
