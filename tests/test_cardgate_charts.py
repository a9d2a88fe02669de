"""The card gate accepts exactly a Teams chart with an element fallback (design.md section 4)."""

from __future__ import annotations

from typing import Any

from cards.base import adaptive_card, facts, paragraph
from cards.charts import bar_chart, donut_chart
from tests.support.cardgate import card_problems


def _card(*elements: dict[str, Any]) -> dict[str, Any]:
    return adaptive_card([paragraph("Deltakelse"), *elements], fallback_text="Deltakelse")


def _bars() -> dict[str, Any]:
    return bar_chart("Svar", [("Skien", 60, "good"), ("Vinje", 0, "attention")], ["60 %", "0 %"])


def test_chart_with_element_fallback_passes() -> None:
    assert card_problems(_card(_bars())) == []
    assert card_problems(_card(donut_chart("Risiko", [("Høy", 2, "attention")]))) == []


def test_two_charts_with_fallbacks_pass() -> None:
    assert card_problems(_card(_bars(), donut_chart("Risiko", [("Lav", 1, "good")]))) == []


def test_chart_without_fallback_is_rejected() -> None:
    chart = _bars()
    del chart["fallback"]
    problems = card_problems(_card(chart))
    assert any("needs a FactSet or Table fallback" in p for p in problems)
    assert any(p.startswith("renderer: UnknownElementType") for p in problems)


def test_chart_with_drop_fallback_is_rejected() -> None:
    chart = _bars() | {"fallback": "drop"}
    assert any("needs a FactSet or Table fallback" in p for p in card_problems(_card(chart)))


def test_chart_falling_back_to_text_is_rejected() -> None:
    chart = _bars() | {"fallback": paragraph("60 %")}
    assert any("needs a FactSet or Table fallback" in p for p in card_problems(_card(chart)))


def test_one_fallback_does_not_excuse_a_second_chart() -> None:
    bare = _bars()
    del bare["fallback"]
    problems = card_problems(_card(_bars(), bare))
    assert any(p.startswith("renderer: UnknownElementType") for p in problems)


def test_unknown_chart_kind_and_bad_data_are_rejected() -> None:
    unknown = _bars() | {"type": "Chart.Radar"}
    assert any("unknown type 'Chart.Radar'" in p for p in card_problems(_card(unknown)))
    shapeless = _bars() | {"data": [{"label": "Skien"}]}
    assert any("does not show the chart's numbers" in p for p in card_problems(_card(shapeless)))


def test_a_bad_fallback_is_still_checked_by_the_schema() -> None:
    chart = _bars() | {"fallback": facts([("Skien", "60 %")]) | {"colour": "red"}}
    assert any(p.startswith("schema:") for p in card_problems(_card(chart)))


def test_unknown_elements_other_than_charts_stay_rejected() -> None:
    odd = {"type": "Carousel", "pages": [], "fallback": facts([("a", "b")])}
    assert card_problems(_card(odd))
