"""The one schema of curriculum/: pydantic models for every YAML file.

The JSON Schema in curriculum/schema/ is exported from these models
(`python -m handbook schema`), never edited by hand.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

# What a value may hold (the rules the loader enforces, with a line-exact message each):
# - Types are strict: YAML's reading is kept, never converted (`number: yes` is not 1, `ja: 2019-04-01`
#   is a date, not text, until quoted). Times are text "HH:MM", in quotes.
# - Text is shown literally everywhere (HTML, PDF, Word): markup, <script> and Jinja ({{ }}, {% %})
#   are escaped, never run. Half-width kana, emoji and zero-width spaces are legal and kept as written.
# - Refused in any value (yamlsource.REFUSED_IN_FILE): control characters (NUL…, DEL, C1), line
#   separators YAML counts as line breaks, and text-direction marks/overrides (no right-to-left text here).
# - Every string has an upper length, so a runaway paste (say 100 000 characters) is refused with the limit.

# Ids are ASCII slugs: they become URLs and anchors, so titles can change freely.
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=60)]
# A report section, defined once in sources.yml (e.g. "intro-3", "I-3", "II-4").
SOURCE_PATTERN = r"^(intro|I|II)-[0-9]+$"
SourceId = Annotated[str, StringConstraints(pattern=SOURCE_PATTERN, max_length=20)]
# Text is capped so a runaway paste is caught early rather than rendered.
JaText = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
EnText = Annotated[str, StringConstraints(max_length=4000)]
# Short plain strings (abbreviations, aliases).
Word = Annotated[str, StringConstraints(min_length=1, max_length=100)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, strict=True, defer_build=True,
                              # titles and descriptions for editors (see FIELD_DOCS at the end of this file)
                              json_schema_extra=lambda schema, cls: _editor_help(schema, cls))


class Text(Model):
    """Bilingual text: Japanese is required, English may stay empty until translated."""

    ja: JaText
    en: EnText = ""


def text_in(text: Text | None, lang: str) -> str:
    """The text in `lang`; English falls back to Japanese until it is translated."""
    if text is None:
        return ""
    return (text.en if lang == "en" else text.ja) or text.ja


class Note(Model):
    """Something the handbook adds (例 / 補足): never presented as a finding of the report."""

    kind: Literal["example", "supplement"] = "supplement"
    text: Text


class ReadingNote(Model):
    """How far the seed supports a placement (confidence from the seed reading guide)."""

    confidence: Literal["M", "L"]
    text: Text


class Sourced(Model):
    source: SourceId
    reading_note: ReadingNote | None = None


class LocalSource(Model):
    """A lecturer's own material a case or worksheet comes from instead of the report: who made it and when.
    Shown as 出典（地域の資料） / "Source (local material)", never as the report's 出典."""

    organisation: Text
    year: int = Field(ge=1900, le=2100)


class Source(Model):
    """Where a case or a worksheet's basis comes from: a report section or a local source, exactly one.
    Written `source: I-3` (short for `source: {section: I-3}`) or `source: {local: {organisation: …, year: 2026}}`."""

    section: SourceId | None = None
    local: LocalSource | None = None

    @model_validator(mode="after")
    def _exactly_one(self):
        if self.section is not None and self.local is not None:
            raise PydanticCustomError("source_choice", "names both a report section and a local source")
        if self.section is None and self.local is None:
            raise PydanticCustomError("source_choice", "names neither a report section nor a local source")
        return self


def _section_shorthand(value: object) -> object:
    return {"section": value} if isinstance(value, str) else value


# The source of what a lecturer may write from their own material (a case, a worksheet's basis): always a Source
# in Python; in YAML a bare section id is short for {section: …}.
SectionOrLocal = Annotated[Source, BeforeValidator(_section_shorthand, json_schema_input_type=Union[SourceId, Source])]


class TextList(Sourced):
    """A titled list of report statements."""

    title: Text | None = None
    items: list[Text] = Field(min_length=1)


class Group(Model):
    """A list inside a table cell, optionally under a sub-heading (＜支援先市町村＞)."""

    heading: Text | None = None
    items: list[Text] = Field(min_length=1)


# --- sources.yml --------------------------------------------------------------


class Report(Model):
    title: Text
    programme: Text
    fiscal_year: Text
    author: Text
    # Where the title comes from in the report (it is stated only in a footnote), shown on About.
    title_note: Text | None = None


class Section(Model):
    id: SourceId
    part: Literal["intro", "I", "II"]
    title: Text


class SourcesFile(Model):
    report: Report
    sections: list[Section] = Field(min_length=1)


# --- background.yml (report overview, chapters 1-4) ----------------------------


class TimelineYear(Model):
    year: Text
    items: list[Text] = Field(min_length=1)
    conclusion: Text


class Background(Sourced):
    lead: Text
    timeline: list[TimelineYear] = Field(min_length=1)
    footnote: Text


class WorryArea(Model):
    id: Slug
    title: Text
    items: list[Text] = Field(min_length=1)


class Situation(Sourced):
    lead: Text
    struggle: list[Text] = Field(min_length=1)
    areas: list[WorryArea] = Field(min_length=1)


class Hypothesis(Model):
    id: Slug
    title: Text
    description: Text


class Measure(Model):
    id: Slug
    title: Text
    region: Text
    description: Text


class Scenario(Sourced):
    lead: Text
    worries: list[Text] = Field(min_length=1)
    causes: list[Text] = Field(min_length=1)
    hypotheses: list[Hypothesis] = Field(min_length=1)
    measures: list[Measure] = Field(min_length=1)


class ComparisonColumn(Model):
    id: Slug
    title: Text


class ComparisonRow(Model):
    id: Slug
    label: Text
    cells: dict[Slug, list[Group]]


class Comparison(Sourced):
    lead: Text
    columns: list[ComparisonColumn] = Field(min_length=2)
    rows: list[ComparisonRow] = Field(min_length=1)


class BackgroundFile(Model):
    background: Background
    situation: Situation
    scenario: Scenario
    comparison: Comparison


# --- way-forward.yml (chapter 5) -------------------------------------------------


class Actor(Model):
    id: Slug
    name: Text
    roles: list[Text] = Field(min_length=1)


class RolesFigure(Sourced):
    title: Text
    actors: list[Actor] = Field(min_length=1)


class WayForwardFile(Model):
    title: Text
    source: SourceId
    paragraphs: list[Text] = Field(min_length=1)
    roles: RolesFigure


# --- program.yml (Ⅰ 地域づくり支援プログラム) ------------------------------------


class Voices(Sourced):
    title: Text
    basis: Text  # which material the quotes come from (受講者エントリーシート…)
    items: list[Text] = Field(min_length=1)


class Outcomes(Sourced):
    lead: list[Text] = Field(min_length=1)
    themes: list[Text] = Field(min_length=1)
    theme_footnote: Text
    method: Text
    format: Text
    before: Voices
    transition: Text  # the arrow label between before and after (プログラム参加)
    after: Voices


class Participants(Sourced):
    summary: Text  # the report's sentence, verbatim (26市町村の応募から…12市町を選定)
    applicants: int = Field(gt=0)
    selected: int = Field(gt=0)
    municipalities: list[Text] = Field(min_length=1)


class Ripple(Sourced):
    lead: list[Text] = Field(min_length=1)
    voices: list[Text] = Field(min_length=1)
    captions: list[Text] = Field(min_length=1)
    map_places: list[Text] = Field(min_length=1)
    notes: list[Text] = Field(default_factory=list)


class Organisation(Model):
    name: Text
    people: Text | None = None


class Implementation(Sourced):
    title: Text
    organisers: list[Organisation] = Field(min_length=1)
    lecturers: list[Organisation] = Field(min_length=1)


class VerificationRow(Model):
    id: Slug
    step: Text
    findings: list[Text] = Field(min_length=1)
    improvements: list[Text] = Field(min_length=1)
    reading_note: ReadingNote | None = None


class Verification(Sourced):
    lead: Text
    findings_label: Text
    improvements_label: Text
    rows: list[VerificationRow] = Field(min_length=1)


class Challenge(Model):
    id: Slug
    title: Text
    points: list[Text] = Field(min_length=1)


class Challenges(Sourced):
    lead: Text
    items: list[Challenge] = Field(min_length=1)


class ProgramFile(Model):
    format: Text
    sessions_caption: Text  # the report's caption of the session contents figure
    outcomes: Outcomes
    ripple: Ripple
    method_lead: TextList
    participants: Participants
    implementation: Implementation
    verification: Verification
    future: Challenges


# --- sessions/<id>.yml -------------------------------------------------------


class PreAssignment(Sourced):
    """まちでの実践（事前課題）: the field practice done before this session."""

    label: Text


class Session(Model):
    id: Slug
    number: int = Field(ge=1, le=99)
    title: Text
    source: SourceId
    contents: list[Text] = Field(min_length=1)
    results: list[Text] = Field(min_length=1)
    pre_assignment: PreAssignment | None = None
    footnotes: list[Text] = Field(default_factory=list)  # the report's own ※ notes (same source)
    reading_note: ReadingNote | None = None
    notes: list[Note] = Field(default_factory=list)

    @property
    def code(self) -> str:
        """The session's short code (S3), printed on paper and in its short address (/s3/): made here only."""
        return f"S{self.number}"


# --- operating-cycle.yml -------------------------------------------------------


class Offset(Model):
    """The planner's reading of a timing label (the handbook's, not the report's): days or months
    before the first day of a session, or after its last day."""

    anchor: Literal["first-day", "last-day"]
    months: int = Field(default=0, ge=-3, le=3)
    days: int = Field(default=0, ge=-60, le=60)


class Timepoint(Model):
    id: Slug
    label: Text
    offset: Offset


