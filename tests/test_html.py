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
