"""Geometry of the handbook's pictures, computed from the curriculum (numbers and text lines, no markup).

The templates `overrides/handbook/_diagram_*.html` draw these records as inline SVG. Every text comes from
the YAML (in the page's language) or from labels.yml; this module only decides where it goes and how long
lines are. Coordinates are in SVG user units of a picture WIDTH wide; text sizes are in the same units.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from ..content.models import Text, text_in

WIDTH = 720
FONT = 14  # body text of a picture, in user units (about 13-14 px in the content column of a desktop page)
SMALL = 12
LINE = 1.35  # line height, in font sizes

# A line never starts with these (Japanese line-breaking rules, 行頭禁則), so they stay on the line before.
_NO_LINE_START = set("、。，．・：；？！）」』】〕〉》］ー～…ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ,.;:!?)]}'’”")
# A run of Latin letters or digits (with the punctuation inside words) is one unbreakable token; a space
# after it goes with it; so is a short mark in full-width brackets (［推定］). Everything else is one character.
_TOKEN = re.compile(r"［[^］\s]{1,8}］|[A-Za-z0-9À-ɏ][A-Za-z0-9À-ɏ.,;:'’&/\-()\[\]!?%*“”\"]*\s*|\s+|.", re.S)


@functools.lru_cache(maxsize=4096)  # asked for every character of every line tried while wrapping
def char_width(ch: str) -> float:
    """Approximate advance of one character in ems: full-width CJK is 1, Latin letters about half."""
    if unicodedata.east_asian_width(ch) in "WF":
        return 1.0
    if ch == " ":
        return 0.3
    if ch.isupper() or ch in "mwMW@%&":
        return 0.7
    if ch in "il.,;:'’|!()[]":
        return 0.3
    return 0.56


def text_width(text: str, size: float = FONT) -> float:
    return sum(char_width(ch) for ch in text) * size


_NO_LINE_END = set("（「『【〔〈《［([{“‘\"")


def tokens(text: str) -> list[str]:
    """Unbreakable pieces of `text`; an opening bracket sticks to what follows it."""
    result: list[str] = []
    carry = ""
    for token in _TOKEN.findall(text):
        if token in _NO_LINE_END:
            carry += token
            continue
        result.append(carry + token)
        carry = ""
    if carry:
        result.append(carry)
    return result


def wrap(text: str, width: float, size: float = FONT) -> list[str]:
    """Break `text` into lines no wider than `width` (user units at font `size`): between Latin words, and
    between any two Japanese characters except before closing punctuation or small kana (the character
    before them moves down with them, rather than the line running over) or after an opening bracket."""
    return list(_wrapped(text, width, size))


@functools.lru_cache(maxsize=4096)  # every session page and guide draws the same boxes again
def _wrapped(text: str, width: float, size: float) -> tuple[str, ...]:
    limit = width / size

    def advance(tokens_: list[str]) -> float:
        return sum(char_width(ch) for ch in "".join(tokens_).rstrip())

    lines: list[list[str]] = []
    current: list[str] = []
    for token in tokens(text):
        if not current and token.isspace():
            continue
        if current and not token.isspace() and advance(current + [token]) > limit:
            if token[0] in _NO_LINE_START:
                # Carry the last characters down so that the mark does not start a line or run over.
                carried = [token]
                while len(current) > 1 and current[-1][0] in _NO_LINE_START:
                    carried.insert(0, current.pop())
                if len(current) > 1:
                    carried.insert(0, current.pop())
                    lines.append(current)
                    current = carried
                else:
                    current.extend(carried)
                continue
            lines.append(current)
            current = [token]
            continue
        current.append(token)
    if current:
        lines.append(current)
    result = ["".join(line).strip() for line in lines]
    return tuple(line for line in result if line) or ("",)


# Paint written into the SVG itself, so a picture reads right where the site's stylesheet does not reach (the
# book PDF, a saved page, a feed reader): the light scheme's values of the Material variables that
# docs/assets/stylesheets/diagrams.css uses. On the site that stylesheet overrides these (CSS beats SVG
# presentation attributes), so the pictures follow the light/dark palette there.
PAINT: dict[str, dict[str, str]] = {
    "hb-dg-text": {"fill": "#212121", "font-size": "14"},
    "hb-dg-small": {"font-size": "12"},
    "hb-dg-strong": {"font-weight": "700"},
    "hb-dg-on-primary": {"fill": "#ffffff", "font-size": "14"},
    "hb-dg-box": {"fill": "#ffffff", "stroke": "#757575", "stroke-width": "1"},
    "hb-dg-box--session": {"fill": "#00796b", "stroke": "none"},
    "hb-dg-box--head": {"fill": "#ededed", "stroke": "#212121"},
    "hb-dg-box--bubble": {"fill": "#ededed", "stroke": "#757575"},
    "hb-dg-box--strong": {"stroke": "#00796b", "stroke-width": "2"},
    "hb-dg-box--inferred": {"stroke-dasharray": "5 3"},
    "hb-dg-flow": {"stroke": "#212121", "stroke-width": "1.5", "fill": "none"},
    "hb-dg-axis": {"stroke": "#212121", "stroke-width": "1.5", "fill": "none"},
    "hb-dg-link": {"stroke": "#212121", "stroke-width": "2", "fill": "none"},
    "hb-dg-tick": {"stroke": "#757575", "stroke-width": "1", "stroke-dasharray": "2 2"},
    "hb-dg-arrowhead": {"fill": "#212121"},
    "hb-dg-step": {"fill": "#ededed", "stroke": "#757575"},
    "hb-dg-step--current": {"fill": "#ffffff"},
    "hb-dg-dot": {"fill": "#00796b"},
}


def paint(classes: str) -> dict[str, str]:
    """The presentation attributes for an element's classes (later classes win)."""
    result: dict[str, str] = {}
    for name in classes.split():
        result.update(PAINT.get(name, {}))
    return result


