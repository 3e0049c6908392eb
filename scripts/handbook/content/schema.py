"""Export the pydantic models as JSON Schema files into curriculum/schema/."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import TypeAdapter

from .curriculum import COLLECTIONS, SCHEMA_DIR, SINGLE_FILES


def schemas() -> dict[str, str]:
    """file name -> JSON text, for every kind of curriculum file."""
    kinds = {name: model for name, model in SINGLE_FILES.items()}
    kinds.update({schema: model for schema, model in COLLECTIONS.values()})
    result = {}
    for name, model in sorted(kinds.items()):
        schema = TypeAdapter(model).json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema.setdefault("title", name)
        result[f"{name}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return result


def stale_files(root: Path) -> list[str]:
    folder = root / "curriculum" / SCHEMA_DIR
    wanted = schemas()
    stale = [name for name, text in wanted.items()
             if not (folder / name).exists() or (folder / name).read_text(encoding="utf-8") != text]
    extra = [p.name for p in folder.glob("*.json") if p.name not in wanted]
    return sorted(stale + extra)


def write(root: Path) -> list[str]:
    folder = root / "curriculum" / SCHEMA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    wanted = schemas()
    for path in folder.glob("*.json"):
        if path.name not in wanted:
            path.unlink()
    for name, text in wanted.items():
        (folder / name).write_text(text, encoding="utf-8")
    return sorted(wanted)
