"""Site-wide fixes done from MkDocs hooks: language links that work under any path, and one
search index per language."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from markupsafe import escape

from .pages import language_prefix
from .render import DEFAULT_LANGUAGE, LANGUAGES

DESCRIPTION_LENGTH = 150  # characters shown in link previews

# Lunr settings per language (`pipeline` lists the lunr functions Material keeps).
# Japanese: split at spaces and Japanese punctuation, then lunr's ja support (TinySegmenter)
# segments words; no trimmer, which would strip every non-ASCII character.
# English: the trimmer drops punctuation around words. No stemmer: Material turns every query word
# into a prefix query ("isolat*"), which lunr does not stem, so stemmed index words ("isol") would
# never match; unstemmed words make "isolat" find isolation and isolated, "volunteer" volunteers.
SEARCH_CONFIG = {
    "ja": {"lang": ["ja"], "separator": r"[\s\-　、。，．・：；！？「」『』（）()［］【】〔〕〈〉《》“”\"'/／]+", "pipeline": ["stemmer"]},
    "en": {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": ["trimmer", "stopWordFilter"]},
}


def relative_language_links(page, config) -> None:
    """Point the language switcher (and hreflang links) at the same page in each language.

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
            alternate["link"] = "./" if lang == DEFAULT_LANGUAGE else f"{lang}/"


def split_search_index(config) -> None:
    """Split the merged index into search/ (Japanese) and <lang>/search/ (each other language),
    so a search on an English page returns English pages only, and vice versa."""
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # a nested language build: the merged index is not final yet
    site = Path(config.site_dir)
    merged = site / "search" / "search_index.json"
    if not merged.exists():
        return
    index = json.loads(merged.read_text(encoding="utf-8"))
    for lang in LANGUAGES:
        prefix = language_prefix(lang)
        others = tuple(f"{other}/" for other in LANGUAGES if other != DEFAULT_LANGUAGE)
        if prefix:
            docs = [{**doc, "location": doc["location"][len(prefix):]} for doc in index["docs"] if doc["location"].startswith(prefix)]
        else:
            docs = [doc for doc in index["docs"] if not doc["location"].startswith(others)]
        target = site / prefix / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        config_for_lang = {**index["config"], **SEARCH_CONFIG[lang]}
        target.write_text(json.dumps({"config": config_for_lang, "docs": docs}, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")


def page_description(content: str, page) -> None:
    """Give every page a description for search results and link previews (e-mail, chat, flyers):
    the one set in front matter, else the page's first paragraph as plain text."""
    if page.meta.get("description"):
        return
    for paragraph in re.findall(r"<p[^>]*>(.*?)</p>", content, flags=re.S):
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", paragraph)).split())
        if len(text) >= 20:
            text = text if len(text) <= DESCRIPTION_LENGTH else text[: DESCRIPTION_LENGTH - 1] + "…"
            page.meta["description"] = escape(text)  # the theme prints it into an attribute as it is
            return


def edition_line(config) -> None:
    """Append the edition (date of the last commit) to the footer line, so printed pages can be traced."""
    from .downloads import edition_date

    if config.copyright and "{edition}" in config.copyright:
        config.copyright = config.copyright.replace("{edition}", edition_date(Path(config.config_file_path).parent))


def mirror_redirects(config) -> None:
    """mkdocs-redirects writes a moved page's redirect for the default language only; its links are
    relative, so the same file forwards the other languages' old address too."""
    from .pages import url_of

    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return
    redirects = config.plugins.get("redirects")
    maps = (redirects.config.get("redirect_maps") or {}) if redirects is not None else {}
    site = Path(config.site_dir)
    for old in maps:
        if not old.endswith(".md"):
            continue
        source = site / url_of(old) / "index.html"
        for lang in LANGUAGES:
            target = site / lang / url_of(old) / "index.html"
            if lang != DEFAULT_LANGUAGE and source.exists() and not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(source.read_bytes())
