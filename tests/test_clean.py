"""Scrape cleaning: title and section, captions, credits, trailers, headings, key points, offsets."""
from pathlib import Path

from hypothesis import given, settings, strategies as st

from newsgraph.ingest.text import article_from_text, clean_scrape

EXAMPLE = Path(__file__).resolve().parent.parent / "newsgraph" / "examples" / "nato-rutte-russia.txt"

WORLD_PAGE = """WorldFloods force thousands from homes in Bavaria

Floods force thousands from homes in Bavaria

Rescue teams evacuated more than 3,000 people on Sunday after the Danube burst its banks, officials said.

Markus Söder
Markus Söder

Key points:
- The Danube rose to 8.2 metres in Passau.
- Two people are missing, police said.

Where did the water rise fastest?

The river rose fastest near Passau, where the old town was flooded by noon.

Advertisement

“We have never seen anything like this,” the mayor said.

Share this article
Read more: Storms sweep across southern Europe
Sign up for our newsletter
"""

POLITICS_PAGE = """Politics | Parliament passes budget after all-night session

Parliament passes budget after all-night session

The lower house approved the 2025 budget by 231 votes to 198 early on Friday.
Photo: Reuters

Finance minister Anna Berg, Prime Minister Jan Kowal

The opposition said the vote had been rushed.

The road ahead

The budget now goes to the senate, which has 20 days to propose changes.

Follow us on X
More from Politics
Senate to debate defence bill
Minister resigns over leak
"""

PLAIN_REPEAT_PAGE = """Storm knocks out power across Norway

Storm knocks out power across Norway

About 40,000 homes were without electricity on Tuesday, the grid operator said.

Repairs could take until the weekend.
"""

NO_REPEAT_PAGE = """Central bank holds rates steady

The central bank kept its main rate at 4.5% on Thursday.
Image credit: AFP

Governor Lena Holm said inflation was falling more slowly than hoped.
"""

WRAPPED_PAGE = """Talks resume in Geneva

Negotiators from both sides met again on Monday in Geneva after a
pause of three weeks, according to diplomats familiar with the
talks.

“Never again”

That phrase was repeated by several delegates during the opening session.

Related articles
Earlier talks collapse
"""


def test_example_section_title_and_lead():
    cleaned = clean_scrape(EXAMPLE.read_text(encoding="utf-8"))
    assert cleaned.section == "News"
    assert cleaned.title == "NATO chief urges gradual restoration of Russia relations"
    assert cleaned.text.startswith("\"It’s normal if the war would have stopped for Europe somehow")
    paragraphs = cleaned.text.split("\n\n")
    assert paragraphs[1:4] == cleaned.key_points
    assert paragraphs[4].startswith("NATO Secretary General Mark Rutte highlighted")


def test_example_key_points_and_headings():
    cleaned = clean_scrape(EXAMPLE.read_text(encoding="utf-8"))
    assert len(cleaned.key_points) == 3
    assert cleaned.key_points[0].startswith("Mark Rutte, NATO Secretary General, emphasized")
    assert cleaned.key_points[2] == "NATO plans to increase defense spending to at least 3% of GDP at the next summit in June."
    assert [cleaned.text[start:end] for start, end in cleaned.key_point_spans] == cleaned.key_points
    assert cleaned.headings == ["What do you need to know?", "What are NATO's plans regarding Russia?",
                                "What challenges does NATO face?", "What are NATO's goals for the upcoming summit?"]


def test_example_drops_captions_credits_trailer_and_no_break_spaces():
    text = clean_scrape(EXAMPLE.read_text(encoding="utf-8")).text
    for unwanted in ("Mark Rutte, Donald Trump", "Images source", "Getty", "Related content", "\u00a0", "•",
                     "What do you need to know?", "What challenges does NATO face?"):
        assert unwanted not in text
    assert "role as a security guarantor" in text
    assert text.endswith("Ukraine's accession to the Alliance is not currently on the table.")
    assert text == text.strip()


def test_glued_world_label_key_points_and_trailers():
    cleaned = clean_scrape(WORLD_PAGE)
    assert (cleaned.section, cleaned.title) == ("World", "Floods force thousands from homes in Bavaria")
    assert cleaned.key_points == ["The Danube rose to 8.2 metres in Passau.", "Two people are missing, police said."]
    assert [cleaned.text[s:e] for s, e in cleaned.key_point_spans] == cleaned.key_points
    assert cleaned.headings == ["Key points:", "Where did the water rise fastest?"]
    assert cleaned.text.split("\n\n") == [
        "Rescue teams evacuated more than 3,000 people on Sunday after the Danube burst its banks, officials said.",
        "The Danube rose to 8.2 metres in Passau.", "Two people are missing, police said.",
        "The river rose fastest near Passau, where the old town was flooded by noon.",
        "“We have never seen anything like this,” the mayor said.",
    ]


def test_label_with_separator_caption_lists_and_more_from_trailer():
    cleaned = clean_scrape(POLITICS_PAGE)
    assert (cleaned.section, cleaned.title) == ("Politics", "Parliament passes budget after all-night session")
    assert cleaned.headings == ["The road ahead"]
    assert cleaned.key_points == [] and cleaned.key_point_spans == []
    assert cleaned.text.split("\n\n") == [
        "The lower house approved the 2025 budget by 231 votes to 198 early on Friday.",
        "The opposition said the vote had been rushed.",
        "The budget now goes to the senate, which has 20 days to propose changes.",
    ]


