"""A corpus of broken curriculum input, one entry per case: each is a mutation of a real file and the one
`file:line: field: message (hint: …)` line it must produce — through `python -m handbook validate` and
`mkdocs build --strict` alike, with exit ≠ 0, no traceback and no site written.

Every case runs in-process through the CLI's own `main` (fast, and it must report exactly one problem);
the cases are then packed into a few broken projects (one case per file, so their problems are independent)
that go through the real `validate` and `mkdocs build` processes.

What is legal text (HTML, <script>, Jinja, half-width kana, tabs and zero-width spaces inside text) is built
once at the end of this file and read back from the HTML, the PDF, the Word file and a real browser. The same
build has a new YAML file of each kind (a session with its guide, a case, a worksheet) and one file removed:
each page follows its file, in both languages and in the navigation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, build_site, copy_project, run
from handbook import cli

S1, S2, S3, S4, S5 = (f"curriculum/sessions/session-{n}.yml" for n in range(1, 6))
G2, G3, G4, G5 = (f"curriculum/guides/session-{n}.yml" for n in range(2, 6))
GLOSSARY = "curriculum/glossary.yml"
SOURCES = "curriculum/sources.yml"
BACKGROUND = "curriculum/background.yml"
PROGRAM = "curriculum/program.yml"
CYCLE = "curriculum/operating-cycle.yml"
GROWTH = "curriculum/growth-steps.yml"
ACCOMPANIMENT = "curriculum/accompaniment.yml"
ACCOMPANIMENT_GUIDE = "curriculum/accompaniment-guide.yml"
WAY_FORWARD = "curriculum/way-forward.yml"
ISOLATED = "curriculum/cases/isolated-older-residents.yml"
NAGANO = "curriculum/cases/nagano-prefecture.yml"
VILLAGE = "curriculum/cases/village-a.yml"
ENTRY_SHEET = "curriculum/worksheets/entry-sheet.yml"
KIZUKI = "curriculum/worksheets/kizuki-sheet.yml"
ROADMAP = "curriculum/worksheets/roadmap.yml"


def line_of(file: str, line: str) -> int:
    """Where `line` first is in a file of the project (so an editor's new line above never breaks a case)."""
    return (ROOT / file).read_text(encoding="utf-8").splitlines().index(line) + 1


VISIT_RECORD = "curriculum/worksheets/visit-record.yml"
HAPPINESS = "curriculum/worksheets/happiness-work.yml"
ISSUE_WORK = "curriculum/worksheets/issue-work.yml"
CASE_ANALYSIS = "curriculum/worksheets/case-analysis.yml"
PRE_ASSIGNMENT_2 = "curriculum/worksheets/pre-assignment-2.yml"
COMMUNICATION_PLAN = "curriculum/worksheets/communication-plan.yml"
G1 = "curriculum/guides/session-1.yml"
SESSION_QUESTIONNAIRE = "curriculum/worksheets/session-questionnaire.yml"

HUGE = "あ" * 100_000


@dataclass(frozen=True)
class Case:
    """Replace `old` by `new` in `file`; the problem is reported on the line holding `marker` (+ line_offset)."""

    file: str
    old: str
    new: str
    marker: str
    field: str  # "" for problems of the whole file (syntax); shown as "(file)"
    message: str  # a fragment of the message
    hint: str = ""  # a fragment of the hint (every problem has one)
    line_offset: int = 0  # the parser notices some errors a line later
    check: bool = False  # a cross-file check: it runs only when every file loads
    encoding: str = "utf-8"

    def apply(self, project: Path) -> tuple[str, int, str, str, str]:
        path = project / self.file
        text = path.read_text(encoding="utf-8")
        assert self.old in text, f"fixture out of date: {self.old!r} not in {self.file}"
        text = text.replace(self.old, self.new, 1)
        path.write_bytes(text.encode(self.encoding, errors="replace"))
        line = next((n for n, content in enumerate(text.split("\n"), 1) if self.marker in content), None)
        assert line is not None, f"marker {self.marker!r} not found"
        return self.file, line + self.line_offset, self.field or "(file)", self.message, self.hint


# name: the mutation and the one problem it must produce. Grouped by the issue's categories.
CASES = {
    # YAML syntax
    "unclosed-bracket": Case(S1, "number: 1\n", "number: 1\nresults: [unclosed\n", "results: [unclosed", "", "YAML syntax error", line_offset=1),
    "colon-in-plain-text": Case(ISOLATED, "summary:\n  ja: ", "summary:\n  ja: 目的と手段: ", "目的と手段", "", "mapping values are not allowed", "put the whole text in quotes"),
    "anchor-and-alias": Case(WAY_FORWARD, "source: intro-5\n", "source: &s intro-5\nalso: *s\n", "&s intro-5", "", "anchors and aliases", "write the value out"),
    "python-object-tag": Case(ACCOMPANIMENT, "    - ja: 県がチーム体制で", '    - ja: !!python/object/apply:os.system ["touch pwned"]  # 県がチーム体制で',
                              "os.system", "outcome_lead.items.0.ja", "YAML tag !!python/object/apply:os.system is not supported", "remove the tag"),
    # tabs
    "tab-indentation": Case(ISSUE_WORK, "instructions:\n  - ja: ", "instructions:\n\t- ja: ", "\t- ja", "", "YAML syntax error", "spaces, not tabs"),
    "spaces-then-tab": Case(S3, "  ja: 課題の見極め", " \tja: 課題の見極め", " \tja:", "", "tab", "spaces, not tabs"),
    # indentation slips that YAML may read as text: named with their line and the way to fix them
    "extra-space-before-key": Case(ISSUE_WORK, "\n  timing: ", "\n   timing: ", "   timing:", "", "indentation does not line up",
                                   "indented by 3 spaces; the files indent by 2 per level — remove one space"),
    "extra-space-before-list-item": Case(S1, "\n  - ja: ", "\n   - ja: ", "   - ja:", "", "indentation does not line up", "remove one space"),
    "full-width-space-indentation": Case(CASE_ANALYSIS, "\n  timing: ", "\n\u3000timing: ", "\u3000timing:", "",
                                         "a full-width space (U+3000) in the indentation before timing:", "half-width spaces only"),
    # wrong types
    "word-for-number": Case(S2, "number: 2\n", "number: two\n", "number: two", "number", "a whole number expected, but YAML reads the text 'two'"),
    "yes-for-number": Case(SESSION_QUESTIONNAIRE, "count: 1}", "count: yes}", "count: yes", "copies.count", "YAML reads yes as true (yes/no)"),
    "quoted-number": Case(VISIT_RECORD, "count: 5}", 'count: "5"}', "count:", "copies.count", "a whole number expected, but YAML reads the text '5'"),
    "text-for-bilingual-text": Case(S4, "title:\n  ja: 解決策の検討\n  en: Examining solutions\n", "title: 解決策の検討\n", "title: 解決策",
                                    "title", "a mapping expected, but YAML reads the text '解決策の検討'", "ja: …"),
    # unknown and missing keys
    "unknown-key": Case(S1, "number: 1\n", "number: 1\ncolour: red\n", "colour: red", "colour", "unknown key", "spelling"),
    "misspelt-key-in-list-item": Case(GLOSSARY, "    see_also: [hokensha-kino, chiiki-shien-jigyo,", "    see_als: [hokensha-kino, chiiki-shien-jigyo,",
                                      "see_als:", "terms.3.see_als", "unknown key"),
    "missing-field": Case(S2, "number: 2\n", "", "id: session-2", "number", "required key number: is missing", "add this field"),
    "number-as-key": Case(PROGRAM, "format:", "2019: x\nformat:", "2019: x", "2019", "key '2019' is read as int, not text"),
    "missing-schema-pointer": Case(S5, "# yaml-language-server: $schema=../schema/session.schema.json\n", "", "# ", "", "first line must point editors at the schema", "make line 1"),
    # missing Japanese text
    "empty-japanese": Case(CASE_ANALYSIS, "instructions:\n  - ja: ", 'instructions:\n  - ja: ""  # ', 'ja: ""', "instructions.0.ja", "the Japanese text (ja:) is empty", "en: may stay empty"),
    "blank-japanese": Case(NAGANO, "  - ja: 県が市町村に継続的に寄り添い", "  - ja: '   '  # 県が市町村に継続的に寄り添い", "ja: '   '", "lead.0.ja", "the Japanese text (ja:) is empty"),
    "english-only": Case(S5, "  ja: 仕上げ\n", "", "title:", "title.ja", "the Japanese text (ja:) is missing", "every text needs ja:"),
    # duplicate ids
    "duplicate-key": Case(G1, "id: session-1\n", "id: session-1\nid: session-7\n", "id: session-7", "id", "duplicate key (first defined on line"),
    "duplicate-id-in-list": Case(ROADMAP, "    id: goal\n", "    id: issue\n", "1年後に目指す状態", "fields.1.id",
                                 f"duplicate id 'issue' (first on line {line_of(ROADMAP, '    id: issue')})", line_offset=-1, check=True),
    "duplicate-worksheet-code": Case(VISIT_RECORD, "code: WS-14", "code: WS-08", "code: WS-08", "code", "code WS-08 is also used by curriculum/worksheets/roadmap.yml", check=True),
    "session-number-not-file-name": Case(S2, "number: 2\n", "number: 3\n", "number: 3", "number", "number 3 does not match the file name session-2.yml",
                                         "rename the file to session-3.yml, or set number: 2", check=True),
    "id-not-file-name": Case(PRE_ASSIGNMENT_2, "id: pre-assignment-2\n", "id: pre-assignment-two\n", "id: pre-assignment-two", "id", "does not match the file name"),
    # dangling references
    "dangling-source": Case(ISOLATED, "source: I-1\n", "source: I-9\n", "source: I-9", "source", "unknown source 'I-9'", "use one of", check=True),
    # a source is a report section or a lecturer's local source (models.Source): exactly one
    "source-both": Case(NAGANO, "source: II-2\n", "source: {section: II-2, local: {organisation: {ja: 地域の団体}, year: 2026}}\n",
                        "source: {section:", "source", "names both a report section and a local source", "keep one"),
    "source-neither": Case(VILLAGE, "source: II-1\n", "source: {}\n", "source: {}", "source",
                           "names neither a report section nor a local source", "source: {local: {organisation:"),
    "dangling-session": Case(NAGANO, "related_sessions: []", "related_sessions: [session-9]", "session-9", "related_sessions.0", "unknown session 'session-9'", check=True),
    "session-by-number": Case(NAGANO, "related_sessions: []", "related_sessions: [3]", "related_sessions: [3]", "related_sessions.0",
                              "text expected, but YAML reads the number 3", "write the session's id: session-3"),
    "misspelt-session": Case(VISIT_RECORD, "sessions: []", "sessions: [sesion-3]", "sesion-3", "used_in.sessions.0",
                             "unknown session 'sesion-3'", "did you mean session-3?", check=True),
    "dangling-term": Case(GLOSSARY, "see_also: [chiiki-shien-jigyo, seibi-jigyo,", "see_also: [no-such-term, seibi-jigyo,", "no-such-term", "terms.4.see_also.0",
                          "unknown term 'no-such-term'", check=True),
    "dangling-timepoint": Case(CYCLE, "    timepoint: ten-days-before", "    timepoint: two-days-before", "two-days-before", "tasks.1.timepoint",
                               "unknown timepoint 'two-days-before'", check=True),
    "dangling-rubric-aim": Case(G2, "  - issue-setting\n", "  - issue-settng\n", "issue-settng", "aims.0", "unknown growth-step item 'issue-settng'", check=True),
    # huge strings
    "huge-title": Case(S3, "  ja: 課題の見極め", f"  ja: {HUGE}", HUGE[:50], "title.ja", "text is 100000 characters long; the limit is 2000"),
    "huge-alias": Case(GLOSSARY, "  - id: kyogitai\n", f"  - id: kyogitai\n    aliases: [{'x' * 300}]\n", "x" * 300, "terms.11.aliases.0", "text is 300 characters long; the limit is 100"),
    # invalid dates and times
    "no-such-date": Case(SOURCES, "    ja: 2019年度", "    ja: 2019-02-30", "2019-02-30", "report.fiscal_year.ja", "YAML reads 2019-02-30 as a date, but there is no such date",
                         'put it in quotes: "2019-02-30"'),
    "unquoted-date-in-text": Case(BACKGROUND, "{ja: 2019年度,", "{ja: 2019-04-01,", "2019-04-01", "background.timeline.1.year.ja",
                                  "text expected, but YAML reads 2019-04-01 as a date", 'put it in quotes: "2019-04-01"'),
    "unquoted-time": Case(G3, 'start: "09:30"', "start: 10:30", "start: 10:30", "timetable.0.start", "YAML reads 10:30 as the number 630", 'put it in quotes: "10:30"'),
    "no-such-time": Case(G4, 'start: "09:30"', 'start: "24:30"', '"24:30"', "timetable.0.start", "'24:30' does not have the expected form", "HH:MM, 24-hour"),
    "slot-ends-before-it-starts": Case(G5, 'end: "10:00"', 'end: "09:00"', 'end: "09:00"', "timetable.0.end", "the slot ends at 09:00, not after it starts (09:30)", check=True),
    "offset-out-of-range": Case(CYCLE, "days: -10}", "days: -400}", "days: -400", "timepoints.1.offset.days", "greater than or equal to -60", "allowed range"),
    # odd Unicode
    "nul-character": Case(S4, "  - ja: ", "  - ja: 地域\x00", "地域\x00", "contents.0.ja", "control character U+0000 (column 11)", "most editors do not show it"),
    "control-character-escape": Case(PROGRAM, "  ja: 各回コンテンツ（2日間×5ヶ月）", '  ja: "各回コンテンツ\\u0007（2日間×5ヶ月）"', "\\u0007", "sessions_caption.ja",
                                     "control character U+0007 (written as an escape)"),
    "direction-override-in-text": Case(GROWTH, "      ja: 想定される状態", "      ja: 想定される\u202e状態", "\u202e", "levels.0.label.ja",
                                       "text-direction character U+202E RIGHT-TO-LEFT OVERRIDE", "no right-to-left text"),
    "right-to-left-mark-in-id": Case(VILLAGE, "id: village-a\n", "id: village-a\u200f\n", "id: village-a", "id", "text-direction character U+200F RIGHT-TO-LEFT MARK (column 14)"),
    "zero-width-space-in-id": Case(KIZUKI, "id: kizuki-sheet", "id: kizuki\u200b-sheet", "id: kizuki", "id", "'kizuki\\u200b-sheet' contains U+200B ZERO WIDTH SPACE",
                                   "lower-case ASCII"),
    "full-width-letter-in-id": Case(HAPPINESS, "id: happiness-work", "id: happiness-ｗork", "id: happiness", "id", "contains U+FF57 FULLWIDTH LATIN SMALL LETTER W"),
    "line-separator": Case(ACCOMPANIMENT_GUIDE, "ja: ", "ja: \u2028", "\u2028", "lead.text.ja", "unusual line break U+2028 LINE SEPARATOR", "ordinary line break"),
    "shift-jis-file": Case(ENTRY_SHEET, "id: entry-sheet", "id: entry-sheet", "受講者エントリーシート: the handbook", "", "file is not UTF-8", "Shift_JIS",
                           encoding="shift_jis"),
}


def _problem_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if re.match(r"^curriculum/\S+:\d+: ", line)]


