"""People import: matched by Entra id then e-mail, memberships and roles, all rows or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dialogs.catalogue.import_people import ImportPeople, import_people
from storage.database import Database
from storage.models import Person
from tests.catalogue_support import add_groups, dump, write_csv, write_xlsx

HEADER = ["Navn", "E-post", "Entra-ID", "Kommune", "Grupper", "Roller"]
KARI_ID = "6f1c0c2e-8a5e-4b7a-9a55-0d6c1f2b3a4d"
ROWS: list[list[Any]] = [
    [
        "Kari Nordmann",
        "Kari.Nordmann@Skien.kommune.no",
        KARI_ID,
        "Skien",
        "HJT:leder; INST",
        "prosjektleder",
    ],
    ["Ola Hansen", "ola@tonsberg.kommune.no", "", "3905", "HJT", ""],
    ["Per Berg", "per@vinje.kommune.no", "", "vinje", "", "admin, project lead"],
]


async def _people(db: Database) -> dict[str, tuple[Person, dict[str, str]]]:
    async with db.uow() as uow:
        found = {}
        for person in await uow.people.list():
            groups = await uow.groups.groups_of(person)
            found[person.name] = (
                person,
                {group.code: membership.role for group, membership in groups},
            )
        return found


async def test_import_people_then_reimport_is_unchanged(db: Database, tmp_path: Path) -> None:
    await add_groups(db)
    path = write_csv(tmp_path / "p.csv", ROWS, header=HEADER)
    result = await import_people(db, ImportPeople(path))
    assert result.problems == []
    assert result.added == ["Kari Nordmann", "Ola Hansen", "Per Berg"]
    assert result.memberships_added == 3
    people = await _people(db)
    kari, kari_groups = people["Kari Nordmann"]
    assert (kari.email, kari.aad_object_id, kari.municipality_number) == (
        "kari.nordmann@skien.kommune.no",
        KARI_ID,
        "4003",
    )
    assert (kari.is_project_lead, kari.is_admin) == (True, False)
    assert kari_groups == {"HJT": "chair", "INST": "member"}
    per, _ = people["Per Berg"]
    assert (per.municipality_number, per.is_admin, per.is_project_lead) == ("4036", True, True)
    assert people["Ola Hansen"][0].municipality_number == "3905"

    before = await dump(db)
    again = await import_people(db, ImportPeople(path))
    assert (again.added, again.changed) == ([], [])
    assert len(again.unchanged) == 3
    assert await dump(db) == before


async def test_match_by_entra_id_then_email_and_replace_memberships(
    db: Database, tmp_path: Path
) -> None:
    await add_groups(db)
    await import_people(db, ImportPeople(write_csv(tmp_path / "p.csv", ROWS, header=HEADER)))
    rows = [
        # Same Entra id, new address and name; only HJT now, as member.
        [
            "Kari N. Olsen",
            "kari.olsen@skien.kommune.no",
            KARI_ID.upper(),
            "",
            "HJT",
            "prosjektleder",
        ],
        # Matched by e-mail in another case.
        ["Ola Hansen", "OLA@tonsberg.kommune.no", "", "", "TEK", ""],
    ]
    path = write_xlsx(tmp_path / "p2.xlsx", rows, header=HEADER)
    dry = await import_people(db, ImportPeople(path, replace_memberships=True, dry_run=True))
    before = await dump(db)
    assert dry.changed == [
        ("Kari N. Olsen", ["name", "email", "groups"]),
        ("Ola Hansen", ["groups"]),
    ]
    result = await import_people(db, ImportPeople(path, replace_memberships=True))
    assert before != await dump(db)
    assert (result.memberships_added, result.memberships_changed, result.memberships_removed) == (
        1,
        1,
        2,
    )
    people = await _people(db)
    assert set(people) == {"Kari N. Olsen", "Ola Hansen", "Per Berg"}
    assert people["Kari N. Olsen"][1] == {"HJT": "member"}
    assert people["Kari N. Olsen"][0].municipality_number == "4003"  # empty cell: kept
    assert people["Ola Hansen"][1] == {"TEK": "member"}


async def test_bad_people_file_changes_nothing(db: Database, tmp_path: Path) -> None:
    await add_groups(db)
    await import_people(db, ImportPeople(write_csv(tmp_path / "p.csv", ROWS, header=HEADER)))
    before = await dump(db)
    rows: list[list[Any]] = [
        ["", "a@b.no", "", "", "", ""],
        ["Navn", "ikke-epost", "ikke-guid", "Oslo", "XYZ, HJT:sjef", "keiser"],
        ["Ny", "ny@b.no", "", "", "", ""],
        ["Ny igjen", "NY@b.no", "", "", "", ""],
        ["Ingen", "", "", "", "", ""],
        # Kari's Entra id with Ola's address.
        ["Blanding", "ola@tonsberg.kommune.no", KARI_ID, "", "", ""],
    ]
    result = await import_people(
        db, ImportPeople(write_csv(tmp_path / "bad.csv", rows, header=HEADER))
    )
    found = {(p.row, p.column, p.code) for p in result.problems}
    assert found == {
        (2, "Navn", "required"),
        (3, "E-post", "invalid_email"),
        (3, "Entra-ID", "invalid_entra_id"),
        (3, "Kommune", "unknown_municipality"),
        (3, "Grupper", "unknown_group"),
        (3, "Grupper", "unknown_value"),
        (3, "Roller", "unknown_value"),
        (5, "E-post", "duplicate_person"),
        (6, "E-post", "missing_identity"),
    }
    assert await dump(db) == before
    only_conflict = write_csv(tmp_path / "c.csv", [rows[5]], header=HEADER)
    conflict = await import_people(db, ImportPeople(only_conflict))
    assert [(p.code, p.row) for p in conflict.problems] == [("identity_conflict", 2)]
    assert await dump(db) == before


async def test_people_file_needs_an_identity_column(db: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", [["Kari"]], header=["Name"])
    result = await import_people(db, ImportPeople(path))
    assert [p.code for p in result.problems] == ["missing_identity_column"]
