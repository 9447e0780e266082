"""The documentation cannot rot: every example in it runs, and says what it prints.

Sybil reads the pages (README.md and docs/*.md): their fenced blocks, in order, a page's
blocks sharing one namespace, and the ``<!-- no-test -->`` mark, which skips the block
after it (kept for the few examples that need a GPU, the Hugging Face hub or a training
run). What this file adds are the two evaluators:

* a ```python block runs in a fresh temporary working directory (so a block may write a
  file that a later block or command reads) that links to the repository's ``examples/``
  and ``benchmarks/``, as if run from the repository root. Expected output is written as
  ``# -> ...`` comments, one convention everywhere (a page reads better with them than
  with doctest's ``>>>``):

  - ``expr  # -> value`` on the same line: ``repr(expr)`` must be ``value``;
  - ``print(...)`` (or any statement) followed by lines ``# -> ...``: what the
    statement prints must be those lines;
  - a bare expression followed by ``# -> ...`` lines: its ``repr``;

* a ```bash block whose every command is ``stepgrpo-score ...`` (the CLI examples) runs
  too, in the same working directory, after the blocks above it, and must exit 0; other
  shell blocks (``pip install``, ``accelerate launch``) are not run.

Also here: the doctests of every module of ``stepgrpo_rewards`` and ``stepgrpo_trl``,
``mkdocs build --strict`` (where mkdocs is installed: the ``docs`` extra) and the nav.
"""

from __future__ import annotations

import ast
import contextlib
import doctest
import importlib
import importlib.util
import io
import os
import pkgutil
import shlex
import subprocess
import sys
import tokenize
from collections.abc import Iterable
from pathlib import Path

import pytest

pytest.importorskip("sybil", reason='sybil comes with the "dev" extra')
from sybil import Document, Example, Region  # noqa: E402
from sybil.evaluators.skip import Skipper  # noqa: E402
from sybil.parsers.markdown import CodeBlockParser  # noqa: E402
from sybil.parsers.markdown.lexers import DirectiveInHTMLCommentLexer  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
EXPECT = "# ->"
_CLI_COMMANDS = ("stepgrpo-score", "python -m stepgrpo_rewards")
_PYTHON = ("python", "py", "python3")


class NoTestParser:
    """``<!-- no-test -->``: sybil's ``<!-- skip: next -->``, spelt as the pages spell it."""

    def __init__(self) -> None:
        self.lexer = DirectiveInHTMLCommentLexer("no-test", arguments="")
        self.skipper = Skipper("no-test")

    def __call__(self, document: Document) -> Iterable[Region]:
        for lexed in self.lexer(document):
            yield Region(lexed.start, lexed.end, ("next", None), self.skipper)


def _where(example: Example) -> str:
    path = Path(example.path)
    return f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}:{example.line}"


def evaluate_python(example: Example) -> None:
    run_python(example.parsed, example.namespace, _where(example), example.line)


def evaluate_shell(example: Example) -> None:
    if is_cli_block(example.parsed):
        run_cli(example.parsed, Path.cwd(), _where(example))


PARSERS = [NoTestParser(), *(CodeBlockParser(lang, evaluate_python) for lang in _PYTHON),
           CodeBlockParser("bash", evaluate_shell)]


def examples_of(page: Path) -> list[Example]:
    """The examples of a page, in order (a skipped one included: evaluating it skips)."""
    return list(Document.parse(str(page), *PARSERS))


def is_cli_block(code: str) -> bool:
    """A shell block whose every command runs the ``stepgrpo-score`` CLI."""
    commands = [c for c in _shell_commands(code) if c]
    return bool(commands) and all(c.startswith(_CLI_COMMANDS) for c in commands)


def _shell_commands(code: str) -> list[str]:
    commands, current = [], ""
    for line in code.splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        current += " " + stripped.rstrip("\\").strip() if current else stripped.rstrip("\\").strip()
        if not stripped.endswith("\\"):
            commands.append(current)
            current = ""
    if current:
        commands.append(current)
    return commands


