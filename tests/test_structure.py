"""The shape of the package: no import cycles (lazy imports included), no module
over 300 lines, and a library and index that never reach the terminal.

One test case per module, so a failure names the module, and its message names
the cycle (each import with its line) or the count."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parent.parent / "chaptercli"
MAX_LINES = 300
DYNAMIC_IMPORTS = {"import_module", "__import__"}

Modules = dict[str, Path]
Graph = dict[str, dict[str, int]]  # module -> each module it imports -> first line doing so


def find_modules(source: Path) -> Modules:
    """Every module of the package at source, by dotted name (a package by its own)."""
    modules = {}
    for path in sorted(source.rglob("*.py")):
        parts = path.relative_to(source.parent).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def imported_names(modules: Modules, name: str, node: ast.AST) -> Iterator[str]:
    """What one node of a module imports: import statements wherever they are (inside
    functions, under `if TYPE_CHECKING:`), relative ones resolved, and importlib calls
    with a constant name or a constant prefix (which may import any module under it)."""
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            package = name if modules[name].name == "__init__.py" else name.rpartition(".")[0]
            parts = package.split(".")
            anchor = ".".join(parts[: len(parts) - node.level + 1])
            base = f"{anchor}.{base}" if base else anchor
        for alias in node.names:
            # `from package import module` imports the module; `from module import name`, it.
            full = f"{base}.{alias.name}"
            yield full if full in modules else base
    elif isinstance(node, ast.Call) and node.args:
        function = node.func
        called = function.attr if isinstance(function, ast.Attribute) else None
        called = function.id if isinstance(function, ast.Name) else called
        argument = node.args[0]
        if called in DYNAMIC_IMPORTS and isinstance(argument, ast.Constant):
            yield str(argument.value)
        elif called in DYNAMIC_IMPORTS and isinstance(argument, ast.JoinedStr):
            first = argument.values[0] if argument.values else None
            if isinstance(first, ast.Constant):
                yield from (module for module in modules if module.startswith(str(first.value)))


def import_graph(modules: Modules) -> Graph:
    graph: Graph = {}
    for name, path in modules.items():
        edges: dict[str, int] = {}
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            for imported in imported_names(modules, name, node):
                target = imported
                while target and target not in modules:  # a name inside a module: the module
                    target = target.rpartition(".")[0]
                if target and target != name:
                    line = getattr(node, "lineno", 0)
                    edges[target] = min(edges.get(target, line), line)
        graph[name] = edges
    return graph


def cycle_through(graph: Graph, start: str) -> list[str] | None:
    """The shortest chain of imports leading from a module back to itself, if any."""
    chains = {start: [start]}
    queue = [start]
    while queue:
        current = queue.pop(0)
        for target in sorted(graph[current]):
            if target == start:
                return [*chains[current], start]
            if target not in chains:
                chains[target] = [*chains[current], target]
                queue.append(target)
    return None


def describe(graph: Graph, chain: list[str]) -> str:
    steps = [f"{module} (line {graph[module][following]})" for module, following in pairwise(chain)]
    return " -> ".join([*steps, chain[-1]])


MODULES = find_modules(SOURCE)
GRAPH = import_graph(MODULES)


# The library and its index: they tell their caller through `notify`, nothing else.
QUIET = sorted(
    name
    for name in MODULES
    if name.startswith("chaptercli.index")
    or name in {"chaptercli.library", "chaptercli.reading", "chaptercli.discovery"}
)
TERMINAL_MODULES = ("chaptercli.render", "typer", "click", "rich", "textual")
PROMPTS = {"print", "input", "breakpoint"}
STREAMS = {("sys", "stdout"), ("sys", "stderr")}


def terminal_uses(modules: Modules, name: str) -> list[str]:
    """Where a module imports a terminal library, prints, or touches sys.stdout/stderr."""
    uses = []
    for node in ast.walk(ast.parse(modules[name].read_text(encoding="utf-8"))):
        line = getattr(node, "lineno", 0)
        uses += [f"line {line}: imports {imported}"
                 for imported in imported_names(modules, name, node)
                 if any(imported == m or imported.startswith(m + ".")
                        for m in TERMINAL_MODULES)]  # fmt: skip
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in PROMPTS):  # fmt: skip
            uses.append(f"line {line}: calls {node.func.id}()")
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and (node.value.id, node.attr) in STREAMS):  # fmt: skip
            uses.append(f"line {line}: uses sys.{node.attr}")
    return uses


def test_the_checker_sees_every_kind_of_import(tmp_path: Path) -> None:
    package = tmp_path / "chaptercli"
    (package / "sub").mkdir(parents=True)
    sources = {
        "__init__.py": "",
        "top.py": "import os\nimport chaptercli.sub.deep\n",
        "lazy.py": "def later():\n    from chaptercli import top\n    return top\n",
        "typed.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
        "    from chaptercli.lazy import later\n",
        "sub/__init__.py": "from .deep import thing\nfrom .. import typed\n",
        "sub/deep.py": "import importlib\nthing = 1\n"
        "def load(name):\n    return importlib.import_module(f'chaptercli.sub.{name}')\n"
        "def other():\n    return __import__('chaptercli.lazy')\n",
        "sub/extra.py": "import sys\nfrom chaptercli import render\nimport rich.console\n"
        "def shout():\n    print('hi')\n    sys.stderr.write('hi')\n    sys.exit(1)\n",
        "render.py": "",
    }
    for relative, text in sources.items():
        (package / relative).write_text(text, encoding="utf-8")
    modules = find_modules(package)
    graph = import_graph(modules)
    assert graph == {
        "chaptercli": {},
        "chaptercli.lazy": {"chaptercli.top": 2},
        "chaptercli.render": {},
        "chaptercli.sub": {"chaptercli.sub.deep": 1, "chaptercli.typed": 2},
        "chaptercli.sub.deep": {"chaptercli.sub.extra": 4, "chaptercli.lazy": 6},
        "chaptercli.sub.extra": {"chaptercli.render": 2},
        "chaptercli.top": {"chaptercli.sub.deep": 2},
        "chaptercli.typed": {"chaptercli.lazy": 3},
    }
    assert cycle_through(graph, "chaptercli.typed") is None
    chain = cycle_through(graph, "chaptercli.top")
    assert chain == ["chaptercli.top", "chaptercli.sub.deep", "chaptercli.lazy", "chaptercli.top"]
    assert describe(graph, chain) == (
        "chaptercli.top (line 2) -> chaptercli.sub.deep (line 6) -> chaptercli.lazy (line 2) "
        "-> chaptercli.top"
    )
    assert terminal_uses(modules, "chaptercli.sub.extra") == [
        "line 2: imports chaptercli.render",
        "line 3: imports rich.console",
        "line 5: calls print()",
        "line 6: uses sys.stderr",
    ]
    assert terminal_uses(modules, "chaptercli.sub.deep") == []


def test_the_real_package_is_seen() -> None:
    assert {"chaptercli.cli", "chaptercli.library", "chaptercli.index.storage"} <= set(MODULES)
    assert "chaptercli.index.storage" in GRAPH["chaptercli.index"]
    assert "chaptercli.index" in GRAPH["chaptercli.library"]


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_import_cycle(name: str) -> None:
    chain = cycle_through(GRAPH, name)
    assert chain is None, f"{name} is on an import cycle: {describe(GRAPH, chain)}"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_is_short(name: str) -> None:
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{MODULES[name]} has {lines} lines (at most {MAX_LINES})"


@pytest.mark.parametrize("name", QUIET)
def test_library_and_index_never_reach_the_terminal(name: str) -> None:
    """They report through the `notify` callable their caller gives, nothing else."""
    assert terminal_uses(MODULES, name) == []
