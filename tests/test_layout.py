"""The extract sub-packages import on their own, in a fresh interpreter (no import circle hidden by
an earlier import), and the old flat modules are gone."""
import subprocess
import sys
from pathlib import Path

import pytest

import newsgraph

PACKAGE = Path(newsgraph.__file__).parent
MODULES = sorted(
    ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    for folder in ("extract", "train") for path in (PACKAGE / folder).rglob("*.py") if path.name != "__init__.py")


def test_the_extract_sub_packages_are_there():
    for name in ("events/stage", "actors/coding", "quotes/stage", "quotes/syntax", "entities/stage"):
        assert (PACKAGE / "extract" / f"{name}.py").is_file()
    assert not list((PACKAGE / "extract").glob("quotes_*.py")) and not list((PACKAGE / "extract").glob("events*.py"))


@pytest.mark.parametrize("module", MODULES)
def test_each_module_imports_alone(module):
    result = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_quote_syntax_module_needs_spacy_only():
    """quotes.syntax is what the quote modules share so that they need not import each other: it
    imports no other newsgraph module but the records."""
    imports = [line for line in (PACKAGE / "extract" / "quotes" / "syntax.py").read_text().splitlines()
               if line.startswith(("import ", "from "))]
    assert [line for line in imports if "newsgraph" in line] == ["from newsgraph.model import Span"]
