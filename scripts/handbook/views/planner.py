"""Dated schedule of all sessions and their preparation tasks, from the date of the first session.

The rule (the handbook's, documented on the planner page and in the README):
1. Session n starts `interval` after session n-1 (months: same day of the month; if that month is
   shorter, the last day of the month — Jan 31 + 1 month = Feb 28/29; weeks: 7 days each).
2. A session day on a Saturday or Sunday moves to the following Monday. The second day is the next
   weekday after the first (Friday → Monday).
3. Each task date comes from its timing point's offset (operating-cycle.yml). A task that falls on a
   Saturday or Sunday moves to the Friday before, so a deadline is never later than planned.
Holidays are not known to the planner; check them by hand.

Which tasks, for which session (the report's figure is one loop, repeated per session):
- A task with `for_practice` concerns the まちでの実践 before its session: it is listed only for a
  session whose YAML has `pre_assignment` (the report shows none before session 1).
- A task of `handbook_tasks` is the handbook's own (例/補足): listed only for the sessions it names, its
  kind shown where the others show how sure the figure is (placement_example / placement_supplement).
- A task with `next_session: <id>` closes the loop: it is task <id> of the next session, listed once,
  at this task's timing after the previous session; <id> is then left out of that next session. So each
  session with a まちでの実践 gets one 事前課題依頼, never two.
Tasks keep the figure's order: rows are sorted by date, then session, then as listed in the YAML.

Dates are read in the forms people write them (`parse_date`): 2027-06-10, 2027/6/10, 2027.6.10,
2027年6月10日, 20270610, with full-width digits too. A refused input raises PlanError, whose `message`
says, in the page's language, what was typed and what form is expected.

docs/assets/javascripts/planner.js implements the same rules for the web page (with the label texts this
module passes to it); tests/test_planner.py compares both, for plans and for accepted/refused inputs.
"""

from __future__ import annotations

import calendar
import csv
import functools
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from ..content.curriculum import Curriculum
from ..content.models import Offset
from .render import load_labels, text_in

WEEKDAYS_JA = "月火水木金土日"
YEARS = (2000, 2099)  # a year outside is a typo (27, 1027); the date picker offers the same range
SPACES = " \t\r\n\u00a0\u3000\ufeff"  # stripped around an input (before and after NFKC)
DASHES = "\u2010\u2012\u2013\u2014\u2015\u2212\u30fc"  # hyphen-likes an IME may type, read as "-"
_NUMERIC = re.compile(r"([0-9]{4}) *([-/.]) *([0-9]{1,2}) *\2 *([0-9]{1,2})")
_KANJI = re.compile(r"([0-9]{4}) *年 *([0-9]{1,2}) *月 *([0-9]{1,2}) *日?")
_COMPACT = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")
_FORMS = "2027-06-10, 2027/6/10 or 2027年6月10日"
SHOWN_MAX = 40  # characters of a refused input repeated in its message


# --- labels -----------------------------------------------------------------------------------------

# The label records (scripts/handbook/views/labels.yml) the planner uses, in Python and in planner.js.
LABEL_KEYS = (
    "session_title", "session_sep", "comma", "placement_H", "placement_M", "placement_L", "placement_example", "placement_supplement",
    "planner_day_suffix", "planner_task_separator", "planner_for_practice", "planner_timing_of_session",
    "planner_error_empty", "planner_error_unreadable", "planner_error_year", "planner_error_month", "planner_error_day",
    "planner_input_format", "planner_kind_session", "planner_kind_task",
    "planner_csv_date", "planner_csv_session", "planner_csv_kind", "planner_csv_task_id", "planner_csv_title",
    "planner_csv_timing", "planner_csv_placement", "planner_ics_description", "planner_calendar_name",
)
CSV_COLUMNS = ("date", "session", "kind", "task_id", "title", "timing", "placement")


def fill(template: str, **values) -> str:
    """`{name}` → value; the same substitution as planner.js (never str.format, so both agree)."""
    return re.sub(r"\{(\w+)\}", lambda match: str(values[match.group(1)]), template)


@functools.cache
def _labels() -> dict[str, dict[str, str]]:
    return load_labels()


def templates(lang: str) -> dict[str, str]:
    """The planner's label texts in `lang`, placeholders unfilled (what the page passes to planner.js)."""
    labels = _labels()
    return {key: labels[key][lang] for key in LABEL_KEYS}


