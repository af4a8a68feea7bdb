"""The layers keep to their jobs: only the rendering layer writes to the terminal,
and the core never imports the terminal libraries (lazily or not)."""

from __future__ import annotations

import ast
from pathlib import Path

import chaptercli

PACKAGE = Path(chaptercli.__file__).parent
# The rendering layer; and browse, the full-screen app, which owns its screen.
RENDERING = ("render/", "browse/")
# Where the terminal libraries may be imported.
TERMINAL_SIDE = ("render/", "cli/", "browse/")


def modules() -> dict[str, ast.Module]:
    return {
        path.relative_to(PACKAGE).as_posix(): ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def writes_to_terminal(tree: ast.Module) -> list[int]:
    """Lines that print, or name sys.stdout or sys.stderr."""
    lines = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and (node.func.id == "print")
        ):
            lines.append(node.lineno)
        if (
            isinstance(node, ast.Attribute)
            and node.attr in ("stdout", "stderr", "__stdout__", "__stderr__")
            and isinstance(node.value, ast.Name)
            and node.value.id == "sys"
        ):
            lines.append(node.lineno)
    return lines


def imported(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_the_checks_see_every_module() -> None:
    found = modules()
    assert {"cli/app.py", "render/emit.py", "search.py", "formats/youtube.py"} <= set(found)


def test_only_the_rendering_layer_writes_to_the_terminal() -> None:
    offenders = {
        name: lines
        for name, tree in modules().items()
        if not name.startswith(RENDERING) and (lines := writes_to_terminal(tree))
    }
    assert offenders == {}


def test_the_core_never_imports_typer_rich_or_textual() -> None:
    offenders = {
        name: sorted(names)
        for name, tree in modules().items()
        if not name.startswith(TERMINAL_SIDE)
        and (names := imported(tree) & {"typer", "click", "rich", "textual"})
    }
    assert offenders == {}


def test_the_check_catches_a_print() -> None:
    assert writes_to_terminal(ast.parse("import sys\nprint(1)\nsys.stderr.write('x')\n")) == [2, 3]
    assert imported(ast.parse("def f():\n    from rich.text import Text\n")) == {"rich"}
