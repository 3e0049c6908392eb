"""Printable downloads of a worksheet: PDF (A4, Japanese font embedded) and Word (.docx).

Both come from the same Worksheet model as the web page. Output is cached by a hash of
everything that goes into it, so `mkdocs serve` only regenerates what changed.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from markupsafe import Markup

from . import models
from .edition import edition_epoch, format_stamp
from .render import Renderer, text_in
from .reproducible import normalise_zip

GENERATOR_VERSION = "8"  # bump when the PDF or Word layout code changes
# IPAex (TrueType) first: it subsets about three times faster than the Noto CJK collection.
PDF_FONT_FAMILIES = ("IPAexGothic", "Noto Sans CJK JP", "Noto Sans JP", "IPAGothic", "VL Gothic")
WORD_EAST_ASIAN_FONT = "游ゴシック"  # present on Windows and macOS Word; other readers substitute


class MissingFontError(RuntimeError):
    pass


def japanese_font() -> str:
    """The first Japanese font fontconfig knows; without one the PDF would show empty boxes."""
    if shutil.which("fc-list"):
        listed = subprocess.run(["fc-list", ":lang=ja", "family"], capture_output=True, text=True).stdout
        families = {name.strip() for line in listed.splitlines() for name in line.split(",")}
        for family in PDF_FONT_FAMILIES:
            if family in families:
                return family
    raise MissingFontError(
        "no Japanese font found for the worksheet PDFs (hint: install one, e.g. "
        "`apt-get install fonts-ipaexfont-gothic fonts-noto-cjk`, "
        "or run `make system-deps`)"
    )


@dataclass
class SheetContext:
    """What a worksheet's files say besides the sheet: where it is used and where it lives."""

    lang: str
    page_url: str  # within the language root, e.g. "worksheets/entry-sheet/"
    public_url: str  # absolute (pages.public_address), printed in the footer; "" when none is set
    used_in: str
    sources_line: str
    edition: str  # date of the edition (ISO), also the files' creation date
    version: str  # the handbook's version (pyproject.toml), printed beside the date
    site_name: str

    @property
    def stamp(self) -> str:
        return format_stamp(self.version, self.edition)


