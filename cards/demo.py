"""Texts of `kravbot demo-data`.

Kept in their own catalogue so that the demo feature touches no shared file; `cards.texts` can
merge `TEXTS` like any other area.
"""

from __future__ import annotations

from typing import Final

from cards.catalogues import Catalogue, Language

TEXTS: Final[Catalogue] = {
    "demo.summary": {
        "nb": (
            "demo: {groups} grupper, {people} personer, {requirements} krav "
            "({created} nye, {changed} endret)"
        ),
        "nn": (
            "demo: {groups} grupper, {people} personar, {requirements} krav "
            "({created} nye, {changed} endra)"
        ),
        "en": (
            "demo: {groups} groups, {people} people, {requirements} requirements "
            "({created} new, {changed} changed)"
        ),
    },
    "demo.failed": {
        "nb": "kunne ikke laste demodata: {reason}",
        "nn": "kunne ikkje laste demodata: {reason}",
        "en": "could not load the demo data: {reason}",
    },
}

_LANGUAGES: Final[tuple[Language, ...]] = ("nb", "nn", "en")


def demo_text(language: str, key: str, **values: object) -> str:
    """The text `key` in `language` (bokmål when unknown), with `values` filled in."""
    entry = TEXTS[key]
    chosen: Language = next((lang for lang in _LANGUAGES if lang == language), "nb")
    return entry[chosen].format(**values)
