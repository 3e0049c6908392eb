"""The JSON Schema in curriculum/schema/ is exported from the models and must not go stale;
every YAML file points editors at its schema."""

from __future__ import annotations

import json

from conftest import ROOT, run
from handbook import schema
from handbook.curriculum import COLLECTIONS, SINGLE_FILES, expected_schema_comment


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
