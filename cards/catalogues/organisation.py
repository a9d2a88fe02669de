"""Texts of organisation administration: groups, aliases, archiving, participating
municipalities, roles and reachability."""

from __future__ import annotations

from typing import Final

from cards.catalogues import Catalogue

TEXTS: Final[Catalogue] = {
    "catalogue.kind.owner": {"nb": "Prosjekteier", "nn": "Prosjekteigar", "en": "Project owner"},
    # ---------------------------------------------------------------- refusals
    "catalogue.organisation.code": {
        "nb": "«{value}» kan ikke være en gruppekode. Bruk 1 til 16 store bokstaver eller sifre.",
        "nn": (
            "«{value}» kan ikkje vere ein gruppekode. Bruk 1 til 16 store bokstavar eller siffer."
        ),
        "en": "“{value}” cannot be a group code. Use 1 to 16 capital letters or digits.",
    },
    "catalogue.organisation.name": {
        "nb": "Navnet må ha mellom 1 og {limit, plural, one {# tegn} other {# tegn}}.",
        "nn": "Namnet må ha mellom 1 og {limit, plural, one {# teikn} other {# teikn}}.",
        "en": (
            "The name must have between 1 and "
            "{limit, plural, one {# character} other {# characters}}."
        ),
    },
    "catalogue.organisation.kind": {
        "nb": "«{kind}» er ikke en gruppetype.",
        "nn": "«{kind}» er ikkje ein gruppetype.",
        "en": "“{kind}” is not a kind of group.",
    },
    "catalogue.organisation.taken": {
        "nb": "«{name}» brukes allerede av gruppen {group}.",
        "nn": "«{name}» blir alt brukt av gruppa {group}.",
        "en": "“{name}” is already used by the group {group}.",
    },
    "catalogue.organisation.repeated": {
        "nb": "«{name}» står to ganger.",
        "nn": "«{name}» står to gonger.",
        "en": "“{name}” is given twice.",
    },
    "catalogue.organisation.unknown_group": {
        "nb": "Jeg finner ikke gruppen «{group}».",
        "nn": "Eg finn ikkje gruppa «{group}».",
        "en": "I cannot find the group “{group}”.",
    },
    "catalogue.organisation.no_alias": {
        "nb": "Gruppen {group} har ikke navnet «{name}».",
        "nn": "Gruppa {group} har ikkje namnet «{name}».",
        "en": "The group {group} has no alias “{name}”.",
    },
    "catalogue.organisation.busy": {
        "nb": (
            "Gruppen {group} kan ikke arkiveres ennå: den har "
            "{rounds, plural, one {# åpen gjennomgang} other {# åpne gjennomganger}} og "
            "{polls, plural, one {# åpen avstemning} other {# åpne avstemninger}}. "
            "Avslutt dem først."
        ),
        "nn": (
            "Gruppa {group} kan ikkje arkiverast enno: ho har "
            "{rounds, plural, one {# open gjennomgang} other {# opne gjennomgangar}} og "
            "{polls, plural, one {# open avrøysting} other {# opne avrøystingar}}. "
            "Avslutt dei først."
        ),
        "en": (
            "The group {group} cannot be archived yet: it has "
            "{rounds, plural, one {# open review round} other {# open review rounds}} and "
            "{polls, plural, one {# open poll} other {# open polls}}. Close them first."
        ),
    },
    "catalogue.organisation.unknown_municipality": {
        "nb": "Jeg kjenner ikke disse kommunene: {names}. Ingenting er endret.",
        "nn": "Eg kjenner ikkje desse kommunane: {names}. Ingenting er endra.",
        "en": "I do not know these municipalities: {names}. Nothing was changed.",
    },
    "catalogue.organisation.unknown_person": {
        "nb": "Jeg finner ikke personen «{person}».",
        "nn": "Eg finn ikkje personen «{person}».",
        "en": "I cannot find the person “{person}”.",
    },
    "catalogue.organisation.role_needs_group": {
        "nb": "Rollen {role} gjelder i en gruppe. Oppgi gruppen.",
        "nn": "Rolla {role} gjeld i ei gruppe. Oppgi gruppa.",
        "en": "The role {role} belongs to a group. Give the group.",
    },
    "catalogue.organisation.not_member": {
        "nb": "{person} er ikke medlem av gruppen {group}. Ingenting er endret.",
        "nn": "{person} er ikkje medlem av gruppa {group}. Ingenting er endra.",
        "en": "{person} is not a member of the group {group}. Nothing was changed.",
    },
    "catalogue.organisation.role": {
        "nb": "«{role}» er ikke en rolle jeg kjenner.",
        "nn": "«{role}» er ikkje ei rolle eg kjenner.",
        "en": "“{role}” is not a role I know.",
    },
    "catalogue.organisation.no_municipality": {
        "nb": "{person} har ingen kommune. Oppgi kommunen.",
        "nn": "{person} har ingen kommune. Oppgi kommunen.",
        "en": "{person} has no municipality. Give the municipality.",
    },
    # ---------------------------------------------------------------- the "ny gruppe" form
    "command.new_group.description": {
        "nb": "Opprett en ny gruppe (prosjektleder)",
        "nn": "Opprett ei ny gruppe (prosjektleiar)",
        "en": "Create a new group (project lead)",
    },
    "organisation.new.not_allowed": {
        "nb": "Beklager, bare prosjektlederen og administratorer kan opprette grupper.",
        "nn": "Orsak, berre prosjektleiaren og administratorar kan opprette grupper.",
        "en": "Sorry, only the project lead and administrators can create groups.",
    },
    "organisation.form.title": {"nb": "Ny gruppe", "nn": "Ny gruppe", "en": "New group"},
    "organisation.form.intro": {
        "nb": (
            "Gi gruppen en kort kode (som HJT), det fulle navnet og typen. Andre navn gruppen "
            "går under, skiller du med komma."
        ),
        "nn": (
            "Gi gruppa ein kort kode (som HJT), det fulle namnet og typen. Andre namn gruppa "
            "går under, skil du med komma."
        ),
        "en": (
            "Give the group a short code (like HJT), its full name and its kind. Separate other "
            "names the group goes by with commas."
        ),
    },
    "organisation.form.problems": {
        "nb": "Gruppen er ikke opprettet: {problems}",
        "nn": "Gruppa er ikkje oppretta: {problems}",
        "en": "The group was not created: {problems}",
    },
    "organisation.form.code_label": {"nb": "Kode", "nn": "Kode", "en": "Code"},
    "organisation.form.code_error": {
        "nb": "Skriv en kode.",
        "nn": "Skriv ein kode.",
        "en": "Enter a code.",
    },
    "organisation.form.name_label": {"nb": "Navn", "nn": "Namn", "en": "Name"},
    "organisation.form.name_error": {
        "nb": "Skriv gruppens navn.",
        "nn": "Skriv namnet på gruppa.",
        "en": "Enter the group's name.",
    },
    "organisation.form.kind_label": {"nb": "Type", "nn": "Type", "en": "Kind"},
    "organisation.form.kind_error": {
        "nb": "Velg en type.",
        "nn": "Vel ein type.",
        "en": "Choose a kind.",
    },
    "organisation.form.aliases_label": {
        "nb": "Andre navn",
        "nn": "Andre namn",
        "en": "Other names",
    },
    "organisation.form.aliases_hint": {
        "nb": "For eksempel: Hjemmetjenesten, Hjemmebaserte tjenester",
        "nn": "Til dømes: Heimetenesta, Heimebaserte tenester",
        "en": "For example: Home care, Home-based services",
    },
    "organisation.form.save": {
        "nb": "Opprett gruppen",
        "nn": "Opprett gruppa",
        "en": "Create the group",
    },
    "organisation.created.title": {
        "nb": "Gruppen {group} er opprettet.",
        "nn": "Gruppa {group} er oppretta.",
        "en": "The group {group} has been created.",
    },
    "organisation.created.next": {
        "nb": "Skriv «koble {group}» i gruppens kanal for å koble den dit.",
        "nn": "Skriv «kople {group}» i kanalen til gruppa for å kople ho dit.",
        "en": "Write “link {group}” in the group's channel to link it there.",
    },
    # ---------------------------------------------------------------- reachability
    "catalogue.reach.reachable": {
        "nb": "har chat med Kravbot",
        "nn": "har chat med Kravbot",
        "en": "has a chat with Kravbot",
    },
    "catalogue.reach.can_create": {
        "nb": "kan nås (chat opprettes)",
        "nn": "kan nåast (chat blir oppretta)",
        "en": "can be reached (a chat will be created)",
    },
    "catalogue.reach.no_account": {
        "nb": "ingen Teams-konto koblet",
        "nn": "ingen Teams-konto kopla",
        "en": "no Teams account linked",
    },
    "catalogue.reach.not_installed": {
        "nb": "Kravbot er ikke installert for personen",
        "nn": "Kravbot er ikkje installert for personen",
        "en": "Kravbot is not installed for this person",
    },
    "catalogue.reach.blocked": {
        "nb": "har blokkert Kravbot",
        "nn": "har blokkert Kravbot",
        "en": "has blocked Kravbot",
    },
    "catalogue.reach.left_tenant": {
        "nb": "har sluttet og er ikke lenger i Teams",
        "nn": "har slutta og er ikkje lenger i Teams",
        "en": "has left and is no longer in Teams",
    },
    "catalogue.reach.undelivered": {
        "nb": "Teams tok ikke imot meldingen",
        "nn": "Teams tok ikkje imot meldinga",
        "en": "Teams did not accept the message",
    },
    "catalogue.reach.person": {
        "nb": "{name} ({reason})",
        "nn": "{name} ({reason})",
        "en": "{name} ({reason})",
    },
    "catalogue.reach.card_sent": {
        "nb": "{reached} av {total} har fått kortet.",
        "nn": "{reached} av {total} har fått kortet.",
        "en": "Members with the card: {reached} of {total}.",
    },
    "catalogue.reach.poll_reached": {
        "nb": "Kravbot kan sende påminnelser til {reached} av {total}.",
        "nn": "Kravbot kan sende påminningar til {reached} av {total}.",
        "en": "Kravbot can send reminders to {reached} of {total}.",
    },
    "catalogue.reach.missing": {
        "nb": "{count, plural, one {# kan ikke nås} other {# kan ikke nås}}: {names}.",
        "nn": "{count, plural, one {# kan ikkje nåast} other {# kan ikkje nåast}}: {names}.",
        "en": "{count, plural, one {# cannot be reached} other {# cannot be reached}}: {names}.",
    },
    "catalogue.reach.owner_missing": {
        "nb": "Kravbot kan ikke nå eieren: {names}.",
        "nn": "Kravbot kan ikkje nå eigaren: {names}.",
        "en": "Kravbot cannot reach the owner: {names}.",
    },
    "catalogue.reach.lead_review": {
        "nb": (
            "Gjennomgang nr. {id} for {group}: {count, plural, one {# medlem} other "
            "{# medlemmer}} fikk ikke kortet fordi Kravbot ikke kan nå dem: {names}."
        ),
        "nn": (
            "Gjennomgang nr. {id} for {group}: {count, plural, one {# medlem} other "
            "{# medlemer}} fekk ikkje kortet fordi Kravbot ikkje kan nå dei: {names}."
        ),
        "en": (
            "Review round no. {id} for {group}: {count, plural, one {# member} other "
            "{# members}} did not get the card because Kravbot cannot reach them: {names}."
        ),
    },
    "catalogue.reach.lead_poll": {
        "nb": (
            "Avstemning nr. {id} for {group}: Kravbot kan ikke nå {count, plural, one "
            "{# medlem} other {# medlemmer}} og kan ikke minne dem på fristen: {names}."
        ),
        "nn": (
            "Avrøysting nr. {id} for {group}: Kravbot kan ikkje nå {count, plural, one "
            "{# medlem} other {# medlemer}} og kan ikkje minne dei på fristen: {names}."
        ),
        "en": (
            "Poll no. {id} for {group}: Kravbot cannot reach {count, plural, one {# member} "
            "other {# members}} and cannot remind them of the deadline: {names}."
        ),
    },
    "catalogue.reach.lead_later": {
        "nb": "Kravbot fikk ikke levert en melding: {names}.",
        "nn": "Kravbot fekk ikkje levert ei melding: {names}.",
        "en": "Kravbot could not deliver a message: {names}.",
    },
    "catalogue.reach.not_lead": {
        "nb": "Beklager, bare prosjektleder og administratorer kan se hvem Kravbot ikke kan nå.",
        "nn": "Orsak, berre prosjektleiar og administratorar kan sjå kven Kravbot ikkje kan nå.",
        "en": "Sorry, only the project lead and administrators can see who Kravbot cannot reach.",
    },
    "catalogue.reach.everyone": {
        "nb": "Kravbot kan nå alle.",
        "nn": "Kravbot kan nå alle.",
        "en": "Kravbot can reach everyone.",
    },
    "catalogue.reach.title": {
        "nb": "{count, plural, one {# person kan ikke nås} other {# personer kan ikke nås}}",
        "nn": "{count, plural, one {# person kan ikkje nåast} other {# personar kan ikkje nåast}}",
        "en": (
            "{count, plural, one {# person cannot be reached} other {# people cannot be reached}}"
        ),
    },
    "catalogue.reach.line": {
        "nb": "{name}: {reason}",
        "nn": "{name}: {reason}",
        "en": "{name}: {reason}",
    },
    "catalogue.groups.participating": {
        "nb": "Deltakerkommuner",
        "nn": "Deltakarkommunar",
        "en": "Participating municipalities",
    },
    "catalogue.organisation.saved": {
        "nb": "Lagret: {group}.",
        "nn": "Lagra: {group}.",
        "en": "Saved: {group}.",
    },
    "catalogue.organisation.members": {
        "nb": "{count, plural, one {# medlem} other {# medlemmer}}",
        "nn": "{count, plural, one {# medlem} other {# medlemer}}",
        "en": "{count, plural, one {# member} other {# members}}",
    },
    "catalogue.groups.places": {
        "nb": "Deltakerkommuner: {names}.",
        "nn": "Deltakarkommunar: {names}.",
        "en": "Participating municipalities: {names}.",
    },
    "catalogue.groups.chair": {"nb": "Leder", "nn": "Leiar", "en": "Chair"},
    "catalogue.groups.deputy": {"nb": "Nestleder", "nn": "Nestleiar", "en": "Deputy chair"},
    "catalogue.groups.aliases": {"nb": "Også kalt", "nn": "Også kalla", "en": "Also called"},
    "catalogue.groups.archived": {"nb": "Arkivert", "nn": "Arkivert", "en": "Archived"},
    "command.who_missing.description": {
        "nb": "Vis hvem Kravbot ikke kan nå, og hvorfor",
        "nn": "Vis kven Kravbot ikkje kan nå, og kvifor",
        "en": "Show who Kravbot cannot reach, and why",
    },
    # ---------------------------------------------------------------- organisation workbook
    "imports.problem.missing_sheet": {
        "nb": "arket mangler (arkene i malen: {valid})",
        "nn": "arket manglar (arka i malen: {valid})",
        "en": "the sheet is missing (sheets of the template: {valid})",
    },
    "imports.problem.invalid_code": {
        "nb": "«{value}» kan ikke være en gruppekode (1 til 16 store bokstaver eller sifre)",
        "nn": "«{value}» kan ikkje vere ein gruppekode (1 til 16 store bokstavar eller siffer)",
        "en": "“{value}” cannot be a group code (1 to 16 capital letters or digits)",
    },
    "imports.problem.duplicate_name": {
        "nb": "«{value}» står også i rad {other_row}",
        "nn": "«{value}» står òg i rad {other_row}",
        "en": "“{value}” also appears in row {other_row}",
    },
    "imports.problem.name_taken": {
        "nb": "«{value}» brukes allerede av gruppen {group}",
        "nn": "«{value}» blir alt brukt av gruppa {group}",
        "en": "“{value}” is already used by the group {group}",
    },
    "imports.problem.unknown_person": {
        "nb": "ukjent person «{value}» (oppgi e-post til en person i arket {sheet})",
        "nn": "ukjend person «{value}» (oppgje e-post til ein person i arket {sheet})",
        "en": "unknown person “{value}” (give the email of a person on the sheet {sheet})",
    },
    "imports.problem.not_member": {
        "nb": "{value} er ikke medlem av gruppen {group} (legg gruppen til i arket {sheet})",
        "nn": "{value} er ikkje medlem av gruppa {group} (legg gruppa til i arket {sheet})",
        "en": "{value} is not a member of the group {group} (add the group on the sheet {sheet})",
    },
    "imports.problem.invalid_date": {
        "nb": "«{value}» er ikke en dato (skriv 2026-12-04, eller 2026-12 for en måned)",
        "nn": "«{value}» er ikkje ein dato (skriv 2026-12-04, eller 2026-12 for ein månad)",
        "en": "“{value}” is not a date (write 2026-12-04, or 2026-12 for a month)",
    },
    "imports.problem.refused": {"nb": "{reason}", "nn": "{reason}", "en": "{reason}"},
    "imports.organisation.line": {
        "nb": "{sheet}: {counts}",
        "nn": "{sheet}: {counts}",
        "en": "{sheet}: {counts}",
    },
    "imports.organisation.template": {
        "nb": ("Skrev malen til {file}. Fyll ut arkene og importer med «{command}»."),
        "nn": ("Skreiv malen til {file}. Fyll ut arka og importer med «{command}»."),
        "en": ("Wrote the template to {file}. Fill in the sheets, then run “{command}”."),
    },
}

