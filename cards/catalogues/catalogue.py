"""Texts of the catalogue area: groups, linking, member sync and requirement look-up."""

from __future__ import annotations

from typing import Final

from cards.catalogues import Catalogue

TEXTS: Final[Catalogue] = {
    # ---------------------------------------------------------------- help lines
    "command.link.description": {
        "nb": "Gjør denne kanalen eller gruppechatten til samtalen for gruppen (administratorer)",
        "nn": "Gjer denne kanalen eller gruppechatten til samtalen for gruppa (administratorar)",
        "en": "Make this channel or group chat the group's conversation (administrators)",
    },
    "command.groups.description": {
        "nb": "Vis gruppene, medlemstall og hvor de er koblet",
        "nn": "Vis gruppene, medlemstal og kvar dei er kopla",
        "en": "List the groups, their member counts and where they are linked",
    },
    "command.sync_members.description": {
        "nb": "Les medlemmene i Teams og oppdater personer og gruppe (administratorer)",
        "nn": "Les medlemene i Teams og oppdater personar og gruppe (administratorar)",
        "en": "Read the Teams members and update people and the group (administrators)",
    },
    "command.requirement.description": {
        "nb": "Vis et krav med ID",
        "nn": "Vis eit krav med ID",
        "en": "Show a requirement by its ID",
    },
    "command.requirement_search.description": {
        "nb": "Søk i kravene",
        "nn": "Søk i krava",
        "en": "Search the requirements",
    },
    # ---------------------------------------------------------------- access and place
    "catalogue.link.not_admin": {
        "nb": (
            "Beklager, bare administratorer kan koble grupper til samtaler. Ingenting er endret."
        ),
        "nn": "Orsak, berre administratorar kan kople grupper til samtalar. Ingenting er endra.",
        "en": "Sorry, only administrators can link groups to conversations. Nothing was changed.",
    },
    "catalogue.sync.not_admin": {
        "nb": "Beklager, bare administratorer kan synkronisere medlemmer. Ingenting er endret.",
        "nn": "Orsak, berre administratorar kan synkronisere medlemer. Ingenting er endra.",
        "en": "Sorry, only administrators can sync members. Nothing was changed.",
    },
    "catalogue.link.personal": {
        "nb": (
            "Dette gjør du i kanalen eller gruppechatten til gruppen, ikke i en privat chat. "
            "Nevn meg der og skriv for eksempel «koble HJT»."
        ),
        "nn": (
            "Dette gjer du i kanalen eller gruppechatten til gruppa, ikkje i ein privat "
            "chat. Nemn meg der og skriv til dømes «kople HJT»."
        ),
        "en": (
            "Do this in the group's channel or group chat, not in a private chat. Mention me "
            "there and type, for example, “link HJT”."
        ),
    },
    "catalogue.sync.personal": {
        "nb": (
            "Dette gjør du i en kanal i teamet eller i en gruppechat, ikke i en privat chat. "
            "Nevn meg der og skriv «synk medlemmer»."
        ),
        "nn": (
            "Dette gjer du i ein kanal i teamet eller i ein gruppechat, ikkje i ein privat "
            "chat. Nemn meg der og skriv «synk medlemar»."
        ),
        "en": (
            "Do this in a team channel or a group chat, not in a private chat. Mention me "
            "there and type “sync members”."
        ),
    },
    # ---------------------------------------------------------------- link
    "catalogue.link.usage": {
        "nb": "Skriv hvilken gruppe, for eksempel «koble HJT». Skriv «grupper» for å se kodene.",
        "nn": "Skriv kva gruppe, til dømes «kople HJT». Skriv «grupper» for å sjå kodane.",
        "en": "Type which group, for example “link HJT”. Type “groups” to see the codes.",
    },
    "catalogue.link.unknown_group": {
        "nb": (
            "Jeg finner ingen gruppe med kode eller navn «{group}». Skriv «grupper» for å se dem."
        ),
        "nn": "Eg finn inga gruppe med kode eller namn «{group}». Skriv «grupper» for å sjå dei.",
        "en": "I cannot find a group with the code or name “{group}”. Type “groups” to see them.",
    },
    "catalogue.link.title": {
        "nb": "Gruppen er koblet",
        "nn": "Gruppa er kopla",
        "en": "Group linked",
    },
    "catalogue.link.body": {
        "nb": (
            "{group} bruker nå denne samtalen. Her legger jeg ut gjennomganger og framdrift "
            "for gruppen."
        ),
        "nn": (
            "{group} brukar no denne samtalen. Her legg eg ut gjennomgangar og framdrift for "
            "gruppa."
        ),
        "en": (
            "{group} now uses this conversation. I post the group's review rounds and "
            "progress here."
        ),
    },
    "catalogue.link.conversation": {"nb": "Samtale", "nn": "Samtale", "en": "Conversation"},
    "catalogue.link.previous": {
        "nb": "Koblet før",
        "nn": "Kopla før",
        "en": "Linked before",
    },
    "catalogue.link.unchanged": {
        "nb": "Gruppen var allerede koblet hit.",
        "nn": "Gruppa var allereie kopla hit.",
        "en": "The group was already linked here.",
    },
    "catalogue.link.sync_hint": {
        "nb": "Skriv «synk medlemmer» for å hente medlemmene fra Teams.",
        "nn": "Skriv «synk medlemar» for å hente medlemene frå Teams.",
        "en": "Type “sync members” to bring in the members from Teams.",
    },
    # ---------------------------------------------------------------- groups
    "catalogue.groups.title": {"nb": "Grupper", "nn": "Grupper", "en": "Groups"},
    "catalogue.groups.none": {
        "nb": "Ingen grupper er registrert ennå.",
        "nn": "Ingen grupper er registrerte enno.",
        "en": "No groups have been registered yet.",
    },
    "catalogue.groups.kind": {"nb": "Type", "nn": "Type", "en": "Kind"},
    "catalogue.groups.members": {"nb": "Medlemmer", "nn": "Medlemer", "en": "Members"},
    "catalogue.groups.conversation": {"nb": "Samtale", "nn": "Samtale", "en": "Conversation"},
    "catalogue.groups.not_linked": {"nb": "ikke koblet", "nn": "ikkje kopla", "en": "not linked"},
    "catalogue.groups.unnamed": {
        "nb": "samtale uten navn",
        "nn": "samtale utan namn",
        "en": "unnamed conversation",
    },
    "catalogue.kind.working": {"nb": "Arbeidsgruppe", "nn": "Arbeidsgruppe", "en": "Working group"},
    "catalogue.kind.steering": {
        "nb": "Styringsgruppe",
        "nn": "Styringsgruppe",
        "en": "Steering group",
    },
    "catalogue.kind.project": {
        "nb": "Prosjektgruppe",
        "nn": "Prosjektgruppe",
        "en": "Project group",
    },
    "catalogue.kind.reference": {
        "nb": "Referansegruppe",
        "nn": "Referansegruppe",
        "en": "Reference group",
    },
    "catalogue.more": {
        "nb": "… og {count} til",
        "nn": "… og {count} til",
        "en": "… and {count} more",
    },
    # ---------------------------------------------------------------- member sync
    "catalogue.sync.title": {
        "nb": "Medlemmer synkronisert",
        "nn": "Medlemer synkroniserte",
        "en": "Members synced",
    },
    "catalogue.sync.in_teams": {
        "nb": "Medlemmer i Teams",
        "nn": "Medlemer i Teams",
        "en": "Members in Teams",
    },
    "catalogue.sync.matched": {
        "nb": "Kjente personer",
        "nn": "Kjende personar",
        "en": "Known people",
    },
    "catalogue.sync.updated": {
        "nb": "Oppdatert med Teams-ID",
        "nn": "Oppdatert med Teams-ID",
        "en": "Updated with Teams ID",
    },
    "catalogue.sync.added_to_group": {
        "nb": "Lagt til i {group}",
        "nn": "Lagt til i {group}",
        "en": "Added to {group}",
    },
    "catalogue.sync.municipality_found": {
        "nb": "Kommune hentet fra Entra ID",
        "nn": "Kommune henta frå Entra ID",
        "en": "Municipality read from Entra ID",
    },
    "catalogue.sync.no_group": {
        "nb": (
            "Denne samtalen er ikke koblet til noen gruppe, så ingen ble lagt til i en "
            "gruppe. Skriv «koble» og gruppen først hvis du vil det."
        ),
        "nn": (
            "Denne samtalen er ikkje kopla til noka gruppe, så ingen vart lagt til i ei "
            "gruppe. Skriv «kople» og gruppa først om du vil det."
        ),
        "en": (
            "This conversation is not linked to a group, so nobody was added to a group. "
            "Type “link” and the group first if you want that."
        ),
    },
    "catalogue.sync.unmatched": {
        "nb": "Ikke i katalogen – legg dem inn med e-post eller Entra-ID",
        "nn": "Ikkje i katalogen – legg dei inn med e-post eller Entra-ID",
        "en": "Not in the catalogue – add them with their email or Entra ID",
    },
    "catalogue.sync.no_municipality": {
        "nb": "Uten kommune",
        "nn": "Utan kommune",
        "en": "Without a municipality",
    },
    "catalogue.sync.conflicts": {
        "nb": "Teams-ID-en hører allerede til en annen person – sjekk for dubletter",
        "nn": "Teams-ID-en høyrer allereie til ein annan person – sjekk for dublettar",
        "en": "The Teams ID already belongs to another person – check for duplicates",
    },
    "catalogue.sync.not_in_roster": {
        "nb": "I {group}, men ikke i Teams her (ingen er fjernet)",
        "nn": "I {group}, men ikkje i Teams her (ingen er fjerna)",
        "en": "In {group} but not in Teams here (nobody was removed)",
    },
    "catalogue.sync.no_email": {
        "nb": "(ingen e-post)",
        "nn": "(ingen e-post)",
        "en": "(no email)",
    },
    "catalogue.sync.directory_failed": {
        "nb": (
            "Entra ID svarte ikke for {count, plural, one {# person} other {# personer}}, så "
            "kommunen er ikke satt for dem."
        ),
        "nn": (
            "Entra ID svarte ikkje for {count, plural, one {# person} other {# personar}}, "
            "så kommunen er ikkje sett for dei."
        ),
        "en": (
            "Entra ID did not answer for {count, plural, one {# person} other {# people}}, "
            "so their municipality was not set."
        ),
    },
    "catalogue.sync.roster_failed": {
        "nb": (
            "Jeg fikk ikke lest medlemslisten fra Teams akkurat nå. Ingenting er endret. "
            "Prøv igjen om litt."
        ),
        "nn": (
            "Eg fekk ikkje lese medlemslista frå Teams akkurat no. Ingenting er endra. Prøv "
            "igjen om litt."
        ),
        "en": (
            "I could not read the member list from Teams just now. Nothing was changed. "
            "Please try again shortly."
        ),
    },
    "catalogue.sync.no_team": {
        "nb": "Jeg vet ikke hvilket team denne kanalen hører til ennå. Prøv igjen om litt.",
        "nn": "Eg veit ikkje kva team denne kanalen høyrer til enno. Prøv igjen om litt.",
        "en": "I do not know which team this channel belongs to yet. Please try again shortly.",
    },
    # ---------------------------------------------------------------- requirements
    "catalogue.req.usage": {
        "nb": "Skriv ID-en til kravet, for eksempel «krav HJT-014».",
        "nn": "Skriv ID-en til kravet, til dømes «krav HJT-014».",
        "en": "Type the requirement's ID, for example “req HJT-014”.",
    },
    "catalogue.req.not_found": {
        "nb": (
            "Jeg finner ikke kravet «{requirement}». Sjekk ID-en (for eksempel HJT-014), "
            "eller søk med «krav søk ord»."
        ),
        "nn": (
            "Eg finn ikkje kravet «{requirement}». Sjekk ID-en (til dømes HJT-014), eller "
            "søk med «krav søk ord»."
        ),
        "en": (
            "I cannot find the requirement “{requirement}”. Check the ID (for example "
            "HJT-014), or search with “req search word”."
        ),
    },
    "catalogue.req.type": {"nb": "Type", "nn": "Type", "en": "Type"},
    "catalogue.req.category": {"nb": "Kategori", "nn": "Kategori", "en": "Category"},
    "catalogue.req.status": {"nb": "Status", "nn": "Status", "en": "Status"},
    "catalogue.req.version": {"nb": "Versjon", "nn": "Versjon", "en": "Version"},
    "catalogue.req.group": {"nb": "Gruppe", "nn": "Gruppe", "en": "Group"},
    "catalogue.req.source": {"nb": "Kilde", "nn": "Kjelde", "en": "Source"},
    "catalogue.req.changed": {"nb": "Sist endret", "nn": "Sist endra", "en": "Last changed"},
    "catalogue.req.text": {"nb": "Kravtekst", "nn": "Kravtekst", "en": "Requirement text"},
    "catalogue.req.rationale": {"nb": "Begrunnelse", "nn": "Grunngiving", "en": "Rationale"},
    "catalogue.req.none": {"nb": "–", "nn": "–", "en": "–"},
    "catalogue.req.shortened": {
        "nb": "Teksten er forkortet her.",
        "nn": "Teksten er forkorta her.",
        "en": "The text is shortened here.",
    },
    "catalogue.type.must": {
        "nb": "Skal (minstekrav)",
        "nn": "Skal (minstekrav)",
        "en": "Must (mandatory)",
    },
    "catalogue.type.should": {
        "nb": "Bør (evalueringskrav)",
        "nn": "Bør (evalueringskrav)",
        "en": "Should (evaluated)",
    },
    "catalogue.status.draft": {"nb": "Utkast", "nn": "Utkast", "en": "Draft"},
    "catalogue.status.in_review": {
        "nb": "Til gjennomgang",
        "nn": "Til gjennomgang",
        "en": "In review",
    },
    "catalogue.status.agreed": {
        "nb": "Omforent",
        "nn": "Omforeint",
        "en": "Agreed",
    },
    "catalogue.status.contested": {"nb": "Omstridt", "nn": "Omstridd", "en": "Contested"},
    "catalogue.status.approved": {"nb": "Godkjent", "nn": "Godkjent", "en": "Approved"},
    "catalogue.status.rejected": {"nb": "Avvist", "nn": "Avvist", "en": "Rejected"},
    "catalogue.status.merged": {"nb": "Slått sammen", "nn": "Slått saman", "en": "Merged"},
    "catalogue.status.deferred": {"nb": "Utsatt", "nn": "Utsett", "en": "Deferred"},
    "catalogue.search.usage": {
        "nb": "Skriv hva du leter etter, for eksempel «krav søk journal».",
        "nn": "Skriv kva du leitar etter, til dømes «krav søk journal».",
        "en": "Type what you are looking for, for example “req search record”.",
    },
    "catalogue.search.none": {
        "nb": "Ingen krav passer til «{words}». Prøv et annet eller kortere ord.",
        "nn": "Ingen krav passar til «{words}». Prøv eit anna eller kortare ord.",
        "en": "No requirement matches “{words}”. Try another or a shorter word.",
    },
    "catalogue.search.title": {
        "nb": "Krav som passer til «{words}»",
        "nn": "Krav som passar til «{words}»",
        "en": "Requirements matching “{words}”",
    },
    "catalogue.search.more": {
        "nb": (
            "{shown, plural, one {Viser det første.} other {Viser de # første.}} Skriv flere "
            "ord for å snevre inn søket."
        ),
        "nn": (
            "{shown, plural, one {Viser det første.} other {Viser dei # første.}} Skriv "
            "fleire ord for å snevre inn søket."
        ),
        "en": (
            "{shown, plural, one {Showing the first one.} other {Showing the first #.}} Add "
            "words to narrow the search."
        ),
    },
    "catalogue.search.show_hint": {
        "nb": "Skriv «krav» og ID-en for å se hele kravet.",
        "nn": "Skriv «krav» og ID-en for å sjå heile kravet.",
        "en": "Type “req” and the ID to see the whole requirement.",
    },
}
