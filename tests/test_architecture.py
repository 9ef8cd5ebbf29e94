"""The project's layering: only the command line prints or exits; the rest is library code."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "voice_skill"
COMMAND_LINE = {PACKAGE / "cli", PACKAGE / "__main__.py"}


def _library_modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if not any(p == c or c in p.parents for c in COMMAND_LINE))


def _offences(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Name) and f.id in {"print", "exit", "quit"}:
                found.append(f"{f.id}() on line {node.lineno}")
            module = f.value.id if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) else ""
            if module in {"sys", "os"} and isinstance(f, ast.Attribute) and f.attr in {"exit", "_exit"}:
                found.append(f"{module}.{f.attr}() on line {node.lineno}")
        if isinstance(node, ast.Raise) and node.exc is not None:
            target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(target, ast.Name) and target.id == "SystemExit":
                found.append(f"raise SystemExit on line {node.lineno}")
    return found


def test_the_checker_sees_prints_and_exits() -> None:
    code = "import sys, os\nprint('x')\nsys.exit(1)\nos._exit(2)\nraise SystemExit(3)\n"
    assert len(_offences(ast.parse(code))) == 4
    assert _offences(ast.parse("log.print_report()\nlogging.info('x')\n")) == []


def test_there_are_library_modules_to_check() -> None:
    names = {p.name for p in _library_modules()}
    assert {"match.py", "pipeline.py", "kiosk.py", "pocketsphinx_engine.py"} <= names
    assert not any(p.parent.name == "cli" for p in _library_modules())


@pytest.mark.parametrize("path", _library_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_library_code_never_prints_or_exits(path: Path) -> None:
    offences = _offences(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    assert offences == [], f"{path.name}: only the command line (voice_skill/cli/) may print or exit"
