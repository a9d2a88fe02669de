"""Texts of requirement quality: the rules, findings, overlaps, `kravkvalitet` and the reports."""

from __future__ import annotations

from typing import Final

from cards.catalogues import Catalogue

# Each rule: its name, what is wrong (explanation) and what to do (suggestion).
_RULES: Final[Catalogue] = {
    "quality.rule.vague.name": {"nb": "Vage ord", "nn": "Vage ord", "en": "Vague words"},
    "quality.rule.vague.explanation": {
        "nb": "Ordene kan ikke måles, så ingen kan si om kravet er oppfylt.",
        "nn": "Orda kan ikkje målast, så ingen kan seie om kravet er oppfylt.",
        "en": "These words cannot be measured, so nobody can tell whether the requirement is met.",
    },
    "quality.rule.vague.suggestion": {
        "nb": "Skriv hva som skal måles og grensen, for eksempel «svar innen 2 sekunder».",
        "nn": "Skriv kva som skal målast og grensa, til dømes «svar innan 2 sekund».",
        "en": "Say what is measured and the limit, for example “answers within 2 seconds”.",
    },
    "quality.rule.escape.name": {"nb": "Smutthull", "nn": "Smotthol", "en": "Escape clause"},
    "quality.rule.escape.explanation": {
        "nb": "Formuleringen lar leverandøren slippe kravet.",
        "nn": "Formuleringa lèt leverandøren sleppe kravet.",
        "en": "The wording lets the supplier off the requirement.",
    },
    "quality.rule.escape.suggestion": {
        "nb": "Stryk forbeholdet, eller skriv når kravet gjelder.",
        "nn": "Stryk atterhaldet, eller skriv når kravet gjeld.",
        "en": "Remove the condition, or say exactly when the requirement applies.",
    },
    "quality.rule.open_end.name": {"nb": "Åpen liste", "nn": "Open liste", "en": "Open list"},
    "quality.rule.open_end.explanation": {
        "nb": "Listen har ingen slutt, så ingen vet hva som må være med.",
        "nn": "Lista har ingen slutt, så ingen veit kva som må vere med.",
        "en": "The list has no end, so nobody knows what must be included.",
    },
    "quality.rule.open_end.suggestion": {
        "nb": "Skriv hele listen, eller vis til en liste i et vedlegg.",
        "nn": "Skriv heile lista, eller vis til ei liste i eit vedlegg.",
        "en": "Write the whole list, or refer to a list in an appendix.",
    },
    "quality.rule.combinator.name": {
        "nb": "Flere krav i ett",
        "nn": "Fleire krav i eitt",
        "en": "Several requirements in one",
    },
    "quality.rule.combinator.explanation": {
        "nb": "Teksten stiller mer enn ett krav, eller lar leverandøren velge («og/eller»).",
        "nn": "Teksten stiller meir enn eitt krav, eller lèt leverandøren velje («og/eller»).",
        "en": "The text asks for more than one thing, or lets the supplier choose (“and/or”).",
    },
    "quality.rule.combinator.suggestion": {
        "nb": "Del teksten i ett krav per «skal» eller «bør».",
        "nn": "Del teksten i eitt krav per «skal» eller «bør».",
        "en": "Split the text into one requirement per “shall” or “should”.",
    },
    "quality.rule.pronoun.name": {
        "nb": "Uklart subjekt",
        "nn": "Uklart subjekt",
        "en": "Unclear subject",
    },
    "quality.rule.pronoun.explanation": {
        "nb": "Setningen starter med et pronomen som viser til noe utenfor kravet.",
        "nn": "Setninga startar med eit pronomen som viser til noko utanfor kravet.",
        "en": "The sentence starts with a pronoun that points outside the requirement.",
    },
    "quality.rule.pronoun.suggestion": {
        "nb": "Skriv hva det gjelder, for eksempel «Løsningen» eller «Varselet».",
        "nn": "Skriv kva det gjeld, til dømes «Løysinga» eller «Varselet».",
        "en": "Name what it is about, for example “The solution” or “The alert”.",
    },
    "quality.rule.passive.name": {"nb": "Passiv form", "nn": "Passiv form", "en": "Passive voice"},
    "quality.rule.passive.explanation": {
        "nb": "Passiv form skjuler hvem som skal gjøre noe.",
        "nn": "Passiv form gøymer kven som skal gjere noko.",
        "en": "The passive hides who does what.",
    },
    "quality.rule.passive.suggestion": {
        "nb": "Skriv hvem som gjør det: «Løsningen skal lagre …».",
        "nn": "Skriv kven som gjer det: «Løysinga skal lagre …».",
        "en": "Say who does it: “The solution shall store …”.",
    },
    "quality.rule.unverifiable.name": {
        "nb": "Skal-krav uten målbart kriterium",
        "nn": "Skal-krav utan målbart kriterium",
        "en": "Must requirement without a measurable criterion",
    },
    "quality.rule.unverifiable.explanation": {
        "nb": "Et skal-krav må kunne kontrolleres, men teksten har ingen tall eller grense.",
        "nn": "Eit skal-krav må kunne kontrollerast, men teksten har ingen tal eller grense.",
        "en": "A must requirement has to be verifiable, but the text has no number or limit.",
    },
    "quality.rule.unverifiable.suggestion": {
        "nb": "Legg til en målbar grense, eller gjør det til et bør-krav.",
        "nn": "Legg til ei målbar grense, eller gjer det til eit bør-krav.",
        "en": "Add a measurable limit, or make it a should requirement.",
    },
    "quality.rule.no_rationale.name": {
        "nb": "Mangler begrunnelse",
        "nn": "Manglar grunngiving",
        "en": "No rationale",
    },
    "quality.rule.no_rationale.explanation": {
        "nb": "Uten begrunnelse vet verken kommunene eller leverandørene hvorfor kravet finnes.",
        "nn": "Utan grunngiving veit verken kommunane eller leverandørane kvifor kravet finst.",
        "en": "Without a rationale, neither municipalities nor suppliers know why it is there.",
    },
    "quality.rule.no_rationale.suggestion": {
        "nb": "Skriv én eller to setninger om behovet.",
        "nn": "Skriv éi eller to setningar om behovet.",
        "en": "Write a sentence or two about the need.",
    },
    "quality.rule.no_source.name": {
        "nb": "Mangler kilde",
        "nn": "Manglar kjelde",
        "en": "No source",
    },
    "quality.rule.no_source.explanation": {
        "nb": "Ingen kan spore hvor kravet kommer fra.",
        "nn": "Ingen kan spore kvar kravet kjem frå.",
        "en": "Nobody can trace where the requirement comes from.",
    },
    "quality.rule.no_source.suggestion": {
        "nb": "Oppgi lov, standard, kravbank eller arbeidsmøte.",
        "nn": "Oppgi lov, standard, kravbank eller arbeidsmøte.",
        "en": "Name the law, standard, requirement bank or workshop.",
    },
    "quality.rule.length.name": {"nb": "Lengde", "nn": "Lengd", "en": "Length"},
    "quality.rule.length.explanation": {
        "nb": "Teksten er svært kort eller svært lang.",
        "nn": "Teksten er svært kort eller svært lang.",
        "en": "The text is very short or very long.",
    },
    "quality.rule.length.suggestion": {
        "nb": "Et godt krav er én eller to setninger; del lange tekster.",
        "nn": "Eit godt krav er éi eller to setningar; del lange tekstar.",
        "en": "A good requirement is one or two sentences; split long texts.",
    },
}