def labeller(lang: str) -> Callable[..., str]:
    labels = _labels()
    return lambda key, **values: fill(labels[key][lang], **values)


# --- reading dates ----------------------------------------------------------------------------------


class PlanError(ValueError):
    """An unreadable date or interval. str() is the command's English message with a hint; `message`
    is the page's text in its language. `code` names the reason: empty, unreadable, year, month, day, interval."""

    def __init__(self, code: str, value: str = "", **details):
        self.code, self.value, self.details = code, value, details
        super().__init__(self._english())

    def _english(self) -> str:
        shown, d = self.shown, self.details
        hint = f"hint: write the year (4 digits), month and day, e.g. {_FORMS}"
        if self.code == "empty":
            return f"no date given ({hint})"
        if self.code == "unreadable":
            return f"unreadable date {shown!r} ({hint})"
        if self.code == "year":
            return f"the year of {shown!r} is not between {YEARS[0]} and {YEARS[1]} ({hint})"
        if self.code == "month":
            return f"no such date {shown!r}: the month must be 1–12 (hint: check the month)"
        if self.code == "day":
            return f"no such date {shown!r}: {d['year']}-{d['month']:02d} has {d['last']} days (hint: check the month and day)"
        return d["text"]

    @property
    def shown(self) -> str:
        """What was typed, trimmed and cut to SHOWN_MAX characters."""
        return self.value if len(self.value) <= SHOWN_MAX else self.value[:SHOWN_MAX] + "…"

    def message(self, lang: str) -> str:
        label = labeller(lang)
        if self.code == "interval":
            return str(self)
        return label(f"planner_error_{self.code}", value=self.shown, min=YEARS[0], max=YEARS[1], **self.details)


def parse_date(value: str) -> date:
    """The first day as typed: 2027-06-10, 2027/6/10, 2027.6.10, 2027年6月10日, 20270610; full-width
    digits and separators, an IME's long dash and spaces around the parts are read too."""
    typed = value.strip(SPACES)
    text = unicodedata.normalize("NFKC", typed).strip(SPACES)
    text = text.translate({ord(dash): "-" for dash in DASHES})
    if not text:
        raise PlanError("empty")
    match = _NUMERIC.fullmatch(text)
    parts = (match.group(1), match.group(3), match.group(4)) if match else None
    for pattern in (_KANJI, _COMPACT):
        if parts is None and (match := pattern.fullmatch(text)):
            parts = match.groups()
    if parts is None:
        raise PlanError("unreadable", typed)
    year, month, day = (int(part) for part in parts)
    if not YEARS[0] <= year <= YEARS[1]:
        raise PlanError("year", typed)
    if not 1 <= month <= 12:
        raise PlanError("month", typed)
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise PlanError("day", typed, year=year, month=month, last=last)
    return date(year, month, day)


def parse_interval(value: str) -> tuple[int, int]:
    """'1m' → (1 month, 0 weeks); '4w' → (0, 4). Between 1 and 6 months, or 1 and 26 weeks."""
    match = re.fullmatch(r"(\d+)\s*([mw])", value.strip().lower())
    if not match:
        raise PlanError("interval", value, text=f"unreadable interval {value!r} (hint: write e.g. 1m for monthly or 4w for every four weeks)")
    number, unit = int(match.group(1)), match.group(2)
    if unit == "m" and 1 <= number <= 6:
        return number, 0
    if unit == "w" and 1 <= number <= 26:
        return 0, number
    raise PlanError("interval", value, text=f"interval {value!r} is out of range (hint: 1m–6m or 1w–26w)")


# --- the date rule ----------------------------------------------------------------------------------


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
    title: str  # the task's title (with the まちでの実践 it concerns); "" for a session day
    timepoint: str  # the timing as the page shows it ("約10日前", "第1回の1週間以内"); "" for session days
    placement: str  # H / M / L: how sure the report's figure is of the timing; example / supplement: the handbook's task
    day: date


