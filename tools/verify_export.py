#!/usr/bin/env python3
"""Verify a Kravbot decision-log archive export (JSON) with nothing but the published public key.

    python3 verify_export.py decisions.json --key 'kravbot+1a2b3c4d+AbC...'

Checks, for every record: its hash over the canonical form of its fields, the link to the record
before it, that the readable fields say what the hashed ones say, and its RFC 9162 inclusion
proof in the Merkle tree whose root the export's checkpoint states; and the checkpoint's Ed25519
signature (C2SP signed note) by the key given. Exit 0 when everything verifies, 1 when anything
does not (each problem on its own line), 2 for unusable input.

Deliberately standalone: the Python standard library and the `cryptography` package only, no
Kravbot code, so an archivist or auditor can run it anywhere and read all of it.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

ORIGIN = "digitv.no/kravbot/decisions"
GENESIS = "0" * 64
# The readable field of a record and the hashed field that must say the same.
MIRRORED = {
    "sequence": "sequence",
    "case_reference": "case_ref",
    "kind": "kind",
    "title": "title",
    "resolution": "text",
    "outcome": "outcome",
    "recorded_by": "recorded_by",
    "status": "status",
    "corrects": "corrects",
    "decided_at": "decided_at",
}


def node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def verify_inclusion(index: int, size: int, leaf: bytes, path: list[bytes], root: bytes) -> bool:
    """RFC 9162 section 2.1.3.2."""
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def read_key(line: str) -> tuple[str, bytes, Ed25519PublicKey]:
    """A C2SP verifier key `name+hexid+base64(0x01 || key)`: (name, key id, key)."""
    name, hex_id, encoded = line.strip().split("+", 2)
    raw = base64.b64decode(encoded, validate=True)
    if raw[:1] != b"\x01" or len(raw) != 33:
        raise ValueError("not an Ed25519 verifier key")
    key_id = hashlib.sha256(name.encode() + b"\n" + raw).digest()[:4]
    if key_id.hex() != hex_id:
        raise ValueError("the key id does not match the key")
    return name, key_id, Ed25519PublicKey.from_public_bytes(raw[1:])


def open_checkpoint(note: str, key: tuple[str, bytes, Ed25519PublicKey]) -> tuple[int, bytes]:
    """(size, root) of a signed note, if one signature line is valid for the key."""
    name, key_id, public = key
    body, _, signatures = note.partition("\n\n")
    origin, size, root = body.split("\n")[:3]
    if origin != ORIGIN:
        raise ValueError(f"the checkpoint is of another log: {origin}")
    for line in signatures.splitlines():
        parts = line.split(" ")
        if len(parts) != 3 or parts[0] != "\u2014" or parts[1] != name:
            continue
        blob = base64.b64decode(parts[2])
        if blob[:4] != key_id:
            continue
        try:
            public.verify(blob[4:], (body + "\n").encode())
        except InvalidSignature:
            raise ValueError("the checkpoint's signature is not valid") from None
        return int(size), base64.b64decode(root, validate=True)
    raise ValueError("the checkpoint is not signed by this key")


def record_hash(chain: dict[str, Any]) -> str:
    canonical = json.dumps(
        chain, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def check_record(
    record: dict[str, Any], previous: dict[str, Any] | None, size: int, root: bytes
) -> list[str]:
    """Every problem of one record."""
    chain = record["chain"]
    number = record.get("sequence")
    problems = []
    if record_hash(chain) != record["hash"]:
        problems.append(f"record {number}: its hash does not match its content")
    follows = previous is not None and previous["sequence"] + 1 == number
    if follows and previous is not None and chain["prev_hash"] != previous["hash"]:
        problems.append(f"record {number}: the link to record {number - 1} is wrong")
    if number == 1 and chain["prev_hash"] != GENESIS:
        problems.append("record 1: it does not start the chain")
    for shown, hashed in MIRRORED.items():
        if record.get(shown) != chain.get(hashed):
            problems.append(f"record {number}: {shown} differs from the signed content")
    proof = record.get("proof")
    if proof is None or proof["tree_size"] != size or proof["leaf_index"] != number - 1:
        problems.append(f"record {number}: not covered by the export's checkpoint")
        return problems
    leaf = hashlib.sha256(b"\x00" + bytes.fromhex(record["hash"])).digest()
    path = [base64.b64decode(step) for step in proof["path"]]
    if not verify_inclusion(number - 1, size, leaf, path, root):
        problems.append(f"record {number}: not in the log the checkpoint signs")
    return problems


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    options.add_argument("export", type=Path, help="the JSON archive export")
    options.add_argument("--key", required=True, help="the published verifier key")
    args = options.parse_args()
    try:
        document = json.loads(args.export.read_text(encoding="utf-8"))
        key = read_key(args.key)
        note = (document.get("checkpoint") or {}).get("note")
        if not note:
            raise ValueError("the export carries no checkpoint")
        size, root = open_checkpoint(note, key)
    except (OSError, ValueError, binascii.Error, KeyError, AttributeError) as exc:
        print(f"verify_export: {exc}", file=sys.stderr)
        return 2
    problems: list[str] = []
    previous = None
    records = document.get("records", [])
    for record in records:
        try:
            problems += check_record(record, previous, size, root)
        except (KeyError, TypeError, ValueError, binascii.Error) as exc:
            problems.append(f"record {record.get('sequence')}: unreadable ({exc})")
        previous = record
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f"{len(records)} records verified against a checkpoint of {size} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
