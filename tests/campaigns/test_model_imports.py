"""The models depend on nothing that depends on them: no module of
``campaigns.models``, ``audiences.models`` or ``channels.models`` imports the
counters, the lifecycle, the services or the admin (which all import the
models), at module level or inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODEL_FILES = sorted(
    [
        *(ROOT / "campaigns" / "models").glob("*.py"),
        ROOT / "audiences" / "models.py",
        ROOT / "channels" / "models.py",
    ]
)
# What the models may import of the project besides each other: helpers that
# import no model.
ALLOWED = {
    "campaigns.history",
    "campaigns.recurrence",
    "campaigns.search",
    "campaigns.text",
    "campaigns.uploads",
    "nuithanh_cchc.text",
    "organisation.scoping",
}
PROJECT = ("accounts", "audiences", "campaigns", "channels", "organisation")


def _imported(path: Path) -> set[str]:
    """The absolute names of the project modules ``path`` imports."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            prefix = ".".join(base) if node.level else ""
            name = ".".join(filter(None, [prefix, node.module or ""]))
            found |= {name} if node.module else {f"{name}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {name for name in found if name.startswith(PROJECT)}


@pytest.mark.parametrize("path", MODEL_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_models_module_imports_only_models_and_helpers(path: Path) -> None:
    strays = {
        name
        for name in _imported(path)
        if name not in ALLOWED
        and not name.startswith(("campaigns.models", "audiences.models"))
        and not name.startswith("channels.models")
    }

    assert strays == set()
