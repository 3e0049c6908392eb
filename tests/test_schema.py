"""The JSON Schema in curriculum/schema/ is exported from the models and must not go stale;
every YAML file points editors at its schema."""

from __future__ import annotations

import json
import re
from typing import Literal, get_args, get_origin

from conftest import ROOT, run
from handbook.content import models
from handbook.content import schema
from handbook.content.models import ENUM_DOCS
from handbook.content.curriculum import COLLECTIONS, SINGLE_FILES, expected_schema_comment


def test_committed_schema_matches_the_models():
    stale = schema.stale_files(ROOT)
    assert stale == [], f"run `python -m handbook schema`; stale: {stale}"


def test_schema_check_command_detects_drift(project):
    target = project / "curriculum" / "schema" / "session.schema.json"
    data = json.loads(target.read_text(encoding="utf-8"))
    data["properties"].pop("title")
    target.write_text(json.dumps(data), encoding="utf-8")
    result = run(["-m", "handbook", "--root", str(project), "schema", "--check"], cwd=project)
    assert result.returncode == 1
    assert "session.schema.json" in result.stderr
    result = run(["-m", "handbook", "--root", str(project), "validate"], cwd=project)
    assert result.returncode == 1 and "out of date" in result.stderr


def test_every_yaml_file_points_at_its_schema():
    files = [(ROOT / "curriculum" / f"{name}.yml", None) for name in SINGLE_FILES]
    for folder in COLLECTIONS:
        files += [(path, folder) for path in sorted((ROOT / "curriculum" / folder).glob("*.yml"))]
    for path, folder in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == expected_schema_comment(folder, path.stem), path
        pointed = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert pointed.exists(), pointed


def test_schema_describes_bilingual_text():
    session = json.loads((ROOT / "curriculum" / "schema" / "session.schema.json").read_text(encoding="utf-8"))
    text = session["$defs"]["Text"]
    assert text["required"] == ["ja"]
    assert set(text["properties"]) == {"ja", "en"}
    assert text["additionalProperties"] is False


# --- editor help: every field is explained on hover, in Japanese and English --------------------------

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
ENGLISH = re.compile(r"[A-Za-z]{2,}")


def exported_properties():
    """(file, model, field, property schema) for every property of every exported schema, $defs included."""
    for path in sorted((ROOT / "curriculum" / "schema").glob("*.schema.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        models = {data["title"]: data, **data.get("$defs", {})}
        for model, body in models.items():
            for field, prop in body.get("properties", {}).items():
                yield path.name, model, field, prop


def value_lists(prop):
    """The sub-schemas that list a property's values (also under anyOf, items, propertyNames)."""
    if "enum" in prop:
        yield prop
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in prop.get(key, []):
            yield from value_lists(sub)
    for key in ("items", "propertyNames", "additionalProperties"):
        if isinstance(prop.get(key), dict):
            yield from value_lists(prop[key])


def bilingual(text):
    return bool(text) and bool(JAPANESE.search(text)) and bool(ENGLISH.search(text))


def test_every_field_has_a_bilingual_title_and_description():
    found = list(exported_properties())
    assert len(found) > 100  # the walk reaches the nested $defs, not only the top level
    missing = [f"{name}: {model}.{field}" for name, model, field, prop in found
               if not (bilingual(prop.get("title")) and bilingual(prop.get("description")))]
    assert missing == [], "give these a title and description '日本語 / English' (FIELD_DOCS in models.py):\n" + "\n".join(missing)


def test_markdown_description_leads_with_the_description():
    """VS Code's YAML hover shows markdownDescription instead of description: it must say the same first."""
    for name, model, field, prop in exported_properties():
        assert prop["markdownDescription"].startswith(prop["description"]), (name, model, field)


def test_every_enum_value_is_explained():
    listed = 0
    problems = []
    for name, model, field, prop in exported_properties():
        for place in value_lists(prop):
            listed += 1
            explained = place.get("enumDescriptions", [])
            if len(explained) != len(place["enum"]) or not all(bilingual(text) for text in explained):
                problems.append(f"{name}: {model}.{field}: {place['enum']} -> {explained}")
            for value in place["enum"]:
                if f"`{value}`" not in prop["markdownDescription"]:
                    problems.append(f"{name}: {model}.{field}: {value} not in markdownDescription")
        if "const" in prop and str(prop["const"]) not in prop["description"]:
            problems.append(f"{name}: {model}.{field}: {prop['const']} not explained")
    assert listed >= 10
    assert problems == [], "explain these values (ENUM_DOCS in models.py):\n" + "\n".join(problems)


def literal_values(annotation):
    """Every Literal value inside a type (Optional, dict keys and lists included)."""
    if get_origin(annotation) is Literal:
        return set(get_args(annotation))
    return set().union(*(literal_values(arg) for arg in get_args(annotation) if arg is not None))


def test_enum_explanations_match_the_literal_values():
    """ENUM_DOCS names a real field and explains exactly its values: no stale or missing entry."""
    for key, values in ENUM_DOCS.items():
        if "." in key:
            cls_name, field = key.split(".")
            assert set(values) == literal_values(getattr(models, cls_name).model_fields[field].annotation), key


def test_field_docs_name_real_fields():
    """No stale entry: every "Class.field" key of FIELD_DOCS and ENUM_DOCS is a field of that model."""
    for key in [*models.FIELD_DOCS, *ENUM_DOCS]:
        if "." in key:
            cls_name, field = key.split(".")
            assert field in getattr(models, cls_name).model_fields, key
        else:
            assert any(key in cls.model_fields for cls in vars(models).values()
                       if isinstance(cls, type) and issubclass(cls, models.Model)), key
