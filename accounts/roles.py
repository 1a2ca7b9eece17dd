"""The five roles of docs/design.md, held per organisation (organisation.Membership)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PLANNER = "planner", _("Planner")
    UNIT_HEAD = "unit_head", _("Unit head")
    UNIT_STAFF = "unit_staff", _("Unit staff")
    ADMIN = "admin", _("Administrator")
    LEADER = "leader", _("Leader")


# Roles that may change the plan; leaders only read, unit heads only report.
EDITOR_ROLES = (Role.PLANNER, Role.ADMIN)
# Roles that see the whole organisation (every unit's work).
DISTRICT_ROLES = (Role.PLANNER, Role.ADMIN, Role.LEADER)
# Roles that take the reports away as files (xlsx, docx, csv, evidence bundle):
# the planner drafts the report the leader signs, so every reader exports it.
REPORT_EXPORT_ROLES = (Role.PLANNER, Role.ADMIN, Role.LEADER)
