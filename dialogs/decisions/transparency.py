"""The decision log as a transparency log: signed checkpoints, their witnesses, proofs, verify.

Each entry's leaf is its chain hash (32 bytes), which already covers every field and the hash of
the entry before it; the Merkle tree over the leaves (storage.merkle) has a root that a signed
checkpoint fixes outside the database. A rewrite that re-hashes the whole chain still changes
the root, so verify against any earlier checkpoint finds it.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Final

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from cards.decision_cards import checkpoint_card
from dialogs.kernel.context import DialogContext
from dialogs.kernel.delivery import send_to_conversation
from dialogs.kernel.errors import WorkflowError
from dialogs.kernel.registry import Registry
from storage import merkle
from storage.checkpoint import (
    KEY_NAME,
    ORIGIN,
    Checkpoint,
    CheckpointError,
    Witness,
    open_note,
    sign,
)
from storage.hashchain import ChainProblem, ChainVerifier, record_hash
from storage.uow import UnitOfWork
from vocabulary import GroupKind

# Checkpoints are witnessed at these Oslo hours on working days, and only when the log grew.
WITNESS_CRON: Final[dict[str, str | int]] = {"day_of_week": "mon-fri", "hour": "9,15", "minute": 5}


class ProofError(WorkflowError):
    """No proof can be given (`decisions.error.<code>`)."""

    area = "decisions"


@dataclass(frozen=True, slots=True)
class CheckpointFinding:
    """What one checkpoint says about the log: `consistent`, `differs`, `shorter`, `signature`.

    `first_bad` and `last_bad` bound the first entry that differs (equal when it is known).
    """

    size: int
    status: str
    first_bad: int | None = None
    last_bad: int | None = None


@dataclass(frozen=True, slots=True)
class VerifyResult:
    """How many records were checked, the head hash, the first chain problem, the tree root and
    what each checkpoint given says."""

    count: int
    head: str
    problem: ChainProblem | None
    size: int = 0
    root: bytes = merkle.EMPTY_ROOT
    findings: Sequence[CheckpointFinding] = field(default_factory=tuple)

    @property
    def intact(self) -> bool:
        """The chain holds and every checkpoint given is consistent with the log."""
        return self.problem is None and all(f.status == "consistent" for f in self.findings)


def leaves_of(hashes: Sequence[str]) -> list[bytes]:
    """The Merkle leaves of entries with these chain hashes."""
    return [merkle.leaf_hash(bytes.fromhex(value)) for value in hashes]


def judge(
    leaves: Sequence[bytes], checkpoints: Sequence[Checkpoint | None]
) -> list[CheckpointFinding]:
    """Check every (verified) checkpoint against the log's leaves with a consistency proof.

    A checkpoint whose signature failed is None. Checkpoints that agree narrow down where the
    first difference of a disagreeing one can be.
    """
    size, top = len(leaves), merkle.root(leaves)
    findings: list[CheckpointFinding] = []
    good = 0
    for cp in sorted(checkpoints, key=lambda c: -1 if c is None else c.size):
        if cp is None:
            findings.append(CheckpointFinding(0, "signature"))
        elif cp.size > size:
            findings.append(CheckpointFinding(cp.size, "shorter", size + 1, cp.size))
        elif _consistent(leaves, cp, size, top):
            good = max(good, cp.size)
            findings.append(CheckpointFinding(cp.size, "consistent"))
        else:
            findings.append(CheckpointFinding(cp.size, "differs", good + 1, cp.size))
    return findings


def _consistent(leaves: Sequence[bytes], cp: Checkpoint, size: int, top: bytes) -> bool:
    if cp.size == 0:
        return cp.root == merkle.EMPTY_ROOT
    proof = merkle.consistency_proof(leaves, cp.size)
    return merkle.verify_consistency(cp.size, size, cp.root, top, proof)


def read_checkpoints(
    notes: Sequence[str], public: Ed25519PublicKey, name: str = KEY_NAME
) -> list[Checkpoint | None]:
    """Open every note with the public key; None for one that is not validly signed."""
    opened: list[Checkpoint | None] = []
    for note in notes:
        try:
            checkpoint = open_note(note, name, public)
        except CheckpointError:
            opened.append(None)
            continue
        opened.append(checkpoint if checkpoint.origin == ORIGIN else None)
    return opened


async def verify_log(
    uow: UnitOfWork, notes: Sequence[str] = (), public: Ed25519PublicKey | None = None
) -> VerifyResult:
    """Walk the whole log: every link and hash, then every checkpoint given (needs `public`)."""
    verifier = ChainVerifier()
    leaves: list[bytes] = []
    async for record in uow.decisions.stream_chain():
        # The tree is built over what the content hashes to, not over the stored hash, so a
        # changed entry differs from every checkpoint that covers it even if its hash was kept.
        actual = record_hash(record.fields, record.prev_hash)
        verifier.feed_hashed(record, actual)
        leaves.append(merkle.leaf_hash(bytes.fromhex(actual)))
    findings: list[CheckpointFinding] = []
    if notes and public is not None:
        findings = judge(leaves, read_checkpoints(notes, public))
    return VerifyResult(
        verifier.count, verifier.head, verifier.problem, len(leaves), merkle.root(leaves), findings
    )


@dataclass(frozen=True, slots=True)
class InclusionProof:
    """Entry `sequence` is leaf `sequence - 1` of the tree of `size` entries with `root`."""

    sequence: int
    size: int
    root: bytes
    leaf: bytes
    path: Sequence[bytes]

    def lines(self) -> list[str]:
        """The proof as `key: value` lines (hashes in base64, as in checkpoints)."""
        encode = base64.b64encode
        return [
            f"sequence: {self.sequence}",
            f"tree_size: {self.size}",
            f"root: {encode(self.root).decode()}",
            f"leaf: {encode(self.leaf).decode()}",
            *(f"path: {encode(step).decode()}" for step in self.path),
        ]


async def prove(uow: UnitOfWork, sequence: int, size: int | None = None) -> InclusionProof:
    """The inclusion proof of entry `sequence` in the tree of the first `size` entries (all)."""
    leaves = leaves_of(await uow.decisions.leaf_hashes())
    size = len(leaves) if size is None else size
    if not 0 < sequence <= size <= len(leaves):
        raise ProofError("prove", sequence=sequence, count=len(leaves))
    tree = leaves[:size]
    return InclusionProof(
        sequence,
        size,
        merkle.root(tree),
        tree[sequence - 1],
        merkle.inclusion_proof(tree, sequence - 1),
    )


async def issue_checkpoint(uow: UnitOfWork, witness: Witness) -> tuple[Checkpoint, str]:
    """Sign the log's current size and root, remember it and append it to the checkpoint file
    (the caller commits)."""
    leaves = leaves_of(await uow.decisions.leaf_hashes())
    checkpoint = Checkpoint(ORIGIN, len(leaves), merkle.root(leaves))
    note = sign(checkpoint, witness.key)
    await uow.decisions.add_checkpoint(checkpoint.size, checkpoint.root.hex(), note)
    if witness.file:
        append_note(Path(witness.file), note)
    return checkpoint, note


def append_note(path: Path, note: str) -> None:
    """Append a note to the checkpoint file, flushed to disk, separated by a blank line."""
    with path.open("a", encoding="utf-8") as stream:
        stream.write(note + "\n")
        stream.flush()
        os.fsync(stream.fileno())


async def witness_checkpoint(ctx: DialogContext, registry: Registry, now: datetime) -> object:
    """The cron job: when the log grew since the last checkpoint, sign one, write it to the file
    and post its card to every steering group's channel."""
    if ctx.witness is None:
        return None
    async with ctx.db.uow() as uow:
        last = await uow.decisions.latest_checkpoint()
        if await uow.decisions.count() <= (0 if last is None else last.size):
            return None
        checkpoint, note = await issue_checkpoint(uow, ctx.witness)
        card = checkpoint_card(ctx.default_language, checkpoint.size, note, now, ctx.timezone)
        for group in await uow.groups.all():
            if group.kind == GroupKind.STEERING and group.conversation_id:
                await send_to_conversation(
                    uow,
                    key=f"checkpoint:{checkpoint.size}:{group.code}",
                    conversation_id=group.conversation_id,
                    card=card,
                )
        await uow.commit()
    return checkpoint
