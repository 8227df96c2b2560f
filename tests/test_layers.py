"""The layers' import rules that a run of the code cannot show: the windows reach PDFs
only through `documents`, which imports ReportLab for them."""

import ast
from pathlib import Path

import pytest

import facilitator.ui

UI_MODULES = sorted(Path(facilitator.ui.__file__).parent.glob("*.py"))


def imported(module: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("module", UI_MODULES, ids=lambda path: path.stem)
def test_no_window_imports_reportlab(module):
    assert not {name for name in imported(module) if name.split(".")[0] == "reportlab"}
