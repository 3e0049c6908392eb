"""Site-wide fixes done from MkDocs hooks: language links that work under any path, and one
search index per language."""

from __future__ import annotations

import html
import json
import logging
import re
from pathlib import Path

from markupsafe import escape

from ..content import search

from .loading import cached_curriculum
from ..views.render import VOID_ELEMENTS, element_end, enclosing_tag  # elements that never enclose anything; where one ends
from ..views.pages import (DEFAULT_LANGUAGE, LANGUAGES, build_language, language_prefix, nested_language_build, output_path,
                    public_address, url_of)

DESCRIPTION_LENGTH = 150  # characters shown in link previews

# Under `mkdocs serve` a rebuild that finds problems in curriculum/ does not abort (the browser would wait
# for a reload that never comes): every page shows the problems instead, and the terminal lists them on
# every rebuild. `mkdocs build` (and --strict, and `python -m handbook build`) still fails as before.
_serve: dict = {"serving": False, "problems": []}


def startup(command: str) -> None:
    """MkDocs' on_startup: remember whether this process serves the site (live reload)."""
    _serve["serving"] = command == "serve"


def serving() -> bool:
    return _serve["serving"]


def curriculum_loaded() -> None:
    """This build loaded curriculum/ without problems: pages are built as usual."""
    _serve["problems"] = []


def curriculum_problems(config, problems) -> None:
    """Serve mode only: this build found `problems` (handbook.content.problems.Problem) in curriculum/. Each is logged
    once per rebuild (not again in the further language's build); every page then shows them."""
    _serve["problems"] = list(problems)
    if nested_language_build(config):
        return
    log = _problem_log()
    for problem in problems:
        log.error(str(problem))
    count = len(problems)
    log.error(f"curriculum: {count} problem{'s' if count != 1 else ''} found; every page shows them until they are fixed")


def _problem_log(name: str = "handbook.serve") -> logging.Logger:
    """MkDocs' own terminal handler, without the strict mode's counter: mkdocs.yml sets strict, and a counted
    error would abort the rebuild, so the browser would not reload to show the problems."""
    from mkdocs.utils import CountHandler

    logger = logging.getLogger(name)
    handlers = [h for h in logging.getLogger("mkdocs").handlers if not isinstance(h, CountHandler)]
    logger.handlers = handlers
    logger.propagate = not handlers
    logger.setLevel(logging.INFO)
    return logger


def missing_translations(config) -> None:
    """List every text without English (checks.missing_english), once per build, after the pages: the English pages
    show them in Japanese, marked 未翻訳. Printed as WARNING lines through MkDocs' terminal handler but not counted by
    --strict (_problem_log): a text may wait for its translator (models.Text), so this is a to-do list for
    translators, never a reason to refuse the build."""
    if nested_language_build(config) or build_problems():
        return
    warnings = cached_curriculum(Path(config.config_file_path).parent).warnings
    log = _problem_log("handbook.translations")
    for warning in warnings:
        log.warning(str(warning))
    if warnings:
        log.warning(f"curriculum: {len(warnings)} text{'s' if len(warnings) != 1 else ''} without English, shown in Japanese "
                    "and marked 未翻訳 on the English pages (hint: add en: to each)")


def build_problems() -> list:
    """The curriculum problems of the current serve build ([] when the pages are built as usual)."""
    return _serve["problems"]


