"""Texts of the ROS register: `risiko`, the matrix, reminders and `kravbot risks`."""

from __future__ import annotations

from typing import Final

from cards.catalogues import Catalogue

TEXTS: Final[Catalogue] = {
    "command.risks.description": {
        "nb": "Risikoregisteret (ROS) med risikomatrise og de største risikoene",
        "nn": "Risikoregisteret (ROS) med risikomatrise og dei største risikoane",
        "en": "The risk register (ROS) with the risk matrix and the largest risks",
    },
    "risks.title": {"nb": "Risiko og sårbarhet", "nn": "Risiko og sårbarheit", "en": "Risks"},
    "risks.intro": {
        "nb": "Risikoer i prosjektet vurdert etter sannsynlighet og konsekvens (1–5).",
        "nn": "Risikoar i prosjektet vurderte etter sannsyn og konsekvens (1–5).",
        "en": "Risks of the project rated by likelihood and consequence (1–5).",
    },
    "risks.empty": {
        "nb": "Ingen åpne risikoer er registrert.",
        "nn": "Ingen opne risikoar er registrerte.",
        "en": "No open risks are registered.",
    },
    "risks.chart_title": {
        "nb": "Åpne risikoer etter nivå",
        "nn": "Opne risikoar etter nivå",
        "en": "Open risks by level",
    },
    "risks.matrix.title": {"nb": "Risikomatrise", "nn": "Risikomatrise", "en": "Risk matrix"},
    "risks.matrix.help": {
        "nb": "Rader: sannsynlighet (5 øverst). Kolonner: konsekvens. Cellene viser risikonumrene.",
        "nn": "Rader: sannsyn (5 øvst). Kolonnar: konsekvens. Cellene viser risikonummera.",
        "en": "Rows: likelihood (5 at the top). Columns: consequence. Cells show risk numbers.",
    },
    "risks.matrix.help_counts": {
        "nb": "Rader: sannsynlighet (5 øverst). Kolonner: konsekvens. Cellene viser antall "
        "åpne risikoer.",
        "nn": "Rader: sannsyn (5 øvst). Kolonnar: konsekvens. Cellene viser talet på opne "
        "risikoar.",
        "en": "Rows: likelihood (5 at the top). Columns: consequence. Cells show how many "
        "risks are open.",
    },
    "risks.matrix.corner": {"nb": "S \\ K", "nn": "S \\ K", "en": "L \\ C"},
    "risks.top_heading": {
        "nb": "{count, plural, one {Den største risikoen} other {De # største risikoene}}",
        "nn": "{count, plural, one {Den største risikoen} other {Dei # største risikoane}}",
        "en": "{count, plural, one {The largest risk} other {The # largest risks}}",
    },
    "risks.score": {
        "nb": "{score} ({likelihood} × {consequence}, {level})",
        "nn": "{score} ({likelihood} × {consequence}, {level})",
        "en": "{score} ({likelihood} × {consequence}, {level})",
    },
    "risks.field.score": {"nb": "Risiko", "nn": "Risiko", "en": "Score"},
    "risks.field.owner": {"nb": "Eier", "nn": "Eigar", "en": "Owner"},
    "risks.field.status": {"nb": "Status", "nn": "Status", "en": "Status"},
    "risks.field.review": {"nb": "Neste vurdering", "nn": "Neste vurdering", "en": "Next review"},
    "risks.no_owner": {"nb": "ingen", "nn": "ingen", "en": "none"},
    "risks.level.low": {"nb": "lav", "nn": "låg", "en": "low"},
    "risks.level.medium": {"nb": "middels", "nn": "middels", "en": "medium"},
    "risks.level.high": {"nb": "høy", "nn": "høg", "en": "high"},
    "risks.status.open": {"nb": "åpen", "nn": "open", "en": "open"},
    "risks.status.monitoring": {"nb": "følges med", "nn": "blir følgd med", "en": "monitored"},
    "risks.status.closed": {"nb": "lukket", "nn": "lukka", "en": "closed"},
    "risks.not_allowed": {
        "nb": "Bare prosjektgruppen, styringsgruppen og prosjektlederen kan se risikoregisteret.",
        "nn": "Berre prosjektgruppa, styringsgruppa og prosjektleiaren kan sjå risikoregisteret.",
        "en": "Only the project group, the steering group and the project lead can see the risks.",
    },
    "risks.review.title": {
        "nb": "Risiko til vurdering {date}",
        "nn": "Risiko til vurdering {date}",
        "en": "Risk due for review on {date}",
    },
    "risks.review.text": {
        "nb": "Du eier denne risikoen. Se over sannsynlighet, konsekvens og tiltak "
        "før vurderingen.",
        "nn": "Du eig denne risikoen. Sjå over sannsyn, konsekvens og tiltak før vurderinga.",
        "en": "You own this risk. Look over its likelihood, consequence and measures "
        "before the review.",
    },
    "risks.error.title_missing": {
        "nb": "Risikoen trenger en tittel.",
        "nn": "Risikoen treng ein tittel.",
        "en": "The risk needs a title.",
    },
    "risks.error.title_long": {
        "nb": "Tittelen kan ha høyst {limit, plural, one {# tegn} other {# tegn}}.",
        "nn": "Tittelen kan ha høgst {limit, plural, one {# teikn} other {# teikn}}.",
        "en": "The title can have at most {limit, plural, one {# character} other {# characters}}.",
    },
    "risks.error.scale": {
        "nb": "Sannsynlighet og konsekvens må være hele tall fra 1 til 5.",
        "nn": "Sannsyn og konsekvens må vere heile tal frå 1 til 5.",
        "en": "Likelihood and consequence must be whole numbers from 1 to 5.",
    },
    "risks.error.status": {
        "nb": "Status må være åpen, følges med eller lukket.",
        "nn": "Status må vere open, blir følgd med eller lukka.",
        "en": "Status must be open, monitoring or closed.",
    },
    "risks.error.text_long": {
        "nb": "Beskrivelse og tiltak kan ha høyst "
        "{text_limit, plural, one {# tegn} other {# tegn}} hver.",
        "nn": "Skildring og tiltak kan ha høgst "
        "{text_limit, plural, one {# teikn} other {# teikn}} kvar.",
        "en": "Description and measures can have at most "
        "{text_limit, plural, one {# character} other {# characters}} each.",
    },
    "risks.error.not_found": {
        "nb": "Jeg finner ingen risiko nummer {number}.",
        "nn": "Eg finn ingen risiko nummer {number}.",
        "en": "I cannot find risk number {number}.",
    },
    "risks.error.owner": {
        "nb": "Jeg finner ingen person med e-post {value}.",
        "nn": "Eg finn ingen person med e-post {value}.",
        "en": "I cannot find anyone with the email address {value}.",
    },
    "risks.error.row": {
        "nb": "Rad {row}: {problem}",
        "nn": "Rad {row}: {problem}",
        "en": "Row {row}: {problem}",
    },
    "risks.cli.added": {
        "nb": "Risiko R{id} er lagt til.",
        "nn": "Risiko R{id} er lagt til.",
        "en": "Risk R{id} added.",
    },
    "risks.cli.changed": {
        "nb": "Risiko R{id}: {count, plural, one {# felt} other {# felt}} endret.",
        "nn": "Risiko R{id}: {count, plural, one {# felt} other {# felt}} endra.",
        "en": "Risk R{id}: {count, plural, one {# field} other {# fields}} changed.",
    },
    "risks.cli.imported": {
        "nb": (
            "Importerte {added, plural, one {# ny risiko} other {# nye risikoer}} og "
            "{changed, plural, one {# endret risiko} other {# endrede risikoer}}."
        ),
        "nn": (
            "Importerte {added, plural, one {# ny risiko} other {# nye risikoar}} og "
            "{changed, plural, one {# endra risiko} other {# endra risikoar}}."
        ),
        "en": (
            "Imported {added, plural, one {# new risk} other {# new risks}} and "
            "{changed, plural, one {# changed risk} other {# changed risks}}."
        ),
    },
    "risks.cli.not_a_number": {
        "nb": "Sannsynlighet og konsekvens må være hele tall fra 1 til 5, ikke «{value}».",
        "nn": "Sannsyn og konsekvens må vere heile tal frå 1 til 5, ikkje «{value}».",
        "en": "Likelihood and consequence must be whole numbers from 1 to 5, not “{value}”.",
    },
    "risks.cli.not_a_date": {
        "nb": "Neste vurdering må være en dato som 2024-10-15, ikke «{value}».",
        "nn": "Neste vurdering må vere ein dato som 2024-10-15, ikkje «{value}».",
        "en": "The next review must be a date like 2024-10-15, not “{value}”.",
    },
    "risks.cli.needs_title": {
        "nb": "Fila må ha en kolonne for tittel ({names}).",
        "nn": "Fila må ha ein kolonne for tittel ({names}).",
        "en": "The file needs a column for the title ({names}).",
    },
}
