"""Texts of the bot itself: welcome, help, errors."""

from __future__ import annotations

from typing import Final

from cards.catalogues import Catalogue

TEXTS: Final[Catalogue] = {
    "app.name": {"nb": "Kravbot", "nn": "Kravbot", "en": "Kravbot"},
    "app.tagline": {
        "nb": "Kravarbeidet i DigiTVs felles anskaffelse av journalsystem (EPJ)",
        "nn": "Kravarbeidet i DigiTV si felles anskaffing av journalsystem (EPJ)",
        "en": (
            "The requirements work of DigiTV's joint procurement of a patient record system (EPJ)"
        ),
    },
    "privacy.no_patient_data": {
        "nb": "Ikke skriv pasientopplysninger i Teams eller til Kravbot.",
        "nn": "Ikkje skriv pasientopplysningar i Teams eller til Kravbot.",
        "en": "Never write patient data in Teams or to Kravbot.",
    },
    "welcome.title": {
        "nb": "Velkommen til Kravbot",
        "nn": "Velkomen til Kravbot",
        "en": "Welcome to Kravbot",
    },
    "welcome.body": {
        "nb": (
            "Her går du gjennom krav, stemmer i styringsgruppen og får påminnelser om "
            "milepæler. Alle beslutninger blir ført i beslutningsloggen."
        ),
        "nn": (
            "Her går du gjennom krav, røystar i styringsgruppa og får påminningar om "
            "milepælar. Alle avgjerder blir førte i avgjerdsloggen."
        ),
        "en": (
            "Here you review requirements, vote in the steering group and get reminders "
            "about milestones. Every decision goes into the decision log."
        ),
    },
    "welcome.hint": {
        "nb": "Skriv «hjelp» for å se hva jeg kan.",
        "nn": "Skriv «hjelp» for å sjå kva eg kan.",
        "en": "Type “help” to see what I can do.",
    },
    "help.title": {"nb": "Kravbot – hjelp", "nn": "Kravbot – hjelp", "en": "Kravbot – help"},
    "help.intro": {
        "nb": "Skriv en av disse kommandoene til meg. I en kanal nevner du meg først (@Kravbot).",
        "nn": "Skriv ein av desse kommandoane til meg. I ein kanal nemner du meg først (@Kravbot).",
        "en": "Send me one of these commands. In a channel, mention me first (@Kravbot).",
    },
    "help.commands_heading": {"nb": "Kommandoer", "nn": "Kommandoar", "en": "Commands"},
    "help.language_note": {
        "nb": "Jeg svarer på bokmål, nynorsk eller engelsk, etter språket ditt i Teams.",
        "nn": "Eg svarar på bokmål, nynorsk eller engelsk, etter språket ditt i Teams.",
        "en": "I answer in bokmål, nynorsk or English, following your Teams language.",
    },
    "help.button": {"nb": "Vis hjelp", "nn": "Vis hjelp", "en": "Show help"},
    "command.help.description": {
        "nb": "Vis denne oversikten",
        "nn": "Vis denne oversikta",
        "en": "Show this overview",
    },
    "unknown.text": {
        "nb": "Den kommandoen kjenner jeg ikke. Skriv «hjelp» for å se hva jeg kan.",
        "nn": "Den kommandoen kjenner eg ikkje. Skriv «hjelp» for å sjå kva eg kan.",
        "en": "I do not know that command. Type “help” to see what I can do.",
    },
    "unknown.card_action": {
        "nb": "Denne knappen er ikke i bruk lenger. Skriv «hjelp» for å se hva jeg kan.",
        "nn": "Denne knappen er ikkje i bruk lenger. Skriv «hjelp» for å sjå kva eg kan.",
        "en": "This button is no longer in use. Type “help” to see what I can do.",
    },
    "error.identity": {
        "nb": (
            "Jeg kan ikke vite hvem du er: kontoen din i Teams og kontoen din i Entra hører til "
            "to ulike personer hos meg. Ingenting ble gjort. Be en administrator rette opp "
            "personlisten."
        ),
        "nn": (
            "Eg kan ikkje vite kven du er: kontoen din i Teams og kontoen din i Entra høyrer til "
            "to ulike personar hos meg. Ingenting vart gjort. Be ein administrator rette opp "
            "personlista."
        ),
        "en": (
            "I cannot tell who you are: your Teams account and your Entra account belong to two "
            "different people here. Nothing was done. Ask an administrator to correct the list "
            "of people."
        ),
    },
    "error.generic": {
        "nb": (
            "Beklager, noe gikk galt hos meg. Ingenting av det du har lagret er tapt. Prøv "
            "igjen om litt."
        ),
        "nn": (
            "Orsak, noko gjekk gale hjå meg. Ingenting av det du har lagra er tapt. Prøv "
            "igjen om litt."
        ),
        "en": (
            "Sorry, something went wrong on my side. Nothing you saved is lost. Please try "
            "again shortly."
        ),
    },
    "error.too_long": {
        "nb": (
            "Meldingen er for lang ({length, plural, one {# tegn} other {# tegn}}, høyst "
            "{limit, number})."
        ),
        "nn": (
            "Meldinga er for lang ({length, plural, one {# teikn} other {# teikn}}, høgst "
            "{limit, number})."
        ),
        "en": (
            "The message is too long ({length, plural, one {# character} other {# "
            "characters}}, at most {limit, number})."
        ),
    },
    "db.cli.revision": {
        "nb": "Databasen er på revisjon {revision}.",
        "nn": "Databasen er på revisjon {revision}.",
        "en": "The database is at revision {revision}.",
    },
    "db.cli.current": {
        "nb": "Databasen er på revisjon {revision} (den nyeste som følger med: {head}).",
        "nn": "Databasen er på revisjon {revision} (den nyaste som følgjer med: {head}).",
        "en": "The database is at revision {revision} (the newest shipped: {head}).",
    },
    "db.cli.no_revision": {
        "nb": "Databasen har ingen revisjon ennå (den nyeste som følger med: {head}).",
        "nn": "Databasen har ingen revisjon enno (den nyaste som følgjer med: {head}).",
        "en": "The database has no revision yet (the newest shipped: {head}).",
    },
    "package.cli.needs_app_id": {
        "nb": "Oppgi {option}, eller sett {setting} i miljøet.",
        "nn": "Oppgi {option}, eller set {setting} i miljøet.",
        "en": "Give {option}, or set {setting} in the environment.",
    },
    "package.cli.wrote": {
        "nb": "Skrev Teams-pakken til {file}.",
        "nn": "Skreiv Teams-pakken til {file}.",
        "en": "Wrote the Teams app package to {file}.",
    },
}