def _expectations(code: str) -> dict[int, tuple[str, str]]:
    """``{line: (kind, text)}`` for every ``# ->`` comment: kind ``inline`` (the comment
    ends a code line) or ``own`` (a whole-line comment)."""
    lines = code.splitlines()
    found: dict[int, tuple[str, str]] = {}
    for tok in tokenize.generate_tokens(io.StringIO(code).readline):
        if tok.type == tokenize.COMMENT and tok.string.startswith(EXPECT):
            row, col = tok.start
            kind = "own" if not lines[row - 1][:col].strip() else "inline"
            found[row] = (kind, tok.string[len(EXPECT) :].strip())
    return found


def _expected_for(
    stmt: ast.stmt, expectations: dict[int, tuple[str, str]], next_start: int | None, used: set[int]
) -> str | None:
    end = stmt.end_lineno or stmt.lineno
    inline = expectations.get(end)
    if inline is not None and inline[0] == "inline":
        used.add(end)
        return inline[1]
    lines, row = [], end + 1
    while (
        row in expectations
        and expectations[row][0] == "own"
        and (next_start is None or row < next_start)
    ):
        lines.append(expectations[row][1])
        used.add(row)
        row += 1
    return "\n".join(lines) if lines else None


def _is_print(stmt: ast.stmt) -> bool:
    return (
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Call)
        and isinstance(stmt.value.func, ast.Name)
        and stmt.value.func.id == "print"
    )


def _normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def run_python(code: str, namespace: dict, where: str, line: int = 0) -> None:
    filename = f"<{where}>"
    # Offset the line numbers so tracebacks point into the page.
    source = "\n" * line + code
    tree = ast.parse(source, filename)
    expectations = _expectations(source)
    body = tree.body
    used: set[int] = set()
    for i, stmt in enumerate(body):
        next_start = body[i + 1].lineno if i + 1 < len(body) else None
        expected = _expected_for(stmt, expectations, next_start, used)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            if expected is not None and isinstance(stmt, ast.Expr) and not _is_print(stmt):
                value = eval(compile(ast.Expression(stmt.value), filename, "eval"), namespace)
                print(repr(value))
            else:
                exec(compile(ast.Module([stmt], []), filename, "exec"), namespace)
        if expected is not None:
            assert _normalise(out.getvalue()) == _normalise(expected), (
                f"{where} line {stmt.lineno}: expected {expected!r}, got {out.getvalue()!r}"
            )
    stray = sorted(set(expectations) - used)
    assert not stray, (
        f"{where} lines {stray}: a '# ->' comment that checks nothing; put it after a "
        "top-level statement (not inside a with/for/if block)"
    )


def run_cli(code: str, cwd: Path, where: str) -> None:
    # Run the CLI of this source tree with this interpreter, whatever is on PATH.
    prelude = f'stepgrpo-score() {{ {shlex.quote(sys.executable)} -m stepgrpo_rewards "$@"; }}\n'
    env = dict(
        os.environ,
        PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        PYTHONPATH=os.pathsep.join(
            [str(ROOT), str(ROOT / "plugins"), os.environ.get("PYTHONPATH", "")]
        ),
    )
    proc = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", prelude + code],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, (
        f"{where}: exit {proc.returncode}\n--- stdout\n{proc.stdout[-2000:]}"
        f"\n--- stderr\n{proc.stderr[-2000:]}"
    )


# What the extras install (``trl``: datasets, pandas, ...): a page whose examples use one
# is skipped where it is missing, as in a ``pip install ".[dev]"`` without ``trl``.
OPTIONAL_MODULES = frozenset({"datasets", "pandas", "pyarrow", "trl", "transformers", "torch",
                              "accelerate", "peft", "PIL", "matplotlib"})


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_page_examples_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        _run_page(page, tmp_path, monkeypatch)
    except ImportError as exc:
        missing = exc.__cause__ if not isinstance(exc, ModuleNotFoundError) else exc
        name = getattr(missing, "name", None) or ""
        if not isinstance(missing, ModuleNotFoundError) or name.partition(".")[0] not in OPTIONAL_MODULES:
            raise
        pytest.skip(f"{page.name} needs {name}, which an extra installs")