class CycleTask(Model):
    id: Slug
    title: Text
    details: list[Text] = Field(default_factory=list)
    # Only the session days are placed with high confidence; others carry a reading note.
    timepoint: Slug
    placement: Literal["H", "M", "L"]
    # How the planner reads the figure's loop (the handbook's reading, stated on the planner page):
    for_practice: bool = Field(
        default=False,
        description="まちでの実践（事前課題）についての作業: pre_assignment のある回にだけ表示 / "
                    "The task concerns the まちでの実践 (pre_assignment) before its session: the planner lists it "
                    "only for a session whose YAML has pre_assignment.",
    )
    next_session: Slug | None = Field(
        default=None,
        description="ここでサイクルが次の回へつながる: 次の回のこの id の作業を、この作業の時期に一度だけ計画する / "
                    "The loop closes here: this box is the task with this id of the next session, planned once, "
                    "at this task's timing (the planner then leaves that task out of the next session).",
    )


class HandbookTask(Model):
    """A preparation task the handbook adds to the planner (例/補足), never drawn in the report's cycle."""

    id: Slug
    title: Text
    timepoint: Slug = Field(description="時点（timepoints の id） / Timing point (id in timepoints).")
    sessions: list[Slug] = Field(min_length=1, description="この作業がある回 / The sessions that have this task.")
    kind: Literal["example", "supplement"] = Field(default="example", description="例か補足か / Example or note.")


class StaffCount(Model):
    role: Text
    count: Text  # reproduced as written (講師2～3名): not always a single number
    roles: list[Slug] = Field(default_factory=list, description="この行の役割カード（roles.yml の id） / Role cards of this row (ids in roles.yml).")


class Staffing(Sourced):
    title: Text
    per_group: list[StaffCount] = Field(min_length=1)
    groups: int = Field(gt=0)
    groups_label: Text
    totals: list[StaffCount] = Field(min_length=1)


class GuidanceDay(Model):
    day: int = Field(ge=1, le=2)
    activity: Text


class IndividualGuidance(Sourced):
    title: Text
    unit: Text
    days: list[GuidanceDay] = Field(min_length=1)


class Figure(Model):
    value: int = Field(gt=0)
    source: SourceId


class GroupSize(Model):
    """Numbers the report gives for one participant group (used to count copies to print)."""

    municipalities: Figure  # 6市町村 per group (I-3)
    people_per_municipality: Figure  # 1市町村3人まで (intro-4)

    def copies_per_group(self, copies: "Copies") -> int:
        """Copies of a worksheet to print for one group, at most (the guides' handouts table, the print packs)."""
        per = {"participant": self.municipalities.value * self.people_per_municipality.value,
               "municipality": self.municipalities.value, "team": 1}[copies.per]
        return per * copies.count


class OperatingCycleFile(Model):
    title: Text
    source: SourceId
    lead: Text
    repeats: int = Field(gt=0)
    timepoints: list[Timepoint] = Field(min_length=1)
    tasks: list[CycleTask] = Field(min_length=1)
    reading_note: ReadingNote
    staffing: Staffing
    guidance: IndividualGuidance
    group_size: GroupSize
    handbook_tasks: list[HandbookTask] = Field(default_factory=list, description="ハンドブックが加える準備作業（プランナーに例として表示） / "
                                                                                "Tasks the handbook adds (shown as examples in the planner).")

    @model_validator(mode="after")
    def _loop_closes_on_a_task(self):
        """next_session names another task that does not close the loop itself (reported at its own line)."""
        ids = [task.id for task in self.tasks]
        for index, task in enumerate(self.tasks):
            target = task.next_session
            if target is None:
                continue
            if target not in ids or target == task.id:
                message = f"{target!r} is not another task of this file; use one of: {', '.join(i for i in ids if i != task.id)}"
            elif self.tasks[ids.index(target)].next_session is not None:
                message = f"{target!r} closes the loop itself; name the task that opens it"
            else:
                continue
            error = PydanticCustomError("next_session", message)
            raise ValidationError.from_exception_data(
                type(self).__name__, [InitErrorDetails(type=error, loc=("tasks", index, "next_session"), input=target)])
        return self

    def closed_by(self, task_id: str) -> CycleTask | None:
        """The task whose `next_session` names `task_id`: for every session but the first, `task_id` is done at
        that task's timing of the previous session (the figure is one loop), not at its own timepoint.
        The planner and the preparation checklist both follow this one rule."""
        return next((task for task in self.tasks if task.next_session == task_id), None)


# --- growth-steps.yml ------------------------------------------------------------


class Level(Model):
    id: Literal["current", "step1", "step2", "step3"]
    label: Text


class GrowthItem(Model):
    id: Slug
    label: Text
    cells: dict[Literal["current", "step1", "step2", "step3"], Text]
    reading_note: ReadingNote | None = None


class Dimension(Model):
    id: Slug
    label: Text
    items: list[GrowthItem] = Field(min_length=1)


class GrowthStepsFile(Model):
    title: Text
    source: SourceId
    lead: list[Text] = Field(min_length=1)
    levels: list[Level] = Field(min_length=4, max_length=4)
    dimensions: list[Dimension] = Field(min_length=1)


# --- accompaniment.yml (Ⅱ 伴走的支援) ----------------------------------------------


class Party(Model):
    id: Slug
    name: Text
    role: Text | None = None
    subtitle: Text | None = None
    members: list[Text] = Field(default_factory=list)


class SupportStructure(Sourced):
    lead: list[Text] = Field(min_length=1)
    parties: list[Party] = Field(min_length=1)
    team_support: TextList
    rhythm: list[Text] = Field(min_length=1)  # 月1回程度の訪問 / 3か月に1回程度の推進会議
    goals: TextList
    methods: TextList


class RoadmapStage(Model):
    number: int = Field(ge=1)
    title: Text
    structure: list[Text] = Field(min_length=1)
    support: list[Text] = Field(min_length=1)


class Roadmap(Sourced):
    lead: list[Text] = Field(min_length=1)
    stages: list[RoadmapStage] = Field(min_length=1)


class AccompanimentFile(Model):
    outcome_lead: TextList
    structure: SupportStructure
    verification: Verification
    roadmap: Roadmap
    challenges: Challenges


# --- cases/<id>.yml ------------------------------------------------------------------


class CaseBase(Model):
    id: Slug
    title: Text
    part: Literal["I", "II"]
    source: SectionOrLocal  # a lecturer's own case names its local source, never a report section it does not come from
    summary: Text
    figure_title: Text | None = None  # the report's caption of the figure the case comes from
    lead: list[Text] = Field(min_length=1)
    related_sessions: list[Slug] = Field(default_factory=list)
    related_terms: list[Slug] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)


class InquiryQuestion(Model):
    perspective: Literal["micro", "macro"]
    text: Text


class InquiryStep(Model):
    kind: Literal["initial", "question", "action", "thought", "issue", "action-plan"]
    text: Text
    perspective: Literal["micro", "macro"] | None = None
    questions: list[InquiryQuestion] = Field(default_factory=list)
    reading_note: ReadingNote | None = None


class InquiryCase(CaseBase):
    kind: Literal["inquiry"]
    steps: list[InquiryStep] = Field(min_length=1)


class Visit(Model):
    number: int = Field(ge=1)
    support: list[Text] = Field(min_length=1)
    thoughts: list[Text] = Field(min_length=1)


class VisitsCase(CaseBase):
    kind: Literal["visits"]
    before: TextList
    visits: list[Visit] = Field(min_length=1)
    after: list[Group] = Field(min_length=1)
    after_label: Text
    reading_note: ReadingNote | None = None


class BeforeAfterCase(CaseBase):
    kind: Literal["before-after"]
    activities: list[Group] = Field(min_length=1)
    before: TextList
    after: TextList
    learned: TextList
    reading_note: ReadingNote | None = None


Case = Annotated[Union[InquiryCase, VisitsCase, BeforeAfterCase], Field(discriminator="kind")]


# --- worksheets/<id>.yml ----------------------------------------------------------------
# Every worksheet is the handbook's own template (例) for an activity the report names;
# `basis` quotes what the report says about that activity, with its section.

StepKind = Literal["initial", "question", "action", "thought", "issue", "action-plan"]


class Basis(Model):
    text: Text
    source: SectionOrLocal  # a lecturer's own worksheet quotes its local source
    # The session whose contents this text reproduces: the contents' reading note (an uncertain placement) goes with it.
    contents_of: Slug | None = None


class UsedIn(Model):
    sessions: list[Slug] = Field(default_factory=list)
    accompaniment: bool = False
    timing: Text  # when it is handed out or filled in
    # "before": handed out ahead of the session (field practice, entry sheet); "during": used in it;
    # "organisers": sent or kept by the organisers, never handed to participants (a letter to speakers), so it is
    # not on the session's handout list or in its print pack.
    handed_out: Literal["before", "during", "organisers"] = "during"


class Copies(Model):
    """Copies to print for ONE session (or visit) the sheet is used in: a sheet used at five sessions is printed
    again for each of them, so `count` is never the number of sessions times the copies (tests/test_fidelity.py)."""

    per: Literal["participant", "municipality", "team"]
    count: int = Field(default=1, ge=1, le=20, description="1回あたり、per の単位ごとの部数（1–20。回数を掛けない） / Copies per participant, municipality or team for one session the sheet is used in.")


class FieldBase(Model):
    id: Slug
    label: Text
    prompt: Text | None = None


class BoxField(FieldBase):
    """A writing box, sized for handwriting: `lines` ruled lines of about 8 mm."""

    kind: Literal["box"]
    lines: int = Field(ge=1, le=30)
    step: StepKind | None = None
    perspective: Literal["micro", "macro"] | None = None


class Column(Model):
    id: Slug
    label: Text
    width: int = Field(default=1, ge=1, le=6)  # relative width


class TableField(FieldBase):
    kind: Literal["table"]
    columns: list[Column] = Field(min_length=1, max_length=8)
    rows: int = Field(default=3, ge=1, le=20)  # empty rows to fill in
    row_labels: list[Text] = Field(default_factory=list)  # fixed first-column labels, if any
    row_lines: int = Field(default=2, ge=1, le=10)  # height of each row in lines


class ChecklistField(FieldBase):
    kind: Literal["checklist"]
    items: list[Text] = Field(min_length=1)


class RubricField(FieldBase):
    """The growth-step rubric as a self-assessment: one mark per item and round."""

    kind: Literal["rubric"]
    rounds: list[Text] = Field(min_length=1, max_length=3)


