"""The user-facing texts of Kravbot in bokmål (default), nynorsk and English.

A catalogue text is a `str.format` template with three additions, resolved by `text()`:

- `{name, plural, one {# krav} other {# krav}}` picks the form for the number in `name` by the
  language's plural rules from CLDR (Babel); `=0 {...}` may come first for an exact zero. `#`
  stands for the number, written the language's way. The forms may hold other placeholders.
- `{name, number}` writes a number the language's way (`1 234,5` in nb/nn, `1,234.5` in en).
- `{name, percent}` writes a share given in percent (`66,7 %`, `66.7%`).

A list or tuple given as a value is written as a list: `Kari, Ola og Ingrid`.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Final

from babel import Locale, lists, numbers

from cards.catalogues import (
    Catalogue,
    Language,
    catalogue,
    core,
    dates,
    decisions,
    demo,
    imports,
    milestones,
    operations,
    organisation,
    overview,
    participation,
    poll_conduct,
    polls,
    quality,
    reports,
    reviews,
    risks,
    specification,
)

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LOCALES",
    "TEXTS",
    "Language",
    "format_list",
    "format_number",
    "format_percent",
    "language_for",
    "placeholders",
    "plural_counts",
    "text",
]

LANGUAGES: Final[tuple[Language, ...]] = ("nb", "nn", "en")
DEFAULT_LANGUAGE: Final[Language] = "nb"
# The CLDR locale behind each language: British English writes `4 December 2026`, no serial comma.
LOCALES: Final[dict[Language, str]] = {"nb": "nb_NO", "nn": "nn_NO", "en": "en_GB"}

# Every area's catalogue, listed here on purpose: a new area is a new module and a new line.
CATALOGUES: Final[tuple[Catalogue, ...]] = (
    catalogue.TEXTS,
    core.TEXTS,
    dates.TEXTS,
    decisions.TEXTS,
    demo.TEXTS,
    imports.TEXTS,
    milestones.TEXTS,
    operations.TEXTS,
    organisation.TEXTS,
    participation.TEXTS,
    polls.TEXTS,
    poll_conduct.TEXTS,
    quality.TEXTS,
    reviews.TEXTS,
    specification.TEXTS,
    risks.TEXTS,
    reports.TEXTS,
    overview.TEXTS,
)


def _merge(*catalogues: Catalogue) -> Catalogue:
    merged: Catalogue = {}
    for one in catalogues:
        clash = merged.keys() & one.keys()
        if clash:
            raise RuntimeError(f"text keys defined twice: {sorted(clash)}")
        merged.update(one)
    return merged


TEXTS: Final[Catalogue] = _merge(*CATALOGUES)

_LOCALE_OBJECTS: Final[dict[Language, Locale]] = {
    language: Locale.parse(locale) for language, locale in LOCALES.items()
}


def text(language: str, key: str, **values: object) -> str:
    """The text `key` in `language` (falling back to bokmål), with `values` filled in."""
    chosen = _as_language(language) or DEFAULT_LANGUAGE
    entry = TEXTS[key]
    template = entry.get(chosen) or entry[DEFAULT_LANGUAGE]
    if not values:
        return template
    resolved = _resolve(template, chosen, values)
    prepared = {
        name: format_list(chosen, value) if isinstance(value, list | tuple) else value
        for name, value in values.items()
    }
    return resolved.format(**prepared)


def format_number(language: Language, value: object) -> str:
    """`1 234,5` (nb, nn) or `1,234.5` (en)."""
    return numbers.format_decimal(_number(value), locale=LOCALES[language])


def format_percent(language: Language, percent: object) -> str:
    """A share given in percent: `66,7 %` (nb, nn) or `66.7%` (en)."""
    share = _number(percent) / 100
    return numbers.format_percent(share, locale=LOCALES[language], decimal_quantization=False)


def format_list(language: Language, items: Iterable[object], style: str = "standard") -> str:
    """`Kari, Ola og Ingrid` (nb, nn) or `Kari, Ola and Ingrid` (en); style `or` for choices."""
    words = [str(item) for item in items]
    if not words:
        return ""
    return lists.format_list(words, style=style, locale=LOCALES[language])  # type: ignore[arg-type]


def plural_category(language: Language, count: object) -> str:
    """CLDR's plural category of `count` in `language`: `one` or `other` for nb, nn and en."""
    return str(_LOCALE_OBJECTS[language].plural_form(_number(count)))