class Cache:
    """Generated files by a hash of everything that goes into them (.cache/downloads/)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def path_for(self, key_parts: list[str], suffix: str) -> Path:
        digest = hashlib.sha256("\x00".join([GENERATOR_VERSION, *key_parts]).encode("utf-8")).hexdigest()
        return self.folder / f"{digest}{suffix}"

    def store(self, path: Path, data: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(path.suffix + ".tmp")
        temporary.write_bytes(data)
        temporary.replace(path)

    def get_or_make(self, key_parts: list[str], suffix: str, make) -> bytes:
        path = self.path_for(key_parts, suffix)
        if path.exists():
            return path.read_bytes()
        data = make()
        self.store(path, data)
        return data


class PdfJobs:
    """PDFs are rendered in worker processes while MkDocs goes on rendering pages on the main core;
    the build collects them at the end. Cached PDFs never reach a worker."""

    def __init__(self, cache: Cache, pool):
        self.cache = cache
        self.pool = pool  # a callable giving the worker pool, made on first need and shared by builds
        self.futures: dict[Path, object] = {}

    def request(self, html: str) -> Path:
        path = self.cache.path_for([html], ".pdf")
        if path.exists() or path in self.futures:
            return path
        self.futures[path] = self.pool().submit(pdf_bytes, html)
        return path

    def result(self, path: Path) -> bytes:
        future = self.futures.pop(path, None)
        if future is not None:
            self.cache.store(path, future.result())
        return path.read_bytes()

    def close(self) -> None:
        self.futures.clear()


def new_worker_pool():
    """Worker processes for PDFs (one per core, at most two), shut down when the process ends.
    Workers keep their loaded fonts, so later builds (the English one, serve rebuilds) start warm."""
    import atexit
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max(1, min(2, os.cpu_count() or 1)), mp_context=multiprocessing.get_context("fork"))
    atexit.register(pool.shutdown, cancel_futures=True)
    return pool


def sources_in_words(renderer: Renderer, source_ids, lang: str) -> str:
    """The 出典 of a printout as a reader can look it up: 報告書「Ⅰ．地域づくり支援プログラム　３．実施方法」「…」,
    each report section once, by its title in curriculum/sources.yml (never its id)."""
    label = renderer.labels_in(lang)
    sections = renderer.curriculum.sections
    return label("report") + "".join(
        label("report_section", title=text_in(sections[source].title, lang)) for source in dict.fromkeys(source_ids))


def worksheet_sources(renderer: Renderer, ws: models.Worksheet, lang: str) -> str:
    return sources_in_words(renderer, [b.source for b in ws.basis], lang)


def pdf_html(renderer: Renderer, ws: models.Worksheet, ctx: SheetContext, css: str) -> str:
    return renderer.render_document(
        # The stylesheet is the project's own file, not YAML text: inserted as is.
        "worksheet_print.html", lang=ctx.lang, page_url=ctx.page_url, ws=ws, css=Markup(css),
        used_in=ctx.used_in, sources_line=worksheet_sources(renderer, ws, ctx.lang), edition=ctx.edition, stamp=ctx.stamp,
        site_name=ctx.site_name, public_url=ctx.public_url,
    )


def pdf_bytes(html: str) -> bytes:
    from weasyprint import HTML  # imported late: only builds that write PDFs need it

    # Tagged (PDF/UA-1): a structure tree, /MarkInfo, the document's language (/Lang from <html lang>) and its
    # title shown in the reader's title bar, so screen readers can read the sheets (JIS X 8341-3).
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)


def docx_bytes(renderer: Renderer, ws: models.Worksheet, ctx: SheetContext) -> bytes:
    """An editable Word file: real tables, cells a person can type into, A4, same header/footer."""
    from docx import Document
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    lang = ctx.lang
    label = renderer.labels_in(lang)

    def t(text) -> str:
        return text_in(text, lang)

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(15)
    section.top_margin = section.bottom_margin = Mm(18)

    normal = document.styles["Normal"]
    normal.font.size = Pt(10)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), WORD_EAST_ASIAN_FONT)
    set_document_language(document, word_language(lang))

    section.header.paragraphs[0].text = (
        f"{ws.code}{label('space')}{t(ws.title)}{label('space')}{label('slash')}{label('space')}"
        f"{label('ws_used_in')}{label('colon')}{ctx.used_in}"
    )
    section.footer.paragraphs[0].text = (
        (f"{ctx.public_url}{label('bar')}" if ctx.public_url else "") + f"{label('source')}{label('colon')}{worksheet_sources(renderer, ws, lang)}{label('bar')}{label('edition')} {ctx.stamp}"
    )
    for paragraph in (section.header.paragraphs[0], section.footer.paragraphs[0]):
        for run in paragraph.runs:
            run.font.size = Pt(7.5)

    document.add_heading(f"{ws.code}{label('space')}{t(ws.title)}", level=1)
    note = document.add_paragraph(label("ws_is_template"))
    note.runs[0].font.size = Pt(7.5)
    purpose = document.add_paragraph()
    purpose.add_run(f"{label('ws_purpose')}{label('space')}").bold = True
    purpose.add_run(t(ws.purpose))
    for line in ws.instructions:
        document.add_paragraph(t(line), style="List Bullet")

    # Who fills it in (filled_by): the same block as the PDF, one row to write in.
    who = (["ws_affiliation", "ws_name", "ws_date"] if ws.filled_by == "person"
           else ["ws_team_name", "ws_team_municipality", "ws_date"])
    caption = document.add_paragraph()
    caption.add_run(label("ws_filled_by")).bold = True
    caption.paragraph_format.keep_with_next = True
    filler = document.add_table(rows=2, cols=len(who), style="Table Grid")
    set_column_widths(filler, [Mm(w) for w in ((80, 50, 50) if ws.filled_by == "person" else (65, 65, 50))])
    for cell, key in zip(filler.rows[0].cells, who):
        cell.text = label(key)
        cell.paragraphs[0].runs[0].bold = True
    filler.rows[1].height = Mm(9)
    filler.rows[1].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    date_cell = filler.rows[1].cells[who.index("ws_date")].paragraphs[0]
    date_cell.text = label("ws_date_blank")
    date_cell.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph()

    def field_heading(field) -> None:
        heading = document.add_paragraph()
        badge = ""
        if isinstance(field, models.BoxField) and field.step:
            badge = f"[{label('step_' + field.step)}] "
            if field.perspective:
                badge += f"[{label('perspective_' + field.perspective)}] "
        heading.add_run(badge + t(field.label)).bold = True
        heading.paragraph_format.keep_with_next = True
        if field.prompt:
            prompt = document.add_paragraph(t(field.prompt))
            prompt.runs[0].font.size = Pt(8.5)
            prompt.paragraph_format.keep_with_next = True

    def fixed_row(row, lines: int) -> None:
        row.height = Mm(8 * lines)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST

    for field in ws.fields:
        field_heading(field)
        if isinstance(field, models.BoxField):
            table = document.add_table(rows=1, cols=1, style="Table Grid")
            fixed_row(table.rows[0], field.lines)
            rule_lines(table.rows[0].cells[0], field.lines)
        elif isinstance(field, models.TableField):
            columns = len(field.columns) + (1 if field.row_labels else 0)
            body_rows = len(field.row_labels) or field.rows
            table = document.add_table(rows=1 + body_rows, cols=columns, style="Table Grid")
            header = table.rows[0].cells
            offset = 1 if field.row_labels else 0
            for index, column in enumerate(field.columns):
                header[index + offset].text = t(column.label)
                header[index + offset].paragraphs[0].runs[0].bold = True
            for number, row in enumerate(table.rows[1:]):
                fixed_row(row, field.row_lines)
                if field.row_labels:
                    row.cells[0].text = t(field.row_labels[number])
        elif isinstance(field, models.ChecklistField):
            for item in field.items:
                document.add_paragraph(f"☐ {t(item)}")
        elif isinstance(field, models.RubricField):
            growth = renderer.curriculum.growth_steps
            items = [(d, i) for d in growth.dimensions for i in d.items]
            hint = document.add_paragraph(label("ws_rubric_hint"))
            hint.runs[0].font.size = Pt(8)
            hint.paragraph_format.keep_with_next = True
            table = document.add_table(rows=1 + len(items), cols=1 + len(growth.levels) + len(field.rounds), style="Table Grid")
            # Text columns wide, the mark columns (a step number each) narrow: 180 mm in all.
            mark, item = 14, 36
            text_width = (180 - item - mark * len(field.rounds)) / len(growth.levels)
            set_column_widths(table, [Mm(item)] + [Mm(text_width)] * len(growth.levels) + [Mm(mark)] * len(field.rounds))
            header = table.rows[0].cells
            header[0].text = label("ws_item")
            for index, level in enumerate(growth.levels):
                header[1 + index].text = t(level.label)
            for index, round_label in enumerate(field.rounds):
                header[1 + len(growth.levels) + index].text = t(round_label)
            for row, (dimension, item) in zip(table.rows[1:], items):
                row.cells[0].text = f"{t(dimension.label)}{label('slash')}{t(item.label)}"
                for index, level in enumerate(growth.levels):
                    row.cells[1 + index].text = t(item.cells[level.id])
            for row in table.rows:
                for cell in row.cells:
                    for paragraph in cell.paragraphs:
                        for run in paragraph.runs:
                            run.font.size = Pt(7.5)
        document.add_paragraph()

    properties = document.core_properties
    properties.title = f"{ws.code} {t(ws.title)}"
    properties.subject = t(ws.purpose)[:255]  # Word limits core properties to 255 characters
    properties.author = ctx.site_name
    properties.language = word_language(lang)
    # The template's "generated by python-docx" would otherwise stay in dc:description.
    properties.comments = f"{ctx.site_name}{label('space')}{label('edition')} {ctx.stamp}"[:255]
    properties.category = label("worksheets")
    properties.keywords = ws.code
    stamp = datetime.fromtimestamp(edition_epoch(ctx.edition), tz=timezone.utc)
    properties.created = properties.modified = stamp
    properties.last_modified_by = ctx.site_name
    properties.revision = 1  # last_printed stays unset: the file has never been printed

    buffer = io.BytesIO()
    document.save(buffer)
    # python-docx stamps each part in the zip with the current time; rewrite it with the edition's.
    data = replace_in_zip(buffer.getvalue(), {"docProps/app.xml": app_properties(ctx.site_name)})
    return normalise_zip(data, edition_epoch(ctx.edition), first=("[Content_Types].xml",))


def word_language(lang: str) -> str:
    """Word's language tag: ja-JP for the Japanese edition; en-GB for the English one (the site declares `en`,
    and its English follows British spelling: organise, programme)."""
    return "ja-JP" if lang == "ja" else "en-GB"


def set_document_language(document, tag: str) -> None:
    """The document's default language (docDefaults), which spelling and reading tools use; python-docx's
    template says en-US. Japanese text is ja-JP in both editions (the English one quotes Japanese terms)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault"))
    properties = run_defaults.find(qn("w:rPr"))
    language = properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        properties.append(language)
    language.set(qn("w:val"), tag)
    language.set(qn("w:eastAsia"), "ja-JP")


