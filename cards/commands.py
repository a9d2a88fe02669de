"""The words people type to Kravbot, per language, and how a message is matched to a command.

The vocabulary is user-facing text, so it lives here with the other catalogues; `dialogs/`
decides what each command does.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Final

from cards.texts import Language


@dataclass(frozen=True, slots=True)
class CommandSpec:
    """A command: its stable name, the words that start it, and its help line."""

    name: str
    words: dict[Language, tuple[str, ...]]
    description_key: str
    # Shown in the help card as the example to type, per language.
    example: dict[Language, str]


COMMANDS: Final[tuple[CommandSpec, ...]] = (
    CommandSpec(
        name="help",
        words={"nb": ("hjelp",), "nn": ("hjelp",), "en": ("help", "?")},
        description_key="command.help.description",
        example={"nb": "hjelp", "nn": "hjelp", "en": "help"},
    ),
    # Catalogue in Teams: groups, linking, member sync, requirements.
    CommandSpec(
        name="groups",
        words={"nb": ("grupper",), "nn": ("grupper",), "en": ("groups",)},
        description_key="command.groups.description",
        example={"nb": "grupper", "nn": "grupper", "en": "groups"},
    ),
    CommandSpec(
        name="requirement",
        words={"nb": ("krav",), "nn": ("krav",), "en": ("req", "requirement")},
        description_key="command.requirement.description",
        example={"nb": "krav HJT-014", "nn": "krav HJT-014", "en": "req HJT-014"},
    ),
    CommandSpec(
        name="requirement_search",
        words={
            "nb": ("krav søk", "krav sok"),
            "nn": ("krav søk", "krav sok"),
            "en": ("req search", "requirement search"),
        },
        description_key="command.requirement_search.description",
        example={"nb": "krav søk journal", "nn": "krav søk journal", "en": "req search record"},
    ),
    CommandSpec(
        name="quality",
        words={"nb": ("kravkvalitet",), "nn": ("kravkvalitet",), "en": ("quality",)},
        description_key="command.quality.description",
        example={"nb": "kravkvalitet HJT", "nn": "kravkvalitet HJT", "en": "quality HJT"},
    ),
    CommandSpec(
        name="link",
        words={"nb": ("koble",), "nn": ("kople",), "en": ("link",)},
        description_key="command.link.description",
        example={"nb": "koble HJT", "nn": "kople HJT", "en": "link HJT"},
    ),
    CommandSpec(
        name="sync_members",
        words={"nb": ("synk medlemmer",), "nn": ("synk medlemar",), "en": ("sync members",)},
        description_key="command.sync_members.description",
        example={"nb": "synk medlemmer", "nn": "synk medlemar", "en": "sync members"},
    ),
    CommandSpec(
        name="who_missing",
        words={"nb": ("hvem mangler",), "nn": ("kven manglar",), "en": ("who is missing",)},
        description_key="command.who_missing.description",
        example={"nb": "hvem mangler HJT", "nn": "kven manglar HJT", "en": "who is missing HJT"},
    ),
    CommandSpec(
        name="new_group",
        words={"nb": ("ny gruppe",), "nn": ("ny gruppe",), "en": ("new group",)},
        description_key="command.new_group.description",
        example={"nb": "ny gruppe", "nn": "ny gruppe", "en": "new group"},
    ),
    # Decision log.
    CommandSpec(
        name="decisions",
        words={"nb": ("beslutninger",), "nn": ("avgjerder",), "en": ("decisions",)},
        description_key="command.decisions.description",
        example={"nb": "beslutninger", "nn": "avgjerder", "en": "decisions"},
    ),
    CommandSpec(
        name="decision",
        words={"nb": ("beslutning",), "nn": ("avgjerd",), "en": ("decision",)},
        description_key="command.decision.description",
        example={"nb": "beslutning 1", "nn": "avgjerd 1", "en": "decision 1"},
    ),
    CommandSpec(
        name="new_decision",
        words={"nb": ("ny beslutning",), "nn": ("ny avgjerd",), "en": ("new decision",)},
        description_key="command.new_decision.description",
        example={"nb": "ny beslutning", "nn": "ny avgjerd", "en": "new decision"},
    ),
    # Decision polls.
    CommandSpec(
        name="new_poll",
        words={
            "nb": ("ny avstemning",),
            "nn": ("ny avrøysting", "ny avroysting", "ny avstemming"),
            "en": ("new poll",),
        },
        description_key="command.new_poll.description",
        example={"nb": "ny avstemning", "nn": "ny avrøysting", "en": "new poll"},
    ),
    CommandSpec(
        name="open_polls",
        words={
            "nb": ("avstemninger",),
            "nn": ("avrøystingar", "avroystingar"),
            "en": ("polls",),
        },
        description_key="command.open_polls.description",
        example={"nb": "avstemninger", "nn": "avrøystingar", "en": "polls"},
    ),
    # Milestones.
    CommandSpec(
        name="milestones",
        words={
            "nb": ("milepæler", "milepaeler"),
            "nn": ("milepælar", "milepaelar"),
            "en": ("milestones",),
        },
        description_key="command.milestones.description",
        example={"nb": "milepæler", "nn": "milepælar", "en": "milestones"},
    ),
    # The steering group's overview.
    CommandSpec(
        name="participation",
        words={"nb": ("deltakelse",), "nn": ("deltaking",), "en": ("participation",)},
        description_key="command.participation.description",
        example={"nb": "deltakelse", "nn": "deltaking", "en": "participation"},
    ),
    CommandSpec(
        name="risks",
        words={"nb": ("risiko",), "nn": ("risiko",), "en": ("risks", "risk")},
        description_key="command.risks.description",
        example={"nb": "risiko", "nn": "risiko", "en": "risks"},
    ),
    CommandSpec(
        name="status_report",
        words={"nb": ("statusrapport",), "nn": ("statusrapport",), "en": ("status report",)},
        description_key="command.status_report.description",
        example={"nb": "statusrapport", "nn": "statusrapport", "en": "status report"},
    ),
    # Review rounds.
    CommandSpec(
        name="new_review",
        words={"nb": ("ny gjennomgang",), "nn": ("ny gjennomgang",), "en": ("new review",)},
        description_key="command.new_review.description",
        example={"nb": "ny gjennomgang", "nn": "ny gjennomgang", "en": "new review"},
    ),
    CommandSpec(
        name="close_review",
        words={
            "nb": ("avslutt gjennomgang",),
            "nn": ("avslutt gjennomgang",),
            "en": ("close review",),
        },
        description_key="command.close_review.description",
        example={
            "nb": "avslutt gjennomgang 1",
            "nn": "avslutt gjennomgang 1",
            "en": "close review 1",
        },
    ),
    CommandSpec(
        name="reviews",
        words={"nb": ("gjennomganger",), "nn": ("gjennomgangar",), "en": ("reviews",)},
        description_key="command.reviews.description",
        example={"nb": "gjennomganger", "nn": "gjennomgangar", "en": "reviews"},
    ),
    # Baselines and endorsements.
    CommandSpec(
        name="new_baseline",
        words={"nb": ("ny baseline",), "nn": ("ny baseline",), "en": ("new baseline",)},
        description_key="command.new_baseline.description",
        example={"nb": "ny baseline", "nn": "ny baseline", "en": "new baseline"},
    ),
    CommandSpec(
        name="new_endorsement",
        words={
            "nb": ("ny tilslutning",),
            "nn": ("ny tilslutning",),
            "en": ("new endorsement",),
        },
        description_key="command.new_endorsement.description",
        example={"nb": "ny tilslutning", "nn": "ny tilslutning", "en": "new endorsement"},
    ),
    CommandSpec(
        name="endorsement_status",
        words={"nb": ("tilslutning",), "nn": ("tilslutning",), "en": ("endorsement",)},
        description_key="command.endorsement_status.description",
        example={"nb": "tilslutning 1", "nn": "tilslutning 1", "en": "endorsement 1"},
    ),
    CommandSpec(
        name="close_endorsement",
        words={
            "nb": ("avslutt tilslutning",),
            "nn": ("avslutt tilslutning",),
            "en": ("close endorsement",),
        },
        description_key="command.close_endorsement.description",
        example={
            "nb": "avslutt tilslutning 1",
            "nn": "avslutt tilslutning 1",
            "en": "close endorsement 1",
        },
    ),
)

_MENTION = re.compile(r"<at>.*?</at>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True, slots=True)
class ParsedCommand:
    """A matched command and the rest of the message after its words."""

    name: str
    argument: str


def clean_message_text(raw: str) -> str:
    """The text a person typed: mentions of the bot and HTML from Teams removed, spaces folded."""
    without_mentions = _MENTION.sub(" ", raw)
    plain = html.unescape(_TAG.sub(" ", without_mentions))
    return " ".join(plain.split())


def parse_command(raw: str) -> ParsedCommand | None:
    """Match a message to a command in any language; None when nothing matches."""
    cleaned = clean_message_text(raw)
    lowered = cleaned.lower()
    best: tuple[int, CommandSpec] | None = None
    for spec in COMMANDS:
        for words in spec.words.values():
            for word in words:
                matches = lowered == word or lowered.startswith(word + " ")
                if matches and (best is None or len(word) > best[0]):
                    best = (len(word), spec)
    if best is None:
        return None
    length, spec = best
    return ParsedCommand(name=spec.name, argument=cleaned[length:].strip())
