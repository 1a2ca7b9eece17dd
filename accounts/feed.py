"""The personal iCal feed: one's tasks at a secret, revocable address.

``/calendar/feed/<token>.ics`` is read by a phone's calendar app, which cannot
sign in: the token in the address is the only credential. It is 32 random bytes
(``secrets.token_urlsafe``), stored on the user, replaced to revoke an address
that leaked. The feed shows only tasks the user may see (``visible_to``):
a staff member's assigned tasks, a head's units' tasks, and for the district
roles the occurrences of the activities they wrote.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Min, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from icalendar import Calendar, Event

from campaigns.models import Task

from .models import User

#: How far back the feed reaches, and how many events it holds at most.
FEED_PAST_DAYS = 90
FEED_MAX_EVENTS = 2000


@transaction.atomic
def calendar_token_regenerate(*, user: User) -> str:
    """Give the user a new feed token; the previous address stops working."""
    user.calendar_token = User.new_calendar_token()
    user.save(update_fields=["calendar_token"])
    return user.calendar_token


@transaction.atomic
def calendar_token_revoke(*, user: User) -> None:
    # An empty token means "no feed"; it is not a secret.
    user.calendar_token = ""  # nosec B105
    user.save(update_fields=["calendar_token"])


def user_for_token(*, token: str) -> User | None:
    """The active user owning ``token``; None for an empty or unknown one."""
    if not token or len(token) < 20:
        return None
    return User.objects.filter(calendar_token=token, is_active=True).first()


def feed_tasks(*, user: User, today: dt.date) -> QuerySet[Task]:
    """The user's own tasks from FEED_PAST_DAYS ago on, within what they see."""
    tasks = Task.objects.visible_to(user).filter(
        due_date__gte=today - dt.timedelta(days=FEED_PAST_DAYS)
    )
    if user.sees_whole_district:
        return tasks.filter(activity__created_by=user)
    if user.is_unit_staff and not user.is_unit_head:
        return tasks.filter(assignee=user)
    return tasks


def feed_calendar(*, user: User, today: dt.date | None = None) -> bytes:
    """The .ics body: an all-day event per task (per occurrence for planners).

    Two queries whatever the number of tasks (user lookup excluded).
    """
    today = today or timezone.localdate()
    tasks = feed_tasks(user=user, today=today).exclude(status=Task.Status.CANCELLED)
    calendar = Calendar()
    calendar.add("prodid", "-//CCHC communications plan//task feed//VI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    with override(settings.LANGUAGE_CODE):
        calendar.add("x-wr-calname", _("CCHC tasks"))
        if user.sees_whole_district:
            rows = (
                tasks.values("activity_id", "due_date", "activity__title")
                .annotate(units=Count("pk"), first=Min("pk"))
                .order_by("due_date", "activity_id")[:FEED_MAX_EVENTS]
            )
            for row in rows:
                event = Event()
                event.add(
                    "uid",
                    f"activity-{row['activity_id']}-{row['due_date']:%Y%m%d}@cchc",
                )
                event.add("summary", row["activity__title"])
                event.add("dtstart", row["due_date"])
                event.add("dtend", row["due_date"] + dt.timedelta(days=1))
                event.add("dtstamp", stamp)
                event.add(
                    "description",
                    _("%(count)d units") % {"count": row["units"]},
                )
                event.add(
                    "url", f"{settings.SITE_URL}/activities/{row['activity_id']}/"
                )
                calendar.add_component(event)
        else:
            lines = tasks.select_related("activity", "unit").order_by("due_date", "pk")[
                :FEED_MAX_EVENTS
            ]
            for task in lines:
                event = Event()
                event.add("uid", f"task-{task.pk}@cchc")
                summary = task.activity.title
                if task.status == Task.Status.DONE:
                    summary = f"✓ {summary}"
                event.add("summary", summary)
                event.add("dtstart", task.due_date)
                event.add("dtend", task.due_date + dt.timedelta(days=1))
                event.add("dtstamp", stamp)
                event.add(
                    "description",
                    f"{task.unit.name} · {task.get_status_display()}",
                )
                event.add("url", f"{settings.SITE_URL}{task.get_absolute_url()}")
                calendar.add_component(event)
    return calendar.to_ical()
