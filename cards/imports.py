"""Words and messages of spreadsheet import and export, in the user's language.

The dialogs report problems as plain data (a code, a row, a column, some values); this module
turns them into sentences such as `rad 14, kolonne Type: ukjent verdi «Kanskje» (gyldig: Skal,
Bør)`.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from typing import Final

from cards.catalogues.imports import (
    CHAIR_WORDS,
    PEOPLE_HEADERS,
    REQUIREMENT_HEADERS,
    ROLE_WORDS,
    STATUS_WORDS,
    TYPE_WORDS,
)
from cards.catalogues.organisation import WORKBOOK_HEADERS
from cards.texts import LANGUAGES, text
from vocabulary import PersonRole, RequirementStatus

# The columns of an exported requirement table, in order.
EXPORT_FIELDS: Final = (
    "key",
    "group",
    "category",
    "text",
    "type",
    "weight",
    "source",
    "rationale",
    "status",
    "version",
)
STATUS_CODES: Final = tuple(RequirementStatus)
ROLE_CODES: Final = tuple(PersonRole)
# Problem values that are lists, joined for display.
_SEPARATOR: Final = ", "


_IGNORED: Final = str.maketrans("", "", " -_.\u00a0\t")


def normalize_word(value: str) -> str:
    """A word or column name compared without case, spaces, hyphens, underscores, full stops."""
    return value.casefold().translate(_IGNORED)


def header(language: str, field: str) -> str:
    """The column header of an exported field (or a people column)."""
    return text(language, f"imports.header.{field}")


def type_word(language: str, value: str) -> str:
    """`must`/`should` as shown: Skal/Bør in nb and nn, Must/Should in en."""
    return text(language, f"imports.type.{value}")


def status_word(language: str, value: str) -> str:
    """A status code in words."""
    return text(language, f"imports.status.{value}")


def _aliases(
    headers: Mapping[str, tuple[str, ...]], field: str, *, exported: bool = True
) -> list[str]:
    names = list(headers.get(field, ()))
    if exported:
        names += [header(language, field) for language in LANGUAGES]
    unique: dict[str, str] = {}
    for name in names:
        unique.setdefault(normalize_word(name), name)
    return list(unique.values())


def header_aliases(kind: str) -> dict[str, list[str]]:
    """Every accepted column name by field, for `requirements` or `people` files or a sheet
    of the organisation workbook (`grupper`, ...)."""
    if kind in WORKBOOK_HEADERS:
        return {field: list(names) for field, names in WORKBOOK_HEADERS[kind].items()}
    headers = REQUIREMENT_HEADERS if kind == "requirements" else PEOPLE_HEADERS
    return {field: _aliases(headers, field) for field in headers}


def type_aliases() -> dict[str, str]:
    """Normalized word -> `must`/`should`."""
    words: dict[str, str] = {}
    for code, names in TYPE_WORDS.items():
        for name in (*names, *(type_word(language, code) for language in LANGUAGES), code):
            words[normalize_word(name)] = code
    return words


def status_aliases() -> dict[str, str]:
    """Normalized word (code, or its name in any language) -> status code."""
    words: dict[str, str] = {}
    for code in STATUS_CODES:
        for name in (code, *(status_word(language, code) for language in LANGUAGES)):
            words[normalize_word(name)] = code
        for name in STATUS_WORDS.get(code, ()):
            words[normalize_word(name)] = code
    return words


def role_aliases() -> dict[str, str]:
    """Normalized word -> `admin`/`project_lead`."""
    words: dict[str, str] = {}
    for code in ROLE_CODES:
        names = (
            *ROLE_WORDS[code],
            *(text(language, f"imports.role.{code}") for language in LANGUAGES),
        )
        for name in names:
            words[normalize_word(name)] = code
    return words


def chair_aliases() -> set[str]:
    """Normalized words that mark a group's chair in a people file."""
    names = (*CHAIR_WORDS, *(text(language, "imports.role.chair") for language in LANGUAGES))
    return {normalize_word(name) for name in names}


def _valid_words(language: str, field: str) -> str:
    if field == "type":
        return _SEPARATOR.join(type_word(language, code) for code in TYPE_WORDS)
    if field == "status":
        return _SEPARATOR.join(status_word(language, code) for code in STATUS_CODES)
    if field == "roles":
        return _SEPARATOR.join(text(language, f"imports.role.{code}") for code in ROLE_CODES)
    return ""


def _display(value: object) -> str:
    if isinstance(value, list | tuple):
        return _SEPARATOR.join(str(item) for item in value)
    return str(value)


def problem_text(
    language: str,
    code: str,
    row: int | None,
    column: str | None,
    values: Mapping[str, object],
    sheet: str | None = None,
) -> str:
    """One problem as a line: where it is (sheet, row, column), then what is wrong."""
    filled = {name: _display(value) for name, value in values.items()}
    kind = str(values.get("kind", "requirements"))
    if code in ("unknown_column", "missing_column"):
        aliases = header_aliases(kind)
        if code == "unknown_column":
            filled["valid"] = _SEPARATOR.join(name for names in aliases.values() for name in names)
        else:
            field = str(values.get("field", ""))
            workbook = kind in WORKBOOK_HEADERS
            filled["field"] = aliases[field][0] if workbook else header(language, field)
            filled["valid"] = _SEPARATOR.join(aliases.get(field, []))
    elif code == "unknown_value" and "valid" not in filled:
        filled["valid"] = _valid_words(language, str(values.get("field", "")))
    filled.pop("kind", None)
    message = text(language, f"imports.problem.{code}", **_only_used(language, code, filled))
    where = [text(language, "imports.where.sheet", sheet=sheet)] if sheet else []
    if row is not None:
        where.append(text(language, "imports.where.row", row=row))
    if column:
        where.append(text(language, "imports.where.column", column=column))
    return f"{', '.join(where)}: {message}" if where else message


def _only_used(language: str, code: str, values: dict[str, str]) -> dict[str, str]:
    template = text(language, f"imports.problem.{code}")
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    return {name: values.get(name, "") for name in names}


def counts_text(language: str, added: int, changed: int, unchanged: int) -> str:
    """`12 lagt til, 3 endret, 65 uendret`."""
    return text(
        language, "imports.summary.counts", added=added, changed=changed, unchanged=unchanged
    )


def field_labels(language: str, fields: Sequence[str]) -> str:
    """Changed fields by their column names: `Kravtekst, Type`."""
    labels = [header(language, "group" if name == "group_code" else name) for name in fields]
    return _SEPARATOR.join(labels)


def export_error_text(language: str, code: str, values: Mapping[str, object]) -> str:
    """A refused export (`unknown_group`, `unknown_status`, `cannot_write`, ...) as a sentence."""
    filled = {name: _display(value) for name, value in values.items()}
    if code == "unknown_status":
        filled["valid"] = _valid_words(language, "status")
    template = text(language, f"imports.export.{code}")
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    return text(
        language, f"imports.export.{code}", **{name: filled.get(name, "") for name in names}
    )
