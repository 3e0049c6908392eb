"""Fidelity where content is reused (issue 13): uncertain placements keep their notes wherever they appear,
reading notes speak to readers, the marks come from one legend, tooltips say whose words they show, and
copies are counted per session. Expected values come from the curriculum, labels.yml and the built pages."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urljoin

import lxml.html
import pytest
from pydantic import BaseModel

from conftest import ROOT
from handbook.content.curriculum import load_curriculum
from handbook.content.models import ReadingNote, Text
from handbook.views.render import load_labels
from helpers import normalise

LABELS = load_labels()
CURRICULUM = load_curriculum(ROOT)


def pages(site: Path):
    """(language, url, parsed article) for every built page of both editions."""
    for file in sorted(site.rglob("index.html")):
        html = file.read_text(encoding="utf-8")
        if "<article" not in html:
            continue  # redirects (short addresses)
        url = file.parent.relative_to(site).as_posix() + "/"
        lang = "en" if url.startswith("en/") else "ja"
        root = lxml.html.fromstring(html)
        article = root.find(".//article")
        yield lang, url, article


def text_of(element) -> str:
    return normalise(element.text_content())


def text_in(text: Text, lang: str) -> str:
    return (text.en if lang == "en" else text.ja) or text.ja


# --- uncertain placements -------------------------------------------------------------------------------------


def uncertain_records() -> list[tuple[ReadingNote, list[Text]]]:
    """Records whose reading note is about where they sit in the programme, as the pages reuse them: a growth-step
    row (which STEP each cell is), a まちでの実践 label (before which session) and a session's contents (which
    session). The other notes (the boxes of a figure, the rows of a verification table, the visits of a case) are
    about a figure that only its own page and its picture reproduce, each with the note."""
    records = [(item.reading_note, list(item.cells.values()))
               for d in CURRICULUM.growth_steps.dimensions for item in d.items if item.reading_note]
    for session in CURRICULUM.sessions:
        if session.pre_assignment and session.pre_assignment.reading_note:
            records.append((session.pre_assignment.reading_note, [session.pre_assignment.label]))
        if session.reading_note:
            records.append((session.reading_note, list(session.contents)))
    return records


RECORDS = uncertain_records()
QUOTE_MIN = 10  # a text this long counts as reproduced wherever it appears; shorter ones only as a whole cell


def test_the_curriculum_has_uncertain_records():
    assert RECORDS and all(texts for _, texts in RECORDS)


def reproductions(article, wanted: str, lang: str) -> bool:
    """Does the article show `wanted` outside the notes themselves and the 出典 lines? A short text counts only as
    a whole cell."""
    for element in article.iter("li", "td", "th", "p", "dd", "dt", "span", "label", "a", "tspan", "text"):
        if element.xpath("ancestor-or-self::*[@data-reading-note or contains(@class, 'hb-source')]"):
            continue
        if "hb-term-link" in element.get("class", "").split():
            continue  # the first use of a glossary term in running text, linked to its entry: not a cell of its own
        own = normalise("".join(element.itertext()))
        for mark in element.xpath(".//*[@data-reading-note-link]"):
            own = own.replace(text_of(mark), "")
        if own == wanted or (len(wanted) >= QUOTE_MIN and wanted in own):
            return True
    return False


def notes_on(article) -> set[str]:
    return {text_of(p) for p in article.xpath(".//*[@data-reading-note]//p")}


def linked_notes(site: Path, url: str, article) -> set[str]:
    """The reading notes on the pages this article links to from a ※ mark (data-reading-note-link)."""
    found: set[str] = set()
    for a in article.xpath(".//*[@data-reading-note-link]/descendant-or-self::a[@href]"):
        target = urljoin("/" + url, a.get("href")).split("#")[0]
        file = site / unquote(target).lstrip("/") / "index.html" if target.endswith("/") else site / unquote(target).lstrip("/")
        if file.exists():
            other = lxml.html.fromstring(file.read_text(encoding="utf-8")).find(".//article")
            found |= notes_on(other)
    return found


def test_reused_uncertain_placements_keep_their_note(site):
    """Wherever a placement the handbook marks uncertain is reproduced — its own page, a guide, the self-check, a
    worksheet, the programme overview, the next session's line — its reading note is on the page, or a ※ mark
    links to it. A page reproduces the placement when it shows two or more texts of the record (a growth-step
    row's STEPs, a session's contents) or its only text (a まちでの実践 label)."""
    problems = []
    for lang, url, article in pages(site):
        if article is None:
            continue
        here = notes_on(article)
        linked = None
        for note, texts in RECORDS:
            wanted_note = normalise(text_in(note.text, lang))
            shown = list(dict.fromkeys(text_in(t, lang) for t in texts))
            if len(shown) == 1 and lang != "ja":
                continue  # a lone English label repeats a session title word for word; the Japanese pages decide
            hits = [s for s in shown if reproductions(article, normalise(s), lang)]
            if not hits or len(hits) < min(2, len(shown)) or wanted_note in here:
                continue
            if linked is None:
                linked = linked_notes(site, url, article)
            if wanted_note not in linked:
                problems.append(f"{url}: shows {hits[:3]} without its note “{text_in(note.text, lang)[:40]}…”")
    assert not problems, "\n".join(problems)


def test_self_check_says_where_steps_moved_rests_on_an_inferred_order(site):
    uncertain = [item for d in CURRICULUM.growth_steps.dimensions for item in d.items if item.reading_note]
    assert uncertain
    for lang, prefix in (("ja", ""), ("en", "en/")):
        root = lxml.html.fromstring((site / prefix / "program/self-check/index.html").read_text(encoding="utf-8"))
        for item in uncertain:
            row = root.xpath(f".//table[contains(@class, 'hb-selfcheck-summary')]//tr[@data-item='{item.id}']")[0]
            assert normalise(LABELS["selfcheck_inferred_order"][lang]) in text_of(row), (lang, item.id)
            assert row.xpath(".//*[@data-reading-note-link]"), (lang, item.id)


# --- reading notes for readers ---------------------------------------------------------------------------------

JARGON = re.compile(r"抽出|extract", re.IGNORECASE)


def test_no_extraction_jargon_on_any_page(site):
    """Readers never see the text extraction: no 抽出 / "extract…" in any page's text, notes included."""
    problems = []
    for lang, url, article in pages(site):
        if article is not None and JARGON.search(article.text_content()):
            match = JARGON.search(article.text_content())
            problems.append(f"{url}: …{article.text_content()[max(0, match.start() - 40):match.end() + 20]}…")
    assert not problems, "\n".join(problems)


