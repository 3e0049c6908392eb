"""Read YAML while remembering the line of every key and item.

PyYAML's composer gives nodes with marks; we build plain Python values from
them and keep `path -> line` so every later error can point at its line.

Whatever is wrong with a file becomes a Problem with its line, never an exception:
bad bytes, refused characters, syntax, unknown tags, dates that do not exist.
"""

from __future__ import annotations

import bisect
import copy
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.composer import Composer, ComposerError
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from .problems import Problem

Path_ = tuple[str | int, ...]

# Characters refused anywhere in a curriculum file, typed raw or written as an escape ("\u0001").
# All are invisible in most editors. Control characters break the YAML reader; U+0085, U+2028
# and U+2029 are line breaks to YAML but not to most editors (line numbers would disagree);
# direction marks, embeddings, overrides and isolates reorder what a reader sees, and the handbook
# has no right-to-left text. A byte order mark is allowed only as the file's first character.
# Legal and shown as written: tabs and line breaks inside text, half-width kana, emoji, zero-width
# spaces and joiners in text (ids allow only a-z, 0-9 and '-', so none of these pass there).
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f"
_LINE_BREAKS = "\x85\u2028\u2029"
_DIRECTION = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_INVALID = "\ufeff\ufffe\uffff\ud800-\udfff"
REFUSED_IN_FILE = re.compile(f"[{_CONTROL}{_LINE_BREAKS}{_DIRECTION}{_INVALID}]")
# Inside a value, a carriage return can only come from an escape ("\r"): YAML turns raw line ends into "\n".
REFUSED_IN_VALUE = re.compile(f"[\r{_CONTROL}{_LINE_BREAKS}{_DIRECTION}{_INVALID}]")

# Deeper nesting than any curriculum file needs; PyYAML's composer recurses per level.
MAX_DEPTH = 40


def describe_character(char: str) -> tuple[str, str]:
    """What a refused character is, and what to do about it: (message, hint)."""
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    named = f"{code} {name}" if name else code
    if char in "\x85\u2028\u2029":
        return f"unusual line break {named}", "replace it with an ordinary line break; most editors do not show it as one"
    if re.match(f"[{_CONTROL}\r]", char):
        return f"control character {code}", "delete it; most editors do not show it"
    if re.match(f"[{_DIRECTION}]", char):
        return (f"text-direction character {named}",
                "delete it: it is invisible, can reorder what readers see, and the handbook has no right-to-left text")
    if char == "\ufeff":
        return f"byte order mark {named} inside the file", "delete it; only the very start of a file may have one"
    return f"invalid character {code}", "delete it"


@dataclass
class YamlDocument:
    file: str  # project-relative path, as shown in messages
    data: object
    lines: dict[Path_, int] = field(default_factory=dict)
    # The source text of scalars YAML read as something other than text (10:30 -> 630, yes -> True),
    # so a type error can say what was written.
    written: dict[Path_, str] = field(default_factory=dict)

    def line_for(self, loc: tuple) -> int:
        """The line of the deepest existing node along `loc`.

        Elements of `loc` that are not keys of the data (pydantic's union tags)
        are skipped, so a location inside a tagged union still finds its line.
        """
        path: Path_ = ()
        for element in loc:
            if path + (element,) in self.lines:
                path = path + (element,)
        return self.lines.get(path, 1)


try:  # libyaml's parser (bundled with PyYAML's wheels) is about five times faster than the pure-Python one
    from yaml._yaml import CParser as _Parser

    class _SafeLoader(Composer, _Parser, SafeConstructor, Resolver):
        """Parsing in C, composing in Python (so compose_node below applies), constructing safely."""

        def __init__(self, stream):
            _Parser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
except ImportError:
    _SafeLoader = yaml.SafeLoader


