"""Translation parity between Japanese and English (in the spirit of FastAPI's docs check).

Checks, each reported as `file:line: field: message (hint: ...)`:
- every bilingual record in curriculum/ has English text;
- one English rendering per concept (check_renderings, also `python -m handbook terms` alone): a glossary term in
  the Japanese of a record needs one of the term's accepted English forms in its English, the same Japanese text
  has the same English everywhere, and no term's romaji is typed into English text;
- English text has no Japanese left, except inside parentheses (kanji after a romanised name: "Sakae Village (栄村)");
- every Japanese prose page has an English page with the same headings, anchors, macro calls and links.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..content.checks import walk
from ..content.curriculum import COLLECTIONS, SINGLE_FILES, load_curriculum
from ..content.models import english_key
from ..content.problems import Problem
from ..content.yamlsource import load_yaml
from ..views.render import LABELS_FILE

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f々〆ヶ]")
PARENTHESISED = re.compile(r"\([^()]*\)|（[^（）]*）")
MACRO_CALL = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
HEADING = re.compile(r"^(#{1,6})\s+.*?(\{\s*#([\w-]+)\s*\})?\s*$", re.M)
LINK = re.compile(r"\]\(([^)\s]+)")


def _yaml_files(root: Path) -> list[Path]:
    files = [root / "curriculum" / f"{name}.yml" for name in SINGLE_FILES]
    for folder in COLLECTIONS:
        files += sorted((root / "curriculum" / folder).glob("*.yml"))
    return files


def check_curriculum(root: Path) -> list[Problem]:
    load_curriculum(root)  # a curriculum with problems is reported as such, not as translation gaps
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
    return problems


# --- One English rendering per concept (issue 13.8) -------------------------------------------------------------
# Every bilingual record of curriculum/ and of the labels table is read against the glossary:
# - each glossary term in the Japanese (its name, an alias or its abbreviation; the longest match wins, so 事前課題
#   is not 課題) needs one of the term's accepted English forms (`en_forms`) in the English; a phrase listed under
#   the term's `other_senses` (〜に気づき, the verb) is not the term;
# - the same Japanese text (a whole record) has the same English everywhere. Japanese marks neither number nor
#   capitals, so English that differs only in a plural -s or in case is the same rendering;
# - no romaji of a term is typed into English text (YAML or prose pages): the first-use link gives it once per page.

GLOSSARY_FILE = "curriculum/glossary.yml"
GLOSSARY_TERM_FIELD = re.compile(r"terms\.\d+\.term")


@dataclass(frozen=True)
class Record:
    file: str
    line: int
    field: str
    ja: str
    en: str


# The labels table is the package's (a copy of the project built by tests uses it too), shown from the repository root.
PACKAGE_ROOT = Path(__file__).resolve().parents[3]


def bilingual_records(root: Path) -> list[Record]:
    """Every {ja, en} record with English, in curriculum/ (collections too) and in the labels table."""
    records = []
    for path, shown in [*((path, path.relative_to(root).as_posix()) for path in _yaml_files(root)),
                        (LABELS_FILE, LABELS_FILE.resolve().relative_to(PACKAGE_ROOT).as_posix())]:
        doc, _ = load_yaml(path, shown)
        if doc is None:
            continue
        for where, value in walk(doc.data):
            if isinstance(value, dict) and isinstance(value.get("ja"), str) and isinstance(value.get("en"), str) and value["en"].strip():
                records.append(Record(doc.file, doc.line_for((*where, "en")), ".".join(str(p) for p in where), value["ja"], value["en"]))
    return records


class TermFinder:
    """Glossary terms in Japanese text, longest match first; a term's `other_senses` phrases are no term."""

    def __init__(self, terms):
        self.surfaces: dict[str, object] = {}
        for term in terms:
            for form in [term.term.ja, *term.aliases, term.abbreviation or ""]:
                if form:
                    self.surfaces.setdefault(form, term)
        for term in terms:
            for sense in term.other_senses:
                self.surfaces[sense.phrase] = None
        self.pattern = re.compile("|".join(re.escape(s) for s in sorted(self.surfaces, key=len, reverse=True)))

    def find(self, japanese: str) -> list[tuple[str, object]]:
        """(surface as written, term) for each term in the text: once per term, in order of appearance."""
        found, seen = [], set()
        for match in self.pattern.finditer(japanese):
            term = self.surfaces[match.group(0)]
            if term is not None and term.id not in seen:
                seen.add(term.id)
                found.append((match.group(0), term))
        return found


