"""The edition printed on every page, PDF and Word file and in the offline zip's name: the handbook's
version (pyproject.toml, the one place it is set) and the date of its last commit."""

from __future__ import annotations

import tomllib
from pathlib import Path

from .downloads import edition_date


def version(root: Path) -> str:
    with (root / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)["project"]["version"]


def stamp(root: Path) -> str:
    """'0.1.0 (2026-11-27)': what a reader quotes to say which printing they hold."""
    return f"{version(root)} ({edition_date(root)})"