def plan(curriculum: Curriculum, first: date, interval: tuple[int, int] = (1, 0), lang: str = "ja") -> list[Entry]:
    label = labeller(lang)
    months, weeks = interval
    cycle = curriculum.operating_cycle
    timepoints = {tp.id: tp for tp in cycle.timepoints}
    tasks = {task.id: task for task in cycle.tasks}
    sessions = curriculum.sessions
    entries: list[Entry] = []
    for index, session in enumerate(sessions):
        planned = add_months(first, months * index) + timedelta(weeks=weeks * index)
        first_day = next_weekday(planned)
        last_day = next_weekday(first_day + timedelta(days=1))
        title = text_in(session.title, lang)
        for number, day in enumerate((first_day, last_day), start=1):
            entries.append(Entry(session.number, title, "session", f"day-{number}", "", "", "H", day))
        for task in cycle.tasks:
            point = timepoints[task.timepoint]
            if point.id == "session-days":
                continue  # the session days themselves are listed above
            timing = text_in(point.label, lang)
            if task.next_session:  # the loop closes: the next session's task, at this session's timing
                following = curriculum.following_session(session)
                if following is None:
                    continue
                owner, planned_task = following, tasks[task.next_session]
                timing = label("planner_timing_of_session", session=label("session_title", n=session.number), timing=timing)
            elif cycle.closed_by(task.id) and index > 0:
                continue  # listed after the previous session, where the loop closed
            else:
                owner, planned_task = session, task
            if planned_task.for_practice and owner.pre_assignment is None:
                continue
            task_title = text_in(planned_task.title, lang)
            if planned_task.for_practice:
                task_title = label("planner_for_practice", task=task_title, practice=text_in(owner.pre_assignment.label, lang))
            day = previous_weekday(apply_offset(first_day, last_day, point.offset))
            entries.append(Entry(owner.number, text_in(owner.title, lang), "task", planned_task.id, task_title,
                                 timing, task.placement, day))
        for task in cycle.handbook_tasks:  # the handbook's own tasks (例/補足), only for their sessions
            if session.id not in task.sessions:
                continue
            point = timepoints[task.timepoint]
            day = previous_weekday(apply_offset(first_day, last_day, point.offset))
            entries.append(Entry(session.number, title, "task", task.id, text_in(task.title, lang),
                                 text_in(point.label, lang), task.kind, day))
    return sorted(entries, key=lambda e: (e.day, e.session_number, e.kind != "session"))


# --- output -----------------------------------------------------------------------------------------


def format_date(day: date, lang: str) -> str:
    if lang == "ja":
        return f"{day.year}年{day.month}月{day.day}日（{WEEKDAYS_JA[day.weekday()]}）"
    return day.strftime("%a %d %b %Y")


def entry_title(entry: Entry, lang: str) -> str:
    label = labeller(lang)
    session = label("session_title", n=entry.session_number)
    if entry.kind == "session":
        return session + label("session_sep") + entry.session_title + label("planner_day_suffix", n=entry.task_id.split("-")[1])
    return session + label("planner_task_separator") + entry.title


def placement_text(entry: Entry, lang: str) -> str:
    return "" if entry.kind == "session" else labeller(lang)(f"placement_{entry.placement}")


def to_table(entries: list[Entry], lang: str) -> str:
    return "".join(f"{format_date(e.day, lang)}\t{entry_title(e, lang)}\t{e.timepoint}\t{placement_text(e, lang)}".rstrip("\t") + "\n"
                   for e in entries)


def csv_rows(entries: list[Entry], lang: str) -> list[list[str]]:
    """The header and one row per entry, all text in `lang` (dates ISO, so spreadsheets read them)."""
    label = labeller(lang)
    rows = [[label(f"planner_csv_{column}") for column in CSV_COLUMNS]]
    for e in entries:
        rows.append([e.day.isoformat(), str(e.session_number), label(f"planner_kind_{e.kind}"), e.task_id,
                     entry_title(e, lang), e.timepoint, placement_text(e, lang)])
    return rows


