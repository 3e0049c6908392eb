"""How problems are reported and what a failed build leaves behind. The corpus of broken input (one
case per kind of breakage, each checked through `validate` and `mkdocs build`) is in test_bad_input.py."""

from __future__ import annotations

import pytest

from conftest import run
from test_bad_input import CASES, S1, S2, assert_reported


def test_all_problems_are_reported_together(project):
    """Broken references in three files, one run: every problem is listed, each naming both sides."""
    names = ("dangling-source", "dangling-session", "dangling-term", "session-number-not-file-name")
    expected = [CASES[name].apply(project) for name in names]
    result = run(["-m", "handbook", "--root", str(project), "validate"], cwd=project)
    assert result.returncode == 1
    for problem in expected:
        assert_reported(result.stderr, problem)
    assert f"{len(names)} problems found; nothing was built" in result.stderr


def test_cross_file_checks_wait_until_every_file_loads(project):
    """A file the schema refuses is reported alone: references are only checked between files that load,
    so no problem is reported that fixing the first one would make disappear."""
    expected = [CASES[name].apply(project) for name in ("unknown-key", "dangling-source")]
    result = run(["-m", "handbook", "--root", str(project), "validate"], cwd=project)
    assert result.returncode != 0
    assert_reported(result.stderr, expected[0])
    assert "1 problem found; nothing was built" in result.stderr


def test_schema_problems_from_several_files_are_reported_together(project):
    for name in ("word-for-number", "unknown-key", "nul-character"):
        CASES[name].apply(project)
    result = run(["-m", "handbook", "--root", str(project), "validate"], cwd=project)
    assert result.returncode == 1
    assert S1 in result.stderr and S2 in result.stderr and "session-4.yml" in result.stderr
    assert "3 problems found" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.build
def test_handbook_build_keeps_the_previous_site(project):
    first = run(["-m", "handbook", "--root", str(project), "build"], cwd=project)
    assert first.returncode == 0, first.stderr[-3000:]
    index = project / "site" / "index.html"
    before = index.read_bytes()
    expected = CASES["dangling-source"].apply(project)
    second = run(["-m", "handbook", "--root", str(project), "build"], cwd=project)
    assert second.returncode != 0
    assert_reported(second.stderr, expected)
    assert index.read_bytes() == before
    assert not [p for p in project.iterdir() if p.name.startswith(".site-")], "staging folder left behind"
