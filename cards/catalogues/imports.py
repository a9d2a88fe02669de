"""Texts of the imports area: spreadsheet import and export of requirements and people.

Besides the texts, this module holds the words Kravbot accepts in imported files (column names,
requirement types, statuses, roles) so that every word a user reads or writes lives in `cards/`.
"""

from __future__ import annotations

from typing import Final

from cards.catalogues import Catalogue

TEXTS: Final[Catalogue] = {
    # Column headers of exported requirement tables.
    "imports.header.key": {"nb": "Krav-ID", "nn": "Krav-ID", "en": "ID"},
    "imports.header.group": {"nb": "Arbeidsgruppe", "nn": "Arbeidsgruppe", "en": "Group"},
    "imports.header.category": {"nb": "Kategori", "nn": "Kategori", "en": "Category"},
    "imports.header.text": {"nb": "Kravtekst", "nn": "Kravtekst", "en": "Requirement"},
    "imports.header.type": {"nb": "Type", "nn": "Type", "en": "Type"},
    "imports.header.weight": {"nb": "Vekt", "nn": "Vekt", "en": "Weight"},
    "imports.header.source": {"nb": "Kilde", "nn": "Kjelde", "en": "Source"},
    "imports.header.rationale": {
        "nb": "Begrunnelse",
        "nn": "Grunngiving",
        "en": "Rationale",
    },
    "imports.header.status": {"nb": "Status", "nn": "Status", "en": "Status"},
    "imports.header.version": {"nb": "Versjon", "nn": "Versjon", "en": "Version"},
    # Column headers of people files (only read, but named in error messages).
    "imports.header.name": {"nb": "Navn", "nn": "Namn", "en": "Name"},
    "imports.header.email": {"nb": "E-post", "nn": "E-post", "en": "Email"},
    "imports.header.entra_id": {"nb": "Entra-ID", "nn": "Entra-ID", "en": "Entra ID"},
    "imports.header.municipality": {"nb": "Kommune", "nn": "Kommune", "en": "Municipality"},
    "imports.header.groups": {"nb": "Grupper", "nn": "Grupper", "en": "Groups"},
    "imports.header.roles": {"nb": "Roller", "nn": "Roller", "en": "Roles"},
    # Requirement types and statuses as shown.
    "imports.type.must": {"nb": "Skal", "nn": "Skal", "en": "Must"},
    "imports.type.should": {"nb": "Bør", "nn": "Bør", "en": "Should"},
    "imports.status.draft": {"nb": "Utkast", "nn": "Utkast", "en": "Draft"},
    "imports.status.in_review": {
        "nb": "Til gjennomgang",
        "nn": "Til gjennomgang",
        "en": "In review",
    },
    "imports.status.agreed": {
        "nb": "Omforent",
        "nn": "Omforeint",
        "en": "Agreed",
    },
    "imports.status.contested": {"nb": "Omstridt", "nn": "Omstridd", "en": "Contested"},
    "imports.status.approved": {"nb": "Godkjent", "nn": "Godkjent", "en": "Approved"},
    "imports.status.rejected": {"nb": "Avvist", "nn": "Avvist", "en": "Rejected"},
    "imports.status.merged": {"nb": "Slått sammen", "nn": "Slått saman", "en": "Merged"},
    "imports.status.deferred": {"nb": "Utsatt", "nn": "Utsett", "en": "Deferred"},
    "imports.role.admin": {"nb": "admin", "nn": "admin", "en": "admin"},
    "imports.role.project_lead": {
        "nb": "prosjektleder",
        "nn": "prosjektleiar",
        "en": "project lead",
    },
    "imports.role.chair": {"nb": "leder", "nn": "leiar", "en": "chair"},
    # Where a problem is.
    "imports.where.file": {"nb": "{file}", "nn": "{file}", "en": "{file}"},
    "imports.where.sheet": {"nb": "ark {sheet}", "nn": "ark {sheet}", "en": "sheet {sheet}"},
    "imports.where.row": {"nb": "rad {row}", "nn": "rad {row}", "en": "row {row}"},
    "imports.where.column": {
        "nb": "kolonne {column}",
        "nn": "kolonne {column}",
        "en": "column {column}",
    },
    # Problems with the file as a whole.
    "imports.problem.missing_file": {
        "nb": "fila finnes ikke: {file}",
        "nn": "fila finst ikkje: {file}",
        "en": "the file does not exist: {file}",
    },
    "imports.problem.unreadable_file": {
        "nb": "fila kan ikke leses: {file} ({reason})",
        "nn": "fila kan ikkje lesast: {file} ({reason})",
        "en": "the file cannot be read: {file} ({reason})",
    },
    "imports.problem.empty_file": {
        "nb": "fila er tom: {file}",
        "nn": "fila er tom: {file}",
        "en": "the file is empty: {file}",
    },
    "imports.problem.unsupported_format": {
        "nb": "ukjent filtype «{suffix}» (gyldig: {valid})",
        "nn": "ukjend filtype «{suffix}» (gyldig: {valid})",
        "en": "unknown file type “{suffix}” (valid: {valid})",
    },
    "imports.problem.not_spreadsheet": {
        "nb": "fila er ikke et gyldig regneark av typen {format}: {file}",
        "nn": "fila er ikkje eit gyldig rekneark av typen {format}: {file}",
        "en": "the file is not a valid {format} spreadsheet: {file}",
    },
    "imports.problem.unknown_sheet": {
        "nb": "arket «{sheet}» finnes ikke (ark i fila: {valid})",
        "nn": "arket «{sheet}» finst ikkje (ark i fila: {valid})",
        "en": "there is no sheet “{sheet}” (sheets in the file: {valid})",
    },
    "imports.problem.no_header": {
        "nb": "fila har ingen overskriftsrad",
        "nn": "fila har inga overskriftsrad",
        "en": "the file has no header row",
    },
    "imports.problem.no_rows": {
        "nb": "fila har ingen rader under overskriftene",
        "nn": "fila har ingen rader under overskriftene",
        "en": "the file has no rows below the header",
    },
    # Problems with the header row.
    "imports.problem.unknown_column": {
        "nb": "ukjent kolonne «{value}» (gjenkjente navn: {valid})",
        "nn": "ukjend kolonne «{value}» (kjende namn: {valid})",
        "en": "unknown column “{value}” (recognised names: {valid})",
    },
    "imports.problem.duplicate_column": {
        "nb": "kolonnen betyr det samme som «{other}»",
        "nn": "kolonnen tyder det same som «{other}»",
        "en": "the column means the same as “{other}”",
    },
    "imports.problem.missing_column": {
        "nb": "påkrevd kolonne mangler: {field} (gjenkjente navn: {valid})",
        "nn": "påkravd kolonne manglar: {field} (kjende namn: {valid})",
        "en": "a required column is missing: {field} (recognised names: {valid})",
    },
    "imports.problem.missing_identity_column": {
        "nb": "fila trenger en kolonne for e-post eller Entra-ID",
        "nn": "fila treng ein kolonne for e-post eller Entra-ID",
        "en": "the file needs a column for email or Entra ID",
    },
    "imports.problem.value_without_header": {
        "nb": "verdi «{value}» i en kolonne uten overskrift",
        "nn": "verdi «{value}» i ein kolonne utan overskrift",
        "en": "value “{value}” in a column without a header",
    },
    # Problems with one cell or row.
    "imports.problem.required": {
        "nb": "verdi mangler",
        "nn": "verdi manglar",
        "en": "value missing",
    },
    "imports.problem.unknown_value": {
        "nb": "ukjent verdi «{value}» (gyldig: {valid})",
        "nn": "ukjend verdi «{value}» (gyldig: {valid})",
        "en": "unknown value “{value}” (valid: {valid})",
    },
    "imports.problem.unknown_group": {
        "nb": "ukjent gruppe «{value}» (kjente grupper: {valid})",
        "nn": "ukjend gruppe «{value}» (kjende grupper: {valid})",
        "en": "unknown group “{value}” (known groups: {valid})",
    },
    "imports.problem.unknown_municipality": {
        "nb": "ukjent kommune «{value}» (oppgi navn eller kommunenummer)",
        "nn": "ukjend kommune «{value}» (oppgje namn eller kommunenummer)",
        "en": "unknown municipality “{value}” (give its name or number)",
    },
    "imports.problem.too_long": {
        "nb": (
            "teksten er for lang ({length, plural, one {# tegn} other {# tegn}}, høyst "
            "{limit, number})"
        ),
        "nn": (
            "teksten er for lang ({length, plural, one {# teikn} other {# teikn}}, høgst "
            "{limit, number})"
        ),
        "en": (
            "the text is too long ({length, plural, one {# character} other {# characters}}, "
            "at most {limit, number})"
        ),
    },
    "imports.problem.invalid_key": {
        "nb": (
            "ugyldig krav-ID «{value}» (bokstaver, sifre, bindestrek, punktum; høyst {limit, "
            "plural, one {# tegn} other {# tegn}})"
        ),
        "nn": (
            "ugyldig krav-ID «{value}» (bokstavar, siffer, bindestrek, punktum; høgst "
            "{limit, plural, one {# teikn} other {# teikn}})"
        ),
        "en": (
            "invalid requirement ID “{value}” (letters, digits, hyphen, full stop; at most "
            "{limit, plural, one {# character} other {# characters}})"
        ),
    },
    "imports.problem.duplicate_key": {
        "nb": "krav-ID «{value}» står også i rad {other_row}",
        "nn": "krav-ID «{value}» står òg i rad {other_row}",
        "en": "requirement ID “{value}” also appears in row {other_row}",
    },
    "imports.problem.duplicate_person": {
        "nb": "«{value}» står også i rad {other_row}",
        "nn": "«{value}» står òg i rad {other_row}",
        "en": "“{value}” also appears in row {other_row}",
    },
    "imports.problem.not_integer": {
        "nb": "«{value}» er ikke et helt tall (0 eller mer)",
        "nn": "«{value}» er ikkje eit heiltal (0 eller meir)",
        "en": "“{value}” is not a whole number (0 or more)",
    },
    "imports.problem.date_not_number": {
        "nb": "datoen {value} står der det skal være et tall",
        "nn": "datoen {value} står der det skal vere eit tal",
        "en": "the date {value} is where a number belongs",
    },
    "imports.problem.formula_without_value": {
        "nb": "celle {cell} har en formel uten lagret verdi (åpne og lagre fila i Excel, "
        "eller lim inn verdiene)",
        "nn": "celle {cell} har ein formel utan lagra verdi (opne og lagre fila i Excel, "
        "eller lim inn verdiane)",
        "en": "cell {cell} holds a formula without a stored value (open and save the file "
        "in Excel, or paste the values)",
    },
    "imports.problem.cell_error": {
        "nb": "cellen viser feilen {value}",
        "nn": "cella viser feilen {value}",
        "en": "the cell shows the error {value}",
    },
    "imports.problem.invalid_email": {
        "nb": "ugyldig e-postadresse «{value}»",
        "nn": "ugyldig e-postadresse «{value}»",
        "en": "invalid email address “{value}”",
    },
    "imports.problem.invalid_entra_id": {
        "nb": "ugyldig Entra-ID «{value}» (forventet en GUID)",
        "nn": "ugyldig Entra-ID «{value}» (venta ein GUID)",
        "en": "invalid Entra ID “{value}” (expected a GUID)",
    },
    "imports.problem.missing_identity": {
        "nb": "raden trenger e-post eller Entra-ID",
        "nn": "rada treng e-post eller Entra-ID",
        "en": "the row needs an email or Entra ID",
    },
    "imports.problem.identity_conflict": {
        "nb": "Entra-ID og e-post hører til to forskjellige personer ({first} og {second})",
        "nn": "Entra-ID og e-post høyrer til to ulike personar ({first} og {second})",
        "en": "the Entra ID and the email belong to two different people ({first} and {second})",
    },
    "imports.problem.conflict": {
        "nb": "databasen ble endret samtidig. Ingenting er lagret, prøv igjen ({reason})",
        "nn": "databasen vart endra samstundes. Ingenting er lagra, prøv igjen ({reason})",
        "en": "the database changed at the same time. Nothing was saved, try again ({reason})",
    },
    # Summaries and headings on the command line.
    "imports.summary.counts": {
        "nb": "lagt til: {added}, endret: {changed}, uendret: {unchanged}",
        "nn": "lagt til: {added}, endra: {changed}, uendra: {unchanged}",
        "en": "added: {added}, changed: {changed}, unchanged: {unchanged}",
    },
    "imports.summary.memberships": {
        "nb": "medlemskap lagt til: {added}, endret: {changed}, fjernet: {removed}",
        "nn": "medlemskap lagt til: {added}, endra: {changed}, fjerna: {removed}",
        "en": "memberships added: {added}, changed: {changed}, removed: {removed}",
    },
    "imports.summary.dry_run": {
        "nb": "Prøvekjøring: ingenting er lagret.",
        "nn": "Prøvekøyring: ingenting er lagra.",
        "en": "Dry run: nothing was saved.",
    },
    "imports.summary.failed": {
        "nb": "Ingenting er importert. {count, plural, one {# feil} other {# feil}} i {file}.",
        "nn": "Ingenting er importert. {count, plural, one {# feil} other {# feil}} i {file}.",
        "en": (
            "Nothing was imported. {count, plural, one {# problem} other {# problems}} in {file}."
        ),
    },
    "imports.line.added": {
        "nb": "lagt til: {item}",
        "nn": "lagt til: {item}",
        "en": "added: {item}",
    },
    "imports.line.changed": {
        "nb": "endret: {item} ({fields})",
        "nn": "endra: {item} ({fields})",
        "en": "changed: {item} ({fields})",
    },
    "imports.line.unchanged": {
        "nb": "uendret: {item}",
        "nn": "uendra: {item}",
        "en": "unchanged: {item}",
    },
    "imports.export.written": {
        "nb": "Skrev {count, plural, one {# krav} other {# krav}} til {file}",
        "nn": "Skreiv {count, plural, one {# krav} other {# krav}} til {file}",
        "en": "Wrote {count, plural, one {# requirement} other {# requirements}} to {file}",
    },
    "imports.export.needs_output": {
        "nb": "xlsx-eksport må skrives til en fil: bruk -o FIL",
        "nn": "xlsx-eksport må skrivast til ei fil: bruk -o FIL",
        "en": "xlsx export must be written to a file: use -o FILE",
    },
    "imports.export.cannot_write": {
        "nb": "kan ikke skrive {file}: {reason}",
        "nn": "kan ikkje skrive {file}: {reason}",
        "en": "cannot write {file}: {reason}",
    },
    "imports.export.unknown_group": {
        "nb": "ukjent gruppe «{value}» (kjente grupper: {valid})",
        "nn": "ukjend gruppe «{value}» (kjende grupper: {valid})",
        "en": "unknown group “{value}” (known groups: {valid})",
    },
    "imports.export.unknown_status": {
        "nb": "ukjent status «{value}» (gyldig: {valid})",
        "nn": "ukjend status «{value}» (gyldig: {valid})",
        "en": "unknown status “{value}” (valid: {valid})",
    },
    "imports.export.title": {
        "nb": "Kravspesifikasjon",
        "nn": "Kravspesifikasjon",
        "en": "Requirements specification",
    },
    "imports.export.group_heading": {
        "nb": "{code} – {name}",
        "nn": "{code} – {name}",
        "en": "{code} – {name}",
    },
    "imports.export.sheet": {"nb": "Krav", "nn": "Krav", "en": "Requirements"},
    "imports.export.none": {
        "nb": "Ingen krav å vise.",
        "nn": "Ingen krav å vise.",
        "en": "No requirements to show.",
    },
    "imports.database.unreachable": {
        "nb": "databasen svarer ikke ({reason}); sjekk {setting} og at tjeneren kjører",
        "nn": "databasen svarar ikkje ({reason}); sjekk {setting} og at tenaren køyrer",
        "en": ("the database does not answer ({reason}); check {setting} and that the server runs"),
    },
    "imports.database.not_ready": {
        "nb": "databasen er ikke klar ({reason}); kjør «kravbot db upgrade» først",
        "nn": "databasen er ikkje klar ({reason}); køyr «kravbot db upgrade» først",
        "en": "the database is not ready ({reason}); run “kravbot db upgrade” first",
    },
}