def _number(value: object) -> Decimal:
    if isinstance(value, bool):
        raise TypeError("a truth value is not a number")
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    try:
        return Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation as error:
        raise ValueError(f"not a number: {value!r}") from error


# ---------------------------------------------------------------- the template syntax


def _blocks(template: str) -> list[tuple[int, int]]:
    """Spans of the top-level `{...}` blocks of `template` (escaped `{{`/`}}` skipped)."""
    spans: list[tuple[int, int]] = []
    depth = 0
    start = 0
    index = 0
    while index < len(template):
        char = template[index]
        if depth == 0 and template.startswith(("{{", "}}"), index):
            index += 2
            continue
        if char == "{":
            if depth == 0:
                start = index
            depth += 1
        elif char == "}" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, index + 1))
        index += 1
    if depth:
        raise ValueError(f"unbalanced braces in {template!r}")
    return spans


def _parts(block: str) -> tuple[str, str, str]:
    """`{name, kind, rest}` as (name, kind, rest); plain `{name}` gives kind ''."""
    inner = block[1:-1]
    if "," not in inner.split("{", 1)[0]:
        return inner.strip(), "", ""
    name, _, tail = inner.partition(",")
    kind, _, rest = tail.partition(",")
    return name.strip(), kind.strip(), rest.strip()


def _forms(rest: str) -> dict[str, str]:
    """`one {...} other {...}` as {'one': '...', 'other': '...'}."""
    forms: dict[str, str] = {}
    position = 0
    for start, end in _blocks(rest):
        selector = rest[position:start].strip()
        if not selector or " " in selector:
            raise ValueError(f"bad plural forms: {rest!r}")
        forms[selector] = rest[start + 1 : end - 1]
        position = end
    if rest[position:].strip() or "other" not in forms:
        raise ValueError(f"plural forms need `other`: {rest!r}")
    return forms


def _resolve(template: str, language: Language, values: dict[str, object]) -> str:
    """`template` with its plural, number and percent blocks written out; plain ones kept."""
    out: list[str] = []
    position = 0
    for start, end in _blocks(template):
        out.append(template[position:start])
        name, kind, rest = _parts(template[start:end])
        if kind == "plural":
            count = values[name]
            forms = _forms(rest)
            exact = f"={_number(count).normalize():f}"
            form = forms.get(exact) or forms.get(plural_category(language, count), forms["other"])
            written = form.replace("#", format_number(language, count))
            out.append(_resolve(written, language, values))
        elif kind == "number":
            out.append(format_number(language, values[name]))
        elif kind == "percent":
            out.append(format_percent(language, values[name]))
        elif kind:
            raise ValueError(f"unknown placeholder kind {kind!r} in {template!r}")
        else:
            out.append(template[start:end])
        position = end
    out.append(template[position:])
    return "".join(out)


def placeholders(template: str) -> set[str]:
    """The value names `template` uses, plural forms included."""
    names: set[str] = set()
    for start, end in _blocks(template):
        name, kind, rest = _parts(template[start:end])
        names.add(name.split(".")[0].split("[")[0].split("!")[0].split(":")[0])
        if kind == "plural":
            for form in _forms(rest).values():
                names |= placeholders(form)
    return names


def plural_counts(template: str) -> set[str]:
    """The value names that choose a plural form in `template`."""
    counts: set[str] = set()
    for start, end in _blocks(template):
        name, kind, rest = _parts(template[start:end])
        if kind == "plural":
            counts.add(name)
            for form in _forms(rest).values():
                counts |= plural_counts(form)
    return counts


def plural_forms(template: str) -> dict[str, dict[str, str]]:
    """Each plural block's forms in `template`, by count name."""
    found: dict[str, dict[str, str]] = {}
    for start, end in _blocks(template):
        name, kind, rest = _parts(template[start:end])
        if kind == "plural":
            found[name] = _forms(rest)
    return found


def _as_language(value: str) -> Language | None:
    for language in LANGUAGES:
        if value == language:
            return language
    return None


def language_for(locale: str | None, default: str = DEFAULT_LANGUAGE) -> Language:
    """Pick nb, nn or en from a Teams locale such as `nn-NO`, `nb-NO`, `no` or `en-GB`."""
    fallback = _as_language(default) or DEFAULT_LANGUAGE
    if not locale:
        return fallback
    primary = locale.strip().lower().replace("_", "-").split("-")[0]
    if primary == "nn":
        return "nn"
    if primary in ("nb", "no"):
        return "nb"
    if primary == "en":
        return "en"
    return fallback
