"""Cross-file checks that a schema cannot express. Each check is small and named;
all of them run, and every problem names both sides of a broken reference."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator

from .assembled import Curriculum
from .problems import Problem
from .yamlsource import YamlDocument

Check = Callable[[Curriculum, dict[str, YamlDocument]], list[Problem]]
CHECKS: list[Check] = []


def check(func: Check) -> Check:
    CHECKS.append(func)
    return func


def run_checks(curriculum: Curriculum, docs: dict[str, YamlDocument]) -> list[Problem]:
    problems: list[Problem] = []
    for func in CHECKS:
        problems.extend(func(curriculum, docs))
    return problems


def walk(data: object, path: tuple = ()) -> Iterator[tuple[tuple, object]]:
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from walk(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from walk(value, path + (index,))


def _refs(docs: dict[str, YamlDocument], keys: set[str], under: str | None = None) -> Iterator[tuple[YamlDocument, tuple, str]]:
    """Every reference value stored under one of `keys` (a string or a list of strings), inside a mapping
    stored under the key `under` when one is given."""
    for doc in docs.values():
        for path, value in walk(doc.data):
            if not path or path[-1] not in keys or (under is not None and path[-2:-1] != (under,)):
                continue
            if isinstance(value, str):
                yield doc, path, value
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    yield doc, path + (index,), item


def _dotted(path: tuple) -> str:
    return ".".join(str(p) for p in path)


def _known(ids) -> str:
    ids = list(ids)
    return ", ".join(ids) if len(ids) <= 12 else ", ".join(ids[:12]) + ", …"


def _meant(value: object, known) -> str | None:
    """The id an editor most likely meant: `3` → `session-3`, `sesion-3` → `session-3`."""
    text = str(value)
    if text.isdigit():
        numbered = [k for k in known if k.endswith(f"-{text}")]
        return numbered[0] if len(numbered) == 1 else None
    close = difflib.get_close_matches(text, list(known), n=1, cutoff=0.75)
    if not close or _stem(close[0]) == _stem(text):
        return None  # session-9 is not a misspelt session-1: another number is a different entity
    return close[0]


def _stem(identifier: str) -> str:
    return identifier.rstrip("0123456789")


def _unknown_hint(value: object, known) -> str:
    meant = _meant(value, known)
    return f"did you mean {meant}? (known: {_known(known)})" if meant else f"use one of: {_known(known)}"


UNKNOWN_WORKSHEET = "worksheet {value} (not in curriculum/worksheets/)"
UNKNOWN_ITEM = "growth-step item {value} (not in curriculum/growth-steps.yml)"


def _unknown(doc, path: tuple, what: str, value: object, known) -> Problem:
    """`what` names the kind and where it is defined, e.g. "timing point" or "task … (not in …)"."""
    return Problem(doc.file, doc.line_for(path), _dotted(path), f"unknown {what.format(value=repr(value))}",
                   _unknown_hint(value, sorted(known)))


def _dangling(docs, keys: set[str], known: dict, target: str, under: str | None = None) -> list[Problem]:
    return [
        Problem(doc.file, doc.line_for(path), _dotted(path), f"unknown {target.split()[0]} {value!r} (not defined in {target})",
                _unknown_hint(value, known))
        for doc, path, value in _refs(docs, keys, under)
        if value not in known
    ]


@check
def source_references(curriculum, docs):
    # source: I-3, or its long form source: {section: I-3} (models.Source; a local source names no section)
    return (_dangling(docs, {"source"}, curriculum.sections, "source curriculum/sources.yml")
            + _dangling(docs, {"section"}, curriculum.sections, "source curriculum/sources.yml", under="source"))


MISSING_ENGLISH = "no English text (shown in Japanese, marked 未翻訳)"


def missing_english(docs: dict[str, YamlDocument]) -> list[Problem]:
    """Every text with Japanese and no English (models.Text): not a problem — English may wait for its translator,
    and the English page shows the Japanese marked 未翻訳 — but a warning every build and `validate` list, so none is
    forgotten. Found in the files as written, so each names its line (that of `en:` when it is there, empty)."""
    found = []
    for doc in docs.values():
        for path, value in walk(doc.data):
            if (isinstance(value, dict) and isinstance(value.get("ja"), str) and set(value) <= {"ja", "en"}
                    and not str(value.get("en") or "").strip()):
                line = doc.line_for(path + ("en",) if "en" in value else path)
                found.append(Problem(doc.file, line, _dotted(path), MISSING_ENGLISH))
    return sorted(found)


@check
def glossary_references(curriculum, docs):
    return _dangling(docs, {"see_also", "related_terms"}, curriculum.terms, "term curriculum/glossary.yml")


@check
def session_references(curriculum, docs):
    known = {s.id: s for s in curriculum.sessions}
    problems = _dangling(docs, {"related_sessions", "contents_of"}, known, "session curriculum/sessions/")
    for worksheet in curriculum.worksheets:
        doc = docs[f"curriculum/worksheets/{worksheet.id}.yml"]
        for index, session_id in enumerate(worksheet.used_in.sessions):
            if session_id not in known:
                problems.append(Problem(doc.file, doc.line_for(("used_in", "sessions", index)), f"used_in.sessions.{index}",
                                        f"unknown session {session_id!r} (not defined in curriculum/sessions/)",
                                        _unknown_hint(session_id, known)))
    return problems


@check
def duplicate_ids_in_lists(curriculum, docs):
    """Ids inside a file's lists (terms, sections, rows…) must be unique in that list."""
    problems = []
    for doc in docs.values():
        for path, value in walk(doc.data):
            if not isinstance(value, list):
                continue
            first_line: dict[str, int] = {}
            for index, item in enumerate(value):
                if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                    continue
                item_id = item["id"]
                line = doc.line_for(path + (index, "id"))
                if item_id in first_line:
                    problems.append(Problem(doc.file, line, _dotted(path + (index, "id")),
                                            f"duplicate id {item_id!r} (first on line {first_line[item_id]})", "ids must be unique"))
                else:
                    first_line[item_id] = line
    return problems


