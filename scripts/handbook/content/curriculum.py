"""Load curriculum/ into validated models, collecting every problem at once."""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from . import models
from .assembled import Curriculum
from .checks import missing_english, run_checks
from .problems import CurriculumError, Problem
from .yamlsource import YamlDocument, load_yaml

# One file per kind of content; collections hold one file per entity (id = file name).
SINGLE_FILES: dict[str, type] = {
    "sources": models.SourcesFile,
    "background": models.BackgroundFile,
    "way-forward": models.WayForwardFile,
    "program": models.ProgramFile,
    "operating-cycle": models.OperatingCycleFile,
    "growth-steps": models.GrowthStepsFile,
    "accompaniment": models.AccompanimentFile,
    "glossary": models.GlossaryFile,
    "accompaniment-guide": models.AccompanimentGuideFile,
    "facilitation": models.FacilitationFile,
    "roles": models.RolesFile,
}
COLLECTIONS: dict[str, tuple[str, object]] = {
    # folder: (schema name, model or union)
    "sessions": ("session", models.Session),
    "cases": ("case", models.Case),
    "worksheets": ("worksheet", models.Worksheet),
    "guides": ("guide", models.SessionGuide),
}
SCHEMA_DIR = "schema"


def schema_name(folder: str | None, stem: str) -> str:
    return COLLECTIONS[folder][0] if folder else stem


def expected_schema_comment(folder: str | None, stem: str) -> str:
    prefix = "../" if folder else ""
    return f"# yaml-language-server: $schema={prefix}{SCHEMA_DIR}/{schema_name(folder, stem)}.schema.json"


@functools.cache
def _adapter(model) -> TypeAdapter:
    return TypeAdapter(model)  # building one is costly; every file of a collection shares it


# Keys whose values name sessions by id (session-N); a bare number there is a session meant by its number.
SESSION_REFERENCE_KEYS = {"related_sessions", "sessions"}

_HINTS = {
    "missing": "add this field",
    "extra_forbidden": "remove it or fix its spelling; the schema in curriculum/schema/ lists the allowed keys",
    "string_type": "write text here (quote it if it looks like a number, date or yes/no)",
    "string_too_short": "this text must not be empty",
    "string_too_long": "shorten it, or split it into several items",
    "string_pattern_mismatch": "see the schema in curriculum/schema/",
    "int_type": "write a whole number",
    "int_parsing": "write a whole number",
    "bool_type": "write true or false",
    "greater_than": "use a number in the allowed range",
    "greater_than_equal": "use a number in the allowed range",
    "less_than": "use a number in the allowed range",
    "less_than_equal": "use a number in the allowed range",
    "list_type": "write a list (items starting with '- ')",
    "dict_type": "write a mapping (key: value lines)",
    "model_type": "write a mapping (key: value lines)",
    "model_attributes_type": "write a mapping (key: value lines)",
    "literal_error": "use one of the allowed values",
    "union_tag_invalid": "use one of the allowed kinds",
    "union_tag_not_found": "add `kind:`",
    "too_short": "add at least one item",
    "too_long": "remove the extra items",
    "source_choice": "keep one: a report section (source: I-3) or your own material "
                     "(source: {local: {organisation: {ja: …, en: …}, year: 2026}})",
}
_EXPECTED = {"string_type": "text", "int_type": "a whole number", "bool_type": "true or false", "list_type": "a list",
             "dict_type": "a mapping", "model_type": "a mapping", "model_attributes_type": "a mapping"}


