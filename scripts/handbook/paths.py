"""The project root: the folder holding mkdocs.yml and curriculum/."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """HANDBOOK_ROOT if set (tests use fixture projects), else the nearest folder with mkdocs.yml."""
    if os.environ.get("HANDBOOK_ROOT"):
        return Path(os.environ["HANDBOOK_ROOT"]).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").exists() and (folder / "curriculum").is_dir():
            return folder
    return Path(__file__).resolve().parents[2]
