"""The import graph: the model package is pure, and no module imports itself back."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from tests.conftest import ROOT

SIM = ROOT / "sim"
# What sim/model/ may import besides itself and the standard library: the numerical
# stack (scipy for the recorder's sparse grouped sums), never config, charts or I/O.
MODEL_MAY_IMPORT = {"numpy", "mesa", "pandas", "scipy"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at any depth (deferred imports count too)."""
    tree = ast.parse(path.read_text("utf-8"))
    package = _module_name(path) if path.name == "__init__.py" else \
        _module_name(path).rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            found.add(base)
            found |= {f"{base}.{a.name}" for a in node.names}  # from pkg import submodule
    return found


def _project_graph() -> dict[str, set[str]]:
    files = {_module_name(p): p for p in SIM.rglob("*.py")}
    return {name: {m for m in _imports(path) if m in files and m != name}
            for name, path in files.items()}


def test_the_model_package_imports_only_the_numerical_stack_and_itself():
    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    bad = {}
    for path in (SIM / "model").rglob("*.py"):
        for mod in _imports(path):
            top = mod.split(".")[0]
            if mod.startswith("sim.model") or top in stdlib or top in MODEL_MAY_IMPORT:
                continue
            bad.setdefault(path.name, set()).add(mod)
    assert not bad, f"sim/model imports outside {sorted(MODEL_MAY_IMPORT)}: {bad}"


def test_importing_the_model_loads_no_hydra_or_omegaconf():
    import subprocess

    code = ("import sys, sim.model.model; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'hydra', 'omegaconf', "
            "'matplotlib'}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.strip()
    assert out == "[]", out


def test_no_import_cycle_anywhere_in_sim():
    graph = _project_graph()
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(path[path.index(nxt):] + [nxt] if nxt in path else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    # a package's __init__ importing its own submodule is not a cycle of behaviour
    real = [c for c in cycles if not all(a.startswith(c[0].rsplit(".", 1)[0]) and
                                         (a == c[0].rsplit(".", 1)[0]) for a in c[1:2])]
    assert not real, f"import cycles: {real}"
