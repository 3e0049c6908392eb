"""The session planner: the documented date rule, the command, and the web page agreeing with it."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pytest

from browser import CHROMIUM, chromium, serve
from conftest import ROOT
from handbook import planner
from handbook.curriculum import load_curriculum


@pytest.fixture(scope="module")
def curriculum():
    return load_curriculum(ROOT)


def session_days(entries):
    return [(e.session_number, e.task_id, e.day) for e in entries if e.kind == "session"]


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
    first = next(e.day for e in entries if e.session_number == 2 and e.task_id == "day-1")
    request = next(e.day for e in entries if e.session_number == 2 and e.task_id == "request-pre-assignment")
    assert (first - request).days in range(28, 34)  # about a month before, moved to a weekday
    survey = [e for e in entries if e.session_number == 1 and e.timepoint == "1週間以内"]
    day2 = next(e.day for e in entries if e.session_number == 1 and e.task_id == "day-2")
    assert survey and all(0 < (e.day - day2).days <= 7 for e in survey)


def test_weeks_interval(curriculum):
    days = session_days(planner.plan(curriculum, date(2027, 6, 7), (0, 4)))
    starts = [d for n, task, d in days if task == "day-1"]
    assert [(b - a).days for a, b in zip(starts, starts[1:])] == [28, 28, 28, 28]


def run_plan(*args):
    """Run the command; output is decoded by hand so CRLF line ends (ICS, CSV) stay as written."""
    result = subprocess.run([sys.executable, "-m", "handbook", "--root", str(ROOT), "plan", *args], capture_output=True)
    return subprocess.CompletedProcess(result.args, result.returncode, result.stdout.decode(), result.stderr.decode())


def test_command_writes_a_calendar_that_parses():
    result = run_plan("--first", "2027-06-10", "--format", "ics")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    events = result.stdout.count("BEGIN:VEVENT")
    assert events == result.stdout.count("END:VEVENT") > 10
    uids = [line for line in lines if line.startswith("UID:")]
    assert len(uids) == len(set(uids)) == events
    starts = [line.split(":", 1)[1] for line in lines if line.startswith("DTSTART;VALUE=DATE:")]
    assert all(date(int(s[:4]), int(s[4:6]), int(s[6:])).weekday() < 5 for s in starts)
    assert "20270610" in starts and "SUMMARY:第1回 地域づくり総論（1日目）" in lines


def test_command_csv_and_japanese_table():
    csv_out = run_plan("--first", "2027-06-10", "--format", "csv").stdout
    assert csv_out.split("\r\n")[0] == "date,session,kind,task_id,title,timing,placement"
    table = run_plan("--first", "2027-06-10").stdout
    assert "2027年6月10日（木）" in table


@pytest.mark.parametrize("bad", ["2027-02-30", "10/06/2027", "tomorrow", "2027-13-01"])
def test_command_rejects_unreadable_dates(bad):
    result = run_plan("--first", bad)
    assert result.returncode == 2
    assert "hint:" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.browser
@pytest.mark.skipif(not os.path.exists(CHROMIUM) and not os.environ.get("CI"), reason="needs Debian's chromium")
def test_page_agrees_with_the_command_and_reports_bad_dates(site, curriculum):
    firsts = ["2027-01-31", "2027-06-10", "2027-10-29", "2028-02-29", "2027-12-31"]
    with serve(site) as base_url, chromium() as context:
        page = context.new_page()
        page.goto(f"{base_url}guides/planner/")
        for first in firsts:
            from_js = page.evaluate("f => window.handbookPlanner.plan(f, '1m')", first)
            from_python = [{"date": e.day.isoformat(), "session": e.session_number, "kind": e.kind, "task": e.task_id}
                           for e in planner.plan(curriculum, planner.parse_date(first))]
            assert from_js == from_python, first
        page.fill("#hb-planner-first", "2027-06-10")
        page.click("#hb-planner-form button[type=submit]")
        rows = page.locator(".hb-plan tbody tr")
        assert rows.count() > 10
        assert "2027年6月10日（木）" in rows.first.inner_text() or "2027年6月10日（木）" in page.inner_text(".hb-plan")
        ics = page.get_attribute("#hb-planner-ics", "href")
        assert ics.startswith("data:text/calendar") and "BEGIN%3AVCALENDAR" in ics
        page.fill("#hb-planner-first", "2027-02-30")
        page.click("#hb-planner-form button[type=submit]")
        assert page.is_visible("#hb-planner-error")
        assert "存在しません" in page.inner_text("#hb-planner-error")
        page.fill("#hb-planner-first", "来月")
        page.click("#hb-planner-form button[type=submit]")
        assert "年-月-日" in page.inner_text("#hb-planner-error")
        assert context.external_requests == []
