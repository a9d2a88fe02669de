"""Tests of the Teams Bot Connector emulator (tests/emulator), over real loopback HTTP."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiohttp
import pytest
import pytest_asyncio
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.emulator import (
    Channel,
    ConnectorEmulator,
    Member,
    RateWindow,
    SlidingWindowLimiter,
    personal_conversation_id,
)
from tests.emulator import fixtures as emulator_fixtures
from tests.emulator.limiter import acquire_all

connector_emulator = emulator_fixtures.connector_emulator

TENANT = "11111111-2222-4333-8444-555555555555"
CHANNEL_ID = "19:abc@thread.tacv2"
THREAD_ID = "19:abc@thread.tacv2;messageid=123"
REPO_ROOT = Path(__file__).resolve().parents[1]


class FakeClock:
    """A manually advanced monotonic clock."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def member(n: int, tenant: str = TENANT) -> Member:
    return Member(
        id=f"29:user-{n}",
        name=f"Bruker {n}",
        aad_object_id=f"00000000-0000-4000-8000-{n:012d}",
        tenant_id=tenant,
        user_principal_name=f"bruker{n}@kommune.no",
        email=f"bruker{n}@kommune.no",
    )


Factory = Callable[..., Awaitable[ConnectorEmulator]]


@pytest_asyncio.fixture
async def make_emulator() -> AsyncIterator[Factory]:
    """Start emulators with custom settings; all are stopped after the test."""
    started: list[ConnectorEmulator] = []

    async def factory(**kwargs: Any) -> ConnectorEmulator:
        emulator = ConnectorEmulator(**kwargs)
        await emulator.start()
        started.append(emulator)
        return emulator

    yield factory
    for emulator in started:
        await emulator.stop()


@pytest_asyncio.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


def conv_url(emulator: ConnectorEmulator, conversation_id: str, *rest: str) -> str:
    # Quote like msrest does: every reserved character, "/" included.
    parts = [quote(conversation_id, safe=""), *(quote(p, safe="") for p in rest)]
    return emulator.url + "v3/conversations/" + "/".join(parts)


async def call(
    session: aiohttp.ClientSession,
    method: str,
    url: str,
    body: Any = None,
    *,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, Any, dict[str, str]]:
    async with session.request(
        method, url, json=body if data is None else None, data=data, headers=headers
    ) as response:
        text = await response.text()
        payload = json.loads(text) if text else None
        return response.status, payload, dict(response.headers)


def message(text: str = "hei") -> dict[str, Any]:
    return {"type": "message", "text": text}


def create_body(user_id: str, tenant: str | None = TENANT, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"bot": {"id": "28:bot"}, "members": [{"id": user_id}], **extra}
    if tenant is not None:
        body["channelData"] = {"tenant": {"id": tenant}}
    return body


# ---------------------------------------------------------------------- limiter (pure)


timestamps = st.lists(
    st.floats(min_value=0, max_value=20, allow_nan=False, allow_infinity=False), max_size=120
).map(sorted)
windows = st.lists(
    st.builds(
        RateWindow,
        limit=st.integers(min_value=1, max_value=8),
        seconds=st.floats(min_value=0.05, max_value=5, allow_nan=False, allow_infinity=False),
    ),
    min_size=1,
    max_size=3,
)


@settings(max_examples=300, deadline=None)
@given(times=timestamps, limits=windows)
def test_limiter_never_admits_more_than_limit_in_any_window(
    times: list[float], limits: list[RateWindow]
) -> None:
    limiter = SlidingWindowLimiter(limits)
    admitted = [t for t in times if limiter.acquire("k", t) == 0.0]
    for window in limits:
        # The densest window starts at an admitted timestamp; check every such window.
        for i, start in enumerate(admitted):
            inside = sum(1 for t in admitted[i:] if t - start < window.seconds)
            assert inside <= window.limit


@settings(max_examples=300, deadline=None)
@given(times=timestamps, limits=windows)
def test_limiter_refuses_only_when_a_window_is_full_and_retry_after_is_exact(
    times: list[float], limits: list[RateWindow]
) -> None:
    limiter = SlidingWindowLimiter(limits)
    admitted: list[float] = []
    for t in times:
        wait = limiter.acquire("k", t)
        full = [w for w in limits if sum(1 for a in admitted if t - a < w.seconds) >= w.limit]
        if wait == 0.0:
            assert not full
            admitted.append(t)
        else:
            assert full, "refused although no window was full"
            # Waiting Retry-After is enough (up to float rounding of t + wait; the server rounds
            # the header up), and waiting visibly less is not.
            assert limiter.retry_after("k", t + wait) <= 1e-9
            if wait > 1e-6:
                assert limiter.retry_after("k", t + wait * 0.5) > 0.0


def test_limiter_keys_are_independent_and_refusals_are_not_charged() -> None:
    limiter = SlidingWindowLimiter([RateWindow(2, 1.0)])
    assert limiter.acquire("a", 0.0) == 0.0
    assert limiter.acquire("a", 0.1) == 0.0
    assert limiter.acquire("a", 0.2) == pytest.approx(0.8)
    assert limiter.acquire("b", 0.2) == 0.0
    # Hammering while refused does not push the reopening further out.
    for t in (0.3, 0.5, 0.9):
        assert limiter.acquire("a", t) > 0
    assert limiter.acquire("a", 1.0) == 0.0