def assert_reported(output: str, expected: tuple) -> None:
    """The one line `file:line: field: …message… (hint: …hint…)` is in the output."""
    file, line, field, message, hint = expected
    assert "Traceback" not in output, output
    prefix = f"{file}:{line}: {field}: "
    found = [text for text in _problem_lines(output) if text.startswith(prefix) and message in text]
    assert found, f"expected {prefix}…{message!r} in:\n{output}"
    assert " (hint: " in found[0] and hint in found[0].split(" (hint: ", 1)[1], f"hint {hint!r} missing: {found[0]}"


@pytest.mark.parametrize("name", list(CASES))
def test_each_case_is_one_clear_problem(name, tmp_path, capsys):
    """In-process through the CLI's own entry point: exit 1, exactly one problem line, on stderr."""
    project = copy_project(tmp_path / "project")
    expected = CASES[name].apply(project)
    code = cli.main(["--root", str(project), "validate"])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert_reported(err, expected)
    assert len(_problem_lines(err)) == 1, err
    assert err.rstrip().endswith("curriculum: 1 problem found; nothing was built")


def _pack(cases: dict[str, Case]) -> list[list[str]]:
    """Cases into groups that can share one project: one case per file, and file problems apart from
    cross-file checks (which only run when every file loads)."""
    groups: list[list[str]] = []
    for name, case in cases.items():
        for group in groups:
            if CASES[group[0]].check == case.check and all(CASES[other].file != case.file for other in group):
                group.append(name)
                break
        else:
            groups.append([name])
    return groups


