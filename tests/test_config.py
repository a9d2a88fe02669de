"""Configuration: defaults, environment names, and one clear line for a bad setting."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import AppType, ConfigError, load_settings, normalize_database_url

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith(("KRAVBOT_", "Microsoft", "MICROSOFT")) or name == "PORT":
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no .env from the repository


def test_defaults() -> None:
    settings = load_settings()
    assert settings.database_url == "sqlite+aiosqlite:///kravbot.db"
    assert settings.port == 3978
    assert settings.timezone == "Europe/Oslo"
    assert settings.language == "nb"
    assert settings.allowed_tenants == frozenset()
    assert settings.local_mode
    assert settings.app_type is AppType.MULTI_TENANT


def test_bot_framework_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MicrosoftAppId", "00000000-0000-4000-8000-000000000001")
    monkeypatch.setenv("MicrosoftAppPassword", "s3cret")
    monkeypatch.setenv("MicrosoftAppType", "SingleTenant")
    monkeypatch.setenv("MicrosoftAppTenantId", "tenant-x")
    monkeypatch.setenv("KRAVBOT_ALLOWED_TENANTS", " Tenant-A, tenant-b ,,")
    monkeypatch.setenv("KRAVBOT_LANGUAGE", "NN")
    monkeypatch.setenv("PORT", "8080")
    settings = load_settings()
    assert not settings.local_mode
    assert settings.app_type is AppType.SINGLE_TENANT
    assert settings.app_password.get_secret_value() == "s3cret"
    assert "s3cret" not in repr(settings)
    assert settings.allowed_tenants == frozenset({"tenant-a", "tenant-b"})
    assert settings.language == "nn"
    assert settings.port == 8080


def test_dotenv_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("KRAVBOT_LANGUAGE=en\nPORT=4000\n", encoding="utf-8")
    settings = load_settings()
    assert settings.language == "en"
    assert settings.port == 4000


@pytest.mark.parametrize(
    ("name", "value", "named"),
    [
        ("PORT", "seventy", "PORT"),
        ("PORT", "70000", "PORT"),
        ("KRAVBOT_TIMEZONE", "Europe/Trondheim", "KRAVBOT_TIMEZONE"),
        ("KRAVBOT_LANGUAGE", "sv", "KRAVBOT_LANGUAGE"),
        ("KRAVBOT_DATABASE_URL", "mysql://x/y", "KRAVBOT_DATABASE_URL"),
        ("KRAVBOT_DATABASE_URL", "kravbot.db", "KRAVBOT_DATABASE_URL"),
        ("MicrosoftAppType", "Anything", "MicrosoftAppType"),
        ("KRAVBOT_LOG_LEVEL", "LOUD", "KRAVBOT_LOG_LEVEL"),
    ],
)
def test_invalid_setting_names_itself(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, named: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as raised:
        load_settings()
    message = str(raised.value)
    assert message.startswith(f"invalid setting {named}:")
    assert "\n" not in message


def test_app_id_without_password_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MicrosoftAppId", "00000000-0000-4000-8000-000000000001")
    with pytest.raises(ConfigError, match="MicrosoftAppPassword"):
        load_settings()


def test_single_tenant_needs_tenant(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MicrosoftAppId", "00000000-0000-4000-8000-000000000001")
    monkeypatch.setenv("MicrosoftAppPassword", "x")
    monkeypatch.setenv("MicrosoftAppType", "SingleTenant")
    with pytest.raises(ConfigError, match="MicrosoftAppTenantId"):
        load_settings()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("sqlite:///k.db", "sqlite+aiosqlite:///k.db"),
        ("postgresql://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgres://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgresql+asyncpg://u@h/db", "postgresql+asyncpg://u@h/db"),
    ],
)
def test_database_urls_get_async_drivers(given: str, expected: str) -> None:
    assert normalize_database_url(given) == expected


def test_cli_stops_with_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KRAVBOT_")}
    env["KRAVBOT_TIMEZONE"] = "Mars/Olympus"
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "db", "current"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines == ["kravbot: invalid setting KRAVBOT_TIMEZONE: unknown time zone 'Mars/Olympus'"]
