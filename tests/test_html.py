"""The HTML article reader: body only, metadata, hostile pages, and a floor on the Zyte benchmark."""
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from newsgraph.evaluate.extraction import (
    author_overlap, authors_match, date_matches, score_bodies, shingle_counts, title_matches, zyte_pages)
from newsgraph.ingest.html import MAX_HTML_BYTES, article_from_html, decode_html, looks_like_html
from newsgraph.model import Article, Failure

SHARED = Path(__file__).resolve().parents[2] / "shared"
ZYTE_FLOOR_PAGES = 40
ZYTE_F1_FLOOR = 0.97  # measured 0.985 on the first 40 pages

STORY = [
    "The city council voted on Tuesday to close the old harbour bridge to cars from next spring, "
    "ending a decade of arguments about the crumbling structure.",
    "Mayor Anna Berg said the decision was painful but necessary, and promised a ferry service "
    "for the three thousand commuters who cross the bridge every morning.",
    "Engineers found last year that two of the bridge's steel supports had corroded badly, and "
    "the repair bill was estimated at forty million euros.",
    "Opposition councillors argued that the city should have spent the money years ago, when "
    "the first cracks were reported by residents of the harbour district.",
]

ARTICLE_PAGE = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>Harbour bridge to close to cars | The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2024-03-05T09:30:00+01:00">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<header><a href="/">The Daily Example</a></header>
<article>
<h1>Harbour bridge to close to cars</h1>
<p class="byline">By Jane Doe</p>
<figure><img src="bridge.jpg"><figcaption>The old harbour bridge at dusk. Photo: Reuters</figcaption></figure>
{''.join(f'<p>{paragraph}</p>' for paragraph in STORY)}
<h3>Related content</h3>
<ul><li><a href="/a">Ferry prices to rise in summer</a></li>
<li><a href="/b">New tram line opens in the east</a></li>
<li><a href="/c">Council budget explained</a></li></ul>
</article>
<footer><p>Copyright 2024 The Daily Example. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>"""


@pytest.fixture(scope="module")
def article():
    found = article_from_html(ARTICLE_PAGE.encode("utf-8"), url="https://example.org/news/bridge")
    assert isinstance(found, Article), found
    return found


def test_body_is_the_story_only(article):
    assert article.text == "\n\n".join(STORY)


@pytest.mark.parametrize("junk", ["Home", "Photo: Reuters", "dusk", "Ferry prices", "Related content",
                                  "Copyright", "Privacy", "By Jane Doe"])
def test_body_drops_navigation_captions_related_links_and_footer(article, junk):
    assert junk not in article.text


def test_metadata(article):
    assert article.title == "Harbour bridge to close to cars"
    assert article.published == "2024-03-05"
    assert article.authors == ["Jane Doe"]
    assert article.source == "The Daily Example"
    assert article.url == "https://example.org/news/bridge"
    assert article.origin == "https://example.org/news/bridge"


def test_origin_is_kept_when_given():
    found = article_from_html(ARTICLE_PAGE, origin="pages/bridge.html")
    assert isinstance(found, Article) and found.origin == "pages/bridge.html"


def test_story_split_over_several_containers_is_read_whole():
    parts = "".join(f'<div class="grid"><div class="body-part"><p>{p}</p><p>{p} Again.</p></div>'
                    f'<aside><a href="/x">Advert</a></aside></div>' for p in STORY)
    page = f"<html><body><h1>Split story here</h1>{parts}</body></html>"
    found = article_from_html(page)
    assert isinstance(found, Article)
    assert all(paragraph in found.text for paragraph in STORY)


def test_nav_only_page_is_a_failure():
    links = "".join(f'<li><a href="/{i}">Section number {i}</a></li>' for i in range(60))
    found = article_from_html(f"<html><body><nav><ul>{links}</ul></nav></body></html>", origin="nav.html")
    assert isinstance(found, Failure)
    assert found.path == "nav.html" and found.reason.startswith("no article text found in HTML")


def test_deep_nesting_does_not_crash_or_hang():
    page = "<html><body>" + "<div>" * 10_000 + "<p>" + " ".join(STORY) + "</p>" + "</div>" * 10_000 + "</body></html>"
    assert isinstance(article_from_html(page, origin="deep.html"), (Article, Failure))


def test_huge_page_is_refused_with_a_reason():
    found = article_from_html(b"<html><body><p>" + b"a" * (MAX_HTML_BYTES + 1) + b"</p></body></html>", origin="big")
    assert isinstance(found, Failure) and "too large" in found.reason


def test_broken_markup_still_gives_the_story():
    page = "<html><body><div><p>" + "<p>".join(STORY) + "<b><i></div></span></table><p>unclosed"
    found = article_from_html(page)
    assert isinstance(found, Article) and STORY[1] in found.text


@pytest.mark.parametrize("data", [b"", b"   \n", b"\x00\x01\x02\xff" * 500, bytes(range(256)) * 40, "<html></html>"])
def test_empty_and_garbage_are_failures(data):
    found = article_from_html(data, origin="junk")
    assert isinstance(found, Failure) and found.path == "junk" and "\n" not in found.reason


def test_declared_charset_is_used():
    page = ARTICLE_PAGE.replace('charset="utf-8"', 'charset="iso-8859-1"').replace("Mayor Anna", "Maire Anaïs")
    found = article_from_html(page.encode("cp1252"))
    assert isinstance(found, Article) and "Maire Anaïs" in found.text


def test_missing_or_wrong_charset_falls_back_to_utf8_then_cp1252():
    assert decode_html("<p>Café</p>".encode("utf-8")) == "<p>Café</p>"
    assert decode_html("<p>Café</p>".encode("cp1252")) == "<p>Café</p>"
    assert decode_html('<meta charset="utf-8"><p>Café</p>'.encode("cp1252")).endswith("<p>Café</p>")
    assert decode_html('<meta charset="no-such-codec"><p>Café</p>'.encode("utf-8")).endswith("Café</p>")


@pytest.mark.parametrize("data, expected", [
    (b"<!DOCTYPE html><html>", True), (b"  <HTML lang='en'>", True), (b"<p>Hello</p>", True),
    (b"<body>", True), (b"Plain text about <things>.", False), (b"x" * 2000 + b"<html>", False),
    (b"<?xml version='1.0'?><rss>", False),
])
def test_looks_like_html(data, expected):
    assert looks_like_html(data) is expected


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=2000), st.text(max_size=2000),
                 st.lists(st.sampled_from(["<div>", "</div>", "<p>", "</p>", "<a href=x>", "</a>", "<html>",
                                           "<body>", "<meta charset='x'>", "text ", "Long sentence here. "]),
                          max_size=200).map("".join)))
def test_never_raises(data):
    assert isinstance(article_from_html(data, origin="fuzz"), (Article, Failure))


def test_metric_matches_the_zyte_definition():
    assert shingle_counts("a b c d e", "a b c d e") == shingle_counts("x y", "x y")
    counts = shingle_counts("one two three four five", "one two three four six")
    assert (counts.tp, counts.fp, counts.fn) == (1 / 3, 1 / 3, 1 / 3)
    scores = score_bodies([("one two three four five", "one two three four six"), ("a b c d", "")])
    assert scores.precision == pytest.approx(0.5)  # the empty prediction has no tp + fp: left out
    assert scores.recall == pytest.approx(0.25)
    assert scores.f1 == pytest.approx(2 * 0.5 * 0.25 / 0.75)  # F1 of the averages


def test_field_matches():
    assert title_matches(" A  title ", "A title") and not title_matches("A title", "A Title")
    assert date_matches("2023-12-17", "2023-12-17T10:00:00") and not date_matches("2023-12-17", "2023-12-18")
    assert authors_match("RALPH D. RUSSO, BOB FERRANTE", ["Bob Ferrante", "Ralph D Russo"])
    assert author_overlap("Christy Choi, Oscar Holland", ["Christy Choi"]) == 0.5


def test_zyte_benchmark_floor():
    folder = SHARED / "extraction" / "zyte-article-benchmark"
    if not folder.is_dir():
        pytest.skip(f"Zyte gold not found at {folder}: ../shared/extraction/zyte-article-benchmark missing")
    pairs = []
    for page in zyte_pages(folder, ZYTE_FLOOR_PAGES):
        found = article_from_html(page.html(), origin=page.id, url=page.url)
        pairs.append((page.truth["body"], found.text if isinstance(found, Article) else ""))
    assert score_bodies(pairs).f1 >= ZYTE_F1_FLOOR


# --- publication day ---------------------------------------------------------------------------

def dated_page(head: str = "", body: str = "") -> str:
    """An article page with the given extra <head> and header markup (under the <h1>)."""
    story = "".join(f"<p>{paragraph}</p>" for paragraph in STORY)
    return (f"<html><head><title>Harbour bridge to close</title>{head}</head><body><article>"
            f"<h1>Harbour bridge to close to cars</h1>{body}{story}</article></body></html>")


def json_ld(*objects: dict) -> str:
    import json

    return "".join(f'<script type="application/ld+json">{json.dumps(thing)}</script>' for thing in objects)


def meta(key: str, value: str, attribute: str = "property") -> str:
    return f'<meta {attribute}="{key}" content="{value}">'


def day_of(page: str, url=None):
    from newsgraph.ingest.html import parse_html
    from newsgraph.ingest.html_dates import publication_day

    return publication_day(parse_html(page), fallback="1999-01-01", url=url)


@pytest.mark.parametrize("head, body, expected", [
    # the day as written, never converted to UTC or to the reader's zone
    (meta("article:published_time", "2024-01-19T22:30:00-05:00"), "", "2024-01-19"),
    (meta("article:published_time", "2024-01-20T01:30:00+09:00"), "", "2024-01-20"),
    (json_ld({"@type": "NewsArticle", "datePublished": "2024-01-19T23:30:00-08:00",
              "dateModified": "2024-01-21T10:00:00Z"}), "", "2024-01-19"),
    (meta("pubdate", "2024-02-01", "name"), "", "2024-02-01"),
    (meta("datePublished", "2024-02-02T08:00:00+01:00", "itemprop"), "", "2024-02-02"),
    # the article object's date, not that of a video or a related story listed before it
    (json_ld({"@type": "VideoObject", "uploadDate": "2024-01-02", "datePublished": "2024-01-02T10:00:00Z"},
             {"@graph": [{"@type": "WebSite"}, {"@type": ["NewsArticle"], "datePublished": "2024-01-05T10:00:00Z"}]}),
     "", "2024-01-05"),
    # JSON-LD before <meta>: Fox-style pages whose dcterms.created is a draft's creation
    (meta("dcterms.created", "2023-10-05T15:18:28-04:00", "name")
     + json_ld({"@type": "NewsArticle", "datePublished": "2023-10-08T07:00:25-04:00"}), "", "2023-10-08"),
    # a UTC stamp also written in local time elsewhere in the metadata: the local day
    (meta("article:published_time", "2023-12-24T01:06:51+00:00") + meta("published_at", "2023-12-23 17:06:51", "name"),
     "", "2023-12-23"),
    # a UTC stamp shown in a <time> element: the day the page prints
    (meta("article:published_time", "2023-12-23T03:22:07Z"),
     '<time datetime="2023-12-22T22:22:07-0500">Dec 22, 2023, 10:22 PM EST</time>', "2023-12-22"),
    (meta("article:published_time", "2023-12-22T04:00:41+00:00"),
     '<time datetime="2023-12-22T04:00:41+00:00">Dec. 21, 2023 11:00 pm EST</time>', "2023-12-21"),
    (meta("article:published_time", "2023-12-22T18:30:00+00:00"),
     '<time datetime="2023-12-23T05:30:00+11:00">5.30am</time>', "2023-12-23"),
    (meta("article:published_time", "2023-12-23T01:48:19Z"),
     '<time datetime="2023-12-22 20:48:19">December 22, 2023 at 8:48 p.m.</time>', "2023-12-22"),
    # publication shown beside an update: publication wins
    (meta("article:published_time", "2023-12-22T17:16:03Z") + meta("article:modified_time", "2023-12-23T09:04:08Z"),
     '<time datetime="2023-12-23T09:04:08Z">Updated Dec. 23, 2023</time>'
     '<time datetime="2023-12-22T17:16:03Z">Published Dec. 22, 2023</time>', "2023-12-22"),
    # a page that shows only its update date presents that day as its date
    (json_ld({"@type": "NewsArticle", "datePublished": "2023-12-22T11:09:34-05:00",
              "dateModified": "2023-12-26T10:48:20-05:00"}),
     '<time datetime="2023-12-26T10:48:20-05:00">Updated December 26, 2023 10:48 AM</time>', "2023-12-26"),
    # a date printed under the headline, within a day of the UTC stamp: the newsroom's day
    (meta("article:published_time", "2023-12-20T01:00:21Z"),
     "<p>By Jane Doe</p><div>Published 8:00 PM EST, Tue December 19, 2023</div>", "2023-12-19"),
    # unreadable values are skipped, never raised
    (meta("article:published_time", "last Tuesday") + json_ld({"@type": "NewsArticle", "datePublished": 20240101})
     + json_ld({"@type": [{"a": 1}], "datePublished": "2024-13-45"})
     + '<script type="application/ld+json">{not</script>'
     + '<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script>",
     '<time datetime="00:00-YY-DD-MM">15 hours ago</time>', "1999-01-01"),
])
def test_publication_day(head, body, expected):
    assert day_of(dated_page(head, body)) == expected


def test_time_of_another_moment_is_not_the_page_date():
    """A sidebar story's <time> (above the headline, another moment) is not the page's date."""
    page = dated_page(meta("article:published_time", "2023-12-20T08:39:35+02:00")).replace(
        "<article>", '<aside><time datetime="2023-12-21T08:39:11+02:00">December 21, 2023</time></aside><article>')
    assert day_of(page) == "2023-12-20"


def test_page_without_timestamps_takes_the_date_printed_under_the_headline():
    page = dated_page(body="<p>Liz Hoggard 19 December 2023 • 3:54pm</p>")
    assert day_of(page) == "2023-12-19"
    assert day_of(page, url="https://example.org/news/2023/12/20/story") == "2023-12-19"  # a day off: allowed
    # a printed date the URL's date contradicts is something else ("until July 1, 2024"): fallback
    assert day_of(page, url="https://example.org/2023/06/02/story") == "1999-01-01"
    assert day_of(dated_page()) == "1999-01-01"


def test_publication_day_reaches_the_article():
    page = dated_page(meta("article:published_time", "2024-01-19T22:30:00-05:00"))
    found = article_from_html(page)
    assert isinstance(found, Article) and found.published == "2024-01-19"


def test_date_parts():
    from newsgraph.ingest.html_dates import parse_stamp, same_moment, text_days, url_dates
    from datetime import date

    assert parse_stamp("2024-01-19T22:30:00-05:00").day == date(2024, 1, 19)
    assert parse_stamp("2024-02-30") is None and parse_stamp("Friday") is None
    assert same_moment(parse_stamp("2023-12-23T03:22:07Z"), parse_stamp("2023-12-22T22:22:07-05:00"))
    assert same_moment(parse_stamp("2023-12-23T03:22:07Z"), parse_stamp("2023-12-22 22:22:07"))  # zone left out
    assert not same_moment(parse_stamp("2023-12-23T03:00:00Z"), parse_stamp("2023-12-22 22:00:00"))  # on the hour
    assert not same_moment(parse_stamp("2023-12-23T03:22:07Z"), parse_stamp("2023-12-23T03:22:08Z"))
    assert text_days("Updated Dec. 23, 2023 and 1 March 2024") == [date(2023, 12, 23), date(2024, 3, 1)]
    assert text_days("03/04/2024") == [date(2024, 3, 4), date(2024, 4, 3)]
    assert text_days("Mayor 12, 2023") == []
    assert url_dates("https://x.org/2023/12/231218130031.htm") == (date(2023, 12, 1), date(2023, 12, 31))


# --- lexicons ----------------------------------------------------------------------------------

def test_bylines_and_site_names_from_the_lexicons():
    from newsgraph.ingest.html_metadata import author_list, without_site_name

    assert author_list("By Jane Doe; AOL Staff; View all posts by Ali Khan; The Paper", "The Paper") == [
        "Jane Doe", "Ali Khan"]
    assert without_site_name("Harbour bridge to close | The Paper", "The Paper") == "Harbour bridge to close"
    assert without_site_name("The Paper — Harbour bridge to close", "The Paper") == "Harbour bridge to close"


@pytest.mark.parametrize("line, action", [
    ("Related: Ferry prices to rise in summer", "drop"), ("DON'T MISS", "drop"), ("Don’t miss:", "drop"),
    ("SEE MORE: The best ferries of the year", "drop"), ("Also: Council budget explained", "drop"),
    ("Watch: Bridge closes to traffic", "drop"), ("Click here to comment", "drop"),
    ("Click here to get more information or download this game.", None),
    ("Related content", "cut"), ("Watch the council vote on the harbour bridge, the mayor said.", None),
])
def test_teaser_lines(line, action):
    from newsgraph.ingest.scrape_lines import boilerplate_action

    assert boilerplate_action(line) == action


def test_density_reading_skips_lexicon_blocks():
    from newsgraph.ingest.html import parse_html
    from newsgraph.ingest.html_density import densest_text

    story = "".join(f"<p>{paragraph}</p>" for paragraph in STORY)
    noise = "A long paragraph in a related-stories box about another harbour and its many bridges."
    page = (f'<html><body><div class="story">{story}<div class="related-stories"><p>{noise}</p></div></div>'
            f'</body></html>')
    text = densest_text(parse_html(page))
    assert STORY[0] in text and noise not in text
