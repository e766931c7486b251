"""Issue 15, item 1: near-duplicate fingerprints kept in the store, so a run starts without reading or
hashing the stored texts; stores written before them get them computed once."""
from pathlib import Path

import duckdb
import numpy as np
import pytest

from test_dedup import BOILERPLATE, OTHER_STORY, STORY, THIRD_STORY, article, edited_copy
from test_runs import STORE_V6, analyse_into, import_store_v5

from newsgraph.screen import Screen, preload_deduplicator
from newsgraph.ingest.dedup import Deduplicator
from newsgraph.settings import Settings
from newsgraph.store import Store

EXAMPLE = Path(__file__).resolve().parents[1] / "newsgraph" / "examples" / "nato-rutte-russia.txt"
HEADLINE = "Shares rose sharply in early trading."


def stored_copy(deduplicator: Deduplicator, text: str):
    """The fingerprint of ``text`` as it comes back from the store's bytes."""
    fingerprint = Deduplicator().fingerprint(text)
    return None if fingerprint is None else deduplicator.stored_fingerprint(*fingerprint.to_bytes())


def test_fingerprints_round_trip_through_bytes():
    fingerprint = Deduplicator().fingerprint(STORY)
    back = Deduplicator().stored_fingerprint(*fingerprint.to_bytes())
    assert np.array_equal(back.shingles, fingerprint.shingles) and back.shingles.dtype == fingerprint.shingles.dtype
    assert np.array_equal(back.signature, fingerprint.signature) and back.signature.dtype == fingerprint.signature.dtype
    assert len(fingerprint.to_bytes()[0]) == 4 * 128 and len(fingerprint.to_bytes()[1]) == 4 * len(fingerprint.shingles)


def test_a_deduplicator_loaded_from_stored_fingerprints_gives_the_same_results_as_from_texts():
    known = [("s1", STORY, "Reuters"), ("s2", OTHER_STORY + BOILERPLATE, "AP"), ("s3", edited_copy(), "AP"),
             (article(HEADLINE).id, HEADLINE, None), ("s5", THIRD_STORY, "BBC")]
    from_texts, from_store = Deduplicator(threshold=0.5), Deduplicator(threshold=0.5)
    assert [from_texts.add_known(*item) for item in known] == [
        from_store.add_fingerprint(article_id, stored_copy(from_store, text), source) for article_id, text, source in known]
    new = [STORY.replace(",", ";"), HEADLINE.upper(), THIRD_STORY + BOILERPLATE, OTHER_STORY, "Something else entirely."]
    found = [from_store.check(article(t, "X")) for t in new]
    assert [from_texts.check(article(t, "X")) for t in new] == found
    assert [(f.canonical_id, f.kind) if f else None for f in found] == [("s1", "near"), (article(HEADLINE).id, "exact"),
                                                                       ("s5", "near"), ("s2", "near"), None]
    assert from_texts.story_counts() == from_store.story_counts()
    assert from_store.story_counts()["s1"] == (3, 3)  # s3 and the copy with semicolons joined it


def test_a_second_run_finds_near_duplicates_without_reading_any_stored_text(tmp_path, monkeypatch):
    (tmp_path / "first.txt").write_text(EXAMPLE.read_text())
    copy = tmp_path / "copy.txt"
    copy.write_text(EXAMPLE.read_text().replace("step by step", "gradually", 1))
    with Store(str(tmp_path / "s.duckdb")) as store:
        first = analyse_into(store, [tmp_path / "first.txt"])
        (stored,) = store.article_ids()
        scheme = Deduplicator().scheme
        assert first.stored == 1 and store.connection.execute(
            "select article_id, scheme, octet_length(signature) from fingerprints").fetchall() == [(stored, scheme, 512)]
        store.connection.execute("UPDATE articles SET text = ''")  # the texts cannot be read for deduplication
        monkeypatch.setattr(Store, "texts", lambda self, ids: pytest.fail("a stored text was read"))
        second = analyse_into(store, [copy])
        assert (second.stored, second.duplicates) == (0, 1)
        (duplicate,) = store.duplicates()
        assert duplicate.canonical_id == stored and duplicate.kind == "near" and duplicate.similarity > 0.9


