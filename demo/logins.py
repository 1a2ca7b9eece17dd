"""The demo accounts worth showing first (``make run``'s last lines), as the
database holds them: the contract's accounts of xã Núi Thành, the city's and one
other commune's."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.roles import Role
from organisation.models import Membership
from organisation.scoping import across_organisations

SHOWN = (
    "admin",
    "planner",
    "leader",
    "unithead",
    "canbo-tam-hiep",
    "tinh-admin",
    "tinh-planner",
    "tinh-leader",
    "tam-xuan-planner",
)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    organisation: str


def demo_logins() -> list[DemoLogin]:
    """``SHOWN``'s accounts that exist, in that order, one line per role held;
    one query."""
    with across_organisations():
        memberships = list(
            Membership.objects.filter(user__username__in=SHOWN).values_list(
                "user__username", "role", "organisation__name"
            )
        )
    order = {username: n for n, username in enumerate(SHOWN)}
    memberships.sort(key=lambda row: (order[row[0]], row[1]))
    return [
        DemoLogin(username, str(Role(role).label), organisation)
        for username, role, organisation in memberships
    ]
