"""The package layout shows the pipeline, and imports only run down it (#7).

Every import in `licscan/` counts: at module level, inside functions and under
`TYPE_CHECKING`. Layers, lowest first:

    shared ground (model, errors, resources, spdx, version) < read < pbs < inventory
    < judge < render < doors (api, cli, the package itself)

A module may import its own layer or a lower one, never a higher one; a stage imports
another stage only through that stage's package (`from licscan.pbs import ...`), never
through one of its modules; and the module graph has no cycle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "licscan"
STAGES = ("read", "pbs", "inventory", "judge", "render")
SHARED_GROUND = ("model", "errors", "resources", "spdx", "version")
DOORS = ("api", "fleet", "cli", "__init__", "__main__")
LAYER = {
    **dict.fromkeys(SHARED_GROUND, 0),
    **{stage: rank for rank, stage in enumerate(STAGES, start=1)},
    **dict.fromkeys(DOORS, len(STAGES) + 1),
}
MAX_TOP_LEVEL_MODULES = 8
MAX_MODULE_LINES = 400


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _resolve(source: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = source.split(".")
    if not _is_package(source):
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports(source: str) -> Iterator[tuple[str, str, int]]:
    """(imported licscan module, the module named in the statement, line) for every import."""
    tree = ast.parse(MODULES[source].read_text(), filename=str(MODULES[source]))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "licscan":
                    yield alias.name, alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            named = _resolve(source, node)
            if named.split(".")[0] != "licscan":
                continue
            for alias in node.names:
                submodule = f"{named}.{alias.name}"
                yield (submodule if submodule in MODULES else named), named, node.lineno


def layer_of(module: str) -> tuple[int, str]:
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    if top not in LAYER:
        raise AssertionError(f"{module} is in no layer: add it to a stage or the shared ground")
    return LAYER[top], top


GRAPH: dict[str, set[str]] = {
    name: {target for target, _named, _line in imports(name) if target in MODULES}
    for name in MODULES
}


def test_every_licscan_import_names_an_existing_module() -> None:
    missing = [
        f"{source}:{line} imports {named}"
        for source in MODULES
        for target, named, line in imports(source)
        if target not in MODULES
    ]
    assert not missing


def test_imports_only_run_down_the_pipeline() -> None:
    upward = []
    for source in MODULES:
        rank, _ = layer_of(source)
        for target, _named, line in imports(source):
            if target in MODULES and layer_of(target)[0] > rank:
                upward.append(f"{source}:{line} imports {target} (a later stage)")
    assert not upward


def test_stages_import_each_other_only_through_the_stage_package() -> None:
    deep = []
    for source in MODULES:
        _, own = layer_of(source)
        for target, named, line in imports(source):
            _, other = layer_of(target)
            if other in STAGES and other != own and named != f"licscan.{other}":
                deep.append(f"{source}:{line} imports {named}: use `from licscan.{other} import`")
    assert not deep


def _find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_module_graph_has_no_cycle() -> None:
    cycle = _find_cycle(GRAPH)
    assert cycle is None, " -> ".join(cycle or [])


def test_layers_follow_the_pipeline_order() -> None:
    order = [
        "licscan.model.inventory",
        "licscan.read.archive",
        "licscan.pbs.catalog",
        "licscan.inventory.build",
        "licscan.judge.policy",
        "licscan.render.html",
        "licscan.api",
    ]
    ranks = [layer_of(name)[0] for name in order]
    assert ranks == sorted(ranks) and len(set(ranks)) == len(ranks)


def test_the_cycle_check_finds_a_cycle() -> None:
    assert _find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _find_cycle({"a": {"b"}, "b": set()}) is None


@pytest.mark.parametrize("stage", [*STAGES, "cli"])
def test_each_package_says_what_it_takes_and_gives(stage: str) -> None:
    doc = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text()))
    assert doc, f"licscan/{stage}/__init__.py has no docstring"
    assert "Takes" in doc and "gives" in doc, f"licscan/{stage}: say what the stage takes and gives"
    assert len(doc.splitlines()) <= 8, f"licscan/{stage}: keep the docstring to a few lines"


def test_top_level_holds_only_shared_ground_and_doors() -> None:
    modules = sorted(p.stem for p in PACKAGE.glob("*.py"))
    assert len(modules) <= MAX_TOP_LEVEL_MODULES, modules
    assert set(modules) <= set(SHARED_GROUND) | set(DOORS)
    packages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    assert packages == sorted([*STAGES, "cli", "model"])


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_is_over_the_size_guide(name: str) -> None:
    lines = len(MODULES[name].read_text().splitlines())
    assert lines <= MAX_MODULE_LINES, f"{MODULES[name]} has {lines} lines"


def test_tests_mirror_the_stages() -> None:
    tests = Path(__file__).resolve().parent
    for stage in [*STAGES, "cli"]:
        assert list((tests / stage).glob("test_*.py")), f"tests/{stage}/ has no tests"
