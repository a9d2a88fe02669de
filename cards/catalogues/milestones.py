"""Texts of milestones, their reminders, the weekly digest and `kravbot milestones`."""

from __future__ import annotations

from typing import Final

from cards.catalogues import Catalogue

TEXTS: Final[Catalogue] = {
    "command.milestones.description": {
        "nb": "Kommende og forfalte milepæler; merk som ferdig eller flytt fristen",
        "nn": "Komande og forfalne milepælar; merk som ferdig eller flytt fristen",
        "en": "Upcoming and overdue milestones; mark done or move the date",
    },
    "milestones.title": {"nb": "Milepæler", "nn": "Milepælar", "en": "Milestones"},
    "milestones.intro": {
        "nb": "Forfalte og kommende milepæler i prosjektplanen.",
        "nn": "Forfalne og komande milepælar i prosjektplanen.",
        "en": "Overdue and upcoming milestones of the project plan.",
    },
    "milestones.empty": {
        "nb": "Ingen åpne milepæler.",
        "nn": "Ingen opne milepælar.",
        "en": "No open milestones.",
    },
    "milestones.overdue_heading": {"nb": "Forfalt", "nn": "Forfalne", "en": "Overdue"},
    "milestones.upcoming_heading": {"nb": "Kommende", "nn": "Komande", "en": "Upcoming"},
    "milestones.row": {
        "nb": "Frist {due} · {status} · ansvarlig: {owner}",
        "nn": "Frist {due} · {status} · ansvarleg: {owner}",
        "en": "Due {due} · {status} · owner: {owner}",
    },
    "milestones.no_owner": {"nb": "ingen", "nn": "ingen", "en": "none"},
    "milestones.status.planned": {"nb": "planlagt", "nn": "planlagd", "en": "planned"},
    "milestones.status.in_progress": {"nb": "pågår", "nn": "pågår", "en": "in progress"},
    "milestones.status.done": {"nb": "ferdig", "nn": "ferdig", "en": "done"},
    "milestones.status.late": {"nb": "forsinket", "nn": "forseinka", "en": "late"},
    "milestones.status.cancelled": {"nb": "avlyst", "nn": "avlyst", "en": "cancelled"},
    "milestones.precision.day": {"nb": "Dato", "nn": "Dato", "en": "Date"},
    "milestones.precision.month": {
        "nb": "Bare måned",
        "nn": "Berre månad",
        "en": "Month only",
    },
    "milestones.phase": {"nb": "Fase {phase}", "nn": "Fase {phase}", "en": "Phase {phase}"},
    "milestones.action.done": {"nb": "Merk som ferdig", "nn": "Merk som ferdig", "en": "Mark done"},
    "milestones.action.edit": {
        "nb": "Flytt frist eller endre status",
        "nn": "Flytt frist eller endre status",
        "en": "Move date or change status",
    },
    "milestones.not_allowed": {
        "nb": "Bare den ansvarlige, prosjektlederen og administratorer kan endre milepælen.",
        "nn": "Berre den ansvarlege, prosjektleiaren og administratorar kan endre milepælen.",
        "en": "Only the owner, the project lead and administrators can change the milestone.",
    },
    "milestones.not_found": {
        "nb": "Jeg finner ikke milepælen.",
        "nn": "Eg finn ikkje milepælen.",
        "en": "I cannot find the milestone.",
    },
    "milestones.saved": {
        "nb": "Milepælen er oppdatert.",
        "nn": "Milepælen er oppdatert.",
        "en": "The milestone is updated.",
    },
    "milestones.saved_logged": {
        "nb": "Milepælen er oppdatert, og endringen er ført i beslutningsloggen (nr. {sequence}).",
        "nn": "Milepælen er oppdatert, og endringa er ført i avgjerdsloggen (nr. {sequence}).",
        "en": "The milestone is updated, and the change is in the decision log (no. {sequence}).",
    },
    "milestones.form.title": {
        "nb": "Endre milepæl",
        "nn": "Endre milepæl",
        "en": "Change milestone",
    },
    "milestones.form.intro": {
        "nb": "En ny frist eller en avlysning blir ført i beslutningsloggen med begrunnelsen.",
        "nn": "Ein ny frist eller ei avlysing blir ført i avgjerdsloggen med grunngivinga.",
        "en": "A new date or a cancellation goes into the decision log with the reason.",
    },
    "milestones.form.due_label": {"nb": "Frist", "nn": "Frist", "en": "Due date"},
    "milestones.form.precision_label": {
        "nb": "Hvor presis er fristen?",
        "nn": "Kor presis er fristen?",
        "en": "How precise is the date?",
    },
    "milestones.form.status_label": {"nb": "Status", "nn": "Status", "en": "Status"},
    "milestones.form.reason_label": {
        "nb": "Begrunnelse (kreves ved ny frist eller avlysning)",
        "nn": "Grunngiving (krevst ved ny frist eller avlysing)",
        "en": "Reason (needed for a new date or a cancellation)",
    },
    "milestones.form.save": {"nb": "Lagre", "nn": "Lagre", "en": "Save"},
    "milestones.form.problems": {
        "nb": "Rett opp dette: {problems}",
        "nn": "Rett opp dette: {problems}",
        "en": "Please fix: {problems}",
    },
    "milestones.error.reason_missing": {
        "nb": "Skriv en begrunnelse for ny frist eller avlysning.",
        "nn": "Skriv ei grunngiving for ny frist eller avlysing.",
        "en": "Give a reason for a new date or a cancellation.",
    },
    "milestones.error.reason_long": {
        "nb": "Begrunnelsen kan ha høyst {limit, plural, one {# tegn} other {# tegn}}.",
        "nn": "Grunngivinga kan ha høgst {limit, plural, one {# teikn} other {# teikn}}.",
        "en": (
            "The reason can have at most {limit, plural, one {# character} other {# characters}}."
        ),
    },
    "milestones.error.date_invalid": {
        "nb": "Fristen må være en dato (åååå-mm-dd).",
        "nn": "Fristen må vere ein dato (åååå-mm-dd).",
        "en": "The due date must be a date (yyyy-mm-dd).",
    },
    "milestones.error.status": {
        "nb": "Velg en gyldig status.",
        "nn": "Vel ein gyldig status.",
        "en": "Choose a valid status.",
    },
    "milestones.error.precision": {
        "nb": "Velg dato eller bare måned.",
        "nn": "Vel dato eller berre månad.",
        "en": "Choose date or month only.",
    },
    "milestones.error.nothing": {
        "nb": "Ingenting er endret.",
        "nn": "Ingenting er endra.",
        "en": "Nothing was changed.",
    },
    "milestones.field.due": {"nb": "Frist", "nn": "Frist", "en": "Due"},
    "milestones.field.owner": {"nb": "Ansvarlig", "nn": "Ansvarleg", "en": "Owner"},
    "milestones.field.status": {"nb": "Status", "nn": "Status", "en": "Status"},
    "milestones.field.group": {"nb": "Gruppe", "nn": "Gruppe", "en": "Group"},
    "milestones.reminder.d": {
        "nb": "Påminnelse: milepæl om {days, plural, one {# dag} other {# dager}}",
        "nn": "Påminning: milepæl om {days, plural, one {# dag} other {# dagar}}",
        "en": "Reminder: milestone due in {days, plural, one {# day} other {# days}}",
    },
    "milestones.reminder.wd": {
        "nb": "Påminnelse: milepæl om {days, plural, one {# arbeidsdag} other {# arbeidsdager}}",
        "nn": "Påminning: milepæl om {days, plural, one {# arbeidsdag} other {# arbeidsdagar}}",
        "en": (
            "Reminder: milestone due in {days, plural, one {# working day} other {# working days}}"
        ),
    },
    "milestones.reminder.due": {
        "nb": "Milepælen har frist i dag",
        "nn": "Milepælen har frist i dag",
        "en": "The milestone is due today",
    },
    "milestones.reminder.overdue": {
        "nb": "Milepælen er forfalt",
        "nn": "Milepælen er forfallen",
        "en": "The milestone is overdue",
    },
    "milestones.reminder.escalation": {
        "nb": (
            "Til styringsgruppen: milepælen er {days, plural, one {# arbeidsdag} other {# "
            "arbeidsdager}} over fristen"
        ),
        "nn": (
            "Til styringsgruppa: milepælen er {days, plural, one {# arbeidsdag} other {# "
            "arbeidsdagar}} over fristen"
        ),
        "en": (
            "To the steering group: the milestone is {days, plural, one {# working day} "
            "other {# working days}} overdue"
        ),
    },
    "milestones.reminder.overdue_days": {
        "nb": (
            "Fristen gikk ut for {days, plural, one {# arbeidsdag} other {# arbeidsdager}} siden."
        ),
        "nn": (
            "Fristen gjekk ut for {days, plural, one {# arbeidsdag} other {# arbeidsdagar}} sidan."
        ),
        "en": "Overdue by {days, plural, one {# working day} other {# working days}}.",
    },
    "milestones.reminder.hint": {
        "nb": "Skriv «milepæler» for å merke den som ferdig eller flytte fristen.",
        "nn": "Skriv «milepælar» for å merkje han som ferdig eller flytte fristen.",
        "en": "Type “milestones” to mark it done or move the date.",
    },
    "milestones.decision.moved_title": {
        "nb": "Ny frist for milepæl: {title}",
        "nn": "Ny frist for milepæl: {title}",
        "en": "New date for milestone: {title}",
    },
    "milestones.decision.moved_text": {
        "nb": "Fristen for «{title}» er flyttet fra {old} til {new}. Begrunnelse: {reason}",
        "nn": "Fristen for «{title}» er flytt frå {old} til {new}. Grunngiving: {reason}",
        "en": "The due date of “{title}” is moved from {old} to {new}. Reason: {reason}",
    },
    "milestones.decision.cancelled_title": {
        "nb": "Milepæl avlyst: {title}",
        "nn": "Milepæl avlyst: {title}",
        "en": "Milestone cancelled: {title}",
    },
    "milestones.decision.cancelled_text": {
        "nb": "Milepælen «{title}» (frist {due}) er avlyst. Begrunnelse: {reason}",
        "nn": "Milepælen «{title}» (frist {due}) er avlyst. Grunngiving: {reason}",
        "en": "The milestone “{title}” (due {due}) is cancelled. Reason: {reason}",
    },
    "milestones.cli.added": {
        "nb": "Milepæl {id} lagt til: {title} ({due})",
        "nn": "Milepæl {id} lagt til: {title} ({due})",
        "en": "Milestone {id} added: {title} ({due})",
    },
    "milestones.cli.imported": {
        "nb": "Milepæler lagt til: {created}, oppdatert: {updated}.",
        "nn": "Milepælar lagt til: {created}, oppdaterte: {updated}.",
        "en": "Milestones added: {created}, updated: {updated}.",
    },
    "milestones.cli.status_set": {
        "nb": "Milepæl {id}: status {status}.",
        "nn": "Milepæl {id}: status {status}.",
        "en": "Milestone {id}: status {status}.",
    },
    "milestones.cli.wrote": {
        "nb": "Skrev {count, plural, one {# milepæl} other {# milepæler}} til {file}.",
        "nn": "Skreiv {count, plural, one {# milepæl} other {# milepælar}} til {file}.",
        "en": "Wrote {count, plural, one {# milestone} other {# milestones}} to {file}.",
    },
    "milestones.cli.bad_row": {
        "nb": "Rad {row}: {problem}",
        "nn": "Rad {row}: {problem}",
        "en": "Row {row}: {problem}",
    },
    "milestones.cli.needs_columns": {
        "nb": "Fila må ha en kolonne for tittel ({title}) og en for frist ({due}).",
        "nn": "Fila må ha ein kolonne for tittel ({title}) og ein for frist ({due}).",
        "en": "The file needs a column for the title ({title}) and one for the due date ({due}).",
    },
    "milestones.cli.bad_date": {
        "nb": "«{value}» er ikke en dato (ÅÅÅÅ-MM-DD, eller ÅÅÅÅ-MM for en måned)",
        "nn": "«{value}» er ikkje ein dato (ÅÅÅÅ-MM-DD, eller ÅÅÅÅ-MM for ein månad)",
        "en": "“{value}” is not a date (YYYY-MM-DD, or YYYY-MM for a month)",
    },
    "milestones.cli.bad_value": {
        "nb": "ukjent verdi «{value}» i kolonnen {column} (gyldig: {allowed})",
        "nn": "ukjend verdi «{value}» i kolonnen {column} (gyldig: {allowed})",
        "en": "unknown value “{value}” in the column {column} (valid: {allowed})",
    },
    "milestones.cli.unknown_person": {
        "nb": "ukjent person «{value}»",
        "nn": "ukjend person «{value}»",
        "en": "unknown person “{value}”",
    },
    "milestones.cli.unknown_group": {
        "nb": "ukjent gruppe «{value}»",
        "nn": "ukjend gruppe «{value}»",
        "en": "unknown group “{value}”",
    },
    "milestones.ics.description": {
        "nb": "Status: {status}. Ansvarlig: {owner}.",
        "nn": "Status: {status}. Ansvarleg: {owner}.",
        "en": "Status: {status}. Owner: {owner}.",
    },
    "digest.title": {
        "nb": "Ukesoppsummering uke {week}",
        "nn": "Vekesoppsummering veke {week}",
        "en": "Weekly digest, week {week}",
    },
    "digest.intro": {
        "nb": "Dette trenger oppmerksomhet de neste 14 dagene.",
        "nn": "Dette treng merksemd dei neste 14 dagane.",
        "en": "This needs attention in the next 14 days.",
    },
    "digest.due_soon": {
        "nb": "Milepæler med frist de neste 14 dagene",
        "nn": "Milepælar med frist dei neste 14 dagane",
        "en": "Milestones due in the next 14 days",
    },
    "digest.overdue": {
        "nb": "Forfalte milepæler",
        "nn": "Forfalne milepælar",
        "en": "Overdue milestones",
    },
    "digest.reviews": {
        "nb": "Åpne gjennomganger",
        "nn": "Opne gjennomgangar",
        "en": "Open review rounds",
    },
    "digest.review_row": {
        "nb": "{answered} av {members} har svart · frist {deadline}",
        "nn": "{answered} av {members} har svart · frist {deadline}",
        "en": "{answered} of {members} answered · deadline {deadline}",
    },
    "digest.polls": {
        "nb": "Åpne avstemninger",
        "nn": "Opne avrøystingar",
        "en": "Open polls",
    },
    "digest.poll_row": {
        "nb": "Frist {deadline}",
        "nn": "Frist {deadline}",
        "en": "Deadline {deadline}",
    },
}