def test_a_store_written_before_fingerprints_gets_them_once_with_the_same_dedup_results(tmp_path, monkeypatch):
    path = tmp_path / "v6.duckdb"
    import_store_v5(path, STORE_V6)
    with Store(str(path)) as store:
        scheme = Deduplicator().scheme
        ids = store.article_ids()
        assert len(ids) >= 2 and store.ids_without_fingerprint(scheme) == ids and store.counts()["fingerprints"] == 0
        from_texts = Deduplicator()
        for article_id, text in store.texts(ids):
            from_texts.add_known(article_id, text, store.connection.execute(
                "select source from articles where id = ?", [article_id]).fetchone()[0])
        first = Screen(Settings(), store).dedup  # computes and saves the missing fingerprints
        assert store.ids_without_fingerprint(scheme) == [] and store.counts()["fingerprints"] == len(ids)
        monkeypatch.setattr(Store, "texts", lambda self, ids: pytest.fail("a stored text was read"))
        again = Screen(Settings(), store).dedup
    assert first.story_counts() == again.story_counts() == from_texts.story_counts()


def test_fingerprints_of_another_scheme_are_not_used(tmp_path):
    with Store() as store:
        store.save(article(STORY, "Reuters"))
        store.save_fingerprints([(article(STORY).id, "another-scheme", b"\x00" * 8, b"\x00" * 8)])
        deduplicator = Deduplicator(stored_shingles=store.stored_shingles)
        preload_deduplicator(deduplicator, store)
        assert store.connection.execute("select count(*) from fingerprints").fetchone()[0] == 2
        found = deduplicator.check(article(edited_copy()))
        assert found is not None and found.canonical_id == article(STORY).id and found.kind == "near"


def test_a_stored_article_s_shingles_are_read_back_when_it_is_a_candidate_not_kept():
    kept, reads = {}, []

    def stored_shingles(article_id, scheme):
        reads.append((article_id, scheme))
        return kept.get(article_id)

    reading, keeping = Deduplicator(stored_shingles=stored_shingles), Deduplicator()
    assert reading.add_known("s1", STORY, "Reuters") is None and keeping.add_known("s1", STORY, "Reuters") is None
    same = [dedup.check(article(STORY.replace(",", ";"))) for dedup in (reading, keeping)]
    assert same[0] == same[1] is not None and reads == []  # not stored yet: kept
    kept["s1"] = reading.fingerprint(STORY).to_bytes()[1]
    reading.shingles_stored(["s1"])
    keeping.shingles_stored(["s1"])  # no store to read from: nothing changes
    found = reading.check(article(edited_copy(), "AP"))
    assert reads == [("s1", reading.scheme)]
    assert found == keeping.check(article(edited_copy(), "AP")) and found.kind == "near"
    assert reading.story_counts() == keeping.story_counts()


def test_a_run_keeps_no_shingles_of_what_it_stored_and_screens_against_the_store(tmp_path, monkeypatch):
    import newsgraph.screen
    made = []

    class Recorded(Deduplicator):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(newsgraph.screen, "Deduplicator", Recorded)
    for name, text in (("first.txt", EXAMPLE.read_text()), ("other.txt", STORY),
                       ("copy.txt", EXAMPLE.read_text().replace("step by step", "gradually", 1))):
        (tmp_path / name).write_text(text)
    with Store(str(tmp_path / "s.duckdb")) as store:
        first = analyse_into(store, [tmp_path / "first.txt", tmp_path / "other.txt"], batch_size=1, write_batch=1)
        assert first.stored == 2 and [story.shingles for story in made[0]._stories.values()] == [None, None]
        second = analyse_into(store, [tmp_path / "copy.txt"])
        assert (second.stored, second.duplicates) == (0, 1) and store.duplicates()[0].kind == "near"
