"""Reading inputs: files, folders, stdin, encodings, and bad input as Failures (never exceptions)."""
import io
import sys
import tempfile
from pathlib import Path

from hypothesis import given, settings, strategies as st

from newsgraph.ingest.read import FORMAT_READERS, decode_text, detect_format, read_inputs
from newsgraph.model import Article, Failure

PAGE = "NewsHarbour strike ends after two weeks\n\nHarbour strike ends after two weeks\n\n" \
       "Dock workers returned to work on Monday, the union said.\n\nRelated content\nOther story\n"


def write(path: Path, data) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def only(results) -> object:
    results = list(results)
    assert len(results) == 1, results
    return results[0]


def test_file_becomes_cleaned_article_with_its_path_as_origin(tmp_path):
    path = write(tmp_path / "harbour.txt", PAGE)
    article = only(read_inputs([str(path)]))
    assert isinstance(article, Article)
    assert (article.section, article.title) == ("News", "Harbour strike ends after two weeks")
    assert article.text == "Dock workers returned to work on Monday, the union said."
    assert article.origin == str(path)


def test_raw_text_keeps_the_file_exactly(tmp_path):
    path = write(tmp_path / "harbour.txt", PAGE.replace("\n", "\r\n"))
    article = only(read_inputs([str(path)], raw_text=True))
    assert article.text == PAGE.replace("\n", "\r\n")
    assert (article.section, article.title) == ("News", "Harbour strike ends after two weeks")  # read, text kept


def test_folder_is_read_recursively_sorted_without_hidden_files(tmp_path):
    write(tmp_path / "b.txt", "Second story here.\n")
    write(tmp_path / "a" / "z.txt", "First story here.\n")
    write(tmp_path / ".hidden.txt", "Hidden story.\n")
    write(tmp_path / ".git" / "notes.txt", "Hidden folder story.\n")
    results = list(read_inputs([str(tmp_path)]))
    assert [r.origin for r in results] == [str(tmp_path / "a" / "z.txt"), str(tmp_path / "b.txt")]
    assert [r.text for r in results] == ["First story here.", "Second story here."]


def test_paths_are_read_in_the_order_given(tmp_path):
    first, second = write(tmp_path / "1.txt", "One story.\n"), write(tmp_path / "2.txt", "Two story.\n")
    assert [r.text for r in read_inputs([str(second), str(first)])] == ["Two story.", "One story."]


def test_stdin_is_read_with_its_own_origin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PAGE.encode("utf-8"))))
    article = only(read_inputs(["-"]))
    assert article.origin == "<stdin>" and article.title == "Harbour strike ends after two weeks"


def test_utf8_bom_is_removed(tmp_path):
    path = write(tmp_path / "bom.txt", b"\xef\xbb\xbfStorm hits coast\n\nWaves reached six metres.\n")
    article = only(read_inputs([str(path)]))
    assert article.title == "Storm hits coast" and article.text == "Waves reached six metres."


def test_windows_1252_falls_back(tmp_path):
    path = write(tmp_path / "cp.txt", b"Caf\xe9 owners say \x93no\x94 to the new tax.\n")
    assert only(read_inputs([str(path)])).text == "Café owners say “no” to the new tax."


def test_latin1_and_cp1252_text_decodes():
    assert decode_text(b"Na\xefve caf\xe9 \x93quoted\x94") == "Naïve café “quoted”"


def test_undecodable_bytes_fail_with_a_reason(tmp_path):
    path = write(tmp_path / "broken.txt", b"Ministers met in Oslo \x81\x8d\x90 on Monday and agreed on a plan.")
    failure = only(read_inputs([str(path)]))
    assert isinstance(failure, Failure)
    assert failure.reason.startswith("undecodable bytes") and "0x81" in failure.reason


def test_utf16_with_bom_is_text(tmp_path):
    path = write(tmp_path / "utf16.txt", "Ministers meet in Oslo today.\n".encode("utf-16"))
    assert only(read_inputs([str(path)])).text == "Ministers meet in Oslo today."


def test_binary_files_fail_with_a_reason(tmp_path):
    nul = write(tmp_path / "image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    controls = write(tmp_path / "controls.bin", bytes(range(1, 32)) * 10)
    for path in (nul, controls):
        failure = only(read_inputs([str(path)]))
        assert isinstance(failure, Failure) and failure.path == str(path)
        assert failure.reason.startswith("binary file: ")
    assert "NUL" in only(read_inputs([str(nul)])).reason


def test_empty_and_blank_files_fail(tmp_path):
    for name, data in (("empty.txt", b""), ("blank.txt", b" \n\t\r\n"), ("nbsp.txt", "\u00a0\n".encode("utf-8"))):
        failure = only(read_inputs([str(write(tmp_path / name, data))]))
        assert isinstance(failure, Failure) and failure.reason == "empty file"


def test_only_boilerplate_fails_after_cleaning(tmp_path):
    failure = only(read_inputs([str(write(tmp_path / "ad.txt", "Advertisement\n\nShare this article\n"))]))
    assert isinstance(failure, Failure) and "no article text" in failure.reason


def test_missing_path_and_empty_folder_fail(tmp_path):
    (tmp_path / "empty").mkdir()
    write(tmp_path / "hidden-only" / ".DS_Store", b"x")
    missing, empty, hidden = read_inputs([str(tmp_path / "nope.txt"), str(tmp_path / "empty"),
                                          str(tmp_path / "hidden-only")])
    assert isinstance(missing, Failure) and missing.reason == "no such file or folder"
    for failure in (empty, hidden):
        assert isinstance(failure, Failure) and "no readable file" in failure.reason


def test_a_bad_file_does_not_stop_the_others(tmp_path):
    write(tmp_path / "a.bin", b"\x00\x01\x02")
    write(tmp_path / "b.txt", "A good story.\n")
    kinds = [type(r).__name__ for r in read_inputs([str(tmp_path)])]
    assert kinds == ["Failure", "Article"]


def test_format_dispatch_names_a_registered_reader():
    assert detect_format(b"plain words\n") == "text" and "text" in FORMAT_READERS
    assert detect_format(b"") == "empty file"
    assert detect_format(b"\x00abc").startswith("binary file: ")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000), st.booleans())
def test_any_bytes_give_one_article_or_failure(data, raw_text):
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder) / "input.txt", data)
        result = only(read_inputs([str(path)], raw_text=raw_text))
    assert isinstance(result, (Article, Failure))
    if isinstance(result, Failure):
        assert result.reason and "\n" not in result.reason
    else:
        assert result.text.strip() and result.origin == str(path)
