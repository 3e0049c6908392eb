"""One validation problem, printed as `file:line: field: message (hint: ...)`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    field: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: {self.field or '(file)'}: {self.message}"
        return f"{where} (hint: {self.hint})" if self.hint else where


class CurriculumError(Exception):
    """Raised when curriculum/ has problems; carries all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        lines = [str(p) for p in self.problems]
        lines.append(f"curriculum: {count} problem{'s' if count != 1 else ''} found; nothing was built")
        return "\n".join(lines)
