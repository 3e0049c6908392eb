"""The shape of the code: what may import what, and where settings are read."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "scripts" / "handbook"
# The site layer: the only code that knows MkDocs, Material or the i18n plugin. A move to another generator
# (Material reaches end of life on 2027-05-05) replaces these and nothing else.
SITE_LAYER = {ROOT / "scripts" / "mkdocs_hooks.py", *(PACKAGE / "site").glob("*.py")}
# The layers of the package and what each may import (the package's top-level modules — settings, paths,
# cli — are outside the layers). Data flows content → views → site/outputs; qa and bench look at all of it.
LAYERS = {
    "content": {"content"},
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


def test_the_package_has_no_import_cycles():
    """No module of the package imports itself back through others (imports inside functions count: a late import
    only hides a cycle). A cycle means two modules are one; split out what both need."""
    modules = {path.relative_to(PACKAGE).with_suffix("").as_posix().replace("/", "."): path for path in PACKAGE.rglob("*.py")}
    modules = {name.removesuffix(".__init__"): path for name, path in modules.items()}

    def target(name: str) -> str | None:
        """The package's module `name` names (`views.pages.relative_url` → views.pages), if any."""
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph = {name: {t for imported in handbook_imports(path) if (t := target(imported)) and t != name}
             for name, path in modules.items()}
    cycles = set()
    for start in graph:
        stack = [(start, (start,))]
        while stack:
            name, path = stack.pop()
            for following in graph[name]:
                if following == start:
                    cycles.add(" → ".join(sorted(path)))
                elif following not in path and following > start:  # each cycle once, from its smallest module
                    stack.append((following, path + (following,)))
    assert cycles == set(), "modules that import each other"


# What is derived from the curriculum for several outputs is made in one place; these patterns would make it again.
DERIVED_ONCE = {
    # the session code S3: Session.code
    "session code": (r'f"S\{|"S" *[~+%]|\'S\' *[~+%]|\bS\{\{', {"content/models.py"}),
    # previous and next session: Curriculum.previous_session / following_session
    "previous/next session": (r"sessions\.index\(|sessions\[[^\]]*[-+] *1\]", {"content/assembled.py"}),
    # copies per group: GroupSize.copies_per_group
    "copies per group": (r"municipalit\w*\.value *\*|\* *[\w.]*municipalit\w*\.value", {"content/models.py"}),
    # a printed document's running head and foot: BuildContext's SheetFrame (the foot's separator is set there), put
    # on the PDF pages by _print_heads.html and into the Word file as it is
    "running foot": (r"""label\(["']bar["']\)""", {"views/build.py"}),
    "running head and foot on the PDF": (r"hb-running-(head|foot)", {"_print_heads.html", "worksheet_pdf.css"}),
    "running head and foot in Word": (r"(header|footer)\.paragraphs\[0\]\.text *= *(?! |frame\.(head|foot)$)", set()),
}


@pytest.mark.parametrize("what", DERIVED_ONCE)
def test_derived_values_are_made_in_one_place(what):
    import re

    pattern, allowed = DERIVED_ONCE[what]
    offenders = []
    for path in [*PACKAGE.rglob("*.py"), *(ROOT / "overrides" / "handbook").glob("*.html")]:
        where = path.relative_to(PACKAGE if path.suffix == ".py" else path.parent).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(pattern, line) and where not in allowed:
                offenders.append(f"{where}:{number}: {line.strip()[:120]}")
    assert offenders == [], f"{what} derived again"


def called_names(path: Path) -> set[str]:
    """The names of the functions and methods a file calls (`x.launch(...)` → "launch")."""
    return {node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Call) and isinstance(node.func, (ast.Attribute, ast.Name))}


def test_the_tests_share_one_chromium_and_wait_for_states_not_time():
    """Only conftest's session fixture launches Chromium (every other test opens a context of it), and no
    test sleeps: a fixed wait passes on a quiet machine and fails on a busy one."""
    launching = {"chromium", "launch", "launch_persistent_context", "sync_playwright"}
    sleeping = {"sleep", "wait_for_timeout"}
    tests = sorted((ROOT / "tests").glob("*.py"))
    launches = {path.name: sorted(called_names(path) & launching) for path in tests}
    assert {name: calls for name, calls in launches.items() if calls} == {"conftest.py": ["launch"]}
    assert {path.name: sorted(called_names(path) & sleeping) for path in tests if called_names(path) & sleeping} == {}
