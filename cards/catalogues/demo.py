"""Texts of `kravbot demo-data`."""

from __future__ import annotations

from typing import Final

from cards.catalogues import Catalogue

TEXTS: Final[Catalogue] = {
    "demo.summary": {
        "nb": (
            "demo: {groups, plural, one {# gruppe} other {# grupper}}, {people, plural, one "
            "{# person} other {# personer}}, {requirements, plural, one {# krav} other {# "
            "krav}} (nye: {created}, endret: {changed})"
        ),
        "nn": (
            "demo: {groups, plural, one {# gruppe} other {# grupper}}, {people, plural, one "
            "{# person} other {# personar}}, {requirements, plural, one {# krav} other {# "
            "krav}} (nye: {created}, endra: {changed})"
        ),
        "en": (
            "demo: {groups, plural, one {# group} other {# groups}}, {people, plural, one {# "
            "person} other {# people}}, {requirements, plural, one {# requirement} other {# "
            "requirements}} (new: {created}, changed: {changed})"
        ),
    },
    "demo.failed": {
        "nb": "kunne ikke laste demodata: {reason}",
        "nn": "kunne ikkje laste demodata: {reason}",
        "en": "could not load the demo data: {reason}",
    },
}
