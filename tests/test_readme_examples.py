"""The README's example outputs are what the commands print: each marked block is run as
scripts/update_readme_examples.py runs it (which regenerates them) and compared with the README."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType
from typing import Any

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "update_readme_examples", ROOT / "scripts" / "update_readme_examples.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


SCRIPT = _script()
EXAMPLES = SCRIPT.examples((ROOT / "README.md").read_text(encoding="utf-8"))


def test_the_readme_marks_the_examples_of_ask_check_and_eval() -> None:
    names = [example.name for example in EXAMPLES]
    assert {"ask", "ask-json", "ask-batch", "check", "check-broken", "eval", "eval-sweep"} <= set(names)
    assert len(names) == len(set(names)), "one name per block"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.name)
def test_a_readme_example_is_what_its_commands_print(example: Any) -> None:
    assert example.render(SCRIPT.run(example)) == example.shown, "out of date: run scripts/update_readme_examples.py"


def test_the_broken_example_is_a_real_error_from_a_shipped_file() -> None:
    [broken] = [example for example in EXAMPLES if example.name == "check-broken"]
    outputs = SCRIPT.run(broken)
    assert outputs[-1] == "4\n", "exit code 4: the intent files are invalid"
    assert outputs[0].startswith("examples/broken-intents/parking.yaml:")
    assert (ROOT / "examples" / "broken-intents" / "parking.yaml").is_file()