WorksheetField = Annotated[Union[BoxField, TableField, ChecklistField, RubricField], Field(discriminator="kind")]


WORKSHEET_CODE_PATTERN = r"^WS-[0-9]{2}$"


class Worksheet(Model):
    id: Slug
    code: Annotated[str, StringConstraints(pattern=WORKSHEET_CODE_PATTERN)]
    title: Text
    purpose: Text
    basis: list[Basis] = Field(min_length=1)
    used_in: UsedIn
    copies: Copies
    # Who writes on the sheet: one header block is printed from it (person: 所属（都道府県・市町村）・氏名・記入日;
    # team: チーム名・市町村名・記入日), so no sheet repeats those fields in `fields`.
    filled_by: Literal["person", "team"]
    instructions: list[Text] = Field(min_length=1)
    fields: list[WorksheetField] = Field(min_length=1)


# --- guides/<session id>.yml and accompaniment-guide.yml -------------------------------------
# Guides for lecturers and support teams. What they compute (contents, staffing, cycle tasks,
# worksheets) comes from the other files; what they add is either quoted from the report
# (with `source`) or marked as the handbook's own (例 / 補足).

CLOCK_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
Clock = Annotated[str, StringConstraints(pattern=CLOCK_PATTERN)]


class Quoted(Model):
    """A question or point taken from the report."""

    text: Text
    source: SourceId
    context: Text | None = None  # where in the report it appears (e.g. 孤立高齢者の事例)
    use: Text | None = Field(
        default=None,
        description="ハンドブックによる使い方の助言（補足として引用の外に表示） / The handbook's advice on how to use "
                    "the quoted item, shown as a 補足 note outside the quote.",
    )


# An activity of a session a card is written for: the N-th item of the session's `contents`
# (content-1 …) or the sharing of the まちでの実践 done before it (sharing; only for a session with pre_assignment).
ACTIVITY_PATTERN = r"^(content-[1-9][0-9]?|sharing)$"
ActivityRef = Annotated[str, StringConstraints(pattern=ACTIVITY_PATTERN)]


# A slot of the example timetable names the activity it runs (its card), or coaching (個別指導).
SLOT_ACTIVITY_PATTERN = r"^(content-[1-9][0-9]?|sharing|coaching)$"


class TimetableSlot(Model):
    day: int = Field(ge=1, le=2)
    start: Clock
    end: Clock
    activity: Text
    who: Text | None = None
    kind: Literal["activity", "break"] = Field(default="activity", description="活動か休憩か / An activity or a break.")
    activity_ref: Annotated[str, StringConstraints(pattern=SLOT_ACTIVITY_PATTERN)] | None = Field(
        default=None, description="このコマで行う活動（カードへのリンク） / The activity of this slot (links to its card).")


class CardStep(Model):
    """One step of an activity, with its minutes (the handbook's example)."""

    minutes: int = Field(ge=1, le=480, description="所要時間（分） / Minutes the step takes.")
    text: Text = Field(description="この段階で何をするか / What happens in this step.")


class ListenFor(Model):
    """What the lecturer and supporters listen for, tied to a growth step."""

    aim: Slug = Field(description="成長ステップの項目 id（growth-steps.yml） / Growth-step item id (growth-steps.yml).")
    text: Text = Field(description="聞きとる言葉・様子 / The words or signs to listen for.")


class Difficulty(Model):
    """A common difficulty and what to do about it (the handbook's own)."""

    difficulty: Text = Field(description="つまずきやすい点 / What tends to go wrong.")
    response: Text = Field(description="そのときの手立て / What to do about it.")


class CardBody(Model):
    """A facilitation card, modelled on Liberating Structures' structural elements (invitation, space and
    materials, participation and groups, steps and time). All of it is the handbook's example (例)."""

    invitation: Text = Field(description="参加者への問いかけ（活動の最初に投げる問い） / The invitation: the question put to participants.")
    groups: Text = Field(description="グループの組み方と参加の配分 / How groups are formed and participation is shared.")
    space: Text = Field(description="会場の配置と用意するもの / Room layout and materials.")
    steps: list[CardStep] = Field(min_length=1, description="段階と時間（分） / Steps with minutes.")
    worksheets: list[Slug] = Field(default_factory=list, description="使うワークシートの id / Ids of the worksheets used.")
    example: Slug | None = Field(default=None, description="配布する事例（cases/ の id、印刷して配る） / A worked example to print as a handout (case id).")
    listen_for: list[ListenFor] = Field(min_length=1, description="講師・サポーターが聞きとること / What the lecturer and supporters listen for.")
    outputs: list[Text] = Field(min_length=1, description="この活動で残るもの / What the activity produces.")
    difficulties: list[Difficulty] = Field(min_length=1, description="つまずきと手立て / Common difficulties and what to do.")


class ActivityCard(CardBody):
    """The card of one activity of a session; its title and 出典 come from the session."""

    activity: ActivityRef = Field(description="どの活動のカードか: content-N（内容のN番目）または sharing（まちでの実践の共有） / "
                                              "Which activity: content-N (the N-th contents item) or sharing (sharing the field practice).")


class GuideQuestion(Model):
    """A question the lecturer can put, tied to the aims it probes. Without `source` it is the handbook's own (例)."""

    text: Text = Field(description="問い / The question.")
    probes: list[Slug] = Field(min_length=1, description="この問いが確かめる成長ステップの項目 id（ガイドの aims から） / "
                                                          "Growth-step item ids the question probes (from the guide's aims).")
    source: SourceId | None = Field(default=None, description="報告書がこの問いを示している節（なければハンドブックの例） / "
                                                              "The report section that poses the question (none: the handbook's example).")
    context: Text | None = Field(default=None, description="報告書のどこにある問いか / Where in the report the question appears.")


class SessionGuide(Model):
    id: Slug  # the session's id
    aims: list[Slug] = Field(min_length=1)  # growth-step items this session works on (the handbook's mapping)
    aims_note: Text
    prompts: list[Quoted] = Field(min_length=1, description="問いかけの手がかりになる報告書の記述（引用） / Report passages a lecturer can draw questions from (quoted).")
    questions: list[GuideQuestion] = Field(min_length=5, description="講師が投げかける問い（5つ以上、ねらいに対応） / "
                                                                   "Questions to put to participants (at least five, each tied to an aim).")
    pitfalls: list[Quoted] = Field(min_length=1)
    activities: list[ActivityCard] = Field(min_length=1, description="この回の活動ごとのカード / One card per activity of the session.")
    coaching_questions: list[GuideQuestion] = Field(min_length=1, description="この回の個別指導で聞くこと / Questions for this session's individual coaching.")
    timetable: list[TimetableSlot] = Field(min_length=2)  # an example (例), never the report's
    tips: list[Note] = Field(default_factory=list)


class GuideStep(Model):
    id: Slug
    title: Text
    points: list[Quoted] = Field(min_length=1)
    worksheets: list[Slug] = Field(default_factory=list)
    tips: list[Note] = Field(default_factory=list)


class AccompanimentGuideFile(Model):
    lead: Note
    steps: list[GuideStep] = Field(min_length=1)


# --- facilitation.yml: the individual coaching and the stakeholder relay talk --------------------
# The report gives the coaching's unit (40分程度×6市町村) and day 1 / day 2 (operating-cycle.yml `guidance`);
# the steps, questions and the relay talk's set-up are the handbook's example (例).


class CoachingDay(Model):
    """How one day's 40-minute coaching runs (the handbook's example); its focus comes from `guidance`."""

    day: int = Field(ge=1, le=2, description="1日目または2日目 / Day 1 or day 2.")
    steps: list[CardStep] = Field(min_length=1, description="段階と時間（合計は minutes と同じ） / Steps with minutes (they add up to `minutes`).")
    questions: list[Text] = Field(min_length=1, description="どの回でも聞くこと / Questions to ask at every session.")


class Coaching(Model):
    minutes: Figure = Field(description="1市町村あたりの時間（報告書: 40分程度） / Minutes per municipality (the report: about 40).")
    card: CardBody = Field(description="個別指導のカード / The coaching's card.")
    days: list[CoachingDay] = Field(min_length=2, max_length=2, description="1日目・2日目の進め方 / How day 1 and day 2 run.")
    record: Slug = Field(description="書記の記録用紙（ワークシート id） / The note-taker's record form (worksheet id).")
    record_use: Text = Field(description="記録を次回の事前課題のフォローにどう使うか / How the record feeds the next pre-session assignment follow-up.")


class RelayTalk(Model):
    session: Slug = Field(description="リレートークを行う回 / The session that holds the relay talk.")
    activity: ActivityRef = Field(description="その回の内容のどれか（content-N） / Which contents item of that session.")
    invite: list[Text] = Field(min_length=1, description="招く関係者の例 / Whom to invite (examples).")
    speakers: int = Field(ge=1, le=10, description="登壇者の人数（例） / Number of speakers (example).")
    minutes_each: int = Field(ge=1, le=60, description="1人あたりの話す時間（分、例） / Minutes each speaker talks (example).")
    letter: Slug = Field(description="依頼状の様式（ワークシート id） / The invitation letter template (worksheet id).")
    brief: list[Text] = Field(min_length=1, description="登壇者に伝えること / The speaker brief.")
    tasks: list[Slug] = Field(min_length=1, description="いつ依頼するか（operating-cycle.yml handbook_tasks の id） / "
                                                        "When to ask (ids of handbook_tasks in operating-cycle.yml).")


class FacilitationFile(Model):
    coaching: Coaching
    relay_talk: RelayTalk
    reading_guide: list[Text] = Field(min_length=1, description="提出された事前課題を読むときに書き留めること（準備チェックリスト） / "
                                                                "What to note when reading the submitted pre-session assignments (preparation checklist).")


# --- roles.yml: role cards for everyone in the staffing table --------------------------------


class RoleItem(Model):
    """One duty of a role: from the report with `source`, else the handbook's own (補足)."""

    text: Text
    source: SourceId | None = Field(default=None, description="報告書の節（なければハンドブックの補足） / Report section (none: the handbook's note).")


