"""The dashboard in a real browser: Playwright driving Debian's chromium (headless) against uvicorn
serving the web test store (conftest.web_store) in a thread on a free 127.0.0.1 port. Every page
opens without console errors and without a request leaving 127.0.0.1; Mark Rutte's highlighted
quotation shows its speaker on hover and on keyboard focus; the dyad chart draws; hostile text
stays text; pages fit a phone's width. Screenshots go to build/screenshots/ (gitignored).

``make test`` installs chromium with apt when /usr/bin/chromium is missing; if it is still missing
these tests fail (never skip) and say so."""
import os
import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
import uvicorn

from newsgraph.web import create_app

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[1] / "build" / "screenshots"
PHONE = {"width": 390, "height": 844}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def base_url(web_store):
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(str(web_store)), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: install it (apt-get install -y chromium; `make test` does so) "
                    f"to run the browser tests")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield browser
        browser.close()


class Watched:
    """A page whose console errors, page errors, dialogs and requests are recorded."""

    def __init__(self, browser, viewport=None):
        self.context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.errors, self.requests, self.dialogs = [], [], []
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))

    def open(self, url: str, shot: str):
        response = self.page.goto(url, wait_until="networkidle")
        assert response.status == 200, url
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{shot}.png"), full_page=True)
        return self.page

    def check_clean(self):
        assert not self.errors, self.errors
        assert not self.dialogs, self.dialogs
        outside = [url for url in self.requests if urlparse(url).scheme != "data" and urlparse(url).hostname != "127.0.0.1"]
        assert not outside, outside
        assert self.requests

    def close(self):
        self.context.close()


@pytest.fixture
def watched(browser):
    page = Watched(browser)
    yield page
    page.close()


def article_ids(base_url):
    import httpx
    articles = httpx.get(f"{base_url}/api/articles").json()["articles"]
    return {a["title"]: a["id"] for a in articles}


def test_every_page_opens_clean(base_url, watched):
    ids = article_ids(base_url)
    example = ids["NATO chief urges gradual restoration of Russia relations"]
    hostile = next(value for title, value in ids.items() if "<script>" in title)
    pages = {"overview": "/", "articles": "/articles", "article": f"/articles/{example}",
             "article-hostile": f"/articles/{hostile}", "actors": "/actors", "actor": "/actor?name=Mark%20Rutte",
             "dyad": "/dyad?source=NATO&target=RUS", "dyad-pairs": "/dyad", "network": "/network", "docs": "/docs"}
    for name, url in pages.items():
        page = watched.open(base_url + url, name)
        assert page.locator("h1").first.is_visible(), name
        assert page.locator("main script, main img, .text img").count() == 0, name
    watched.check_clean()


def test_rutte_quote_shows_its_speaker_on_hover_and_on_keyboard_focus(base_url, watched):
    ids = article_ids(base_url)
    page = watched.open(base_url + f"/articles/{ids['NATO chief urges gradual restoration of Russia relations']}", "article-top")
    quote = page.locator('mark.hl-quote[data-tip*="speaker: Mark Rutte"]').first
    tip = page.locator("#tip")
    assert tip.is_hidden()
    quote.hover()
    assert tip.is_visible() and "speaker: Mark Rutte" in tip.inner_text()
    assert quote.get_attribute("aria-describedby") == "tip"
    page.screenshot(path=str(SCREENSHOTS / "article-hover.png"))
    page.mouse.move(1, 1)
    assert tip.is_hidden()
    for _ in range(80):  # Tab through the links and highlights until the quotation has the focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('mark.hl-quote[data-tip*=\"speaker: Mark Rutte\"]')"):
            break
    else:
        pytest.fail("Tab never reached Mark Rutte's quotation")
    assert tip.is_visible() and "speaker: Mark Rutte" in tip.inner_text() and "rule:" in tip.inner_text()
    page.screenshot(path=str(SCREENSHOTS / "article-focus.png"))
    page.keyboard.press("Escape")
    assert tip.is_hidden()
    watched.check_clean()


def test_dyad_chart_draws_and_events_lead_to_their_sentence(base_url, watched):
    page = watched.open(base_url + "/dyad?source=NATO&target=RUS&by=month", "dyad-month")
    charts = page.locator("svg.chart")
    assert charts.count() == 2
    box = charts.first.bounding_box()
    assert box["width"] > 200 and box["height"] > 50
    assert page.locator("svg.chart rect[fill]").count() >= 2 and page.locator("svg.chart circle").count() >= 1
    link = page.locator('table.events a[href*="#offset-"]').first
    anchor = link.get_attribute("href").split("#")[1]
    link.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"#{anchor}") and page.locator(f"#{anchor}").is_visible()
    assert page.evaluate(f"document.querySelector('#{anchor}').matches(':target')")
    watched.check_clean()


def test_hostile_article_is_text(base_url, watched):
    ids = article_ids(base_url)
    hostile = next(value for title, value in ids.items() if "<script>" in title)
    page = watched.open(base_url + f"/articles/{hostile}", "article-hostile-2")
    assert page.locator("h1").inner_text().startswith("<script>alert(1)</script>")
    assert "<img src=x onerror=alert(1)>" in page.locator(".text").inner_text()
    assert page.locator("img").count() == 0 and page.locator("body script").count() == 1  # tips.js only
    watched.check_clean()


def test_network_pans_and_zooms(base_url, watched):
    page = watched.open(base_url + "/network", "network-page")
    svg = page.locator("svg.network")
    assert page.locator("svg.network circle").count() >= 4
    before = svg.get_attribute("viewBox")
    page.locator('button[data-zoom="0.8"]').click()
    assert svg.get_attribute("viewBox") != before
    page.locator('button[data-zoom="reset"]').click()
    assert svg.get_attribute("viewBox") == before
    watched.check_clean()


def test_api_docs_work_offline(base_url, watched):
    page = watched.open(base_url + "/docs", "docs")
    assert page.locator("section.operation").count() == 8
    form = page.locator('form[action="/api/dyads"]')
    form.locator('input[name="source"]').fill("NATO")
    form.locator('input[name="target"]').fill("RUS")
    form.locator('input[name="by"]').fill("month")
    form.locator("button").click()
    page.wait_for_load_state("networkidle")
    assert "/api/dyads?source=NATO&target=RUS" in page.url and '"period":"2025-05"' in page.locator("body").inner_text()
    watched.check_clean()


def test_pages_fit_a_phone(base_url, browser):
    phone = Watched(browser, PHONE)
    ids = article_ids(base_url)
    for name, url in {"phone-overview": "/", "phone-article": f"/articles/{ids['NATO chief urges gradual restoration of Russia relations']}",
                      "phone-dyad": "/dyad?source=NATO&target=RUS"}.items():
        page = phone.open(base_url + url, name)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
    phone.check_clean()
    phone.close()
