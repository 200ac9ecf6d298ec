"""Errors a user can cause: reported as plain messages, never as tracebacks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file, printed as `path:line: message`."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class UserError(Exception):
    """A mistake in the user's input or invocation: the CLI prints it and exits 1."""


class ProblemError(UserError):
    """One or more problems found in a user's file."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class FileRefused(UserError):
    """A file we will not read: missing, not a regular file, outside its folder, too large."""

    def __init__(self, path: object, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason
