"""The layers' rules (docs/architecture.md), read from the imports of every module's source.

Nothing is imported to check them: each module's `import` and `from ... import` lines are
read, at any depth (an import inside a function counts, as does one for type checking),
and a layer's rule holds for every module of the package that the layer's code reaches.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

import facilitator

PACKAGE = Path(facilitator.__file__).parent
LAYERS = ("core", "documents", "live", "ui")

# The layers each layer may import; only app.py and cli.py (outside the layers) wire all four.
MAY_IMPORT = {
    "core": {"core"},
    "documents": {"core", "documents"},
    "live": {"core", "documents", "live"},
    "ui": {"core", "documents", "ui"},
}

QT = ("PySide6", "shiboken6")
HTTP = ("starlette", "uvicorn", "httpx", "aiohttp", "h11", "websockets", "http.server", "http.client",
        "urllib.request")
REPORTLAB = ("reportlab",)


@dataclass(frozen=True)
class Module:
    name: str  # facilitator.core.deck
    path: Path
    imports: frozenset[str]  # every module it imports, by absolute name
    names: frozenset[tuple[str, str]]  # (module, name) of each `from module import name`
    store_lines: tuple[int, ...]  # where it names a store: `x.store`, or `store=` to a call

    @property
    def layer(self) -> str:
        parts = self.name.split(".")
        return parts[1] if len(parts) > 1 and parts[1] in LAYERS else ""  # "": app, cli, ...


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _store_lines(tree: ast.AST) -> tuple[int, ...]:
    """Lines that take hold of a store: `x.store` read (to call it, keep it or hand it
    on) or passed as `store=`. A front end asks core with the session instead."""
    return tuple(sorted(
        node.lineno for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "store"
        or isinstance(node, ast.keyword) and node.arg == "store"
    ))


def _read_imports(nodes, package: list[str]) -> tuple[set[str], set[tuple[str, str]]]:
    """The modules the import statements among `nodes` import, and the names they take."""
    imports, names = set(), set()
    for node in nodes:
        if isinstance(node, ast.Import):
            imports.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            source_module = ".".join(base + ([node.module] if node.module else []))
            imports.add(source_module)
            for alias in node.names:
                names.add((source_module, alias.name))
                if source_module.startswith("facilitator"):  # `from facilitator.core import store`
                    imports.add(f"{source_module}.{alias.name}")
    return imports, names


def _read(path: Path, source: str | None = None) -> Module:
    """A module of the package as its source (by default, the file's) imports."""
    name = _module_name(path)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    tree = ast.parse(path.read_text(encoding="utf-8") if source is None else source, str(path))
    imports, names = _read_imports(ast.walk(tree), package)
    return Module(name, path, frozenset(imports), frozenset(names), _store_lines(tree))


@cache
def modules() -> dict[str, Module]:
    found = (_read(path) for path in sorted(PACKAGE.rglob("*.py")))
    return {module.name: module for module in found}


def _is_under(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def reached(layer: str, follow: set[str]) -> list[Module]:
    """The layer's modules and every package module they import, through the layers in follow."""
    known = modules()
    todo = [m for m in known.values() if m.layer == layer]
    seen = {m.name for m in todo}
    for module in todo:
        for name in module.imports:
            target = known.get(name)
            if target is not None and target.layer in follow and target.name not in seen:
                seen.add(target.name)
                todo.append(target)
    return todo


def offenders(found: list[Module], banned: tuple[str, ...]) -> list[str]:
    return sorted(
        f"{module.name} imports {name}"
        for module in found for name in module.imports if _is_under(name, banned)
    )


def test_every_layer_is_read():
    counts = {layer: sum(m.layer == layer for m in modules().values()) for layer in LAYERS}
    assert all(count >= 5 for count in counts.values()), counts


@pytest.mark.parametrize("layer", LAYERS)
def test_a_layer_imports_only_the_layers_below_it(layer):
    wrong = sorted(
        f"{module.name} imports {name}"
        for module in reached(layer, {layer})
        for name in module.imports
        if name.startswith("facilitator.") and name in modules()
        and modules()[name].layer not in MAY_IMPORT[layer]
    )
    assert wrong == []


@pytest.mark.parametrize("layer, banned", [
    pytest.param("core", QT + HTTP + REPORTLAB, id="core-no-qt-http-reportlab"),
    pytest.param("live", QT, id="live-no-qt"),
    pytest.param("documents", QT + ("starlette", "uvicorn"), id="documents-no-qt-starlette"),
])
def test_what_a_layer_reaches_imports_none_of_what_it_must_not(layer, banned):
    assert offenders(reached(layer, MAY_IMPORT[layer]), banned) == []


def test_the_windows_draw_no_pdf_themselves():
    """ui asks the documents layer for PDFs; its own code imports no ReportLab."""
    assert offenders(reached("ui", {"ui"}), REPORTLAB) == []


STORE_NAMES = {("facilitator.core.store", "Store"), ("facilitator.core", "store")}


def _holds_the_store(module: Module) -> list[str]:
    return [f"{module.name} imports {source}.{name}" for source, name in module.names
            if (source, name) in STORE_NAMES] + [f"{module.name}:{line} holds a store" for line in module.store_lines]


def test_the_windows_change_the_session_only_through_core():
    """Nothing outside core writes to the store: ui imports no Store and never holds one,
    not even to hand it on; it asks core to act, with the session."""
    assert [place for module in reached("ui", {"ui"}) for place in _holds_the_store(module)] == []


def test_the_reader_sees_every_kind_of_import():
    source = (
        "from ..core import store\nfrom .charts import Theme\nimport facilitator.live.phone_app\n"
        "def draw(session):\n    from reportlab.lib import colors\n    import PySide6.QtCore\n"
        "    session.health.ok\n    core_action(session.store)\n    core_action(store=x)\n"
        "    return session.store.rename_attendee\n"
    )
    module = _read(PACKAGE / "ui" / "example.py", source)  # as if it were in ui: never written
    assert module.name == "facilitator.ui.example" and module.layer == "ui"
    assert {"facilitator.core.store", "facilitator.ui.charts", "facilitator.live.phone_app",
            "reportlab.lib", "PySide6.QtCore"} <= module.imports
    assert _holds_the_store(module) == [
        "facilitator.ui.example imports facilitator.core.store", *(
            f"facilitator.ui.example:{line} holds a store" for line in (8, 9, 10))
    ]
    assert offenders([module], REPORTLAB) == ["facilitator.ui.example imports reportlab.lib"]


# The session builds its results, which read the session back (named for annotations only).
OWNER_AND_OWNED = {"facilitator.core.results <-> facilitator.core.session"}


def test_no_two_modules_import_each_other():
    """A circle (render and charts once imported each other, charts for a type only)
    means neither can be read, tested or changed alone: what both need goes to a module
    of its own (drawing, theme)."""
    known = modules()
    circles = {
        f"{name} <-> {other}" for name, module in known.items() for other in module.imports
        if other in known and other > name and name in known[other].imports
    }
    assert circles == OWNER_AND_OWNED
