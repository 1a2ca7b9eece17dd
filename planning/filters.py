"""The activity list's filters; every one lives in the query string."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.dates import MONTHS
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from audiences.models import AudienceGroup
from campaigns import search
from campaigns.models import Activity, ContentTheme, Plan, Task, Unit
from channels.models import Channel
from nuithanh_cchc.fields import DATE_INPUT_FORMATS, VietnameseDateInput

ALL = _("All")
MONTH_CHOICES = [(number, name) for number, name in MONTHS.items()]


def _attrs_html(attrs: dict[str, object]) -> SafeString:
    """Django's ``django/forms/widgets/attrs.html``: `` name="value"``, a bare
    name for True, nothing for False."""
    return format_html_join(
        "",
        "{}",
        (
            (
                format_html(" {}", name)
                if value is True
                else format_html(' {}="{}"', name, value),
            )
            for name, value in attrs.items()
            if value is not False
        ),
    )


class Select(forms.Select):
    """A select written in Python, character for character what Django's
    ``select.html`` and ``select_option.html`` templates write: the filters'
    120-odd options through a template include each were half of the activity
    list's rendering. Named as Django's: crispy-forms gives a field the CSS
    class of its widget's class name ("select")."""

    def render(
        self,
        name: str,
        value: object,
        attrs: dict[str, object] | None = None,
        renderer: object = None,
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [
            format_html('<select name="{}"', widget["name"]),
            _attrs_html(widget["attrs"]),
            ">",
        ]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in options:
                parts.append(format_html('\n  <option value="{}"', option["value"]))
                parts.append(_attrs_html(option["attrs"]))
                parts.append(format_html(">{}</option>\n", option["label"]))
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703 - every part escaped above


class ActivityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        widget=forms.TextInput(
            attrs={"placeholder": _("title, description, unit…"), "type": "search"}
        ),
    )
    plan = django_filters.ModelChoiceFilter(
        widget=Select,
        label=_("Plan"),
        empty_label=ALL,
        queryset=lambda request: Plan.objects.order_by("-year", "title"),
    )
    channel = django_filters.ModelChoiceFilter(
        widget=Select,
        label=_("Channel"),
        empty_label=ALL,
        queryset=lambda request: Channel.objects.all(),
    )
    audience = django_filters.ModelChoiceFilter(
        widget=Select,
        label=_("Audience group"),
        empty_label=ALL,
        queryset=lambda request: AudienceGroup.objects.all(),
        method="filter_audience",
    )
    unit = django_filters.ModelChoiceFilter(
        widget=Select,
        label=_("Unit"),
        empty_label=ALL,
        queryset=lambda request: Unit.objects.order_by("order", "name"),
        method="filter_unit",
    )
    theme = django_filters.ModelChoiceFilter(
        widget=Select,
        label=_("Content theme"),
        empty_label=ALL,
        queryset=lambda request: ContentTheme.objects.select_related("plan").order_by(
            "-plan__year", "order"
        ),
    )
    status = django_filters.ChoiceFilter(
        widget=Select,
        label=_("Status"),
        choices=Activity.Status.choices,
        empty_label=ALL,
    )
    month = django_filters.ChoiceFilter(
        widget=Select,
        label=_("Month"),
        choices=MONTH_CHOICES,
        method="filter_month",
        empty_label=ALL,
    )
    day = django_filters.DateFilter(
        label=_("Day"),
        method="filter_day",
        input_formats=DATE_INPUT_FORMATS,
        widget=VietnameseDateInput,
    )
    ordering = django_filters.OrderingFilter(
        widget=Select,
        label=_("Sort by"),
        empty_label=_("start date (default)"),
        fields=(
            ("start_date", "start"),
            ("due_date", "due"),
            ("title", "title"),
            ("channel__name", "channel"),
            ("lead_unit__name", "unit"),
            ("task_total", "tasks"),
        ),
        field_labels={
            "start_date": _("start date"),
            "due_date": _("due date"),
            "title": _("title"),
            "channel__name": _("channel"),
            "lead_unit__name": _("lead unit"),
            "task_total": _("tasks"),
        },
    )

    class Meta:
        model = Activity
        fields = (
            "q",
            "plan",
            "channel",
            "audience",
            "unit",
            "theme",
            "status",
            "month",
            "day",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["unit"].field.label_from_instance = lambda unit: unit.name
        self.filters["theme"].field.label_from_instance = lambda theme: (
            f"{theme.plan.year} · {theme.title[:70]}"
        )

    def filter_text(
        self, queryset: QuerySet[Activity], name: str, value: str
    ) -> QuerySet[Activity]:
        """Each word in the title or description, the lead unit, the theme or the
        channel; with or without diacritics, any case (campaigns.search)."""
        # The themes and channels of the activities listed (a few tens), in one
        # read, folded in Python: they have no folded column.
        pairs = list(
            queryset.order_by()
            .values_list("theme_id", "theme__title", "channel_id", "channel__name")
            .distinct()
        )
        themes = {(theme_id, title) for theme_id, title, _c, _n in pairs}
        channels = {(channel_id, name) for _t, _i, channel_id, name in pairs}
        for word in search.words(value):
            queryset = queryset.filter(
                Q(search_text__contains=word)
                | Q(lead_unit__search_name__contains=word)
                | Q(theme_id__in=search.ids_containing(themes, word))
                | Q(channel_id__in=search.ids_containing(channels, word))
            )
        return queryset

    def filter_audience(
        self, queryset: QuerySet[Activity], name: str, value: AudienceGroup
    ) -> QuerySet[Activity]:
        through = Activity.audience_groups.through.objects.filter(
            activity=OuterRef("pk"), audiencegroup=value
        )
        return queryset.filter(Exists(through))

    def filter_unit(
        self, queryset: QuerySet[Activity], name: str, value: Unit
    ) -> QuerySet[Activity]:
        supporting = Activity.supporting_units.through.objects.filter(
            activity=OuterRef("pk"), unit=value
        )
        return queryset.filter(Q(lead_unit=value) | Exists(supporting))

    def filter_day(
        self, queryset: QuerySet[Activity], name: str, value: dt.date
    ) -> QuerySet[Activity]:
        """Activities with a live occurrence due that day: what the calendar's
        summary of a busy day links to (its count is the calendar's). With a
        unit, that unit's occurrence, as the calendar filtered by unit shows."""
        if not value:
            return queryset
        tasks = Task.objects.filter(activity=OuterRef("pk"), due_date=value).exclude(
            status=Task.Status.CANCELLED
        )
        unit = self.form.cleaned_data.get("unit")
        if unit:
            tasks = tasks.filter(unit=unit)
        return queryset.filter(Exists(tasks))

    def filter_month(
        self, queryset: QuerySet[Activity], name: str, value: str
    ) -> QuerySet[Activity]:
        """Activities with an occurrence (a task) due in that month.

        Written as date ranges (that month of each plan year) rather than
        EXTRACT(month), so the task indexes serve it."""
        if not value:
            return queryset
        month = int(value)
        plan = self.form.cleaned_data.get("plan")
        years = [plan.year] if plan else Plan.objects.values_list("year", flat=True)
        in_month = Q()
        for year in set(years):
            first = dt.date(year, month, 1)
            last = dt.date(year, month, calendar.monthrange(year, month)[1])
            in_month |= Q(due_date__range=(first, last))
        if not in_month:
            return queryset.none()
        tasks = Task.objects.filter(in_month, activity=OuterRef("pk"))
        return queryset.filter(Exists(tasks))
