"""The project's layering, checked on the source: imports flow one way, stage by stage; only the
command line prints or exits; only ``devices`` touches PortAudio or the terminal; modules stay small."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "voice_skill"
COMMAND_LINE = {PACKAGE / "cli", PACKAGE / "__main__.py"}

LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"base"}),
    frozenset({"intent"}),
    frozenset({"dialogue", "audio"}),
    frozenset({"asr"}),
    frozenset({"wake", "tts"}),
    frozenset({"devices"}),
    frozenset({"pipeline", "duplex"}),
    frozenset({"kiosk", "evaluation"}),
    frozenset({"config"}),
    frozenset({"skill"}),
    frozenset({"cli"}),
    frozenset({"__main__", "__init__"}),
)
"""Bottom to top. A component may import its own modules and anything in a lower layer; components in one
layer are independent of each other. ``__init__`` is the package's public API, on top with ``python -m``."""
DEVICE_MODULES = {"sounddevice", "termios", "tty", "readline"}
"""Only ``devices`` imports these: the code that touches PortAudio or the terminal stays in one place."""
MAX_MODULE_LINES = 420


def _library_modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if not any(p == c or c in p.parents for c in COMMAND_LINE))


def _all_modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _component(path: Path) -> str:
    """The top-level piece of ``voice_skill`` a module belongs to (``intent``, ``config``, ``__init__``)."""
    first = path.relative_to(PACKAGE).parts[0]
    return first.removesuffix(".py")


def _module_name(path: Path) -> list[str]:
    parts = ["voice_skill", *path.relative_to(PACKAGE).with_suffix("").parts]
    return parts[:-1] if parts[-1] == "__init__" else parts


def imported(path: Path, tree: ast.AST) -> list[tuple[str, int]]:
    """Absolute names of everything ``tree`` (the module at ``path``) imports, anywhere in it, with lines."""
    here = _module_name(path)
    package = here if path.name == "__init__.py" else here[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            else:
                target = node.module or ""
            found.append((target, node.lineno))
            # "from . import x" / "from .pkg import module": the names may be modules themselves
            found += [(f"{target}.{alias.name}", node.lineno) for alias in node.names]
    return found


def _layer_of(component: str) -> int:
    for index, layer in enumerate(LAYERS):
        if component in layer:
            return index
    raise AssertionError(f"voice_skill/{component} is in no layer of tests/test_architecture.py: add it")


def layer_offences(path: Path, tree: ast.AST, known: set[str]) -> list[str]:
    own = _component(path)
    mine = _layer_of(own)
    offences: dict[tuple[int, str], str] = {}
    for name, line in imported(path, tree):
        parts = name.split(".")
        if parts[0] != "voice_skill":
            continue
        target = parts[1] if len(parts) > 1 else "__init__"
        if target not in known or target == own:
            continue
        theirs = _layer_of(target)
        if theirs >= mine:
            offences.setdefault((line, target), f"line {line}: {own} (layer {mine}) imports {name} (layer {theirs})")
    return list(offences.values())


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


def _parse(path: Path) -> ast.AST:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


KNOWN = {_component(p) for p in _all_modules()}


def test_the_checker_sees_prints_and_exits() -> None:
    code = "import sys, os\nprint('x')\nsys.exit(1)\nos._exit(2)\nraise SystemExit(3)\n"
    assert len(_offences(ast.parse(code))) == 4
    assert _offences(ast.parse("log.print_report()\nlogging.info('x')\n")) == []


def test_the_layer_checker_sees_imports_that_flow_the_wrong_way() -> None:
    intent = PACKAGE / "intent" / "match.py"
    upward = "from ..pipeline import Listener\nimport voice_skill.kiosk\ndef f():\n    from ..config import Config\n"
    assert len(layer_offences(intent, ast.parse(upward), KNOWN)) == 3, "relative, absolute and lazy imports"
    sideways = "from .audio import Audio\n"
    assert layer_offences(PACKAGE / "dialogue.py", ast.parse(sideways), KNOWN), "siblings are independent"
    fine = "from ..base.errors import SkillError\nfrom .normalize import stem\nfrom . import triage\n"
    assert layer_offences(intent, ast.parse(fine), KNOWN) == []


def test_every_component_has_a_layer() -> None:
    for component in KNOWN:
        _layer_of(component)
    assert {"intent", "audio", "asr", "wake", "tts", "devices", "pipeline", "kiosk", "evaluation", "cli"} <= KNOWN


def test_there_are_library_modules_to_check() -> None:
    names = {p.name for p in _library_modules()}
    assert {"match.py", "pipeline.py", "kiosk.py", "pocketsphinx_engine.py"} <= names
    assert not any(p.parent.name == "cli" for p in _library_modules())


@pytest.mark.parametrize("path", _all_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_flow_one_way(path: Path) -> None:
    assert layer_offences(path, _parse(path), KNOWN) == []


@pytest.mark.parametrize("path", _library_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_library_code_never_prints_or_exits(path: Path) -> None:
    offences = _offences(_parse(path))
    assert offences == [], f"{path.name}: only the command line (voice_skill/cli/) may print or exit"


@pytest.mark.parametrize("path", _all_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_devices_touch_portaudio_or_the_terminal(path: Path) -> None:
    if _component(path) == "devices":
        return
    touched = {name.split(".")[0] for name, _ in imported(path, _parse(path))} & DEVICE_MODULES
    assert touched == set(), f"{path.name} imports {touched}: that belongs in voice_skill/devices/"


@pytest.mark.parametrize("path", _all_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_stay_small(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{path.name} has {lines} lines: split it by what its parts do"
