"""Charts drawn on the server as inline SVG (no script, nothing fetched): events per period stacked
by QuadClass, a dyad's Goldstein series, and the actor network. Labels are escaped here."""
from __future__ import annotations

import math

import networkx as nx
from markupsafe import Markup, escape

QUAD_COLOURS = {1: "#5b9bd5", 2: "#1f5fa8", 3: "#f0a04b", 4: "#c0392b"}
QUAD_LABELS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
WIDTH, HEIGHT, MARGIN = 720, 240, 40


def svg(title: str, body: list, width: int = WIDTH, height: int = HEIGHT, css: str = "chart") -> Markup:
    head = Markup('<svg class="{}" viewBox="0 0 {} {}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">'
                  '<title>{}</title>').format(css, width, height, title, title)
    return head + Markup("").join(body) + Markup("</svg>")


def tick_every(count: int, room: int = 12) -> int:
    """Label every n-th period so that at most ``room`` labels show."""
    return max(1, math.ceil(count / room))


def quad_bars(title: str, labels: list[str], counts: list[tuple[int, int, int, int]]) -> Markup:
    """Stacked bars: per label, events of QuadClass 1 to 4 from the bottom up, with a legend."""
    if not labels:
        return Markup("")
    top = max(sum(c) for c in counts) or 1
    step = (WIDTH - 2 * MARGIN) / len(labels)
    scale = (HEIGHT - 2 * MARGIN) / top
    body = [Markup('<line x1="{}" y1="{}" x2="{}" y2="{}" class="axis"/>').format(
        MARGIN, HEIGHT - MARGIN, WIDTH - MARGIN, HEIGHT - MARGIN),
        Markup('<text x="{}" y="{}" class="tick" text-anchor="end">{}</text>').format(MARGIN - 4, MARGIN + 4, top)]
    every = tick_every(len(labels))
    for index, (label, values) in enumerate(zip(labels, counts)):
        x, base = MARGIN + index * step, HEIGHT - MARGIN
        for quad, value in zip((1, 2, 3, 4), values):
            if value:
                height = value * scale
                base -= height
                body.append(Markup('<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}">'
                                   '<title>{}: {} {}</title></rect>').format(
                    x + 1, base, max(step - 2, 1), height, QUAD_COLOURS[quad], label, value, QUAD_LABELS[quad]))
        if index % every == 0:
            body.append(Markup('<text x="{:.1f}" y="{}" class="tick" text-anchor="middle">{}</text>').format(
                x + step / 2, HEIGHT - MARGIN + 14, label))
    body += legend(HEIGHT - 10)
    return svg(title, body)


def legend(y: int) -> list[Markup]:
    items = []
    for index, quad in enumerate((1, 2, 3, 4)):
        x = MARGIN + index * 165
        items.append(Markup('<rect x="{}" y="{}" width="10" height="10" fill="{}"/>'
                            '<text x="{}" y="{}" class="tick">Q{} {}</text>').format(
            x, y - 9, QUAD_COLOURS[quad], x + 14, y, quad, QUAD_LABELS[quad]))
    return items


def goldstein_line(title: str, labels: list[str], means: list) -> Markup:
    """The Goldstein mean per period (-10 conflict ... +10 cooperation) as a line with dots; periods
    without events are gaps."""
    if not labels:
        return Markup("")
    step = (WIDTH - 2 * MARGIN) / len(labels)
    middle, scale = HEIGHT / 2, (HEIGHT - 2 * MARGIN) / 20

    def y_of(value: float) -> float:
        return middle - value * scale

    body = [Markup('<line x1="{}" y1="{}" x2="{}" y2="{}" class="axis"/>').format(MARGIN, middle, WIDTH - MARGIN, middle)]
    for value in (10, -10):
        body.append(Markup('<text x="{}" y="{:.1f}" class="tick" text-anchor="end">{:+d}</text>').format(
            MARGIN - 4, y_of(value) + 4, value))
    points = [(MARGIN + (i + 0.5) * step, y_of(mean), label, mean)
              for i, (label, mean) in enumerate(zip(labels, means)) if mean is not None]
    if len(points) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in points)
        body.append(Markup('<polyline points="{}" class="goldstein"/>').format(path))
    for x, y, label, mean in points:
        body.append(Markup('<circle cx="{:.1f}" cy="{:.1f}" r="4" class="goldstein-dot">'
                           '<title>{}: Goldstein mean {:+.2f}</title></circle>').format(x, y, label, mean))
    every = tick_every(len(labels))
    body += [Markup('<text x="{:.1f}" y="{}" class="tick" text-anchor="middle">{}</text>').format(
        MARGIN + (i + 0.5) * step, HEIGHT - 8, label) for i, label in enumerate(labels) if i % every == 0]
    return svg(title, body)


def network_picture(title: str, graph: nx.DiGraph, size: int = 640) -> Markup:
    """The actor graph: nodes placed by a seeded spring layout (the same store draws the same
    picture), edges as lines as thick as their events, coloured by cooperation or conflict."""
    if graph.number_of_nodes() == 0:
        return Markup("")
    places = nx.spring_layout(graph, seed=7, weight="weight")
    pad = 70

    def at(node):
        x, y = places[node]
        return pad + (x + 1) / 2 * (size - 2 * pad), pad + (y + 1) / 2 * (size - 2 * pad)

    body = [Markup('<g class="pan">')]
    for source, target, data in graph.edges(data=True):
        (x1, y1), (x2, y2) = at(source), at(target)
        kind = "conflict" if data["conflict"] > data["cooperation"] else "cooperation"
        body.append(Markup('<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" class="edge {}" stroke-width="{:.1f}" '
                           'marker-end="url(#arrow)"><title>{} → {}: {} events, Goldstein {:+g}</title></line>').format(
            x1, y1, x2, y2, kind, 1 + math.log2(data["weight"]), source, target, data["weight"], data["goldstein_sum"]))
    for node, data in graph.nodes(data=True):
        x, y = at(node)
        radius = 5 + 3 * math.log2(1 + data.get("events", 1))
        body.append(Markup('<g class="node"><circle cx="{:.1f}" cy="{:.1f}" r="{:.1f}"><title>{} {}: {} events</title>'
                           '</circle><text x="{:.1f}" y="{:.1f}" text-anchor="middle">{}</text></g>').format(
            x, y, radius, node, data.get("code", ""), data.get("events", 0), x, y - radius - 3, node))
    body.append(Markup("</g>"))
    arrow = Markup('<defs><marker id="arrow" viewBox="0 0 10 10" refX="14" refY="5" markerWidth="6" markerHeight="6" '
                   'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" class="arrow"/></marker></defs>')
    return svg(title, [arrow] + body, size, size, "chart network")
