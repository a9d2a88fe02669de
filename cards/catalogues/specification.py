"""Texts of baselines and endorsement rounds (tilslutning)."""

from __future__ import annotations

from typing import Final

from cards.catalogues import Catalogue

TEXTS: Final[Catalogue] = {
    # Baselines.
    "baseline.decision.title": {
        "nb": "Baseline låst: {name}",
        "nn": "Baseline låst: {name}",
        "en": "Baseline frozen: {name}",
    },
    "baseline.decision.text": {
        "nb": (
            "Baselinen {name} låser {count, plural, one {# krav} other {# krav}} i den "
            "versjonen de har nå."
        ),
        "nn": (
            "Baselinen {name} låser {count, plural, one {# krav} other {# krav}} i den "
            "versjonen dei har no."
        ),
        "en": (
            "The baseline {name} freezes {count, plural, one {# requirement} other {# "
            "requirements}} at their current version."
        ),
    },
    "baseline.export.title": {
        "nb": "Baseline {name} (fingeravtrykk {fingerprint})",
        "nn": "Baseline {name} (fingeravtrykk {fingerprint})",
        "en": "Baseline {name} (fingerprint {fingerprint})",
    },
    "baseline.export.sheet": {"nb": "Baseline", "nn": "Baseline", "en": "Baseline"},
    "baseline.col.key": {"nb": "Krav", "nn": "Krav", "en": "Requirement"},
    "baseline.col.version": {"nb": "Versjon", "nn": "Versjon", "en": "Version"},
    "baseline.col.type": {"nb": "Type", "nn": "Type", "en": "Type"},
    "baseline.col.category": {"nb": "Kategori", "nn": "Kategori", "en": "Category"},
    "baseline.col.text": {"nb": "Tekst", "nn": "Tekst", "en": "Text"},
    "baseline.col.status": {"nb": "Status", "nn": "Status", "en": "Status"},
    "baseline.col.fingerprint": {"nb": "Fingeravtrykk", "nn": "Fingeravtrykk", "en": "Fingerprint"},
    "baseline.status.draft": {"nb": "Utkast", "nn": "Utkast", "en": "Draft"},
    "baseline.status.in_review": {
        "nb": "Til gjennomgang",
        "nn": "Til gjennomgang",
        "en": "In review",
    },
    "baseline.status.agreed": {"nb": "Omforent", "nn": "Omforeint", "en": "Agreed"},
    "baseline.status.contested": {"nb": "Omstridt", "nn": "Omstridd", "en": "Contested"},
    "baseline.status.approved": {"nb": "Godkjent", "nn": "Godkjent", "en": "Approved"},
    "baseline.status.rejected": {"nb": "Avvist", "nn": "Avvist", "en": "Rejected"},
    "baseline.status.merged": {"nb": "Slått sammen", "nn": "Slått saman", "en": "Merged"},
    "baseline.status.deferred": {"nb": "Utsatt", "nn": "Utsett", "en": "Deferred"},
    "baseline.diff.summary": {
        "nb": "Nye: {added}, fjernet: {removed}, endret: {changed}, uendret: {unchanged}.",
        "nn": "Nye: {added}, fjerna: {removed}, endra: {changed}, uendra: {unchanged}.",
        "en": "Added: {added}, removed: {removed}, changed: {changed}, unchanged: {unchanged}.",
    },
    "baseline.error.name": {
        "nb": "Gi baselinen et navn på høyst {limit, plural, one {# tegn} other {# tegn}}.",
        "nn": "Gi baselinen eit namn på høgst {limit, plural, one {# teikn} other {# teikn}}.",
        "en": (
            "Give the baseline a name of at most {limit, plural, one {# character} other {# "
            "characters}}."
        ),
    },
    "baseline.error.exists": {
        "nb": "Det finnes alt en baseline som heter {name}.",
        "nn": "Det finst alt ein baseline som heiter {name}.",
        "en": "There already is a baseline called {name}.",
    },
    "baseline.error.group": {
        "nb": "Fant ingen gruppe {group}.",
        "nn": "Fann inga gruppe {group}.",
        "en": "No group {group} was found.",
    },
    "baseline.error.status": {
        "nb": "Ukjent status: {value}.",
        "nn": "Ukjend status: {value}.",
        "en": "Unknown status: {value}.",
    },
    "baseline.error.unknown_keys": {
        "nb": "Disse kravene finnes ikke: {keys}. Ingen baseline ble laget.",
        "nn": "Desse krava finst ikkje: {keys}. Ingen baseline vart laga.",
        "en": "These requirements do not exist: {keys}. No baseline was made.",
    },
    "baseline.error.empty": {
        "nb": "Ingen krav passer til utvalget. Ingen baseline ble laget.",
        "nn": "Ingen krav passar til utvalet. Ingen baseline vart laga.",
        "en": "No requirement matches the selection. No baseline was made.",
    },
    "baseline.error.not_found": {
        "nb": "Fant ingen baseline {name}.",
        "nn": "Fann ingen baseline {name}.",
        "en": "No baseline {name} was found.",
    },
    # Endorsement rounds.
    "endorsement.stance.endorse": {
        "nb": "Stiller seg bak",
        "nn": "Stiller seg bak",
        "en": "Endorses",
    },
    "endorsement.stance.with_reservations": {
        "nb": "Stiller seg bak med forbehold",
        "nn": "Stiller seg bak med atterhald",
        "en": "Endorses with reservations",
    },
    "endorsement.stance.not_endorse": {
        "nb": "Stiller seg ikke bak",
        "nn": "Stiller seg ikkje bak",
        "en": "Does not endorse",
    },
    "endorsement.stance.no_answer": {"nb": "Ikke svart", "nn": "Ikkje svart", "en": "No answer"},
    "endorsement.card.title": {
        "nb": "Tilslutning til {baseline}",
        "nn": "Tilslutning til {baseline}",
        "en": "Endorsement of {baseline}",
    },
    "endorsement.card.intro": {
        "nb": (
            "Stiller {municipality} seg bak kravspesifikasjonen ({count, plural, one {# krav} "
            "other {# krav}})? Svar innen {deadline}. Du kan endre svaret fram til fristen."
        ),
        "nn": (
            "Stiller {municipality} seg bak kravspesifikasjonen ({count, plural, one {# krav} "
            "other {# krav}})? Svar innan {deadline}. Du kan endre svaret fram til fristen."
        ),
        "en": (
            "Does {municipality} endorse the requirements specification ({count, plural, one "
            "{# requirement} other {# requirements}})? Answer by {deadline}. You can change "
            "the answer until the deadline."
        ),
    },
    "endorsement.card.fingerprint": {
        "nb": "Fingeravtrykk: {fingerprint}",
        "nn": "Fingeravtrykk: {fingerprint}",
        "en": "Fingerprint: {fingerprint}",
    },
    "endorsement.card.current": {
        "nb": "Svaret nå: {stance} (gitt av {by}).",
        "nn": "Svaret no: {stance} (gitt av {by}).",
        "en": "The answer now: {stance} (given by {by}).",
    },
    "endorsement.card.closed": {
        "nb": "Tilslutningen er avsluttet. Svaret kan ikke endres lenger.",
        "nn": "Tilslutninga er avslutta. Svaret kan ikkje endrast lenger.",
        "en": "The endorsement is closed. The answer can no longer be changed.",
    },
    "endorsement.field.stance": {"nb": "Svar", "nn": "Svar", "en": "Answer"},
    "endorsement.field.stance_error": {
        "nb": "Velg et svar.",
        "nn": "Vel eit svar.",
        "en": "Choose an answer.",
    },
    "endorsement.field.reservation": {
        "nb": (
            "Forbehold eller begrunnelse (påkrevd med forbehold og ved nei; nevn krav eller tekst)"
        ),
        "nn": (
            "Atterhald eller grunngiving (påkravd med atterhald og ved nei; nemn krav eller tekst)"
        ),
        "en": (
            "Reservation or reason (required with reservations and for no; name requirements "
            "or a text)"
        ),
    },
    "endorsement.action.answer": {"nb": "Send svar", "nn": "Send svar", "en": "Send answer"},
    "endorsement.status.title": {
        "nb": "Tilslutning nr. {id}: {baseline}",
        "nn": "Tilslutning nr. {id}: {baseline}",
        "en": "Endorsement no. {id}: {baseline}",
    },
    "endorsement.status.intro": {
        "nb": "Frist {deadline}. Fingeravtrykk {fingerprint}.",
        "nn": "Frist {deadline}. Fingeravtrykk {fingerprint}.",
        "en": "Deadline {deadline}. Fingerprint {fingerprint}.",
    },
    "endorsement.status.chart": {
        "nb": "Svar per kommune",
        "nn": "Svar per kommune",
        "en": "Answers by municipality",
    },
    "endorsement.status.closed": {
        "nb": "Avsluttet. Resultatet er ført i beslutningsloggen.",
        "nn": "Avslutta. Resultatet er ført i avgjerdsloggen.",
        "en": "Closed. The result is in the decision log.",
    },
    "endorsement.reminder": {
        "nb": (
            "Påminnelse: kommunen din har ikke svart på tilslutningen til {baseline}. Fristen "
            "er {deadline}."
        ),
        "nn": (
            "Påminning: kommunen din har ikkje svart på tilslutninga til {baseline}. Fristen "
            "er {deadline}."
        ),
        "en": (
            "Reminder: your municipality has not answered the endorsement of {baseline}. The "
            "deadline is {deadline}."
        ),
    },
    "endorsement.escalation": {
        "nb": (
            "Fristen for tilslutning til {baseline} er ute. {count, plural, one {# kommune} "
            "other {# kommuner}} svarte ikke: {places}."
        ),
        "nn": (
            "Fristen for tilslutning til {baseline} er ute. {count, plural, one {# kommune} "
            "other {# kommunar}} svarte ikkje: {places}."
        ),
        "en": (
            "The deadline for endorsing {baseline} has passed. {count, plural, one {# "
            "municipality} other {# municipalities}} did not answer: {places}."
        ),
    },
    "endorsement.decision.title": {
        "nb": "Tilslutning nr. {id} til {baseline}",
        "nn": "Tilslutning nr. {id} til {baseline}",
        "en": "Endorsement no. {id} of {baseline}",
    },
    "endorsement.decision.text": {
        "nb": (
            "Tilslutning til {baseline}: stiller seg bak {endorse}, med forbehold "
            "{reservations}, stiller seg ikke bak {against}, ikke svart {silent}."
        ),
        "nn": (
            "Tilslutning til {baseline}: stiller seg bak {endorse}, med atterhald "
            "{reservations}, stiller seg ikkje bak {against}, ikkje svart {silent}."
        ),
        "en": (
            "Endorsement of {baseline}: endorse {endorse}, with reservations {reservations}, "
            "do not endorse {against}, no answer {silent}."
        ),
    },
    "endorsement.closed_now": {
        "nb": "Tilslutning nr. {id} er avsluttet (beslutning nr. {sequence}).",
        "nn": "Tilslutning nr. {id} er avslutta (avgjerd nr. {sequence}).",
        "en": "Endorsement no. {id} is closed (decision no. {sequence}).",
    },
    "endorsement.export.title": {
        "nb": "Signaturside: tilslutning nr. {id} til {baseline}",
        "nn": "Signaturside: tilslutning nr. {id} til {baseline}",
        "en": "Signature page: endorsement no. {id} of {baseline}",
    },
    "endorsement.export.fingerprint": {
        "nb": "Baselinens fingeravtrykk: {fingerprint}",
        "nn": "Fingeravtrykket til baselinen: {fingerprint}",
        "en": "Fingerprint of the baseline: {fingerprint}",
    },
    "endorsement.export.sheet": {
        "nb": "Signaturside",
        "nn": "Signaturside",
        "en": "Signature page",
    },
    "endorsement.col.municipality": {"nb": "Kommune", "nn": "Kommune", "en": "Municipality"},
    "endorsement.col.stance": {"nb": "Svar", "nn": "Svar", "en": "Answer"},
    "endorsement.col.by": {"nb": "Svart av", "nn": "Svart av", "en": "Answered by"},
    "endorsement.col.at": {"nb": "Tidspunkt", "nn": "Tidspunkt", "en": "When"},
    "endorsement.col.reservation": {
        "nb": "Forbehold eller begrunnelse",
        "nn": "Atterhald eller grunngiving",
        "en": "Reservation or reason",
    },
    "endorsement.error.baseline": {
        "nb": "Fant ingen baseline {name}.",
        "nn": "Fann ingen baseline {name}.",
        "en": "No baseline {name} was found.",
    },
    "endorsement.error.deadline": {
        "nb": "Fristen må være en dato og et klokkeslett, for eksempel 2026-12-04T15:00.",
        "nn": "Fristen må vere ein dato og eit klokkeslett, til dømes 2026-12-04T15:00.",
        "en": "The deadline must be a date and time, for example 2026-12-04T15:00.",
    },
    "endorsement.error.deadline_past": {
        "nb": "Fristen har alt gått ut. Velg en frist fram i tid.",
        "nn": "Fristen har alt gått ut. Vel ein frist fram i tid.",
        "en": "The deadline has already passed. Choose a deadline in the future.",
    },
    "endorsement.error.no_municipalities": {
        "nb": "Ingen kommuner er merket som deltakerkommuner.",
        "nn": "Ingen kommunar er merkte som deltakarkommunar.",
        "en": "No municipality is marked as participating.",
    },
    "endorsement.error.not_found": {
        "nb": "Fant ingen tilslutning nr. {id}.",
        "nn": "Fann inga tilslutning nr. {id}.",
        "en": "No endorsement no. {id} was found.",
    },
    "endorsement.error.already_closed": {
        "nb": "Tilslutning nr. {id} er alt avsluttet.",
        "nn": "Tilslutning nr. {id} er allereie avslutta.",
        "en": "Endorsement no. {id} is already closed.",
    },
    "endorsement.error.closed": {
        "nb": "Tilslutning nr. {id} er avsluttet. Svaret ble ikke lagret.",
        "nn": "Tilslutning nr. {id} er avslutta. Svaret vart ikkje lagra.",
        "en": "Endorsement no. {id} is closed. The answer was not saved.",
    },
    "endorsement.error.not_entitled": {
        "nb": (
            "Bare kommunens kontaktperson eller en person kommunen har gitt fullmakt, kan "
            "svare for kommunen. Ingenting ble lagret."
        ),
        "nn": (
            "Berre kontaktpersonen til kommunen eller ein person kommunen har gitt fullmakt, "
            "kan svare for kommunen. Ingenting vart lagra."
        ),
        "en": (
            "Only the municipality's contact person or a person it has named can answer "
            "for it. Nothing was saved."
        ),
    },
    "endorsement.error.stance": {
        "nb": "Velg et av svarene.",
        "nn": "Vel eitt av svara.",
        "en": "Choose one of the answers.",
    },
    "endorsement.error.too_long": {
        "nb": "Teksten er for lang. Ingenting ble lagret.",
        "nn": "Teksten er for lang. Ingenting vart lagra.",
        "en": "The text is too long. Nothing was saved.",
    },
    "endorsement.error.reservation_missing": {
        "nb": "Skriv forbeholdet: nevn kravene eller teksten det gjelder. Ingenting ble lagret.",
        "nn": "Skriv atterhaldet: nemn krava eller teksten det gjeld. Ingenting vart lagra.",
        "en": (
            "Write the reservation: name the requirements or the text it concerns. Nothing "
            "was saved."
        ),
    },
    "endorsement.error.reason_missing": {
        "nb": "Skriv begrunnelsen for at kommunen ikke stiller seg bak. Ingenting ble lagret.",
        "nn": "Skriv grunngivinga for at kommunen ikkje stiller seg bak. Ingenting vart lagra.",
        "en": "Write the reason the municipality does not endorse. Nothing was saved.",
    },
    # Teams: the commands.
    "command.new_baseline.description": {
        "nb": "Lås gjeldende versjon av kravene under et navn (prosjektleder)",
        "nn": "Lås gjeldande versjon av krava under eit namn (prosjektleiar)",
        "en": "Freeze the current version of the requirements under a name (project lead)",
    },
    "command.new_endorsement.description": {
        "nb": "Be deltakerkommunene stille seg bak en baseline (prosjektleder)",
        "nn": "Be deltakarkommunane stille seg bak ein baseline (prosjektleiar)",
        "en": "Ask the participating municipalities to endorse a baseline (project lead)",
    },
    "command.endorsement_status.description": {
        "nb": "Vis hvor langt en tilslutning har kommet, kommune for kommune",
        "nn": "Vis kor langt ei tilslutning har kome, kommune for kommune",
        "en": "Show how far an endorsement has come, municipality by municipality",
    },
    "command.close_endorsement.description": {
        "nb": "Avslutt en tilslutning før fristen (prosjektleder)",
        "nn": "Avslutt ei tilslutning før fristen (prosjektleiar)",
        "en": "Close an endorsement before its deadline (project lead)",
    },
    # Teams: the baseline form.
    "baseline.form.title": {"nb": "Ny baseline", "nn": "Ny baseline", "en": "New baseline"},
    "baseline.form.intro": {
        "nb": (
            "Baselinen låser kravene slik de er nå, under et navn. Velg gruppe, status eller "
            "krav-ID-er for å ta med bare noen av kravene."
        ),
        "nn": (
            "Baselinen låser krava slik dei er no, under eit namn. Vel gruppe, status eller "
            "krav-ID-ar for å ta med berre nokre av krava."
        ),
        "en": (
            "The baseline freezes the requirements as they are now, under a name. Choose a "
            "group, a status or requirement IDs to include only some of them."
        ),
    },
    "baseline.form.problems": {
        "nb": "Baselinen er ikke laget: {problems}",
        "nn": "Baselinen er ikkje laga: {problems}",
        "en": "The baseline was not made: {problems}",
    },
    "baseline.form.name": {
        "nb": "Navn, for eksempel «Kravspesifikasjon 1.0»",
        "nn": "Namn, til dømes «Kravspesifikasjon 1.0»",
        "en": "Name, for example “Specification 1.0”",
    },
    "baseline.form.name_error": {
        "nb": "Gi baselinen et navn.",
        "nn": "Gi baselinen eit namn.",
        "en": "Give the baseline a name.",
    },
    "baseline.form.group": {"nb": "Gruppe", "nn": "Gruppe", "en": "Group"},
    "baseline.form.all_groups": {"nb": "Alle grupper", "nn": "Alle grupper", "en": "All groups"},
    "baseline.form.status": {"nb": "Status", "nn": "Status", "en": "Status"},
    "baseline.form.any_status": {"nb": "Alle statuser", "nn": "Alle statusar", "en": "Any status"},
    "baseline.form.requirements": {
        "nb": "Bare disse kravene (ID-er med komma mellom, valgfritt)",
        "nn": "Berre desse krava (ID-ar med komma mellom, valfritt)",
        "en": "Only these requirements (IDs separated by commas, optional)",
    },
    "baseline.form.create": {
        "nb": "Lag baselinen",
        "nn": "Lag baselinen",
        "en": "Make the baseline",
    },
    "baseline.cli.findings": {
        "nb": "Skal-kravene over har åpne funn i kravkvalitet. Legg til --yes for å låse "
        "baselinen likevel.",
        "nn": "Skal-krava over har opne funn i kravkvalitet. Legg til --yes for å låse "
        "baselinen likevel.",
        "en": "The mandatory requirements above have open quality findings. Add --yes to "
        "freeze the baseline anyway.",
    },
    "baseline.findings.title": {
        "nb": "Før baselinen {name} låses",
        "nn": "Før baselinen {name} blir låst",
        "en": "Before the baseline {name} is frozen",
    },
    "baseline.findings.intro": {
        "nb": (
            "{count, plural, one {# skal-krav har} other {# skal-krav har}} åpne funn i "
            "kravkvalitet. Se over dem, eller lag baselinen likevel."
        ),
        "nn": (
            "{count, plural, one {# skal-krav har} other {# skal-krav har}} opne funn i "
            "kravkvalitet. Sjå over dei, eller lag baselinen likevel."
        ),
        "en": (
            "{count, plural, one {# mandatory requirement has} other {# mandatory requirements "
            "have}} open quality findings. Look them over, or make the baseline anyway."
        ),
    },
    "baseline.findings.more": {
        "nb": "… og {count} til. Skriv «kravkvalitet» for å se alle.",
        "nn": "… og {count} til. Skriv «kravkvalitet» for å sjå alle.",
        "en": "… and {count} more. Type “quality” to see them all.",
    },
    "baseline.findings.confirm": {
        "nb": "Lag baselinen likevel",
        "nn": "Lag baselinen likevel",
        "en": "Make the baseline anyway",
    },
    "baseline.created.title": {
        "nb": "Baselinen {name} er laget",
        "nn": "Baselinen {name} er laga",
        "en": "The baseline {name} is made",
    },
    "baseline.created.intro": {
        "nb": "Kravene er låst i versjonen de har nå, og det er ført i beslutningsloggen.",
        "nn": "Krava er låste i versjonen dei har no, og det er ført i avgjerdsloggen.",
        "en": "The requirements are frozen at their current version, and the decision log has it.",
    },
    "baseline.created.requirements": {"nb": "Krav", "nn": "Krav", "en": "Requirements"},
    "baseline.created.fingerprint": {
        "nb": "Fingeravtrykk",
        "nn": "Fingeravtrykk",
        "en": "Fingerprint",
    },
    "baseline.created.decision": {
        "nb": "Beslutning nr.",
        "nn": "Avgjerd nr.",
        "en": "Decision no.",
    },
    "baseline.error.not_allowed": {
        "nb": "Bare prosjektlederen kan lage en baseline.",
        "nn": "Berre prosjektleiaren kan lage ein baseline.",
        "en": "Only the project lead can make a baseline.",
    },
    # Teams: the endorsement form, status and close.
    "endorsement.form.title": {
        "nb": "Ny tilslutning",
        "nn": "Ny tilslutning",
        "en": "New endorsement",
    },
    "endorsement.form.intro": {
        "nb": (
            "Alle deltakerkommunene blir spurt om de stiller seg bak baselinen. "
            "Kontaktpersonen i hver kommune får et kort i en privat chat."
        ),
        "nn": (
            "Alle deltakarkommunane blir spurde om dei stiller seg bak baselinen. "
            "Kontaktpersonen i kvar kommune får eit kort i ein privat chat."
        ),
        "en": (
            "Every participating municipality is asked whether it stands behind the baseline. "
            "The contact person of each gets a card in a private chat."
        ),
    },
    "endorsement.form.problems": {
        "nb": "Tilslutningen er ikke åpnet: {problems}",
        "nn": "Tilslutninga er ikkje opna: {problems}",
        "en": "The endorsement was not opened: {problems}",
    },
    "endorsement.form.baseline": {"nb": "Baseline", "nn": "Baseline", "en": "Baseline"},
    "endorsement.form.baseline_error": {
        "nb": "Velg en baseline.",
        "nn": "Vel ein baseline.",
        "en": "Choose a baseline.",
    },
    "endorsement.form.deadline_date": {"nb": "Fristdato", "nn": "Fristdato", "en": "Deadline date"},
    "endorsement.form.deadline_date_error": {
        "nb": "Velg en dato.",
        "nn": "Vel ein dato.",
        "en": "Choose a date.",
    },
    "endorsement.form.deadline_time": {
        "nb": "Klokkeslett (norsk tid)",
        "nn": "Klokkeslett (norsk tid)",
        "en": "Time (Norwegian time)",
    },
    "endorsement.form.open": {
        "nb": "Spør kommunene",
        "nn": "Spør kommunane",
        "en": "Ask the municipalities",
    },
    "endorsement.opened.title": {
        "nb": "Tilslutning nr. {id}: {baseline}",
        "nn": "Tilslutning nr. {id}: {baseline}",
        "en": "Endorsement no. {id}: {baseline}",
    },
    "endorsement.opened.text": {
        "nb": (
            "{count, plural, one {# kommune er spurt} other {# kommuner er spurt}}. "
            "Statuskortet er lagt ut hos styringsgruppen; skriv «tilslutning {id}» for å se det."
        ),
        "nn": (
            "{count, plural, one {# kommune er spurd} other {# kommunar er spurde}}. "
            "Statuskortet er lagt ut hos styringsgruppa; skriv «tilslutning {id}» for å sjå det."
        ),
        "en": (
            "{count, plural, one {# municipality was asked} other {# municipalities were "
            "asked}}. The status card is posted to the steering group; type “endorsement {id}” "
            "to see it."
        ),
    },
    "endorsement.confirm.title": {
        "nb": "Avslutte tilslutning nr. {id}?",
        "nn": "Avslutte tilslutning nr. {id}?",
        "en": "Close endorsement no. {id}?",
    },
    "endorsement.confirm.text": {
        "nb": (
            "{answered} av {total, plural, one {# kommune} other {# kommuner}} har svart på "
            "{baseline}. Etter avslutning kan ingen svare eller endre svaret, og resultatet "
            "føres i beslutningsloggen."
        ),
        "nn": (
            "{answered} av {total, plural, one {# kommune} other {# kommunar}} har svart på "
            "{baseline}. Etter avslutninga kan ingen svare eller endre svaret, og resultatet "
            "blir ført i avgjerdsloggen."
        ),
        "en": (
            "{answered} of {total, plural, one {# municipality} other {# municipalities}} have "
            "answered on {baseline}. Once closed, no one can answer or change an answer, and "
            "the result goes to the decision log."
        ),
    },
    "endorsement.confirm.close": {
        "nb": "Avslutt tilslutningen",
        "nn": "Avslutt tilslutninga",
        "en": "Close the endorsement",
    },
    "endorsement.error.not_allowed": {
        "nb": "Bare prosjektlederen og styringsgruppen kan gjøre dette.",
        "nn": "Berre prosjektleiaren og styringsgruppa kan gjere dette.",
        "en": "Only the project lead and the steering group can do this.",
    },
    "endorsement.error.no_baseline": {
        "nb": "Det finnes ingen baseline ennå. Lag en først med «ny baseline».",
        "nn": "Det finst ingen baseline enno. Lag ein først med «ny baseline».",
        "en": "There is no baseline yet. Make one first with “new baseline”.",
    },
    "endorsement.status.usage": {
        "nb": "Skriv «tilslutning» og nummeret, for eksempel «tilslutning 1».",
        "nn": "Skriv «tilslutning» og nummeret, til dømes «tilslutning 1».",
        "en": "Type “endorsement” and the number, for example “endorsement 1”.",
    },
    "endorsement.close.usage": {
        "nb": "Skriv «avslutt tilslutning» og nummeret, for eksempel «avslutt tilslutning 1».",
        "nn": "Skriv «avslutt tilslutning» og nummeret, til dømes «avslutt tilslutning 1».",
        "en": "Type “close endorsement” and the number, for example “close endorsement 1”.",
    },
}
