"""mkdocs-macros entry point: a thin delegate into the handbook package.

Loads and validates curriculum/ once per build and registers a few macros;
every page structure lives in overrides/handbook/*.html.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import pickle
import sys
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError

from .. import settings
from ..views.render import text_in

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


# Reloaded when the package changed, so `mkdocs serve` picks up edits to it (dependency order).
_RELOAD = ("content.problems", "content.yamlsource", "content.models", "views.pages", "views.collation", "content.curriculum",
           "content.checks", "views.render", "outputs.reproducible", "outputs.edition", "outputs.downloads", "views.planner",
           "qa.parity", "views.announce")
# Per language build: the renderer, and the worksheet files to write once its pages are built.
_build: dict = {"renderer": None, "downloads": []}
# Across builds (this module is not reloaded): the PDF worker pool.
_pool: list = []
# Across the language builds of one run: book PDFs being rendered, written by the last language build.
_books: list = []
# Across builds: what the package and curriculum/ looked like, and the curriculum loaded from them.
# The Japanese and English builds of one run then load and check the YAML once.
_loaded: dict = {}
log = logging.getLogger("mkdocs.plugins.handbook")


def _digest(folder: Path, patterns: tuple[str, ...]) -> str:
    """sha256 of the names and bytes of the files below `folder` that match `patterns`."""
    digest = hashlib.sha256()
    for path in sorted(p for pattern in patterns for p in folder.glob(pattern)):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _reload_package_if_changed() -> None:
    package = _digest(Path(__file__).parents[1], ("**/*.py", "**/*.yml"))
    if "package" in _loaded and _loaded["package"] != package:
        for name in _RELOAD:
            module = sys.modules.get(f"handbook.{name}")
            if module is not None:
                importlib.reload(module)
        _loaded.clear()
    _loaded["package"] = package


def _curriculum(root: Path):
    """The validated curriculum: kept in memory for the next language build, and on disk
    (.cache/curriculum/) for the next build, keyed by the bytes of every YAML file and of the package
    that reads them, so any edit to either loads and checks everything again."""
    from ..content.curriculum import load_curriculum

    key = hashlib.sha256((_digest(root / "curriculum", ("**/*.yml",)) + _loaded["package"]).encode()).hexdigest()
    if _loaded.get("curriculum_key") == key:
        return _loaded["curriculum"]
    stored = root / ".cache" / "curriculum" / f"{key}.pickle"
    try:
        curriculum = pickle.loads(stored.read_bytes())
    except (OSError, EOFError, ImportError, AttributeError, TypeError, ValueError, pickle.UnpicklingError):
        curriculum = load_curriculum(root)  # raises CurriculumError; nothing is kept then
        try:
            data = pickle.dumps(curriculum)
        except (pickle.PicklingError, TypeError, AttributeError):
            # After `mkdocs serve` reloaded the package, pydantic may still hand out its first classes;
            # the next fresh process stores the cache instead.
            data = None
        if data is not None:
            stored.parent.mkdir(parents=True, exist_ok=True)
            for old in stored.parent.glob("*.pickle"):
                old.unlink()
            temporary = stored.with_suffix(".tmp")
            temporary.write_bytes(data)
            temporary.replace(stored)
    _loaded["curriculum"], _loaded["curriculum_key"] = curriculum, key
    return curriculum


def shared_pool():
    if not _pool:
        from ..outputs.downloads import new_worker_pool

        _pool.append(new_worker_pool())
    return _pool[0]


def define_env(env) -> None:
    _reload_package_if_changed()
    from ..outputs import downloads
    from ..views import pages
    from ..views import planner
    from ..outputs.edition import edition_date, format_stamp
    from ..outputs.edition import version as handbook_version
    from ..content.problems import CurriculumError
    from ..views.render import Renderer

    from . import site_hooks

    root = Path(env.project_dir)
    try:
        curriculum = _curriculum(root)
    except CurriculumError as error:
        if not site_hooks.serving():
            raise PluginError("\n" + error.report()) from None
        # `mkdocs serve`: the pages show the problems (site_hooks.problems_page); no macros, no files.
        site_hooks.curriculum_problems(env.conf, error.problems)
        return
    site_hooks.curriculum_loaded()
    renderer = Renderer(root, curriculum, directory_urls=env.conf["use_directory_urls"])
    if curriculum.worksheets:
        try:
            downloads.japanese_font()
        except downloads.MissingFontError as error:
            raise PluginError(str(error)) from None
    edition = edition_date(root)
    version = handbook_version(root)
    try:
        public = pages.public_address(env.conf["site_url"])  # None: print no host anywhere
    except ValueError as error:
        raise PluginError(str(error)) from None
    if public:
        env.conf["site_url"] = public  # canonical links and the sitemap name the same address
    elif not pages.nested_language_build(env.conf):
        log.info(pages.PUBLIC_ADDRESS_UNSET)  # once per build (an INFO line: --strict stays clean)
    _build["renderer"] = renderer
    _build["downloads"] = []
    if pages.build_language(env.conf) == pages.LANGUAGES[0]:
        _books.clear()  # a new run: nothing left over from a failed one
    _build["files"] = []  # (site path, bytes) written as they are (QR codes)
    _build["jobs"] = downloads.PdfJobs(downloads.Cache(root / ".cache" / "downloads"), shared_pool)
    _build["css"] = "\n".join(
        path.read_text(encoding="utf-8")
        for path in (root / "docs" / "assets" / "stylesheets" / "worksheet.css", root / "overrides" / "handbook" / "worksheet_pdf.css")
    )
    enabled = _build["files_enabled"] = settings.current().downloads
    # "0": no print packs and no book (the benchmark measures what they add to a cold build)
    print_sets = settings.current().print_packs

    def book(site_dir: Path):
        """Queue this language's book PDF (composed from the pages just built); returns (site path, cache path)."""
        lang = current_language()
        prefix = pages.language_prefix(lang)
        context = downloads.SheetContext(lang=lang, page_url="", public_url=public + prefix if public else "", used_in="",
                                         sources_line="", edition=edition, version=version, site_name=env.conf["site_name"])
        # The site's own stylesheets (as the pages show them), then the book's print styles.
        css = "\n".join(path.read_text(encoding="utf-8") for path in (
            *(Path(env.conf["docs_dir"]) / sheet for sheet in env.conf["extra_css"]), root / "overrides" / "handbook" / "book_print.css"))
        book_pages = downloads.nav_pages(env.conf["nav"], renderer.directory_urls, site_dir / prefix, nav_translations(env.conf, lang))
        html = downloads.book_html(renderer, context, css, book_pages, site_dir)
        return f"{prefix}{downloads.BOOK_FILE}", _build["jobs"].request_book(html, site_dir)

    if print_sets:
        _build["book"] = book

    def want_pdf(make_html):
        """Queue a PDF (rendered in a worker while pages go on building); None when files are off."""
        return _build["jobs"].request(make_html()) if enabled else None

    def current_language() -> str:
        return pages.build_language(env.conf)

    def render(template: str, **values) -> str:
        lang = current_language()
        url = env.page.url.removeprefix(pages.language_prefix(lang))
        # `root`: relative path to the site root, where the shared assets live (also for /en/ pages).
        root_path = pages.relative_url(env.page.url, "")
        return renderer.render(template, lang=lang, page_url=url, root=root_path, **values)

    def page_folder() -> str:
        """Where this page's generated files go: its own folder (…/entry-sheet/) on the web, the folder
        of its .html file in the closed-network edition; templates link them by bare file name."""
        return pages.folder_of(env.page.url)

    def describe(*parts: str) -> None:
        """The page's description for search results and link previews."""
        lang = current_language()
        label = renderer.labels_in(lang)
        # Escaped here: the theme prints page.meta.description into an attribute as it is.
        env.page.meta["description"] = escape(label("colon").join(p for p in parts if p))

    def t(text) -> str:
        return text_in(text, current_language())

    @env.macro
    def session_page(session_id: str) -> str:
        """The whole page of one session (stub: docs/program/<id>.md)."""
        session = curriculum.session(session_id)
        label = renderer.labels_in(current_language())
        describe(f"{label('session_title', n=session.number)} {t(session.title)}",
                 label("slash").join(t(item) for item in session.contents))
        # Without print packs (make serve, HANDBOOK_PRINT_PACKS=0) no page links to one.
        return render("session.html", session=session, print_pack=downloads.print_pack_file(session.id) if print_sets else None)

    @env.macro
    def case_page(case_id: str) -> str:
        """The whole page of one case story (stub: docs/cases/<id>.md)."""
        case = curriculum.case(case_id)
        describe(t(case.title), t(case.summary))
        return render(CASE_TEMPLATES[case.kind], case=case)

    shorts = pages.short_addresses(curriculum)

    def sheet_context(lang: str, used: str, sources_line: str, code: str):
        """What a printed file says besides its content; its address is the short one (…/ws-06/)."""
        prefix = pages.language_prefix(lang)
        return downloads.SheetContext(
            lang=lang,
            page_url=env.page.url.removeprefix(prefix),
            public_url=public + prefix + shorts[code][0] if public else "",
            used_in=used,
            sources_line=sources_line,
            edition=edition,
            version=version,
            site_name=env.conf["site_name"],
        )

    @env.macro
    def guide_page(session_id: str) -> str:
        """講師・運営向けガイド of one session (stub: docs/guides/<id>.md); its run sheet PDF is written next to it."""
        session, guide = curriculum.session(session_id), curriculum.guide(session_id)
        lang = current_language()
        label = renderer.labels_in(lang)
        describe(f"{label('guide_title')} {label('session_title', n=session.number)} {t(session.title)}",
                 label("slash").join(t(item) for item in session.contents))
        context = sheet_context(lang, "", "", f"S{session.number}")
        file_name = pages.run_sheet_file(session.id)
        pdf = want_pdf(lambda: downloads.run_sheet_html(renderer, session, guide, context, _build["css"]))
        _build["downloads"].append((f"{page_folder()}{file_name}", pdf, None))
        handouts = downloads.handouts(curriculum, session)
        sheets = [downloads.PackSheet(ws, used_in(ws, lang), downloads.worksheet_sources(renderer, ws, lang),
                                      sheet_context(lang, "", "", ws.code).public_url) for ws in handouts]
        pack_file = downloads.print_pack_file(session.id)
        if print_sets:
            # The session's preparation checklist (issue 16) follows the cover once its template exists.
            prep = (root / "overrides" / "handbook" / "_prep_checklist.html").exists()
            pack = want_pdf(lambda: downloads.pack_html(renderer, session, guide, context, _build["css"], sheets,
                                                        prep_checklist=prep))
            _build["downloads"].append((f"{page_folder()}{pack_file}", pack, None))
        return render("guide.html", session=session, guide=guide, run_sheet=file_name, print_pack=pack_file if print_sets else None,
                      handouts=handouts)

    def used_in(worksheet, lang: str) -> str:
        label = renderer.labels_in(lang)
        places = [label("session_title", n=curriculum.session(sid).number) for sid in worksheet.used_in.sessions]
        if worksheet.used_in.accompaniment:
            places.append(label("accompaniment_support"))
        return label("dot").join(places)

    @env.macro
    def worksheet_page(worksheet_id: str) -> str:
        """A worksheet's page; its PDF and Word files are written next to it after the build."""
        worksheet = curriculum.worksheet(worksheet_id)
        lang = current_language()
        describe(f"{worksheet.code} {t(worksheet.title)}", t(worksheet.purpose))
        sources = ", ".join(dict.fromkeys(b.source for b in worksheet.basis))
        context = sheet_context(lang, used_in(worksheet, lang), f"{renderer.labels_in(lang)('report')} {sources}", worksheet.code)
        pdf = want_pdf(lambda: downloads.pdf_html(renderer, worksheet, context, _build["css"]))
        _build["downloads"].append((f"{page_folder()}{worksheet.id}.pdf", pdf, None))
        _build["downloads"].append((f"{page_folder()}{worksheet.id}.docx", None, (worksheet, context)))
        files = {"pdf": f"{worksheet.id}.pdf", "docx": f"{worksheet.id}.docx"}
        return render("worksheet.html", ws=worksheet, files=files, used_in=context.used_in)

    @env.macro
    def announce_page() -> str:
        """The organisers' kit: per session a short link, QR code (SVG/PNG), paste-ready texts and a
        flyer PDF; QR codes for the worksheets too. Files are written next to the page after the build."""
        from ..views import announce

        lang = current_language()
        label = renderer.labels_in(lang)
        # Without a public address: no QR codes, and the short paths (/s3/) stand in for the addresses.
        base = public or "/"
        prefix = pages.language_prefix(lang)
        folder = page_folder()
        items, rows = [], []

        def qr_code(url: str, name: str) -> str:
            """Queue the QR code of `url` as <name>.svg and .png beside the page; returns the SVG for the
            flyer. Cached by content like the PDFs; not made when files are off (benchmark baseline)."""
            if not enabled:
                return ""
            cache, alt = _build["jobs"].cache, label("qr_alt", url=url)
            svg = cache.get_or_make(["qr-svg", url, alt], ".svg", lambda: announce.qr_svg(url, alt).encode("utf-8"))
            png = cache.get_or_make(["qr-png", url], ".png", lambda: announce.qr_png(url))
            _build["files"].extend([(f"{folder}{name}.svg", svg), (f"{folder}{name}.png", png)])
            return svg.decode("utf-8")

        for session in curriculum.sessions:
            code = f"S{session.number}"
            sheets = [w for w in curriculum.worksheets_for(session.id) if w.used_in.handed_out == "before"]
            texts = {}
            for text_lang in ("ja", "en"):
                text_label = renderer.labels_in(text_lang)
                text_prefix = pages.language_prefix(text_lang)
                prepare = text_in(session.pre_assignment.label, text_lang) if session.pre_assignment else text_label("announce_no_pre_assignment")
                text_link = base + text_prefix + shorts[code][0]
                texts[text_lang] = text_label(
                    "announce_text", session=text_label("session_title", n=session.number), title=text_in(session.title, text_lang),
                    date=text_label("date_placeholder"), prepare=prepare,
                    url=text_link if public else text_label("address_unset_in_text", path=text_link))
            link = base + prefix + shorts[code][0]
            url = link if public else None
            qr, flyer = (f"qr-{code.lower()}" if public else None), f"flyer-{code.lower()}.pdf"
            items.append({"session": session, "url": url, "link": link, "qr": qr, "flyer": flyer, "sheets": sheets, "texts": texts})
            svg = qr_code(url, qr) if public else ""
            context = sheet_context(lang, "", "", code)
            pdf = want_pdf(lambda: renderer.render_document(
                "flyer_print.html", lang=lang, page_url=context.page_url, session=session, sheets=sheets, url=url, link=link,
                qr=Markup(svg), css=Markup(_build["css"]), edition=edition, stamp=format_stamp(version, edition), site_name=env.conf["site_name"], public_url=url))
            _build["downloads"].append((f"{folder}{flyer}", pdf, None))
        for worksheet in curriculum.worksheets:
            link = base + prefix + shorts[worksheet.code][0]
            qr = f"qr-{worksheet.code.lower()}" if public else None
            rows.append({"ws": worksheet, "url": link if public else None, "link": link, "qr": qr})
            if public:
                qr_code(link, qr)
        return render("announce.html", items=items, worksheet_rows=rows, base=base + prefix, public=public)

    @env.macro
    def part(name: str) -> str:
        """One part of the report, rendered from YAML into a prose page."""
        if name not in PARTS:
            raise KeyError(f"unknown part {name!r}; known parts: {', '.join(PARTS)}")
        values = {"book_file": downloads.BOOK_FILE if print_sets else None}  # no book built, no link to one
        if name == "planner":
            lang = current_language()
            values["planner_data"] = planner.client_data(curriculum, lang, renderer.labels_in(lang))
        return render(PARTS[name], **values)


