"""The edition printed on every page, PDF and Word file and in the offline zip's name: the handbook's
version (pyproject.toml, the one place it is set) and the date of its last commit."""

from __future__ import annotations

import tomllib
from datetime import datetime, timezone
from pathlib import Path

from .reproducible import source_date_epoch


def version(root: Path) -> str:
    with (root / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)["project"]["version"]


def edition_date(root: Path) -> str:
    """The UTC date of SOURCE_DATE_EPOCH, else of the last commit, else today. One clock for both, so a
    build with SOURCE_DATE_EPOCH exported and one without print the same date."""
    return datetime.fromtimestamp(source_date_epoch(root), tz=timezone.utc).date().isoformat()


def edition_epoch(edition: str) -> int:
    """The time stored in files dated by the edition (Word properties, zip entries): its midnight, UTC."""
    return int(datetime.fromisoformat(edition).replace(tzinfo=timezone.utc).timestamp())


def format_stamp(version: str, date: str) -> str:
    """'0.1.0 (2026-11-27)': what a reader quotes to say which printing they hold."""
    return f"{version} ({date})"


def stamp(root: Path) -> str:
    return format_stamp(version(root), edition_date(root))
