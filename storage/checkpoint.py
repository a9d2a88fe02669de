"""Signed checkpoints of the decision log: the C2SP signed-note format with an Ed25519 key.

A checkpoint is three lines (origin, tree size, base64 Merkle root), a blank line and one
signature line `— <key name> <base64(4-byte key id || signature)>`, exactly as the Go checksum
database and C2SP `tlog-checkpoint` write them, so that it is small, human-readable and checked
by existing tools. The verifier key is published as `<name>+<hex key id>+<base64(0x01 || key)>`.
The signing key never enters the database; it comes from the environment or a file.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass
from typing import Final

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ORIGIN: Final = "digitv.no/kravbot/decisions"
KEY_NAME: Final = "kravbot"
_ED25519: Final = b"\x01"
_SIGNATURE_LINE: Final = re.compile(r"^\u2014 (\S+) ([A-Za-z0-9+/=]+)$")


class CheckpointError(ValueError):
    """A checkpoint, key or signature that cannot be read or does not verify."""


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A tree size and its Merkle root, as signed."""

    origin: str
    size: int
    root: bytes

    def body(self) -> str:
        """The signed text: origin, size and base64 root, one a line."""
        return f"{self.origin}\n{self.size}\n{base64.b64encode(self.root).decode()}\n"


def key_id(name: str, public: Ed25519PublicKey) -> bytes:
    """The 4-byte key id of a note verifier key (C2SP signed-note)."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(name.encode() + b"\n" + _ED25519 + raw).digest()[:4]


def verifier_key(public: Ed25519PublicKey, name: str = KEY_NAME) -> str:
    """The public key as one line to publish: `name+hexid+base64(0x01 || key)`."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    encoded = base64.b64encode(_ED25519 + raw).decode()
    return f"{name}+{key_id(name, public).hex()}+{encoded}"


def parse_verifier_key(line: str) -> tuple[str, Ed25519PublicKey]:
    """Read a published verifier key back: (name, public key)."""
    try:
        name, hex_id, encoded = line.strip().split("+", 2)
        raw = base64.b64decode(encoded, validate=True)
        if raw[:1] != _ED25519 or len(raw) != 33:
            raise CheckpointError("not an Ed25519 verifier key")
        public = Ed25519PublicKey.from_public_bytes(raw[1:])
    except (ValueError, binascii.Error) as exc:
        raise CheckpointError("unreadable verifier key") from exc
    if key_id(name, public).hex() != hex_id:
        raise CheckpointError("verifier key id does not match the key")
    return name, public


def load_private_key(value: str | bytes) -> Ed25519PrivateKey:
    """An Ed25519 private key from PEM (PKCS#8) or base64 of the 32 raw bytes."""
    data = value.encode() if isinstance(value, str) else value
    try:
        if b"-----BEGIN" in data:
            key = serialization.load_pem_private_key(data, password=None)
            if not isinstance(key, Ed25519PrivateKey):
                raise CheckpointError("the signing key is not an Ed25519 key")
            return key
        raw = base64.b64decode(data.strip(), validate=True)
        return Ed25519PrivateKey.from_private_bytes(raw)
    except (ValueError, TypeError, binascii.Error) as exc:
        raise CheckpointError("unreadable signing key") from exc


def private_key_pem(key: Ed25519PrivateKey) -> bytes:
    """The key as unencrypted PKCS#8 PEM (the file `kravbot keys generate` writes)."""
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def sign(checkpoint: Checkpoint, key: Ed25519PrivateKey, name: str = KEY_NAME) -> str:
    """The signed note of `checkpoint`."""
    body = checkpoint.body()
    signature = key_id(name, key.public_key()) + key.sign(body.encode())
    return f"{body}\n\u2014 {name} {base64.b64encode(signature).decode()}\n"


def parse(note: str) -> tuple[Checkpoint, list[tuple[str, bytes]]]:
    """Split a note into its checkpoint and its (key name, id+signature) lines, unverified."""
    body, separator, signatures = note.replace("\r\n", "\n").partition("\n\n")
    lines = body.split("\n")
    if not separator or len(lines) < 3:
        raise CheckpointError("not a checkpoint")
    origin, size, encoded = lines[:3]
    try:
        tree_size = int(size)
        root = base64.b64decode(encoded, validate=True)
    except (ValueError, binascii.Error) as exc:
        raise CheckpointError("not a checkpoint") from exc
    if tree_size < 0 or len(root) != 32 or size != str(tree_size):
        raise CheckpointError("not a checkpoint")
    found: list[tuple[str, bytes]] = []
    for line in signatures.strip("\n").split("\n"):
        match = _SIGNATURE_LINE.match(line)
        if match is None:
            raise CheckpointError("malformed signature line")
        found.append((match[1], base64.b64decode(match[2])))
    return Checkpoint(origin, tree_size, root), found


def open_note(note: str, name: str, public: Ed25519PublicKey) -> Checkpoint:
    """The checkpoint of `note` if it carries a valid signature by this key."""
    checkpoint, signatures = parse(note)
    body = note.replace("\r\n", "\n").partition("\n\n")[0] + "\n"
    wanted = key_id(name, public)
    for signer, blob in signatures:
        if signer == name and blob[:4] == wanted:
            try:
                public.verify(blob[4:], body.encode())
            except InvalidSignature as exc:
                raise CheckpointError("bad signature") from exc
            return checkpoint
    raise CheckpointError("not signed by this key")


def split_notes(text: str) -> list[str]:
    """The notes of a checkpoint file: each ends after its signature lines (a blank line)."""
    notes: list[str] = []
    current: list[str] = []
    signed = False
    for line in text.replace("\r\n", "\n").split("\n"):
        if signed and not line.startswith("\u2014 "):
            notes.append("\n".join(current) + "\n")
            current, signed = [], False
        if not current and not line:
            continue
        current.append(line)
        signed = signed or line.startswith("\u2014 ")
    if current and signed:
        notes.append("\n".join(current).rstrip("\n") + "\n")
    return notes


@dataclass(frozen=True, slots=True)
class Witness:
    """The signing key and where checkpoints are written (None: only posted and exported)."""

    key: Ed25519PrivateKey
    file: str | None = None

    def verifier(self) -> str:
        """The published verifier key of this signing key."""
        return verifier_key(self.key.public_key())
