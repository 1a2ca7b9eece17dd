"""A unit's staff: who a head may add, and invitations that lose a race or
meet a mail server that is down."""

from __future__ import annotations

import smtplib

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from campaigns.models import Plan, Task
from campaigns.selectors import member_candidates
from campaigns.services import members, teamwork
from tests.factories import UserFactory


@pytest.fixture(params=[Role.PLANNER, Role.ADMIN, Role.LEADER])
def district_person(request) -> object:
    return UserFactory(role=request.param)


def test_a_head_may_not_add_someone_with_a_district_role(
    scene, district_person
) -> None:
    with pytest.raises(ValidationError) as caught:
        members.unit_member_add(
            unit=scene.unit, user=scene.head, member=district_person
        )

    assert caught.value.code == "not_candidate"
    assert not scene.unit.staff.filter(pk=district_person.pk).exists()
    assert (
        Role.UNIT_STAFF
        not in type(district_person).objects.get(pk=district_person.pk).roles
    )


def test_a_head_may_not_add_the_head_of_another_unit(scene) -> None:
    with pytest.raises(ValidationError):
        members.unit_member_add(
            unit=scene.unit, user=scene.head, member=scene.other_head
        )

    assert not scene.unit.staff.filter(pk=scene.other_head.pk).exists()


def test_an_admin_may_not_add_a_leader_to_a_units_staff(
    scene, admin_user, leader
) -> None:
    with pytest.raises(ValidationError):
        members.unit_member_add(unit=scene.unit, user=admin_user, member=leader)


def test_the_candidates_are_plain_accounts_and_staff_of_other_units(
    scene, planner, leader, admin_user
) -> None:
    plain = UserFactory()
    other_staff = UserFactory(role=Role.UNIT_STAFF)
    scene.other_unit.staff.add(other_staff)

    candidates = set(member_candidates(unit=scene.unit))

    assert {plain, other_staff, scene.head} <= candidates
    assert not {planner, leader, admin_user, scene.other_head} & candidates


def test_the_loser_of_two_identical_invitations_gets_a_clear_error(
    scene, monkeypatch
) -> None:
    # The other invitation committed its account after this one's checks.
    winner = UserFactory(username="nguyen.van.a", email="khac@example.test")
    monkeypatch.setattr(members, "_free_username", lambda email: winner.username)

    with pytest.raises(ValidationError) as caught:
        members.unit_member_invite(
            unit=scene.unit, user=scene.head, email="nguyen.van.a@example.test"
        )

    assert caught.value.code == "exists"
    assert not mail.outbox


def test_an_invitation_while_the_mail_server_is_down_saves_nothing(
    scene, monkeypatch
) -> None:
    def refuse(self, fail_silently: bool = False) -> int:
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)

    with pytest.raises(ValidationError) as caught:
        members.unit_member_invite(
            unit=scene.unit, user=scene.head, email="moi@example.test"
        )

    assert caught.value.code == "mail_down"
    assert not User.objects.filter(email="moi@example.test").exists()


def test_the_members_page_says_the_mail_server_is_down(
    client, scene, monkeypatch
) -> None:
    def refuse(self, fail_silently: bool = False) -> int:
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)
    client.force_login(scene.head)

    response = client.post(
        reverse("workspace:unit_members", args=[scene.unit.pk]),
        {"action": "invite", "email": "moi@example.test", "full_name": "Lê Mới"},
    )

    assert response.status_code == 400
    assert "Máy chủ thư không gửi được lời mời" in response.text


def test_removing_staff_leaves_their_tasks_in_a_closed_plan(scene, staff) -> None:
    teamwork.task_assign(task=scene.task, user=scene.head, assignee=staff)
    Plan.objects.filter(pk=scene.task.plan_id).update(status=Plan.Status.CLOSED)

    freed = members.unit_member_remove(unit=scene.unit, user=scene.head, member=staff)

    assert freed == 0
    assert Task.objects.get(pk=scene.task.pk).assignee_id == staff.pk