def on_post_build(env) -> None:
    """Write the PDFs and Word files of the pages this language build rendered."""
    from ..outputs import downloads
    from . import site_hooks

    if site_hooks.build_problems():
        return  # `mkdocs serve` with problems in curriculum/: the pages show them, no files are made
    jobs = _build.get("jobs")
    try:
        write_short_addresses(env)
        for url, data in _build.get("files", []):
            downloads.write(Path(env.conf["site_dir"]) / url, data)
        if not _build.get("files_enabled", True):
            return
        site_dir = Path(env.conf["site_dir"])
        if "book" in _build:
            # The book renders in a worker while the next language builds; the last language build writes all.
            url, path = _build["book"](site_dir)
            _books.append((site_dir / url, jobs.cache, path, jobs.futures.pop(path, None)))
        for url, pdf, word in _build["downloads"]:
            if pdf is not None:
                downloads.write(site_dir / url, jobs.result(pdf))
            else:
                worksheet, context = word
                downloads.write(site_dir / url, downloads.worksheet_docx(_build["renderer"], worksheet, context, jobs.cache))
        from ..views.pages import LANGUAGES, build_language

        if build_language(env.conf) == LANGUAGES[-1]:
            while _books:
                target, cache, path, future = _books.pop(0)
                if future is not None:
                    cache.store(path, future.result())
                downloads.write(target, path.read_bytes())
    finally:
        if jobs is not None:
            jobs.close()
        _build["downloads"] = []


