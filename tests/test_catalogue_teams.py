"""The catalogue in Teams over real HTTP: link, groups, member sync (+ Graph), requirements.

The bot runs on a loopback port against the connector emulator (and a local Graph emulator),
on SQLite and PostgreSQL. Every card it sends passes the card gate; no request answers 5xx.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from typing import Any

import pytest

from storage.models import Person
from storage.requirements import Change, RequirementData
from tests.emulator import Member
from tests.emulator.server import ConnectorEmulator
from tests.support import activities as act
from tests.support import graph as graph_support
from tests.support.botserver import RunningBot, running_bot, settings_for
from tests.support.cardgate import assert_card_ok
from tests.support.graph import GraphEmulator

graph_emulator = graph_support.graph_emulator
CARD = "application/vnd.microsoft.card.adaptive"
TEAM_ID = act.CHANNEL.team_id or ""
GROUP_CHAT = act.Where(id="19:hjt-chat@thread.v2", kind="groupChat", name="HJT-chat")
ANNE_AAD = "aaaaaaaa-0000-4000-8000-000000000003"
UPN_AAD = "aaaaaaaa-0000-4000-8000-000000000005"


@pytest.fixture
async def bot(database_url: str, graph_emulator: GraphEmulator) -> AsyncIterator[RunningBot]:
    settings = settings_for(database_url, graph_enabled=True, graph_url=graph_emulator.url)
    async with running_bot(settings) as running:
        yield running


async def seed(bot: RunningBot) -> None:
    """Two groups, Kari as admin, Ola as a plain member, a few imported people."""
    async with bot.services.db.uow() as uow:
        hjt = await uow.groups.add("HJT", "Hjemmetjeneste", "working")
        await uow.groups.add("STY", "Styringsgruppe", "steering")
        kari = await uow.people.add(
            Person(
                name=act.KARI.name,
                teams_user_id=act.KARI.id,
                aad_object_id=act.KARI.aad_object_id,
                email="kari.nordmann@skien.kommune.no",
                municipality_number="4003",
                is_admin=True,
            )
        )
        await uow.people.add(
            Person(name=act.OLA.name, teams_user_id=act.OLA.id, aad_object_id=act.OLA.aad_object_id)
        )
        # Imported from a sheet: only an Entra id, only an e-mail, only a UPN-shaped address.
        await uow.people.add(Person(name="Anne Aad", aad_object_id=ANNE_AAD.upper()))
        await uow.people.add(Person(name="Erik Epost", email="Erik.Epost@Porsgrunn.kommune.no"))
        await uow.people.add(Person(name="Una Upn", email="una.upn@bamble.kommune.no"))
        gone = await uow.people.add(Person(name="Gunn Borte", email="gunn@nome.kommune.no"))
        await uow.groups.add_member(hjt, gone, "chair")
        await uow.groups.add_member(hjt, kari)
        await uow.commit()


def card_of(activity: dict[str, Any]) -> dict[str, Any]:
    attachments = activity.get("attachments") or []
    assert len(attachments) == 1, activity
    assert attachments[0]["contentType"] == CARD
    card: dict[str, Any] = attachments[0]["content"]
    assert_card_ok(card)
    return card


def dump(card: dict[str, Any]) -> str:
    return json.dumps(card, ensure_ascii=False)


async def say(
    bot: RunningBot,
    emulator: ConnectorEmulator,
    words: str,
    *,
    where: act.Where = act.PERSONAL,
    user: act.User = act.KARI,
    locale: str = "nb-NO",
) -> dict[str, Any]:
    """Send a message as `user` in `where`; return the one answer the bot posted there."""
    before = len(emulator.sent(where.id))
    status, _ = await bot.post(
        act.message(words, emulator.url, where=where, user=user, locale=locale)
    )
    assert status == 200
    sent = await emulator.wait_for_sent(before + 1, conversation_id=where.id)
    assert len(sent) == before + 1, sent
    reply = sent[-1]
    if reply.get("attachments"):
        card_of(reply)
    return reply


# ------------------------------------------------------------------------------ link


async def test_admin_links_a_group_to_the_channel(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    await seed(bot)
    reply = await say(bot, connector_emulator, "koble hjt", where=act.CHANNEL)
    text = dump(card_of(reply))
    assert "Gruppen er koblet" in text
    assert "HJT – Hjemmetjeneste" in text
    assert "Hjemmetjeneste" in text
    async with bot.services.db.uow() as uow:
        group = await uow.groups.by_code("HJT")
    assert group is not None and group.conversation_id == act.CHANNEL.id

    # Again: nothing changes, and the card says so.
    again = dump(card_of(await say(bot, connector_emulator, "koble HJT", where=act.CHANNEL)))
    assert "allerede koblet hit" in again


async def test_link_by_name_in_a_group_chat_in_nynorsk_and_english(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    await seed(bot)
    nn = await say(bot, connector_emulator, "kople styringsgruppe", where=GROUP_CHAT, locale="nn")
    assert "Gruppa er kopla" in dump(card_of(nn))
    en = await say(bot, connector_emulator, "link HJT", where=GROUP_CHAT, locale="en-GB")
    assert "Group linked" in dump(card_of(en))
    async with bot.services.db.uow() as uow:
        linked = await uow.groups.by_conversation(GROUP_CHAT.id)
    assert sorted(g.code for g in linked) == ["HJT", "STY"]


async def test_non_admin_is_refused_politely_and_nothing_changes(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    await seed(bot)
    reply = await say(bot, connector_emulator, "koble HJT", where=act.CHANNEL, user=act.OLA)
    assert reply["text"].startswith("Beklager, bare administratorer kan koble")
    english = await say(
        bot, connector_emulator, "sync members", where=act.CHANNEL, user=act.OLA, locale="en-US"
    )
    assert english["text"] == "Sorry, only administrators can sync members. Nothing was changed."
    async with bot.services.db.uow() as uow:
        group = await uow.groups.by_code("HJT")
    assert group is not None and group.conversation_id is None
    assert connector_emulator.count(operation="get_paged_members") == 0


async def test_link_explains_where_it_works_and_what_to_type(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    await seed(bot)
    personal = await say(bot, connector_emulator, "koble HJT")
    assert "kanalen eller gruppechatten" in personal["text"]
    usage = await say(bot, connector_emulator, "koble", where=act.CHANNEL)
    assert "koble HJT" in usage["text"]
    unknown = await say(bot, connector_emulator, "koble *Ukjent*", where=act.CHANNEL)
    assert "«\\*Ukjent\\*»" in unknown["text"]  # what was typed is shown, escaped


async def test_an_admin_imported_with_only_an_entra_id_may_link(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    async with bot.services.db.uow() as uow:
        await uow.groups.add("HJT", "Hjemmetjeneste", "working")
        await uow.people.add(
            Person(name="Ola Hansen", aad_object_id=act.OLA.aad_object_id, is_admin=True)
        )
        await uow.commit()
    reply = await say(bot, connector_emulator, "koble HJT", where=act.CHANNEL, user=act.OLA)
    assert "Gruppen er koblet" in dump(card_of(reply))


# ------------------------------------------------------------------------------ groups


async def test_groups_card_lists_kind_members_and_conversation(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    await seed(bot)
    await say(bot, connector_emulator, "koble HJT", where=act.CHANNEL)
    card = card_of(await say(bot, connector_emulator, "grupper"))
    text = dump(card)
    assert "HJT – Hjemmetjeneste" in text and "STY – Styringsgruppe" in text
    assert "Arbeidsgruppe" in text and "Styringsgruppe" in text
    facts = [f for c in card["body"][1:] for f in c["items"][1]["facts"]]
    assert {"title": "Medlemmer", "value": "2"} in facts
    assert {"title": "Samtale", "value": "Hjemmetjeneste"} in facts
    assert {"title": "Samtale", "value": "ikke koblet"} in facts
    english = dump(card_of(await say(bot, connector_emulator, "groups", locale="en-US")))
    assert "not linked" in english and "Working group" in english


async def test_groups_card_without_groups(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    card = card_of(await say(bot, connector_emulator, "grupper"))
    assert "Ingen grupper er registrert ennå." in dump(card)


# ------------------------------------------------------------------------------ member sync


def roster(count: int) -> list[Member]:
    """Kari, Ola, the imported people and `count` strangers (more than one page of 500)."""
    tenant = act.TENANT
    known = [
        Member(act.KARI.id, act.KARI.name, act.KARI.aad_object_id, tenant_id=tenant),
        Member(act.OLA.id, act.OLA.name, act.OLA.aad_object_id, tenant_id=tenant),
        Member("29:anne", "Anne Aad", ANNE_AAD, tenant_id=tenant, email="anne@skien.kommune.no"),
        Member(
            "29:erik",
            "Erik Epost",
            "aaaaaaaa-0000-4000-8000-000000000004",
            tenant_id=tenant,
            email="ERIK.EPOST@porsgrunn.kommune.no",
        ),
        Member(
            "29:una",
            "Una Upn",
            UPN_AAD,
            tenant_id=tenant,
            user_principal_name="Una.Upn@Bamble.kommune.no",
        ),
    ]
    strangers = [
        Member(
            f"29:stranger-{i:04d}",
            f"Fremmed {i:04d}",
            f"bbbbbbbb-0000-4000-8000-{i:012d}",
            tenant_id=tenant,
            email=f"fremmed{i:04d}@example.no" if i % 2 else None,
        )
        for i in range(count)
    ]
    return known + strangers


async def test_sync_members_over_two_roster_pages_with_graph(
    bot: RunningBot, connector_emulator: ConnectorEmulator, graph_emulator: GraphEmulator
) -> None:
    await seed(bot)
    connector_emulator.add_team(
        TEAM_ID, "DigiTV", roster(600), [(act.CHANNEL.id, "Hjemmetjeneste")]
    )
    graph_emulator.users[ANNE_AAD] = {"companyName": "Skien kommune", "department": "Helse"}
    graph_emulator.users["aaaaaaaa-0000-4000-8000-000000000004"] = {
        "companyName": None,
        "department": "Helse og omsorg, Tønsberg kommune",
    }
    graph_emulator.users[act.OLA.aad_object_id] = {
        "companyName": "Vestfold og Telemark fylkeskommune",
        "department": "IT",
    }
    graph_emulator.throttle(1)  # the first look-up is throttled and retried
    await say(bot, connector_emulator, "koble HJT", where=act.CHANNEL)

    card = card_of(await say(bot, connector_emulator, "synk medlemmer", where=act.CHANNEL))
    text = dump(card)

    # The roster came in pages from the team (Teams wants the team id for a channel).
    paged = [r for r in connector_emulator.records if r.operation == "get_paged_members"]
    assert len(paged) >= 2 and {r.conversation_id for r in paged} == {TEAM_ID}
    facts = {f["title"]: f["value"] for f in card["body"][1]["facts"]}
    assert facts["Medlemmer i Teams"] == "605"
    assert facts["Kjente personer"] == "5"
    assert facts["Oppdatert med Teams-ID"] == "3"
    assert facts["Lagt til i HJT – Hjemmetjeneste"] == "4"  # Kari was a member already
    assert facts["Kommune hentet fra Entra ID"] == "2"
    # Listed for the admin: strangers (name + e-mail, truncated), people without municipality,
    # and the chair who is not in the team (not removed).
    assert "Ikke i katalogen – legg dem inn med e-post eller Entra-ID (600)" in text
    assert "Fremmed 0001" in text and "fremmed0001@example.no" in text
    assert "(ingen e-post)" in text
    assert re.search(r"… og \d+ til", text)
    assert "Uten kommune (2)" in text and "Una Upn" in text and "Ola Hansen" in text
    assert "Gunn Borte" in text and "ingen er fjernet" in text
    assert len(json.dumps({"type": "message", "attachments": [card]}).encode()) < 80_000

    async with bot.services.db.uow() as uow:
        anne = await uow.people.by_aad(ANNE_AAD)
        erik = await uow.people.by_email("erik.epost@porsgrunn.kommune.no")
        una = await uow.people.by_email("una.upn@bamble.kommune.no")
        hjt = await uow.groups.by_code("HJT")
        assert hjt is not None
        members = {person.name: m.role for person, m in await uow.groups.members(hjt)}
    assert anne is not None and anne.teams_user_id == "29:anne"
    assert anne.municipality_number == "4003"  # Skien, from companyName
    assert erik is not None and erik.teams_user_id == "29:erik"
    assert erik.aad_object_id == "aaaaaaaa-0000-4000-8000-000000000004"
    assert erik.municipality_number == "3905"  # Tønsberg, from department
    assert una is not None and una.teams_user_id == "29:una" and una.aad_object_id == UPN_AAD
    assert una.municipality_number is None  # Graph does not know her
    assert members["Gunn Borte"] == "chair"  # kept, role untouched
    assert {"Anne Aad", "Erik Epost", "Una Upn", "Ola Hansen", "Kari Nordmann"} <= set(members)
    assert {r.status for r in graph_emulator.requests} == {200, 404, 429}
    assert all(r.query == {"$select": "companyName,department"} for r in graph_emulator.requests)


async def test_sync_in_a_group_chat_without_group_and_graph_down(
    bot: RunningBot, connector_emulator: ConnectorEmulator, graph_emulator: GraphEmulator
) -> None:
    await seed(bot)
    connector_emulator.add_conversation(GROUP_CHAT.id, kind="groupChat", members=roster(3))
    graph_emulator.fail_status = 503
    card = card_of(
        await say(bot, connector_emulator, "synk medlemar", where=GROUP_CHAT, locale="nn-NO")
    )
    text = dump(card)
    assert "Medlemer synkroniserte" in text
    assert "ikkje kopla til noka gruppe" in text
    assert "Entra ID svarte ikkje for 4 personar" in text
    async with bot.services.db.uow() as uow:
        anne = await uow.people.by_aad(ANNE_AAD)
    assert anne is not None and anne.teams_user_id == "29:anne"
    assert anne.municipality_number is None


async def test_sync_when_teams_fails_changes_nothing(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    await seed(bot)
    connector_emulator.add_team(TEAM_ID, "DigiTV", roster(1), [(act.CHANNEL.id, "Hjemmetjeneste")])
    connector_emulator.inject(403, operation="get_paged_members")
    reply = await say(bot, connector_emulator, "synk medlemmer", where=act.CHANNEL)
    assert "fikk ikke lest medlemslisten" in reply["text"]
    personal = await say(bot, connector_emulator, "synk medlemmer")
    assert "ikke i en privat chat" in personal["text"]
    async with bot.services.db.uow() as uow:
        anne = await uow.people.by_aad(ANNE_AAD)
    assert anne is not None and anne.teams_user_id is None


# ------------------------------------------------------------------------------ requirements

TRICKY = "Systemet *skal* støtte <at>Kari</at> og [lenke](https://example.com) – _uendret_."


async def seed_requirements(bot: RunningBot, extra: int = 0) -> None:
    async with bot.services.db.uow() as uow:
        hjt = await uow.groups.add("HJT", "Hjemmetjeneste", "working")
        await uow.requirements.create(
            RequirementData(
                key="HJT-014",
                group_code="HJT",
                text=TRICKY,
                type="must",
                category="Journal",
                source="Workshop 3",
                rationale="Brukes i *alle* vedtak.",
                status="in_review",
            ),
            hjt,
            Change(by="import"),
        )
        for number in range(extra):
            await uow.requirements.create(
                RequirementData(
                    key=f"HJT-{100 + number}",
                    group_code="HJT",
                    text=f"Journalen skal vise punkt {number}. " + "Lang tekst. " * 30,
                    type="should",
                ),
                hjt,
                Change(by="import"),
            )
        await uow.commit()


def literals(card: dict[str, Any]) -> list[str]:
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "TextRun":
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    return found


async def test_requirement_card_shows_everything_and_the_text_literally(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    await seed_requirements(bot)
    card = card_of(await say(bot, connector_emulator, "krav hjt-014"))
    assert card["body"][0]["text"] == "HJT-014"
    facts = {f["title"]: f["value"] for f in card["body"][1]["facts"]}
    assert facts["Type"] == "Skal (minstekrav)"
    assert facts["Status"] == "Til gjennomgang"
    assert facts["Versjon"] == "1"
    assert facts["Gruppe"] == "HJT – Hjemmetjeneste"
    assert facts["Kategori"] == "Journal" and facts["Kilde"] == "Workshop 3"
    assert re.fullmatch(r"\d{1,2}\. \w+ \d{4} kl\. \d\d\.\d\d", facts["Sist endret"])
    assert literals(card) == [TRICKY, "Brukes i *alle* vedtak."]

    english = card_of(await say(bot, connector_emulator, "req HJT-014", locale="en-US"))
    facts = {f["title"]: f["value"] for f in english["body"][1]["facts"]}
    assert facts["Type"] == "Must (mandatory)" and facts["Status"] == "In review"
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4} \d\d:\d\d", facts["Last changed"])


async def test_unknown_requirement_gets_a_hint(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    await seed_requirements(bot)
    reply = await say(bot, connector_emulator, "krav HJT-999")
    assert "finner ikke kravet «HJT-999»" in reply["text"] and "krav søk" in reply["text"]
    usage = await say(bot, connector_emulator, "krav", locale="nn-NO")
    assert usage["text"] == "Skriv ID-en til kravet, til dømes «krav HJT-014»."


async def test_requirement_search(bot: RunningBot, connector_emulator: ConnectorEmulator) -> None:
    await seed_requirements(bot, extra=12)
    card = card_of(await say(bot, connector_emulator, "krav søk journalen punkt"))
    keys = [c["items"][0]["text"] for c in card["body"] if c.get("type") == "Container"]
    assert len(keys) == 10 and keys[0] == "HJT-100 · Utkast"
    assert all(len(text) <= 120 for text in literals(card))
    assert "Viser de 10 første" in dump(card)

    one = card_of(await say(bot, connector_emulator, "req search støtte", locale="en-US"))
    assert literals(one) == [TRICKY]
    none = await say(bot, connector_emulator, "krav sok finnesikke")
    assert none["text"] == "Ingen krav passer til «finnesikke». Prøv et annet eller kortere ord."
    usage = await say(bot, connector_emulator, "krav søk")
    assert "krav søk journal" in usage["text"]


async def test_help_lists_the_catalogue_commands(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    text = dump(card_of(await say(bot, connector_emulator, "hjelp", locale="nn-NO")))
    for example in ("kople HJT", "grupper", "synk medlemar", "krav HJT-014", "krav søk journal"):
        assert example in text
