"""The account page: password, reminder address, opting out of e-mails."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import User


def test_change_password(client, unit_head) -> None:
    client.force_login(unit_head)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "secret-pass-123",
            "new_password1": "Tam-Xuan-2024!",
            "new_password2": "Tam-Xuan-2024!",
        },
    )

    assert response.status_code == 302
    unit_head.refresh_from_db()
    assert unit_head.check_password("Tam-Xuan-2024!")
    # Still signed in on this device.
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_a_wrong_old_password_changes_nothing(client, unit_head) -> None:
    client.force_login(unit_head)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "wrong",
            "new_password1": "Tam-Xuan-2024!",
            "new_password2": "Tam-Xuan-2024!",
        },
    )

    assert response.status_code == 200
    unit_head.refresh_from_db()
    assert unit_head.check_password("secret-pass-123")


def test_set_the_reminder_address(client, unit_head) -> None:
    client.force_login(unit_head)

    response = client.post(
        reverse("accounts:profile"),
        {"email": "vanphong.tamxuan1@quangnam.gov.vn", "reminder_emails": "on"},
        follow=True,
    )

    unit_head.refresh_from_db()
    assert unit_head.email == "vanphong.tamxuan1@quangnam.gov.vn"
    assert unit_head.reminder_emails is True
    assert "Đã lưu thiết lập nhắc việc." in response.text


def test_opt_out_of_reminder_emails(client, unit_head) -> None:
    client.force_login(unit_head)

    client.post(reverse("accounts:profile"), {"email": unit_head.email})

    assert User.objects.get(pk=unit_head.pk).reminder_emails is False


def test_reminders_on_without_an_address_is_refused(client, unit_head) -> None:
    client.force_login(unit_head)

    response = client.post(
        reverse("accounts:profile"), {"email": "", "reminder_emails": "on"}
    )

    assert response.status_code == 200
    assert "Hãy nhập địa chỉ e-mail, hoặc tắt nhận thư nhắc việc." in response.text
    assert User.objects.get(pk=unit_head.pk).email == unit_head.email


def test_a_malformed_address_is_refused(client, unit_head) -> None:
    client.force_login(unit_head)

    client.post(
        reverse("accounts:profile"),
        {"email": "không phải email", "reminder_emails": "on"},
    )

    assert User.objects.get(pk=unit_head.pk).email == unit_head.email
