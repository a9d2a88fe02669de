"""`kravbot milestones list|add|import|set-status|ics` on both databases."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime
from pathlib import Path

import icalendar
import pytest

from bot.cli import main
from dialogs.digest import DigestContent, digest_content
from dialogs.kernel.workdays import OSLO
from storage.database import Database
from tests.support.databases import load_demo_into
from tests.support.registry import REGISTRY


@pytest.fixture
def cli(clean_env: Path, monkeypatch: pytest.MonkeyPatch, database_url: str) -> str:
    monkeypatch.setenv("KRAVBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("KRAVBOT_LANGUAGE", "nb")
    load_demo_into(database_url)
    return database_url


async def _timers(url: str, prefix: str) -> list[str]:
    db = Database(url)
    try:
        async with db.uow() as uow:
            return [timer.key for timer in await uow.timers.pending(prefix)]
    finally:
        await db.dispose()


def test_add_list_cancel_and_calendar(cli: str, capsys: pytest.CaptureFixture[str]) -> None:
    arguments = ["milestones", "add", "--title", "Kravspesifikasjon godkjent", "--due"]
    arguments += ["2099-12-04", "--owner", "KARI.nordmann@digitv.example", "--group", "pro"]
    assert main(arguments) == 0
    added = capsys.readouterr().out
    found = re.search(r"Milepæl (\d+) lagt til", added)
    assert found, added
    milestone_id = int(found.group(1))
    # Adding schedules its reminders (14 days, 3 working days, the due day).
    assert len(asyncio.run(_timers(cli, f"milestone:{milestone_id}:"))) >= 3

    assert main(["milestones", "list"]) == 0
    assert "Kravspesifikasjon godkjent" in capsys.readouterr().out

    # Cancelling needs a reason; with one, no reminder is left.
    assert main(["milestones", "set-status", str(milestone_id), "cancelled"]) == 2
    assert capsys.readouterr().err.strip()
    assert (
        main(
            [
                "milestones",
                "set-status",
                str(milestone_id),
                "cancelled",
                "--reason",
                "Slått sammen med kravspesifikasjonen",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert asyncio.run(_timers(cli, f"milestone:{milestone_id}:")) == []

    assert main(["milestones", "ics", "-o", "plan.ics"]) == 0
    calendar = icalendar.Calendar.from_ical(Path("plan.ics").read_bytes())
    titles = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert any("Kravspesifikasjon godkjent" in title for title in titles)


def test_import_is_all_or_nothing(cli: str, capsys: pytest.CaptureFixture[str]) -> None:
    Path("bad.csv").write_text(
        "title;due;precision;phase;owner;group;status\n"
        "Leverandørkonferanse;2099-10-01;day;1;kari.nordmann@digitv.example;PRO;planned\n"
        "Kartlegging;i høst;day;1;kari.nordmann@digitv.example;XYZ;planned\n",
        encoding="utf-8",
    )
    assert main(["milestones", "import", "bad.csv"]) != 0
    errors = capsys.readouterr().err
    assert "3" in errors  # the row of the problems is named
    assert main(["milestones", "list"]) == 0
    assert "Leverandørkonferanse" not in capsys.readouterr().out

    Path("good.csv").write_text(
        "title;due;precision;phase;owner;group;status\n"
        "Leverandørkonferanse;2099-10-01;day;1;kari.nordmann@digitv.example;PRO;planned\n"
        "Kartlegging av dagens systemer;2099-11;month;1;kari.nordmann@digitv.example;PRO;planned\n",
        encoding="utf-8",
    )
    assert main(["milestones", "import", "good.csv"]) == 0
    capsys.readouterr()
    assert main(["milestones", "list"]) == 0
    listing = capsys.readouterr().out
    assert "Leverandørkonferanse" in listing
    assert "november 2099" in listing


@pytest.mark.parametrize(
    "arguments",
    [
        ["milestones", "add", "--title", "X", "--due", "4. desember"],
        ["milestones", "add", "--title", "X", "--due", "2099-12-04", "--group", "NOPE"],
        ["milestones", "add", "--title", "X", "--due", "2099-12-04", "--owner", "nobody@x.no"],
        ["milestones", "set-status", "99999", "done"],
        ["milestones", "import", "missing.csv"],
    ],
    ids=["bad-date", "unknown-group", "unknown-owner", "unknown-id", "missing-file"],
)
def test_bad_input_is_a_message_not_a_traceback(
    cli: str, capsys: pytest.CaptureFixture[str], arguments: list[str]
) -> None:
    assert main(arguments) != 0
    error = capsys.readouterr().err
    assert error.strip()
    assert "Traceback" not in error


def test_import_refusals_are_words_in_the_configured_language(
    cli: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    Path("plan.csv").write_text("navn;når\nKartlegging;2099-11-01\n", encoding="utf-8")
    refusals: dict[str, str] = {}
    for language in ("nb", "en"):
        monkeypatch.setenv("KRAVBOT_LANGUAGE", language)
        assert main(["milestones", "import", "plan.csv"]) == 2
        columns = capsys.readouterr().err
        # A file that cannot be read: what is wrong, not the problem's code and values.
        assert main(["milestones", "import", "missing.csv"]) == 2
        missing = capsys.readouterr().err
        assert "missing_file" not in missing and "{" not in missing
        refusals[language] = columns + missing
    assert "kolonne for tittel (title / tittel" in refusals["nb"]
    assert "fila finnes ikke: missing.csv" in refusals["nb"]
    assert "column for the title (title / tittel" in refusals["en"]
    assert "the file does not exist: missing.csv" in refusals["en"]
    assert refusals["nb"] != refusals["en"]


def test_digest_lists_open_rounds_and_polls(cli: str, capsys: pytest.CaptureFixture[str]) -> None:
    review = ["review", "open", "--group", "HJT", "--requirements", "HJT-007..HJT-009"]
    assert main([*review, "--deadline", "2099-12-04T15:00"]) == 0
    poll = ["poll", "open", "--group", "STY", "--title", "Godkjenne kravspesifikasjonen"]
    assert main([*poll, "--options", "Ja;Nei", "--deadline", "2099-12-10T12:00"]) == 0
    capsys.readouterr()

    async def content() -> DigestContent:
        db = Database(cli)
        try:
            async with db.uow() as uow:
                now = datetime(2099, 11, 30, 9, tzinfo=OSLO)
                return await digest_content(uow, "nb", now, OSLO, REGISTRY.digest_sections)
        finally:
            await db.dispose()

    digest = asyncio.run(content())
    labels = [label for section in digest.sections for label, _ in section.rows]
    flat = " ".join(
        f"{label} {value}" for section in digest.sections for label, value in section.rows
    )
    assert any(label.startswith("HJT #") for label in labels)
    assert "Godkjenne kravspesifikasjonen" in flat
    assert "10. desember 2099 kl. 12.00" in flat
    assert "4. desember 2099 kl. 15.00" in flat


def test_bad_dates_and_values_are_named_in_peoples_words(
    cli: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KRAVBOT_LANGUAGE", "nb")
    assert main(["milestones", "add", "--title", "X", "--due", "4. desember"]) == 2
    assert "«4. desember» er ikke en dato (ÅÅÅÅ-MM-DD" in capsys.readouterr().err
    rows = {
        "2099-13-01;day;1;planned": "«2099-13-01» er ikke en dato",
        "2099-10-01;week;1;planned": "ukjent verdi «week» i kolonnen precision (gyldig: day,",
        "2099-10-01;day;første;planned": "ukjent verdi «første» i kolonnen phase",
        "2099-10-01;day;1;later": "ukjent verdi «later» i kolonnen status",
    }
    for row, said in rows.items():
        Path("bad.csv").write_text(
            f"title;due;precision;phase;status\nKartlegging;{row}\n", encoding="utf-8"
        )
        assert main(["milestones", "import", "bad.csv"]) == 2
        error = capsys.readouterr().err
        assert error.startswith("kravbot: Rad 2: ") and said in error, error
        assert "Invalid" not in error and "ValueError" not in error
    monkeypatch.setenv("KRAVBOT_LANGUAGE", "en")
    assert main(["milestones", "import", "bad.csv"]) == 2
    assert "unknown value “later” in the column status" in capsys.readouterr().err
