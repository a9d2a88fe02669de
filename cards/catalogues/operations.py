"""Texts of the operators' commands: `kravbot people` (export-data, forget), `kravbot backup` and
`restore`, `kravbot outbox`, `kravbot doctor`, `kravbot db` and `kravbot package`.

Setting names, commands, URLs and table names are identifiers: they come in as values, never
translated.
"""

from __future__ import annotations

from typing import Final

from cards.catalogues import Catalogue

_ROWS: Final[dict[str, str]] = {
    "nb": "{count, plural, one {# rad} other {# rader}}",
    "nn": "{count, plural, one {# rad} other {# rader}}",
    "en": "{count, plural, one {# row} other {# rows}}",
}

PEOPLE: Final[Catalogue] = {
    "operations.people.error.no_match": {
        "nb": "ingen person passer til «{reference}» (oppgi ID, e-post, Teams-ID eller Entra-ID)",
        "nn": "ingen person passar til «{reference}» (oppgi ID, e-post, Teams-ID eller Entra-ID)",
        "en": "no person matches “{reference}” (give an ID, email, Teams ID or Entra ID)",
    },
    "operations.people.error.ambiguous": {
        "nb": "{count, plural, one {# person passer} other {# personer passer}}; "
        "oppgi én av ID-ene {ids}",
        "nn": "{count, plural, one {# person passar} other {# personar passar}}; "
        "oppgi éin av ID-ane {ids}",
        "en": "{count, plural, one {# person matches} other {# people match}}; "
        "give one of the IDs {ids}",
    },
    "operations.people.wrote": {
        "nb": "Skrev {file}.",
        "nn": "Skreiv {file}.",
        "en": "Wrote {file}.",
    },
    "operations.people.would_forget": {
        "nb": "Person {id} blir glemt når du kjører kommandoen på nytt med --yes.",
        "nn": "Person {id} blir gløymd når du køyrer kommandoen på nytt med --yes.",
        "en": "Person {id} is forgotten when you run the command again with --yes.",
    },
    "operations.people.forgotten": {
        "nb": "Person {id} heter nå «{pseudonym}».",
        "nn": "Person {id} heiter no «{pseudonym}».",
        "en": "Person {id} is now called “{pseudonym}”.",
    },
    "operations.people.removed": {
        "nb": "Fjernet: navn, e-post, Teams-ID, Entra-ID, språk, organisasjon i Entra, "
        "chatten med Kravbot og medlemskap i grupper.",
        "nn": "Fjerna: namn, e-post, Teams-ID, Entra-ID, språk, organisasjon i Entra, "
        "chatten med Kravbot og medlemskap i grupper.",
        "en": "Removed: name, email, Teams ID, Entra ID, language, Entra organisation, "
        "the chat with Kravbot and group memberships.",
    },
    "operations.people.deleted": {
        "nb": "{table}: slettet " + _ROWS["nb"],
        "nn": "{table}: sletta " + _ROWS["nn"],
        "en": "{table}: deleted " + _ROWS["en"],
    },
    "operations.people.changed": {
        "nb": "{table}: byttet ut navn eller e-post i " + _ROWS["nb"],
        "nn": "{table}: bytte ut namn eller e-post i " + _ROWS["nn"],
        "en": "{table}: replaced the name or email in " + _ROWS["en"],
    },
    "operations.people.kept": {
        "nb": "Dette blir stående, og hvorfor:",
        "nn": "Dette blir ståande, og kvifor:",
        "en": "Kept, and why:",
    },
    # The English of the three reasons is also what `export-data` writes (`kept_on_forget`).
    "operations.people.kept.decisions": {
        "nb": "oppføringer i beslutningsloggen som nevner personen: protokoll fra vedtak i et "
        "offentlig organ, som arkivet må ta vare på (arkivlova); loggen kan bare utvides og er "
        "kjedet sammen med kontrollsummer, så den kan fortsatt kontrolleres",
        "nn": "oppføringar i avgjerdsloggen som nemner personen: protokoll frå vedtak i eit "
        "offentleg organ, som arkivet må ta vare på (arkivlova); loggen kan berre utvidast og er "
        "kjeda saman med kontrollsummar, så han kan framleis kontrollerast",
        "en": "decision log entries naming the person: minutes of decisions of a public body, "
        "which the archive must keep (arkivlova); the log is append-only and hash-chained, so it "
        "stays verifiable",
    },
    "operations.people.kept.answers": {
        "nb": "stemmene og svarene i gjennomganger, under pseudonymet: resultatet og "
        "kommunedekningen i avsluttede avstemninger og gjennomganger skal ikke endre seg; navn "
        "og e-post i kommentarer blir byttet ut",
        "nn": "røystene og svara i gjennomgangar, under pseudonymet: resultatet og dekninga av "
        "kommunar i avslutta avrøystingar og gjennomgangar skal ikkje endre seg; namn "
        "og e-post i kommentarar blir bytte ut",
        "en": "their votes and review answers, under the pseudonym: the results and municipal "
        "coverage of closed polls and rounds must not change; names and email in comments are "
        "replaced",
    },
    "operations.people.kept.municipality": {
        "nb": "kommunen: svarene telles per kommune, og kommunen alene peker ikke ut en person",
        "nn": "kommunen: svara blir talde per kommune, og kommunen åleine peikar ikkje ut ein "
        "person",
        "en": "their municipality: answers count per municipality, and it does not identify a "
        "person",
    },
    "operations.people.kept_decisions": {
        "nb": "beslutninger som nevner personen: {decisions}",
        "nn": "avgjerder som nemner personen: {decisions}",
        "en": "decisions naming the person: {decisions}",
    },
}

