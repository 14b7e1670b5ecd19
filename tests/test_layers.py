"""The packages' imports point one way (console -> scheduler -> pipelines/crawler -> monitoring ->
storage/config), and only storage talks to PostgreSQL's driver."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# A package may import only packages of a lower rank. crawler and pipelines sit side by side in
# the design; pipelines import the crawler's item, never the other way (Scrapy finds the
# pipelines by name in crawler/settings.py).
RANK = {
    "storage": 0,
    "config": 0,
    "monitoring": 1,
    "crawler": 2,
    "pipelines": 3,
    "scheduler": 4,
    "console": 5,
}
DRIVERS = {"psycopg", "psycopg_pool"}


def _runtime_imports(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Absolute imports, leaving out `if TYPE_CHECKING:` blocks (not imported at run time)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                yield from _runtime_imports(ast.Module(body=[child], type_ignores=[]))
            continue
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module
        yield from _runtime_imports(node)


def _modules() -> Iterator[tuple[str, Path]]:
    for package in RANK:
        for path in sorted((REPO / package).rglob("*.py")):
            yield package, path


def test_every_package_is_ranked() -> None:
    packages = {p.parent.name for p in REPO.glob("*/__init__.py")} - {"tests", "bench"}
    assert packages == set(RANK)


def test_imports_point_down() -> None:
    upward = []
    for package, path in _modules():
        for line, module in _runtime_imports(ast.parse(path.read_text("utf-8"))):
            target = module.split(".")[0]
            if target in RANK and target != package and RANK[target] >= RANK[package]:
                upward.append(f"{path.relative_to(REPO)}:{line} imports {module}")
    assert upward == []


def test_only_storage_imports_the_database_driver() -> None:
    found = [
        f"{path.relative_to(REPO)}:{line} imports {module}"
        for package, path in _modules()
        if package != "storage"
        for line, module in _runtime_imports(ast.parse(path.read_text("utf-8")))
        if module.split(".")[0] in DRIVERS
    ]
    assert found == []


def test_the_walk_sees_an_upward_import() -> None:
    tree = ast.parse("def f():\n    from console.main import main\n")
    assert list(_runtime_imports(tree)) == [(2, "console.main")]
    typing_only = ast.parse("if TYPE_CHECKING:\n    import psycopg\nelse:\n    import json\n")
    assert list(_runtime_imports(typing_only)) == [(4, "json")]
