from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .selectors import request_organisation


def organisation(request: HttpRequest) -> dict[str, object]:
    """``organisation`` in every template, read lazily and once per request."""
    return {"organisation": SimpleLazyObject(lambda: request_organisation(request))}
