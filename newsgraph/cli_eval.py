"""`newsgraph eval ...`: thin shells over the scorers in newsgraph.evaluate."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Optional

import typer

from newsgraph.errors import NewsgraphError

@contextmanager
def clean_errors():
    """A missing or unreadable gold file is a one-line message and exit code 2, not a traceback."""
    try:
        yield
    except (OSError, ValueError, NewsgraphError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2)


eval_app = typer.Typer(help="Measure newsgraph against gold data (PolNeAR quotes, our speaker gold, PLOVER events).",
                       no_args_is_help=True)


@eval_app.command("quotes")
def eval_quotes(
    polnear: str = typer.Option(..., "--polnear", help="PolNeAR folder (or its data/ folder, holding train/ and dev/)."),
    split: str = typer.Option("dev", "--split", help="Which split to score: train or dev."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Score only the first N articles."),
) -> None:
    """Quotation attribution on PolNeAR: P/R/F1 of source, cue and content, exact and overlap."""
    from newsgraph.evaluate.polnear import evaluate_polnear, format_report

    with clean_errors():
        typer.echo(format_report(evaluate_polnear(polnear, split, limit)))


@eval_app.command("speakers")
def eval_speakers(
    corpus: str = typer.Option(..., "--corpus", help="The AllSides articles.jsonl the speaker gold refers to."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Score only the first N annotated articles."),
) -> None:
    """Canonical speaker accuracy on newsgraph's own speaker gold (annotations shipped in the package)."""
    from newsgraph.evaluate.speakers import evaluate_speakers, format_report

    with clean_errors():
        typer.echo(format_report(evaluate_speakers(corpus, limit=limit)))


@eval_app.command("events")
def eval_events(
    plover: str = typer.Option(..., "--plover", help="PLOVER gold sentences (PLOVER_GSR_CAMEO JSON file)."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Score only the first N sentences."),
    dictionaries: Optional[str] = typer.Option(None, "--dictionaries", help="PETRARCH-format dictionaries to use on top of the built-in lexicons."),
) -> None:
    """Event coding on PLOVER gold sentences: category accuracy, source/target code accuracy,
    triple (source, target, category) P/R/F1 and the worst confusions."""
    from newsgraph.evaluate.plover import evaluate_plover, format_report
    from newsgraph.pipeline import use_dictionaries

    with clean_errors():
        if dictionaries:
            use_dictionaries(dictionaries)
        typer.echo(format_report(evaluate_plover(plover, limit)))
