"""No module of microjob imports a module that imports it back, directly or round a loop.

The graph is read from the source with :mod:`ast`, so imports inside functions
(the usual way to hide a cycle) count as much as those at the top of a module.
Imports under ``if TYPE_CHECKING:`` do not: they never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = "microjob"
ROOT = Path(__file__).resolve().parent.parent / PACKAGE


def _module_name(path: Path) -> str:
    parts = [PACKAGE, *path.relative_to(ROOT).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node of ``tree`` except the bodies of ``if TYPE_CHECKING:`` blocks."""
    out: list[ast.AST] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        out.append(node)
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))
    return out


def _resolve(name: str, known: set[str]) -> str | None:
    """``name``, or the longest package prefix of it that is a module of ours."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(module: str, path: Path, known: set[str]) -> set[str]:
    """The microjob modules that ``module`` imports when it runs (at any depth of its code)."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = module.split(".")
                anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, node.module] if node.module else anchor)
            else:
                base = node.module or ""
            # ``from microjob import x`` imports the submodule x when there is one,
            # otherwise it takes x from the package's __init__.
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            resolved = _resolve(target, known)
            if resolved is not None and resolved != module:
                found.add(resolved)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: imports_of(name, path, known) for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a path ``[a, b, ..., a]``, or None (depth-first search)."""
    finished: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str] | None:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in finished:
            return None
        for nxt in sorted(graph.get(node, ())):
            cycle = visit(nxt, [*path, node])
            if cycle is not None:
                return cycle
        finished.add(node)
        return None

    for start in sorted(graph):
        cycle = visit(start, [])
        if cycle is not None:
            return cycle
    return None


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each group of modules that import one another round a loop."""
    found: list[list[str]] = []
    remaining = {node: set(targets) for node, targets in graph.items()}
    while (cycle := find_cycle(remaining)) is not None:
        found.append(cycle)
        # Drop the loop's modules, then look for loops elsewhere.
        for node in cycle:
            remaining.pop(node, None)
        remaining = {n: {t for t in ts if t in remaining} for n, ts in remaining.items()}
    return found


def test_the_package_has_no_import_cycle() -> None:
    found = cycles(import_graph())
    assert not found, "import cycles:\n" + "\n".join(" -> ".join(c) for c in found)


# ------------------------------------------------------- the test's own parts


def _graph_of(tmp_path: Path, files: dict[str, str]) -> dict[str, set[str]]:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    base = tmp_path / PACKAGE
    modules = {
        ".".join([PACKAGE, *p.relative_to(base).with_suffix("").parts]).removesuffix(".__init__"): p
        for p in sorted(base.rglob("*.py"))
    }
    return {name: imports_of(name, path, set(modules)) for name, path in modules.items()}


def test_every_kind_of_import_is_an_edge(tmp_path: Path) -> None:
    graph = _graph_of(
        tmp_path,
        {
            "microjob/__init__.py": "from microjob import a\n",
            "microjob/a.py": "import microjob.b\n",
            "microjob/b.py": "def f():\n    from microjob.c import thing\n",
            "microjob/c.py": "from . import d\n",
            "microjob/d.py": "from .pkg import e\n",
            "microjob/pkg/__init__.py": "from .e import x\n",
            "microjob/pkg/e.py": "from ..a import y\nimport numpy\n",
        },
    )
    assert graph == {
        "microjob": {"microjob.a"},
        "microjob.a": {"microjob.b"},
        "microjob.b": {"microjob.c"},
        "microjob.c": {"microjob.d"},
        "microjob.d": {"microjob.pkg.e"},
        "microjob.pkg": {"microjob.pkg.e"},
        "microjob.pkg.e": {"microjob.a"},
    }
    assert find_cycle(graph) == [
        "microjob.a",
        "microjob.b",
        "microjob.c",
        "microjob.d",
        "microjob.pkg.e",
        "microjob.a",
    ]


def test_type_checking_imports_are_not_edges(tmp_path: Path) -> None:
    graph = _graph_of(
        tmp_path,
        {
            "microjob/__init__.py": "",
            "microjob/a.py": "from microjob import b\n",
            "microjob/b.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from microjob.a import x\nelse:\n    import json\n"
            ),
        },
    )
    assert graph["microjob.b"] == set()
    assert find_cycle(graph) is None


@pytest.mark.parametrize(
    ("graph", "cycle"),
    [
        ({"a": {"b"}, "b": set()}, None),
        ({"a": {"b"}, "b": {"a"}}, ["a", "b", "a"]),
        ({"a": {"b", "c"}, "b": {"c"}, "c": set()}, None),
        ({"a": {"b"}, "b": {"c"}, "c": {"b"}}, ["b", "c", "b"]),
    ],
)
def test_find_cycle(graph: dict[str, set[str]], cycle: list[str] | None) -> None:
    assert find_cycle(graph) == cycle
