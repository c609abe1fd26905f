"""The plan of the house, checked from the imports of the project's own modules (read with `ast`, so no
import runs and a lazy import inside a function counts like any other).

Every app has two tiers:
- its DOMAIN (models, services, selectors, tasks, notices, scans...), layered one way across apps, in
  `DOMAIN_LAYERS` order: an app's domain imports only its own domain and the domains of the apps below it;
- its INTERFACE (views, API, URLs, admin, forms, template tags, management commands), the adapters that
  turn requests into calls. An interface is layered like the domain: a page that needs a higher app lives
  in that app (the project page, which shows match reasons, lives in `matching`), and the root URLconf
  composes each URL namespace from the apps that serve it. An interface never imports another app's views,
  and an API never imports a view.

`demo` is the top layer and nothing imports it; `notifications` is a leaf that imports only `accounts` and
the kernel; the kernel (`marketplace`) imports no app. No module takes part in an import circle.
Test code (tests/, conftest.py, factories) may import anything.
"""

import ast
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DOMAIN_LAYERS = [
    "marketplace",
    "accounts",
    "notifications",
    "employers",
    "universities",
    "students",
    "projects",
    "applications",
    "engagements",
    "courses",
    "calendars",
    "credentials",
    "invitations",
    "reports",
    "matching",
    "exploration",
    "demo",
]
INTERFACE_PARTS = {"views", "api", "urls", "admin", "forms", "templatetags", "management", "skill_picker"}
INTERFACE_PREFIXES = ("views_", "api_", "urls_", "forms_", "admin_")
# The project's configuration: the root URLconf and the error pages compose every app's interface.
KERNEL_INTERFACE = {"marketplace.urls", "marketplace.api_urls", "marketplace.views"}


def _is_test_code(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return (
        "tests" in parts
        or "migrations" in parts
        or path.name.startswith("test_")
        or path.name in {"conftest.py", "factories.py"}
    )


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def project_modules() -> dict[str, Path]:
    modules = {}
    for app in DOMAIN_LAYERS:
        for path in (ROOT / app).rglob("*.py"):
            if not _is_test_code(path):
                modules[_module_name(path)] = path
    return modules


def _imported_names(path: Path, module: str) -> Iterator[str]:
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            yield target
            yield from (f"{target}.{alias.name}" for alias in node.names)


@cache
def import_graph() -> dict[str, frozenset[str]]:
    """Each project module and the project modules it imports (the nearest module of each imported name)."""
    modules = project_modules()
    graph = {}
    for module, path in modules.items():
        targets = set()
        for name in _imported_names(path, module):
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != module:
                targets.add(name)
        graph[module] = frozenset(targets)
    return graph


def app_of(module: str) -> str:
    return module.split(".")[0]


def is_interface(module: str) -> bool:
    """Views, API, URLs, admin, forms...: of an app; the kernel's helpers of those names are kernel."""
    if app_of(module) == "marketplace":
        return module in KERNEL_INTERFACE
    parts = module.split(".")[1:]
    return any(part in INTERFACE_PARTS or part.startswith(INTERFACE_PREFIXES) for part in parts)


def is_api(module: str) -> bool:
    return any(part == "api" or part.startswith("api_") for part in module.split(".")[1:])


def is_view(module: str) -> bool:
    """A page's view (an API package's own `views_*` modules are API views)."""
    parts = module.split(".")[1:]
    return not is_api(module) and any(part == "views" or part.startswith("views_") for part in parts)


def layer(module: str) -> int:
    return DOMAIN_LAYERS.index(app_of(module))


def _edges() -> Iterator[tuple[str, str]]:
    for module, targets in sorted(import_graph().items()):
        for target in sorted(targets):
            yield module, target


def test_the_graph_sees_the_whole_project():
    graph = import_graph()
    assert len(graph) > 150
    assert "engagements.services.hiring" in graph["engagements.services"] or graph["engagements.services"]
    assert any(target.startswith("projects.") for target in graph["engagements.services.hiring"])


def test_domain_modules_import_only_their_own_app_and_the_apps_below():
    upward = [
        f"{module} -> {target}"
        for module, target in _edges()
        if not is_interface(module) and app_of(module) != "demo" and layer(target) > layer(module)
    ]
    assert upward == [], "domain imports pointing up the layers:\n" + "\n".join(upward)


def test_the_domain_never_imports_an_interface():
    wrong = [
        f"{module} -> {target}"
        for module, target in _edges()
        if not is_interface(module) and app_of(module) != "demo" and is_interface(target)
    ]
    assert wrong == [], "domain modules importing views, API, admin, forms or URLs:\n" + "\n".join(wrong)


def test_an_interface_never_imports_another_apps_views():
    """Pages are entry points, not libraries: what two apps' pages share is a selector (or a form, widget or
    serializer, which other apps may reuse)."""
    wrong = [
        f"{module} -> {target}"
        for module, target in _edges()
        if module not in KERNEL_INTERFACE
        and app_of(module) != "demo"
        and is_view(target)
        and app_of(target) != app_of(module)
    ]
    assert wrong == [], "modules importing another app's views:\n" + "\n".join(wrong)


def test_the_api_never_imports_a_view():
    wrong = [f"{module} -> {target}" for module, target in _edges() if is_api(module) and is_view(target)]
    assert wrong == [], "API modules importing views:\n" + "\n".join(wrong)


def test_notifications_is_a_leaf_and_the_kernel_imports_no_app():
    wrong = [
        f"{module} -> {target}"
        for module, target in _edges()
        if (
            app_of(module) == "notifications"
            and app_of(target) not in {"notifications", "accounts", "marketplace"}
        )
        or (
            app_of(module) == "marketplace"
            and module not in KERNEL_INTERFACE
            and app_of(target) != "marketplace"
        )
    ]
    assert wrong == [], "\n".join(wrong)


def test_nothing_imports_the_demo():
    wrong = [
        f"{module} -> {target}" for module, target in _edges() if app_of(target) == "demo" != app_of(module)
    ]
    assert wrong == [], "\n".join(wrong)


def _circles(graph: dict[str, frozenset[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components of more than one module (iterative: no recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    circles.append(sorted(component))
    return circles


def test_no_module_takes_part_in_an_import_circle():
    assert _circles(import_graph()) == []


def test_the_circle_finder_finds_a_circle():
    graph = {
        "a.x": frozenset({"b.y"}),
        "b.y": frozenset({"c.z"}),
        "c.z": frozenset({"a.x"}),
        "d": frozenset(),
    }
    assert _circles(graph) == [["a.x", "b.y", "c.z"]]


def test_no_module_of_any_kind_imports_a_higher_app():
    """Pages, API, admin and forms included: a page that needs a higher app lives in that app (the root
    URLconf composes each namespace from the apps that serve it)."""
    upward = [
        f"{module} -> {target}"
        for module, target in _edges()
        if module not in KERNEL_INTERFACE and app_of(module) != "demo" and layer(target) > layer(module)
    ]
    assert upward == [], "imports pointing up the layers:\n" + "\n".join(upward)


def test_the_app_graph_runs_one_way():
    """Said plainly: between apps, arrows never form a circle (the root URLconf aside)."""
    arrows = defaultdict(set)
    for module, target in _edges():
        if module not in KERNEL_INTERFACE and app_of(module) != app_of(target):
            arrows[app_of(module)].add(app_of(target))
    graph = {app: frozenset(targets) for app, targets in arrows.items()}
    assert _circles(graph) == []
