"""The parts of the admin that third-party apps write in English, in Vietnamese."""

from __future__ import annotations

import pytest
from axes.models import AccessLog
from django.contrib.auth.models import Group
from django.db.models import Q
from django.utils import translation
from django_celery_beat.models import CrontabSchedule

from accounts.admin import permission_label
from campaigns.models import Task
from campaigns.tallies import tallies_kept
from ops.admin import crontab_in_words
from ops.history import ReadableValuesHelper
from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def test_a_crontab_is_described_in_vietnamese() -> None:
    crontab = CrontabSchedule(minute="30", hour="7", timezone="Asia/Ho_Chi_Minh")

    assert crontab_in_words(crontab) == "Tại 07:30 (Asia/Ho_Chi_Minh)"


def test_a_log_in_record_is_named_in_vietnamese() -> None:
    record = AccessLog.objects.create(username="planner", ip_address="127.0.0.1")

    assert str(record).startswith("Đăng nhập của planner lúc ")


def test_permission_names_are_rebuilt_from_the_translated_model_name() -> None:
    permission = Group.permissions.field.related_model.objects.get(
        codename="change_task"
    )

    assert permission_label(permission).endswith("| Được sửa nhiệm vụ")


def test_many_to_many_tables_are_named_by_their_models() -> None:
    name = str(Group.permissions.through._meta.verbose_name_plural)

    assert name == "liên kết Nhóm – cho phép"


def test_history_shows_the_label_of_a_choice_not_its_code() -> None:
    task = TaskFactory()
    task.status = Task.Status.DONE
    with tallies_kept(Q(pk=task.pk)):
        task.save()
    new, old = task.history.all()[:2]
    (change,) = [c for c in new.diff_against(old).changes if c.field == "status"]

    helper = ReadableValuesHelper(Task, new)

    assert helper.prepare_delta_change_value(change, change.new) == "Hoàn thành"
    assert helper.prepare_delta_change_value(change, None) == "—"
