"""The code's shape: no import cycle among the project's modules, no patched MkDocs or plugin
class, small modules, and a README map that names every module."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("macros", "pipeline")  # the project's Python packages (pipeline/ once it exists)
MAX_LINES = 400
# Third-party packages whose classes and modules the project must extend only through their
# hooks and options (design.md; issue 19), never by assigning to their attributes.
MKDOCS_PACKAGES = ("mkdocs", "material", "mkdocs_macros", "mkdocs_static_i18n",
                   "mkdocs_git_revision_date_localized_plugin", "markdown", "pymdownx")


def modules() -> dict[str, Path]:
    """Every module of the project's packages, by dotted name ('macros.charts.prices')."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def imported(path: Path, name: str, known: set[str]) -> set[str]:
    """The project modules that module ``name`` imports anywhere in its code (at the top or
    inside a function: an import cycle through a function is still a cycle)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, *([base] if base else [])])
            targets |= {f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                        for alias in node.names}
    return {target for target in targets if target in known and target != name}


def cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle in ``graph`` as a list of modules (first = last), or None."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                return [*path[path.index(target):], target]
            if target not in state and (found := visit(target)):
                return found
        state[node] = "done"
        path.pop()
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_the_cycle_finder_finds_a_cycle_and_accepts_a_tree() -> None:
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_no_import_cycle_among_the_project_modules() -> None:
    known = modules()
    graph = {name: imported(path, name, set(known)) for name, path in known.items()}
    assert graph["macros.figure_cache"] >= {"macros.figure", "macros.render_cache"}  # sanity
    found = cycle(graph)
    assert found is None, f"import cycle: {' -> '.join(found or [])}"


def test_no_module_is_over_400_lines() -> None:
    files = [*modules().values(), *sorted((ROOT / "scripts").glob("*.py"))]
    long = {path.relative_to(ROOT).as_posix(): n for path in files
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines (split them by job): {long}"


def _assigned_attributes(tree: ast.AST) -> list[tuple[str, int]]:
    """(dotted target, line) of each assignment to an attribute of a name the module imported
    from an MkDocs package (``Page.render = ...``, ``mkdocs.utils.x = ...``)."""
    imported_names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            for alias in node.names:
                source = module or alias.name
                if source.split(".")[0] in MKDOCS_PACKAGES:
                    imported_names.add((alias.asname or alias.name).split(".")[0])
    found = []
    for node in ast.walk(tree):
        targets = (node.targets if isinstance(node, ast.Assign) else
                   [node.target] if isinstance(node, ast.AugAssign | ast.AnnAssign) else [])
        for target in targets:
            root = target
            while isinstance(root, ast.Attribute):
                root = root.value
            if target is not root and isinstance(root, ast.Name) and root.id in imported_names:
                found.append((ast.unparse(target), node.lineno))
    return found


def test_the_patch_finder_sees_an_assignment_to_an_mkdocs_class() -> None:
    tree = ast.parse("from mkdocs.structure.pages import Page\nPage.render = print\n"
                     "import mkdocs.utils\nmkdocs.utils.clean_directory = print\nx = Page.render")
    assert _assigned_attributes(tree) == [("Page.render", 2), ("mkdocs.utils.clean_directory", 4)]


@pytest.mark.parametrize("folder", ["macros", "pipeline", "scripts", "tests"])
def test_no_mkdocs_or_plugin_class_is_patched(folder: str) -> None:
    patched = [f"{path.relative_to(ROOT)}:{line}: {target}"
               for path in sorted((ROOT / folder).rglob("*.py"))
               for target, line in _assigned_attributes(ast.parse(path.read_text("utf-8")))]
    assert not patched, "assignments to MkDocs or plugin attributes (use a hook or an " \
                        f"option instead): {patched}"


def test_the_readme_map_names_every_module() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## How it is put together", 1)[1].split("```")[1]
    missing = []
    for name, path in modules().items():
        relative = path.relative_to(ROOT / name.split(".")[0]).as_posix()
        if not re.search(rf"(?<![\w/.]){re.escape(relative)}(?![\w])", block):
            missing.append(path.relative_to(ROOT).as_posix())
    assert not missing, f"README.md's map ('How it is put together') does not list {missing}"