def test_caption_above_credit_is_dropped():
    page = "Quake shakes Istanbul\n\nA magnitude 6.2 quake hit the city on Wednesday.\n\n" \
           "Residents gather in a park after the quake\nPhoto: AP\n\nNo deaths were reported.\n"
    cleaned = clean_scrape(page)
    assert cleaned.text == "A magnitude 6.2 quake hit the city on Wednesday.\n\nNo deaths were reported."


def test_plain_repeated_title_has_no_section():
    cleaned = clean_scrape(PLAIN_REPEAT_PAGE)
    assert (cleaned.section, cleaned.title) == (None, "Storm knocks out power across Norway")
    assert "Storm knocks out" not in cleaned.text
    assert cleaned.text.startswith("About 40,000 homes")


def test_first_short_line_is_title_without_repeat():
    cleaned = clean_scrape(NO_REPEAT_PAGE)
    assert (cleaned.section, cleaned.title) == (None, "Central bank holds rates steady")
    assert cleaned.text == ("The central bank kept its main rate at 4.5% on Thursday.\n\n"
                            "Governor Lena Holm said inflation was falling more slowly than hoped.")


def test_wrapped_lines_join_and_quoted_line_is_not_a_heading():
    cleaned = clean_scrape(WRAPPED_PAGE)
    assert cleaned.title == "Talks resume in Geneva"
    assert cleaned.text.split("\n\n") == [
        "Negotiators from both sides met again on Monday in Geneva after a pause of three weeks, "
        "according to diplomats familiar with the talks.",
        "“Never again”",
        "That phrase was repeated by several delegates during the opening session.",
    ]
    assert cleaned.headings == []


def test_bullets_in_the_body_lose_their_glyph_but_are_not_key_points():
    page = ("Vote count continues\n\nCounting resumed on Monday in all districts.\n\n"
            "Officials gave three reasons for the delay.\n\nHow long will it take?\n\n"
            "Officials expect a result by Friday.\n\nThe reasons:\n\n• Floods closed roads.\n"
            "● Ballots were recounted.\n\nTurnout was 61%.\n")
    cleaned = clean_scrape(page)
    assert cleaned.key_points == []
    assert "Floods closed roads.\n\nBallots were recounted." in cleaned.text
    assert "•" not in cleaned.text and "●" not in cleaned.text


def test_long_sentence_starting_like_boilerplate_is_kept():
    sentence = "Read more than a hundred pages of the report and you find the same warning about the harbour."
    cleaned = clean_scrape(f"Harbour report published\n\nThe report came out on Monday.\n\n{sentence}\n")
    assert sentence in cleaned.text


def test_raw_text_keeps_the_input_exactly():
    article = article_from_text(WORLD_PAGE, raw_text=True, origin="page.txt")
    assert article.text == WORLD_PAGE
    assert article.title == clean_scrape(WORLD_PAGE).title  # the title is read, the text kept as given
    assert article.key_points == [] and article.origin == "page.txt"


def test_article_from_text_carries_the_cleaned_fields():
    article = article_from_text(EXAMPLE.read_text(encoding="utf-8"), origin=str(EXAMPLE))
    cleaned = clean_scrape(EXAMPLE.read_text(encoding="utf-8"))
    assert (article.text, article.title, article.section) == (cleaned.text, cleaned.title, cleaned.section)
    assert article.key_point_spans == cleaned.key_point_spans and article.headings == cleaned.headings
    assert article.origin == str(EXAMPLE) and article.id


SCRAPE_PIECES = st.sampled_from(["News", "World", "Photo: AP", "© Getty", "• ", "- ", "Key points", "?", ".",
                                 "Related content", "Mark Rutte, Donald Trump", "\u00a0", "\n", "\n\n", " ",
                                 "“", "”", "Read more", "a", "Storm hits coast"])
SCRAPES = st.one_of(st.text(), st.lists(st.one_of(SCRAPE_PIECES, st.text(max_size=8))).map("".join))


@settings(max_examples=300, deadline=None)
@given(SCRAPES)
def test_cleaning_never_raises_and_offsets_hold(raw):
    cleaned = clean_scrape(raw)
    assert cleaned.text == cleaned.text.strip()
    assert "\u00a0" not in cleaned.text
    assert [cleaned.text[s:e] for s, e in cleaned.key_point_spans] == cleaned.key_points
    article = article_from_text(raw)
    assert article.text == cleaned.text
    assert article_from_text(raw, raw_text=True).text == raw


def test_summary_heading_at_the_start_is_not_the_title():
    cleaned = clean_scrape("In brief\n• Oil rose 5%.\n• Gas was flat.\n\nBrent crude rose to $88 a barrel on Monday.\n")
    assert cleaned.title is None and cleaned.headings == ["In brief"]
    assert cleaned.key_points == ["Oil rose 5%.", "Gas was flat."]
    assert cleaned.text.startswith("Oil rose 5%.\n\nGas was flat.\n\nBrent crude")
