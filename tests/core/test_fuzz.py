"""No input gives a 5xx: every URL, as every role, GET and POST, with random and
hostile values in every form field and query parameter (hypothesis); then, without
chance, a NUL character and a non-numeric id in every parameter, in every path
argument, in every admin filter, admin form and admin autocomplete.

The URLs are discovered from the URL configuration (admin changelists included)
and the field names from the project's forms and the admin's filters and forms,
so new pages and fields are fuzzed without editing this file. ``FUZZ_EXAMPLES``
(default 3) sets the examples per URL and role; each example is one GET and one
POST. The module prints ``fuzz: N requests, M 5xx`` at its end (run with ``-s``
to see it).
"""

from __future__ import annotations

import datetime as dt
import inspect
import os
from collections import Counter
from collections.abc import Iterator
from importlib import import_module

import pytest
from django import forms
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from campaigns.models import Plan
from notifications.models import Notification
from tests.campaigns.lifecycle_world import PlanWorld, plan_world
from tests.factories import AudienceGroupFactory, UserFactory, home_organisation

pytestmark = [pytest.mark.django_db(transaction=False), pytest.mark.fuzz]

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
ROLES = ("anonymous", "unit_head", "planner", "leader", "admin")
TALLY: Counter[str] = Counter()

HOSTILE = [
    "",
    "²",
    "١٢",
    "-1",
    "0",
    "2147483648",
    "99999999999999999999",
    "1e309",
    "NaN",
    "9999-12-31",
    "0000-00-00",
    "2024-02-30",
    "31/12/9999",
    "=1+1",
    '=HYPERLINK("http://x","y")',
    "@SUM(1)",
    "\x00",
    "a\x00b",
    "\x0b\x1b\x7f",
    "javascript:alert(1)",
    "https://elsewhere.example/",
    "//elsewhere.example",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "FREQ=MONTHLY;BYDAY=9MO",
    "FREQ=YEARLY;BYDAY=60MO",
    "FREQ=MONTHLY;INTERVAL=-1",
    "FREQ=DAILY;BYMONTHDAY=0",
    "FREQ=DAILY;COUNT=99999999",
    "x" * 5000,
    "ủy ban nhân dân",
    "\ud7ff\ue000\uffff",
]
EXTRA_FIELDS = [
    "plan",
    "year",
    "page",
    "month",
    "status",
    "activity",
    "group",
    "unit",
    "copy",
    "q",
    "o",
    "p",
    "ordering",
    "start",
    "end",
    "next",
    "next_page",
    "unread",
    "confirm",
    "language",
    "and_done",
    "username",
    "password",
]


def _form_fields() -> list[str]:
    names = set(EXTRA_FIELDS)
    for module_name in (
        "planning.forms.plans",
        "planning.forms.activities",
        "planning.forms.uploads",
        "planning.forms.calendar",
        "workspace.forms",
        "accounts.forms",
        "administration.forms",
    ):
        module = import_module(module_name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and hasattr(cls, "base_fields"):
                names |= set(cls.base_fields)
    return sorted(names)


FIELDS = _form_fields()
VALUES = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.integers(min_value=-(2**40), max_value=2**40).map(str),
    st.dates(min_value=dt.date(1, 1, 1)).map(dt.date.isoformat),
)
PARAMS = st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=8)


