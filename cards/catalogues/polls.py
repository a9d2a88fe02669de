"""Texts of steering-group polls: the poll and result cards, the form, reminders, CLI, minutes."""

from __future__ import annotations

from typing import Final

from cards.catalogues import Catalogue

TEXTS: Final[Catalogue] = {
    "command.new_poll.description": {
        "nb": "Ny avstemning i en gruppe (prosjektleder, administrator eller gruppeleder)",
        "nn": "Ny avrøysting i ei gruppe (prosjektleiar, administrator eller gruppeleiar)",
        "en": "New poll in a group (project lead, administrator or the group's chair)",
    },
    "polls.card.title": {
        "nb": "Avstemning: {title}",
        "nn": "Avrøysting: {title}",
        "en": "Poll: {title}",
    },
    "polls.card.deadline": {
        "nb": "Frist",
        "nn": "Frist",
        "en": "Deadline",
    },
    "polls.card.group": {
        "nb": "Gruppe",
        "nn": "Gruppe",
        "en": "Group",
    },
    "polls.card.voted": {
        "nb": "Har stemt",
        "nn": "Har røysta",
        "en": "Voted",
    },
    "polls.card.voted_value": {
        "nb": "{voted} av {electorate}",
        "nn": "{voted} av {electorate}",
        "en": "{voted} of {electorate}",
    },
    "polls.card.rules": {
        "nb": "Regler",
        "nn": "Reglar",
        "en": "Rules",
    },
    "polls.card.rules_value": {
        "nb": "{majority}, beslutningsdyktig ved {quorum, percent}{anonymous}{multiple}",
        "nn": "{majority}, vedtaksfør ved {quorum, percent}{anonymous}{multiple}",
        "en": "{majority}, quorum {quorum, percent}{anonymous}{multiple}",
    },
    "polls.card.anonymous_flag": {
        "nb": ", hemmelig avstemning",
        "nn": ", hemmeleg avrøysting",
        "en": ", secret ballot",
    },
    "polls.card.multiple_flag": {
        "nb": ", flere valg",
        "nn": ", fleire val",
        "en": ", multiple choice",
    },
    "polls.majority.simple": {
        "nb": "Simpelt flertall",
        "nn": "Simpelt fleirtal",
        "en": "Simple majority",
    },
    "polls.majority.two-thirds": {
        "nb": "To tredjedels flertall",
        "nn": "To tredjedels fleirtal",
        "en": "Two-thirds majority",
    },
    "polls.card.choice_label": {
        "nb": "Din stemme",
        "nn": "Di røyst",
        "en": "Your vote",
    },
    "polls.card.choice_label_multiple": {
        "nb": "Din stemme (du kan velge flere)",
        "nn": "Di røyst (du kan velje fleire)",
        "en": "Your vote (you may choose several)",
    },
    "polls.card.choice_error": {
        "nb": "Velg et alternativ.",
        "nn": "Vel eit alternativ.",
        "en": "Choose an option.",
    },
    "polls.card.abstain": {
        "nb": "Avstår (teller med når vi ser om avstemningen er beslutningsdyktig)",
        "nn": "Avstår (tel med når vi ser om avrøystinga er vedtaksfør)",
        "en": "Abstain (counts towards the quorum)",
    },
    "polls.card.vote": {
        "nb": "Stem",
        "nn": "Røyst",
        "en": "Vote",
    },
    "polls.card.change": {
        "nb": "Endre stemme",
        "nn": "Endre røyst",
        "en": "Change vote",
    },
    "polls.card.close": {
        "nb": "Avslutt avstemningen",
        "nn": "Avslutt avrøystinga",
        "en": "Close the poll",
    },
    "polls.card.you_voted": {
        "nb": "Du stemte: {choice}",
        "nn": "Du røysta: {choice}",
        "en": "You voted: {choice}",
    },
    "polls.card.you_abstained": {
        "nb": "Du avsto.",
        "nn": "Du avstod.",
        "en": "You abstained.",
    },
    "polls.card.can_change": {
        "nb": "Du kan endre stemmen fram til fristen.",
        "nn": "Du kan endre røysta fram til fristen.",
        "en": "You can change your vote until the deadline.",
    },
    "polls.card.not_eligible": {
        "nb": "Du er ikke med i manntallet for denne avstemningen.",
        "nn": "Du er ikkje med i manntalet for denne avrøystinga.",
        "en": "You are not in the electorate of this poll.",
    },
    "polls.card.live_results": {
        "nb": "Foreløpig resultat",
        "nn": "Førebels resultat",
        "en": "Results so far",
    },
    "polls.card.results_after": {
        "nb": "Resultatet vises når avstemningen er avsluttet.",
        "nn": "Resultatet blir vist når avrøystinga er avslutta.",
        "en": "The result is shown when the poll closes.",
    },
    "polls.card.fallback": {
        "nb": "Avstemning: {title}. Frist {deadline}.",
        "nn": "Avrøysting: {title}. Frist {deadline}.",
        "en": "Poll: {title}. Deadline {deadline}.",
    },
    "polls.result.title": {
        "nb": "Resultat: {title}",
        "nn": "Resultat: {title}",
        "en": "Result: {title}",
    },
    "polls.result.decided": {
        "nb": "Vedtatt: {winner}",
        "nn": "Vedteke: {winner}",
        "en": "Decided: {winner}",
    },
    "polls.result.chair_decided": {
        "nb": "Stemmelikhet mellom {tied}; lederens stemme var avgjørende.",
        "nn": "Røystelikskap mellom {tied}; leiaren si røyst var avgjerande.",
        "en": "Tie between {tied}; the chair's vote decided.",
    },
    "polls.result.tie": {
        "nb": "Stemmelikhet mellom {tied}. Ingen beslutning.",
        "nn": "Røystelikskap mellom {tied}. Inga avgjerd.",
        "en": "Tie between {tied}. Not decided.",
    },
    "polls.result.no_majority": {
        "nb": "Ingen fikk det nødvendige flertallet. Ingen beslutning.",
        "nn": "Ingen fekk det naudsynte fleirtalet. Inga avgjerd.",
        "en": "No option reached the required majority. Not decided.",
    },
    "polls.result.no_quorum": {
        "nb": "Ikke beslutningsdyktig: for få stemte. Ingen beslutning.",
        "nn": "Ikkje vedtaksfør: for få røysta. Inga avgjerd.",
        "en": "No quorum: too few voted. Not decided.",
    },
    "polls.result.quorum": {
        "nb": "Beslutningsdyktig",
        "nn": "Vedtaksfør",
        "en": "Quorum",
    },
    "polls.result.quorum_met": {
        "nb": "Ja ({turnout} av {electorate} stemte, krav {quorum, percent})",
        "nn": "Ja ({turnout} av {electorate} røysta, krav {quorum, percent})",
        "en": "Met ({turnout} of {electorate} voted, {quorum, percent} needed)",
    },
    "polls.result.quorum_missed": {
        "nb": "Nei ({turnout} av {electorate} stemte, krav {quorum, percent})",
        "nn": "Nei ({turnout} av {electorate} røysta, krav {quorum, percent})",
        "en": "Not met ({turnout} of {electorate} voted, {quorum, percent} needed)",
    },
    "polls.result.closed": {
        "nb": "Avsluttet",
        "nn": "Avslutta",
        "en": "Closed",
    },
    "polls.result.reason.deadline": {
        "nb": "ved fristen",
        "nn": "ved fristen",
        "en": "at the deadline",
    },
    "polls.result.reason.all-voted": {
        "nb": "da alle hadde stemt",
        "nn": "då alle hadde røysta",
        "en": "when everyone had voted",
    },
    "polls.result.reason.creator": {
        "nb": "av den som opprettet den",
        "nn": "av den som oppretta ho",
        "en": "by its creator",
    },
    "polls.result.votes": {
        "nb": "Stemmer per alternativ",
        "nn": "Røyster per alternativ",
        "en": "Votes per option",
    },
    "polls.result.abstentions": {
        "nb": "Avsto: {count}",
        "nn": "Avstod: {count}",
        "en": "Abstained: {count}",
    },
    "polls.result.who": {
        "nb": "Hvem stemte hva",
        "nn": "Kven røysta kva",
        "en": "Who voted what",
    },
    "polls.result.anonymous": {
        "nb": "Hemmelig avstemning: hvem som stemte hva, vises ikke.",
        "nn": "Hemmeleg avrøysting: kven som røysta kva, blir ikkje vist.",
        "en": "Secret ballot: who voted what is not shown.",
    },
    "polls.result.decision": {
        "nb": "Ført i beslutningsloggen som nr. {sequence}.",
        "nn": "Ført i avgjerdsloggen som nr. {sequence}.",
        "en": "Recorded in the decision log as no. {sequence}.",
    },
    "polls.result.fallback": {
        "nb": "Resultat: {title}: {outcome}",
        "nn": "Resultat: {title}: {outcome}",
        "en": "Result: {title}: {outcome}",
    },
    "polls.result.abstain_word": {
        "nb": "avstår",
        "nn": "avstår",
        "en": "abstains",
    },
    "polls.outcome.not_decided": {
        "nb": "ikke avgjort",
        "nn": "ikkje avgjort",
        "en": "not decided",
    },
    "polls.decision.text": {
        "nb": "Avstemning i {group}: «{title}». {outcome} {quorum}",
        "nn": "Avrøysting i {group}: «{title}». {outcome} {quorum}",
        "en": "Poll in {group}: “{title}”. {outcome} {quorum}",
    },
    "polls.reminder.title": {
        "nb": "Påminnelse: du har ikke stemt",
        "nn": "Påminning: du har ikkje røysta",
        "en": "Reminder: you have not voted",
    },
    "polls.reminder.text": {
        "nb": (
            "Avstemningen «{title}» i {group} stenger {deadline}. Stem på kortet i samtalen "
            "for gruppen."
        ),
        "nn": (
            "Avrøystinga «{title}» i {group} stengjer {deadline}. Røyst på kortet i samtalen "
            "for gruppa."
        ),
        "en": (
            "The poll “{title}” in {group} closes {deadline}. Vote on the card in the "
            "group's conversation."
        ),
    },
    "polls.form.title": {
        "nb": "Ny avstemning",
        "nn": "Ny avrøysting",
        "en": "New poll",
    },
    "polls.form.intro": {
        "nb": (
            "Avstemningen blir lagt ut i samtalen for gruppen. Alle som er medlemmer nå, kan "
            "stemme."
        ),
        "nn": (
            "Avrøystinga blir lagd ut i samtalen for gruppa. Alle som er medlemer no, kan røyste."
        ),
        "en": (
            "The poll is posted in the group's conversation. Everyone who is a member now may vote."
        ),
    },
    "polls.form.group": {
        "nb": "Gruppe",
        "nn": "Gruppe",
        "en": "Group",
    },
    "polls.form.group_error": {
        "nb": "Velg en gruppe.",
        "nn": "Vel ei gruppe.",
        "en": "Choose a group.",
    },
    "polls.form.title_label": {
        "nb": "Sak (tittel)",
        "nn": "Sak (tittel)",
        "en": "Matter (title)",
    },
    "polls.form.title_error": {
        "nb": "Skriv en tittel.",
        "nn": "Skriv ein tittel.",
        "en": "Write a title.",
    },
    "polls.form.description": {
        "nb": "Beskrivelse (valgfri)",
        "nn": "Skildring (valfri)",
        "en": "Description (optional)",
    },
    "polls.form.options": {
        "nb": "Alternativer, ett per linje",
        "nn": "Alternativ, eitt per linje",
        "en": "Options, one per line",
    },
    "polls.form.options_error": {
        "nb": "Skriv minst to alternativer.",
        "nn": "Skriv minst to alternativ.",
        "en": "Write at least two options.",
    },
    "polls.form.deadline_date": {
        "nb": "Fristdato",
        "nn": "Fristdato",
        "en": "Deadline date",
    },
    "polls.form.deadline_date_error": {
        "nb": "Velg en dato.",
        "nn": "Vel ein dato.",
        "en": "Choose a date.",
    },
    "polls.form.deadline_time": {
        "nb": "Klokkeslett for fristen",
        "nn": "Klokkeslett for fristen",
        "en": "Deadline time",
    },
    "polls.form.deadline_time_error": {
        "nb": "Velg et klokkeslett.",
        "nn": "Vel eit klokkeslett.",
        "en": "Choose a time.",
    },
    "polls.form.quorum": {
        "nb": "Beslutningsdyktig ved andel som stemmer (prosent)",
        "nn": "Vedtaksfør ved del som røystar (prosent)",
        "en": "Quorum: share that must vote (percent)",
    },
    "polls.form.quorum_error": {
        "nb": "Skriv et tall fra 0 til 100.",
        "nn": "Skriv eit tal frå 0 til 100.",
        "en": "Enter a number from 0 to 100.",
    },
    "polls.form.majority": {
        "nb": "Flertallskrav",
        "nn": "Fleirtalskrav",
        "en": "Majority",
    },
    "polls.form.anonymous": {
        "nb": "Hemmelig avstemning",
        "nn": "Hemmeleg avrøysting",
        "en": "Secret ballot",
    },
    "polls.form.secrecy": {
        "nb": (
            "Hemmelig avstemning: mens avstemningen er åpen, lagrer Kravbot bare hver persons "
            "gjeldende stemme, slik at du kan se og endre din egen. En driftsansvarlig med "
            "tilgang til databasen kan da se hvem som har stemt hva. Ingen historikk og intet "
            "tidspunkt for stemmen lagres. Når avstemningen avsluttes, slettes koblingen mellom "
            "person og stemme, og bare opptellingen og hvem som stemte blir igjen."
        ),
        "nn": (
            "Hemmeleg avrøysting: medan avrøystinga er open, lagrar Kravbot berre den gjeldande "
            "røysta til kvar person, slik at du kan sjå og endre di eiga. Ein driftsansvarleg "
            "med tilgang til databasen kan då sjå kven som har røysta kva. Ingen historikk og "
            "ikkje noko tidspunkt for røysta blir lagra. Når avrøystinga blir avslutta, blir "
            "koplinga mellom person og røyst sletta, og berre teljinga og kven som røysta, "
            "blir igjen."
        ),
        "en": (
            "Secret ballot: while the poll is open, Kravbot stores only each person's current "
            "vote, so that you can see and change your own. An operator with access to the "
            "database could then see who voted what. No history and no time of voting is "
            "stored. When the poll closes, the link between person and vote is deleted, and "
            "only the tallies and who voted remain."
        ),
    },
    "polls.form.multiple": {
        "nb": "Flere valg per person",
        "nn": "Fleire val per person",
        "en": "Several choices per person",
    },
    "polls.form.live": {
        "nb": "Vis resultatet underveis",
        "nn": "Vis resultatet undervegs",
        "en": "Show results while voting",
    },
    "polls.form.close_all": {
        "nb": "Avslutt når alle har stemt",
        "nn": "Avslutt når alle har røysta",
        "en": "Close when everyone has voted",
    },
    "polls.form.submit": {
        "nb": "Legg ut avstemningen",
        "nn": "Legg ut avrøystinga",
        "en": "Post the poll",
    },
    "polls.form.problems": {
        "nb": "Rett opp: {problems}",
        "nn": "Rett opp: {problems}",
        "en": "Please fix: {problems}",
    },
    "polls.created": {
        "nb": "Avstemning nr. {id} er lagt ut i {group}.",
        "nn": "Avrøysting nr. {id} er lagd ut i {group}.",
        "en": "Poll no. {id} is posted in {group}.",
    },
    "polls.created_no_home": {
        "nb": (
            "Avstemning nr. {id} er opprettet, men {group} har ingen samtale ennå. Gå til "
            "kanalen eller gruppechatten gruppen skal bruke, nevn meg og skriv «koble "
            "{code}»."
        ),
        "nn": (
            "Avrøysting nr. {id} er oppretta, men {group} har ingen samtale enno. Gå til "
            "kanalen eller gruppechatten gruppa skal bruke, nemn meg og skriv «kople {code}»."
        ),
        "en": (
            "Poll no. {id} is created, but {group} has no conversation yet. Go to the "
            "channel or group chat the group will use, mention me and type “link {code}”."
        ),
    },
    "polls.error.not_allowed": {
        "nb": (
            "Beklager, bare prosjektlederen, en administrator eller lederen av gruppen kan "
            "opprette avstemninger."
        ),
        "nn": (
            "Orsak, berre prosjektleiaren, ein administrator eller leiaren av gruppa kan "
            "opprette avrøystingar."
        ),
        "en": (
            "Sorry, only the project lead, an administrator or the group's chair can create polls."
        ),
    },
    "polls.error.archived": {
        "nb": "Gruppen {group} er arkivert og kan ikke få nye avstemninger.",
        "nn": "Gruppa {group} er arkivert og kan ikkje få nye avrøystingar.",
        "en": "The group {group} is archived and cannot get new polls.",
    },
    "polls.error.group": {
        "nb": "Jeg finner ikke gruppen {group}.",
        "nn": "Eg finn ikkje gruppa {group}.",
        "en": "I cannot find the group {group}.",
    },
    "polls.error.no_members": {
        "nb": "Gruppen {group} har ingen medlemmer som kan stemme.",
        "nn": "Gruppa {group} har ingen medlemer som kan røyste.",
        "en": "The group {group} has no members who can vote.",
    },
    "polls.error.title": {
        "nb": "Tittelen må ha 1–200 tegn.",
        "nn": "Tittelen må ha 1–200 teikn.",
        "en": "The title needs 1–200 characters.",
    },
    "polls.error.options": {
        "nb": "Det trengs 2–10 ulike alternativer på høyst 100 tegn.",
        "nn": "Det trengst 2–10 ulike alternativ på høgst 100 teikn.",
        "en": "Give 2–10 different options of at most 100 characters.",
    },
    "polls.error.deadline": {
        "nb": "Fristen må være fram i tid, for eksempel 2026-12-10T12:00.",
        "nn": "Fristen må vere fram i tid, til dømes 2026-12-10T12:00.",
        "en": "The deadline must be in the future, for example 2026-12-10T12:00.",
    },
    "polls.error.quorum": {
        "nb": "Skriv hvor stor andel som må stemme, i prosent fra 0 til 100 (for eksempel 50 %).",
        "nn": "Skriv kor stor del som må røyste, i prosent frå 0 til 100 (til dømes 50 %).",
        "en": "Give the share that must vote as a percentage from 0 to 100 (for example 50%).",
    },
    "polls.error.majority": {
        "nb": (
            "Flertallskravet må være «simple» (simpelt flertall) eller «two-thirds» (to "
            "tredjedels flertall)."
        ),
        "nn": (
            "Fleirtalskravet må vere «simple» (simpelt fleirtal) eller «two-thirds» (to "
            "tredjedels fleirtal)."
        ),
        "en": "The majority must be “simple” or “two-thirds”.",
    },
    "polls.error.description": {
        "nb": "Beskrivelsen kan ha høyst 2000 tegn.",
        "nn": "Skildringa kan ha høgst 2000 teikn.",
        "en": "The description can have at most 2000 characters.",
    },
    "polls.error.unknown_poll": {
        "nb": "Jeg finner ikke denne avstemningen. Kortet kan være ugyldig.",
        "nn": "Eg finn ikkje denne avrøystinga. Kortet kan vere ugyldig.",
        "en": "I cannot find this poll. The card may be invalid.",
    },
    "polls.error.closed": {
        "nb": "Avstemningen er avsluttet. Stemmen ble ikke lagret.",
        "nn": "Avrøystinga er avslutta. Røysta vart ikkje lagra.",
        "en": "The poll is closed. Your vote was not saved.",
    },
    "polls.error.not_audience": {
        "nb": "Denne avstemningen er bare for gruppen den hører til. Du kan ikke se den.",
        "nn": "Denne avrøystinga er berre for gruppa ho høyrer til. Du kan ikkje sjå henne.",
        "en": "This poll is only for the group it belongs to. You cannot see it.",
    },
    "polls.error.not_elector": {
        "nb": "Du er ikke med i manntallet for denne avstemningen. Stemmen ble ikke lagret.",
        "nn": "Du er ikkje med i manntalet for denne avrøystinga. Røysta vart ikkje lagra.",
        "en": "You are not in the electorate of this poll. Your vote was not saved.",
    },
    "polls.error.joined_after": {
        "nb": (
            "Du ble med i gruppen etter at avstemningen startet, og kan ikke stemme. Stemmen "
            "ble ikke lagret."
        ),
        "nn": (
            "Du vart med i gruppa etter at avrøystinga starta, og kan ikkje røyste. Røysta "
            "vart ikkje lagra."
        ),
        "en": (
            "You joined the group after the poll opened and cannot vote. Your vote was not saved."
        ),
    },
    "polls.error.unknown_option": {
        "nb": "Dette alternativet finnes ikke i avstemningen. Stemmen ble ikke lagret.",
        "nn": "Dette alternativet finst ikkje i avrøystinga. Røysta vart ikkje lagra.",
        "en": "That option is not in this poll. Your vote was not saved.",
    },
    "polls.error.stale": {
        "nb": (
            "Kortet var utdatert: stemmen din er endret et annet sted. Oppdater "
            "kortet og prøv igjen. Ingenting ble lagret."
        ),
        "nn": (
            "Kortet var utdatert: røysta di er endra ein annan stad. Oppdater "
            "kortet og prøv igjen. Ingenting vart lagra."
        ),
        "en": (
            "The card was out of date: your vote was changed elsewhere. Refresh the "
            "card and try again. Nothing was saved."
        ),
    },
    "polls.error.not_creator": {
        "nb": "Bare den som opprettet avstemningen, kan avslutte den.",
        "nn": "Berre den som oppretta avrøystinga, kan avslutte ho.",
        "en": "Only the person who created the poll can close it.",
    },
    "polls.error.unknown_person": {
        "nb": (
            "Jeg kjenner deg ikke igjen. Skriv «hjelp» først, eller be prosjektlederen legge "
            "deg inn."
        ),
        "nn": (
            "Eg kjenner deg ikkje att. Skriv «hjelp» først, eller be prosjektleiaren leggje "
            "deg inn."
        ),
        "en": "I do not recognise you. Type “help” first, or ask the project lead to add you.",
    },
    "polls.cli.opened": {
        "nb": (
            "Avstemning {id} er åpnet i {group} med {electorate, plural, one {# som kan "
            "stemme} other {# som kan stemme}}; frist {deadline}."
        ),
        "nn": (
            "Avrøysting {id} er opna i {group} med {electorate, plural, one {# som kan "
            "røyste} other {# som kan røyste}}; frist {deadline}."
        ),
        "en": (
            "Poll {id} opened in {group} with {electorate, plural, one {# voter} other {# "
            "voters}}; deadline {deadline}."
        ),
    },
    "polls.cli.closed": {
        "nb": "Avstemning {id} er avsluttet: {outcome}",
        "nn": "Avrøysting {id} er avslutta: {outcome}",
        "en": "Poll {id} closed: {outcome}",
    },
    "polls.cli.deadline_format": {
        "nb": "Fristen må skrives som 2026-12-10T12:00 (Oslo-tid).",
        "nn": "Fristen må skrivast som 2026-12-10T12:00 (Oslo-tid).",
        "en": "Write the deadline as 2026-12-10T12:00 (Oslo time).",
    },
    "polls.minutes.title": {
        "nb": "Møteprotokoll: avstemning {id}",
        "nn": "Møteprotokoll: avrøysting {id}",
        "en": "Minutes: poll {id}",
    },
    "polls.minutes.matter": {
        "nb": "Sak",
        "nn": "Sak",
        "en": "Matter",
    },
    "polls.minutes.opened": {
        "nb": "Åpnet",
        "nn": "Opna",
        "en": "Opened",
    },
    "polls.minutes.created_by": {
        "nb": "Opprettet av",
        "nn": "Oppretta av",
        "en": "Created by",
    },
    "polls.minutes.status_open": {
        "nb": "Avstemningen er ikke avsluttet.",
        "nn": "Avrøystinga er ikkje avslutta.",
        "en": "The poll is not closed.",
    },
    "polls.minutes.outcome": {
        "nb": "Utfall",
        "nn": "Utfall",
        "en": "Outcome",
    },
    "polls.minutes.option": {
        "nb": "Alternativ",
        "nn": "Alternativ",
        "en": "Option",
    },
    "polls.minutes.count": {
        "nb": "Stemmer",
        "nn": "Røyster",
        "en": "Votes",
    },
    "polls.minutes.voter": {
        "nb": "Navn",
        "nn": "Namn",
        "en": "Name",
    },
    "polls.minutes.vote": {
        "nb": "Stemme",
        "nn": "Røyst",
        "en": "Vote",
    },
    "polls.minutes.row_kind": {
        "nb": "Rad",
        "nn": "Rad",
        "en": "Row",
    },
    "polls.minutes.kind_tally": {
        "nb": "opptelling",
        "nn": "oppteljing",
        "en": "tally",
    },
    "polls.minutes.kind_vote": {
        "nb": "stemme",
        "nn": "røyst",
        "en": "vote",
    },
}
