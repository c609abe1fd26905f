"""One test world: a fixture name means one thing everywhere.

Shared fixtures live in the root conftest.py; a module that needs someone different names the fixture after
the difference instead of redeclaring a shared name (pytest would silently let the nearer one win).
"""

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", ".git", "node_modules", "static"}


def _is_test_code(path: Path) -> bool:
    return path.name == "conftest.py" or path.name.startswith("test_") or "tests" in path.parts


def _fixture_name(node: ast.FunctionDef) -> str | None:
    for decorator in node.decorator_list:
        call = decorator if isinstance(decorator, ast.Call) else None
        target = call.func if call else decorator
        if ast.unparse(target) in {"pytest.fixture", "fixture"}:
            named = [kw.value for kw in call.keywords if kw.arg == "name"] if call else []
            return ast.literal_eval(named[0]) if named else node.name
    return None


def fixture_declarations() -> dict[str, list[str]]:
    """Each fixture name and where it is declared (path:line), over every module of test code."""
    found = defaultdict(list)
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if SKIP & set(relative.parts) or not _is_test_code(relative):
            continue
        for node in ast.parse(path.read_text(), filename=str(path)).body:
            if isinstance(node, ast.FunctionDef) and (name := _fixture_name(node)):
                found[name].append(f"{relative}:{node.lineno}")
    return found


def test_the_finder_sees_the_shared_fixtures():
    declared = fixture_declarations()
    assert {"member", "project", "w", "celery_worker_process"} <= set(declared)
    assert [place.split(":")[0] for place in declared["w"]] == ["conftest.py"]


def test_no_fixture_name_is_declared_twice():
    twice = {name: places for name, places in fixture_declarations().items() if len(places) > 1}
    listed = "\n".join(f"{name}: {', '.join(places)}" for name, places in sorted(twice.items()))
    assert twice == {}, f"declared more than once (name the local one after how it differs):\n{listed}"
