"""Validation of the bearer tokens that the Bot Framework channel sends to the bot.

botbuilder 4.17.1 validates inbound tokens itself, but answers HTTP 500 for malformed, expired,
badly signed or unknown-key tokens and fetches the OpenID metadata with a blocking
``requests.get`` without a timeout inside the event loop (design.md section 4). This module
replaces that path with an asyncio-native validator:

* the OpenID metadata and the JWKS are fetched with aiohttp under a timeout, cached, refreshed in
  the background when stale, and fetched by at most one coroutine at a time (single-flight);
* a token with an unknown ``kid`` triggers at most one refresh per throttle interval, so forged
  key ids cannot be used to hammer the identity endpoint;
* every rejection is an :class:`AuthError` carrying the HTTP status (401 or 403) and a short
  reason that never contains the token; an identity endpoint that cannot be reached while no
  cached key can decide is :class:`IdentityUnavailable` (HTTP 503).

The rules follow Microsoft's "Authentication with the Bot Connector API", section "Connector to
bot": ``Authorization: Bearer <JWT>``, RS256 signature by a key from the JWKS named in the
OpenID metadata, ``iss`` = the Bot Framework issuer, ``aud`` = the bot's app id, ``exp``/``nbf``
with five minutes of clock skew, the key's ``endorsements`` containing the activity's channel id
and the ``serviceurl`` claim equal to the activity's ``serviceUrl``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final, TypeGuard

import aiohttp
import jwt
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from jwt.algorithms import RSAAlgorithm

__all__ = [
    "DEFAULT_ISSUER",
    "DEFAULT_METADATA_URL",
    "AuthError",
    "ChannelTokenValidator",
    "IdentityUnavailable",
    "SsoTokenValidator",
    "tenant_allowed",
]

log = logging.getLogger(__name__)

DEFAULT_METADATA_URL: Final = "https://login.botframework.com/v1/.well-known/openidconfiguration"
DEFAULT_ISSUER: Final = "https://api.botframework.com"

# Bot Framework signs with RS256; RS384/RS512 are the same key type and cost nothing to allow.
# Everything else (none, HS*, ES*, PS*) is refused before any key is looked up, which closes the
# classic "alg: none" and "HS256 with the public key as secret" confusions.
_ALLOWED_ALGS: Final = frozenset({"RS256", "RS384", "RS512"})

# Real Bot Framework tokens are around 1-2 KB. A cap keeps a hostile header from costing
# base64/JSON work proportional to whatever the HTTP layer lets through.
_MAX_TOKEN_LENGTH: Final = 16 * 1024

# The metadata and the JWKS are a few KB; refuse to buffer an endless body from a broken or
# hijacked endpoint.
_MAX_DOCUMENT_BYTES: Final = 1024 * 1024

# Keys weaker than this are not used even if the JWKS publishes them.
_MIN_RSA_BITS: Final = 2048


class AuthError(Exception):
    """The request is not authenticated (401) or not allowed (403).

    ``reason`` is short, fixed text that is safe to log and to return to the caller; it never
    contains the token or any secret.
    """

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(f"{status}: {reason}")
        self.status = status
        self.reason = reason


class IdentityUnavailable(Exception):
    """The OpenID metadata or JWKS could not be fetched and no cached key can decide.

    The HTTP layer answers 503 so that the channel retries later.
    """


def _unauthorized(reason: str) -> AuthError:
    return AuthError(401, reason)


def _forbidden(reason: str) -> AuthError:
    return AuthError(403, reason)


@dataclass(frozen=True, slots=True)
class _SigningKey:
    """One usable key of the JWKS."""

    public_key: RSAPublicKey
    # None: the JWKS entry has no endorsements field, so no channel restriction applies.
    endorsements: frozenset[str] | None
    # The JWK's own "alg", when it pins one.
    alg: str | None


@dataclass(frozen=True, slots=True)
class _KeySet:
    keys: Mapping[str, _SigningKey]
    fetched_at: float


class ChannelTokenValidator:
    """Validates channel-to-bot JWTs against the Bot Framework OpenID metadata and JWKS.

    One instance per process is intended: it owns an aiohttp session (created lazily from
    ``session_factory``, closed by :meth:`close`) and the key cache. All waiting is asynchronous;
    nothing blocks the event loop.
    """

    def __init__(
        self,
        *,
        app_id: str,
        metadata_url: str = DEFAULT_METADATA_URL,
        issuer: str = DEFAULT_ISSUER,
        timeout: float = 5.0,
        clock_skew: float = 300.0,
        refresh_interval: float = 24 * 3600,
        unknown_kid_refresh_min_interval: float = 300.0,
        session_factory: Callable[[], aiohttp.ClientSession] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """Configure the validator; no network access happens here.

        ``timeout`` bounds one whole refresh (metadata plus JWKS). ``refresh_interval`` is the
        age after which cached keys are refreshed in the background. After any fetch attempt,
        another one for an unknown ``kid`` (or a retry after a failed refresh) waits at least
        ``unknown_kid_refresh_min_interval``. ``clock`` returns Unix seconds and is used for
        ``exp``/``nbf`` and for the cache timing. The validator owns and closes the session that
        ``session_factory`` returns.
        """
        if not app_id:
            # An empty audience would make every token "for us"; running without auth must be
            # an explicit decision of the caller, not an empty setting.
            raise ValueError("app_id must not be empty")
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        self._app_id = app_id
        self._metadata_url = metadata_url
        self._issuer = issuer
        self._timeout = timeout
        self._clock_skew = clock_skew
        self._refresh_interval = refresh_interval
        self._min_refresh_gap = unknown_kid_refresh_min_interval
        self._session_factory = session_factory
        self._clock = clock

        self._session: aiohttp.ClientSession | None = None
        self._keyset: _KeySet | None = None
        # Clock time at which the last fetch attempt (successful or not) started.
        self._last_attempt = -math.inf
        # The single in-flight refresh that all concurrent callers share.
        self._inflight: asyncio.Task[_KeySet] | None = None
        self._closed = False

    # ------------------------------------------------------------------ public API

    async def validate(
        self, auth_header: str | None, *, channel_id: str, service_url: str | None
    ) -> dict[str, Any]:
        """Validate the ``Authorization`` header of an incoming activity and return its claims.

        Raises :class:`AuthError` (401/403) when the request must be refused and
        :class:`IdentityUnavailable` when the signing keys cannot be obtained.
        """
        token = _extract_bearer(auth_header)
        alg, kid = _read_header(token)
        key = await self._key_for(kid)
        if key.alg is not None and key.alg != alg:
            raise _unauthorized("token algorithm does not match the signing key")

        claims = self._decode(token, key.public_key, alg)
        self._check_lifetime(claims)

        # Checked only after the signature: an unauthenticated caller gets 401, never learns
        # which channels or service URLs a key would have accepted.
        if key.endorsements is not None and channel_id not in key.endorsements:
            raise _forbidden("signing key does not endorse the channel")
        service_url_claim = claims.get("serviceurl")
        if not isinstance(service_url_claim, str) or not service_url_claim:
            raise _forbidden("token has no serviceurl claim")
        # Exact comparison like botbuilder: the serviceUrl is where replies (and the bot's own
        # token) go, so an activity must not redirect them elsewhere than the channel signed.
        if service_url is None or service_url_claim != service_url:
            raise _forbidden("serviceurl claim does not match the activity")
        return claims

    async def refresh(self) -> None:
        """Fetch metadata and keys now (joining a fetch already in flight).

        Useful to warm the cache at startup. Raises :class:`IdentityUnavailable` on failure; the
        previously cached keys stay in use.
        """
        await self._join_refresh()

    async def close(self) -> None:
        """Cancel a pending refresh and close the HTTP session. Idempotent."""
        self._closed = True
        task, self._inflight = self._inflight, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()

    # ------------------------------------------------------------------ token checks

    def _decode(
        self, token: str, public_key: RSAPublicKey, alg: str, *, issuer: str | None = None
    ) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                public_key,
                algorithms=[alg],
                audience=self._app_id,
                issuer=issuer if issuer is not None else self._issuer,
                options={
                    "require": ["exp", "iss", "aud"],
                    # Lifetime is checked against the injectable clock in _check_lifetime.
                    "verify_exp": False,
                    "verify_nbf": False,
                    "verify_iat": False,
                    # aud must be exactly our app id, not a list that happens to contain it.
                    "strict_aud": True,
                },
            )
        # `from None` everywhere: chained PyJWT exceptions would put decoder details into logs.
        except jwt.InvalidSignatureError:
            raise _unauthorized("bad token signature") from None
        except jwt.InvalidAudienceError:
            raise _unauthorized("token audience is not this bot") from None
        except jwt.InvalidIssuerError:
            raise _unauthorized("token issuer is not accepted") from None
        except jwt.MissingRequiredClaimError:
            raise _unauthorized("token lacks a required claim") from None
        except (jwt.PyJWTError, ValueError, TypeError):
            raise _unauthorized("malformed token") from None
        return claims

    def _check_lifetime(self, claims: Mapping[str, Any]) -> None:
        now = self._clock()
        exp = claims.get("exp")
        if not _is_number(exp):
            raise _unauthorized("token expiry is not a number")
        if now > exp + self._clock_skew:
            raise _unauthorized("token expired")
        nbf = claims.get("nbf")
        if nbf is not None:
            if not _is_number(nbf):
                raise _unauthorized("token not-before is not a number")
            if now + self._clock_skew < nbf:
                raise _unauthorized("token not yet valid")

    # ------------------------------------------------------------------ key cache

    async def _key_for(self, kid: str) -> _SigningKey:
        """Return the signing key for ``kid``, fetching or refreshing the cache as allowed."""
        if self._closed:
            raise IdentityUnavailable("validator is closed")
        keyset = self._keyset
        if keyset is None:
            # Nothing cached: this request cannot be decided without a fetch, so wait for one.
            # Failures are not throttled here (a transient outage at startup must heal at once);
            # single-flight still keeps it to one outbound fetch at a time.
            keyset = await self._join_refresh()
        else:
            now = self._clock()
            if (
                now - keyset.fetched_at >= self._refresh_interval
                and now - self._last_attempt >= self._min_refresh_gap
            ):
                # Stale but usable: refresh in the background so this request does not pay for
                # the round trip (Teams invokes must be answered within seconds).
                self._start_refresh()

        key = keyset.keys.get(kid)
        if key is not None:
            return key

        # Unknown kid: maybe the keys rotated. Join a fetch that is already running; otherwise
        # start one only if the last attempt is old enough, so forged kids cannot force a fetch
        # per request.
        if self._inflight is None and self._clock() - self._last_attempt < self._min_refresh_gap:
            raise _unauthorized("unknown signing key")
        keyset = await self._join_refresh()
        key = keyset.keys.get(kid)
        if key is None:
            raise _unauthorized("unknown signing key")
        return key

    def _start_refresh(self) -> asyncio.Task[_KeySet]:
        if self._inflight is None:
            self._last_attempt = self._clock()
            task = asyncio.get_running_loop().create_task(self._refresh_once())
            # A background refresh may fail with nobody awaiting it; retrieving the exception
            # here avoids "Task exception was never retrieved" noise (the failure is logged).
            task.add_done_callback(_consume_exception)
            self._inflight = task
        return self._inflight

    async def _join_refresh(self) -> _KeySet:
        task = self._start_refresh()
        # shield: a caller that is cancelled (client went away) must not cancel the fetch that
        # the other waiters share.
        return await asyncio.shield(task)

    async def _refresh_once(self) -> _KeySet:
        try:
            try:
                async with asyncio.timeout(self._timeout):
                    keys = await self._fetch_keys()
            except IdentityUnavailable as exc:
                log.warning("Bot Framework identity refresh failed: %s", exc)
                raise
            except TimeoutError:
                log.warning("Bot Framework identity refresh timed out after %.1fs", self._timeout)
                raise IdentityUnavailable("identity endpoint timed out") from None
            except (aiohttp.ClientError, OSError) as exc:
                log.warning("Bot Framework identity refresh failed: %s", type(exc).__name__)
                raise IdentityUnavailable("identity endpoint unreachable") from None
            keyset = _KeySet(keys=keys, fetched_at=self._clock())
            self._keyset = keyset
            log.info("Bot Framework signing keys refreshed: %d keys", len(keys))
            return keyset
        finally:
            self._inflight = None

    async def _fetch_keys(self) -> dict[str, _SigningKey]:
        metadata = await self._get_json(self._metadata_url, "OpenID metadata")
        jwks_uri = metadata.get("jwks_uri")
        if not isinstance(jwks_uri, str) or not jwks_uri.startswith(("https://", "http://")):
            raise IdentityUnavailable("OpenID metadata has no usable jwks_uri")
        jwks = await self._get_json(jwks_uri, "JWKS")
        keys = _parse_jwks(jwks)
        if not keys:
            # Replacing a working cache with an empty one would lock everybody out.
            raise IdentityUnavailable("JWKS contains no usable RSA signing key")
        return keys

    async def _get_json(self, url: str, what: str) -> dict[str, Any]:
        session = self._get_session()
        async with session.get(
            url,
            timeout=aiohttp.ClientTimeout(total=self._timeout),
            headers={"Accept": "application/json"},
        ) as resp:
            if resp.status != 200:
                raise IdentityUnavailable(f"{what} answered HTTP {resp.status}")
            body = bytearray()
            async for chunk in resp.content.iter_chunked(64 * 1024):
                body += chunk
                if len(body) > _MAX_DOCUMENT_BYTES:
                    raise IdentityUnavailable(f"{what} is too large")
        try:
            doc = json.loads(body)
        except ValueError:
            raise IdentityUnavailable(f"{what} is not valid JSON") from None
        if not isinstance(doc, dict):
            raise IdentityUnavailable(f"{what} is not a JSON object")
        return doc

    def _get_session(self) -> aiohttp.ClientSession:
        # Created lazily because aiohttp sessions must be created inside the running loop.
        if self._session is None or self._session.closed:
            if self._session_factory is not None:
                self._session = self._session_factory()
            else:
                self._session = aiohttp.ClientSession(
                    timeout=aiohttp.ClientTimeout(total=self._timeout)
                )
        return self._session


# ---------------------------------------------------------------------- helpers


def _extract_bearer(auth_header: str | None) -> str:
    if not isinstance(auth_header, str) or not auth_header.strip():
        raise _unauthorized("missing authorization header")
    scheme, _, token = auth_header.strip().partition(" ")
    if scheme.lower() != "bearer":
        raise _unauthorized("authorization scheme is not Bearer")
    token = token.strip()
    if not token:
        raise _unauthorized("empty bearer token")
    if len(token) > _MAX_TOKEN_LENGTH:
        raise _unauthorized("bearer token too long")
    return token


def _read_header(token: str) -> tuple[str, str]:
    """Return (alg, kid) from the unverified JWT header; only used to pick the key."""
    try:
        header = jwt.get_unverified_header(token)
    except (jwt.PyJWTError, ValueError, TypeError):
        raise _unauthorized("malformed token") from None
    alg = header.get("alg")
    if not isinstance(alg, str) or alg not in _ALLOWED_ALGS:
        raise _unauthorized("unsupported token algorithm")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise _unauthorized("token has no key id")
    return alg, kid


def _parse_jwks(jwks: Mapping[str, Any]) -> dict[str, _SigningKey]:
    """Turn a JWKS document into usable keys, skipping entries that cannot be trusted."""
    entries = jwks.get("keys")
    if not isinstance(entries, list):
        raise IdentityUnavailable("JWKS has no keys list")
    keys: dict[str, _SigningKey] = {}
    for entry in entries:
        key = _parse_jwk(entry)
        if key is None:
            continue
        kid = entry["kid"]
        if kid in keys:
            # Two keys with one kid would make the choice arbitrary; keep the first.
            log.warning("JWKS lists key id %r more than once; using the first", kid)
            continue
        keys[kid] = key
    return keys


def _parse_jwk(entry: Any) -> _SigningKey | None:
    if not isinstance(entry, dict):
        return None
    kid, n, e = entry.get("kid"), entry.get("n"), entry.get("e")
    if entry.get("kty") != "RSA" or not isinstance(kid, str) or not kid:
        return None
    if not isinstance(n, str) or not isinstance(e, str):
        return None
    if entry.get("use", "sig") != "sig":
        return None
    alg = entry.get("alg")
    if alg is not None and alg not in _ALLOWED_ALGS:
        return None
    try:
        # Only the public components: a JWKS that (wrongly) carries private parts must not make
        # us load a private key.
        public_key = RSAAlgorithm.from_jwk({"kty": "RSA", "n": n, "e": e})
    except (jwt.PyJWTError, ValueError, TypeError):
        log.warning("JWKS key %r could not be loaded; skipped", kid)
        return None
    if not isinstance(public_key, RSAPublicKey) or public_key.key_size < _MIN_RSA_BITS:
        log.warning("JWKS key %r is not an RSA key of at least %d bits", kid, _MIN_RSA_BITS)
        return None
    endorsements: frozenset[str] | None
    if "endorsements" not in entry:
        endorsements = None
    elif isinstance(entry["endorsements"], list):
        endorsements = frozenset(x for x in entry["endorsements"] if isinstance(x, str))
    else:
        # Present but unreadable: fail closed (endorse nothing) rather than skip the check.
        endorsements = frozenset()
    return _SigningKey(public_key=public_key, endorsements=endorsements, alg=alg)


def _is_number(value: object) -> TypeGuard[float]:
    # bool is an int subclass; "exp": true is not a timestamp.
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _consume_exception(task: asyncio.Task[Any]) -> None:
    if not task.cancelled():
        task.exception()


def tenant_allowed(activity_channel_data: Any, allowed: frozenset[str]) -> bool:
    """Return whether the activity's tenant (``channelData.tenant.id``) is in ``allowed``.

    An empty ``allowed`` set admits every tenant. Otherwise a missing or oddly shaped
    ``channelData`` is not allowed. ``conversation.tenantId`` is deliberately not used:
    botbuilder 4.17.1 drops it (design.md section 4).
    """
    if not allowed:
        return True
    if not isinstance(activity_channel_data, Mapping):
        return False
    tenant = activity_channel_data.get("tenant")
    if not isinstance(tenant, Mapping):
        return False
    tenant_id = tenant.get("id")
    if not isinstance(tenant_id, str) or not tenant_id:
        return False
    # Tenant ids are GUIDs; Entra ID treats them case-insensitively, and a configured list in
    # upper case must not lock out a tenant that Teams reports in lower case.
    wanted = tenant_id.strip().lower()
    return any(wanted == t.strip().lower() for t in allowed)


# Entra ID's v2.0 issuer for a tenant; `{tenantid}` is filled from the token's own `tid`.
ENTRA_ISSUER: Final = "https://login.microsoftonline.com/{tenantid}/v2.0"
ENTRA_METADATA_URL: Final = (
    "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration"
)


class SsoTokenValidator(ChannelTokenValidator):
    """Validates a Teams single sign-on token (an Entra ID access token for the tab's API).

    Same key cache, refresh and signature rules as the channel validator; then the audience must
    be exactly `audience` (`api://<host>/<app id>`), the tenant (`tid`) one of `tenants` (any
    when empty), and the issuer Entra's for that tenant.
    """

    def __init__(
        self,
        *,
        audience: str,
        tenants: frozenset[str],
        metadata_url: str = ENTRA_METADATA_URL,
        issuer: str = ENTRA_ISSUER,
        **options: Any,
    ) -> None:
        """`issuer` may hold `{tenantid}`, replaced by the token's tenant."""
        super().__init__(app_id=audience, metadata_url=metadata_url, issuer=issuer, **options)
        self._tenants = tenants

    async def validate_sso(self, auth_header: str | None) -> dict[str, Any]:
        """The claims of a valid SSO token; AuthError (401/403) or IdentityUnavailable."""
        token = _extract_bearer(auth_header)
        alg, kid = _read_header(token)
        key = await self._key_for(kid)
        if key.alg is not None and key.alg != alg:
            raise _unauthorized("token algorithm does not match the signing key")
        tenant = _unverified_tenant(token)
        claims = self._decode(
            token, key.public_key, alg, issuer=self._issuer.replace("{tenantid}", tenant)
        )
        self._check_lifetime(claims)
        if self._tenants and claims.get("tid") not in self._tenants:
            raise _forbidden("tenant is not allowed")
        if not isinstance(claims.get("oid"), str):
            raise _unauthorized("token has no object id")
        return claims


def _unverified_tenant(token: str) -> str:
    """The `tid` claim before the signature is checked: only used to build the expected
    issuer, which the signed token must then carry."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except (jwt.PyJWTError, ValueError, TypeError):
        raise _unauthorized("malformed token") from None
    tenant = claims.get("tid")
    if not isinstance(tenant, str) or not tenant or len(tenant) > 64:
        raise _unauthorized("token has no tenant")
    return tenant
