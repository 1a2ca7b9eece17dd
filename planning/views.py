from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from accounts.decorators import role_required
from accounts.roles import DISTRICT_ROLES
from campaigns.models import Plan, Task
from campaigns.selectors import activity_detail_queryset


def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    counts = Task.objects.visible_to(request.user).aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=Task.Status.DONE)),
        overdue=Count(
            "pk", filter=Q(status__in=Task.OPEN_STATUSES, due_date__lt=today)
        ),
    )
    return render(request, "planning/dashboard.html", {"counts": counts})


@role_required(*DISTRICT_ROLES)
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_object_or_404(
        Plan.objects.prefetch_related("objectives", "themes"), pk=plan_id
    )
    return render(request, "planning/plan_detail.html", {"plan": plan})


@role_required(*DISTRICT_ROLES)
def activity_detail(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = get_object_or_404(activity_detail_queryset(), pk=activity_id)
    tasks = activity.tasks.select_related("unit")
    return render(
        request,
        "planning/activity_detail.html",
        {"activity": activity, "tasks": tasks},
    )
