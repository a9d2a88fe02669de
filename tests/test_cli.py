"""The `kravbot` command line: database commands and the Teams app package."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from bot.cli import main


def test_db_upgrade_then_current(
    clean_env: Path,
    empty_database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("KRAVBOT_DATABASE_URL", empty_database_url)
    assert main(["db", "current"]) == 1
    assert "Databasen har ingen revisjon ennå" in capsys.readouterr().out
    assert main(["db", "upgrade"]) == 0
    assert "Databasen er på revisjon" in capsys.readouterr().out
    assert main(["db", "current"]) == 0


def test_default_database_is_a_sqlite_file_in_the_working_directory(clean_env: Path) -> None:
    assert main(["db", "upgrade"]) == 0
    assert (clean_env / "kravbot.db").exists()


def test_package_writes_the_teams_app_zip(
    clean_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = clean_env / "app.zip"
    assert (
        main(["package", "--app-id", "6f2b1a9e-3c4d-4e5f-8a7b-9c0d1e2f3a4b", "--out", str(out)])
        == 0
    )
    with zipfile.ZipFile(out) as archive:
        assert "manifest.json" in archive.namelist()


def test_package_refuses_a_bad_app_id(clean_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["package", "--app-id", "not-a-guid", "--out", str(clean_env / "x.zip")]) == 2
    error = capsys.readouterr().err
    assert error.startswith("kravbot package:")
    assert "Traceback" not in error


def test_package_needs_an_app_id(clean_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["package"]) == 2
    assert "--app-id" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("nb", "kravbot package: oppgi --app-id eller sett MicrosoftAppId\n"),
        ("nn", "kravbot package: oppgi --app-id eller set MicrosoftAppId\n"),
        ("en", "kravbot package: give --app-id or set MicrosoftAppId\n"),
    ],
)
def test_db_and_package_speak_the_configured_language(
    clean_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    language: str,
    said: str,
) -> None:
    monkeypatch.setenv("KRAVBOT_LANGUAGE", language)
    assert main(["package"]) == 2
    assert capsys.readouterr().err == said
    assert main(["db", "upgrade"]) == 0
    revision = {"nb": "Databasen er på revisjon ", "nn": "Databasen er på revisjon "}
    assert capsys.readouterr().out.startswith(revision.get(language, "Database at revision "))


READERS = [
    ["outbox", "status"],
    ["people", "export-data", "kari@example.org"],
    ["risks", "export", "--format", "csv"],
    ["milestones", "list"],
    ["baseline", "list"],
    ["report", "list"],
    ["decisions", "list"],
    ["backup", "-o", "backup.json"],
]


@pytest.mark.parametrize("argv", READERS, ids=lambda argv: " ".join(argv[:2]))
def test_an_unmigrated_database_is_one_line_never_a_traceback(
    argv: list[str],
    clean_env: Path,
    empty_database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("KRAVBOT_DATABASE_URL", empty_database_url)
    assert main(argv) in (1, 2)
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert "kravbot db upgrade" in err


@pytest.mark.parametrize("argv", READERS[:4], ids=lambda argv: " ".join(argv[:2]))
def test_an_unreachable_database_server_is_one_line_never_a_traceback(
    argv: list[str],
    clean_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("KRAVBOT_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    monkeypatch.setenv("KRAVBOT_DB_CONNECT_TIMEOUT", "1")
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert "svarer ikke" in err and "KRAVBOT_DATABASE_URL" in err
