"""The one TSV reader (``newsgraph.lexicons.read_tsv``) and the lexicon files it reads."""
from __future__ import annotations

import pytest

from newsgraph.lexicons import LEXICON_DIR, LexiconError, read_tsv

LEXICON_FILES = sorted(path.name for path in LEXICON_DIR.glob("*.tsv"))


def test_the_package_has_lexicon_files():
    assert len(LEXICON_FILES) >= 40


@pytest.mark.parametrize("name", LEXICON_FILES)
def test_every_lexicon_file_reads_through_the_one_reader(name):
    rows = read_tsv(name)
    assert rows, f"{name} has no rows"
    columns = list(rows[0][1])
    assert all(list(row) == columns for _, row in rows)  # every row has every column of the header
    assert all(column and not column.startswith("#") for column in columns)
    numbers = [number for number, _ in rows]
    assert numbers == sorted(set(numbers))


def test_header_comments_blanks_and_short_rows(tmp_path):
    (tmp_path / "sectors.tsv").write_text("# about the file\nnoun\tplural\tsector\n\n# comment\ntroops\n"
                                          "soldier \t soldiers\tMIL\n", encoding="utf-8")
    assert read_tsv("sectors.tsv", tmp_path) == [
        (5, {"noun": "troops", "plural": "", "sector": ""}),  # trailing tabs stripped: still read
        (6, {"noun": "soldier", "plural": "soldiers", "sector": "MIL"}),
    ]


def test_a_quote_mark_is_an_ordinary_character(tmp_path):
    (tmp_path / "words.tsv").write_text('word\tcomment\nsource\t"sources say"\tand more\n', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"words.tsv:2: 3 columns"):
        read_tsv("words.tsv", tmp_path)
    (tmp_path / "words.tsv").write_text('word\tcomment\n"quoted\tsources say"\n', encoding="utf-8")
    assert read_tsv("words.tsv", tmp_path) == [(2, {"word": '"quoted', "comment": 'sources say"'})]


def test_malformed_row_is_reported_with_file_and_line(tmp_path):
    (tmp_path / "sectors.tsv").write_text("noun\tplural\tsector\n# comment\ntroops\nsoldier\tsoldiers\tMIL\tx\n",
                                          encoding="utf-8")
    with pytest.raises(LexiconError, match=r"sectors.tsv:4"):
        read_tsv("sectors.tsv", tmp_path)
