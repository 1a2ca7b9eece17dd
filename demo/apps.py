from __future__ import annotations

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data (``manage.py seed_demo``), written through the domain's
    services; it has no models and no pages."""

    name = "demo"
