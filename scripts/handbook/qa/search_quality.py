"""Search quality on a built site: which pages hold a query (the ground truth, from the pages' own text),
what the search box shows for it in a real browser, and the numbers that compare the two.

The ground truth never comes from the search index and never from a hand-typed list of pages: a page
holds a query when handbook.content.search.Matcher says its text holds it, where its text is what a reader sees
in the article (`article.md-content__inner`) minus the elements left out of search on purpose
(`data-search-exclude`: 出典 lines, paste-ready announcement texts) and the "¶" permalinks. The query set
(tests/search-queries.yml) holds queries only, each with its kind.

Used by tests/test_search_quality.py and by the benchmark (`make bench`).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import yaml

from ..content.models import GlossaryFile
from ..views.pages import DEFAULT_LANGUAGE, LANGUAGES, language_prefix
from ..content.search import Matcher, fold

QUERIES_FILE = Path("tests") / "search-queries.yml"  # relative to the project root

# Elements a reader sees as separate blocks: their text never runs into the text beside them. Inline
# elements (a, strong, span, abbr, code, mark …) join their neighbours, as on the screen.
BLOCKS = frozenset("""address article aside blockquote br caption dd details dialog div dl dt fieldset figcaption
figure footer form h1 h2 h3 h4 h5 h6 header hr legend li main nav ol option p pre section select summary table
tbody td tfoot th thead tr ul""".split())
NOT_TEXT = frozenset(("script", "style", "template", "object"))
ARTICLE = "//article[contains(concat(' ', normalize-space(@class), ' '), ' md-content__inner ')]"
EXCLUDED = ".//*[@data-search-exclude]"
PERMALINKS = ".//a[contains(concat(' ', normalize-space(@class), ' '), ' headerlink ')]"


# ---- The query set ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    text: str
    kind: str
    lang: str
    issue: bool = False  # one of the queries issue 10 reported as failing


def load_queries(root: Path, path: Path | None = None) -> dict[str, list[Query]]:
    """lang → the queries of that edition, in file order."""
    data = yaml.safe_load((path or root / QUERIES_FILE).read_text(encoding="utf-8"))
    queries: dict[str, list[Query]] = {}
    for lang in LANGUAGES:
        queries[lang] = []
        for item in data.get(lang) or []:
            if not isinstance(item.get("q"), str) or not isinstance(item.get("kind"), str):
                # e.g. an unquoted 9:30, which YAML reads as the number 570
                raise ValueError(f"{path or QUERIES_FILE}: {lang}: {item!r}: q and kind must be text (hint: quote the query)")
            queries[lang].append(Query(item["q"], item["kind"], lang, bool(item.get("issue", False))))
    return queries


# ---- The ground truth ---------------------------------------------------------------------------------


def _text(element) -> str:
    """The element's text, with a line break around every block element."""
    parts: list[str] = []

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in NOT_TEXT:
            return
        block = tag in BLOCKS
        if block:
            parts.append("\n")
        if el.text and tag:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n")

    walk(element)
    return "".join(parts)


def excluded_texts(html: str) -> list[list[str]]:
    """Per element of the article marked data-search-exclude (outermost ones only): its whole text first,
    then each of its text nodes (a leak may be part of an element: Material's parser once ended an
    exclusion at the first inner closing tag of the same name)."""
    articles = lxml.html.fromstring(html).xpath(ARTICLE)
    if not articles:
        return []
    out = []
    for element in articles[0].xpath(EXCLUDED):
        if any(ancestor.get("data-search-exclude") is not None for ancestor in element.iterancestors()):
            continue
        nodes = [text for text in element.xpath(".//text()") if text.strip()]
        out.append([_text(element), *nodes])
    return out


