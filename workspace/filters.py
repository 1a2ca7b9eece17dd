"""The review queue's filters; every one lives in the query string."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from campaigns import search
from campaigns.models import Activity, Plan, ProgressReport, Unit
from planning.filters import ALL, Select
from planning.forms.fields import DATE_INPUT_FORMATS, VietnameseDateInput

StrOrPromise = str | Promise

WAITING = ProgressReport.ReviewStatus.SUBMITTED
ANY_STATUS = "any"
STATUS_CHOICES = [
    (WAITING.value, _("Waiting for review")),
    (ProgressReport.ReviewStatus.RETURNED.value, _("Returned")),
    (ProgressReport.ReviewStatus.ACCEPTED.value, _("Accepted")),
    (ANY_STATUS, _("Any status")),
]
OLDEST, NEWEST = "oldest", "newest"
SORT_CHOICES = [(OLDEST, _("Oldest first")), (NEWEST, _("Newest first"))]


def _date_filter(label: StrOrPromise, lookup: str) -> django_filters.DateFilter:
    return django_filters.DateFilter(
        label=label,
        field_name="review_requested_at",
        method=f"filter_{lookup}",
        input_formats=DATE_INPUT_FORMATS,
        widget=VietnameseDateInput(),
        error_messages={"invalid": _("Enter a date as dd/mm/yyyy, e.g. 25/03/2024.")},
    )


class ReviewFilter(django_filters.FilterSet):
    """Reports by unit, activity, review status (waiting by default), the day
    they were sent for review (from/to, inclusive, local time) and words of
    the activity or unit; oldest or newest first."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        widget=forms.TextInput(
            attrs={"placeholder": _("activity, unit…"), "type": "search"}
        ),
    )
    unit = django_filters.ModelChoiceFilter(
        widget=Select,
        label=_("Unit"),
        empty_label=ALL,
        field_name="task__unit",
        queryset=lambda request: Unit.objects.order_by("order", "name"),
    )
    activity = django_filters.ModelChoiceFilter(
        widget=Select,
        label=_("Activity"),
        empty_label=ALL,
        field_name="task__activity",
        queryset=lambda request: Activity.objects.filter(
            plan__status=Plan.Status.ISSUED
        ).order_by("title", "pk"),
    )
    status = django_filters.ChoiceFilter(
        widget=Select,
        label=_("Status"),
        choices=STATUS_CHOICES,
        empty_label=None,
        method="filter_status",
    )
    sent_from = _date_filter(_("Sent from"), "from")
    sent_to = _date_filter(_("Sent until"), "to")
    sort = django_filters.ChoiceFilter(
        widget=Select,
        label=_("Order"),
        choices=SORT_CHOICES,
        empty_label=None,
        method="filter_sort",
    )

    class Meta:
        model = ProgressReport
        fields = ("q", "unit", "activity", "status", "sent_from", "sent_to", "sort")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["activity"].field.label_from_instance = lambda activity: (
            activity.title[:90]
        )

    @property
    def qs(self) -> QuerySet[ProgressReport]:
        """Waiting and oldest first unless the query string says otherwise
        (filters with a method run only for a value given)."""
        queryset = super().qs
        data = self.form.cleaned_data if self.is_bound else {}
        if not data.get("status"):
            queryset = queryset.filter(review_status=WAITING)
        if not data.get("sort"):
            queryset = queryset.order_by("review_requested_at", "pk")
        return queryset

    def filter_text(
        self, queryset: QuerySet[ProgressReport], name: str, value: str
    ) -> QuerySet[ProgressReport]:
        """Each word in the activity (title, description) or the unit's name;
        with or without diacritics, any case (campaigns.search)."""
        return queryset.filter(
            search.matches(
                value, ("task__activity__search_text", "task__unit__search_name")
            )
        )

    def filter_status(
        self, queryset: QuerySet[ProgressReport], name: str, value: str
    ) -> QuerySet[ProgressReport]:
        if value == ANY_STATUS:
            return queryset
        return queryset.filter(review_status=value)

    def filter_from(
        self, queryset: QuerySet[ProgressReport], name: str, value: dt.date
    ) -> QuerySet[ProgressReport]:
        return queryset.filter(review_requested_at__date__gte=value)

    def filter_to(
        self, queryset: QuerySet[ProgressReport], name: str, value: dt.date
    ) -> QuerySet[ProgressReport]:
        return queryset.filter(review_requested_at__date__lte=value)

    def filter_sort(
        self, queryset: QuerySet[ProgressReport], name: str, value: str
    ) -> QuerySet[ProgressReport]:
        if value == NEWEST:
            return queryset.order_by("-review_requested_at", "-pk")
        return queryset.order_by("review_requested_at", "pk")
