"""Tests of the card quality gate (tests/support/cardgate.py) that all card tests rely on.

Each defect case asserts the exact list of problems, so a check that stops firing, or one that
starts firing on something else, fails here.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.support import cardgate, skips
from tests.support.cardgate import (
    MAX_MESSAGE_BYTES,
    assert_card_ok,
    card_problems,
    input_problems,
    message_bytes_of,
    schema_problems,
    size_problems,
    version_problems,
)

Card = dict[str, Any]


def good_card() -> Card:
    """A Teams card using everything the bot needs: all of it valid Adaptive Card 1.5."""
    return {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": "1.5",
        "msteams": {"width": "Full"},
        "refresh": {
            "action": {"type": "Action.Execute", "verb": "refreshRequirement", "data": {"id": 7}},
            "userIds": ["29:1a2b3c", "29:4d5e6f"],
        },
        "body": [
            {"type": "TextBlock", "text": "Krav 7: Legemiddelliste", "style": "heading"},
            {
                "type": "FactSet",
                "facts": [
                    {"title": "Kommune", "value": "Tromsø"},
                    {"title": "Frist", "value": "1. desember"},
                ],
            },
            {
                "type": "Input.ChoiceSet",
                "id": "priority",
                "label": "Prioritet",
                "choices": [
                    {"title": "Må", "value": "must"},
                    {"title": "Bør", "value": "should"},
                ],
                "value": "must",
            },
            {
                "type": "Input.Text",
                "id": "comment",
                "label": "Kommentar",
                "isMultiline": True,
                "maxLength": 2000,
                "placeholder": "Hva mener dere?",
            },
            {
                "type": "ActionSet",
                "actions": [
                    {
                        "type": "Action.Execute",
                        "title": "Lagre",
                        "verb": "saveComment",
                        "data": {"requirementId": 7},
                    }
                ],
            },
            {
                "type": "TextBlock",
                "text": "Teams viser denne",
                "wrap": True,
                "fallback": "drop",
            },
        ],
        "actions": [{"type": "Action.Submit", "title": "Send", "data": {"kind": "answer"}}],
    }


# --- the defects, each applied to a copy of the good card --------------------------------------


def _append(element: Card) -> Callable[[Card], None]:
    def mutate(card: Card) -> None:
        card["body"].append(element)

    return mutate


def _set(index: int, key: str, value: Any) -> Callable[[Card], None]:
    def mutate(card: Card) -> None:
        card["body"][index][key] = value

    return mutate


def _drop(index: int, key: str) -> Callable[[Card], None]:
    def mutate(card: Card) -> None:
        del card["body"][index][key]

    return mutate


def _set_card(key: str, value: Any) -> Callable[[Card], None]:
    def mutate(card: Card) -> None:
        card[key] = value

    return mutate


def _role_on_submit(card: Card) -> None:
    card["actions"][0]["role"] = "Button"


def _pad_to_90_kb(card: Card) -> None:
    """Pad a TextBlock so that the message is exactly 90,000 bytes."""
    card["body"].append({"type": "TextBlock", "text": "", "wrap": True})
    card["body"][-1]["text"] = "x" * (90_000 - message_bytes_of(card))


UNLABELLED = "has no label; screen readers need one (Teams accessibility)"

DEFECTS = [
    pytest.param(
        _append({"type": "Kravliste", "items": []}),
        [
            "schema: body[6]: unknown type 'Kravliste' (not in the 1.5 schema here)",
            'renderer: UnknownElementType: Unknown element type "Kravliste". '
            "Fallback will be used if present.",
        ],
        id="unknown-element-type",
    ),
    pytest.param(
        _set(0, "size", "huge"),
        [
            "schema: body[0].size: 'huge' is not one of "
            "['default', 'small', 'medium', 'large', 'extraLarge']",
            'renderer: InvalidPropertyValue (TextBlock): Invalid value "huge" for property "size".',
        ],
        id="misspelled-property-value",
    ),
    pytest.param(
        _set(0, "colour", "good"),
        ["schema: body[0]: Additional properties are not allowed ('colour' was unexpected)"],
        id="misspelled-property-name",
    ),
    pytest.param(
        # labelPosition is new in 1.6 (inline labels); the 1.5 renderer would ignore it.
        _set(3, "labelPosition", "inline"),
        [
            "schema: body[3]: Additional properties are not allowed "
            "('labelPosition' was unexpected)",
            "renderer: UnsupportedProperty (Input.Text id 'comment'): Property \"labelPosition\" "
            "is supported in version 1.6, but you are using version 1.5.",
        ],
        id="1.6-only-input-labelPosition",
    ),
    pytest.param(
        _role_on_submit,
        [
            "schema: actions[0]: Additional properties are not allowed ('role' was unexpected)",
            'renderer: UnsupportedProperty (Action.Submit): Property "role" is supported in '
            "version 1.6, but you are using version 1.5.",
        ],
        id="1.6-only-action-role",
    ),
    pytest.param(
        # Carousel is a 1.6 element: even with a fallback Teams-bound cards must not use it.
        _append({"type": "Carousel", "pages": [], "fallback": "drop"}),
        [
            "schema: body[6]: unknown type 'Carousel' (not in the 1.5 schema here)",
            'renderer: UnknownElementType: Unknown element type "Carousel". '
            "Fallback will be used if present.",
        ],
        id="1.6-only-element-carousel",
    ),
    pytest.param(
        _set_card("version", "1.6"),
        [
            "version: 1.6 is above 1.5, the highest version Teams renders",
            "renderer: UnsupportedCardVersion (AdaptiveCard): The specified card version (1.6) "
            "is not supported or still in preview. The latest released card version is 1.5.",
        ],
        id="card-version-1.6",
    ),
    pytest.param(
        lambda card: card.pop("version"),
        ["version: card needs a string version (at most 1.5), got None"],
        id="card-version-missing",
    ),
    pytest.param(
        _drop(2, "label"),
        [f"input: body[2] (Input.ChoiceSet) {UNLABELLED}"],
        id="input-without-label",
    ),
    pytest.param(
        _set(3, "label", "   "),
        [f"input: body[3] (Input.Text) {UNLABELLED}"],
        id="input-with-blank-label",
    ),
    pytest.param(
        _set(3, "id", "priority"),
        [
            "renderer: DuplicateId (Input.Text id 'priority'): Duplicate Id \"priority\".",
            "input: body[3] (Input.Text) repeats id 'priority' of body[2] (Input.ChoiceSet); "
            "ids must be unique or the submitted values overwrite each other",
        ],
        id="duplicate-input-ids",
    ),
    pytest.param(
        _drop(3, "id"),
        [
            "schema: body[3]: 'id' is a required property",
            "renderer: PropertyCantBeNull (Input.Text): All inputs must have a unique Id.",
            "input: body[3] (Input.Text) has no id",
        ],
        id="input-without-id",
    ),
    pytest.param(
        _set(3, "isRequired", True),
        [
            "renderer: RequiredInputsShouldHaveErrorMessage (Input.Text id 'comment'): "
            "Required inputs should have an error message",
        ],
        id="required-input-without-errorMessage",
    ),
    pytest.param(
        _set_card("msteams", {"width": "Wide"}),
        ["schema: msteams.width: 'Wide' is not one of ['Full']"],
        id="teams-width-misspelled",
    ),
    pytest.param(
        _pad_to_90_kb,
        [
            "size: message is 90,000 bytes; it must stay under 80,000 "
            "(Teams recommends 80 KB, rejects about 100 KB with 413 MessageSizeTooBig)"
        ],
        id="card-of-90-kb",
    ),
]


# --- gate as a whole (needs Node) ----------------------------------------------------------------


@pytest.mark.node
def test_good_card_passes() -> None:
    card = good_card()
    assert card_problems(card) == []
    assert_card_ok(card)


@pytest.mark.node
@pytest.mark.parametrize(("mutate", "expected"), DEFECTS)
def test_defect_is_reported(mutate: Callable[[Card], None], expected: list[str]) -> None:
    card = good_card()
    mutate(card)
    assert card_problems(card) == expected
    with pytest.raises(AssertionError) as raised:
        assert_card_ok(card)
    for problem in expected:
        assert problem in str(raised.value)


@pytest.mark.node
def test_assert_card_ok_lists_every_problem() -> None:
    card = good_card()
    card["version"] = "1.6"
    del card["body"][2]["label"]
    with pytest.raises(AssertionError, match=r"fails the card gate \(3\)") as raised:
        assert_card_ok(card)
    message = str(raised.value)
    assert "version: 1.6 is above 1.5" in message
    assert "UnsupportedCardVersion" in message
    assert f"input: body[2] (Input.ChoiceSet) {UNLABELLED}" in message


@pytest.mark.node
def test_message_bytes_overrides_measured_size() -> None:
    with pytest.raises(AssertionError, match="size: message is 95,000 bytes"):
        assert_card_ok(good_card(), message_bytes=95_000)
    assert_card_ok(good_card(), message_bytes=MAX_MESSAGE_BYTES - 1)


@pytest.mark.node
def test_problems_inside_show_card_are_found() -> None:
    card = good_card()
    card["actions"].append(
        {
            "type": "Action.ShowCard",
            "title": "Mer",
            "card": {
                "type": "AdaptiveCard",
                "body": [{"type": "Input.Date", "id": "priority", "size": "huge"}],
            },
        }
    )
    assert card_problems(card) == [
        "schema: actions[1].card.body[0]: Additional properties are not allowed "
        "('size' was unexpected)",
        "renderer: DuplicateId (Input.Date id 'priority'): Duplicate Id \"priority\".",
        "input: actions[1].card.body[0] (Input.Date) repeats id 'priority' of body[2] "
        "(Input.ChoiceSet); ids must be unique or the submitted values overwrite each other",
        f"input: actions[1].card.body[0] (Input.Date) {UNLABELLED}",
    ]


# --- the Node worker -----------------------------------------------------------------------------


def _worker_pid() -> int:
    renderer = cardgate._renderer
    assert renderer is not None
    return renderer.pid


@pytest.mark.node
def test_one_node_process_serves_all_cards() -> None:
    card_problems(good_card())
    pid = _worker_pid()
    for _ in range(20):
        card_problems(good_card())
    assert _worker_pid() == pid


@pytest.mark.node
def test_concurrent_checks_get_their_own_answers() -> None:
    """Threads share the worker; each must get the events of its own card, not a neighbour's."""
    cards: list[Card] = []
    for i in range(40):
        card = good_card()
        card["body"][0]["size"] = f"huge{i}"
        cards.append(card)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(card_problems, cards))
    for i, problems in enumerate(results):
        assert f'Invalid value "huge{i}" for property "size".' in problems[-1]