@dataclass
class Block:
    """A box with lines of text: x, y, w, h of the box; lines start at (tx, ty), one every `lead` units."""

    x: float
    y: float
    w: float
    h: float
    lines: list[str]
    size: float = FONT
    tx: float = 0
    ty: float = 0
    inferred: bool = False  # drawn dashed: a placement the handbook infers
    id: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def lead(self) -> float:
        return round(self.size * LINE, 1)

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def bottom(self) -> float:
        return self.y + self.h


def block(x: float, y: float, w: float, text: str | list[str], size: float = FONT, pad: float = 8,
          min_h: float = 0, **kw) -> Block:
    """A box `w` wide whose height fits its wrapped text (a list of texts: one paragraph each)."""
    lines: list[str] = []
    for part in [text] if isinstance(text, str) else text:
        lines.extend(wrap(part, w - 2 * pad, size))
    h = max(min_h, len(lines) * size * LINE + 2 * pad - (LINE - 1) * size)
    return Block(x, y, w, round(h, 1), lines, size, tx=x + pad, ty=y + pad + size * 0.85, **kw)


def lines_height(lines: list[str], size: float) -> float:
    return len(lines) * size * LINE


class Diagrams:
    """The pictures of one edition (language); each method returns a record the template draws."""

    def __init__(self, curriculum, lang: str, labels):
        self.c = curriculum
        self.lang = lang
        self.label = labels
        self._cycles: dict[str | None, dict] = {}  # by session id: a session's page and its guide draw the same one

    def t(self, text: Text | None) -> str:
        return text_in(text, self.lang)

    @staticmethod
    def paint(classes: str) -> dict[str, str]:
        return paint(classes)

    def texts(self, records) -> list[str]:
        """Texts of YAML records in this language (for joining in a template)."""
        return [self.t(r) for r in records]

    # --- 1. The programme at a glance -------------------------------------------------------------
    def programme(self) -> dict:
        sessions = self.c.sessions
        n = len(sessions)
        margin = 4
        col = (WIDTH - 2 * margin) / n
        box_w = col - 16
        top = 34
        boxes = []
        for i, s in enumerate(sessions):
            x = margin + i * col + 8
            b = block(x, top, box_w, [self.label("session_title", n=s.number), self.t(s.title)], size=FONT, pad=8)
            b.extra = {"number": s.number, "session": s}
            boxes.append(b)
        box_h = max(b.h for b in boxes)
        for b in boxes:
            b.h = round(box_h, 1)
        practice_top = top + box_h + 26
        practices = []
        for i, s in enumerate(sessions):
            if i == 0 or not s.pre_assignment:
                continue
            x1 = boxes[i - 1].cx
            x2 = boxes[i].cx
            text = self.t(s.pre_assignment.label) + (self.label("dg_inferred_tag") if s.pre_assignment.reading_note else "")
            lines = wrap(text, col - 12, SMALL)
            practices.append({
                "x1": round(x1, 1), "x2": round(x2, 1), "cx": round((x1 + x2) / 2, 1),
                "lines": lines, "inferred": s.pre_assignment.reading_note is not None,
                "session": s,
            })
        label_lines = max((len(p["lines"]) for p in practices), default=0)
        axis_y = practice_top + 22 + label_lines * SMALL * LINE + 10
        ticks = [{"x": round(b.cx, 1), "n": i + 1} for i, b in enumerate(boxes)]
        inferred = any(p["inferred"] for p in practices)
        height = axis_y + 30 + (SMALL * LINE + 4 if inferred else 0)
        return {
            "width": WIDTH, "height": round(height), "boxes": boxes, "top": top,
            "practice_y": round(practice_top, 1), "practices": practices,
            "axis_y": round(axis_y, 1), "ticks": ticks, "inferred": inferred,
            "axis_x1": margin, "axis_x2": WIDTH - margin,
        }

    # --- 2. The operating cycle of one session, as an ordered flow --------------------------------
    def cycle(self, session=None) -> dict:
        key = session.id if session is not None else None
        if key not in self._cycles:
            self._cycles[key] = self._cycle(session)
        return self._cycles[key]

    def _cycle(self, session) -> dict:
        cy = self.c.operating_cycle
        following = self.c.following_session(session) if session is not None else None
        n = len(cy.timepoints)
        gap = 18
        left = 20  # room for the loop back to the first timepoint
        col = (WIDTH - left - 1 - gap * (n - 1)) / n
        head_top = 8
        heads = []
        for i, tp in enumerate(cy.timepoints):
            tasks = [task for task in cy.tasks if task.timepoint == tp.id]
            certain = bool(tasks) and all(task.placement == "H" for task in tasks)
            heads.append(block(left + i * (col + gap), head_top, col, self.t(tp.label), size=SMALL, pad=6,
                               inferred=not certain, id=tp.id))
        head_h = max(h.h for h in heads)
        for h in heads:
            h.h = head_h
        columns = []
        bottom = 0.0
        for i, tp in enumerate(cy.timepoints):
            y = head_top + head_h + 16
            tasks = []
            for task in cy.tasks:
                if task.timepoint != tp.id:
                    continue
                parts = [self.t(task.title)]
                parts += [self.label("cycle_detail", text=self.t(d)) for d in task.details]
                note = ""
                if session is not None and task.for_practice and not session.pre_assignment:
                    note = self.label("cycle_not_this_session", n=session.number)
                elif session is not None and task.next_session and following is None:
                    note = self.label("cycle_no_next_session")
                elif task.next_session:
                    note = self.label("cycle_for_next_session")
                if note:
                    parts.append(note)
                b = block(left + i * (col + gap), y, col, parts, size=SMALL, pad=6, inferred=task.placement != "H",
                          id=task.id)
                b.extra = {"task": task, "note": note}
                tasks.append(b)
                y = b.bottom + 10
            bottom = max(bottom, y)
            columns.append(tasks)
        loop_y = bottom + 14
        legend_y = loop_y + 34
        return {
            "width": WIDTH, "height": round(legend_y + 2 * SMALL * LINE + 6), "heads": heads, "columns": columns,
            "col": col, "gap": gap, "loop_y": round(loop_y, 1), "legend_y": round(legend_y, 1),
            "first_x": heads[0].cx, "last_x": heads[-1].cx, "head_bottom": head_top + head_h,
            "session": session, "following": following,
            # All the picture depends on, besides the curriculum and the language: what it says of this session.
            "key": ("cycle", self.lang, tuple(b.extra["note"] for column in columns for b in column)),
        }

    # --- 3. The structure of 伴走的支援 --------------------------------------------------------------
    def support(self) -> dict:
        s = self.c.accompaniment.structure
        parties = {p.id: p for p in s.parties}

        def party_block(party, x, y, w):
            title = self.t(party.name) + (f"{self.label('lparen')}{self.t(party.role)}{self.label('rparen')}"
                                          if party.role else "")
            title_lines = wrap(title, w - 16, FONT)
            sub_lines = wrap(self.t(party.subtitle), w - 16, SMALL) if party.subtitle else []
            member_lines = []
            for m in party.members:
                wrapped = wrap(self.t(m), w - 36, SMALL)
                member_lines.append(wrapped)
            h = 10 + len(title_lines) * FONT * LINE + len(sub_lines) * SMALL * LINE + 6 \
                + sum(len(m) for m in member_lines) * SMALL * LINE + 8
            b = Block(x, y, w, round(h, 1), title_lines, FONT, tx=x + 8, ty=y + 10 + FONT * 0.85, id=party.id)
            b.extra = {"sub": sub_lines, "members": member_lines,
                       "sub_y": round(b.ty + len(title_lines) * FONT * LINE, 1)}
            b.extra["members_y"] = round(b.extra["sub_y"] + len(sub_lines) * SMALL * LINE + 4, 1)
            return b

        col = (WIDTH - 2 - 2 * 40) / 3
        left = party_block(parties["nagano-prefecture"], 1, 10, col) if "nagano-prefecture" in parties else None
        centre = party_block(parties["support-team"], 1 + col + 40, 10, col)
        right = party_block(parties["supported-villages"], 1 + 2 * (col + 40), 10, col)
        top_h = max(b.h for b in (left, centre, right) if b)
        advisers = party_block(parties["advisers"], col + 40 - col / 2, 10 + top_h + 60, 2 * col)
        # Lines, not arrows: which way the figure's arrows run cannot be read (reading note); each line
        # joins the boxes that the report's own text relates (structure.lead).
        links = []
        if left:
            links.append({"x1": left.x + left.w, "y1": left.y + 30, "x2": centre.x, "y2": centre.y + 30})
        links.append({"x1": centre.x + centre.w, "y1": centre.y + 30, "x2": right.x, "y2": right.y + 30})
        links.append({"x1": centre.cx, "y1": centre.bottom, "x2": centre.cx, "y2": advisers.y})
        rhythm_y = advisers.bottom + 30
        rhythm = [wrap(self.t(r), WIDTH - 40, SMALL) for r in s.rhythm]
        note = wrap(self.label("support_no_arrows"), WIDTH - 20, SMALL)
        height = rhythm_y + 16 + sum(len(r) for r in rhythm) * SMALL * LINE + 10 + len(note) * SMALL * LINE + 8
        return {
            "width": WIDTH, "height": round(height), "parties": [b for b in (left, centre, right, advisers) if b],
            "links": links, "rhythm_y": round(rhythm_y, 1), "rhythm": rhythm, "note": note,
            "note_y": round(rhythm_y + 16 + sum(len(r) for r in rhythm) * SMALL * LINE + 10, 1),
            "source_lead": s.lead,
        }

    # --- 4. A case told visit by visit, and the roadmap ------------------------------------------
    def visits(self, case) -> dict:
        spine = 118
        col_w = (WIDTH - spine - 24) / 2
        left_x = spine + 16
        right_x = left_x + col_w + 8
        rows = []
        y = 34
        stations = [(self.t(case.before.title) if case.before.title else self.label("before"), [], case.before.items, "before")]
        stations += [(self.label("visit", n=v.number), v.support, v.thoughts, f"visit-{v.number}") for v in case.visits]
        after_items = [item for group in case.after for item in group.items]
        stations.append((self.t(case.after_label), [], after_items, "after"))
        for name, support, thoughts, key in stations:
            name_lines = wrap(name, spine - 22, SMALL)
            left = [wrap(self.t(x), col_w - 20, SMALL) for x in support]
            right = [wrap(self.t(x), col_w - 20, SMALL) for x in thoughts]
            left_h = sum(len(x) for x in left) * SMALL * LINE + max(len(left) - 1, 0) * 4
            right_h = sum(len(x) for x in right) * SMALL * LINE + max(len(right) - 1, 0) * 4
            h = max(left_h, right_h, len(name_lines) * SMALL * LINE) + 16
            row = {"y": round(y, 1), "h": round(h, 1), "name": name_lines, "key": key, "left": [], "right": []}
            ly = y + 8 + SMALL * 0.85
            for item in left:
                row["left"].append({"y": round(ly, 1), "lines": item})
                ly += len(item) * SMALL * LINE + 4
            ry = y + 8 + SMALL * 0.85
            for item in right:
                row["right"].append({"y": round(ry, 1), "lines": item})
                ry += len(item) * SMALL * LINE + 4
            row["right_h"] = round(right_h + 10, 1)
            rows.append(row)
            y += h + 10
        legend = wrap(self.label("dg_visits_inferred"), WIDTH - 30, SMALL) if case.reading_note else []
        legend_y = y + 8
        y += len(legend) * SMALL * LINE + 12 if legend else 0
        return {
            "legend": legend, "legend_y": round(legend_y + SMALL, 1),
            "width": WIDTH, "height": round(y + 4), "rows": rows, "spine": spine, "left_x": left_x,
            "right_x": right_x, "col_w": col_w, "size": SMALL, "lead": round(SMALL * LINE, 1),
        }

    def roadmap(self) -> dict:
        stages = self.c.accompaniment.roadmap.stages
        n = len(stages)
        gap = 14
        col = (WIDTH - gap * (n - 1)) / n
        rise = 36
        cards = []
        for i, stage in enumerate(stages):
            x = i * (col + gap)
            title = wrap(self.t(stage.title), col - 16, FONT)
            structure = [wrap(self.t(item), col - 30, SMALL) for item in stage.structure]
            support = [wrap(self.t(item), col - 30, SMALL) for item in stage.support]
            cards.append({"x": round(x, 1), "number": stage.number, "title": title, "structure": structure,
                          "support": support})
        # Rising steps: each stage starts `rise` lower than the next, all end on one baseline.
        body = []
        for card in cards:
            h = 30 + len(card["title"]) * FONT * LINE + 8
            h += SMALL * LINE + sum(len(x) for x in card["structure"]) * SMALL * LINE + 8
            h += SMALL * LINE + sum(len(x) for x in card["support"]) * SMALL * LINE + 10
            body.append(h)
        tallest = max(b + rise * (n - 1 - i) for i, b in enumerate(body))
        base = 10 + tallest
        for i, card in enumerate(cards):
            card["y"] = round(10 + rise * (n - 1 - i), 1)
            card["h"] = round(base - card["y"], 1)
            card["w"] = round(col, 1)
            y = card["y"] + 22
            card["badge_y"] = round(y, 1)
            y += 8
            card["title_y"] = round(y + FONT * 0.85, 1)
            y += len(card["title"]) * FONT * LINE + 8
            for part in ("structure", "support"):  # a heading line, then its items, one under another
                card[f"{part}_y"] = round(y + SMALL * 0.85, 1)
                y += SMALL * LINE
                card[f"{part}_items"] = []
                for item in card[part]:
                    card[f"{part}_items"].append({"y": round(y + SMALL * 0.85, 1), "lines": item})
                    y += len(item) * SMALL * LINE
                y += 8 if part == "structure" else 0
        return {"width": WIDTH, "height": round(base + 30), "cards": cards, "base": round(base, 1),
                "size": SMALL, "lead": round(SMALL * LINE, 1), "font": FONT, "flead": round(FONT * LINE, 1)}

    def selfcheck_items(self) -> list[dict]:
        """The indicators of the self-check chart (drawn in the browser by self-check.js)."""
        g = self.c.growth_steps
        return [{"id": item.id, "label": f"{self.t(d.label)}{self.label('slash')}{self.t(item.label)}"
                 + (self.label("dg_inferred_tag") if item.reading_note else "")}
                for d in g.dimensions for item in d.items]

    # --- 5. Growth steps as rising steps per indicator ------------------------------------------
    def growth(self) -> dict:
        g = self.c.growth_steps
        levels = g.levels
        label_w = 150
        gap = 6
        col = (WIDTH - 1 - label_w - gap * len(levels)) / len(levels)
        rise = 16
        rows = []
        y = 8 + SMALL * LINE + 8
        heads = [{"x": round(label_w + gap + i * (col + gap), 1), "lines": wrap(self.t(level.label), col - 8, SMALL)}
                 for i, level in enumerate(levels)]
        y = 8 + max(len(h["lines"]) for h in heads) * SMALL * LINE + 8
        for d in g.dimensions:
            for item in d.items:
                name = wrap(f"{self.t(d.label)}{self.label('slash')}{self.t(item.label)}"
                            + (self.label("dg_inferred_tag") if item.reading_note else ""), label_w - 8, SMALL)
                cells = [wrap(self.t(item.cells[level.id]), col - 12, SMALL) for level in levels]
                text_h = max(len(c) for c in cells) * SMALL * LINE + 12
                h = text_h + rise * (len(levels) - 1)
                h = max(h, len(name) * SMALL * LINE + 12)
                steps = []
                for i, (level, lines) in enumerate(zip(levels, cells)):
                    top = y + rise * (len(levels) - 1 - i)
                    steps.append({"x": round(label_w + gap + i * (col + gap), 1), "y": round(top, 1),
                                  "h": round(y + h - top, 1), "lines": lines, "level": level.id,
                                  "ty": round(top + 6 + SMALL * 0.85, 1),
                                  "inferred": bool(item.reading_note) and i > 0})
                rows.append({"y": round(y, 1), "h": round(h, 1), "name": name, "steps": steps, "id": item.id,
                             "inferred": item.reading_note is not None})
                y += h + 10
        inferred = any(r["inferred"] for r in rows)
        return {"width": WIDTH, "height": round(y + (SMALL * LINE + 6 if inferred else 0)), "rows": rows,
                "heads": heads, "col": round(col, 1), "label_w": label_w, "size": SMALL,
                "lead": round(SMALL * LINE, 1), "inferred": inferred}
