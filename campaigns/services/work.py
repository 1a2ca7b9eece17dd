"""Writes of a unit's work on its tasks: reports, evidence, task status.

Who may act: :func:`campaigns.policy.can_report` (the task's head, its assigned
staff member, a planner or admin), :func:`campaigns.policy.can_reopen_task`.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from notifications.models import Notification

from ..lifecycle import DRAFT_MESSAGE, plan_lock_for_write
from ..models import EvidenceFile, Plan, ProgressReport, Task
from ..policy import can_reopen_task, can_report, require
from ..revisions import task_touch
from ..tallies import report_awaiting
from ..tally_moves import TaskFigures, tallies_task_moved, task_figures
from ..uploads import CheckedUpload
from .notify import task_notify
from .reviews import report_submitted_notify

logger = logging.getLogger(__name__)

REPORT_FIELDS = (
    "actual_output",
    "participants",
    "reach",
    "actual_cost",
    "note",
    "evidence_links",
)


@contextmanager
def _files_removed_on_failure() -> Iterator[list[str]]:
    """A transaction whose stored evidence files are deleted if it fails."""
    names: list[str] = []
    try:
        with transaction.atomic():
            yield names
    except BaseException:
        storage = EvidenceFile._meta.get_field("file").storage
        for name in names:
            storage.delete(name)
        raise


TASK_GONE_CODE = "task_gone"


def _locked(
    task: Task, *, user: User, rule: Callable[[User, Task], bool] = can_report
) -> Task:
    """The task row locked for this transaction, with what the rules and the
    counters read (its unit and head, activity and planner, assignee, and
    ``awaiting``: a report of it waits for review).

    Every write of this module goes through here, so the rules hold for all: a
    task removed meanwhile is a clear ``task_gone`` error, the plan is locked
    first (:func:`campaigns.lifecycle.plan_lock_for_write`: a closed plan
    refuses, ``plan_closed``, and cannot close before this commits), then the
    task: the order issuing a plan takes, so the two never wait on each other.
    ``user`` must pass ``rule`` on the task as it now is (``PermissionDenied``)
    and a draft plan's tasks take no work yet.
    """
    try:
        plan = plan_lock_for_write(task.plan_id)
        task = (
            Task.objects.select_for_update(of=("self",))
            .select_related("unit__head", "activity__created_by", "assignee")
            .annotate(awaiting=report_awaiting())
            .get(pk=task.pk)
        )
        if task.plan_id != plan.pk:
            # Its activity moved to another plan meanwhile (rare): that one.
            plan = plan_lock_for_write(task.plan_id)
    except (Task.DoesNotExist, Plan.DoesNotExist) as exc:
        raise ValidationError(
            _(
                "This task was removed from the plan while you were working on "
                "it: nothing was saved. Your text is kept below; copy it and "
                "ask the planner."
            ),
            code=TASK_GONE_CODE,
        ) from exc
    task.plan = plan
    task.activity.plan = plan
    require(rule, user, task)
    if plan.is_draft:
        raise ValidationError(DRAFT_MESSAGE, code="plan_draft")
    return task


def _figures(task: Task, *, awaiting: bool | None = None) -> TaskFigures:
    """Where the locked ``task`` counts now; ``awaiting`` as read under the
    lock unless the write changed it."""
    return task_figures(
        task,
        awaiting=task.awaiting if awaiting is None else awaiting,  # type: ignore[attr-defined]
    )


def _store_evidence(
    *,
    report: ProgressReport,
    user: User,
    uploads: Iterable[CheckedUpload],
    names: list[str],
) -> list[EvidenceFile]:
    stored = []
    for upload in uploads:
        evidence = EvidenceFile(
            report=report,
            original_name=upload.name,
            content_type=upload.mime,
            size=upload.size,
            uploaded_by=user,
        )
        # upload_to gives a random name; its extension is the real content's,
        # never the one the user typed.
        evidence.file.save(f"evidence.{upload.kind}", upload.file, save=False)
        names.append(evidence.file.name)
        stored.append(evidence)
    return EvidenceFile.objects.bulk_create(stored)


def _require_open(task: Task) -> None:
    if not task.is_open:
        raise ValidationError(
            _("This task is %(status)s: it takes no new report."),
            code="closed",
            params={"status": task.get_status_display().lower()},
        )


def report_create(
    *,
    task: Task,
    user: User,
    data: dict[str, object],
    uploads: Iterable[CheckedUpload] = (),
    mark_done: bool = False,
    submission_key: uuid.UUID | None = None,
) -> ProgressReport:
    """File a report on an open task; a task still to do is then in progress,
    or done at once with ``mark_done``.

    ``submission_key`` is the form's one-time key: a form sent again (a double
    click, a resent request) returns the report its first sending filed and
    files nothing. ``PermissionDenied`` unless ``user`` may report on the task
    (:func:`campaigns.policy.can_report`); ``ValidationError`` for a task removed
    meanwhile, not open, of a closed or draft plan, or invalid fields.
    """
    with _files_removed_on_failure() as names:
        task = _locked(task, user=user)
        task_touch(task)
        # The task's lock orders two sendings of one form: the second sees the
        # first's report here once it commits.
        if first := _filed_with(submission_key, task):
            return first
        _require_open(task)
        before = _figures(task)
        report = ProgressReport(
            task=task, submitted_by=user, submission_key=submission_key
        )
        for field in REPORT_FIELDS:
            setattr(report, field, data.get(field, getattr(report, field)))
        report.full_clean(
            exclude=["task", "submitted_by", "submission_key"],
            validate_constraints=False,
        )
        try:
            # No savepoint: under the task's lock, a key taken can only be
            # another task's form's (a forged request); the transaction then
            # ends here with the error.
            report.save()
        except IntegrityError:
            raise ValidationError(SENT_TWICE, code="sent_twice") from None
        _store_evidence(report=report, user=user, uploads=uploads, names=names)
        if mark_done:
            _mark_done(task=task, user=user, has_report=True, notify=False)
        elif task.status == Task.Status.TODO:
            _set_status(task, Task.Status.IN_PROGRESS)
        after = _figures(task, awaiting=before.awaiting or report.awaits_review)
        tallies_task_moved(before, after)
        report_submitted_notify(report=report, actor=user, again=False, done=mark_done)
    return report


SENT_TWICE = _("This form was already sent. Open the task again to see its reports.")


def _filed_with(key: uuid.UUID | None, task: Task) -> ProgressReport | None:
    """The report of ``task`` a form with ``key`` already filed, if any."""
    if key is None:
        return None
    return ProgressReport.objects.filter(submission_key=key, task=task).first()


def report_update(
    *,
    report: ProgressReport,
    user: User,
    data: dict[str, object],
    uploads: Iterable[CheckedUpload] = (),
    expected_version: int | None,
) -> ProgressReport:
    """Correct a report; simple_history keeps the version it replaces.

    ``expected_version`` is the report's version when the form was opened: if
    someone saved it since, ``ValidationError`` (code ``stale``) is raised and
    nothing is saved, rather than the later save silently winning. Without it
    (None: a form that lost its version field) the edit is refused too (code
    ``no_version``): it could overwrite someone's save unseen.
    """
    if expected_version is None:
        raise ValidationError(
            _(
                "This form does not say which version of the report it edits: "
                "nothing was saved. Open the report again and redo your change."
            ),
            code="no_version",
        )
    with _files_removed_on_failure() as names:
        task = _locked(report.task, user=user)
        task_touch(task)
        before = _figures(task)
        if task.status == Task.Status.CANCELLED:
            raise ValidationError(
                _("This task is cancelled: its reports can no longer change."),
                code="cancelled",
            )
        report = ProgressReport.objects.select_for_update().get(pk=report.pk)
        _require_editable(report)
        if report.version != expected_version:
            raise ValidationError(
                _(
                    "Someone else saved this report while you were editing it: "
                    "nothing was saved. Your text is kept below; open the report "
                    "again in another tab to see their version, then save yours."
                ),
                code="stale",
            )
        changed = [
            field for field in REPORT_FIELDS if getattr(report, field) != data[field]
        ]
        for field in changed:
            setattr(report, field, data[field])
        if changed:
            report.full_clean(
                exclude=["task", "submitted_by"], validate_constraints=False
            )
            report._change_reason = gettext("Edited by %(user)s") % {
                "user": user.get_full_name() or user.username
            }
            report.version += 1
            report.save(update_fields=[*changed, "version", "updated_at"])
        resubmitted = _resubmit_if_returned(
            report, uploads_or_changes=bool(changed or uploads)
        )
        if resubmitted:
            report_submitted_notify(report=report, actor=user, again=True)
        _store_evidence(report=report, user=user, uploads=uploads, names=names)
        if resubmitted:
            tallies_task_moved(before, _figures(task, awaiting=True))
    return report


def _require_editable(report: ProgressReport) -> None:
    """An accepted report is final until a planner reopens its task."""
    if report.review_status == ProgressReport.ReviewStatus.ACCEPTED:
        raise ValidationError(
            _(
                "This report was accepted: it can no longer change unless a "
                "planner reopens the task."
            ),
            code="accepted",
        )


def _resubmit_if_returned(report: ProgressReport, *, uploads_or_changes: bool) -> bool:
    """A returned report that the unit corrects goes back for review (True)."""
    if report.review_status != ProgressReport.ReviewStatus.RETURNED:
        return False
    if not uploads_or_changes:
        return False
    report.review_status = ProgressReport.ReviewStatus.SUBMITTED
    report.review_requested_at = timezone.now()
    report._change_reason = gettext("Sent for review again")
    report.save(update_fields=["review_status", "review_requested_at", "updated_at"])
    return True


@transaction.atomic
def evidence_delete(*, evidence: EvidenceFile, user: User) -> None:
    """Remove a file from a report while its task is open; the file goes too.
    The removal is recorded (who, when, which file: the evidence's history),
    and shown on the task's timeline."""
    task = _locked(evidence.report.task, user=user)
    task_touch(task)
    _require_open(task)
    _require_editable(evidence.report)
    logger.info(
        "Evidence %s (%s) of task %s removed by %s",
        evidence.pk,
        evidence.original_name,
        task.pk,
        user.pk,
    )
    evidence._history_user = user  # type: ignore[attr-defined]  # simple-history's
    evidence.delete()  # the stored file goes once this commits (campaigns.signals)


def _set_status(task: Task, status: str, *, reason: str = "") -> None:
    task.status = status
    task.completed_at = timezone.now() if status == Task.Status.DONE else None
    if reason:
        task._change_reason = reason
    task.save(update_fields=["status", "completed_at", "accepted_at", "updated_at"])


@transaction.atomic
def task_start(*, task: Task, user: User) -> Task:
    """A task still to do is now in progress."""
    task = _locked(task, user=user)
    task_touch(task)
    if task.status != Task.Status.TODO:
        raise ValidationError(
            _("Only a task still to do can be started."), code="not_todo"
        )
    before = _figures(task)
    _set_status(task, Task.Status.IN_PROGRESS)
    tallies_task_moved(before, _figures(task))
    return task


def _mark_done(
    *, task: Task, user: User, has_report: bool = False, notify: bool = True
) -> None:
    """Mark the locked ``task`` done (``has_report``: the caller just filed
    one); the activity's planner is told unless ``notify`` is False (a report
    filed with "done" tells the reviewers itself)."""
    _require_open(task)
    if not has_report and not task.reports.exists():
        raise ValidationError(
            _("File a progress report before marking the task done."),
            code="no_report",
        )
    _set_status(task, Task.Status.DONE)
    if not notify:
        return
    with override(settings.LANGUAGE_CODE):
        title = gettext("%(unit)s finished: %(activity)s") % {
            "unit": task.unit.display_name,
            "activity": task.activity.title,
        }
    task_notify(
        [task.activity.created_by],
        actor=user,
        kind=Notification.Kind.TASK_DONE,
        title=title,
        task=task,
    )


@transaction.atomic
def task_mark_done(*, task: Task, user: User) -> Task:
    """Done only with at least one report; the activity's planner is told."""
    task = _locked(task, user=user)
    task_touch(task)
    before = _figures(task)
    _mark_done(task=task, user=user)
    tallies_task_moved(before, _figures(task))
    return task


@transaction.atomic
def task_reopen(*, task: Task, user: User, reason: str) -> Task:
    """A planner sends a done task back to its unit, saying why; its head and
    assignee are told."""
    task = _locked(task, user=user, rule=can_reopen_task)
    task_touch(task)
    if task.status != Task.Status.DONE:
        raise ValidationError(_("Only a done task can be reopened."), code="not_done")
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why the task is reopened."), code="no_reason")
    before = _figures(task)
    task.accepted_at = None
    _set_status(task, Task.Status.IN_PROGRESS, reason=reason[:100])
    # Accepted reports become editable again: they are returned with the reason.
    accepted = list(
        task.reports.filter(review_status=ProgressReport.ReviewStatus.ACCEPTED)
    )
    for report in accepted:
        report.review_status = ProgressReport.ReviewStatus.RETURNED
        report.reviewed_by = user
        report.reviewed_at = timezone.now()
        report.review_comment = reason
        report._change_reason = gettext("Returned")
        report.save(
            update_fields=[
                "review_status",
                "reviewed_by",
                "reviewed_at",
                "review_comment",
                "updated_at",
            ]
        )
    tallies_task_moved(before, _figures(task))
    with override(settings.LANGUAGE_CODE):
        title = gettext("Task reopened: %(activity)s") % {
            "activity": task.activity.title
        }
    task_notify(
        [task.unit.head, task.assignee],
        actor=user,
        kind=Notification.Kind.TASK_REOPENED,
        title=title,
        body=reason,
        task=task,
    )
    return task