@pytest.mark.node
def test_worker_restarts_and_ignores_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    card_problems(good_card())
    old_pid = _worker_pid()
    cardgate._shutdown_renderer()
    monkeypatch.chdir(tmp_path)
    assert card_problems(good_card()) == []
    assert _worker_pid() != old_pid


def test_missing_node_skips_or_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    cardgate._shutdown_renderer()
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    expected = pytest.fail.Exception if skips.REQUIRE_ALL else pytest.skip.Exception
    with pytest.raises(expected, match=r"Node\.js"):
        card_problems(good_card())


def test_paths_come_from_the_repo_root() -> None:
    assert (cardgate.REPO_ROOT / "pyproject.toml").is_file()
    assert cardgate.NODE_SCRIPT.is_file()
    assert cardgate.RENDERER_LIBRARY.is_relative_to(cardgate.REPO_ROOT / "node_modules")


# --- single checks (no Node) ---------------------------------------------------------------------


def test_schema_accepts_the_good_card_and_teams_image_expand() -> None:
    card = good_card()
    card["body"].append(
        {
            "type": "Image",
            "url": "https://example.com/plan.png",
            "altText": "Plan",
            "msteams": {"allowExpand": True},
        }
    )
    assert schema_problems(card) == []


def test_schema_reports_deep_errors_at_their_path() -> None:
    card = good_card()
    card["body"].append(
        {"type": "Container", "items": [{"type": "TextBlock", "text": "x", "weight": "heavy"}]}
    )
    assert schema_problems(card) == [
        "schema: body[6].items[0].weight: 'heavy' is not one of ['default', 'lighter', 'bolder']"
    ]


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("1.0", []),
        ("1.5", []),
        ("1.6", ["version: 1.6 is above 1.5, the highest version Teams renders"]),
        ("2.0", ["version: 2.0 is above 1.5, the highest version Teams renders"]),
        ("1.10", ["version: 1.10 is above 1.5, the highest version Teams renders"]),
        ("latest", ["version: 'latest' is not a major.minor version"]),
        (1.5, ["version: card needs a string version (at most 1.5), got 1.5"]),
    ],
)
def test_version_limit(version: Any, expected: list[str]) -> None:
    card = good_card()
    card["version"] = version
    assert version_problems(card) == expected


