"""Bot tokens for outbound calls to the Bot Connector, from msal (client credentials)."""

from __future__ import annotations

import asyncio
import time
from typing import Any, Protocol

from bot.config import AppType, Settings
from bot.offloop import in_daemon_thread

BOT_FRAMEWORK_RESOURCE = "https://api.botframework.com"
BOT_FRAMEWORK_SCOPE = f"{BOT_FRAMEWORK_RESOURCE}/.default"
DEFAULT_LOGIN_URL = "https://login.microsoftonline.com"


class TokenProvider(Protocol):
    """Gives the `Authorization` header value for outbound calls, or None in local mode."""

    async def authorization(self) -> str | None: ...


class NoToken:
    """Local mode: the playground and the emulator take calls without a token."""

    async def authorization(self) -> str | None:
        return None


class MsalTokenProvider:
    """Client-credential tokens for one resource, cached in memory until shortly before expiry.

    The Bot Connector's tokens come from the bot's authority (botframework.com for multi-tenant
    bots); Microsoft Graph's from the bot's own tenant: `tenant` overrides the authority.
    """

    # Renew this long before expiry so a token never runs out during a retry sequence.
    _MARGIN = 300.0

    def __init__(
        self,
        settings: Settings,
        *,
        resource: str = BOT_FRAMEWORK_RESOURCE,
        tenant: str | None = None,
        http_timeout: float = 10.0,
        acquire_timeout: float = 30.0,
    ) -> None:
        self._settings = settings
        # Entra ID that accepts a connection and never answers must not stall every delivery
        # waiting behind the lock: each HTTP call gives up after `http_timeout`, the whole
        # acquire (discovery plus token) after `acquire_timeout`.
        self._http_timeout = http_timeout
        self._acquire_timeout = acquire_timeout
        self._resource = resource
        self._tenant = tenant
        self._msi = settings.app_type is AppType.USER_ASSIGNED_MSI
        # Built on first use, in a worker thread: msal discovers its authority over the network.
        self._app: Any = None
        self._token: str | None = None
        self._expires = 0.0
        self._lock = asyncio.Lock()

    async def authorization(self) -> str | None:
        if self._token and time.monotonic() < self._expires - self._MARGIN:
            return f"Bearer {self._token}"
        async with self._lock:
            if not (self._token and time.monotonic() < self._expires - self._MARGIN):
                # msal is synchronous (requests); keep it off the event loop, in a daemon
                # thread so that a hung call holds up neither shutdown nor exit.
                result = await asyncio.wait_for(
                    in_daemon_thread(self._acquire), self._acquire_timeout
                )
                if "access_token" not in result:
                    raise RuntimeError(
                        f"could not get a bot token: {result.get('error', 'unknown error')}"
                    )
                self._token = str(result["access_token"])
                self._expires = time.monotonic() + float(result.get("expires_in", 3600))
        return f"Bearer {self._token}"

    def _client(self) -> Any:
        import msal  # imported here: local mode and tests never need it

        settings = self._settings
        if self._msi:
            return msal.ManagedIdentityClient(
                msal.UserAssignedManagedIdentity(client_id=settings.app_id),
                http_client=_requests_session(self._http_timeout),
            )
        tenant = self._tenant or (
            settings.app_tenant_id
            if settings.app_type is AppType.SINGLE_TENANT
            else "botframework.com"
        )
        return msal.ConfidentialClientApplication(
            settings.app_id,
            client_credential=settings.app_password.get_secret_value(),
            authority=f"{settings.login_url}/{tenant}",
            timeout=self._http_timeout,
            # Entra ID's own host needs no discovery; another (a sovereign cloud, a test
            # server) is trusted as configured, as `kravbot doctor` trusts it.
            instance_discovery=settings.login_url == DEFAULT_LOGIN_URL,
        )

    def _acquire(self) -> dict[str, Any]:
        if self._app is None:
            self._app = self._client()
        if self._msi:
            return dict(self._app.acquire_token_for_client(resource=self._resource))
        return dict(self._app.acquire_token_for_client(scopes=[f"{self._resource}/.default"]))


def _requests_session(timeout: float) -> Any:
    import requests

    class Bounded(requests.Session):
        """A session whose every request gives up after `timeout` seconds."""

        def request(self, *args: Any, **kwargs: Any) -> Any:
            kwargs.setdefault("timeout", timeout)
            return super().request(*args, **kwargs)

    return Bounded()


def token_provider(settings: Settings) -> TokenProvider:
    """The provider that fits the settings."""
    return NoToken() if settings.local_mode else MsalTokenProvider(settings)