def _what_yaml_read(value: object, written: str | None) -> str:
    """How YAML read a value, in words: `the number 630`, `a date`, `a list`."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"{written} as {'true' if value else 'false'} (yes/no)"
    if isinstance(value, (int, float)):
        return f"{written} as the number {value}" if written is not None and written != str(value) else f"the number {value}"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{written} as a date"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text {_short(value)!r}"
    return f"{written} as {type(value).__name__}"


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _invisible(text: str) -> str:
    """Names of the invisible or look-alike characters in `text` (zero-width space, NBSP, full-width letters)."""
    odd = [ch for ch in dict.fromkeys(text) if not ch.isascii() and (unicodedata.category(ch) in ("Cf", "Zs") or
                                                                   unicodedata.east_asian_width(ch) == "F")]
    return ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, '')}".strip() for ch in odd)


def _message_and_hint(item: dict, doc: YamlDocument, loc: tuple) -> tuple[str, str]:
    kind, value, ctx = item["type"], item.get("input"), item.get("ctx") or {}
    hint = _HINTS.get(kind, "see the schema in curriculum/schema/")
    if kind == "extra_forbidden":
        return "unknown key", hint
    japanese = bool(loc) and loc[-1] == "ja"
    if kind == "missing":
        if japanese:
            return "the Japanese text (ja:) is missing", "every text needs ja:; en: may stay empty until translated"
        if loc[-1] == "source":
            hint = "name the report section (source: I-3), or your own material (source: {local: {organisation: {ja: …, en: …}, year: 2026}})"
        return f"required key {loc[-1]}: is missing", hint
    if kind == "string_too_short":
        if japanese:
            return "the Japanese text (ja:) is empty", "write the Japanese text; en: may stay empty until translated"
        return "text is empty", hint
    if kind in _EXPECTED:
        written = doc.written.get(_data_path(doc.data, loc))
        message = f"{_EXPECTED[kind]} expected, but YAML reads {_what_yaml_read(value, written)}"
        if kind == "string_type" and written is not None and written.isdigit() and SESSION_REFERENCE_KEYS & set(map(str, loc)):
            hint = f"write the session's id: session-{written} (the file curriculum/sessions/session-{written}.yml)"
        elif kind == "string_type" and written is not None:
            hint = f'put it in quotes: "{written}"'
        elif kind == "model_type" and ctx.get("class_name") == "Text":
            hint = "write bilingual text as a mapping: ja: … (and en: …) on the lines below, indented"
        return message, hint
    if kind == "string_too_long":
        return f"text is {len(value)} characters long; the limit is {ctx['max_length']}", hint
    if kind == "string_pattern_mismatch":
        hint = models.PATTERN_HINTS.get(ctx.get("pattern"), hint)
        odd = _invisible(value)
        shown = f"{_short(value)!r} contains {odd}" if odd else f"{_short(value)!r} does not have the expected form"
        return shown, hint
    return item["msg"], hint


def _pydantic_problems(error: ValidationError, doc: YamlDocument) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        loc = _without_kind_tags(doc.data, tuple(item["loc"]))
        message, hint = _message_and_hint(item, doc, loc)
        problems.append(Problem(doc.file, doc.line_for(loc), _shown_path(doc.data, loc), message, hint))
    return problems


def _without_kind_tags(data: object, loc: tuple) -> tuple:
    """`loc` without the tags of pydantic's unions on `kind:` (cases, worksheet fields put the kind before the field):
    a tag that is also a key of the record (kind: visits has a visits: list) would otherwise be read as that key."""
    kept, node, tag_taken = [], data, False
    for element in loc:
        if isinstance(node, dict) and not tag_taken and node.get("kind") == element:
            tag_taken = True
            continue
        kept.append(element)
        tag_taken = False
        if isinstance(node, dict) and element in node:
            node = node[element]
        elif isinstance(node, list) and isinstance(element, int) and element < len(node):
            node = node[element]
        else:
            node = None
    return tuple(kept)


def _data_path(data: object, loc: tuple) -> tuple:
    """`loc` without pydantic's union tags: the path of keys and indexes in the file."""
    path, node = [], data
    for element in loc:
        if isinstance(node, dict) and element in node:
            node = node[element]
        elif isinstance(node, list) and isinstance(element, int) and element < len(node):
            node = node[element]
        else:
            continue
        path.append(element)
    return tuple(path)


def _shown_path(data: object, loc: tuple) -> str:
    """The dotted path of `loc` as keys in the file (pydantic's union tags are left out)."""
    shown, node = [], data
    for index, element in enumerate(loc):
        if isinstance(node, dict) and element in node:
            node = node[element]
        elif isinstance(node, list) and isinstance(element, int) and element < len(node):
            node = node[element]
        elif not isinstance(node, (dict, list)):
            break  # below a value written as text (source: I-3 read as {section: I-3}): the text is the field
        elif index != len(loc) - 1:
            continue  # a union tag, not a key of the file
        shown.append(str(element))
    return ".".join(shown)


