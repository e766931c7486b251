"""The strict event scorer and the event corpus's label checker."""
from newsgraph.evaluate.event_corpus import check_label_lines, find_words
from newsgraph.evaluate.event_scoring import EventScores, ScoredEvent, full_code, pair_sentence, score_article


def event(start, end, category, sources=(), targets=(), modality="asserted", negated=False):
    return ScoredEvent((start, end), category, frozenset(sources), frozenset(targets), modality, negated)


def test_pairs_by_the_predicted_trigger_then_by_category():
    gold = [event(0, 5, "ACCUSE"), event(10, 15, "CONSULT")]
    predicted = [event(11, 13, "AGREE"), event(30, 35, "ACCUSE")]
    pairs = pair_sentence(gold, predicted)
    assert [(g.category, p.category) for g, p in pairs] == [("CONSULT", "AGREE"), ("ACCUSE", "ACCUSE")]


def test_a_prediction_with_another_trigger_and_category_is_a_miss_and_a_false_positive():
    scores = EventScores()
    score_article(scores, [(0, 50)], [[event(0, 5, "ACCUSE", {"USA GOV"})]], [event(20, 25, "ASSAULT", {"USA GOV"})])
    assert (scores.found.tp, scores.found.predicted, scores.found.gold) == (0, 1, 1)


def test_triples_need_country_and_sector_both_right():
    scores = EventScores()
    gold = [[event(0, 5, "ACCUSE", {"USA LEG"}, {"USA GOV"})]]
    score_article(scores, [(0, 50)], gold, [event(0, 5, "ACCUSE", {"USA"}, {"USA GOV"})])
    assert scores.found.tp == 1 and scores.triples.tp == 0
    score_article(scores, [(0, 50)], gold, [event(0, 5, "ACCUSE", {"USA LEG"}, {"USA GOV"})])
    assert scores.triples.tp == 1


def test_predictions_outside_every_sentence_count_as_false_positives():
    scores = EventScores()
    score_article(scores, [(0, 10)], [[]], [event(40, 45, "ACCUSE")])
    assert (scores.found.predicted, scores.found.tp) == (1, 0)


def test_listed_keeps_asserted_events_and_refusals():
    assert event(0, 1, "REJECT", negated=True).listed
    assert not event(0, 1, "ASSAULT", negated=True).listed
    assert not event(0, 1, "ASSAULT", modality="intended").listed


def test_full_code_writes_a_sector_equal_to_its_code_once():
    assert full_code("MED", "MED") == "MED" and full_code("RUS", "GOV") == "RUS GOV" and full_code(None, None) is None


def test_find_words_matches_white_space_loosely_and_counts_occurrences():
    assert find_words("the  talks\nand the talks", "the talks", 2) == (15, 24)
    assert find_words("no such words", "talks") is None


def test_label_checker_reports_missing_sentences_bad_spans_and_events_in_captions():
    sentences = ["Russia criticised NATO.", "Photo: AP"]
    good = ['{"s": 1, "kind": "body", "events": [{"trigger": "criticised", "category": "ACCUSE", "cameo": "111", '
            '"source": [{"text": "Russia", "code": "RUS", "sector": null}], "target": [{"text": "NATO", "code": "IGO", '
            '"sector": null}], "negated": false, "modality": "asserted", "reported": false}]}',
            '{"s": 2, "kind": "caption", "events": []}']
    assert check_label_lines(good, sentences) == []
    problems = check_label_lines([good[0].replace('"NATO"', '"Nato"')], sentences)
    assert any("'Nato' is not in the sentence" in p for p in problems)
    assert any("without a label line: [2]" in p for p in problems)
    caption_event = good[0].replace('"s": 1, "kind": "body"', '"s": 2, "kind": "caption"')
    assert any("only body sentences" in p for p in check_label_lines([good[0], caption_event], sentences))


def test_strict_speaker_matching_wants_the_whole_name_and_the_same_kind_of_anonymous_source():
    from newsgraph.evaluate.speakers import GoldQuote, speaker_matches_strictly
    from newsgraph.model import Speaker

    named = GoldQuote("a", 0, 5, "x", "Frederica Wilson", "person")
    assert speaker_matches_strictly(named, Speaker(name="Rep. Frederica Wilson")) is True  # a leading title is no part of the name
    assert speaker_matches_strictly(named, Speaker(name="frederica wilson")) is True
    assert speaker_matches_strictly(named, Speaker(name="Wilson")) is False
    anonymous = GoldQuote("a", 0, 5, "x", "ANONYMOUS: senior White House officials", "anonymous")
    assert speaker_matches_strictly(anonymous, Speaker(name="an official", anonymous=True)) is True
    assert speaker_matches_strictly(anonymous, Speaker(name="a source", anonymous=True)) is False
