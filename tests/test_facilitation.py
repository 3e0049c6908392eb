"""Facilitator guides (issue 16): every expectation is derived from the YAML (sessions, guides, facilitation,
roles, operating cycle) and checked in the built pages of the shared `site` build, and in a few broken copies
of the curriculum for the cross-references."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from lxml import html as lxml_html

from conftest import ROOT, copy_project
from helpers import normalise, page_file

CURRICULUM = ROOT / "curriculum"
SESSIONS = sorted((CURRICULUM / "sessions").glob("*.yml"))
CARD_ELEMENTS = ("invitation", "groups", "space", "steps", "listen_for", "outputs", "difficulties")
CARD_LABELS = ("card_invitation", "card_groups", "card_space", "card_steps", "card_listen_for", "card_outputs", "card_difficulties")


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


LABELS = load(ROOT / "scripts" / "handbook" / "views" / "labels.yml")
FACILITATION = load(CURRICULUM / "facilitation.yml")
ROLES = load(CURRICULUM / "roles.yml")["roles"]
CYCLE = load(CURRICULUM / "operating-cycle.yml")
GROWTH_IDS = {item["id"] for d in load(CURRICULUM / "growth-steps.yml")["dimensions"] for item in d["items"]}


def expected_activities(session: dict) -> list[str]:
    """What the brief asks a card for: each contents item, and the sharing of the field practice done before."""
    return [f"content-{n}" for n in range(1, len(session["contents"]) + 1)] + (["sharing"] if session.get("pre_assignment") else [])


@pytest.fixture(params=SESSIONS, ids=[p.stem for p in SESSIONS])
def pair(request):
    session = load(request.param)
    return session, load(CURRICULUM / "guides" / f"{session['id']}.yml")


def tree(site: Path, url: str):
    return lxml_html.fromstring(page_file(site, url).read_text(encoding="utf-8"))


def text_of(element) -> str:
    return normalise(" ".join(element.itertext()))


# --- the data ----------------------------------------------------------------------------------------


def test_every_activity_has_one_card_with_every_element(pair):
    session, guide = pair
    cards = [card["activity"] for card in guide["activities"]]
    assert sorted(cards) == sorted(expected_activities(session))
    for card in guide["activities"]:
        for element in CARD_ELEMENTS:
            assert card.get(element), (session["id"], card["activity"], element)
        for step in card["steps"]:
            assert step["minutes"] > 0 and step["text"]["ja"] and step["text"]["en"]
        for listen in card["listen_for"]:
            assert listen["aim"] in GROWTH_IDS


def test_card_minutes_match_the_example_timetable(pair):
    """The steps of a card take exactly the minutes of the timetable slots that run it."""
    _, guide = pair

    def minutes(slot):
        (h1, m1), (h2, m2) = (map(int, slot[k].split(":")) for k in ("start", "end"))
        return h2 * 60 + m2 - h1 * 60 - m1

    for card in guide["activities"]:
        slots = [s for s in guide["timetable"] if s.get("activity_ref") == card["activity"]]
        assert slots, card["activity"]
        assert sum(minutes(s) for s in slots) == sum(step["minutes"] for step in card["steps"]), card["activity"]


def test_timetables_have_breaks_and_both_days_of_coaching(pair):
    _, guide = pair
    for day in (1, 2):
        slots = [s for s in guide["timetable"] if s["day"] == day]
        assert any(s.get("kind") == "break" for s in slots), day
        assert any(s.get("activity_ref") == "coaching" for s in slots), day
        ordered = sorted(slots, key=lambda s: s["start"])
        assert all(a["end"] <= b["start"] for a, b in zip(ordered, ordered[1:])), day  # no overlap


def test_five_questions_tied_to_the_aims(pair):
    _, guide = pair
    assert len(guide["questions"]) >= 5
    for question in guide["questions"] + guide["coaching_questions"]:
        assert question["probes"] and set(question["probes"]) <= set(guide["aims"]), question["text"]["ja"]


def test_coaching_steps_fill_the_reports_minutes():
    coaching = FACILITATION["coaching"]
    assert coaching["minutes"]["source"]  # 40分程度 is the report's figure
    assert sorted(day["day"] for day in coaching["days"]) == [day["day"] for day in CYCLE["guidance"]["days"]]
    for day in coaching["days"]:
        assert sum(step["minutes"] for step in day["steps"]) == coaching["minutes"]["value"]


def test_every_staffing_role_has_a_role_card():
    ids = {role["id"] for role in ROLES}
    for key in ("per_group", "totals"):
        for row in CYCLE["staffing"][key]:
            assert row.get("roles"), row["role"]["ja"]
            assert set(row["roles"]) <= ids, row["role"]["ja"]
    for role in ROLES:
        for key in ("before", "during", "after"):
            assert role[key], (role["id"], key)


def test_handbook_tasks_are_planned_only_for_their_sessions_and_marked():
    from handbook.views import planner
    from handbook.content.curriculum import load_curriculum

    curriculum = load_curriculum(ROOT)
    entries = planner.plan(curriculum, date(2027, 6, 10))
    numbers = {s.id: s.number for s in curriculum.sessions}
    for task in curriculum.operating_cycle.handbook_tasks:
        planned = [e for e in entries if e.task_id == task.id]
        assert sorted(e.session_number for e in planned) == sorted(numbers[s] for s in task.sessions)
        assert all(e.placement == task.kind for e in planned)
        mark = planner.placement_text(planned[0], "ja")
        assert mark == LABELS[f"placement_{task.kind}"]["ja"] and mark.startswith(LABELS[task.kind]["ja"])
    assert set(FACILITATION["relay_talk"]["tasks"]) <= {t.id for t in curriculum.operating_cycle.handbook_tasks}


# --- the built pages ---------------------------------------------------------------------------------


def test_guide_page_shows_every_card_marked_as_example(site, pair):
    session, guide = pair
    page = tree(site, f"guides/{session['id']}/")
    for activity in expected_activities(session) + ["coaching"]:
        found = page.xpath(f'//*[@id="card-{activity}"]')
        assert len(found) == 1, activity
        card = found[0]
        text = text_of(card)
        for key in CARD_LABELS:
            assert normalise(LABELS[key]["ja"]) in text, (activity, key)
        marks = card.xpath('.//*[@data-addition="example"]')
        assert marks and normalise(LABELS["example"]["ja"]) in text_of(marks[0]), activity  # the card is the handbook's
    for card in guide["activities"]:
        element = page.xpath(f'//*[@id="card-{card["activity"]}"]')[0]
        assert normalise(card["invitation"]["ja"]) in text_of(element)
        if card["activity"] != "sharing":  # the activity's name is the report's: 出典 beside it
            assert element.xpath('.//*[contains(@class, "hb-source")]'), card["activity"]
        for ws in card.get("worksheets", []):
            assert element.xpath(f'.//a[contains(@href, "{ws}.pdf")]') and element.xpath(f'.//a[contains(@href, "{ws}.docx")]')
        if card.get("example"):
            assert element.xpath(f'.//a[contains(@href, "cases/{card["example"]}/")]')


def test_guide_page_questions_marked_and_tied(site, pair):
    session, guide = pair
    page = tree(site, f"guides/{session['id']}/")
    heading = page.xpath('//*[@id="questions"]')[0]
    listing = heading.getnext()
    items = listing.xpath("./li")
    assert len(items) == len(guide["questions"])
    for item, question in zip(items, guide["questions"]):
        text = text_of(item)
        assert normalise(question["text"]["ja"]) in text
        if question.get("source"):
            assert item.xpath('.//*[contains(@class, "hb-source")]')
        else:
            assert item.xpath('.//*[contains(@class, "hb-badge--example")]'), question["text"]["ja"]
        assert len(item.xpath('.//a[contains(@href, "growth-steps")]')) == len(question["probes"])


def test_coaching_and_relay_talk_sections(site, pair):
    session, guide = pair
    page = tree(site, f"guides/{session['id']}/")
    whole = text_of(page.xpath("//article")[0])
    for day in FACILITATION["coaching"]["days"]:
        for question in day["questions"]:
            assert normalise(question["ja"]) in whole
    for question in guide["coaching_questions"]:
        assert normalise(question["text"]["ja"]) in whole
    record = FACILITATION["coaching"]["record"]
    assert page.xpath(f'//*[@id="card-coaching"]//a[contains(@href, "{record}.docx")]')
    relay = FACILITATION["relay_talk"]
    if session["id"] == relay["session"]:
        assert page.xpath('//*[@id="relay-talk"]')
        for who in relay["invite"] + relay["brief"]:
            assert normalise(who["ja"]) in whole
        assert page.xpath(f'//a[contains(@href, "{relay["letter"]}.docx")]')
        tasks = {t["id"]: t for t in CYCLE["handbook_tasks"]}
        for task_id in relay["tasks"]:
            assert normalise(tasks[task_id]["title"]["ja"]) in whole
    else:
        assert not page.xpath('//*[@id="relay-talk"]')


def test_prep_checklist_counts_from_the_model(site, pair):
    """The checklist names each handout with the copies GroupSize.copies_per_group gives (not counted again here)."""
    from handbook.content.curriculum import load_curriculum

    session, guide = pair
    curriculum = load_curriculum(ROOT)
    model = curriculum.session(session["id"])
    group = curriculum.operating_cycle.group_size
    page = tree(site, f"guides/{session['id']}/")
    prep = page.xpath(f'//*[contains(@class, "hb-prep")][@data-session="{session["id"]}"]')
    assert len(prep) == 1
    text = text_of(prep[0])
    for ws in curriculum.handouts(model):
        line = f"{ws.code} {ws.title.ja}：" + LABELS["guide_copies_up_to"]["ja"].replace("{n}", str(group.copies_per_group(ws.copies)))
        assert normalise(line) in text, line
    for card in guide["activities"]:
        assert normalise(card["space"]["ja"]) in text
    if session.get("pre_assignment"):
        for line in FACILITATION["reading_guide"]:
            assert normalise(line["ja"]) in text


def test_prep_checklist_follows_the_planners_loop(site):
    """A task the previous session's last task plans (the figure's loop: 事前課題依頼) is listed in the checklist
    at that session's timing, as the planner dates it — not at its own timepoint — for every session but the first."""
    from handbook.content.curriculum import load_curriculum
    from handbook.views.render import text_in

    curriculum = load_curriculum(ROOT)
    cycle = curriculum.operating_cycle
    closing = next(task for task in cycle.tasks if task.next_session)
    opened = next(task for task in cycle.tasks if task.id == closing.next_session)
    points = {point.id: point for point in cycle.timepoints}
    checked = 0
    for position, session in enumerate(curriculum.sessions):
        if opened.for_practice and session.pre_assignment is None:
            continue
        items = [text_of(li) for li in tree(site, f"guides/{session.id}/").xpath(
            f'//*[@data-session="{session.id}"]//li[contains(normalize-space(.), "{text_in(opened.title, "ja")}")]')]
        if position == 0:
            timing = text_in(points[opened.timepoint].label, "ja")
        else:
            timing = LABELS["planner_timing_of_session"]["ja"].format(
                session=LABELS["session_title"]["ja"].format(n=curriculum.sessions[position - 1].number),
                timing=text_in(points[closing.timepoint].label, "ja"))
        assert any(normalise(timing) in item for item in items), (session.id, timing, items)
        checked += 1
    assert checked >= 2


