"""Read YAML while remembering the line of every key and item.

PyYAML's composer gives nodes with marks; we build plain Python values from
them and keep `path -> line` so every later error can point at its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .problems import Problem

Path_ = tuple[str | int, ...]


@dataclass
class YamlDocument:
    file: str  # project-relative path, as shown in messages
    data: object
    lines: dict[Path_, int] = field(default_factory=dict)

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


class _Constructor(yaml.SafeLoader):
    pass


def load_yaml(abs_path: Path, shown_as: str) -> tuple[YamlDocument | None, list[Problem]]:
    try:
        text = abs_path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(shown_as, 1, "", f"file is not UTF-8 ({exc.reason})", "save it as UTF-8")]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, [Problem(shown_as, line, "", "NUL character in file", "remove the control character")]
    loader = _Constructor(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        message = exc.problem or str(exc)
        if exc.context and exc.context_mark and mark is exc.problem_mark:
            message += f" ({exc.context} started on line {exc.context_mark.line + 1})"
        hint = "check indentation, colons and quotes"
        if "\t" in message or "tab" in message.lower() or "\\t" in message:
            hint = "YAML indentation must use spaces, not tabs"
        return None, [Problem(shown_as, line, "", f"YAML syntax error: {message}", hint)]
    except yaml.YAMLError as exc:
        return None, [Problem(shown_as, 1, "", f"YAML error: {exc}", "check the file's syntax")]
    finally:
        loader.dispose()
    doc = YamlDocument(shown_as, None)
    if node is None:
        return None, [Problem(shown_as, 1, "", "file is empty", "see the other files in this folder for the expected shape")]
    problems: list[Problem] = []
    doc.data = _build(node, (), doc, loader, problems)
    return doc, problems


def _build(node, path: Path_, doc: YamlDocument, loader: yaml.SafeLoader, problems: list[Problem]):
    doc.lines.setdefault(path, node.start_mark.line + 1)  # a key keeps its own line
    if isinstance(node, MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            dotted = ".".join(str(p) for p in path + (str(key),))
            if not isinstance(key, str):
                problems.append(Problem(doc.file, line, dotted, f"key {key_node.value!r} is read as {type(key).__name__}, not text",
                                        "use a different key name or quote it"))
                key = str(key_node.value)
            if key in result:
                first = doc.lines[path + (key,)]
                problems.append(Problem(doc.file, line, dotted, f"duplicate key (first defined on line {first})",
                                        "keep one of the two"))
                continue
            doc.lines[path + (key,)] = line
            result[key] = _build(value_node, path + (key,), doc, loader, problems)
        return result
    if isinstance(node, SequenceNode):
        return [_build(item, path + (index,), doc, loader, problems) for index, item in enumerate(node.value)]
    assert isinstance(node, ScalarNode)
    return loader.construct_object(node, deep=True)
