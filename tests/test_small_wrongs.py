"""Issue 14, item 6: small wrongs a newcomer saw, each fixed at its cause."""
from pathlib import Path

import pytest

from newsgraph.ingest.feeds import entry_date, read_feed
from newsgraph.ingest.html import article_from_html
from newsgraph.ingest.html_metadata import author_list
from newsgraph.ingest.text import article_from_text
from newsgraph.pipeline import text_to_parse

EXAMPLE = Path(__file__).resolve().parents[1] / "newsgraph" / "examples" / "nato-rutte-russia.txt"


def rss(date: str, link: str = "http://wire.test/a") -> bytes:
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><title>Talks</title>'
            f"<link>{link}</link><pubDate>{date}</pubDate><description>Envoys met in Oslo on Monday."
            f"</description></item></channel></rss>").encode()


@pytest.mark.parametrize("written", ["10:00", "12:00 PM ET", "2024-13-45", "2024-02-30T10:00:00Z",
                                     "Sun, 31 Feb 2025 10:00:00 GMT", "not a date"])
def test_a_malformed_feed_date_is_left_empty_not_invented(written):
    (article,) = read_feed("feed.xml", rss(written))
    assert article.published is None


@pytest.mark.parametrize("written,expected", [
    ("Mon, 06 Jan 2025 09:00:00 GMT", "2025-01-06T09:00:00+00:00"),
    ("Mon, 06 Jan 2025 10:00:00 +0100", "2025-01-06T09:00:00+00:00"),
    ("2025-01-06T09:00:00Z", "2025-01-06T09:00:00+00:00"),
    ("2025-01-06", "2025-01-06T00:00:00+00:00"),
])
def test_a_real_feed_date_is_read_in_utc(written, expected):
    assert entry_date({"published": written}) == expected


def test_an_atom_entry_falls_back_to_its_updated_date():
    assert entry_date({"published": "soon", "updated": "2025-01-06T09:00:00+00:00"}) == "2025-01-06T09:00:00+00:00"


@pytest.mark.parametrize("link", ["file:///tmp/news/a.html", "http://wire.test/a?x=1&y=2", "file://server/share/a.html"])
def test_a_feed_link_keeps_its_slashes(link):
    written = link.replace("&", "&amp;")
    (article,) = read_feed("feed.xml", rss("Mon, 06 Jan 2025 09:00:00 GMT", written))
    assert article.url == link


def test_a_raw_text_title_glued_to_its_section_gives_no_glued_name(pipeline):
    raw = EXAMPLE.read_text(encoding="utf-8")
    article = article_from_text(raw, raw_text=True)
    assert article.text == raw  # kept exactly
    assert (article.section, article.title) == ("News", "NATO chief urges gradual restoration of Russia relations")
    parsed = text_to_parse(article, 10**6)
    assert len(parsed) == len(raw) and parsed.startswith("    NATO chief")
    names = {entity.name for entity in pipeline.analyse(article).entities}
    assert "NewsNATO" not in names and "NATO" in names


POLITICO_LIKE = b"""<!doctype html><html><head><title>Senate passes the budget bill after a long night - POLITICO</title>
<meta property="og:site_name" content="POLITICO"><meta name="author" content="Jane Doe; Updated Dec"></head><body>
<header><h1 class="logo"><a href="/"><span>POLITICO</span><svg viewBox="0 0 10 10"><title>Politico Logo</title>
<path d="M0 0"/></svg></a></h1></header>
<article><h2>Senate passes the budget bill after a long night</h2>
<p class="byline">By Jane Doe | Updated Dec 3, 2025, 10:45 AM</p>
<p>The Senate passed the budget bill early on Wednesday after an all-night session, sending the measure to the
House, where leaders said they expected a vote before the end of the week.</p>
<p>Senators voted 51 to 49 on the bill, which funds the government through September and includes new money
for border security and disaster relief, according to the chamber's clerk.</p>
<p>"This was a long night, but we got it done," the majority leader told reporters after the vote, adding that
the House should act quickly to avoid a shutdown.</p></article></body></html>"""


def test_a_logo_in_an_h1_is_not_the_title():
    article = article_from_html(POLITICO_LIKE, origin="politico.html")
    assert article.title == "Senate passes the budget bill after a long night"


def test_a_real_h1_headline_is_still_the_title():
    page = POLITICO_LIKE.replace(b"<h2>Senate passes the budget bill after a long night</h2>",
                                 b"<h1>Senate passes the budget bill after a long night</h1>")
    assert article_from_html(page, origin="p.html").title == "Senate passes the budget bill after a long night"


def test_a_date_line_is_not_an_author():
    assert author_list("Jane Doe; Updated Dec") == ["Jane Doe"]
    assert author_list("Published Dec 3, 2025; John Roe") == ["John Roe"]
    assert author_list("April Ryan") == ["April Ryan"]  # a month as a first name is still a person
    assert article_from_html(POLITICO_LIKE, origin="p.html").authors == ["Jane Doe"]