# The sheets of the organisation workbook and the column names each accepts (the first is the
# template's header), compared without case, spaces, hyphens, underscores and full stops.
WORKBOOK_SHEETS: Final = ("kommuner", "grupper", "personer", "milepæler")
WORKBOOK_HEADERS: Final[dict[str, dict[str, tuple[str, ...]]]] = {
    "kommuner": {
        "municipality": ("Kommune", "Kommunenummer", "Municipality"),
        "participating": ("Deltar", "Deltakerkommune", "Participating"),
        "contact": ("Kontaktperson", "Kontakt", "Contact person"),
    },
    "grupper": {
        "code": ("Kode", "Gruppekode", "Code"),
        "name": ("Navn", "Namn", "Name"),
        "kind": ("Type", "Gruppetype", "Kind"),
        "aliases": ("Også kalt", "Også kalla", "Alias", "Aliaser", "Also called"),
        "chair": ("Leder", "Leiar", "Chair"),
        "deputy_chair": ("Nestleder", "Nestleiar", "Deputy chair"),
    },
    "milepæler": {
        "title": ("Milepæl", "Tittel", "Milestone", "Title"),
        "due": ("Frist", "Dato", "Due"),
        "precision": ("Presisjon", "Precision"),
        "phase": ("Fase", "Phase"),
        "owner": ("Ansvarlig", "Eier", "Owner"),
        "group": ("Gruppe", "Group"),
        "status": ("Status",),
    },
}
# The people sheet takes the columns of `kravbot import people` (imports.PEOPLE_HEADERS).
WORKBOOK_PEOPLE_COLUMNS: Final = ("Navn", "E-post", "Entra-ID", "Kommune", "Grupper", "Roller")
# The template's filled example row of each sheet (fictitious: `digitv.example` is reserved).
WORKBOOK_EXAMPLES: Final[dict[str, tuple[object, ...]]] = {
    "kommuner": ("Skien", "ja", "kari.nordmann@digitv.example"),
    "grupper": (
        "HJT",
        "Hjemmetjeneste",
        "Arbeidsgruppe",
        "Hjemmetjenesten; Hjemmebaserte tjenester",
        "kari.nordmann@digitv.example",
        "",
    ),
    "personer": (
        "Kari Nordmann",
        "kari.nordmann@digitv.example",
        "",
        "Skien",
        "HJT",
        "prosjektleder",
    ),
    "milepæler": (
        "Kravspesifikasjon ferdig",
        "2026-12",
        "måned",
        1,
        "kari.nordmann@digitv.example",
        "HJT",
        "planlagt",
    ),
}
YES_WORDS: Final = ("ja", "x", "yes", "true", "1")
NO_WORDS: Final = ("nei", "", "no", "false", "0")
PRECISION_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "day": ("dag", "dato", "day", "date"),
    "month": ("måned", "månad", "month"),
}
KIND_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "owner": ("eier", "prosjekteier", "prosjekteigar", "styret", "owner"),
    "steering": ("styringsgruppe", "steering"),
    "project": ("prosjektgruppe", "project"),
    "working": ("arbeidsgruppe", "working"),
    "reference": ("referansegruppe", "reference"),
}
