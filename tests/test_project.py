import ast
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command


@pytest.mark.django_db
def test_no_migrations_are_pending():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


ROOT = Path(__file__).resolve().parent.parent
#: Declarative modules may be longer: fields, serializer fields, migrations.
DECLARATIVE = {"models.py", "serializers.py"}


def project_apps() -> list[Path]:
    """Every installed app whose code lives in this repository (a new app is covered at once)."""
    return [
        Path(config.path) for config in apps.get_app_configs() if Path(config.path).parent == ROOT
    ]


def test_every_project_app_is_guarded():
    names = {path.name for path in project_apps()}
    assert {"catalog", "practice", "search", "submissions", "ikz"} <= names


def project_modules() -> dict[str, Path]:
    modules = {}
    for app in project_apps():
        for path in app.rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            modules[name.removesuffix(".__init__")] = path
    return modules


def test_no_module_is_longer_than_400_lines():
    long = {
        name: lines
        for name, path in project_modules().items()
        if path.name not in DECLARATIVE and (lines := len(path.read_text().splitlines())) > 400
    }
    assert long == {}


def test_the_project_modules_import_each_other_without_a_cycle():
    """Imports inside functions count too: they are how a cycle hides."""
    modules = project_modules()
    imports = {}
    for name, path in modules.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                candidates = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
                found |= {candidate for candidate in candidates if candidate in modules}
            elif isinstance(node, ast.Import):
                found |= {alias.name for alias in node.names if alias.name in modules}
        imports[name] = found - {name}

    def cycle_from(start):
        stack, path, seen = [(start, iter(imports[start]))], [start], {start}
        while stack:
            _, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
            elif child == start:
                return [*path, start]
            elif child not in seen:
                seen.add(child)
                stack.append((child, iter(imports[child])))
                path.append(child)
        return None

    cycles = [cycle for name in imports if (cycle := cycle_from(name))]
    assert cycles == []