TEXTS: Final[Catalogue] = {
    **_RULES,
    "command.quality.description": {
        "nb": "Kravkvalitet for en gruppe: poeng, svake krav og overlapp",
        "nn": "Kravkvalitet for ei gruppe: poeng, svake krav og overlapp",
        "en": "Requirement quality of a group: scores, weak requirements and overlaps",
    },
    "quality.finding.words": {
        "nb": "{rule}: {words}",
        "nn": "{rule}: {words}",
        "en": "{rule}: {words}",
    },
    "quality.finding.count": {
        "nb": "{rule}: {count, plural, one {# tegn} other {# tegn}}",
        "nn": "{rule}: {count, plural, one {# teikn} other {# teikn}}",
        "en": "{rule}: {count, plural, one {# character} other {# characters}}",
    },
    "quality.summary": {
        "nb": "Kvalitet {score} av 100 · {count, plural, one {# funn} other {# funn}}",
        "nn": "Kvalitet {score} av 100 · {count, plural, one {# funn} other {# funn}}",
        "en": "Quality {score} of 100 · {count, plural, one {# finding} other {# findings}}",
    },
    "quality.section.title": {
        "nb": "Kvalitet: {score} av 100",
        "nn": "Kvalitet: {score} av 100",
        "en": "Quality: {score} of 100",
    },
    "quality.section.none": {
        "nb": "Ingen åpne funn.",
        "nn": "Ingen opne funn.",
        "en": "No open findings.",
    },
    "quality.dismissed": {
        "nb": "Avvist: {rule} ({by}). Begrunnelse:",
        "nn": "Avvist: {rule} ({by}). Grunngiving:",
        "en": "Dismissed: {rule} ({by}). Reason:",
    },
    "quality.overlap.title": {
        "nb": "Overlapp med andre krav",
        "nn": "Overlapp med andre krav",
        "en": "Overlaps with other requirements",
    },
    "quality.overlap.line": {
        "nb": "{other} ({group}): {share, percent} likt",
        "nn": "{other} ({group}): {share, percent} likt",
        "en": "{other} ({group}): {share, percent} alike",
    },
    "quality.mark.duplicate_of": {
        "nb": "Merket: {duplicate} er et duplikat.",
        "nn": "Merkt: {duplicate} er eit duplikat.",
        "en": "Marked: {duplicate} is a duplicate.",
    },
    "quality.mark.duplicate": {"nb": "(duplikat)", "nn": "(duplikat)", "en": "(duplicate)"},
    "quality.mark.related": {"nb": "(beslektet)", "nn": "(i slekt)", "en": "(related)"},
    "quality.mark.distinct": {"nb": "(forskjellige)", "nn": "(ulike)", "en": "(distinct)"},
    "quality.action.dismiss": {
        "nb": "Avvis: {rule}",
        "nn": "Avvis: {rule}",
        "en": "Dismiss: {rule}",
    },
    "quality.action.duplicate": {
        "nb": "Duplikat av {other}",
        "nn": "Duplikat av {other}",
        "en": "Duplicate of {other}",
    },
    "quality.action.related": {"nb": "Beslektet", "nn": "I slekt", "en": "Related"},
    "quality.action.distinct": {"nb": "Forskjellige", "nn": "Ulike", "en": "Distinct"},
    "quality.action.open": {
        "nb": "Åpne {requirement}",
        "nn": "Opne {requirement}",
        "en": "Open {requirement}",
    },
    "quality.action.review": {
        "nb": "Vurder kvaliteten",
        "nn": "Vurder kvaliteten",
        "en": "Review the quality",
    },
    "quality.card.title": {
        "nb": "Kvalitet for {requirement}",
        "nn": "Kvalitet for {requirement}",
        "en": "Quality of {requirement}",
    },
    "quality.input.reason": {
        "nb": "Begrunnelse for å avvise et funn",
        "nn": "Grunngiving for å avvise eit funn",
        "en": "Reason for dismissing a finding",
    },
    "quality.input.reason_hint": {
        "nb": "For eksempel: «rask» er definert i vedlegg 2.",
        "nn": "Til dømes: «rask» er definert i vedlegg 2.",
        "en": "For example: “fast” is defined in appendix 2.",
    },
    "quality.saved.dismissed": {
        "nb": "Funnet «{rule}» er avvist. Begrunnelsen er lagret.",
        "nn": "Funnet «{rule}» er avvist. Grunngivinga er lagra.",
        "en": "The finding “{rule}” is dismissed. The reason is saved.",
    },
    "quality.saved.marked": {
        "nb": "Merket {requirement} og {other}.",
        "nn": "Merkte {requirement} og {other}.",
        "en": "Marked {requirement} and {other}.",
    },
    "quality.group.title": {
        "nb": "Kravkvalitet: {group}",
        "nn": "Kravkvalitet: {group}",
        "en": "Requirement quality: {group}",
    },
    "quality.group.title_all": {
        "nb": "Kravkvalitet: alle grupper",
        "nn": "Kravkvalitet: alle grupper",
        "en": "Requirement quality: all groups",
    },
    "quality.group.requirements": {"nb": "Krav", "nn": "Krav", "en": "Requirements"},
    "quality.group.average": {
        "nb": "Gjennomsnitt (av 100)",
        "nn": "Gjennomsnitt (av 100)",
        "en": "Average (of 100)",
    },
    "quality.group.open": {"nb": "Åpne funn", "nn": "Opne funn", "en": "Open findings"},
    "quality.group.chart": {
        "nb": "Krav etter kvalitet",
        "nn": "Krav etter kvalitet",
        "en": "Requirements by quality",
    },
    "quality.group.axis_score": {"nb": "Poeng", "nn": "Poeng", "en": "Score"},
    "quality.group.axis_count": {"nb": "Antall krav", "nn": "Tal på krav", "en": "Requirements"},
    "quality.group.worst": {
        "nb": "Svakeste krav",
        "nn": "Svakaste krav",
        "en": "Weakest requirements",
    },
    "quality.group.worst_line": {
        "nb": "{requirement}: {score} av 100",
        "nn": "{requirement}: {score} av 100",
        "en": "{requirement}: {score} of 100",
    },
    "quality.group.overlaps": {
        "nb": "Overlapp med andre grupper",
        "nn": "Overlapp med andre grupper",
        "en": "Overlaps with other groups",
    },
    "quality.group.no_overlaps": {
        "nb": "Ingen overlapp funnet.",
        "nn": "Ingen overlapp funne.",
        "en": "No overlaps found.",
    },
    "quality.group.pair": {
        "nb": "{first} og {second}: {share, percent} likt",
        "nn": "{first} og {second}: {share, percent} likt",
        "en": "{first} and {second}: {share, percent} alike",
    },
    "quality.usage.unknown_group": {
        "nb": "Jeg finner ikke gruppen «{group}». Skriv «grupper» for å se kodene.",
        "nn": "Eg finn ikkje gruppa «{group}». Skriv «grupper» for å sjå kodane.",
        "en": "I cannot find the group “{group}”. Type “groups” to see the codes.",
    },
    "quality.error.not_found": {
        "nb": "Jeg finner ikke kravet «{requirement}».",
        "nn": "Eg finn ikkje kravet «{requirement}».",
        "en": "I cannot find the requirement “{requirement}”.",
    },
    "quality.error.no_finding": {
        "nb": "Kravet har ikke lenger dette funnet. Kortet er oppdatert.",
        "nn": "Kravet har ikkje lenger dette funnet. Kortet er oppdatert.",
        "en": "The requirement no longer has this finding. The card is updated.",
    },
    "quality.error.reason_missing": {
        "nb": "Skriv en begrunnelse før du avviser et funn.",
        "nn": "Skriv ei grunngiving før du avviser eit funn.",
        "en": "Write a reason before you dismiss a finding.",
    },
    "quality.error.reason_too_long": {
        "nb": "Begrunnelsen kan være høyst {limit, plural, one {# tegn} other {# tegn}}.",
        "nn": "Grunngivinga kan vere høgst {limit, plural, one {# teikn} other {# teikn}}.",
        "en": "The reason can be at most {limit, plural, one {# character} other {# characters}}.",
    },
    "quality.error.same": {
        "nb": "Et krav kan ikke merkes mot seg selv.",
        "nn": "Eit krav kan ikkje merkast mot seg sjølv.",
        "en": "A requirement cannot be marked against itself.",
    },
    "quality.error.kind": {
        "nb": "Jeg forstår ikke merket. Bruk knappene på kortet.",
        "nn": "Eg forstår ikkje merket. Bruk knappane på kortet.",
        "en": "I do not understand the mark. Use the buttons on the card.",
    },
    "quality.error.not_allowed": {
        "nb": "Bare prosjektlederen, administratorer og medlemmer av {group} kan gjøre dette.",
        "nn": "Berre prosjektleiaren, administratorar og medlemar av {group} kan gjere dette.",
        "en": "Only the project lead, administrators and members of {group} can do this.",
    },
    "quality.report.title": {
        "nb": "Kravkvalitet",
        "nn": "Kravkvalitet",
        "en": "Requirement quality",
    },
    "quality.report.column.key": {"nb": "ID", "nn": "ID", "en": "ID"},
    "quality.report.column.group": {"nb": "Gruppe", "nn": "Gruppe", "en": "Group"},
    "quality.report.column.type": {"nb": "Type", "nn": "Type", "en": "Type"},
    "quality.report.column.score": {"nb": "Poeng", "nn": "Poeng", "en": "Score"},
    "quality.report.column.findings": {"nb": "Funn", "nn": "Funn", "en": "Findings"},
    "quality.report.column.dismissed": {
        "nb": "Avviste funn",
        "nn": "Avviste funn",
        "en": "Dismissed findings",
    },
    "quality.report.column.text": {"nb": "Tekst", "nn": "Tekst", "en": "Text"},
    "quality.report.column.first": {"nb": "Krav", "nn": "Krav", "en": "Requirement"},
    "quality.report.column.second": {"nb": "Likner", "nn": "Liknar", "en": "Resembles"},
    "quality.report.column.similarity": {
        "nb": "Likhet (%)",
        "nn": "Likskap (%)",
        "en": "Similarity (%)",
    },
    "quality.report.column.mark": {"nb": "Merket som", "nn": "Merkt som", "en": "Marked as"},
    "quality.import.summary": {
        "nb": "Kvalitet: {count, plural, one {# krav har funn} other {# krav har funn}}.",
        "nn": "Kvalitet: {count, plural, one {# krav har funn} other {# krav har funn}}.",
        "en": "Quality: {count, plural, one {# requirement has} other {# requirements have}} "
        "findings.",
    },
    "quality.import.line": {
        "nb": "{requirement} ({score} av 100): {findings}",
        "nn": "{requirement} ({score} av 100): {findings}",
        "en": "{requirement} ({score} of 100): {findings}",
    },
    "quality.error.unknown_group": {
        "nb": "Ukjent gruppe: {group}",
        "nn": "Ukjend gruppe: {group}",
        "en": "Unknown group: {group}",
    },
    "quality.report.overlaps_title": {
        "nb": "Overlappende krav",
        "nn": "Overlappande krav",
        "en": "Overlapping requirements",
    },
    "quality.cli.needs_output": {
        "nb": "xlsx må skrives til en fil: bruk -o FIL",
        "nn": "xlsx må skrivast til ei fil: bruk -o FIL",
        "en": "xlsx must be written to a file: use -o FILE",
    },
    "quality.cli.wrote": {
        "nb": "Skrev «{title}» til {file}.",
        "nn": "Skreiv «{title}» til {file}.",
        "en": "Wrote “{title}” to {file}.",
    },
}
