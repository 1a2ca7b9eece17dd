"""Where browser tests save their screenshots.

A test run never writes a tracked file: by default the pictures go to
``var/screenshots/`` (ignored by git). ``make screenshots`` sets ``SCREENSHOTS_DIR``
to ``docs/screenshots`` and runs the tests that take them, to refresh the pictures
the documentation shows, deliberately.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def screenshot_path(name: str) -> str:
    """The path of ``name`` (e.g. ``dashboard.png``) in the screenshot folder."""
    folder = Path(os.environ.get("SCREENSHOTS_DIR") or ROOT / "var" / "screenshots")
    if not folder.is_absolute():
        folder = ROOT / folder
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder / name)
