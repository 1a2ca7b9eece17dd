"""An activity's audit trail: who changed what and when, read from its history
and its tasks' (django-simple-history), in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Count,
    Max,
    Min,
)

from accounts.models import User
from audiences.models import AudienceGroup
from campaigns.models import (
    Activity,
    Task,
    Unit,
)
from channels.models import Channel


@dataclass
class AuditChange:
    field: str
    old: str
    new: str


@dataclass
class AuditEntry:
    when: dt.datetime
    who: str
    action: str
    subject: str
    changes: list[AuditChange] = field(default_factory=list)
    count: int = 1


def _display(value: Any, lookups: dict[str, dict[Any, str]], name: str) -> str:
    if value is None or value == "":
        return "—"
    if name in lookups:
        return lookups[name].get(value, f"#{value}")
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, bool):
        from django.utils.translation import gettext

        return gettext("yes") if value else gettext("no")
    return str(value)


def _record_diff(
    record: Any, previous: Any, fields: list[Any], lookups: dict[str, dict[Any, str]]
) -> list[AuditChange]:
    changes = []
    for model_field in fields:
        name = model_field.attname
        old, new = getattr(previous, name), getattr(record, name)
        if old != new:
            label = str(model_field.verbose_name)
            if model_field.choices:
                choices = dict(model_field.flatchoices)
                old, new = choices.get(old, old), choices.get(new, new)
            changes.append(
                AuditChange(
                    label,
                    _display(old, lookups, name),
                    _display(new, lookups, name),
                )
            )
    return changes


# search_text is a derived copy (campaigns.search) and not kept in the history.
_SKIPPED_FIELDS = {
    "id",
    "version",
    "created_at",
    "updated_at",
    "created_by",
    "search_text",
}


def activity_audit_trail(*, activity: Activity, limit: int = 60) -> list[AuditEntry]:
    """Who changed what and when: the activity itself and its tasks.

    Task creations of one expansion are folded into one line ("24 tasks created").
    """
    from django.utils.translation import gettext

    units = dict(Unit.objects.values_list("pk", "name"))
    lookups = {
        "lead_unit_id": units,
        "unit_id": units,
        "theme_id": dict(activity.plan.themes.values_list("pk", "title")),
        "channel_id": dict(Channel.objects.values_list("pk", "name")),
        "plan_id": {activity.plan_id: str(activity.plan)},
    }
    audiences = dict(AudienceGroup.objects.values_list("pk", "name"))
    fields = [
        f for f in Activity._meta.concrete_fields if f.name not in _SKIPPED_FIELDS
    ]
    history = list(
        activity.history.select_related("history_user").order_by(
            "history_date", "history_id"
        )
    )
    history_model = type(activity.history.model())
    m2m = {}
    for name, names in (("supporting_units", units), ("audience_groups", audiences)):
        through = getattr(history_model, name).model
        column = "unit_id" if name == "supporting_units" else "audiencegroup_id"
        rows = through.objects.filter(
            history__in=[h.history_id for h in history]
        ).values_list("history_id", column)
        by_record: dict[int, set[str]] = {}
        for history_id, pk in rows:
            by_record.setdefault(history_id, set()).add(names.get(pk, f"#{pk}"))
        m2m[name] = by_record
    m2m_labels = {
        "supporting_units": str(
            Activity._meta.get_field("supporting_units").verbose_name
        ),
        "audience_groups": str(
            Activity._meta.get_field("audience_groups").verbose_name
        ),
    }

    entries: list[AuditEntry] = []
    previous = None
    for record in history:
        who = _who(record.history_user)
        if record.history_type == "+":
            entries.append(
                AuditEntry(
                    record.history_date, who, gettext("created"), gettext("activity")
                )
            )
        else:
            changes: list[AuditChange] = (
                _record_diff(record, previous, fields, lookups) if previous else []
            )
            for name, by_record in m2m.items():
                if previous is None:
                    continue
                old = by_record.get(previous.history_id, set())
                new = by_record.get(record.history_id, set())
                if old != new:
                    changes.append(
                        AuditChange(
                            m2m_labels[name],
                            ", ".join(sorted(old)) or "—",
                            ", ".join(sorted(new)) or "—",
                        )
                    )
            if changes:
                entries.append(
                    AuditEntry(
                        record.history_date,
                        who,
                        gettext("changed"),
                        gettext("activity"),
                        changes,
                    )
                )
        previous = record

    entries.extend(_task_audit(activity=activity, lookups=lookups, limit=limit))
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit]


def _who(user: User | None) -> str:
    if user is None:
        from django.utils.translation import gettext

        return gettext("system")
    return user.get_full_name() or user.username


def _task_audit(
    *, activity: Activity, lookups: dict[str, dict[Any, str]], limit: int
) -> list[AuditEntry]:
    from django.utils.translation import gettext, ngettext

    history_model = Task.history.model
    entries: list[AuditEntry] = []
    created = (
        history_model.objects.filter(activity_id=activity.pk, history_type="+")
        .values("history_user")
        .annotate(
            n=Count("history_id"), when=Max("history_date"), first=Min("history_date")
        )
        .order_by()
    )
    users = (
        {
            u.pk: u
            for u in User.objects.filter(
                pk__in=[row["history_user"] for row in created if row["history_user"]]
            )
        }
        if created
        else {}
    )
    for row in created:
        entries.append(
            AuditEntry(
                row["when"],
                _who(users.get(row["history_user"])),
                gettext("created"),
                ngettext("%(n)s task", "%(n)s tasks", row["n"]) % {"n": row["n"]},
                count=row["n"],
            )
        )
    changed_ids = history_model.objects.filter(
        activity_id=activity.pk, history_type__in=("~", "-")
    ).values("id")
    records = list(
        history_model.objects.filter(id__in=changed_ids)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    fields = [
        f
        for f in Task._meta.concrete_fields
        if f.name not in _SKIPPED_FIELDS | {"activity", "plan", "completed_at"}
    ]
    previous = None
    for record in records:
        if previous is not None and previous.id == record.id:
            unit = lookups["unit_id"].get(record.unit_id, "")
            subject = f"{unit} · {record.due_date:%d/%m/%Y}"
            if record.history_type == "-":
                entries.append(
                    AuditEntry(
                        record.history_date,
                        _who(record.history_user),
                        gettext("removed"),
                        subject,
                    )
                )
            else:
                changes = _record_diff(record, previous, fields, lookups)
                if changes:
                    entries.append(
                        AuditEntry(
                            record.history_date,
                            _who(record.history_user),
                            gettext("changed"),
                            gettext("task %(subject)s") % {"subject": subject},
                            changes,
                        )
                    )
        previous = record
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit]
