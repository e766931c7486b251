"""The overview page: corpus counts, events per month by QuadClass, top actors and speakers, recent
articles, and the failures and duplicates of the last runs."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from newsgraph.analysis.actors import top_actors
from newsgraph.web.api import Cursor
from newsgraph.web.charts import quad_bars
from newsgraph.web.pages import render
from newsgraph.store.stats import connection_stats
from newsgraph.web.queries import list_articles, quad_months, recent_duplicates, recent_failures, top_speakers

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def overview_page(request: Request, cursor: Cursor):
    months = quad_months(cursor)
    chart = quad_bars("Asserted events per month by QuadClass", [m.month for m in months], [m.counts for m in months])
    return render(request, "overview.html", summary=connection_stats(cursor, request.app.state.db_path), chart=chart,
                  actors=top_actors(cursor, limit=10), speakers=top_speakers(cursor, 10),
                  articles=list_articles(cursor, limit=10).articles,
                  failures=recent_failures(cursor, 10), duplicates=recent_duplicates(cursor, 10))
