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

    def session(self, session_id: str) -> models.Session:
        return _by_id(self.sessions, session_id, "session")

    @cached_property
    def _session_positions(self) -> dict[str, int]:
        # By id: list.index would compare whole models field by field, for every page that asks.
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


def _by_id(items, wanted: str, kind: str):
    for item in items:
        if item.id == wanted:
            return item
    known = ", ".join(i.id for i in items)
    raise KeyError(f"no {kind} with id {wanted!r} (known: {known})")
