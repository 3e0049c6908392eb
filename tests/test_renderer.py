"""The page functions and print documents rendered from a small fixture curriculum (tests/fixtures/mini: one of each
entity and field kind, its own made-up texts), through the real templates in overrides/handbook/, without a site
build. Expected values come from the fixture's YAML (through the models) and labels.yml."""

from __future__ import annotations

import io
import typing
from pathlib import Path

import lxml.html
import pytest

from conftest import ROOT

from handbook.content import models
from handbook.content.curriculum import load_curriculum
from handbook.outputs import downloads
from handbook.views import pages
from handbook.views.build import PARTS, BuildContext, BuildSettings, Page, PdfFile, QrFiles, WordFile
from handbook.views.render import load_labels, text_in

MINI = Path(__file__).parent / "fixtures" / "mini"
CURRICULUM = load_curriculum(MINI)
LABELS = load_labels()
LANGS = ["ja", "en"]
PUBLIC = "https://handbook.example.org/"
STAMP = "9.9.9 (2001-02-03)"
# Parts whose template names glossary terms of the real curriculum by id (the English home page's policy context).
NAMES_REAL_TERMS = {("home", "en")}


def label(key: str, lang: str, **values) -> str:
    return LABELS[key][lang].format(**values)


def context(public: str | None = PUBLIC, print_packs: bool = True) -> BuildContext:
    """The build context of a build of the fixture curriculum (the project's own templates and stylesheets)."""
    return BuildContext(ROOT, CURRICULUM, BuildSettings(site_name="Mini", public=public, edition="2001-02-03", stamp=STAMP,
                                                        print_packs=print_packs))


def page(kind: str, entity_id: str, lang: str) -> Page:
    return Page(lang, pages.language_prefix(lang) + pages.url_of(pages.entity_path(kind, entity_id)))


def html_of(markdown: str):
    """The page's HTML blocks (Markdown headings stay as text lines), parsed."""
    return lxml.html.fromstring(f"<div>{markdown}</div>")


def text(element) -> str:
    return " ".join(element.text_content().split())


def kinds(union) -> set[str]:
    """The `kind` values a discriminated union of models allows."""
    members = typing.get_args(typing.get_args(union)[0])
    return {typing.get_args(member.model_fields["kind"].annotation)[0] for member in members}


def test_the_fixture_has_one_of_each_entity_and_field_kind():
    assert {case.kind for case in CURRICULUM.cases} == kinds(models.Case)
    assert {field.kind for ws in CURRICULUM.worksheets for field in ws.fields} == kinds(models.WorksheetField)
    assert {ws.filled_by for ws in CURRICULUM.worksheets} == set(typing.get_args(models.Worksheet.model_fields["filled_by"].annotation))
    assert {ws.used_in.handed_out for ws in CURRICULUM.worksheets} >= {"during", "before"}
    assert [s.pre_assignment is not None for s in CURRICULUM.sessions] == [False, True], "a first session and one with field practice"
    assert {g.id for g in CURRICULUM.guides} == {s.id for s in CURRICULUM.sessions}
    assert all(section.id in CURRICULUM.sections for section in CURRICULUM.sources.sections)


def test_session_codes_and_short_addresses_come_from_the_numbers():
    assert [s.code for s in CURRICULUM.sessions] == [f"S{s.number}" for s in CURRICULUM.sessions]
    addresses = pages.short_addresses(CURRICULUM)
    assert set(addresses) == {s.code for s in CURRICULUM.sessions} | {w.code for w in CURRICULUM.worksheets}
    for session in CURRICULUM.sessions:
        assert addresses[session.code] == (f"{session.code.lower()}/", pages.url_of(pages.entity_path("session", session.id)))


@pytest.mark.parametrize("lang", LANGS)
def test_session_page_shows_its_code_and_the_previous_and_next_session(lang):
    build = context()
    sessions = CURRICULUM.sessions
    for position, session in enumerate(sessions):
        here = page("session", session.id, lang)
        output = build.session_page(here, session.id)
        root = html_of(output.markdown)
        assert output.markdown.startswith(f"# {label('session_title', lang, n=session.number)}{label('session_sep', lang)}")
        assert [text(b) for b in root.xpath("//span[contains(@class, 'hb-code')]")] == [session.code]
        assert label("session_of", lang, n=session.number, total=len(sessions)) in text(root)
        pager = root.xpath("//nav[contains(@class, 'hb-pager')]//a")
        expected = [s for s in (sessions[position - 1] if position else None,
                                sessions[position + 1] if position + 1 < len(sessions) else None) if s]
        assert [a.get("href") for a in pager] == [pages.relative_url(here.within_language, pages.url_of(pages.entity_path("session", s.id)))
                                                  for s in expected]
        for link, target in zip(pager, expected):
            assert f"{label('session_title', lang, n=target.number)}{label('session_sep', lang)}{text_in(target.title, lang)}" in text(link)
        assert output.description.startswith(f"{label('session_title', lang, n=session.number)}{label('session_sep', lang)}{text_in(session.title, lang)}")
        assert output.files == []