@check
def session_number_matches_file(curriculum, docs):
    """session-N.yml holds session N: the short address /sN/ and every S{n} label are built from the number,
    so a file whose number disagrees with its name would send printed links to another session."""
    problems = []
    for session in curriculum.sessions:
        expected = f"session-{session.number}"
        if session.id != expected:
            doc = docs[f"curriculum/sessions/{session.id}.yml"]
            named = re.fullmatch(r"session-([1-9][0-9]*)", session.id)
            hint = (f"rename the file to {expected}.yml, or set number: {named.group(1)}" if named
                    else f"name the file {expected}.yml (sessions are session-1.yml, session-2.yml …)")
            problems.append(Problem(doc.file, doc.line_for(("number",)), "number",
                                    f"number {session.number} does not match the file name {session.id}.yml", hint))
    return problems


@check
def session_numbers(curriculum, docs):
    """Session files are session-1.yml … session-N.yml without gaps: the schedule is computed from them.
    (Whether each file's number: agrees with its name is the check above, so one slip is reported once.)"""
    problems = []
    numbered = sorted((int(m.group(1)), session) for session in curriculum.sessions
                      if (m := re.fullmatch(r"session-([1-9][0-9]*)", session.id)))
    for expected, (number, session) in enumerate(numbered, start=1):
        if number != expected:
            doc = docs[f"curriculum/sessions/{session.id}.yml"]
            problems.append(Problem(doc.file, doc.line_for(("number",)), "number",
                                    f"{session.id}.yml breaks the sequence of sessions (expected session-{expected}.yml)",
                                    "number the sessions 1, 2, 3 … without gaps: rename the file and its number"))
            break
    return problems


