"""The app factory: the store opened read-only for each run of the server (each request gets its own
cursor of it, web/connection.py), templates with autoescape on, the error shape (web/errors.py), static assets and
the API docs (web/docs.py) served from the package: nothing is fetched from outside."""
from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from newsgraph.ingest.fetch import package_version
from newsgraph.store import Store
from newsgraph.web import actors, api, articles, docs, network, overview
from newsgraph.web.errors import install_error_handlers

HERE = Path(__file__).resolve().parent


class EmptyFieldsLeftOut:
    """ASGI middleware: a query parameter with an empty value is as if not given, so that a form
    sent with blank fields (``?q=nato&since=``) asks what its filled fields say."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope.get("query_string"):
            pairs = [pair for pair in scope["query_string"].split(b"&") if pair and not pair.endswith(b"=")]
            scope = {**scope, "query_string": b"&".join(pairs)}
        await self.app(scope, receive, send)


def page_templates() -> Jinja2Templates:
    environment = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True)
    return Jinja2Templates(env=environment)


def create_app(db_path: str) -> FastAPI:
    """The dashboard and API over the store at ``db_path`` (StoreNotFound when there is none)."""
    Store.for_reading(db_path).close()  # a missing or unreadable store is said now, before anything listens

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # opened per server run: a test client may start and stop it many times
        with Store.for_reading(db_path) as store:
            app.state.store = store
            yield

    app = FastAPI(title="newsgraph", version=package_version(), docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Read-only JSON API over a newsgraph store (docs/web.md).")
    app.state.templates, app.state.db_path = page_templates(), db_path
    install_error_handlers(app)
    app.add_middleware(EmptyFieldsLeftOut)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for module in (api, overview, articles, actors, network, docs):
        app.include_router(module.router)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():  # browsers ask for it on pages without a <link rel="icon"> (the API's JSON)
        return FileResponse(HERE / "static" / "favicon.svg", media_type="image/svg+xml")

    return app
