"""What the demo's seeding steps share: the day of the run and what earlier
steps made."""

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


@dataclass
class DemoContext:
    """What the steps share: the day of the run and what earlier steps made."""

    today: dt.date
    password: str
    # Set by the first step (demo.directory.seed_organisation).
    organisation: Organisation = field(init=False)
    users: dict[str, User] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    channels: dict[str, Channel] = field(default_factory=dict)
    audiences: dict[str, AudienceGroup] = field(default_factory=dict)
    plans: dict[int, Plan] = field(default_factory=dict)

    @property
    def planner(self) -> User:
        return self.users["planner"]

    @functools.cached_property
    def password_hash(self) -> str:
        """The demo password hashed once: every demo account shares it (hashing
        it for each of 33 accounts was most of ``seed_demo``'s time)."""
        return make_password(self.password)
