"""Reading the parts of a clinic file while collecting every problem with its place, so one
refusal lists all that is wrong instead of the first thing found."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from app.clinic_file.errors import ClinicFileError, Problem
from app.clinic_file.schema import Spec
from app.i18n import translate
from app.text_limits import encodable, escaped, unwritable_values

SECTION_IDS = {"users": "username", "sessions": "reference"}  # the rest are named by "key"


def label(section: str, raw: Any, index: int, id_field: str = "key") -> str:
    """An object's place for messages: its key when it has one, else its position."""
    name = raw.get(id_field) if isinstance(raw, dict) else None
    if isinstance(name, str) and name and encodable(name) and len(name) <= 64:
        return f"{section}[{name}]"
    return f"{section}[#{index + 1}]"


def read_clinic_json(text: str) -> Any:
    """The JSON value of a clinic file's text, or ClinicFileError naming why it cannot be
    read: malformed (with line and column), nested too deep to read, a number too long, or
    NaN/Infinity (not JSON, and no database would store them)."""

    def no_constant(name: str) -> Any:
        raise ValueError(
            translate("ClinicFile", "{name} is not a number JSON allows").format(name=name)
        )

    try:
        return json.loads(text, parse_constant=no_constant)
    except json.JSONDecodeError as error:
        message = translate(
            "ClinicFile", "not valid JSON (line {lineno}, column {colno}: {msg})"
        ).format(lineno=error.lineno, colno=error.colno, msg=error.msg)
    except RecursionError:
        message = translate("ClinicFile", "not a clinic file: nested far too deep to read")
    except ValueError as error:  # parse_constant, or an integer longer than Python reads
        reason = str(error).split(":")[0]
        message = translate("ClinicFile", "not valid JSON: {reason}").format(reason=reason)
    raise ClinicFileError([Problem("file", message)])


def unwritable_problems(data: Any) -> list[Problem]:
    """Everything in a clinic file (keys and values, at any depth) that could not be stored
    and written out again, placed as other problems are: `clients[sj].preferences["k\\ud800"]`."""
    if not isinstance(data, dict):
        return [Problem(where or "file", message) for where, message in unwritable_values(data)]
    problems = []
    for section, content in data.items():
        name = section if encodable(str(section)) else escaped(str(section))
        if isinstance(content, list):
            id_field = SECTION_IDS.get(name, "key")
            for index, raw in enumerate(content):
                where = label(name, raw, index, id_field)
                problems += [Problem(w, m) for w, m in unwritable_values(raw, where, depth=2)]
        else:
            problems += [Problem(w, m) for w, m in unwritable_values(content, name, depth=1)]
        if name != section:
            problems.append(Problem(f'file["{name}"]', "the name is not valid text"))
    return problems


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
            self.problem(where, translate("ClinicFile", "must be an object"))
            return None
        values: dict[str, Any] = {}
        for name in raw:
            if name not in spec:
                self.problem(
                    where, translate("ClinicFile", 'unknown field "{name}"').format(name=name)
                )
        for name in required:
            if name not in raw:
                self.problem(
                    where, translate("ClinicFile", 'missing field "{name}"').format(name=name)
                )
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
            self.problem(where, translate("ClinicFile", "must be a list"))
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