class RoleCard(Model):
    id: Slug
    name: Text = Field(description="役割の名前 / The role's name.")
    summary: RoleItem = Field(description="役割の一言での説明 / The role in one sentence.")
    before: list[RoleItem] = Field(min_length=1, description="回の前にすること / Before the session.")
    during: list[RoleItem] = Field(min_length=1, description="当日すること / During the session.")
    after: list[RoleItem] = Field(min_length=1, description="回の後にすること / After the session.")


class RolesFile(Model):
    roles: list[RoleCard] = Field(min_length=1)


# --- glossary.yml ------------------------------------------------------------------


class ReportWording(Model):
    text: Text
    source: SourceId


READING_PATTERN = r"^[\u3041-\u309f\u30a0-\u30ffー・／ A-Za-z0-9]+$"
# Hepburn romanisation with macrons (chiiki-zukuri, bansōteki shien, kojin / chiiki shakai no dairinin).
ROMAJI_PATTERN = r"^[a-zāēīōū]+(?:(?:[ -]| / )[a-zāēīōū]+)*$"
KATAKANA = re.compile(r"[\u30a1-\u30fa\u30fc]")
MACRONS = re.compile(r"[āēīōūĀĒĪŌŪ]")


class OtherSense(Model):
    """A phrase holding a term's Japanese that does not mean the term (〜に気づき: the verb 'notice', not
    the noun 気づき): the rendering check does not ask for the term's English there."""

    phrase: Word
    reason: Annotated[str, StringConstraints(min_length=1, max_length=300)]


class Term(Model):
    id: Slug
    # term.en is plain English: the one rendering every English text uses (issue 13.8); no romaji in it.
    term: Text
    romaji: Annotated[str, StringConstraints(pattern=ROMAJI_PATTERN, max_length=100)] | None = None
    en_forms: list[Word] = Field(default_factory=list)
    reading: Annotated[str, StringConstraints(pattern=READING_PATTERN, max_length=100)]
    abbreviation: Word | None = None
    aliases: list[Word] = Field(default_factory=list)
    other_senses: list[OtherSense] = Field(default_factory=list)
    # Every entry starts with the handbook's own plain explanation (shown as 補足) ...
    definition: Text
    # ... then, where the report itself speaks of the term, its wording and section (shown with 出典).
    report_wording: ReportWording | None = None
    see_also: list[Slug] = Field(default_factory=list)

    @model_validator(mode="after")
    def _renderings(self):
        if MACRONS.search(self.term.en):
            raise ValueError(f"term.en {self.term.en!r} holds romanised Japanese: give plain English in term.en and the romanisation in romaji")
        if self.romaji and KATAKANA.search(self.term.ja):
            raise ValueError(f"romaji is for native Japanese terms only; {self.term.ja} has a katakana loanword (leave romaji out)")
        if self.en_forms and not any(_english_form_in(form, self.term.en) for form in self.en_forms):
            raise ValueError(f"en_forms {self.en_forms} do not include term.en {self.term.en!r} (list its inflections: en_forms: [issue, issues])")
        names = [self.term.ja, *self.aliases]
        for sense in self.other_senses:
            if not any(name in sense.phrase for name in names):
                raise ValueError(f"other_senses: {sense.phrase!r} does not hold {self.term.ja} or an alias of it")
        return self

    @property
    def accepted_english(self) -> list[str]:
        """The English forms that render this term: en_forms, or term.en alone."""
        return list(self.en_forms) or [self.term.en]


def english_key(text: str) -> str:
    """English as the rendering check compares it: case, hyphens and runs of spaces do not matter."""
    return re.sub(r"[-\s]+", " ", text.casefold()).strip()


def _english_form_in(form: str, english: str) -> bool:
    """Is `form` in `english` as whole words (after english_key)?"""
    return re.search(rf"(?<![\w/]){re.escape(english_key(form))}(?![\w/])", english_key(english)) is not None


# Spellings of one word that the handbook mixes (か月/ヶ月/カ月): search finds any of them for any other.
# The first form is the one the others are read as; full-/half-width and case need no group (search folds them).
VariantGroup = Annotated[list[Word], Field(min_length=2, max_length=10)]


class GlossaryFile(Model):
    terms: list[Term] = Field(min_length=1)
    variants: list[VariantGroup] = Field(
        default_factory=list,
        description="検索が同じ語とみなす表記ゆれ（例 [か月, ヶ月, カ月]、先頭が代表形） / Spelling variants (表記ゆれ) search treats as one word, e.g. [か月, ヶ月, カ月]; the first form is the one the others are read as.",
    )

    @model_validator(mode="after")
    def _variants_apart(self):
        from .folding import fold

        seen: dict[str, int] = {}
        for number, group in enumerate(self.variants, start=1):
            for form in group:
                key = fold(form)
                if key in seen:
                    where = "twice in that group" if seen[key] == number else f"also in group {seen[key]}"
                    raise ValueError(f"variant {form!r} of group {number} is {where} (full-/half-width and case already count as the same)")
                seen[key] = number
        return self


# What to write instead, per pattern (shown as the hint of a pattern mismatch).
PATTERN_HINTS = {
    SLUG_PATTERN: "ids are lower-case ASCII words joined by '-' (a-z, 0-9), e.g. session-1",
    SOURCE_PATTERN: "sources are report section ids such as I-3, II-4 or intro-2 (see curriculum/sources.yml)",
    CLOCK_PATTERN: 'write the time as HH:MM, 24-hour, in quotes, e.g. "09:30"',
    WORKSHEET_CODE_PATTERN: "worksheet codes look like WS-07",
    ACTIVITY_PATTERN: "name the activity as content-1 (the session's first contents item), content-2 … or sharing",
    SLOT_ACTIVITY_PATTERN: "name the activity as content-1, content-2 …, sharing or coaching",
    READING_PATTERN: "write the reading in hiragana or katakana (ASCII letters and digits are allowed too)",
    ROMAJI_PATTERN: "write Hepburn romanisation in lower case with macrons, e.g. bansōteki shien or chiiki-zukuri",
}


# --- Editor help: titles and descriptions in the exported JSON Schema ------------------------------
# An editor (VS Code with the YAML extension) shows these on hover and in completion. Every field gets a title
# and a description "日本語 / English"; a description written in Field(description=...) above wins over the
# table. Looked up as "Class.field" (also through base classes), then "field". Literal values are explained
# in ENUM_DOCS (shown as enumDescriptions, and listed in the markdown description).

