"""Reads of the administration pages: the organisation's people with their
roles and units, one person of it, its units and child organisations."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import User
from accounts.roles import Role
from campaigns.models import Unit
from campaigns.search import fold
from organisation.models import Membership, Organisation

ROLE_ORDER = {role: n for n, role in enumerate(Role.values)}


@dataclass
class Person:
    user: User
    roles: list[str] = field(default_factory=list)
    headed: list[str] = field(default_factory=list)
    staffed: list[str] = field(default_factory=list)

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(role).label) for role in self.roles]


def people_of(organisation: Organisation, *, query: str = "") -> list[Person]:
    """Everyone holding a role in ``organisation``, by name, with their roles
    and the units they head or staff there; three queries."""
    memberships = Membership.objects.filter(organisation=organisation).select_related(
        "user"
    )
    people: dict[int, Person] = {}
    for membership in memberships:
        person = people.setdefault(membership.user_id, Person(membership.user))
        person.roles.append(membership.role)
    heads = Unit.objects.filter(organisation=organisation, head_id__in=people)
    for head_id, name, short in heads.values_list("head_id", "name", "short_name"):
        people[head_id].headed.append(short or name)
    staff = Unit.staff.through.objects.filter(
        unit__organisation=organisation, user_id__in=people
    )
    for user_id, name, short in staff.values_list(
        "user_id", "unit__name", "unit__short_name"
    ):
        people[user_id].staffed.append(short or name)
    found = list(people.values())
    for person in found:
        person.roles.sort(key=ROLE_ORDER.__getitem__)
    words = fold(query).split()
    if words:
        found = [p for p in found if all(w in _folded(p.user) for w in words)]
    return sorted(found, key=_by_name)


def _by_name(person: Person) -> tuple[str, str, str]:
    user = person.user
    return (fold(user.last_name), fold(user.first_name), user.username)


def _folded(user: User) -> str:
    return fold(f"{user.get_full_name()} {user.username} {user.email}")


def person_in(organisation: Organisation, member_id: int) -> Person:
    """The person ``member_id`` if they hold a role in ``organisation``, else
    404: another organisation's people are not there to be found."""
    members = User.objects.filter(
        Q(memberships__organisation=organisation), pk=member_id
    ).distinct()
    user = members.first()
    if user is None:
        raise Http404
    person = Person(
        user,
        roles=sorted(
            Membership.objects.filter(organisation=organisation, user=user).values_list(
                "role", flat=True
            ),
            key=ROLE_ORDER.__getitem__,
        ),
    )
    units = Unit.objects.filter(organisation=organisation)
    person.headed = [u.display_name for u in units.filter(head=user)]
    person.staffed = [u.display_name for u in units.filter(staff=user)]
    return person


def units_of(organisation: Organisation) -> QuerySet[Unit]:
    return (
        Unit.objects.filter(organisation=organisation)
        .select_related("head")
        .order_by("-is_active", "order", "name")
    )


def children_of(organisation: Organisation) -> QuerySet[Organisation]:
    """Every organisation directly under ``organisation``, active first."""
    return Organisation.objects.filter(parent=organisation).order_by(
        "-is_active", "name"
    )
