"""Search: what the browser's search worker (docs/assets/javascripts/search-worker.js) is given beside
Material's documents, and the same folding in Python, so tests can say which pages hold a query.

A page is found when every word typed is in its text as an exact substring after folding:
- `fold`: NFKC (full-width → half-width, ｶﾅ → カナ, ① → 1), lower case, accents dropped (bansōteki →
  bansoteki), runs of white space as one space;
- spelling variants (`variants:` in curriculum/glossary.yml, e.g. か月/ヶ月/カ月) are rewritten to the first
  form of their group, in the text and in the query alike;
- a word (or the whole query) that is one of a glossary term's names stands for all of them: the Japanese
  term, the English term, its romaji, its aliases and abbreviation (`synonym_groups`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .folding import fold
from .models import GlossaryFile, Term

LATIN = re.compile("[a-z0-9]")


def _term_names(term: Term) -> list[str]:
    """Every name of a glossary term: Japanese, English, the English without a bracketed acronym and the
    acronym ('Long-Term Care Insurance (LTCI)' gives both halves), the romaji, aliases, abbreviation."""
    names = [term.term.ja]
    english = term.term.en.strip()
    if english:
        names.append(english)
        head, bracket, rest = english.partition(" (")
        if bracket and rest.endswith(")"):
            names += [head, rest[:-1]]
    if term.romaji:
        names.append(term.romaji)
    names += term.aliases
    if term.abbreviation:
        names.append(term.abbreviation)
    return names


def synonym_groups(glossary: GlossaryFile) -> list[list[str]]:
    """One group of names per glossary term, as written (the worker folds them)."""
    groups = []
    for term in glossary.terms:
        names = _unique(_term_names(term), key=fold)
        if len(names) > 1:
            groups.append(names)
    return groups


def variant_groups(glossary: GlossaryFile) -> list[list[str]]:
    return [list(group) for group in glossary.variants]


def _unique(items: Iterable[str], key) -> list[str]:
    seen, out = set(), []
    for item in items:
        if key(item) and key(item) not in seen:
            seen.add(key(item))
            out.append(item)
    return out


def index_config(lang: str, glossary: GlossaryFile) -> dict:
    """What the worker reads from the search index's `config` (Material hands `config` to the worker
    unchanged). `separator` is what Material's page highlighter splits ?h= at: spaces only, so a typed
    string is highlighted whole. English matches Latin words at the start of a word (isolat → isolation)."""
    return {
        "lang": [lang],
        "separator": r"[\s]+",
        "word_start": lang == "en",
        "synonyms": synonym_groups(glossary),
        "variants": variant_groups(glossary),
    }


class Matcher:
    """Which texts hold a query, by the worker's rules (for tests and the benchmark's ground truth)."""

    def __init__(self, glossary: GlossaryFile, lang: str):
        self.word_start = lang == "en"
        self.synonyms = [[fold(name) for name in group] for group in synonym_groups(glossary)]
        variants = {}
        for group in variant_groups(glossary):
            forms = [fold(form) for form in group]
            for form in forms[1:]:
                variants[form] = forms[0]
        self.variants = variants
        pattern = "|".join(re.escape(form) for form in sorted(variants, key=len, reverse=True))
        self.pattern = re.compile(pattern) if variants else None

    def canonical(self, folded: str) -> str:
        return self.pattern.sub(lambda m: self.variants[m.group(0)], folded) if self.pattern else folded

    def synonyms_of(self, word: str) -> list[str] | None:
        for group in self.synonyms:
            if any(name == word or name.startswith(word + " ") for name in group):
                return group
        return None

    def terms(self, query: str) -> list[list[str]]:
        """The query as terms, each a list of forms any one of which must be on the page."""
        whole = fold(query)
        if not whole:
            return []
        words = list(dict.fromkeys(whole.split(" ")))
        if len(words) > 1 and self.synonyms_of(whole):
            words = [whole]
        return [_unique([word, *(self.synonyms_of(word) or [])], key=str) for word in words]

    def _occurs(self, haystack: str, needle: str) -> bool:
        if not (self.word_start and LATIN.match(needle)):
            return needle in haystack
        return any(m.start() == 0 or not LATIN.match(haystack[m.start() - 1])
                   for m in re.finditer(f"(?={re.escape(needle)})", haystack))

    def holds(self, text: str, query: str) -> bool:
        """Whether `text` holds every word of `query` (or one of its names)."""
        folded = fold(text)
        canonical = self.canonical(folded)
        return all(
            any(self._occurs(folded, form) or self._occurs(canonical, self.canonical(form)) for form in forms)
            for forms in self.terms(query)
        )