def test_acquire_all_is_all_or_nothing() -> None:
    tight = SlidingWindowLimiter([RateWindow(1, 1.0)])
    loose = SlidingWindowLimiter([RateWindow(10, 1.0)])
    assert acquire_all([(tight, "x"), (loose, "t")], 0.0) == 0.0
    assert acquire_all([(tight, "x"), (loose, "t")], 0.1) == pytest.approx(0.9)
    # The refused attempt must not have used the loose limiter's budget.
    assert loose.retry_after("t", 0.1) == 0.0
    for _ in range(9):
        loose.record("t", 0.1)
    assert loose.retry_after("t", 0.1) > 0


def test_rate_window_validates() -> None:
    with pytest.raises(ValueError, match="limit"):
        RateWindow(0, 1.0)
    with pytest.raises(ValueError, match="seconds"):
        RateWindow(1, 0.0)


# ---------------------------------------------------------------------- activities


async def test_send_reply_update_delete_roundtrip(
    connector_emulator: ConnectorEmulator, http: aiohttp.ClientSession
) -> None:
    emulator = connector_emulator
    assert emulator.url.startswith("http://127.0.0.1:")
    assert emulator.url.endswith("/")
    cid = "a:1xyz"

    status, body, _ = await call(http, "POST", conv_url(emulator, cid, "activities"), message())
    assert status == 201
    first = body["id"]

    status, body, _ = await call(
        http, "POST", conv_url(emulator, cid, "activities", "incoming-1"), message("svar")
    )
    assert status == 201
    reply = body["id"]
    assert reply != first
    assert emulator.activity(cid, reply) == {
        **message("svar"),
        "id": reply,
        "replyToId": "incoming-1",
    }

    status, body, _ = await call(
        http, "PUT", conv_url(emulator, cid, "activities", first), message("endret")
    )
    assert (status, body) == (200, {"id": first})
    assert emulator.activities[cid][first]["text"] == "endret"
    # sent() keeps what was sent; the store has the current state.
    assert [a["text"] for a in emulator.sent(cid)] == ["hei", "svar"]

    status, body, _ = await call(http, "DELETE", conv_url(emulator, cid, "activities", reply))
    assert (status, body) == (200, None)
    assert list(emulator.activities[cid]) == [first]

    ops = [(r.operation, r.activity_id, r.status) for r in emulator.records]
    assert ops == [
        ("send", None, 201),
        ("reply", "incoming-1", 201),
        ("update", first, 200),
        ("delete", reply, 200),
    ]


async def test_update_and_delete_of_unknown_activity_are_404(
    connector_emulator: ConnectorEmulator, http: aiohttp.ClientSession
) -> None:
    url = conv_url(connector_emulator, "a:1xyz", "activities", "999")
    for method, body in (("PUT", message()), ("DELETE", None)):
        status, payload, _ = await call(http, method, url, body)
        assert status == 404
        assert payload["error"]["code"] == "ActivityNotFound"


@pytest.mark.parametrize(
    "conversation_id",
    [
        THREAD_ID,
        "a:1xyz",
        "29:1Ab-c_D",
        "19:meeting_NzY@thread.v2",
        "weird/id with space%and?query#frag",
        "ø-æ-å",
    ],
)
async def test_conversation_ids_are_decoded(
    connector_emulator: ConnectorEmulator, http: aiohttp.ClientSession, conversation_id: str
) -> None:
    url = conv_url(connector_emulator, conversation_id, "activities")
    status, body, _ = await call(http, "POST", url, message())
    assert status == 201
    assert connector_emulator.records[-1].conversation_id == conversation_id
    assert list(connector_emulator.activities[conversation_id]) == [body["id"]]
    status, _, _ = await call(http, "GET", conv_url(connector_emulator, conversation_id, "members"))
    assert status == 200


async def test_unencoded_ids_with_colon_semicolon_and_at_are_routed(
    connector_emulator: ConnectorEmulator, http: aiohttp.ClientSession
) -> None:
    url = f"{connector_emulator.url}v3/conversations/{THREAD_ID}/activities"
    status, _, _ = await call(http, "POST", url, message())
    assert status == 201
    assert connector_emulator.sent(THREAD_ID)[0]["text"] == "hei"


async def test_unknown_conversation_is_404_when_auto_create_is_off(
    make_emulator: Factory, http: aiohttp.ClientSession
) -> None:
    emulator = await make_emulator(auto_create=False)
    status, body, _ = await call(
        http, "POST", conv_url(emulator, "a:1nope", "activities"), message()
    )
    assert status == 404
    assert body["error"]["code"] == "ConversationNotFound"
    assert isinstance(body["error"]["message"], str)
    emulator.add_conversation("a:1yes", members=[member(1)])
    status, _, _ = await call(http, "POST", conv_url(emulator, "a:1yes", "activities"), message())
    assert status == 201


async def test_reply_thread_of_known_channel_resolves_without_auto_create(
    make_emulator: Factory, http: aiohttp.ClientSession
) -> None:
    emulator = await make_emulator(auto_create=False)
    emulator.add_team(CHANNEL_ID, "Kravgruppe", [member(1), member(2)])
    status, _, _ = await call(http, "POST", conv_url(emulator, THREAD_ID, "activities"), message())
    assert status == 201
    status, members, _ = await call(http, "GET", conv_url(emulator, THREAD_ID, "members"))
    assert status == 200
    assert [m["id"] for m in members] == ["29:user-1", "29:user-2"]


