"""django-axes (log-in lock-outs) under a name the admin can translate.

axes names its app "Axes", without a translation hook; INSTALLED_APPS lists
``ops.axes_config.AxesConfig`` instead of ``axes``. (In a module of its own: two
AppConfig classes in ``ops/apps.py`` would stop Django from picking ``OpsConfig``.)
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from axes.apps import AppConfig as AxesAppConfig
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:  # models cannot be imported while the app registry loads
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog


def _when(moment: dt.datetime | None) -> str:
    return formats.date_format(moment, "SHORT_DATETIME_FORMAT") if moment else "—"


def _access_attempt(record: AccessAttempt) -> str:
    return gettext("Log-in attempt by %(user)s at %(time)s") % {
        "user": record.username,
        "time": _when(record.attempt_time),
    }


def _access_log(record: AccessLog) -> str:
    return gettext("Log-in of %(user)s at %(time)s") % {
        "user": record.username,
        "time": _when(record.attempt_time),
    }


def _access_failure(record: AccessFailureLog) -> str:
    return gettext("Failed log-in of %(user)s at %(time)s from %(address)s") % {
        "user": record.username,
        "time": _when(record.attempt_time),
        "address": record.ip_address,
    }


class AxesConfig(AxesAppConfig):
    verbose_name = _("Log-in attempts")

    def ready(self) -> None:
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        # axes writes its records' names in English ("Access Log for admin @ …"):
        # the admin lists them, so they are named in the active language instead.
        AccessAttempt.__str__ = _access_attempt
        AccessLog.__str__ = _access_log
        AccessFailureLog.__str__ = _access_failure