def _run_page(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("examples", "benchmarks"):
        (tmp_path / name).symlink_to(ROOT / name, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(ROOT / "plugins"))
    document = Document.parse(str(page), *PARSERS)
    document.namespace["__name__"] = f"docs_{page.stem}"
    for example in document:
        example.evaluate()


def _skipped(page: Path) -> list[str]:
    """Where the page's ``<!-- no-test -->`` marks are."""
    return [_where(e) for e in examples_of(page) if isinstance(e.region.evaluator, Skipper)]


def test_skip_marker_is_rare() -> None:
    """``<!-- no-test -->`` is for examples that need a GPU, the hub or a trainer: few."""
    skipped = [where for page in PAGES for where in _skipped(page)]
    total = sum(1 for page in PAGES for e in examples_of(page)
                if e.region.evaluator is evaluate_python)
    assert len(skipped) <= max(6, total // 5), f"too many untested examples: {skipped}"


def test_harness_checks_expected_output(tmp_path: Path) -> None:
    """The ``# ->`` convention: a wrong expectation fails, a right one passes; the
    ``<!-- no-test -->`` mark skips the next block only."""
    run_python('x = 1 + 1\nx  # -> 2\nprint("a")\n# -> a\nprint(x, x)\n# -> 2 2\n', {}, "t")
    with pytest.raises(AssertionError):
        run_python("1 + 1  # -> 3\n", {}, "t")
    with pytest.raises(AssertionError):
        run_python('print("b")\n# -> a\n', {}, "t")
    with pytest.raises(AssertionError, match="checks nothing"):
        run_python("for i in range(2):\n    x = i  # -> 0\n    y = i\n", {}, "t")
    assert is_cli_block("stepgrpo-score a.jsonl \\\n  -o b.jsonl\n")
    assert not is_cli_block("pip install x\nstepgrpo-score a\n")
    page = tmp_path / "page.md"
    page.write_text("<!-- no-test -->\n```python\nraise SystemExit(1)\n```\n\n"
                    "```python\nx = 2\n```\n\n```python\nx  # -> 2\n```\n")
    document = Document.parse(str(page), *PARSERS)
    for example in document:
        example.evaluate()
    assert document.namespace["x"] == 2
    page.write_text("```python\n1 + 1  # -> 3\n```\n")
    with pytest.raises(AssertionError):
        for example in Document.parse(str(page), *PARSERS):
            example.evaluate()


# -- doctests of the packages ------------------------------------------------------------------


def _modules() -> list[str]:
    names = []
    for package in ("stepgrpo_rewards", "stepgrpo_trl"):
        try:
            pkg = importlib.import_module(package)
        except ImportError:
            continue
        names.append(package)
        for info in pkgutil.iter_modules(pkg.__path__):
            # swift_plugin registers into ms-swift when imported: swift runs it, not us
            if info.name not in ("__main__", "swift_plugin"):
                names.append(f"{package}.{info.name}")
            # stepgrpo_trl.demo, the code of examples/, needs the trl extra
            if info.ispkg and importlib.util.find_spec("trl") is not None:
                sub = importlib.import_module(f"{package}.{info.name}")
                names += [f"{package}.{info.name}.{i.name}" for i in pkgutil.iter_modules(sub.__path__)]
    return names


@pytest.mark.parametrize("module", _modules())
def test_module_doctests(module: str) -> None:
    mod = importlib.import_module(module)
    result = doctest.testmod(
        mod, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False, report=True
    )
    assert result.failed == 0, (
        f"{module}: {result.failed} of {result.attempted} doctest examples failed"
    )


# -- the site builds --------------------------------------------------------------------------


def test_mkdocs_build_strict(tmp_path: Path) -> None:
    for name in ("mkdocs", "material", "mkdocstrings", "mkdocstrings_handlers.python"):
        pytest.importorskip(name, reason='mkdocs comes with the "docs" extra')
    # Not --quiet: strict mode counts only the warnings mkdocs actually logs.
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--config-file",
            str(ROOT / "mkdocs.yml"),
            "--site-dir",
            str(tmp_path / "site"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, (
        f"mkdocs build --strict failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}"
    )
    assert (tmp_path / "site" / "index.html").is_file()


def test_every_page_is_in_the_nav() -> None:
    """A page left out of the nav is built but unreachable."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = config[config.index("\nnav:") :]
    missing = [p.name for p in sorted((ROOT / "docs").glob("*.md")) if p.name not in nav]
    assert not missing, f"pages not in the nav of mkdocs.yml: {missing}"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