def _url_names(patterns: list, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            space = f"{pattern.namespace}:" if pattern.namespace else prefix
            yield from _url_names(pattern.url_patterns, space)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{prefix}{pattern.name}", pattern


URL_NAMES = sorted({name for name, _p in _url_names(get_resolver().url_patterns)})
ADMIN_LISTS = sorted(
    f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
    for model in admin.site._registry
)


def _args(name: str, world: PlanWorld, notification: Notification) -> list[object]:
    """Arguments for a URL: the world's ids, matched by the parameter's name."""
    pattern = dict(_url_names(get_resolver().url_patterns))[name]
    values = {
        "plan_id": world.plan.pk,
        "activity_id": world.activity.pk,
        "task_id": world.todo.pk,
        "report_id": world.report.pk,
        "evidence_id": world.evidence.pk,
        "notification_id": notification.pk,
        "year": world.plan.year,
        "fmt": "xlsx",
        "unit_id": world.todo.unit_id,
        "member_id": world.todo.unit.head_id,
        # The roll-up's page of a child: the world's own organisation (not one).
        "child_id": world.plan.organisation_id,
        "channel_id": world.activity.channel_id,
        "group_id": AudienceGroupFactory().pk,
        # An issued report's file: none is issued here, so a 404.
        "issued_id": 1,
        "kind": "docx",
        "filter_id": 1,
        "day_id": 1,
        # Password-reset and calendar-feed links: a well-formed, wrong secret.
        "uidb64": "MQ",
        "token": "not-a-valid-token",
    }
    return [values[key] for key in pattern.pattern.converters]


@pytest.fixture(scope="module", autouse=True)
def _summary() -> Iterator[None]:
    yield
    print(  # noqa: T201 - the figure the issue asks for
        f"\nfuzz: {TALLY['requests']} requests, {TALLY['5xx']} 5xx"
        f" ({len(URL_NAMES) + len(ADMIN_LISTS)} URLs x {len(ROLES)} roles;"
        f" {TALLY['bad value requests']} with NUL or non-numeric values)"
    )


def _user(role: str) -> User | None:
    if role == "anonymous":
        return None
    if role == "admin":
        return UserFactory(is_staff=True, is_superuser=True, role="admin")
    return UserFactory(role=role)


def _scene(role: str) -> tuple[User | None, PlanWorld, Notification]:
    """The role's user (None: anonymous), a world of plans and a notification."""
    user = _user(role)
    head = user if role == "unit_head" else UserFactory(role="unit_head")
    world = plan_world(head=head, status=Plan.Status.ISSUED)
    plan_world(head=head, status=Plan.Status.CLOSED, year=2023)
    notification = Notification.objects.create(
        organisation=home_organisation(), recipient=user or head, title="Nhiệm vụ mới"
    )
    return user, world, notification


def _url(name: str, world: PlanWorld, notification: Notification) -> str:
    if name.startswith("admin:"):
        return reverse(name)
    return reverse(name, args=_args(name, world, notification))


@pytest.mark.parametrize("role", ROLES)
def test_no_input_gives_a_server_error(role: str) -> None:
    """Every URL in turn, ``EXAMPLES`` random parameter sets each, GET and POST."""
    user, world, notification = _scene(role)
    failures: list[str] = []
    for name in URL_NAMES + ADMIN_LISTS:
        _fuzz_url(_url(name, world, notification), user, failures)
    assert failures == []


def _fuzz_url(url: str, user: User | None, failures: list[str]) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(params=PARAMS)
    def fuzz(params: dict[str, str]) -> None:
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        for method in ("get", "post"):
            response = getattr(client, method)(url, params)
            TALLY["requests"] += 1
            if response.status_code >= 500:
                TALLY["5xx"] += 1
                failures.append(f"{method.upper()} {url} {params!r}")

    fuzz()


# --- NUL characters and ids that are not numbers, everywhere ----------------------

# PostgreSQL refuses NUL in text (a 500 wherever it reached a query); an id that
# is not a number must be a message, not a ValueError.
BAD_VALUES = ("\x00", "a\x00b", "abc", "1.5")


def _request(
    client: Client, method: str, url: str, data: dict, failures: list[str]
) -> None:
    response = getattr(client, method)(url, data)
    TALLY["requests"] += 1
    TALLY["bad value requests"] += 1
    if response.status_code >= 500:
        TALLY["5xx"] += 1
        failures.append(f"{method.upper()} {url} {data!r} -> {response.status_code}")


def _client(user: User | None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def _with_bad_path_arguments(
    name: str, world: PlanWorld, notification: Notification, value: str
) -> str | None:
    """The URL with ``value`` appended to each of its text arguments (a token, a
    format), or None when it has none."""
    args = _args(name, world, notification)
    bad = [f"{arg}{value}" if isinstance(arg, str) else arg for arg in args]
    return reverse(name, args=bad) if bad != args else None


@pytest.mark.parametrize("role", ROLES)
def test_nul_and_non_numbers_in_every_parameter_give_no_server_error(
    role: str,
) -> None:
    """Every URL as every role: every known parameter set to each bad value at
    once (GET and POST), and each text argument of the path spoilt."""
    user, world, notification = _scene(role)
    client = _client(user)
    failures: list[str] = []
    for name in URL_NAMES + ADMIN_LISTS:
        url = _url(name, world, notification)
        for value in BAD_VALUES:
            params = dict.fromkeys(FIELDS, value)
            _request(client, "get", url, params, failures)
            _request(client, "post", url, params, failures)
            if not name.startswith("admin:"):
                spoilt = _with_bad_path_arguments(name, world, notification, value)
                if spoilt:
                    _request(client, "get", spoilt, {}, failures)
    assert failures == []


def _admin_parameters(model_admin: admin.ModelAdmin, user: User) -> list[str]:
    """What a changelist of ``model_admin`` reads: its filters' parameters,
    search, ordering and page, the fields of its add form and the ids of its
    relations (``unit__id__exact``)."""
    request = RequestFactory().get("/")
    request.user = user
    changelist = model_admin.get_changelist_instance(request)
    names = {"q", "o", "p", "all", "e", "_to_field", "_popup", "_changelist_filters"}
    for spec in changelist.filter_specs:
        names |= set(spec.expected_parameters())
    names |= set(model_admin.get_form(request).base_fields)
    for field in model_admin.model._meta.get_fields():
        if field.is_relation and field.concrete:
            names |= {f"{field.name}__id__exact", f"{field.name}__id__in"}
    return sorted(names)


def _autocomplete_queries() -> list[dict[str, str]]:
    """The admin autocomplete's parameters for every autocomplete field."""
    queries = []
    for model, model_admin in admin.site._registry.items():
        for field in model_admin.autocomplete_fields:
            queries.append(
                {
                    "app_label": model._meta.app_label,
                    "model_name": model._meta.model_name,
                    "field_name": field,
                }
            )
    return queries


def test_nul_and_non_numbers_in_the_admin_give_no_server_error() -> None:
    """As an administrator: each filter and form field of each changelist alone
    with each bad value, each action on them as the selection, the add and change
    forms posted with them, the autocomplete asked with them."""
    user, _world, _notification = _scene("admin")
    client = _client(user)
    failures: list[str] = []
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        add = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
        parameters = _admin_parameters(model_admin, user)
        request = RequestFactory().get(changelist)
        request.user = user
        actions = list(model_admin.get_actions(request))
        for value in BAD_VALUES:
            for parameter in parameters:
                _request(client, "get", changelist, {parameter: value}, failures)
            for action in actions:
                chosen = {"action": action, "index": "0", "_selected_action": value}
                _request(client, "post", changelist, chosen, failures)
            form = dict.fromkeys(parameters, value)
            _request(client, "post", add, form, failures)
            missing = reverse(
                f"admin:{meta.app_label}_{meta.model_name}_change", args=[value]
            )
            _request(client, "get", missing, {}, failures)
            existing = model._default_manager.first()
            if existing is not None:
                change = reverse(
                    f"admin:{meta.app_label}_{meta.model_name}_change",
                    args=[existing.pk],
                )
                _request(client, "post", change, form, failures)
    autocomplete = reverse("admin:autocomplete")
    for query in _autocomplete_queries():
        for value in BAD_VALUES:
            for key in (*query, "term", "page"):
                _request(client, "get", autocomplete, {**query, key: value}, failures)
    assert failures == []
