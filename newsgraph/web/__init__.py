"""The web dashboard and JSON API over a store (``newsgraph serve``): FastAPI routes, thin over
newsgraph.analysis, newsgraph.store.queries and web/queries.py; Jinja2 templates with autoescape on;
charts drawn on the server as SVG; every asset served by the app itself (see docs/web.md)."""
from newsgraph.web.app import create_app

__all__ = ["create_app"]