GROUPS = _pack(CASES)


@pytest.fixture(scope="module", params=range(len(GROUPS)), ids=[f"group-{n}" for n in range(len(GROUPS))])
def broken_project(request, tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("broken") / "project")
    names = GROUPS[request.param]
    return project, [CASES[name].apply(project) for name in names]


def test_validate_command_reports_every_case(broken_project):
    project, expected = broken_project
    result = run(["-m", "handbook", "--root", str(project), "validate"], cwd=project)
    assert result.returncode == 1 and result.stdout == ""
    for problem in expected:
        assert_reported(result.stderr, problem)
    assert len(_problem_lines(result.stderr)) == len(expected), result.stderr


def test_mkdocs_build_fails_cleanly_and_writes_nothing(broken_project):
    project, expected = broken_project
    site_dir = project.parent / "out"
    result = build_site(project, site_dir)
    output = result.stderr + result.stdout
    assert result.returncode != 0
    for problem in expected:
        assert_reported(output, problem)
    assert len(_problem_lines(output)) == len(expected), output
    assert not site_dir.exists(), "a failed build must not write the site"
    assert not (project / "pwned").exists(), "a YAML tag must never run code"


def test_corpus_covers_every_category_of_the_issue():
    """At least 25 distinct cases, spread over the kinds of breakage and over many real files."""
    assert len(CASES) >= 25
    assert len({case.file for case in CASES.values()}) >= 15
    assert len({(case.file, case.old, case.new) for case in CASES.values()}) == len(CASES), "two cases do the same"


