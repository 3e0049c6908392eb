"""A synthetic, larger curriculum for the benchmark: a copy of the project whose sessions, cases and
worksheets are multiplied from the real files, still valid against the schema and the cross-file checks.

Copies keep the real content (so pages weigh what real pages weigh); what must differ does: ids and
file names, session numbers, worksheet codes, a title marker, and the sessions a copy points at (spread
over the added sessions so every session page lists its own cases and worksheets). Each copy gets its page
and nav entry as any YAML file does (site/entity_pages.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..content.curriculum import expected_schema_comment
from ..paths import copy_project

# The 10× benchmark curriculum (the real one has 5 sessions, 3 cases, 16 worksheets).
TEN_TIMES = {"sessions": 50, "cases": 100, "worksheets": 100}
WORKSHEET_CODES = 100  # WS-00 … WS-99: the schema allows two digits
REAL_SESSIONS = 5  # copies are made program by program: session-6 copies session-1, session-7 session-2 …


@dataclass
class Counts:
    sessions: int
    cases: int
    worksheets: int
    guides: int


def _read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _write(path: Path, folder: str, data: dict) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(f"{expected_schema_comment(folder, path.stem)}\n{text}", encoding="utf-8")


def _mark_title(data: dict, marker: str) -> None:
    """Copies say they are copies, so titles (and search results) stay distinguishable."""
    title = data["title"]
    for lang, text in title.items():
        if text:
            title[lang] = f"{text} ({marker})"


def _shift_session(session_id: str, block: int) -> str:
    """session-k of the real curriculum → the same session in block `block` of the copies."""
    number = int(session_id.removeprefix("session-"))
    return f"session-{number + block * REAL_SESSIONS}"


def _grow_sessions(curriculum: Path, total: int) -> None:
    """Sessions REAL_SESSIONS+1 … total, each a copy of the real session with the same position in
    the five-session program (so the copy of session 1 has no field practice either), and its guide."""
    real = sorted(_read(p)["number"] for p in (curriculum / "sessions").glob("*.yml"))
    if real != list(range(1, REAL_SESSIONS + 1)):
        raise ValueError(f"expected sessions 1…{REAL_SESSIONS} in curriculum/sessions/, found {real}")
    for number in range(REAL_SESSIONS + 1, total + 1):
        template = (number - 1) % REAL_SESSIONS + 1
        new_id = f"session-{number}"
        session = _read(curriculum / "sessions" / f"session-{template}.yml")
        session.update(id=new_id, number=number)
        _mark_title(session, f"#{number}")
        _write(curriculum / "sessions" / f"{new_id}.yml", "sessions", session)
        guide = _read(curriculum / "guides" / f"session-{template}.yml")
        guide["id"] = new_id
        _write(curriculum / "guides" / f"{new_id}.yml", "guides", guide)


def _grow_cases(curriculum: Path, total: int, sessions: int) -> None:
    templates = sorted((curriculum / "cases").glob("*.yml"))
    blocks = sessions // REAL_SESSIONS
    for index in range(total - len(templates)):
        template = templates[index % len(templates)]
        new_id = f"{template.stem}-copy-{index + 1}"
        case = _read(template)
        case["id"] = new_id
        _mark_title(case, f"copy {index + 1}")
        block = (index // len(templates) + 1) % blocks
        case["related_sessions"] = [_shift_session(s, block) for s in case.get("related_sessions", [])]
        _write(curriculum / "cases" / f"{new_id}.yml", "cases", case)


def _grow_worksheets(curriculum: Path, total: int, sessions: int) -> None:
    if total > WORKSHEET_CODES:
        raise ValueError(f"at most {WORKSHEET_CODES} worksheets: codes are WS-00 … WS-99")
    templates = sorted((curriculum / "worksheets").glob("*.yml"))
    used = {_read(path)["code"] for path in templates}
    free_codes = [code for code in (f"WS-{n:02d}" for n in range(WORKSHEET_CODES)) if code not in used]
    blocks = sessions // REAL_SESSIONS
    for index in range(total - len(templates)):
        template = templates[index % len(templates)]
        new_id = f"{template.stem}-copy-{index + 1}"
        sheet = _read(template)
        sheet.update(id=new_id, code=free_codes[index])
        _mark_title(sheet, f"copy {index + 1}")
        block = (index // len(templates) + 1) % blocks
        sheet["used_in"]["sessions"] = [_shift_session(s, block) for s in sheet["used_in"].get("sessions", [])]
        _write(curriculum / "worksheets" / f"{new_id}.yml", "worksheets", sheet)


def make_synthetic_project(root: Path, destination: Path, sessions: int = TEN_TIMES["sessions"],
                           cases: int = TEN_TIMES["cases"], worksheets: int = TEN_TIMES["worksheets"]) -> Counts:
    """Copy the project at `root` into `destination` and grow its curriculum to the given counts."""
    if sessions % REAL_SESSIONS:
        raise ValueError(f"sessions must be a multiple of {REAL_SESSIONS} (whole programs)")
    project = copy_project(root, destination)
    curriculum = project / "curriculum"
    _grow_sessions(curriculum, sessions)
    _grow_cases(curriculum, cases, sessions)
    _grow_worksheets(curriculum, worksheets, sessions)
    return counts_of(project)


def counts_of(project: Path) -> Counts:
    """How many sessions, cases, worksheets and guides a project's curriculum has (one file each)."""
    curriculum = project / "curriculum"
    return Counts(*(len(list((curriculum / folder).glob("*.yml"))) for folder in ("sessions", "cases", "worksheets", "guides")))
