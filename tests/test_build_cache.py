"""What the build keeps between runs (.cache/curriculum, .cache/jinja) never hides an edit or an error."""

from __future__ import annotations

import pytest
import yaml

from conftest import build_site

pytestmark = pytest.mark.build


@pytest.fixture
def fast_files(monkeypatch):
    monkeypatch.setenv("HANDBOOK_DOWNLOADS", "0")  # pages only: this is about the curriculum and templates


def test_an_edit_shows_up_in_the_next_build(project, tmp_path, fast_files):
    first = build_site(project, tmp_path / "first")
    assert first.returncode == 0, first.stderr[-3000:]
    assert list((project / ".cache" / "curriculum").glob("*.pickle")), "the validated curriculum is cached"
    assert any((project / ".cache" / "jinja").iterdir()), "compiled templates are cached"

    session = project / "curriculum" / "sessions" / "session-2.yml"
    title = yaml.safe_load(session.read_text(encoding="utf-8"))["title"]["ja"]
    session.write_text(session.read_text(encoding="utf-8").replace(title, f"{title}（改訂）", 1), encoding="utf-8")
    template = project / "overrides" / "handbook" / "session.html"
    template.write_text(template.read_text(encoding="utf-8") + "\n<p class=\"hb-cache-probe\">probe</p>\n", encoding="utf-8")
    second = build_site(project, tmp_path / "second")
    assert second.returncode == 0, second.stderr[-3000:]
    page = (tmp_path / "second" / "program" / "session-2" / "index.html").read_text(encoding="utf-8")
    assert f"{title}（改訂）" in page
    assert 'class="hb-cache-probe"' in page


def test_a_broken_file_fails_even_after_a_cached_build(project, tmp_path, fast_files):
    assert build_site(project, tmp_path / "first").returncode == 0
    session = project / "curriculum" / "sessions" / "session-2.yml"
    session.write_text(session.read_text(encoding="utf-8").replace("source: I-3", "source: I-99", 1), encoding="utf-8")
    result = build_site(project, tmp_path / "second")
    assert result.returncode != 0
    assert "session-2.yml" in result.stderr and "I-99" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "second" / "index.html").exists()
