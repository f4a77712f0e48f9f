"""No import circles anywhere in src/cyclemap (DESIGN.md, "Shape of the code").

Read statically with `ast`: every import statement of every module counts, the ones inside
functions and under `if TYPE_CHECKING:` too, since a circle hidden in a function is still a
circle in the design. `from package import name` leads to `package.name` when that is a module,
else to the package itself. Importing a module also imports the packages above it, unless the
importer is inside them already (a package's own modules may use each other freely).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

import cyclemap

SOURCE = Path(cyclemap.__file__).resolve().parent


def module_sources(root: Path = SOURCE, package: str = "cyclemap") -> dict[str, str]:
    """Every module under `root`, by its dotted name: its source text."""
    sources = {}
    for path in sorted(root.rglob("*.py")):
        parts = [package, *path.relative_to(root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        sources[".".join(parts)] = path.read_text(encoding="utf-8")
    return sources


def import_graph(sources: Mapping[str, str], package: str = "cyclemap") -> dict[str, set[str]]:
    """Which of these modules each one imports, anywhere in its text."""
    modules = set(sources)
    packages = {name for name in modules if any(m.startswith(name + ".") for m in modules)}

    def resolve(importer: str, level: int, module: str | None) -> str:
        if not level:
            return module or ""
        base = importer.split(".")
        if importer not in packages:
            base = base[:-1]
        base = base[: len(base) - (level - 1)]
        return ".".join([*base, module] if module else base)

    def leads_to(importer: str, target: str) -> Iterable[str]:
        if target in modules:
            yield target
        parts = target.split(".")
        for end in range(1, len(parts)):
            parent = ".".join(parts[:end])
            if parent in modules and not importer.startswith(parent + "."):
                yield parent

    graph: dict[str, set[str]] = {name: set() for name in modules}
    for importer, text in sources.items():
        for node in ast.walk(ast.parse(text)):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = resolve(importer, node.level, node.module)
                for alias in node.names:
                    whole = f"{base}.{alias.name}"
                    targets.append(whole if whole in modules else base)
            for target in targets:
                if target == package or target.startswith(package + "."):
                    graph[importer].update(t for t in leads_to(importer, target) if t != importer)
    return graph


def circles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """Each strongly connected group of modules (Tarjan), as one circle through it."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(name: str) -> None:
        index[name] = low[name] = len(index)
        stack.append(name)
        on_stack.add(name)
        for target in sorted(graph[name]):
            if target not in index:
                visit(target)
                low[name] = min(low[name], low[target])
            elif target in on_stack:
                low[name] = min(low[name], index[target])
        if low[name] == index[name]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == name:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return [_path_through(graph, group) for group in groups]


def _path_through(graph: Mapping[str, set[str]], group: list[str]) -> list[str]:
    """One circle inside a strongly connected group: from its first module back to it."""
    start, members = group[0], set(group)
    paths = [[start]]
    seen = {start}
    while paths:
        path = paths.pop(0)
        for target in sorted(graph[path[-1]] & members):
            if target == start:
                return [*path, start]
            if target not in seen:
                seen.add(target)
                paths.append([*path, target])
    return group


def test_no_module_of_cyclemap_is_in_an_import_circle() -> None:
    found = circles(import_graph(module_sources()))
    assert not found, "import circles: " + "; ".join(" → ".join(c) for c in found)


def test_the_graph_sees_the_modules_and_their_imports() -> None:
    graph = import_graph(module_sources())
    assert "cyclemap.walkthrough" in graph["cyclemap.tui.screens.walkthrough"]
    # A function-level import counts: the walkthrough opens the review inside a method.
    assert "cyclemap.tui.screens.reveal" in graph["cyclemap.tui.screens.walkthrough"]
    assert not any(name.startswith("cyclemap.tui") for name in graph["cyclemap.walkthrough"])


def test_a_circle_is_found_and_named() -> None:
    sources = {
        "pkg": "",
        "pkg.a": "from pkg.b import thing\n",
        "pkg.b": "def late():\n    from . import c\n",
        "pkg.c": "import pkg.a\n",
        "pkg.d": "from pkg import a\n",
        "pkg.sub": "from pkg.sub import x\n",
        "pkg.sub.x": "from pkg.sub import y\nfrom .. import d\n",
        "pkg.sub.y": "",
    }
    graph = import_graph(sources, package="pkg")
    assert graph["pkg.b"] == {"pkg.c"}
    assert graph["pkg.sub.x"] == {"pkg.sub.y", "pkg.d"}
    assert circles(graph) == [["pkg.a", "pkg.b", "pkg.c", "pkg.a"]]


def private_textual_imports(sources: Mapping[str, str]) -> list[str]:
    """Imports of Textual's private modules (a part starting with "_"), as "module: name"."""
    found = []
    for importer, text in sources.items():
        for node in ast.walk(ast.parse(text)):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module]
            for name in names:
                parts = name.split(".")
                if parts[0] == "textual" and any(part.startswith("_") for part in parts[1:]):
                    found.append(f"{importer}: {name}")
    return found


def test_no_private_textual_module_is_imported() -> None:
    """Private modules change without notice; the public ones (textual.widgets.text_area for
    TextArea's Edit) are what Textual documents."""
    assert private_textual_imports(module_sources()) == []
    assert private_textual_imports({"m": "from textual.document._edit import Edit"}) == [
        "m: textual.document._edit"
    ]
