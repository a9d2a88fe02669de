"""The Teams side of baselines: the lead's `ny baseline` form, the open quality findings on
"skal" requirements to confirm, and the baseline made."""

from __future__ import annotations

from cards.baseline_cards import (
    ANY,
    FORM_FIELDS,
    CreatedView,
    FindingRow,
    baseline_form_card,
    created_card,
    findings_card,
)
from cards.texts import Language, text
from dialogs import quality
from dialogs.baselines.service import CreateBaseline, create_baseline, must_findings
from dialogs.kernel.access import sender_lead
from dialogs.kernel.context import DialogContext
from dialogs.kernel.errors import WorkflowError
from dialogs.kernel.fields import form_field
from dialogs.kernel.turns import CardResult, Message, TurnInput
from storage.uow import UnitOfWork


async def _groups(uow: UnitOfWork) -> list[tuple[str, str]]:
    return [(g.code, f"{g.code} – {g.name}") for g in await uow.groups.all()]


async def new_baseline(turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
    """`ny baseline`: the form for freezing requirements under a name (the project lead)."""
    async with ctx.db.read() as uow:
        if await sender_lead(uow, turn) is None:
            return [Message(text=text(turn.language, "baseline.error.not_allowed"))]
        groups = await _groups(uow)
    values = {"name": argument.strip()} if argument.strip() else None
    return [Message(card=baseline_form_card(turn.language, groups, values=values))]


def _request(values: dict[str, str], by: str) -> CreateBaseline:
    raw = values["requirements"].replace(";", ",").replace("\n", ",")
    keys = tuple(key.strip() for key in raw.split(",") if key.strip())
    group, status = (values[name].removeprefix(ANY) for name in ("group", "status"))
    return CreateBaseline(values["name"], by, group, status, keys)


def _refused(
    language: Language, groups: list[tuple[str, str]], values: dict[str, str], exc: WorkflowError
) -> CardResult:
    card = baseline_form_card(language, groups, values=values, problems=[exc.message(language)])
    return CardResult(card=card)


async def create_from_form(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`baseline-create`: list open findings on "skal" requirements first (unless confirmed),
    then freeze the baseline; a selection that does not work shows the form again."""
    language = turn.language
    values = {name: form_field(turn.data, name).strip() for name in FORM_FIELDS}
    async with ctx.db.uow() as uow:
        lead = await sender_lead(uow, turn)
        if lead is None:
            return CardResult(message=text(language, "baseline.error.not_allowed"), status=403)
        groups = await _groups(uow)
        request = _request(values, lead.name)
        try:
            if form_field(turn.data, "confirmed") != "yes":
                found = await must_findings(uow, quality.book_for(ctx), request)
                if found:
                    rows = [FindingRow(f.key, f.score, f.findings) for f in found]
                    return CardResult(card=findings_card(language, values, rows))
            baseline = await create_baseline(uow, request, language=ctx.default_language)
        except WorkflowError as exc:  # a BaselineError, or the decision log's own refusal
            return _refused(language, groups, values, exc)
        count = len(await uow.baselines.items(baseline))
        await uow.commit()
    view = CreatedView(baseline.name, count, baseline.fingerprint, baseline.decision_sequence)
    return CardResult(card=created_card(language, view))
