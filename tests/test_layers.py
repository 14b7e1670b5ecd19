"""The units' imports point one way, as ../shared/DESIGN.md ranks them (console -> scheduler ->
cluster -> runs -> crawler -> pipelines -> monitoring -> storage -> config -> entities -> core), by
import statements and by the class paths Scrapy's settings name in strings; only storage talks
to PostgreSQL's driver, and nothing but the console imports the console."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# A unit may import only units of a lower rank. Each subpackage of polwire/ is a unit; crawler,
# pipelines and scheduler are the top-level units the project was asked for.
RANK = {
    "polwire.core": 0,
    "polwire.entities": 1,
    "polwire.config": 2,
    "polwire.storage": 3,
    "polwire.monitoring": 4,
    # The crawler names the pipelines (ITEM_PIPELINES); the pipelines import nothing of it.
    "pipelines": 5,
    "crawler": 6,
    "polwire.runs": 7,
    "polwire.cluster": 8,
    "scheduler": 9,
    "polwire.console": 10,
}
DRIVERS = {"psycopg", "psycopg_pool"}


def unit_of(module: str) -> str | None:
    """The unit a dotted module name belongs to (None for anything outside polwire)."""
    parts = module.split(".")
    name = ".".join(parts[:2]) if parts[0] == "polwire" else parts[0]
    return name if name in RANK else None


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


def _string_imports(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Dotted class paths in string constants (Scrapy's ITEM_PIPELINES, EXTENSIONS, ...): an
    import by name that the walk of import statements cannot see."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            value = node.value.split(":")[0]
            if " " not in value and unit_of(value) is not None and _names_a_module(value):
                yield node.lineno, value


def _names_a_module(dotted: str) -> bool:
    """Whether a dotted name (a module, or a module and an attribute) is one of the repo's."""
    parts = dotted.split(".")
    for end in (len(parts), len(parts) - 1):
        base = REPO.joinpath(*parts[:end])
        if end > 1 and (base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()):
            return True
    return False


def _modules() -> Iterator[tuple[str, Path]]:
    for unit in RANK:
        for path in sorted((REPO / unit.replace(".", "/")).rglob("*.py")):
            yield unit, path


def _upward(walk: object) -> list[str]:
    found = []
    for unit, path in _modules():
        tree = ast.parse(path.read_text("utf-8"))
        for line, module in walk(tree):  # type: ignore[operator]
            target = unit_of(module)
            if target is not None and target != unit and RANK[target] >= RANK[unit]:
                found.append(f"{path.relative_to(REPO)}:{line} imports {module}")
    return found


def test_every_unit_is_ranked() -> None:
    top = {p.parent.name for p in REPO.glob("*/__init__.py")} - {"tests", "bench"}
    inner = {f"polwire.{p.parent.name}" for p in (REPO / "polwire").glob("*/__init__.py")}
    assert top | inner == set(RANK) | {"polwire"}


def test_imports_point_down() -> None:
    assert _upward(_runtime_imports) == []


def test_no_unit_names_a_higher_one_in_a_string() -> None:
    assert _upward(_string_imports) == []


def test_only_storage_imports_the_database_driver() -> None:
    found = [
        f"{path.relative_to(REPO)}:{line} imports {module}"
        for unit, path in _modules()
        if unit != "polwire.storage"
        for line, module in _runtime_imports(ast.parse(path.read_text("utf-8")))
        if module.split(".")[0] in DRIVERS
    ]
    assert found == []


def test_the_walk_sees_an_upward_import() -> None:
    tree = ast.parse("def f():\n    from polwire.console.main import main\n")
    assert list(_runtime_imports(tree)) == [(2, "polwire.console.main")]
    typing_only = ast.parse("if TYPE_CHECKING:\n    import psycopg\nelse:\n    import json\n")
    assert list(_runtime_imports(typing_only)) == [(4, "json")]
    named = ast.parse("ITEM_PIPELINES = {'pipelines.store.StorePipeline': 300}\n")
    assert list(_string_imports(named)) == [(1, "pipelines.store.StorePipeline")]
    assert unit_of("polwire.storage.pool") == "polwire.storage"
    assert unit_of("json") is None
    assert list(_string_imports(ast.parse("LOG = 'scheduler.log'\n"))) == []


def test_the_item_and_the_pipelines_load_neither_the_crawler_nor_the_extractor() -> None:
    # The item is plain data: a pipeline that names it (or a crawl that stores nothing new)
    # must not pay for loading the extractor and its tables.
    code = (
        "import sys\n"
        "import polwire.core.article_item, pipelines.normalize, pipelines.validate\n"
        "import pipelines.coverage, pipelines.deduplicate, pipelines.store\n"
        "print(sorted(m for m in sys.modules if m == 'crawler' or m.startswith('crawler.')))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]"