def load_curriculum(root: Path) -> Curriculum:
    """Load and validate everything under root/curriculum; raise CurriculumError with all problems."""
    curriculum_dir = root / "curriculum"
    problems: list[Problem] = []
    docs: dict[str, YamlDocument] = {}
    values: dict[str, object] = {}
    collections: dict[str, list] = {folder: [] for folder in COLLECTIONS}

    def shown(path: Path) -> str:
        return path.relative_to(root).as_posix()

    def read(path: Path, folder: str | None, model) -> object | None:
        doc, found = load_yaml(path, shown(path))
        problems.extend(found)
        if doc is None:
            return None
        # A byte order mark (Windows editors add one) is not part of the first line.
        first_line = path.read_text(encoding="utf-8").removeprefix("\ufeff").split("\n", 1)[0].strip()
        expected = expected_schema_comment(folder, path.stem)
        if first_line != expected:
            problems.append(Problem(doc.file, 1, "", "first line must point editors at the schema",
                                    f"make line 1: {expected}"))
        if found:
            return None
        try:
            value = _adapter(model).validate_python(doc.data)
        except ValidationError as error:
            problems.extend(_pydantic_problems(error, doc))
            return None
        docs[doc.file] = doc
        return value

    if not curriculum_dir.is_dir():
        raise CurriculumError([Problem("curriculum", 1, "", "folder not found", f"run from the project root ({root})")])

    for path in sorted(curriculum_dir.iterdir()):
        if path.is_dir():
            if path.name not in COLLECTIONS and path.name != SCHEMA_DIR:
                problems.append(Problem(shown(path), 1, "", "unknown folder",
                                        f"curriculum/ holds {', '.join(COLLECTIONS)} and {SCHEMA_DIR}"))
            continue
        if path.suffix not in (".yml", ".yaml"):
            continue
        if path.suffix == ".yaml" or path.stem not in SINGLE_FILES:
            problems.append(Problem(shown(path), 1, "", "unknown file",
                                    f"expected one of: {', '.join(n + '.yml' for n in SINGLE_FILES)}"))
            continue
        values[path.stem] = read(path, None, SINGLE_FILES[path.stem])
    for name in SINGLE_FILES:
        if not (curriculum_dir / f"{name}.yml").exists():
            problems.append(Problem(f"curriculum/{name}.yml", 1, "", "required file is missing", "create it (see the schema)"))

    for folder, (_, model) in COLLECTIONS.items():
        seen: dict[str, str] = {}
        for path in sorted((curriculum_dir / folder).glob("*")):
            if path.suffix not in (".yml", ".yaml"):
                continue
            if path.suffix == ".yaml":
                problems.append(Problem(shown(path), 1, "", "use the .yml extension", f"rename to {path.stem}.yml"))
                continue
            value = read(path, folder, model)
            if value is None:
                continue
            doc = docs[shown(path)]
            if value.id != path.stem:
                problems.append(Problem(doc.file, doc.line_for(("id",)), "id", f"id {value.id!r} does not match the file name {path.name!r}",
                                        f"set id: {path.stem} or rename the file to {value.id}.yml"))
                continue
            if value.id in seen:
                problems.append(Problem(doc.file, doc.line_for(("id",)), "id", f"duplicate id (also in {seen[value.id]})", "ids must be unique"))
                continue
            seen[value.id] = doc.file
            collections[folder].append(value)

    if problems or any(v is None for v in values.values()):
        raise CurriculumError(problems)

    # The curriculum's order, which every list and the navigation follow: sessions by number, cases in the
    # report's order (the section each comes from; a lecturer's own, with a local source, after them), worksheets by
    # code, guides as their sessions.
    collections["sessions"].sort(key=lambda s: s.number)
    report_order = {section.id: index for index, section in enumerate(values["sources"].sections)}
    collections["cases"].sort(key=lambda c: (report_order.get(c.source.section, len(report_order)), c.id))
    collections["worksheets"].sort(key=lambda w: w.code)
    session_order = {session.id: session.number for session in collections["sessions"]}
    collections["guides"].sort(key=lambda g: (session_order.get(g.id, len(session_order) + 1), g.id))
    curriculum = Curriculum(
        root=root,
        sources=values["sources"],
        background=values["background"],
        way_forward=values["way-forward"],
        program=values["program"],
        operating_cycle=values["operating-cycle"],
        growth_steps=values["growth-steps"],
        accompaniment=values["accompaniment"],
        glossary=values["glossary"],
        sessions=collections["sessions"],
        cases=collections["cases"],
        worksheets=collections["worksheets"],
        guides=collections["guides"],
        accompaniment_guide=values["accompaniment-guide"],
        facilitation=values["facilitation"],
        roles=values["roles"],
    )
    problems = run_checks(curriculum, docs)
    if problems:
        raise CurriculumError(problems)
    curriculum.warnings = missing_english(docs)
    return curriculum