BACKUP: Final[Catalogue] = {
    "operations.backup.wrote": {
        "nb": "Skrev {file}: {rows, plural, one {# rad} other {# rader}} i "
        "{tables, plural, one {# tabell} other {# tabeller}}, skjemarevisjon {revision}.",
        "nn": "Skreiv {file}: {rows, plural, one {# rad} other {# rader}} i "
        "{tables, plural, one {# tabell} other {# tabellar}}, skjemaversjon {revision}.",
        "en": "Wrote {file}: {rows, plural, one {# row} other {# rows}} in "
        "{tables, plural, one {# table} other {# tables}}, schema revision {revision}.",
    },
    "operations.backup.restored": {
        "nb": "Gjenopprettet {rows, plural, one {# rad} other {# rader}} i "
        "{tables, plural, one {# tabell} other {# tabeller}}, skjemarevisjon {revision}.",
        "nn": "Gjenoppretta {rows, plural, one {# rad} other {# rader}} i "
        "{tables, plural, one {# tabell} other {# tabellar}}, skjemaversjon {revision}.",
        "en": "Restored {rows, plural, one {# row} other {# rows}} in "
        "{tables, plural, one {# table} other {# tables}}, schema revision {revision}.",
    },
    "operations.backup.verify_hint": {
        "nb": "Kjør «{command}» for å kontrollere beslutningsloggen.",
        "nn": "Køyr «{command}» for å kontrollere avgjerdsloggen.",
        "en": "Run “{command}” to check the decision log.",
    },
    "operations.backup.error.file": {
        "nb": "kan ikke bruke filen {file} ({reason})",
        "nn": "kan ikkje bruke fila {file} ({reason})",
        "en": "cannot use the file {file} ({reason})",
    },
    "operations.backup.error.no_schema": {
        "nb": "databasen har ikke skjemaet til Kravbot (kjør «{command}»)",
        "nn": "databasen har ikkje skjemaet til Kravbot (køyr «{command}»)",
        "en": "the database has no Kravbot schema (run “{command}”)",
    },
    "operations.backup.error.not_json": {
        "nb": "ikke en sikkerhetskopi fra Kravbot (ikke JSON: {reason})",
        "nn": "ikkje ein reservekopi frå Kravbot (ikkje JSON: {reason})",
        "en": "not a Kravbot backup (not JSON: {reason})",
    },
    "operations.backup.error.no_marker": {
        "nb": "ikke en sikkerhetskopi fra Kravbot (formatmerket {marker} mangler)",
        "nn": "ikkje ein reservekopi frå Kravbot (merket {marker} manglar)",
        "en": "not a Kravbot backup (no {marker} format marker)",
    },
    "operations.backup.error.version": {
        "nb": "sikkerhetskopien har formatversjon {found}, ikke {expected}",
        "nn": "reservekopien har versjon {found} av formatet, ikkje {expected}",
        "en": "backup format version {found} is not {expected}",
    },
    "operations.backup.error.unknown_tables": {
        "nb": "sikkerhetskopien har tabeller som denne versjonen av Kravbot ikke kjenner",
        "nn": "reservekopien har tabellar som denne versjonen av Kravbot ikkje kjenner",
        "en": "the backup holds tables this version of Kravbot does not know",
    },
    "operations.backup.error.columns": {
        "nb": "kolonnene i tabellen {table} er ikke de samme som i skjemaet til denne versjonen",
        "nn": "kolonnane i tabellen {table} er ikkje dei same som i skjemaet til denne versjonen",
        "en": "the columns of table {table} differ from this version's schema",
    },
    "operations.backup.error.revision": {
        "nb": "sikkerhetskopien er fra skjemarevisjon {found}, denne Kravbot er på {head}: "
        "gjenopprett med versjonen som tok den, og kjør så «{command}»",
        "nn": "reservekopien er frå skjemaversjon {found}, denne Kravbot er på {head}: "
        "du må gjenopprette med versjonen som tok han, og så køyre «{command}»",
        "en": "the backup is at schema revision {found}, this Kravbot at {head}: restore with "
        "the version that took it, then run “{command}”",
    },
    "operations.backup.error.not_empty": {
        "nb": "databasen du gjenoppretter til, er ikke tom ({tables})",
        "nn": "databasen du gjenopprettar til, er ikkje tom ({tables})",
        "en": "the target database is not empty ({tables})",
    },
}

