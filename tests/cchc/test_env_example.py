""".env.example lists exactly the environment variables cchc/settings.py reads.

The names are taken from settings.py's source: the first argument of env_bool / env_int /
env_list, os.environ.get, os.getenv and os.environ[...] — a literal, or a loop variable over a
literal dict's values (the S3 options). A read whose name cannot be resolved fails the test, so
a new way of reading the environment cannot slip past it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "cchc" / "settings.py"
ENV_EXAMPLE = ROOT / ".env.example"

ENV_HELPERS = {"env_bool", "env_int", "env_list"}
# "NAME=value" or "#NAME=value" (a commented line keeps its default).
LISTED = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=", re.MULTILINE)


def _is_os_environ(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "environ"
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    )


def _name_argument(node: ast.AST) -> ast.AST | None:
    """The expression naming the variable, if `node` reads the environment."""
    if isinstance(node, ast.Call) and node.args:
        func = node.func
        if isinstance(func, ast.Name) and func.id in ENV_HELPERS:
            return node.args[0]
        if isinstance(func, ast.Attribute) and func.attr == "get" and _is_os_environ(func.value):
            return node.args[0]
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "getenv"
            and isinstance(func.value, ast.Name)
            and func.value.id == "os"
        ):
            return node.args[0]
    if isinstance(node, ast.Subscript) and _is_os_environ(node.value):
        return node.slice
    return None


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}


def _literal_dict_values(tree: ast.Module, name: str) -> list[str] | None:
    """The string values of `name = {...}` at module level (or in an if block), if that is what it is."""
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
            and isinstance(node.value, ast.Dict)
        ):
            values = [v.value for v in node.value.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
            if len(values) == len(node.value.values):
                return values
    return None


def _resolve(arg: ast.AST, node: ast.AST, parents: dict[ast.AST, ast.AST], tree: ast.Module) -> list[str] | None:
    """The variable names `arg` stands for: a literal, or the loop variable of a comprehension
    over `<dict>.items()` / `<dict>.values()` of a literal dict."""
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return [arg.value]
    if not isinstance(arg, ast.Name):
        return None
    scope = parents.get(node)
    while scope is not None:
        if isinstance(scope, ast.comprehension | ast.DictComp | ast.ListComp | ast.SetComp | ast.GeneratorExp):
            generators = scope.generators if hasattr(scope, "generators") else [scope]
            for gen in generators:
                iterable = gen.iter
                if not (
                    isinstance(iterable, ast.Call)
                    and isinstance(iterable.func, ast.Attribute)
                    and iterable.func.attr in {"items", "values"}
                    and isinstance(iterable.func.value, ast.Name)
                ):
                    continue
                # items(): the value is the tuple's last element; values(): the target itself.
                target = gen.target
                value_target = target.elts[-1] if isinstance(target, ast.Tuple) else target
                if isinstance(value_target, ast.Name) and value_target.id == arg.id:
                    return _literal_dict_values(tree, iterable.func.value.id)
        scope = parents.get(scope)
    return None


def settings_reads() -> tuple[set[str], list[str]]:
    """The names settings.py reads, and the reads whose name could not be worked out."""
    tree = ast.parse(SETTINGS.read_text(encoding="utf-8"))
    parents = _parents(tree)
    helpers = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name in ENV_HELPERS]
    inside_helpers = {id(n) for helper in helpers for n in ast.walk(helper)}
    names: set[str] = set()
    unresolved: list[str] = []
    for node in ast.walk(tree):
        if id(node) in inside_helpers:
            continue  # the helpers read their `name` parameter; their callers are what counts
        arg = _name_argument(node)
        if arg is None:
            continue
        resolved = _resolve(arg, node, parents, tree)
        if resolved is None:
            unresolved.append(f"line {node.lineno}: {ast.unparse(node)}")
        else:
            names.update(resolved)
    return names, unresolved


def listed_in_env_example() -> set[str]:
    return set(LISTED.findall(ENV_EXAMPLE.read_text(encoding="utf-8")))


def test_every_environment_read_in_settings_has_a_literal_name():
    names, unresolved = settings_reads()
    assert unresolved == []
    # The parser sees the reads it is meant to see, including those through the S3 options dict.
    assert {"DEBUG", "SECRET_KEY", "DATABASE_URL", "S3_BUCKET", "S3_SECRET_ACCESS_KEY", "UPLOAD_MAX_MB"} <= names


def test_env_example_lists_every_variable_settings_reads():
    missing = settings_reads()[0] - listed_in_env_example()
    assert sorted(missing) == []


def test_env_example_lists_nothing_settings_does_not_read():
    unknown = listed_in_env_example() - settings_reads()[0]
    assert sorted(unknown) == []
