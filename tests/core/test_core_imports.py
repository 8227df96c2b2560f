import subprocess
import sys

import facilitator.core

CORE_MODULES = sorted(
    f"facilitator.core.{path.stem}"
    for path in __import__("pathlib").Path(facilitator.core.__file__).parent.glob("*.py")
    if path.stem != "__init__"
)


def test_core_imports_neither_qt_nor_a_web_framework():
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in CORE_MODULES)
        + "banned = ('PySide6', 'shiboken6', 'starlette', 'uvicorn', 'reportlab',"
        " 'facilitator.ui', 'facilitator.live', 'facilitator.documents')\n"
        "bad = sorted(m for m in sys.modules if any(m == b or m.startswith(b + '.') for b in banned))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
    assert len(CORE_MODULES) >= 10