class _Loader(_SafeLoader):
    """The safe loader without anchors and aliases, and with a nesting limit.

    Aliases are refused: curriculum files write everything out, an error inside a repeated
    block would have no single line, and nested aliases can expand exponentially.
    """

    depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, AliasEvent) or event.anchor is not None:
            raise ComposerError(None, None, f"anchors and aliases (&{event.anchor}, *{event.anchor}) are not supported",
                                event.start_mark)
        if self.depth >= MAX_DEPTH:
            raise ComposerError(None, None, f"nesting deeper than {MAX_DEPTH} levels", event.start_mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


# Parsed files by content: a `mkdocs serve` rebuild, or a test that breaks one file of a project copy, parses
# only the files that changed (this composer is pure Python: most of a load's time).
_PARSED: dict[tuple[str, str], tuple[YamlDocument | None, list[Problem]]] = {}
_PARSED_LIMIT = 256


def load_yaml(abs_path: Path, shown_as: str) -> tuple[YamlDocument | None, list[Problem]]:
    raw = abs_path.read_bytes()
    key = (hashlib.sha256(raw).hexdigest(), shown_as)
    if key not in _PARSED:
        if len(_PARSED) >= _PARSED_LIMIT:
            _PARSED.pop(next(iter(_PARSED)))  # the oldest
        _PARSED[key] = _parse(raw, shown_as)
    return copy.deepcopy(_PARSED[key])  # callers may change what they get


def _parse(raw: bytes, shown_as: str) -> tuple[YamlDocument | None, list[Problem]]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(shown_as, line, "", f"file is not UTF-8 (byte {raw[exc.start]:#04x}: {exc.reason})",
                              "save it as UTF-8 (Japanese text saved as Shift_JIS looks like this)")]
    # Refused characters are swapped for U+FFFD before parsing (same length, so marks stay right);
    # each is then reported once, with the field whose value holds it.
    refused = [m.start() for m in REFUSED_IN_FILE.finditer(text) if not (m.start() == 0 and m.group() == "\ufeff")]
    parsed_text = text
    if refused:
        chars = list(text)
        for index in refused:
            chars[index] = "\ufffd"
        parsed_text = "".join(chars)

    # A full-width space before a key is not indentation to YAML: the line would silently join the text above.
    wide = _full_width_indentation(shown_as, text)
    if wide:
        return None, _character_problems(shown_as, text, refused, {}) + wide
    # An extra space before `- ` or `key:` may still parse — as part of the text above ("a - b"): refuse it.
    lines = text.split("\n")
    slip = _indentation_slip(lines, len(lines) - 1, structural_only=True)
    if slip:
        return None, _character_problems(shown_as, text, refused, {}) + [
            Problem(shown_as, slip[0], "", "indentation does not line up", slip[1])]
    loader = _Loader(parsed_text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        return None, _character_problems(shown_as, text, refused, {}) + [_syntax_problem(shown_as, parsed_text, exc)]
    except yaml.YAMLError as exc:
        return None, [Problem(shown_as, 1, "", f"YAML error: {exc}", "check the file's syntax")]
    finally:
        loader.dispose()
    if node is None:
        return None, [Problem(shown_as, 1, "", "file is empty", "see the other files in this folder for the expected shape")]
    builder = _Builder(YamlDocument(shown_as, None), loader, text, refused)
    builder.doc.data = builder.build(node, ())
    problems = _character_problems(shown_as, text, refused, builder.fields_of_refused) + builder.problems
    return builder.doc, problems


_KEY_AFTER_FULL_WIDTH_SPACE = re.compile(r"^[ \u3000]*\u3000[ \u3000]*((?:- )?[A-Za-z_][A-Za-z0-9_]*:)(?= |$)", re.M)
INDENT_STEP = 2  # every curriculum file indents by two half-width spaces per level


def _full_width_indentation(shown_as: str, text: str) -> list[Problem]:
    return [Problem(shown_as, _line_of(text, m.start()), "", f"a full-width space (U+3000) in the indentation before {m.group(1)}",
                    "indent with half-width spaces only; YAML reads a full-width space as text, so this line would "
                    "join the text above")
            for m in _KEY_AFTER_FULL_WIDTH_SPACE.finditer(text)]


_STRUCTURAL = re.compile(r"(?:- |[A-Za-z_][A-Za-z0-9_]*:(?: |$))")


def _indentation_hint(lines: list[str], index: int) -> str:
    """Which way line `index` (0-based, indented off the grid) should move: towards the line above, or one
    level below it."""
    indent = len(lines[index]) - len(lines[index].lstrip(" "))
    above = next((len(l) - len(l.lstrip(" ")) for l in reversed(lines[:index]) if l.strip() and not l.lstrip().startswith("#")), 0)
    target = above if abs(indent - above) == 1 else above + INDENT_STEP if abs(indent - above - INDENT_STEP) == 1 else indent - 1
    spaces = "space" if indent == 1 else "spaces"
    return (f"line {index + 1} is indented by {indent} {spaces}; the files indent by {INDENT_STEP} per level — "
            f"{'remove' if target < indent else 'add'} one space")


def _indentation_slip(lines: list[str], last: int, structural_only: bool = False) -> tuple[int, str] | None:
    """The first line up to `last` (0-based) whose indentation is off the two-space grid: (line number, hint).
    With `structural_only`, only lines that start a key or a list item (text may continue at any indentation)."""
    for index, line in enumerate(lines[: last + 1]):
        content = line.lstrip(" ")
        indent = len(line) - len(content)
        if not content or content.startswith("#") or not indent % INDENT_STEP:
            continue
        if structural_only and not _STRUCTURAL.match(content):
            continue
        return index + 1, _indentation_hint(lines, index)
    return None


def _syntax_problem(shown_as: str, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    message = exc.problem or str(exc)
    if exc.context and exc.context_mark and mark is exc.problem_mark:
        message += f" ({exc.context} started on line {exc.context_mark.line + 1})"
    hint = "check indentation, colons and quotes"
    lines = text.split("\n")
    line_text = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    if mark is not None and (line_text[mark.column: mark.column + 1] == "\t" or "tab" in message):
        if "\t" in line_text[: mark.column + 1] and line_text[: line_text.index("\t")].strip(" ") == "":
            hint = "YAML indentation must use spaces, not tabs"
        else:
            hint = "replace the tab with spaces, or put the whole text in quotes"
    elif mark is not None and (slip := _indentation_slip(lines, mark.line)):
        line, hint = slip
        message = "indentation does not line up"
    elif "mapping values are not allowed" in message:
        hint = "a ': ' inside text starts a new key: put the whole text in quotes, or write the colon full-width (：)"
    elif "anchors and aliases" in message:
        hint = "write the value out in full"
    elif "nesting deeper" in message:
        hint = "curriculum files need only a few levels; check for unclosed [ or {"
    return Problem(shown_as, line, "", f"YAML syntax error: {message}", hint)


def _character_problems(shown_as: str, text: str, refused: list[int], fields: dict[int, str]) -> list[Problem]:
    problems = []
    for index in refused:
        message, hint = describe_character(text[index])
        line = _line_of(text, index)
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        problems.append(Problem(shown_as, line, fields.get(index, ""), f"{message} (column {column})", hint))
    return problems


def _written_tag(tag: str) -> str:
    """A tag as it is written in the file (tag:yaml.org,2002:python/object -> !!python/object)."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


_PLAIN_COLLECTION_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


class _Builder:
    """Plain values from nodes, with the line of every key and item."""

    def __init__(self, doc: YamlDocument, loader: yaml.SafeLoader, text: str, refused: list[int]):
        self.doc, self.loader, self.text, self.refused = doc, loader, text, refused
        self.problems: list[Problem] = []
        self.fields_of_refused: dict[int, str] = {}  # index of a refused raw character -> field holding it

    def dotted(self, path: Path_) -> str:
        return ".".join(str(p) for p in path)

    def build(self, node, path: Path_):
        self.doc.lines.setdefault(path, node.start_mark.line + 1)  # a key keeps its own line
        if not isinstance(node, ScalarNode) and node.tag not in _PLAIN_COLLECTION_TAGS:
            self.problems.append(Problem(self.doc.file, node.start_mark.line + 1, self.dotted(path),
                                         f"YAML tag {_written_tag(node.tag)} is not supported", "remove the tag"))
        if isinstance(node, MappingNode):
            result: dict = {}
            for key_node, value_node in node.value:
                key = self.scalar(key_node, path, as_key=True)
                line = key_node.start_mark.line + 1
                dotted = self.dotted(path + (str(key),))
                if not isinstance(key, str):
                    self.problems.append(Problem(self.doc.file, line, dotted,
                                                 f"key {key_node.value!r} is read as {type(key).__name__}, not text",
                                                 "use a different key name or quote it"))
                    key = str(key_node.value)
                if key in result:
                    first = self.doc.lines[path + (key,)]
                    self.problems.append(Problem(self.doc.file, line, dotted, f"duplicate key (first defined on line {first})",
                                                 "keep one of the two"))
                    continue
                self.doc.lines[path + (key,)] = line
                result[key] = self.build(value_node, path + (key,))
            return result
        if isinstance(node, SequenceNode):
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        return self.scalar(node, path)

    def scalar(self, node: ScalarNode, path: Path_, as_key: bool = False):
        """One scalar as Python, or its source text with a problem when YAML cannot read it."""
        shown_path = self.dotted(path + ((node.value,) if as_key else ()))
        line = node.start_mark.line + 1
        # Raw refused characters inside this scalar belong to its field.
        first = bisect.bisect_left(self.refused, node.start_mark.index)
        last = bisect.bisect_left(self.refused, node.end_mark.index)
        for index in self.refused[first:last]:
            self.fields_of_refused[index] = shown_path
        try:
            value = self.loader.construct_object(node, deep=True)
        except (yaml.constructor.ConstructorError, ValueError, OverflowError) as exc:
            self.problems.append(self.unreadable(node, shown_path, exc))
            return node.value
        if isinstance(value, str):
            if first == last:  # raw ones are reported above; these came from escapes such as "\u0001"
                for match in REFUSED_IN_VALUE.finditer(value):
                    message, hint = describe_character(match.group())
                    self.problems.append(Problem(self.doc.file, line, shown_path, f"{message} (written as an escape)", hint))
                    break
        elif not as_key:
            self.doc.written[path] = node.value
        return value

    def unreadable(self, node: ScalarNode, shown_path: str, exc: Exception) -> Problem:
        line = node.start_mark.line + 1
        if node.tag == "tag:yaml.org,2002:timestamp":
            return Problem(self.doc.file, line, shown_path,
                           f"YAML reads {node.value} as a date, but there is no such date ({exc})",
                           f'check the date; to keep it as text, put it in quotes: "{node.value}"')
        if isinstance(exc, yaml.constructor.ConstructorError):
            return Problem(self.doc.file, line, shown_path, f"YAML tag {_written_tag(node.tag)} is not supported",
                           "remove the tag; if the text starts with '!', put it in quotes")
        return Problem(self.doc.file, line, shown_path, f"YAML cannot read {node.value!r} ({exc})",
                       "put the value in quotes to keep it as text")
