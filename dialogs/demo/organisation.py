"""The DigiTV demo organisation: groups, people, memberships and the playground's conversations.

EVERYONE HERE IS FICTITIOUS. The names are ordinary Norwegian names put together at random, the
e-mail domain `digitv.example` is reserved (RFC 2606) and never routable, and all ids are made
up. No real person, municipal employee or account is described; any likeness is a coincidence.

Six of the people are the mock tenant of the Microsoft 365 Agents Playground
(`infra/playground/.m365agentsplayground.yml`), with exactly its Teams ids and Entra object ids
so that what someone does in the playground lands on a demo person. PyYAML is not a dependency,
so the few ids are repeated here; `tests/test_demo.py` checks that they match the yml.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from vocabulary import PROJECT_GROUP, STEERING_GROUP, GroupKind, MemberRole, MunicipalityRole

# -- The playground's mock tenant (keep in step with infra/playground/.m365agentsplayground.yml).
PLAYGROUND_TENANT_ID: Final = "d1617000-0000-4000-8000-000000000000"
PLAYGROUND_BOT_ID: Final = "28:d1617000-0000-4000-8000-0000000000b0"
PLAYGROUND_BOT_NAME: Final = "Kravbot"
PLAYGROUND_TEAM_ID: Final = "19:digitv-general@thread.tacv2"  # also the General channel's id
PLAYGROUND_TEAM_NAME: Final = "DigiTV"
PLAYGROUND_GENERAL_CHANNEL_ID: Final = PLAYGROUND_TEAM_ID
PLAYGROUND_HJEMMETJENESTE_CHANNEL_ID: Final = "19:digitv-hjemmetjeneste@thread.tacv2"
PLAYGROUND_GROUP_CHAT_ID: Final = "19:digitv-prosjektgruppe@thread.v2"
PLAYGROUND_GROUP_CHAT_NAME: Final = "DigiTV prosjektgruppe"
# The bot replaces this with the real service URL on the first activity in each conversation.
PLAYGROUND_SERVICE_URL: Final = "http://localhost:56150/_connector/"

# Who changes demo requirements, as the version history shows it.
DEMO_CHANGED_BY: Final = "kravbot demo-data"
DEMO_REASON: Final = "Demodata for DigiTV"


@dataclass(frozen=True, slots=True)
class DemoGroup:
    """A group of the demo organisation."""

    code: str
    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class DemoPerson:
    """A fictitious person; `groups` maps group code -> role (member or chair)."""

    name: str
    email: str
    municipality: str  # kommunenummer
    title: str  # for the reader of this file; Kravbot stores no titles
    groups: tuple[tuple[str, str], ...]
    language: str | None = None
    teams_user_id: str | None = None
    aad_object_id: str | None = None
    is_admin: bool = False
    is_project_lead: bool = False


@dataclass(frozen=True, slots=True)
class DemoConversation:
    """A playground conversation that is the home of a demo group."""

    id: str
    kind: str  # channel or groupChat
    name: str
    team_id: str | None
    teams_channel_id: str | None
    group_code: str


GROUPS: Final[tuple[DemoGroup, ...]] = (
    DemoGroup("INST", "Institusjon", GroupKind.WORKING),
    DemoGroup("MYN", "Myndighetsutøvelse", GroupKind.WORKING),
    DemoGroup("TEK", "Teknisk", GroupKind.WORKING),
    DemoGroup("ARK", "Arkiv", GroupKind.WORKING),
    DemoGroup("HJT", "Hjemmetjeneste", GroupKind.WORKING),
    DemoGroup("RUS", "Rus og psykiatri", GroupKind.WORKING),
    DemoGroup(
        "TMN", "TMNFE (tjenester til mennesker med nedsatt funksjonsevne)", GroupKind.WORKING
    ),
    DemoGroup("STD", "Styringsdata", GroupKind.WORKING),
    DemoGroup(STEERING_GROUP, "Styringsgruppe", GroupKind.STEERING),
    DemoGroup(PROJECT_GROUP, "Prosjektgruppe", GroupKind.PROJECT),
    # The project owner and the reference groups the plan names (consulted, not deciding).
    DemoGroup("STYRET", "DigiTV styret", GroupKind.OWNER),
    DemoGroup("KSF", "Kommunalsjefsforum i Vestfold og Telemark", GroupKind.REFERENCE),
    DemoGroup("EPJS", "Systemansvarlige EPJ fra kommunene", GroupKind.REFERENCE),
    DemoGroup("KS", "KS", GroupKind.REFERENCE),
    DemoGroup("TV", "Tillitsvalgte", GroupKind.REFERENCE),
    DemoGroup("RFEH", "Regionalt fagråd E-helse", GroupKind.REFERENCE),
)

CONVERSATIONS: Final[tuple[DemoConversation, ...]] = (
    DemoConversation(
        PLAYGROUND_HJEMMETJENESTE_CHANNEL_ID,
        "channel",
        "Hjemmetjeneste",
        PLAYGROUND_TEAM_ID,
        PLAYGROUND_HJEMMETJENESTE_CHANNEL_ID,
        "HJT",
    ),
    DemoConversation(
        PLAYGROUND_GENERAL_CHANNEL_ID,
        "channel",
        "General",
        PLAYGROUND_TEAM_ID,
        PLAYGROUND_GENERAL_CHANNEL_ID,
        PROJECT_GROUP,
    ),
    DemoConversation(
        PLAYGROUND_GROUP_CHAT_ID,
        "groupChat",
        PLAYGROUND_GROUP_CHAT_NAME,
        None,
        None,
        STEERING_GROUP,
    ),
)

# Kommunenummer (2024) used below.
HORTEN: Final = "3901"
HOLMESTRAND: Final = "3903"
TONSBERG: Final = "3905"
SANDEFJORD: Final = "3907"
LARVIK: Final = "3909"
FAERDER: Final = "3911"
PORSGRUNN: Final = "4001"
SKIEN: Final = "4003"
NOTODDEN: Final = "4005"
BAMBLE: Final = "4012"
KRAGERO: Final = "4014"
DRANGEDAL: Final = "4016"
NOME: Final = "4018"
MIDT_TELEMARK: Final = "4020"
TINN: Final = "4026"
KVITESEID: Final = "4028"
TOKKE: Final = "4034"
VINJE: Final = "4036"

MEMBER: Final = MemberRole.MEMBER
CHAIR: Final = MemberRole.CHAIR


PEOPLE: Final[tuple[DemoPerson, ...]] = (
    # -- The six people of the Agents Playground's mock tenant.
    DemoPerson(
        "Kari Nordmann",
        "kari.nordmann@digitv.example",
        TONSBERG,
        "prosjektleder, Felles journalløft DigiTV",
        ((PROJECT_GROUP, CHAIR), (STEERING_GROUP, MEMBER), ("HJT", MEMBER)),
        language="nb",
        teams_user_id="29:digitv-kari-nordmann",
        aad_object_id="d1617000-0000-4000-8000-000000000101",
        is_admin=True,
        is_project_lead=True,
    ),
    DemoPerson(
        "Ola Hansen",
        "ola.hansen@digitv.example",
        SKIEN,
        "fagutviklingssykepleier, hjemmesykepleien",
        (("HJT", MEMBER),),
        language="nb",
        teams_user_id="29:digitv-ola-hansen",
        aad_object_id="d1617000-0000-4000-8000-000000000102",
    ),
    DemoPerson(
        "Ingrid Berg",
        "ingrid.berg@digitv.example",
        LARVIK,
        "avdelingsleder, hjemmetjenesten",
        (("HJT", MEMBER),),
        language="nb",
        teams_user_id="29:digitv-ingrid-berg",
        aad_object_id="d1617000-0000-4000-8000-000000000103",
    ),
    DemoPerson(
        "Nils Haugen",
        "nils.haugen@digitv.example",
        NOTODDEN,
        "sykepleier, sykehjem",
        (("INST", MEMBER),),
        language="nb",
        teams_user_id="29:digitv-nils-haugen",
        aad_object_id="d1617000-0000-4000-8000-000000000104",
    ),
    DemoPerson(
        "Sigrid Dahl",
        "sigrid.dahl@digitv.example",
        VINJE,
        "institusjonsleiar, helsetun",
        (("INST", MEMBER),),
        language="nb",
        teams_user_id="29:digitv-sigrid-dahl",
        aad_object_id="d1617000-0000-4000-8000-000000000105",
    ),
    DemoPerson(
        "Per Olsen",
        "per.olsen@digitv.example",
        SANDEFJORD,
        "kommunalsjef, helse og omsorg",
        ((STEERING_GROUP, MEMBER),),
        language="nb",
        teams_user_id="29:digitv-per-olsen",
        aad_object_id="d1617000-0000-4000-8000-000000000106",
    ),
    # -- Steering group: municipal directors and the regional e-health representative.
    DemoPerson(
        "Anne Lise Bjerke",
        "anne.lise.bjerke@digitv.example",
        SKIEN,
        "kommunalsjef, helse og velferd",
        ((STEERING_GROUP, CHAIR),),
    ),
    DemoPerson(
        "Trond Wold",
        "trond.wold@digitv.example",
        LARVIK,
        "kommunalsjef, helse og mestring",
        ((STEERING_GROUP, MEMBER),),
    ),
    DemoPerson(
        "Elisabeth Kvam",
        "elisabeth.kvam@digitv.example",
        PORSGRUNN,
        "kommunalsjef, helse og omsorg",
        ((STEERING_GROUP, MEMBER),),
    ),
    DemoPerson(
        "Sverre Hovde",
        "sverre.hovde@digitv.example",
        MIDT_TELEMARK,
        "kommunalsjef, helse og omsorg",
        ((STEERING_GROUP, MEMBER),),
        language="nn",
    ),
    DemoPerson(
        "Berit Lund",
        "berit.lund@digitv.example",
        HORTEN,
        "regional e-helserepresentant, Vestfold og Telemark",
        ((STEERING_GROUP, MEMBER), ("TEK", MEMBER)),
    ),
    # -- Hjemmetjeneste.
    DemoPerson(
        "Marte Solberg",
        "marte.solberg@digitv.example",
        PORSGRUNN,
        "enhetsleder, hjemmebaserte tjenester",
        (("HJT", CHAIR),),
    ),
    # -- Institusjon.
    DemoPerson(
        "Hilde Kristiansen",
        "hilde.kristiansen@digitv.example",
        HORTEN,
        "virksomhetsleder, sykehjem",
        (("INST", CHAIR), (PROJECT_GROUP, MEMBER)),
    ),
    DemoPerson(
        "Bjørn Lie",
        "bjorn.lie@digitv.example",
        FAERDER,
        "sykehjemslege",
        (("INST", MEMBER),),
    ),
    # -- Myndighetsutøvelse.
    DemoPerson(
        "Eirik Johansen",
        "eirik.johansen@digitv.example",
        SANDEFJORD,
        "leder, tildelingskontoret",
        (("MYN", CHAIR),),
    ),
    DemoPerson(
        "Randi Moen",
        "randi.moen@digitv.example",
        HOLMESTRAND,
        "saksbehandler, forvaltningsenheten",
        (("MYN", MEMBER),),
    ),
    DemoPerson(
        "Gunnhild Tveit",
        "gunnhild.tveit@digitv.example",
        MIDT_TELEMARK,
        "sakshandsamar, tenestekontoret",
        (("MYN", MEMBER),),
        language="nn",
    ),
    DemoPerson(
        "Jon Aasen",
        "jon.aasen@digitv.example",
        BAMBLE,
        "jurist, helse og omsorg",
        (("MYN", MEMBER),),
    ),
    # -- Teknisk.
    DemoPerson(
        "Thomas Eriksen",
        "thomas.eriksen@digitv.example",
        TONSBERG,
        "løsningsarkitekt, IKT",
        (("TEK", CHAIR), (PROJECT_GROUP, MEMBER)),
    ),
    DemoPerson(
        "Lars Bråten",
        "lars.braten@digitv.example",
        TINN,
        "IKT-leiar",
        (("TEK", MEMBER),),
        language="nn",
    ),
    DemoPerson(
        "Silje Andersen",
        "silje.andersen@digitv.example",
        PORSGRUNN,
        "informasjonssikkerhetsrådgiver",
        (("TEK", MEMBER),),
    ),
    # -- Arkiv.
    DemoPerson(
        "Liv Haugland",
        "liv.haugland@digitv.example",
        SKIEN,
        "arkivleder",
        (("ARK", CHAIR), (PROJECT_GROUP, MEMBER)),
    ),
    DemoPerson(
        "Knut Nygård",
        "knut.nygard@digitv.example",
        HORTEN,
        "arkivar",
        (("ARK", MEMBER),),
    ),
    DemoPerson(
        "Solveig Lunde",
        "solveig.lunde@digitv.example",
        KVITESEID,
        "arkivleiar, interkommunalt arkiv",
        (("ARK", MEMBER),),
        language="nn",
    ),
    # -- Rus og psykiatri.
    DemoPerson(
        "Kristin Aas",
        "kristin.aas@digitv.example",
        KRAGERO,
        "enhetsleder, psykisk helse og rus",
        (("RUS", CHAIR),),
    ),
    DemoPerson(
        "Espen Berntsen",
        "espen.berntsen@digitv.example",
        FAERDER,
        "psykiatrisk sykepleier",
        (("RUS", MEMBER),),
    ),
    DemoPerson(
        "Hanne Vik",
        "hanne.vik@digitv.example",
        NOME,
        "ruskonsulent",
        (("RUS", MEMBER),),
    ),
    # -- TMNFE.
    DemoPerson(
        "Turid Sandvik",
        "turid.sandvik@digitv.example",
        BAMBLE,
        "virksomhetsleder, tjenester til mennesker med nedsatt funksjonsevne",
        (("TMN", CHAIR),),
    ),
    DemoPerson(
        "Geir Amundsen",
        "geir.amundsen@digitv.example",
        LARVIK,
        "vernepleier, bofellesskap",
        (("TMN", MEMBER),),
    ),
    DemoPerson(
        "Ragnhild Nes",
        "ragnhild.nes@digitv.example",
        TOKKE,
        "vernepleiar, butenester",
        (("TMN", MEMBER),),
        language="nn",
    ),
    # -- Styringsdata.
    DemoPerson(
        "Ingvild Thorsen",
        "ingvild.thorsen@digitv.example",
        PORSGRUNN,
        "controller, helse og omsorg",
        (("STD", CHAIR), (PROJECT_GROUP, MEMBER)),
    ),
    DemoPerson(
        "Henrik Strand",
        "henrik.strand@digitv.example",
        TONSBERG,
        "analytiker, virksomhetsstyring",
        (("STD", MEMBER),),
    ),
    DemoPerson(
        "Astrid Grini",
        "astrid.grini@digitv.example",
        DRANGEDAL,
        "rådgiver, helse og omsorg",
        (("STD", MEMBER),),
    ),
)


# Who speaks for which municipality in the steering group's per-municipality polls: (group,
# person, role); the municipality is the person's own. Kari and Per are playground people, so a
# real-client test can vote for two municipalities.
SEATS: Final[tuple[tuple[str, str, str], ...]] = (
    (STEERING_GROUP, "Kari Nordmann", MunicipalityRole.DELEGATE),
    (STEERING_GROUP, "Per Olsen", MunicipalityRole.DELEGATE),
    (STEERING_GROUP, "Anne Lise Bjerke", MunicipalityRole.DELEGATE),
)
