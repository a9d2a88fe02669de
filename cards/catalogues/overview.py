"""Texts of the overview: the public status page and the Teams tab «Oversikt»."""

from __future__ import annotations

from typing import Final

from cards.catalogues import Catalogue

TEXTS: Final[Catalogue] = {
    "overview.public.title": {
        "nb": "Prosjektstatus",
        "nn": "Prosjektstatus",
        "en": "Project status",
    },
    "overview.public.intro": {
        "nb": "Felles anskaffelse av ny journalløsning for kommunene i Vestfold og Telemark. "
        "Siden viser fremdriften i tall og inneholder ingen personopplysninger.",
        "nn": "Felles anskaffing av ny journalløysing for kommunane i Vestfold og Telemark. "
        "Sida viser framdrifta i tal og inneheld ingen personopplysningar.",
        "en": "The joint procurement of a new patient record system for the municipalities "
        "of Vestfold and Telemark. This page shows progress in numbers and holds no "
        "personal data.",
    },
    "overview.updated": {
        "nb": "Oppdatert {date}",
        "nn": "Oppdatert {date}",
        "en": "Updated {date}",
    },
    "overview.phase_heading": {"nb": "Fase", "nn": "Fase", "en": "Phase"},
    "overview.phase.1": {
        "nb": "Fase 1: kravspesifikasjon",
        "nn": "Fase 1: kravspesifikasjon",
        "en": "Phase 1: requirements specification",
    },
    "overview.phase.2": {
        "nb": "Fase 2: felles konkurranse",
        "nn": "Fase 2: felles konkurranse",
        "en": "Phase 2: joint competition",
    },
    "overview.phase.3": {
        "nb": "Fase 3: innføring",
        "nn": "Fase 3: innføring",
        "en": "Phase 3: implementation",
    },
    "overview.requirements_heading": {
        "nb": "Kravspesifikasjonen",
        "nn": "Kravspesifikasjonen",
        "en": "The requirements specification",
    },
    "overview.requirements_chart": {
        "nb": "Krav etter status",
        "nn": "Krav etter status",
        "en": "Requirements by status",
    },
    "overview.groups_heading": {
        "nb": "Krav per gruppe etter status",
        "nn": "Krav per gruppe etter status",
        "en": "Requirements per group by status",
    },
    "overview.participation_heading": {
        "nb": "Deltakelse per kommune",
        "nn": "Deltaking per kommune",
        "en": "Participation per municipality",
    },
    "overview.milestones_chart": {
        "nb": "Milepæler etter status",
        "nn": "Milepælar etter status",
        "en": "Milestones by status",
    },
    "overview.col.answer": {"nb": "Svar", "nn": "Svar", "en": "Answer"},
    "overview.col.option": {"nb": "Alternativ", "nn": "Alternativ", "en": "Option"},
    "overview.tab.title": {"nb": "Oversikt", "nn": "Oversikt", "en": "Overview"},
    "overview.tab.intro": {
        "nb": "Status for kravarbeidet: milepæler, kravene, deltakelse, avstemninger og "
        "risikoer. Hver figur har en tabell med de samme tallene.",
        "nn": "Status for kravarbeidet: milepælar, krava, deltaking, avrøystingar og "
        "risikoar. Kvar figur har ein tabell med dei same tala.",
        "en": "Status of the requirements work: milestones, requirements, participation, "
        "polls and risks. Every chart has a table with the same numbers.",
    },
    "overview.tab.contents": {"nb": "Innhold", "nn": "Innhald", "en": "Contents"},
    "overview.tab.loading": {
        "nb": "Henter oversikten …",
        "nn": "Hentar oversikta …",
        "en": "Loading the overview …",
    },
    "overview.tab.failed": {
        "nb": "Oversikten kunne ikke hentes. Prøv igjen om litt.",
        "nn": "Oversikta kunne ikkje hentast. Prøv igjen om litt.",
        "en": "The overview could not be loaded. Try again in a moment.",
    },
    "overview.tab.sign_in": {
        "nb": "Åpne fanen i Teams for å logge inn.",
        "nn": "Opne fana i Teams for å logge inn.",
        "en": "Open the tab in Teams to sign in.",
    },
    "overview.tab.unknown": {
        "nb": "Du er ikke registrert i Kravbot. Be prosjektlederen legge deg til.",
        "nn": "Du er ikkje registrert i Kravbot. Be prosjektleiaren leggje deg til.",
        "en": "You are not registered in Kravbot. Ask the project lead to add you.",
    },
    "overview.col.milestone": {"nb": "Milepæl", "nn": "Milepæl", "en": "Milestone"},
    "overview.col.due": {"nb": "Frist", "nn": "Frist", "en": "Due"},
    "overview.col.status": {"nb": "Status", "nn": "Status", "en": "Status"},
    "overview.col.group": {"nb": "Gruppe", "nn": "Gruppe", "en": "Group"},
    "overview.col.total": {"nb": "Totalt", "nn": "Totalt", "en": "Total"},
    "overview.col.municipality": {"nb": "Kommune", "nn": "Kommune", "en": "Municipality"},
    "overview.col.percent": {
        "nb": "Andel svar (prosent)",
        "nn": "Del svar (prosent)",
        "en": "Share of answers (percent)",
    },
    "overview.col.members": {"nb": "Medlemmer", "nn": "Medlemar", "en": "Members"},
    "overview.col.answers": {"nb": "Svar gitt", "nn": "Svar gitt", "en": "Answers given"},
    "overview.col.asked": {"nb": "Mulige svar", "nn": "Moglege svar", "en": "Possible answers"},
    "overview.col.votes": {"nb": "Stemmer gitt", "nn": "Røyster gitt", "en": "Votes cast"},
    "overview.col.electors": {
        "nb": "Mulige stemmer",
        "nn": "Moglege røyster",
        "en": "Possible votes",
    },
}