def to_csv(entries: list[Entry], lang: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(csv_rows(entries, lang))
    return buffer.getvalue()


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ics_fold(line: str) -> list[str]:
    """RFC 5545 §3.1: lines of at most 75 octets (UTF-8), never splitting a character; continuations
    start with a space."""
    lines, current, size = [], "", 0
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > 75:
            lines.append(current)
            current, size = " ", 1
        current += char
        size += octets
    return lines + [current]


def to_ics(entries: list[Entry], lang: str, first: date) -> str:
    """All-day events; UIDs are stable so re-importing a new plan updates the old events."""
    label = labeller(lang)
    stamp = first.strftime("%Y%m%dT000000Z")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//chiiki-zukuri-handbook//planner//{lang.upper()}",
             "CALSCALE:GREGORIAN", f"X-WR-CALNAME:{_ics_text(label('planner_calendar_name'))}"]
    for e in entries:
        lines += [
            "BEGIN:VEVENT",
            f"UID:s{e.session_number}-{e.task_id}@chiiki-zukuri-handbook",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{e.day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(e.day + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{_ics_text(entry_title(e, lang))}",
        ]
        if e.kind == "task":
            lines.append("DESCRIPTION:" + _ics_text(label("planner_ics_description", timing=e.timepoint, placement=placement_text(e, lang))))
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(folded + "\r\n" for line in lines for folded in ics_fold(line))


# --- the page ---------------------------------------------------------------------------------------


def offset_text(offset: Offset, lang: str) -> str:
    """A timing point's offset in words: 初日の1か月前, 2日目の7日後 / 1 month before day 1."""
    label = labeller(lang)
    anchor = label(f"planner_anchor_{offset.anchor}")

    def amount(n: int, unit: str) -> str:
        return label(f"planner_{unit}_one" if abs(n) == 1 else f"planner_{unit}s", n=abs(n))

    parts = [(n, amount(n, unit)) for n, unit in ((offset.months, "month"), (offset.days, "day")) if n]
    if not parts:
        return label("planner_offset_text_on", anchor=anchor)
    before = [text for n, text in parts if n < 0]
    after = [text for n, text in parts if n > 0]
    if before and after:
        return label("planner_offset_text_mixed", anchor=anchor, before=before[0], after=after[0])
    both = before or after
    text = both[0] if len(both) == 1 else label("planner_amount_and", a=both[0], b=both[1])
    return label("planner_offset_text_before" if before else "planner_offset_text_after", anchor=anchor, amount=text)


def page_data(curriculum: Curriculum, lang: str) -> dict:
    """What the template shows around the form: which sessions have a まちでの実践, the loop's timings
    and each timing point's offset in words."""
    label = labeller(lang)
    cycle = curriculum.operating_cycle
    points = {tp.id: text_in(tp.label, lang) for tp in cycle.timepoints}
    closing = next((task for task in cycle.tasks if task.next_session), None)
    opening = next((task for task in cycle.tasks if closing and task.id == closing.next_session), None)
    return {
        "with_practice": [label("session_title", n=s.number) for s in curriculum.sessions if s.pre_assignment],
        "without_practice": [label("session_title", n=s.number) for s in curriculum.sessions if not s.pre_assignment],
        "loop": {"first": points[opening.timepoint], "last": points[closing.timepoint]} if opening else None,
        "offsets": [{"label": text_in(tp.label, lang), "text": offset_text(tp.offset, lang)} for tp in cycle.timepoints],
    }


def client_data(curriculum: Curriculum, lang: str, label=None) -> dict:
    """What the page needs: for planner.js the sessions (with their まちでの実践), tasks and timing offsets
    from the YAML and the label texts in the page's language, unfilled (so `label` is not used); for the
    template `page` (page_data)."""
    cycle = curriculum.operating_cycle
    return {
        "page": page_data(curriculum, lang),
        "lang": lang,
        "years": list(YEARS),
        "sessions": [{"id": s.id, "number": s.number, "title": text_in(s.title, lang),
                      "practice": text_in(s.pre_assignment.label, lang) if s.pre_assignment else None}
                     for s in curriculum.sessions],
        "tasks": [{"id": task.id, "title": text_in(task.title, lang), "timepoint": task.timepoint, "placement": task.placement,
                   "for_practice": task.for_practice, "next_session": task.next_session}
                  for task in cycle.tasks],
        "handbook_tasks": [{"id": task.id, "title": text_in(task.title, lang), "timepoint": task.timepoint, "kind": task.kind,
                            "sessions": list(task.sessions)} for task in cycle.handbook_tasks],
        "timepoints": {tp.id: {"label": text_in(tp.label, lang), "offset": tp.offset.model_dump()} for tp in cycle.timepoints},
        "labels": templates(lang),
    }