def test_role_cards_on_the_guides_index(site):
    page = tree(site, "guides/")
    for role in ROLES:
        card = page.xpath(f'//*[@data-role="{role["id"]}"]')
        assert len(card) == 1 and page.xpath(f'//*[@id="role-{role["id"]}"]'), role["id"]
        items = [role["summary"]] + role["before"] + role["during"] + role["after"]
        sourced = [item for item in items if item.get("source")]
        added = [item for item in items if not item.get("source")]
        assert len(card[0].xpath('.//*[contains(@class, "hb-source__label")]')) == len(sourced), role["id"]
        assert len(card[0].xpath('.//*[@data-addition="supplement"]')) == len(added), role["id"]
        for item in items:
            assert normalise(item["text"]["ja"]) in text_of(card[0])


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_new_printables_exist_as_pdf_and_word(site, prefix):
    for worksheet_id in (FACILITATION["coaching"]["record"], FACILITATION["relay_talk"]["letter"]):
        folder = site / prefix / "worksheets" / worksheet_id
        for suffix in (".pdf", ".docx"):
            path = folder / f"{worksheet_id}{suffix}"
            assert path.exists() and path.stat().st_size > 1000, path
        code = load(CURRICULUM / "worksheets" / f"{worksheet_id}.yml")["code"]
        assert (site / prefix / code.lower() / "index.html").exists()  # the short address /ws-NN/