async def test_malformed_json_non_object_and_empty_body_are_400(
    connector_emulator: ConnectorEmulator, http: aiohttp.ClientSession
) -> None:
    url = conv_url(connector_emulator, "a:1xyz", "activities")
    headers = {"Content-Type": "application/json"}
    status, body, _ = await call(http, "POST", url, data=b'{"type": "mess', headers=headers)
    assert (status, body["error"]["code"]) == (400, "BadSyntax")
    status, body, _ = await call(http, "POST", url, data=b"", headers=headers)
    assert (status, body["error"]["code"]) == (400, "BadSyntax")
    status, body, _ = await call(http, "POST", url, [1, 2])
    assert (status, body["error"]["code"]) == (400, "BadArgument")
    assert connector_emulator.sent() == []
    assert connector_emulator.count(status=400) == 3


async def test_oversized_message_is_413(
    make_emulator: Factory, http: aiohttp.ClientSession
) -> None:
    emulator = await make_emulator(max_message_bytes=1000)
    url = conv_url(emulator, "a:1xyz", "activities")
    small = {"type": "message", "text": "x" * 900}
    status, _, _ = await call(http, "POST", url, small)
    assert status == 201
    big = {"type": "message", "text": "x" * 1000}
    status, body, _ = await call(http, "POST", url, big)
    assert status == 413
    assert body["error"]["code"] == "MessageSizeTooBig"
    assert len(emulator.sent()) == 1


async def test_default_size_limit_is_100_kib(
    connector_emulator: ConnectorEmulator, http: aiohttp.ClientSession
) -> None:
    url = conv_url(connector_emulator, "a:1xyz", "activities")
    overhead = len(json.dumps({"type": "message", "text": ""}).encode())
    fits = {"type": "message", "text": "x" * (100 * 1024 - overhead)}
    status, _, _ = await call(http, "POST", url, data=json.dumps(fits).encode())
    assert status == 201
    too_big = {"type": "message", "text": "x" * (100 * 1024 - overhead + 1)}
    status, body, _ = await call(http, "POST", url, data=json.dumps(too_big).encode())
    assert (status, body["error"]["code"]) == (413, "MessageSizeTooBig")
    # Even far beyond aiohttp's own body limit the answer keeps the connector's shape.
    huge = {"type": "message", "text": "x" * (8 * 1024 * 1024)}
    status, body, _ = await call(http, "POST", url, data=json.dumps(huge).encode())
    assert (status, body["error"]["code"]) == (413, "MessageSizeTooBig")


async def test_unknown_routes_and_methods(
    connector_emulator: ConnectorEmulator, http: aiohttp.ClientSession
) -> None:
    status, body, _ = await call(http, "GET", connector_emulator.url + "v3/nothing")
    assert (status, body["error"]["code"]) == (404, "NotFound")
    status, _, _ = await call(http, "GET", conv_url(connector_emulator, "a:1xyz", "activities"))
    assert status == 405


async def test_authorization_is_recorded_and_optionally_required(
    make_emulator: Factory, http: aiohttp.ClientSession
) -> None:
    emulator = await make_emulator(require_auth=True)
    url = conv_url(emulator, "a:1xyz", "activities")
    status, body, _ = await call(http, "POST", url, message())
    assert (status, body["error"]["code"]) == (401, "Unauthorized")
    status, _, _ = await call(http, "POST", url, message(), headers={"Authorization": "Basic x"})
    assert status == 401
    status, _, _ = await call(http, "POST", url, message(), headers={"Authorization": "Bearer t0k"})
    assert status == 201
    assert [r.authorization for r in emulator.records] == [None, "Basic x", "Bearer t0k"]

    open_emulator = await make_emulator()
    await call(
        http,
        "POST",
        conv_url(open_emulator, "a:1xyz", "activities"),
        message(),
        headers={"Authorization": "Bearer abc"},
    )
    assert open_emulator.records[0].authorization == "Bearer abc"
    assert open_emulator.records[0].status == 201


# ---------------------------------------------------------------------- createConversation


async def test_create_conversation_is_idempotent_per_user_and_tenant(
    connector_emulator: ConnectorEmulator, http: aiohttp.ClientSession
) -> None:
    url = connector_emulator.url + "v3/conversations"
    status, first, _ = await call(http, "POST", url, create_body("29:user-1"))
    assert status == 201
    assert first["id"].startswith("a:")
    assert "activityId" not in first
    _, again, _ = await call(http, "POST", url, create_body("29:user-1"))
    assert again["id"] == first["id"]
    _, other_user, _ = await call(http, "POST", url, create_body("29:user-2"))
    _, other_tenant, _ = await call(http, "POST", url, create_body("29:user-1", tenant="t2"))
    assert len({first["id"], other_user["id"], other_tenant["id"]}) == 3
    # A top-level tenantId (ConversationParameters.tenantId) is accepted too.
    body = create_body("29:user-1", tenant=None, tenantId=TENANT)
    _, via_tenant_id, _ = await call(http, "POST", url, body)
    assert via_tenant_id["id"] == first["id"]

    # The created conversation can be used right away.
    status, _, _ = await call(
        http, "POST", conv_url(connector_emulator, first["id"], "activities"), message()
    )
    assert status == 201
    assert connector_emulator.conversations[first["id"]].kind == "personal"


async def test_create_conversation_returns_known_personal_conversation(
    connector_emulator: ConnectorEmulator, http: aiohttp.ClientSession
) -> None:
    alice = member(7)
    connector_emulator.add_conversation("a:1alice", members=[alice], tenant_id=TENANT)
    url = connector_emulator.url + "v3/conversations"
    _, by_id, _ = await call(http, "POST", url, create_body(alice.id))
    _, by_aad, _ = await call(http, "POST", url, create_body(alice.aad_object_id))
    assert by_id["id"] == by_aad["id"] == "a:1alice"
    assert personal_conversation_id(TENANT, "29:x") == personal_conversation_id(TENANT, "29:x")


