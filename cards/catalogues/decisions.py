"""Texts of the decision log: Teams commands and cards, the CLI, and exported minutes."""

from __future__ import annotations

from typing import Final

from cards.catalogues import Catalogue

TEXTS: Final[Catalogue] = {
    "command.decisions.description": {
        "nb": "De ti siste beslutningene i beslutningsloggen",
        "nn": "Dei ti siste avgjerdene i avgjerdsloggen",
        "en": "The ten latest entries of the decision log",
    },
    "command.decision.description": {
        "nb": "Én beslutning i sin helhet, med kontrollsum",
        "nn": "Éi avgjerd i heilskap, med kontrollsum",
        "en": "One decision in full, with its checksum",
    },
    "command.new_decision.description": {
        "nb": "Før inn en beslutning (prosjektleder)",
        "nn": "Før inn ei avgjerd (prosjektleiar)",
        "en": "Record a decision (project lead)",
    },
    "decisions.list.title": {
        "nb": "Beslutningslogg",
        "nn": "Avgjerdslogg",
        "en": "Decision log",
    },
    "decisions.list.intro": {
        "nb": (
            "{count, plural, one {Den siste beslutningen.} other {De # siste beslutningene, "
            "nyeste først.}}"
        ),
        "nn": (
            "{count, plural, one {Den siste avgjerda.} other {Dei # siste avgjerdene, nyaste "
            "først.}}"
        ),
        "en": (
            "{count, plural, one {The latest decision.} other {The # latest decisions, "
            "newest first.}}"
        ),
    },
    "decisions.list.empty": {
        "nb": "Ingen beslutninger er ført inn ennå.",
        "nn": "Ingen avgjerder er førte inn enno.",
        "en": "No decisions have been recorded yet.",
    },
    "decisions.list.hint": {
        "nb": (
            "Skriv «beslutning» og nummeret (for eksempel «beslutning 1») for å se hele "
            "beslutningen."
        ),
        "nn": "Skriv «avgjerd» og nummeret (til dømes «avgjerd 1») for å sjå heile avgjerda.",
        "en": (
            "Type “decision” and the number (for example “decision 1”) to see the whole decision."
        ),
    },
    "decisions.row": {
        "nb": "Nr. {sequence} · sak {case_ref} · {group} · {when}",
        "nn": "Nr. {sequence} · sak {case_ref} · {group} · {when}",
        "en": "No. {sequence} · case {case_ref} · {group} · {when}",
    },
    "decisions.card.title": {
        "nb": "Beslutning nr. {sequence}",
        "nn": "Avgjerd nr. {sequence}",
        "en": "Decision no. {sequence}",
    },
    "decisions.card.corrected_note": {
        "nb": "Denne beslutningen er rettet av nr. {sequences}.",
        "nn": "Denne avgjerda er retta av nr. {sequences}.",
        "en": "This decision was corrected by no. {sequences}.",
    },
    "decisions.field.sequence": {"nb": "Løpenummer", "nn": "Løpenummer", "en": "Number"},
    "decisions.field.case_ref": {"nb": "Saksnummer", "nn": "Saksnummer", "en": "Case reference"},
    "decisions.field.title": {"nb": "Tittel", "nn": "Tittel", "en": "Title"},
    "decisions.field.text": {"nb": "Vedtak", "nn": "Vedtak", "en": "Resolution"},
    "decisions.field.group": {"nb": "Utvalg", "nn": "Utval", "en": "Body"},
    "decisions.field.kind": {"nb": "Type", "nn": "Type", "en": "Type"},
    "decisions.field.outcome": {"nb": "Utfall", "nn": "Utfall", "en": "Outcome"},
    "decisions.field.decided_at": {"nb": "Besluttet", "nn": "Avgjort", "en": "Decided"},
    "decisions.field.recorded_by": {
        "nb": "Ført inn av",
        "nn": "Ført inn av",
        "en": "Recorded by",
    },
    "decisions.field.status": {"nb": "Status", "nn": "Status", "en": "Status"},
    "decisions.field.corrects": {"nb": "Retter", "nn": "Rettar", "en": "Corrects"},
    "decisions.field.basis": {"nb": "Grunnlag", "nn": "Grunnlag", "en": "Basis"},
    "decisions.field.votes": {"nb": "Stemmer", "nn": "Røyster", "en": "Votes"},
    "decisions.field.tallies": {"nb": "Opptelling", "nn": "Oppteljing", "en": "Tally"},
    "decisions.field.hash": {
        "nb": "Kontrollsum (SHA-256)",
        "nn": "Kontrollsum (SHA-256)",
        "en": "Checksum (SHA-256)",
    },
    "decisions.field.prev_hash": {
        "nb": "Forrige kontrollsum",
        "nn": "Førre kontrollsum",
        "en": "Previous checksum",
    },
    "decisions.anonymous": {
        "nb": "Hemmelig avstemning: hvem som stemte hva, vises ikke.",
        "nn": "Hemmeleg avrøysting: kven som røysta kva, blir ikkje vist.",
        "en": "Secret ballot: who voted what is not shown.",
    },
    "decisions.kind.poll": {
        "nb": "Avstemning",
        "nn": "Avrøysting",
        "en": "Poll",
    },
    "decisions.kind.review": {"nb": "Gjennomgang", "nn": "Gjennomgang", "en": "Review round"},
    "decisions.kind.milestone": {"nb": "Milepæl", "nn": "Milepæl", "en": "Milestone"},
    "decisions.kind.organisation": {
        "nb": "Organisering",
        "nn": "Organisering",
        "en": "Project groups",
    },
    "decisions.kind.manual": {
        "nb": "Ført inn manuelt",
        "nn": "Ført inn manuelt",
        "en": "Entered manually",
    },
    "decisions.outcome.decided": {
        "nb": "Avgjort",
        "nn": "Avgjort",
        "en": "Decided",
    },
    "decisions.outcome.tie": {
        "nb": "Stemmelikhet",
        "nn": "Like mange røyster",
        "en": "Tie",
    },
    "decisions.outcome.no_majority": {
        "nb": "Ikke flertall",
        "nn": "Ikkje fleirtal",
        "en": "No majority",
    },
    "decisions.outcome.no_quorum": {
        "nb": "Ikke beslutningsdyktig",
        "nn": "Ikkje vedtaksfør",
        "en": "No quorum",
    },
    "decisions.outcome.moved": {
        "nb": "Flyttet",
        "nn": "Flytta",
        "en": "Moved",
    },
    "decisions.outcome.cancelled": {
        "nb": "Avlyst",
        "nn": "Avlyst",
        "en": "Cancelled",
    },
    "decisions.basis.field.poll": {
        "nb": "Avstemning",
        "nn": "Avrøysting",
        "en": "Poll",
    },
    "decisions.basis.field.round": {
        "nb": "Gjennomgang",
        "nn": "Gjennomgang",
        "en": "Review round",
    },
    "decisions.basis.field.milestone": {
        "nb": "Milepæl",
        "nn": "Milepæl",
        "en": "Milestone",
    },
    "decisions.basis.field.due": {
        "nb": "Frist",
        "nn": "Frist",
        "en": "Due",
    },
    "decisions.basis.field.precision": {
        "nb": "Fristen er angitt som",
        "nn": "Fristen er oppgitt som",
        "en": "Due date given as",
    },
    "decisions.basis.field.status": {
        "nb": "Status",
        "nn": "Status",
        "en": "Status",
    },
    "decisions.basis.field.moved": {
        "nb": "Flyttet",
        "nn": "Flytta",
        "en": "Moved",
    },
    "decisions.basis.field.quorum": {
        "nb": "Beslutningsdyktig ved",
        "nn": "Vedtaksfør ved",
        "en": "Quorum",
    },
    "decisions.basis.field.quorum_met": {
        "nb": "Beslutningsdyktig",
        "nn": "Vedtaksfør",
        "en": "Quorum met",
    },
    "decisions.basis.field.majority": {
        "nb": "Flertallskrav",
        "nn": "Fleirtalskrav",
        "en": "Majority",
    },
    "decisions.basis.field.result": {
        "nb": "Resultat",
        "nn": "Resultat",
        "en": "Result",
    },
    "decisions.basis.field.chair_decided": {
        "nb": "Avgjort ved leders dobbeltstemme",
        "nn": "Avgjort ved leiaren si dobbeltrøyst",
        "en": "Decided by the chair's casting vote",
    },
    "decisions.basis.field.abstentions": {
        "nb": "Avstår",
        "nn": "Avstår",
        "en": "Abstentions",
    },
    "decisions.basis.field.turnout": {
        "nb": "Har stemt",
        "nn": "Har røysta",
        "en": "Voted",
    },
    "decisions.basis.field.electorate": {
        "nb": "Manntall",
        "nn": "Manntal",
        "en": "Electorate",
    },
    "decisions.basis.field.members_finished": {
        "nb": "Medlemmer som er ferdige",
        "nn": "Medlemar som er ferdige",
        "en": "Members finished",
    },
    "decisions.basis.field.municipalities_covered": {
        "nb": "Kommuner som har svart",
        "nn": "Kommunar som har svart",
        "en": "Municipalities that answered",
    },
    "decisions.basis.field.contested": {
        "nb": "Omstridte krav",
        "nn": "Omstridde krav",
        "en": "Contested requirements",
    },
    "decisions.basis.field.rule": {
        "nb": "Regel",
        "nn": "Regel",
        "en": "Rule",
    },
    "decisions.basis.tally.agreed": {
        "nb": "Enige",
        "nn": "Omforeinte",
        "en": "Agreed",
    },
    "decisions.basis.tally.contested": {
        "nb": "Omstridte",
        "nn": "Omstridde",
        "en": "Contested",
    },
    "decisions.basis.yes": {
        "nb": "Ja",
        "nn": "Ja",
        "en": "Yes",
    },
    "decisions.basis.no": {
        "nb": "Nei",
        "nn": "Nei",
        "en": "No",
    },
    "decisions.basis.none": {
        "nb": "ingen",
        "nn": "ingen",
        "en": "none",
    },
    "decisions.basis.number": {
        "nb": "nr. {number}",
        "nn": "nr. {number}",
        "en": "no. {number}",
    },
    "decisions.basis.share": {
        "nb": "{share, percent}",
        "nn": "{share, percent}",
        "en": "{share, percent}",
    },
    "decisions.basis.count.abstentions": {
        "nb": "{count, plural, one {# person} other {# personer}}",
        "nn": "{count, plural, one {# person} other {# personar}}",
        "en": "{count, plural, one {# person} other {# people}}",
    },
    "decisions.basis.count.turnout": {
        "nb": "{count, plural, one {# person} other {# personer}}",
        "nn": "{count, plural, one {# person} other {# personar}}",
        "en": "{count, plural, one {# person} other {# people}}",
    },
    "decisions.basis.count.electorate": {
        "nb": "{count, plural, one {# person} other {# personer}}",
        "nn": "{count, plural, one {# person} other {# personar}}",
        "en": "{count, plural, one {# person} other {# people}}",
    },
    "decisions.basis.count.members_finished": {
        "nb": "{count, plural, one {# medlem} other {# medlemmer}}",
        "nn": "{count, plural, one {# medlem} other {# medlemar}}",
        "en": "{count, plural, one {# member} other {# members}}",
    },
    "decisions.basis.count.municipalities_covered": {
        "nb": "{count, plural, one {# kommune} other {# kommuner}}",
        "nn": "{count, plural, one {# kommune} other {# kommunar}}",
        "en": "{count, plural, one {# municipality} other {# municipalities}}",
    },
    "decisions.form.decided_on_label": {
        "nb": "Besluttet dato",
        "nn": "Avgjort dato",
        "en": "Decided on",
    },
    "decisions.error.decided_on": {
        "nb": (
            "Datoen for beslutningen må være en gyldig dato, ikke fram i tid og ikke før "
            "prosjektet startet ({start})."
        ),
        "nn": (
            "Datoen for avgjerda må vere ein gyldig dato, ikkje fram i tid og ikkje før "
            "prosjektet starta ({start})."
        ),
        "en": (
            "The date of the decision must be a valid date, not in the future and not before "
            "the project started ({start})."
        ),
    },
    "decisions.outcome.adopted": {"nb": "Vedtatt", "nn": "Vedteke", "en": "Adopted"},
    "decisions.outcome.rejected": {"nb": "Avvist", "nn": "Avvist", "en": "Rejected"},
    "decisions.outcome.postponed": {"nb": "Utsatt", "nn": "Utsett", "en": "Postponed"},
    "decisions.outcome.noted": {
        "nb": "Tatt til orientering",
        "nn": "Teke til orientering",
        "en": "Noted",
    },
    "decisions.status.final": {"nb": "Endelig", "nn": "Endeleg", "en": "Final"},
    "decisions.status.correction": {"nb": "Retting", "nn": "Retting", "en": "Correction"},
    "decisions.not_found": {
        "nb": "Jeg finner ingen beslutning nr. {sequence}.",
        "nn": "Eg finn inga avgjerd nr. {sequence}.",
        "en": "I cannot find decision no. {sequence}.",
    },
    "decisions.show.usage": {
        "nb": "Skriv «beslutning» og nummeret, for eksempel «beslutning 1».",
        "nn": "Skriv «avgjerd» og nummeret, til dømes «avgjerd 1».",
        "en": "Type “decision” and the number, for example “decision 1”.",
    },
    "decisions.new.not_allowed": {
        "nb": (
            "Beklager, bare prosjektlederen og administratorer kan føre inn beslutninger. Ta "
            "kontakt med prosjektlederen hvis noe bør føres inn."
        ),
        "nn": (
            "Orsak, berre prosjektleiaren og administratorar kan føre inn avgjerder. Ta "
            "kontakt med prosjektleiaren om noko bør førast inn."
        ),
        "en": (
            "Sorry, only the project lead and administrators can record decisions. Contact "
            "the project lead if something should be recorded."
        ),
    },
    "decisions.new.no_groups": {
        "nb": "Det finnes ingen grupper ennå. Importer gruppene før du fører inn beslutninger.",
        "nn": "Det finst ingen grupper enno. Importer gruppene før du fører inn avgjerder.",
        "en": "There are no groups yet. Import the groups before recording decisions.",
    },
    "decisions.form.title": {"nb": "Ny beslutning", "nn": "Ny avgjerd", "en": "New decision"},
    "decisions.form.intro": {
        "nb": (
            "Beslutningen føres inn i beslutningsloggen og kan ikke endres etterpå, "
            "bare rettes med en ny beslutning."
        ),
        "nn": (
            "Avgjerda blir ført inn i avgjerdsloggen og kan ikkje endrast etterpå, "
            "berre rettast med ei ny avgjerd."
        ),
        "en": (
            "The decision goes into the decision log and cannot be changed afterwards, "
            "only corrected by a new decision."
        ),
    },
    "decisions.form.title_label": {"nb": "Tittel", "nn": "Tittel", "en": "Title"},
    "decisions.form.title_error": {
        "nb": "Skriv en tittel.",
        "nn": "Skriv ein tittel.",
        "en": "Enter a title.",
    },
    "decisions.form.text_label": {
        "nb": "Vedtak (hva som ble besluttet)",
        "nn": "Vedtak (kva som vart avgjort)",
        "en": "Resolution (what was decided)",
    },
    "decisions.form.text_error": {
        "nb": "Skriv hva som ble besluttet.",
        "nn": "Skriv kva som vart avgjort.",
        "en": "Enter what was decided.",
    },
    "decisions.form.group_label": {
        "nb": "Utvalg (gruppen som besluttet)",
        "nn": "Utval (gruppa som avgjorde)",
        "en": "Body (the group that decided)",
    },
    "decisions.form.group_error": {
        "nb": "Velg en gruppe.",
        "nn": "Vel ei gruppe.",
        "en": "Choose a group.",
    },
    "decisions.form.basis_label": {
        "nb": "Grunnlag (valgfritt: sakspapirer, møte, drøfting)",
        "nn": "Grunnlag (valfritt: saksdokument, møte, drøfting)",
        "en": "Basis (optional: papers, meeting, discussion)",
    },
    "decisions.form.save": {
        "nb": "Før inn beslutningen",
        "nn": "Før inn avgjerda",
        "en": "Record the decision",
    },
    "decisions.form.problems": {
        "nb": "Beslutningen er ikke ført inn. Rett opp dette: {problems}",
        "nn": "Avgjerda er ikkje ført inn. Rett opp dette: {problems}",
        "en": "The decision was not recorded. Please fix this: {problems}",
    },
    "decisions.saved": {
        "nb": "Ført inn som nr. {sequence}, sak {case_ref}.",
        "nn": "Ført inn som nr. {sequence}, sak {case_ref}.",
        "en": "Recorded as no. {sequence}, case {case_ref}.",
    },
    "decisions.error.kind": {
        "nb": "Ukjent type beslutning «{kind}».",
        "nn": "Ukjend type avgjerd «{kind}».",
        "en": "Unknown kind of decision “{kind}”.",
    },
    "decisions.error.title_missing": {
        "nb": "Tittelen mangler.",
        "nn": "Tittelen manglar.",
        "en": "The title is missing.",
    },
    "decisions.error.title_long": {
        "nb": "Tittelen er for lang (høyst {limit, plural, one {# tegn} other {# tegn}}).",
        "nn": "Tittelen er for lang (høgst {limit, plural, one {# teikn} other {# teikn}}).",
        "en": (
            "The title is too long (at most {limit, plural, one {# character} other {# "
            "characters}})."
        ),
    },
    "decisions.error.text_missing": {
        "nb": "Vedtaksteksten mangler.",
        "nn": "Vedtaksteksten manglar.",
        "en": "The resolution text is missing.",
    },
    "decisions.error.text_long": {
        "nb": "Teksten er for lang (høyst {limit, plural, one {# tegn} other {# tegn}}).",
        "nn": "Teksten er for lang (høgst {limit, plural, one {# teikn} other {# teikn}}).",
        "en": (
            "The text is too long (at most {limit, plural, one {# character} other {# "
            "characters}})."
        ),
    },
    "decisions.error.outcome": {
        "nb": (
            "Utfallet mangler eller er for langt (høyst {limit, plural, one {# tegn} other "
            "{# tegn}})."
        ),
        "nn": (
            "Utfallet manglar eller er for langt (høgst {limit, plural, one {# teikn} other "
            "{# teikn}})."
        ),
        "en": (
            "The outcome is missing or too long (at most {limit, plural, one {# character} "
            "other {# characters}})."
        ),
    },
    "decisions.error.recorded_by": {
        "nb": (
            "Navnet på den som førte inn beslutningen, mangler eller er for langt (høyst "
            "{limit, plural, one {# tegn} other {# tegn}})."
        ),
        "nn": (
            "Namnet på den som førte inn avgjerda, manglar eller er for langt (høgst {limit, "
            "plural, one {# teikn} other {# teikn}})."
        ),
        "en": (
            "The name of the person who recorded the decision is missing or too long (at "
            "most {limit, plural, one {# character} other {# characters}})."
        ),
    },
    "decisions.error.naive_time": {
        "nb": "Tidspunktet mangler tidssone.",
        "nn": "Tidspunktet manglar tidssone.",
        "en": "The time has no time zone.",
    },
    "decisions.error.group": {
        "nb": "Jeg finner ingen gruppe «{group}».",
        "nn": "Eg finn inga gruppe «{group}».",
        "en": "I cannot find a group “{group}”.",
    },
    "decisions.error.corrects": {
        "nb": "Det finnes ingen beslutning nr. {sequence} å rette.",
        "nn": "Det finst inga avgjerd nr. {sequence} å rette.",
        "en": "There is no decision no. {sequence} to correct.",
    },
    "decisions.error.basis_json": {
        "nb": "Grunnlaget må være et JSON-objekt (navn og verdier i krøllparenteser).",
        "nn": "Grunnlaget må vere eit JSON-objekt (namn og verdiar i krøllparentesar).",
        "en": "The basis must be a JSON object (names and values in curly braces).",
    },
    "decisions.error.basis_long": {
        "nb": "Grunnlaget er for stort (høyst {limit, plural, one {# byte} other {# byte}}).",
        "nn": "Grunnlaget er for stort (høgst {limit, plural, one {# byte} other {# byte}}).",
        "en": "The basis is too large (at most {limit, plural, one {# byte} other {# bytes}}).",
    },
    "decisions.error.nul": {
        "nb": "Teksten inneholder et ugyldig tegn (NUL).",
        "nn": "Teksten inneheld eit ugyldig teikn (NUL).",
        "en": "The text contains an invalid character (NUL).",
    },
    "decisions.error.date": {
        "nb": "«{value}» er ikke en dato. Skriv den som ÅÅÅÅ-MM-DD.",
        "nn": "«{value}» er ikkje ein dato. Skriv han som ÅÅÅÅ-MM-DD.",
        "en": "“{value}” is not a date. Write it as YYYY-MM-DD.",
    },
    "decisions.error.date_order": {
        "nb": "Fra-datoen må være før til-datoen.",
        "nn": "Frå-datoen må vere før til-datoen.",
        "en": "The from date must come before the to date.",
    },
    "decisions.error.needs_output": {
        "nb": "XLSX må skrives til en fil: bruk -o FIL.",
        "nn": "XLSX må skrivast til ei fil: bruk -o FIL.",
        "en": "XLSX must be written to a file: use -o FILE.",
    },
    "decisions.error.limit": {
        "nb": "--limit må være et positivt tall.",
        "nn": "--limit må vere eit positivt tal.",
        "en": "--limit must be a positive number.",
    },
    "decisions.error.database": {
        "nb": "Databasen svarte ikke som ventet: {reason}",
        "nn": "Databasen svara ikkje som venta: {reason}",
        "en": "The database did not answer as expected: {reason}",
    },
    "decisions.checkpoint.title": {
        "nb": "Signert kontrollpunkt for beslutningsloggen",
        "nn": "Signert kontrollpunkt for avgjerdsloggen",
        "en": "Signed checkpoint of the decision log",
    },
    "decisions.checkpoint.intro": {
        "nb": (
            "{count, plural, one {Loggen har nå # beslutning.} other {Loggen har nå "
            "# beslutninger.}} Teksten under er signert ({when}). Ta vare på den: med den kan "
            "hvem som helst senere kontrollere at ingenting i loggen er endret eller slettet."
        ),
        "nn": (
            "{count, plural, one {Loggen har no # avgjerd.} other {Loggen har no "
            "# avgjerder.}} Teksten under er signert ({when}). Ta vare på han: med han kan "
            "kven som helst seinare kontrollere at ingenting i loggen er endra eller sletta."
        ),
        "en": (
            "{count, plural, one {The log now holds # decision.} other {The log now holds "
            "# decisions.}} The text below was signed ({when}). Keep it: with it anyone can "
            "later check that nothing in the log was changed or deleted."
        ),
    },
    "decisions.card.covered": {
        "nb": (
            "Dekket av et signert kontrollpunkt ({count, plural, one {# beslutning} other {# "
            "beslutninger}})."
        ),
        "nn": (
            "Dekt av eit signert kontrollpunkt ({count, plural, one {# avgjerd} other {# "
            "avgjerder}})."
        ),
        "en": (
            "Covered by a signed checkpoint ({count, plural, one {# decision} other {# "
            "decisions}})."
        ),
    },
    "decisions.card.not_covered": {
        "nb": "Ennå ikke dekket av et signert kontrollpunkt.",
        "nn": "Enno ikkje dekt av eit signert kontrollpunkt.",
        "en": "Not yet covered by a signed checkpoint.",
    },
    "decisions.verify.root": {
        "nb": "Merkle-rot over {count, plural, one {# beslutning} other {# beslutninger}}: {root}",
        "nn": "Merkle-rot over {count, plural, one {# avgjerd} other {# avgjerder}}: {root}",
        "en": "Merkle root over {count, plural, one {# decision} other {# decisions}}: {root}",
    },
    "decisions.verify.consistent": {
        "nb": (
            "Kontrollpunktet over {size, plural, one {# beslutning} other {# beslutninger}} "
            "stemmer med loggen."
        ),
        "nn": (
            "Kontrollpunktet over {size, plural, one {# avgjerd} other {# avgjerder}} stemmer "
            "med loggen."
        ),
        "en": (
            "The checkpoint over {size, plural, one {# decision} other {# decisions}} matches "
            "the log."
        ),
    },
    "decisions.verify.differs": {
        "nb": (
            "Kontrollpunktet over {size, plural, one {# beslutning} other {# beslutninger}} "
            "stemmer ikke: loggen er skrevet om. Den første "
            "beslutningen som er endret, er nr. {first}."
        ),
        "nn": (
            "Kontrollpunktet over {size, plural, one {# avgjerd} other {# avgjerder}} stemmer "
            "ikkje: loggen er skriven om. Den første "
            "avgjerda som er endra, er nr. {first}."
        ),
        "en": (
            "The checkpoint over {size, plural, one {# decision} other {# decisions}} does not "
            "match: the log was rewritten. The first "
            "changed decision is no. {first}."
        ),
    },
    "decisions.verify.differs_range": {
        "nb": (
            "Kontrollpunktet over {size, plural, one {# beslutning} other {# beslutninger}} "
            "stemmer ikke: loggen er skrevet om. Den første "
            "beslutningen som er endret, er en av nr. {first} til {last}."
        ),
        "nn": (
            "Kontrollpunktet over {size, plural, one {# avgjerd} other {# avgjerder}} stemmer "
            "ikkje: loggen er skriven om. Den første "
            "avgjerda som er endra, er ei av nr. {first} til {last}."
        ),
        "en": (
            "The checkpoint over {size, plural, one {# decision} other {# decisions}} does not "
            "match: the log was rewritten. The first "
            "changed decision is one of no. {first} to {last}."
        ),
    },
    "decisions.verify.shorter": {
        "nb": (
            "Kontrollpunktet over {size, plural, one {# beslutning} other {# beslutninger}} "
            "stemmer ikke: loggen har færre beslutninger. Fra og "
            "med nr. {first} mangler beslutninger."
        ),
        "nn": (
            "Kontrollpunktet over {size, plural, one {# avgjerd} other {# avgjerder}} stemmer "
            "ikkje: loggen har færre avgjerder. Frå og med "
            "nr. {first} manglar avgjerder."
        ),
        "en": (
            "The checkpoint over {size, plural, one {# decision} other {# decisions}} does not "
            "match: the log is shorter. Decisions from "
            "no. {first} on are missing."
        ),
    },
    "decisions.verify.signature": {
        "nb": "Et kontrollpunkt har ingen gyldig signatur fra denne nøkkelen.",
        "nn": "Eit kontrollpunkt har ingen gyldig signatur frå denne nøkkelen.",
        "en": "A checkpoint carries no valid signature by this key.",
    },
    "decisions.error.prove": {
        "nb": "Det finnes ingen beslutning nr. {sequence} (loggen har {count}).",
        "nn": "Det finst inga avgjerd nr. {sequence} (loggen har {count}).",
        "en": "There is no decision no. {sequence} (the log holds {count}).",
    },
    "decisions.error.no_key": {
        "nb": "Ingen signeringsnøkkel: sett KRAVBOT_SIGNING_KEY eller KRAVBOT_SIGNING_KEY_FILE.",
        "nn": "Ingen signeringsnøkkel: set KRAVBOT_SIGNING_KEY eller KRAVBOT_SIGNING_KEY_FILE.",
        "en": "No signing key: set KRAVBOT_SIGNING_KEY or KRAVBOT_SIGNING_KEY_FILE.",
    },
    "decisions.error.bad_key": {
        "nb": "Nøkkelen kan ikke leses: {reason}",
        "nn": "Nøkkelen kan ikkje lesast: {reason}",
        "en": "The key cannot be read: {reason}",
    },
    "decisions.error.checkpoint": {
        "nb": "Kontrollpunktet kan ikke leses: {source}",
        "nn": "Kontrollpunktet kan ikkje lesast: {source}",
        "en": "The checkpoint cannot be read: {source}",
    },
    "decisions.keys.written": {
        "nb": (
            "Signeringsnøkkelen er skrevet til {file}. Den offentlige delen av den (publiser den):"
        ),
        "nn": (
            "Signeringsnøkkelen er skriven til {file}. Den offentlege delen av han (publiser han):"
        ),
        "en": "The signing key was written to {file}. Public key (publish it):",
    },
    "decisions.verify.intact": {
        "nb": "{count, plural, one {# beslutning} other {# beslutninger}}, kjeden er intakt",
        "nn": "{count, plural, one {# avgjerd} other {# avgjerder}}, kjeda er intakt",
        "en": "{count, plural, one {# decision} other {# decisions}}, chain intact",
    },
    "decisions.verify.head": {
        "nb": "Siste kontrollsum: {head}",
        "nn": "Siste kontrollsum: {head}",
        "en": "Latest checksum: {head}",
    },
    "decisions.verify.gap": {
        "nb": "Beslutning nr. {sequence} står der nr. {position} skulle stå (slettet/flyttet).",
        "nn": "Avgjerd nr. {sequence} står der nr. {position} skulle stå (sletta/flytta).",
        "en": "Decision no. {sequence} is where no. {position} should be (deleted or moved).",
    },
    "decisions.verify.link": {
        "nb": "Beslutning nr. {sequence}: lenken til forrige beslutning stemmer ikke.",
        "nn": "Avgjerd nr. {sequence}: lenkja til førre avgjerd stemmer ikkje.",
        "en": "Decision no. {sequence}: the link to the previous decision is wrong.",
    },
    "decisions.verify.hash": {
        "nb": "Beslutning nr. {sequence}: kontrollsummen stemmer ikke, innholdet er endret.",
        "nn": "Avgjerd nr. {sequence}: kontrollsummen stemmer ikkje, innhaldet er endra.",
        "en": "Decision no. {sequence}: the checksum is wrong, its content was changed.",
    },
    "decisions.cli.written": {
        "nb": "Skrev {count, plural, one {# beslutning} other {# beslutninger}} til {file}",
        "nn": "Skreiv {count, plural, one {# avgjerd} other {# avgjerder}} til {file}",
        "en": "Wrote {count, plural, one {# decision} other {# decisions}} to {file}",
    },
    "decisions.minutes.title": {
        "nb": "Møteprotokoll – beslutningslogg",
        "nn": "Møteprotokoll – avgjerdslogg",
        "en": "Minutes – decision log",
    },
    "decisions.minutes.period": {
        "nb": "Periode: {start} – {end}",
        "nn": "Periode: {start} – {end}",
        "en": "Period: {start} – {end}",
    },
    "decisions.minutes.open_start": {"nb": "første", "nn": "første", "en": "first"},
    "decisions.minutes.open_end": {"nb": "siste", "nn": "siste", "en": "latest"},
    "decisions.minutes.printed": {
        "nb": (
            "Skrevet ut {when} fra Kravbot. {count, plural, one {# beslutning} other {# "
            "beslutninger}}."
        ),
        "nn": (
            "Skrive ut {when} frå Kravbot. {count, plural, one {# avgjerd} other {# avgjerder}}."
        ),
        "en": (
            "Printed {when} from Kravbot. {count, plural, one {# decision} other {# decisions}}."
        ),
    },
    "decisions.minutes.item": {
        "nb": "Sak {case_ref}: {title}",
        "nn": "Sak {case_ref}: {title}",
        "en": "Case {case_ref}: {title}",
    },
    "decisions.minutes.empty": {
        "nb": "Ingen beslutninger i perioden.",
        "nn": "Ingen avgjerder i perioden.",
        "en": "No decisions in the period.",
    },
}
