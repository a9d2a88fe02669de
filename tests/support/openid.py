"""A local stand-in for the Bot Framework OpenID/JWKS endpoint, and token minting for tests.

The server listens on 127.0.0.1 on a free port and serves

* ``/.well-known/openidconfiguration`` (``issuer``, ``jwks_uri``,
  ``id_token_signing_alg_values_supported``) and
* ``/.well-known/keys``, a JWKS whose RSA keys carry Bot Framework style ``endorsements``.

Switches simulate a misbehaving identity endpoint: ``delay`` (slow answers), ``fail_status``
(e.g. 500), ``serve_garbage`` (invalid JSON). ``metadata_fetches`` / ``jwks_fetches`` count the
requests. :meth:`OpenIdServer.mint` makes valid and deliberately broken tokens.

Usage::

    async with OpenIdServer() as server:
        token = server.mint(app_id="app", service_url="https://smba.example/")

or the ``openid_server`` pytest fixture (import it into a conftest.py). A bot under test is
pointed at it with ``KRAVBOT_OPENID_METADATA_URL=server.metadata_url`` and
``KRAVBOT_TOKEN_ISSUER=server.issuer``.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import json
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterable, Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self

import jwt
import pytest_asyncio
from aiohttp import web
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

__all__ = [
    "DEFAULT_ENDORSEMENTS",
    "OpenIdServer",
    "SigningKey",
    "generate_rsa_key",
    "openid_server",
]

DEFAULT_ENDORSEMENTS: tuple[str, ...] = ("msteams", "emulator", "webchat", "directline")

METADATA_PATH = "/.well-known/openidconfiguration"
JWKS_PATH = "/.well-known/keys"

# RSA key generation costs tens of milliseconds per key; tests create many servers, so keys
# come from a per-process pool. Test keys protect nothing, reuse is harmless.
_key_pool: list[rsa.RSAPrivateKey] = []
_key_pool_lock = threading.Lock()


def generate_rsa_key() -> rsa.RSAPrivateKey:
    """A fresh 2048-bit RSA private key (not from the pool): e.g. a "wrong key" for a test."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _pooled_key(index: int) -> rsa.RSAPrivateKey:
    with _key_pool_lock:
        while len(_key_pool) <= index:
            _key_pool.append(generate_rsa_key())
        return _key_pool[index]


def _b64url_uint(value: int) -> str:
    raw = value.to_bytes((value.bit_length() + 7) // 8 or 1, "big")
    return _b64url(raw)


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


@dataclass
class SigningKey:
    """A key published in the JWKS, with the private half for minting."""

    kid: str
    private_key: rsa.RSAPrivateKey
    endorsements: list[str] | None = field(default_factory=lambda: list(DEFAULT_ENDORSEMENTS))

    def jwk(self) -> dict[str, Any]:
        """The public JWK as Bot Framework publishes it (``endorsements`` omitted if None)."""
        numbers = self.private_key.public_key().public_numbers()
        entry: dict[str, Any] = {
            "kty": "RSA",
            "use": "sig",
            "kid": self.kid,
            "n": _b64url_uint(numbers.n),
            "e": _b64url_uint(numbers.e),
        }
        if self.endorsements is not None:
            entry["endorsements"] = list(self.endorsements)
        return entry

    def public_pem(self) -> bytes:
        """The public key as PEM (used to forge HS256 "alg confusion" tokens)."""
        return self.private_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )


