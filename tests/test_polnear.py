"""Quotes against PolNeAR dev: the scorer on a hand-made annotation, and accuracy floors.

The floors are the dev figures measured when the quotes stage was tuned on train (docs/quotes.md)
minus 0.03. The full dev split (84 articles) takes about a minute; the test skips when
../shared/gold/polnear is absent."""
from __future__ import annotations

import pytest

from newsgraph.evaluate.polnear import (Attribution, GoldArticle, PolnearReport, Tokens, format_report,
                                        pair, read_annotation, role_matches, score_article, to_tokens)
from newsgraph.model import Cue, Quote, Speaker

from conftest import shared_path

FLOORS = {  # (mode, role): measured on dev - 0.03
    ("exact", "source"): 0.72, ("exact", "cue"): 0.66, ("exact", "content"): 0.56,
    ("overlap", "source"): 0.75, ("overlap", "cue"): 0.72, ("overlap", "content"): 0.75,
}
TEXT = "Smith said that the war will end soon. Jones agreed."
ANNOTATION = ("T1\tSource 0 5\tSmith\nT2\tCue 6 10\tsaid\nT3\tContent 11 37\tthat the war will end soon\n"
              "T4\tAttribution 6 10\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
              "T5\tCue 45 51\tagreed\nT6\tContent 11 20;21 37\tthat the war will end soon\n"
              "E2\tAttribution-no-source:T7 Cue:T5 Content2:T6\n")


def quote(content, cue, source) -> Quote:
    return Quote("q1", "indirect", TEXT[slice(*content)], content, Speaker(None, "x", source),
                 Cue(TEXT[slice(*cue)], "say", cue), mentions=[content])


def test_annotation_roles_fragments_and_no_source():
    first, second = read_annotation(ANNOTATION)
    assert (first.source, first.cue, first.content) == ([(0, 5)], [(6, 10)], [(11, 37)])
    assert (second.source, second.content) == ([], [(11, 20), (21, 37)])


def test_tokens_are_words_without_punctuation():
    tokens = Tokens("“Hello, world.” he said.")
    assert tokens.of([(0, 15)]) == {0, 1} and tokens.of([(16, 23)]) == {2, 3}


@pytest.mark.parametrize("predicted, gold, exact, overlap", [
    ({1, 2, 3}, {1, 2, 3}, True, True),
    ({2, 3}, {1, 2, 3}, False, True),  # 2 of 3 gold tokens
    ({3, 9}, {1, 2, 3}, False, False),  # 1 of 3
    (set(), {1}, False, False),
])
def test_role_matches(predicted, gold, exact, overlap):
    assert role_matches(frozenset(predicted), frozenset(gold), "exact") is exact
    assert role_matches(frozenset(predicted), frozenset(gold), "overlap") is overlap


def test_scoring_pairs_one_to_one_and_counts_each_role():
    gold = GoldArticle("t", TEXT, read_annotation(ANNOTATION)[:1])
    report = PolnearReport("t")
    without_that = quote((16, 37), (6, 10), (0, 5))  # content lacks "that": overlap yes, exact no
    stray = quote((39, 44), (45, 51), (39, 44))
    score_article(report, gold, [without_that, stray])
    assert (report.gold, report.predicted, report.paired) == (1, 2, 1)
    assert report.scores[("exact", "source")].tp == 1 and report.scores[("exact", "content")].tp == 0
    assert report.scores[("overlap", "content")].tp == 1
    assert report.scores[("overlap", "cue")].precision == 0.5 and report.scores[("overlap", "cue")].recall == 1.0
    assert "false attribution" in format_report(report)


def test_pairing_is_greedy_by_shared_tokens():
    tokens = Tokens(TEXT)
    gold = [to_tokens(Attribution(cue=[(6, 10)], content=[(11, 37)]), tokens)]
    predicted = [to_tokens(Attribution(cue=[(45, 51)], content=[(21, 37)]), tokens),
                 to_tokens(Attribution(cue=[(6, 10)], content=[(11, 37)]), tokens)]
    assert pair(predicted, gold) == [(1, 0)]


@pytest.fixture(scope="module")
def dev_report():
    from newsgraph.evaluate.polnear import evaluate_polnear

    return evaluate_polnear(str(shared_path("gold/polnear")), "dev")


@pytest.mark.parametrize("mode, role", sorted(FLOORS))
def test_polnear_dev_floors(dev_report, mode, role):
    assert dev_report.failures == 0 and dev_report.articles == 84
    assert dev_report.f1(mode, role) >= FLOORS[(mode, role)], format_report(dev_report)
