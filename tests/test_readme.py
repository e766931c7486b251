"""The README's library example runs and does what it says."""
import contextlib
import io
import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def python_blocks(markdown: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", markdown, flags=re.S)


def test_readme_shows_the_two_setup_commands_first():
    readme = (ROOT / "README.md").read_text()
    first_block = re.search(r"```sh\n(.*?)```", readme, flags=re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.splitlines() if line.strip()]
    assert commands == ["make run", "make test"]


def test_readme_python_example_runs(monkeypatch):
    monkeypatch.chdir(ROOT)
    (block,) = python_blocks((ROOT / "README.md").read_text())
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(block, "README.md", "exec"), {})
    assert "Mark Rutte state" in printed.getvalue()


def test_every_setting_is_documented_in_the_readme():
    from dataclasses import fields

    from newsgraph.settings import Settings
    readme = (ROOT / "README.md").read_text()
    for setting in fields(Settings):
        assert f"| `{setting.name}` |" in readme, f"setting {setting.name} is not in the README's table"
