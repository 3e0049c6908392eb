"""One English rendering per concept (issue 13.8): `python -m handbook terms` reads every bilingual record against
the glossary. The records checked here are added to a copy of the project as glossary entries (their definitions);
the expected wording comes from glossary.yml."""

from __future__ import annotations

import pytest

from conftest import ROOT, copy_project, run
from handbook.content.curriculum import load_curriculum
from handbook.qa import parity

GLOSSARY = "curriculum/glossary.yml"
TERMS = {term.id: term for term in load_curriculum(ROOT).glossary.terms}
ISSUE, PROBLEM, ASSIGNMENT, INSIGHT, BUILDING = (TERMS[i] for i in ("kadai", "mondai", "jizen-kadai", "kizuki", "chiiki-zukuri"))

# (name, ja, en) of each record added to the copy.
RECORDS = [
    # 課題 rendered as 問題's English: reported
    ("wrong", f"{ISSUE.term.ja}を見極める。", f"Identify the {PROBLEM.term.en}."),
    # clean: an inflection of the term; a longer term holding it (事前課題 is not 課題); a phrase the glossary lists
    # as another sense of the term (the verb 〜に気づき); case and hyphens do not matter
    ("inflected", f"{ISSUE.term.ja}を共有する。", f"Share the {ISSUE.accepted_english[-1]}."),
    ("longer-term", f"{ASSIGNMENT.term.ja}を出す。", f"Hand in the {ASSIGNMENT.term.en}."),
    ("other-sense", f"変化{INSIGHT.other_senses[0].phrase}、書き留める。", "Notice the change and write it down."),
    ("case-and-hyphen", f"{BUILDING.term.ja}を進める。", f"Take {BUILDING.term.en.title().replace(' ', '-')} forward."),
    # a term's romaji typed into the text: the first-use link on each page gives it
    ("romaji", f"{BUILDING.term.ja}を語る。", f"Talk about {BUILDING.term.en} ({BUILDING.romaji})."),
    # the same Japanese three times: a plural or a capital is the same rendering, other wording is not
    ("same-1", f"{ISSUE.term.ja}を書き出す。", f"Write down the {ISSUE.term.en}."),
    ("same-2", f"{ISSUE.term.ja}を書き出す。", f"write down the {ISSUE.accepted_english[-1]}."),
    ("same-3", f"{ISSUE.term.ja}を書き出す。", f"List the {ISSUE.term.en}."),
]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of the project whose glossary gains one entry per record; the line of each record's English."""
    project = copy_project(tmp_path_factory.mktemp("terms") / "project")
    path = project / GLOSSARY
    head, marker, tail = path.read_text(encoding="utf-8").partition("\nvariants:")
    assert marker, "glossary.yml has no variants: after its terms"
    entries = "".join(f"  - id: fixture-{name}\n    term: {{ja: 試験用語{n}, en: fixture term {n}}}\n    reading: しけんようご\n"
                      f"    definition:\n      ja: {ja}\n      en: {en}\n\n" for n, (name, ja, en) in enumerate(RECORDS))
    path.write_text(head.rstrip("\n") + "\n\n" + entries + marker + tail, encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    where = {name: lines.index(f"      en: {en}", lines.index(f"  - id: fixture-{name}")) + 1 for name, _, en in RECORDS}
    return project, where


@pytest.fixture(scope="module")
def problems(project):
    root, where = project
    found = parity.check_renderings(root)
    return {name: [p for p in found if p.file == GLOSSARY and p.line == line] for name, line in where.items()}


def field_of(name: str) -> str:
    return f"terms.{len(TERMS) + [r[0] for r in RECORDS].index(name)}.definition.en"


def test_a_term_rendered_another_way_is_reported_with_the_glossary_id(problems):
    assert [(p.field, p.message) for p in problems["wrong"]] == [
        (field_of("wrong"), f'{ISSUE.term.ja} is rendered without "{ISSUE.accepted_english[0]}" (glossary: {ISSUE.id})')]
    assert all(f'"{form}"' in problems["wrong"][0].hint for form in ISSUE.accepted_english)


def test_clean_records_give_nothing(problems):
    for name in ("inflected", "longer-term", "other-sense", "case-and-hyphen", "same-1", "same-2"):
        assert problems[name] == [], name


def test_typed_romaji_is_reported(problems):
    assert [p.message for p in problems["romaji"]] == [
        f'romanised Japanese "{BUILDING.romaji}" typed into the English (glossary: {BUILDING.id})']


def test_the_same_japanese_has_the_same_english(project, problems):
    _, where = project
    [finding] = problems["same-3"]
    assert finding.message == (f'the same Japanese is rendered "List the {ISSUE.term.en}." here but '
                               f'"Write down the {ISSUE.term.en}." at {GLOSSARY}:{where["same-1"]}')


@pytest.mark.parametrize("command", ["terms", "parity"])
def test_the_command_lists_every_finding_and_fails(project, command):
    """`terms` alone, and `parity` (make parity, CI) which includes it."""
    root, where = project
    result = run(["-m", "handbook", "--root", str(root), command], cwd=root)
    assert result.returncode == 1
    assert (f'{GLOSSARY}:{where["wrong"]}: {field_of("wrong")}: {ISSUE.term.ja} is rendered without '
            f'"{ISSUE.accepted_english[0]}" (glossary: {ISSUE.id}) (hint: ') in result.stderr
    assert f'{GLOSSARY}:{where["same-3"]}: {field_of("same-3")}: the same Japanese is rendered' in result.stderr
    assert f'{GLOSSARY}:{where["romaji"]}: {field_of("romaji")}: romanised Japanese' in result.stderr


def test_the_glossary_term_decides_between_renderings():
    """Where a whole record is a glossary term, the term's English is the rendering the others are held to."""
    records = [parity.Record("a.yml", 1, "x", ISSUE.term.ja, "Matter"),
               parity.Record(GLOSSARY, 9, "terms.3.term", ISSUE.term.ja, ISSUE.term.en),
               parity.Record("b.yml", 2, "y", ISSUE.term.ja, "Matter")]
    found = parity.same_japanese_same_english(records)
    assert [(p.file, p.message) for p in found] == [
        (f, f'the same Japanese is rendered "Matter" here but "{ISSUE.term.en}" at {GLOSSARY}:9') for f in ("a.yml", "b.yml")]
