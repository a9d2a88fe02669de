"""Build the Microsoft Teams app package (manifest.json, icons, language files) for Kravbot.

The manifest comes from ``infra/teams/manifest.template.json``; the app-specific values (app id,
version, developer URLs, valid domains) are filled in here. Placeholders in the template are whole
JSON string values such as ``"{{APP_ID}}"`` and are replaced as JSON values, never by text
substitution, so no input can break the JSON or inject other fields.

The package is deterministic: the same inputs give a byte-identical zip (fixed member order,
timestamps, permissions and compression level), so a rebuilt package can be compared to the one
that was uploaded to Teams.
"""

from __future__ import annotations

import importlib.metadata
import io
import json
import os
import re
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

from cards.commands import COMMANDS, CommandSpec
from cards.texts import text

__all__ = [
    "DEFAULT_PRIVACY_URL",
    "DEFAULT_TERMS_URL",
    "DEFAULT_WEBSITE_URL",
    "MANIFEST_VERSION",
    "build_manifest",
    "package_members",
    "teams_assets_dir",
    "write_package",
]

#: Teams app manifest schema version of the template (newest released in @microsoft/app-manifest).
MANIFEST_VERSION = "1.30"

DEFAULT_WEBSITE_URL = "https://digitv.no/kravbot"
DEFAULT_PRIVACY_URL = "https://digitv.no/kravbot/personvern"
DEFAULT_TERMS_URL = "https://digitv.no/kravbot/vilkar"

TEMPLATE_NAME = "manifest.template.json"

# Used when kravbot is not installed (running from a plain checkout). Keep it equal to
# pyproject.toml's version.
_FALLBACK_VERSION = "0.1.0"

# The schema's "guid" definition; fullmatch, because re's "$" would accept a trailing newline.
_GUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
_NIL_GUID = "00000000-0000-0000-0000-000000000000"
# Teams wants plain MAJOR.MINOR.PATCH (the schema's "semver" definition): no pre-release parts.
_SEMVER = re.compile(r"(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)")
# A host name, optionally with a leading "*." wildcard and a port; no scheme and no path.
_DOMAIN = re.compile(
    r"(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}(?::[0-9]{1,5})?"
)
_PLACEHOLDER = re.compile(r"\{\{([A-Z_]+)\}\}")

# Fixed zip metadata: 1980-01-01 is the earliest timestamp a zip can hold; 0o100644 is a regular
# file readable by all; create_system 3 (Unix) so the bytes do not depend on the building OS.
_ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)
_ZIP_FILE_MODE = 0o100644 << 16
_ZIP_UNIX = 3
_ZIP_LEVEL = 9

_MAX_VALID_DOMAINS = 100  # the schema's maxItems


def teams_assets_dir() -> Path:
    """Return ``infra/teams`` of the source tree, which holds the template, icons and languages.

    It is found relative to this module, which works from a checkout and with an editable install
    (``pip install -e .``: the module file stays in the source tree). A regular (wheel) install
    does not contain ``infra/``; that raises FileNotFoundError with an explanation.
    """
    assets = Path(__file__).resolve().parent.parent / "infra" / "teams"
    if not (assets / TEMPLATE_NAME).is_file():
        raise FileNotFoundError(
            f"Teams app template not found at {assets / TEMPLATE_NAME}: building the Teams package "
            "needs the Kravbot source tree (a checkout, or `pip install -e .`)"
        )
    return assets


def _check_app_id(app_id: str) -> str:
    candidate = app_id.strip().lower()  # ids pasted from the portal or env files carry whitespace
    if not _GUID.fullmatch(candidate):
        raise ValueError(
            f"app id {app_id!r} is not a GUID: give the bot's Microsoft App ID (Entra application "
            "client id), like 0f8fad5b-d9cb-469f-a165-70867728950e"
        )
    if candidate == _NIL_GUID:
        raise ValueError("app id is the nil GUID (all zeros): give the bot's real Microsoft App ID")
    return candidate


def _package_version() -> str:
    try:
        return importlib.metadata.version("kravbot")
    except importlib.metadata.PackageNotFoundError:
        return _FALLBACK_VERSION


def _check_version(version: str, *, explicit: bool) -> str:
    if not _SEMVER.fullmatch(version):
        source = "version" if explicit else "installed kravbot version"
        raise ValueError(
            f"{source} {version!r} is not MAJOR.MINOR.PATCH (e.g. 1.4.0), which Teams requires; "
            "pass version= explicitly"
        )
    return version