# Column names accepted in imported files, by field, beyond the exported headers above. They are
# compared after removing case, spaces, hyphens, underscores and full stops.
REQUIREMENT_HEADERS: Final[dict[str, tuple[str, ...]]] = {
    "key": ("Krav-ID", "Kravnummer", "Kravnr", "ID", "Key", "Requirement ID"),
    "text": ("Kravtekst", "Krav", "Tekst", "Text", "Requirement", "Requirement text"),
    "type": ("Type", "Kravtype", "Requirement type"),
    "category": ("Kategori", "Category"),
    "group": ("Arbeidsgruppe", "Gruppe", "Group", "Working group"),
    "weight": ("Prioritet", "Vekt", "Weight", "Priority"),
    "source": ("Kilde", "Kjelde", "Source"),
    "rationale": ("Begrunnelse", "Grunngjeving", "Rationale"),
    "status": ("Status",),
    # Exported for information; ignored on import.
    "version": ("Versjon", "Version"),
}
REQUIRED_REQUIREMENT_FIELDS: Final = ("key", "text", "type", "group")

PEOPLE_HEADERS: Final[dict[str, tuple[str, ...]]] = {
    "name": ("Navn", "Namn", "Name", "Fullt navn", "Full name", "Display name"),
    "email": ("E-post", "Epost", "E-postadresse", "Email", "E-mail", "Mail", "UPN"),
    "entra_id": (
        "Entra-ID",
        "Entra object id",
        "Object id",
        "Objekt-ID",
        "AAD object id",
        "aad_object_id",
    ),
    "municipality": ("Kommune", "Kommunenummer", "Municipality"),
    "groups": ("Grupper", "Gruppe", "Arbeidsgrupper", "Groups", "Group"),
    "roles": ("Roller", "Rolle", "Roles", "Role"),
}
REQUIRED_PEOPLE_FIELDS: Final = ("name",)

# Words for requirement types in files (compared without case), by stored value.
TYPE_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "must": ("Skal", "Minstekrav", "Skal-krav", "Must", "Mandatory"),
    "should": ("Bør", "Evalueringskrav", "Bør-krav", "Should", "Evaluated"),
}
# Former names of statuses, still accepted in imported files, by stored value.
STATUS_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "agreed": ("Einige", "Enighet", "Semje"),
}
# Words for roles in people files, beyond the texts above.
ROLE_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "admin": ("admin", "administrator"),
    "project_lead": ("prosjektleder", "prosjektleiar", "project lead", "project_lead"),
}
CHAIR_WORDS: Final = ("leder", "leiar", "chair", "gruppeleder")
