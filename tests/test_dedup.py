"""Duplicate detection: exact and near copies, boilerplate, determinism, counts, short texts, Reuters."""
import json
import os
import random
import subprocess
import sys
from collections import Counter, defaultdict

from conftest import shared_path
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.ingest.dedup import MIN_SHINGLES, Deduplicator, DuplicateOf, StoryCount, shingle_jaccard
from newsgraph.model import Article, normalise_text

STORY = """BRUSSELS, June 3 - NATO defence ministers agreed on Thursday to raise the alliance's target for
military spending, after two days of talks in which several eastern members pressed for faster action.
The new goal asks every member to spend at least three percent of its economic output on defence by the
end of the decade, up from the two percent agreed more than ten years ago. Officials said the decision
followed months of negotiation and a series of reports warning that stocks of ammunition had fallen to
dangerous levels across Europe. Poland and the Baltic states, which already exceed the old target, had
argued for an even higher figure, while some southern members asked for more time to adjust their budgets.
The secretary general told reporters that the agreement showed the alliance remained united and able to
take hard decisions together. He said ministers had also approved plans to expand air defence production
and to share the cost of new training centres in the east. Diplomats said the leaders would endorse the
plan at their summit next month, where they are also expected to discuss support for Ukraine and the
future of arms control talks with Moscow. Critics in several parliaments said the new target would be hard
to meet without cuts to other spending, and opposition parties in at least two countries promised a vote."""

OTHER_STORY = """Heavy rain flooded large parts of the river valley overnight, forcing hundreds of families to leave
their homes and closing the main railway line between the two largest cities of the region. Emergency
services said boats had been used to reach villages cut off by the water, and that no deaths had been
reported so far. The regional governor declared a state of emergency and asked the army for help with
sandbags and pumps, while forecasters warned that more rain was expected over the weekend."""

THIRD_STORY = """Shares in the country's largest carmaker fell sharply after the company cut its profit forecast for
the year, blaming weaker demand in China and the rising cost of batteries for its electric models. The
chief executive said the group would delay two new factories and review its investment plans, but would
not cut jobs. Analysts said the warning was the third this year and questioned whether the targets set
for the electric range could still be met."""

BOILERPLATE = """Subscribe to our daily newsletter for the latest headlines, analysis and opinion delivered to your
inbox every morning. Follow us on social media and share this article with your friends. Copyright
2024 The Daily Example Media Group. All rights reserved. This material may not be published, broadcast,
rewritten or redistributed without permission."""


def article(text, source=None):
    return Article(text=text, source=source)


def edited_copy():
    """The story with a new dateline and one sentence rewritten, as a second agency would send it."""
    text = STORY.replace("BRUSSELS, June 3 -", "BRUSSELS (Reuters) -")
    return text.replace("Officials said the decision followed months of negotiation",
                        "The decision came after a long and sometimes bitter negotiation, officials said,")


def every_nth_word_changed(text: str, n: int) -> str:
    return " ".join(word if i % n else "CHANGED" for i, word in enumerate(text.split()))


def test_exact_copy_links_to_the_first_article():
    deduplicator = Deduplicator()
    first = article(STORY)
    assert deduplicator.check(first) is None
    copy = article("  " + STORY.upper().replace("\n", " \n  ") + "\n")
    assert deduplicator.check(copy) == DuplicateOf(first.id, "exact", 1.0)


def test_edited_copy_is_a_near_duplicate_of_the_original():
    deduplicator = Deduplicator()
    original = article(STORY)
    deduplicator.check(original)
    found = deduplicator.check(article(edited_copy()))
    assert found is not None and found.kind == "near" and found.canonical_id == original.id
    assert found.similarity == shingle_jaccard(STORY, edited_copy())
    assert 0.8 <= found.similarity < 1.0


def test_different_stories_sharing_boilerplate_are_not_merged():
    deduplicator = Deduplicator()
    assert deduplicator.check(article(OTHER_STORY + "\n" + BOILERPLATE)) is None
    assert deduplicator.check(article(THIRD_STORY + "\n" + BOILERPLATE)) is None
    assert len(deduplicator.story_counts()) == 2


def test_threshold_decides_whether_a_copy_is_merged():
    variant = every_nth_word_changed(STORY, 20)  # shingle Jaccard 0.60
    for threshold, merged in ((0.5, True), (0.7, False)):
        deduplicator = Deduplicator(threshold=threshold)
        deduplicator.check(article(STORY))
        assert (deduplicator.check(article(variant)) is not None) is merged


def test_candidates_below_the_threshold_are_not_merged():
    for n in range(26, 46, 2):  # shingle Jaccard 0.69 to 0.79: some are proposed by the index
        variant = every_nth_word_changed(STORY, n)
        assert shingle_jaccard(STORY, variant) < 0.8
        deduplicator = Deduplicator(threshold=0.8)
        deduplicator.check(article(STORY))
        assert deduplicator.check(article(variant)) is None, n


def test_copies_well_above_the_threshold_are_nearly_all_found():
    """100 copies with three words changed (shingle Jaccard 0.87 to 0.94): the index must propose them."""
    rng = random.Random(7)
    deduplicator = Deduplicator(threshold=0.8)
    deduplicator.check(article(STORY))
    found = 0
    for _ in range(100):
        words = STORY.split()
        for position in rng.sample(range(len(words)), 3):
            words[position] = "changed"
        result = deduplicator.check(article(" ".join(words)))
        found += result is not None and result.canonical_id == article(STORY).id
    assert found == 100  # datasketch's default LSH parameters find only 80


