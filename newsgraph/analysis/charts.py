"""Charts of the analysis records, drawn with matplotlib's Agg backend (no display needed) and
written as PNG or SVG by the file's suffix."""
from __future__ import annotations

from pathlib import Path

from newsgraph.errors import OutputError

FORMATS = (".png", ".svg")
MAX_TICK_LABELS = 30
QUAD_COLOURS = {"verbal_cooperation": "#7fbf7b", "material_cooperation": "#1b7837",
                "verbal_conflict": "#f4a582", "material_conflict": "#b2182b"}


def figure():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    return Figure(figsize=(10, 6), layout="constrained")


def check_chart_path(path: str) -> None:
    """OutputError unless ``path`` ends in .png or .svg and its folder exists (before any work is done)."""
    if Path(path).suffix.lower() not in FORMATS:
        raise OutputError(f"cannot draw a chart to {path}: give a file ending in .png or .svg")
    folder = Path(path).resolve().parent
    if not folder.is_dir():
        raise OutputError(f"cannot write {path}: the folder {folder} does not exist")


def save(fig, path: str) -> None:
    check_chart_path(path)
    try:
        fig.savefig(path)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None


def plot_dyad(periods, path: str, title: str) -> None:
    """Events per period stacked by QuadClass (top) and the Goldstein sum (bottom) of ``dyads.DyadPeriod``s."""
    fig = figure()
    counts, goldstein = fig.subplots(2, 1, sharex=True, height_ratios=[2, 1])
    positions = list(range(len(periods)))
    bottom = [0] * len(periods)
    for field, colour in QUAD_COLOURS.items():
        values = [getattr(p, field) for p in periods]
        counts.bar(positions, values, bottom=bottom, color=colour, label=field.replace("_", " "))
        bottom = [b + v for b, v in zip(bottom, values)]
    counts.set_ylabel("events")
    counts.set_title(title)
    counts.legend(loc="upper left", fontsize="small")
    goldstein.plot(positions, [p.goldstein_sum for p in periods], marker="o", markersize=3, color="#333333")
    goldstein.axhline(0, color="#999999", linewidth=0.8)
    goldstein.set_ylabel("Goldstein sum")
    shown = positions[::max(1, len(periods) // MAX_TICK_LABELS)]  # three years of weeks stay readable
    goldstein.set_xticks(shown, [periods[i].period for i in shown], rotation=60, fontsize="small")
    save(fig, path)


def plot_actors(actors, path: str, title: str) -> None:
    """Horizontal bars of events as source and as target of ``actors.ActorActivity``s."""
    fig = figure()
    axes = fig.subplots()
    names = [f"{a.name} ({'/'.join(b for b in (a.code, a.sector) if b)})" for a in reversed(actors)]
    as_source = [a.as_source for a in reversed(actors)]
    axes.barh(names, as_source, color="#2166ac", label="as source")
    axes.barh(names, [a.as_target for a in reversed(actors)], left=as_source, color="#d6604d", label="as target")
    axes.set_xlabel("events")
    axes.set_title(title)
    axes.legend(loc="lower right")
    save(fig, path)
