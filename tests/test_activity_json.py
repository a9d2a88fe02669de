"""Outgoing activities: the card contents skip msrest's walk, and the JSON is the same."""

from __future__ import annotations

import copy
from typing import Any

from botbuilder.schema import Activity, Attachment, ConversationAccount
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.adapter import activity_json

_LEAVES = st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.text(max_size=20)
_JSON = st.recursive(
    _LEAVES,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=30,
)


def _stock(activity: Activity) -> dict[str, Any]:
    body: dict[str, Any] = activity.serialize()
    conversation = body["conversation"]
    conversation["tenantId"] = conversation.pop("tenantID")
    return body


@settings(max_examples=200, deadline=None)
@given(
    contents=st.lists(st.dictionaries(st.text(max_size=8), _JSON, max_size=5), max_size=3),
    text=st.text(max_size=30),
)
def test_the_json_is_what_msrest_makes_of_the_whole_activity(
    contents: list[dict[str, Any]], text: str
) -> None:
    attachments = [
        Attachment(content_type="application/vnd.microsoft.card.adaptive", content=content)
        for content in contents
    ] + [Attachment(content_type="text/html", name="kept as it is")]
    activity = Activity(
        type="message",
        text=text,
        attachments=attachments,
        conversation=ConversationAccount(id="a:1", tenant_id="t"),
    )
    expected = _stock(copy.deepcopy(activity))
    assert activity_json(activity) == expected
    # The activity itself is left as it was (a retry serializes it again).
    assert [a.content for a in activity.attachments] == [*contents, None]
