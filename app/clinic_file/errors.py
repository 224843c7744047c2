from __future__ import annotations

from dataclasses import dataclass

from app.i18n import translate


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
        more = (
            "\n  " + translate("ClinicFile", "… and {count} more").format(count=count - 50)
            if count > 50
            else ""
        )
        heading = (
            translate("ClinicFile", "clinic file refused, nothing was changed (1 problem):")
            if count == 1
            else translate(
                "ClinicFile", "clinic file refused, nothing was changed ({count} problems):"
            ).format(count=count)
        )
        super().__init__(f"{heading}\n{head}{more}")