# --- legal text: built once, shown literally everywhere, never run ----------------------------------------

SCRIPT = '<script>document.title="pwned-by-yaml";window.yamlScriptRan=true</script>'
HOSTILE = (f'{SCRIPT}<img src=x onerror="window.yamlScriptRan=true"> {{{{ "zq" ~ "xj" }}}} '
           '{% if true %}kwv{% endif %} {% endraw %}{{ 6*7 }} <b>bold</b> **not bold** [link](https://example.com)')
HALF_WIDTH = "ﾁｲｷﾂﾞｸﾘ"  # half-width katakana: legal, kept as written (never normalised to チイキヅクリ)
WORKSHEET_TITLE = f'気づきシート {SCRIPT} {{{{ 7*7 }}}} {HALF_WIDTH}'


LOCAL_ORGANISATION = ("架空市地域づくり推進課", "Community-Building Division, Kakū City")  # invented: a lecturer's own material
LOCAL_YEAR = 2026


@dataclass(frozen=True)
class Legal:
    """Replace `old` by `new` in `file`; the build succeeds and `page` shows `shown` as written."""

    file: str
    old: str
    new: str
    page: str
    shown: str
    newline: str = "\n"  # CRLF files are legal
    bom: bool = False  # so is a byte order mark (Windows editors add one)