def nav_translations(config, lang: str) -> dict[str, str]:
    """The nav section titles of a language (mkdocs-static-i18n's nav_translations), for the book's contents."""
    plugin = config["plugins"].get("i18n")
    for language in getattr(plugin, "config", {}).get("languages", []) if plugin else []:
        if language.get("locale") == lang:
            return dict(language.get("nav_translations") or {})
    return {}


def write_short_addresses(env) -> None:
    """Redirect pages for the short addresses (S1…, WS-xx) of this language build."""
    from ..views import pages

    renderer = _build["renderer"]
    lang = pages.build_language(env.conf)
    prefix = pages.language_prefix(lang)
    site_dir = Path(env.conf["site_dir"])
    public = pages.public_address(env.conf["site_url"])
    titles = {f"S{s.number}": s.title for s in renderer.curriculum.sessions}
    titles.update({w.code: w.title for w in renderer.curriculum.worksheets})
    # The canonical address is the web one; the redirect itself points at this build's own file
    # (program/session-1/ on the web, program/session-1.html in the closed-network edition).
    web = pages.short_addresses(renderer.curriculum)
    local = pages.short_addresses(renderer.curriculum, directory_urls=renderer.directory_urls)
    for code, (short, target) in local.items():
        html = renderer.render_document(
            "redirect.html", lang=lang, page_url=short, code=code, title=text_in(titles[code], lang),
            target=pages.relative_url(short, target),
            canonical=public + prefix + web[code][1] if public else pages.relative_url(short, target),
        )
        path = site_dir / prefix / short / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
