"""Issue 15, item 4: tone in GDELT's V1.5TONE form, from the VADER lexicon and tone_words.tsv."""
from __future__ import annotations

import pytest

from newsgraph.extract.tone import tone_of_words
from newsgraph.lexicons import builtin_lexicons
from newsgraph.model import Article, Tone, article_from_json, to_json
from newsgraph.store import Store

TEXT = "We attacked the bad enemy and our good friends helped."


def test_tone_of_known_words():
    words = [("we", "PRON"), ("attacked", "VERB"), ("the", "DET"), ("bad", "ADJ"), ("enemy", "NOUN"),
             ("and", "CCONJ"), ("our", "PRON"), ("good", "ADJ"), ("friends", "NOUN"), ("helped", "VERB")]
    # VADER: attacked -2.0, bad -2.5, enemy -2.5 negative; good 1.9, friends 2.1 positive; "helped" is not in it
    assert tone_of_words(words, builtin_lexicons().tone) == Tone(
        tone=-10.0, positive=20.0, negative=30.0, polarity=50.0, activity_density=20.0, self_group_density=20.0,
        word_count=10)


def test_no_words_give_zero_percentages_not_a_division_error():
    assert tone_of_words([], builtin_lexicons().tone) == Tone(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0)


def test_the_stage_scores_the_parsed_text_and_the_store_keeps_it(pipeline):
    article = pipeline.analyse(Article(TEXT, published="2025-06-02"))
    tone = article.tone
    assert tone.word_count == 10  # the full stop is not a word
    assert (tone.positive, tone.negative, tone.tone) == (20.0, 30.0, -10.0)
    assert tone.activity_density == 20.0  # "attacked" and "helped" are tagged VERB
    assert tone.self_group_density == 20.0
    assert article_from_json(to_json(article)).tone == tone
    with Store() as store:
        store.save(article)
        assert store.load_article(article.id).tone == tone
        row = store.connection.execute("SELECT * FROM article_tone").fetchall()
        assert row == [(article.id, -10.0, 20.0, 30.0, 50.0, 20.0, 20.0, 10)]
        columns = [r[0] for r in store.connection.execute("DESCRIBE article_tone").fetchall()]
    assert columns == ["article_id", "tone", "positive", "negative", "polarity", "activity_density",
                       "self_group_density", "word_count"]


@pytest.mark.parametrize("name", ["self_group", "activity_pos"])
def test_the_tone_words_file_has_both_kinds(name):
    assert getattr(builtin_lexicons().tone, name)


def test_the_card_shows_the_tone(pipeline):
    from rich.console import Console

    from newsgraph.cards import article_card
    console = Console(record=True, width=200)
    console.print(article_card(pipeline.analyse(Article(TEXT))))
    assert "tone -10.0 (positive 20.0%, negative 30.0%)" in console.export_text()
