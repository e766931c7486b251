"""Run the app with uvicorn: the store opened read-only first (a missing store is StoreNotFound
before anything listens), the address checked free, then served until interrupted."""
from __future__ import annotations

import socket
from typing import Callable

import uvicorn

from newsgraph.errors import NewsgraphError
from newsgraph.web.app import create_app


def check_address(host: str, port: int) -> None:
    """NewsgraphError with the reason when ``host:port`` cannot be listened on (in use, no such address)."""
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except (OSError, OverflowError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise NewsgraphError(f"cannot listen on {host}:{port}: {reason}; give another --host or --port") from None


def serve(db_path: str, host: str, port: int, announce: Callable[[str], None]) -> None:
    """Serve the dashboard and API over the store at ``db_path`` on ``host:port``; ``announce``
    is told the address once the store is open."""
    app = create_app(db_path)
    check_address(host, port)
    shown = f"[{host}]" if ":" in host else host
    announce(f"serving {db_path} (read-only) at http://{shown}:{port}/ — API at /api/, docs at /docs; Ctrl+C stops")
    uvicorn.run(app, host=host, port=port, log_level="warning")