def test_the_most_similar_canonical_article_wins():
    deduplicator = Deduplicator(threshold=0.5)
    shortened = STORY.rsplit(".", 3)[0] + "."
    deduplicator.check(article(shortened))
    deduplicator.check(article(OTHER_STORY))
    original = article(STORY)
    found = deduplicator.check(original)
    assert found is not None and found.canonical_id == article(shortened).id


def test_story_counts_articles_and_distinct_sources():
    deduplicator = Deduplicator()
    original = article(STORY, "Reuters")
    for item in (original, article(STORY, "Reuters"), article(edited_copy(), "AP"), article(STORY),
                 article(OTHER_STORY, "AP")):
        deduplicator.check(item)
    counts = deduplicator.story_counts()
    assert counts[original.id] == StoryCount(articles=4, sources=2)
    assert counts[article(OTHER_STORY).id] == (1, 1)


def test_exact_copy_of_a_near_duplicate_joins_the_canonical_story():
    deduplicator = Deduplicator()
    original = article(STORY)
    deduplicator.check(original)
    deduplicator.check(article(edited_copy()))
    found = deduplicator.check(article(edited_copy()))
    assert found is not None and found.canonical_id == original.id and found.kind == "near"
    assert deduplicator.story_counts() == {original.id: (3, 0)}


def test_short_texts_match_only_exactly():
    deduplicator = Deduplicator()
    headline = "Shares rose sharply in early trading."
    assert len(headline.split()) < 5 + MIN_SHINGLES
    assert deduplicator.check(article(headline)) is None
    assert deduplicator.check(article(headline.upper())) == DuplicateOf(article(headline).id, "exact", 1.0)
    assert deduplicator.check(article(headline.replace(".", "!"))) is None


def test_same_words_with_other_punctuation_is_a_near_duplicate_when_long_enough():
    deduplicator = Deduplicator()
    deduplicator.check(article(STORY))
    found = deduplicator.check(article(STORY.replace(",", ";")))
    assert found == DuplicateOf(article(STORY).id, "near", 1.0)


def test_preloaded_articles_keep_linking():
    deduplicator = Deduplicator()
    assert deduplicator.add_known("stored-1", STORY, "Reuters") is None
    assert deduplicator.add_known("stored-2", edited_copy(), "AP").canonical_id == "stored-1"
    assert deduplicator.check(article(edited_copy(), "BBC")).canonical_id == "stored-1"
    assert deduplicator.story_counts()["stored-1"] == (3, 3)


def run_sequence() -> list:
    texts = [STORY, OTHER_STORY, edited_copy(), THIRD_STORY + BOILERPLATE, STORY, OTHER_STORY.upper()]
    deduplicator = Deduplicator(threshold=0.5)
    return [deduplicator.check(article(text)) for text in texts]


def test_results_are_the_same_in_every_run():
    assert run_sequence() == run_sequence()


def test_results_do_not_depend_on_the_process_hash_seed():
    code = "import test_dedup; print(repr(test_dedup.run_sequence()))"
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed,
               "PYTHONPATH": os.pathsep.join([os.path.dirname(__file__), *sys.path])}
        outputs.add(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                   check=True).stdout)
    assert len(outputs) == 1 and "near" in outputs.pop()


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(st.text(st.characters(blacklist_categories=["Cs"]), max_size=400), max_size=6))
def test_check_never_raises_and_always_points_to_a_story(texts):
    deduplicator = Deduplicator()
    for text in texts:
        found = deduplicator.check(article(text, source=text[:3] or None))
        assert found is None or found.canonical_id in deduplicator.story_counts()
    assert sum(count.articles for count in deduplicator.story_counts().values()) == len(texts)


@given(text=st.text(max_size=200), source=st.one_of(st.none(), st.text(max_size=5)))
def test_add_known_accepts_any_text_even_lone_surrogates(text, source):
    deduplicator = Deduplicator()
    assert deduplicator.add_known("a", text, source) is None
    assert deduplicator.add_known("b", text, source) in (None, DuplicateOf("a", "near", 1.0))


def reuters_bodies(limit: int) -> list[str]:
    bodies = []
    for path in sorted(shared_path("corpora/reuters-21578/json-data").glob("*.json")):
        bodies += [record["body"] for record in json.loads(path.read_text(encoding="utf-8")) if record.get("body")]
        if len(bodies) >= limit:
            break
    return bodies[:limit]


def test_every_identical_reuters_body_group_is_found():
    bodies = reuters_bodies(3000)
    deduplicator = Deduplicator()
    articles = [article(body, "reuters") for body in bodies]
    stories = [(found.canonical_id if found else item.id) for item, found in
               ((item, deduplicator.check(item)) for item in articles)]
    groups = defaultdict(set)
    for body, story in zip(bodies, stories):
        groups[normalise_text(body)].add(story)
    repeated = [body for body, count in Counter(bodies).items() if count > 1]
    assert len(repeated) >= 20  # the sample does hold many identical bodies
    assert all(len(found) == 1 for found in groups.values())