async def test_create_conversation_with_initial_activity(
    connector_emulator: ConnectorEmulator, http: aiohttp.ClientSession
) -> None:
    body = create_body("29:user-3", activity=message("proaktiv"))
    status, result, _ = await call(http, "POST", connector_emulator.url + "v3/conversations", body)
    assert status == 201
    sent = connector_emulator.sent(result["id"])
    assert [(a["id"], a["text"]) for a in sent] == [(result["activityId"], "proaktiv")]


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (create_body("29:user-1", tenant=None), "Tenant"),
        ({**create_body("29:user-1"), "members": []}, "members"),
        ({"bot": {"id": "28:bot"}, "channelData": {"tenant": {"id": TENANT}}}, "members"),
        ({**create_body("29:user-1"), "isGroup": True}, "1:1"),
        (
            {**create_body("29:user-1"), "members": [{"id": "29:a"}, {"id": "29:b"}]},
            "1:1",
        ),
        ({**create_body("29:user-1"), "members": [{"name": "no id"}]}, "id"),
    ],
)
async def test_create_conversation_rejects_bad_parameters(
    connector_emulator: ConnectorEmulator,
    http: aiohttp.ClientSession,
    body: dict[str, Any],
    fragment: str,
) -> None:
    status, result, _ = await call(http, "POST", connector_emulator.url + "v3/conversations", body)
    assert status == 400
    assert result["error"]["code"] == "BadArgument"
    assert fragment in result["error"]["message"]
    assert connector_emulator.conversations == {}


# ---------------------------------------------------------------------- roster and teams


async def test_members_and_single_member(
    connector_emulator: ConnectorEmulator, http: aiohttp.ClientSession
) -> None:
    guest = Member(id="29:guest", name="Gjest", aad_object_id="aad-guest", tenant_id=TENANT)
    connector_emulator.add_conversation(
        "19:chat@thread.v2", kind="groupChat", members=[member(1), guest], tenant_id=TENANT
    )
    status, members, _ = await call(
        http, "GET", conv_url(connector_emulator, "19:chat@thread.v2", "members")
    )
    assert status == 200
    assert members[0] == {
        "id": "29:user-1",
        "name": "Bruker 1",
        "aadObjectId": "00000000-0000-4000-8000-000000000001",
        "tenantId": TENANT,
        "userRole": "user",
        "email": "bruker1@kommune.no",
        "userPrincipalName": "bruker1@kommune.no",
    }
    # Email and UPN can be missing in Teams; they are then absent, not null.
    assert "email" not in members[1]
    assert "userPrincipalName" not in members[1]

    for member_id in ("29:guest", "aad-guest"):
        status, one, _ = await call(
            http, "GET", conv_url(connector_emulator, "19:chat@thread.v2", "members", member_id)
        )
        assert (status, one["id"]) == (200, "29:guest")
    status, error, _ = await call(
        http, "GET", conv_url(connector_emulator, "19:chat@thread.v2", "members", "29:nobody")
    )
    assert (status, error["error"]["code"]) == (404, "MemberNotFoundInConversation")


async def test_paged_members_follow_continuation_tokens(
    connector_emulator: ConnectorEmulator, http: aiohttp.ClientSession
) -> None:
    everyone = [member(i) for i in range(120)]
    connector_emulator.add_team(CHANNEL_ID, "Kravgruppe", everyone)
    base = conv_url(connector_emulator, CHANNEL_ID, "pagedmembers")

    seen: list[str] = []
    sizes: list[int] = []
    token: str | None = None
    for _ in range(10):
        params = {"pageSize": "10"} | ({"continuationToken": token} if token else {})
        async with http.get(base, params=params) as response:
            assert response.status == 200
            page = await response.json()
        sizes.append(len(page["members"]))
        seen += [m["id"] for m in page["members"]]
        token = page.get("continuationToken")
        if not token:
            break
    # pageSize below 50 is raised to 50, like Teams.
    assert sizes == [50, 50, 20]
    assert seen == [m.id for m in everyone]

    async with http.get(base, params={"pageSize": "5000"}) as response:
        page = await response.json()
    assert len(page["members"]) == 120
    assert "continuationToken" not in page
    async with http.get(base) as response:
        page = await response.json()
    assert len(page["members"]) == 120  # default page size 200

    big = [member(i) for i in range(600)]
    connector_emulator.add_team("19:big@thread.tacv2", "Stor", big)
    async with http.get(
        conv_url(connector_emulator, "19:big@thread.tacv2", "pagedmembers"),
        params={"pageSize": "5000"},
    ) as response:
        page = await response.json()
    assert len(page["members"]) == 500
    assert page["continuationToken"]

    for bad in ({"continuationToken": "garbage"}, {"pageSize": "many"}):
        async with http.get(base, params=bad) as response:
            assert response.status == 400
            assert (await response.json())["error"]["code"] == "BadArgument"


async def test_paged_members_of_a_chat_are_one_page(
    connector_emulator: ConnectorEmulator, http: aiohttp.ClientSession
) -> None:
    connector_emulator.add_conversation(
        "19:chat@thread.v2", kind="groupChat", members=[member(i) for i in range(60)]
    )
    async with http.get(
        conv_url(connector_emulator, "19:chat@thread.v2", "pagedmembers"), params={"pageSize": "50"}
    ) as response:
        page = await response.json()
    assert len(page["members"]) == 60
    assert "continuationToken" not in page


