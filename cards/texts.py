"""The user-facing texts of Kravbot in bokmål (default), nynorsk and English.

Every entry holds all three languages side by side so that a missing translation shows in review
(and in `tests/test_texts.py`). Placeholders use `str.format` names.
"""

from __future__ import annotations

from typing import Final, Literal, cast

Language = Literal["nb", "nn", "en"]
LANGUAGES: Final[tuple[Language, ...]] = ("nb", "nn", "en")
DEFAULT_LANGUAGE: Final[Language] = "nb"

TEXTS: Final[dict[str, dict[Language, str]]] = {
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
            "Her får du kravene til gjennomgang, stemmer i styringsgruppen og blir minnet på "
            "milepæler. Alle beslutninger blir loggført."
        ),
        "nn": (
            "Her får du krava til gjennomgang, røystar i styringsgruppa og blir minna på "
            "milepælar. Alle avgjerder blir loggførte."
        ),
        "en": (
            "Here you review requirements, vote in the steering group and get milestone "
            "reminders. Every decision is logged."
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
        "nb": "Jeg svarer på bokmål, nynorsk eller engelsk etter språket i Teams.",
        "nn": "Eg svarar på bokmål, nynorsk eller engelsk etter språket i Teams.",
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
        "en": "I don't know that command. Type “help” to see what I can do.",
    },
    "unknown.card_action": {
        "nb": "Denne knappen er ikke i bruk lenger. Skriv «hjelp» for å se hva jeg kan.",
        "nn": "Denne knappen er ikkje i bruk lenger. Skriv «hjelp» for å sjå kva eg kan.",
        "en": "This button is no longer in use. Type “help” to see what I can do.",
    },
    "error.generic": {
        "nb": (
            "Beklager, noe gikk galt hos meg. Ingenting av det du har lagret er tapt. "
            "Prøv igjen om litt."
        ),
        "nn": (
            "Orsak, noko gjekk gale hjå meg. Ingenting av det du har lagra er tapt. "
            "Prøv igjen om litt."
        ),
        "en": (
            "Sorry, something went wrong on my side. Nothing you saved is lost. "
            "Please try again shortly."
        ),
    },
    "error.too_long": {
        "nb": "Meldingen er for lang ({length} tegn, høyst {limit}).",
        "nn": "Meldinga er for lang ({length} teikn, høgst {limit}).",
        "en": "The message is too long ({length} characters, at most {limit}).",
    },
}


def text(language: str, key: str, **values: object) -> str:
    """The text `key` in `language` (falling back to bokmål), with `values` filled in."""
    entry = TEXTS[key]
    template = entry.get(cast(Language, language)) or entry[DEFAULT_LANGUAGE]
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
