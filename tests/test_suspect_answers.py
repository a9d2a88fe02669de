"""A requirement changed during an open round: earlier answers become suspect and the outcome
counts only answers on the current text (both databases)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from dialogs.kernel.context import DialogContext
from dialogs.reviews import OpenRequest, open_round, outcome_of
from storage.answer_writer import AnswerWriter
from storage.database import Database
from storage.models import Conversation, Person
from storage.requirements import Change, RequirementData
from storage.reviews import AnswerData
from tests.support import activities as act

HOME = "19:hjt@thread.tacv2"


async def test_a_changed_requirement_makes_earlier_answers_suspect(db: Database) -> None:
    ctx = DialogContext(db=db, default_language="nb", timezone=ZoneInfo("Europe/Oslo"))
    async with db.uow() as uow:
        uow.session.add(
            Conversation(
                id=HOME,
                kind="channel",
                channel_id="msteams",
                service_url="http://127.0.0.1:1",
                bot_id=act.BOT_ID,
                reference={},
            )
        )
        group = await uow.groups.add("HJT", "Hjemmetjeneste", "working")
        await uow.groups.link(group, HOME)
        people = []
        for n, place in enumerate(["3909", "4003"]):
            await uow.municipalities.set_participating(place, True)
            person = await uow.people.add(
                Person(teams_user_id=f"29:m{n}", name=f"M {n}", municipality_number=place)
            )
            await uow.groups.add_member(group, person)
            people.append(person)
        requirement = await uow.requirements.create(
            RequirementData(key="HJT-001", group_code="HJT", text="Gammel tekst", type="must"),
            group,
            Change(by="test"),
        )
        review = await open_round(
            uow,
            ctx,
            OpenRequest("HJT", "HJT-001", datetime.now(UTC) + timedelta(days=3), by_name="lead"),
        )
        await uow.commit()
    shown = (requirement.version + 1, requirement.fingerprint)  # opening moved it to in_review
    writer = AnswerWriter(db)
    for person in people:
        answer = AnswerData("agree", requirement_version=shown[0], fingerprint=shown[1])
        assert await writer.save(review.id, person.id, requirement.id, answer, datetime.now(UTC))
    async with db.read() as uow:
        [before], _ = await outcome_of(uow, review, group)
    assert (before.status, before.suspect) == ("agreed", 0)
    # The status change of opening the round did not change the fingerprint; a new text does.
    async with db.uow() as uow:
        stored = await uow.requirements.by_key("HJT-001")
        assert stored is not None and stored.fingerprint == shown[1]
        await uow.requirements.update(stored, {"text": "Ny tekst"}, Change(by="lead"))
        await uow.commit()
        new_fingerprint = stored.fingerprint
    assert new_fingerprint != shown[1]
    async with db.read() as uow:
        [after], _ = await outcome_of(uow, review, group)
        suspect = await uow.reviews.suspect_answers(requirement.id)
    assert (after.status, after.suspect, after.answers) == ("insufficient", 2, 0)
    assert {a.person_id for a in suspect} == {p.id for p in people}
    # One member confirms on the new text: counted again, the other stays suspect.
    confirmed = AnswerData("agree", requirement_version=shown[0] + 1, fingerprint=new_fingerprint)
    assert await writer.save(review.id, people[0].id, requirement.id, confirmed, datetime.now(UTC))
    async with db.read() as uow:
        [later], _ = await outcome_of(uow, review, group)
    assert (later.suspect, later.answers, later.missing) == (1, 1, ("4003",))
