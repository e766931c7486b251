"""Title-case lines parsed again in sentence case for the quote rules."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.extract.quotes.stage import extract_quotes
from newsgraph.extract.quotes.headlines import parse_sentence_cased_lines, sentence_cased, title_case_lines
from newsgraph.model import Article
from newsgraph.pipeline import load_nlp

HEADLINE = "Conservative Icon Morton Blackwell Endorses Ted Cruz."
BODY = "The activist Morton Blackwell said on Monday that Ted Cruz was the best choice for the party."


@pytest.fixture(scope="module")
def nlp():
    return load_nlp("en_core_web_sm")


def test_title_case_lines_are_the_mostly_capitalised_ones():
    text = f"{HEADLINE}\n\n{BODY}\n"
    assert title_case_lines(text) == [(0, len(HEADLINE))]


def test_sentence_case_keeps_the_first_word_and_the_names_of_the_article():
    assert sentence_cased(HEADLINE, 0, len(HEADLINE), {"Morton", "Blackwell", "Ted", "Cruz"}) == (
        "Conservative icon Morton Blackwell endorses Ted Cruz.")


def test_the_lines_doc_keeps_every_character_offset(nlp):
    text = f"{HEADLINE}\n\n{BODY}\n"
    lines = parse_sentence_cased_lines(text, nlp)
    assert lines is not None and len(lines.doc.text) == len(text) and lines.lines == [(0, len(HEADLINE))]
    endorses = next(t for t in lines.doc if t.lower_ == "endorses")
    assert endorses.pos_ == "VERB" and text[endorses.idx: endorses.idx + len(endorses)] == "Endorses"
    assert lines.holds(endorses.idx) and not lines.holds(len(HEADLINE) + 5)


def test_headline_attribution_is_found_with_the_articles_characters(nlp):
    text = f"{HEADLINE}\n\n{BODY}\n"
    article = Article(text)
    article.doc = nlp(text)
    quotes = extract_quotes(article).quotes
    headline = [q for q in quotes if q.cue.span[1] <= len(HEADLINE)]
    assert [(q.cue.text, q.text) for q in headline] == [("Endorses", "Ted Cruz")]


def test_a_text_without_title_case_lines_needs_no_second_parse(nlp):
    assert parse_sentence_cased_lines(BODY, nlp) is None


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(["Trump", "Says", "The", "Deal", "Is", "Dead", "İstanbul", "ǅ", "\n", ".", "“"]),
                max_size=20))
def test_any_line_mix_keeps_the_text_length(words):
    nlp = load_nlp("en_core_web_sm")
    text = " ".join(words)
    lines = parse_sentence_cased_lines(text, nlp)
    assert lines is None or len(lines.doc.text) == len(text)
