"""Requirement quality in Teams over real HTTP, on SQLite and PostgreSQL: `kravkvalitet`, the
quality card (dismiss with a reason, mark an overlap), findings on the requirement and review
cards, refusals as 4xx, and dismissals that hold across re-imports of an unchanged text."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialogs.catalogue import ImportRequirements, import_requirements
from dialogs.quality import book_for, requirement_quality
from dialogs.quality.service import current_dismissals
from dialogs.reviews import OpenRequest, open_round
from storage.models import Person, QualityDismissal, utcnow
from storage.quality import RequirementText
from storage.requirements import Change, RequirementData
from tests.emulator.server import ConnectorEmulator
from tests.support import activities as act
from tests.support.botserver import RunningBot, running_bot, settings_for
from tests.support.cardgate import assert_card_ok

CARD = "application/vnd.microsoft.card.adaptive"
WEAK = (
    "Løsningen skal være rask og brukervennlig ved registrering av vitale parametere, "
    "med beregning av NEWS2-skår og varsling ved forverring osv."
)
TWIN = (
    "Løsningen skal støtte registrering av vitale parametere med beregning av NEWS2-skår og "
    "varsling ved forverring."
)
GOOD = "Løsningen skal logge all lesing av journaler og vise loggen til kommunen innen 24 timer."
MEMBER = act.User("29:member-1", "Medlem 1", "00000000-0000-4000-8000-000000000001")


@pytest.fixture
async def bot(
    database_url: str, connector_emulator: ConnectorEmulator
) -> AsyncIterator[RunningBot]:
    async with running_bot(settings_for(database_url)) as running:
        await running.post(act.message("hjelp", connector_emulator.url, where=act.CHANNEL))
        async with running.services.db.uow() as uow:
            hjt = await uow.groups.add("HJT", "Hjemmetjeneste", "working")
            inst = await uow.groups.add("INST", "Institusjon", "working")
            await uow.groups.link(hjt, act.CHANNEL.id)
            kari = await uow.people.by_teams_id(act.KARI.id)
            assert kari is not None
            kari.is_project_lead = True
            await uow.people.add(
                Person(teams_user_id=act.OLA.id, aad_object_id=act.OLA.aad_object_id, name="Ola")
            )
            member = await uow.people.add(
                Person(teams_user_id=MEMBER.id, aad_object_id=MEMBER.aad_object_id, name="Medlem 1")
            )
            await uow.groups.add_member(hjt, member)
            for key, group, text, source in (
                ("HJT-011", hjt, WEAK, ""),
                ("HJT-012", hjt, GOOD, "Normen"),
                ("INST-006", inst, TWIN, "Kravbank"),
            ):
                data = RequirementData(key, group.code, text, "must", "Observasjon", None, source)
                await uow.requirements.create(data, group, Change(by="test"))
            await uow.commit()
        yield running


def dump(card: dict[str, Any]) -> str:
    return json.dumps(card, ensure_ascii=False)


async def say(bot: RunningBot, emulator: ConnectorEmulator, words: str) -> dict[str, Any]:
    before = len(emulator.sent(act.PERSONAL.id))
    status, _ = await bot.post(act.message(words, emulator.url))
    assert status == 200
    sent = await emulator.wait_for_sent(before + 1, conversation_id=act.PERSONAL.id)
    reply = sent[-1]
    for attachment in reply.get("attachments") or []:
        assert_card_ok(attachment["content"])
    return reply


async def invoke(
    bot: RunningBot, url: str, verb: str, data: dict[str, Any], user: act.User = act.KARI
) -> dict[str, Any]:
    status, body = await bot.post(act.card_action(verb, {"verb": verb, **data}, url, user=user))
    assert status == 200, body
    if body.get("type") == CARD:
        assert_card_ok(body["value"])
    return body  # type: ignore[no-any-return]


def card(reply: dict[str, Any]) -> dict[str, Any]:
    content: dict[str, Any] = reply["attachments"][0]["content"]
    return content


async def test_kravkvalitet_shows_the_group_with_chart_weakest_and_cross_group_overlaps(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    shown = card(await say(bot, connector_emulator, "kravkvalitet hjt"))
    text = dump(shown)
    assert "Kravkvalitet: HJT – Hjemmetjeneste" in text
    [chart] = [e for e in shown["body"] if e["type"] == "Chart.VerticalBar"]
    assert sum(point["y"] for point in chart["data"]) == 2
    assert chart["fallback"]["type"] == "FactSet"
    assert "HJT-011" in text and "quality-open" in text
    assert "HJT-011 og INST-006" in text
    everything = dump(card(await say(bot, connector_emulator, "kravkvalitet")))
    assert "alle grupper" in everything
    english = await bot.post(act.message("quality NOPE", connector_emulator.url, locale="en-GB"))
    assert english[0] == 200
    sent = await connector_emulator.wait_for_sent(3, conversation_id=act.PERSONAL.id)
    assert "I cannot find the group" in sent[-1]["text"]


async def test_requirement_card_lists_findings_and_overlaps(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    text = dump(card(await say(bot, connector_emulator, "krav HJT-011")))
    assert "Kvalitet: " in text and "Vage ord: «rask», «brukervennlig»" in text
    assert "Åpen liste: «osv»" in text
    assert "INST-006 (INST)" in text and "Vurder kvaliteten" in text
    clean = dump(card(await say(bot, connector_emulator, "krav HJT-012")))
    assert "Ingen åpne funn" in clean or "Mangler begrunnelse" in clean


async def test_dismiss_with_a_reason_and_mark_a_duplicate(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    url = connector_emulator.url
    opened = await invoke(bot, url, "quality-open", {"requirement": "HJT-011"})
    before = dump(opened["value"])
    assert "Avvis: Vage ord" in before
    # No reason: the card comes back with what is wrong, nothing stored.
    missing = await invoke(bot, url, "quality-dismiss", {"requirement": "HJT-011", "rule": "vague"})
    assert "Skriv en begrunnelse" in dump(missing["value"])
    too_long = {"requirement": "HJT-011", "rule": "vague", "reason": "x" * 501}
    assert "høyst 500 tegn" in dump((await invoke(bot, url, "quality-dismiss", too_long))["value"])
    reason = "«rask» er definert i vedlegg 2."
    data = {"requirement": "HJT-011", "rule": "vague", "reason": reason}
    saved = dump((await invoke(bot, url, "quality-dismiss", data, user=MEMBER))["value"])
    assert "er avvist" in saved and reason in saved and "Avvist: Vage ord (Medlem 1)" in saved
    async with bot.services.db.uow() as uow:
        [dismissal] = await uow.quality.dismissals([(await uow.requirements.by_key("HJT-011")).id])  # type: ignore[union-attr]
        assert (dismissal.rule, dismissal.reason, dismissal.dismissed_by) == (
            "vague",
            reason,
            "Medlem 1",
        )
        stored = await uow.quality.stored([dismissal.requirement_id])
        assert "vague" not in {f["rule"] for f in stored[dismissal.requirement_id].findings}
    marked = {"requirement": "HJT-011", "other": "INST-006", "kind": "duplicate"}
    after = dump((await invoke(bot, url, "quality-mark", marked))["value"])
    assert "Merket: HJT-011 er et duplikat." in after
    # Shown on both requirements.
    other = dump((await invoke(bot, url, "quality-open", {"requirement": "INST-006"}))["value"])
    assert "Merket: HJT-011 er et duplikat." in other
    related = {"requirement": "INST-006", "other": "HJT-011", "kind": "related"}
    assert "(beslektet)" in dump((await invoke(bot, url, "quality-mark", related))["value"])
    async with bot.services.db.uow() as uow:
        [mark] = await uow.quality.marks()
        assert mark.kind == "related" and mark.duplicate_id is None


async def test_refusals_are_4xx_and_change_nothing(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    url = connector_emulator.url
    data = {"requirement": "HJT-011", "rule": "vague", "reason": "Fordi."}
    outsider = await invoke(bot, url, "quality-dismiss", data, user=act.OLA)
    assert outsider["statusCode"] == 403
    outsider = await invoke(
        bot,
        url,
        "quality-mark",
        {"requirement": "HJT-011", "other": "INST-006", "kind": "distinct"},
        user=act.OLA,
    )
    assert outsider["statusCode"] == 403
    for forged in (
        {"requirement": "HJT-011", "other": "INST-006", "kind": "bogus"},
        {"requirement": "HJT-011", "other": "HJT-011", "kind": "related"},
        {"requirement": "HJT-011", "other": ["x"], "kind": "related"},
    ):
        assert (await invoke(bot, url, "quality-mark", forged))["statusCode"] in (400, 404)
    assert (await invoke(bot, url, "quality-open", {"requirement": "NOPE-1"}))["statusCode"] == 404
    assert (await invoke(bot, url, "quality-dismiss", {"requirement": 7, "rule": "vague"}))[
        "statusCode"
    ] == 404
    unknown_rule = await invoke(bot, url, "quality-dismiss", {**data, "rule": "nope"})
    assert "ikke lenger dette funnet" in dump(unknown_rule["value"])
    async with bot.services.db.uow() as uow:
        assert await uow.quality.marks() == []
        assert await uow.quality.dismissals([1, 2, 3]) == []


async def test_review_card_shows_the_stored_findings_at_the_top(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    ctx = bot.services.ctx
    deadline = datetime.now(UTC) + timedelta(days=7)
    async with bot.services.db.uow() as uow:
        await open_round(uow, ctx, OpenRequest("HJT", "HJT-011, HJT-012", deadline, by_name="Kari"))
        await uow.commit()
        rows = await uow.outbox.due(datetime(2100, 1, 1, tzinfo=UTC), limit=100)
        stored = await uow.quality.stored([1, 2])
    [review] = [row for row in rows if row.key.startswith("review:") and ":card:" in row.key]
    [attachment] = review.activity["attachments"]
    assert_card_ok(attachment["content"])
    text = json.dumps(attachment["content"], ensure_ascii=False)
    assert "Kvalitet 65 av 100 · 4 funn" in text
    assert "Vage ord: «rask», «brukervennlig»" in text
    # Findings were stored when the round opened: review clicks read them.
    assert set(stored) == {1, 2}


async def test_dismissal_survives_reimport_of_the_same_text_and_ends_when_it_changes(
    bot: RunningBot, tmp_path: Path
) -> None:
    ctx = bot.services.ctx
    book = book_for(ctx)
    async with bot.services.db.uow() as uow:
        requirement = await uow.requirements.by_key("HJT-011")
        assert requirement is not None
        from dialogs.quality import Dismiss, dismiss

        await dismiss(uow, book, Dismiss("HJT-011", "vague", "Definert i vedlegg.", "Kari"))
        await uow.commit()

    def sheet(text: str) -> Path:
        path = tmp_path / "krav.csv"
        path.write_text(
            "key;group;type;text;source\n" + f"HJT-011;HJT;must;{text};Workshop\n", encoding="utf-8"
        )
        return path

    # Same text, other spacing and a new source: the dismissal holds.
    same = await import_requirements(
        ctx.db, ImportRequirements(sheet("  " + WEAK.upper().lower() + " "))
    )
    assert same.applied and not same.problems
    async with bot.services.db.read() as uow:
        view = await requirement_quality(uow, book, "HJT-011")
    assert view is not None and "vague" in {d.rule for d in view.dismissed}
    assert "vague" not in {f.rule for f in view.findings}
    # Changed words: the dismissal ends, the finding is back, and the import reports it.
    changed = await import_requirements(
        ctx.db, ImportRequirements(sheet(WEAK.replace("rask", "enkel")))
    )
    assert changed.applied and [key for key, _s, _f in changed.quality] == ["HJT-011"]
    async with bot.services.db.read() as uow:
        view = await requirement_quality(uow, book, "HJT-011")
    assert view is not None and view.dismissed == ()
    assert next(f.words for f in view.findings if f.rule == "vague")[:1] == ("enkel",)


def _item(text: str) -> RequirementText:
    return RequirementText(1, "HJT-001", "HJT", text, "must", "", "")


def _dismissal(text: str) -> QualityDismissal:
    from dialogs.quality import fingerprint

    return QualityDismissal(
        requirement_id=1,
        rule="vague",
        fingerprint=fingerprint(text),
        reason="r",
        dismissed_by="Kari",
        dismissed_at=utcnow(),
    )


@given(
    words=st.lists(
        st.sampled_from(["Løsningen", "skal", "være", "rask", "og", "enkel", "2", "sek"]),
        min_size=1,
        max_size=12,
    ),
    spaces=st.sampled_from([" ", "  ", "\n", " \t"]),
    extra=st.sampled_from(["rask", "innen", "3", "sekunder"]),
)
def test_a_dismissal_holds_exactly_while_the_normalised_text_is_unchanged(
    words: list[str], spaces: str, extra: str
) -> None:
    text = " ".join(words)
    dismissal = _dismissal(text)
    reimported = spaces + spaces.join(w.upper() for w in words) + spaces
    assert current_dismissals([_item(reimported)], [dismissal]) == {1: {"vague": dismissal}}
    edited = text + " " + extra
    assert current_dismissals([_item(edited)], [dismissal]) == {}
