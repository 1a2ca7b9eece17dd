"""Every redirect to a user-supplied target goes through :func:`safe_next`."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, target: object, default: str = "") -> str:
    """``target`` if it stays on this site (same host, http(s) or a path),
    else ``default`` (the notifications list unless given).

    ``https://elsewhere``, ``//elsewhere``, ``javascript:…`` and anything that is
    not a short string fall back to the default.
    """
    fallback = default or reverse("notifications:list")
    if not isinstance(target, str) or not target or len(target) > 2000:
        return fallback
    if any(ord(char) < 32 for char in target):
        return fallback
    if url_has_allowed_host_and_scheme(
        target,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        return target
    return fallback
