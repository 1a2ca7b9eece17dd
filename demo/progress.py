"""Each task's outcome as of a day, drawn once and reproducibly: done tasks get a
report (some with an evidence link or a small PDF), written in bulk."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections import Counter
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from campaigns.models import EvidenceFile, Plan, ProgressReport, Task
from channels.models import Channel

from .context import DemoContext

ONLINE_REACH = (300, 5000)
MEETING_PARTICIPANTS = (20, 180)
# Open tasks of the current year are overdue by days or weeks, never longer:
# anything due before this many days ago was done.
OVERDUE_AT_MOST_DAYS = 35
# One report in this many carries an evidence file (a small PDF), one in
# EVIDENCE_LINK_EVERY a link to the article or broadcast.
EVIDENCE_FILE_EVERY = 12
EVIDENCE_LINK_EVERY = 3


def _rng_for(task: Task) -> random.Random:
    """A generator seeded by the task's natural key: same draw on every run."""
    key = f"{task.activity.title}|{task.unit.name}|{task.due_date}".encode()
    seed = int(hashlib.sha256(key).hexdigest()[:16], 16)
    # Demo data, not a secret.
    return random.Random(seed)  # noqa: S311  # nosec B311


def _outcome(task: Task, rng: random.Random, today: dt.date, complete: bool) -> str:
    """What became of a task by ``today``: a Task.Status value.

    A ``complete`` year: every task done. Otherwise, due before ``today -
    OVERDUE_AT_MOST_DAYS``: done. Due in the last weeks: one
    in three still open (overdue by days or weeks). Due in the coming week: some
    in progress, a few done early. Later: a few already in progress.
    """
    days_left = (task.due_date - today).days
    draw = rng.random()
    if complete or days_left < -OVERDUE_AT_MOST_DAYS:
        return Task.Status.DONE
    if days_left < 0:
        if draw < 0.3:
            return Task.Status.TODO
        if draw < 0.45:
            return Task.Status.IN_PROGRESS
        return Task.Status.DONE
    if days_left <= 7:
        if draw < 0.3:
            return Task.Status.IN_PROGRESS
        if draw < 0.45:
            return Task.Status.DONE
        return Task.Status.TODO
    return Task.Status.IN_PROGRESS if draw < 0.05 else Task.Status.TODO


def _is_online(channel: Channel) -> bool:
    return channel.form == Channel.Form.ONLINE or channel.code in {
        "truyen-thanh",
        "truyen-hinh",
        "bao-chi",
    }


def _report_for(
    task: Task,
    rng: random.Random,
    today: dt.date,
    ctx: DemoContext,
    complete: bool,
    budget_share: Decimal,
) -> ProgressReport:
    done_on = task.due_date + dt.timedelta(days=rng.randint(-6, 3))
    done_on = min(done_on, today - dt.timedelta(days=1), ctx.today)
    submitted_at = timezone.make_aware(dt.datetime.combine(done_on, dt.time(16)))
    online = _is_online(task.activity.channel)
    planned = task.planned_output or 1
    link = ""
    if online and rng.randrange(EVIDENCE_LINK_EVERY) == 0:
        link = f"https://{ctx.portal_domain}/tin-tuc/cchc-{task.pk}"
    # A closed year was reviewed in full; this year most reports were accepted
    # by the planner and a few still wait for review.
    accepted = complete or rng.random() >= 0.2
    reviewed_at = submitted_at + dt.timedelta(days=1) if accepted else None
    # What the unit spent: its share of the activity's budget, a little under
    # or over, in thousands of VND (drawn last: the draws above stay the same).
    actual_cost = (
        (budget_share * Decimal(rng.uniform(0.85, 1.05)) / 1000).quantize(Decimal(1))
        * 1000
        if budget_share
        else None
    )
    return ProgressReport(
        task=task,
        actual_output=max(0, planned + rng.choice([-1, 0, 0, 0, 1])),
        participants=None if online else rng.randint(*MEETING_PARTICIPANTS),
        reach=rng.randint(*ONLINE_REACH) if online else None,
        note="Đã thực hiện theo kế hoạch.",
        evidence_links=link,
        submitted_by=task.unit.head or ctx.planner,
        submitted_at=submitted_at,
        review_requested_at=submitted_at,
        review_status=ProgressReport.ReviewStatus.ACCEPTED
        if accepted
        else ProgressReport.ReviewStatus.SUBMITTED,
        reviewed_by=ctx.planner if accepted else None,
        reviewed_at=reviewed_at,
        actual_cost=actual_cost,
    )


def draw_progress(
    plan: Plan, *, today: dt.date, ctx: DemoContext, complete: bool = False
) -> None:
    """Give every task of ``plan`` its outcome as of ``today``, once.

    Done tasks get a report (some with an evidence link, some with a file);
    in-progress and open tasks get none. Deterministic: each task's draw is
    seeded by its natural key.
    """
    tasks = list(
        Task.objects.filter(activity__plan=plan, status=Task.Status.TODO)
        .select_related("activity__channel", "unit__head")
        .order_by("due_date", "pk")
    )
    live_tasks = Counter(task.activity_id for task in tasks)
    changed: list[Task] = []
    reports: list[ProgressReport] = []
    for task in tasks:
        rng = _rng_for(task)
        status = _outcome(task, rng, today, complete)
        if status == Task.Status.TODO:
            continue
        task.status = status
        if status == Task.Status.DONE:
            share = (task.activity.budget or Decimal(0)) / live_tasks[task.activity_id]
            report = _report_for(task, rng, today, ctx, complete, share)
            reports.append(report)
            task.completed_at = report.submitted_at
            task.accepted_at = report.reviewed_at
        changed.append(task)
    bulk_update_with_history(
        changed,
        Task,
        ["status", "completed_at", "accepted_at"],
        default_user=ctx.planner,
    )
    reports = bulk_create_with_history(reports, ProgressReport)
    _evidence_files(reports, ctx)


def _evidence_files(reports: list[ProgressReport], ctx: DemoContext) -> None:
    """A small PDF on one report in EVIDENCE_FILE_EVERY (stored privately)."""
    for index, report in enumerate(reports):
        if index % EVIDENCE_FILE_EVERY:
            continue
        task = report.task
        content = demo_pdf(f"{task.activity.title} - {task.due_date:%d/%m/%Y}")
        name = f"bao-cao-ket-qua-{task.due_date:%Y%m%d}.pdf"
        evidence = EvidenceFile(
            report=report,
            original_name=name,
            content_type="application/pdf",
            size=len(content),
            uploaded_by=report.submitted_by,
            uploaded_at=report.submitted_at,
        )
        evidence.file.save(name, ContentFile(content), save=False)
        evidence.save()


def demo_pdf(title: str) -> bytes:
    """A one-page PDF naming the task (ASCII only: a demo file, not a report)."""
    text = title.encode("ascii", "replace").decode().replace("(", "[").replace(")", "]")
    stream = f"BT /F1 12 Tf 40 800 Td ({text[:90]}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