def set_column_widths(table, widths) -> None:
    """Fixed column widths (Word reads the cells' widths, LibreOffice the grid's)."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
        for cell in column.cells:
            cell.width = width


def rule_lines(cell, lines: int) -> None:
    """Ruled writing lines in a box like the PDF's: one paragraph per line of exactly 8 mm, a light rule
    between them (pBdr/between; the cell's own border is the last line)."""
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    paragraphs = [cell.paragraphs[0]] + [cell.add_paragraph() for _ in range(lines - 1)]
    for paragraph in paragraphs:
        layout = paragraph.paragraph_format
        layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        layout.line_spacing = Mm(8)
        layout.space_before = layout.space_after = 0
        borders = OxmlElement("w:pBdr")
        between = OxmlElement("w:between")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "BFBFBF")):
            between.set(qn(f"w:{key}"), value)
        borders.append(between)
        properties = paragraph._p.get_or_add_pPr()
        properties.insert_element_before(
            borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
            "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
            "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
            "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
            "w:rPr", "w:sectPr", "w:pPrChange")


def app_properties(application: str) -> bytes:
    """docProps/app.xml naming the handbook, not the template's word processor."""
    from xml.sax.saxutils import escape

    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            f"<Application>{escape(application)}</Application><DocSecurity>0</DocSecurity></Properties>").encode("utf-8")