def _check_https_url(name: str, url: str) -> str:
    parts = urlsplit(url)
    # The schema accepts http too, but Teams store/admin validation requires https here.
    if parts.scheme != "https" or not parts.hostname or len(url) > 2048:
        raise ValueError(
            f"{name} {url!r} must be an absolute https:// URL (at most 2048 characters)"
        )
    return url


def _check_domains(valid_domains: Sequence[str]) -> list[str]:
    if isinstance(valid_domains, str):
        # A lone string is a sequence of characters: catch it rather than list "k", "r", ...
        raise TypeError("valid_domains must be a sequence of host names, not a single string")
    domains: list[str] = []
    for raw in valid_domains:
        domain = raw.strip().lower()
        if not _DOMAIN.fullmatch(domain):
            raise ValueError(
                f"valid domain {raw!r} must be a host name such as kravbot.example.no "
                "(optionally *.example.no or with :port), without https:// or a path"
            )
        if domain not in domains:  # duplicates are harmless but Teams validation warns
            domains.append(domain)
    if len(domains) > _MAX_VALID_DOMAINS:
        raise ValueError(f"at most {_MAX_VALID_DOMAINS} valid domains are allowed")
    return domains


# The commands Teams suggests in its command menu, per scope (Teams shows at most 10 each).
# Words and descriptions come from the bot's own vocabulary, so the menu never drifts from what
# the bot understands.
COMMAND_MENU: Final[tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]] = (
    (
        ("personal",),
        (
            "help",
            "requirement",
            "requirement_search",
            "milestones",
            "decisions",
            "new_review",
            "new_poll",
            "new_decision",
        ),
    ),
    (
        ("team", "groupChat"),
        (
            "help",
            "groups",
            "link",
            "sync_members",
            "who_missing",
            "new_review",
            "new_poll",
            "milestones",
            "decisions",
        ),
    ),
)
# The manifest's own strings are English; bokmål and nynorsk come from its language files.
MANIFEST_LANGUAGE: Final = "en"


def _menu() -> list[tuple[tuple[str, ...], list[CommandSpec]]]:
    specs = {spec.name: spec for spec in COMMANDS}
    return [(scopes, [specs[name] for name in names]) for scopes, names in COMMAND_MENU]


def command_lists() -> list[dict[str, Any]]:
    """The manifest's `commandLists`: bokmål command words (Teams inserts the title as typed)."""
    return [
        {
            "scopes": list(scopes),
            "commands": [
                {
                    # The bot understands the bokmål words whatever the reader's language.
                    "title": spec.words["nb"][0],
                    "description": text(MANIFEST_LANGUAGE, spec.description_key)[:128],
                }
                for spec in specs
            ],
        }
        for scopes, specs in _menu()
    ]


def command_translations(language: str) -> dict[str, str]:
    """Localization entries of the command descriptions for `language` (nb, nn)."""
    return {
        f"bots[0].commandLists[{i}].commands[{j}].description": text(
            language, spec.description_key
        )[:128]
        for i, (_scopes, specs) in enumerate(_menu())
        for j, spec in enumerate(specs)
    }


def _fill(node: Any, values: dict[str, Any]) -> Any:
    """Replace whole-string placeholders in a parsed template with JSON values."""
    if isinstance(node, dict):
        return {key: _fill(value, values) for key, value in node.items()}
    if isinstance(node, list):
        return [_fill(item, values) for item in node]
    if isinstance(node, str) and "{{" in node:
        match = _PLACEHOLDER.fullmatch(node)
        if match is None or match.group(1) not in values:
            # A typo in the template must not reach Teams as a literal "{{...}}".
            raise RuntimeError(f"unknown or embedded placeholder {node!r} in {TEMPLATE_NAME}")
        return values[match.group(1)]
    return node


