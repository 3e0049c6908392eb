"""Guides for lecturers: computed parts match the data; quotes carry 出典; run sheets are A4 PDFs."""

from __future__ import annotations

import subprocess

import pytest
import yaml

from conftest import ROOT
from helpers import article_text, normalise, page_file

GUIDES = sorted((ROOT / "curriculum" / "guides").glob("*.yml"))


def load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(params=GUIDES, ids=[p.stem for p in GUIDES])
def guide(request):
    return load(request.param)


def test_guide_page_holds_questions_pitfalls_and_timetable(site, guide):
    text = article_text(page_file(site, f"guides/{guide['id']}/"))
    for item in guide["questions"] + guide["prompts"] + guide["pitfalls"]:
        assert normalise(item["text"]["ja"]) in text
    for slot in guide["timetable"]:
        assert normalise(slot["activity"]["ja"]) in text
    from handbook.views.render import load_labels

    assert normalise(load_labels()["guide_timetable_example"]["ja"]) in text
    # computed parts: the session's contents, the staffing, the individual guidance, the cycle
    session = load(ROOT / "curriculum" / "sessions" / f"{guide['id']}.yml")
    for item in session["contents"]:
        assert normalise(item["ja"]) in text
    cycle = load(ROOT / "curriculum" / "operating-cycle.yml")
    staffing = [row["role"]["ja"] + row["count"]["ja"] for row in cycle["staffing"]["totals"]]
    timepoints = [point["label"]["ja"] for point in cycle["timepoints"]]
    for marker in (*staffing, cycle["guidance"]["unit"]["ja"], *timepoints):
        assert normalise(marker) in text, marker


def test_guide_lists_worksheets_with_counts(site, guide):
    html = page_file(site, f"guides/{guide['id']}/").read_text(encoding="utf-8")
    sheets = [load(p) for p in sorted((ROOT / "curriculum" / "worksheets").glob("*.yml"))]
    used_here = [s for s in sheets if guide["id"] in s["used_in"].get("sessions", []) and s["used_in"].get("handed_out", "during") == "during"]
    for sheet in used_here:
        assert f"{sheet['id']}.pdf" in html, sheet["id"]
    assert "最大18枚" in html or not used_here  # 6 municipalities × 3 people for one copy each


def test_every_quote_shows_its_source(site, guide):
    """Report passages (prompts, pitfalls) each carry 出典; the advice on using one is a 補足 outside the quote."""
    html = page_file(site, f"guides/{guide['id']}/").read_text(encoding="utf-8")
    quoted = html.split('id="prompts"')[1].split('id="handouts"')[0]
    assert quoted.count('class="hb-source__label"') == len(guide["prompts"]) + len(guide["pitfalls"])
    advice = [item for item in guide["prompts"] + guide["pitfalls"] if item.get("use")]
    assert quoted.count('data-addition="supplement"') == len(advice)
    for item in guide["prompts"] + guide["pitfalls"]:
        assert "として使う" not in (item.get("context") or {}).get("ja", ""), item["text"]["ja"]


def test_headings_claim_no_more_than_the_report(site, guide):
    """Issue 13, point 3: the old headings are gone; the new ones come from labels.yml."""
    from handbook.views.render import load_labels

    labels = load_labels()
    text = article_text(page_file(site, f"guides/{guide['id']}/"))
    for key in ("guide_questions", "guide_prompts", "guide_pitfalls"):
        assert normalise(labels[key]["ja"]) in text
    assert normalise("講師が投げかける問い（報告書より）") not in text
    assert normalise("つまずきやすい点と改善点（報告書の検証より）") not in text


def test_run_sheet_pdf(site, guide):
    pdf = site / "guides" / guide["id"] / f"run-sheet-{guide['id']}.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "595.276 x 841.89" in info
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "IPAexGothic" in fonts or "CJK" in fonts
    text = normalise(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    assert normalise("進行表") in text
    for slot in guide["timetable"]:
        assert slot["start"] in text


def test_support_team_guide(site):
    data = load(ROOT / "curriculum" / "accompaniment-guide.yml")
    text = article_text(page_file(site, "accompaniment/guide/"))
    for step in data["steps"]:
        assert normalise(step["title"]["ja"]) in text
        for point in step["points"]:
            assert normalise(point["text"]["ja"]) in text
    assert "気づきシート" in text