OUTBOX: Final[Catalogue] = {
    "operations.outbox.status.pending": {"nb": "venter", "nn": "ventar", "en": "pending"},
    "operations.outbox.status.sending": {
        "nb": "sendes nå",
        "nn": "blir send no",
        "en": "sending",
    },
    "operations.outbox.status.sent": {"nb": "sendt", "nn": "sendt", "en": "sent"},
    "operations.outbox.status.superseded": {
        "nb": "erstattet",
        "nn": "erstatta",
        "en": "superseded",
    },
    "operations.outbox.status.blocked": {"nb": "blokkert", "nn": "blokkert", "en": "blocked"},
    "operations.outbox.status.dead": {"nb": "gitt opp", "nn": "gitt opp", "en": "dead"},
    "operations.outbox.oldest_none": {
        "nb": "eldste som venter: ingen",
        "nn": "eldste som ventar: ingen",
        "en": "oldest pending: none",
    },
    "operations.outbox.oldest": {
        "nb": "eldste som venter: {age} gammel",
        "nn": "eldste som ventar: {age} gammal",
        "en": "oldest pending: {age} old",
    },
    "operations.outbox.age.seconds": {
        "nb": "{seconds} sek",
        "nn": "{seconds} sek",
        "en": "{seconds}s",
    },
    "operations.outbox.age.minutes": {
        "nb": "{minutes} min",
        "nn": "{minutes} min",
        "en": "{minutes}m",
    },
    "operations.outbox.age.hours": {
        "nb": "{hours, plural, one {# time} other {# timer}} {minutes} min",
        "nn": "{hours, plural, one {# time} other {# timar}} {minutes} min",
        "en": "{hours}h{minutes}m",
    },
    "operations.outbox.retrying": {
        "nb": "prøver igjen etter forbigående feil: "
        "{count, plural, one {# melding} other {# meldinger}}, feiler i {age}",
        "nn": "prøver igjen etter mellombels feil: "
        "{count, plural, one {# melding} other {# meldingar}}, feilar i {age}",
        "en": "retrying after transient failures: "
        "{count, plural, one {# message} other {# messages}}, failing for {age}",
    },
    "operations.outbox.outage": {
        "nb": "TEAMS FEILER: siste feil {error}",
        "nn": "TEAMS FEILAR: siste feil {error}",
        "en": "TEAMS IS FAILING: last error {error}",
    },
    "operations.outbox.requeued": {
        "nb": "Satte {count, plural, one {# melding} other {# meldinger}} som var gitt opp, "
        "i kø igjen.",
        "nn": "Sette {count, plural, one {# melding} other {# meldingar}} som var gitt opp, "
        "i kø igjen.",
        "en": "Queued {count, plural, one {# dead message} other {# dead messages}} again.",
    },
}