FIELD_DOCS: dict[str, tuple[str, str]] = {
    # shared names
    "id": ("識別子 id / Id", "ASCII の id（小文字・数字・-）。URL やアンカーになるので、題名を変えても変えない / ASCII id "
                      "(lower case, digits, '-'). It becomes URLs and anchors: keep it when the title changes."),
    "title": ("題名 / Title", "見出しに出す題名（日英） / The heading shown (Japanese and English)."),
    "source": ("出典 / Source", "報告書の節 id（curriculum/sources.yml、例 I-3, II-4, intro-2）。出典として表示 / "
                                "Report section id (curriculum/sources.yml, e.g. I-3, II-4, intro-2), shown as 出典."),
    "reading_note": ("読みの注記 / Reading note", "この配置を原文がどこまで支えるか（確度と説明）。なければ確度は高い / "
                                                  "How far the report supports this placement (confidence and text); none means high."),
    "lead": ("導入文 / Lead", "節の冒頭に出す報告書の文 / The report's opening text of the section."),
    "items": ("項目 / Items", "並べて表示する項目（1つ以上） / Items listed in order (at least one)."),
    "label": ("ラベル / Label", "表示する短い名前 / The short name shown."),
    "text": ("本文 / Text", "表示する文（日英） / The text shown (Japanese and English)."),
    "notes": ("補足・例 / Notes", "ハンドブックが加える補足や例（報告書の記述ではないと表示） / Notes or examples the "
                                  "handbook adds (shown as not the report's)."),
    "kind": ("種類 / Kind", "この項目の種類 / The kind of this item."),
    "number": ("番号 / Number", "順番の番号（1から） / Ordinal number (from 1)."),
    "name": ("名前 / Name", "表示する名前 / The name shown."),
    "summary": ("要約 / Summary", "短い要約 / A short summary."),
    "steps": ("段階 / Steps", "順に並ぶ段階（1つ以上） / Steps in order (at least one)."),
    "before": ("前 / Before", "取り組みの前の様子 / The situation before."),
    "after": ("後 / After", "取り組みの後の様子 / The situation after."),
    "perspective": ("視点 / Perspective", "ミクロ（個人・現場）かマクロ（地域・仕組み）か / Micro (person, field) or macro (area, system)."),
    "cells": ("セル / Cells", "列 id ごとのセルの内容 / Cell contents per column id."),
    "description": ("説明 / Description", "内容の説明（報告書の記述） / What it is (the report's wording)."),
    "format": ("形式 / Format", "実施形式の説明 / How it is held."),
    "municipalities": ("市町村 / Municipalities", "市町村の数または一覧 / Municipalities (count or list)."),
    "questions": ("問い / Questions", "投げかける問い / Questions to put."),
    "worksheets": ("ワークシート / Worksheets", "使うワークシートの id（worksheets/ のファイル名） / Ids of the worksheets used (file names in worksheets/)."),
    "tips": ("補足・例 / Tips", "ハンドブックの助言（例・補足として表示） / The handbook's tips (shown as 例 / 補足)."),
    "points": ("要点 / Points", "要点の一覧 / The points."),
    "rows": ("行 / Rows", "表の行 / The table's rows."),
    "columns": ("列 / Columns", "表の列（2つ以上のことがある） / The table's columns."),
    "verification": ("検証 / Verification", "検証結果の表（段階ごとの成果と改善点） / The verification table (findings and improvements per step)."),
    "challenges": ("課題 / Challenges", "今後の課題 / Issues for the future."),
    "en": ("英語 / English", "英語の文。空なら英語版は日本語を表示（未翻訳） / English text. Empty: the English edition shows the Japanese (untranslated). Max 4000 characters."),
    "ja": ("日本語 / Japanese", "日本語の文（必須、2000字まで） / Japanese text (required, up to 2000 characters)."),
    # Source, LocalSource (a lecturer's own case or worksheet)
    "CaseBase.source": ("出典 / Source", "報告書の節 id（例 II-1）、または講師・地域の資料 {local: {organisation, year}}（「出典（地域の資料）」と表示し、報告書の出典にはしない） / "
                                         "A report section id (e.g. II-1), or your own material {local: {organisation, year}} (shown as a local source, never as the report's)."),
    "Basis.source": ("出典 / Source", "報告書の節 id（例 I-3）、または講師・地域の資料 {local: {organisation, year}}（このときの text はその資料の記述） / "
                                      "A report section id (e.g. I-3), or your own material {local: {organisation, year}} (then text quotes that material)."),
    "Source.section": ("報告書の節 / Report section", "報告書の節 id（source: I-3 と書くのと同じ）。local と両方は書かない / "
                                                     "The report section id (the same as writing source: I-3); never together with local."),
    "Source.local": ("地域の資料 / Local source", "講師・地域が用意した資料（団体と年）。section と両方は書かない / "
                                                 "Material a lecturer or the area provides (organisation and year); never together with section."),
    "LocalSource.organisation": ("団体 / Organisation", "資料を作った団体（例 ○○市、○○社会福祉協議会） / The organisation the material comes from (e.g. a city or its council of social welfare)."),
    "LocalSource.year": ("年 / Year", "資料の年（西暦、例 2026） / The material's year (e.g. 2026)."),
    # Note, ReadingNote, TextList, Group
    "Note.kind": ("種類 / Kind", "例か補足か / An example or a supplement."),
    "Note.text": ("本文 / Text", "補足・例の本文 / The note's text."),
    "ReadingNote.confidence": ("確度 / Confidence", "原文が配置をどこまで支えるか（読解ガイドの確度） / How far the seed supports the placement (the reading guide's confidence)."),
    "ReadingNote.text": ("説明 / Explanation", "何が不確かか、ハンドブックがどう示すか / What is uncertain and how the handbook shows it."),
    "TextList.title": ("題名 / Title", "一覧の見出し（任意） / The list's heading (optional)."),
    "TextList.items": ("項目 / Items", "報告書の記述（1つ以上） / Report statements (at least one)."),
    "Group.heading": ("小見出し / Sub-heading", "セル内の小見出し（例 ＜支援先市町村＞、任意） / A sub-heading in the cell (e.g. ＜支援先市町村＞, optional)."),
    # sources.yml
    "Report.title": ("報告書名 / Report title", "報告書の題名 / The report's title."),
    "Report.programme": ("事業名 / Programme", "報告書の事業名 / The programme the report belongs to."),
    "Report.fiscal_year": ("年度 / Fiscal year", "報告書の年度 / The report's fiscal year."),
    "Report.author": ("作成者 / Author", "報告書の作成者 / Who wrote the report."),
    "Report.title_note": ("題名の注 / Title note", "題名が報告書のどこにあるか（概要ページに表示） / Where the title appears in the report (shown on About)."),
    "Section.id": ("節 id / Section id", "報告書の節 id（intro-N, I-N, II-N） / The report section id (intro-N, I-N, II-N)."),
    "Section.part": ("部 / Part", "報告書のどの部か / Which part of the report."),
    "Section.title": ("節の題名 / Section title", "報告書の節の見出し / The section's heading in the report."),
    "SourcesFile.report": ("報告書 / Report", "報告書そのものの情報 / About the report itself."),
    "SourcesFile.sections": ("節 / Sections", "出典に使える報告書の節（ここで一度だけ定義） / Report sections usable as sources (defined here once)."),
    # background.yml
    "TimelineYear.year": ("年 / Year", "年の見出し / The year heading."),
    "TimelineYear.items": ("出来事 / Events", "その年の出来事 / What happened that year."),
    "TimelineYear.conclusion": ("まとめ / Conclusion", "その年のまとめ / The year's conclusion."),
    "Background.timeline": ("年表 / Timeline", "年ごとの経緯 / The history year by year."),
    "Background.footnote": ("脚注 / Footnote", "報告書の脚注 / The report's footnote."),
    "WorryArea.items": ("悩み / Worries", "この分野の悩み / Worries in this area."),
    "Situation.struggle": ("苦労 / Struggles", "市町村の苦労 / What municipalities struggle with."),
    "Situation.areas": ("分野 / Areas", "悩みの分野 / Areas of worry."),
    "Measure.region": ("地域 / Region", "施策の地域 / Where the measure applies."),
    "Scenario.worries": ("悩み / Worries", "市町村の悩み / The municipalities' worries."),
    "Scenario.causes": ("原因 / Causes", "悩みの原因 / Causes of the worries."),
    "Scenario.hypotheses": ("仮説 / Hypotheses", "報告書の仮説 / The report's hypotheses."),
    "Scenario.measures": ("施策 / Measures", "仮説に基づく施策 / Measures following the hypotheses."),
    "ComparisonColumn.title": ("列見出し / Column heading", "比較表の列見出し / The comparison table's column heading."),
    "ComparisonRow.label": ("行見出し / Row heading", "比較表の行見出し / The comparison table's row heading."),
    "ComparisonRow.cells": ("セル / Cells", "列 id（columns の id）ごとのセル / Cells per column id (ids in columns)."),
    "Comparison.columns": ("列 / Columns", "比較する列（2つ以上） / The columns compared (at least two)."),
    "Comparison.rows": ("行 / Rows", "比較の観点（行） / The rows (aspects compared)."),
    "BackgroundFile.background": ("背景 / Background", "事業の背景（年表） / The programme's background (timeline)."),
    "BackgroundFile.situation": ("現状 / Situation", "市町村の現状と悩み / The municipalities' situation and worries."),
    "BackgroundFile.scenario": ("シナリオ / Scenario", "悩み・原因・仮説・施策 / Worries, causes, hypotheses and measures."),
    "BackgroundFile.comparison": ("比較 / Comparison", "比較表 / The comparison table."),
    # way-forward.yml
    "Actor.roles": ("役割 / Roles", "この主体の役割 / This actor's roles."),
    "RolesFigure.actors": ("主体 / Actors", "図に描かれる主体 / The actors in the figure."),
    "WayForwardFile.paragraphs": ("段落 / Paragraphs", "本文の段落 / The text's paragraphs."),
    "WayForwardFile.roles": ("役割の図 / Roles figure", "主体ごとの役割の図 / The figure of each actor's roles."),
    # program.yml
    "Voices.basis": ("根拠資料 / Basis", "声の出どころ（受講者エントリーシートなど） / Which material the quotes come from (e.g. entry sheets)."),
    "Voices.items": ("声 / Voices", "受講者の声（引用） / Participants' words (quoted)."),
    "Outcomes.themes": ("テーマ / Themes", "学びのテーマ / The themes of the learning."),
    "Outcomes.theme_footnote": ("テーマの注 / Themes footnote", "テーマ一覧の注 / The footnote to the themes."),
    "Outcomes.method": ("学び方 / Method", "学びの進め方（講義・ワーク・実践・個別支援の繰り返しなど） / How the learning works (lectures, group work, practice, individual support)."),
    "Outcomes.format": ("日程の形 / Format", "日程の形（報告書の表記、例 2日間/月×5カ月） / The schedule, as the report writes it (e.g. 2 days a month × 5 months)."),
    "Outcomes.before": ("参加前 / Before", "参加前の声 / Voices before the programme."),
    "Outcomes.transition": ("矢印ラベル / Arrow label", "前と後の間の矢印の言葉（プログラム参加） / The arrow label between before and after."),
    "Outcomes.after": ("参加後 / After", "参加後の声 / Voices after the programme."),
    "Participants.summary": ("概要 / Summary", "報告書の文のまま（応募と選定） / The report's sentence, verbatim (applications and selection)."),
    "Participants.applicants": ("応募数 / Applicants", "応募した市町村の数（報告書の数値） / Number of applying municipalities (the report's figure)."),
    "Participants.selected": ("選定数 / Selected", "選ばれた市町村の数（報告書の数値） / Number selected (the report's figure)."),
    "Participants.municipalities": ("参加市町村 / Municipalities", "参加市町村の名前 / The participating municipalities."),
    "Ripple.voices": ("声 / Voices", "波及についての声 / Voices on the ripple effects."),
    "Ripple.captions": ("図の説明 / Captions", "図の説明文 / The figure's captions."),
    "Ripple.map_places": ("地図の地名 / Map places", "地図に示す地名 / Places shown on the map."),
    "Ripple.notes": ("注 / Notes", "報告書の注 / The report's notes."),
    "Organisation.name": ("組織名 / Name", "組織の名前 / The organisation's name."),
    "Organisation.people": ("人数・人 / People", "人数や担当者（任意） / People or their number (optional)."),
    "Implementation.organisers": ("実施主体 / Organisers", "事業を実施した組織 / The organisations that ran the programme."),
    "Implementation.lecturers": ("講師 / Lecturers", "講師の所属と氏名 / The lecturers' organisations and names."),
    "VerificationRow.step": ("段階 / Step", "検証する段階 / The step verified."),
    "VerificationRow.findings": ("成果 / Findings", "わかったこと / What was found."),
    "VerificationRow.improvements": ("改善点 / Improvements", "改善すること / What to improve."),
    "Verification.findings_label": ("成果列の見出し / Findings heading", "成果の列見出し / Heading of the findings column."),
    "Verification.improvements_label": ("改善列の見出し / Improvements heading", "改善点の列見出し / Heading of the improvements column."),
    "Verification.rows": ("行 / Rows", "段階ごとの検証 / Verification per step."),
    "Challenge.points": ("要点 / Points", "課題の要点 / The issue's points."),
    "Challenges.items": ("課題 / Issues", "今後の課題 / Issues for the future."),
    "ProgramFile.format": ("実施形式 / Format", "プログラムの実施形式 / How the programme is held."),
    "ProgramFile.sessions_caption": ("回の図の題 / Sessions caption", "各回の内容の図の報告書の題 / The report's caption of the sessions figure."),
    "ProgramFile.outcomes": ("成果 / Outcomes", "プログラムの成果 / The programme's outcomes."),
    "ProgramFile.ripple": ("波及 / Ripple effects", "周りへの広がり / How it spread."),
    "ProgramFile.method_lead": ("方法の導入 / Method lead", "方法の節の導入 / The method section's lead."),
    "ProgramFile.participants": ("参加者 / Participants", "応募と選定 / Applications and selection."),
    "ProgramFile.implementation": ("実施体制 / Implementation", "主催と講師 / Organisers and lecturers."),
    "ProgramFile.future": ("今後の課題 / Future issues", "今後の課題 / Issues for the future."),
    # sessions/<id>.yml
    "PreAssignment.label": ("事前課題の名前 / Assignment label", "まちでの実践（事前課題）の名前 / The field practice's name."),
    "Session.id": ("回の id / Session id", "ファイル名と同じ（session-N） / Same as the file name (session-N)."),
    "Session.number": ("回の番号 / Session number", "第N回の N（1–99）。ファイル名 session-N の N と同じでなければならない（validate が確認） / N of 第N回 (1–99); must equal N in the file name session-N (validate checks it)."),
    "Session.title": ("回の題名 / Session title", "回の題名（報告書の表記） / The session's title (as the report gives it)."),
    "Session.contents": ("内容 / Contents", "回の内容（順に content-1, content-2 … として活動カードが参照） / The session's contents (cards refer to them as content-1, content-2 …)."),
    "Session.results": ("成果 / Results", "回の成果 / The session's results."),
    "Session.pre_assignment": ("事前課題 / Pre-session assignment", "この回の前に行うまちでの実践（任意） / The field practice done before this session (optional)."),
    "Session.footnotes": ("脚注 / Footnotes", "報告書の ※ の注（同じ出典） / The report's ※ notes (same source)."),
    # operating-cycle.yml
    "Offset.anchor": ("基準日 / Anchor", "回の初日か最終日か / The first or the last day of the session."),
    "Offset.months": ("月数 / Months", "基準日からの月数（-3〜3、前はマイナス） / Months from the anchor (-3 to 3; before is negative)."),
    "Offset.days": ("日数 / Days", "基準日からの日数（-60〜60、前はマイナス） / Days from the anchor (-60 to 60; before is negative)."),
    "Timepoint.label": ("時点のラベル / Timing label", "図の時点の言葉（例 約1か月前） / The figure's timing label (e.g. 約1か月前)."),
    "Timepoint.offset": ("プランナーの読み / Planner offset", "ハンドブックによる日付の読み / The handbook's reading of the date."),
    "CycleTask.title": ("作業名 / Task", "運営サイクル図の作業 / A task of the operating-cycle figure."),
    "CycleTask.details": ("詳細 / Details", "作業の詳細 / Details of the task."),
    "CycleTask.timepoint": ("時点 / Timing point", "時点（timepoints の id） / Timing point (id in timepoints)."),
    "CycleTask.placement": ("配置の確度 / Placement confidence", "この時点への配置の確度 / Confidence of placing the task at this time."),
    "CycleTask.for_practice": ("事前課題の作業 / For field practice", ""),
    "CycleTask.next_session": ("次の回へ / Next session", ""),
    "HandbookTask.title": ("作業名 / Task", "ハンドブックが加える作業の名前 / The added task's name."),
    "HandbookTask.timepoint": ("時点 / Timing point", ""),
    "HandbookTask.sessions": ("回 / Sessions", ""),
    "StaffCount.role": ("役割 / Role", "役割の名前 / The role's name."),
    "StaffCount.count": ("人数 / Count", "人数（報告書の表記のまま、例 講師2～3名） / Number of people, as written (e.g. 講師2～3名)."),
    "StaffCount.roles": ("役割カード / Role cards", ""),
    "Staffing.per_group": ("1グループあたり / Per group", "1グループの体制 / Staff for one group."),
    "Staffing.groups": ("グループ数 / Groups", "グループの数（報告書の数値） / Number of groups (the report's figure)."),
    "Staffing.groups_label": ("グループ数の表記 / Groups label", "グループ数の報告書の表記（例 ×２グループ） / How the report writes the number of groups (e.g. × 2 groups)."),
    "Staffing.totals": ("合計 / Totals", "全体の体制 / Staff in total."),
    "GuidanceDay.day": ("日 / Day", "1日目か2日目か（1 または 2） / Day 1 or day 2."),
    "GuidanceDay.activity": ("内容 / Activity", "その日の個別指導の内容 / What the day's coaching does."),
    "IndividualGuidance.unit": ("単位 / Unit", "個別指導の単位（例 40分程度×6市町村） / The coaching's unit (e.g. 40分程度×6市町村)."),
    "IndividualGuidance.days": ("日ごとの内容 / Days", "1日目・2日目の内容 / What day 1 and day 2 do."),
    "Figure.value": ("数値 / Value", "報告書の数値（正の整数） / The report's figure (a positive whole number)."),
    "GroupSize.municipalities": ("1グループの市町村数 / Municipalities per group", "1グループの市町村数（印刷部数の計算に使う） / Municipalities in one group (used to count copies)."),
    "GroupSize.people_per_municipality": ("1市町村の人数 / People per municipality", "1市町村あたりの最大人数 / Most people per municipality."),
    "OperatingCycleFile.repeats": ("繰り返し / Repeats", "サイクルを繰り返す回数（報告書の数値、回の数） / How many times the cycle runs (the report's figure, one per session)."),
    "OperatingCycleFile.timepoints": ("時点 / Timing points", "図の時点 / The figure's timing points."),
    "OperatingCycleFile.tasks": ("作業 / Tasks", "運営サイクル図の作業 / The operating-cycle figure's tasks."),
    "OperatingCycleFile.staffing": ("体制 / Staffing", "運営体制 / Staffing."),
    "OperatingCycleFile.guidance": ("個別指導 / Individual coaching", "個別指導の単位と日ごとの内容 / The coaching's unit and days."),
    "OperatingCycleFile.group_size": ("グループの規模 / Group size", "印刷部数の計算に使う数値 / Figures used to count copies to print."),
    "OperatingCycleFile.handbook_tasks": ("追加の準備作業 / Handbook tasks", ""),
    # growth-steps.yml
    "Level.id": ("段階 id / Level id", "成長ステップの段階 / The growth-step level."),
    "GrowthItem.cells": ("段階ごとの状態 / States per level", "段階 id ごとの状態の文 / The state described per level id."),
    "Dimension.items": ("項目 / Items", "この観点の項目 / Items of this dimension."),
    "GrowthStepsFile.levels": ("段階 / Levels", "4つの段階（current, step1–3） / The four levels (current, step1–3)."),
    "GrowthStepsFile.dimensions": ("観点 / Dimensions", "成長ステップの観点 / The dimensions of the growth steps."),
    # accompaniment.yml
    "Party.role": ("役割 / Role", "この主体の役割（任意） / The party's role (optional)."),
    "Party.subtitle": ("副題 / Subtitle", "副題（任意） / A subtitle (optional)."),
    "Party.members": ("構成員 / Members", "構成員 / Its members."),
    "SupportStructure.parties": ("主体 / Parties", "支援体制の主体 / The parties of the support structure."),
    "SupportStructure.team_support": ("チーム支援 / Team support", "チームへの支援 / Support for the team."),
    "SupportStructure.rhythm": ("頻度 / Rhythm", "訪問や会議の頻度（例 月1回程度の訪問） / How often visits and meetings happen."),
    "SupportStructure.goals": ("目標 / Goals", "支援の目標 / The support's goals."),
    "SupportStructure.methods": ("方法 / Methods", "支援の方法 / The support's methods."),
    "RoadmapStage.number": ("段階の番号 / Stage number", "ロードマップの段階（1から） / The roadmap stage (from 1)."),
    "RoadmapStage.structure": ("体制 / Structure", "この段階の体制 / The structure at this stage."),
    "RoadmapStage.support": ("支援 / Support", "この段階の支援 / The support at this stage."),
    "Roadmap.stages": ("段階 / Stages", "ロードマップの段階 / The roadmap's stages."),
    "AccompanimentFile.outcome_lead": ("成果の導入 / Outcome lead", "成果の節の導入 / The outcome section's lead."),
    "AccompanimentFile.structure": ("支援体制 / Support structure", "伴走的支援の体制 / The accompanying support's structure."),
    "AccompanimentFile.roadmap": ("ロードマップ / Roadmap", "体制づくりの段階 / The stages of building the structure."),
    # cases/<id>.yml
    "CaseBase.id": ("事例 id / Case id", "ファイル名と同じ / Same as the file name."),
    "CaseBase.title": ("事例名 / Case title", "事例の題名 / The case's title."),
    "CaseBase.part": ("部 / Part", "報告書のどの部の事例か / Which part of the report the case is from."),
    "CaseBase.summary": ("要約 / Summary", "事例の短い要約（ページの説明文に使う） / A short summary of the case (used as the page description)."),
    "CaseBase.figure_title": ("図の題 / Figure title", "事例のもとの図の報告書の題（任意） / The report's caption of the figure the case comes from (optional)."),
    "CaseBase.lead": ("導入 / Lead", "事例の導入文 / The case's opening text."),
    "CaseBase.related_sessions": ("関連する回 / Related sessions", "関連する回の id（session-N） / Ids of related sessions (session-N)."),
    "CaseBase.related_terms": ("関連用語 / Related terms", "関連する用語の id（glossary.yml） / Ids of related terms (glossary.yml)."),
    "InquiryStep.kind": ("段階の種類 / Step kind", "探究の段階の種類 / The kind of inquiry step."),
    "InquiryStep.text": ("本文 / Text", "この段階の記述 / What happened at this step."),
    "InquiryStep.questions": ("問い / Questions", "この段階で出た問い / Questions raised at this step."),
    "InquiryQuestion.text": ("問い / Question", "問いの文 / The question."),
    "InquiryCase.kind": ("事例の形 / Case kind", "inquiry: 探究の段階を追う事例 / inquiry: a case told as steps of inquiry."),
    "InquiryCase.steps": ("探究の段階 / Inquiry steps", "初期状態から行動計画までの段階 / Steps from the initial state to the action plan."),
    "Visit.number": ("訪問の回 / Visit number", "何回目の訪問か / Which visit."),
    "Visit.support": ("支援 / Support", "訪問での支援 / Support given at the visit."),
    "Visit.thoughts": ("思い / Thoughts", "支援先の思い / What the supported side thought."),
    "VisitsCase.kind": ("事例の形 / Case kind", "visits: 訪問ごとに追う事例 / visits: a case told visit by visit."),
    "VisitsCase.before": ("支援前 / Before", "支援前の様子 / The situation before the support."),
    "VisitsCase.visits": ("訪問 / Visits", "訪問ごとの支援と思い / Support and thoughts per visit."),
    "VisitsCase.after": ("支援後 / After", "支援後の変化 / Changes after the support."),
    "VisitsCase.after_label": ("支援後の見出し / After heading", "支援後の見出し / The heading over the changes."),
    "BeforeAfterCase.kind": ("事例の形 / Case kind", "before-after: 取り組みの前後を比べる事例 / before-after: a case comparing before and after."),
    "BeforeAfterCase.activities": ("取り組み / Activities", "行った取り組み / What was done."),
    "BeforeAfterCase.before": ("取り組み前 / Before", "取り組み前の様子 / The situation before."),
    "BeforeAfterCase.after": ("取り組み後 / After", "取り組み後の様子 / The situation after."),
    "BeforeAfterCase.learned": ("学び / Learned", "得られた学び / What was learned."),
    # worksheets/<id>.yml
    "Basis.contents_of": ("どの回のコンテンツか / Contents of session", "この根拠がある回のコンテンツ（報告書の表の並び）を引くとき、その回の id（例 session-5）。その回の読み方の注記（※）が根拠の横に付く / "
                          "When this basis quotes a session's contents (as the report's table lists them), that session's id (e.g. session-5): "
                          "the session's reading note (※) then goes with the quote."),
    "Basis.text": ("根拠 / Basis", "この活動について報告書が述べること（引用） / What the report says about the activity (quoted)."),
    "UsedIn.sessions": ("使う回 / Sessions", "使う回の id（session-N） / Ids of the sessions it is used in (session-N)."),
    "UsedIn.accompaniment": ("伴走的支援で使う / In accompaniment", "伴走的支援でも使うなら true（sessions が空なら必須） / true if it is also used in accompanying support (needed when sessions is empty)."),
    "UsedIn.timing": ("時期 / Timing", "配る時期・記入する時期 / When it is handed out or filled in."),
    "UsedIn.handed_out": ("配り方 / Handed out", "いつ・誰に渡すか / When and to whom it is given."),
    "Copies.per": ("単位 / Per", "部数の単位 / What the copies are counted per."),
    "Copies.count": ("部数 / Count", ""),
    "FieldBase.label": ("欄の見出し / Field label", "用紙に印刷する欄の見出し / The field's heading printed on the sheet."),
    "FieldBase.prompt": ("記入の手がかり / Prompt", "欄に添える問いかけ（任意） / A prompt printed with the field (optional)."),
    "BoxField.kind": ("欄の種類 / Field kind", "box: 記入枠 / box: a writing box."),
    "BoxField.lines": ("行数 / Lines", "罫線の行数（1–30、1行約8mm） / Ruled lines (1–30, about 8 mm each)."),
    "BoxField.step": ("探究の段階 / Inquiry step", "対応する探究の段階（任意） / The inquiry step this box is for (optional)."),
    "Column.label": ("列見出し / Column heading", "表の列見出し / The column's heading."),
    "Column.width": ("列幅 / Width", "相対的な幅（1–6） / Relative width (1–6)."),
    "TableField.kind": ("欄の種類 / Field kind", "table: 記入表 / table: a table to fill in."),
    "TableField.columns": ("列 / Columns", "表の列（1–8） / The table's columns (1–8)."),
    "TableField.rows": ("空行の数 / Empty rows", "記入用の空行の数（1–20） / Empty rows to fill in (1–20)."),
    "TableField.row_labels": ("行見出し / Row labels", "1列目に印刷する固定の行見出し（任意） / Fixed first-column labels (optional)."),
    "TableField.row_lines": ("行の高さ / Row lines", "各行の高さ（行数、1–10） / Each row's height in lines (1–10)."),
    "ChecklistField.kind": ("欄の種類 / Field kind", "checklist: チェックリスト / checklist: a list to tick."),
    "ChecklistField.items": ("確認項目 / Checks", "チェックする項目 / The items to tick."),
    "RubricField.kind": ("欄の種類 / Field kind", "rubric: 成長ステップの自己評価 / rubric: the growth-step self-assessment."),
    "RubricField.rounds": ("評価の回 / Rounds", "自己評価する時点（1–3） / When the self-assessment is made (1–3 rounds)."),
    "Worksheet.id": ("ワークシート id / Worksheet id", "ファイル名と同じ / Same as the file name."),
    "Worksheet.code": ("様式番号 / Code", "WS-NN の形の番号（例 WS-07） / A code like WS-07."),
    "Worksheet.title": ("様式名 / Title", "ワークシートの題名 / The worksheet's title."),
    "Worksheet.purpose": ("目的 / Purpose", "何のための用紙か / What the sheet is for."),
    "Worksheet.basis": ("根拠 / Basis", "報告書がこの活動について述べること（出典つき、1つ以上） / What the report says about this activity (with sources, at least one)."),
    "Worksheet.used_in": ("使う場面 / Used in", "使う回・時期・配り方 / Sessions, timing and handing out."),
    "Worksheet.copies": ("印刷部数 / Copies", "1回あたりの印刷部数 / Copies to print for one session."),
    "Worksheet.filled_by": ("記入者 / Filled in by", "誰が書くか（用紙の頭の記入欄が決まる。fields に繰り返さない） / Who writes on it (sets the header block; do not repeat it in fields)."),
    "Worksheet.instructions": ("記入のしかた / Instructions", "記入の手順 / How to fill it in."),
    "Worksheet.fields": ("記入欄 / Fields", "用紙の欄（box, table, checklist, rubric） / The sheet's fields (box, table, checklist, rubric)."),
    # guides
    "Quoted.text": ("引用 / Quote", "報告書の記述（引用） / The report's words (quoted)."),
    "Quoted.context": ("文脈 / Context", "報告書のどこにあるか（例 孤立高齢者の事例、任意） / Where in the report it appears (optional)."),
    "Quoted.use": ("使い方 / Use", ""),
    "TimetableSlot.day": ("日 / Day", "1日目か2日目か（1 または 2） / Day 1 or day 2."),
    "TimetableSlot.start": ("開始 / Start", "開始時刻 \"HH:MM\"（引用符で囲む） / Start time \"HH:MM\" (in quotes)."),
    "TimetableSlot.end": ("終了 / End", "終了時刻 \"HH:MM\"（引用符で囲む） / End time \"HH:MM\" (in quotes)."),
    "TimetableSlot.activity": ("内容 / Activity", "このコマの内容 / What the slot holds."),
    "TimetableSlot.who": ("担当 / Who", "担当者（任意） / Who leads it (optional)."),
    "TimetableSlot.kind": ("種類 / Kind", ""),
    "TimetableSlot.activity_ref": ("活動 / Activity", ""),
    "CardStep.minutes": ("分 / Minutes", ""),
    "CardStep.text": ("内容 / Text", ""),
    "ListenFor.aim": ("ねらい / Aim", ""),
    "ListenFor.text": ("聞きとること / What to listen for", ""),
    "Difficulty.difficulty": ("つまずき / Difficulty", ""),
    "Difficulty.response": ("手立て / Response", ""),
    "CardBody.invitation": ("問いかけ / Invitation", ""),
    "CardBody.groups": ("グループ / Groups", ""),
    "CardBody.space": ("会場と用意 / Space and materials", ""),
    "CardBody.steps": ("段階と時間 / Steps", ""),
    "CardBody.worksheets": ("ワークシート / Worksheets", ""),
    "CardBody.example": ("配布事例 / Example", ""),
    "CardBody.listen_for": ("聞きとること / Listen for", ""),
    "CardBody.outputs": ("成果物 / Outputs", ""),
    "CardBody.difficulties": ("つまずきと手立て / Difficulties", ""),
    "ActivityCard.activity": ("活動 / Activity", ""),
    "GuideQuestion.text": ("問い / Question", ""),
    "GuideQuestion.probes": ("確かめるねらい / Probes", ""),
    "GuideQuestion.source": ("出典 / Source", ""),
    "GuideQuestion.context": ("文脈 / Context", ""),
    "SessionGuide.id": ("回の id / Session id", "対象の回の id（ファイル名と同じ） / The session's id (same as the file name)."),
    "SessionGuide.aims": ("ねらい / Aims", "この回で取り組む成長ステップの項目 id（ハンドブックの対応づけ） / Growth-step item ids this session works on (the handbook's mapping)."),
    "SessionGuide.aims_note": ("ねらいの注 / Aims note", "ねらいの対応づけについての注 / A note on how the aims were mapped."),
    "SessionGuide.prompts": ("手がかり / Prompts", ""),
    "SessionGuide.questions": ("問い / Questions", ""),
    "SessionGuide.pitfalls": ("つまずき / Pitfalls", "報告書が示す注意点（引用） / Pitfalls the report names (quoted)."),
    "SessionGuide.activities": ("活動カード / Activity cards", ""),
    "SessionGuide.coaching_questions": ("個別指導の問い / Coaching questions", ""),
    "SessionGuide.timetable": ("時間割の例 / Example timetable", "時間割の例（ハンドブックの例、報告書のものではない） / An example timetable (the handbook's, never the report's)."),
    "SessionGuide.tips": ("補足・例 / Tips", "ハンドブックの助言 / The handbook's tips."),
    "GuideStep.title": ("段階の題名 / Step title", "伴走的支援の段階の題名 / The accompaniment step's title."),
    "GuideStep.points": ("要点 / Points", "報告書の要点（引用） / The report's points (quoted)."),
    "AccompanimentGuideFile.lead": ("導入 / Lead", "ガイドの導入（ハンドブックの補足） / The guide's lead (the handbook's note)."),
    "AccompanimentGuideFile.steps": ("段階 / Steps", "伴走的支援の段階 / The accompaniment steps."),
    # facilitation.yml
    "CoachingDay.day": ("日 / Day", ""),
    "CoachingDay.steps": ("段階 / Steps", ""),
    "CoachingDay.questions": ("問い / Questions", ""),
    "Coaching.minutes": ("時間 / Minutes", ""),
    "Coaching.card": ("カード / Card", ""),
    "Coaching.days": ("日ごと / Days", ""),
    "Coaching.record": ("記録用紙 / Record form", ""),
    "Coaching.record_use": ("記録の使い方 / Record use", ""),
    "RelayTalk.session": ("回 / Session", ""),
    "RelayTalk.activity": ("活動 / Activity", ""),
    "RelayTalk.invite": ("招く人 / Invite", ""),
    "RelayTalk.speakers": ("登壇者数 / Speakers", ""),
    "RelayTalk.minutes_each": ("1人の時間 / Minutes each", ""),
    "RelayTalk.letter": ("依頼状 / Letter", ""),
    "RelayTalk.brief": ("伝えること / Brief", ""),
    "RelayTalk.tasks": ("依頼の時期 / Tasks", ""),
    "FacilitationFile.coaching": ("個別指導 / Individual coaching", "個別指導の進め方（ハンドブックの例） / How the coaching runs (the handbook's example)."),
    "FacilitationFile.relay_talk": ("リレートーク / Relay talk", "関係者リレートークの準備（ハンドブックの例） / Setting up the stakeholder relay talk (the handbook's example)."),
    "FacilitationFile.reading_guide": ("事前課題の読み方 / Reading guide", ""),
    # roles.yml
    "RoleItem.text": ("すること / Duty", "この役割がすること / What the role does."),
    "RoleItem.source": ("出典 / Source", ""),
    "RoleCard.name": ("役割名 / Name", ""),
    "RoleCard.summary": ("要約 / Summary", ""),
    "RoleCard.before": ("回の前 / Before", ""),
    "RoleCard.during": ("当日 / During", ""),
    "RoleCard.after": ("回の後 / After", ""),
    "RolesFile.roles": ("役割カード / Role cards", "体制表の役割ごとのカード / One card per role in the staffing table."),
    # glossary.yml
    "ReportWording.text": ("報告書の言葉 / Report wording", "報告書による用語の説明（引用） / What the report says the term means (quoted)."),
    "Term.term": ("用語 / Term", "用語（日英）。en はすべての英文で使う一つの訳語で、ローマ字を含めない（ローマ字は romaji へ） / The term (Japanese and English). en is the one English rendering every English text uses, with no romanised Japanese in it (that goes into romaji)."),
    "Term.romaji": ("ローマ字 / Romanised Japanese", "和語・漢語の用語だけのヘボン式ローマ字（長音は ā ō など）。カタカナの外来語を含む用語には付けない。英語版の各ページで最初の用語リンクに一度だけ添える / Hepburn romanisation (macrons: ā, ō) for native Japanese terms only; none for a term with a katakana loanword. Shown once per English page, beside the first link to the term."),
    "Term.en_forms": ("英語の許容形 / Accepted English forms", "英文がこの用語を訳したとみなす形（term.en の語形変化だけ、例 [issue, issues]）。省略すると term.en だけ。python -m handbook terms が確かめる / The forms in which English text renders this term (inflections of term.en only, e.g. [issue, issues]); term.en alone when left out. Checked by python -m handbook terms."),
    "Term.reading": ("読み / Reading", "ひらがな・カタカナの読み（並べ替えに使う、100字まで） / Reading in kana (used for sorting; up to 100 characters)."),
    "Term.abbreviation": ("略称 / Abbreviation", "略称（任意） / A short form (optional)."),
    "Term.aliases": ("別名 / Aliases", "検索で同じ用語とみなす別の言い方。訳語の確認でもこの用語として数える / Other names search treats as this term; the rendering check counts them as this term too."),
    "Term.other_senses": ("別の意味の表現 / Other senses", "用語の文字を含むが用語の意味ではない表現（例 〜に気づき は動詞）と、その理由。訳語の確認はここでは英訳を求めない / Phrases that hold the term's Japanese but do not mean the term (e.g. 〜に気づき, the verb), each with the reason; the rendering check asks for no English there."),
    "OtherSense.phrase": ("表現 / Phrase", "用語（または別名）を含む日本語の表現 / The Japanese phrase, holding the term or an alias."),
    "OtherSense.reason": ("理由 / Reason", "この表現が用語の意味ではない理由 / Why this phrase does not mean the term."),
    "Term.definition": ("説明（補足） / Definition", "ハンドブックによるやさしい説明（補足として表示、必須）。用語集では最初に出す / The handbook's plain explanation (shown as 補足; required). The glossary shows it first."),
    "Term.report_wording": ("報告書の説明 / Report wording", "報告書自身の説明と節（出典つきで表示、説明の後） / The report's own wording and section (shown with 出典, after the definition)."),
    "Term.see_also": ("関連用語 / See also", "関連する用語の id / Ids of related terms."),
    "GlossaryFile.terms": ("用語 / Terms", "用語集の用語 / The glossary's terms."),
    "GlossaryFile.variants": ("表記ゆれ / Spelling variants", ""),
}

