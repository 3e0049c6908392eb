"""The project root: the folder holding mkdocs.yml and curriculum/."""

from __future__ import annotations

import shutil
from pathlib import Path

# What a build needs from the project; a copy of these builds like the original.
PROJECT_PARTS = ("curriculum", "docs", "overrides", "mkdocs.yml", "pyproject.toml")


def project_root() -> Path:
    """HANDBOOK_ROOT if set (tests use fixture projects), else the nearest folder with mkdocs.yml."""
    from .settings import current

    if current().root:
        return current().root
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").exists() and (folder / "curriculum").is_dir():
            return folder
    return Path(__file__).resolve().parents[2]


def copy_project(root: Path, destination: Path) -> Path:
    """A buildable copy of the project in `destination` (no site/, no .cache/): for tests that break
    things and for the benchmark. The handbook package itself is on the venv's path."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = root / part
        if source.is_dir():
            shutil.copytree(source, destination / part)
        else:
            shutil.copy2(source, destination / part)
    (destination / "scripts").mkdir(exist_ok=True)  # mkdocs.yml watches scripts/ and loads its hooks file
    shutil.copy2(root / "scripts" / "mkdocs_hooks.py", destination / "scripts" / "mkdocs_hooks.py")
    return destination
