"""mkdocs-macros entry point: a thin delegate into the handbook package.

Each language build makes one BuildContext (views/build.py) from the curriculum, loaded and checked once per run
(loading.py); its page functions become the macros the docs/ pages call. This module only carries out what they ask
for: the page's description, and the PDFs, Word files and QR codes written beside the pages after the build.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from markupsafe import escape
from mkdocs.exceptions import PluginError

# Modules, not names: `mkdocs serve` reloads them when the package changes (loading.RELOAD), and a name taken
# from one would keep its first version.
from .. import settings
from ..content import problems
from ..outputs import downloads, edition
from ..views import build as views_build
from ..views import pages, render
from . import entity_pages, loading, site_hooks

log = logging.getLogger("mkdocs.plugins.handbook")
# Across builds (this module is not reloaded): the PDF worker pool.
_pool: list = []
# Across the language builds of one run: book PDFs being rendered, written by the last language build.
_books: list = []


@dataclass
class SiteBuild:
    """One language build: its context and the files its pages asked for, made when its first page renders, since
    mkdocs-static-i18n sets the language's site name only after define_env has run."""

    root: Path
    curriculum: object
    settings: views_build.BuildSettings
    config: object

    @cached_property
    def context(self) -> views_build.BuildContext:
        settings = dataclasses.replace(self.settings, site_name=self.config["site_name"])
        return views_build.BuildContext(self.root, self.curriculum, settings)

    @cached_property
    def files(self) -> downloads.BuildFiles:
        return downloads.BuildFiles(self.context, settings.current().download_cache or self.root / ".cache" / "downloads", shared_pool)


_current: list[SiteBuild] = []  # the language build under way (empty: none, or curriculum/ has problems)


def define_env(env) -> None:
    """Called by mkdocs-macros at the start of each language build."""
    if pages.build_language(env.conf) == pages.LANGUAGES[0]:
        loading.new_run()
    loading.reload_package_if_changed()
    root = Path(env.project_dir)
    _current.clear()
    try:
        curriculum = loading.cached_curriculum(root)
    except problems.CurriculumError as error:
        if not site_hooks.serving():
            raise PluginError("\n" + error.report()) from None
        # `mkdocs serve`: the pages show the problems (site_hooks.problems_page); no macros, no files.
        site_hooks.curriculum_problems(env.conf, error.problems)
        return
    site_hooks.curriculum_loaded()
    build = SiteBuild(root, curriculum, build_settings(env.conf, root, bool(curriculum.worksheets)), env.conf)
    _current.append(build)
    if pages.build_language(env.conf) == pages.LANGUAGES[0]:
        _books.clear()  # a new run: nothing left over from a failed one

    def page_function(name: str):
        def call(*args):
            return run_page_function(build, name, env.page, env.conf, *args)

        call.__doc__ = getattr(views_build.BuildContext, name).__doc__
        return call

    for name in views_build.PAGE_FUNCTIONS:
        env.macro(page_function(name), name)


def run_page_function(build: SiteBuild, name: str, page, config, *args) -> str:
    """One page function (views/build.py) for `page`: its Markdown; the page's description and its files noted."""
    output = getattr(build.context, name)(views_build.Page(pages.build_language(config), page.url), *args)
    if output.description is not None:
        # Escaped here: the theme prints page.meta.description into an attribute as it is.
        page.meta["description"] = escape(output.description)
    build.files.queue(output.files)
    return output.markdown


def entity_page_markdown(page, config) -> str | None:
    """MkDocs' on_page_markdown, before mkdocs-macros: a page made from a curriculum file rendered by its page function
    directly, and mkdocs-macros told to leave it alone. Its Markdown is only that call (entity_pages.source), and
    mkdocs-macros would compile it as a template of its own for every such page. None for any other page."""
    entity = entity_pages.entity_of(page)
    if entity is None or not _current:
        return None
    page.meta["render_macros"] = False
    return run_page_function(_current[0], f"{entity.kind}_page", page, config, entity.id)


def glossary_links(content: str, page, config) -> str:
    """MkDocs' on_page_content: the first use of each glossary term in the article links to its entry
    (views/render.py: Renderer.link_first_uses). Left out when this language build has no context (curriculum/ has
    problems and serve mode shows them instead of pages)."""
    if not _current:
        return content
    lang = pages.build_language(config)
    page_url = page.url.removeprefix(pages.language_prefix(lang))
    return _current[0].context.renderer.link_first_uses(content, lang=lang, page_url=page_url)


