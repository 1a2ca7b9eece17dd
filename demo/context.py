"""What the demo's seeding steps share: the day of the run and what earlier
steps made, for one organisation at a time."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from accounts.models import User
from audiences.models import AudienceGroup
from campaigns.models import Plan, Unit
from channels.models import Channel
from organisation.models import Organisation

from . import data as demo_data


@dataclass
class DemoContext:
    """What the steps of one organisation share: the day of the run and what
    earlier steps made.

    ``slug`` prefixes the user names of the organisation's own accounts
    ("tam-xuan" -> "tam-xuan-planner"); the organisation that carries the Núi
    Thành history has none (its accounts keep their names: ``planner``…).
    ``users`` are keyed by role for the steps ("planner", "admin"), whatever
    the account's user name.
    """

    today: dt.date
    password: str
    slug: str = ""
    mail_domain: str = demo_data.MAIL_DOMAIN
    portal_domain: str = demo_data.PORTAL_DOMAIN
    # Set by the organisation's first step (demo.directory.seed_organisation,
    # demo.province.seed_province).
    organisation: Organisation = field(init=False)
    users: dict[str, User] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    channels: dict[str, Channel] = field(default_factory=dict)
    audiences: dict[str, AudienceGroup] = field(default_factory=dict)
    plans: dict[int, Plan] = field(default_factory=dict)
    # Set by the city's plan step when it issued its plan in this run, handing
    # activities down to the children (their progress is drawn after it).
    handed_down: bool = False

    @property
    def planner(self) -> User:
        return self.users["planner"]

    @functools.cached_property
    def password_hash(self) -> str:
        """The demo password hashed once: every demo account shares it (hashing
        it for each of 33 accounts was most of ``seed_demo``'s time)."""
        return make_password(self.password)

    def for_organisation(
        self, organisation: Organisation, *, slug: str, mail_domain: str
    ) -> DemoContext:
        """A context for another organisation's steps: the same day and
        password (hashed once for all), nothing made yet."""
        other = DemoContext(
            today=self.today,
            password=self.password,
            slug=slug,
            mail_domain=mail_domain,
            portal_domain=mail_domain,
        )
        other.organisation = organisation
        other.__dict__["password_hash"] = self.password_hash
        return other

    def username(self, name: str) -> str:
        """``name`` of an account of this organisation: "planner" ->
        "tam-xuan-planner" (unprefixed where there is no slug)."""
        return f"{self.slug}-{name}" if self.slug else name