# What each value of a Literal field means, keyed like FIELD_DOCS.
_NOTE_KIND = {"example": "例: ハンドブックの例 / example: the handbook's example",
              "supplement": "補足: ハンドブックの補足 / supplement: the handbook's note"}
_STEP_KIND = {"initial": "初期状態 / the initial state", "question": "問い / a question", "action": "行動 / an action",
              "thought": "思い・気づき / a thought", "issue": "課題 / an issue", "action-plan": "行動計画 / the action plan"}
_PERSPECTIVE = {"micro": "ミクロ: 個人・現場の視点 / micro: the person and the field",
                "macro": "マクロ: 地域・仕組みの視点 / macro: the area and its systems"}
_LEVEL = {"current": "現在の状態 / the current state", "step1": "ステップ1 / step 1", "step2": "ステップ2 / step 2",
          "step3": "ステップ3 / step 3"}
ENUM_DOCS: dict[str, dict[str, str]] = {
    "Note.kind": _NOTE_KIND,
    "HandbookTask.kind": _NOTE_KIND,
    "ReadingNote.confidence": {"M": "中程度: 原文の支えは部分的（並びや対応が推定を含む） / medium: the seed partly supports it",
                               "L": "低い: 原文の支えは弱い（ハンドブックの推定） / low: the seed barely supports it"},
    "CycleTask.placement": {"H": "高い: 図の位置がはっきりしている / high: the figure places it clearly",
                            "M": "中程度: 位置は推定を含む / medium: the placement is partly inferred",
                            "L": "低い: 位置は不確か / low: the placement is uncertain"},
    "Section.part": {"intro": "報告書の概要（1–5章） / the report's overview (chapters 1–5)",
                     "I": "Ⅰ 地域づくり支援プログラム / part I: the programme",
                     "II": "Ⅱ 伴走的支援 / part II: accompanying support"},
    "CaseBase.part": {"I": "Ⅰ 地域づくり支援プログラム / part I: the programme",
                      "II": "Ⅱ 伴走的支援 / part II: accompanying support"},
    "Offset.anchor": {"first-day": "回の初日から数える / counted from the session's first day",
                      "last-day": "回の最終日から数える / counted from the session's last day"},
    "Level.id": _LEVEL,
    "GrowthItem.cells": _LEVEL,
    "InquiryStep.kind": _STEP_KIND,
    "BoxField.step": _STEP_KIND,
    "perspective": _PERSPECTIVE,
    "UsedIn.handed_out": {"before": "回の前に参加者へ配る（まちでの実践、エントリーシート） / handed to participants before the session",
                          "during": "回の中で使う（配布物一覧と印刷パックに入る） / used during the session (on the handout list and in the print pack)",
                          "organisers": "主催者が送る・保管する（参加者には配らない。例 登壇者への依頼状） / sent or kept by the organisers, never handed to participants"},
    "Copies.per": {"participant": "参加者1人ごと / per participant", "municipality": "市町村ごと / per municipality",
                   "team": "チーム（グループ）ごとに1組 / per team (group)"},
    "Worksheet.filled_by": {"person": "個人が書く: 所属（都道府県・市町村）・氏名・記入日の欄を印刷 / a person: prints affiliation, name and date",
                            "team": "チームで書く: チーム名・市町村名・記入日の欄を印刷 / the team: prints team name, municipality and date"},
    "TimetableSlot.kind": {"activity": "活動 / an activity", "break": "休憩 / a break"},
}


