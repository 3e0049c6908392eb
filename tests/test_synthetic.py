"""The benchmark's 10× curriculum: generated from the real files, it passes the same validation."""

from __future__ import annotations

import pytest

from handbook.views import pages
from handbook.content.curriculum import load_curriculum
from handbook.bench.synthetic import TEN_TIMES, make_synthetic_project

from conftest import ROOT


@pytest.mark.slow  # validates 250 files: a minute, so make test-fast leaves it to make test
def test_ten_times_curriculum_validates_with_the_promised_counts(tmp_path):
    counts = make_synthetic_project(ROOT, tmp_path / "synthetic")
    curriculum = load_curriculum(tmp_path / "synthetic")  # schema and every cross-file check; raises on any problem

    assert (len(curriculum.sessions), len(curriculum.cases), len(curriculum.worksheets)) == (50, 100, 100)
    assert (counts.sessions, counts.cases, counts.worksheets, counts.guides) == (50, 100, 100, 50)
    assert TEN_TIMES == {"sessions": 50, "cases": 100, "worksheets": 100}
    assert [s.number for s in curriculum.sessions] == list(range(1, 51))
    assert len({w.code for w in curriculum.worksheets}) == 100
    # Each copy is one YAML file; its page comes with it, in the curriculum's order.
    sessions = [page.id for page in pages.entity_pages(curriculum) if page.kind == "session"]
    guides = [page.id for page in pages.entity_pages(curriculum) if page.kind == "guide"]
    assert sessions == guides == [f"session-{n}" for n in range(1, 51)]
    # Copies are spread over the added sessions, so later session pages list worksheets and cases too.
    assert curriculum.worksheets_for("session-12")
    assert any("session-17" in case.related_sessions for case in curriculum.cases)
    # The real project is left alone.
    assert len(load_curriculum(ROOT).sessions) == 5
