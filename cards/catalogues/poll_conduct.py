"""Texts of polls as a municipal body votes: one vote per municipality, delegates, deputies and
proxies, reasons, conflicts of interest, dissents, and the minutes in the form such bodies use."""

from __future__ import annotations

from typing import Final

from cards.catalogues import Catalogue

TEXTS: Final[Catalogue] = {
    "command.open_polls.description": {
        "nb": "Åpne avstemninger med hvor mange som har stemt",
        "nn": "Opne avrøystingar med kor mange som har røysta",
        "en": "Open polls with how many have voted",
    },
    "polls.list.title": {
        "nb": "Åpne avstemninger ({count})",
        "nn": "Opne avrøystingar ({count})",
        "en": "Open polls ({count})",
    },
    "polls.list.empty": {
        "nb": "Ingen åpne avstemninger du kan se.",
        "nn": "Ingen opne avrøystingar du kan sjå.",
        "en": "No open polls that you can see.",
    },
    "polls.list.open": {"nb": "Vis og stem", "nn": "Vis og røyst", "en": "Show and vote"},
    "polls.represents.delegate": {"nb": "representant", "nn": "representant", "en": "delegate"},
    "polls.represents.deputy": {"nb": "vara", "nn": "vara", "en": "deputy"},
    "polls.represents.proxy": {"nb": "fullmakt", "nn": "fullmakt", "en": "proxy"},
    "polls.minutes.cast_by": {
        "nb": "avgitt av {name}, {role}",
        "nn": "gitt av {name}, {role}",
        "en": "cast by {name}, {role}",
    },
    "polls.card.per_municipality": {
        "nb": "Én stemme per kommune",
        "nn": "Éi røyst per kommune",
        "en": "One vote per municipality",
    },
    "polls.card.voted_seats": {
        "nb": "{voted} av {electorate, plural, one {# kommune} other {# kommuner}}",
        "nn": "{voted} av {electorate, plural, one {# kommune} other {# kommunar}}",
        "en": "{voted} of {electorate, plural, one {# municipality} other {# municipalities}}",
    },
    "polls.card.weights": {"nb": "Stemmevekt", "nn": "Røystevekt", "en": "Vote weight"},
    "polls.card.you_represent": {
        "nb": "Du stemmer for {municipality} ({role}).",
        "nn": "Du røystar for {municipality} ({role}).",
        "en": "You vote for {municipality} ({role}).",
    },
    "polls.card.deputy_note": {
        "nb": "Stemmen din teller bare hvis representanten ikke stemmer.",
        "nn": "Røysta di tel berre om representanten ikkje røystar.",
        "en": "Your vote counts only if the delegate does not vote.",
    },
    "polls.card.reason": {
        "nb": "Begrunnelse (valgfritt, kommer i protokollen)",
        "nn": "Grunngiving (valfritt, kjem i protokollen)",
        "en": "Reason (optional, goes in the minutes)",
    },
    "polls.card.conflict": {
        "nb": "Meld inhabilitet",
        "nn": "Meld inhabilitet",
        "en": "Declare a conflict of interest",
    },
    "polls.card.conflict_person": {"nb": "Hvem", "nn": "Kven", "en": "Who"},
    "polls.card.conflict_reason": {
        "nb": "Grunnen til inhabiliteten",
        "nn": "Grunnen til inhabiliteten",
        "en": "Why there is a conflict of interest",
    },
    "polls.card.conflict_submit": {
        "nb": "Meld inhabil",
        "nn": "Meld inhabil",
        "en": "Declare the conflict",
    },
    "polls.card.conflict_note": {
        "nb": "Den inhabile går ut av manntallet, og en avgitt stemme trekkes tilbake.",
        "nn": "Den inhabile går ut av manntalet, og ei gitt røyst blir trekt tilbake.",
        "en": "The member leaves the electorate, and a vote already cast is withdrawn.",
    },
    "polls.card.proxy": {"nb": "Gi fullmakt", "nn": "Gi fullmakt", "en": "Give a proxy"},
    "polls.card.proxy_person": {
        "nb": "Fullmakt til (fra din kommune)",
        "nn": "Fullmakt til (frå kommunen din)",
        "en": "Proxy to (from your municipality)",
    },
    "polls.card.proxy_submit": {
        "nb": "Gi fullmakten",
        "nn": "Gi fullmakta",
        "en": "Give the proxy",
    },
    "polls.card.proxy_given": {
        "nb": "Fullmakt gitt til {name} {when}.",
        "nn": "Fullmakt gitt til {name} {when}.",
        "en": "Proxy given to {name} on {when}.",
    },
    "polls.card.close_confirm": {
        "nb": "Vil du avslutte avstemningen nå, før fristen? Resultatet blir endelig.",
        "nn": "Vil du avslutte avrøystinga no, før fristen? Resultatet blir endeleg.",
        "en": "Close the poll now, before its deadline? The result is final.",
    },
    "polls.card.close_yes": {
        "nb": "Ja, avslutt nå",
        "nn": "Ja, avslutt no",
        "en": "Yes, close it now",
    },
    "polls.card.required": {
        "nb": "Fyll ut dette feltet.",
        "nn": "Fyll ut dette feltet.",
        "en": "Fill in this field.",
    },
    "polls.card.refresh": {"nb": "Oppdater kortet", "nn": "Oppdater kortet", "en": "Refresh"},
    "polls.card.options_heading": {"nb": "Innstillinger", "nn": "Innstillingar", "en": "Settings"},
    "polls.form.per_municipality": {
        "nb": "Én stemme per kommune (representant, ellers vara)",
        "nn": "Éi røyst per kommune (representant, elles vara)",
        "en": "One vote per municipality (delegate, else deputy)",
    },
    "polls.form.weights": {
        "nb": "Stemmevekt per kommune: {weights}. Andre kommuner har 1.",
        "nn": "Røystevekt per kommune: {weights}. Andre kommunar har 1.",
        "en": "Vote weight per municipality: {weights}. Other municipalities have 1.",
    },
    "polls.result.dissent": {
        "nb": "Protokolltilførsel",
        "nn": "Protokolltilførsel",
        "en": "Dissent for the minutes",
    },
    "polls.result.dissent_label": {
        "nb": "Din protokolltilførsel (innen {hours, plural, one {# time} other {# timer}} etter "
        "resultatet)",
        "nn": "Protokolltilførselen din (innan {hours, plural, one {# time} other {# timar}} "
        "etter resultatet)",
        "en": "Your dissent (within {hours, plural, one {# hour} other {# hours}} of the result)",
    },
    "polls.result.dissent_submit": {
        "nb": "Før inn i protokollen",
        "nn": "Før inn i protokollen",
        "en": "Enter in the minutes",
    },
    "polls.minutes.case": {"nb": "Sak {case}", "nn": "Sak {case}", "en": "Case {case}"},
    "polls.minutes.proposal": {
        "nb": "Forslag til vedtak",
        "nn": "Framlegg til vedtak",
        "en": "Proposal",
    },
    "polls.minutes.voting": {"nb": "Votering", "nn": "Votering", "en": "Voting"},
    "polls.minutes.resolution": {"nb": "Vedtak", "nn": "Vedtak", "en": "Resolution"},
    "polls.minutes.unanimous": {
        "nb": "Enstemmig vedtatt.",
        "nn": "Samrøystes vedteke.",
        "en": "Adopted unanimously.",
    },
    "polls.minutes.against": {
        "nb": "Vedtatt mot {count, plural, one {# stemme} other {# stemmer}}.",
        "nn": "Vedteke mot {count, plural, one {# røyst} other {# røyster}}.",
        "en": "Adopted with {count, plural, one {# vote} other {# votes}} against.",
    },
    "polls.minutes.per_seat": {
        "nb": "Stemmer per kommune",
        "nn": "Røyster per kommune",
        "en": "Votes per municipality",
    },
    "polls.minutes.reasons": {"nb": "Begrunnelser", "nn": "Grunngivingar", "en": "Reasons"},
    "polls.minutes.conflicts": {
        "nb": "Inhabilitet",
        "nn": "Inhabilitet",
        "en": "Conflicts of interest",
    },
    "polls.minutes.conflict_line": {
        "nb": "{name} ble erklært inhabil ({by}): {reason}.",
        "nn": "{name} vart erklært inhabil ({by}): {reason}.",
        "en": "{name} was declared disqualified ({by}): {reason}.",
    },
    "polls.minutes.withdrawn": {
        "nb": "Stemmen som var avgitt, ble trukket tilbake.",
        "nn": "Røysta som var gitt, vart trekt tilbake.",
        "en": "The vote already cast was withdrawn.",
    },
    "polls.minutes.dissents": {
        "nb": "Protokolltilførsler",
        "nn": "Protokolltilførslar",
        "en": "Dissents",
    },
    "polls.minutes.dissent_line": {
        "nb": "{name} (beslutning {sequence}): {statement}",
        "nn": "{name} (avgjerd {sequence}): {statement}",
        "en": "{name} (decision {sequence}): {statement}",
    },
    "polls.done.proxy": {
        "nb": "Fullmakten er gitt til {name}. Den er ført med tidspunkt.",
        "nn": "Fullmakta er gitt til {name}. Ho er ført med tidspunkt.",
        "en": "The proxy is given to {name}, recorded with its time.",
    },
    "polls.done.conflict": {
        "nb": "{name} er ført som inhabil og er ute av manntallet.",
        "nn": "{name} er ført som inhabil og er ute av manntalet.",
        "en": "{name} is recorded as disqualified and has left the electorate.",
    },
    "polls.done.dissent": {
        "nb": "Protokolltilførselen er ført inn som beslutning {sequence}.",
        "nn": "Protokolltilførselen er ført inn som avgjerd {sequence}.",
        "en": "Your dissent is entered as decision {sequence}.",
    },
    "decisions.kind.dissent": {
        "nb": "Protokolltilførsel",
        "nn": "Protokolltilførsel",
        "en": "Dissent",
    },
    "decisions.outcome.dissent": {
        "nb": "Protokolltilførsel",
        "nn": "Protokolltilførsel",
        "en": "Dissent",
    },
    "decisions.field.addenda": {
        "nb": "Protokolltilførsler",
        "nn": "Protokolltilførslar",
        "en": "Dissents",
    },
    "polls.error.municipal_anonymous": {
        "nb": "En avstemning per kommune kan ikke være hemmelig: protokollen viser hvem som "
        "stemte for kommunen.",
        "nn": "Ei avrøysting per kommune kan ikkje vere hemmeleg: protokollen viser kven som "
        "røysta for kommunen.",
        "en": "A poll per municipality cannot be a secret ballot: the minutes show who voted "
        "for each municipality.",
    },
    "polls.error.dissent_hours": {
        "nb": "Fristen for protokolltilførsel må være mellom 0 og "
        "{limit, plural, one {# time} other {# timer}}.",
        "nn": "Fristen for protokolltilførsel må vere mellom 0 og "
        "{limit, plural, one {# time} other {# timar}}.",
        "en": "The time for dissents must be between 0 and "
        "{limit, plural, one {# hour} other {# hours}}.",
    },
    "polls.error.no_delegates": {
        "nb": "Ingen deltakerkommune har representant eller vara i {group}. Prosjektleder "
        "setter dem først.",
        "nn": "Ingen deltakarkommune har representant eller vara i {group}. Prosjektleiar "
        "set dei først.",
        "en": "No participating municipality has a delegate or deputy in {group}. The "
        "project lead sets them first.",
    },
    "polls.error.disqualified": {
        "nb": "Du er ført som inhabil i denne saken og kan ikke stemme. Ingenting ble lagret.",
        "nn": "Du er ført som inhabil i denne saka og kan ikkje røyste. Ingenting vart lagra.",
        "en": "You are recorded as disqualified in this matter and cannot vote. Nothing was saved.",
    },
    "polls.error.not_representative": {
        "nb": "Du representerer ikke {municipality} i denne avstemningen. Bare kommunens "
        "representant, vara eller den med fullmakt kan stemme. Ingenting ble lagret.",
        "nn": "Du representerer ikkje {municipality} i denne avrøystinga. Berre representanten, "
        "vara eller den med fullmakt kan røyste for kommunen. Ingenting vart lagra.",
        "en": "You do not represent {municipality} in this poll. Only the municipality's "
        "delegate, deputy or proxy holder can vote. Nothing was saved.",
    },
    "polls.error.proxy_given": {
        "nb": "Du har gitt fullmakt, så den du ga fullmakt til stemmer for kommunen. "
        "Ingenting ble lagret.",
        "nn": "Du har gitt fullmakt, så den du gav fullmakt til røystar for kommunen. "
        "Ingenting vart lagra.",
        "en": "You gave a proxy, so its holder votes for your municipality. Nothing was saved.",
    },
    "polls.error.reason_anonymous": {
        "nb": "En hemmelig avstemning tar ikke imot begrunnelser. Ingenting ble lagret.",
        "nn": "Ei hemmeleg avrøysting tek ikkje imot grunngivingar. Ingenting vart lagra.",
        "en": "A secret ballot takes no reasons. Nothing was saved.",
    },
    "polls.error.reason_long": {
        "nb": "Begrunnelsen kan ha høyst {limit, plural, one {# tegn} other {# tegn}}. Ingenting "
        "ble lagret.",
        "nn": "Grunngivinga kan ha høgst {limit, plural, one {# teikn} other {# teikn}}. "
        "Ingenting vart lagra.",
        "en": "The reason can have at most "
        "{limit, plural, one {# character} other {# characters}}. Nothing was saved.",
    },
    "polls.error.not_municipal": {
        "nb": "Fullmakt gjelder bare avstemninger per kommune.",
        "nn": "Fullmakt gjeld berre avrøystingar per kommune.",
        "en": "Proxies apply only to polls per municipality.",
    },
    "polls.error.not_delegate": {
        "nb": "Bare kommunens representant kan gi fullmakt.",
        "nn": "Berre representanten for kommunen kan gi fullmakt.",
        "en": "Only the municipality's delegate can give a proxy.",
    },
    "polls.error.proxy_exists": {
        "nb": "Du har alt gitt fullmakt i denne avstemningen.",
        "nn": "Du har alt gitt fullmakt i denne avrøystinga.",
        "en": "You already gave a proxy in this poll.",
    },
    "polls.error.proxy_person": {
        "nb": "Velg en annen person å gi fullmakt til. Ingenting ble lagret.",
        "nn": "Vel ein annan person å gi fullmakt til. Ingenting vart lagra.",
        "en": "Choose another person to give the proxy to. Nothing was saved.",
    },
    "polls.error.proxy_other_municipality": {
        "nb": "{name} er ikke fra din kommune. Fullmakt kan bare gis innen kommunen. "
        "Ingenting ble lagret.",
        "nn": "{name} er ikkje frå kommunen din. Fullmakt kan berre gjevast innan kommunen. "
        "Ingenting vart lagra.",
        "en": "{name} is not from your municipality. A proxy stays within the municipality. "
        "Nothing was saved.",
    },
    "polls.error.proxy_after_vote": {
        "nb": "Du har alt stemt, så du kan ikke gi fullmakt nå.",
        "nn": "Du har alt røysta, så du kan ikkje gi fullmakt no.",
        "en": "You have already voted, so you cannot give a proxy now.",
    },
    "polls.error.conflict_not_elector": {
        "nb": "Den personen er ikke med i manntallet for denne avstemningen.",
        "nn": "Den personen er ikkje med i manntalet for denne avrøystinga.",
        "en": "That person is not in this poll's electorate.",
    },
    "polls.error.conflict_reason": {
        "nb": "Skriv grunnen til inhabiliteten. Ingenting ble lagret.",
        "nn": "Skriv grunnen til inhabiliteten. Ingenting vart lagra.",
        "en": "Write why there is a conflict of interest. Nothing was saved.",
    },
    "polls.error.conflict_not_chair": {
        "nb": "Bare møteleder kan erklære en annen inhabil.",
        "nn": "Berre møteleiar kan erklære ein annan inhabil.",
        "en": "Only the chair can declare someone else disqualified.",
    },
    "polls.error.conflict_after_vote": {
        "nb": "Du har alt stemt. Be møteleder føre inhabiliteten, så trekkes stemmen tilbake.",
        "nn": "Du har alt røysta. Be møteleiar føre inhabiliteten, så blir røysta trekt tilbake.",
        "en": "You have already voted. Ask the chair to record the conflict; your vote is "
        "then withdrawn.",
    },
    "polls.error.dissent_open": {
        "nb": "Protokolltilførsel kan føres inn når resultatet foreligger.",
        "nn": "Protokolltilførsel kan førast inn når resultatet ligg føre.",
        "en": "A dissent can be entered once the result is in.",
    },
    "polls.error.dissent_late": {
        "nb": "Fristen for protokolltilførsel ({hours, plural, one {# time} other {# timer}} "
        "etter resultatet) er ute. "
        "Ingenting ble lagret.",
        "nn": "Fristen for protokolltilførsel ({hours, plural, one {# time} other {# timar}} "
        "etter resultatet) er ute. "
        "Ingenting vart lagra.",
        "en": "The time for dissents ({hours, plural, one {# hour} other {# hours}} after the "
        "result) has passed. "
        "Nothing was saved.",
    },
    "polls.error.dissent_not_elector": {
        "nb": "Bare de som var med i manntallet, kan føre inn protokolltilførsel.",
        "nn": "Berre dei som var med i manntalet, kan føre inn protokolltilførsel.",
        "en": "Only members of the electorate can enter a dissent.",
    },
    "polls.error.dissent_text": {
        "nb": "Skriv protokolltilførselen, høyst {limit, plural, one {# tegn} other {# tegn}}. "
        "Ingenting ble lagret.",
        "nn": "Skriv protokolltilførselen, høgst {limit, plural, one {# teikn} other {# teikn}}. "
        "Ingenting vart lagra.",
        "en": "Write your dissent, at most "
        "{limit, plural, one {# character} other {# characters}}. Nothing was saved.",
    },
    "polls.error.dissent_twice": {
        "nb": "Du har alt ført inn en protokolltilførsel i denne saken.",
        "nn": "Du har alt ført inn ein protokolltilførsel i denne saka.",
        "en": "You have already entered a dissent in this matter.",
    },
    "catalogue.organisation.weight": {
        "nb": "Stemmevekten må være et helt tall fra 1 til {limit}.",
        "nn": "Røystevekta må vere eit heilt tal frå 1 til {limit}.",
        "en": "The vote weight must be a whole number from 1 to {limit}.",
    },
    "polls.cli.weight_saved": {
        "nb": "{municipality} har stemmevekt {weight}.",
        "nn": "{municipality} har røystevekt {weight}.",
        "en": "{municipality} has vote weight {weight}.",
    },
}
