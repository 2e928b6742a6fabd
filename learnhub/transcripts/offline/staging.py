"""The uploaded import file between its preview and the confirm, kept where member
imports keep theirs (org.importing.staging, purpose "offline_training"): the browser
carries only a random token bound to the manager; the confirm takes the file once (a
second click or a replayed form finds it gone), re-reads exactly the previewed bytes and
checks them again (never rows sent back by the client), and the file is deleted with the
confirm's transaction. Abandoned previews expire after an hour and are swept."""

from __future__ import annotations

from learnhub.core.errors import NotFound
from learnhub.core.messages import N_
from learnhub.core.timeutil import now_utc
from learnhub.org.importing import staging as import_staging
from learnhub.org.models import Member

PURPOSE = "offline_training"


class StagedFileGone(NotFound):
    code = "offline_import_gone"
    message = N_("这次导入已经确认过或已过期，请重新上传文件。")


def stage(actor: Member, filename: str, data: bytes) -> str:
    """The token of the staged file (the caller commits)."""
    return import_staging.stage_upload(actor.id, filename, data, deactivate_missing=False,
                                       issue_passwords=False, now=now_utc(),
                                       purpose=PURPOSE).token


def take(actor: Member, token: str) -> import_staging.StagedUpload:
    """The previewed file, taken by this confirm only and removed from staging in the
    caller's transaction (a rolled-back confirm leaves it there to try again)."""
    try:
        staged = import_staging.claim_upload(token, actor.id, now_utc(), purpose=PURPOSE)
    except import_staging.StagedImportGone:
        raise StagedFileGone() from None
    import_staging.discard(staged.token)
    return staged
