"""The web app (newsgraph/web) with FastAPI's TestClient on a store of the example article, a hostile
article and two more (conftest.web_store): the API's records and error shape, the pages, and
article text rendered as text on every page."""
import re

import pytest
from fastapi.testclient import TestClient

from newsgraph.web import create_app
from newsgraph.web.highlight import Highlight, highlighted_text

RAW_TAGS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")
ESCAPED = ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;")
HTML = {"accept": "text/html"}


@pytest.fixture(scope="module")
def client(web_store):
    with TestClient(create_app(str(web_store)), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="module")
def ids(client):
    articles = client.get("/api/articles").json()["articles"]
    return {article["title"]: article["id"] for article in articles}


def example_id(ids):
    return ids["NATO chief urges gradual restoration of Russia relations"]


def hostile_id(ids):
    return next(value for title, value in ids.items() if "<script>" in title)


def every_page(ids):
    return ["/", "/articles", "/articles?q=NATO", f"/articles/{example_id(ids)}", f"/articles/{hostile_id(ids)}",
            "/actors", "/actor?name=Mark%20Rutte", "/actor?name=NATO", "/dyad", "/dyad?source=NATO&target=RUS",
            "/dyad?source=Mark%20Rutte&target=Sergei%20Lavrov&by=week", "/network"]


def test_articles_lists_newest_first_with_counts_and_pages(client):
    page = client.get("/api/articles").json()
    assert page["total"] == 4 and [a["day"] for a in page["articles"]] == ["2025-06-18", "2025-05-20", "2025-04-10", "2025-03-14"]
    assert all(a["events"] > 0 and a["quotes"] > 0 for a in page["articles"])
    second = client.get("/api/articles", params={"limit": 1, "offset": 1}).json()
    assert second["total"] == 4 and [a["day"] for a in second["articles"]] == ["2025-05-20"]
    found = client.get("/api/articles", params={"q": "GENEVA"}).json()
    assert [a["title"] for a in found["articles"]] == ["NATO and Russia agree to talks"]
    assert client.get("/api/articles", params={"q": "100%_"}).json()["total"] == 0  # LIKE characters literal
    assert client.get("/api/articles", params={"since": "2025-05", "until": "2025-05"}).json()["total"] == 1


def test_one_article_is_the_json_contract(client, ids, web_store):
    from newsgraph.model import to_json
    from newsgraph.store import Store
    article_id = example_id(ids)
    with Store.for_reading(str(web_store)) as store:
        expected = to_json(store.load_article(article_id))
    got = client.get(f"/api/articles/{article_id}").json()
    assert got == expected
    rutte = [q for q in got["quotes"] if q["speaker"]["name"] == "Mark Rutte"]
    assert rutte and all(got["text"][q["span"][0]:q["span"][1]] == q["text"] for q in rutte)


def test_unknown_article_is_404_in_the_error_shape(client):
    response = client.get("/api/articles/0123456789abcdef")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "no article 0123456789abcdef in the store"}}


@pytest.mark.parametrize("url, status, code", [
    ("/api/articles?limit=100000", 422, "invalid_parameter"),
    ("/api/articles?limit=abc", 422, "invalid_parameter"),
    ("/api/articles?q=" + "x" * 201, 422, "invalid_parameter"),
    ("/api/articles/..%2F..%2Fetc%2Fpasswd", 404, "not_found"),
    ("/api/articles/a%20b", 422, "invalid_parameter"),
    ("/api/quotes", 422, "invalid_parameter"),
    ("/api/quotes?speaker=Nobody%20Atall", 404, "unknown_actor"),
    ("/api/events?actor=Rute", 404, "unknown_actor"),
    ("/api/events?quad=5", 422, "invalid_parameter"),
    ("/api/events?since=2025-13", 400, "bad_range"),
    ("/api/events?since=2025-06&until=2025-05", 400, "bad_range"),
    ("/api/events?since=yesterday", 422, "invalid_parameter"),
    ("/api/dyads?source=NATO&target=RUS&by=day", 422, "invalid_parameter"),
    ("/api/nothing", 404, "not_found"),
])
def test_bad_requests_have_one_error_shape(client, url, status, code):
    response = client.get(url)
    assert response.status_code == status, response.text
    body = response.json()
    assert list(body) == ["error"] and body["error"]["code"] == code and body["error"]["message"]


def test_unknown_actor_names_near_matches(client):
    assert "did you mean Mark Rutte" in client.get("/api/events?actor=Rute").json()["error"]["message"]


