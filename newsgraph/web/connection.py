"""The store as a request sees it: one cursor of the app's read-only connection per request (DuckDB
cursors of one connection can be used from the server's threads at the same time)."""
from __future__ import annotations

from typing import Iterator

from fastapi import Request


def store_cursor(request: Request) -> Iterator:
    """FastAPI dependency: a cursor closed when the request is done."""
    cursor = request.app.state.store.connection.cursor()
    try:
        yield cursor
    finally:
        cursor.close()
