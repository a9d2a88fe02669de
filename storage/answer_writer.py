"""Group commit for review answers: answers that arrive while one batch is being written are
written together in the next transaction.

Saving an answer is two short statements, but at high concurrency the fixed cost of every
transaction (BEGIN, COMMIT, and on SQLite the single writer lock that all of them queue for)
dominates. One writer task per database and process takes whatever answers are waiting, checks
their rounds are still open, inserts their history rows and upserts their current answers with
one executemany each, and commits once. An answer arriving while the writer is idle is written
at once, so a lone answer waits for nothing.

The composition root builds one writer per process (`DialogContext.answers`); it also remembers
what the answer path may reuse between answers (open rounds, the progress timer last added).

Guarantees are those of one answer per transaction: each answer is in the history exactly once
and the current answer is the last one saved; an answer to a round that is closed or past its
deadline is written nowhere. If a batch fails (say a member was removed, and with them their
rows, between the card check and the write), its answers are retried one per transaction, so
one bad answer does not fail the others.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.dialects import postgresql, sqlite

from storage.database import Database
from storage.models import Group, ReviewAnswer, ReviewAnswerHistory, ReviewRound
from storage.reviews import AnswerData
from vocabulary import RoundStatus


@dataclass(frozen=True, slots=True)
class ProgressTimer:
    """A timer to add (once; a second add with the same key does nothing) with the answer."""

    key: str
    job: str
    due_at: datetime
    args: dict[str, Any]


@dataclass(slots=True)
class _Pending:
    round_id: int
    person_id: int
    requirement_id: int
    answer: AnswerData
    now: datetime
    timer: ProgressTimer | None
    done: asyncio.Future[bool] = field(repr=False)

    @property
    def slot(self) -> tuple[int, int, int]:
        return (self.round_id, self.person_id, self.requirement_id)


class AnswerWriter:
    """Writes review answers in batches; one per database and process."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._waiting: list[_Pending] = []
        self._task: asyncio.Task[None] | None = None
        # Open rounds with their groups, for the answer path only: what an answer needs of them
        # (nonce, requirement ids, deadline, group) does not change while the round is open,
        # and whether it still is open is checked again in the writing statement itself.
        self._rounds: dict[int, tuple[ReviewRound, Group]] = {}
        # The progress timer last added per round: an answer in the same slot need not add it
        # again (the timer key makes a second add by another process harmless), which saves a
        # statement on almost every answer.
        self._timers: dict[int, str] = {}

    @property
    def db(self) -> Database:
        """The database the answers go to."""
        return self._db

    def known_round(self, round_id: int) -> tuple[ReviewRound, Group] | None:
        """The open round (with its group) remembered from an earlier answer, or None."""
        return self._rounds.get(round_id)

    def remember_round(self, review: ReviewRound, group: Group) -> None:
        """Remember an open round for later answers (closed rounds are not remembered)."""
        if review.status == RoundStatus.OPEN:
            self._rounds[review.id] = (review, group)

    def forget_round(self, round_id: int) -> None:
        """Drop what is remembered of a round (it closed)."""
        self._rounds.pop(round_id, None)
        self._timers.pop(round_id, None)

    async def save(
        self,
        round_id: int,
        person_id: int,
        requirement_id: int,
        answer: AnswerData,
        now: datetime,
        timer: ProgressTimer | None = None,
    ) -> bool:
        """Store the answer (history and current); False when the round no longer takes answers
        at `now`. Returns once the answer is committed (or raises what writing it raised).

        `timer` is added with the answer unless this writer already added it."""
        if timer is not None and self._timers.get(round_id) == timer.key:
            timer = None
        done: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._waiting.append(
            _Pending(round_id, person_id, requirement_id, answer, now, timer, done)
        )
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._drain())
        # Shielded: a caller that gives up does not cancel the write others share.
        saved = await asyncio.shield(done)
        if not saved:
            self.forget_round(round_id)
        elif timer is not None:
            self._timers[round_id] = timer.key
        return saved

    async def _drain(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting, []
            try:
                accepted = await self._write(batch)
            except Exception:  # noqa: BLE001 - retried one by one below, each failing alone
                for pending in batch:
                    try:
                        single = await self._write([pending])
                    except Exception as exc:  # noqa: BLE001 - handed to the caller
                        if not pending.done.done():
                            pending.done.set_exception(exc)
                    else:
                        if not pending.done.done():
                            pending.done.set_result(id(pending) in single)
                continue
            for pending in batch:
                if not pending.done.done():
                    pending.done.set_result(id(pending) in accepted)

    async def _write(self, batch: list[_Pending]) -> set[int]:
        async with self._db.uow() as uow:
            session = uow.session
            rounds = sorted({p.round_id for p in batch})
            # FOR SHARE (PostgreSQL): closing a round updates its row, so it waits for this
            # batch to commit and no answer lands after the outcome was built. On SQLite the
            # writer lock taken at BEGIN does the same.
            rows = await session.execute(
                select(ReviewRound.id, ReviewRound.deadline)
                .where(ReviewRound.id.in_(rounds), ReviewRound.status == RoundStatus.OPEN)
                .with_for_update(read=True)
            )
            deadlines = {int(rid): deadline for rid, deadline in rows.all()}
            accepted = [
                p for p in batch if p.round_id in deadlines and p.now < deadlines[p.round_id]
            ]
            if accepted:
                connection = await session.connection()
                await connection.execute(
                    insert(ReviewAnswerHistory),
                    [{**_answer_row(p), "saved_at": p.now} for p in accepted],
                )
                # The same member may have saved the same requirement twice in one batch
                # (double clicks): such saves go in later passes, in order, so each counts as
                # a revision and the last one is current.
                for layer in _layers(accepted):
                    await connection.execute(_upsert(connection.dialect.name), layer)
                for timer in {p.timer.key: p.timer for p in accepted if p.timer}.values():
                    await uow.timers.schedule_once(timer.key, timer.job, timer.due_at, timer.args)
            await uow.commit()
        return {id(p) for p in accepted}


def _layers(accepted: list[_Pending]) -> list[list[dict[str, Any]]]:
    layers: list[list[dict[str, Any]]] = []
    seen: list[set[tuple[int, int, int]]] = []
    for p in accepted:
        depth = 0
        while depth < len(seen) and p.slot in seen[depth]:
            depth += 1
        if depth == len(seen):
            seen.append(set())
            layers.append([])
        seen[depth].add(p.slot)
        layers[depth].append({**_answer_row(p), "revision": 1, "answered_at": p.now})
    return layers


def _answer_row(p: _Pending) -> dict[str, Any]:
    """The columns an answer and its history row share."""
    return {
        "round_id": p.round_id,
        "person_id": p.person_id,
        "requirement_id": p.requirement_id,
        "verdict": p.answer.verdict,
        "comment": p.answer.comment,
        "proposal": p.answer.proposal,
        "priority": p.answer.priority,
        "requirement_version": p.answer.requirement_version,
        "fingerprint": p.answer.fingerprint,
    }


def _upsert(dialect: str) -> Any:
    base = (
        postgresql.insert(ReviewAnswer) if dialect == "postgresql" else sqlite.insert(ReviewAnswer)
    )
    return base.on_conflict_do_update(
        index_elements=["round_id", "person_id", "requirement_id"],
        set_={
            **{
                name: base.excluded[name]
                for name in (
                    "verdict",
                    "comment",
                    "proposal",
                    "priority",
                    "answered_at",
                    "requirement_version",
                    "fingerprint",
                )
            },
            "revision": ReviewAnswer.revision + 1,
        },
    )
