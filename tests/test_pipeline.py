from types import SimpleNamespace

import pytest
from hypothesis import given, strategies as st

from newsgraph.errors import ModelNotFound, PipelineOrderError, SettingsError
from newsgraph.model import Article, Failure
from newsgraph.pipeline import (Pipeline, load_nlp, marking_the_last, ordered_stages, shared_out, stage,
                                without_numpy_huge_pages)
from newsgraph.settings import Settings


def test_default_stages_are_in_a_valid_order():
    assert [s.name for s in ordered_stages()] == ["sentence_kinds", "entities", "quotes", "events", "event_context",
                                                   "amounts", "tone"]


def test_a_stage_before_what_it_needs_is_refused():
    with pytest.raises(PipelineOrderError, match="quotes.*needs entities"):
        ordered_stages(["quotes", "entities"])


def test_unknown_stage_is_refused():
    with pytest.raises(PipelineOrderError, match="no stage named"):
        ordered_stages(["entities", "sentiment"])


def test_model_name_is_a_setting_and_missing_models_say_how_to_fix():
    with pytest.raises(ModelNotFound, match="not installed"):
        load_nlp("xx_no_such_model")


def test_model_loads_once_per_process():
    assert load_nlp("en_core_web_sm") is load_nlp("en_core_web_sm")


def test_paragraph_breaks_end_sentences():
    doc = load_nlp("en_core_web_sm")('He said "it is over\n\nThe talks resumed on Monday.')
    starts = [s.start_char for s in doc.sents]
    assert doc.text.index("The talks") in starts


def test_a_line_break_after_a_full_stop_ends_a_sentence_but_not_a_wrapped_line():
    text = 'He hopes for “support for schools.”\n“Let’s get back to work,” said Mulgrew.\nPrices rose\nsharply in May.'
    starts = [s.start_char for s in load_nlp("en_core_web_sm")(text).sents]
    assert text.index("“Let’s") in starts and text.index("Prices") in starts
    assert text.index("sharply") not in starts


@pytest.mark.parametrize("text, word", [
    ("But Trump claims that he should be the exception.", "claims"),
    ("The Clinton campaign plans to employ Mr. Obama as much as possible.", "plans"),
])
def test_a_noun_heading_a_clause_with_its_subject_is_retagged_a_verb(text, word):
    token = next(t for t in load_nlp("en_core_web_sm")(text) if t.text == word)
    assert (token.pos_, token.tag_, token.lemma_) == ("VERB", "VBZ", word[:-1])


def test_a_plain_noun_stays_a_noun():
    doc = load_nlp("en_core_web_sm")("The claims of the campaign were false.")
    assert next(t for t in doc if t.text == "claims").pos_ == "NOUN"


def test_a_failing_stage_turns_the_article_into_a_failure_and_the_run_goes_on():
    @stage("explode_on_boom", needs=("doc",), adds=("nothing",))
    def explode(article, lexicons):
        if "boom" in article.text:
            raise ValueError("boom found")
        return article

    results = list(Pipeline(stages=["explode_on_boom"]).run([Article("a boom here"), Article("all quiet")]))
    assert isinstance(results[0], Failure) and results[0].stage == "explode_on_boom"
    assert "boom found" in results[0].reason
    assert isinstance(results[1], Article)


def test_settings_layers_file_env_and_overrides(tmp_path):
    file = tmp_path / "settings.toml"
    file.write_text('[newsgraph]\nbatch_size = 5\ndb = "from-file.duckdb"\n')
    settings = Settings.load(str(file), env={"NEWSGRAPH_DB": "from-env.duckdb", "NEWSGRAPH_RAW_TEXT": "yes"},
                             model="other_model")
    assert (settings.batch_size, settings.db, settings.raw_text, settings.model) == (
        5, "from-env.duckdb", True, "other_model")


def test_settings_reject_unknown_names_and_bad_values():
    with pytest.raises(SettingsError, match="unknown setting"):
        Settings.load(env={}, colour="red")
    with pytest.raises(SettingsError, match="wants an int"):
        Settings.load(env={"NEWSGRAPH_BATCH_SIZE": "many"})