async def test_team_details_and_channels(
    connector_emulator: ConnectorEmulator, http: aiohttp.ClientSession
) -> None:
    team = connector_emulator.add_team(
        CHANNEL_ID,
        "Kravgruppe Helse",
        [member(1), member(2)],
        channels=[Channel("19:ch2@thread.tacv2", "Leverandører"), ("19:ch3@thread.tacv2", "Tull")],
        aad_group_id="gid-1",
    )
    teams_url = connector_emulator.url + "v3/teams/" + quote(CHANNEL_ID, safe="")
    status, details, _ = await call(http, "GET", teams_url)
    assert status == 200
    assert details["id"] == CHANNEL_ID
    assert details["name"] == "Kravgruppe Helse"
    assert details["aadGroupId"] == "gid-1"
    assert details["memberCount"] == 2
    status, channels, _ = await call(http, "GET", teams_url + "/conversations")
    assert status == 200
    assert channels == {
        "conversations": [
            {"id": CHANNEL_ID},
            {"id": "19:ch2@thread.tacv2", "name": "Leverandører"},
            {"id": "19:ch3@thread.tacv2", "name": "Tull"},
        ]
    }
    # The channels are conversations with the team's roster.
    assert connector_emulator.conversations["19:ch2@thread.tacv2"].members == team.members
    status, error, _ = await call(http, "GET", connector_emulator.url + "v3/teams/19%3Anone")
    assert (status, error["error"]["code"]) == (404, "ConversationNotFound")


# ---------------------------------------------------------------------- throttling


async def test_eighth_send_within_a_second_is_throttled_real_clock(
    connector_emulator: ConnectorEmulator, http: aiohttp.ClientSession
) -> None:
    url = conv_url(connector_emulator, "a:1busy", "activities")
    started = time.monotonic()
    statuses = []
    headers = []
    for i in range(8):
        status, _, response_headers = await call(http, "POST", url, message(str(i)))
        statuses.append(status)
        headers.append(response_headers)
    assert time.monotonic() - started < 1.0, "too slow to test the 1 s window"
    assert statuses == [201] * 7 + [429]
    assert headers[7]["Retry-After"] == "1"
    status, _, _ = await call(
        http, "POST", conv_url(connector_emulator, "a:1calm", "activities"), message()
    )
    assert status == 201


async def test_send_windows_with_fake_clock(
    make_emulator: Factory, http: aiohttp.ClientSession
) -> None:
    clock = FakeClock()
    emulator = await make_emulator(clock=clock, tenant_limit=None)
    url = conv_url(emulator, "a:1busy", "activities")

    async def send() -> tuple[int, Any, dict[str, str]]:
        return await call(http, "POST", url, message())

    for _ in range(7):
        assert (await send())[0] == 201
    status, body, headers = await send()
    assert (status, body["error"]["code"], headers["Retry-After"]) == (429, "Throttled", "1")
    # Another conversation of the same bot is unaffected.
    status, _, _ = await call(http, "POST", conv_url(emulator, "a:1calm", "activities"), message())
    assert status == 201

    clock.advance(1.0)  # the 7/1 s window reopens, but 8/2 s has room for one only
    assert (await send())[0] == 201
    status, _, headers = await send()
    assert (status, headers["Retry-After"]) == (429, "1")
    clock.advance(1.0)
    assert (await send())[0] == 201
    assert emulator.count(status=429) == 2
    assert emulator.count(status=429, conversation_id="a:1calm") == 0
    assert emulator.stats()["throttled_by_conversation"] == {"a:1busy": 2}


async def test_thirty_second_and_hour_windows(
    make_emulator: Factory, http: aiohttp.ClientSession
) -> None:
    clock = FakeClock()
    emulator = await make_emulator(clock=clock, tenant_limit=None)
    url = conv_url(emulator, "a:1steady", "activities")
    # 60 sends at 0.3 s intervals stay within 7/1 s and 8/2 s but fill 60/30 s.
    for _ in range(60):
        assert (await call(http, "POST", url, message()))[0] == 201
        clock.advance(0.3)
    status, _, headers = await call(http, "POST", url, message())
    assert status == 429
    assert 11 <= int(headers["Retry-After"]) <= 13  # first send leaves the window at 30 s

    hourly = await make_emulator(
        clock=clock, tenant_limit=None, send_windows=[RateWindow(3, 3600.0)]
    )
    hourly_url = conv_url(hourly, "a:1h", "activities")
    for _ in range(3):
        assert (await call(http, "POST", hourly_url, message()))[0] == 201
    status, _, headers = await call(http, "POST", hourly_url, message())
    assert (status, headers["Retry-After"]) == (429, "3600")


async def test_update_and_delete_count_as_sends(
    make_emulator: Factory, http: aiohttp.ClientSession
) -> None:
    clock = FakeClock()
    emulator = await make_emulator(
        clock=clock, send_windows=[RateWindow(3, 1.0)], tenant_limit=None
    )
    _, sent, _ = await call(http, "POST", conv_url(emulator, "a:1x", "activities"), message())
    activity_url = conv_url(emulator, "a:1x", "activities", sent["id"])
    assert (await call(http, "PUT", activity_url, message("2")))[0] == 200
    assert (await call(http, "PUT", activity_url, message("3")))[0] == 200
    assert (await call(http, "DELETE", activity_url))[0] == 429
    assert emulator.activity("a:1x", sent["id"]) is not None  # a refused delete changes nothing


