"""Load curriculum/ into validated models, collecting every problem at once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from . import models
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


@dataclass
class Curriculum:
    root: Path
    sources: models.SourcesFile
    background: models.BackgroundFile
    way_forward: models.WayForwardFile
    program: models.ProgramFile
    operating_cycle: models.OperatingCycleFile
    growth_steps: models.GrowthStepsFile
    accompaniment: models.AccompanimentFile
    glossary: models.GlossaryFile
    sessions: list[models.Session]
    cases: list[models.InquiryCase | models.VisitsCase | models.BeforeAfterCase]
    worksheets: list[models.Worksheet]
    guides: list[models.SessionGuide]
    accompaniment_guide: models.AccompanimentGuideFile

    @cached_property
    def sections(self) -> dict[str, models.Section]:
        return {s.id: s for s in self.sources.sections}

    @cached_property
    def terms(self) -> dict[str, models.Term]:
        return {t.id: t for t in self.glossary.terms}

    def session(self, session_id: str) -> models.Session:
        return _by_id(self.sessions, session_id, "session")

    def case(self, case_id: str):
        return _by_id(self.cases, case_id, "case")

    def cases_related_to(self, session_id: str) -> list:
        return [case for case in self.cases if session_id in case.related_sessions]

    def guide(self, session_id: str) -> models.SessionGuide:
        return _by_id(self.guides, session_id, "guide")

    def growth_item(self, item_id: str):
        for dimension in self.growth_steps.dimensions:
            for item in dimension.items:
                if item.id == item_id:
                    return dimension, item
        raise KeyError(f"no growth-step item {item_id!r}")

    def worksheet(self, worksheet_id: str) -> models.Worksheet:
        return _by_id(self.worksheets, worksheet_id, "worksheet")

    def worksheets_for(self, session_id: str) -> list[models.Worksheet]:
        return [w for w in self.worksheets if session_id in w.used_in.sessions]

    @property
    def accompaniment_worksheets(self) -> list[models.Worksheet]:
        return [w for w in self.worksheets if w.used_in.accompaniment]


def _by_id(items, wanted: str, kind: str):
    for item in items:
        if item.id == wanted:
            return item
    known = ", ".join(i.id for i in items)
    raise KeyError(f"no {kind} with id {wanted!r} (known: {known})")


def _adapter(model) -> TypeAdapter:
    return TypeAdapter(model)


_HINTS = {
    "missing": "add this field",
    "extra_forbidden": "remove it or fix its spelling; the schema in curriculum/schema/ lists the allowed keys",
    "string_type": "write text here (quote it if it looks like a number, date or yes/no)",
    "string_too_short": "this text must not be empty",
    "string_too_long": "shorten the text",
    "string_pattern_mismatch": "ids are lower-case ASCII words joined by '-'; sources look like I-3",
    "int_type": "write a whole number",
    "int_parsing": "write a whole number",
    "list_type": "write a list (items starting with '- ')",
    "dict_type": "write a mapping (key: value lines)",
    "model_type": "write a mapping (key: value lines)",
    "model_attributes_type": "write a mapping (key: value lines)",
    "literal_error": "use one of the allowed values",
    "union_tag_invalid": "use one of the allowed kinds",
    "union_tag_not_found": "add `kind:`",
    "too_short": "add at least one item",
    "too_long": "remove the extra items",
}


def _pydantic_problems(error: ValidationError, doc: YamlDocument) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        message = "unknown key" if item["type"] == "extra_forbidden" else item["msg"]
        hint = _HINTS.get(item["type"], "see the schema in curriculum/schema/")
        problems.append(Problem(doc.file, doc.line_for(loc), _shown_path(doc.data, loc), message, hint))
    return problems


def _shown_path(data: object, loc: tuple) -> str:
    """The dotted path of `loc` as keys in the file (pydantic's union tags are left out)."""
    shown, node = [], data
    for index, element in enumerate(loc):
        if isinstance(node, dict) and element in node:
            node = node[element]
        elif isinstance(node, list) and isinstance(element, int) and element < len(node):
            node = node[element]
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
        first_line = path.read_text(encoding="utf-8").split("\n", 1)[0].strip()
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

    collections["sessions"].sort(key=lambda s: s.number)
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
        worksheets=sorted(collections["worksheets"], key=lambda w: w.code),
        guides=collections["guides"],
        accompaniment_guide=values["accompaniment-guide"],
    )
    from .checks import run_checks  # late import: checks use Curriculum

    problems = run_checks(curriculum, docs)
    if problems:
        raise CurriculumError(problems)
    return curriculum
