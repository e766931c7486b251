"""What the page modules share: rendering a template with the request."""
from __future__ import annotations

from fastapi import Request


def render(request: Request, template: str, **context):
    """``template`` (newsgraph/web/templates) filled with ``context``; autoescape is on."""
    return request.app.state.templates.TemplateResponse(request, template, context)