async def test_thread_replies_share_the_channel_budget(
    make_emulator: Factory, http: aiohttp.ClientSession
) -> None:
    clock = FakeClock()
    emulator = await make_emulator(
        clock=clock, send_windows=[RateWindow(2, 1.0)], tenant_limit=None
    )
    assert (await call(http, "POST", conv_url(emulator, CHANNEL_ID, "activities"), message()))[
        0
    ] == 201
    assert (await call(http, "POST", conv_url(emulator, THREAD_ID, "activities"), message()))[
        0
    ] == 201
    assert (await call(http, "POST", conv_url(emulator, CHANNEL_ID, "activities"), message()))[
        0
    ] == 429


async def test_tenant_wide_limit(make_emulator: Factory, http: aiohttp.ClientSession) -> None:
    clock = FakeClock()
    emulator = await make_emulator(clock=clock, tenant_limit=3, send_windows=None)
    emulator.add_conversation("a:1other-tenant", tenant_id="t2")
    statuses = [
        (await call(http, "POST", conv_url(emulator, f"a:1c{i}", "activities"), message()))[0]
        for i in range(4)
    ]
    assert statuses == [201, 201, 201, 429]
    # Roster reads in the same tenant count towards it too; other tenants do not.
    assert (await call(http, "GET", conv_url(emulator, "a:1c0", "members")))[0] == 429
    status, _, _ = await call(
        http, "POST", conv_url(emulator, "a:1other-tenant", "activities"), message()
    )
    assert status == 201
    clock.advance(1.0)
    assert (await call(http, "POST", conv_url(emulator, "a:1c9", "activities"), message()))[
        0
    ] == 201


async def test_roster_reads_are_limited_separately(
    make_emulator: Factory, http: aiohttp.ClientSession
) -> None:
    clock = FakeClock()
    emulator = await make_emulator(clock=clock, tenant_limit=None)
    emulator.add_team(CHANNEL_ID, "Team", [member(1)])
    members_url = conv_url(emulator, CHANNEL_ID, "members")
    statuses = [(await call(http, "GET", members_url))[0] for _ in range(15)]
    assert statuses == [200] * 14 + [429]
    # Sends have their own budget.
    assert (await call(http, "POST", conv_url(emulator, CHANNEL_ID, "activities"), message()))[
        0
    ] == 201


async def test_create_conversation_is_throttled_per_conversation(
    make_emulator: Factory, http: aiohttp.ClientSession
) -> None:
    clock = FakeClock()
    emulator = await make_emulator(
        clock=clock, create_windows=[RateWindow(2, 1.0)], tenant_limit=None
    )
    url = emulator.url + "v3/conversations"
    statuses = [(await call(http, "POST", url, create_body("29:u1")))[0] for _ in range(3)]
    assert statuses == [201, 201, 429]
    assert (await call(http, "POST", url, create_body("29:u2")))[0] == 201


async def test_limits_can_be_disabled(make_emulator: Factory, http: aiohttp.ClientSession) -> None:
    emulator = await make_emulator(rate_limits=False)
    url = conv_url(emulator, "a:1flood", "activities")
    results = await asyncio.gather(*(call(http, "POST", url, message()) for _ in range(100)))
    assert {status for status, _, _ in results} == {201}
    assert len({body["id"] for _, body, _ in results}) == 100


async def test_fractional_retry_after(make_emulator: Factory, http: aiohttp.ClientSession) -> None:
    clock = FakeClock()
    emulator = await make_emulator(
        clock=clock,
        send_windows=[RateWindow(1, 0.25)],
        tenant_limit=None,
        fractional_retry_after=True,
    )
    url = conv_url(emulator, "a:1f", "activities")
    await call(http, "POST", url, message())
    clock.advance(0.1)
    _, _, headers = await call(http, "POST", url, message())
    assert headers["Retry-After"] == "0.15"


# ---------------------------------------------------------------------- faults


async def test_injected_429_counts_down_and_carries_retry_after(
    connector_emulator: ConnectorEmulator, http: aiohttp.ClientSession
) -> None:
    fault = connector_emulator.inject(status=429, times=3, retry_after=2.0)
    url = conv_url(connector_emulator, "a:1x", "activities")
    results = [await call(http, "POST", url, message()) for _ in range(4)]
    assert [status for status, _, _ in results] == [429, 429, 429, 201]
    assert all(h["Retry-After"] == "2" for _, _, h in results[:3])
    assert results[0][1]["error"]["code"] == "Throttled"
    assert (fault.hits, fault.remaining) == (3, 0)
    assert connector_emulator.faults == []
    assert connector_emulator.count(status=429) == 3
    assert len(connector_emulator.sent()) == 1


async def test_injected_503_five_times_then_default_429_retry_after(
    connector_emulator: ConnectorEmulator, http: aiohttp.ClientSession
) -> None:
    connector_emulator.inject(status=503, times=5)
    url = conv_url(connector_emulator, "a:1x", "activities")
    statuses = []
    for _ in range(6):
        status, body, headers = await call(http, "POST", url, message())
        statuses.append(status)
        if status == 503:
            assert body["error"]["code"] == "ServiceUnavailable"
            assert "Retry-After" not in headers
    assert statuses == [503] * 5 + [201]
    connector_emulator.inject(status=429, times=1)
    _, _, headers = await call(http, "POST", url, message())
    assert headers["Retry-After"] == "1"