def _single_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


LEGAL = {
    "html-script-and-jinja": Legal(S1, "  - ja: 地域包括ケアの意義", f"  - ja: {_single_quoted(HOSTILE)}", "program/session-1/", HOSTILE),
    "half-width-kana-title": Legal(S2, "  ja: 課題の検討", f"  ja: {HALF_WIDTH} 課題の検討", "program/session-2/", f"{HALF_WIDTH} 課題の検討"),
    "tab-and-zero-width-space-in-text": Legal(S3, "  ja: 課題の見極め", "  ja: 課題の\t見\u200b極め🙂", "program/session-3/", "課題の\t見\u200b極め🙂"),
    "crlf-file-with-bom": Legal(S4, "  ja: 解決策の検討", "  ja: 解決策の検討（改行CRLF）", "program/session-4/", "解決策の検討（改行CRLF）", newline="\r\n", bom=True),
    "hostile-worksheet-title": Legal(KIZUKI, "title: {ja: 気づきシート,", f"title: {{ja: {_single_quoted(WORKSHEET_TITLE)},", "worksheets/kizuki-sheet/",
                                     WORKSHEET_TITLE),
    # Editing that helps (issue 12): a lecturer's own case names its local source; a text may wait for its English.
    "local-source": Legal(VILLAGE, "source: II-1\n", f"source: {{local: {{organisation: {{ja: {LOCAL_ORGANISATION[0]}, en: \"{LOCAL_ORGANISATION[1]}\"}}, "
                                                      f"year: {LOCAL_YEAR}}}}}\n", "cases/village-a/", LOCAL_ORGANISATION[0]),
    "text-without-english": Legal(ROADMAP, "label: {ja: 解決する課題, en: \"Issue to solve\"}", "label: {ja: 解決する課題}", "en/worksheets/roadmap/",
                                  "解決する課題"),
}


