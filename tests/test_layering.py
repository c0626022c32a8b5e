"""The architecture held by the code's own imports (read with ``ast``, nothing is imported).

ui -> services -> storage / models / content; only storage touches TinyDB; no import cycle
between modules; no module over about 450 lines without a reason written at its top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "interviewpal"
MAX_LINES = 450
REASON_MARK = "Long because:"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Every module ``name`` imports (absolute names), including imports inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            for alias in node.names:  # "from . import x" may name a submodule
                if f"{target}.{alias.name}" in MODULES:
                    found.add(f"{target}.{alias.name}")
    return found


IMPORTS = {name: _imports(name, path) for name, path in MODULES.items()}


def _layer(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def _offenders(rule) -> list[str]:
    return sorted(f"{mod} imports {imp}" for mod, imps in IMPORTS.items() for imp in imps if rule(mod, imp))


def _is(imp: str, prefix: str) -> bool:
    return imp == prefix or imp.startswith(prefix + ".")


def test_only_storage_imports_tinydb():
    assert _offenders(lambda m, i: _is(i, "tinydb") and _layer(m) != "storage") == []


def test_ui_does_not_import_storage():
    assert _offenders(lambda m, i: _layer(m) == "ui" and _is(i, "interviewpal.storage")) == []


def test_nothing_below_ui_imports_ui_or_flet():
    below = lambda m: _layer(m) in {"services", "storage", "models", "content", "notify"}  # noqa: E731
    assert _offenders(lambda m, i: below(m) and (_is(i, "interviewpal.ui") or _is(i, "flet"))) == []


def test_storage_models_content_import_no_services():
    assert _offenders(
        lambda m, i: _layer(m) in {"storage", "models", "content"} and _is(i, "interviewpal.services")
    ) == []


def _resolve(imp: str) -> str | None:
    """The project module an import lands in (``a.b.c`` -> ``a.b`` when c is a name in a.b)."""
    while imp:
        if imp in MODULES:
            return imp
        imp = imp.rpartition(".")[0]
    return None


def test_no_import_cycle():
    graph = {
        m: {r for i in imps if (r := _resolve(i)) and r != m and not MODULES[r].name == "__init__.py"}
        for m, imps in IMPORTS.items()
    }
    # Package __init__ files re-export their modules; an edge into a package is an edge into
    # the package's own code only, which is why those are left out above.
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)
    assert [" -> ".join(c) for c in cycles] == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_long_modules_say_why(name):
    path = MODULES[name]
    text = path.read_text(encoding="utf-8")
    lines = text.count("\n") + 1
    if lines <= MAX_LINES:
        return
    doc = ast.get_docstring(ast.parse(text)) or ""
    assert REASON_MARK in doc, f"{path.relative_to(ROOT)} has {lines} lines and no '{REASON_MARK} ...' in its docstring"


def test_screens_reach_data_only_through_app_services():
    """No screen touches the repositories: ``svc.repos`` (or ``._repos``) never appears in ui/."""
    found = []
    for name, path in MODULES.items():
        if _layer(name) != "ui":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in {"repos", "_repos", "db"}:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} .{node.attr}")
    assert found == []


def test_every_text_field_keeps_what_the_user_typed():
    """ui/ builds text fields as ``TextInput`` (ui/components/text_input.py), never ``ft.TextField``:
    a plain one can get older text sent back over the user's typing by a re-render."""
    found = []
    for name, path in MODULES.items():
        if _layer(name) != "ui" or path.name == "text_input.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "TextField":
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []
