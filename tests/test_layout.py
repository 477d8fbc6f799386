"""The package is laid out by stage, and imports point one way (DEVELOPERS.md).

core → sources → rules → evidence (and intake: evidence from tables and workbooks) → engine → lint / plan / cases → reports → cli, web, testing.
A module may import from its own stage and earlier ones; imports made inside
a function to defer a later stage (documented where they stand) are allowed.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kpiengine"

STAGES = {
    "core": 0, "sources": 1, "rules": 2, "evidence": 3, "intake": 3, "engine": 4,
    "lint": 5, "plan": 5, "cases": 5,
    "reports": 6, "locale": 6,
    "cli": 7, "web": 7, "testing": 7, "__main__": 7,
}


def _stage(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "kpiengine" or len(parts) < 2:
        return None
    return STAGES.get(parts[1])


def _top_level_imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:  # module level only: deferred imports inside functions are deliberate
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE)


def test_every_folder_is_a_known_stage():
    folders = {p.relative_to(PACKAGE).parts[0].removesuffix(".py") for p in PACKAGE.iterdir()
               if (p.is_dir() and (p / "__init__.py").exists()) or p.suffix == ".py"}
    assert folders - {"__init__"} <= set(STAGES), folders - set(STAGES)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_one_way(path):
    own = STAGES[path.relative_to(PACKAGE).parts[0].removesuffix(".py")]
    backwards = [(line, module) for line, module in _top_level_imports(path)
                 if (stage := _stage(module)) is not None and stage > own]
    assert backwards == [], f"{path.relative_to(PACKAGE)} imports a later stage"
