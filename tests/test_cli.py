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
    assert capsys.readouterr().out.startswith("Databasen har ingen revisjon ennå (den nyeste")
    assert main(["db", "upgrade"]) == 0
    assert capsys.readouterr().out.startswith("Databasen er på revisjon ")
    assert main(["db", "current"]) == 0
    assert capsys.readouterr().out.startswith("Databasen er på revisjon ")
    monkeypatch.setenv("KRAVBOT_LANGUAGE", "en")
    assert main(["db", "current"]) == 0
    assert capsys.readouterr().out.startswith("The database is at revision ")


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
    assert capsys.readouterr().out == f"Skrev Teams-pakken til {out}.\n"
    with zipfile.ZipFile(out) as archive:
        assert "manifest.json" in archive.namelist()


def test_package_refuses_a_bad_app_id(clean_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["package", "--app-id", "not-a-guid", "--out", str(clean_env / "x.zip")]) == 2
    error = capsys.readouterr().err
    assert error.startswith("kravbot package:")
    assert "Traceback" not in error


def test_package_needs_an_app_id(
    clean_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["package"]) == 2
    norwegian = capsys.readouterr().err
    assert "Oppgi --app-id, eller sett MicrosoftAppId i miljøet." in norwegian
    monkeypatch.setenv("KRAVBOT_LANGUAGE", "en")
    assert main(["package"]) == 2
    assert "Give --app-id, or set MicrosoftAppId in the environment." in capsys.readouterr().err
