"""Broken curriculum input: one clear `file:line: field: message` per problem, exit ≠ 0,
no traceback, and nothing built."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import build_site, run


@dataclass
class Breakage:
    file: str  # relative to the project
    old: str
    new: str
    marker: str  # text on the line the message must point at (after the edit)
    field: str
    message: str  # a fragment of the message
    line_offset: int = 0  # the parser notices some errors a line later

    def apply(self, project: Path) -> int:
        path = project / self.file
        text = path.read_text(encoding="utf-8")
        assert self.old in text, f"fixture out of date: {self.old!r} not in {self.file}"
        text = text.replace(self.old, self.new, 1)
        path.write_text(text, encoding="utf-8")
        for number, line in enumerate(text.splitlines(), start=1):
            if self.marker in line:
                return number + self.line_offset
        raise AssertionError(f"marker {self.marker!r} not found")


S1 = "curriculum/sessions/session-1.yml"
S2 = "curriculum/sessions/session-2.yml"
GLOSSARY = "curriculum/glossary.yml"
CASE = "curriculum/cases/isolated-older-residents.yml"

BREAKAGES = {
    "yaml-syntax": Breakage(S1, "number: 1\n", "number: 1\nresults: [unclosed\n", "results: [unclosed", "", "YAML syntax error", line_offset=1),
    "tab-indent": Breakage(S1, "\n  - ja: 地域包括ケアの意義", "\n\t- ja: 地域包括ケアの意義", "\t- ja", "", "YAML"),
    # A missing field is reported at the start of the mapping that lacks it.
    "missing-field": Breakage(S2, "number: 2\n", "numbr: 2\n", "id: session-2", "number", "Field required"),
    "wrong-type": Breakage(S2, "number: 2\n", "number: two\n", "number: two", "number", "valid integer"),
    "unknown-key": Breakage(S1, "number: 1\n", "number: 1\ncolour: red\n", "colour: red", "colour", "unknown key"),
    "duplicate-key": Breakage(S1, "number: 1\n", "number: 1\nnumber: 7\n", "number: 7", "number", "duplicate key (first defined on line"),
    "empty-japanese": Breakage(S1, "  - ja: 地域包括ケアの意義", '  - ja: ""', 'ja: ""', "contents.0.ja", "at least 1 character"),
    "duplicate-id-in-list": Breakage(GLOSSARY, "  - id: kyogitai\n", "  - id: kyogitai\n    reading: x\n", "reading: x", "", ""),
    "id-not-file-name": Breakage(S1, "id: session-1\n", "id: session-one\n", "id: session-one", "id", "does not match the file name"),
    "dangling-source": Breakage(CASE, "source: I-1\n", "source: I-9\n", "source: I-9", "source", "unknown source 'I-9'"),
    "dangling-session": Breakage(CASE, "  - session-3\n", "  - session-9\n", "- session-9", "related_sessions.1", "unknown session 'session-9'"),
    "dangling-term": Breakage(GLOSSARY, "see_also: [chiiki-shien-jigyo, seibi-jigyo,", "see_also: [no-such-term, seibi-jigyo,", "no-such-term", "", "unknown term 'no-such-term'"),
    "misspelt-key-in-list-item": Breakage(GLOSSARY, "    definition:\n      ja: 市町村が地域支援事業の一つとして行う", "    definitio:\n      ja: 市町村が地域支援事業の一つとして行う", "definitio:", "", "unknown key"),
    "missing-schema-pointer": Breakage(S1, "# yaml-language-server: $schema=../schema/session.schema.json\n", "", "id: session-1", "", "point editors at the schema"),
}


def _marker_line(project: Path, breakage: Breakage) -> int:
    return breakage.apply(project)


@pytest.fixture(params=sorted(BREAKAGES), ids=sorted(BREAKAGES))
def broken(request, project):
    breakage = BREAKAGES[request.param]
    if request.param == "duplicate-id-in-list":
        return project, _duplicate_glossary_id(project)
    if request.param == "missing-schema-pointer":
        breakage.apply(project)
        return project, (breakage.file, 1, "", breakage.message)
    line = breakage.apply(project)
    return project, (breakage.file, line, breakage.field, breakage.message)


def _duplicate_glossary_id(project: Path):
    """Copy the first term under the same id: the second copy is the duplicate."""
    path = project / GLOSSARY
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("  - id: "))
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("  - id: "))
    term_id = lines[start].split(":", 1)[1].strip()
    lines[end:end] = lines[start:end]
    path.write_text("".join(lines), encoding="utf-8")
    return GLOSSARY, end + 1, "", f"duplicate id '{term_id}'"


def assert_reported(output: str, expected) -> None:
    file, line, field, message = expected
    assert "Traceback" not in output, output
    pattern = re.compile(rf"^{re.escape(file)}:{line}: (\S*): (.*)$", re.M)
    matches = [m for m in pattern.finditer(output) if message in m.group(2)]
    assert matches, f"expected {file}:{line}: … {message!r} in:\n{output}"
    if field:
        assert any(m.group(1) == field for m in matches), f"expected field {field!r} in:\n{output}"
    assert any("hint:" in m.group(2) for m in matches), "every message carries a hint"


def test_validate_command_reports_the_problem(broken):
    project, expected = broken
    result = run(["-m", "handbook", "--root", str(project), "validate"], cwd=project)
    assert result.returncode != 0
    assert result.stdout == ""
    assert_reported(result.stderr, expected)


def test_build_fails_cleanly_and_writes_nothing(broken):
    project, expected = broken
    site_dir = project / "out"
    result = build_site(project, site_dir)
    assert result.returncode != 0
    assert_reported(result.stderr + result.stdout, expected)
    assert not site_dir.exists(), "a failed build must not write the site"


def test_all_problems_are_reported_together(project):
    lines = [BREAKAGES[name].apply(project) for name in ("unknown-key", "dangling-source")]
    result = run(["-m", "handbook", "--root", str(project), "validate"], cwd=project)
    # unknown-key stops session-1 at the schema stage; the dangling source is a cross-file check,
    # which only runs when every file loads. Both files are still named.
    assert result.returncode != 0
    assert f"{S1}:{lines[0]}: colour: unknown key" in result.stderr


def test_schema_and_cross_file_problems_from_several_files(project):
    BREAKAGES["wrong-type"].apply(project)
    BREAKAGES["unknown-key"].apply(project)
    result = run(["-m", "handbook", "--root", str(project), "validate"], cwd=project)
    assert S1 in result.stderr and S2 in result.stderr
    assert "2 problems found" in result.stderr


def test_handbook_build_keeps_the_previous_site(project):
    first = run(["-m", "handbook", "--root", str(project), "build"], cwd=project)
    assert first.returncode == 0, first.stderr[-3000:]
    index = project / "site" / "index.html"
    before = index.read_bytes()
    BREAKAGES["dangling-source"].apply(project)
    second = run(["-m", "handbook", "--root", str(project), "build"], cwd=project)
    assert second.returncode != 0
    assert index.read_bytes() == before
    assert not [p for p in project.iterdir() if p.name.startswith(".site-")], "staging folder left behind"


def test_yaml_text_is_shown_literally_never_executed(project, tmp_path):
    """HTML, script and Jinja inside YAML text appear as text on the page."""
    hostile = '<script>alert(1)</script> {{ 7*7 }} {% if true %}x{% endif %} **bold** <b>b</b>'
    Breakage(S1, "  - ja: 地域包括ケアの意義", f"  - ja: '{hostile}'", "alert", "", "").apply(project)
    result = build_site(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr[-3000:]
    html = (tmp_path / "out" / "program" / "session-1" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html and "49" not in html.split("alert(1)")[1][:200]
    assert "{% if true %}x{% endif %}" in html
    assert "<b>b</b>" not in html
    assert 'content="第1回 地域づくり総論：&lt;script&gt;' in html  # the page description too
