"""The one schema of curriculum/: pydantic models for every YAML file.

The JSON Schema in curriculum/schema/ is exported from these models
(`python -m handbook schema`), never edited by hand.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator
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
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, strict=True, defer_build=True)


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
        description="The task concerns the まちでの実践 (pre_assignment) before its session: the planner lists it "
                    "only for a session whose YAML has pre_assignment.",
    )
    next_session: Slug | None = Field(
        default=None,
        description="The loop closes here: this box is the task with this id of the next session, planned once, "
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
    source: SourceId
    summary: Text
    figure_title: Text | None = None  # the report's caption of the figure the case comes from
    lead: list[Text] = Field(min_length=1)
    related_sessions: list[Slug] = Field(default_factory=list)
    related_terms: list[Slug] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)


class InquiryStep(Model):
    kind: Literal["initial", "question", "action", "thought", "issue", "action-plan"]
    text: Text
    perspective: Literal["micro", "macro"] | None = None
    questions: list[InquiryQuestion] = Field(default_factory=list)
    reading_note: ReadingNote | None = None


class InquiryQuestion(Model):
    perspective: Literal["micro", "macro"]
    text: Text


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
    source: SourceId


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
    count: int = Field(default=1, ge=1, le=20, description="Copies per participant, municipality or team for one session the sheet is used in.")


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


class Term(Model):
    id: Slug
    term: Text
    reading: Annotated[str, StringConstraints(pattern=READING_PATTERN, max_length=100)]
    abbreviation: Word | None = None
    aliases: list[Word] = Field(default_factory=list)
    # The handbook's own plain explanation (shown as 補足) ...
    definition: Text | None = None
    # ... and/or what the report itself says the term means, with its section (shown with 出典).
    report_wording: ReportWording | None = None
    see_also: list[Slug] = Field(default_factory=list)

    @model_validator(mode="after")
    def _explained(self):
        if self.definition is None and self.report_wording is None:
            raise ValueError("give a definition (the handbook's explanation) or report_wording (the report's own), or both")
        return self

    @property
    def explanation(self) -> Text:
        """What a tooltip shows: the plain explanation if there is one, else the report's wording."""
        return self.definition or self.report_wording.text


# Spellings of one word that the handbook mixes (か月/ヶ月/カ月): search finds any of them for any other.
# The first form is the one the others are read as; full-/half-width and case need no group (search folds them).
VariantGroup = Annotated[list[Word], Field(min_length=2, max_length=10)]


class GlossaryFile(Model):
    terms: list[Term] = Field(min_length=1)
    variants: list[VariantGroup] = Field(
        default_factory=list,
        description="Spelling variants (表記ゆれ) search treats as one word, e.g. [か月, ヶ月, カ月]; the first form is the one the others are read as.",
    )

    @model_validator(mode="after")
    def _variants_apart(self):
        from .search import fold

        seen: dict[str, int] = {}
        for number, group in enumerate(self.variants, start=1):
            for form in group:
                key = fold(form)
                if key in seen:
                    where = "twice in that group" if seen[key] == number else f"also in group {seen[key]}"
                    raise ValueError(f"variant {form!r} of group {number} is {where} (full-/half-width and case already count as the same)")
                seen[key] = number
        return self


InquiryStep.model_rebuild()

# What to write instead, per pattern (shown as the hint of a pattern mismatch).
PATTERN_HINTS = {
    SLUG_PATTERN: "ids are lower-case ASCII words joined by '-' (a-z, 0-9), e.g. session-1",
    SOURCE_PATTERN: "sources are report section ids such as I-3, II-4 or intro-2 (see curriculum/sources.yml)",
    CLOCK_PATTERN: 'write the time as HH:MM, 24-hour, in quotes, e.g. "09:30"',
    WORKSHEET_CODE_PATTERN: "worksheet codes look like WS-07",
    ACTIVITY_PATTERN: "name the activity as content-1 (the session's first contents item), content-2 … or sharing",
    SLOT_ACTIVITY_PATTERN: "name the activity as content-1, content-2 …, sharing or coaching",
    READING_PATTERN: "write the reading in hiragana or katakana (ASCII letters and digits are allowed too)",
}