async def test_injected_delay_slows_one_answer(
    connector_emulator: ConnectorEmulator, http: aiohttp.ClientSession
) -> None:
    connector_emulator.inject(delay=0.3, times=1)
    url = conv_url(connector_emulator, "a:1x", "activities")
    started = time.monotonic()
    status, _, _ = await call(http, "POST", url, message())
    slow = time.monotonic() - started
    started = time.monotonic()
    await call(http, "POST", url, message())
    fast = time.monotonic() - started
    assert status == 201
    assert slow >= 0.3
    assert fast < 0.2


async def test_blocked_conversation_stays_blocked_until_cleared(
    connector_emulator: ConnectorEmulator, http: aiohttp.ClientSession
) -> None:
    connector_emulator.inject(status=403, code="MessageWritesBlocked", conversation_id="a:1blocked")
    blocked = conv_url(connector_emulator, "a:1blocked", "activities")
    for _ in range(5):
        status, body, _ = await call(http, "POST", blocked, message())
        assert (status, body["error"]["code"]) == (403, "MessageWritesBlocked")
    assert (
        await call(http, "POST", conv_url(connector_emulator, "a:1fine", "activities"), message())
    )[0] == 201
    connector_emulator.clear_faults()
    assert (await call(http, "POST", blocked, message()))[0] == 201


async def test_fault_filtered_by_operation_and_412(
    connector_emulator: ConnectorEmulator, http: aiohttp.ClientSession
) -> None:
    url = conv_url(connector_emulator, "a:1x", "activities")
    _, sent, _ = await call(http, "POST", url, message())
    fault = connector_emulator.inject(status=412, operation="update")
    status, body, _ = await call(
        http, "PUT", conv_url(connector_emulator, "a:1x", "activities", sent["id"]), message("ny")
    )
    assert (status, body["error"]["code"]) == (412, "PreconditionFailed")
    assert (await call(http, "POST", url, message()))[0] == 201
    assert (await call(http, "GET", conv_url(connector_emulator, "a:1x", "members")))[0] == 200
    connector_emulator.remove_fault(fault)
    status, _, _ = await call(
        http, "PUT", conv_url(connector_emulator, "a:1x", "activities", sent["id"]), message("ny")
    )
    assert status == 200
    with pytest.raises(ValueError, match="unknown operation"):
        connector_emulator.inject(status=500, operation="sendd")
    with pytest.raises(ValueError, match="status, a delay"):
        connector_emulator.inject()


async def test_fault_on_create_conversation_matches_target_conversation(
    connector_emulator: ConnectorEmulator, http: aiohttp.ClientSession
) -> None:
    target = personal_conversation_id(TENANT, "29:u1")
    connector_emulator.inject(status=403, conversation_id=target, operation="create_conversation")
    url = connector_emulator.url + "v3/conversations"
    assert (await call(http, "POST", url, create_body("29:u1")))[0] == 403
    assert (await call(http, "POST", url, create_body("29:u2")))[0] == 201


async def test_faulted_requests_do_not_use_rate_budget(
    make_emulator: Factory, http: aiohttp.ClientSession
) -> None:
    clock = FakeClock()
    emulator = await make_emulator(
        clock=clock, send_windows=[RateWindow(1, 1.0)], tenant_limit=None
    )
    emulator.inject(status=503, times=2)
    url = conv_url(emulator, "a:1x", "activities")
    statuses = [(await call(http, "POST", url, message()))[0] for _ in range(4)]
    assert statuses == [503, 503, 201, 429]


# ---------------------------------------------------------------------- records and waiting


async def test_wait_for_sent(
    connector_emulator: ConnectorEmulator, http: aiohttp.ClientSession
) -> None:
    async def later() -> None:
        for i in range(3):
            await asyncio.sleep(0.01)
            await call(
                http,
                "POST",
                conv_url(connector_emulator, f"a:1c{i % 2}", "activities"),
                message(str(i)),
            )

    task = asyncio.create_task(later())
    sent = await connector_emulator.wait_for_sent(3, timeout=5)
    await task
    assert [a["text"] for a in sent] == ["0", "1", "2"]
    in_c0 = await connector_emulator.wait_for_sent(2, timeout=1, conversation_id="a:1c0")
    assert [a["text"] for a in in_c0] == ["0", "2"]
    with pytest.raises(TimeoutError, match=r"expected 4 accepted sends within 0\.05s, got 3"):
        await connector_emulator.wait_for_sent(4, timeout=0.05)


async def test_non_message_activities_are_stored_but_not_in_sent(
    connector_emulator: ConnectorEmulator, http: aiohttp.ClientSession
) -> None:
    url = conv_url(connector_emulator, "a:1x", "activities")
    _, typing_result, _ = await call(http, "POST", url, {"type": "typing"})
    await call(http, "POST", url, message())
    assert [a["type"] for a in connector_emulator.sent()] == ["message"]
    assert typing_result["id"] in connector_emulator.activities["a:1x"]


