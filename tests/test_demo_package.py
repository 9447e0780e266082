"""The code behind ``examples/`` is the installed package ``stepgrpo_trl.demo`` (issue 14):
``import stepgrpo_trl`` stays light, every example script keeps its command line while only
calling the package, and nothing puts a folder on ``sys.path``."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: example script -> the module of stepgrpo_trl.demo whose ``main`` it calls
SCRIPTS = {
    "synthetic_data.py": "synthetic_data",
    "make_tiny_model.py": "tiny_model",
    "reward_ablation.py": "ablation",
    "run_pipeline.py": "pipeline",
    "train_stepgrpo.py": "train",
    "sft_warmup.py": "sft",
    "eval_stepgrpo.py": "evaluate",
    "eval_benchmarks.py": "benchmarks",
    "key_steps_in_question.py": "question_key_steps",
}


def test_importing_the_adapters_does_not_import_the_demo():
    """CI imports ``stepgrpo_trl`` with the core dependencies only: no demo module, and none
    of the heavy libraries the demo needs, may come with it."""
    code = ("import json, sys, stepgrpo_trl\n"
            "print(json.dumps(sorted(m for m in sys.modules if m.startswith('stepgrpo_trl.demo')"
            " or m.split('.')[0] in ('torch', 'PIL', 'transformers', 'trl'))))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert json.loads(proc.stdout) == []


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_example_scripts_only_call_the_package(script):
    """Each script imports ``main`` from its demo module and defines nothing of its own."""
    tree = ast.parse((ROOT / "examples" / script).read_text(encoding="utf-8"))
    imports = [node for node in tree.body if isinstance(node, ast.ImportFrom)]
    assert [(node.module, [a.name for a in node.names]) for node in imports] == [
        (f"stepgrpo_trl.demo.{SCRIPTS[script]}", ["main"])]
    assert not [node for node in tree.body if isinstance(node, ast.FunctionDef | ast.ClassDef)]


@pytest.mark.parametrize("script", ["synthetic_data.py", "reward_ablation.py", "make_tiny_model.py"])
def test_example_script_help_runs(script):
    pytest.importorskip("trl")
    proc = subprocess.run([sys.executable, str(ROOT / "examples" / script), "--help"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.startswith(f"usage: {script}")


def _edits_sys_path(path: Path) -> bool:
    """Whether *path* assigns to, or calls a method of, ``sys.path`` (code, not comments)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        target = node.func.value if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) else None
        if isinstance(node, ast.Assign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            target = next((t.value for t in targets if isinstance(t, ast.Subscript)), None)
        if (isinstance(target, ast.Attribute) and target.attr == "path"
                and isinstance(target.value, ast.Name) and target.value.id == "sys"):
            return True
    return False


def test_nothing_edits_sys_path():
    paths = [*(ROOT / "examples").glob("*.py"), *(ROOT / "benchmarks").glob("*.py"),
             *(ROOT / "tests").glob("*.py"), *(ROOT / "plugins" / "stepgrpo_trl" / "demo").glob("*.py")]
    assert len(paths) > 20
    assert [p.relative_to(ROOT).as_posix() for p in paths if _edits_sys_path(p)] == []


def test_the_sys_path_check_sees_an_edit(tmp_path):
    for line in ("sys.path.insert(0, 'x')", "sys.path[:0] = ['x']", "sys.path.append('x')"):
        (tmp_path / "x.py").write_text(f"import sys\n{line}\n")
        assert _edits_sys_path(tmp_path / "x.py"), line
    (tmp_path / "x.py").write_text("import sys\n# sys.path.insert(0, 'x')\nprint(sys.path)\n")
    assert not _edits_sys_path(tmp_path / "x.py")
