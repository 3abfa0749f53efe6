"""Problems found in an author's content, as values: gathered, then printed together.

A content problem is never a traceback: every stage records `Diagnostic`s on a
`Diagnostics` collector and the build stops once, after the stage, if any is an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int | None
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}: {prefix}{self.message}"


@dataclass
class Diagnostics:
    items: list[Diagnostic] = field(default_factory=list)

    def error(self, path: str, line: int | None, message: str) -> None:
        self.items.append(Diagnostic(path, line, message, "error"))

    def warning(self, path: str, line: int | None, message: str) -> None:
        self.items.append(Diagnostic(path, line, message, "warning"))

    def extend(self, other: Diagnostics | list[Diagnostic] | tuple[Diagnostic, ...]) -> None:
        self.items.extend(other.items if isinstance(other, Diagnostics) else other)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def sorted(self) -> list[Diagnostic]:
        # Stable, readable order: by file, then line, errors before warnings on one line.
        return sorted(
            dict.fromkeys(self.items),
            key=lambda d: (d.path, d.line or 0, d.severity != "error", d.message),
        )


class BuildFailed(Exception):
    """Raised once, after a stage, when its diagnostics hold errors."""

    def __init__(self, diagnostics: Diagnostics) -> None:
        super().__init__(f"{len(diagnostics.errors)} error(s)")
        self.diagnostics = diagnostics


class UsageError(Exception):
    """aiblog was asked to do something it must not (exit 2): one line, no diagnostics."""


class Problem(Exception):
    """One Diagnostic raised where a stage cannot go on (a template error in a render
    worker, a file that cannot be written): its traceback stays behind, its (path, line,
    message) crosses process pools."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        super().__init__(path, line, message)
        self.path, self.line, self.message = path, line, message