def replace_in_zip(data: bytes, replacements: dict[str, bytes]) -> bytes:
    """The zip with some entries' contents replaced (timestamps are normalised afterwards)."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, replacements.get(info.filename, source.read(info)))
    return out.getvalue()


def run_sheet_html(renderer: Renderer, session: models.Session, guide: models.SessionGuide, ctx: SheetContext, css: str) -> str:
    """The 進行表 of one session, as the HTML document its PDF is made from."""
    return renderer.render_document(
        "run_sheet_print.html", lang=ctx.lang, page_url=ctx.page_url, session=session, guide=guide,
        css=Markup(css), edition=ctx.edition, stamp=ctx.stamp, site_name=ctx.site_name, public_url=ctx.public_url,
        sources_line=sources_in_words(renderer, [session.source, renderer.curriculum.operating_cycle.guidance.source], ctx.lang),
    )


def worksheet_docx(renderer: Renderer, ws: models.Worksheet, ctx: SheetContext, cache: Cache) -> bytes:
    key = json.dumps([ws.model_dump(mode="json"), ctx.__dict__, renderer.labels, worksheet_sources(renderer, ws, ctx.lang),
                      renderer.curriculum.growth_steps.model_dump(mode="json")], ensure_ascii=False, sort_keys=True)
    return cache.get_or_make([key], ".docx", lambda: docx_bytes(renderer, ws, ctx))


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
