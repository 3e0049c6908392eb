"""Translation parity between Japanese and English (in the spirit of FastAPI's docs check).

Checks, each reported as `file:line: field: message (hint: ...)`:
- every bilingual record in curriculum/ has English text;
- where a glossary term appears in the Japanese text, the English text uses the glossary's English term;
- English text has no Japanese left, except inside parentheses (kanji after a romanised name: "Sakae Village (栄村)");
- every Japanese prose page has an English page with the same headings, anchors, macro calls and links.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..content.checks import walk
from ..content.curriculum import COLLECTIONS, SINGLE_FILES, load_curriculum
from ..content.problems import Problem
from ..content.yamlsource import load_yaml

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f々〆ヶ]")
PARENTHESISED = re.compile(r"\([^()]*\)|（[^（）]*）")
MACRO_CALL = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
HEADING = re.compile(r"^(#{1,6})\s+.*?(\{\s*#([\w-]+)\s*\})?\s*$", re.M)
LINK = re.compile(r"\]\(([^)\s]+)")


def _fold(text: str) -> str:
    """Case and hyphenation do not matter: 'Community-Building' uses 'community building'."""
    return re.sub(r"[-\s]+", " ", text.lower())


def _term_pattern(form: str) -> re.Pattern:
    """A glossary term in running English: any case, hyphen or space, and inflected word endings
    ('consultative bodies', 'persons requiring support', 'prefectural')."""
    words = [re.escape(word[: max(4, len(word) - 2)]) + r"\w*" if len(word) > 3 else re.escape(word)
             for word in _fold(form).split(" ")]
    return re.compile(r"\b" + r"[\s-]+".join(words), re.I)


def english_forms(term) -> list[str]:
    """How a glossary term may appear in English: its term without the romaji, or its abbreviation."""
    forms = [term.term.en.split(" (")[0].strip()]
    forms += re.findall(r"\(([A-Z][A-Z/]+)\)", term.term.en)  # an acronym given with it: (MHLW)
    if term.abbreviation:
        forms.append(term.abbreviation)
    return [f for f in forms if f]


def japanese_forms(term) -> list[str]:
    return [f for f in [term.term.ja, *term.aliases, term.abbreviation or ""] if len(f) >= 2]


def _terms_used(japanese: str, terms) -> list:
    """Glossary terms in a Japanese text; a term inside a longer one (地域づくり in
    地域づくり支援プログラム) is only counted where it also stands on its own."""
    found = []
    for term in terms:
        for form in japanese_forms(term):
            start = japanese.find(form)
            while start >= 0:
                found.append((start, start + len(form), term))
                start = japanese.find(form, start + 1)
    used = []
    for start, end, term in found:
        inside_longer = any(s <= start and end <= e and (e - s) > (end - start) and t is not term for s, e, t in found)
        if not inside_longer and term not in used:
            used.append(term)
    return used


def _yaml_files(root: Path) -> list[Path]:
    files = [root / "curriculum" / f"{name}.yml" for name in SINGLE_FILES]
    for folder in COLLECTIONS:
        files += sorted((root / "curriculum" / folder).glob("*.yml"))
    return files


def check_curriculum(root: Path) -> list[Problem]:
    curriculum = load_curriculum(root)
    terms = [t for t in curriculum.glossary.terms if t.term.en]
    problems: list[Problem] = []
    for path in _yaml_files(root):
        doc, _ = load_yaml(path, path.relative_to(root).as_posix())
        if doc is None:
            continue
        for where, value in walk(doc.data):
            if not (isinstance(value, dict) and isinstance(value.get("ja"), str)):
                continue
            field = ".".join(str(p) for p in where)
            line = doc.line_for(where)
            english = value.get("en") or ""
            if not english.strip():
                problems.append(Problem(doc.file, line, f"{field}.en", "English text missing",
                                        f"translate: {value['ja'][:40]}"))
                continue
            leftover = JAPANESE.search(PARENTHESISED.sub("", english))
            if leftover:
                problems.append(Problem(doc.file, line, f"{field}.en", f"Japanese left in the English text ({leftover.group(0)!r})",
                                        "translate it, or give the Japanese in parentheses after a romanised name"))
            if where and where[0] == "terms":
                continue  # the glossary itself defines the terms
            for term in _terms_used(value["ja"], terms):
                if not any(_term_pattern(form).search(english) for form in english_forms(term)):
                        problems.append(Problem(doc.file, line, f"{field}.en",
                                                f"the Japanese uses {term.term.ja} but the English lacks {english_forms(term)[0]!r}",
                                                f"use the glossary's English term (glossary.yml: {term.id})"))
    return problems


def page_outline(text: str) -> dict:
    body = re.sub(r"^---\n.*?\n---\n", "", text, flags=re.S)
    return {
        "headings": [(len(m.group(1)), m.group(3)) for m in HEADING.finditer(body)],
        "macros": MACRO_CALL.findall(body),
        # Links inside the site must match; external ones may differ by language (a licence deed in English).
        "links": [link for link in LINK.findall(body) if not link.startswith(("http://", "https://"))],
    }


def check_pages(root: Path) -> list[Problem]:
    docs = root / "docs"
    problems: list[Problem] = []
    for page in sorted(docs.rglob("*.md")):
        if page.name.endswith(".en.md"):
            continue
        text = page.read_text(encoding="utf-8")
        shown = page.relative_to(root).as_posix()
        english = page.with_name(page.stem + ".en.md")
        if not english.exists():
            problems.append(Problem(shown, 1, "", "no English page",
                                    f"create {english.relative_to(root).as_posix()} with the same headings, anchors and macro calls"))
            continue
        ja, en = page_outline(text), page_outline(english.read_text(encoding="utf-8"))
        shown_en = english.relative_to(root).as_posix()
        for key, message in (("headings", "headings (level, anchor)"), ("macros", "macro calls"), ("links", "links")):
            if ja[key] != en[key]:
                problems.append(Problem(shown_en, 1, key, f"{message} differ from the Japanese page: {en[key]} ≠ {ja[key]}",
                                        f"make them match {shown}"))
        body = MACRO_CALL.sub("", PARENTHESISED.sub("", english.read_text(encoding="utf-8")))
        leftover = JAPANESE.search(body)
        if leftover:
            line = body[: leftover.start()].count("\n") + 1
            problems.append(Problem(shown_en, line, "", f"Japanese left on the English page ({leftover.group(0)!r})",
                                    "translate it, or give the Japanese in parentheses after a romanised name"))
    return problems


def check(root: Path) -> list[Problem]:
    return sorted(check_curriculum(root) + check_pages(root))