# `kravbot db upgrade|current` and `kravbot package`.
DATABASE_AND_PACKAGE: Final[Catalogue] = {
    "operations.db.revision": {
        "nb": "Databasen er på revisjon {revision}.",
        "nn": "Databasen er på revisjon {revision}.",
        "en": "Database at revision {revision}.",
    },
    "operations.db.current": {
        "nb": "Databasen er på revisjon {current} (den nyeste i denne versjonen er {head}).",
        "nn": "Databasen er på revisjon {current} (den nyaste i denne versjonen er {head}).",
        "en": "Database at revision {current} (newest shipped: {head}).",
    },
    "operations.db.empty": {
        "nb": "Databasen har ingen revisjon ennå (den nyeste i denne versjonen er {head}).",
        "nn": "Databasen har ingen revisjon enno (den nyaste i denne versjonen er {head}).",
        "en": "Database without a revision yet (newest shipped: {head}).",
    },
    "operations.package.needs_app_id": {
        "nb": "oppgi {option} eller sett {setting}",
        "nn": "oppgi {option} eller set {setting}",
        "en": "give {option} or set {setting}",
    },
    "operations.package.wrote": {
        "nb": "Skrev {file}.",
        "nn": "Skreiv {file}.",
        "en": "Wrote {file}.",
    },
}

_DOCTOR_CHECKS: Final[Catalogue] = {
    "operations.doctor.level.ok": {"nb": "OK", "nn": "OK", "en": "OK"},
    "operations.doctor.level.skip": {"nb": "hoppet over", "nn": "hoppa over", "en": "skip"},
    "operations.doctor.level.problem": {"nb": "PROBLEM", "nn": "PROBLEM", "en": "PROBLEM"},
    "operations.doctor.check.configuration": {
        "nb": "innstillinger",
        "nn": "innstillingar",
        "en": "configuration",
    },
    "operations.doctor.check.database": {"nb": "database", "nn": "database", "en": "database"},
    "operations.doctor.check.schema": {"nb": "skjema", "nn": "skjema", "en": "schema"},
    "operations.doctor.check.token_keys": {
        "nb": "OpenID-oppsett",
        "nn": "OpenID-oppsett",
        "en": "OpenID metadata",
    },
    "operations.doctor.check.clock": {"nb": "klokke", "nn": "klokke", "en": "clock"},
    "operations.doctor.check.credentials": {
        "nb": "identiteten til Kravbot",
        "nn": "identiteten til Kravbot",
        "en": "bot credentials",
    },
    "operations.doctor.check.graph": {
        "nb": "Microsoft Graph",
        "nn": "Microsoft Graph",
        "en": "Microsoft Graph",
    },
    "operations.doctor.check.signing_key": {
        "nb": "signeringsnøkkel",
        "nn": "signeringsnøkkel",
        "en": "signing key",
    },
    "operations.doctor.check.package": {
        "nb": "Teams-pakken",
        "nn": "Teams-pakken",
        "en": "Teams app package",
    },
    "operations.doctor.summary": {
        "nb": "{count, plural, =0 {Fant ingen problemer.} one {# problem.} other {# problemer.}}",
        "nn": "{count, plural, =0 {Fann ingen problem.} one {# problem.} other {# problem.}}",
        "en": "{count, plural, =0 {No problems found.} one {# problem.} other {# problems.}}",
    },
}

