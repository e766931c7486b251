"""The article pages: the list (search, pages of 50) and one article with its quotes, events and
entities highlighted in the text (web/highlight.py), key points on top."""
from __future__ import annotations

from typing import Annotated, Optional

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from newsgraph.store.duck import load_article
from newsgraph.web.api import Cursor, Day
from newsgraph.web.errors import NotFound
from newsgraph.web.highlight import article_highlights, highlighted_text
from newsgraph.web.pages import render
from newsgraph.web.queries import article_duplicates, list_articles, other_reports

router = APIRouter(include_in_schema=False)
PAGE = 50


@router.get("/articles", response_class=HTMLResponse)
def articles_page(request: Request, cursor: Cursor, q: Annotated[Optional[str], Query(max_length=200)] = None,
                  since: Day = None, until: Day = None, offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0):
    page = list_articles(cursor, q, None, since, until, PAGE, offset)
    return render(request, "articles.html", page=page, q=q or "", since=since or "", until=until or "")


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, cursor: Cursor,
                 article_id: Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[0-9A-Za-z_-]+$")]):
    article = load_article(cursor, article_id)
    if article is None:
        raise NotFound(f"no article {article_id} in the store")
    return render(request, "article.html", article=article,
                  text=highlighted_text(article.text, article_highlights(article)),
                  duplicates=article_duplicates(cursor, article_id), reports=other_reports(cursor, article_id),
                  event_sentences={e.id: e.sentence[0] for e in article.events if e.sentence})
