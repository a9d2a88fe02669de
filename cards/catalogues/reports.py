"""Texts of the status report to the steering group: the draft, its sections and approval."""

from __future__ import annotations

from typing import Final

from cards.catalogues import Catalogue

TEXTS: Final[Catalogue] = {
    "command.status_report.description": {
        "nb": "Statusrapport til styringsgruppen: utkast, din vurdering og godkjenning",
        "nn": "Statusrapport til styringsgruppa: utkast, vurderinga di og godkjenning",
        "en": "Status report to the steering group: draft, your assessment and approval",
    },
    "report.title": {"nb": "Statusrapport", "nn": "Statusrapport", "en": "Status report"},
    "report.draft_title": {
        "nb": "Utkast til statusrapport",
        "nn": "Utkast til statusrapport",
        "en": "Draft status report",
    },
    "report.period": {
        "nb": "Perioden {start} til {end}",
        "nn": "Perioden {start} til {end}",
        "en": "The period {start} to {end}",
    },
    "report.draft_intro": {
        "nb": "Kravbot har laget et utkast fra milepæler, gjennomganger, avstemninger, "
        "tilslutning, deltakelse og risikoer. Skriv din vurdering og godkjenn. Da går "
        "rapporten til styringsgruppen og føres i beslutningsloggen.",
        "nn": "Kravbot har laga eit utkast frå milepælar, gjennomgangar, avrøystingar, "
        "tilslutning, deltaking og risikoar. Skriv vurderinga di og godkjenn. Då går "
        "rapporten til styringsgruppa og blir ført i avgjerdsloggen.",
        "en": "Kravbot drafted this from milestones, review rounds, polls, endorsements, "
        "participation and risks. Write your assessment and approve. The report then goes "
        "to the steering group and into the decision log.",
    },
    "report.assessment_label": {
        "nb": "Prosjektlederens vurdering",
        "nn": "Vurderinga til prosjektleiaren",
        "en": "The project lead's assessment",
    },
    "report.assessment_placeholder": {
        "nb": "Hvordan går prosjektet? Hva trenger styringsgruppen å vite eller bestemme?",
        "nn": "Korleis går prosjektet? Kva treng styringsgruppa å vite eller avgjere?",
        "en": "How is the project going? What does the steering group need to know or decide?",
    },
    "report.action.save": {"nb": "Lagre utkastet", "nn": "Lagre utkastet", "en": "Save the draft"},
    "report.action.approve": {
        "nb": "Godkjenn og send til styringsgruppen",
        "nn": "Godkjenn og send til styringsgruppa",
        "en": "Approve and send to the steering group",
    },
    "report.saved": {
        "nb": "Utkastet er lagret.",
        "nn": "Utkastet er lagra.",
        "en": "The draft is saved.",
    },
    "report.sent": {
        "nb": "Rapporten er godkjent og sendes til styringsgruppen.",
        "nn": "Rapporten er godkjend og blir send til styringsgruppa.",
        "en": "The report is approved and goes to the steering group.",
    },
    "report.approved_by": {
        "nb": "Godkjent av {name} {date}",
        "nn": "Godkjend av {name} {date}",
        "en": "Approved by {name} on {date}",
    },
    "report.decision_ref": {
        "nb": "beslutning {number} i beslutningsloggen",
        "nn": "avgjerd {number} i avgjerdsloggen",
        "en": "decision {number} in the decision log",
    },
    "report.nothing": {
        "nb": "Ingenting å melde.",
        "nn": "Ingenting å melde.",
        "en": "Nothing to report.",
    },
    "report.not_lead": {
        "nb": "Bare prosjektlederen kan lage og godkjenne statusrapporter.",
        "nn": "Berre prosjektleiaren kan lage og godkjenne statusrapportar.",
        "en": "Only the project lead can draft and approve status reports.",
    },
    "report.error.unknown": {
        "nb": "Fant ikke statusrapport {value}.",
        "nn": "Fann ikkje statusrapport {value}.",
        "en": "Status report {value} was not found.",
    },
    "report.error.approved": {
        "nb": "Rapporten er allerede godkjent og kan ikke endres.",
        "nn": "Rapporten er allereie godkjend og kan ikkje endrast.",
        "en": "The report is already approved and cannot be changed.",
    },
    "report.error.assessment_missing": {
        "nb": "Skriv din vurdering før du godkjenner.",
        "nn": "Skriv vurderinga di før du godkjenner.",
        "en": "Write your assessment before you approve.",
    },
    "report.error.assessment_long": {
        "nb": "Vurderingen kan være på høyst {limit, plural, one {# tegn} other {# tegn}}.",
        "nn": "Vurderinga kan vere på høgst {limit, plural, one {# teikn} other {# teikn}}.",
        "en": "The assessment can be at most {limit, plural, one {# character} "
        "other {# characters}}.",
    },
    "report.error.no_steering": {
        "nb": "Styringsgruppen har ingen samtale i Teams ennå. Koble en kanal eller en "
        "gruppechat til styringsgruppen først.",
        "nn": "Styringsgruppa har ingen samtale i Teams enno. Kople ein kanal eller ein "
        "gruppechat til styringsgruppa først.",
        "en": "The steering group has no Teams conversation yet. Link a channel or a group "
        "chat to the steering group first.",
    },
    "report.decision.title": {
        "nb": "Statusrapport {date}",
        "nn": "Statusrapport {date}",
        "en": "Status report {date}",
    },
    "report.decision.text": {
        "nb": "Statusrapporten for perioden {start} til {end} er godkjent av prosjektlederen "
        "og sendt til styringsgruppen. Prosjektlederens vurdering: {assessment}",
        "nn": "Statusrapporten for perioden {start} til {end} er godkjend av prosjektleiaren "
        "og send til styringsgruppa. Vurderinga til prosjektleiaren: {assessment}",
        "en": "The status report for the period {start} to {end} is approved by the project "
        "lead and sent to the steering group. The project lead's assessment: {assessment}",
    },
    "report.column.what": {"nb": "Hva", "nn": "Kva", "en": "What"},
    "report.column.count": {"nb": "Antall", "nn": "Tal", "en": "Count"},
    # -- Sections, written in the language of the report.
    "report.milestones.heading": {"nb": "Milepæler", "nn": "Milepælar", "en": "Milestones"},
    "report.milestones.done": {"nb": "Ferdige", "nn": "Ferdige", "en": "Done"},
    "report.milestones.due": {
        "nb": "Frist innen 14 dager",
        "nn": "Frist innan 14 dagar",
        "en": "Due within 14 days",
    },
    "report.milestones.overdue": {"nb": "Forfalt", "nn": "Forfallen", "en": "Overdue"},
    "report.milestones.moved": {"nb": "Ny dato", "nn": "Ny dato", "en": "Moved"},
    "report.milestones.done_row": {
        "nb": "Ferdig {date}",
        "nn": "Ferdig {date}",
        "en": "Done {date}",
    },
    "report.milestones.due_row": {"nb": "Frist {date}", "nn": "Frist {date}", "en": "Due {date}"},
    "report.milestones.overdue_row": {
        "nb": "Forfalt, frist var {date}",
        "nn": "Forfallen, fristen var {date}",
        "en": "Overdue, was due {date}",
    },
    "report.milestones.moved_row": {
        "nb": "Flyttet fra {old} til {new}",
        "nn": "Flytta frå {old} til {new}",
        "en": "Moved from {old} to {new}",
    },
    "report.reviews.heading": {
        "nb": "Gjennomganger",
        "nn": "Gjennomgangar",
        "en": "Review rounds",
    },
    "report.reviews.title": {
        "nb": "{group}: {count, plural, one {# krav} other {# krav}}",
        "nn": "{group}: {count, plural, one {# krav} other {# krav}}",
        "en": "{group}: {count, plural, one {# requirement} other {# requirements}}",
    },
    "report.open_row": {
        "nb": "Åpen, frist {date}",
        "nn": "Open, frist {date}",
        "en": "Open, deadline {date}",
    },
    "report.closed_row": {
        "nb": "Avsluttet {date}",
        "nn": "Avslutta {date}",
        "en": "Closed {date}",
    },
    "report.polls.heading": {"nb": "Avstemninger", "nn": "Avrøystingar", "en": "Polls"},
    "report.polls.decided": {
        "nb": "Avsluttet {date}: {option}",
        "nn": "Avslutta {date}: {option}",
        "en": "Closed {date}: {option}",
    },
    "report.polls.undecided": {
        "nb": "Avsluttet {date} uten vedtak",
        "nn": "Avslutta {date} utan vedtak",
        "en": "Closed {date} without a resolution",
    },
    "report.endorsements.heading": {
        "nb": "Tilslutning",
        "nn": "Tilslutning",
        "en": "Endorsements",
    },
    "report.endorsements.row": {
        "nb": "{answered} av {total, plural, one {# kommune} other {# kommuner}} har svart, "
        "frist {date}",
        "nn": "{answered} av {total, plural, one {# kommune} other {# kommunar}} har svart, "
        "frist {date}",
        "en": "{answered} of {total, plural, one {# municipality} other {# municipalities}} "
        "answered, deadline {date}",
    },
    "report.participation.heading": {
        "nb": "Deltakelse",
        "nn": "Deltaking",
        "en": "Participation",
    },
    "report.participation.summary": {
        "nb": "Trenger oppfølging",
        "nn": "Treng oppfølging",
        "en": "Needs following up",
    },
    "report.participation.count": {
        "nb": "{flagged} av {total, plural, one {# kommune} other {# kommuner}}",
        "nn": "{flagged} av {total, plural, one {# kommune} other {# kommunar}}",
        "en": "{flagged} of {total, plural, one {# municipality} other {# municipalities}}",
    },
    "report.risks.heading": {
        "nb": "De største risikoene",
        "nn": "Dei største risikoane",
        "en": "The largest risks",
    },
    "report.cli.drafted": {
        "nb": (
            "Utkastet til statusrapport {number} er laget og sendt til "
            "{sent, plural, one {# prosjektleder} other {# prosjektledere}}."
        ),
        "nn": (
            "Utkastet til statusrapport {number} er laga og sendt til "
            "{sent, plural, one {# prosjektleiar} other {# prosjektleiarar}}."
        ),
        "en": (
            "Drafted status report {number} and sent it to "
            "{sent, plural, one {# project lead} other {# project leads}}."
        ),
    },
    "report.cli.already_drafted": {
        "nb": "Utkastet til statusrapport {number} ble allerede laget i dag.",
        "nn": "Utkastet til statusrapport {number} vart allereie laga i dag.",
        "en": "Status report {number} was already drafted today.",
    },
    "report.cli.wrote": {
        "nb": "Skrev {file}.",
        "nn": "Skreiv {file}.",
        "en": "Wrote {file}.",
    },
}
