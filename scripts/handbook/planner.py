"""Dated schedule of all sessions and their preparation tasks, from the date of the first session.

The rule (the handbook's, documented on the planner page and in the README):
1. Session n starts `interval` after session n-1 (months: same day of the month; if that month is
   shorter, the last day of the month — Jan 31 + 1 month = Feb 28/29; weeks: 7 days each).
2. A session day on a Saturday or Sunday moves to the following Monday. The second day is the next
   weekday after the first (Friday → Monday).
3. Each task date comes from its timing point's offset (operating-cycle.yml). A task that falls on a
   Saturday or Sunday moves to the Friday before, so a deadline is never later than planned.
Holidays are not known to the planner; check them by hand.

docs/assets/javascripts/planner.js implements the same rule for the web page; a test compares both.
"""

from __future__ import annotations

import calendar
import csv
import io
import re
from dataclasses import dataclass
from datetime import date, timedelta

from .curriculum import Curriculum
from .models import Offset
from .render import text_in

WEEKDAYS_JA = "月火水木金土日"


class PlanError(ValueError):
    """An unreadable date or interval; the message says what to write instead."""


def parse_date(value: str) -> date:
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value.strip())
    if not match:
        raise PlanError(f"unreadable date {value!r} (hint: write YYYY-MM-DD, e.g. 2027-06-10)")
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError as error:
        raise PlanError(f"no such date {value!r}: {error} (hint: check the month and day)") from None


def parse_interval(value: str) -> tuple[int, int]:
    """'1m' → (1 month, 0 weeks); '4w' → (0, 4). Between 1 and 6 months, or 1 and 26 weeks."""
    match = re.fullmatch(r"(\d+)\s*([mw])", value.strip().lower())
    if not match:
        raise PlanError(f"unreadable interval {value!r} (hint: write e.g. 1m for monthly or 4w for every four weeks)")
    number, unit = int(match.group(1)), match.group(2)
    if unit == "m" and 1 <= number <= 6:
        return number, 0
    if unit == "w" and 1 <= number <= 26:
        return 0, number
    raise PlanError(f"interval {value!r} is out of range (hint: 1m–6m or 1w–26w)")


def add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def previous_weekday(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def apply_offset(first_day: date, last_day: date, offset: Offset) -> date:
    anchor = first_day if offset.anchor == "first-day" else last_day
    return add_months(anchor, offset.months) + timedelta(days=offset.days)


@dataclass(frozen=True)
class Entry:
    session_number: int
    session_title: str
    kind: str  # "session" or "task"
    task_id: str
    title: str
    timepoint: str
    placement: str  # H / M / L: how sure the report's figure is of the timing
    day: date


def plan(curriculum: Curriculum, first: date, interval: tuple[int, int] = (1, 0), lang: str = "ja") -> list[Entry]:
    months, weeks = interval
    cycle = curriculum.operating_cycle
    timepoints = {tp.id: tp for tp in cycle.timepoints}
    entries: list[Entry] = []
    for index, session in enumerate(curriculum.sessions):
        planned = add_months(first, months * index) + timedelta(weeks=weeks * index)
        first_day = next_weekday(planned)
        last_day = next_weekday(first_day + timedelta(days=1))
        title = text_in(session.title, lang)
        for number, day in enumerate((first_day, last_day), start=1):
            entries.append(Entry(session.number, title, "session", f"day-{number}", f"day {number}", "session-days", "H", day))
        for task in cycle.tasks:
            point = timepoints[task.timepoint]
            if point.id == "session-days":
                continue  # the session days themselves are listed above
            day = previous_weekday(apply_offset(first_day, last_day, point.offset))
            entries.append(Entry(session.number, title, "task", task.id, text_in(task.title, lang),
                                 text_in(point.label, lang), task.placement, day))
    return sorted(entries, key=lambda e: (e.day, e.session_number, e.kind != "session"))


def format_date(day: date, lang: str) -> str:
    if lang == "ja":
        return f"{day.year}年{day.month}月{day.day}日（{WEEKDAYS_JA[day.weekday()]}）"
    return day.strftime("%a %d %b %Y")


def session_label(entry: Entry, lang: str) -> str:
    return f"第{entry.session_number}回" if lang == "ja" else f"Session {entry.session_number}"


def entry_title(entry: Entry, lang: str) -> str:
    if entry.kind == "session":
        day = entry.task_id.split("-")[1]
        return f"{session_label(entry, lang)} {entry.session_title}（{day}日目）" if lang == "ja" else \
            f"{session_label(entry, lang)} {entry.session_title} (day {day})"
    return f"{session_label(entry, lang)}：{entry.title}" if lang == "ja" else f"{session_label(entry, lang)}: {entry.title}"


def to_table(entries: list[Entry], lang: str) -> str:
    return "\n".join(f"{format_date(e.day, lang)}\t{entry_title(e, lang)}\t{e.timepoint if e.kind == 'task' else ''}"
                     for e in entries) + "\n"


def to_csv(entries: list[Entry], lang: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["date", "session", "kind", "task_id", "title", "timing", "placement"])
    for e in entries:
        writer.writerow([e.day.isoformat(), e.session_number, e.kind, e.task_id, entry_title(e, lang), e.timepoint, e.placement])
    return buffer.getvalue()


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def to_ics(entries: list[Entry], lang: str, first: date) -> str:
    """All-day events; UIDs are stable so re-importing a new plan updates the old events."""
    stamp = first.strftime("%Y%m%dT000000Z")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//chiiki-zukuri-handbook//planner//JA", "CALSCALE:GREGORIAN"]
    for e in entries:
        lines += [
            "BEGIN:VEVENT",
            f"UID:s{e.session_number}-{e.task_id}@chiiki-zukuri-handbook",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{e.day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(e.day + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{_ics_text(entry_title(e, lang))}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def client_data(curriculum: Curriculum, lang: str, label) -> dict:
    """What planner.js needs: the sessions, tasks and timing offsets from the YAML, and its messages."""
    cycle = curriculum.operating_cycle
    return {
        "lang": lang,
        "sessions": [{"number": s.number, "label": label("session_title", n=s.number), "title": text_in(s.title, lang)}
                     for s in curriculum.sessions],
        "tasks": [{"id": task.id, "title": text_in(task.title, lang), "timepoint": task.timepoint, "placement": task.placement}
                  for task in cycle.tasks],
        "timepoints": {tp.id: {"label": text_in(tp.label, lang), "offset": tp.offset.model_dump()} for tp in cycle.timepoints},
        "labels": {key: label(f"planner_{key}") for key in ("bad_date", "no_such_date", "bad_interval", "task_separator")}
        | {"day_suffix": label("planner_day_suffix", n="{n}")}
        | {f"placement_{p}": label(f"placement_{p}") for p in "HML"},
    }
