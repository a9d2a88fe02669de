"""The checkpoint cron job: run by the leader's scheduler, it signs a checkpoint only when the
decision log grew, appends it to the checkpoint file and posts its card to the steering group's
chat through the outbox (delivered to the connector emulator), at most twice a working day."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from cards.texts import text
from dialogs.decisions import DecisionDraft, record_decision
from dialogs.decisions.transparency import WITNESS_CRON
from storage.checkpoint import parse
from storage.database import Database
from storage.models import utcnow
from tests.emulator.server import ConnectorEmulator
from tests.support import activities as act
from tests.support.botserver import running_bot, settings_for
from tests.support.people import link_group
from tests.support.registry import REGISTRY

CHAT = act.Where(id="19:sty-checkpoints@thread.v2", kind="groupChat", name="Styringsgruppa")


async def _record(db: Database, count: int) -> None:
    async with db.uow() as uow:
        for n in range(count):
            draft = DecisionDraft(
                kind="manual", title=f"Sak {n}", text="Vedtatt.", group_code="STY",
                recorded_by="Kari Nordmann",
            )  # fmt: skip
            await record_decision(uow, draft)
        await uow.commit()


async def _posted(emulator: ConnectorEmulator, n: int) -> list[dict[str, Any]]:
    """The checkpoint cards among the first `n` messages sent to the steering group's chat."""
    title = text("nb", "decisions.checkpoint.title")
    sent = await emulator.wait_for_sent(n, conversation_id=CHAT.id)
    return [a for a in sent if title in json.dumps(a, ensure_ascii=False)]


def test_the_job_runs_at_most_twice_a_working_day() -> None:
    job = REGISTRY.cron("decision-checkpoint")
    assert job is not None and job.cron == WITNESS_CRON
    assert WITNESS_CRON["day_of_week"] == "mon-fri"
    assert len(str(WITNESS_CRON["hour"]).split(",")) <= 2


async def test_the_cron_job_posts_a_checkpoint_only_when_the_log_grew(
    database_url: str,
    connector_emulator: ConnectorEmulator,
    clean_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    key_file, notes = tmp_path / "signing.pem", tmp_path / "checkpoints.txt"
    assert main(["keys", "generate", str(key_file)]) == 0
    capsys.readouterr()
    monkeypatch.setenv("KRAVBOT_SIGNING_KEY_FILE", str(key_file))
    monkeypatch.setenv("KRAVBOT_CHECKPOINT_FILE", str(notes))
    job = REGISTRY.cron("decision-checkpoint")
    assert job is not None
    url = connector_emulator.url
    async with running_bot(settings_for(database_url), background=True) as bot:
        db, ctx = bot.services.db, bot.services.ctx
        assert ctx is not None and ctx.witness is not None
        async with db.uow() as uow:
            await uow.groups.add("STY", "Styringsgruppe", "steering")
            await uow.groups.add("HJT", "Hjemmetjeneste", "working")
            await uow.commit()
        connector_emulator.add_conversation(CHAT.id, kind="groupChat")
        await bot.post(act.message("hjelp", url, where=CHAT))
        await connector_emulator.wait_for_sent(1, conversation_id=CHAT.id)
        await link_group(db, "STY", CHAT.id)
        # An empty log: nothing to witness.
        assert await job.run(ctx, REGISTRY, utcnow()) is None
        await _record(db, 3)
        first = await job.run(ctx, REGISTRY, utcnow())
        assert first is not None and getattr(first, "size", None) == 3
        [card] = await _posted(connector_emulator, 2)
        content = json.dumps(card["attachments"][0]["content"], ensure_ascii=False)
        written = notes.read_text(encoding="utf-8")
        assert parse(written)[0].size == 3
        assert written.strip().splitlines()[1] in content
        # The log did not grow: no new checkpoint, no card, nothing written.
        assert await job.run(ctx, REGISTRY, utcnow()) is None
        await asyncio.sleep(0.5)
        assert len(await _posted(connector_emulator, 2)) == 1
        assert notes.read_text(encoding="utf-8") == written
        # One more decision: one more checkpoint, its card and its line in the file.
        await _record(db, 1)
        second = await job.run(ctx, REGISTRY, utcnow())
        assert second is not None and getattr(second, "size", None) == 4
        assert len(await _posted(connector_emulator, 3)) == 2
        async with db.read() as uow:
            latest = await uow.decisions.latest_checkpoint()
        assert latest is not None and latest.size == 4