_DOCTOR_DETAILS: Final[Catalogue] = {
    # A reason that comes as it is: a setting's error, an exception's name, Entra's error code.
    "operations.doctor.failed": {
        "nb": "feil: {error}",
        "nn": "feil: {error}",
        "en": "error: {error}",
    },
    "operations.doctor.config.ok": {
        "nb": "alle innstillinger er gyldige",
        "nn": "alle innstillingane er gyldige",
        "en": "all settings valid",
    },
    "operations.doctor.database.silent": {
        "nb": "svarer ikke",
        "nn": "svarar ikkje",
        "en": "does not answer",
    },
    "operations.doctor.database.ok": {
        "nb": "svarer ({dialect})",
        "nn": "svarar ({dialect})",
        "en": "answers ({dialect})",
    },
    "operations.doctor.schema.behind": {
        "nb": "på revisjon {current}, denne versjonen trenger {head}",
        "nn": "på revisjon {current}, denne versjonen treng {head}",
        "en": "at revision {current}, this version needs {head}",
    },
    "operations.doctor.schema.empty": {
        "nb": "ingen revisjon ennå, denne versjonen trenger {head}",
        "nn": "ingen revisjon enno, denne versjonen treng {head}",
        "en": "no revision yet, this version needs {head}",
    },
    "operations.doctor.schema.ok": {
        "nb": "på revisjon {head}",
        "nn": "på revisjon {head}",
        "en": "at revision {head}",
    },
    "operations.doctor.clock.no_date": {
        "nb": "{source} sendte ikke tidsfeltet {header}",
        "nn": "{source} sende ikkje feltet {header}",
        "en": "{source} sent no {header} header",
    },
    "operations.doctor.clock.unreadable": {
        "nb": "{source} sendte et tidsfelt {header} som ikke kan leses",
        "nn": "{source} sende eit felt {header} som ikkje kan lesast",
        "en": "{source} sent an unreadable {header} header",
    },
    "operations.doctor.clock.skew": {
        "nb": "{skew} sekunder unna {source}",
        "nn": "{skew} sekund unna {source}",
        "en": "{skew} seconds off {source}",
    },
    "operations.doctor.clock.ok": {
        "nb": "høyst {seconds, plural, one {# sekund} other {# sekunder}} unna {source}",
        "nn": "høgst {seconds, plural, one {# sekund} other {# sekund}} unna {source}",
        "en": "within {seconds, plural, one {# second} other {# seconds}} of {source}",
    },
    "operations.doctor.url.answered": {
        "nb": "{url} svarte {status}",
        "nn": "{url} svarte {status}",
        "en": "{url} answered {status}",
    },
    "operations.doctor.url.unreachable": {
        "nb": "{url} kan ikke nås ({error})",
        "nn": "{url} kan ikkje nåast ({error})",
        "en": "{url} unreachable ({error})",
    },
    "operations.doctor.url.ok": {
        "nb": "{url} kan nås",
        "nn": "{url} kan nåast",
        "en": "{url} reachable",
    },
    "operations.doctor.credentials.local": {
        "nb": "lokal modus (uten {setting}): ingen autentisering",
        "nn": "lokal modus (utan {setting}): ingen kontroll av identitet",
        "en": "local mode (no {setting}): no authentication",
    },
    "operations.doctor.credentials.managed": {
        "nb": "administrert identitet: {cloud} kontrollerer den når Kravbot kjører",
        "nn": "administrert identitet: {cloud} kontrollerer han når Kravbot køyrer",
        "en": "managed identity: checked by {cloud} at run time",
    },
    "operations.doctor.credentials.refused": {
        "nb": "kunne ikke logge på ({reason})",
        "nn": "kunne ikkje logge på ({reason})",
        "en": "no token ({reason})",
    },
    "operations.doctor.credentials.ok": {
        "nb": "{service} godtok påloggingen",
        "nn": "{service} godtok identiteten",
        "en": "a {service} token was issued",
    },
    "operations.doctor.graph.disabled": {
        "nb": "{setting} er slått av",
        "nn": "{setting} er slått av",
        "en": "{setting} is false",
    },
    "operations.doctor.graph.ok": {
        "nb": "brukere kan leses (HTTP {status})",
        "nn": "brukarar kan lesast (HTTP {status})",
        "en": "users readable (HTTP {status})",
    },
    "operations.doctor.signing.unset": {
        "nb": "verken {inline} eller {file} er satt",
        "nn": "verken {inline} eller {file} er sett",
        "en": "neither {inline} nor {file} is set",
    },
    "operations.doctor.signing.both": {
        "nb": "både {inline} og {file} er satt",
        "nn": "både {inline} og {file} er sett",
        "en": "both {inline} and {file} are set",
    },
    "operations.doctor.signing.unreadable": {
        "nb": "{file} kan ikke leses ({error})",
        "nn": "{file} kan ikkje lesast ({error})",
        "en": "{file} unreadable ({error})",
    },
    "operations.doctor.signing.malformed": {
        "nb": "ikke en signeringsnøkkel i {algorithm} (PEM, eller base64 av 32 byte)",
        "nn": "ikkje ein signeringsnøkkel i {algorithm} (PEM, eller base64 av 32 byte)",
        "en": "not an {algorithm} signing key (PEM, or base64 of 32 bytes)",
    },
    "operations.doctor.signing.ok": {
        "nb": "finnes og har riktig format",
        "nn": "finst og har rett format",
        "en": "present and well-formed",
    },
    "operations.doctor.package.no_app": {
        "nb": "trenger {setting}",
        "nn": "treng {setting}",
        "en": "needs {setting}",
    },
    "operations.doctor.package.ok": {
        "nb": "kan bygges ({command})",
        "nn": "kan byggjast ({command})",
        "en": "builds ({command})",
    },
}

