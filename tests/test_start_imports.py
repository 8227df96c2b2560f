"""The app's start imports what every start needs, not the readers of decks it may not open."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["facilitator.app", "facilitator.cli"])
def test_the_start_imports_no_pdf_or_powerpoint_reader(module):
    code = (
        f"import sys, {module}\n"
        "readers = ('pypdf', 'pptx', 'reportlab')\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in readers)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
