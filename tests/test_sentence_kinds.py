"""The sentence kinds stage: captions, links, bylines, boilerplate and headings are recorded as not
body, with offsets and the rule that decided; quotes never come from them."""
from newsgraph.evaluate.event_corpus import GoldArticle, GoldEvent, GoldSentence, SourceRecord
from newsgraph.evaluate.sentence_kinds import KindScores, score_article
from newsgraph.extract.sentence_kinds import is_body, non_body_at, paragraph_spans
from newsgraph.model import Article, NonBodySentence, article_from_json, to_json

SCRAPE = """OSLO (Reuters) - Norway's foreign minister said on Monday that talks with Sweden on fishing quotas would resume next week.

A trawler unloads its catch in the harbour of Tromso. (Photo: Kari Nordmann/AP)

Read more: Fishermen fear a long dispute over northern waters

New quotas for the coming season

The minister told parliament that both sides wanted a deal before the winter.

Sign up for our daily newsletter

Ola Hansen contributed to this report."""


def kinds_of(article: Article) -> list[tuple[str, str]]:
    return [(s.kind, article.text[slice(*s.span)]) for s in article.non_body]


def analysed(pipeline, text: str, **fields) -> Article:
    return pipeline.analyse(Article(text, **fields))


def test_each_kind_of_scraped_furniture_is_recorded_with_its_rule(pipeline):
    article = analysed(pipeline, SCRAPE, published="2025-03-03")
    assert kinds_of(article) == [
        ("caption", "A trawler unloads its catch in the harbour of Tromso."),
        ("caption", "(Photo: Kari Nordmann/AP)"),
        ("link", "Read more: Fishermen fear a long dispute over northern waters"),
        ("headline", "New quotas for the coming season"),
        ("boilerplate", "Sign up for our daily newsletter"),
        ("byline", "Ola Hansen contributed to this report."),
    ]
    rules = {article.text[slice(*s.span)]: s.rule for s in article.non_body}
    assert rules["New quotas for the coming season"] == "unpunctuated-line"
    assert rules["A trawler unloads its catch in the harbour of Tromso."].endswith("+paragraph")
    assert rules["(Photo: Kari Nordmann/AP)"].startswith("sentence_kinds.tsv:")
    assert all(s.evidence for s in article.non_body)


def test_a_dateline_glued_to_its_sentence_is_body_and_alone_is_a_byline(pipeline):
    assert is_body(analysed(pipeline, SCRAPE), 0)
    article = analysed(pipeline, "KABUL (AFP) -\n\nThe two delegations met again in Doha on Tuesday.")
    assert kinds_of(article) == [("byline", "KABUL (AFP) -")]


def test_body_sentences_that_look_like_headings_stay_body(pipeline):
    text = ("Chancellor Olaf Scholz Rejected The Offer.\n\n"  # capitalised, but a sentence with its stop
            "Some examples:\n\n"  # a colon ends it
            "The ministry said the embargo would stay in place until further notice.")
    assert analysed(pipeline, text).non_body == []


def test_an_embedded_post_keeps_its_text_and_drops_its_signature(pipeline):
    text = ("The senator answered within minutes.\n\n"
            "We will block this bill — Jane Roe (@janeroe) May 4, 2021\n\n"
            "— Jane Roe (@janeroe) May 4, 2021")
    article = analysed(pipeline, text)
    signature = text.rindex("—")
    assert {kind for kind, _ in kinds_of(article)} == {"byline"}  # the parser may split it in two
    assert (article.non_body[0].span[0], article.non_body[-1].span[1]) == (signature, len(text))
    assert is_body(article, text.index("We will block"))


def test_no_quote_comes_from_a_caption_or_a_link_but_the_body_keeps_its_own(pipeline):
    text = ("Fishermen protest in the port. \"We will never give up our waters,\" one of them said. "
            "(Photo: Kari Nordmann/AP)\n\n"
            "RELATED: Minister says the talks will go on\n\n"
            "\"The talks will go on,\" the minister told reporters in Oslo on Monday.")
    article = analysed(pipeline, text, published="2025-03-03")
    assert [q.text for q in article.quotes] == ["The talks will go on"]
    assert all(is_body(article, q.span[0]) for q in article.quotes)


def test_is_body_and_non_body_at_read_the_recorded_spans():
    article = Article("Caption here. Body here.", non_body=[NonBodySentence((0, 13), "caption", "r", "e")])
    assert not is_body(article, 0) and not is_body(article, 12) and is_body(article, 13) and is_body(article, 14)
    assert non_body_at(article, 10, 20).kind == "caption" and non_body_at(article, 14, 20) is None
    assert is_body(Article("Nothing classified yet."), 0)  # before the stage runs, all is body


def test_non_body_round_trips_through_json():
    article = Article("Photo: AP. Text.", non_body=[NonBodySentence((0, 10), "caption", "sentence_kinds.tsv:9", "Photo:")])
    assert article_from_json(to_json(article)).non_body == article.non_body


def test_paragraphs_are_runs_of_lines_between_blank_lines():
    text = "  First line\nstill first.\n \nSecond.\n\n\nThird "
    assert [text[s:e] for s, e in paragraph_spans(text)] == ["First line\nstill first.", "Second.", "Third"]


def test_the_scorer_counts_dropped_body_sentences_and_their_events():
    text = "Photo: AP. Rebels attacked the base. Sign up now."
    gold_event = GoldEvent((11, 24), "ASSAULT", "190", [], [], False, "asserted", False)
    gold = GoldArticle("x", SourceRecord("c", "f", "k"), "train", "", [
        GoldSentence((0, 10), "caption"), GoldSentence((11, 36), "body", [gold_event]),
        GoldSentence((37, 49), "boilerplate")], text=text)
    scores = KindScores()
    score_article(scores, gold, [NonBodySentence((0, 10), "caption", "r"), NonBodySentence((11, 36), "headline", "r")])
    assert (scores.precision, scores.recall) == (0.5, 0.5)
    assert (scores.dropped_body, scores.dropped_with_events, scores.dropped_events) == (1, 1, 1)
    assert scores.found == {"caption": 1, "boilerplate": 0} and scores.right_kind["caption"] == 1
