"""The user-facing texts of Kravbot in bokmål (default), nynorsk and English."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Final

import cards.catalogues
from cards.catalogues import Catalogue, Language

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "TEXTS", "Language", "language_for", "text"]

LANGUAGES: Final[tuple[Language, ...]] = ("nb", "nn", "en")
DEFAULT_LANGUAGE: Final[Language] = "nb"


def _merge(*catalogues: Catalogue) -> Catalogue:
    merged: Catalogue = {}
    for catalogue in catalogues:
        clash = merged.keys() & catalogue.keys()
        if clash:
            raise RuntimeError(f"text keys defined twice: {sorted(clash)}")
        merged.update(catalogue)
    return merged


def _catalogues() -> list[Catalogue]:
    # Every module in cards/catalogues/ holds one area's TEXTS; a new area is a new module.
    modules = sorted(m.name for m in pkgutil.iter_modules(cards.catalogues.__path__))
    return [importlib.import_module(f"cards.catalogues.{name}").TEXTS for name in modules]


TEXTS: Final[Catalogue] = _merge(*_catalogues())


def text(language: str, key: str, **values: object) -> str:
    """The text `key` in `language` (falling back to bokmål), with `values` filled in."""
    entry = TEXTS[key]
    template = entry.get(_as_language(language) or DEFAULT_LANGUAGE) or entry[DEFAULT_LANGUAGE]
    return template.format(**values) if values else template


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