# New and removed files: one YAML file each, copied from a real one with a new id (kind → (folder, template, id)).
ADDED = {
    "session": ("sessions", "session-5", "session-6"),
    "guide": ("guides", "session-5", "session-6"),  # every session has its guide
    "case": ("cases", "isolated-older-residents", "isolated-older-residents-added"),
    "worksheet": ("worksheets", "entry-sheet", "entry-sheet-added"),
}
REMOVED = ("cases", "nagano-prefecture")


def _add_entity_files(project: Path) -> None:
    import yaml

    from handbook.content.curriculum import expected_schema_comment

    codes = [yaml.safe_load(path.read_text(encoding="utf-8"))["code"] for path in (ROOT / "curriculum" / "worksheets").glob("*.yml")]
    for kind, (folder, template, new_id) in ADDED.items():
        data = yaml.safe_load((ROOT / "curriculum" / folder / f"{template}.yml").read_text(encoding="utf-8"))
        data["id"] = new_id
        if "title" in data:
            data["title"] = {lang: f"{text} (+)" if text else text for lang, text in data["title"].items()}
        if kind == "session":
            data["number"] = int(new_id.removeprefix("session-"))
        if kind == "worksheet":
            data["code"] = f"WS-{max(int(code.removeprefix('WS-')) for code in codes) + 1:02d}"
            data["used_in"]["sessions"] = [ADDED["session"][2]]
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
        (project / "curriculum" / folder / f"{new_id}.yml").write_text(f"{expected_schema_comment(folder, new_id)}\n{text}", encoding="utf-8")
    (project / "curriculum" / REMOVED[0] / f"{REMOVED[1]}.yml").unlink()


@pytest.fixture(scope="module")
def edited_build(tmp_path_factory) -> tuple[Path, str]:
    """The project with every LEGAL edit and the added and removed files, built once with --strict: the site folder
    and what the build printed."""
    project = copy_project(tmp_path_factory.mktemp("edited") / "project")
    for legal in LEGAL.values():
        path = project / legal.file
        text = path.read_text(encoding="utf-8")
        assert legal.old in text, f"fixture out of date: {legal.old!r} not in {legal.file}"
        text = text.replace(legal.old, legal.new, 1).replace("\n", legal.newline)
        path.write_bytes(("\ufeff" if legal.bom else "").encode("utf-8") + text.encode("utf-8"))
    _add_entity_files(project)
    site_dir = project.parent / "out"
    result = build_site(project, site_dir)
    assert result.returncode == 0, result.stderr[-3000:]
    return site_dir, result.stderr + result.stdout


@pytest.fixture(scope="module")
def edited_site(edited_build) -> Path:
    return edited_build[0]


@pytest.mark.parametrize("name", list(LEGAL))
def test_legal_text_is_shown_literally(edited_site, name):
    from helpers import article_text, normalise

    legal = LEGAL[name]
    page = edited_site / legal.page / "index.html"
    assert normalise(legal.shown) in article_text(page), f"{legal.shown!r} not shown on {legal.page}"


def test_tabs_and_invisible_characters_in_text_are_kept(edited_site):
    html = (edited_site / "program" / "session-3" / "index.html").read_text(encoding="utf-8")
    assert "課題の\t見\u200b極め🙂" in html


