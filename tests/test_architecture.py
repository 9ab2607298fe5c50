"""The house rules a newcomer relies on, checked: ARCHITECTURE.md names every module and only
modules that exist; `tasks` never imports Prefect or `flows`; no import cycle (type-only
imports included); no runtime import chain within `tasks` longer than nine modules; no module
over 400 lines."""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 400
MAX_DEPTH = 9
_LISTED = re.compile(r"`((?:tasks|flows)/[\w/]+\.py)`")


def _sources() -> list[Path]:
    return sorted([*ROOT.glob("tasks/**/*.py"), *ROOT.glob("flows/**/*.py")])


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _has_code(path: Path) -> bool:
    """A module a reader must find: any file but a package's docstring-and-imports __init__."""
    if path.name != "__init__.py":
        return True
    body = ast.parse(path.read_text()).body
    return any(isinstance(node, ast.FunctionDef | ast.ClassDef) for node in body)


def _imports(path: Path, *, runtime_only: bool) -> set[str]:
    """Modules of this project that `path` imports (`runtime_only`: leave out the imports
    under `if TYPE_CHECKING:`, which never run)."""
    tree = ast.parse(path.read_text())
    skipped: set[int] = set()
    if runtime_only:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                skipped |= {id(inner) for statement in node.body for inner in ast.walk(statement)}
    package = _module(path) if path.name == "__init__.py" else _module(path).rpartition(".")[0]
    named: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            named |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            named |= {source} | {f"{source}.{alias.name}" for alias in node.names}
    return {found for name in named if (found := _known(name)) and found != _module(path)}


@functools.cache
def _modules() -> dict[str, Path]:
    return {_module(path): path for path in _sources()}


def _known(name: str) -> str | None:
    """The longest prefix of a dotted name that is one of this project's modules."""
    while name and name not in _modules():
        name = name.rpartition(".")[0]
    return name or None


def _graph(*, runtime_only: bool) -> dict[str, set[str]]:
    return {name: _imports(path, runtime_only=runtime_only) for name, path in _modules().items()}


def test_the_module_map_lists_every_module_and_nothing_else():
    listed = set(_LISTED.findall((ROOT / "ARCHITECTURE.md").read_text()))
    present = {str(p.relative_to(ROOT)) for p in _sources() if _has_code(p)}
    assert sorted(present - listed) == [], "modules without a line in ARCHITECTURE.md"
    assert sorted(listed - {str(p.relative_to(ROOT)) for p in _sources()}) == [], (
        "ARCHITECTURE.md names modules that do not exist"
    )


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_over_400_lines(path: Path):
    assert len(path.read_text().splitlines()) <= MAX_LINES


def test_tasks_never_import_prefect_or_the_flows():
    for path in ROOT.glob("tasks/**/*.py"):
        imported = {
            alias.name.split(".")[0]
            for node in ast.walk(ast.parse(path.read_text()))
            for alias in getattr(node, "names", [])
            if isinstance(node, ast.Import)
        } | {
            (node.module or "").split(".")[0]
            for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.ImportFrom) and not node.level
        }
        assert not imported & {"prefect", "flows"}, path


def test_no_import_cycle():
    graph = _graph(runtime_only=False)
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for imported in sorted(graph[name]):
            assert state.get(imported) != 1, " -> ".join([*path, imported])
            if imported not in state:
                visit(imported, [*path, imported])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])


def test_no_import_chain_within_tasks_is_longer_than_nine_modules():
    graph = _graph(runtime_only=True)

    @functools.cache
    def longest(name: str) -> tuple[str, ...]:
        below = [longest(m) for m in graph[name] if m.startswith("tasks")]
        return (name, *max(below, key=len, default=()))

    chains = [longest(name) for name in graph if name.startswith("tasks")]
    deepest = max(chains, key=len)
    assert len(deepest) <= MAX_DEPTH, " -> ".join(deepest)