def test_two_workers_give_the_same_output_as_one():
    from newsgraph.model import to_json
    texts = [f'Minister {name} met President Lee in Seoul on Monday. "We agreed," {name} said.' for name in
             ("Ana Silva", "Jon Berg", "Kim Park", "Omar Haddad", "Lea Roth")]
    settings = Settings(batch_size=2)
    one = [to_json(a) for a in Pipeline(settings).run([Article(t) for t in texts], workers=1)]
    two = [to_json(a) for a in Pipeline(settings).run([Article(t) for t in texts], workers=2)]
    assert one == two and len(one) == 5 and all(a["quotes"] for a in one)


def test_workers_start_before_the_first_item_is_read():
    import multiprocessing
    before = len(multiprocessing.active_children())
    seen = []

    def items():
        seen.append(len(multiprocessing.active_children()) - before)  # worker processes running already
        yield Article("Rain fell on Paris.")

    with Pipeline(Settings()).started(2) as analysed:
        results = list(analysed(items()))
    assert seen == [2] and len(results) == 1 and not isinstance(results[0], Failure)


@given(st.lists(st.integers(), max_size=40), st.integers(min_value=1, max_value=8))
def test_the_last_batch_is_shared_out_in_order_in_parts_of_near_equal_size(batch, parts):
    cut = shared_out(batch, parts)
    sizes = [len(part) for part in cut]
    assert sum(cut, []) == batch and len(cut) == min(parts, len(batch)) and all(sizes)
    assert not sizes or max(sizes) - min(sizes) <= 1


def test_a_run_with_workers_sends_its_last_batch_in_parts_and_keeps_the_order():
    from concurrent.futures import Future
    from newsgraph.pipeline import in_order
    sent = []

    class Pool:  # runs nothing: each part comes back as it went
        def submit(self, function, part):
            sent.append(part)
            done = Future()
            done.set_result(part)
            return done

    results = list(in_order(Pool(), iter([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11]]), workers=2))
    assert sent == [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10], [11]] and sum(results, []) == list(range(1, 12))


def test_only_the_last_batch_is_marked_last():
    assert list(marking_the_last(iter(["a", "b", "c"]))) == [("a", False), ("b", False), ("c", True)]
    assert list(marking_the_last(iter([]))) == [] and list(marking_the_last(["a"])) == [("a", True)]


def test_petrarch_dictionaries_are_loaded_on_top_of_the_lexicons():
    from newsgraph.extract.actors import coding as actors
    from tests_support import shared_dictionaries
    folder = shared_dictionaries()
    lexicons = Pipeline(Settings(dictionaries=str(folder)), stages=["entities"]).lexicons
    built_in = Pipeline(Settings(), stages=["entities"]).lexicons
    assert lexicons.dictionaries == str(folder) and built_in.dictionaries == ""
    assert len(actors.known_actor_names(lexicons.actors)) > len(actors.known_actor_names(built_in.actors)) + 1000
    assert len(lexicons.events.verbs) > len(built_in.events.verbs)  # the PETRARCH verb dictionary too
    assert actors.known_actor_names() == actors.known_actor_names(built_in.actors)  # the default: built-in


def test_two_pipelines_with_different_dictionaries_in_one_process_keep_apart():
    """The lexicons are built from each pipeline's settings and handed to its stages: a pipeline with
    dictionaries does not change what one without them finds, before or after it runs (issue 13)."""
    from newsgraph.model import to_json
    from tests_support import shared_dictionaries
    text = ("Taliban fighters attacked a checkpoint in Helmand on Monday, and President Ashraf Ghani "
            "condemned the attack. \"We will respond,\" Ghani said. Mullah Omar spurned the offer.")
    plain = Pipeline(Settings())
    before = to_json(plain.analyse(Article(text)))
    with_dictionaries = to_json(Pipeline(Settings(dictionaries=str(shared_dictionaries()))).analyse(Article(text)))
    after = to_json(plain.analyse(Article(text)))
    again = to_json(Pipeline(Settings()).analyse(Article(text)))
    assert before == after == again
    assert with_dictionaries != before  # the dictionaries do change what is found here


def test_a_missing_dictionaries_folder_is_a_settings_error(tmp_path):
    with pytest.raises(SettingsError, match="does not exist"):
        Pipeline(Settings(dictionaries=str(tmp_path / "nowhere")), stages=["entities"])