# What to do about a problem: printed after the detail, following `->`.
_DOCTOR_FIXES: Final[Catalogue] = {
    "operations.doctor.fix.setting": {
        "nb": "rett den innstillingen",
        "nn": "rett den innstillinga",
        "en": "fix that setting",
    },
    "operations.doctor.fix.server": {
        "nb": "sjekk {setting} og at databasetjeneren kjører",
        "nn": "sjekk {setting} og at tenaren til databasen køyrer",
        "en": "check {setting} and that the server runs",
    },
    "operations.doctor.fix.database": {
        "nb": "sjekk databasen",
        "nn": "sjekk databasen",
        "en": "check the database",
    },
    "operations.doctor.fix.run": {
        "nb": "kjør «{command}»",
        "nn": "køyr «{command}»",
        "en": "run “{command}”",
    },
    "operations.doctor.fix.clock": {
        "nb": "synkroniser klokka ({protocol})",
        "nn": "synkroniser klokka ({protocol})",
        "en": "synchronise the clock ({protocol})",
    },
    "operations.doctor.fix.outbound": {
        "nb": "tillat utgående {protocol} dit, eller rett {setting}",
        "nn": "tillat utgåande {protocol} dit, eller rett {setting}",
        "en": "allow outbound {protocol} to it, or correct {setting}",
    },
    "operations.doctor.fix.https": {
        "nb": "tillat utgående {protocol}",
        "nn": "tillat utgåande {protocol}",
        "en": "allow outbound {protocol}",
    },
    "operations.doctor.fix.credentials": {
        "nb": "sjekk {settings} (har passordet gått ut?)",
        "nn": "sjekk {settings} (har passordet gått ut?)",
        "en": "check {settings} (has the password expired?)",
    },
    "operations.doctor.fix.registration": {
        "nb": "sjekk registreringen i Entra",
        "nn": "sjekk registreringa i Entra",
        "en": "check the app registration",
    },
    "operations.doctor.fix.permission": {
        "nb": "gi Kravbot tillatelsen {permission} med samtykke fra en administrator",
        "nn": "gi Kravbot løyvet {permission} med samtykke frå ein administrator",
        "en": "grant the application permission {permission} with admin consent",
    },
    "operations.doctor.fix.later": {
        "nb": "prøv igjen senere",
        "nn": "prøv igjen seinare",
        "en": "try again later",
    },
    "operations.doctor.fix.keep_one": {
        "nb": "behold bare én av dem",
        "nn": "behald berre éin av dei",
        "en": "keep one",
    },
    "operations.doctor.fix.mount": {
        "nb": "monter hemmeligheten fra {vault} der",
        "nn": "monter hemmelegheita frå {vault} der",
        "en": "mount the {vault} secret there",
    },
    "operations.doctor.fix.folder": {
        "nb": "rett {folder}",
        "nn": "rett {folder}",
        "en": "fix {folder}",
    },
}

TEXTS: Final[Catalogue] = {
    **PEOPLE,
    **BACKUP,
    **OUTBOX,
    **DATABASE_AND_PACKAGE,
    **_DOCTOR_CHECKS,
    **_DOCTOR_DETAILS,
}
TEXTS.update(_DOCTOR_FIXES)
