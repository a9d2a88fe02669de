"""The ROS risk register: risks with owner, likelihood and consequence (1-5), measures, status
and next review date; every change recorded; owners reminded on working days before a review;
`risiko` in Teams and `kravbot risks` on the command line."""

from __future__ import annotations

from typing import Final

from dialogs.kernel.registry import Workflow
from dialogs.risks.report import risks_section
from dialogs.risks.rules import level, matrix, score
from dialogs.risks.service import (
    REVIEW_JOB,
    RiskError,
    RiskValues,
    add_risk,
    change_risk,
    import_risks,
    on_review_reminder,
    risk_view,
    risk_views,
    schedule_reviews,
)
from dialogs.risks.teams import may_read, show_risks

WORKFLOW: Final = Workflow(
    "risks",
    commands={"risks": show_risks},
    timers={REVIEW_JOB: on_review_reminder},
    report_sections=(risks_section,),
)

__all__ = [
    "WORKFLOW",
    "RiskError",
    "RiskValues",
    "add_risk",
    "change_risk",
    "import_risks",
    "level",
    "matrix",
    "may_read",
    "risk_view",
    "risk_views",
    "schedule_reviews",
    "score",
]
