"""The house's layers (SPEC section 3) hold by themselves: no module imports from above.

From the bottom: parks ← projects ← investment ← supervision ← reports ← devtools. The
kernel in zonetrack/ (db helpers, form mixins, API base classes, web helpers) shares the
bottom layer with parks, whose access rules it applies, and imports no other app; the wiring
(settings, URLs, the Celery app, WSGI, the home view) may import anything. Every import
counts, at module level or inside a function.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["parks", "projects", "investment", "supervision", "reports", "devtools"]
KERNEL = "zonetrack"
WIRING = {
    "zonetrack",  # the package itself loads the Celery app, as Django and Celery expect
    "zonetrack.settings",
    "zonetrack.urls",
    "zonetrack.celery",
    "zonetrack.wsgi",
    "zonetrack.views",
    "zonetrack.api.urls",
}


def layer(module: str) -> int | None:
    """The rank of a project module (the kernel ranks with parks); None if not ours."""
    top = module.split(".")[0]
    if top == KERNEL:
        top = APPS[0]
    return APPS.index(top) if top in APPS else None


def modules():
    for path in sorted(ROOT.glob("*/**/*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[0] not in [*APPS, KERNEL] or "migrations" in parts:
            continue
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        yield name, path


def imported(module: str, path: Path) -> set[str]:
    """Every module ``module`` imports, with relative imports resolved."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.add(target)
    return found


def upward_imports(module: str, path: Path) -> list[str]:
    if module in WIRING:
        return []
    own = layer(module)
    bad = []
    for target in sorted(imported(module, path)):
        rank = layer(target)
        if rank is None:
            continue
        if target in WIRING:
            bad.append(target)  # only the wiring may reach the wiring
        elif rank > own:
            bad.append(target)
    return bad


@pytest.mark.parametrize(("module", "path"), list(modules()), ids=lambda value: str(value))
def test_no_module_imports_from_a_layer_above_it(module, path):
    assert upward_imports(module, path) == []


def test_the_check_catches_an_upward_import(tmp_path):
    wrong = tmp_path / "forms.py"
    wrong.write_text("from investment.models import AnnualPlanEntry\n", encoding="utf-8")
    assert upward_imports("projects.forms", wrong) == ["investment.models"]


def test_the_check_catches_a_function_level_import_in_the_kernel(tmp_path):
    wrong = tmp_path / "web.py"
    wrong.write_text("def f():\n    from projects.models import Project\n", encoding="utf-8")
    assert upward_imports("zonetrack.web", wrong) == ["projects.models"]


def test_the_kernel_may_stand_on_parks(tmp_path):
    ok = tmp_path / "web.py"
    ok.write_text("from parks.access import WRITE\nfrom zonetrack.db import today\n", "utf-8")
    assert upward_imports("zonetrack.web", ok) == []
