"""factory_boy factories for the whole domain."""

from __future__ import annotations

import datetime as dt

import factory
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
from audiences.models import AudienceGroup
from campaigns.models import (
    Activity,
    ContentTheme,
    Objective,
    Plan,
    ProgressReport,
    Reminder,
    ReminderSweep,
    Task,
    Unit,
)
from campaigns.tallies import tallies_kept
from channels.models import Channel
from organisation.models import Membership, Organisation

HOME = {
    "parent_name": "UBND tỉnh Quảng Nam",
    "name": "UBND xã Tam Xuân",
    "short_name": "Tam Xuân",
    "place": "Tam Xuân",
    "kind": Organisation.Kind.COMMUNE,
    "document_symbol": "BC-UBND",
    "signer_title": "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
    "signer_name": "Trần Văn An",
    "recipients": "Sở Nội vụ (b/c);\nLưu: VT.",
    "email_sender_name": "CCHC Tam Xuân",
}


def home_organisation(**fields: object) -> Organisation:
    """The organisation a test's rows and roles belong to unless it names
    another: the oldest one, created on first use; ``fields`` change it."""
    found = Organisation.objects.order_by("pk").first()
    if found is None:
        found = Organisation.objects.create(**{**HOME, **fields})
    elif fields:
        for name, value in fields.items():
            setattr(found, name, value)
        found.save()
    return found


class OrganisationFactory(factory.django.DjangoModelFactory):
    """Another organisation (a commune by default), with no one in it."""

    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"UBND xã Thử Nghiệm {n}")
    short_name = factory.Sequence(lambda n: f"Thử Nghiệm {n}")
    place = factory.Sequence(lambda n: f"Thử Nghiệm {n}")
    parent_name = "UBND thành phố Đà Nẵng"
    kind = Organisation.Kind.COMMUNE

    @classmethod
    def _create(cls, model_class: type, *args: object, **kwargs: object) -> object:
        home_organisation()  # the home organisation stays the oldest
        return super()._create(model_class, *args, **kwargs)


def _home(_object: object = None) -> Organisation:
    return home_organisation()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    password = factory.django.Password("secret-pass-123")

    @factory.post_generation
    def role(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        """``role="planner"``: that role in the home organisation, or in
        ``role__organisation``."""
        if create and extracted:
            organisation = kwargs.get("organisation") or home_organisation()
            Membership.objects.get_or_create(
                user=self, organisation=organisation, role=extracted
            )
            self.__dict__.pop("role_map", None)


class AudienceGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AudienceGroup
        django_get_or_create = ("organisation", "code")

    organisation = factory.LazyFunction(_home)
    name = factory.Sequence(lambda n: f"Đối tượng {n}")
    code = factory.Sequence(lambda n: f"audience-{n}")


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel
        django_get_or_create = ("organisation", "code")

    organisation = factory.LazyFunction(_home)
    name = factory.Sequence(lambda n: f"Hình thức {n}")
    code = factory.Sequence(lambda n: f"channel-{n}")
    output_unit = "bài"


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    organisation = factory.LazyFunction(_home)
    year = 2024
    number = factory.Sequence(lambda n: f"{n}/KH-UBND")
    title = factory.LazyAttribute(lambda p: f"Kế hoạch tuyên truyền CCHC năm {p.year}")
    issuer = factory.Sequence(lambda n: f"UBND huyện {n}")
    status = Plan.Status.ISSUED


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    plan = factory.SubFactory(PlanFactory)
    description = factory.Sequence(lambda n: f"Mục tiêu {n}")


class ContentThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContentTheme

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Nội dung {n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    organisation = factory.LazyFunction(_home)
    name = factory.Sequence(lambda n: f"UBND xã Tam {n}")
    kind = Unit.Kind.COMMUNE
    contact_email = factory.Sequence(lambda n: f"unit{n}@example.test")


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Hoạt động {n}")
    theme = factory.SubFactory(
        ContentThemeFactory, plan=factory.SelfAttribute("..plan")
    )
    channel = factory.SubFactory(ChannelFactory)
    lead_unit = factory.SubFactory(UnitFactory)
    start_date = dt.date(2024, 1, 1)
    due_date = dt.date(2024, 3, 31)
    planned_output = 1

    @factory.post_generation
    def supporting_units(
        self, create: bool, extracted: list[Unit] | None, **kwargs: object
    ) -> None:
        if create and extracted:
            self.supporting_units.set(extracted)

    @factory.post_generation
    def audience_groups(
        self, create: bool, extracted: list[AudienceGroup] | None, **kwargs: object
    ) -> None:
        if create and extracted:
            self.audience_groups.set(extracted)


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    activity = factory.SubFactory(ActivityFactory)
    plan = factory.SelfAttribute("activity.plan")
    unit = factory.SelfAttribute("activity.lead_unit")
    due_date = factory.SelfAttribute("activity.due_date")
    planned_output = 1
    status = Task.Status.TODO
    # A done task made by a factory is one whose report a planner accepted, so
    # that it counts as done whether or not review is required.
    accepted_at = factory.LazyAttribute(
        lambda t: (
            (t.completed_at or timezone.now()) if t.status == Task.Status.DONE else None
        )
    )
    completed_at = None

    @classmethod
    def _create(cls, model_class: type[Task], *args: object, **kwargs: object) -> Task:
        """Saved with the progress counters kept, as the services keep them (a
        model's save does not)."""
        made: list[Task] = []
        with tallies_kept(lambda: Q(pk__in=[task.pk for task in made])):
            made.append(super()._create(model_class, *args, **kwargs))
        return made[0]


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    task = factory.SubFactory(TaskFactory)
    actual_output = 1
    submitted_by = factory.SubFactory(UserFactory)

    @classmethod
    def _create(
        cls, model_class: type[ProgressReport], *args: object, **kwargs: object
    ) -> ProgressReport:
        """Saved with its task's progress counters kept (a report waiting for
        review counts), as the services keep them."""
        with tallies_kept(Q(pk=kwargs["task"].pk)):
            return super()._create(model_class, *args, **kwargs)


# Reminders.
class ReminderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reminder

    task = factory.SubFactory(TaskFactory)
    kind = Reminder.Kind.BEFORE_DUE
    day = dt.date(2024, 6, 15)
    days_offset = 3
    recipient = factory.SubFactory(UserFactory)
    email = factory.LazyAttribute(lambda r: r.recipient.email if r.recipient else "")
    status = Reminder.Status.SENT


class ReminderSweepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReminderSweep

    day = dt.date(2024, 6, 15)
    started_at = factory.LazyFunction(timezone.now)
    finished_at = factory.LazyAttribute(lambda s: s.started_at)
    recipients = 3
    reminders_created = 7
    emails_queued = 2


# --- workspace and notifications ---


class EvidenceFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "campaigns.EvidenceFile"

    report = factory.SubFactory(ProgressReportFactory)
    file = factory.django.FileField(
        filename="evidence.pdf", data=b"%PDF-1.4\n%test evidence\n%%EOF\n"
    )
    original_name = "Bao cao.pdf"
    content_type = "application/pdf"
    size = 30
    uploaded_by = factory.SelfAttribute("report.submitted_by")


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "notifications.Notification"

    organisation = factory.LazyFunction(_home)
    recipient = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Thông báo {n}")


def tasks_update(tasks: QuerySet[Task], **fields: object) -> int:
    """``tasks.update(**fields)`` for setting a test's scene, with the progress
    counters kept (a bare update() writes around them)."""
    with tallies_kept(Q(pk__in=list(tasks.values_list("pk", flat=True)))):
        return tasks.update(**fields)
