"""Print the package import graph and the file sizes of sim/ as Markdown (for
docs/architecture.md): ``.venv/bin/python scripts/architecture.py``.

A package is ``sim/<dir>/`` or a top-level module ``sim/<name>.py``; an edge A -> B means
some module of A imports some module of B (deferred imports inside functions count).
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIM = ROOT / "sim"
PLUGIN = ROOT / "hydra_plugins"


def unit(path: Path) -> str:
    rel = path.relative_to(ROOT)
    parts = rel.parts
    if parts[0] == "hydra_plugins":
        return "hydra_plugins"
    return f"sim.{parts[1]}" if len(parts) > 2 else f"sim.{Path(parts[1]).stem}"


def imported_units(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "sim" and len(parts) > 1:
                found.add(f"sim.{parts[1]}")
    return found


def main() -> None:
    files = sorted([*SIM.rglob("*.py"), *PLUGIN.rglob("*.py")])
    graph: dict[str, set[str]] = defaultdict(set)
    lines: dict[str, int] = defaultdict(int)
    count: dict[str, int] = defaultdict(int)
    biggest: list[tuple[int, str]] = []
    for path in files:
        u = unit(path)
        n = len(path.read_text("utf-8").splitlines())
        lines[u] += n
        count[u] += 1
        biggest.append((n, str(path.relative_to(ROOT))))
        graph[u] |= {v for v in imported_units(path) if v != u}
    print("| package | imports (project only) |")
    print("|---|---|")
    for u in sorted(graph):
        print(f"| `{u}` | {', '.join(f'`{v}`' for v in sorted(graph[u])) or '—'} |")
    print()
    print("| package | files | lines |")
    print("|---|---:|---:|")
    for u in sorted(lines):
        print(f"| `{u}` | {count[u]} | {lines[u]:,} |")
    print(f"| **total** | {sum(count.values())} | {sum(lines.values()):,} |")
    print()
    print("Largest files: " + ", ".join(f"`{p}` ({n})" for n, p in sorted(biggest)[::-1][:8]))


if __name__ == "__main__":
    sys.exit(main())
