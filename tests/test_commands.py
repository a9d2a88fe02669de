"""Matching what people type to commands, in three languages."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cards.commands import COMMANDS, clean_message_text, parse_command


@pytest.mark.parametrize(
    "typed",
    [
        "hjelp",
        "Hjelp",
        "  HJELP ",
        "help",
        "?",
        "<at>Kravbot</at> hjelp",
        "<at>Kravbot</at>&nbsp;help",
    ],
)
def test_help_in_every_form(typed: str) -> None:
    command = parse_command(typed)
    assert command is not None
    assert command.name == "help"
    assert command.argument == ""


def test_argument_is_kept_as_typed() -> None:
    command = parse_command("<at>Kravbot</at> hjelp  Krav  HJT-014")
    assert command is not None
    assert command.argument == "Krav HJT-014"


@pytest.mark.parametrize("typed", ["", "hjelpe", "hei", "<at>Kravbot</at>", "helpful"])
def test_not_a_command(typed: str) -> None:
    assert parse_command(typed) is None


def test_mentions_and_markup_are_removed() -> None:
    assert clean_message_text("<at>Kravbot</at> <p>hjelp</p>&amp;") == "hjelp &"


@given(st.text(max_size=300))
def test_any_text_parses_without_error(typed: str) -> None:
    command = parse_command(typed)
    assert command is None or command.name in {spec.name for spec in COMMANDS}
