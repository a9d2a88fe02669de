"""Charts in Adaptive Cards as Teams renders them (`Chart.*` in version-1.5 cards), each with an
element fallback holding the same numbers, so a client without charts (and a screen reader)
still gets every value."""

from __future__ import annotations

from collections.abc import Sequence

from cards.base import Element, facts

# Colours Teams' chart palette names; the numbers never depend on colour alone (the fallback
# and the legend carry them as text).
GOOD = "good"
WARNING = "warning"
ATTENTION = "attention"


def bar_chart(
    title: str, bars: Sequence[tuple[str, int, str]], value_text: Sequence[str]
) -> Element:
    """A horizontal bar chart of (label, value, colour), with a FactSet of `value_text`."""
    return {
        "type": "Chart.HorizontalBar",
        "title": title,
        "data": [{"x": label, "y": value, "color": color} for label, value, color in bars],
        "fallback": facts(
            [(label, shown) for (label, _, _), shown in zip(bars, value_text, strict=True)]
        ),
    }


def donut_chart(title: str, slices: Sequence[tuple[str, int, str]]) -> Element:
    """A donut of (legend, value, colour), with a FactSet of the same counts."""
    return {
        "type": "Chart.Donut",
        "title": title,
        "data": [
            {"legend": legend, "value": value, "color": color} for legend, value, color in slices
        ],
        "fallback": facts([(legend, str(value)) for legend, value, _ in slices]),
    }
