"""The planning tests' small plan (``world``) and the workspace tests' two units
(``scene``) serve the domain services' tests too."""

from tests.planning.conftest import frozen_today, world  # noqa: F401
from tests.workspace.conftest import other_head, scene, staff  # noqa: F401
