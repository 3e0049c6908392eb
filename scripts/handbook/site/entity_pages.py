"""The page of every session, case, worksheet and guide, made from its YAML file: nothing under docs/, and
its nav entry put where mkdocs.yml's nav holds that kind's address pattern (`- program/{id}.md`), in the
curriculum's order (views.pages.entity_pages). Prose pages keep the places mkdocs.yml gives them.

mkdocs-static-i18n (on_files, priority -100) sorts the pages by language and rebuilds every page's File
from its place under docs_dir, dropping in-memory content: the pages are added before it (`add`), pretending
to be under docs/, and their copies get their content back before any page is read (`restore`)."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

# Modules, not names: `mkdocs serve` reloads them when the package changes (loading.RELOAD).
from ..content import curriculum as content
from ..views import pages as views_pages
from . import loading, site_hooks

# The pages this build added (path under docs/ → its File and what it is made from), for `restore` and `entity_of`.
_made: dict[str, tuple[File, views_pages.EntityPage]] = {}


def source(page: views_pages.EntityPage) -> str:
    """The page's Markdown: one call of its page function (views/build.py, a macro by site/macros.py), which renders
    it in the build's language. The build makes that call directly (macros.entity_page_markdown)."""
    return f'{{{{ {page.kind}_page("{page.id}") }}}}\n'


def entity_of(page) -> views_pages.EntityPage | None:
    """What a page of this build is made from, if it is made from a curriculum file (each language's copy too)."""
    made = _made.get(page.file.src_uri)
    return made[1] if made is not None else None


def folder(kind: str) -> str:
    """The curriculum/ folder of a kind's files: session → sessions …"""
    return next(name for name, (schema_name, _) in content.COLLECTIONS.items() if schema_name == kind)


def yaml_file(page: views_pages.EntityPage) -> str:
    return f"curriculum/{folder(page.kind)}/{page.id}.yml"


def add(files: Files, config) -> Files:
    """on_files, before mkdocs-static-i18n: one page per entity, and (in the first language's build) the
    nav entries. Under `mkdocs serve`, a rebuild whose YAML has problems keeps the last good pages."""
    root = Path(config.config_file_path).parent
    curriculum = loading.last_curriculum() if site_hooks.build_problems() else loading.cached_curriculum(root)
    pages = views_pages.entity_pages(curriculum) if curriculum is not None else []
    refuse_pages_under_docs(files, pages)
    _made.clear()
    for page in pages:
        file = File.generated(config, page.path, content=source(page))
        file.abs_src_path = os.path.normpath(os.path.join(config.docs_dir, page.path))  # where the i18n plugin looks
        files.append(file)
        _made[page.path] = (file, page)
    if config.nav is not None and not views_pages.nested_language_build(config):  # a further language keeps the first's nav
        config.nav = placed_in_nav(config.nav, pages)
    return files


def restore(files: Files) -> None:
    """on_nav, after mkdocs-static-i18n made its copies and before any page is read: give them their content."""
    for path, (made, _) in _made.items():
        copy = files.src_uris.get(path)
        if copy is not None and copy is not made:
            copy.content_string = made.content_string
            copy.generated_by = made.generated_by


def refuse_pages_under_docs(files: Files, pages: list[views_pages.EntityPage]) -> None:
    """A file under docs/ at an entity page's address (a leftover one-line page, its English twin, or a
    prose page whose name an id takes) would replace the page made from the YAML."""
    for page in pages:
        stem = page.path.removesuffix(".md")
        for uri in (page.path, *(f"{stem}.{lang}.md" for lang in views_pages.LANGUAGES)):
            if uri in files.src_uris:
                raise PluginError(
                    f"docs/{uri}: this address is the page made from {yaml_file(page)} (hint: delete docs/{uri} — a "
                    f"{page.kind} needs only its YAML file — or, if it is a page of its own, give the YAML file another id)")


def placed_in_nav(nav: list, pages: list[views_pages.EntityPage]) -> list:
    """The nav as written in mkdocs.yml, with each kind's address pattern replaced by that kind's pages."""
    kinds = {pattern: kind for kind, pattern in views_pages.ENTITY_PAGES.items()}
    by_kind = {kind: [page.path for page in pages if page.kind == kind] for kind in views_pages.ENTITY_PAGES}
    made = {page.path: page for page in pages}
    found: Counter = Counter()

    def entry(value):
        if isinstance(value, list):
            return entries(value)
        if value in made:
            page = made[value]
            raise PluginError(f"mkdocs.yml: nav: {value} is made from {yaml_file(page)} and placed by "
                              f"`- {views_pages.ENTITY_PAGES[page.kind]}` (hint: remove the line `- {value}`)")
        return value

    def entries(items: list) -> list:
        result = []
        for item in items:
            if isinstance(item, str) and item in kinds:
                found[item] += 1
                result.extend(by_kind[kinds[item]])
            elif isinstance(item, dict):
                result.append({title: entry(value) for title, value in item.items()})
            else:
                result.append(entry(item))
        return result

    placed = entries(nav)
    for pattern, kind in kinds.items():
        if found[pattern] > 1:
            raise PluginError(f"mkdocs.yml: nav: `- {pattern}` appears {found[pattern]} times "
                              "(hint: keep one, in the section the pages belong in)")
        if not found[pattern] and by_kind[kind]:
            raise PluginError(f"mkdocs.yml: nav: no entry `- {pattern}`, so the pages made from curriculum/{folder(kind)}/ "
                              f"have no place in the navigation (hint: add `- {pattern}` to the section they belong in)")
    return placed
