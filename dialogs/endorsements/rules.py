"""Endorsement rules as pure functions: who may answer for a municipality, what an answer
needs, and the status per municipality.

A municipality answers once, through its contact person or another person it authorises;
"with reservations" needs the reservation (naming requirements or a text) and "not" needs the
reason. The answer can be changed until the deadline; every answer is kept in the history.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from vocabulary import MunicipalityRole, Stance

# The roles that may answer for a municipality.
ANSWERING_ROLES: Final = frozenset({MunicipalityRole.CONTACT, MunicipalityRole.AUTHORISED})
MAX_RESERVATION: Final = 4000
# A municipality that has not answered (not a stance of its own).
NO_ANSWER: Final = "no_answer"


def may_answer(person_id: int, municipality: str, roles: Iterable[tuple[str, int, str]]) -> bool:
    """Whether the person holds an answering role for the municipality; `roles` are
    (municipality number, person id, role)."""
    return any(
        number == municipality and holder == person_id and role in ANSWERING_ROLES
        for number, holder, role in roles
    )


def answer_problem(stance: str, reservation: str) -> str | None:
    """What is wrong with an answer (a text key's last part), or None."""
    if stance not in tuple(Stance):
        return "stance"
    if len(reservation) > MAX_RESERVATION:
        return "too_long"
    if stance == Stance.WITH_RESERVATIONS and not reservation.strip():
        return "reservation_missing"
    if stance == Stance.NOT_ENDORSE and not reservation.strip():
        return "reason_missing"
    return None


@dataclass(frozen=True, slots=True)
class Status:
    """How many municipalities gave each stance, and who has not answered."""

    counts: dict[str, int]
    silent: tuple[str, ...]

    @property
    def asked(self) -> int:
        """How many municipalities were asked."""
        return sum(self.counts.values())


def status(asked: Iterable[str], stances: Mapping[str, str]) -> Status:
    """The status of a round from the municipalities asked and their current stances; answers
    from municipalities not asked are left out."""
    places = list(dict.fromkeys(asked))
    counts = {stance: 0 for stance in (*Stance, NO_ANSWER)}
    for place in places:
        counts[stances.get(place, NO_ANSWER)] += 1
    return Status(counts, tuple(p for p in places if p not in stances))