def rendered(english: str, term) -> bool:
    """Does the English hold one of the term's accepted forms, as whole words (case and hyphens aside)?"""
    text = english_key(english)
    return any(re.search(rf"(?<![\w/]){re.escape(english_key(form))}(?![\w/])", text) for form in term.accepted_english)


def check_renderings(root: Path) -> list[Problem]:
    curriculum = load_curriculum(root)
    finder = TermFinder(curriculum.glossary.terms)
    records = bilingual_records(root)
    problems: list[Problem] = []
    for record in records:
        for surface, term in finder.find(record.ja):
            if not rendered(record.en, term):
                forms = " or ".join(f'"{form}"' for form in term.accepted_english)
                problems.append(Problem(
                    record.file, record.line, f"{record.field}.en",
                    f'{surface} is rendered without "{term.accepted_english[0]}" (glossary: {term.id})',
                    f"use {forms} in the English; a phrase that does not mean the term goes into its other_senses "
                    f"in {GLOSSARY_FILE}, with the reason"))
    problems += same_japanese_same_english(records)
    problems += typed_romaji(root, records, curriculum.glossary.terms)
    return sorted(problems)


def _romaji_pattern(romaji: str) -> re.Pattern:
    """The romaji as a whole gloss, not part of a longer one (chiiki-zukuri jinzai, kojin / chiiki shakai no dairinin)."""
    return re.compile(rf"(?<![\w-])(?<!/ ){re.escape(romaji)}(?![\w-]|\s[a-zāēīōū/])", re.IGNORECASE)


def typed_romaji(root: Path, records: list[Record], terms) -> list[Problem]:
    """A term's romaji typed into English text (YAML or an English prose page): the first link to the term on each
    page shows it, once per page (issue 13.10), so the text itself carries none."""
    glossed = [(term, _romaji_pattern(term.romaji)) for term in terms if term.romaji]
    lines = [(r.file, r.line, f"{r.field}.en", r.en) for r in records]
    for page in sorted((root / "docs").rglob("*.en.md")):
        shown = page.relative_to(root).as_posix()
        lines += [(shown, number, "", text) for number, text in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1)]
    problems = []
    for file, line, field, text in lines:
        for term, pattern in glossed:
            if pattern.search(text):
                problems.append(Problem(file, line, field, f'romanised Japanese "{term.romaji}" typed into the English (glossary: {term.id})',
                                        "leave it out: the first link to the term on each English page shows it, once"))
    return problems


def _same_rendering_key(english: str) -> str:
    return re.sub(r"(?<=\w)s\b", "", english_key(english))


def same_japanese_same_english(records: list[Record]) -> list[Problem]:
    by_japanese: dict[str, list[Record]] = {}
    for record in records:
        by_japanese.setdefault(record.ja.strip(), []).append(record)
    problems = []
    for group in by_japanese.values():
        renderings = Counter(_same_rendering_key(r.en) for r in group)
        if len(renderings) < 2:
            continue
        # The glossary's own term decides; otherwise the rendering most places use (the first one on a tie).
        model = next((r for r in group if r.file == GLOSSARY_FILE and GLOSSARY_TERM_FIELD.fullmatch(r.field)), None)
        usual = _same_rendering_key(model.en) if model else renderings.most_common(1)[0][0]
        model = model or next(r for r in group if _same_rendering_key(r.en) == usual)
        for record in group:
            if _same_rendering_key(record.en) != usual:
                here, there = _where_they_differ(record.en, model.en)
                problems.append(Problem(
                    record.file, record.line, f"{record.field}.en",
                    f'the same Japanese is rendered "{here}" here but "{there}" at {model.file}:{model.line}',
                    "the same Japanese text has the same English everywhere: use one of the two in both places"))
    return problems


def _where_they_differ(one: str, other: str, width: int = 60) -> tuple[str, str]:
    """Both texts whole when short, else the stretch of each around the first character where they differ."""
    if len(one) <= width and len(other) <= width:
        return one, other
    first = next((i for i, (a, b) in enumerate(zip(one, other)) if a != b), min(len(one), len(other)))
    start = max(0, first - width // 3)

    def stretch(text: str) -> str:
        return ("…" if start else "") + text[start : start + width] + ("…" if start + width < len(text) else "")

    return stretch(one), stretch(other)


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
    return sorted(check_curriculum(root) + check_renderings(root) + check_pages(root))