def build_manifest(
    app_id: str,
    *,
    version: str | None = None,
    developer_url: str = DEFAULT_WEBSITE_URL,
    privacy_url: str = DEFAULT_PRIVACY_URL,
    terms_url: str = DEFAULT_TERMS_URL,
    valid_domains: Sequence[str] = (),
    tab_host: str | None = None,
) -> dict[str, Any]:
    """Return the Teams app manifest (schema v1.30) for the bot with Microsoft App ID `app_id`.

    `app_id` is used both as the Teams app id and as the bot id. It must be a GUID (surrounding
    whitespace is ignored, letters are lower-cased); anything else raises ValueError.
    `version` defaults to the installed kravbot version; Teams needs MAJOR.MINOR.PATCH and an
    increase on every change of the package. `developer_url`, `privacy_url` and `terms_url` are
    the https pages shown in the app details. `valid_domains` are host names (no scheme), e.g.
    the host the bot runs on.

    With `tab_host` (the host Kravbot is served on, `KRAVBOT_TAB_HOST`) the app gains the
    personal tab «Oversikt» and `webApplicationInfo` for Teams single sign-on.

    Raises ValueError for an invalid app id, version, URL or domain, FileNotFoundError when the
    Teams assets are not available (see `teams_assets_dir`).
    """
    template_path = teams_assets_dir() / TEMPLATE_NAME
    template = json.loads(template_path.read_text(encoding="utf-8"))
    values: dict[str, Any] = {
        "APP_ID": _check_app_id(app_id),
        "VERSION": _check_version(
            version if version is not None else _package_version(), explicit=version is not None
        ),
        "WEBSITE_URL": _check_https_url("developer_url", developer_url),
        "PRIVACY_URL": _check_https_url("privacy_url", privacy_url),
        "TERMS_URL": _check_https_url("terms_url", terms_url),
        "VALID_DOMAINS": _check_domains(valid_domains),
    }
    manifest: dict[str, Any] = _fill(template, values)
    manifest["bots"][0]["commandLists"] = command_lists()
    if tab_host is not None:
        _add_tab(manifest, values["APP_ID"], _check_domains([tab_host])[0])
    return manifest


def _add_tab(manifest: dict[str, Any], app_id: str, host: str) -> None:
    """The personal tab «Oversikt» and the SSO resource its token is for."""
    page = f"https://{host}/tab/overview"
    manifest["staticTabs"] = [
        {
            "entityId": "overview",
            "name": text("en", "overview.tab.title"),
            # Teams fills in the user's language and theme.
            "contentUrl": page + "?lang={locale}&theme={theme}",
            "websiteUrl": page,
            "scopes": ["personal"],
        }
    ]
    manifest["webApplicationInfo"] = {"id": app_id, "resource": f"api://{host}/{app_id}"}
    if host not in manifest["validDomains"]:
        manifest["validDomains"].append(host)


def _json_bytes(document: Any) -> bytes:
    # UTF-8 without BOM and with the Norwegian letters as they are; Teams reads both forms.
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def package_members(manifest: dict[str, Any]) -> dict[str, bytes]:
    """Return the files of the app package for `manifest`, in zip order: name -> content.

    The members are ``manifest.json``, the icons the manifest names and the language files of
    its ``localizationInfo``, all at the zip root as Teams requires.
    """
    assets = teams_assets_dir()
    members: dict[str, bytes] = {"manifest.json": _json_bytes(manifest)}
    icons = manifest["icons"]
    # Sorted by manifest key so the order does not depend on the template's key order.
    for key in sorted(icons):
        members[icons[key]] = (assets / icons[key]).read_bytes()
    for language in manifest.get("localizationInfo", {}).get("additionalLanguages", []):
        strings = json.loads((assets / language["file"]).read_bytes())
        # Command descriptions follow the bot's catalogues, not the file.
        strings = {key: value for key, value in strings.items() if not key.startswith("bots[")}
        strings.update(command_translations(language["languageTag"]))
        if manifest.get("staticTabs"):
            strings["staticTabs[0].name"] = text(language["languageTag"], "overview.tab.title")
        members[language["file"]] = _json_bytes(strings)
    return members


def _zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = _ZIP_FILE_MODE
            info.create_system = _ZIP_UNIX
            archive.writestr(info, data, compresslevel=_ZIP_LEVEL)
    return buffer.getvalue()


def write_package(
    app_id: str,
    out: Path,
    *,
    version: str | None = None,
    developer_url: str = DEFAULT_WEBSITE_URL,
    privacy_url: str = DEFAULT_PRIVACY_URL,
    terms_url: str = DEFAULT_TERMS_URL,
    valid_domains: Sequence[str] = (),
    tab_host: str | None = None,
) -> Path:
    """Write the Teams app package (a zip to upload to Teams) and return its path.

    `out` is the zip file to write, or an existing directory, in which case the file is named
    ``kravbot-teams-<version>.zip``. Missing parent directories are created; an existing file is
    replaced atomically. The keyword arguments are those of `build_manifest`. Two builds with the
    same arguments give byte-identical files.
    """
    manifest = build_manifest(
        app_id,
        version=version,
        developer_url=developer_url,
        privacy_url=privacy_url,
        terms_url=terms_url,
        valid_domains=valid_domains,
        tab_host=tab_host,
    )
    data = _zip_bytes(package_members(manifest))
    target = out / f"kravbot-teams-{manifest['version']}.zip" if out.is_dir() else out
    target.parent.mkdir(parents=True, exist_ok=True)
    # Write next to the target and rename, so an interrupted build never leaves half a zip.
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
        os.chmod(tmp_name, 0o644)  # mkstemp creates 0600; a package is not a secret
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return target