def build_settings(config, root: Path, worksheets: bool) -> views_build.BuildSettings:
    """What this build is asked for (mkdocs.yml and the settings), checked: a bad public address, or a missing
    Japanese font when PDFs are to be made, stops the build with its hint."""
    current = settings.current()
    if worksheets and current.downloads:
        try:
            downloads.japanese_font()
        except downloads.MissingFontError as error:
            raise PluginError(str(error)) from None
    try:
        public = pages.public_address(config["site_url"])  # None: print no host anywhere
    except ValueError as error:
        raise PluginError(str(error)) from None
    if public:
        config["site_url"] = public  # canonical links and the sitemap name the same address
    elif not pages.nested_language_build(config):
        log.info(pages.PUBLIC_ADDRESS_UNSET)  # once per build (an INFO line: --strict stays clean)
    date = edition.edition_date(root)
    # print_packs "0": no print packs and no book (the benchmark measures what they add to a cold build).
    # site_name: this language's is set by SiteBuild.context once pages render.
    return views_build.BuildSettings(
        site_name=config["site_name"], public=public, edition=date, stamp=edition.format_stamp(edition.version(root), date),
        files=current.downloads, print_packs=current.print_packs, directory_urls=config["use_directory_urls"])


def shared_pool():
    if not _pool:
        _pool.append(downloads.new_worker_pool())
    return _pool[0]


def on_post_build(env) -> None:
    """Write the redirects of the short addresses and the files this language build's pages asked for."""
    if site_hooks.build_problems() or not _current:
        return  # `mkdocs serve` with problems in curriculum/: the pages show them, no files are made
    build = _current[0]
    site_dir = Path(env.conf["site_dir"])
    wanted = build.context.settings
    try:
        write_short_addresses(env, build.context)
        if wanted.files and wanted.print_packs:
            # The book renders in a worker while this build's files are written and the next language builds;
            # the last language build writes all.
            _books.append(queue_book(env.conf, build, site_dir))
        build.files.write(site_dir)
        if wanted.files and pages.build_language(env.conf) == pages.LANGUAGES[-1]:
            while _books:
                target, cache, path, future = _books.pop(0)
                if future is not None:
                    cache.store(path, future.result())
                downloads.write(target, path.read_bytes())
    finally:
        build.files.close()


def queue_book(config, build: SiteBuild, site_dir: Path):
    """Queue this language's book PDF, composed from the pages just built: (target, cache, cache path, future)."""
    context = build.context
    lang = pages.build_language(config)
    prefix = pages.language_prefix(lang)
    # The site's own stylesheets (as the pages show them), then the book's print styles.
    css = "\n".join(path.read_text(encoding="utf-8") for path in (
        *(Path(config["docs_dir"]) / sheet for sheet in config["extra_css"]), context.root / "overrides" / "handbook" / "book_print.css"))
    book_pages = downloads.nav_pages(config["nav"], context.settings.directory_urls, site_dir / prefix, nav_translations(config, lang))
    public = context.settings.public
    public_url = public + prefix if public else ""
    jobs = build.files.jobs
    built = context.settings
    inputs = downloads.book_inputs(book_pages, loading.code_digest(context.root), lang, public_url, css,
                                   built.site_name, built.edition, built.stamp)
    path = jobs.book_made_from(inputs)
    if path is None:
        path = jobs.request_book(downloads.book_html(context, lang, public_url, css, book_pages, site_dir), site_dir)
        jobs.note_book(inputs, path)
    return site_dir / prefix / pages.BOOK_FILE, jobs.cache, path, jobs.futures.pop(path, None)


def nav_translations(config, lang: str) -> dict[str, str]:
    """The nav section titles of a language (mkdocs-static-i18n's nav_translations), for the book's contents."""
    plugin = config["plugins"].get("i18n")
    for language in getattr(plugin, "config", {}).get("languages", []) if plugin else []:
        if language.get("locale") == lang:
            return dict(language.get("nav_translations") or {})
    return {}


def write_short_addresses(env, context: views_build.BuildContext) -> None:
    """Redirect pages for the short addresses (S1…, WS-xx) of this language build."""
    renderer, curriculum = context.renderer, context.curriculum
    lang = pages.build_language(env.conf)
    prefix = pages.language_prefix(lang)
    site_dir = Path(env.conf["site_dir"])
    public = context.settings.public
    titles = {s.code: s.title for s in curriculum.sessions}
    titles.update({w.code: w.title for w in curriculum.worksheets})
    # The canonical address is the web one; the redirect itself points at this build's own file
    # (program/session-1/ on the web, program/session-1.html in the closed-network edition).
    web = context.short_addresses
    local = pages.short_addresses(curriculum, directory_urls=renderer.directory_urls)
    for code, (short, target) in local.items():
        html = renderer.render_document(
            "redirect.html", lang=lang, page_url=short, code=code, title=render.text_in(titles[code], lang),
            target=pages.relative_url(short, target),
            canonical=public + prefix + web[code][1] if public else pages.relative_url(short, target),
        )
        path = site_dir / prefix / short / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
