"""Problems found in the inputs: a stable code plus where to fix it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the inputs.

    ``file`` is the path (relative to the repository root) of the file to edit,
    ``line`` the 1-based line in that file (0 when the whole file is at fault),
    ``id`` the claim, honour or source concerned, ``field`` the field at fault
    and ``code`` a stable kebab-case code that tests and tools may rely on.
    ``message`` says what was found and what was expected; its wording may change.
    """

    file: str
    line: int
    id: str
    field: str
    code: str
    message: str = field(compare=False)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        what = " ".join(p for p in (self.id, self.field and f"[{self.field}]") if p)
        return f"{where}: {what + ': ' if what else ''}{self.message} ({self.code})"


class BuildError(Exception):
    """The build stopped; ``problems`` lists everything found, sorted by file and line.

    ``subject`` says where the problems are: ``"in the inputs"`` (the curated files and raw sources) or
    ``"with the output folder"``.
    """

    def __init__(self, problems: Iterable[Problem], subject: str = "in the inputs") -> None:
        self.problems = sorted(set(problems))
        self.subject = subject
        super().__init__(self.report())

    def report(self) -> str:
        n = len(self.problems)
        head = f"build failed: {n} problem{'s' if n != 1 else ''} {self.subject}"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])

    def codes(self) -> set[str]:
        return {p.code for p in self.problems}


class Problems(list[Problem]):
    """A list of problems that a stage collects before it stops the build."""

    def add(self, file: str, line: int, id: str, field: str, code: str, message: str) -> None:
        self.append(Problem(file, line, id, field, code, message))

    def raise_if_any(self) -> None:
        if self:
            raise BuildError(self)
