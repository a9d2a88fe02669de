"""Every text with a count reads right at 0, 1 and 2, in every language."""

from __future__ import annotations

import re

import pytest

from cards.texts import LANGUAGES, TEXTS, placeholders, plural_counts, plural_forms, text

COUNTED = sorted(
    key for key, entry in TEXTS.items() if any(plural_counts(t) for t in entry.values())
)


def _values(key: str, count: int) -> dict[str, object]:
    names = set().union(*(placeholders(t) for t in TEXTS[key].values()))
    counts = set().union(*(plural_counts(t) for t in TEXTS[key].values()))
    numeric = {
        name
        for template in TEXTS[key].values()
        for name in re.findall(r"\{(\w+), (?:number|percent)\}", template)
    }
    return {
        name: count if name in counts else 7 if name in numeric else f"<{name}>" for name in names
    }


def test_the_texts_named_in_the_issue_have_plural_forms() -> None:
    for key in (
        "decisions.list.intro",
        "milestones.reminder.overdue_days",
        "milestones.reminder.escalation",
        "decisions.verify.intact",
        "review.opened",
        "review.closed_now",
        "polls.cli.opened",
        "imports.export.written",
    ):
        assert key in COUNTED, key


@pytest.mark.parametrize("key", COUNTED)
@pytest.mark.parametrize("count", [0, 1, 2])
def test_counted_text_renders_the_form_for_its_count(key: str, count: int) -> None:
    for language in LANGUAGES:
        template = TEXTS[key][language]
        rendered = text(language, key, **_values(key, count))
        assert "{" not in rendered and "#" not in rendered, rendered
        for forms in plural_forms(template).values():
            # nb, nn and en: `one` at 1, `other` at 0 and 2 (CLDR), unless `=N` says otherwise.
            wanted = forms.get(f"={count}") or forms.get("one" if count == 1 else "other")
            assert wanted is not None
            first_words = wanted.replace("#", str(count)).split("{")[0].strip()
            assert first_words in rendered, (language, rendered)


@pytest.mark.parametrize(
    ("language", "key", "values", "expected"),
    [
        ("nb", "decisions.list.intro", {"count": 1}, "Den siste beslutningen."),
        ("nb", "decisions.list.intro", {"count": 10}, "De 10 siste beslutningene, nyeste først."),
        ("nn", "decisions.list.intro", {"count": 1}, "Den siste avgjerda."),
        ("en", "decisions.list.intro", {"count": 2}, "The 2 latest decisions, newest first."),
        (
            "nb",
            "milestones.reminder.overdue_days",
            {"days": 1},
            "Fristen gikk ut for 1 arbeidsdag siden.",
        ),
        (
            "nn",
            "milestones.reminder.overdue_days",
            {"days": 3},
            "Fristen gjekk ut for 3 arbeidsdagar sidan.",
        ),
        ("en", "milestones.reminder.overdue_days", {"days": 1}, "Overdue by 1 working day."),
        (
            "nb",
            "milestones.reminder.escalation",
            {"days": 5},
            "Til styringsgruppen: milepælen er 5 arbeidsdager over fristen",
        ),
        ("nb", "decisions.verify.intact", {"count": 1}, "1 beslutning, kjeden er intakt"),
        ("en", "decisions.verify.intact", {"count": 0}, "0 decisions, chain intact"),
        (
            "en",
            "imports.export.written",
            {"count": 1, "file": "k.xlsx"},
            "Wrote 1 requirement to k.xlsx",
        ),
        (
            "nb",
            "review.closed_now",
            {"id": 3, "agreed": 1, "contested": 1},
            "Gjennomgang nr. 3 er avsluttet: 1 krav er omforent, 1 er omstridt.",
        ),
        (
            "nn",
            "review.closed_now",
            {"id": 3, "agreed": 2, "contested": 0},
            "Gjennomgang nr. 3 er avslutta: 2 krav er omforeinte, 0 er omstridde.",
        ),
        (
            "en",
            "polls.cli.opened",
            {"id": 4, "group": "STY", "electorate": 1, "deadline": "4 December 2026 15:00"},
            "Poll 4 opened in STY with 1 voter; deadline 4 December 2026 15:00.",
        ),
        (
            "nb",
            "catalogue.sync.directory_failed",
            {"count": 1},
            "Entra ID svarte ikke for 1 person, så kommunen er ikke satt for dem.",
        ),
    ],
)
def test_plural_examples(language: str, key: str, values: dict[str, object], expected: str) -> None:
    assert text(language, key, **values) == expected


def test_large_counts_are_written_the_languages_way() -> None:
    assert (
        text("nb", "decisions.verify.intact", count=12345)
        == "12\xa0345 beslutninger, kjeden er intakt"
    )
    assert text("en", "decisions.verify.intact", count=12345) == "12,345 decisions, chain intact"
