"""Texts of review rounds: the form, the review card, the round card, reminders, summaries."""

from __future__ import annotations

from typing import Final

from cards.catalogues import Catalogue

TEXTS: Final[Catalogue] = {
    "command.new_review.description": {
        "nb": "Åpne en gjennomgang av krav for en arbeidsgruppe (prosjektleder)",
        "nn": "Opne ein gjennomgang av krav for ei arbeidsgruppe (prosjektleiar)",
        "en": "Open a requirement review round for a working group (project lead)",
    },
    "command.close_review.description": {
        "nb": "Avslutt en gjennomgang før fristen (prosjektleder)",
        "nn": "Avslutt ein gjennomgang før fristen (prosjektleiar)",
        "en": "Close a review round before its deadline (project lead)",
    },
    # The review card (1:1).
    "review.card.title": {
        "nb": "Gjennomgang av krav – {group}",
        "nn": "Gjennomgang av krav – {group}",
        "en": "Requirement review – {group}",
    },
    "review.card.position": {
        "nb": "{position} av {total} · frist {deadline}",
        "nn": "{position} av {total} · frist {deadline}",
        "en": "{position} of {total} · deadline {deadline}",
    },
    "review.field.key": {"nb": "Krav", "nn": "Krav", "en": "Requirement"},
    "review.field.type": {"nb": "Type", "nn": "Type", "en": "Type"},
    "review.field.category": {"nb": "Kategori", "nn": "Kategori", "en": "Category"},
    "review.field.source": {"nb": "Kilde", "nn": "Kjelde", "en": "Source"},
    "review.field.deadline": {"nb": "Frist", "nn": "Frist", "en": "Deadline"},
    "review.field.group": {"nb": "Gruppe", "nn": "Gruppe", "en": "Group"},
    "review.field.instructions": {
        "nb": "Instruksjoner fra prosjektlederen",
        "nn": "Instruksar frå prosjektleiaren",
        "en": "Instructions from the project lead",
    },
    "review.type.must": {"nb": "Skal-krav", "nn": "Skal-krav", "en": "Must"},
    "review.type.should": {"nb": "Bør-krav", "nn": "Bør-krav", "en": "Should"},
    "review.verdict.agree": {"nb": "Enig", "nn": "Einig", "en": "Agree"},
    "review.verdict.agree_with_changes": {
        "nb": "Enig med endringer",
        "nn": "Einig med endringar",
        "en": "Agree with changes",
    },
    "review.verdict.disagree": {"nb": "Uenig", "nn": "Ueinig", "en": "Disagree"},
    "review.verdict.not_relevant": {
        "nb": "Ikke relevant for oss",
        "nn": "Ikkje relevant for oss",
        "en": "Not relevant for us",
    },
    "review.verdict.split": {"nb": "Delt", "nn": "Delt", "en": "Split"},
    "review.current": {
        "nb": "Ditt svar nå: {verdict}. Du kan endre det fram til fristen.",
        "nn": "Svaret ditt no: {verdict}. Du kan endre det fram til fristen.",
        "en": "Your answer now: {verdict}. You can change it until the deadline.",
    },
    "review.saved": {
        "nb": "Lagret svaret ditt på {requirement}.",
        "nn": "Lagra svaret ditt på {requirement}.",
        "en": "Saved your answer to {requirement}.",
    },
    "review.input.verdict": {"nb": "Ditt svar", "nn": "Svaret ditt", "en": "Your answer"},
    "review.input.verdict_error": {
        "nb": "Velg et svar.",
        "nn": "Vel eit svar.",
        "en": "Choose an answer.",
    },
    "review.input.comment": {
        "nb": "Kommentar (valgfritt, høyst 2000 tegn)",
        "nn": "Kommentar (valfritt, høgst 2000 teikn)",
        "en": "Comment (optional, at most 2000 characters)",
    },
    "review.input.proposal": {
        "nb": "Forslag til ny tekst (valgfritt)",
        "nn": "Forslag til ny tekst (valfritt)",
        "en": "Proposed wording (optional)",
    },
    "review.input.priority": {
        "nb": "Prioritet (valgfritt)",
        "nn": "Prioritet (valfritt)",
        "en": "Priority (optional)",
    },
    "review.action.save_next": {
        "nb": "Lagre og neste",
        "nn": "Lagre og neste",
        "en": "Save and next",
    },
    "review.action.prev": {"nb": "Forrige", "nn": "Førre", "en": "Previous"},
    "review.action.skip": {"nb": "Hopp over", "nn": "Hopp over", "en": "Skip"},
    "review.action.finish": {"nb": "Ferdig", "nn": "Ferdig", "en": "Finish"},
    "review.action.open_missing": {
        "nb": "Svar på de som mangler",
        "nn": "Svar på dei som manglar",
        "en": "Answer the missing ones",
    },
    "review.overview.title": {"nb": "Oversikt", "nn": "Oversikt", "en": "Overview"},
    "review.overview.answered": {
        "nb": "Du har svart på {answered} av {total, plural, one {# krav} other {# krav}}.",
        "nn": "Du har svart på {answered} av {total, plural, one {# krav} other {# krav}}.",
        "en": (
            "You have answered {answered} of {total, plural, one {# requirement} other {# "
            "requirements}}."
        ),
    },
    "review.overview.missing": {
        "nb": "Mangler svar: {keys}",
        "nn": "Manglar svar: {keys}",
        "en": "Not answered yet: {keys}",
    },
    "review.overview.thanks": {
        "nb": "Takk for svarene dine! Du kan endre dem fram til fristen {deadline}.",
        "nn": "Takk for svara dine! Du kan endre dei fram til fristen {deadline}.",
        "en": "Thank you for your answers! You can change them until the deadline, {deadline}.",
    },
    "review.overview.thanks_partial": {
        "nb": "Takk! Husk å svare på resten før fristen {deadline}.",
        "nn": "Takk! Hugs å svare på resten før fristen {deadline}.",
        "en": "Thank you! Remember to answer the rest before the deadline, {deadline}.",
    },
    # Shown both when a card is refreshed after close and when an answer comes too late, so
    # it speaks of what was kept, which is true in both cases.
    "review.closed": {
        "nb": (
            "Gjennomgangen er avsluttet og tar ikke imot flere svar. Svarene du ga før den ble "
            "avsluttet, er tatt vare på."
        ),
        "nn": (
            "Gjennomgangen er avslutta og tek ikkje imot fleire svar. Svara du gav før han vart "
            "avslutta, er tekne vare på."
        ),
        "en": (
            "The review round is closed and takes no more answers. The answers you gave before "
            "it closed are kept."
        ),
    },
    "review.refused.stale": {
        "nb": "Dette kortet hører ikke til en gjennomgang du kan svare i. Ingenting ble lagret.",
        "nn": "Dette kortet høyrer ikkje til ein gjennomgang du kan svare i. Ingenting vart lagra.",
        "en": "This card does not belong to a review round you can answer. Nothing was saved.",
    },
    "review.refused.not_member": {
        "nb": "Bare medlemmer av {group} kan svare i denne gjennomgangen. Ingenting ble lagret.",
        "nn": "Berre medlemer av {group} kan svare i denne gjennomgangen. Ingenting vart lagra.",
        "en": "Only members of {group} can answer in this review round. Nothing was saved.",
    },
    "review.refused.verdict": {
        "nb": "Velg et svar før du lagrer.",
        "nn": "Vel eit svar før du lagrar.",
        "en": "Choose an answer before you save.",
    },
    "review.refused.too_long": {
        "nb": (
            "Kommentaren og forslaget kan ha høyst {limit, plural, one {# tegn} other {# "
            "tegn}} hver. Ingenting ble lagret."
        ),
        "nn": (
            "Kommentaren og forslaget kan ha høgst {limit, plural, one {# teikn} other {# "
            "teikn}} kvar. Ingenting vart lagra."
        ),
        "en": (
            "The comment and the proposal can have at most {limit, plural, one {# character} "
            "other {# characters}} each. Nothing was saved."
        ),
    },
    # The round card in the group's conversation.
    "review.round.title": {
        "nb": "Gjennomgang nr. {id}: {group}",
        "nn": "Gjennomgang nr. {id}: {group}",
        "en": "Review round no. {id}: {group}",
    },
    "review.round.intro": {
        "nb": (
            "{count, plural, one {# krav} other {# krav}} skal gjennomgås innen {deadline}, "
            "med et kort til hvert medlem i en privat chat med Kravbot."
        ),
        "nn": (
            "{count, plural, one {# krav} other {# krav}} skal gjennomgåast innan "
            "{deadline}, med eit kort til kvart medlem i ein privat chat med Kravbot."
        ),
        "en": (
            "{count, plural, one {# requirement} other {# requirements}} to review by "
            "{deadline}, with a card for every member in a private chat with Kravbot."
        ),
    },
    "review.round.finished": {
        "nb": "Medlemmer ferdige",
        "nn": "Medlemer ferdige",
        "en": "Members finished",
    },
    "review.round.covered": {
        "nb": "Kommuner dekket",
        "nn": "Kommunar dekte",
        "en": "Municipalities covered",
    },
    "review.round.disagreed": {
        "nb": "Krav med uenighet",
        "nn": "Krav med usemje",
        "en": "Requirements with disagreement",
    },
    "review.round.of": {
        "nb": "{part} av {whole}",
        "nn": "{part} av {whole}",
        "en": "{part} of {whole}",
    },
    "review.round.closed": {
        "nb": "Avsluttet {when}. Resultatet er lagt ut i kanalen.",
        "nn": "Avslutta {when}. Resultatet er lagt ut i kanalen.",
        "en": "Closed {when}. The result has been posted in the channel.",
    },
    # Reminders.
    "review.reminder": {
        "nb": (
            "Påminnelse: gjennomgangen for {group} har frist {deadline}. Du har svart på "
            "{answered} av {total, plural, one {# krav} other {# krav}}."
        ),
        "nn": (
            "Påminning: gjennomgangen for {group} har frist {deadline}. Du har svart på "
            "{answered} av {total, plural, one {# krav} other {# krav}}."
        ),
        "en": (
            "Reminder: the review round for {group} closes {deadline}. You have answered "
            "{answered} of {total, plural, one {# requirement} other {# requirements}}."
        ),
    },
    # The summary after close.
    "review.summary.title": {
        "nb": "Resultat av gjennomgang nr. {id}: {group}",
        "nn": "Resultat av gjennomgang nr. {id}: {group}",
        "en": "Result of review round no. {id}: {group}",
    },
    "review.summary.intro": {
        "nb": (
            "{agreed, plural, one {# krav er omforent} other {# krav er omforente}}, "
            "{contested, plural, one {# er omstridt} other {# er omstridte}}. {finished} av "
            "{members, plural, one {# medlem} other {# medlemmer}} svarte på alt. {covered} "
            "av {municipalities, plural, one {# kommune} other {# kommuner}} er dekket."
        ),
        "nn": (
            "{agreed, plural, one {# krav er omforeint} other {# krav er omforeinte}}, "
            "{contested, plural, one {# er omstridd} other {# er omstridde}}. {finished} av "
            "{members, plural, one {# medlem} other {# medlemer}} svarte på alt. {covered} "
            "av {municipalities, plural, one {# kommune} other {# kommunar}} er dekte."
        ),
        "en": (
            "{agreed, plural, one {# requirement is agreed} other {# requirements are "
            "agreed}}, {contested, plural, one {# is contested} other {# are contested}}. "
            "{finished} of {members, plural, one {# member} other {# members}} answered "
            "everything. {covered} of {municipalities, plural, one {# municipality is} other "
            "{# municipalities are}} covered."
        ),
    },
    "review.summary.rule": {
        "nb": (
            "Regel: et krav er omforent når ingen kommune er uenig og minst to tredjedeler "
            "av de relevante svarene er «enig» eller «enig med endringer»."
        ),
        "nn": (
            "Regel: eit krav er omforeint når ingen kommune er ueinig og minst to "
            "tredjedelar av dei relevante svara er «einig» eller «einig med endringar»."
        ),
        "en": (
            "Rule: a requirement is agreed when no municipality disagrees and at least two "
            "thirds of the relevant answers are “agree” or “agree with changes”."
        ),
    },
    "review.summary.coverage_rule": {
        "nb": (
            "Dekning: minst {minimum, plural, one {# deltakerkommune} other {# "
            "deltakerkommuner}} må svare på et krav. Har færre svart, er kravet «for lite "
            "dekket» og må gjennomgås på nytt. Svar gitt på en eldre tekst telles ikke."
        ),
        "nn": (
            "Dekning: minst {minimum, plural, one {# deltakarkommune} other {# "
            "deltakarkommunar}} må svare på eit krav. Har færre svart, er kravet «for lite "
            "dekt» og må gjennomgåast på nytt. Svar gitt på ein eldre tekst blir ikkje talde."
        ),
        "en": (
            "Coverage: at least {minimum, plural, one {# participating municipality} other {# "
            "participating municipalities}} must answer a requirement. With fewer, it is "
            "“insufficient” and must be reviewed again. Answers given on an older text do not "
            "count."
        ),
    },
    "review.summary.insufficient": {
        "nb": "For lite dekket",
        "nn": "For lite dekt",
        "en": "Insufficient coverage",
    },
    "review.summary.missing": {
        "nb": "Ikke svart: {places}",
        "nn": "Ikkje svart: {places}",
        "en": "No answer from: {places}",
    },
    "review.summary.suspect": {
        "nb": "{count, plural, one {# svar} other {# svar}} gitt på en eldre tekst (ikke talt)",
        "nn": "{count, plural, one {# svar} other {# svar}} gitt på ein eldre tekst (ikkje talt)",
        "en": (
            "{count, plural, one {# answer} other {# answers}} given on an older text (not counted)"
        ),
    },
    "review.summary.contested": {
        "nb": "Omstridte krav",
        "nn": "Omstridde krav",
        "en": "Contested requirements",
    },
    "review.summary.agreed": {
        "nb": "Omforente krav",
        "nn": "Omforeinte krav",
        "en": "Agreed requirements",
    },
    "review.summary.row": {
        "nb": (
            "Enig {agree} · med endringer {agree_with_changes} · uenig {disagree} · ikke relevant "
            "{not_relevant}"
        ),
        "nn": (
            "Einig {agree} · med endringar {agree_with_changes} · ueinig {disagree} · ikkje "
            "relevant {not_relevant}"
        ),
        "en": (
            "Agree {agree} · with changes {agree_with_changes} · disagree {disagree} · not "
            "relevant {not_relevant}"
        ),
    },
    "review.summary.more": {
        "nb": (
            "… og {count} til. Hele resultatet får du med kommandoen: kravbot export review "
            "{id} --format xlsx"
        ),
        "nn": (
            "… og {count} til. Heile resultatet får du med kommandoen: kravbot export review "
            "{id} --format xlsx"
        ),
        "en": (
            "… and {count} more. For the full result, run: kravbot export review {id} --format xlsx"
        ),
    },
    "review.status.agreed": {
        "nb": "Omforent",
        "nn": "Omforeint",
        "en": "Agreed",
    },
    "review.status.contested": {"nb": "Omstridt", "nn": "Omstridd", "en": "Contested"},
    "review.status.insufficient": {
        "nb": "For lite dekket",
        "nn": "For lite dekt",
        "en": "Insufficient coverage",
    },
    "review.status.open": {"nb": "Åpen", "nn": "Open", "en": "Open"},
    "review.status.closed": {"nb": "Avsluttet", "nn": "Avslutta", "en": "Closed"},
    # The form (`ny gjennomgang`).
    "review.form.title": {"nb": "Ny gjennomgang", "nn": "Ny gjennomgang", "en": "New review round"},
    "review.form.intro": {
        "nb": "Velg gruppe, krav og frist. Alle medlemmer av gruppen får et kort i en privat chat.",
        "nn": "Vel gruppe, krav og frist. Alle medlemer av gruppa får eit kort i ein privat chat.",
        "en": (
            "Choose the group, the requirements and the deadline. Every member of the group gets "
            "a card in a private chat."
        ),
    },
    "review.form.problems": {
        "nb": "Gjennomgangen er ikke åpnet: {problems}",
        "nn": "Gjennomgangen er ikkje opna: {problems}",
        "en": "The round was not opened: {problems}",
    },
    "review.form.group": {"nb": "Gruppe", "nn": "Gruppe", "en": "Group"},
    "review.form.group_error": {
        "nb": "Velg en gruppe.",
        "nn": "Vel ei gruppe.",
        "en": "Choose a group.",
    },
    "review.form.requirements": {
        "nb": "Krav: ID-er, et område (HJT-001..HJT-040), «kategori: navn» eller «status: utkast»",
        "nn": (
            "Krav: ID-ar, eit område (HJT-001..HJT-040), «kategori: namn» eller «status: utkast»"
        ),
        "en": "Requirements: IDs, a range (HJT-001..HJT-040), “category: name” or “status: draft”",
    },
    "review.form.requirements_error": {
        "nb": "Skriv hvilke krav som skal gjennomgås.",
        "nn": "Skriv kva krav som skal gjennomgåast.",
        "en": "Type which requirements to review.",
    },
    "review.form.deadline_date": {"nb": "Fristdato", "nn": "Fristdato", "en": "Deadline date"},
    "review.form.deadline_date_error": {
        "nb": "Velg en dato.",
        "nn": "Vel ein dato.",
        "en": "Choose a date.",
    },
    "review.form.deadline_time": {
        "nb": "Klokkeslett (norsk tid)",
        "nn": "Klokkeslett (norsk tid)",
        "en": "Time (Norwegian time)",
    },
    "review.form.instructions": {
        "nb": "Instruksjoner til medlemmene (valgfritt)",
        "nn": "Instruksar til medlemene (valfritt)",
        "en": "Instructions to the members (optional)",
    },
    "review.form.open": {
        "nb": "Åpne gjennomgangen",
        "nn": "Opne gjennomgangen",
        "en": "Open the round",
    },
    "review.opened": {
        "nb": (
            "Gjennomgang nr. {id} er åpnet for {group}: {count, plural, one {# krav} other "
            "{# krav}}, {members, plural, one {# medlem} other {# medlemmer}}, frist "
            "{deadline}."
        ),
        "nn": (
            "Gjennomgang nr. {id} er opna for {group}: {count, plural, one {# krav} other {# "
            "krav}}, {members, plural, one {# medlem} other {# medlemer}}, frist {deadline}."
        ),
        "en": (
            "Review round no. {id} is open for {group}: {count, plural, one {# requirement} "
            "other {# requirements}}, {members, plural, one {# member} other {# members}}, "
            "deadline {deadline}."
        ),
    },
    "review.error.not_allowed": {
        "nb": (
            "Beklager, bare prosjektlederen eller en administrator kan åpne og avslutte "
            "gjennomganger."
        ),
        "nn": (
            "Orsak, berre prosjektleiaren eller ein administrator kan opne og avslutte "
            "gjennomgangar."
        ),
        "en": "Sorry, only the project lead or an administrator can open and close review rounds.",
    },
    "review.error.archived": {
        "nb": "Gruppen {group} er arkivert og kan ikke få nye gjennomganger.",
        "nn": "Gruppa {group} er arkivert og kan ikkje få nye gjennomgangar.",
        "en": "The group {group} is archived and cannot get new review rounds.",
    },
    "review.error.group": {
        "nb": "Jeg finner ikke gruppen «{group}».",
        "nn": "Eg finn ikkje gruppa «{group}».",
        "en": "I cannot find the group “{group}”.",
    },
    "review.error.no_home": {
        "nb": (
            "Gruppen {group} er ikke koblet til en kanal ennå. Nevn meg i kanalen og skriv "
            "«koble {group}»."
        ),
        "nn": (
            "Gruppa {group} er ikkje kopla til ein kanal enno. Nemn meg i kanalen og skriv "
            "«kople {group}»."
        ),
        "en": (
            "The group {group} is not linked to a channel yet. Mention me in the channel and "
            "type “link {group}”."
        ),
    },
    "review.error.no_members": {
        "nb": "Gruppen {group} har ingen medlemmer.",
        "nn": "Gruppa {group} har ingen medlemer.",
        "en": "The group {group} has no members.",
    },
    "review.error.requirements": {
        "nb": "Ingen krav passer til «{selection}».",
        "nn": "Ingen krav passar til «{selection}».",
        "en": "No requirements match “{selection}”.",
    },
    "review.error.unknown_keys": {
        "nb": "Jeg finner ikke disse kravene: {keys}.",
        "nn": "Eg finn ikkje desse krava: {keys}.",
        "en": "I cannot find these requirements: {keys}.",
    },
    "review.error.busy": {
        "nb": "Disse kravene er allerede i en åpen gjennomgang: {keys}.",
        "nn": "Desse krava er allereie i ein open gjennomgang: {keys}.",
        "en": "These requirements are already in an open review round: {keys}.",
    },
    "review.error.too_many": {
        "nb": "En gjennomgang kan ha høyst {limit, plural, one {# krav} other {# krav}}.",
        "nn": "Ein gjennomgang kan ha høgst {limit, plural, one {# krav} other {# krav}}.",
        "en": (
            "A review round can have at most {limit, plural, one {# requirement} other {# "
            "requirements}}."
        ),
    },
    "review.error.deadline": {
        "nb": "Skriv fristen som dato og klokkeslett, for eksempel 2026-12-04T15:00.",
        "nn": "Skriv fristen som dato og klokkeslett, til dømes 2026-12-04T15:00.",
        "en": "Give the deadline as a date and time, for example 2026-12-04T15:00.",
    },
    "review.error.deadline_past": {
        "nb": "Fristen må være fram i tid.",
        "nn": "Fristen må vere fram i tid.",
        "en": "The deadline must be in the future.",
    },
    "review.error.instructions": {
        "nb": "Instruksjonene kan være høyst {limit, plural, one {# tegn} other {# tegn}}.",
        "nn": "Instruksane kan vere høgst {limit, plural, one {# teikn} other {# teikn}}.",
        "en": (
            "The instructions can be at most {limit, plural, one {# character} other {# "
            "characters}}."
        ),
    },
    "review.error.minimum": {
        "nb": "Minste antall kommuner må være et tall fra 1 til {limit}.",
        "nn": "Minste talet på kommunar må vere eit tal frå 1 til {limit}.",
        "en": "The minimum number of municipalities must be a number from 1 to {limit}.",
    },
    "review.error.not_found": {
        "nb": "Jeg finner ikke gjennomgang nr. {id}.",
        "nn": "Eg finn ikkje gjennomgang nr. {id}.",
        "en": "I cannot find review round no. {id}.",
    },
    "review.error.already_closed": {
        "nb": "Gjennomgang nr. {id} er allerede avsluttet.",
        "nn": "Gjennomgang nr. {id} er allereie avslutta.",
        "en": "Review round no. {id} is already closed.",
    },
    "review.close.usage": {
        "nb": "Skriv «avslutt gjennomgang» og nummeret, for eksempel «avslutt gjennomgang 1».",
        "nn": "Skriv «avslutt gjennomgang» og nummeret, til dømes «avslutt gjennomgang 1».",
        "en": "Type “close review” and the number, for example “close review 1”.",
    },
    "review.closed_insufficient": {
        "nb": (
            "{count, plural, one {# krav er for lite dekket} other {# krav er for lite dekket}} "
            "og går tilbake til utkast."
        ),
        "nn": (
            "{count, plural, one {# krav er for lite dekt} other {# krav er for lite dekte}} og "
            "går tilbake til utkast."
        ),
        "en": (
            "{count, plural, one {# requirement has} other {# requirements have}} insufficient "
            "coverage and {count, plural, one {goes} other {go}} back to draft."
        ),
    },
    "review.closed_now": {
        "nb": (
            "Gjennomgang nr. {id} er avsluttet: {agreed, plural, one {# krav er omforent} "
            "other {# krav er omforente}}, {contested, plural, one {# er omstridt} other {# "
            "er omstridte}}."
        ),
        "nn": (
            "Gjennomgang nr. {id} er avslutta: {agreed, plural, one {# krav er omforeint} "
            "other {# krav er omforeinte}}, {contested, plural, one {# er omstridd} other {# "
            "er omstridde}}."
        ),
        "en": (
            "Review round no. {id} is closed: {agreed, plural, one {# requirement is agreed} "
            "other {# requirements are agreed}}, {contested, plural, one {# is contested} "
            "other {# are contested}}."
        ),
    },
    # The decision log entry.
    "review.decision.title": {
        "nb": "Resultat av gjennomgang nr. {id} ({group})",
        "nn": "Resultat av gjennomgang nr. {id} ({group})",
        "en": "Result of review round no. {id} ({group})",
    },
    "review.decision.text": {
        "nb": (
            "Gruppen {group} har gjennomgått {count, plural, one {# krav} other {# krav}}. "
            "Omforente: {agreed}. Omstridte: {contested}. For lite dekket: {insufficient}."
        ),
        "nn": (
            "Gruppa {group} har gjennomgått {count, plural, one {# krav} other {# krav}}. "
            "Omforeinte: {agreed}. Omstridde: {contested}. For lite dekte: {insufficient}."
        ),
        "en": (
            "The group {group} reviewed {count, plural, one {# requirement} other {# "
            "requirements}}. Agreed: {agreed}. Contested: {contested}. Insufficient coverage: "
            "{insufficient}."
        ),
    },
    "review.change.in_review": {
        "nb": "Til gjennomgang i gjennomgang nr. {id}",
        "nn": "Til gjennomgang i gjennomgang nr. {id}",
        "en": "In review round no. {id}",
    },
    "review.change.outcome": {
        "nb": "Resultat av gjennomgang nr. {id}",
        "nn": "Resultat av gjennomgang nr. {id}",
        "en": "Outcome of review round no. {id}",
    },
    # Export.
    "review.export.summary": {"nb": "Sammendrag", "nn": "Samandrag", "en": "Summary"},
    "review.export.answers": {"nb": "Svar", "nn": "Svar", "en": "Answers"},
    "review.export.comments": {"nb": "Kommentarer", "nn": "Kommentarar", "en": "Comments"},
    "review.export.col.key": {"nb": "Krav", "nn": "Krav", "en": "Requirement"},
    "review.export.col.text": {"nb": "Tekst", "nn": "Tekst", "en": "Text"},
    "review.export.col.status": {"nb": "Resultat", "nn": "Resultat", "en": "Outcome"},
    "review.export.col.positions": {
        "nb": "Kommunenes standpunkt",
        "nn": "Standpunkta til kommunane",
        "en": "Municipal positions",
    },
    "review.export.col.missing": {
        "nb": "Kommuner uten svar",
        "nn": "Kommunar utan svar",
        "en": "Municipalities without an answer",
    },
    "review.export.col.suspect": {
        "nb": "Svar på eldre tekst",
        "nn": "Svar på eldre tekst",
        "en": "Answers on an older text",
    },
    "review.export.col.person": {"nb": "Person", "nn": "Person", "en": "Person"},
    "review.export.col.municipality": {"nb": "Kommune", "nn": "Kommune", "en": "Municipality"},
    "review.export.col.verdict": {"nb": "Svar", "nn": "Svar", "en": "Answer"},
    "review.export.col.comment": {"nb": "Kommentar", "nn": "Kommentar", "en": "Comment"},
    "review.export.col.proposal": {
        "nb": "Forslag til ny tekst",
        "nn": "Forslag til ny tekst",
        "en": "Proposed wording",
    },
    "review.export.col.priority": {"nb": "Prioritet", "nn": "Prioritet", "en": "Priority"},
    "review.export.col.answered_at": {"nb": "Svart", "nn": "Svart", "en": "Answered"},
    "review.cli.written": {
        "nb": "Skrev gjennomgang nr. {id} til {file}",
        "nn": "Skreiv gjennomgang nr. {id} til {file}",
        "en": "Wrote review round no. {id} to {file}",
    },
    "review.cli.needs_output": {
        "nb": "xlsx må skrives til en fil: bruk --output FIL",
        "nn": "xlsx må skrivast til ei fil: bruk --output FIL",
        "en": "xlsx must be written to a file: use --output FILE",
    },
    # Coverage minimum on the form and the round card.
    "review.form.minimum": {
        "nb": (
            "Minste antall deltakerkommuner som må svare på hvert krav (tomt: halvparten av "
            "gruppens kommuner, minst to)"
        ),
        "nn": (
            "Minste talet på deltakarkommunar som må svare på kvart krav (tomt: halvparten av "
            "kommunane i gruppa, minst to)"
        ),
        "en": (
            "Minimum number of participating municipalities that must answer each requirement "
            "(empty: half of the group's municipalities, at least two)"
        ),
    },
    "review.round.minimum": {
        "nb": "Minste dekning per krav",
        "nn": "Minste dekning per krav",
        "en": "Minimum coverage per requirement",
    },
    # The re-confirm card: a requirement changed after the member answered it.
    "review.reconfirm.title": {
        "nb": "Kravet {requirement} er endret",
        "nn": "Kravet {requirement} er endra",
        "en": "Requirement {requirement} has changed",
    },
    "review.reconfirm.intro": {
        "nb": (
            "Teksten ble endret etter at du svarte i gjennomgangen for {group}. Svaret ditt "
            "telles ikke før du bekrefter det eller endrer det, senest {deadline}."
        ),
        "nn": (
            "Teksten vart endra etter at du svarte i gjennomgangen for {group}. Svaret ditt "
            "blir ikkje talt før du stadfestar det eller endrar det, seinast {deadline}."
        ),
        "en": (
            "The text changed after you answered in the review round for {group}. Your answer "
            "does not count until you confirm or change it, by {deadline}."
        ),
    },
    "review.reconfirm.confirmed": {
        "nb": "Takk! Svaret ditt gjelder nå den nye teksten og telles igjen.",
        "nn": "Takk! Svaret ditt gjeld no den nye teksten og blir talt igjen.",
        "en": "Thank you! Your answer now applies to the new text and counts again.",
    },
    "review.reconfirm.changes": {
        "nb": "Dette er endret:",
        "nn": "Dette er endra:",
        "en": "What changed:",
    },
    "review.reconfirm.legend": {
        "nb": "Fjernet: {removed}. Lagt til: {added}.",
        "nn": "Fjerna: {removed}. Lagt til: {added}.",
        "en": "Removed: {removed}. Added: {added}.",
    },
    "review.reconfirm.before": {
        "nb": "Teksten du svarte på:",
        "nn": "Teksten du svarte på:",
        "en": "The text you answered:",
    },
    "review.reconfirm.after": {
        "nb": "Teksten nå:",
        "nn": "Teksten no:",
        "en": "The text now:",
    },
    "review.reconfirm.answer": {
        "nb": "Svaret ditt: {verdict}",
        "nn": "Svaret ditt: {verdict}",
        "en": "Your answer: {verdict}",
    },
    "review.action.confirm": {
        "nb": "Bekreft svaret",
        "nn": "Stadfest svaret",
        "en": "Confirm the answer",
    },
    "review.action.change": {
        "nb": "Endre svaret",
        "nn": "Endre svaret",
        "en": "Change the answer",
    },
    "review.action.see_mine": {
        "nb": "Se og endre svarene mine",
        "nn": "Sjå og endre svara mine",
        "en": "See and change my answers",
    },
    "review.opened.where": {
        "nb": (
            "Framdriften vises på kortet i gruppens kanal. Skriv «gjennomganger» for å se alle "
            "åpne gjennomganger, eller «avslutt gjennomgang {id}» for å avslutte denne."
        ),
        "nn": (
            "Framdrifta blir vist på kortet i kanalen til gruppa. Skriv «gjennomgangar» for å "
            "sjå alle opne gjennomgangar, eller «avslutt gjennomgang {id}» for å avslutte denne."
        ),
        "en": (
            "Progress is shown on the card in the group's channel. Type “reviews” to see every "
            "open round, or “close review {id}” to close this one."
        ),
    },
    # `gjennomganger` and closing with a confirmation.
    "command.reviews.description": {
        "nb": "Vis åpne gjennomganger med framdrift (prosjektleder)",
        "nn": "Vis opne gjennomgangar med framdrift (prosjektleiar)",
        "en": "Show the open review rounds with their progress (project lead)",
    },
    "review.list.title": {
        "nb": "Åpne gjennomganger ({count})",
        "nn": "Opne gjennomgangar ({count})",
        "en": "Open review rounds ({count})",
    },
    "review.list.none": {
        "nb": "Ingen gjennomganger er åpne nå.",
        "nn": "Ingen gjennomgangar er opne no.",
        "en": "No review round is open now.",
    },
    "review.list.row": {
        "nb": (
            "Frist {deadline}. Ferdige: {finished} av {members, plural, one {# medlem} other "
            "{# medlemmer}}. Dekket: {covered} av {municipalities, plural, one {# kommune} "
            "other {# kommuner}}."
        ),
        "nn": (
            "Frist {deadline}. Ferdige: {finished} av {members, plural, one {# medlem} other "
            "{# medlemer}}. Dekte: {covered} av {municipalities, plural, one {# kommune} "
            "other {# kommunar}}."
        ),
        "en": (
            "Deadline {deadline}. Finished: {finished} of {members, plural, one {# member} "
            "other {# members}}. Covered: {covered} of {municipalities, plural, one {# "
            "municipality} other {# municipalities}}."
        ),
    },
    "review.action.close": {"nb": "Avslutt", "nn": "Avslutt", "en": "Close"},
    "review.confirm.title": {
        "nb": "Avslutte gjennomgang nr. {id} ({group})?",
        "nn": "Avslutte gjennomgang nr. {id} ({group})?",
        "en": "Close review round no. {id} ({group})?",
    },
    "review.confirm.text": {
        "nb": (
            "Etter avslutning kan ingen svare eller endre svarene sine, og resultatet legges ut "
            "i kanalen og føres i beslutningsloggen."
        ),
        "nn": (
            "Etter avslutninga kan ingen svare eller endre svara sine, og resultatet blir lagt "
            "ut i kanalen og ført i avgjerdsloggen."
        ),
        "en": (
            "Once closed, no one can answer or change their answers, and the result is posted "
            "in the channel and written to the decision log."
        ),
    },
    "review.confirm.close": {
        "nb": "Avslutt gjennomgangen",
        "nn": "Avslutt gjennomgangen",
        "en": "Close the round",
    },
    "review.summary.comment": {
        "nb": "Kommentar: {comment}",
        "nn": "Kommentar: {comment}",
        "en": "Comment: {comment}",
    },
    "review.summary.proposal": {
        "nb": "Forslag til ny tekst: {proposal}",
        "nn": "Forslag til ny tekst: {proposal}",
        "en": "Proposed wording: {proposal}",
    },
    "review.summary.more_remarks": {
        "nb": "… og {count, plural, one {# kommentar} other {# kommentarer}} til i eksporten.",
        "nn": "… og {count, plural, one {# kommentar} other {# kommentarar}} til i eksporten.",
        "en": "… and {count, plural, one {# more comment} other {# more comments}} in the export.",
    },
    "review.summary.export": {
        "nb": "Hele resultatet med alle svar: kravbot export review {id} --format xlsx",
        "nn": "Heile resultatet med alle svar: kravbot export review {id} --format xlsx",
        "en": "The full result with every answer: kravbot export review {id} --format xlsx",
    },
}