def test_events_filter_as_the_cli_does(client):
    nato_russia = client.get("/api/events", params={"source": "NATO", "target": "RUS"}).json()
    assert {(e["source"], e["target"], e["day"]) for e in nato_russia} >= {("NATO", "Russia", "2025-05-20")}
    assert all("NATO" in e["source"] and "Russia" in e["target"] for e in nato_russia)
    conflict = client.get("/api/events", params={"quad": 3}).json()
    assert conflict and all(e["quad_class"] == 3 for e in conflict)
    asserted = client.get("/api/events").json()
    everything = client.get("/api/events", params={"all": "true"}).json()
    assert len(everything) > len(asserted) and all(e["modality"] == "asserted" for e in asserted)
    assert all(e["day"] >= "2025-05-01" for e in client.get("/api/events", params={"since": "2025-05"}).json())
    assert client.get("/api/events", params={"limit": 2}).json() == asserted[:2]


def test_dyads_network_actors_quotes_stats(client):
    months = client.get("/api/dyads", params={"source": "NATO", "target": "RUS", "by": "month"}).json()
    assert [(m["period"], m["events"]) for m in months][:1] == [("2025-05", 1)] and months[-1]["period"] == "2025-06"
    network = client.get("/api/network").json()
    assert {"name": "NATO"}.items() <= next(n for n in network["nodes"] if n["name"] == "NATO").items()
    assert any(e["source"] == "NATO" and e["target"] == "Russia" and e["weight"] >= 2 for e in network["edges"])
    actors = client.get("/api/actors", params={"limit": 3}).json()
    assert len(actors) == 3 and actors[0]["name"] == "Mark Rutte"
    quotes = client.get("/api/quotes", params={"speaker": "Rutte"}).json()
    assert quotes and {q["speaker"] for q in quotes} == {"Mark Rutte"} and quotes[0]["day"] == "2025-06-18"
    stats = client.get("/api/stats").json()
    assert stats["articles"] == 4 and stats["first_day"] == "2025-03-14" and stats["last_day"] == "2025-06-18"
    assert stats["duplicates"] == 1 and stats["failures"] == 1 and stats["events"]["all"] >= stats["events"]["asserted"] > 0
    assert sum(q["all"] for q in stats["events_by_quad_class"].values()) == stats["events"]["all"]


def test_openapi_and_docs_need_no_network(client):
    document = client.get("/openapi.json").json()
    assert {"/api/articles", "/api/articles/{article_id}", "/api/actors", "/api/quotes", "/api/events", "/api/dyads",
            "/api/network", "/api/stats"} <= set(document["paths"])
    docs = client.get("/docs").text
    for path in document["paths"]:
        assert f"<code>GET {path}</code>" in docs
    assert "<code>limit</code>" in docs and "&lt;= 200" in docs and "week | month" in docs
    sources = re.findall(r'(?:src|href)="([^"#]+)"', docs)
    assert "/openapi.json" in sources and all(s.startswith("/") for s in sources), sources
    for source in sources:
        assert client.get(source).status_code == 200, source


def test_every_page_renders_and_links_only_to_itself(client, ids):
    for url in every_page(ids):
        response = client.get(url, headers=HTML)
        assert response.status_code == 200, url
        for link in re.findall(r'(?:src|href)="([^"]+)"', response.text):
            assert link.startswith(("/", "#", "https://example.org/")), (url, link)


def test_hostile_text_renders_as_text_on_every_page(client, ids):
    for url in every_page(ids) + [f"/actor?name={'%3Cscript%3E'}", "/articles/%3Cscript%3E"]:
        page = client.get(url, headers=HTML).text
        for raw in RAW_TAGS + ("<u>", "javascript:"):
            assert raw not in page, (url, raw)
    for url in ("/", f"/articles/{hostile_id(ids)}", "/articles"):
        page = client.get(url, headers=HTML).text
        assert all(escaped in page for escaped in ESCAPED), url
    assert "feeds/&lt;u&gt;broken&lt;/u&gt;.xml" in client.get("/").text


def test_article_page_highlights_quotes_events_entities_with_tips(client, ids):
    page = client.get(f"/articles/{example_id(ids)}").text
    quote = re.search(r'<mark class="hl hl-quote[^"]*" data-tip="([^"]*)" title="[^"]*" tabindex="0">It’s normal', page)
    assert quote and "speaker: Mark Rutte" in quote.group(1) and "rule: " in quote.group(1)
    event = re.search(r'<span class="hl hl-event[^"]*" data-tip="([^"]*)"[^>]*>met</span>', page)
    assert event and "Mark Rutte (IGOGOV) → Donald Trump" in event.group(1) and "modality: asserted" in event.group(1)
    assert '<section class="key-points">' in page and page.index("key-points") < page.index('class="text"')
    links = re.findall(r'href="/articles/([0-9a-f]+)#offset-(\d+)"', client.get("/actor?name=Mark%20Rutte").text)
    assert len(links) >= 5
    for article_id, offset in links:
        assert f'id="offset-{offset}"' in client.get(f"/articles/{article_id}").text
    assert "Other reports of this story" in page and "Wire D" in page