def test_card_type_must_be_adaptive_card() -> None:
    card = good_card()
    del card["type"]
    assert version_problems(card) == ["version: top-level type must be 'AdaptiveCard', got None"]


def test_action_data_is_not_mistaken_for_inputs() -> None:
    card = good_card()
    card["actions"][0]["data"] = {"type": "Input.Text"}
    assert input_problems(card) == []


def test_size_limit_is_exclusive() -> None:
    card = good_card()
    assert size_problems(card, message_bytes=MAX_MESSAGE_BYTES - 1) == []
    assert size_problems(card, message_bytes=MAX_MESSAGE_BYTES) != []


def test_size_counts_non_ascii_as_sent_on_the_wire() -> None:
    """msrest sends `json.dumps` output: "ø" is the 6-byte escape \\u00f8, not 2 UTF-8 bytes."""
    with_o = copy.deepcopy(good_card())
    with_oe = copy.deepcopy(good_card())
    with_o["body"][0]["text"] = "o"
    with_oe["body"][0]["text"] = "ø"
    assert message_bytes_of(with_oe) - message_bytes_of(with_o) == 5


def _chart_card(chart: dict[str, Any]) -> Card:
    return {
        "type": "AdaptiveCard",
        "version": "1.5",
        "body": [{"type": "TextBlock", "text": "Kravkvalitet", "wrap": True}, chart],
    }


