"""The member import as the admin pages and `learnhub members import` both run it: plan the
roster (`plan_import`: every check, nothing written), then `confirm` the plan (the same
checks before writing, one transaction, one audit event). The pages add what the browser
needs between its requests (`preview_upload`, `confirm_staged`), kept in `staging`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from learnhub.core.errors import Conflict
from learnhub.org.importing import staging
from learnhub.org.importing.parse import ImportProblem
from learnhub.org.importing.passwords import passwords_csv
from learnhub.org.importing.plan import (
    ImportInvalid,
    ImportPlan,
    ImportResult,
    apply_plan,
    plan_import,
)
from learnhub.org.models import Member


class PlanChanged(Conflict):
    """The members or units changed between the preview and the confirm."""

    code = "import_plan_changed"
    message = "预览之后成员数据有了变化，没有写入任何数据。请核对下面新的预览后再确认。"


def confirm(plan: ImportPlan, *, actor: Member | None, now: datetime, source: str,
            issue_passwords: bool, previewed_digest: str | None = None) -> ImportResult | None:
    """Apply the plan in the caller's transaction, or None when it would change nothing (and
    nothing, not even an audit event, is written). With `previewed_digest`, refuse with
    PlanChanged unless the plan is exactly the one the admin saw."""
    if previewed_digest is not None and plan.digest() != previewed_digest:
        raise PlanChanged()
    if not plan.writes_anything:
        return None
    return apply_plan(plan, actor, now=now, source=source, issue_passwords=issue_passwords)


@dataclass(frozen=True)
class Preview:
    plan: ImportPlan
    staged: staging.StagedUpload | None  # None: the file changes nothing, there is no confirm


def preview_upload(actor: Member, filename: str, data: bytes, *, deactivate_missing: bool,
                   issue_passwords: bool, now: datetime, today: date) -> Preview:
    """The plan of an uploaded roster, with the upload staged for its confirm when there is
    anything to confirm. Raises ImportInvalid listing every problem (staging nothing)."""
    plan = plan_import(filename, data, deactivate_missing=deactivate_missing, actor=actor,
                       today=today)
    return _staged_preview(actor, plan, filename, data, deactivate_missing=deactivate_missing,
                           issue_passwords=issue_passwords, now=now)


def _staged_preview(actor: Member, plan: ImportPlan, filename: str, data: bytes, *,
                    deactivate_missing: bool, issue_passwords: bool, now: datetime) -> Preview:
    if not plan.writes_anything:
        return Preview(plan, None)
    return Preview(plan, staging.stage_upload(actor.id, filename, data,
                                              deactivate_missing=deactivate_missing,
                                              issue_passwords=issue_passwords, now=now))


@dataclass(frozen=True)
class StagedConfirm:
    """How confirming a staged upload ended: applied; or refused because the file no longer
    passes (`problems`); or refused because the plan changed (`changed`, a new preview)."""

    applied: ImportResult | None = None
    problems: list[ImportProblem] = field(default_factory=list)
    changed: Preview | None = None


def confirm_staged(staged: staging.StagedUpload, *, actor: Member, previewed_digest: str,
                   now: datetime, today: date) -> StagedConfirm:
    """Confirm a claimed upload: re-read the staged file, re-plan it, and apply it only if
    the plan is exactly the one previewed. The result and the initial passwords then wait
    for the result page. A refused confirm forgets the upload; a changed plan is previewed
    (and staged) anew, to be confirmed in its turn."""
    try:
        plan = plan_import(staged.filename, staged.data,
                           deactivate_missing=staged.deactivate_missing, actor=actor, today=today)
    except ImportInvalid as invalid:  # e.g. a unit was deactivated since the preview
        staging.discard(staged.token)
        return StagedConfirm(problems=invalid.problems)
    try:
        result = confirm(plan, actor=actor, now=now, source="web",
                         issue_passwords=staged.issue_passwords,
                         previewed_digest=previewed_digest)
    except PlanChanged:
        staging.discard(staged.token)
        return StagedConfirm(changed=_staged_preview(
            actor, plan, staged.filename, staged.data,
            deactivate_missing=staged.deactivate_missing,
            issue_passwords=staged.issue_passwords, now=now))
    if result is None:  # the preview offered nothing to confirm
        result = ImportResult(plan.counts, [], None)
    staging.save_result(staged.token, {"filename": plan.filename, "counts": result.counts,
                                       "passwords": len(result.passwords)},
                        passwords_csv(result.passwords) if result.passwords else None, now)
    return StagedConfirm(applied=result)