def test_lexicons_are_loaded_where_the_stages_run_not_when_the_pipeline_is_made(monkeypatch):
    import newsgraph.pipeline as pipeline_module
    from newsgraph.lexicons import builtin_lexicons
    loads = []
    monkeypatch.setattr(pipeline_module.Lexicons, "from_settings", lambda settings: loads.append(settings) or
                        builtin_lexicons())
    pipeline = Pipeline(Settings(), stages=["entities"])  # as the main process of a run with workers makes it
    assert loads == []
    article = pipeline.analyse(Article("Mark Rutte met Emmanuel Macron in Paris."))
    assert len(loads) == 1 and article.entities
    pipeline.analyse(Article("Macron spoke."))
    assert len(loads) == 1


def test_words_stay_in_the_vocabulary_while_within_budget_and_are_freed_after(monkeypatch):
    import newsgraph.pipeline as pipeline_module
    from newsgraph.model import to_json
    pipeline = Pipeline()
    strings = pipeline.nlp.vocab.strings
    text = ("Quendrith Corp said on Monday that its chief, Anna Quendrithova, met Quendrithian officials in "
            "Geneva. \"We will build quendrithite plants,\" she said.")
    monkeypatch.setattr(pipeline_module, "kept_strings_limit", lambda model: 0)
    freed = pipeline.analyse(Article(id="a1", text=text, source="test"))
    assert "Quendrithian" not in strings and "Quendrithova" not in strings  # made in the zone, freed after it
    monkeypatch.setattr(pipeline_module, "kept_strings_limit", lambda model: len(strings) + 1000)
    kept = pipeline.analyse(Article(id="a1", text=text, source="test"))
    assert "Quendrithian" in strings and "Quendrithova" in strings  # tokenized before the zone: they stay
    assert kept.entities and kept.quotes and kept.events
    assert to_json(freed) == to_json(kept)  # the same analysis either way


def test_numpy_huge_pages_are_turned_off_unless_the_user_chose(monkeypatch):
    from numpy._core.multiarray import _set_madvise_hugepage  # returns the setting it replaces

    monkeypatch.delenv("NUMPY_MADVISE_HUGEPAGE", raising=False)
    _set_madvise_hugepage(True)
    assert without_numpy_huge_pages() is True
    assert _set_madvise_hugepage(True) is False  # it had been turned off
    monkeypatch.setenv("NUMPY_MADVISE_HUGEPAGE", "1")
    assert without_numpy_huge_pages() is False
    assert _set_madvise_hugepage(False) is True  # left as the user's variable has it


def test_loading_the_model_turns_numpy_huge_pages_off_and_keeps_freed_memory(monkeypatch):
    import newsgraph.pipeline as pipeline

    called = []
    monkeypatch.setattr(pipeline, "without_numpy_huge_pages", lambda: called.append("huge pages off"))
    monkeypatch.setattr(pipeline, "keep_freed_memory", lambda: called.append("freed memory kept"))  # heap.py
    monkeypatch.setattr(pipeline, "build_nlp", lambda model: SimpleNamespace(vocab=object()))
    monkeypatch.setattr(pipeline, "_LOADED", {})
    pipeline.load_nlp.__wrapped__("en_core_web_sm")  # not the cached pipeline
    assert called == ["huge pages off", "freed memory kept"]


def test_a_batch_runs_the_garbage_collector_less_often_and_restores_its_thresholds(monkeypatch):
    import gc
    from newsgraph import collector

    seen = []

    @stage("gc_threshold_probe", needs=("doc",), adds=())
    def probe(article, lexicons):
        seen.append(gc.get_threshold()[0])
        return article

    before = gc.get_threshold()
    results = list(Pipeline(Settings(), ["gc_threshold_probe"]).run([Article(id="a", text="Rain fell on Paris.")]))
    assert not isinstance(results[0], Failure)
    assert seen == [collector.BATCH_COLLECTION_THRESHOLD] and gc.get_threshold() == before
    gc.set_threshold(50_000, *before[1:])
    try:
        with collector.rarer_collections():
            assert gc.get_threshold()[0] == 50_000  # a higher threshold of the user's is kept
        gc.set_threshold(0, *before[1:])
        with collector.rarer_collections():
            assert gc.get_threshold()[0] == 0  # a collector turned off by threshold 0 stays off
    finally:
        gc.set_threshold(*before)
