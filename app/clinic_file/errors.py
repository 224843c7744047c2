from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a clinic file; `where` names the object by its key and the field."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class ClinicFileError(ValueError):
    """The file was refused as a whole; nothing was changed."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        head = "\n".join(f"  {p}" for p in problems[:50])
        more = f"\n  … and {count - 50} more" if count > 50 else ""
        noun = "problem" if count == 1 else "problems"
        super().__init__(
            f"clinic file refused, nothing was changed ({count} {noun}):\n{head}{more}"
        )