@check
def pre_assignments(curriculum, docs):
    """The first session has no field practice before it (the seed shows four, between five sessions)."""
    if curriculum.sessions and curriculum.sessions[0].pre_assignment is not None:
        first = curriculum.sessions[0]
        doc = docs[f"curriculum/sessions/{first.id}.yml"]
        return [Problem(doc.file, doc.line_for(("pre_assignment",)), "pre_assignment",
                        "the first session cannot have field practice before it", "remove pre_assignment")]
    return []


@check
def cycle_timepoints(curriculum, docs):
    doc = docs["curriculum/operating-cycle.yml"]
    known = {t.id: t for t in curriculum.operating_cycle.timepoints}
    return [
        _unknown(doc, ("tasks", index, "timepoint"), "timepoint {value} (not in timepoints of this file)", task.timepoint, known)
        for index, task in enumerate(curriculum.operating_cycle.tasks)
        if task.timepoint not in known
    ]


@check
def growth_step_cells(curriculum, docs):
    doc = docs["curriculum/growth-steps.yml"]
    levels = [level.id for level in curriculum.growth_steps.levels]
    problems = []
    if sorted(levels) != sorted(set(levels)):
        problems.append(Problem(doc.file, doc.line_for(("levels",)), "levels", "levels repeat", "list each level once"))
    for d_index, dimension in enumerate(curriculum.growth_steps.dimensions):
        for i_index, item in enumerate(dimension.items):
            missing = [level for level in levels if level not in item.cells]
            if missing:
                path = ("dimensions", d_index, "items", i_index, "cells")
                problems.append(Problem(doc.file, doc.line_for(path), _dotted(path),
                                        f"missing cells for {', '.join(missing)}", "every item needs a cell for every level"))
    return problems


@check
def comparison_cells(curriculum, docs):
    doc = docs["curriculum/background.yml"]
    comparison = curriculum.background.comparison
    columns = [c.id for c in comparison.columns]
    problems = []
    for index, row in enumerate(comparison.rows):
        if sorted(row.cells) != sorted(columns):
            path = ("comparison", "rows", index, "cells")
            problems.append(Problem(doc.file, doc.line_for(path), _dotted(path),
                                    f"cells {sorted(row.cells)} do not match the columns {columns}",
                                    "give one cell per column id"))
    return problems


@check
def participant_count(curriculum, docs):
    """The report says how many municipalities were selected; the list must name that many."""
    participants = curriculum.program.participants
    if len(participants.municipalities) != participants.selected:
        doc = docs["curriculum/program.yml"]
        return [Problem(doc.file, doc.line_for(("participants", "municipalities")), "participants.municipalities",
                        f"{len(participants.municipalities)} municipalities listed, but selected: {participants.selected}",
                        "list every selected municipality once, as the report names them")]
    return []


@check
def worksheet_codes(curriculum, docs):
    """Short codes (WS-xx) are printed on paper: each names one worksheet."""
    problems, seen = [], {}
    for worksheet in curriculum.worksheets:
        doc = docs[f"curriculum/worksheets/{worksheet.id}.yml"]
        if worksheet.code in seen:
            problems.append(Problem(doc.file, doc.line_for(("code",)), "code",
                                    f"code {worksheet.code} is also used by {seen[worksheet.code]}", "give each worksheet its own WS-xx code"))
        seen.setdefault(worksheet.code, doc.file)
        if not worksheet.used_in.sessions and not worksheet.used_in.accompaniment:
            problems.append(Problem(doc.file, doc.line_for(("used_in",)), "used_in",
                                    "the worksheet is used nowhere", "list its sessions or set accompaniment: true"))
    return problems


