"""Editing that helps (issue 12), at the renderer level (no build): a lecturer's own case or worksheet carries a
local source (organisation, year), shown as such and never as the report's 出典 — on its page, the cases index and
the printed foot of its PDF, Word file and print pack; a text without English is listed by `validate` as a warning and
shown on the English page in Japanese, marked (lang="ja" and the 未翻訳 label).

The built pages and the build's warning lines are checked on the edited build of tests/test_bad_input.py (edited_build); a source
naming both or neither is a case of its corpus of broken input."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import yaml
from markupsafe import escape

from conftest import ROOT, copy_project
from handbook import cli
from handbook.content import models
from handbook.content.checks import MISSING_ENGLISH
from handbook.content.curriculum import load_curriculum
from handbook.outputs import downloads
from handbook.views.build import BuildContext, BuildSettings, Page
from handbook.views.render import flagged_text_in, load_labels, mark_untranslated

CURRICULUM = load_curriculum(ROOT)
LABELS = load_labels()
# Invented: the material a lecturer's own case or worksheet comes from.
LOCAL = models.LocalSource(organisation=models.Text(ja="架空市地域づくり推進課", en="Community-Building Division, Kakū City"), year=2026)
PREFIX = {"ja": "", "en": "en/"}


def label(key: str, lang: str, **values) -> str:
    return LABELS[key][lang].format(**values)


def context(curriculum) -> BuildContext:
    return BuildContext(ROOT, curriculum, BuildSettings(site_name="Handbook", public=None, edition="2026-01-01",
                                                        stamp="0 (2026-01-01)", files=False))


def with_local_source(record):
    return record.model_copy(update={"source": models.Source(local=LOCAL)})


def local_phrase(lang: str) -> str:
    return label("source_local", lang) + label("colon", lang) + label(
        "source_local_ref", lang, organisation=models.text_in(LOCAL.organisation, lang), year=LOCAL.year)


def test_a_lecturers_own_case_names_its_local_source_never_the_reports():
    case = CURRICULUM.cases[0]
    own = with_local_source(case)
    build = context(replace(CURRICULUM, cases=[own if c.id == case.id else c for c in CURRICULUM.cases]))
    report_title = CURRICULUM.sections[case.source.section].title
    for lang in ("ja", "en"):
        page = build.case_page(Page(lang, f"{PREFIX[lang]}cases/{case.id}/"), case.id).markdown
        lead = re.search(r'<div class="hb-item hb-case-lead">(.*?)</div>', page, re.S).group(1)
        local = re.search(r'<p class="hb-source hb-source--local"[^>]*>(.*?)</p>', lead, re.S).group(1)
        assert label("source_local", lang) in local
        assert str(escape(label("source_local_ref", lang, organisation=models.text_in(LOCAL.organisation, lang), year=LOCAL.year))) in local
        assert "#source-" not in lead, "a local source never links to the report's sections on About"
        assert str(escape(models.text_in(report_title, lang))) not in lead
        index = build.part(Page(lang, f"{PREFIX[lang]}cases/"), "cases-index").markdown
        card = next(part.split("</section>")[0] for part in index.split('<section class="hb-case-card">')[1:] if f"{case.id}/" in part.split("</section>")[0])
        assert label("source_local", lang) in card and "#source-" not in card


def test_the_real_cases_still_cite_their_report_section():
    """`source: I-1` is short for {section: I-1}: the cases of the real curriculum keep their 出典 line and link."""
    build = context(CURRICULUM)
    for case in CURRICULUM.cases:
        page = build.case_page(Page("ja", f"cases/{case.id}/"), case.id).markdown
        lead = re.search(r'<div class="hb-item hb-case-lead">(.*?)</div>', page, re.S).group(1)
        assert f"#source-{case.source.section.lower()}" in lead and "hb-source--local" not in lead


def test_a_lecturers_own_worksheet_names_its_local_source_on_its_page_and_printed_foot():
    sheet = CURRICULUM.worksheets[0]
    own = sheet.model_copy(update={"basis": [with_local_source(basis) for basis in sheet.basis]})
    build = context(replace(CURRICULUM, worksheets=[own if w.id == sheet.id else w for w in CURRICULUM.worksheets]))
    for lang in ("ja", "en"):
        phrase = local_phrase(lang)
        assert build.worksheet_sources(own, lang) == phrase, "only the local source, under its own label"
        frame = build.worksheet_frame(own, lang)
        assert phrase in frame.foot and label("report", lang) not in frame.foot
        assert str(escape(phrase)) in build.worksheet_html(own, lang), "the PDF's foot"
        word = downloads.docx_bytes(build, own, frame, lang)
        from docx import Document

        assert phrase in Document(io.BytesIO(word)).sections[0].footer.paragraphs[0].text
        page = build.worksheet_page(Page(lang, f"{PREFIX[lang]}worksheets/{sheet.id}/"), sheet.id).markdown
        assert label("ws_template_note_local", lang) in page and label("ws_template_note", lang) not in page
        assert page.count("hb-source--local") == len(sheet.basis) and "#source-" not in page


def test_a_worksheet_with_report_and_local_basis_names_both_apart():
    sheet = next(w for w in CURRICULUM.worksheets if len(w.basis) >= 2)
    mixed = sheet.model_copy(update={"basis": [*sheet.basis[:-1], with_local_source(sheet.basis[-1])]})
    build = context(CURRICULUM)
    for lang in ("ja", "en"):
        report = label("source", lang) + label("colon", lang) + build.sources_in_words(
            [basis.source.section for basis in sheet.basis[:-1]], lang)
        assert build.worksheet_sources(mixed, lang) == report + label("bar", lang) + local_phrase(lang)


def test_an_english_page_marks_a_text_without_english():
    sheet = next(w for w in CURRICULUM.worksheets if isinstance(w.fields[0], models.BoxField))
    field = sheet.fields[0]
    untranslated = sheet.model_copy(update={"fields": [field.model_copy(update={"label": models.Text(ja=field.label.ja)}), *sheet.fields[1:]]})
    build = context(replace(CURRICULUM, worksheets=[untranslated if w.id == sheet.id else w for w in CURRICULUM.worksheets]))
    marked = (f'<span class="hb-untranslated" lang="ja">{escape(field.label.ja)}</span> '
              f'<span class="hb-untranslated__label">{label("untranslated", "en")}</span>')
    english = build.worksheet_page(Page("en", f"en/worksheets/{sheet.id}/"), sheet.id).markdown
    assert marked in english
    assert marked in build.worksheet_html(untranslated, "en"), "the English PDF marks it too"
    assert "\ufffe" not in english and "\uffff" not in english
    japanese = build.worksheet_page(Page("ja", f"worksheets/{sheet.id}/"), sheet.id).markdown
    assert "hb-untranslated" not in japanese and escape(field.label.ja) in japanese


def test_an_untranslated_text_stays_plain_where_markup_cannot_go():
    text = models.Text(ja="英訳を待つ文")
    flagged = flagged_text_in(text, "en")
    assert flagged_text_in(text, "ja") == text.ja and flagged_text_in(models.Text(ja="訳", en="translated"), "en") == "translated"
    html = (f'<title>{flagged}</title><p title="{flagged}">{flagged}</p><svg><text>{flagged}</text></svg>'
            f'<select><option>{flagged}</option></select>')
    shown = mark_untranslated(html, lambda inner: f"[{inner}]")
    assert shown == (f'<title>{text.ja}</title><p title="{text.ja}">[{text.ja}]</p><svg><text>{text.ja}</text></svg>'
                     f'<select><option>{text.ja}</option></select>')


def test_validate_lists_each_text_without_english_as_a_warning(tmp_path, capsys):
    project = copy_project(tmp_path / "project")
    path = project / "curriculum" / "worksheets" / "roadmap.yml"
    text = path.read_text(encoding="utf-8")
    first = yaml.safe_load(text)["fields"][0]["label"]
    written = f'label: {{ja: {first["ja"]}, en: "{first["en"]}"}}'
    assert written in text, f"fixture out of date: {written!r} not in roadmap.yml"
    path.write_text(text.replace(written, f'label: {{ja: {first["ja"]}}}', 1), encoding="utf-8")
    line = text[: text.index(written)].count("\n") + 1
    assert cli.main(["--root", str(project), "validate"]) == 0
    out, err = capsys.readouterr()
    assert err.splitlines() == [f"curriculum/worksheets/roadmap.yml:{line}: fields.0.label: {MISSING_ENGLISH}"]
    assert "1 text without English" in out
