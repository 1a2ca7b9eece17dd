from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from campaigns.selectors import tasks_visible_to


def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    # Another unit's task is a 404, not a 403: its existence is not disclosed.
    task = get_object_or_404(tasks_visible_to(user=request.user), pk=task_id)
    return render(request, "workspace/task_detail.html", {"task": task})
