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
    plover: Optional[str] = typer.Option(None, "--plover", help="PLOVER gold sentences (PLOVER_GSR_CAMEO JSON file)."),
    corpus: Optional[str] = typer.Option(None, "--corpus", help="The shared data folder holding the corpora our event corpus points into (../shared)."),
    split: str = typer.Option("dev", "--split", help="Split of our event corpus: train, dev or test (test: score once, at the end)."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Score only the first N PLOVER sentences."),
    model: str = typer.Option("shipped", "--model", help="Event model: 'shipped', 'rules' (the rule coder alone) or a model JSON file."),
    dictionaries: Optional[str] = typer.Option(None, "--dictionaries", help="PETRARCH-format dictionaries to use on top of the built-in lexicons."),
) -> None:
    """Event coding, scored strictly: on our event corpus (--corpus: found, category, source, target,
    modality, triple P/R/F1) and on PLOVER gold sentences (--plover)."""
    from newsgraph.pipeline import checked_lexicons
    from newsgraph.settings import Settings

    if not plover and not corpus:
        typer.echo("error: give --corpus (our event corpus) or --plover (PLOVER gold sentences), or both", err=True)
        raise typer.Exit(2)
    with clean_errors():
        settings = Settings(dictionaries=dictionaries or "")
        lexicons = checked_lexicons(settings)
        if corpus:
            from newsgraph.evaluate.event_corpus import evaluate_event_corpus
            from newsgraph.evaluate.event_scoring import format_scores

            from newsgraph.extract.events.model import event_model_named

            articles, scores = evaluate_event_corpus(corpus, tuple(split.split(",")), event_model_named(model), settings)
            sentences = sum(len(a.sentences) for a in articles)
            typer.echo(format_scores(scores, f"Event corpus, split {split}: {len(articles)} articles, {sentences} sentences"))
        if plover:
            from newsgraph.evaluate.event_scoring import format_scores
            from newsgraph.evaluate.plover import evaluate_plover, evaluate_plover_strict, format_report
            from newsgraph.extract.events.model import event_model_named

            chosen = event_model_named(model)
            typer.echo(format_scores(evaluate_plover_strict(plover, limit, chosen, lexicons),
                                     "PLOVER gold, strict (each prediction paired by its own trigger; codes with sectors):"))
            typer.echo("\nPLOVER gold, lenient (the event chosen by the gold trigger words; codes without sectors):")
            typer.echo(format_report(evaluate_plover(plover, limit, chosen, lexicons)))


@eval_app.command("actors")
def eval_actors(
    corpus: str = typer.Option(..., "--corpus", help="The shared data folder holding the corpora our event corpus points into (../shared)."),
    split: str = typer.Option("dev", "--split", help="Split of our event corpus: train, dev or test (test: score once, at the end)."),
    model: str = typer.Option("shipped", "--model", help="Whose sector model decides the sectors, as in the events stage: 'shipped', 'rules' (none: the lexicons' own) or a model JSON file."),
) -> None:
    """Actor codes on our event corpus: country and sector of the phrase at each gold actor span."""
    from newsgraph.evaluate.actor_codes import evaluate_actor_codes, format_actor_scores
    from newsgraph.extract.events.model import event_model_named

    with clean_errors():
        scores = evaluate_actor_codes(corpus, tuple(split.split(",")), event_model=event_model_named(model))
        typer.echo(format_actor_scores(scores, f"Actor codes, event corpus split {split}"))


@eval_app.command("kinds")
def eval_kinds(
    corpus: str = typer.Option(..., "--corpus", help="The shared data folder holding the corpora our event corpus points into (../shared)."),
    split: str = typer.Option("dev", "--split", help="Split of our event corpus: train, dev or test (test: score once, at the end)."),
    errors: int = typer.Option(0, "--errors", help="Also list this many wrongly kept or dropped sentences."),
) -> None:
    """Sentence kinds on our event corpus: precision and recall of 'not body' (captions, links, bylines,
    boilerplate, headlines), per kind, and the gold body sentences with events wrongly dropped."""
    from newsgraph.evaluate.sentence_kinds import evaluate_sentence_kinds, format_kind_scores

    with clean_errors():
        articles, scores = evaluate_sentence_kinds(corpus, tuple(split.split(",")))
        typer.echo(format_kind_scores(scores, f"Sentence kinds, event corpus split {split}: {len(articles)} articles",
                                      errors))
