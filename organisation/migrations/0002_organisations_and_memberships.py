"""The one profile becomes the first of many organisations; roles move from the
role groups into memberships of that organisation."""

from __future__ import annotations

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

ROLES = ("planner", "unit_head", "unit_staff", "admin", "leader")


def memberships_from_role_groups(apps, schema_editor) -> None:
    Group = apps.get_model("auth", "Group")
    Organisation = apps.get_model("organisation", "Organisation")
    Membership = apps.get_model("organisation", "Membership")
    User = apps.get_model("accounts", "User")
    members = User.groups.through.objects.filter(group__name__in=ROLES)
    if members.exists():
        organisation = Organisation.objects.order_by("pk").first()
        if organisation is None:
            organisation = Organisation.objects.create(
                name="Cơ quan (chưa đặt tên)", short_name="", place=""
            )
        Membership.objects.bulk_create(
            [
                Membership(
                    user_id=row.user_id,
                    organisation=organisation,
                    role=row.group.name,
                )
                for row in members.select_related("group")
            ],
            ignore_conflicts=True,
        )
    Group.objects.filter(name__in=ROLES).delete()


def role_groups_from_memberships(apps, schema_editor) -> None:
    Group = apps.get_model("auth", "Group")
    Membership = apps.get_model("organisation", "Membership")
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role)
        users = Membership.objects.filter(role=role).values_list("user_id", flat=True)
        group.user_set.add(*set(users))


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0001_organisation_profile"),
        ("accounts", "0004_calendar_token"),
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="organisationprofile", name="organisation_profile_singleton"
        ),
        migrations.RenameModel("OrganisationProfile", "Organisation"),
        migrations.AlterModelOptions(
            name="organisation",
            options={
                "ordering": ("name",),
                "verbose_name": "organisation",
                "verbose_name_plural": "organisations",
            },
        ),
        migrations.AddField(
            model_name="organisation",
            name="kind",
            field=models.CharField(
                choices=[
                    ("province", "Province or city People's Committee"),
                    ("department", "Department, board or sector"),
                    ("commune", "Commune"),
                    ("ward", "Ward"),
                    ("special_zone", "Special zone"),
                    ("district", "District (before 1 July 2025)"),
                    ("other", "Other body"),
                ],
                default="commune",
                max_length=16,
                verbose_name="kind",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="parent",
            field=models.ForeignKey(
                blank=True,
                help_text="The body that sees this one's figures rolled up.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="children",
                to="organisation.organisation",
                verbose_name="parent organisation",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="is_active",
            field=models.BooleanField(default=True, verbose_name="active"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="created_at",
            field=models.DateTimeField(
                auto_now_add=True,
                default=django.utils.timezone.now,
                verbose_name="created at",
            ),
            preserve_default=False,
        ),
        migrations.AddIndex(
            model_name="organisation",
            index=models.Index(
                fields=["parent", "kind"], name="organisatio_parent__idx"
            ),
        ),
        migrations.CreateModel(
            name="Membership",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("planner", "Planner"),
                            ("unit_head", "Unit head"),
                            ("unit_staff", "Unit staff"),
                            ("admin", "Administrator"),
                            ("leader", "Leader"),
                        ],
                        max_length=16,
                        verbose_name="role",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="created at"),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to="organisation.organisation",
                        verbose_name="organisation",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
            ],
            options={
                "verbose_name": "membership",
                "verbose_name_plural": "memberships",
                "indexes": [
                    models.Index(
                        fields=["user", "organisation"], name="organisatio_user_id_idx"
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("organisation", "user", "role"), name="membership_once"
                    )
                ],
            },
        ),
        migrations.RunPython(
            memberships_from_role_groups, role_groups_from_memberships
        ),
    ]