def test_reading_notes_are_folded_and_titled_as_in_the_legend(site):
    count = 0
    for lang, url, article in pages(site):
        if article is None:
            continue
        for note in article.xpath(".//*[@data-reading-note]"):
            count += 1
            assert note.tag == "details" and note.get("open") is None, url
            summary = text_of(note.find("summary"))
            assert summary.startswith(normalise(LABELS["reading_note"][lang])), (url, summary)
    assert count


# --- the marks: one legend, short labels -------------------------------------------------------------------------


def test_addition_labels_come_from_the_one_legend(site):
    """Every 補足/例 block is titled by the legend's own label (optionally followed by a short heading after a
    colon), and the legend that explains them is on Home and About."""
    problems = []
    for lang, url, article in pages(site):
        if article is None:
            continue
        short = {LABELS["supplement"][lang], LABELS["example"][lang]}
        colon = LABELS["colon"][lang].strip()
        for block in article.xpath(".//*[contains(concat(' ', @class, ' '), ' hb-addition ')]"):
            title = block.find(".//p[@class='admonition-title']")
            words = (title.text_content() if title is not None else "").strip()
            head, _, rest = words.partition(colon)
            if head.strip() not in short or "（" in rest or "(" in rest:
                problems.append(f"{url}: {words!r}")
        for tag in article.xpath(".//*[contains(@class, 'hb-addition-tag')]"):
            if tag.text_content().strip() not in short:
                problems.append(f"{url}: tag {tag.text_content()!r}")
    assert not problems, "\n".join(problems)
    for prefix in ("", "en/"):
        for url in ("", "about/"):
            html = (site / prefix / url / "index.html").read_text(encoding="utf-8")
            assert 'class="hb-legend"' in html, prefix + url
            lang = "en" if prefix else "ja"
            legend = lxml.html.fromstring(html).xpath(".//*[@class='hb-legend']")[0]
            terms = [normalise(dt.text_content()) for dt in legend.iter("dt")]
            assert terms == [normalise(LABELS[k][lang]) for k in ("source", "supplement", "example", "reading_note")]


def test_worksheet_handouts_carry_no_provenance_label(site):
    """A worksheet handout (the sheet itself, on the page, in its PDF and Word file) has no 補足/例 label: its foot
    line says where it comes from. The page around the sheet keeps the 例 block."""
    import subprocess

    from docx import Document

    labels = ("ws_is_template", "supplement", "example")
    for ws in CURRICULUM.worksheets:
        root = lxml.html.fromstring((site / "worksheets" / ws.id / "index.html").read_text(encoding="utf-8"))
        sheet = root.xpath(".//*[contains(@class, 'hb-ws-purpose')]/ancestor::div[1]")
        assert sheet, ws.id
        assert not sheet[0].xpath(".//*[contains(@class, 'hb-addition') or contains(@class, 'hb-print__template')]"), ws.id
        for lang, prefix in (("ja", ""), ("en", "en/")):
            folder = site / prefix / "worksheets" / ws.id
            pdf = subprocess.run(["pdftotext", str(folder / f"{ws.id}.pdf"), "-"], capture_output=True, text=True,
                                 check=True).stdout
            assert normalise(LABELS["ws_is_template"][lang]) not in normalise(pdf), (lang, ws.id)
            document = Document(str(folder / f"{ws.id}.docx"))
            paragraphs = {normalise(p.text) for p in document.paragraphs}
            assert not paragraphs & {normalise(LABELS[key][lang]) for key in labels}, (lang, ws.id)