@check
def guides_match_sessions(curriculum, docs):
    """Each session has exactly one guide, named after it; guides point at real rubric items and worksheets."""
    problems = []
    sessions = {s.id for s in curriculum.sessions}
    guides = {g.id for g in curriculum.guides}
    for missing in sorted(sessions - guides):
        problems.append(Problem(f"curriculum/guides/{missing}.yml", 1, "", f"session {missing!r} has no guide",
                                f"create curriculum/guides/{missing}.yml (copy another session's guide)"))
    for extra in sorted(guides - sessions):
        problems.append(Problem(f"curriculum/guides/{extra}.yml", 1, "id", f"no session {extra!r} in curriculum/sessions/",
                                "name the guide after an existing session"))
    items = {i.id for d in curriculum.growth_steps.dimensions for i in d.items}
    for guide in curriculum.guides:
        doc = docs[f"curriculum/guides/{guide.id}.yml"]
        for index, aim in enumerate(guide.aims):
            if aim not in items:
                problems.append(_unknown(doc, ("aims", index), UNKNOWN_ITEM, aim, items))
    worksheets = {w.id for w in curriculum.worksheets}
    doc = docs["curriculum/accompaniment-guide.yml"]
    for s_index, step in enumerate(curriculum.accompaniment_guide.steps):
        for w_index, worksheet_id in enumerate(step.worksheets):
            if worksheet_id not in worksheets:
                problems.append(_unknown(doc, ("steps", s_index, "worksheets", w_index), UNKNOWN_WORKSHEET, worksheet_id, worksheets))
    return problems


@check
def timetable_times(curriculum, docs):
    """An example timetable slot ends after it starts (times are "HH:MM", so text order is time order)."""
    problems = []
    for guide in curriculum.guides:
        doc = docs[f"curriculum/guides/{guide.id}.yml"]
        for index, slot in enumerate(guide.timetable):
            if slot.end <= slot.start:
                problems.append(Problem(doc.file, doc.line_for(("timetable", index, "end")), f"timetable.{index}.end",
                                        f"the slot ends at {slot.end}, not after it starts ({slot.start})",
                                        "check both times; a slot cannot run past midnight"))
    return problems


# --- facilitation: activity cards, questions, coaching, relay talk, roles ------------------------


def _activities_of(session) -> list[str]:
    """The activities a session's guide needs a card for: each contents item, and the sharing of the
    まちでの実践 when the session has one."""
    return [f"content-{n}" for n in range(1, len(session.contents) + 1)] + (["sharing"] if session.pre_assignment else [])


def _minutes(start: str, end: str) -> int:
    (h1, m1), (h2, m2) = (map(int, start.split(":")), map(int, end.split(":")))
    return (h2 * 60 + m2) - (h1 * 60 + m1)


