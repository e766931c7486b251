import json

import duckdb
import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "newsgraph" / "examples" / "nato-rutte-russia.txt"

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def command_names(group=None, prefix=""):
    """Every command, sub-commands as "eval quotes"."""
    import typer.main
    group = group or typer.main.get_command(app)
    names = []
    for name, command in sorted(group.commands.items()):
        if hasattr(command, "commands"):  # a group of sub-commands
            names += command_names(command, f"{prefix}{name} ")
        else:
            names.append(f"{prefix}{name}")
    return names


@pytest.mark.parametrize("command", command_names())
def test_every_command_has_help(command):
    result = run(*command.split(), "--help")
    assert result.exit_code == 0
    assert "Usage" in result.output and len(result.output.splitlines()) > 5


@pytest.mark.parametrize("command", command_names())
def test_every_command_is_documented(command):
    from pathlib import Path
    docs = (Path(__file__).resolve().parents[1] / "docs" / "cli.md").read_text()
    assert f"newsgraph {command}" in docs


def test_top_level_help_lists_commands():
    result = run("--help")
    assert result.exit_code == 0 and "analyze" in result.output and "eval" in result.output
    assert {"analyze", "fetch-feed", "events", "eval quotes", "eval speakers", "eval events"} <= set(command_names())


def test_analyze_prints_a_card_and_stores(tmp_path):
    db = tmp_path / "cards.duckdb"
    result = run("analyze", EXAMPLE, "--db", db)
    assert result.exit_code == 0, result.output
    assert "NATO chief urges gradual restoration of Russia relations" in result.output
    assert "Mark Rutte" in result.output and "1 stored" in result.output
    with duckdb.connect(str(db)) as connection:
        assert connection.execute("select count(*) from articles").fetchone()[0] == 1