def problems_page(page, config) -> str | None:
    """Serve mode with problems: the page's Markdown replaced by the problem list (build_problems.html),
    with mkdocs-macros told to leave it alone. None when the page is built as usual."""
    problems = build_problems()
    if not problems:
        return None
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from ..views.render import load_labels

    page.meta["render_macros"] = False
    labels, lang = load_labels(), build_language(config)
    root = Path(config.config_file_path).parent
    env = Environment(loader=FileSystemLoader(root / "overrides" / "handbook"), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    return env.get_template("build_problems.html").render(
        lang=lang, problems=[str(problem) for problem in problems], label=lambda key, **fmt: labels[key][lang].format(**fmt))

def relative_language_links(page, config) -> None:
    """Point the language switcher at the same page in each language.

    mkdocs-static-i18n leaves the home pages with absolute links built from site_url, which break
    when the site is opened from another host or from file://; site-root-relative URLs do not.
    """
    alternates = getattr(page.file, "alternates", None) or {}
    # mkdocs-static-i18n assigns config.extra.alternate as an attribute; the theme reads it that way too.
    for alternate in getattr(config.extra, "alternate", None) or config.extra.get("alternate", []):
        lang = alternate["lang"]
        if lang in alternates:
            alternate["link"] = alternates[lang].url or "./"
        else:
            alternate["link"] = language_prefix(lang) + url_of("index.md", config.use_directory_urls) or "./"


def split_search_index(config) -> None:
    """Split the merged index into search/ (Japanese) and <lang>/search/ (each other language),
    so a search on an English page returns English pages only, and vice versa; each carries what the
    handbook's search worker reads beside the documents (handbook.content.search.index_config: the glossary's
    names of each term and its spelling variants)."""
    if nested_language_build(config) or build_problems():
        return  # the merged index is not final yet (or there is no curriculum to read the glossary from)
    site = Path(config.site_dir)
    merged = site / "search" / "search_index.json"
    if not merged.exists():
        return
    index = json.loads(merged.read_text(encoding="utf-8"))
    glossary = cached_curriculum(Path(config.config_file_path).parent).glossary
    for lang in LANGUAGES:
        prefix = language_prefix(lang)
        others = tuple(f"{other}/" for other in LANGUAGES if other != DEFAULT_LANGUAGE)
        if prefix:
            docs = [{**doc, "location": doc["location"][len(prefix):]} for doc in index["docs"] if doc["location"].startswith(prefix)]
        else:
            docs = [doc for doc in index["docs"] if not doc["location"].startswith(others)]
        target = site / prefix / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        config_for_lang = {**index["config"], **search.index_config(lang, glossary)}
        data = json.dumps({"config": config_for_lang, "docs": docs}, ensure_ascii=False, separators=(",", ":"))
        target.write_text(data, encoding="utf-8")
        if offline_edition(config):
            # From file:// the theme cannot fetch JSON; it loads the index as a script instead
            # (what Material's offline plugin does for the merged index, here per language).
            target.with_suffix(".js").write_text(f"var __index = {data}", encoding="utf-8")


PARAGRAPH = re.compile(r"<p[^>]*>(.*?)</p>", re.S)


def page_description(content: str, page) -> None:
    """Give every page a description for search results and link previews (e-mail, chat, flyers):
    the one set in front matter, else the page's first paragraph as plain text."""
    if page.meta.get("description"):
        return
    for paragraph in PARAGRAPH.finditer(content):  # in order, up to the first long enough
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", paragraph.group(1))).split())
        if len(text) >= 20:
            text = text if len(text) <= DESCRIPTION_LENGTH else text[: DESCRIPTION_LENGTH - 1] + "…"
            page.meta["description"] = escape(text)  # the theme prints it into an attribute as it is
            return


def dated_sitemap(config) -> None:
    """Date the sitemap by the edition (the last commit), not the clock, so two builds of one commit are
    byte-identical. MkDocs takes lastmod and the sitemap.xml.gz header from SOURCE_DATE_EPOCH in the process
    environment, else the clock; the handbook never writes that variable (a long `mkdocs serve` would keep a
    stale date), so it rewrites the two files after the build instead."""
    if nested_language_build(config):
        return
    sitemap = Path(config.site_dir) / "sitemap.xml"
    if not sitemap.exists():
        return
    from ..outputs.edition import edition_date, edition_epoch
    from ..outputs.reproducible import gzip_bytes

    day = edition_date(Path(config.config_file_path).parent)
    epoch = edition_epoch(day)  # like every file dated by the edition: its midnight, UTC
    text = re.sub(r"<lastmod>[^<]*</lastmod>", f"<lastmod>{day}</lastmod>", sitemap.read_text(encoding="utf-8"))
    sitemap.write_text(text, encoding="utf-8")
    sitemap.with_suffix(".xml.gz").write_bytes(gzip_bytes(text.encode("utf-8"), epoch, name="sitemap.xml"))


def one_not_found_page(config) -> None:
    """A server has one 404 page, at the site root. mkdocs-static-i18n builds each language into the same
    root and the last one (English) would overwrite it with English navigation; only the default
    language's build writes it (mkdocs-static-i18n issue #284)."""
    if build_language(config) == DEFAULT_LANGUAGE:
        config.theme.static_templates.add("404.html")
    else:
        config.theme.static_templates.discard("404.html")


def edition_line(config) -> None:
    """Put the edition (version and date of the last commit) into the footer line, so printed pages can be traced."""
    from ..outputs.edition import stamp

    if config.copyright and "{edition}" in config.copyright:
        config.copyright = config.copyright.replace("{edition}", stamp(Path(config.config_file_path).parent))


def mirror_redirects(config) -> None:
    """mkdocs-redirects writes a moved page's redirect for the default language only; its links are
    relative, so the same file forwards the other languages' old address too."""
    if nested_language_build(config):
        return
    redirects = config.plugins.get("redirects")
    maps = (redirects.config.get("redirect_maps") or {}) if redirects is not None else {}
    site = Path(config.site_dir)
    for old in maps:
        if not old.endswith(".md"):
            continue
        source = site / output_path(url_of(old, config.use_directory_urls))
        for lang in LANGUAGES:
            target = site / lang / output_path(url_of(old, config.use_directory_urls))
            if lang != DEFAULT_LANGUAGE and source.exists() and not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(source.read_bytes())


# Where the closed-network edition loads Material's iframe-worker shim from (docs/assets/, vendored):
# the offline plugin would otherwise add https://unpkg.com/iframe-worker/shim.
VENDORED_WORKER_SHIM = "assets/javascripts/vendor/iframe-worker/shim.js"


def offline_edition(config) -> bool:
    offline = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(offline is not None and offline.config.enabled)


def vendored_polyfills(config) -> None:
    """Swap the CDN copy of the iframe-worker shim (search from file://) for the vendored one."""
    polyfills = config.extra.get("polyfills") or []
    config.extra["polyfills"] = [VENDORED_WORKER_SHIM if "iframe-worker" in str(url) else url for url in polyfills]


def drop_template_assets(files, config):
    """overrides/handbook/ holds templates for the macros and the PDFs, not site assets; MkDocs would
    copy its non-HTML files (worksheet_pdf.css) into the site as theme files."""
    templates = Path(config.theme.custom_dir, "handbook")
    for file in [f for f in files if f.abs_src_path and Path(f.abs_src_path).is_relative_to(templates)]:
        files.remove(file)
    return files


def web_canonical_url(page, config) -> None:
    """A page's canonical address (and og:url) is its public web address, or there is none: without a
    public address (pages.public_address) no page names a host. In the closed-network edition it is still
    the web address, never a file name that exists only inside the zip."""
    public = public_address(config.site_url)
    if public is None:
        # The sitemap, which must hold absolute addresses, then falls back to site_url (its placeholder).
        page.canonical_url = page.abs_url = None
        return
    if not offline_edition(config):
        return
    url = page.url.removesuffix("index.html")
    if url.endswith(".html"):
        url = url.removesuffix(".html") + "/"
    page.canonical_url = public + url


# The head's hreflang links, as Material's base.html writes them from config.extra.alternate, each on its own line
# (matched with the line break and indentation before it, so no blank line is left).
HEAD_ALTERNATE_TAG = '<link rel="alternate" '
HEAD_ALTERNATE = re.compile(rf'\n[ \t]*{HEAD_ALTERNATE_TAG}href="[^"]*" hreflang="[^"]*">')


def without_head_alternates(output: str) -> str:
    """Drop the head's <link rel="alternate" hreflang> tags; the language switcher stays.

    Material's script fetches a sitemap.xml below every such link, expecting a language root; ours name
    the same page in the other language (so the switcher keeps the page everywhere, also from file://),
    and each page load would request two missing files. Search engines get the same pairs from the
    sitemap, with absolute addresses (mkdocs-static-i18n writes xhtml:link alternates into it)."""
    head_end = output.find("</head>")
    head_end = len(output) if head_end < 0 else head_end
    # Only from the line of the first one: a pattern that starts with a line break is tried at every line of the head.
    first = output.find(HEAD_ALTERNATE_TAG, 0, head_end)
    if first < 0:
        return output
    start = max(output.rfind("\n", 0, first), 0)
    return output[:start] + HEAD_ALTERNATE.sub("", output[start:head_end]) + output[head_end:]


def theme_environment(env, config) -> None:
    """The theme's Jinja environment: UI labels for its own templates (404.html) from the one locale
    table, and compiled templates kept between builds like the handbook's (render.template_cache)."""
    from ..views.render import load_labels, template_cache

    labels = load_labels()
    env.globals["handbook_label"] = lambda key, lang: labels[key][lang]
    env.bytecode_cache = template_cache(Path(config.config_file_path).parent)


# The attribute that leaves an element out of search (found first: a pattern that starts with fixed text is found
# much faster than one that looks into every tag; then the tag it is in, render.enclosing_tag).
_EXCLUDED_ATTRIBUTE = re.compile(r"data-search-exclude(?=[\s=/>])(?<=\sdata-search-exclude)")


def search_exclusion_leaks(content: str) -> list[str]:
    """Tags of elements inside an element marked data-search-exclude that has the same tag name. Material's search
    parser ends the exclusion at the first closing tag of that name, so the rest would leak into the index.
    (Only the excluded elements are scanned, by regular expressions: html.parser took a tenth of the build.)"""
    leaks: list[str] = []
    seen: set[int] = set()
    for attribute in _EXCLUDED_ATTRIBUTE.finditer(content):
        name = enclosing_tag(content, attribute.start())
        tag_end = content.find(">", attribute.end())
        if name is None or name.start() in seen or tag_end < 0:
            continue  # not inside a tag (text that names the attribute), or a tag already looked at
        seen.add(name.start())
        tag = name.group(1).lower()
        if tag in VOID_ELEMENTS or content[tag_end - 1] == "/":
            continue
        _, nested = element_end(content, tag, tag_end + 1)
        leaks += [tag] * nested
    return leaks


def cells_apart(content: str) -> str:
    """A space after every table cell: Material's search parser joins the texts of neighbouring cells
    (STEP1STEP2), so a search would find strings no reader sees. Browsers ignore the space between cells."""
    return content.replace("</td>", "</td> ").replace("</th>", "</th> ")


def search_exclusions_hold(content: str, page) -> None:
    """Stop the build when an element left out of search (出典 lines, paste-ready texts) would leak into it."""
    leaks = search_exclusion_leaks(content)
    if leaks:
        from mkdocs.exceptions import PluginError

        tags = ", ".join(sorted(set(leaks)))
        raise PluginError(
            f"{page.file.src_uri}: data-search-exclude: an excluded element holds a <{tags}> of its own tag name, so "
            f"Material's search parser would end the exclusion early (hint: give the excluded element another tag, e.g. <small> around <span>s)"
        )
