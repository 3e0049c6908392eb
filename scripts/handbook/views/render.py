"""Render curriculum models through the Jinja templates in overrides/handbook/.

Python only prepares values; all HTML lives in the templates. Autoescaping is on,
so HTML or `{{ }}` inside YAML text is shown literally, never executed.
"""

from __future__ import annotations

import functools
import re
import types
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, nodes
from jinja2.runtime import Context, Macro
from jinja2.ext import Extension
from markupsafe import Markup, escape

from . import pages
from .collation import glossary_groups
from .diagrams import Diagrams
from .pages import LANGUAGES
from ..content.curriculum import Curriculum
from ..content.models import Term, Text, text_in  # text_in: imported from here by macros and tests too

LABELS_FILE = Path(__file__).with_name("labels.yml")


def load_labels() -> dict[str, dict[str, str]]:
    """The UI labels (labels.yml), read again only when the file changed (a build asks for them once per
    language and hook; `make serve` sees an edit)."""
    stat = LABELS_FILE.stat()
    return _parsed_labels(stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=1)
def _parsed_labels(mtime_ns: int, size: int) -> dict[str, dict[str, str]]:
    # libyaml's loader when present (about 10x faster than the pure-Python one on this file).
    labels = yaml.load(LABELS_FILE.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    for key, record in labels.items():
        missing = [lang for lang in LANGUAGES if not record.get(lang)]
        if missing:
            raise ValueError(f"{LABELS_FILE.name}: {key}: missing {', '.join(missing)}")
    return labels


# Around a Japanese text shown on a page of another language because it has no translation yet (`t` and `glossed`
# in templates). YAML can never hold U+FFFE or U+FFFF (its reader refuses them), so every pair comes from here, and
# mark_untranslated takes every one out again: as the marked text (_untranslated.html) in the page's content, plain
# where markup cannot go (attributes, <title>, <option>, SVG, scripts).
UNTRANSLATED_OPEN, UNTRANSLATED_CLOSE = "\ufffe", "\uffff"
_UNTRANSLATED = re.compile(f"{UNTRANSLATED_OPEN}(.*?){UNTRANSLATED_CLOSE}", re.S)
_UNTRANSLATED_MARKS = re.compile(f"[{UNTRANSLATED_OPEN}{UNTRANSLATED_CLOSE}]")
_PLAIN_TEXT_ELEMENTS = re.compile(r"<(svg|title|option|textarea|script|style)\b.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(r"<[^<>]*>")


def flagged_text_in(text: Text | None, lang: str) -> str:
    """text_in, with a Japanese fallback on another language's page flagged for mark_untranslated."""
    shown = text_in(text, lang)
    if lang == "en" and text is not None and not text.en:
        return f"{UNTRANSLATED_OPEN}{shown}{UNTRANSLATED_CLOSE}"
    return shown


def mark_untranslated(html: str, mark) -> str:
    """`html` with every flagged text (flagged_text_in) replaced by mark(text as Markup) where it is content, and
    unflagged where it is inside a tag or an element that holds plain text only."""
    if UNTRANSLATED_OPEN not in html:
        return html

    def plain(match: re.Match) -> str:
        return _UNTRANSLATED_MARKS.sub("", match.group(0))

    html = _TAG.sub(plain, _PLAIN_TEXT_ELEMENTS.sub(plain, html))
    return _UNTRANSLATED.sub(lambda match: mark(Markup(match.group(1))), html)  # already escaped by the template


@dataclass
class Segment:
    text: str
    term: Term | None = None


def trie_pattern(words: list[str]) -> str:
    """A regular expression for the longest of `words` at a position: the words as a trie (地域(?:づくり|ケア)|…).
    A plain list of alternatives is tried one by one at every position of every page: a tenth of the build."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def pattern(node: dict) -> str:
        # Going on before stopping: the longest word wins (事前課題, not 課題).
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        return "(?:" + "|".join(branches) + ("|" if "" in node else "") + ")"

    return pattern(trie)


@dataclass(frozen=True)
class TermFinder:
    """Every name of every glossary term in one language, as one regular expression: the longest name wins
    (事前課題 is not 課題); English in any case; a phrase a term lists under `other_senses` (〜に気づき, the verb)
    is found too, as no term. Made once per language and build (Renderer.term_finder)."""

    lang: str
    pattern: re.Pattern | None
    surfaces: dict[str, Term | None]
    # The names found in each YAML text (spans), by text: the pages show the same texts again and again (a guide's
    # coaching card on every guide), a twentieth of them distinct.
    found_in: dict[str, tuple] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, terms: list[Term], lang: str) -> "TermFinder":
        surfaces: dict[str, Term | None] = {}
        for term in terms:
            # English: the term without a bracketed acronym ('Long-Term Care Insurance (LTCI)'), and its inflections.
            forms = [term.term.ja, *term.aliases] if lang == "ja" else [term.term.en.split(" (")[0], *term.en_forms]
            if term.abbreviation:
                forms.append(term.abbreviation)
            for form in forms:
                if len(form) >= 2:
                    surfaces.setdefault(cls.key_in(form, lang), term)
        if lang == "ja":
            for term in terms:
                for sense in term.other_senses:
                    surfaces[sense.phrase] = None  # holds the term's letters but not its meaning
        if not surfaces:
            return cls(lang, None, {})
        words = list(surfaces)
        # A look at the next character first (re then skips the positions no name starts at), then the names as a
        # trie. English words must not match inside longer words; Japanese has no spaces to rely on.
        first = "".join(re.escape(char) for char in sorted({word[0] for word in words}))
        pattern = rf"(?=[{first}])(?<![A-Za-z]){trie_pattern(words)}(?![A-Za-z])"
        return cls(lang, re.compile(pattern), surfaces)

    @staticmethod
    def key_in(surface: str, lang: str) -> str:
        return surface.lower() if lang == "en" else surface

    def searchable(self, text: str) -> str:
        """`text` as the names are looked for in it, character for character (the positions hold). English in any
        case: the names are in lower case and so is the text searched. Not re.IGNORECASE: with it, re tries the whole
        pattern at every position (five times slower on the English pages)."""
        if self.lang != "en":
            return text
        searched = text.lower()
        if len(searched) != len(text):  # a letter whose lower case is longer (İ): only the others are lowered
            searched = "".join(char if len(char.lower()) != 1 else char.lower() for char in text)
        return searched

    def matches(self, text: str):
        """(start, end, term) for each name of a term in `text`; term is None for a phrase that is no term."""
        return self.matches_in(self.searchable(text), 0, len(text))

    def matches_in(self, searched: str, start: int, end: int):
        """matches() in searched[start:end], `searched` being searchable(text)."""
        if self.pattern is None:
            return
        for match in self.pattern.finditer(searched, start, end):
            yield match.start(), match.end(), self.surfaces[match.group(0)]

    def spans(self, text: str) -> tuple:
        """matches(text) as a tuple, kept for the next time the same text is asked for."""
        found = self.found_in.get(text)
        if found is None:
            found = self.found_in[text] = tuple(self.matches(text))
        return found


@dataclass
class Glossary:
    """Finds glossary terms in the running text of one page, so templates can mark them with <abbr> (and
    link_first_uses can link them): one tooltip per term and page."""

    finder: TermFinder
    seen: set[str] = field(default_factory=set)  # one tooltip per term and page is enough

    def segments(self, text: str) -> list[Segment]:
        result: list[Segment] = []
        position = 0
        for start, end, term in self.finder.spans(text):
            if term is None or term.id in self.seen:
                continue
            self.seen.add(term.id)
            if start > position:
                result.append(Segment(text[position:start]))
            result.append(Segment(text[start:end], term))
            position = end
        if position < len(text):
            result.append(Segment(text[position:]))
        return result


# --- First use of a glossary term on a page: a link to its entry ------------------------------------------------
# Done on the built article (prose pages, the home page and the pages made from the YAML alike), so the book PDF,
# composed from the built pages, has the links too. The markup is _term_link.html's.
ABBR_OF_TERM = re.compile(r'<abbr\b[^>]*\bdata-term="([a-z0-9-]+)"')
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# No link inside: links and tooltips (an <abbr> tooltip on the first use becomes the link itself), headings (the
# table of contents repeats them), code, form controls, disclosure summaries, pictures and their captions (the
# caption is the picture's name, repeated as its SVG <title>).
NO_LINK_INSIDE = {"a", "abbr", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "kbd", "samp", "script", "style",
                  "button", "label", "select", "option", "textarea", "summary", "svg", "figcaption"}
# A comment, or the opening tag of an element named in NO_LINK_INSIDE, its name in any case (raw HTML in a prose page
# may write <A> or <SVG>): a look at the next character first, then the names as a trie (re then tries only the tags
# that could be one).
NO_LINK_NAMED = re.compile(
    rf"<(?=[!{''.join(sorted({char for name in NO_LINK_INSIDE for char in (name[0], name[0].upper())}))}])"
    rf"(?:!--.*?-->|(?P<name>(?i:{trie_pattern(sorted(NO_LINK_INSIDE))}))(?![\w-])[^>]*>)",
    re.S)
# Nor inside a source line (出典, or a local source): it names a report section or an organisation, and a term inside
# a name ("○○市地域づくり推進課") is not a use of the term. Its opening tag is looked for where the class name occurs
# (found as plain text): a class pattern tried at every tag was most of the search.
SOURCE_LINE_CLASS = "hb-source"
SOURCE_LINE_OPENING = re.compile(rf'<(?P<name>[A-Za-z][\w-]*)(?![\w-])[^>]*\bclass="[^"]*\b{SOURCE_LINE_CLASS}\b[^>]*>', re.S)
TAG_START = re.compile(r"<([A-Za-z][\w-]*)(?![\w-])")


def enclosing_tag(html: str, at: int) -> re.Match | None:
    """The start of the tag that position `at` is inside of (TAG_START: group 1 is its name), or None when `at` is in
    text: the first "<" that starts a tag after the last ">" before `at` (a "<" may stand in an attribute's value)."""
    start = html.rfind(">", 0, at) + 1
    while (start := html.find("<", start, at)) >= 0:
        if tag := TAG_START.match(html, start):
            return tag
        start += 1
    return None


def source_line_openings(html: str) -> list[re.Match]:
    """The opening tags of the source lines in `html`, in order (found where the class name occurs)."""
    openings: list[re.Match] = []
    at = html.find(SOURCE_LINE_CLASS)
    while at >= 0:
        tag = enclosing_tag(html, at)
        opening = SOURCE_LINE_OPENING.match(html, tag.start()) if tag is not None else None
        if opening is not None and opening.end() > at and (not openings or openings[-1].start() != opening.start()):
            openings.append(opening)
        at = html.find(SOURCE_LINE_CLASS, at + len(SOURCE_LINE_CLASS))
    return openings


class NoLinkOpenings:
    """The comments and the opening tags of elements that allow no link inside (NO_LINK_NAMED, a source line) of one
    article, asked for in order: group "name" is the element's name (None for a comment)."""

    def __init__(self, html: str):
        self.html = html
        self.source_lines = source_line_openings(html)
        self.next_line = 0
        self.named = NO_LINK_NAMED.search(html)

    def first_from(self, position: int) -> re.Match | None:
        """The first one that starts at `position` or later (the positions asked for only grow)."""
        lines = self.source_lines
        while self.next_line < len(lines) and lines[self.next_line].start() < position:
            self.next_line += 1
        if self.named is not None and self.named.start() < position:
            self.named = NO_LINK_NAMED.search(self.html, position)
        line = lines[self.next_line] if self.next_line < len(lines) else None
        # At the same "<" the name decides (it is the same element either way).
        if line is None or (self.named is not None and self.named.start() <= line.start()):
            return self.named
        return line


@functools.lru_cache(maxsize=64)
def tags_named(name: str) -> re.Pattern:
    """The tags of one element name, for walking to where an element ends: group 2 is "/" for a closing tag and ""
    for an opening one (group 3 is "/" when it closes itself). Comments, scripts and styles are matched whole, with
    group 2 None: a "<" inside them is no tag."""
    return re.compile(rf"<!--.*?-->|<(script|style)\b.*?</\1\s*>|<(/?){re.escape(name)}(?![\w-])[^>]*?(/?)>", re.S | re.I)


def element_end(html: str, name: str, position: int) -> tuple[int, int]:
    """Where the element named `name` whose opening tag ends at `position` ends (after its closing tag; the end of
    `html` if it is never closed), and how many elements of the same name it holds (counted to find its end)."""
    depth, nested = 1, 0
    for tag in tags_named(name).finditer(html, position):
        if tag.group(2) is None or tag.group(3):
            continue  # a comment, script or style; or a self-closed element, which encloses nothing
        if tag.group(2):
            depth -= 1
            if depth == 0:
                return tag.end(), nested
        else:
            depth += 1
            nested += 1
    return len(html), nested


@dataclass(frozen=True)
class FirstUse:
    start: int
    end: int
    term: Term
    text: str  # the article's HTML for the term: the words found, or the content of the <abbr> tooltip replaced


def first_uses(html: str, finder: TermFinder, terms: dict[str, Term]) -> list[FirstUse]:
    """The first use of each glossary term in the running text of the article `html`, in order: a name of the term
    (TermFinder), or an <abbr data-term> tooltip the page templates put there. Not inside tags or comments, nor inside
    an element that allows no link (NO_LINK_INSIDE, a source line).

    The elements that allow no link are found first, then the names are looked for in the rest, part by part: going
    through every tag of every page was a tenth of the build."""
    blocked_starts: list[int] = []
    blocked_ends: list[int] = []
    first: dict[str, FirstUse] = {}
    openings = NoLinkOpenings(html)
    position = 0
    while opening := openings.first_from(position):
        name = opening.group("name")
        if name is None:  # a comment
            end = opening.end()
        elif name.lower() in VOID_ELEMENTS or opening.group(0).endswith("/>"):
            position = opening.end()
            continue
        else:
            # Most (links, tooltips) hold only text: their closing tag is the next "<", no walk through tags needed.
            inner_end = html.find("<", opening.end())
            closing = f"</{name}>"
            holds_only_text = inner_end >= 0 and html.startswith(closing, inner_end)
            end = inner_end + len(closing) if holds_only_text else element_end(html, name, opening.end())[0]
            # A tooltip holding only text becomes the link when it is the term's first use.
            if holds_only_text and name == "abbr" and (tooltip := ABBR_OF_TERM.match(opening.group(0))):
                term = terms.get(tooltip.group(1))
                if term is not None and term.id not in first:
                    first[term.id] = FirstUse(opening.start(), end, term, html[opening.end() : inner_end])
        blocked_starts.append(opening.start())
        blocked_ends.append(end)
        position = end
    # Names are looked for in the parts that allow links (half of an article's HTML is in elements that allow none:
    # pictures, tooltips), and one found inside a tag (an attribute's value) is passed over. A part holds no comment
    # (they allow no link), so a position is inside a tag when a "<" stands after the last ">" before it and a ">"
    # follows: a tag runs from a "<" to the next ">".
    searched = finder.searchable(html)
    in_text: set[str] = set()  # terms whose first use in the text is found (the matches come in order)
    for part_start, part_end in zip([0, *blocked_ends], [*blocked_starts, len(html)]):
        for start, end, term in finder.matches_in(searched, part_start, part_end):
            if term is None or term.id in in_text:
                continue
            if html.rfind("<", part_start, start) > html.rfind(">", part_start, start) and html.find(">", end, part_end) >= 0:
                continue
            in_text.add(term.id)
            if term.id not in first or start < first[term.id].start:  # else a tooltip came first
                first[term.id] = FirstUse(start, end, term, html[start:end])
    return sorted(first.values(), key=lambda use: use.start)


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def markdown_inline(value: str) -> Markup:
    """Escape text for a Markdown heading line: HTML first, then Markdown punctuation.

    Quotes stay literal: they are harmless in a heading, and as entities the page title in the
    navigation would show them escaped twice (&#34;)."""
    html = str(escape(value)).replace("&#34;", '"').replace("&#39;", "'")
    return Markup(_MARKDOWN_SPECIALS.sub(r"\\\1", html))


def template_cache(root: Path) -> FileSystemBytecodeCache:
    """Compiled templates, kept between builds (keyed by each template's source, so an edit recompiles):
    compiling them anew for every language build was a large part of the build time."""
    folder = root / ".cache" / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(folder))


# Two or more blank lines (the templates' blocks leave them). Not \n{3,}: re finds a literal start ten times faster.
BLANK_LINES = re.compile(r"\n\n\n+")


class FragmentCache(Extension):
    """`{% cached key %}…{% endcached %}`: the body rendered once per key and Renderer, for a fragment that depends on
    nothing but its key (a picture drawn from its geometry, which every session page and guide repeats; a glossary
    term's tooltip)."""

    tags = {"cached"}

    def __init__(self, environment: Environment):
        super().__init__(environment)
        environment.extend(fragment_cache={})

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        key = parser.parse_expression()
        body = parser.parse_statements(("name:endcached",), drop_needle=True)
        return nodes.CallBlock(self.call_method("_cached", [key]), [], [], body).set_lineno(lineno)

    def _cached(self, key: tuple, caller) -> str:
        cache = self.environment.fragment_cache
        if key not in cache:
            cache[key] = caller()
        return cache[key]


# What DirectCallContext calls directly (unless marked pass_context and the like).
DIRECT_CALLABLES = {types.FunctionType, types.MethodType, types.BuiltinFunctionType, types.BuiltinMethodType, Macro}


class DirectCallContext(Context):
    """Jinja's context, calling the page's functions and macros directly: none of them takes the context, the
    environment or the eval context as its first argument (pass_context and its kin), and working that out for each of
    the pages' 300,000 calls was a fifth of the rendering. Anything else goes through Jinja's own Context.call."""

    def call(__self, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own signature: no name a keyword could take)
        if type(__obj) in DIRECT_CALLABLES and not hasattr(__obj, "jinja_pass_arg"):
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __self.environment.undefined("value was undefined because a callable raised a StopIteration exception")
        return super().call(__obj, *args, **kwargs)


class Renderer:
    def __init__(self, root: Path, curriculum: Curriculum, directory_urls: bool = True):
        self.curriculum = curriculum
        self.directory_urls = directory_urls  # False in the closed-network edition (pages.url_of)
        self.labels = load_labels()
        self.env = Environment(
            loader=FileSystemLoader(root / "overrides" / "handbook"),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            bytecode_cache=template_cache(root),
            extensions=[FragmentCache],
            # A Renderer lives for one build (`mkdocs serve` makes a new one for each): templates are not looked at
            # again on every include (a stat and a locked cache per include added up to a tenth of the rendering).
            auto_reload=False,
            cache_size=-1,
        )
        self.env.context_class = DirectCallContext
        self.env.filters["md"] = markdown_inline
        self._glossaries: dict[tuple[str, str], Glossary] = {}
        self._term_finders: dict[str, TermFinder] = {}
        self._diagrams: dict[str, Diagrams] = {}  # by language: the pictures' geometry, the same for every page
        self._term_link_modules: dict[str, object] = {}  # by language (term_link)
        self._term_links: dict[tuple[str, str, str, str], str] = {}  # by language, term, text and glossary URL

    def term_finder(self, lang: str) -> TermFinder:
        if lang not in self._term_finders:
            self._term_finders[lang] = TermFinder.of(self.curriculum.glossary.terms, lang)
        return self._term_finders[lang]

    def diagrams_for(self, lang: str) -> Diagrams:
        if lang not in self._diagrams:
            self._diagrams[lang] = Diagrams(self.curriculum, lang, self.labels_in(lang))
        return self._diagrams[lang]

    def glossary_for(self, lang: str, page_url: str) -> Glossary:
        key = (lang, page_url)
        if key not in self._glossaries:
            self._glossaries[key] = Glossary(self.term_finder(lang))
        return self._glossaries[key]

    def target_url(self, target: str) -> str:
        """URL of a page key of pages.PAGES, or of '<kind>:<id>' (session, case, worksheet, guide)."""
        if ":" in target:
            kind, entity_id = target.split(":", 1)
            return pages.url_of(pages.entity_path(kind, entity_id), self.directory_urls)
        return pages.url_of(pages.PAGES[target], self.directory_urls)

    def page_link(self, page_url: str, target: str, anchor: str = "") -> str:
        """Relative URL from the page at `page_url` to a page (see target_url), optionally to an anchor on it."""
        url = pages.relative_url(page_url, self.target_url(target))
        return url + (f"#{anchor}" if anchor else "")

    def labels_in(self, lang: str):
        labels = self.labels

        def label(key: str, **fmt) -> str:
            return labels[key][lang].format(**fmt)

        return label

    def context(self, lang: str, page_url: str) -> dict:
        """Values every template sees, for the page at `page_url` (URL within the language root)."""
        glossary = self.glossary_for(lang, page_url)

        def link(target: str, anchor: str = "") -> str:
            """Relative URL from this page to a page (see target_url), optionally to an anchor on it."""
            return self.page_link(page_url, target, anchor)

        def download(target: str, file_name: str) -> str:
            """Relative URL of a file generated beside a page (its PDF, Word file, QR code)."""
            return pages.relative_url(page_url, pages.folder_of(self.target_url(target))) + file_name

        values = {
            "lang": lang,
            "c": self.curriculum,
            "t": lambda text: flagged_text_in(text, lang),
            "label": self.labels_in(lang),
            "link": link,
            "download": download,
            "glossed": lambda text: glossary.segments(flagged_text_in(text, lang)),
            "section": lambda source_id: self.curriculum.sections[source_id],
            # The glossary in this edition's order (五十音 / A–Z), in index groups (collation.py).
            "glossary_index": lambda: glossary_groups(self.curriculum.glossary.terms, lang, lambda term: text_in(term.term, lang)),
            "run_sheet_file": pages.run_sheet_file,
            # Geometry of the pictures (diagrams.py: numbers and text lines; the _diagram_*.html templates draw them).
            "diagrams": self.diagrams_for(lang),
        }
        # The shared macros (_lib.html), made once per page for the template and every partial it includes: an import
        # in each partial made them again for each include.
        values["lib"] = self.env.get_template("_lib.html").make_module(values)
        return values

    def render(self, template: str, *, lang: str, page_url: str, **values) -> str:
        """Render a template into a Markdown page (HTML blocks and Markdown headings)."""
        html = self.env.get_template(template).render({**self.context(lang, page_url), **values})
        return BLANK_LINES.sub("\n\n", self.untranslated_marked(html, lang)).strip() + "\n"

    def render_document(self, template: str, *, lang: str, page_url: str, **values) -> str:
        """Render a standalone HTML document (for the PDF)."""
        return self.untranslated_marked(self.env.get_template(template).render({**self.context(lang, page_url), **values}), lang)

    def untranslated_marked(self, html: str, lang: str) -> str:
        """Texts without English shown as such (_untranslated.html: lang="ja" and the 未翻訳 label)."""
        template, label = self.env.get_template("_untranslated.html"), self.labels_in(lang)
        return mark_untranslated(html, lambda text: template.render(text=text, label=label))

    def link_first_uses(self, html: str, *, lang: str, page_url: str) -> str:
        """The built article `html` with the first use of each glossary term linked to its entry (with its tooltip
        and, on English pages, its romaji once); later uses keep their tooltip. The glossary page links none."""
        if page_url == pages.url_of(pages.PAGES["glossary"], self.directory_urls):
            return html
        uses = first_uses(html, self.term_finder(lang), self.curriculum.terms)
        if not uses:
            return html
        glossary = self.page_link(page_url, "glossary")
        pieces, position = [], 0
        for use in uses:
            pieces += [html[position : use.start], self.term_link(lang, use.term, use.text, glossary)]
            position = use.end
        # A definition not yet in English shows as such in the tooltip, plain (the rest of the article has no flags left).
        return self.untranslated_marked("".join(pieces) + html[position:], lang)

    def term_link(self, lang: str, term: Term, text: str, glossary: str) -> str:
        """_term_link.html's link for a term written `text` (HTML) on a page that reaches the glossary at `glossary`:
        made once per term, text and page depth; its module once per language (it depends on nothing of the page)."""
        key = (lang, term.id, text, glossary)
        if key not in self._term_links:
            if lang not in self._term_link_modules:
                values = self.context(lang, pages.url_of(pages.PAGES["glossary"], self.directory_urls))
                self._term_link_modules[lang] = self.env.get_template("_term_link.html").make_module(values)
            self._term_links[key] = str(self._term_link_modules[lang].term_link(term, Markup(text), glossary))
        return self._term_links[key]