def test_dyad_page_draws_its_timeline_and_links_events_to_sentences(client, ids):
    page = client.get("/dyad?source=NATO&target=RUS").text
    svgs = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    assert len(svgs) == 2 and "<rect" in svgs[0] and "<circle" in svgs[1]
    links = re.findall(r'href="/articles/([0-9a-f]+)#offset-(\d+)"', page)
    assert links
    for article_id, offset in links:
        assert f'id="offset-{offset}"' in client.get(f"/articles/{article_id}").text


def test_pages_say_errors_as_html(client):
    response = client.get("/actor?name=Nobody%20Atall", headers=HTML)
    assert response.status_code == 404 and "no stored actor" in response.text and "<html" in response.text
    response = client.get("/articles?since=2025-99", headers=HTML)
    assert response.status_code == 400 and "is not a date" in response.text


def test_highlights_nest_when_they_cross():
    text = "Rutte said <b> 'peace now' today."
    html = highlighted_text(text, [Highlight(0, 5, "entity", "Mark Rutte"), Highlight(15, 26, "quote", "q"),
                                   Highlight(21, 31, "event", "e")])
    assert re.sub(r"<[^>]+>", "", html) == text.replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;")
    opened = re.findall(r"<(/?)(mark|span)", html)
    depth = []
    for closing, tag in opened:  # every element closes in the order it opened
        if closing:
            assert depth.pop() == tag
        else:
            depth.append(tag)
    assert not depth and html.count('data-tip="e"') == 2 and html.count('tabindex="0"') == 3


def test_serve_says_a_missing_store_in_one_line(tmp_path):
    from typer.testing import CliRunner
    from newsgraph.cli import app
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2 and "no store at" in result.output and "Traceback" not in result.output


def test_serve_refuses_a_port_in_use(web_store):
    import socket
    from typer.testing import CliRunner
    from newsgraph.cli import app
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(app, ["serve", "--db", str(web_store), "--port", str(port)])
    assert result.exit_code == 2 and f"cannot listen on 127.0.0.1:{port}" in result.output


def test_blank_form_fields_are_left_out(client):
    assert client.get("/articles?q=Geneva&since=&until=", headers=HTML).status_code == 200
    page = client.get("/api/articles?q=&since=&limit=2").json()
    assert page["total"] == 4 and len(page["articles"]) == 2
    assert client.get("/api/quotes?speaker=").json()["error"]["code"] == "invalid_parameter"


def test_months_without_events_stay_on_the_axis(web_store):
    from newsgraph.store import Store
    from newsgraph.store.filters import EventFilter
    from newsgraph.web.queries import quad_months
    with Store.for_reading(str(web_store)) as store:
        months = quad_months(store.connection, EventFilter(source="Mark Rutte"))
    assert [m.month for m in months] == ["2025-03", "2025-04", "2025-05", "2025-06"]
    assert sum(months[2].counts) == 0 and all(sum(m.counts) > 0 for m in months if m.month != "2025-05")


def test_network_picture_draws_the_busiest_actors(web_store):
    from newsgraph.analysis.network import actor_network
    from newsgraph.store import Store
    from newsgraph.web.charts import network_picture
    from newsgraph.web.network import busiest_part
    with Store.for_reading(str(web_store)) as store:
        graph = actor_network(store.connection)
    part = busiest_part(graph, 3)
    assert set(part) == {"Mark Rutte", "NATO", "Russia"}
    picture = network_picture("n", part)
    assert picture.count("<circle") == 3 and picture.count("<line") == part.number_of_edges() >= 2


def test_article_page_lists_the_other_reports_of_its_events(tmp_path):
    from newsgraph.store import Store
    from tests_support import meeting_report

    first = meeting_report("Biden met Putin in Geneva on Wednesday for their first summit.", "met", "apnews", "2021-06-16")
    second = meeting_report("Putin and Biden held talks in Geneva, their first summit.", "held talks", "reuters",
                            "2021-06-16")
    other_day = meeting_report("Biden met Putin in Geneva again for a second summit.", "met", "afp", "2021-09-30")
    path = tmp_path / "reports.duckdb"
    with Store(str(path)) as store:
        store.save_many([first, second, other_day])
    with TestClient(create_app(str(path)), raise_server_exceptions=False) as client:
        page = client.get(f"/articles/{first.id}").text
    section = page.split("Other reports of the same events", 1)[1]
    assert f'href="/articles/{second.id}#offset-0"' in section and "reuters" in section and "held talks" in section
    assert other_day.id not in section  # another meeting, months later: not the same event
