"""Printable downloads of a worksheet: PDF (A4, Japanese font embedded) and Word (.docx).

Both come from the same Worksheet model as the web page. Output is cached by a hash of
everything that goes into it, so `mkdocs serve` only regenerates what changed.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote

from markupsafe import Markup

from ..content import models
from ..views import announce
from ..views.build import BuildContext, PdfFile, QrFiles, SheetFrame, WordFile
from ..views.render import text_in
from .edition import edition_epoch
from .reproducible import normalise_zip

GENERATOR_VERSION = "9"  # bump when the PDF or Word layout code changes
# Beside the generated files: which book PDF a set of book inputs makes (PdfJobs.note_book), a note, not a file.
BOOK_NOTE_SUFFIX = ".book-inputs"
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


class Cache:
    """Generated files by a hash of everything that goes into them (.cache/downloads/)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def path_for(self, key_parts: list[str], suffix: str) -> Path:
        digest = hashlib.sha256("\x00".join([GENERATOR_VERSION, *key_parts]).encode("utf-8")).hexdigest()
        return self.folder / f"{digest}{suffix}"

    def store(self, path: Path, data: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        # One temporary name per process: builds sharing a cache (the tests' project copies) may store the same key.
        temporary = path.with_suffix(f"{path.suffix}.{os.getpid()}.tmp")
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

    def request_book(self, html: str, site_dir: Path) -> Path:
        """A book PDF: its HTML names images by their path in the site, so their bytes are part of its key."""
        path = self.cache.path_for(["book", html, *book_images_key(html, site_dir)], ".pdf")
        if path.exists() or path in self.futures:
            return path
        self.futures[path] = self.pool().submit(book_pdf_bytes, html, site_dir.resolve().as_uri() + "/")
        return path

    def book_made_from(self, inputs: list[str]) -> Path | None:
        """The cached book PDF made before from the same inputs (book_inputs), found without composing its HTML again:
        that took a tenth of a rebuild with nothing changed. None when there is none."""
        note = self.cache.path_for(["book-inputs", *inputs], BOOK_NOTE_SUFFIX)
        try:
            path = self.cache.folder / note.read_text(encoding="utf-8")
        except OSError:
            return None
        return path if path.exists() else None

    def note_book(self, inputs: list[str], path: Path) -> None:
        """Note which book PDF (requested or cached) these inputs make."""
        self.cache.store(self.cache.path_for(["book-inputs", *inputs], BOOK_NOTE_SUFFIX), path.name.encode("utf-8"))

    def result(self, path: Path) -> bytes:
        future = self.futures.pop(path, None)
        if future is not None:
            self.cache.store(path, future.result())
        return path.read_bytes()

    def close(self) -> None:
        self.futures.clear()


def _worker_ignores_interrupt() -> None:
    """Ctrl-C reaches every process of the terminal's group: only the main process (mkdocs) handles it and
    shuts the pool down, so the workers print no tracebacks of their own."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def new_worker_pool():
    """Worker processes for PDFs (one per core, at most two), shut down when the process ends.
    Workers keep their loaded fonts, so later builds (the English one, serve rebuilds) start warm."""
    import atexit
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max(1, min(2, os.cpu_count() or 1)), mp_context=multiprocessing.get_context("fork"),
                               initializer=_worker_ignores_interrupt)
    atexit.register(pool.shutdown, cancel_futures=True)
    return pool


def pdf_bytes(html: str) -> bytes:
    from weasyprint import HTML  # imported late: only builds that write PDFs need it

    # Tagged (PDF/UA-1): a structure tree, /MarkInfo, the document's language (/Lang from <html lang>) and its
    # title shown in the reader's title bar, so screen readers can read the sheets (JIS X 8341-3).
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)


def docx_bytes(context: BuildContext, ws: models.Worksheet, frame: SheetFrame, lang: str) -> bytes:
    """An editable Word file: real tables, cells a person can type into, A4, the same head and foot as its PDF."""
    from docx import Document
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    renderer, built = context.renderer, context.settings
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

    section.header.paragraphs[0].text = frame.head
    section.footer.paragraphs[0].text = frame.foot
    for paragraph in (section.header.paragraphs[0], section.footer.paragraphs[0]):
        for run in paragraph.runs:
            run.font.size = Pt(7.5)

    # No provenance label on the handout itself: the foot line says where it comes from (issue 13.7).
    document.add_heading(f"{ws.code}{label('space')}{t(ws.title)}", level=1)
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
        # A label that only repeats its step (当初の課題認識) is the heading alone, not "[当初の課題認識] 当初の課題認識".
        if isinstance(field, models.BoxField) and field.step and (field.perspective or t(field.label) != label('step_' + field.step)):
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
                # ※: the STEP order (or the row) is our reading of the report's figure, as on the page and PDF.
                flag = "※" if item.reading_note else ""
                row.cells[0].text = f"{flag}{t(dimension.label)}{label('slash')}{t(item.label)}"
                for index, level in enumerate(growth.levels):
                    row.cells[1 + index].text = t(item.cells[level.id])
            for row in table.rows:
                for cell in row.cells:
                    for paragraph in cell.paragraphs:
                        for run in paragraph.runs:
                            run.font.size = Pt(7.5)
            if any(item.reading_note for _, item in items):
                uncertain = document.add_paragraph(
                    label("ws_rubric_uncertain") + label("page_growth_steps") + label("ws_rubric_uncertain_end"))
                uncertain.runs[0].font.size = Pt(7.5)
        document.add_paragraph()

    properties = document.core_properties
    properties.title = f"{ws.code} {t(ws.title)}"
    properties.subject = t(ws.purpose)[:255]  # Word limits core properties to 255 characters
    properties.author = built.site_name
    properties.language = word_language(lang)
    # The template's "generated by python-docx" would otherwise stay in dc:description.
    properties.comments = f"{built.site_name}{label('space')}{label('edition')} {built.stamp}"[:255]
    properties.category = label("worksheets")
    properties.keywords = ws.code
    stamp = datetime.fromtimestamp(edition_epoch(built.edition), tz=timezone.utc)
    properties.created = properties.modified = stamp
    properties.last_modified_by = built.site_name
    properties.revision = 1  # last_printed stays unset: the file has never been printed

    buffer = io.BytesIO()
    document.save(buffer)
    # python-docx stamps each part in the zip with the current time; rewrite it with the edition's.
    data = replace_in_zip(buffer.getvalue(), {"docProps/app.xml": app_properties(built.site_name)})
    return normalise_zip(data, edition_epoch(built.edition), first=("[Content_Types].xml",))


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


def worksheet_docx(context: BuildContext, file: WordFile, cache: Cache) -> bytes:
    """The Word file of a worksheet, cached by everything it prints."""
    built = context.settings
    key = json.dumps([file.worksheet.model_dump(mode="json"), file.frame.__dict__, file.lang, built.site_name, built.edition,
                      built.stamp, context.renderer.labels, context.curriculum.growth_steps.model_dump(mode="json")],
                     ensure_ascii=False, sort_keys=True)
    return cache.get_or_make([key], ".docx", lambda: docx_bytes(context, file.worksheet, file.frame, file.lang))


class BuildFiles:
    """The files one language build's pages asked for (views/build.py: PdfFile, WordFile, QrFiles). PDFs render in
    worker processes while MkDocs goes on rendering pages; everything is written beside its page after the build.
    Nothing is made when files are off (HANDBOOK_DOWNLOADS=0, the benchmark's baseline)."""

    def __init__(self, context: BuildContext, cache_folder: Path, pool):
        self.context = context
        self.jobs = PdfJobs(Cache(cache_folder), pool)
        self.pdfs: list[tuple[str, Path]] = []  # (site path, the PDF's place in the cache)
        self.words: list[WordFile] = []
        self.ready: list[tuple[str, bytes]] = []  # (site path, bytes): QR codes, made at once (cached by content)

    def queue(self, requests) -> None:
        if not self.context.settings.files:
            return
        for request in requests:
            if isinstance(request, PdfFile):
                self.pdfs.append((request.path, self.jobs.request(request.html())))
            elif isinstance(request, WordFile):
                self.words.append(request)
            elif isinstance(request, QrFiles):
                cache = self.jobs.cache
                svg = cache.get_or_make(["qr-svg", request.url, request.alt], ".svg",
                                        lambda: announce.qr_svg(request.url, request.alt).encode("utf-8"))
                png = cache.get_or_make(["qr-png", request.url], ".png", lambda: announce.qr_png(request.url))
                self.ready += [(f"{request.stem}.svg", svg), (f"{request.stem}.png", png)]
            else:
                raise TypeError(f"not a file request: {request!r}")

    def write(self, site_dir: Path) -> None:
        for path, data in self.ready:
            write(site_dir / path, data)
        for path, pdf in self.pdfs:
            write(site_dir / path, self.jobs.result(pdf))
        for file in self.words:
            write(site_dir / file.path, worksheet_docx(self.context, file, self.jobs.cache))

    def close(self) -> None:
        self.jobs.close()
        self.pdfs, self.words, self.ready = [], [], []


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# --- The handbook as one book PDF (手引き) ---------------------------------------------------------------
# Composed after the build from the built pages' <article> in nav order, so whatever a page shows (出典,
# 補足/例, reading notes, diagrams) is in the book; interactive parts are left out and links point inside it.

# What only works in a browser: forms (planner, self-check), buttons (copy, print), permalinks, scripts.
BOOK_DROP = ("form", "button", "script", "noscript", "input", "select", "textarea", "a.headerlink", "[hidden]",
             ".hb-downloads", ".hb-selfcheck", ".hb-copy__status", ".md-content__button", ".md-source-file")
# Attributes holding ids (space-separated), renamed with the ids they name.
BOOK_ID_LISTS = ("for", "headers", "aria-labelledby", "aria-describedby", "aria-controls", "aria-owns", "list")
# Interactive parts replaced by one line saying the web edition has them.
BOOK_WEB_ONLY = ("form", ".hb-selfcheck")


@dataclass
class BookPage:
    key: str  # anchor of the page in the book
    url: str  # within the language root, as pages.url_of gives it
    file: Path  # the built page
    section: str  # the nav section it is in ("" at the top level)
    appendix: bool = False


def nav_pages(nav: list, directory_urls: bool, site_root: Path, translations: dict[str, str]) -> list[BookPage]:
    """The pages of the nav (mkdocs.yml) in reading order; pages under worksheets/ go to the appendix."""
    from ..views import pages

    found: list[BookPage] = []

    def walk(items, section: str) -> None:
        for item in items:
            if isinstance(item, str):
                path, title = item, None
            else:
                (title, path), = item.items()
            if isinstance(path, list):
                walk(path, translations.get(title, title))
                continue
            url = pages.url_of(path, directory_urls)
            file = site_root / (url + "index.html" if url.endswith("/") or url == "" else url)
            key = "page-" + (path[: -len(".md")].replace("/", "-") or "home")
            found.append(BookPage(key, url, file, section, path.startswith("worksheets/")))

    walk(nav, "")
    return [p for p in found if not p.appendix] + [p for p in found if p.appendix]


def xpath_of(selector: str) -> str:
    """XPath of the simple selectors above: `tag`, `.class`, `tag.class`, `[attribute]`."""
    if selector.startswith("["):
        return f".//*[@{selector[1:-1]}]"
    tag, _, name = selector.partition(".")
    test = f"[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]" if name else ""
    return f".//{tag or '*'}{test}"


def book_article(page: BookPage, by_url: dict[str, BookPage], public_url: str, web_only: str, site_dir: Path,
                 svg_css: list[tuple[set[str], str]] = ()):
    """The page's article as an lxml element, made fit for the book: interactive parts out, ids unique in the
    book, links to pages in the book turned into in-book anchors, links to files onto the public address."""
    from urllib.parse import urljoin, urlsplit

    from lxml import html as lxml_html

    document = lxml_html.fromstring(page.file.read_bytes())
    article = document.xpath(xpath_of("article.md-content__inner"))[0]
    for selector in BOOK_WEB_ONLY:
        for element in article.xpath(xpath_of(selector))[:1]:
            note = lxml_html.Element("p", {"class": "hb-book__web-only"})
            note.text = web_only
            element.addprevious(note)
    for selector in BOOK_DROP:
        for element in article.xpath(xpath_of(selector)):
            if element.getparent() is not None:
                element.drop_tree()
    renamed = {}
    for element in article.iter():
        if element.get("id"):
            renamed[element.get("id")] = f"{page.key}--{element.get('id')}"
            element.set("id", renamed[element.get("id")])
    for element in article.iter():  # what refers to an id: labels, ARIA, SVG markers and <use>
        for name, value in element.attrib.items():
            if name in BOOK_ID_LISTS:
                element.set(name, " ".join(renamed.get(token, token) for token in value.split()))
            elif "url(#" in value:
                element.set(name, re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{renamed.get(m.group(1), m.group(1))})", value))
            elif name.endswith("href") and element.tag != "a" and value.startswith("#"):
                element.set(name, "#" + renamed.get(value[1:], value[1:]))
    heading = next(article.iter("h1"), None)
    if heading is not None:
        heading.set("id", page.key)
    base = "http://book.invalid/" + page.url
    for link in article.iter("a"):
        href = link.get("href")
        if href is None:
            continue
        target = urlsplit(urljoin(base, href))
        if target.netloc != "book.invalid":
            continue  # another site: kept as it is
        path = target.path.lstrip("/")
        if path in by_url or path + "/" in by_url:
            key = by_url[path if path in by_url else path + "/"].key
            link.set("href", f"#{key}--{target.fragment}" if target.fragment else f"#{key}")
        elif public_url and path:
            link.set("href", public_url + path)  # a file beside a page (PDF, Word): on the public site
        else:
            link.attrib.pop("href")
        link.attrib.pop("download", None)
    if svg_css:
        # WeasyPrint draws an inline SVG with the styles inside it only, so each diagram carries the site's rules
        # for the classes it uses.
        for svg in article.iter("svg"):
            classes = {name for element in svg.iter() for name in (element.get("class") or "").split()}
            rules = "\n".join(text for names, text in svg_css if names & classes)
            if rules:
                style = lxml_html.Element("style")
                style.text = rules
                svg.insert(0, style)
    for image in article.iter("img"):
        source = image.get("src")
        if source and not urlsplit(source).scheme:
            # Relative to the site folder (the PDF's base URL), so the HTML does not depend on where it was built.
            image.set("src", (page.file.parent / source).resolve().relative_to(site_dir.resolve()).as_posix())
    return article


def book_html(context: BuildContext, lang: str, public_url: str, css: str, book_pages: list[BookPage], site_dir: Path) -> str:
    """The whole handbook of one language as the HTML document of its book PDF (book_print.html); `public_url`: the
    language edition's public address ("" when none is set)."""
    from lxml import html as lxml_html

    label = context.renderer.labels_in(lang)
    by_url = {p.url: p for p in book_pages}
    css = resolve_css_variables(css)
    rules = css_rules(css)
    chapters = []
    for page in book_pages:
        if not page.file.exists():
            continue
        article = book_article(page, by_url, public_url, label("book_web_only"), site_dir, rules)
        heading = next(article.iter("h1"), None)
        title = heading.text_content().strip() if heading is not None else page.url
        body = "".join(lxml_html.tostring(child, encoding="unicode") for child in article)
        # The built page's own markup (escaped when it was built), carried over as it is.
        chapters.append({"page": page, "title": title, "html": Markup(body)})
    built = context.settings
    return context.renderer.render_document(
        "book_print.html", lang=lang, page_url="", chapters=chapters, css=Markup(css), edition=built.edition,
        stamp=built.stamp, site_name=built.site_name, public_url=public_url,
    )


def css_rules(css: str) -> list[tuple[set[str], str]]:
    """The top-level rules of `css` (at-rules such as @media left out), each with the classes its selector names."""
    import tinycss2

    rules = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "qualified-rule":
            selector = tinycss2.serialize(rule.prelude).strip()
            rules.append((set(re.findall(r"\.([\w-]+)", selector)), f"{selector} {{{tinycss2.serialize(rule.content)}}}"))
    return rules


def resolve_css_variables(css: str) -> str:
    """The stylesheets with the theme's custom properties (var(--md-…)) replaced by the values the book's :root
    gives them: WeasyPrint draws inline SVG (the diagrams) without resolving var()."""
    values = {}
    for block in re.findall(r":root\s*\{([^}]*)\}", css):
        for name, value in re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", block):
            values[name] = value.strip()

    def replace(match: re.Match) -> str:
        name, fallback = match.group(1), match.group(2)
        return values.get(name, fallback.strip() if fallback else match.group(0))

    for _ in range(3):  # a fallback may itself be a var()
        css = re.sub(r"var\(\s*(--[\w-]+)\s*(?:,\s*([^()]*))?\)", replace, css)
    return css


def book_pdf_bytes(html: str, base_url: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)


def book_inputs(book_pages: list[BookPage], *given: str) -> list[str]:
    """What a book's HTML (book_html) is made from, as a cache key that needs no composing: `given` (the code and
    templates, styles, address, settings), then each page's place in the nav, its bytes and the bytes of the local
    images it shows."""
    inputs = list(given)
    for page in book_pages:
        data = page.file.read_bytes() if page.file.exists() else b""
        inputs += [page.key, page.url, page.section, str(page.appendix), hashlib.sha256(data).hexdigest(),
                   *book_images_key(data.decode("utf-8"), page.file.parent)]
    return inputs


def book_images_key(html: str, folder: Path) -> list[str]:
    """The bytes of the local images `html` shows (a book, or a page of it), their paths taken from `folder`, for a
    cache key: the HTML names only their paths."""
    digests = []
    for source in sorted(set(re.findall(r'<img[^>]* src="([^":]+)"', html))):
        path = folder / unquote(source)
        digests.append(hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "missing")
    return digests
