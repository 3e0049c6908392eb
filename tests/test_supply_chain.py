"""The environment the tests run in is exactly the pinned one: nothing installed that requirements do not pin."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned() -> dict[str, str]:
    pins: dict[str, str] = {}
    for file in ("requirements.txt", "requirements-test.txt"):
        for line in (ROOT / file).read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if not line or line.startswith("-r"):
                continue
            name, separator, version = line.partition("==")
            assert separator, f"{file}: {line}: not pinned to an exact version (hint: write {line}==<version>)"
            pins[normalise(name)] = version
    return pins


def installed() -> dict[str, str]:
    freeze = subprocess.run([sys.executable, "-m", "pip", "freeze", "--all", "--exclude-editable"],
                            capture_output=True, text=True, check=True).stdout
    packages = {}
    for line in freeze.splitlines():
        name, separator, version = line.partition("==")
        if separator:
            packages[normalise(name)] = version
    # pip and setuptools come with the virtual environment itself, not from the requirements; the handbook
    # package itself is the one editable install (--exclude-editable).
    return {name: version for name, version in packages.items() if name not in {"pip", "setuptools"}}


def test_every_installed_package_is_pinned_at_its_installed_version():
    pins = pinned()
    unpinned = {name: version for name, version in installed().items() if name not in pins}
    assert not unpinned, f"installed but not pinned (hint: add to requirements.txt): {unpinned}"
    drifted = {name: (pins[name], version) for name, version in installed().items()
               if name in pins and pins[name] != version}
    assert not drifted, f"pinned version ≠ installed (pinned, installed): {drifted}"


def test_every_pin_is_installed():
    missing = sorted(set(pinned()) - set(installed()))
    assert not missing, f"pinned but not installed: {missing}"
