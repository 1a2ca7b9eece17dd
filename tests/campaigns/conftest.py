"""The planning tests' small plan (``world``) serves the plan and activity
services' tests too."""

from tests.planning.conftest import frozen_today, world  # noqa: F401
