"""Helpers shared by tests: paths under ../shared (skipped with the folder's name when it is absent),
constructed articles."""
from pathlib import Path

import pytest

from newsgraph.model import ActorRef, Amount, Article, Cue, Entity, Event, Mention, Quote, Speaker

SHARED = Path(__file__).resolve().parents[2] / "shared"


def shared_path(relative: str) -> Path:
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"{path} is missing (the shared data folder beside the project)")
    return path


def shared_dictionaries() -> Path:
    return shared_path("dictionaries/petrarch2")


def meeting_report(sentence: str, trigger: str, source: str, published: str) -> Article:
    """A constructed report of the Geneva meeting: two named sides, a quote, an amount."""
    quote = '"We will talk again," Biden said.'
    text = f"{sentence}\n\n{quote} Both sides promised $2 billion in aid."
    span = lambda part: (text.index(part), text.index(part) + len(part))  # noqa: E731
    biden = Entity("e1", "Joe Biden", "PERSON", [Mention(*span("Biden"), "Biden", "name", "ner")], code="USA",
                   country="USA", sector="GOV")
    putin = Entity("e2", "Vladimir Putin", "PERSON", [Mention(*span("Putin"), "Putin", "name", "ner")], code="RUS",
                   country="RUS", sector="GOV")
    geneva = Entity("e3", "Geneva", "PLACE", [Mention(*span("Geneva"), "Geneva", "name", "ner")], country="CHE")
    event = Event("v1", [ActorRef("e1", "Joe Biden", "USA", "USA", "GOV")],
                  [ActorRef("e2", "Vladimir Putin", "RUS", "RUS", "GOV")], "043", "04", 1, 2.8, "CONSULT", False,
                  "asserted", span(sentence), span(trigger), trigger, rule="test", date=published,
                  date_precision="day", place="Geneva", place_country="CHE", latitude=46.20222, longitude=6.14569)
    spoken = Quote("q1", "direct", "We will talk again,", span("We will talk again,"),
                   Speaker("e1", "Joe Biden", span("Biden")), Cue("said", "say", span("said")),
                   mentions=[span("We will talk again,")], rule="test")
    aid = Amount(2e9, "USD", "$2 billion", span("$2 billion"), object="aid", rule="test")
    return Article(text, title=f"Summit in Geneva | {source}", source=source, url=f"https://{source}.example/geneva",
                   published=published, entities=[biden, putin, geneva], events=[event], quotes=[spoken],
                   amounts=[aid])
