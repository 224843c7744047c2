"""Reading the parts of a clinic file while collecting every problem with its place, so one
refusal lists all that is wrong instead of the first thing found."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from app.clinic_file.errors import Problem
from app.clinic_file.schema import Spec


def label(section: str, raw: Any, index: int, id_field: str = "key") -> str:
    """An object's place for messages: its key when it has one, else its position."""
    if isinstance(raw, dict) and isinstance(raw.get(id_field), str) and raw[id_field]:
        return f"{section}[{raw[id_field]}]"
    return f"{section}[#{index + 1}]"


class DocumentReader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    def read_object(
        self,
        raw: Any,
        where: str,
        spec: Spec,
        required: tuple[str, ...],
    ) -> dict[str, Any] | None:
        if not isinstance(raw, dict):
            self.problem(where, "must be an object")
            return None
        values: dict[str, Any] = {}
        for name in raw:
            if name not in spec:
                self.problem(where, f'unknown field "{name}"')
        for name in required:
            if name not in raw:
                self.problem(where, f'missing field "{name}"')
        for name, (attribute, read) in spec.items():
            if name not in raw:
                continue
            try:
                values[attribute] = read(raw[name])
            except ValueError as error:
                self.problem(f"{where}.{name}", str(error))
        return values

    def read_list(self, raw: Any, where: str) -> list[Any]:
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.problem(where, "must be a list")
            return []
        return raw

    def keyed_objects(
        self,
        raws: list[Any],
        section: str,
        spec: Spec,
        required: tuple[str, ...],
        noun: str,
        id_field: str = "key",
    ) -> Iterator[tuple[str, dict[str, Any]]]:
        """The section's objects that have their identifying field, each with its place; an
        identifier given twice in the file is reported."""
        seen: set[str] = set()
        for index, raw in enumerate(raws):
            where = label(section, raw, index, id_field)
            values = self.read_object(raw, where, spec, required)
            if values is None or id_field not in values:
                continue
            if values[id_field] in seen:
                self.problem(where, f'the {noun} "{values[id_field]}" appears twice in the file')
            seen.add(values[id_field])
            yield where, values