@pytest.mark.parametrize("lang", LANGS)
def test_yaml_text_is_shown_literally_never_run(lang):
    """HTML and Jinja in YAML text (session contents, a worksheet title) reach the page as text."""
    build = context()
    session = CURRICULUM.sessions[0]
    written = text_in(session.contents[0], lang)
    assert "<b>" in written and "{{" in written
    output = build.session_page(page("session", session.id, lang), session.id)
    root = html_of(output.markdown)
    assert root.xpath("//b") == []
    assert written in [text(li) for li in root.xpath("//ul[contains(@class, 'hb-contents')]/li")]
    worksheet = CURRICULUM.worksheet("fx-sheet")
    title = text_in(worksheet.title, lang)
    sheet = build.worksheet_page(page("worksheet", worksheet.id, lang), worksheet.id).markdown
    heading = sheet.splitlines()[0]
    assert "<b>" not in heading and "&lt;b&gt;" in heading and r"\{\{" in heading, "escaped for HTML, then for Markdown"
    printed = lxml.html.fromstring(build.worksheet_html(worksheet, lang))
    assert printed.xpath("//b") == [] and title in text(printed.xpath("//h1")[0])


@pytest.mark.parametrize("lang", LANGS)
def test_a_worksheet_has_one_head_and_foot_on_its_pdf_and_in_its_word_file(lang):
    build = context()
    for worksheet in CURRICULUM.worksheets:
        frame = build.worksheet_frame(worksheet, lang)
        used_in = build.used_in(worksheet, lang)
        places = [label("session_title", lang, n=CURRICULUM.session(sid).number) for sid in worksheet.used_in.sessions]
        places += [label("accompaniment_support", lang)] if worksheet.used_in.accompaniment else []
        assert used_in == label("dot", lang).join(places)
        assert frame.head.startswith(f"{worksheet.code}{label('space', lang)}{text_in(worksheet.title, lang)}")
        assert frame.head.endswith(f"{label('ws_used_in', lang)}{label('colon', lang)}{used_in}")
        address = PUBLIC + pages.language_prefix(lang) + f"{worksheet.code.lower()}/"
        assert frame.public_url == address and frame.foot.startswith(address) and frame.foot.endswith(STAMP)
        for source in dict.fromkeys(b.source.section for b in worksheet.basis if b.source.section):
            assert frame.foot.count(label("report_section", lang, title=text_in(CURRICULUM.sections[source].title, lang))) == 1

        printed = lxml.html.fromstring(build.worksheet_html(worksheet, lang))
        assert [text(e) for e in printed.xpath("//div[@class='hb-running-head']")] == [" ".join(frame.head.split())]
        assert [text(e) for e in printed.xpath("//div[@class='hb-running-foot']")] == [" ".join(frame.foot.split())]
        from docx import Document

        word = Document(io.BytesIO(downloads.docx_bytes(build, worksheet, frame, lang)))
        assert word.sections[0].header.paragraphs[0].text == frame.head
        assert word.sections[0].footer.paragraphs[0].text == frame.foot

        output = build.worksheet_page(page("worksheet", worksheet.id, lang), worksheet.id)
        assert used_in in text(html_of(output.markdown).xpath("//div[@class='hb-ws-meta']")[0])
        folder = pages.language_prefix(lang) + f"worksheets/{worksheet.id}/"
        assert [(type(f), f.path) for f in output.files] == [(PdfFile, f"{folder}{worksheet.id}.pdf"), (WordFile, f"{folder}{worksheet.id}.docx")]
        assert output.files[1].frame == frame