@check
def activity_cards(curriculum, docs):
    """Every activity of a session has exactly one card; a card's ids (worksheets, example case, growth steps)
    exist; the questions probe growth-step items of the guide's aims; the timetable's slots for an activity
    last as long as its card's steps."""
    problems = []
    items = {item.id for dimension in curriculum.growth_steps.dimensions for item in dimension.items}
    worksheets = {w.id for w in curriculum.worksheets}
    cases = {c.id for c in curriculum.cases}
    for guide in curriculum.guides:
        name = f"curriculum/guides/{guide.id}.yml"
        doc = docs[name]
        try:
            session = curriculum.session(guide.id)
        except KeyError:
            continue  # guides_match_sessions reports it
        wanted = _activities_of(session)
        seen: set[str] = set()
        for index, card in enumerate(guide.activities):
            path = ("activities", index, "activity")
            if card.activity not in wanted:
                problems.append(Problem(doc.file, doc.line_for(path), _dotted(path),
                                        f"{session.id} has no activity {card.activity!r}",
                                        f"use one of: {_known(wanted)} (content-N is the N-th item of contents; sharing needs pre_assignment)"))
            elif card.activity in seen:
                problems.append(Problem(doc.file, doc.line_for(path), _dotted(path),
                                        f"a second card for {card.activity!r}", "keep one card per activity"))
            seen.add(card.activity)
            for w_index, worksheet_id in enumerate(card.worksheets):
                if worksheet_id not in worksheets:
                    problems.append(_unknown(doc, ("activities", index, "worksheets", w_index), UNKNOWN_WORKSHEET, worksheet_id, worksheets))
            if card.example and card.example not in cases:
                epath = ("activities", index, "example")
                problems.append(_unknown(doc, epath, "case {value} (not in curriculum/cases/)", card.example, cases))
            for l_index, listen in enumerate(card.listen_for):
                if listen.aim not in items:
                    problems.append(_unknown(doc, ("activities", index, "listen_for", l_index, "aim"), UNKNOWN_ITEM, listen.aim, items))
            slots = [s for s in guide.timetable if s.activity_ref == card.activity]
            planned = sum(_minutes(s.start, s.end) for s in slots)
            steps = sum(step.minutes for step in card.steps)
            # A slot that ends before it starts is reported once, by timetable_times.
            if slots and all(s.end > s.start for s in slots) and planned != steps:
                spath = ("activities", index, "steps")
                problems.append(Problem(doc.file, doc.line_for(spath), _dotted(spath),
                                        f"the steps of {card.activity} take {steps} minutes, its timetable slots {planned}",
                                        "make the steps' minutes add up to the slots with activity_ref: " + card.activity))
        missing = [a for a in wanted if a not in seen]
        if missing:
            problems.append(Problem(doc.file, doc.line_for(("activities",)), "activities",
                                    f"no card for {', '.join(missing)} of {session.id}",
                                    "add a card per contents item (content-N) and for sharing when the session has pre_assignment"))
        # Probes are checked against the aims only when every aim is a known item (a misspelt aim is reported
        # once, by guides_match_sessions, not again at every question that probes the intended item).
        aims_known = all(aim in items for aim in guide.aims)
        for key in ("questions", "coaching_questions"):
            for q_index, question in enumerate(getattr(guide, key)):
                for p_index, probe in enumerate(question.probes):
                    if probe not in items:
                        ppath = (key, q_index, "probes", p_index)
                        problems.append(Problem(doc.file, doc.line_for(ppath), _dotted(ppath),
                                                f"unknown growth-step item {probe!r} (not in curriculum/growth-steps.yml)",
                                                f"use one of: {_known(guide.aims)}"))
                    elif aims_known and probe not in guide.aims:
                        ppath = (key, q_index, "probes", p_index)
                        problems.append(Problem(doc.file, doc.line_for(ppath), _dotted(ppath),
                                                f"{probe!r} is not one of this guide's aims",
                                                f"use one of: {_known(guide.aims)} (or add it to aims)"))
        refs = set(wanted) | {"coaching"}
        for s_index, slot in enumerate(guide.timetable):
            if slot.activity_ref and slot.activity_ref not in refs:
                tpath = ("timetable", s_index, "activity_ref")
                problems.append(Problem(doc.file, doc.line_for(tpath), _dotted(tpath),
                                        f"{session.id} has no activity {slot.activity_ref!r}", f"use one of: {_known(sorted(refs))}"))
    return problems


