"""The curriculum as the site builds it: loaded and checked once for the Japanese and English builds of one run, kept
on disk for the next run, and loaded again (with the package reloaded) when `mkdocs serve` sees an edit to either."""

from __future__ import annotations

import hashlib
import importlib
import os
import pickle
import sys
from pathlib import Path

from ..content.curriculum import Curriculum, load_curriculum

# Reloaded when the package changed, so `mkdocs serve` picks up edits to it (dependency order).
RELOAD = ("content.problems", "content.yamlsource", "content.folding", "content.models", "views.pages", "views.collation",
          "content.curriculum", "content.checks", "content.loader", "views.render", "views.announce", "views.planner",
          "views.build", "outputs.reproducible", "outputs.edition", "outputs.downloads", "qa.parity")
# Across builds: what the package and curriculum/ looked like, and the curriculum loaded from them.
_loaded: dict = {}
# Within one run (the Japanese and the English build): each folder's digest, made once. The hooks ask for the
# curriculum eight times a run, and reading every YAML file again each time was a hundredth of a large build.
_digests: dict[tuple[Path, tuple[str, ...]], str] = {}


def new_run() -> None:
    """A run (`mkdocs build`, or one rebuild of `mkdocs serve`) starts: the files are looked at again."""
    _digests.clear()


def _digest(folder: Path, patterns: tuple[str, ...]) -> str:
    """sha256 of the names and bytes of the files below `folder` that match `patterns` (once per run)."""
    key = (folder.resolve(), patterns)
    if key not in _digests:
        digest = hashlib.sha256()
        for path in sorted(p for pattern in patterns for p in folder.glob(pattern)):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
        _digests[key] = digest.hexdigest()
    return _digests[key]


def _package_digest() -> str:
    return _digest(Path(__file__).parents[1], ("**/*.py", "**/*.yml"))


def code_digest(root: Path) -> str:
    """The package and the templates (once per run): what turns the same inputs into a generated file."""
    return _package_digest() + _digest(root / "overrides", ("**/*.html", "**/*.css", "**/*.txt"))


def reload_package_if_changed() -> None:
    package = _package_digest()
    if "package" in _loaded and _loaded["package"] != package:
        for name in RELOAD:
            module = sys.modules.get(f"handbook.{name}")
            if module is not None:
                importlib.reload(module)
        _loaded.clear()
    _loaded["package"] = package


def cached_curriculum(root: Path) -> Curriculum:
    """The validated curriculum: kept in memory for the next language build, and on disk
    (.cache/curriculum/) for the next build, keyed by the bytes of every YAML file and of the package
    that reads them, so any edit to either loads and checks everything again."""
    if "package" not in _loaded:
        reload_package_if_changed()
    key = hashlib.sha256((_digest(root / "curriculum", ("**/*.yml",)) + _loaded["package"]).encode()).hexdigest()
    if _loaded.get("curriculum_key") == key:
        return _loaded["curriculum"]
    stored = root / ".cache" / "curriculum" / f"{key}.pickle"
    try:
        curriculum = pickle.loads(stored.read_bytes())
    except (OSError, EOFError, ImportError, AttributeError, TypeError, ValueError, pickle.UnpicklingError):
        curriculum = load_curriculum(root)  # raises CurriculumError; nothing is kept then
        try:
            data = pickle.dumps(curriculum)
        except (pickle.PicklingError, TypeError, AttributeError):
            # After `mkdocs serve` reloaded the package, pydantic may still hand out its first classes;
            # the next fresh process stores the cache instead.
            data = None
        if data is not None:
            stored.parent.mkdir(parents=True, exist_ok=True)
            for old in stored.parent.glob("*.pickle"):
                old.unlink(missing_ok=True)  # another build (tests run several at once) may have removed it already
            # One temporary name per process: builds of one project may run at the same time (tests).
            temporary = stored.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_bytes(data)
            temporary.replace(stored)
    _loaded["curriculum"], _loaded["curriculum_key"] = curriculum, key
    return curriculum


def last_curriculum() -> Curriculum | None:
    """The curriculum the last build loaded (None before any loaded): under `mkdocs serve`, a rebuild whose YAML
    has problems keeps the pages it had, each showing the problems."""
    return _loaded.get("curriculum")