def _doc(cls: type, name: str, table: dict):
    for klass in cls.__mro__:
        if f"{klass.__name__}.{name}" in table:
            return table[f"{klass.__name__}.{name}"]
    return table.get(name)


def _enum_places(schema: dict):
    """The sub-schemas of a property that list its values (also inside anyOf, items, propertyNames)."""
    if "enum" in schema:
        yield schema
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key, []):
            yield from _enum_places(sub)
    for key in ("items", "propertyNames", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            yield from _enum_places(schema[key])


def _editor_help(schema: dict, cls: type) -> None:
    """Fill in the title, description, markdownDescription and enumDescriptions of every property."""
    for name, prop in schema.get("properties", {}).items():
        title, description = _doc(cls, name, FIELD_DOCS) or ("", "")
        field = cls.model_fields.get(name)
        description = (field.description if field is not None and field.description else "") or description
        if title:
            prop["title"] = title
        values = _doc(cls, name, ENUM_DOCS) or {}
        markdown = description  # the editor prints the title above it already
        for place in _enum_places(prop):
            place["enumDescriptions"] = [values.get(value, "") for value in place["enum"]]
            place["markdownEnumDescriptions"] = place["enumDescriptions"]
            markdown += "\n\n" + "\n".join(f"- `{value}`: {values.get(value, '')}" for value in place["enum"])
        if description:
            prop["description"] = description
            prop["markdownDescription"] = markdown
