"""Decision cards for people: every basis field and outcome in words (nb, nn, en), counts and
lists as Norwegian, and the manual form's «decided on» date, validated (on both databases)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cards.decision_cards import DecisionView, decision_card
from dialogs.decisions.rules import PROJECT_START, decided_on
from tests.emulator.server import ConnectorEmulator
from tests.support import activities as act
from tests.support.botserver import RunningBot
from tests.support.cardgate import assert_card_ok
from tests.support.people import steering_bot

OSLO = ZoneInfo("Europe/Oslo")
BASES: dict[str, tuple[str, dict[str, Any]]] = {
    "milestone": (
        "moved",
        {"milestone": 5, "due": "2026-12-04", "precision": "day", "status": "planned",
         "moved": True, "note": "Leverandøren trenger mer tid."},
    ),
    "review": (
        "noted",
        {"round": 3, "tallies": {"agreed": 9, "contested": 1}, "contested": ["HJT-009"],
         "rule": "Minst to kommuner", "members_finished": 1, "municipalities_covered": 4},
    ),
    "poll": (
        "no_quorum",
        {"poll": 2, "tallies": {"Godkjent": 1, "Avvist": 0}, "abstentions": 0, "turnout": 1,
         "electorate": 7, "quorum": "1/2", "quorum_met": False, "majority": "simple",
         "result": "no_quorum", "anonymous": False, "votes": {"Kari Nordmann": "Godkjent"}},
    ),
}  # fmt: skip
INTERNAL = (
    "moved", "true", "false", "no_quorum", "quorum_met", "members_finished", "round",
    "municipalities_covered", "precision", "simple", "1/2", "agreed",
)  # fmt: skip
EXPECTED = {
    "nb": ("Flyttet", "Ikke beslutningsdyktig", "1 medlem", "4 kommuner", "HJT-009", "50\xa0%",
           "4. desember 2026", "Nei", "7 personer", "nr. 5", "Enige"),
    "nn": ("Flytta", "Ikkje vedtaksfør", "1 medlem", "4 kommunar", "50\xa0%", "7 personar"),
    "en": ("Moved", "No quorum", "1 member", "4 municipalities", "50%", "7 people", "no. 5"),
}  # fmt: skip


def _view(kind: str) -> DecisionView:
    outcome, basis = BASES[kind]
    return DecisionView(
        sequence=1, case_ref="2026/1", kind=kind, title="Sak", text="Vedtak", outcome=outcome,
        basis=basis, group="STY – Styringsgruppe", decided_at=datetime(2026, 11, 20, tzinfo=UTC),
        recorded_by="Kari Nordmann", status="final", corrects=None, hash="ab" * 32,
    )  # fmt: skip


def _shown(card: dict[str, Any]) -> list[str]:
    """Every text a reader sees: text blocks and fact titles and values."""
    seen: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key in ("text", "title", "value"):
                if isinstance(node.get(key), str):
                    seen.append(node[key])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card.get("body", []))
    return seen


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_every_basis_field_and_outcome_reads_as_words(language: str) -> None:
    shown: list[str] = []
    for kind in BASES:
        card = decision_card(language, _view(kind), OSLO)  # type: ignore[arg-type]
        assert_card_ok(card)
        shown += _shown(card)
    for word in INTERNAL:
        assert word not in shown, word
    for raw in ('["', "true", "false", "_"):
        assert not [s for s in shown if raw in s], raw
    everything = "\n".join(shown)
    for expected in EXPECTED[language]:
        assert expected in everything, expected


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)))
def test_the_decided_on_date_lies_between_the_projects_start_and_today(day: date) -> None:
    today = date(2026, 11, 29)
    parsed, ok = decided_on(day.isoformat(), today)
    assert ok == (PROJECT_START <= day <= today)
    assert parsed == (day if ok else None)
    assert decided_on("", today) == (None, True)
    assert decided_on("29.11.2026", today) == (None, False)


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[RunningBot]:
    async with steering_bot(database_url) as running:
        yield running


async def _save(bot: RunningBot, url: str, day: str) -> Any:
    data = {"verb": "decision-save", "title": "Budsjett", "text": "Vedtatt.", "group": "STY",
            "basis": "", "decided_on": day}  # fmt: skip
    status, body = await bot.post(act.card_action("decision-save", data, url))
    assert status == 200 and body["statusCode"] == 200, body
    return body["value"]


async def test_the_form_stores_the_decided_on_date_and_refuses_bad_ones(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    url = connector_emulator.url
    form = await _save(bot, url, "")
    assert_card_ok(form)
    tomorrow = (datetime.now(OSLO).date() + timedelta(days=1)).isoformat()
    for bad in (tomorrow, "2023-12-31", "i fjor"):
        refused = json.dumps(await _save(bot, url, bad), ensure_ascii=False)
        assert "ikke fram i tid og ikke før prosjektet startet (1. januar 2024)" in refused
    saved = json.dumps(await _save(bot, url, "2025-03-14"), ensure_ascii=False)
    assert "14. mars 2025" in saved
    async with bot.services.db.read() as uow:
        decisions = await uow.decisions.latest()
    assert len(decisions) == 2
    assert decisions[0].decided_at.astimezone(OSLO).date() == date(2025, 3, 14)
    assert decisions[1].decided_at.astimezone(OSLO).date() == datetime.now(OSLO).date()
