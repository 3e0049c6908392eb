"""MkDocs hooks: thin delegates into the handbook package (see scripts/handbook/site/site_hooks.py)."""

from mkdocs.plugins import event_priority

from handbook.site import entity_pages, macros, site_hooks


def on_startup(command, dirty):
    site_hooks.startup(command)


@event_priority(-150)  # after mkdocs-static-i18n (-100) has set this language's copyright line
def on_config(config):
    site_hooks.one_not_found_page(config)
    site_hooks.edition_line(config)
    site_hooks.vendored_polyfills(config)
    return config


def on_env(env, config, files):
    site_hooks.theme_environment(env, config)
    return env


@event_priority(-50)  # before mkdocs-static-i18n (-100), which sorts the pages by language
def on_files(files, config):
    files = site_hooks.drop_template_assets(files, config)
    return entity_pages.add(files, config)  # sessions, cases, worksheets, guides: made from their YAML files


def on_nav(nav, config, files):
    entity_pages.restore(files)
    return nav


@event_priority(50)  # before mkdocs-macros (0), which then leaves a page marked render_macros: false alone
def on_page_markdown(markdown, page, config, files):
    problems = site_hooks.problems_page(page, config)  # serve mode, curriculum/ with problems: shown on every page
    if problems is not None:
        return problems
    entity = macros.entity_page_markdown(page, config)  # a page made from a curriculum file
    return markdown if entity is None else entity


def on_page_content(html, page, config, files):
    site_hooks.page_description(html, page)
    site_hooks.search_exclusions_hold(html, page)
    return site_hooks.cells_apart(macros.glossary_links(html, page, config))


@event_priority(40)  # after mkdocs-static-i18n (50) has set the language switcher's links
def on_page_context(context, page, config, nav):
    site_hooks.relative_language_links(page, config)
    site_hooks.web_canonical_url(page, config)
    return context


def on_post_page(output, page, config):
    return site_hooks.without_head_alternates(output)


def on_post_template(output_content, template_name, config):
    return site_hooks.without_head_alternates(output_content)


@event_priority(-200)  # after mkdocs-static-i18n (-100) has merged the search entries of all languages
def on_post_build(config):
    site_hooks.split_search_index(config)
    site_hooks.mirror_redirects(config)
    site_hooks.dated_sitemap(config)
    site_hooks.missing_translations(config)