def test_english_guide_shows_english_cards(site, pair):
    session, guide = pair
    page = tree(site, f"en/guides/{session['id']}/")
    for card in guide["activities"]:
        element = page.xpath(f'//*[@id="card-{card["activity"]}"]')[0]
        assert normalise(card["invitation"]["en"]) in text_of(element)
    assert normalise(LABELS["card_invitation"]["en"]) in text_of(page.xpath("//article")[0])


# --- broken references are reported at their line -------------------------------------------------


BROKEN = [
    ("curriculum/guides/session-3.yml", "  - activity: content-2\n", "  - activity: content-7\n", "activities.", "has no activity 'content-7'"),
    ("curriculum/guides/session-3.yml", "    probes: [leadership]\n", "    probes: [persistence]\n", "probes", "not one of this guide's aims"),
    ("curriculum/facilitation.yml", "  letter: relay-talk-letter\n", "  letter: no-such-sheet\n", "relay_talk.letter", "unknown worksheet"),
    ("curriculum/operating-cycle.yml", "      roles: [supporter]\n", "      roles: [helper]\n", "staffing.totals.1.roles.0", "unknown role 'helper'"),
]


@pytest.mark.parametrize("file, old, new, field, message", BROKEN, ids=[b[3] for b in BROKEN])
def test_broken_reference_is_reported_at_its_line(tmp_path, file, old, new, field, message):
    from handbook.content.curriculum import load_curriculum
    from handbook.content.problems import CurriculumError

    project = copy_project(tmp_path / "project")
    path = project / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    with pytest.raises(CurriculumError) as raised:
        load_curriculum(project)
    mine = [p for p in raised.value.problems if p.file == file and field in p.field and message in p.message]
    assert mine, raised.value.report()
    assert any(p.line == line for p in mine), [(p.line, p.field) for p in mine]