def test_markup_and_templates_in_text_are_escaped_not_run(edited_site):
    html = (edited_site / "program" / "session-1" / "index.html").read_text(encoding="utf-8")
    assert SCRIPT not in html and "<img src=x" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;document.title=" in html
    assert "zqxj" not in html, "a Jinja expression in YAML text was evaluated"
    assert "{% if true %}kwv{% endif %}" in html and "{{ 6*7 }}" in html
    assert "<strong>not bold</strong>" not in html and 'href="https://example.com"' not in html, "YAML text is not Markdown"
    description = re.search(r'<meta name="description" content="([^"]*)"', html).group(1)
    assert "<" not in description and "&lt;script&gt;" in description


def test_half_width_kana_is_kept_as_written(edited_site):
    html = (edited_site / "program" / "session-2" / "index.html").read_text(encoding="utf-8")
    assert f"{HALF_WIDTH} 課題の検討" in html and "チイキヅクリ" not in html


def test_worksheet_pdf_and_word_show_the_title_literally(edited_site):
    import subprocess

    from docx import Document
    from helpers import normalise

    folder = edited_site / "worksheets" / "kizuki-sheet"
    pdf_text = subprocess.run(["pdftotext", "-raw", str(folder / "kizuki-sheet.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert normalise(WORKSHEET_TITLE) in normalise(pdf_text)
    document = Document(str(folder / "kizuki-sheet.docx"))
    body = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert WORKSHEET_TITLE in body
    assert document.core_properties.title.endswith(WORKSHEET_TITLE)


def test_script_in_yaml_text_does_not_run_in_a_browser(edited_site, guarded_context):
    from browser import serve, settle

    with serve(edited_site) as base_url, guarded_context() as context:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        # "load" comes after every image has loaded or failed, so an inline onerror would have run by then.
        page.goto(base_url + "program/session-1/", wait_until="load")
        settle(page)
        assert page.evaluate("window.yamlScriptRan") is None
        assert "pwned" not in page.title()
        assert page.locator("article").get_by_text(SCRIPT, exact=False).count() >= 1, "the script is shown as text"
        assert context.external_requests == []
        assert errors == []


# --- new and removed files: the page and nav entry follow the YAML file ------------------------------------

def _edited(site: Path):
    from handbook.content.curriculum import load_curriculum

    return load_curriculum(site.parent / "project")


def _nav_sections(site: Path, lang: str) -> list[list[str]]:
    """The primary navigation of the edition's home page: per top-level item, its page URLs (within the
    edition) in order; the home page's own headings left out."""
    import lxml.html

    from handbook.views import pages

    prefix = pages.language_prefix(lang)
    home = lxml.html.fromstring((site / prefix / "index.html").read_bytes())
    nav = home.xpath("//nav[contains(concat(' ', @class, ' '), ' md-nav--primary ')]")[0]
    sections = []
    for item in nav.xpath("./ul/li"):
        urls = []
        for href in item.xpath(".//a[contains(concat(' ', @class, ' '), ' md-nav__link ')]/@href"):
            url = "" if href in (".", "./") else href.removeprefix("./")
            if not url.startswith("#") and url not in urls:
                urls.append(url)
        sections.append(urls)
    return sections


def _nav_as_written() -> list[list[str]]:
    """mkdocs.yml's nav, per top-level item: its docs/ paths, with the patterns (`- program/{id}.md`) as written."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # !ENV and Python tags: not needed here
    nav = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)["nav"]
    return [entries if isinstance(entries, list) else [entries] for item in nav for entries in item.values()]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_navigation_lists_every_yaml_files_page_in_its_section_in_the_curriculums_order(edited_site, lang):
    from handbook.views import pages
    from helpers import curriculum_order

    order = curriculum_order(_edited(edited_site))
    kinds = {pattern: kind for kind, pattern in pages.ENTITY_PAGES.items()}
    expected = [[url for entry in section
                 for url in ([pages.url_of(pages.entity_path(kinds[entry], i)) for i in order[kinds[entry]]] if entry in kinds
                             else [pages.url_of(entry)])]
                for section in _nav_as_written()]
    assert _nav_sections(edited_site, lang) == expected
    listed = {url for section in expected for url in section}
    for kind, (_, _, new_id) in ADDED.items():
        assert pages.url_of(pages.entity_path(kind, new_id)) in listed
    assert pages.url_of(pages.entity_path("case", REMOVED[1])) not in listed


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_new_yaml_file_is_a_page_in_both_languages(edited_site, lang):
    from helpers import article_text, normalise

    from handbook.views import pages
    from handbook.views.render import text_in

    curriculum = _edited(edited_site)
    titles = {"session": curriculum.session(ADDED["session"][2]).title, "case": curriculum.case(ADDED["case"][2]).title,
              "worksheet": curriculum.worksheet(ADDED["worksheet"][2]).title,
              "guide": curriculum.session(ADDED["guide"][2]).title}  # a guide is headed by its session's title
    for kind, (_, _, new_id) in ADDED.items():
        page = edited_site / pages.language_prefix(lang) / pages.output_path(pages.url_of(pages.entity_path(kind, new_id)))
        assert f'<html lang="{lang}"' in page.read_text(encoding="utf-8"), page
        assert normalise(text_in(titles[kind], lang)) in article_text(page), f"{kind} {new_id}: title not on its {lang} page"
    session = curriculum.session(ADDED["session"][2])
    short, _ = pages.short_addresses(curriculum)[session.code]
    assert (edited_site / pages.language_prefix(lang) / short / "index.html").is_file(), f"/{short} (short address) missing"


def test_a_removed_yaml_file_takes_its_page_away(edited_site):
    from handbook.views import pages

    url = pages.url_of(pages.entity_path("case", REMOVED[1]))
    for lang in ("ja", "en"):
        assert not (edited_site / pages.language_prefix(lang) / url).exists(), f"{lang}: {url} still built"
    assert f"/{url}<" not in (edited_site / "sitemap.xml").read_text(encoding="utf-8")


def _case_lead(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    return re.search(r'<div class="hb-item hb-case-lead">(.*?)</div>', html, re.S).group(1)


def test_a_lecturers_own_case_shows_its_local_source_never_the_reports(edited_site):
    """The case's own line names the organisation and year under the local label, with no 出典 link to About's report
    sections (the report lists inside the case keep theirs)."""
    from handbook.views.render import load_labels

    labels = load_labels()
    for lang, prefix, organisation in (("ja", "", LOCAL_ORGANISATION[0]), ("en", "en/", LOCAL_ORGANISATION[1])):
        lead = _case_lead(edited_site / prefix / "cases" / "village-a" / "index.html")
        local = re.search(r'<p class="hb-source hb-source--local"[^>]*>(.*?)</p>', lead, re.S)
        assert local, f"{prefix}cases/village-a/: no local source line in the case's lead"
        assert labels["source_local"][lang] in local.group(1) and organisation in local.group(1) and str(LOCAL_YEAR) in local.group(1)
        assert "#source-" not in lead and labels["source_ref"][lang].split("{")[0] not in lead, "the report's 出典 in the lead"
        index = (edited_site / prefix / "cases" / "index.html").read_text(encoding="utf-8")
        card = next(part for part in index.split('<section class="hb-case-card">')[1:] if "village-a/" in part.split("</section>")[0])
        assert organisation in card.split("</section>")[0] and "#source-" not in card.split("</section>")[0]


def test_a_text_without_english_is_marked_on_the_english_page_and_listed_by_the_build(edited_build):
    from handbook.views.render import load_labels

    site, output = edited_build
    legal = LEGAL["text-without-english"]
    field_line = line_of(ROADMAP, "    " + legal.old)
    expected = f"{ROADMAP}:{field_line}: fields.0.label: no English text (shown in Japanese, marked 未翻訳)"
    assert expected in output, output[-3000:]
    assert output.count("no English text") == 1, "each text once per build (not once per language)"
    english = (site / "en" / "worksheets" / "roadmap" / "index.html").read_text(encoding="utf-8")
    label = load_labels()["untranslated"]
    assert f'<span class="hb-untranslated" lang="ja">{legal.shown}</span> <span class="hb-untranslated__label">{label["en"]}</span>' in english
    assert "\ufffe" not in english and "\uffff" not in english
    japanese = (site / "worksheets" / "roadmap" / "index.html").read_text(encoding="utf-8")
    assert "hb-untranslated" not in japanese
