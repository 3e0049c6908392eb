"""The shape of the code: what may import what, and where settings are read."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "scripts" / "handbook"
# The site layer: the only code that knows MkDocs, Material or the i18n plugin. A move to another generator
# (Material reaches end of life on 2027-05-05) replaces these and nothing else.
SITE_LAYER = {ROOT / "scripts" / "mkdocs_hooks.py", *(PACKAGE / "site").glob("*.py")}
# The layers of the package and what each may import (the package's top-level modules — settings, paths,
# cli — are outside the layers). Data flows content → views → site/outputs; qa and bench look at all of it.
LAYERS = {
    "content": {"content", "views"},  # views: only the stub-page check (pages.stub_path), which is being retired
    "views": {"content", "views"},
    "outputs": {"content", "views", "outputs", "qa"},  # qa: the offline zip checks its own links
    "site": {"content", "views", "outputs", "site"},
    "qa": {"content", "views", "qa"},
    "bench": {"content", "views", "outputs", "qa", "site", "bench"},
}
GENERATOR_PACKAGES = {"mkdocs", "material", "mkdocs_static_i18n", "mkdocs_macros"}


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def python_files() -> list[Path]:
    return sorted((ROOT / "scripts").rglob("*.py"))


def test_only_the_site_layer_imports_the_generator():
    offenders = {path.relative_to(ROOT).as_posix(): sorted(name for name in imported_modules(path)
                                                           if name.split(".")[0] in GENERATOR_PACKAGES)
                 for path in python_files() if path not in SITE_LAYER}
    offenders = {path: names for path, names in offenders.items() if names}
    assert offenders == {}, "only the site layer may import MkDocs, Material or the i18n plugin"


def handbook_imports(path: Path) -> set[str]:
    """The handbook modules `path` imports, as dotted names below handbook (relative imports resolved)."""
    package = path.relative_to(ROOT / "scripts").with_suffix("").parts[:-1]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[:len(package) - node.level + 1]
            module = ".".join((*base, *(node.module.split(".") if node.module else ())))
            names |= {f"{module}.{alias.name}" for alias in node.names} if not node.module else {module}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("handbook"):
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names if alias.name.startswith("handbook")}
    return {name.removeprefix("handbook.") for name in names if name.startswith("handbook.")}


def test_the_package_has_its_layers():
    assert {path.name for path in PACKAGE.iterdir() if (path / "__init__.py").exists()} == set(LAYERS)


def test_each_layer_imports_only_the_layers_below_it():
    offenders = []
    for layer, allowed in LAYERS.items():
        for path in sorted((PACKAGE / layer).glob("*.py")):
            for name in sorted(handbook_imports(path)):
                target = name.split(".")[0]
                if target in LAYERS and target not in allowed:
                    offenders.append(f"{path.relative_to(ROOT)} imports handbook.{name} ({layer} may use {sorted(allowed)})")
    assert offenders == []


def test_settings_are_read_in_one_module():
    """Environment variables are read in settings.py; elsewhere os.environ is only passed on whole to a child
    process ({**os.environ, …})."""
    offenders = []
    for path in python_files():
        if path == PACKAGE / "settings.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            reads = (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in {"get", "getenv"}
                     and ast.unparse(node.func.value) in {"os.environ", "os"}) or (
                isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ")
            if reads:
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}")
    assert offenders == []