async def test_botbuilder_connector_client_understands_the_emulator(
    connector_emulator: ConnectorEmulator,
) -> None:
    # The bot talks through botframework-connector 4.17.1; check its client end to end.
    from botbuilder.schema import (
        Activity,
        ChannelAccount,
        ConversationParameters,
        ErrorResponseException,
    )
    from botframework.connector.aio import ConnectorClient
    from botframework.connector.auth import MicrosoftAppCredentials

    connector_emulator.add_team(CHANNEL_ID, "Kravgruppe", [member(i) for i in range(70)])
    client = ConnectorClient(MicrosoftAppCredentials("", ""), base_url=connector_emulator.url)
    conversations = client.conversations

    sent = await conversations.send_to_conversation(THREAD_ID, Activity(type="message", text="a"))
    await conversations.update_activity(
        THREAD_ID, sent.id, Activity(type="message", text="b", id=sent.id)
    )
    assert connector_emulator.activity(THREAD_ID, sent.id)["text"] == "b"  # type: ignore[index]
    await conversations.delete_activity(THREAD_ID, sent.id)

    first = await conversations.get_conversation_paged_members(CHANNEL_ID, page_size=50)
    second = await conversations.get_teams_conversation_paged_members(
        CHANNEL_ID, page_size=50, continuation_token=first.continuation_token
    )
    assert (len(first.members), len(second.members)) == (50, 20)
    assert second.continuation_token is None
    assert second.members[0].aad_object_id == member(50).aad_object_id

    created = await conversations.create_conversation(
        ConversationParameters(
            bot=ChannelAccount(id="28:bot"),
            members=[ChannelAccount(id="29:user-1")],
            channel_data={"tenant": {"id": TENANT}},
        )
    )
    assert created.id == personal_conversation_id(TENANT, "29:user-1")

    connector_emulator.inject(status=403, code="MessageWritesBlocked", conversation_id=created.id)
    with pytest.raises(ErrorResponseException) as caught:
        await conversations.send_to_conversation(created.id, Activity(type="message", text="c"))
    assert caught.value.response.status_code == 403
    assert caught.value.error.error.code == "MessageWritesBlocked"


# ---------------------------------------------------------------------- control endpoints and CLI


async def test_stats_reset_and_fault_endpoints(
    connector_emulator: ConnectorEmulator, http: aiohttp.ClientSession
) -> None:
    base = connector_emulator.url + "_emulator/"
    status, _, _ = await call(
        http, "POST", base + "faults", {"status": 429, "times": 1, "conversation_id": "a:1x"}
    )
    assert status == 201
    assert (await call(http, "POST", base + "faults", {"status": 429, "bogus": 1}))[0] == 400
    url = conv_url(connector_emulator, "a:1x", "activities")
    assert (await call(http, "POST", url, message()))[0] == 429
    assert (await call(http, "POST", url, message()))[0] == 201
    _, stats, _ = await call(http, "GET", base + "stats")
    assert stats["received"] == 2
    assert stats["accepted"] == 1
    assert stats["sent"] == 1
    assert stats["throttled_by_conversation"] == {"a:1x": 1}
    assert stats["by_status"] == {"201": 1, "429": 1}
    assert stats["by_operation"] == {"send": 2}

    connector_emulator.inject(status=500)
    assert (await call(http, "DELETE", base + "faults"))[0] == 200
    assert connector_emulator.faults == []
    assert (await call(http, "POST", base + "reset"))[0] == 200
    _, stats, _ = await call(http, "GET", base + "stats")
    assert stats["received"] == 0
    assert stats["sent"] == 0
    assert connector_emulator.records == type(connector_emulator.records)()
    assert connector_emulator.activities["a:1x"] == {}


async def test_records_can_be_bounded(make_emulator: Factory, http: aiohttp.ClientSession) -> None:
    emulator = await make_emulator(max_records=2, rate_limits=False)
    for _ in range(5):
        await call(http, "POST", conv_url(emulator, "a:1x", "activities"), message())
    assert len(emulator.records) == 2
    assert emulator.stats()["received"] == 5


async def test_light_mode_keeps_ids_and_counts_only(
    make_emulator: Factory, http: aiohttp.ClientSession
) -> None:
    emulator = await make_emulator(keep_bodies=False, rate_limits=False)
    url = conv_url(emulator, "a:1x", "activities")
    _, first, _ = await call(http, "POST", url, message("stor"))
    await call(http, "POST", url, message())
    assert len(await emulator.wait_for_sent(2, timeout=1)) == 0  # counted, bodies not kept
    assert emulator.activities["a:1x"][first["id"]] == {"id": first["id"]}
    status, _, _ = await call(
        http, "PUT", conv_url(emulator, "a:1x", "activities", first["id"]), message("ny")
    )
    assert status == 200
    status, _, _ = await call(http, "DELETE", conv_url(emulator, "a:1x", "activities", first["id"]))
    assert status == 200
    assert all(r.body is None for r in emulator.records)
    assert emulator.stats()["sent"] == 2


async def test_standalone_process(http: aiohttp.ClientSession) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.emulator",
        "--port",
        "0",
        "--no-limits",
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), timeout=20)).decode().strip()
        prefix = "emulator listening on "
        assert line.startswith(prefix + "http://127.0.0.1:"), line
        assert line.endswith("/"), line
        url = line[len(prefix) :]
        results = await asyncio.gather(
            *(
                call(http, "POST", f"{url}v3/conversations/a%3A1x/activities", message())
                for _ in range(20)
            )
        )
        assert {status for status, _, _ in results} == {201}
        _, stats, _ = await call(http, "GET", url + "_emulator/stats")
        assert (stats["received"], stats["accepted"]) == (20, 20)
    finally:
        process.send_signal(signal.SIGTERM)
        return_code = await asyncio.wait_for(process.wait(), timeout=20)
    assert return_code == 0


async def test_context_manager_stops_serving(http: aiohttp.ClientSession) -> None:
    async with ConnectorEmulator() as emulator:
        url = conv_url(emulator, "a:1x", "activities")
        assert (await call(http, "POST", url, message()))[0] == 201
    with pytest.raises(aiohttp.ClientConnectionError):
        await call(http, "POST", url, message())