class OpenIdServer:
    """Local OpenID metadata + JWKS server with failure switches and a token minter."""

    def __init__(
        self,
        *,
        key_count: int = 2,
        endorsements: Iterable[str] | None = DEFAULT_ENDORSEMENTS,
        issuer: str | None = None,
    ) -> None:
        """Prepare ``key_count`` keys (kids ``test-key-0`` ...), each endorsing ``endorsements``.

        ``issuer`` defaults to the server's own base URL once started, so a validator that
        still uses the production issuer fails loudly instead of passing by accident.
        """
        self.keys: list[SigningKey] = [
            SigningKey(
                kid=f"test-key-{i}",
                private_key=_pooled_key(i),
                endorsements=None if endorsements is None else list(endorsements),
            )
            for i in range(key_count)
        ]
        self._issuer_override = issuer
        # Switches, changeable at any time by a test.
        self.delay: float = 0.0
        self.fail_status: int | None = None
        self.serve_garbage: bool = False
        # Counters of requests received (including failed/slow ones).
        self.metadata_fetches = 0
        self.jwks_fetches = 0

        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._closing = asyncio.Event()

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        """Start listening on 127.0.0.1 on a free port."""
        app = web.Application()
        app.router.add_get(METADATA_PATH, self._metadata)
        app.router.add_get(JWKS_PATH, self._jwks)
        # Short shutdown: a handler stuck in a simulated delay is released by _closing anyway.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        # Binding the socket ourselves gives the port without reaching into aiohttp internals.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self._port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()

    async def close(self) -> None:
        """Stop the server, releasing any request held by ``delay``."""
        self._closing.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # ------------------------------------------------------------------ addresses

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        if self._port is None:
            raise RuntimeError("OpenIdServer is not started")
        return f"http://127.0.0.1:{self._port}"

    @property
    def metadata_url(self) -> str:
        """URL of the OpenID metadata document (the validator's ``metadata_url``)."""
        return self.base_url + METADATA_PATH

    @property
    def jwks_url(self) -> str:
        """URL of the JWKS."""
        return self.base_url + JWKS_PATH

    @property
    def issuer(self) -> str:
        """The ``iss`` of minted tokens and of the metadata (the validator's ``issuer``)."""
        return self._issuer_override if self._issuer_override is not None else self.base_url

    @property
    def fetches(self) -> int:
        """Metadata plus JWKS requests received."""
        return self.metadata_fetches + self.jwks_fetches

    def reset_counters(self) -> None:
        """Zero both fetch counters."""
        self.metadata_fetches = 0
        self.jwks_fetches = 0

    # ------------------------------------------------------------------ keys

    def key(self, kid: str) -> SigningKey:
        """The published key with ``kid``."""
        for k in self.keys:
            if k.kid == kid:
                return k
        raise KeyError(kid)

    def add_key(
        self, kid: str, *, endorsements: Iterable[str] | None = DEFAULT_ENDORSEMENTS
    ) -> SigningKey:
        """Publish a new freshly generated key (simulates key rotation)."""
        new = SigningKey(
            kid=kid,
            private_key=generate_rsa_key(),
            endorsements=None if endorsements is None else list(endorsements),
        )
        self.keys.append(new)
        return new

    def remove_key(self, kid: str) -> None:
        """Stop publishing the key with ``kid``."""
        self.keys = [k for k in self.keys if k.kid != kid]

    def jwks(self) -> dict[str, Any]:
        """The JWKS document as served."""
        return {"keys": [k.jwk() for k in self.keys]}

    # ------------------------------------------------------------------ minting

    def mint(
        self,
        *,
        app_id: str,
        service_url: str | None,
        kid: str | None = None,
        issuer: str | None = None,
        exp_in: float = 3600,
        nbf_in: float = 0,
        alg: str = "RS256",
        key: rsa.RSAPrivateKey | None = None,
        extra_claims: Mapping[str, Any] | None = None,
    ) -> str:
        """Mint a channel-to-bot token; every argument can be bent to make a broken one.

        * ``app_id`` becomes ``aud``; ``service_url`` becomes ``serviceurl`` (None omits it).
        * ``kid`` defaults to the first key; a kid that is not published makes an unknown-kid
          token (signed with the first key unless ``key`` is given).
        * ``key`` signs instead of the kid's own key: same kid, other key = bad signature.
        * ``issuer`` defaults to :attr:`issuer`; ``exp_in``/``nbf_in`` are seconds from now
          (negative ``exp_in`` = expired, positive ``nbf_in`` = not yet valid).
        * ``alg`` may be RS256/RS384/RS512, or ``"none"`` (unsigned) or ``"HS256"`` (HMAC with
          the kid's public key PEM as secret, the classic algorithm confusion attack).
        * ``extra_claims`` are merged last; a value of None deletes that claim.
        """
        if not self.keys and key is None:
            raise RuntimeError("no key to sign with")
        kid = kid if kid is not None else self.keys[0].kid
        published = next((k for k in self.keys if k.kid == kid), None)
        signer = published if published is not None else self.keys[0] if self.keys else None

        now = time.time()
        claims: dict[str, Any] = {
            "iss": issuer if issuer is not None else self.issuer,
            "aud": app_id,
            "iat": int(now),
            "nbf": int(now + nbf_in),
            "exp": int(now + exp_in),
        }
        if service_url is not None:
            claims["serviceurl"] = service_url
        for name, value in (extra_claims or {}).items():
            if value is None:
                claims.pop(name, None)
            else:
                claims[name] = value

        header = {"alg": alg, "kid": kid, "typ": "JWT"}
        if alg == "none":
            return _compact(header, claims, b"")
        if alg == "HS256":
            secret = signer.public_pem() if signer is not None else b"secret"
            signing_input = _signing_input(header, claims)
            digest = hmac.new(secret, signing_input.encode("ascii"), hashlib.sha256).digest()
            return signing_input + "." + _b64url(digest)
        private_key = key if key is not None else signer.private_key if signer else None
        if private_key is None:
            raise RuntimeError("no key to sign with")
        return jwt.encode(claims, private_key, algorithm=alg, headers={"kid": kid})

    # ------------------------------------------------------------------ handlers

    async def _metadata(self, request: web.Request) -> web.StreamResponse:
        self.metadata_fetches += 1
        return await self._answer(
            {
                "issuer": self.issuer,
                "authorization_endpoint": self.base_url + "/v1/auth",
                "jwks_uri": self.jwks_url,
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            }
        )

    async def _jwks(self, request: web.Request) -> web.StreamResponse:
        self.jwks_fetches += 1
        return await self._answer(self.jwks())

    async def _answer(self, doc: Mapping[str, Any]) -> web.StreamResponse:
        if self.delay > 0:
            # Wait for the delay or until the server closes, whichever is first.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._closing.wait(), self.delay)
        if self.fail_status is not None:
            return web.Response(status=self.fail_status, text="simulated failure")
        if self.serve_garbage:
            return web.Response(text="{not json", content_type="application/json")
        return web.json_response(doc)


def _signing_input(header: Mapping[str, Any], claims: Mapping[str, Any]) -> str:
    def part(obj: Mapping[str, Any]) -> str:
        return _b64url(json.dumps(obj, separators=(",", ":")).encode())

    return part(header) + "." + part(claims)


def _compact(header: Mapping[str, Any], claims: Mapping[str, Any], signature: bytes) -> str:
    return _signing_input(header, claims) + "." + _b64url(signature)


@pytest_asyncio.fixture
async def openid_server() -> AsyncIterator[OpenIdServer]:
    """A started :class:`OpenIdServer` with two keys endorsing the usual channels."""
    async with OpenIdServer() as server:
        yield server
