"""The benchmarks' floor: the cheapest authenticated page the project can serve.

One indexed query of 20 rows rendered as a small JSON body, behind the project's
own settings and middleware (sessions, authentication, CSRF, locale, request log,
idle sessions, CSP...). The throughput harness alternates it with each real page
in the same run, so that a page's figure is a ratio to what this machine, under
whatever else it is doing at that moment, can serve at all.

Served only when the ``BENCHMARK_FLOOR`` setting is on (environment variable of the
same name, off by default): ``nuithanh_cchc/urls.py`` adds the route then and never
otherwise, so no production deployment exposes it.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.decorators.http import require_GET

from campaigns.models import Task

FLOOR_ROWS = 20


@require_GET
def floor(request: HttpRequest) -> JsonResponse:
    """Twenty tasks by primary key (an index range scan): ids and due dates."""
    rows = list(Task.objects.order_by("pk").values_list("pk", "due_date")[:FLOOR_ROWS])
    return JsonResponse(
        {"user": request.user.pk, "rows": [[pk, due.isoformat()] for pk, due in rows]}
    )


urlpatterns = [path("_bench/floor/", floor, name="bench_floor")]