def index_texts(site: Path, lang: str) -> dict[str, str]:
    """Page address → the text the language's search index holds for that page (titles and texts of the
    page and its sections, tags removed, entities decoded)."""
    import html as html_module
    import json
    import re

    prefix = language_prefix(lang)
    data = json.loads((site / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts: dict[str, list[str]] = {}
    for doc in data["docs"]:
        address = doc["location"].split("#")[0]
        for value in (doc.get("title", ""), doc.get("text", "")):
            texts.setdefault(address, []).append(html_module.unescape(re.sub(r"<[^>]*>", " ", value)))
    return {address: "\n".join(parts) for address, parts in texts.items()}


def article_text(html: str) -> str | None:
    """What search should know of a page: the article's text without data-search-exclude elements and
    permalinks; None when the page has no article."""
    articles = lxml.html.fromstring(html).xpath(ARTICLE)
    if not articles:
        return None
    article = articles[0]
    for element in article.xpath(EXCLUDED) + article.xpath(PERMALINKS):
        if element.getparent() is not None:
            element.drop_tree()  # keeps the text that follows the element
    return _text(article)


def is_forwarding(html: str) -> bool:
    """A short address (/s1/, /ws-01/) or a redirect: a page that only sends the reader on."""
    return 'http-equiv="refresh"' in html


@dataclass
class Edition:
    """The searchable pages of one language of a built site: page address (relative to the language's
    root, as in the search index: 'program/session-1/' or, offline, 'program/session-1.html') → text."""

    lang: str
    root: Path  # the language's folder in the site
    texts: dict[str, str]
    files: dict[str, Path]  # page address → its HTML file
    matcher: Matcher
    directory_urls: bool
    _folded: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False)

    def holds(self, address: str, query: str) -> bool:
        """Matcher.holds(text, query) for the page at `address`, with the page's text folded once instead
        of once per query (the same steps as Matcher.holds; `agrees_with_matcher` checks that)."""
        folded, canonical = self._forms(address)
        m = self.matcher
        return all(any(m._occurs(folded, form) or m._occurs(canonical, m.canonical(form)) for form in forms)
                   for forms in m.terms(query))

    def agrees_with_matcher(self, query: str) -> list[str]:
        """Pages where `holds` and Matcher.holds on the page's text disagree about `query` (none, or the
        shortcut above has drifted from handbook.content.search)."""
        return [address for address, text in self.texts.items()
                if self.holds(address, query) != self.matcher.holds(text, query)]

    def _forms(self, address: str) -> tuple[str, str]:
        if address not in self._folded:
            folded = fold(self.texts[address])
            self._folded[address] = (folded, self.matcher.canonical(folded))
        return self._folded[address]

    def relevant(self, query: str) -> set[str]:
        """Every page whose text holds `query`."""
        return {address for address in self.texts if self.holds(address, query)}


def _address(relative: str, directory_urls: bool) -> str:
    if directory_urls and (relative == "index.html" or relative.endswith("/index.html")):
        return relative[: -len("index.html")]
    return relative


def edition(site: Path, lang: str, glossary: GlossaryFile, directory_urls: bool = True) -> Edition:
    """The pages of `lang` in the built `site` (short-address forwarding pages and the 404 page left out)."""
    root = site / language_prefix(lang) if language_prefix(lang) else site
    others = {site / language_prefix(other).rstrip("/") for other in LANGUAGES if other != DEFAULT_LANGUAGE}
    texts, files = {}, {}
    for path in sorted(root.rglob("*.html")):
        if lang == DEFAULT_LANGUAGE and any(folder in path.parents for folder in others):
            continue
        relative = path.relative_to(root).as_posix()
        if relative == "404.html":
            continue
        html = path.read_text(encoding="utf-8")
        if is_forwarding(html):
            continue
        text = article_text(html)
        if text is not None:
            address = _address(relative, directory_urls)
            texts[address], files[address] = text, path
    return Edition(lang, root, texts, files, Matcher(glossary, lang), directory_urls)


def load_glossary(root: Path) -> GlossaryFile:
    from ..content.curriculum import load_curriculum

    return load_curriculum(root).glossary


# ---- The search box ------------------------------------------------------------------------------------


@dataclass
class Answer:
    """What the search box showed for one query."""

    query: Query
    relevant: set[str]  # pages that hold the query (ground truth)
    shown: list[str]  # result pages, in the order shown
    groups: list[dict]  # browser.search's result groups

    @property
    def found(self) -> set[str]:
        return set(self.shown) & self.relevant

    @property
    def missing(self) -> set[str]:
        return self.relevant - set(self.shown)

    @property
    def unrelated(self) -> list[str]:
        return [address for address in self.shown if address not in self.relevant]

    @property
    def answerable(self) -> bool:
        return bool(self.relevant)

    def failures(self) -> list[str]:
        """What is wrong with this answer, one phrase each (empty when it is right)."""
        out = []
        if self.answerable and not self.found:
            out.append(f"found nothing of {len(self.relevant)} relevant page(s) {sorted(self.relevant)[:5]}")
        elif self.missing:
            out.append(f"missing {len(self.missing)} of {len(self.relevant)} relevant: {sorted(self.missing)}")
        if self.unrelated:
            out.append(f"{len(self.unrelated)} shown result(s) without the query: {self.unrelated}")
        return out


def page_address(link: str, language_root: str) -> str:
    """The page address (as in Edition.texts) of a result link: no ?h=, no #anchor, relative to the
    language root URL (http://…/en/ or file:///…/en/)."""
    parts = urlsplit(link)
    bare = unquote(f"{parts.scheme}://{parts.netloc}{parts.path}")
    root = unquote(language_root)
    if not bare.startswith(root):
        return bare  # another language or host: never a relevant page
    return bare[len(root):]


def language_root_url(site_url: str, lang: str) -> str:
    """The URL of a language's root, from the URL of the site's root (ending in /)."""
    return site_url + language_prefix(lang)


def ask(page, language_root: str, edition: Edition, query: Query, search: Callable) -> Answer:
    """Type the query into Material's search box of the open page (browser.search) and compare what it
    shows with the pages that hold the query."""
    groups = search(page, query.text)
    shown = list(dict.fromkeys(page_address(group["links"][0], language_root) for group in groups if group["links"]))
    return Answer(query, edition.relevant(query.text), shown, groups)


def ask_all(page, start_url: str, language_root: str, edition: Edition, queries: Iterable[Query],
            search: Callable | None = None) -> list[Answer]:
    """Open `start_url` once and type every query into its search box, one after the other, as a reader
    would (browser.search clears the box and waits for the worker before each)."""
    if search is None:
        from .browser import search
    page.goto(start_url, wait_until="load")
    return [ask(page, language_root, edition, query, search) for query in queries]


def failure_lines(answers: Iterable[Answer]) -> list[str]:
    """One line per query whose answer is wrong."""
    return [f"{answer.query.text!r} ({answer.query.kind}): " + "; ".join(answer.failures())
            for answer in answers if answer.failures()]


# ---- The numbers -----------------------------------------------------------------------------------------


@dataclass
class Metrics:
    queries: int
    answerable: int  # queries some page holds
    with_relevant_result: int  # answerable queries with at least one relevant page among the results
    relevant: int  # (query, page) pairs where the page holds the query
    relevant_found: int  # … of them among the results
    results: int  # result pages shown, over all queries
    unrelated: int  # result pages shown that do not hold the query
    absent: int  # queries no page holds
    absent_answered: int  # … of them that returned any result
    issue: int = 0  # queries issue 10 reported as failing
    issue_with_relevant_result: int = 0

    @property
    def recall(self) -> float:
        return self.relevant_found / self.relevant if self.relevant else 1.0


def metrics(answers: list[Answer]) -> Metrics:
    return Metrics(
        queries=len(answers),
        answerable=sum(a.answerable for a in answers),
        with_relevant_result=sum(bool(a.found) for a in answers),
        relevant=sum(len(a.relevant) for a in answers),
        relevant_found=sum(len(a.found) for a in answers),
        results=sum(len(a.shown) for a in answers),
        unrelated=sum(len(a.unrelated) for a in answers),
        absent=sum(not a.answerable for a in answers),
        absent_answered=sum(not a.answerable and bool(a.shown) for a in answers),
        issue=sum(a.query.issue for a in answers),
        issue_with_relevant_result=sum(a.query.issue and bool(a.found) for a in answers),
    )


# ---- A whole run ------------------------------------------------------------------------------------------


@dataclass
class Run:
    """One run of a query set on one edition: the answers, their numbers and how long it took."""

    lang: str
    answers: list[Answer]
    seconds: float

    @functools.cached_property
    def metrics(self) -> Metrics:
        return metrics(self.answers)


def run_query_set(site: Path, site_url: str, root: Path, langs: Iterable[str] = LANGUAGES,
                  queries: dict[str, list[Query]] | None = None, glossary: GlossaryFile | None = None,
                  directory_urls: bool = True) -> dict[str, Run]:
    """Every query of each language, typed into the search box of the language's home page on the site
    served at `site_url`; lang → Run. Opens its own Chromium."""
    from . import browser

    queries = queries if queries is not None else load_queries(root)
    glossary = glossary or load_glossary(root)
    runs = {}
    with browser.chromium() as context:
        page = context.new_page()
        for lang in langs:
            started = time.perf_counter()
            ed = edition(site, lang, glossary, directory_urls)
            language_root = language_root_url(site_url, lang)
            start = language_root + ("" if directory_urls else "index.html")
            answers = ask_all(page, start, language_root, ed, queries[lang], browser.search)
            runs[lang] = Run(lang, answers, time.perf_counter() - started)
        if context.external_requests:
            raise RuntimeError(f"requests to other hosts during the query set: {context.external_requests}")
    return runs


def table(runs: dict[str, Run], verdict: Callable[[Metrics], str] | None = None) -> list[str]:
    """Markdown rows, one per language (after table_head); `verdict` adds a result cell."""
    lines = []
    for lang, run in runs.items():
        m = run.metrics
        lines.append(
            f"| {lang} | {m.queries} | {m.answerable} | {m.with_relevant_result} | "
            f"{m.recall:.1%} ({m.relevant_found}/{m.relevant}) | {m.unrelated} of {m.results} | "
            f"{m.absent_answered} of {m.absent} |" + (f" {verdict(m)} |" if verdict else ""))
    return lines


def table_head(verdict: str | None = None) -> list[str]:
    """The head of `table`; `verdict` names the budget of the result column."""
    return ["| query set | queries | answerable | with ≥ 1 relevant result | recall (relevant pages found) "
            "| unrelated results (of all shown) | absent queries answered |" + (f" {verdict} |" if verdict else ""),
            "|---|---:|---:|---:|---:|---:|---:|" + ("---|" if verdict else "")]


def main(argv: list[str] | None = None) -> int:
    """python -m handbook.qa.search_quality SITE [--lang ja] [--offline]: the query set's numbers and every
    wrong answer on a built site (any build: it only uses the search box)."""
    import argparse

    from . import browser
    from ..paths import project_root

    parser = argparse.ArgumentParser(prog="python -m handbook.qa.search_quality", description=main.__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--lang", action="append", choices=LANGUAGES)
    parser.add_argument("--offline", action="store_true", help="the site is the unzipped offline edition (file://)")
    parser.add_argument("--failures", action="store_true", help="also print one line per wrong answer")
    args = parser.parse_args(argv)
    root = project_root()
    langs = args.lang or list(LANGUAGES)
    if args.offline:
        runs = run_query_set(args.site, args.site.resolve().as_uri() + "/", root, langs, directory_urls=False)
    else:
        with browser.serve(args.site) as url:
            runs = run_query_set(args.site, url, root, langs)
    print("\n".join(table_head() + table(runs)))
    for lang, run in runs.items():
        m = run.metrics
        print(f"\n{lang}: issue-10 queries with ≥ 1 relevant result: {m.issue_with_relevant_result} of {m.issue}; "
              f"{run.seconds:.1f} s")
        if args.failures:
            for line in failure_lines(run.answers):
                print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
