"""The session planner: the documented date rule, the tasks the report supports (one 事前課題依頼 per
session with a まちでの実践 before it), the date forms people type, the command, and the web page agreeing
with all of it (plans, accepted and refused inputs, CSV and calendar text)."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import subprocess
import sys
import urllib.parse
from datetime import date

import pytest

from browser import CHROMIUM, DESKTOP, PHONE, serve
from conftest import ROOT, copy_project
from handbook import cli
from handbook.views import planner
from handbook.content.curriculum import load_curriculum
from handbook.views.render import load_labels

LANGS = {"ja": "", "en": "en/"}
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
REQUEST, COLLECT = "request-pre-assignment", "collect-pre-assignment"


@pytest.fixture(scope="module")
def curriculum():
    return load_curriculum(ROOT)


def session_days(entries):
    return [(e.session_number, e.task_id, e.day) for e in entries if e.kind == "session"]


def day_of(entries, session, task):
    return next(e.day for e in entries if e.session_number == session and e.task_id == task)


# --- the date rule ----------------------------------------------------------------------------------


def test_month_end_is_clamped_and_weekends_move_to_monday(curriculum):
    # 2027-01-29 is a Friday: day 2 is the following Monday.
    entries = planner.plan(curriculum, date(2027, 1, 29))
    days = session_days(entries)
    assert days[0] == (1, "day-1", date(2027, 1, 29)) and days[1] == (1, "day-2", date(2027, 2, 1))
    # Jan 31 + 1 month = Feb 28 (a Sunday in 2027) → Monday Mar 1.
    days = session_days(planner.plan(curriculum, date(2027, 1, 31)))
    assert days[0][2] == date(2027, 2, 1)  # Jan 31 2027 is a Sunday → Monday
    assert days[2][2] == date(2027, 3, 1)  # Feb 28 (Sun) → Mon Mar 1
    assert days[4][2] == date(2027, 3, 31)  # Mar 31 (Wed) stays


def test_leap_year_and_year_change(curriculum):
    days = session_days(planner.plan(curriculum, date(2027, 10, 29)))  # Friday
    starts = [d for n, task, d in days if task == "day-1"]
    assert starts == [date(2027, 10, 29), date(2027, 11, 29), date(2027, 12, 29), date(2028, 1, 31), date(2028, 2, 29)]


def test_tasks_follow_their_offsets_and_never_fall_on_weekends(curriculum):
    entries = planner.plan(curriculum, date(2027, 6, 10))
    assert all(e.day.weekday() < 5 for e in entries)
    day1, day2 = day_of(entries, 2, "day-1"), day_of(entries, 2, "day-2")
    collect = day_of(entries, 2, COLLECT)
    assert (day1 - collect).days in range(10, 13)  # about 10 days before, moved to a weekday
    survey = [e for e in entries if e.session_number == 1 and e.timepoint == "1週間以内"]
    day2_of_1 = day_of(entries, 1, "day-2")
    assert survey and all(0 < (e.day - day2_of_1).days <= 7 for e in survey)
    assert all(0 < (e.day - day2).days <= 7 for e in entries if e.session_number == 2 and e.timepoint == "1週間以内")


def test_weeks_interval(curriculum):
    days = session_days(planner.plan(curriculum, date(2027, 6, 7), (0, 4)))
    starts = [d for n, task, d in days if task == "day-1"]
    assert [(b - a).days for a, b in zip(starts, starts[1:])] == [28, 28, 28, 28]


# --- which tasks: what the report supports -------------------------------------------------------------


@pytest.mark.parametrize("interval", [(1, 0), (2, 0), (0, 4), (0, 6)])
@pytest.mark.parametrize("first", [date(2027, 6, 10), date(2027, 1, 31), date(2027, 10, 29)])
def test_one_request_per_session_with_field_practice_and_none_without(curriculum, first, interval):
    """Which sessions get a 事前課題依頼 comes from the YAML (pre_assignment), never from a list here."""
    with_practice = {s.number for s in curriculum.sessions if s.pre_assignment}
    assert with_practice, "no session has a pre_assignment: nothing to test"
    entries = planner.plan(curriculum, first, interval)
    for session in curriculum.sessions:
        requests = [e for e in entries if e.session_number == session.number and e.task_id == REQUEST]
        collects = [e for e in entries if e.session_number == session.number and e.task_id == COLLECT]
        expected = 1 if session.number in with_practice else 0
        assert (len(requests), len(collects)) == (expected, expected), session.id
        if requests:
            practice = session.pre_assignment.label.ja
            assert practice in requests[0].title and practice in collects[0].title
            assert requests[0].day < collects[0].day < day_of(entries, session.number, "day-1")
    # One 事前課題依頼 row per session with a まちでの実践, whatever task of the figure placed it.
    request_title = next(t.title.ja for t in curriculum.operating_cycle.tasks if t.id == REQUEST)
    assert sum(e.title.startswith(request_title) for e in entries) == len(with_practice)


def test_first_session_has_no_field_practice_so_nothing_is_requested_before_it(curriculum):
    first = curriculum.sessions[0]
    assert first.pre_assignment is None  # the session-1 page: the report shows no まちでの実践 before it
    entries = planner.plan(curriculum, date(2027, 6, 10))
    day1 = day_of(entries, first.number, "day-1")
    assert not [e for e in entries if e.session_number == first.number and e.task_id in (REQUEST, COLLECT)]
    assert not [e for e in entries if e.day < day1 and first.number != e.session_number]
    assert date(2027, 5, 10) not in {e.day for e in entries}  # the 事前課題依頼 a month before session 1


def test_the_request_closes_the_previous_session_in_the_figures_order(curriculum):
    """The figure's loop ends with 事前課題依頼: the next session's request is listed after the previous
    session's follow-up tasks, at its 1週間以内, and the page says it is that session's timing."""
    entries = planner.plan(curriculum, date(2027, 6, 10))
    week_after = day_of(entries, 1, "individual-follow-up")
    same_day = [(e.session_number, e.task_id) for e in entries if e.day == week_after]
    tasks = curriculum.operating_cycle.tasks
    ring_end = [t.id for t in tasks if t.timepoint == "week-after"]
    closing = next(t for t in tasks if t.next_session)
    assert same_day == [(1, t) for t in ring_end if t != closing.id] + [(2, closing.next_session)]
    request = next(e for e in entries if e.session_number == 2 and e.task_id == REQUEST)
    assert request.timepoint == "第1回の1週間以内" and request.placement == closing.placement
    english = next(e for e in planner.plan(curriculum, date(2027, 6, 10), lang="en") if e.session_number == 2 and e.task_id == REQUEST)
    assert english.timepoint == "Within 1 week of Session 1"
    # Sorted by date; within one day and session, in the order of the figure (the YAML).
    assert [e.day for e in entries] == sorted(e.day for e in entries)


def test_the_plan_follows_the_yaml_not_a_list_in_code(curriculum):
    """Take the まちでの実践 away from session 3 and give one to session 1: the plan follows."""
    sessions = list(curriculum.sessions)
    practice = sessions[1].pre_assignment
    sessions[0] = sessions[0].model_copy(update={"pre_assignment": practice})
    sessions[2] = sessions[2].model_copy(update={"pre_assignment": None})
    changed = dataclasses.replace(curriculum, sessions=sessions)
    entries = planner.plan(changed, date(2027, 6, 10))
    requests = {e.session_number: e for e in entries if e.task_id == REQUEST}
    assert sorted(requests) == [1, 2, 4, 5]
    # No previous session: the request of session 1 is at its own 約1か月前 (moved off the weekend).
    assert requests[1].day == date(2027, 5, 10) and requests[1].timepoint == "約1か月前"
    assert requests[4].timepoint == "第3回の1週間以内"


@pytest.mark.parametrize(("written", "message"), [
    ("request-pre-assignmen", "'request-pre-assignmen' is not another task of this file; use one of: request-pre-assignment,"),
    ("request-next-pre-assignment", "'request-next-pre-assignment' is not another task"),  # itself
])
def test_a_loop_that_closes_on_no_task_is_reported_at_its_line(tmp_path, written, message):
    root = copy_project(tmp_path / "copy")
    cycle = root / "curriculum" / "operating-cycle.yml"
    text = cycle.read_text(encoding="utf-8")
    line = text[:text.index("next_session: request-pre-assignment")].count("\n") + 1
    cycle.write_text(text.replace("next_session: request-pre-assignment", f"next_session: {written}"), encoding="utf-8")
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = cli.main(["--root", str(root), "validate"])
    assert code == 1
    assert f"curriculum/operating-cycle.yml:{line}: tasks.9.next_session: {message}" in err.getvalue()


# --- reading dates ------------------------------------------------------------------------------------

ACCEPTED = [
    "2027-06-10", "2027/6/10", "2027年6月10日", "２０２７年６月１０日", "２０２７／６／１０", "２０２７－０６－１０",
    "2027.6.10", "2027-6-10", "20270610", " 2027 年 6 月 10 日 ", "\u30002027/06/10\u3000", "2027ー6ー10", "2027年6月10",
]
REFUSED = [
    ("", "empty"), ("   ", "empty"), ("6/10", "unreadable"), ("10/06/2027", "unreadable"), ("27/6/10", "unreadable"),
    ("2027/6-10", "unreadable"), ("来月", "unreadable"), ("tomorrow", "unreadable"), ("2027年6月", "unreadable"),
    ("２０２７年６月１０日（木）", "unreadable"), ("1027/6/10", "year"), ("2100-01-01", "year"),
    ("2027/13/1", "month"), ("2027-00-10", "month"), ("2027-02-30", "day"), ("２０２７年２月２９日", "day"), ("2027/6/31", "day"),
]


@pytest.mark.parametrize("typed", ACCEPTED)
def test_parse_date_reads_the_forms_people_write(typed):
    assert planner.parse_date(typed) == date(2027, 6, 10)


def test_parse_date_knows_leap_days():
    assert planner.parse_date("2028/2/29") == date(2028, 2, 29)


@pytest.mark.parametrize(("typed", "code"), REFUSED)
def test_parse_date_refuses_and_explains(typed, code):
    with pytest.raises(planner.PlanError) as caught:
        planner.parse_date(typed)
    error = caught.value
    assert error.code == code
    assert "hint:" in str(error)
    for lang in LANGS:
        message = error.message(lang)
        if code != "empty":
            assert typed.strip(planner.SPACES) in message  # what was typed …
        if code == "unreadable":
            assert "2027/6/10" in message and "2027-06-10" in message  # … and the form expected
        elif code == "empty":
            assert "2027" in message  # an example
        elif code == "year":
            assert "2000" in message and "2099" in message
        elif code == "month":
            assert "12" in message


def test_refusal_messages_in_the_pages_language():
    with pytest.raises(planner.PlanError) as caught:
        planner.parse_date("6/10")
    assert caught.value.message("ja") == "「6/10」は日付として読み取れません。年（4桁）・月・日の順に、2027/6/10、2027-06-10、2027年6月10日 のように入力してください。"
    assert caught.value.message("en").startswith("“6/10” cannot be read as a date.")
    with pytest.raises(planner.PlanError) as caught:
        planner.parse_date("2027-02-30")
    assert caught.value.message("ja") == "「2027-02-30」という日付はありません。2027年2月は28日までです。"
    with pytest.raises(planner.PlanError) as caught:
        planner.parse_date("x" * 100)
    assert len(caught.value.message("en")) < 250  # a runaway paste is cut, not repeated whole


# --- the command --------------------------------------------------------------------------------------


def run_plan(*args):
    """Run the command in-process through the CLI's own entry point; output is kept as written (CRLF line
    ends of ICS and CSV). One test below runs it as a real process."""
    out, err = io.StringIO(newline=""), io.StringIO(newline="")
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["--root", str(ROOT), "plan", *args])
    return subprocess.CompletedProcess(["plan", *args], code, out.getvalue(), err.getvalue())


def test_the_command_runs_as_a_process():
    result = subprocess.run([sys.executable, "-m", "handbook", "--root", str(ROOT), "plan", "--first", "2027-06-10", "--format", "csv"],
                            capture_output=True)
    assert result.returncode == 0 and result.stderr == b""
    assert result.stdout.decode() == run_plan("--first", "2027-06-10", "--format", "csv").stdout


def test_command_writes_a_calendar_that_parses(curriculum):
    result = run_plan("--first", "2027-06-10", "--format", "ics")
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("\r\n") and "\n" not in result.stdout.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in result.stdout.split("\r\n"))  # RFC 5545 folding
    lines = result.stdout.replace("\r\n ", "").split("\r\n")  # unfolded
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    events = result.stdout.count("BEGIN:VEVENT")
    assert events == result.stdout.count("END:VEVENT") > 10
    uids = [line for line in lines if line.startswith("UID:")]
    assert len(uids) == len(set(uids)) == events
    starts = [line.split(":", 1)[1] for line in lines if line.startswith("DTSTART;VALUE=DATE:")]
    assert all(date(int(s[:4]), int(s[4:6]), int(s[6:])).weekday() < 5 for s in starts)
    labels = load_labels()
    ten_days = next(point.label for point in curriculum.operating_cycle.timepoints if point.id == "ten-days-before")
    english = run_plan("--first", "2027-06-10", "--format", "ics", "--lang", "en").stdout.replace("\r\n ", "")
    for lang, text in (("ja", "\r\n".join(lines)), ("en", english)):
        title = labels["session_title"][lang].format(n=1) + labels["session_sep"][lang] + curriculum.sessions[0].title.model_dump()[lang]
        assert f"SUMMARY:{title}{labels['planner_day_suffix'][lang].format(n=1)}" in text, lang
        assert f"X-WR-CALNAME:{labels['planner_calendar_name'][lang]}" in text, lang
        description = labels["planner_ics_description"][lang].split("{timing}")[0] + ten_days.model_dump()[lang]
        assert f"DESCRIPTION:{description}" in text, lang
    assert "20270610" in starts


CSV_COLUMNS = ("date", "session", "kind", "task_id", "title", "timing", "placement")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_command_csv_in_each_language(lang):
    """The header and the kinds of row are the edition's labels (labels.yml), in the planner's column order."""
    labels = load_labels()
    header = ",".join(labels[f"planner_csv_{column}"][lang] for column in CSV_COLUMNS)
    kinds = {labels["planner_kind_session"][lang], labels["planner_kind_task"][lang]}
    rows = run_plan("--first", "2027-06-10", "--format", "csv", "--lang", lang).stdout.split("\r\n")
    assert rows[0] == header
    assert {row.split(",")[2] for row in rows[1:] if row} == kinds


@pytest.mark.parametrize("typed", ["2027/6/10", "2027年6月10日", "２０２７年６月１０日"])
def test_command_reads_the_same_forms(typed):
    result = run_plan("--first", typed)
    assert result.returncode == 0, result.stderr
    assert result.stdout == run_plan("--first", "2027-06-10").stdout
    assert "2027年6月10日（木）" in result.stdout


@pytest.mark.parametrize("bad", ["2027-02-30", "10/06/2027", "tomorrow", "2027-13-01"])
def test_command_rejects_unreadable_dates(bad):
    result = run_plan("--first", bad)
    assert result.returncode == 2
    assert "hint:" in result.stderr and bad in result.stderr and "Traceback" not in result.stderr


# --- the page -----------------------------------------------------------------------------------------

needs_chromium = pytest.mark.skipif(not os.path.exists(CHROMIUM) and not os.environ.get("CI"), reason="needs Debian's chromium")


@pytest.fixture(scope="module")
def planner_page(site, guarded_context):
    """One context for the page tests: a function opens the planner page in a language."""
    with serve(site) as base_url, guarded_context() as context:
        if AXE.exists():
            context.add_init_script(script=AXE.read_text(encoding="utf-8"))
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))

        def open_planner(lang: str):
            page.goto(f"{base_url}{LANGS[lang]}guides/planner/", wait_until="load")
            page.wait_for_function("() => !!window.handbookPlanner")
            return page

        open_planner.context, open_planner.errors = context, errors
        yield open_planner
        assert context.external_requests == []
        assert errors == []


def submit(page, typed: str) -> None:
    page.fill("#hb-planner-first", typed)
    page.click("#hb-planner-form button[type=submit]")


def python_plan(curriculum, first: str, interval: str, lang: str) -> list[dict]:
    entries = planner.plan(curriculum, planner.parse_date(first), planner.parse_interval(interval), lang)
    return [{"date": e.day.isoformat(), "session": e.session_number, "kind": e.kind, "task": e.task_id,
             "title": planner.entry_title(e, lang), "timing": e.timepoint, "placement": e.placement} for e in entries]


def python_parse(typed: str, lang: str) -> dict:
    try:
        return {"ok": planner.parse_date(typed).isoformat()}
    except planner.PlanError as error:
        return {"code": error.code, "message": error.message(lang)}


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("lang", LANGS)
def test_page_agrees_with_the_command(planner_page, curriculum, lang):
    page = planner_page(lang)
    for first in ["2027-01-31", "2027-06-10", "2027-10-29", "2028-02-29", "2027-12-31"]:
        for interval in ["1m", "2m", "4w", "6w"]:
            from_js = page.evaluate("([f, i]) => window.handbookPlanner.plan(f, i)", [first, interval])
            assert from_js == python_plan(curriculum, first, interval, lang), (first, interval)
    entries = planner.plan(curriculum, date(2027, 6, 10), lang=lang)
    assert page.evaluate("() => window.handbookPlanner.csv('2027-06-10')") == planner.csv_rows(entries, lang)
    assert page.evaluate("() => window.handbookPlanner.ics('2027-06-10')") == planner.to_ics(entries, lang, date(2027, 6, 10))


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("lang", LANGS)
def test_page_accepts_and_refuses_what_the_command_does(planner_page, lang):
    """The same parser: every accepted and refused input, with the same reason and the same message."""
    page = planner_page(lang)
    for typed in ACCEPTED + ["2028/2/29"] + [bad for bad, _ in REFUSED] + ["x" * 100, "2027\u22126\u221210"]:
        assert page.evaluate("t => window.handbookPlanner.parse(t)", typed) == python_parse(typed, lang), repr(typed)


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("typed", ACCEPTED)
def test_page_computes_the_plan_from_each_form(planner_page, typed):
    page = planner_page("ja")
    submit(page, typed)
    first_day = page.locator(".hb-plan tbody tr.hb-plan-session").first
    first_day.wait_for()
    assert first_day.get_attribute("data-date") == "2027-06-10"
    assert first_day.inner_text().startswith("2027年6月10日（木）")
    assert page.get_attribute("#hb-planner-first", "aria-invalid") is None
    assert page.locator("#hb-planner-error").is_hidden()


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("lang", LANGS)
def test_page_explains_a_refused_input_and_recovers(planner_page, lang):
    page = planner_page(lang)
    error = page.locator("#hb-planner-error")
    for typed, _ in [("6/10", "unreadable"), ("2027-02-30", "day"), ("", "empty")]:
        submit(page, typed)
        error.wait_for()
        assert error.inner_text() == python_parse(typed, lang)["message"]
        assert page.get_attribute("#hb-planner-first", "aria-invalid") == "true"
        assert page.locator("#hb-planner-output").is_hidden()
    assert "hb-planner-error" in page.get_attribute("#hb-planner-first", "aria-describedby")
    submit(page, "2027/6/10")
    page.locator("#hb-planner-output").wait_for()
    assert error.is_hidden() and page.get_attribute("#hb-planner-first", "aria-invalid") is None


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("lang", LANGS)
def test_page_rows_downloads_and_labels_are_in_its_language(planner_page, curriculum, lang):
    page = planner_page(lang)
    labels = load_labels()
    assert page.get_attribute("#hb-planner-first", "placeholder") == labels["planner_first_placeholder"][lang]
    assert page.locator("label[for=hb-planner-first]").inner_text() == labels["planner_first"][lang]
    submit(page, "2027-06-10")
    page.locator("#hb-planner-csv").wait_for()
    rows = page.locator(".hb-plan tbody tr")
    entries = planner.plan(curriculum, date(2027, 6, 10), lang=lang)
    assert rows.count() == len(entries)
    request = next(e for e in entries if e.session_number == 2 and e.task_id == REQUEST)
    row = page.locator(f".hb-plan tbody tr[data-date='{request.day.isoformat()}']").last
    assert row.locator("td").all_inner_texts()[1:] == [planner.entry_title(request, lang), request.timepoint, labels["placement_M"][lang]]
    csv_text = urllib.parse.unquote(page.get_attribute("#hb-planner-csv", "href").split(",", 1)[1])
    assert csv_text == "\ufeff" + planner.to_csv(entries, lang)
    ics_text = urllib.parse.unquote(page.get_attribute("#hb-planner-ics", "href").split(",", 1)[1])
    assert ics_text == planner.to_ics(entries, lang, date(2027, 6, 10))
    # A changed interval recomputes the schedule on the page.
    page.select_option("#hb-planner-interval", "4w")
    page.wait_for_function("() => document.querySelectorAll('.hb-plan tr.hb-plan-session')[2].dataset.date === '2027-07-08'")


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize(("lang", "shown"), [("ja", "2027/6/10"), ("en", "2027-06-10")])
def test_the_calendar_button_opens_the_browsers_date_picker_and_fills_the_box(planner_page, lang, shown):
    page = planner_page(lang)
    page.fill("#hb-planner-first", "2027/8/2")
    page.click("#hb-planner-pick")  # opens the native picker (showPicker), starting at the typed day
    assert page.input_value("#hb-planner-picker") == "2027-08-02"
    page.keyboard.press("Escape")
    # What the picker does when a day is chosen: the date input's value changes (the input has no size of its
    # own, so it is set as the browser's picker sets it).
    page.evaluate("""() => { const picker = document.getElementById('hb-planner-picker');
      picker.value = '2027-06-10'; picker.dispatchEvent(new Event('change', { bubbles: true })); }""")
    page.wait_for_function("v => document.getElementById('hb-planner-first').value === v", arg=shown)
    page.locator(".hb-plan tbody tr.hb-plan-session").first.wait_for()
    assert page.locator(".hb-plan tbody tr.hb-plan-session").first.get_attribute("data-date") == "2027-06-10"
    picker = page.locator("#hb-planner-picker")
    assert picker.get_attribute("type") == "date" and picker.get_attribute("tabindex") == "-1"


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("lang", LANGS)
def test_page_has_no_axe_violations_empty_computed_and_refused(planner_page, lang, viewport):
    """test_accessibility checks every page as loaded; here the planner's other states too."""
    from test_accessibility import axe_report, fail_on

    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run `make test` (or `npm ci`)")
    page = planner_page(lang)
    page.set_viewport_size(viewport)
    try:
        problems = axe_report(page, f"{lang} planner, empty")
        submit(page, "2027/6/10")
        page.locator("#hb-planner-csv").wait_for()
        problems += axe_report(page, f"{lang} planner, computed")
        submit(page, "6/10")
        page.locator("#hb-planner-error").wait_for()
        problems += axe_report(page, f"{lang} planner, refused")
    finally:
        page.set_viewport_size(DESKTOP)
    fail_on(problems, "on the planner")
