"""The build context: what one build of the handbook knows, made once per build and used by every page, PDF and
Word file it makes. No MkDocs here: the site layer (site/macros.py) only registers these page functions as macros
and carries out the files they ask for.

Every value derived from the curriculum for more than one output is made here once: a printed document's running
head and foot (SheetFrame: the PDF, the print pack and the Word file print the same text), where a worksheet is
used, the 出典 in words, the public short address. The session code (Session.code), previous and next session
(Curriculum.previous_session / following_session) and copies per group (GroupSize.copies_per_group) live with
the content model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from markupsafe import Markup

from ..content import models
from ..content.curriculum import Curriculum
from ..content.models import text_in
from . import announce, pages, planner
from .render import Renderer

# Report parts a prose page can embed with {{ part("name") }}: template per name.
PARTS = {
    "background": "background.html",
    "situation": "situation.html",
    "scenario": "scenario.html",
    "comparison": "comparison.html",
    "way-forward": "way_forward.html",
    "program-outcomes": "program_outcomes.html",
    "program-ripple": "program_ripple.html",
    "program-overview": "program_overview.html",
    "program-verification": "program_verification.html",
    "operations": "operations.html",
    "growth-steps": "growth_steps.html",
    "accompaniment-structure": "accompaniment_structure.html",
    "accompaniment-verification": "accompaniment_verification.html",
    "cases-index": "cases_index.html",
    "worksheets-index": "worksheets_index.html",
    "guides-index": "guides_index.html",
    "accompaniment-guide": "accompaniment_guide.html",
    "planner": "planner.html",
    "self-assessment": "self_assessment.html",
    "glossary": "glossary.html",
    "home": "home.html",
    "sources": "sources.html",
    "book": "book_link.html",
}
CASE_TEMPLATES = {"inquiry": "case_inquiry.html", "visits": "case_visits.html", "before-after": "case_before_after.html"}
# The page functions a docs/ page calls ({{ session_page("session-3") }}): names of BuildContext methods.
PAGE_FUNCTIONS = ("session_page", "case_page", "guide_page", "worksheet_page", "announce_page", "part")
# The print stylesheets of every PDF but the book: the sheet as the web page prints it, then the PDF's own rules.
PRINT_CSS = (Path("docs/assets/stylesheets/worksheet.css"), Path("overrides/handbook/worksheet_pdf.css"))


@dataclass(frozen=True)
class BuildSettings:
    """What a build is asked for, read once by the site layer."""

    site_name: str
    public: str | None  # the published address ending in '/' (pages.public_address); None: no host is printed
    edition: str  # the edition's date (ISO): printed, and the files' creation date
    stamp: str  # version and date as printed ("0.1.0 (2026-11-27)")
    files: bool = True  # PDFs, Word files and QR codes (HANDBOOK_DOWNLOADS=0: pages only)
    print_packs: bool = True  # the per-session print packs and the books (HANDBOOK_PRINT_PACKS=0: left out)
    directory_urls: bool = True  # False in the closed-network edition (pages.url_of)


@dataclass(frozen=True)
class Page:
    """The page a page function renders: its language and its URL from the site root ("en/program/session-1/")."""

    lang: str
    url: str

    @property
    def within_language(self) -> str:
        """The URL within the language's root ("program/session-1/"), as the templates' links take it."""
        return self.url.removeprefix(pages.language_prefix(self.lang))

    @property
    def folder(self) -> str:
        """Where this page's generated files go: its own folder (…/entry-sheet/) on the web, the folder of its
        .html file in the closed-network edition; templates link them by bare file name."""
        return pages.folder_of(self.url)


@dataclass(frozen=True)
class SheetFrame:
    """The running head and foot of one printed document: the same text in its PDF, in the session's print pack and
    in its Word file. Plain text (the templates escape it)."""

    head: str
    foot: str  # public short address (when there is one), 出典 (worksheets), edition
    public_url: str  # the document's public short address ("" when no public address is set)


@dataclass(frozen=True)
class PdfFile:
    """A PDF to write beside the page, from the HTML document `html` makes (called only when files are made)."""

    path: str  # from the site root
    html: Callable[[], str]


@dataclass(frozen=True)
class WordFile:
    path: str
    worksheet: models.Worksheet
    frame: SheetFrame
    lang: str


@dataclass(frozen=True)
class QrFiles:
    """A QR code of `url` written as <stem>.svg and <stem>.png."""

    stem: str
    url: str
    alt: str


@dataclass
class PageOutput:
    """What a page function gives back: the page's Markdown, its description (search results, link previews) and
    the files to write beside it."""

    markdown: str
    description: str | None = None
    files: list[PdfFile | WordFile | QrFiles] = field(default_factory=list)


@dataclass(frozen=True)
class PackSheet:
    """One handed-out worksheet in a print pack, with the frame its own PDF prints around it."""

    ws: models.Worksheet
    frame: SheetFrame


@dataclass
class BuildContext:
    """One build: the loaded curriculum, the settings, the renderer (labels, URL helpers, templates)."""

    root: Path
    curriculum: Curriculum
    settings: BuildSettings
    renderer: Renderer = field(init=False)

    def __post_init__(self):
        self.renderer = Renderer(self.root, self.curriculum, directory_urls=self.settings.directory_urls)

    # --- derived values ---------------------------------------------------------------------------------------

    def label(self, lang: str):
        return self.renderer.labels_in(lang)

    @cached_property
    def short_addresses(self) -> dict[str, tuple[str, str]]:
        """Code (S3, WS-06) → (short path, page URL) on the web (pages.short_addresses)."""
        return pages.short_addresses(self.curriculum)

    def short_link(self, code: str, lang: str) -> str:
        """The short address of a session or worksheet: absolute with a public address, else its path from the site
        root (/s3/), which stands in for it."""
        return (self.settings.public or "/") + pages.language_prefix(lang) + self.short_addresses[code][0]

    def public_url(self, code: str, lang: str) -> str:
        """The short address printed on paper, "" when no public address is set."""
        return self.short_link(code, lang) if self.settings.public else ""

    def session_name(self, session: models.Session, lang: str) -> str:
        """第3回 課題の特定 / Session 3 — Identifying the issue (the templates' lib.session_name)."""
        label = self.label(lang)
        return f"{label('session_title', n=session.number)}{label('session_sep')}{text_in(session.title, lang)}"

    def used_in(self, worksheet: models.Worksheet, lang: str) -> str:
        """Where a worksheet is used, in words (第2回・第3回・伴走的支援)."""
        label = self.label(lang)
        places = [label("session_title", n=self.curriculum.session(sid).number) for sid in worksheet.used_in.sessions]
        if worksheet.used_in.accompaniment:
            places.append(label("accompaniment_support"))
        return label("dot").join(places)

    def sources_in_words(self, source_ids, lang: str) -> str:
        """The 出典 of a printout as a reader can look it up: 報告書「Ⅰ．地域づくり支援プログラム　３．実施方法」「…」,
        each report section once, by its title in curriculum/sources.yml (never its id)."""
        label = self.label(lang)
        sections = self.curriculum.sections
        return label("report") + "".join(
            label("report_section", title=text_in(sections[source].title, lang)) for source in dict.fromkeys(source_ids))

    def worksheet_sources(self, worksheet: models.Worksheet, lang: str) -> str:
        """A worksheet's 出典 as its printed foot says it, label included (出典：報告書「…」); a lecturer's own material
        under its own label (出典（地域の資料）：○○市　2026年), never as the report's."""
        label = self.label(lang)
        sections = [basis.source.section for basis in worksheet.basis if basis.source.section]
        phrases = [f"{label('source')}{label('colon')}{self.sources_in_words(sections, lang)}"] if sections else []
        for local in dict.fromkeys(basis.source.local for basis in worksheet.basis if basis.source.local):
            phrases.append(label("source_local") + label("colon")
                           + label("source_local_ref", organisation=text_in(local.organisation, lang), year=local.year))
        return label("bar").join(phrases)

    def run_sheet_sources(self, session: models.Session, lang: str) -> str:
        return self.sources_in_words([session.source, self.curriculum.operating_cycle.guidance.source], lang)

    def _frame(self, head: str, sources: str, public_url: str, lang: str) -> SheetFrame:
        """A frame whose foot reads: public address ｜ 出典 ｜ edition (the first two only when there are any)."""
        label = self.label(lang)
        parts = [part for part in (public_url, sources) if part]
        return SheetFrame(head, "".join(part + label("bar") for part in parts) + f"{label('edition')} {self.settings.stamp}",
                          public_url)

    def worksheet_frame(self, worksheet: models.Worksheet, lang: str) -> SheetFrame:
        """A worksheet's head (code, title, where it is used) and foot (its address, 出典 in words, edition)."""
        label = self.label(lang)
        space = label("space")
        head = (f"{worksheet.code}{space}{text_in(worksheet.title, lang)}{space}{label('slash')}{space}"
                f"{label('ws_used_in')}{label('colon')}{self.used_in(worksheet, lang)}")
        return self._frame(head, self.worksheet_sources(worksheet, lang), self.public_url(worksheet.code, lang), lang)

    def _session_frame(self, session: models.Session, lang: str, what: str) -> SheetFrame:
        label = self.label(lang)
        space = label("space")
        head = f"{session.code}{space}{what}{space}{self.session_name(session, lang)}"
        return self._frame(head, "", self.public_url(session.code, lang), lang)

    def run_sheet_frame(self, session: models.Session, lang: str) -> SheetFrame:
        return self._session_frame(session, lang, self.label(lang)("run_sheet"))

    def pack_frame(self, session: models.Session, lang: str) -> SheetFrame:
        return self._session_frame(session, lang, self.label(lang)("print_pack"))

    def flyer_frame(self, session: models.Session, lang: str) -> SheetFrame:
        return self._frame(f"{session.code}{self.label(lang)('space')}{self.settings.site_name}", "",
                           self.public_url(session.code, lang), lang)

    @cached_property
    def print_css(self) -> Markup:
        # The project's own stylesheets, not YAML text: inserted as they are.
        return Markup("\n".join((self.root / path).read_text(encoding="utf-8") for path in PRINT_CSS))

    # --- printed documents (the HTML their PDFs are made from) ---------------------------------------------------

    def _document(self, template: str, lang: str, page: str, frame: SheetFrame, **values) -> str:
        return self.renderer.render_document(
            template, lang=lang, page_url=page, frame=frame, css=self.print_css, edition=self.settings.edition,
            stamp=self.settings.stamp, site_name=self.settings.site_name, **values)

    def worksheet_html(self, worksheet: models.Worksheet, lang: str, page: str = "") -> str:
        return self._document("worksheet_print.html", lang, page, self.worksheet_frame(worksheet, lang), ws=worksheet)

    def run_sheet_html(self, session: models.Session, lang: str, page: str = "") -> str:
        """The 進行表 of one session."""
        return self._document("run_sheet_print.html", lang, page, self.run_sheet_frame(session, lang), session=session,
                              guide=self.curriculum.guide(session.id), sources_line=self.run_sheet_sources(session, lang))

    def pack_html(self, session: models.Session, lang: str, page: str = "") -> str:
        """The 印刷セット of one session (pack_print.html): cover, preparation checklist, run sheet, handouts."""
        group = self.curriculum.operating_cycle.group_size
        sheets = [PackSheet(ws, self.worksheet_frame(ws, lang)) for ws in self.curriculum.handouts(session)]
        return self._document(
            "pack_print.html", lang, page, self.pack_frame(session, lang), session=session, guide=self.curriculum.guide(session.id),
            sheets=sheets, run_sheet_frame=self.run_sheet_frame(session, lang), sources_line=self.run_sheet_sources(session, lang),
            group_sources_line=self.sources_in_words([group.municipalities.source, group.people_per_municipality.source], lang))

    def flyer_html(self, session: models.Session, lang: str, page: str = "") -> str:
        """The A4 flyer of one session, with the QR code of its public short address."""
        url = self.public_url(session.code, lang) or None
        qr = Markup(announce.qr_svg(url, self.label(lang)("qr_alt", url=url))) if url else ""
        sheets = [w for w in self.curriculum.worksheets_for(session.id) if w.used_in.handed_out == "before"]
        return self._document("flyer_print.html", lang, page, self.flyer_frame(session, lang), session=session, sheets=sheets,
                              url=url, link=self.short_link(session.code, lang), qr=qr)

    # --- pages ----------------------------------------------------------------------------------------------

    def render(self, page: Page, template: str, **values) -> str:
        # `root`: relative path to the site root, where the shared assets live (also for /en/ pages).
        return self.renderer.render(template, lang=page.lang, page_url=page.within_language,
                                    root=pages.relative_url(page.url, ""), **values)

    def describe(self, lang: str, *parts: str) -> str:
        return self.label(lang)("colon").join(part for part in parts if part)

    def session_page(self, page: Page, session_id: str) -> PageOutput:
        """The whole page of one session (program/<id>.md, made from its YAML file by site/entity_pages.py)."""
        session, lang = self.curriculum.session(session_id), page.lang
        label = self.label(lang)
        # Without print packs (make serve, HANDBOOK_PRINT_PACKS=0) no page links to one.
        pack = pages.print_pack_file(session.id) if self.settings.print_packs else None
        return PageOutput(self.render(page, "session.html", session=session, print_pack=pack), self.describe(
            lang, self.session_name(session, lang),
            label("slash").join(text_in(item, lang) for item in session.contents)))

    def case_page(self, page: Page, case_id: str) -> PageOutput:
        """The whole page of one case story (cases/<id>.md)."""
        case = self.curriculum.case(case_id)
        return PageOutput(self.render(page, CASE_TEMPLATES[case.kind], case=case),
                          self.describe(page.lang, text_in(case.title, page.lang), text_in(case.summary, page.lang)))

    def guide_page(self, page: Page, session_id: str) -> PageOutput:
        """講師・運営向けガイド of one session (guides/<id>.md), with its run sheet and print pack beside it."""
        session, guide, lang = self.curriculum.session(session_id), self.curriculum.guide(session_id), page.lang
        label = self.label(lang)
        run_sheet = pages.run_sheet_file(session.id)
        files = [PdfFile(page.folder + run_sheet, lambda: self.run_sheet_html(session, lang, page.within_language))]
        pack = pages.print_pack_file(session.id) if self.settings.print_packs else None
        if pack:
            files.append(PdfFile(page.folder + pack, lambda: self.pack_html(session, lang, page.within_language)))
        markdown = self.render(page, "guide.html", session=session, guide=guide, run_sheet=run_sheet, print_pack=pack,
                               handouts=self.curriculum.handouts(session))
        return PageOutput(markdown, self.describe(
            lang, f"{label('guide_title')} {self.session_name(session, lang)}",
            label("slash").join(text_in(item, lang) for item in session.contents)), files)

    def worksheet_page(self, page: Page, worksheet_id: str) -> PageOutput:
        """A worksheet's page, with its PDF and Word file beside it."""
        worksheet, lang = self.curriculum.worksheet(worksheet_id), page.lang
        names = {"pdf": f"{worksheet.id}.pdf", "docx": f"{worksheet.id}.docx"}
        frame = self.worksheet_frame(worksheet, lang)
        files = [PdfFile(page.folder + names["pdf"], lambda: self.worksheet_html(worksheet, lang, page.within_language)),
                 WordFile(page.folder + names["docx"], worksheet, frame, lang)]
        markdown = self.render(page, "worksheet.html", ws=worksheet, files=names, used_in=self.used_in(worksheet, lang))
        return PageOutput(markdown, self.describe(lang, f"{worksheet.code} {text_in(worksheet.title, lang)}",
                                                  text_in(worksheet.purpose, lang)), files)

    def announce_page(self, page: Page) -> PageOutput:
        """The organisers' kit: per session a short link, QR code (SVG/PNG), paste-ready texts and a flyer PDF; QR codes
        for the worksheets too. Without a public address: no QR codes, and the short paths (/s3/) stand in."""
        lang, public = page.lang, self.settings.public
        label = self.label(lang)
        items, rows, files = [], [], []
        for session in self.curriculum.sessions:
            code = session.code
            texts = {}
            for text_lang in pages.LANGUAGES:
                text_label = self.label(text_lang)
                prepare = (text_in(session.pre_assignment.label, text_lang) if session.pre_assignment
                           else text_label("announce_no_pre_assignment"))
                link = self.short_link(code, text_lang)
                texts[text_lang] = text_label(
                    "announce_text", session=text_label("session_title", n=session.number), title=text_in(session.title, text_lang),
                    date=text_label("date_placeholder"), prepare=prepare,
                    url=link if public else text_label("address_unset_in_text", path=link))
            url = self.public_url(code, lang) or None
            qr, flyer = (f"qr-{code.lower()}" if url else None), f"flyer-{code.lower()}.pdf"
            sheets = [w for w in self.curriculum.worksheets_for(session.id) if w.used_in.handed_out == "before"]
            items.append({"session": session, "url": url, "link": self.short_link(code, lang), "qr": qr, "flyer": flyer,
                          "sheets": sheets, "texts": texts})
            if url:
                files.append(QrFiles(page.folder + qr, url, label("qr_alt", url=url)))
            files.append(PdfFile(page.folder + flyer, lambda session=session: self.flyer_html(session, lang, page.within_language)))
        for worksheet in self.curriculum.worksheets:
            url = self.public_url(worksheet.code, lang) or None
            qr = f"qr-{worksheet.code.lower()}" if url else None
            rows.append({"ws": worksheet, "url": url, "link": self.short_link(worksheet.code, lang), "qr": qr})
            if url:
                files.append(QrFiles(page.folder + qr, url, label("qr_alt", url=url)))
        markdown = self.render(page, "announce.html", items=items, worksheet_rows=rows,
                               base=(public or "/") + pages.language_prefix(lang), public=public)
        return PageOutput(markdown, files=files)

    def part(self, page: Page, name: str) -> PageOutput:
        """One part of the report, rendered from YAML into a prose page."""
        if name not in PARTS:
            raise KeyError(f"unknown part {name!r}; known parts: {', '.join(PARTS)}")
        values = {"book_file": pages.BOOK_FILE if self.settings.print_packs else None}  # no book built, no link to one
        if name == "planner":
            values["planner_data"] = planner.client_data(self.curriculum, page.lang, self.label(page.lang))
        return PageOutput(self.render(page, PARTS[name], **values))
