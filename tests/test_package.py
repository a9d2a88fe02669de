"""The Teams app package: schema-valid manifest and language files, Teams-conform icons, a
deterministic zip with exactly the expected members, and clear errors for bad input."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import struct
import time
import zipfile
import zlib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from jsonschema import Draft4Validator

from bot.package import (
    MANIFEST_VERSION,
    build_manifest,
    package_members,
    teams_assets_dir,
    write_package,
)
from tests.support.skips import missing

REPO = Path(__file__).resolve().parents[1]
NODE_MODULES = REPO / "node_modules"
SCHEMAS = NODE_MODULES / "@microsoft" / "app-manifest" / "build" / "json-schemas" / "teams"
ASSETS = REPO / "infra" / "teams"

APP_ID = "0f8fad5b-d9cb-469f-a165-70867728950e"
EXPECTED_MEMBERS = ["manifest.json", "color.png", "outline.png", "nb.json", "nn.json"]


# --- helpers -------------------------------------------------------------------------------


def _schema_validator(file_name: str) -> Any:
    """A Draft-04 validator for a schema file of MANIFEST_VERSION from @microsoft/app-manifest."""
    if not NODE_MODULES.is_dir():
        missing("node_modules is missing: run `npm install` at the repository root")
    path = SCHEMAS / f"v{MANIFEST_VERSION}" / file_name
    # node_modules is there, so a missing schema is a real problem (wrong version constant, or
    # the npm package dropped it): fail rather than skip.
    assert path.is_file(), (
        f"schema {path} is missing: does @microsoft/app-manifest ship v{MANIFEST_VERSION}?"
    )
    schema = json.loads(path.read_text(encoding="utf-8"))
    # The schema's own structure is checked, but not its regex syntax: a few patterns use the
    # ECMAScript `\p{L}` class, which Python's `re` lacks. They sit in Office add-in parts
    # ("extensions") that this manifest does not use, so they are never compiled here.
    Draft4Validator.check_schema(schema, format_checker=None)
    # The schema's $refs are all local ("#/definitions/...", "#/properties/..."): the validator
    # resolves them against this root document, nothing is fetched.
    return Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)


def _errors(validator: Any, document: Any) -> list[str]:
    return sorted(
        f"{'/'.join(str(p) for p in error.absolute_path) or '<root>'}: {error.message}"
        for error in validator.iter_errors(document)
    )


class Png:
    """Just enough of a PNG decoder to check the icons: 8-bit RGB/RGBA, all five row filters."""

    def __init__(self, data: bytes) -> None:
        assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG signature"
        chunks: list[tuple[bytes, bytes]] = []
        pos = 8
        while pos < len(data):
            (length,) = struct.unpack(">I", data[pos : pos + 4])
            kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
            (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
            assert zlib.crc32(kind + body) == crc, f"bad CRC in {kind!r} chunk"
            chunks.append((kind, body))
            pos += 12 + length
        assert chunks[0][0] == b"IHDR", "IHDR must be the first chunk"
        assert chunks[-1][0] == b"IEND", "IEND must be the last chunk"
        ihdr = chunks[0][1]
        self.width, self.height, self.bit_depth, self.color_type, _, _, interlace = struct.unpack(
            ">IIBBBBB", ihdr
        )
        assert interlace == 0, "interlaced PNGs are not decoded here"
        self._idat = b"".join(body for kind, body in chunks if kind == b"IDAT")

    def pixels(self) -> list[tuple[int, ...]]:
        """All pixels, row by row, as RGB or RGBA tuples."""
        assert self.bit_depth == 8, "only 8-bit samples are decoded here"
        channels = {2: 3, 6: 4}[self.color_type]
        stride = self.width * channels
        raw = zlib.decompress(self._idat)
        assert len(raw) == self.height * (stride + 1), "pixel data has the wrong length"
        previous = bytearray(stride)
        result: list[tuple[int, ...]] = []
        for y in range(self.height):
            start = y * (stride + 1)
            kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                up = previous[i]
                up_left = previous[i - channels] if i >= channels else 0
                if kind == 1:
                    line[i] = (line[i] + left) & 0xFF
                elif kind == 2:
                    line[i] = (line[i] + up) & 0xFF
                elif kind == 3:
                    line[i] = (line[i] + (left + up) // 2) & 0xFF
                elif kind == 4:
                    p = left + up - up_left
                    pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                    pred = left if pa <= pb and pa <= pc else up if pb <= pc else up_left
                    line[i] = (line[i] + pred) & 0xFF
                else:
                    assert kind == 0, f"unknown PNG filter {kind}"
            result.extend(tuple(line[x : x + channels]) for x in range(0, stride, channels))
            previous = line
        return result


def _load_make_icons() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_icons", ASSETS / "make_icons.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _lookup(document: Any, dotted: str) -> Any:
    """Resolve a localization key such as ``bots[0].commandLists[1].commands[0].description``."""
    node = document
    for part in dotted.split("."):
        name, _, rest = part.partition("[")
        node = node[name]
        for index in rest.rstrip("]").split("][") if rest else []:
            node = node[int(index)]
    return node


@pytest.fixture
def manifest() -> dict[str, Any]:
    return build_manifest(APP_ID, valid_domains=["kravbot.example.no"])


# --- manifest --------------------------------------------------------------------------------


def test_manifest_validates_against_the_teams_schema(manifest: dict[str, Any]) -> None:
    assert _errors(_schema_validator("MicrosoftTeams.schema.json"), manifest) == []


def test_schema_validation_catches_a_broken_manifest(manifest: dict[str, Any]) -> None:
    # Guards the check above: a validator that ignored the schema would pass anything.
    broken = json.loads(json.dumps(manifest))
    del broken["developer"]
    broken["bots"][0]["botId"] = "not-a-guid"
    broken["bots"][0]["scopes"] = ["everywhere"]
    errors = _errors(_schema_validator("MicrosoftTeams.schema.json"), broken)
    assert any("developer" in e for e in errors), errors
    assert any(e.startswith("bots/0/botId") for e in errors), errors
    assert any(e.startswith("bots/0/scopes/0") for e in errors), errors


def test_manifest_version_matches_schema(manifest: dict[str, Any]) -> None:
    # Draft-04 has no "const", so the schema's manifestVersion const is not enforced by the
    # validator: check it here.
    assert manifest["manifestVersion"] == MANIFEST_VERSION
    assert manifest["$schema"] == (
        f"https://developer.microsoft.com/json-schemas/teams/v{MANIFEST_VERSION}"
        "/MicrosoftTeams.schema.json"
    )
    if NODE_MODULES.is_dir():
        schema = json.loads(
            (SCHEMAS / f"v{MANIFEST_VERSION}" / "MicrosoftTeams.schema.json").read_text("utf-8")
        )
        assert schema["properties"]["manifestVersion"]["const"] == MANIFEST_VERSION


def test_manifest_content(manifest: dict[str, Any]) -> None:
    assert manifest["id"] == APP_ID
    assert manifest["bots"][0]["botId"] == APP_ID
    assert manifest["version"] == importlib.metadata.version("kravbot")
    assert manifest["developer"]["name"] == "DigiTV"
    assert manifest["name"] == {"short": "Kravbot", "full": "Kravbot – kravarbeid for DigiTV"}
    bot = manifest["bots"][0]
    assert sorted(bot["scopes"]) == ["groupChat", "personal", "team"]
    assert bot["supportsFiles"] is False
    assert bot["isNotificationOnly"] is False
    assert [sorted(cl["scopes"]) for cl in bot["commandLists"]] == [
        ["personal"],
        ["groupChat", "team"],
    ]
    personal, shared = ([c["title"] for c in cl["commands"]] for cl in bot["commandLists"])
    assert personal[0] == shared[0] == "hjelp"
    assert "koble" in shared and "synk medlemmer" in shared  # admin commands live in teams
    assert "krav søk" in personal
    for command_list in bot["commandLists"]:
        assert len(command_list["commands"]) <= 10  # Teams shows at most ten per scope
    assert manifest["permissions"] == ["identity", "messageTeamMembers"]
    assert manifest["validDomains"] == ["kravbot.example.no"]
    assert "{{" not in json.dumps(manifest), "a template placeholder was left unfilled"


def test_developer_urls_version_and_domains_can_be_overridden() -> None:
    manifest = build_manifest(
        APP_ID.upper(),
        version="2.3.4",
        developer_url="https://kommune.example.no/kravbot",
        privacy_url="https://kommune.example.no/personvern",
        terms_url="https://kommune.example.no/vilkar",
        valid_domains=[" Bot.Example.NO ", "bot.example.no", "*.example.no"],
    )
    assert manifest["id"] == APP_ID  # upper-case input is normalised
    assert manifest["version"] == "2.3.4"
    assert manifest["developer"] == {
        "name": "DigiTV",
        "websiteUrl": "https://kommune.example.no/kravbot",
        "privacyUrl": "https://kommune.example.no/personvern",
        "termsOfUseUrl": "https://kommune.example.no/vilkar",
    }
    assert manifest["validDomains"] == ["bot.example.no", "*.example.no"]
    assert build_manifest(APP_ID)["validDomains"] == []


@pytest.mark.parametrize(
    "app_id",
    [
        "",
        "kravbot",
        "0f8fad5b-d9cb-469f-a165-70867728950",  # one digit short
        "0f8fad5b-d9cb-469f-a165-70867728950ex",
        "0f8fad5bd9cb469fa16570867728950e",  # no hyphens
        "{0f8fad5b-d9cb-469f-a165-70867728950e}",
        "0f8fad5b-d9cb-469f-a165-70867728950g",
        "00000000-0000-0000-0000-000000000000",
        "${{BOT_ID}}",
    ],
)
def test_invalid_app_id_raises(app_id: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="app id"):
        build_manifest(app_id)
    with pytest.raises(ValueError, match="app id"):
        write_package(app_id, tmp_path / "kravbot.zip")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"version": "1.0"}, "MAJOR.MINOR.PATCH"),
        ({"version": "1.0.0-beta"}, "MAJOR.MINOR.PATCH"),
        ({"version": "01.0.0"}, "MAJOR.MINOR.PATCH"),
        ({"developer_url": "http://digitv.no"}, "https://"),
        ({"privacy_url": "digitv.no/personvern"}, "https://"),
        ({"terms_url": "https://"}, "https://"),
        ({"valid_domains": ["https://kravbot.example.no"]}, "host name"),
        ({"valid_domains": ["kravbot.example.no/api"]}, "host name"),
        ({"valid_domains": ["localhost"]}, "host name"),
    ],
)
def test_invalid_options_raise(kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        build_manifest(APP_ID, **kwargs)


def test_valid_domains_must_not_be_a_bare_string() -> None:
    with pytest.raises(TypeError):
        build_manifest(APP_ID, valid_domains="kravbot.example.no")


# --- localisation ----------------------------------------------------------------------------


def test_language_files_validate_and_translate_existing_strings(manifest: dict[str, Any]) -> None:
    info = manifest["localizationInfo"]
    assert info["defaultLanguageTag"] == "en"
    files = {lang["languageTag"]: lang["file"] for lang in info["additionalLanguages"]}
    assert files == {"nb": "nb.json", "nn": "nn.json"}
    validator = _schema_validator("MicrosoftTeams.Localization.schema.json")
    members = package_members(manifest)
    for tag, file_name in files.items():
        strings = json.loads(members[file_name])
        assert _errors(validator, strings) == [], file_name
        assert strings["$schema"] == (
            f"https://developer.microsoft.com/json-schemas/teams/v{MANIFEST_VERSION}"
            "/MicrosoftTeams.Localization.schema.json"
        )
        for key, text in strings.items():
            if key == "$schema":
                continue
            # A key that names nothing in the manifest is silently ignored by Teams.
            try:
                original = _lookup(manifest, key)
            except (KeyError, IndexError, TypeError, ValueError):
                pytest.fail(f"{file_name}: {key} names nothing in the manifest")
            assert isinstance(original, str), f"{tag}: {key} does not name a manifest string"
            assert text.strip(), f"{tag}: {key} is empty"
        # Everything a user reads in the app details is translated.
        assert {"name.short", "name.full", "description.short", "description.full"} <= set(
            strings
        ), tag
        assert "pasient" in strings["description.full"], f"{tag}: the no-patient-data notice"


# --- icons -----------------------------------------------------------------------------------


def test_icons_have_the_sizes_teams_requires(manifest: dict[str, Any]) -> None:
    color = Png((ASSETS / manifest["icons"]["color"]).read_bytes())
    outline = Png((ASSETS / manifest["icons"]["outline"]).read_bytes())
    assert (color.width, color.height) == (192, 192)
    assert (outline.width, outline.height) == (32, 32)
    assert outline.color_type == 6, "the outline icon needs an alpha channel"


def test_outline_icon_is_only_white_and_transparent() -> None:
    pixels = Png((ASSETS / "outline.png").read_bytes()).pixels()
    others = [p for p in pixels if not (p[3] == 0 or p == (255, 255, 255, 255))]
    assert others == [], f"{len(others)} pixels are neither white nor fully transparent"
    opaque = [i for i, p in enumerate(pixels) if p[3] == 255]
    assert opaque, "the outline icon is empty"
    rows = {i // 32 for i in opaque}
    # Teams: no extra padding around the outline symbol.
    assert min(rows) == 0
    assert max(rows) == 31


def test_color_icon_is_full_colour_on_the_accent_color(manifest: dict[str, Any]) -> None:
    png = Png((ASSETS / "color.png").read_bytes())
    assert png.color_type in (2, 6)
    pixels = png.pixels()
    accent = manifest["accentColor"]
    background = tuple(int(accent[i : i + 2], 16) for i in (1, 3, 5))
    # Square, solid background (Teams rounds the corners itself): corners are the accent color.
    for index in (0, 191, 191 * 192, 192 * 192 - 1):
        assert pixels[index][:3] == background
        assert len(pixels[index]) == 3 or pixels[index][3] == 255
    assert len({p[:3] for p in pixels}) > 2, "expected a drawn symbol, not a flat square"
    # The symbol stays inside the central 96x96 (48 px padding for Teams' crops).
    off_background = [i for i, p in enumerate(pixels) if p[:3] != background]
    assert all(48 <= i // 192 < 144 and 48 <= i % 192 < 144 for i in off_background)


def test_committed_icons_match_the_generator() -> None:
    make_icons = _load_make_icons()
    assert make_icons.render_color() == (ASSETS / "color.png").read_bytes()
    assert make_icons.render_outline() == (ASSETS / "outline.png").read_bytes()
    assert build_manifest(APP_ID)["accentColor"] == make_icons.ACCENT_COLOR


# --- zip -------------------------------------------------------------------------------------


def test_zip_has_exactly_the_expected_members(tmp_path: Path, manifest: dict[str, Any]) -> None:
    path = write_package(APP_ID, tmp_path / "kravbot.zip", valid_domains=["kravbot.example.no"])
    assert path == tmp_path / "kravbot.zip"
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        assert archive.namelist() == EXPECTED_MEMBERS
        assert json.loads(archive.read("manifest.json")) == manifest
        for name in EXPECTED_MEMBERS[1:]:
            if name.endswith(".png"):
                assert archive.read(name) == (ASSETS / name).read_bytes(), name
                continue
            # Language files: the translator's strings, plus the command descriptions from
            # the bot's own catalogues.
            strings = json.loads(archive.read(name))
            assert json.loads((ASSETS / name).read_bytes()).items() <= strings.items()
            assert "bots[0].commandLists[0].commands[0].description" in strings
        for info in archive.infolist():
            assert info.date_time == (1980, 1, 1, 0, 0, 0), info.filename
    # Every file the manifest refers to is in the zip.
    referenced = set(manifest["icons"].values()) | {
        lang["file"] for lang in manifest["localizationInfo"]["additionalLanguages"]
    }
    assert referenced | {"manifest.json"} == set(EXPECTED_MEMBERS)


def test_two_builds_are_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = write_package(APP_ID, tmp_path / "first.zip")
    # A later clock must not leak into the zip (zipfile stamps members with the current time
    # unless told otherwise).
    later = time.time() + 3 * 365 * 24 * 3600
    monkeypatch.setattr(time, "time", lambda: later)
    second = write_package(APP_ID, tmp_path / "second.zip")
    assert first.read_bytes() == second.read_bytes()


def test_write_package_into_a_directory_and_replace(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    out.mkdir()
    path = write_package(APP_ID, out, version="1.2.3")
    assert path == out / "kravbot-teams-1.2.3.zip"
    nested = write_package(APP_ID, tmp_path / "a" / "b" / "kravbot.zip")
    assert nested.is_file()
    # Rewriting replaces the file and leaves no temporary files behind.
    write_package(APP_ID, nested, version="1.2.4")
    with zipfile.ZipFile(nested) as archive:
        assert json.loads(archive.read("manifest.json"))["version"] == "1.2.4"
    assert [p.name for p in nested.parent.iterdir()] == ["kravbot.zip"]


def test_assets_are_found_in_the_source_tree() -> None:
    assert teams_assets_dir() == ASSETS


# --- the Oversikt tab ------------------------------------------------------------------------


def test_tab_and_sso_resource_validate_against_the_schema() -> None:
    manifest = build_manifest(
        APP_ID, valid_domains=["kravbot.example.no"], tab_host="Kravbot.Example.no"
    )
    assert _errors(_schema_validator("MicrosoftTeams.schema.json"), manifest) == []
    [tab] = manifest["staticTabs"]
    assert (
        tab["contentUrl"] == "https://kravbot.example.no/tab/overview?lang={locale}&theme={theme}"
    )
    assert tab["scopes"] == ["personal"] and tab["name"] == "Overview"
    assert manifest["webApplicationInfo"] == {
        "id": APP_ID,
        "resource": f"api://kravbot.example.no/{APP_ID}",
    }
    assert manifest["validDomains"] == ["kravbot.example.no"]
    validator = _schema_validator("MicrosoftTeams.Localization.schema.json")
    members = package_members(manifest)
    for file_name in ("nb.json", "nn.json"):
        strings = json.loads(members[file_name])
        assert _errors(validator, strings) == [], file_name
        assert strings["staticTabs[0].name"] == "Oversikt"
        assert _lookup(manifest, "staticTabs[0].name") == "Overview"
    # Without a host there is no tab and no SSO resource.
    plain = build_manifest(APP_ID)
    assert "staticTabs" not in plain and "webApplicationInfo" not in plain
    with pytest.raises(ValueError, match="host name"):
        build_manifest(APP_ID, tab_host="https://kravbot.example.no/tab")
