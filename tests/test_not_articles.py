"""Issue 14, item 2: only articles become articles. Files that are plainly not news are skipped with
a recorded reason, every text is cut to max_chars on every path, text in no language and text of one
sentence repeated are skipped before they cost minutes, and a card shows at most N rows a section."""
import json
import random
from pathlib import Path

import duckdb
from rich.console import Console
from typer.testing import CliRunner

from newsgraph.cards import MAX_SECTION_ROWS, section_table
from newsgraph.cli import app
from newsgraph.ingest.quality import no_language_reason, repetition_reason
from newsgraph.ingest.read import read_inputs
from newsgraph.ingest.text import article_from_text
from newsgraph.model import Article, Skipped
from newsgraph.pipeline import Pipeline
from newsgraph.settings import Settings

EXAMPLE = Path(__file__).resolve().parents[1] / "newsgraph" / "examples" / "nato-rutte-russia.txt"
runner = CliRunner()


def random_cp1252_bytes(count: int) -> bytes:
    """Bytes that decode as Windows-1252 without a control character: they pass the binary check."""
    printable = [b for b in range(0x20, 0x100) if b not in (0x7f, 0x81, 0x8d, 0x8f, 0x90, 0x9d)]
    chooser = random.Random(14)
    return bytes(chooser.choice(printable) for _ in range(count))


def test_files_in_a_folder_that_are_not_news_are_skipped_with_a_reason(tmp_path):
    folder = tmp_path / "clone"
    (folder / "src").mkdir(parents=True)
    (folder / "LICENSE").write_text("MIT License\n\nPermission is hereby granted, free of charge, to any person.\n")
    (folder / "README.md").write_text("# Project\n\nThis project reads news.\n")
    (folder / "src" / "tool.py").write_text("import sys\n\nprint(sys.argv)\n")
    (folder / "deploy").write_text("#!/bin/sh\nset -e\necho deployed\n")
    (folder / "settings.json").write_text(json.dumps({"title": "x", "items": [1, 2]}, indent=2))
    (folder / "story.txt").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    results = list(read_inputs([str(folder)]))
    skipped = {Path(r.origin).name: r.reason for r in results if isinstance(r, Skipped)}
    assert set(skipped) == {"LICENSE", "README.md", "tool.py", "deploy", "settings.json"}
    assert "licence" in skipped["LICENSE"] and "script" in skipped["deploy"] and "JSON document" in skipped["settings.json"]
    assert [Path(r.origin).name for r in results if isinstance(r, Article)] == ["story.txt"]


def test_a_file_named_on_the_command_line_is_read_even_with_such_a_name(tmp_path):
    readme = tmp_path / "README.txt"
    readme.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (result,) = read_inputs([str(readme)])
    assert isinstance(result, Article)


def test_skipped_files_are_recorded_in_the_store_and_do_not_fail_the_run(tmp_path):
    folder = tmp_path / "inputs"
    folder.mkdir()
    (folder / "LICENSE").write_text("MIT License\n")
    (folder / "story.txt").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    db = tmp_path / "s.duckdb"
    result = runner.invoke(app, ["analyze", str(folder), "--db", str(db), "--json"])
    assert result.exit_code == 0 and "1 stored" in result.output and "1 skipped" in result.output
    with duckdb.connect(str(db)) as connection:
        (row,) = connection.execute("select origin, reason from skipped").fetchall()
    assert row[0] == str(folder / "LICENSE") and row[1].startswith("not an article: a licence file")


def test_a_json_document_is_never_read_as_plain_text(tmp_path):
    document = tmp_path / "dump.json"
    document.write_text(json.dumps({"text": "word " * 1000}, indent=1))
    (result,) = read_inputs([str(document)])
    assert isinstance(result, Skipped) and "one JSON object per line" in result.reason


def test_every_text_is_cut_to_max_chars_before_any_stage(pipeline):
    text = EXAMPLE.read_text(encoding="utf-8")
    article = Pipeline(Settings(max_chars=600)).analyse(article_from_text(text))
    assert len(article.text) <= 600 < len(article_from_text(text).text)
    for quote in article.quotes:
        assert quote.span[1] <= len(article.text)
    assert all(m.end <= len(article.text) for e in article.entities for m in e.mentions)


def test_random_bytes_that_decode_are_skipped_as_no_language(tmp_path):
    noise = tmp_path / "noise.txt"
    noise.write_bytes(random_cp1252_bytes(20_000))
    result = runner.invoke(app, ["analyze", str(noise), "--db", str(tmp_path / "n.duckdb"), "--json"])
    assert result.exit_code == 0 and "0 stored" in result.output and "1 skipped" in result.output
    assert "no language" in result.output
    assert no_language_reason(EXAMPLE.read_text(encoding="utf-8")) is None


def test_one_sentence_repeated_is_skipped_before_parsing():
    repeated = "The minister said the talks would resume on Monday. " * 3000
    three = "Talks resume. Envoys meet in Oslo. A deal is near. " * 1000
    assert "3000 sentences, only 1 distinct" in repetition_reason(repeated)
    assert "only 3 distinct" in repetition_reason(three)
    assert repetition_reason(EXAMPLE.read_text(encoding="utf-8")) is None


def test_a_card_section_shows_at_most_its_limit_and_counts_the_rest():
    rows = [[f"name {i}", "PERSON"] for i in range(MAX_SECTION_ROWS + 12)]
    console = Console(width=100, record=True)
    console.print(section_table("People", ["name", "type"], rows))
    shown = console.export_text()
    assert f"name {MAX_SECTION_ROWS - 1}" in shown and f"name {MAX_SECTION_ROWS}" not in shown
    assert "and 12 more" in shown and f"People ({MAX_SECTION_ROWS + 12})" in shown
