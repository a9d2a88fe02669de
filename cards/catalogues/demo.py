"""Texts of `kravbot demo-data`."""

from __future__ import annotations

from typing import Final

from cards.catalogues import Catalogue

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
