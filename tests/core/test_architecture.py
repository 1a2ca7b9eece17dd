"""The layout the design promises, checked on the source itself.

- Domain apps never import a UI app (the UI sits over the domain, not beside it).
- No import cycle between production modules (imports under ``TYPE_CHECKING`` are
  annotations only and do not count).
- No production module past 500 lines (one idea a module).
- No comment names a tracker issue or a file outside the repository: the code
  says why, the history says when.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOMAIN_APPS = (
    "accounts",
    "audiences",
    "campaigns",
    "channels",
    "notifications",
    "organisation",
)
UI_APPS = ("administration", "planning", "reports", "workspace")
PRODUCTION = (*DOMAIN_APPS, *UI_APPS, "demo", "nuithanh_cchc", "ops")
MAX_LINES = 500


def _modules() -> Iterator[tuple[str, Path]]:
    for package in PRODUCTION:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            relative = path.relative_to(ROOT).with_suffix("")
            parts = (
                relative.parts[:-1] if relative.name == "__init__" else relative.parts
            )
            yield ".".join(parts), path


MODULES = dict(_modules())


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported(module: str, path: Path) -> set[str]:
    """The production modules ``module`` imports, wherever in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            skipped.update(id(child) for child in ast.walk(node))
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in names if name in MODULES and name != module}


GRAPH = {module: _imported(module, path) for module, path in MODULES.items()}


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in GRAPH:
        if node not in index:
            visit(node)
    return found


def _is_package_init_of(module: str, target: str) -> bool:
    # A package's __init__ re-exporting its own modules is how a package works.
    return target.startswith(f"{module}.")


def test_domain_apps_never_import_a_ui_app() -> None:
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        if module.split(".")[0] in DOMAIN_APPS
        for target in targets
        if target.split(".")[0] in UI_APPS
    )

    assert wrong == []


def test_no_import_cycle_between_modules() -> None:
    cycles = [
        cycle
        for cycle in _cycles()
        if not all(
            any(_is_package_init_of(a, b) or _is_package_init_of(b, a) for b in cycle)
            for a in cycle
        )
    ]

    assert cycles == []


def test_no_production_module_is_past_500_lines() -> None:
    long = sorted(
        f"{path.relative_to(ROOT)}: {count}"
        for path in MODULES.values()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    )

    assert long == []


def test_no_comment_names_a_tracker_issue_or_an_outside_file() -> None:
    pattern = re.compile(r"\b[Ii]ssues? \d+|\bDESIGN\.md|\.\./shared|shared/source")
    this_file = Path(__file__).resolve()
    found = sorted(
        f"{path.relative_to(ROOT)}:{number}"
        for path in [
            *MODULES.values(),
            *(ROOT / "tests").rglob("*.py"),
            *(ROOT / "benchmarks").rglob("*.py"),
        ]
        if path.resolve() != this_file
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    )

    assert found == []