def _bar_chart(**changes: Any) -> dict[str, Any]:
    chart: dict[str, Any] = {
        "type": "Chart.VerticalBar",
        "title": "Krav etter kvalitet",
        "data": [{"x": "0–49", "y": 2}, {"x": "50–69", "y": 0}, {"x": "90–100", "y": 7}],
        "fallback": {
            "type": "FactSet",
            "facts": [
                {"title": "0–49", "value": "2"},
                {"title": "50–69", "value": "0"},
                {"title": "90–100", "value": "7"},
            ],
        },
    }
    chart.update(changes)
    return chart


def test_chart_with_a_fallback_showing_its_numbers_passes() -> None:
    assert card_problems(_chart_card(_bar_chart())) == []


def test_chart_with_a_table_fallback_passes() -> None:
    cells = [
        {"type": "TableRow", "cells": [_cell("Poeng"), _cell("Antall")]},
        {"type": "TableRow", "cells": [_cell("0–49"), _cell("2")]},
        {"type": "TableRow", "cells": [_cell("90–100"), _cell("7")]},
    ]
    table = {"type": "Table", "columns": [{"width": 1}, {"width": 1}], "rows": cells}
    chart = _bar_chart(
        type="Chart.Donut",
        data=[{"legend": "0–49", "value": 2}, {"legend": "90–100", "value": 7}],
        fallback=table,
    )
    assert card_problems(_chart_card(chart)) == []


def _cell(value: str) -> dict[str, Any]:
    return {"type": "TableCell", "items": [{"type": "TextBlock", "text": value}]}


def test_chart_without_fallback_is_rejected() -> None:
    chart = _bar_chart()
    del chart["fallback"]
    problems = card_problems(_chart_card(chart))
    assert any(p.startswith("schema: ") for p in problems)
    assert any(p.startswith("renderer: UnknownElementType") for p in problems)
    assert "chart: body[1] (Chart.VerticalBar) needs a FactSet or Table fallback" in " ".join(
        problems
    )


def test_chart_with_drop_or_text_fallback_is_rejected() -> None:
    for fallback in ("drop", {"type": "TextBlock", "text": "2, 0, 7"}):
        problems = card_problems(_chart_card(_bar_chart(fallback=fallback)))
        assert any(p.startswith("renderer: UnknownElementType") for p in problems), fallback
        assert any(p.startswith("chart: ") for p in problems), fallback


def test_chart_whose_fallback_shows_other_numbers_is_rejected() -> None:
    chart = _bar_chart()
    chart["fallback"]["facts"][2]["value"] = "8"
    problems = card_problems(_chart_card(chart))
    assert problems == [
        "chart: body[1] (Chart.VerticalBar) fallback does not show the chart's numbers "
        "[2.0, 0.0, 7.0]"
    ]


def test_unknown_chart_type_is_rejected_even_with_fallback() -> None:
    problems = card_problems(_chart_card(_bar_chart(type="Chart.Radar")))
    assert any("unknown type 'Chart.Radar'" in p for p in problems)
    assert any(p.startswith("renderer: UnknownElementType") for p in problems)


def test_other_unknown_elements_are_still_rejected_next_to_a_chart() -> None:
    card = _chart_card(_bar_chart())
    card["body"].append(
        {"type": "Carousel", "pages": [], "fallback": {"type": "TextBlock", "text": "x"}}
    )
    problems = card_problems(card)
    assert any(p.startswith("renderer: UnknownElementType") for p in problems)


def test_a_chart_passes_only_with_an_element_fallback() -> None:
    from cards.endorsement_cards import status_chart

    chart = status_chart("nb", {"endorse": 3, "no_answer": 2})
    card = good_card()
    card["body"].append(chart)
    assert card_problems(card) == []
    without = copy.deepcopy(card)
    del without["body"][-1]["fallback"]
    assert any("fallback" in problem for problem in card_problems(without))
    dropped = copy.deepcopy(card)
    dropped["body"][-1]["fallback"] = "drop"
    assert any("fallback" in problem for problem in card_problems(dropped))