def test_analyze_json_is_one_object_per_line(tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("Talks resume in Geneva\n\nEnvoys from Iran and the EU met in Geneva on Monday, "
                     "officials said, and agreed to meet again next week.\n")
    result = run("analyze", EXAMPLE, other, "--db", tmp_path / "j.duckdb", "--json")
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 2
    assert json.loads(lines[0])["title"] == "NATO chief urges gradual restoration of Russia relations"
    assert json.loads(lines[1])["title"] == "Talks resume in Geneva"


def test_duplicates_are_linked_not_analysed_again(tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_text(EXAMPLE.read_text(encoding="utf-8").replace("step by step", "gradually", 1), encoding="utf-8")
    db = tmp_path / "dup.duckdb"
    result = run("analyze", EXAMPLE, EXAMPLE, copy, "--db", db, "--json")
    assert len([line for line in result.stdout.splitlines() if line.startswith("{")]) == 1
    assert "1 stored" in result.output and "2 duplicates" in result.output and result.exit_code == 0
    with duckdb.connect(str(db)) as connection:
        kinds = sorted(row[0] for row in connection.execute("select kind from duplicates").fetchall())
    assert kinds == ["exact", "near"]
    from newsgraph.store import Store
    with Store(str(db)) as store:
        (canonical,) = store.article_ids()
        assert store.stories()[canonical] == (3, 0)  # three articles carried it; no source given


def test_non_english_articles_are_skipped_with_their_language(tmp_path):
    french = tmp_path / "fr.txt"
    french.write_text("Les ministres des affaires étrangères se sont réunis lundi à Paris pour discuter "
                      "de la guerre en Ukraine et des sanctions contre la Russie, a annoncé le gouvernement.")
    db = tmp_path / "lang.duckdb"
    result = run("analyze", french, "--db", db)
    assert "1 skipped" in result.output and result.exit_code == 0
    with duckdb.connect(str(db)) as connection:
        assert connection.execute("select language from skipped").fetchall() == [("fr",)]


def test_rerun_on_the_same_input_adds_nothing(tmp_path):
    db = tmp_path / "again.duckdb"
    run("analyze", EXAMPLE, "--db", db)
    with duckdb.connect(str(db)) as connection:
        before = {t: connection.execute(f"select count(*) from {t}").fetchone()[0]
                  for t in ("articles", "entities", "mentions", "quotes", "events", "amounts")}
    second = run("analyze", EXAMPLE, "--db", db)
    assert "0 stored, 1 already stored, 0 duplicates" in second.output
    with duckdb.connect(str(db)) as connection:
        after = {t: connection.execute(f"select count(*) from {t}").fetchone()[0] for t in before}
    assert after == before and before["entities"] > 5


def test_bad_inputs_are_recorded_and_the_rest_is_stored(tmp_path):
    folder = tmp_path / "inputs"
    folder.mkdir()
    (folder / "a-empty.txt").write_bytes(b"")
    (folder / "b-binary.bin").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (folder / "c-undecodable.txt").write_bytes(b"The minister met \x81\x8d\x90 envoys in Oslo on Monday.")
    (folder / "d-good.txt").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    db = tmp_path / "bad.duckdb"
    result = run("analyze", folder, tmp_path / "missing.txt", "--db", db)
    assert result.exit_code == 1
    assert "1 stored" in result.output and "4 failed" in result.output
    with duckdb.connect(str(db)) as connection:
        reasons = dict(connection.execute("select path, reason from failures").fetchall())
        stored = connection.execute("select count(*) from articles").fetchone()[0]
    assert stored == 1
    assert reasons[str(folder / "a-empty.txt")] == "empty file"
    assert reasons[str(folder / "b-binary.bin")].startswith("binary file")
    assert reasons[str(folder / "c-undecodable.txt")].startswith("undecodable bytes")
    assert reasons[str(tmp_path / "missing.txt")] == "no such file or folder"
    assert all("\n" not in reason for reason in reasons.values())
    assert "Traceback" not in result.output


def test_stdin_and_raw_text_keep_the_input_exactly(tmp_path):
    text = "Ministers met in Oslo.\n\nThe talks ended.\n"
    result = runner.invoke(app, ["analyze", "-", "--raw-text", "--json", "--db", str(tmp_path / "s.duckdb")],
                           input=text)
    data = json.loads(result.stdout.splitlines()[0])
    assert data["text"] == text and data["origin"] == "<stdin>"


def test_bad_settings_exit_2(tmp_path):
    result = run("analyze", EXAMPLE, "--db", tmp_path / "x.duckdb", "--model", "xx_missing_model")
    assert result.exit_code == 2 and "not installed" in result.output


@pytest.mark.parametrize("args", [["eval", "quotes", "--polnear", "/nonexistent/polnear"],
                                  ["eval", "events", "--plover", "/nonexistent/plover.json"],
                                  ["eval", "speakers", "--corpus", "/nonexistent/articles.jsonl"]])
def test_eval_commands_report_missing_gold_in_one_line(args):
    result = run(*args)
    assert result.exit_code == 2 and "error:" in result.output and "Traceback" not in result.output


def test_events_lists_asserted_events_by_default_and_the_rest_with_all(tmp_path):
    db = tmp_path / "events.duckdb"
    run("analyze", EXAMPLE, "--db", db, "--quiet")
    asserted = [json.loads(line) for line in run("events", "--db", db, "--json").stdout.splitlines()]
    everything = [json.loads(line) for line in run("events", "--db", db, "--json", "--all").stdout.splitlines()]
    assert asserted and all(e["modality"] == "asserted" and not e["negated"] for e in asserted)
    assert ("Mark Rutte", "met", "Donald Trump") in {(e["source"], e["text"], e["target"]) for e in asserted}
    assert len(everything) > len(asserted)
    unasserted = [e for e in everything if e not in asserted]
    assert unasserted and all(e["modality"] != "asserted" or e["negated"] for e in unasserted)  # each flagged
    trump = [json.loads(line) for line in run("events", "--db", db, "--json", "--actor", "trump").stdout.splitlines()]
    assert trump and all("Trump" in e["source"] + e["target"] for e in trump)
    table = run("events", "--db", db)
    assert table.exit_code == 0 and "Donald Trump" in table.output


# --- help that tells the truth (issue 14, item 5) ---------------------------------------------------

def click_command(name: str):
    import typer.main
    command = typer.main.get_command(app)
    for part in name.split():
        command = command.commands[part]
    return command


def shown_default(param) -> str:
    """The default as docs/cli.md writes it: "(x)" for a setting's default, "off" for a flag, "—" for none."""
    if isinstance(param.show_default, str):
        return f"({param.show_default})"
    if getattr(param, "is_flag", False):
        return "off"
    return "—" if param.default is None else str(param.default)


def documented_options(command: str) -> dict[str, str]:
    """{option name: default} from the table of the command's section in docs/cli.md."""
    import re
    docs = (Path(__file__).resolve().parents[1] / "docs" / "cli.md").read_text()
    section = re.search(rf"^## newsgraph {command}\n(.*?)(?=^## |\Z)", docs, flags=re.S | re.M).group(1)
    found = {}
    for names, default in re.findall(r"^\| `([^`]+)` \| ([^|]+) \|", section, flags=re.M):
        for name in re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", names):
            found[name] = default.strip()
    return found


@pytest.mark.parametrize("command", command_names())
def test_docs_list_every_option_of_every_command_with_its_default(command):
    options = {}
    for param in click_command(command).params:
        if param.param_type_name == "option":
            for name in param.opts + param.secondary_opts:
                options[name] = shown_default(param)
    assert documented_options(command) == options


@pytest.mark.parametrize("command", command_names())
def test_help_shows_defaults_and_no_type_on_flags(command):
    result = runner.invoke(app, [*command.split(), "--help"], env={"COLUMNS": "250"})
    assert result.exit_code == 0
    assert "<bool>" not in result.output
    assert "<list[str]>" not in result.output  # an argument named by its metavar ("PATH") needs no type
    for param in click_command(command).params:
        if isinstance(param.show_default, str):
            assert f"[default: ({param.show_default})]" in result.output


@pytest.mark.parametrize("command", command_names())
def test_help_does_not_break_descriptions_mid_sentence(command):
    import inspect
    result = runner.invoke(app, [*command.split(), "--help"], env={"COLUMNS": "250"})
    description = inspect.cleandoc(click_command(command).help or "")
    lines = [" ".join(line.strip(" │").split()) for line in result.output.splitlines()]
    for paragraph in description.split("\n\n"):
        flowed = " ".join(paragraph.replace("`", "").split())
        assert flowed in lines, f"{flowed!r} is broken across lines in --help"


def test_version_prints_the_package_version():
    from importlib.metadata import version
    result = run("--version")
    assert result.exit_code == 0 and result.output.strip() == f"newsgraph {version('newsgraph')}"


def test_packaging_declares_the_license_as_an_spdx_expression():
    """setuptools >= 77 warns about ``license = { text = ... }``; an SPDX string needs setuptools 77."""
    import re
    import tomllib
    pyproject = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())
    assert pyproject["project"]["license"] == "MIT"
    (setuptools,) = [r for r in pyproject["build-system"]["requires"] if r.startswith("setuptools")]
    assert int(re.search(r">=(\d+)", setuptools).group(1)) >= 77


def test_a_rerun_passes_stored_articles_by_before_parsing(tmp_path, monkeypatch):
    """Issue 14, item 4: resume. The second run recognises the stored article by id and never parses it."""
    from newsgraph import pipeline
    db = tmp_path / "resume.duckdb"
    run("analyze", EXAMPLE, "--db", db, "--quiet")
    parsed = []
    original = pipeline.text_to_parse
    monkeypatch.setattr(pipeline, "text_to_parse", lambda article, limit: parsed.append(article.id) or original(article, limit))
    other = tmp_path / "other.txt"
    other.write_text("Talks resume in Geneva\n\nEnvoys from Iran and the EU met in Geneva on Monday, officials said, "
                     "and agreed to meet again next week.\n")
    second = run("analyze", EXAMPLE, other, "--db", db, "--quiet")
    assert "1 stored, 1 already stored" in second.output and second.exit_code == 0
    assert len(parsed) == 1  # only the new article was parsed
    again = run("analyze", EXAMPLE, "--db", db, "--quiet", "--reanalyse")
    assert "0 stored, 1 analysed again, 0 already stored" in again.output and len(parsed) == 2


def test_a_failure_line_says_which_record_failed():
    """Issue 14, item 3: "[line 3]" was read as rich markup and vanished from the failure line."""
    from rich.console import Console

    from newsgraph.cli import show_outcome
    from newsgraph.model import Failure
    err = Console(record=True, width=300)
    show_outcome(Failure("dump.jsonl", "invalid JSON: Expecting value", record="line 3"), False, Console(), err, False)
    assert "failed: dump.jsonl [line 3]: invalid JSON: Expecting value" in err.export_text()
