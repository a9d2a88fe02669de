"""Texts of participation: `deltakelse`, its flags and the nudge to a contact person."""

from __future__ import annotations

from typing import Final

from cards.catalogues import Catalogue

TEXTS: Final[Catalogue] = {
    "command.participation.description": {
        "nb": "Deltakelse per kommune: svar, stemmer og hvem som trenger oppfølging",
        "nn": "Deltaking per kommune: svar, røyster og kven som treng oppfølging",
        "en": "Participation per municipality: answers, votes and who needs following up",
    },
    "participation.title": {"nb": "Deltakelse", "nn": "Deltaking", "en": "Participation"},
    "participation.intro": {
        "nb": "Hvor mye hver kommune svarer i gjennomganger og stemmer i avstemninger.",
        "nn": "Kor mykje kvar kommune svarar i gjennomgangar og røystar i avrøystingar.",
        "en": "How much each municipality answers in review rounds and votes in polls.",
    },
    "participation.empty": {
        "nb": "Ingen kommuner er registrert som deltakere ennå.",
        "nn": "Ingen kommunar er registrerte som deltakarar enno.",
        "en": "No municipality is registered as taking part yet.",
    },
    "participation.chart_title": {
        "nb": "Andel svar i gjennomganger per kommune (prosent)",
        "nn": "Del svar i gjennomgangar per kommune (prosent)",
        "en": "Share of review answers per municipality (percent)",
    },
    "participation.percent": {
        "nb": "{value, percent}",
        "nn": "{value, percent}",
        "en": "{value, percent}",
    },
    "participation.nothing_asked": {
        "nb": "ingenting å svare på",
        "nn": "ingenting å svare på",
        "en": "nothing to answer",
    },
    "participation.never": {"nb": "aldri", "nn": "aldri", "en": "never"},
    "participation.row": {
        "nb": "{members, plural, one {# medlem} other {# medlemmer}} · svar: {answers} · "
        "stemmer: {votes} · sist aktiv: {last}",
        "nn": "{members, plural, one {# medlem} other {# medlemar}} · svar: {answers} · "
        "røyster: {votes} · sist aktiv: {last}",
        "en": "{members, plural, one {# member} other {# members}} · answers: {answers} · "
        "votes: {votes} · last active: {last}",
    },
    "participation.flagged_heading": {
        "nb": "Trenger oppfølging",
        "nn": "Treng oppfølging",
        "en": "Needs following up",
    },
    "participation.all_well": {
        "nb": "Alle kommunene er med i alle arbeidsgruppene og har vært aktive nylig.",
        "nn": "Alle kommunane er med i alle arbeidsgruppene og har vore aktive nyleg.",
        "en": "Every municipality is in every working group and has been active recently.",
    },
    "participation.flag.silent": {
        "nb": "Ingen svar eller stemmer på {weeks, plural, one {# uke} other {# uker}}",
        "nn": "Ingen svar eller røyster på {weeks, plural, one {# veke} other {# veker}}",
        "en": "No answers or votes for {weeks, plural, one {# week} other {# weeks}}",
    },
    "participation.flag.nobody": {
        "nb": "Ingen medlemmer i {groups}",
        "nn": "Ingen medlemar i {groups}",
        "en": "Nobody in {groups}",
    },
    "participation.action.nudge": {
        "nb": "Send en vennlig påminnelse til {municipality}",
        "nn": "Send ei venleg påminning til {municipality}",
        "en": "Send {municipality} a friendly reminder",
    },
    "participation.nudged": {
        "nb": "Påminnelsen til kontaktpersonen i {municipality} sendes i kontortiden.",
        "nn": "Påminninga til kontaktpersonen i {municipality} blir send i kontortida.",
        "en": "The reminder to the contact person of {municipality} goes out in office hours.",
    },
    "participation.not_allowed": {
        "nb": "Bare prosjektlederen og styringsgruppen kan se deltakelsen.",
        "nn": "Berre prosjektleiaren og styringsgruppa kan sjå deltakinga.",
        "en": "Only the project lead and the steering group can see participation.",
    },
    "participation.not_lead": {
        "nb": "Bare prosjektlederen kan sende påminnelser til kommunene.",
        "nn": "Berre prosjektleiaren kan sende påminningar til kommunane.",
        "en": "Only the project lead can send reminders to the municipalities.",
    },
    "participation.error.unknown_municipality": {
        "nb": "Jeg finner ingen deltakende kommune «{value}».",
        "nn": "Eg finn ingen deltakande kommune «{value}».",
        "en": "I cannot find a participating municipality “{value}”.",
    },
    "participation.error.no_contact": {
        "nb": "{municipality} har ingen kontaktperson. Be en administrator om å registrere en.",
        "nn": "{municipality} har ingen kontaktperson. Be ein administrator om å registrere ein.",
        "en": "{municipality} has no contact person. Ask an administrator to register one.",
    },
    "participation.error.already_nudged": {
        "nb": "{municipality} har allerede fått en påminnelse denne uken.",
        "nn": "{municipality} har alt fått ei påminning denne veka.",
        "en": "{municipality} has already had a reminder this week.",
    },
    "participation.nudge.title": {
        "nb": "Hvordan går det?",
        "nn": "Korleis går det?",
        "en": "How are things going?",
    },
    "participation.nudge.text": {
        "nb": "Hei! {lead}, prosjektleder i Felles journalløft, ser at {municipality} har "
        "vært lite aktiv i arbeidet med kravspesifikasjonen i det siste. Kan du se om noen "
        "fra kommunen kan svare i gjennomgangene og stemme i avstemningene?",
        "nn": "Hei! {lead}, prosjektleiar i Felles journalløft, ser at {municipality} har "
        "vore lite aktiv i arbeidet med kravspesifikasjonen i det siste. Kan du sjå om nokon "
        "frå kommunen kan svare i gjennomgangane og røyste i avrøystingane?",
        "en": "Hello! {lead}, project lead of Felles journalløft, sees that {municipality} has "
        "been quiet in the work on the requirements specification lately. Could you see "
        "whether someone from the municipality can answer the review rounds and vote in "
        "the polls?",
    },
    "participation.nudge.help": {
        "nb": "Svar gjerne prosjektlederen direkte. Ikke del pasientopplysninger her.",
        "nn": "Svar gjerne prosjektleiaren direkte. Ikkje del pasientopplysningar her.",
        "en": "Feel free to answer the project lead directly. Do not share patient data here.",
    },
}
