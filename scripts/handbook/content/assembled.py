"""The assembled curriculum: every file's validated model together, with look-ups by id and the few values derived
from several files (previous and next session, a session's handouts). Made by curriculum.load_curriculum; the
cross-file checks (checks.py) read it, so it lives apart from the loader that runs them."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import models
from .problems import Problem


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
    facilitation: models.FacilitationFile
    roles: models.RolesFile
    # Texts without English (checks.missing_english): allowed, listed as warnings by every build and by validate.
    warnings: list[Problem] = field(default_factory=list)

    @cached_property
    def sections(self) -> dict[str, models.Section]:
        return {s.id: s for s in self.sources.sections}

    @cached_property
    def terms(self) -> dict[str, models.Term]:
        return {t.id: t for t in self.glossary.terms}

    # Look-ups by id, made once: the pages ask by the thousand, and a scan of the list per question grew with the content.
    # The records are never changed after loading (a changed copy is a new Curriculum: dataclasses.replace).
    @cached_property
    def _by_id(self) -> dict[str, dict]:
        return {kind: {record.id: record for record in records} for kind, records in (
            ("session", self.sessions), ("case", self.cases), ("guide", self.guides), ("worksheet", self.worksheets))}

    def _record(self, kind: str, wanted: str):
        records = self._by_id[kind]
        if wanted not in records:
            raise KeyError(f"no {kind} with id {wanted!r} (known: {', '.join(records)})")
        return records[wanted]

    def session(self, session_id: str) -> models.Session:
        return self._record("session", session_id)

    @cached_property
    def _session_positions(self) -> dict[str, int]:
        return {session.id: position for position, session in enumerate(self.sessions)}

    def previous_session(self, session: models.Session) -> models.Session | None:
        """The session before `session` in the programme (None for the first): the pages' pager, the checklist."""
        position = self._session_positions[session.id]
        return self.sessions[position - 1] if position > 0 else None

    def following_session(self, session: models.Session) -> models.Session | None:
        """The session after `session` (None for the last): its field practice, the handouts given out ahead of it."""
        position = self._session_positions[session.id]
        return self.sessions[position + 1] if position + 1 < len(self.sessions) else None

    def case(self, case_id: str):
        return self._record("case", case_id)

    @cached_property
    def _cases_by_session(self) -> dict[str, list]:
        return _by_session(self.cases, lambda case: case.related_sessions)

    def cases_related_to(self, session_id: str) -> list:
        return list(self._cases_by_session.get(session_id, ()))

    def guide(self, session_id: str) -> models.SessionGuide:
        return self._record("guide", session_id)

    @cached_property
    def _growth_items(self) -> dict[str, tuple]:
        return {item.id: (dimension, item) for dimension in self.growth_steps.dimensions for item in dimension.items}

    def growth_item(self, item_id: str):
        if item_id not in self._growth_items:
            raise KeyError(f"no growth-step item {item_id!r}")
        return self._growth_items[item_id]

    def worksheet(self, worksheet_id: str) -> models.Worksheet:
        return self._record("worksheet", worksheet_id)

    @cached_property
    def _worksheets_by_session(self) -> dict[str, list[models.Worksheet]]:
        return _by_session(self.worksheets, lambda worksheet: worksheet.used_in.sessions)

    def worksheets_for(self, session_id: str) -> list[models.Worksheet]:
        return list(self._worksheets_by_session.get(session_id, ()))

    def handouts(self, session: models.Session) -> list[models.Worksheet]:
        """The worksheets a session's guide hands out, in its order: those used during the session, then those the
        next session hands out before it (field practice, entry sheet). The guide's table and the print pack."""
        during = [w for w in self.worksheets_for(session.id) if w.used_in.handed_out == "during"]
        following = self.following_session(session)
        before = [w for w in self.worksheets_for(following.id) if w.used_in.handed_out == "before"] if following else []
        return during + before

    @property
    def accompaniment_worksheets(self) -> list[models.Worksheet]:
        return [w for w in self.worksheets if w.used_in.accompaniment]


def _by_session(records: list, sessions_of) -> dict[str, list]:
    """The records by each session id they name, in their order (a session named twice: the record once)."""
    grouped: dict[str, list] = {}
    for record in records:
        for session_id in dict.fromkeys(sessions_of(record)):
            grouped.setdefault(session_id, []).append(record)
    return grouped
