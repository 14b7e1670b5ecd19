"""The configuration reference, made from the config schema so that it cannot drift from it
(and the table of built-in sources, made from the registry for the same reason).

A MkDocs hook (mkdocs.yml `hooks:`): on a page, the ``<!-- config-reference -->`` marker
becomes one table per section of polwire.toml, and ``<!-- builtin-sources -->`` the list of
built-in sources. Run as a script, it prints the configuration reference:
``python docs/gen_config.py``.

The keys come from ``polwire.config.schema.describe()`` when polwire has it; otherwise from
the section dataclasses themselves (``polwire.config.file.SECTIONS`` and the source model):
each field's name, type and default, and its help from the field's metadata, else from the
comment written next to (or just above) the field.
"""

from __future__ import annotations

import ast
import inspect
import io
import json
import textwrap
import tokenize
from dataclasses import MISSING, Field, dataclass, fields
from typing import Any

MARKER = "<!-- config-reference -->"
SOURCES_MARKER = "<!-- builtin-sources -->"
# Keys of a source that the registry sets itself (a config file may not).
NOT_SETTABLE = {"builtin"}


@dataclass(frozen=True, slots=True)
class Key:
    table: str  # "" for the top level, "[crawl]", "[[sources]]"
    key: str
    type: str
    default: Any  # None: unset
    allowed: str
    help: str


def keys() -> list[Key]:
    try:
        from polwire.config.schema import describe  # type: ignore[attr-defined]
    except ImportError:
        return _keys_from_dataclasses()
    return [Key(d.table, d.key, d.type, d.default, d.allowed, d.help) for d in describe()]


def _keys_from_dataclasses() -> list[Key]:
    from crawler.sources.model import Source
    from polwire.config.file import SECTIONS

    found = [
        Key("", "database_url", "string", None, "", "PostgreSQL URL (or $DATABASE_URL)."),
        Key("", "home", "string", None, "", "Data directory (or $POLWIRE_HOME)."),
    ]
    for name, cls in SECTIONS.items():
        found += _section(f"[{name}]", cls)
    found += [k for k in _section("[[sources]]", Source) if k.key not in NOT_SETTABLE]
    return found


def _section(table: str, cls: type) -> list[Key]:
    comments = field_comments(cls)
    return [
        Key(table, f.name, _type_name(f), _default(f), "", _help(f) or comments.get(f.name, ""))
        for f in fields(cls)
    ]


def _help(f: Field[Any]) -> str:
    for value in f.metadata.values():
        text = getattr(value, "help", None) or (value if isinstance(value, str) else None)
        if text:
            return str(text)
    return ""


def _default(f: Field[Any]) -> Any:
    if f.default is not MISSING:
        return f.default
    if f.default_factory is not MISSING:
        return f.default_factory()
    return None


def _type_name(f: Field[Any]) -> str:
    text = str(f.type).replace(" | None", "").replace("typing.", "")
    if text.startswith(("list[", "tuple[")):
        return "list of strings" if "str" in text else "list"
    if text.startswith("dict["):
        return "table"
    return {"int": "integer", "float": "float", "str": "string", "bool": "boolean"}.get(text, text)


def field_comments(cls: type) -> dict[str, str]:
    """Each field's comment: the one at the end of its line, else the block just above it."""
    source = textwrap.dedent(inspect.getsource(cls))
    lines = source.splitlines()
    comments = {
        tok.start[0]: tok.string.lstrip("#").strip()
        for tok in tokenize.generate_tokens(io.StringIO(source).readline)
        if tok.type == tokenize.COMMENT
    }
    body = ast.parse(source).body[0]
    assert isinstance(body, ast.ClassDef)
    found: dict[str, str] = {}
    for node in body.body:
        if not (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)):
            continue
        trailing = comments.get(node.end_lineno or node.lineno)
        above: list[str] = []
        line = node.lineno - 1
        while line >= 1 and lines[line - 1].strip().startswith("#"):
            above.insert(0, comments[line])
            line -= 1
        text = trailing or " ".join(above)
        if text:
            found[node.target.id] = text[0].upper() + text[1:]
    return found


def _toml(value: Any) -> str:
    if value is None:
        return "unset"
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    if isinstance(value, (list, tuple)):
        return "`[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in value) + "]`"
    if isinstance(value, dict):
        return "`{}`" if not value else f"`{json.dumps(value)}`"
    if isinstance(value, str):
        return f"`{json.dumps(value, ensure_ascii=False)}`"
    return f"`{value}`"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def reference_markdown() -> str:
    out: list[str] = []
    tables: dict[str, list[Key]] = {}
    for key in keys():
        tables.setdefault(key.table, []).append(key)
    with_allowed = any(k.allowed for rows in tables.values() for k in rows)
    heads = ["key", "type", "default", *(["allowed"] if with_allowed else []), "what it does"]
    for table, rows in tables.items():
        out.append(f"### `{table}`" if table else "### Top level")
        out.append("")
        out.append("| " + " | ".join(heads) + " |")
        out.append("|" + " --- |" * len(heads))
        for k in rows:
            cells = [f"`{k.key}`", k.type, _toml(k.default)]
            cells += [k.allowed] if with_allowed else []
            cells.append(k.help)
            out.append("| " + " | ".join(_cell(c) for c in cells) + " |")
        out.append("")
    return "\n".join(out)


def sources_markdown() -> str:
    """The built-in sources: name, outlet, country, language, how their articles are found."""
    from crawler.sources.registry import load_registry
    from polwire.config import Config

    out = [
        "| name | outlet | country | language | discovery |",
        "| --- | --- | --- | --- | --- |",
    ]
    for source in load_registry(Config()).values():
        row = source.to_dict()
        discovery = ", ".join(row.get("discovery") or [])
        out.append(
            f"| `{source.name}` | {_cell(source.title)} | {source.country} | {source.language} "
            f"| {discovery} |"
        )
    return "\n".join(out)


def on_page_markdown(markdown: str, **_: Any) -> str:
    """MkDocs hook: fill the markers, wherever they are."""
    if MARKER in markdown:
        markdown = markdown.replace(MARKER, reference_markdown())
    if SOURCES_MARKER in markdown:
        markdown = markdown.replace(SOURCES_MARKER, sources_markdown())
    return markdown


if __name__ == "__main__":
    print(reference_markdown())