@check
def facilitation_references(curriculum, docs):
    """The coaching's steps fill its minutes; the record form, the relay talk's session, activity, letter and
    planner tasks exist; the speakers' time fits the relay talk's card."""
    problems = []
    doc = docs.get("curriculum/facilitation.yml")
    if doc is None:
        return problems
    fac = curriculum.facilitation
    worksheets = {w.id for w in curriculum.worksheets}
    for d_index, day in enumerate(fac.coaching.days):
        total = sum(step.minutes for step in day.steps)
        if total != fac.coaching.minutes.value:
            path = ("coaching", "days", d_index, "steps")
            problems.append(Problem(doc.file, doc.line_for(path), _dotted(path),
                                    f"day {day.day}'s steps take {total} minutes, not the {fac.coaching.minutes.value} of coaching.minutes",
                                    "make the steps add up to coaching.minutes"))
    if sorted(day.day for day in fac.coaching.days) != [1, 2]:
        problems.append(Problem(doc.file, doc.line_for(("coaching", "days")), "coaching.days", "give day 1 and day 2 once each", "days: day 1, then day 2"))
    for path, worksheet_id in ((("coaching", "record"), fac.coaching.record), (("relay_talk", "letter"), fac.relay_talk.letter)):
        if worksheet_id not in worksheets:
            problems.append(_unknown(doc, path, UNKNOWN_WORKSHEET, worksheet_id, worksheets))
    relay = fac.relay_talk
    sessions = {s.id: s for s in curriculum.sessions}
    if relay.session not in sessions:
        problems.append(_unknown(doc, ("relay_talk", "session"), "session {value}", relay.session, sessions))
    else:
        wanted = _activities_of(sessions[relay.session])
        if relay.activity not in wanted:
            problems.append(Problem(doc.file, doc.line_for(("relay_talk", "activity")), "relay_talk.activity",
                                    f"{relay.session} has no activity {relay.activity!r}", f"use one of: {_known(wanted)}"))
        else:
            guide = next((g for g in curriculum.guides if g.id == relay.session), None)
            card = next((c for c in guide.activities if c.activity == relay.activity), None) if guide else None
            if card and relay.speakers * relay.minutes_each > sum(step.minutes for step in card.steps):
                problems.append(Problem(doc.file, doc.line_for(("relay_talk", "minutes_each")), "relay_talk.minutes_each",
                                        f"{relay.speakers} speakers × {relay.minutes_each} minutes do not fit the card's "
                                        f"{sum(step.minutes for step in card.steps)} minutes",
                                        "fewer speakers, shorter talks or a longer slot"))
    tasks = {task.id for task in curriculum.operating_cycle.handbook_tasks}
    for index, task_id in enumerate(relay.tasks):
        if task_id not in tasks:
            problems.append(_unknown(doc, ("relay_talk", "tasks", index),
                                     "task {value} (not in handbook_tasks of curriculum/operating-cycle.yml)", task_id, tasks))
    return problems


@check
def handbook_tasks(curriculum, docs):
    """A task the handbook adds to the planner names a timing point and sessions that exist."""
    problems = []
    doc = docs["curriculum/operating-cycle.yml"]
    cycle = curriculum.operating_cycle
    points = {tp.id for tp in cycle.timepoints}
    sessions = {s.id for s in curriculum.sessions}
    for index, task in enumerate(cycle.handbook_tasks):
        if task.timepoint not in points:
            problems.append(_unknown(doc, ("handbook_tasks", index, "timepoint"), "timing point {value}", task.timepoint, points))
        for s_index, session_id in enumerate(task.sessions):
            if session_id not in sessions:
                problems.append(_unknown(doc, ("handbook_tasks", index, "sessions", s_index), "session {value}", session_id, sessions))
    return problems


@check
def staffing_roles(curriculum, docs):
    """Every row of the staffing table names the role cards (roles.yml) that cover it."""
    problems = []
    doc = docs["curriculum/operating-cycle.yml"]
    roles = {role.id for role in curriculum.roles.roles}
    staffing = curriculum.operating_cycle.staffing
    for key in ("per_group", "totals"):
        for index, row in enumerate(getattr(staffing, key)):
            path = ("staffing", key, index)
            if not row.roles:
                problems.append(Problem(doc.file, doc.line_for(path), _dotted(path), f"no role card for {row.role.ja}",
                                        f"add roles: [...] with ids from curriculum/roles.yml ({_known(sorted(roles))})"))
            for r_index, role_id in enumerate(row.roles):
                if role_id not in roles:
                    problems.append(_unknown(doc, path + ("roles", r_index), "role {value} (not in curriculum/roles.yml)", role_id, roles))
    return problems
