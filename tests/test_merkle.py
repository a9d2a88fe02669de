"""The Merkle tree rules of the transparency log (RFC 9162), as property tests."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from hypothesis import assume, given
from hypothesis import strategies as st

from storage.merkle import (
    EMPTY_ROOT,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    levels,
    node_hash,
    root,
    verify_consistency,
    verify_inclusion,
)

_leaves = st.lists(st.binary(max_size=8), min_size=1, max_size=70).map(
    lambda entries: [leaf_hash(entry) for entry in entries]
)


def _reference_root(leaves: Sequence[bytes]) -> bytes:
    """MTH as RFC 9162 2.1.1 defines it, recursively, to hold the one-pass tree to."""
    if len(leaves) == 1:
        return leaves[0]
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    return node_hash(_reference_root(leaves[:k]), _reference_root(leaves[k:]))


def test_hashes_are_domain_separated_as_the_rfc_says() -> None:
    assert leaf_hash(b"a") == hashlib.sha256(b"\x00a").digest()
    assert node_hash(b"l", b"r") == hashlib.sha256(b"\x01lr").digest()
    assert root([]) == hashlib.sha256(b"").digest() == EMPTY_ROOT


def test_known_tree_of_three() -> None:
    a, b, c = (leaf_hash(x) for x in (b"a", b"b", b"c"))
    assert root([a, b, c]) == node_hash(node_hash(a, b), c)
    assert inclusion_proof([a, b, c], 2) == [node_hash(a, b)]
    assert consistency_proof([a, b, c], 2) == [c]


@given(_leaves)
def test_the_one_pass_tree_equals_the_recursive_definition(leaves: list[bytes]) -> None:
    assert root(leaves) == _reference_root(leaves)
    assert levels(leaves)[0] == leaves


@given(_leaves, st.data())
def test_every_inclusion_proof_verifies(leaves: list[bytes], data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(leaves) - 1))
    proof = inclusion_proof(leaves, index)
    assert verify_inclusion(index, len(leaves), leaves[index], proof, root(leaves))


@given(_leaves, st.data())
def test_a_changed_leaf_or_position_breaks_inclusion(
    leaves: list[bytes], data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(leaves) - 1))
    proof = inclusion_proof(leaves, index)
    top = root(leaves)
    assert not verify_inclusion(index, len(leaves), leaf_hash(b"forged"), proof, top)
    other = data.draw(st.integers(0, len(leaves) - 1))
    assume(other != index and leaves[other] != leaves[index])
    assert not verify_inclusion(other, len(leaves), leaves[index], proof, top)


@given(_leaves, st.data())
def test_every_consistency_proof_verifies(leaves: list[bytes], data: st.DataObject) -> None:
    old = data.draw(st.integers(1, len(leaves)))
    proof = consistency_proof(leaves, old)
    assert verify_consistency(old, len(leaves), root(leaves[:old]), root(leaves), proof)


@given(_leaves, st.data())
def test_a_changed_leaf_breaks_consistency(leaves: list[bytes], data: st.DataObject) -> None:
    old = data.draw(st.integers(1, len(leaves)))
    changed = data.draw(st.integers(0, len(leaves) - 1))
    forged = list(leaves)
    forged[changed] = leaf_hash(b"rewritten" + leaves[changed])
    old_root = root(leaves[:old])
    # The rewritten log proves itself consistent with the checkpoint only if the change is
    # beyond the checkpoint's size.
    proof = consistency_proof(forged, old)
    consistent = verify_consistency(old, len(forged), old_root, root(forged), proof)
    assert consistent == (changed >= old)


@given(_leaves, st.data())
def test_a_deleted_tail_cannot_reach_an_earlier_checkpoint(
    leaves: list[bytes], data: st.DataObject
) -> None:
    assume(len(leaves) > 1)
    new = data.draw(st.integers(1, len(leaves) - 1))
    # Swapping the sizes claims the longer tree is a prefix of the shorter one: refused.
    assert not verify_consistency(len(leaves), new, root(leaves), root(leaves[:new]), [])
    proof = consistency_proof(leaves, new)
    assert not verify_consistency(len(leaves), new, root(leaves), root(leaves[:new]), proof)


@given(_leaves, st.data())
def test_a_tampered_proof_is_refused(leaves: list[bytes], data: st.DataObject) -> None:
    old = data.draw(st.integers(1, len(leaves)))
    proof = consistency_proof(leaves, old)
    assume(proof)
    position = data.draw(st.integers(0, len(proof) - 1))
    proof[position] = leaf_hash(b"x" + proof[position])
    assert not verify_consistency(old, len(leaves), root(leaves[:old]), root(leaves), proof)