def test_source_labels_name_the_section_and_link_to_the_list_on_about(site):
    sections = {s.id: s for s in CURRICULUM.sources.sections}
    about = {lang: lxml.html.fromstring((site / prefix / "about/index.html").read_text(encoding="utf-8"))
             for lang, prefix in (("ja", ""), ("en", "en/"))}
    checked = 0
    for lang, url, article in pages(site):
        if article is None:
            continue
        for line in article.xpath(".//*[contains(concat(' ', @class, ' '), ' hb-source ')]"):
            links = line.xpath(".//a[@href]")
            assert links, (url, text_of(line))
            fragment = links[0].get("href").split("#")[-1]
            row = about[lang].xpath(f".//*[@id='{fragment}']")
            assert row, (url, fragment)
            section = sections[row[0].find("td/code").text]
            assert normalise(text_in(section.title, lang)) in text_of(line), (url, text_of(line))
            checked += 1
    assert checked
    for section in sections.values():
        assert "support for community building" not in section.title.en


# --- tooltips say whose words they show ----------------------------------------------------------------------------


def test_tooltips_say_whose_words_they_show(site):
    """A glossary tooltip on report text shows 補足 (the handbook's explanation) or 出典 (the report's wording of
    another passage): another section's wording never sits on a report cell unmarked."""
    problems = []
    for lang, url, article in pages(site):
        if article is None:
            continue
        marks = (LABELS["supplement"][lang] + LABELS["colon"][lang], LABELS["source"][lang] + LABELS["colon"][lang])
        for abbr in article.iter("abbr"):
            if not abbr.get("title", "").startswith(marks):
                problems.append(f"{url}: {abbr.text_content()} → {abbr.get('title', '')[:40]}")
    assert not problems, "\n".join(problems[:20])


def test_aliases_are_names_not_wording_from_another_passage():
    """An alias is glossed with the term's explanation, so it must be a name of that term: a cell of the growth
    steps is never glossed with a term whose wording comes from another section."""
    cells = {c.ja for d in CURRICULUM.growth_steps.dimensions for item in d.items for c in item.cells.values()}
    for term in CURRICULUM.glossary.terms:
        for alias in term.aliases:
            source = term.report_wording.source if term.report_wording else None
            if source and source != CURRICULUM.growth_steps.source:
                assert not any(alias in cell for cell in cells), (term.id, alias)


# --- copies per session ----------------------------------------------------------------------------------------------


def test_copies_are_per_session(site):
    """A worksheet used at several sessions is printed for each of them: its count is one session's copies, so a
    session's print list never asks for all sessions' copies at once."""
    group = CURRICULUM.operating_cycle.group_size
    per_unit = {"participant": group.municipalities.value * group.people_per_municipality.value,
                "municipality": group.municipalities.value, "team": 1}
    for ws in CURRICULUM.worksheets:
        sessions = ws.used_in.sessions
        if len(sessions) > 1:
            assert ws.copies.count < len(sessions), (ws.code, ws.copies.count, "count is per session")
    for guide in CURRICULUM.guides:
        root = lxml.html.fromstring((site / "guides" / guide.id / "index.html").read_text(encoding="utf-8"))
        rows = root.xpath(".//table[contains(@class, 'hb-handouts')]/tbody/tr")
        assert rows, guide.id
        for row in rows:
            code = row.find("td/a").text_content().split()[0]
            ws = next(w for w in CURRICULUM.worksheets if w.code == code)
            expected = normalise(LABELS["guide_copies_up_to"]["ja"].format(n=per_unit[ws.copies.per] * ws.copies.count))
            assert expected in text_of(row), (guide.id, code, text_of(row))


# --- one form for months in the handbook's own text -----------------------------------------------------------------

OTHER_MONTH_FORMS = re.compile(r"ヶ月|カ月|ヵ月|ケ月|箇月|月に1回|1か月に1回")


def own_texts():
    """The handbook's own Japanese text: labels, prose pages, 補足/例 notes and glossary explanations."""
    for key, record in LABELS.items():
        yield f"labels.yml:{key}", record["ja"]
    for page in sorted((ROOT / "docs").rglob("*.md")):
        if not page.name.endswith(".en.md"):
            yield str(page.relative_to(ROOT)), page.read_text(encoding="utf-8")
    for term in CURRICULUM.glossary.terms:
        if term.definition:
            yield f"glossary:{term.id}", term.definition.ja

    def notes(value, where):
        if isinstance(value, BaseModel):
            if type(value).__name__ == "Note":
                yield where, value.text.ja
            for name in type(value).model_fields:
                yield from notes(getattr(value, name), where)
        elif isinstance(value, (list, tuple)):
            for item in value:
                yield from notes(item, where)

    for name in ("sessions", "cases", "program", "accompaniment", "worksheets", "guides"):
        yield from notes(getattr(CURRICULUM, name), name)


def test_months_are_written_one_way_in_the_handbooks_own_text():
    """月1回 and か月 (report quotes keep their own forms: 1ヶ月に1回, 5カ月)."""
    problems = [f"{where}: {OTHER_MONTH_FORMS.search(text).group(0)}" for where, text in own_texts()
                if OTHER_MONTH_FORMS.search(text)]
    assert not problems, problems