def test_without_a_public_address_no_host_is_printed():
    build = context(public=None)
    for lang in LANGS:
        for worksheet in CURRICULUM.worksheets:
            frame = build.worksheet_frame(worksheet, lang)
            assert frame.public_url == "" and "http" not in frame.foot
        output = build.announce_page(Page(lang, pages.language_prefix(lang) + "guides/announce/"))
        assert not [f for f in output.files if isinstance(f, QrFiles)]


@pytest.mark.parametrize("lang", LANGS)
def test_guide_lists_the_handouts_with_copies_per_group_and_queues_run_sheet_and_pack(lang):
    build = context()
    group = CURRICULUM.operating_cycle.group_size
    for session in CURRICULUM.sessions:
        here = page("guide", session.id, lang)
        output = build.guide_page(here, session.id)
        root = html_of(output.markdown)
        rows = root.xpath("//table[contains(@class, 'hb-handouts')]/tbody/tr")
        handouts = CURRICULUM.handouts(session)
        assert [text(row).split(" ")[0] for row in rows] == [ws.code for ws in handouts]
        for row, ws in zip(rows, handouts):
            assert label("guide_copies_up_to", lang, n=group.copies_per_group(ws.copies)) in text(row)
        assert [text(b) for b in root.xpath("//span[contains(@class, 'hb-code')]")] == [session.code]
        assert [f.path for f in output.files] == [here.folder + pages.run_sheet_file(session.id), here.folder + pages.print_pack_file(session.id)]

        pack = lxml.html.fromstring(build.pack_html(session, lang))
        heads = [text(e) for e in pack.xpath("//div[@class='hb-running-head']")]
        frames = [build.pack_frame(session, lang)] * 2 + [build.run_sheet_frame(session, lang)]
        frames += [build.worksheet_frame(ws, lang) for ws in handouts]
        assert heads == [" ".join(f.head.split()) for f in frames]
        assert frames[0].head.startswith(f"{session.code}{label('space', lang)}{label('print_pack', lang)}")
        assert frames[2].head.startswith(f"{session.code}{label('space', lang)}{label('run_sheet', lang)}")


def test_without_print_packs_no_page_links_to_one():
    build = context(print_packs=False)
    for session in CURRICULUM.sessions:
        output = build.guide_page(page("guide", session.id, "ja"), session.id)
        assert [f.path.rsplit("/", 1)[1] for f in output.files] == [pages.run_sheet_file(session.id)]
        assert pages.print_pack_file(session.id) not in output.markdown
        assert pages.print_pack_file(session.id) not in build.session_page(page("session", session.id, "ja"), session.id).markdown


@pytest.mark.parametrize("lang", LANGS)
def test_announce_page_queues_a_flyer_and_qr_codes_per_short_address(lang):
    build = context()
    here = Page(lang, pages.language_prefix(lang) + "guides/announce/")
    output = build.announce_page(here)
    flyers = {f.path: f for f in output.files if isinstance(f, PdfFile)}
    qrs = [f for f in output.files if isinstance(f, QrFiles)]
    codes = [s.code for s in CURRICULUM.sessions] + [w.code for w in CURRICULUM.worksheets]
    assert sorted(q.url for q in qrs) == sorted(PUBLIC + pages.language_prefix(lang) + f"{code.lower()}/" for code in codes)
    for session in CURRICULUM.sessions:
        flyer = lxml.html.fromstring(flyers[f"{here.folder}flyer-{session.code.lower()}.pdf"].html())
        assert text(flyer.xpath("//div[@class='hb-running-head']")[0]) == f"{session.code} Mini"
        assert flyer.xpath("//svg") or flyer.xpath("//*[local-name()='svg']"), "the QR code is drawn on the flyer"
        assert text_in(session.title, lang) in text(flyer.xpath("//h1")[0])


@pytest.mark.parametrize("lang", LANGS)
def test_every_case_kind_and_report_part_renders(lang):
    build = context()
    for case in CURRICULUM.cases:
        output = build.case_page(page("case", case.id, lang), case.id)
        assert text_in(case.title, lang) in output.markdown.splitlines()[0].replace("\\", "")
        assert output.description == f"{text_in(case.title, lang)}{label('colon', lang)}{text_in(case.summary, lang)}"
    for name in PARTS:
        if (name, lang) in NAMES_REAL_TERMS:
            continue
        assert build.part(Page(lang, pages.language_prefix(lang) + "x/"), name).markdown.strip(), name
    with pytest.raises(KeyError):
        build.part(Page(lang, "x/"), "no-such-part")
