"""Tests of bot.auth: channel-to-bot token validation against a local OpenID/JWKS server."""

from __future__ import annotations

import asyncio
import base64
import json
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.auth import AuthError, ChannelTokenValidator, IdentityUnavailable, tenant_allowed
from tests.support import openid as openid_support
from tests.support.openid import OpenIdServer, generate_rsa_key

# Re-exported under its own name so pytest finds the shared fixture without a conftest entry.
openid_server = openid_support.openid_server

APP_ID = "00000000-1111-2222-3333-444444444444"
SERVICE_URL = "https://smba.trafficmanager.net/emea/"
CHANNEL = "msteams"


class FakeClock:
    """A settable clock starting at real time, so tokens minted with time.time() stay valid."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


ValidatorFactory = Callable[..., ChannelTokenValidator]


@pytest_asyncio.fixture
async def make_validator(
    openid_server: OpenIdServer, clock: FakeClock
) -> AsyncIterator[ValidatorFactory]:
    """Build validators pointed at the local server; all are closed after the test."""
    created: list[ChannelTokenValidator] = []

    def factory(**overrides: Any) -> ChannelTokenValidator:
        kwargs: dict[str, Any] = {
            "app_id": APP_ID,
            "metadata_url": openid_server.metadata_url,
            "issuer": openid_server.issuer,
            "clock": clock,
        }
        kwargs.update(overrides)
        validator = ChannelTokenValidator(**kwargs)
        created.append(validator)
        return validator

    yield factory
    for validator in created:
        await validator.close()


@pytest.fixture
def validator(make_validator: ValidatorFactory) -> ChannelTokenValidator:
    return make_validator()


def bearer(token: str) -> str:
    return f"Bearer {token}"


async def expect_auth_error(
    validator: ChannelTokenValidator,
    header: str | None,
    status: int,
    *,
    channel_id: str = CHANNEL,
    service_url: str | None = SERVICE_URL,
) -> AuthError:
    with pytest.raises(AuthError) as info:
        await validator.validate(header, channel_id=channel_id, service_url=service_url)
    assert info.value.status == status, info.value.reason
    if header:
        # Neither the reason nor the message may leak the token.
        token = header.partition(" ")[2].strip()
        if len(token) > 8:
            assert token not in info.value.reason
            assert token not in str(info.value)
    return info.value


# ---------------------------------------------------------------------- accepted tokens


async def test_valid_token_is_accepted(
    validator: ChannelTokenValidator, openid_server: OpenIdServer
) -> None:
    token = openid_server.mint(app_id=APP_ID, service_url=SERVICE_URL)
    claims = await validator.validate(bearer(token), channel_id=CHANNEL, service_url=SERVICE_URL)
    assert claims["aud"] == APP_ID
    assert claims["serviceurl"] == SERVICE_URL
    assert claims["iss"] == openid_server.issuer


@pytest.mark.parametrize("scheme", ["bearer", "BEARER", "BeArEr"])
async def test_scheme_is_case_insensitive(
    validator: ChannelTokenValidator, openid_server: OpenIdServer, scheme: str
) -> None:
    token = openid_server.mint(app_id=APP_ID, service_url=SERVICE_URL)
    await validator.validate(f"{scheme} {token}", channel_id=CHANNEL, service_url=SERVICE_URL)


@pytest.mark.parametrize("alg", ["RS256", "RS384", "RS512"])
async def test_rsa_algorithms_accepted(
    validator: ChannelTokenValidator, openid_server: OpenIdServer, alg: str
) -> None:
    token = openid_server.mint(app_id=APP_ID, service_url=SERVICE_URL, alg=alg)
    await validator.validate(bearer(token), channel_id=CHANNEL, service_url=SERVICE_URL)


async def test_every_published_key_works(
    validator: ChannelTokenValidator, openid_server: OpenIdServer
) -> None:
    for key in openid_server.keys:
        token = openid_server.mint(app_id=APP_ID, service_url=SERVICE_URL, kid=key.kid)
        await validator.validate(bearer(token), channel_id="emulator", service_url=SERVICE_URL)
    assert openid_server.metadata_fetches == 1
    assert openid_server.jwks_fetches == 1


async def test_lifetime_within_clock_skew_is_accepted(
    validator: ChannelTokenValidator, openid_server: OpenIdServer
) -> None:
    expired_a_minute_ago = openid_server.mint(app_id=APP_ID, service_url=SERVICE_URL, exp_in=-60)
    valid_in_a_minute = openid_server.mint(app_id=APP_ID, service_url=SERVICE_URL, nbf_in=60)
    for token in (expired_a_minute_ago, valid_in_a_minute):
        await validator.validate(bearer(token), channel_id=CHANNEL, service_url=SERVICE_URL)


async def test_key_without_endorsements_accepts_any_channel(
    make_validator: ValidatorFactory,
) -> None:
    async with OpenIdServer(endorsements=None) as server:
        validator = make_validator(metadata_url=server.metadata_url, issuer=server.issuer)
        token = server.mint(app_id=APP_ID, service_url=SERVICE_URL)
        await validator.validate(bearer(token), channel_id="anything", service_url=SERVICE_URL)


async def test_session_factory_is_used(
    make_validator: ValidatorFactory, openid_server: OpenIdServer
) -> None:
    sessions: list[aiohttp.ClientSession] = []

    def factory() -> aiohttp.ClientSession:
        sessions.append(aiohttp.ClientSession())
        return sessions[-1]

    validator = make_validator(session_factory=factory)
    token = openid_server.mint(app_id=APP_ID, service_url=SERVICE_URL)
    await validator.validate(bearer(token), channel_id=CHANNEL, service_url=SERVICE_URL)
    assert len(sessions) == 1
    await validator.close()
    assert sessions[0].closed
    await validator.close()  # idempotent


def test_empty_app_id_is_refused() -> None:
    with pytest.raises(ValueError, match="app_id"):
        ChannelTokenValidator(app_id="")


# ---------------------------------------------------------------------- rejected: 401


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "   ",
        "Bearer",
        "Bearer   ",
        "Basic dXNlcjpwYXNz",
        "Token abc.def.ghi",
        "Bearer garbage",
        "Bearer a.b.c",
        "Bearer a.b",
        "Bearer ....",
        "Bearer eyJhbGciOiJSUzI1NiJ9.e30.",  # alg but no kid
        "Bearer " + "A" * 20000,
    ],
)
async def test_malformed_headers_are_401_without_fetching(
    validator: ChannelTokenValidator, openid_server: OpenIdServer, header: str | None
) -> None:
    await expect_auth_error(validator, header, 401)
    # Rejected before any key lookup: garbage cannot make us call the identity endpoint.
    assert openid_server.fetches == 0


def _b64(obj: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()


@pytest.mark.parametrize(
    "header_json",
    [
        {"alg": "RS256"},
        {"alg": "RS256", "kid": ""},
        {"alg": "RS256", "kid": 7},
        {"kid": "test-key-0"},
        {"alg": "ES256", "kid": "test-key-0"},
        {"alg": "PS256", "kid": "test-key-0"},
        {"alg": None, "kid": "test-key-0"},
    ],
)
async def test_bad_jwt_headers_are_401(
    validator: ChannelTokenValidator, header_json: dict[str, Any]
) -> None:
    token = f"{_b64(header_json)}.{_b64({'aud': APP_ID})}.c2ln"
    await expect_auth_error(validator, bearer(token), 401)


@pytest.mark.parametrize("alg", ["none", "HS256"])
async def test_alg_none_and_hmac_confusion_are_401(
    validator: ChannelTokenValidator, openid_server: OpenIdServer, alg: str
) -> None:
    token = openid_server.mint(app_id=APP_ID, service_url=SERVICE_URL, alg=alg)
    err = await expect_auth_error(validator, bearer(token), 401)
    assert "algorithm" in err.reason
    assert openid_server.fetches == 0


@pytest.mark.parametrize(
    ("mint_kwargs", "reason_part"),
    [
        ({"exp_in": -3600}, "expired"),
        ({"nbf_in": 3600}, "not yet valid"),
        ({"app_id": "someone-else"}, "audience"),
        ({"issuer": "https://evil.example"}, "issuer"),
        ({"kid": "test-key-0", "key": "OTHER"}, "signature"),
        ({"kid": "forged-kid"}, "unknown"),
        ({"extra_claims": {"exp": None}}, "claim"),
        ({"extra_claims": {"exp": "tomorrow"}}, ""),
        ({"extra_claims": {"aud": [APP_ID, "other"]}}, "audience"),
    ],
    ids=[
        "expired",
        "nbf-future",
        "wrong-audience",
        "wrong-issuer",
        "bad-signature",
        "unknown-kid",
        "no-exp",
        "exp-not-number",
        "aud-list",
    ],
)
async def test_invalid_tokens_are_401(
    validator: ChannelTokenValidator,
    openid_server: OpenIdServer,
    mint_kwargs: dict[str, Any],
    reason_part: str,
) -> None:
    kwargs: dict[str, Any] = {"app_id": APP_ID, "service_url": SERVICE_URL, **mint_kwargs}
    if kwargs.get("key") == "OTHER":
        kwargs["key"] = generate_rsa_key()
    token = openid_server.mint(**kwargs)
    err = await expect_auth_error(validator, bearer(token), 401)
    assert reason_part in err.reason


async def test_expiry_follows_the_injected_clock(
    validator: ChannelTokenValidator, openid_server: OpenIdServer, clock: FakeClock
) -> None:
    token = openid_server.mint(app_id=APP_ID, service_url=SERVICE_URL, exp_in=600)
    await validator.validate(bearer(token), channel_id=CHANNEL, service_url=SERVICE_URL)
    clock.advance(600 + 300 + 5)  # past exp plus the five minutes of skew
    err = await expect_auth_error(validator, bearer(token), 401)
    assert "expired" in err.reason


# ---------------------------------------------------------------------- rejected: 403


async def test_channel_not_endorsed_is_403(
    validator: ChannelTokenValidator, openid_server: OpenIdServer
) -> None:
    token = openid_server.mint(app_id=APP_ID, service_url=SERVICE_URL)
    err = await expect_auth_error(validator, bearer(token), 403, channel_id="slack")
    assert "endorse" in err.reason


async def test_empty_channel_id_is_403_for_endorsing_keys(
    validator: ChannelTokenValidator, openid_server: OpenIdServer
) -> None:
    token = openid_server.mint(app_id=APP_ID, service_url=SERVICE_URL)
    await expect_auth_error(validator, bearer(token), 403, channel_id="")


@pytest.mark.parametrize(
    ("claim", "activity_url"),
    [
        ("https://evil.example/", SERVICE_URL),
        (SERVICE_URL.rstrip("/"), SERVICE_URL),  # compared exactly, like botbuilder
        (SERVICE_URL.upper(), SERVICE_URL),
        (None, SERVICE_URL),  # claim missing
        (SERVICE_URL, None),  # activity without serviceUrl
    ],
    ids=["other-host", "trailing-slash", "case", "claim-missing", "activity-missing"],
)
async def test_serviceurl_mismatch_is_403(
    validator: ChannelTokenValidator,
    openid_server: OpenIdServer,
    claim: str | None,
    activity_url: str | None,
) -> None:
    token = openid_server.mint(app_id=APP_ID, service_url=claim)
    err = await expect_auth_error(validator, bearer(token), 403, service_url=activity_url)
    assert "serviceurl" in err.reason


async def test_forbidden_checks_come_after_the_signature(
    validator: ChannelTokenValidator, openid_server: OpenIdServer
) -> None:
    # A forged token must get 401, not a 403 that reveals what the key would have allowed.
    token = openid_server.mint(
        app_id=APP_ID, service_url="https://evil.example/", key=generate_rsa_key()
    )
    await expect_auth_error(validator, bearer(token), 401, channel_id="slack")


# ---------------------------------------------------------------------- key cache behaviour


async def test_unknown_kid_refresh_is_throttled(
    make_validator: ValidatorFactory, openid_server: OpenIdServer, clock: FakeClock
) -> None:
    validator = make_validator(unknown_kid_refresh_min_interval=300)
    good = openid_server.mint(app_id=APP_ID, service_url=SERVICE_URL)
    await validator.validate(bearer(good), channel_id=CHANNEL, service_url=SERVICE_URL)
    assert (openid_server.metadata_fetches, openid_server.jwks_fetches) == (1, 1)

    # A flood of forged kids right after a fetch: no further requests to the identity server.
    for i in range(50):
        forged = openid_server.mint(app_id=APP_ID, service_url=SERVICE_URL, kid=f"forged-{i}")
        await expect_auth_error(validator, bearer(forged), 401)
    assert (openid_server.metadata_fetches, openid_server.jwks_fetches) == (1, 1)

    # Once the interval has passed, one unknown kid may refresh once; the rest stay throttled.
    clock.advance(301)
    for i in range(50):
        forged = openid_server.mint(app_id=APP_ID, service_url=SERVICE_URL, kid=f"again-{i}")
        await expect_auth_error(validator, bearer(forged), 401)
    assert (openid_server.metadata_fetches, openid_server.jwks_fetches) == (2, 2)

    # Known keys keep working from the cache throughout.
    await validator.validate(bearer(good), channel_id=CHANNEL, service_url=SERVICE_URL)
    assert openid_server.fetches == 4


async def test_rotated_key_is_picked_up(
    make_validator: ValidatorFactory, openid_server: OpenIdServer, clock: FakeClock
) -> None:
    validator = make_validator()
    await validator.refresh()
    rotated = openid_server.add_key("rotated-key")
    token = openid_server.mint(app_id=APP_ID, service_url=SERVICE_URL, kid=rotated.kid)

    # Straight after a fetch the new kid is throttled like any unknown kid ...
    await expect_auth_error(validator, bearer(token), 401)
    # ... and accepted after the throttle interval, with exactly one more fetch.
    clock.advance(301)
    await validator.validate(bearer(token), channel_id=CHANNEL, service_url=SERVICE_URL)
    assert (openid_server.metadata_fetches, openid_server.jwks_fetches) == (2, 2)


async def test_concurrent_validations_share_one_fetch(
    validator: ChannelTokenValidator, openid_server: OpenIdServer
) -> None:
    openid_server.delay = 0.2  # keep the first fetch in flight while the others arrive
    token = openid_server.mint(app_id=APP_ID, service_url=SERVICE_URL)
    results = await asyncio.gather(
        *(
            validator.validate(bearer(token), channel_id=CHANNEL, service_url=SERVICE_URL)
            for _ in range(100)
        )
    )
    assert len(results) == 100
    assert all(claims["aud"] == APP_ID for claims in results)
    assert openid_server.metadata_fetches == 1
    assert openid_server.jwks_fetches == 1


async def test_cancelled_waiter_does_not_cancel_the_shared_fetch(
    validator: ChannelTokenValidator, openid_server: OpenIdServer
) -> None:
    openid_server.delay = 0.3
    token = openid_server.mint(app_id=APP_ID, service_url=SERVICE_URL)

    def call() -> Awaitable[dict[str, Any]]:
        return validator.validate(bearer(token), channel_id=CHANNEL, service_url=SERVICE_URL)

    first = asyncio.ensure_future(call())
    second = asyncio.ensure_future(call())
    await asyncio.sleep(0.05)
    first.cancel()
    claims = await second
    assert claims["aud"] == APP_ID
    assert openid_server.fetches == 2


async def test_slow_identity_endpoint_times_out_without_blocking_the_loop(
    make_validator: ValidatorFactory, openid_server: OpenIdServer
) -> None:
    openid_server.delay = 30.0
    validator = make_validator(timeout=0.5)
    token = openid_server.mint(app_id=APP_ID, service_url=SERVICE_URL)

    ticks = 0
    stop = asyncio.Event()

    async def ticker() -> None:
        nonlocal ticks
        while not stop.is_set():
            await asyncio.sleep(0.01)
            ticks += 1

    ticking = asyncio.create_task(ticker())
    loop = asyncio.get_running_loop()
    started = loop.time()
    try:
        with pytest.raises(IdentityUnavailable):
            await asyncio.gather(
                *(
                    validator.validate(bearer(token), channel_id=CHANNEL, service_url=SERVICE_URL)
                    for _ in range(10)
                )
            )
    finally:
        stop.set()
        await ticking
    elapsed = loop.time() - started
    # Generous bounds: the 0.5 s timeout, not the 30 s delay, decides; the loop kept running.
    assert elapsed < 10
    assert ticks >= 5
    assert openid_server.metadata_fetches == 1


async def test_cached_keys_survive_a_failing_refresh(
    make_validator: ValidatorFactory, openid_server: OpenIdServer, clock: FakeClock
) -> None:
    validator = make_validator(refresh_interval=600, unknown_kid_refresh_min_interval=300)
    token = openid_server.mint(app_id=APP_ID, service_url=SERVICE_URL)
    await validator.validate(bearer(token), channel_id=CHANNEL, service_url=SERVICE_URL)
    assert openid_server.fetches == 2

    openid_server.fail_status = 500
    clock.advance(601)  # cache is stale now: a background refresh starts and fails
    await validator.validate(bearer(token), channel_id=CHANNEL, service_url=SERVICE_URL)
    await _wait_for(lambda: openid_server.metadata_fetches == 2)
    await validator.validate(bearer(token), channel_id=CHANNEL, service_url=SERVICE_URL)

    # An explicit refresh reports the failure, and the cache still decides afterwards.
    with pytest.raises(IdentityUnavailable):
        await validator.refresh()
    await validator.validate(bearer(token), channel_id=CHANNEL, service_url=SERVICE_URL)

    # A kid the cache does not know cannot be decided while the endpoint fails: 503, not 401.
    clock.advance(301)
    unknown = openid_server.mint(app_id=APP_ID, service_url=SERVICE_URL, kid="rotated")
    with pytest.raises(IdentityUnavailable):
        await validator.validate(bearer(unknown), channel_id=CHANNEL, service_url=SERVICE_URL)

    # Failed refreshes are retried no more often than the throttle interval ...
    before = openid_server.fetches
    for _ in range(20):
        await validator.validate(bearer(token), channel_id=CHANNEL, service_url=SERVICE_URL)
    await asyncio.sleep(0.05)
    assert openid_server.fetches == before

    # ... and once the endpoint is back, the stale cache is renewed in the background.
    openid_server.fail_status = None
    clock.advance(301)
    await validator.validate(bearer(token), channel_id=CHANNEL, service_url=SERVICE_URL)
    await _wait_for(lambda: openid_server.jwks_fetches == 2)


@pytest.mark.parametrize("failure", ["500", "garbage"])
async def test_no_cache_and_failing_endpoint_is_unavailable_then_recovers(
    validator: ChannelTokenValidator, openid_server: OpenIdServer, failure: str
) -> None:
    if failure == "500":
        openid_server.fail_status = 500
    else:
        openid_server.serve_garbage = True
    token = openid_server.mint(app_id=APP_ID, service_url=SERVICE_URL)
    with pytest.raises(IdentityUnavailable):
        await validator.validate(bearer(token), channel_id=CHANNEL, service_url=SERVICE_URL)

    # Without a cache there is no throttling: the next request tries again and succeeds.
    openid_server.fail_status = None
    openid_server.serve_garbage = False
    await validator.validate(bearer(token), channel_id=CHANNEL, service_url=SERVICE_URL)


async def test_unreachable_endpoint_is_unavailable(
    make_validator: ValidatorFactory, openid_server: OpenIdServer
) -> None:
    # A port that was just free: connecting to it is refused.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    validator = make_validator(metadata_url=f"http://127.0.0.1:{port}/.well-known/x")
    token = openid_server.mint(app_id=APP_ID, service_url=SERVICE_URL)
    with pytest.raises(IdentityUnavailable):
        await validator.validate(bearer(token), channel_id=CHANNEL, service_url=SERVICE_URL)


async def test_validate_after_close_is_unavailable(
    validator: ChannelTokenValidator, openid_server: OpenIdServer
) -> None:
    await validator.close()
    token = openid_server.mint(app_id=APP_ID, service_url=SERVICE_URL)
    with pytest.raises(IdentityUnavailable):
        await validator.validate(bearer(token), channel_id=CHANNEL, service_url=SERVICE_URL)


async def _wait_for(condition: Callable[[], bool]) -> None:
    """Poll until a background refresh has visibly happened (generous bound: 5 s)."""
    for _ in range(500):
        if condition():
            return
        await asyncio.sleep(0.01)
    pytest.fail("background refresh did not happen within 5 s")


# ---------------------------------------------------------------------- garbage in, AuthError out

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=10,
)


def _segment(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


_jwt_like = st.builds(
    lambda header, payload, sig: ".".join(
        [_segment(json.dumps(header).encode()), _segment(json.dumps(payload).encode()), sig]
    ),
    st.one_of(
        _json_values,
        st.fixed_dictionaries(
            {"alg": st.sampled_from(["RS256", "RS512", "none", "HS256"]), "kid": _json_values}
        ),
        st.fixed_dictionaries(
            {"alg": st.just("RS256"), "kid": st.sampled_from(["test-key-0", "test-key-1"])}
        ),
    ),
    _json_values,
    st.text(alphabet="ABCDEFabcdef0123456789-_", max_size=40),
)

_headers = st.one_of(
    st.text(),
    st.text().map(lambda s: "Bearer " + s),
    st.lists(st.text(alphabet="ABCabc012-_=+/", max_size=30), max_size=5).map(
        lambda parts: "Bearer " + ".".join(parts)
    ),
    _jwt_like.map(lambda token: "Bearer " + token),
)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(header=_headers)
async def test_arbitrary_headers_only_raise_auth_error(
    validator: ChannelTokenValidator, header: str
) -> None:
    with pytest.raises(AuthError) as info:
        await validator.validate(header, channel_id=CHANNEL, service_url=SERVICE_URL)
    assert info.value.status in (401, 403)


# ---------------------------------------------------------------------- tenant_allowed

TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"


@pytest.mark.parametrize(
    ("channel_data", "allowed", "expected"),
    [
        (None, frozenset(), True),
        ({"tenant": {"id": TENANT}}, frozenset(), True),
        ({"tenant": {"id": TENANT}}, frozenset({TENANT}), True),
        ({"tenant": {"id": TENANT.upper()}}, frozenset({TENANT}), True),
        ({"tenant": {"id": TENANT}}, frozenset({"other"}), False),
        ({"tenant": {"id": TENANT}}, frozenset({"other", TENANT}), True),
        (None, frozenset({TENANT}), False),
        ({}, frozenset({TENANT}), False),
        ({"tenant": None}, frozenset({TENANT}), False),
        ({"tenant": TENANT}, frozenset({TENANT}), False),
        ({"tenant": {}}, frozenset({TENANT}), False),
        ({"tenant": {"id": None}}, frozenset({TENANT}), False),
        ({"tenant": {"id": ""}}, frozenset({TENANT}), False),
        ({"tenant": {"id": 42}}, frozenset({TENANT}), False),
        ({"tenant": {"id": [TENANT]}}, frozenset({TENANT}), False),
        ("tenant", frozenset({TENANT}), False),
        ([{"tenant": {"id": TENANT}}], frozenset({TENANT}), False),
        ({"tenantId": TENANT}, frozenset({TENANT}), False),
    ],
)
def test_tenant_allowed(channel_data: Any, allowed: frozenset[str], expected: bool) -> None:
    assert tenant_allowed(channel_data, allowed) is expected
