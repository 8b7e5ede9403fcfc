"""The package's layout holds: the runtime never loads the training or evaluation wings."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "corpora" / "examples" / "acme-terms.html"

RUNTIME_ONLY = """
import json, sys
import contractlens
analysis = contractlens.analyze(sys.argv[1], terms=["fair-contract"])
loaded = sorted(m for m in sys.modules if m.startswith(("contractlens.training", "contractlens.evaluation")))
print(json.dumps({"findings": len(analysis.findings), "loaded": loaded}))
"""


def test_one_analysis_loads_no_training_or_evaluation_module():
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", RUNTIME_ONLY, str(EXAMPLE)], capture_output=True, text=True,
                          env=env, cwd=ROOT, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["findings"] > 0  # the analysis really ran the models
    assert result["loaded"] == []


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """module -> the package modules it imports anywhere in its body (inside functions too)."""
    paths = {_module_name(p): p for p in (ROOT / "contractlens").rglob("*.py")}
    graph = {}
    for name, path in paths.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        edges = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                edges.update(alias.name for alias in node.names if alias.name in paths)
            elif isinstance(node, ast.ImportFrom):
                base = package[: len(package) - node.level + 1] if node.level else []
                target = ".".join(base + ([node.module] if node.module else []))
                for alias in node.names:  # `from pkg import module` names the module, else the package
                    edges.add(f"{target}.{alias.name}" if f"{target}.{alias.name}" in paths else target)
        graph[name] = {edge for edge in edges if edge in paths and edge != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import circles: strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for edge in sorted(graph[node]):
            if edge not in index:
                visit(edge)
                low[node] = min(low[node], low[edge])
            elif edge in on_stack:
                low[node] = min(low[node], index[edge])
        if low[node] == index[node]:
            group = []
            while not group or group[-1] != node:
                group.append(stack.pop())
                on_stack.discard(group[-1])
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_walker_finds_a_planted_circle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert "contractlens.classify.flags" in import_graph()["contractlens.classify.flags_learned"]


def test_the_package_has_no_import_circles():
    assert cycles(import_graph()) == []


def test_runtime_modules_never_import_training_or_evaluation():
    wings = ("contractlens.training", "contractlens.evaluation")
    entry = "contractlens.cli.models_cmd"  # `train` and `evaluate` are where the wings are reached
    crossing = {
        name: sorted(edge for edge in edges if edge.startswith(wings))
        for name, edges in import_graph().items()
        if not name.startswith(wings) and name != entry
    }
    assert {name: edges for name, edges in crossing.items() if edges} == {}
