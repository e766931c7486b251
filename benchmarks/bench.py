"""One benchmark run (``make bench``): spaCy parse alone against the full newsgraph analyse on the same
AllSides articles, each stage's share, 1 against 2 local workers, a Dask LocalCluster of 2 against
2 local workers, and peak memory.

    .venv/bin/python benchmarks/bench.py [--articles 500] [--store full|small|none] [--rounds 1]

The first ``--articles`` AllSides world-affairs articles with a text (../shared/corpora/allsides-world/
articles.jsonl, field ``content_original``) are written one per file into a temporary folder; every
configuration reads that folder. Each configuration runs as a process of its own, so its time
includes starting Python and loading the model ("whole process"), and its peak memory is its own
(getrusage: the process itself, and its largest worker process for the runs with workers), as are its
CPU seconds (user and system, its own and its worker processes'):

- parse: ``read_inputs`` on the folder (the texts analyse gets), then ``nlp.pipe`` of spaCy's pipeline as
  it ships (``spacy.load``, nothing of newsgraph's) on them, nothing else;
- parse-no-huge-pages: the same, with numpy's huge pages turned off first as newsgraph's model load
  turns them off (``without_numpy_huge_pages``), so that analyse is also compared on equal terms;
- stages: newsgraph's parse (its pipeline: spaCy's with newsgraph's components, the attribute ruler in
  array form), then each default stage over every article, timed on its own (stages_speed.time_stages);
- analyse with 1 worker, with 2 local worker processes (--workers 2), and on a Dask LocalCluster
  of 2 worker processes (--dask local:2), each into a fresh store;
- then the store figures of the corpus issue: ``store_scale.py --insert-only`` builds a synthetic store
  of 1 M events (bulk insert rows/s, size per million events, stats time), and ``analysis_speed.py``
  and ``export_speed.py`` run on it (dyad, actors, network, search; GDELT and Parquet exports).

"work s" is the parse (or the analyse run) without starting Python and loading the model in the
process itself; the worker processes of the 2-worker and Dask runs load it within their work time
(and the Dask run starts its cluster there), so those two compare with each other as they are.

Words are white-space separated words of the texts parsed. The machine is shared: compare the
ratios printed, not absolute seconds across runs. ``--rounds N`` runs every configuration N times, one
round after another (parse, analyse 1, parse with huge pages off, analyse 2, Dask, stages; then again:
the two runs of each ratio next to each other): the table shows each configuration's median run, and
each ratio is the median of its N per-round ratios (each round's pair measured one after the other, so
that a machine slowing down or speeding up between rounds moves both sides), with the per-round values
beside it.
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from statistics import median

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[1] / "shared" / "corpora" / "allsides-world" / "articles.jsonl"
CONFIGURATIONS = ("parse", "analyse-1", "parse-no-huge-pages", "analyse-2", "dask-2", "stages")
"""The order of a round: the two runs of each ratio are next to each other (analyse 1 between the two parses,
2 workers after the parse with huge pages off, Dask after 2 workers), so that the machine's pace, which
moves from hour to hour, moves both sides of a ratio alike."""


def write_articles(count: int, folder: Path) -> int:
    """The first ``count`` AllSides articles with a text, one .txt file each; how many were written."""
    with CORPUS.open(encoding="utf-8") as lines:
        records = (json.loads(line) for line in lines if line.strip())
        texts = itertools.islice((r["content_original"] for r in records if (r.get("content_original") or "").strip()), count)
        written = 0
        for number, text in enumerate(texts):
            (folder / f"{number:05d}.txt").write_text(text, encoding="utf-8")
            written += 1
    return written


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


# ---- one configuration, in its own process ----------------------------------------------------

def parsed_texts(folder: Path, stock: bool = False, huge_pages: bool = True):
    """The articles of ``folder``, their parses and the parse's seconds: with spaCy's own pipeline as
    it ships (``stock``), or with newsgraph's (its components added, its attribute ruler in array form).
    Without ``huge_pages``, numpy's huge pages are turned off first, as newsgraph's model load does."""
    import spacy
    from newsgraph.ingest.read import read_inputs
    from newsgraph.model import Article
    from newsgraph.pipeline import installed_model, load_nlp, text_to_parse, without_numpy_huge_pages
    from newsgraph.settings import Settings

    if not huge_pages:
        without_numpy_huge_pages()
    articles = [a for a in read_inputs([str(folder)]) if isinstance(a, Article)]
    nlp = spacy.load(installed_model(Settings().model)) if stock else load_nlp(Settings().model)
    started = time.perf_counter()
    docs = list(nlp.pipe((text_to_parse(a, Settings().max_chars) for a in articles), batch_size=Settings().batch_size))
    return articles, docs, time.perf_counter() - started


def run_parse(folder: Path, huge_pages: bool = True) -> dict:
    articles, docs, seconds = parsed_texts(folder, stock=True, huge_pages=huge_pages)
    return {"articles": len(articles), "words": sum(len(a.text.split()) for a in articles), "parse_seconds": seconds}


def run_stages(folder: Path) -> dict:
    sys.path.insert(0, str(HERE))
    from stages_speed import time_stages
    from newsgraph.pipeline import DEFAULT_STAGES, checked_lexicons, ordered_stages
    from newsgraph.settings import Settings

    articles, docs, parse = parsed_texts(folder)
    stages, lexicons = ordered_stages(DEFAULT_STAGES), checked_lexicons(Settings())
    warm = replace(articles[0], doc=docs[0])
    time_stages([warm], stages, lexicons)  # gazetteer and office holders load here, untimed
    ready = [replace(a, doc=d) for a, d in zip(articles, docs)]
    return {"articles": len(articles), "parse_seconds": parse, "stages": time_stages(ready, stages, lexicons)}


def run_analyse(folder: Path, workers: int, dask: str) -> dict:
    from newsgraph.analyze import RunSummary, analyze_paths, recorded_run
    from newsgraph.settings import Settings
    from newsgraph.store import Store

    with tempfile.TemporaryDirectory() as scratch:
        settings = Settings(db=os.path.join(scratch, "bench.duckdb"), workers=workers, dask=dask)
        summary = RunSummary()
        if workers == 1 and not dask:  # as for the parse alone, the model load is not in the work time
            from newsgraph.pipeline import load_nlp
            load_nlp(settings.model)
        started = time.perf_counter()
        with Store(settings.db) as store, recorded_run(store, "analyze", [str(folder)], settings, summary):
            for _ in analyze_paths([str(folder)], settings, store, summary):
                pass
        return {"articles": summary.done, "stored": summary.stored, "run_seconds": time.perf_counter() - started}


def run_one(configuration: str, folder: Path) -> dict:
    if configuration == "parse":
        result = run_parse(folder)
    elif configuration == "parse-no-huge-pages":
        result = run_parse(folder, huge_pages=False)
    elif configuration == "stages":
        result = run_stages(folder)
    elif configuration == "dask-2":
        result = run_analyse(folder, 1, "local:2")
    else:
        result = run_analyse(folder, int(configuration.rsplit("-", 1)[1]), "")
    return result | {"rss_mb": peak_mb(resource.RUSAGE_SELF), "children_rss_mb": peak_mb(resource.RUSAGE_CHILDREN),
                     "cpu_seconds": cpu_seconds()}


def cpu_seconds() -> float:
    """User and system CPU seconds of this process and its finished worker processes."""
    return sum(usage.ru_utime + usage.ru_stime for usage in (resource.getrusage(resource.RUSAGE_SELF),
                                                             resource.getrusage(resource.RUSAGE_CHILDREN)))


# ---- the whole benchmark -------------------------------------------------------------------------

def measure(configuration: str, folder: Path) -> dict:
    """``configuration`` in a process of its own: its figures and its whole-process seconds."""
    return timed_process([sys.executable, __file__, "--one", configuration, "--folder", str(folder)])


def timed_process(command: list[str]) -> dict:
    """The JSON figures ``command`` prints as its last line, and its whole-process seconds."""
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1]) | {"process_seconds": time.perf_counter() - started}


def median_run(runs: list[dict], key: str) -> dict:
    """The run whose ``key`` is the median of ``runs`` (the lower middle one of an even number)."""
    return sorted(runs, key=lambda run: run[key])[(len(runs) - 1) // 2]


def ratio_text(pairs: list[tuple[float, float]]) -> str:
    """The median of the ratios a / b of each round, and each round's when there are several."""
    ratios = [a / b for a, b in pairs]
    return f"{median(ratios):.2f}x" + (f" (rounds: {', '.join(f'{r:.3f}' for r in ratios)})" if len(ratios) > 1 else "")


def round_pairs(rounds: dict[str, list[dict]], a: str, key_a: str, b: str, key_b: str) -> list[tuple[float, float]]:
    """(``a``'s ``key_a``, ``b``'s ``key_b``) of each round."""
    return [(x[key_a], y[key_b]) for x, y in zip(rounds[a], rounds[b])]


def report(rounds: dict[str, list[dict]], count: int) -> list[str]:
    work = {"parse": "parse_seconds", "parse-no-huge-pages": "parse_seconds", "stages": "parse_seconds",
            "analyse-1": "run_seconds", "analyse-2": "run_seconds", "dask-2": "run_seconds"}
    results = {name: median_run(runs, work[name]) for name, runs in rounds.items()}
    parse, parse_same, stages = results["parse"], results["parse-no-huge-pages"], results["stages"]
    one, two, dask = results["analyse-1"], results["analyse-2"], results["dask-2"]
    words = parse["words"]
    lines = [f"machine: {os.cpu_count()} CPU cores, {memory_gb():.1f} GB RAM, load {os.getloadavg()[0]:.1f}; "
             f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {count} AllSides articles, {words:,} words"
             + (f"; {len(rounds['parse'])} rounds, the median run of each shown" if len(rounds["parse"]) > 1 else ""),
             "", f"{'run':<36} {'process s':>9} {'work s':>8} {'CPU s':>6} {'words/s':>8} {'art/s':>6} {'peak MB':>8} "
             f"{'worker MB':>9}"]
    rows = [("spaCy parse alone (as shipped)", parse, parse["parse_seconds"]),
            ("spaCy parse alone, no huge pages", parse_same, parse_same["parse_seconds"]),
            ("analyse, 1 worker", one, one["run_seconds"]),
            ("analyse, 2 local workers", two, two["run_seconds"]), ("analyse, Dask LocalCluster(2)", dask, dask["run_seconds"])]
    for name, figures, work in rows:
        lines.append(f"{name:<36} {figures['process_seconds']:9.1f} {work:8.1f} {figures['cpu_seconds']:6.1f} "
                     f"{words / work:8.0f} {count / work:6.2f} {figures['rss_mb']:8.0f} {figures['children_rss_mb']:9.0f}")
    lines += ["", f"full analyse / parse alone: {ratio_text(round_pairs(rounds, 'analyse-1', 'process_seconds', 'parse', 'process_seconds'))}"
              f" as whole processes (model load included), "
              f"{ratio_text(round_pairs(rounds, 'analyse-1', 'run_seconds', 'parse', 'parse_seconds'))} in-process (analyse run vs nlp.pipe)",
              f"full analyse / parse alone with numpy's huge pages off as newsgraph has them: "
              f"{ratio_text(round_pairs(rounds, 'analyse-1', 'process_seconds', 'parse-no-huge-pages', 'process_seconds'))} "
              f"as whole processes, {ratio_text(round_pairs(rounds, 'analyse-1', 'cpu_seconds', 'parse-no-huge-pages', 'cpu_seconds'))} "
              f"in CPU seconds",
              f"2 local workers over 1: {ratio_text(round_pairs(rounds, 'analyse-1', 'run_seconds', 'analyse-2', 'run_seconds'))} faster",
              f"Dask LocalCluster(2) against 2 local workers: "
              f"{ratio_text(round_pairs(rounds, 'dask-2', 'run_seconds', 'analyse-2', 'run_seconds'))} the time "
              f"(cluster start and model load per worker included)",
              f"newsgraph's parse (its components, the attribute ruler in array form) / spaCy's parse alone: "
              f"{ratio_text(round_pairs(rounds, 'stages', 'parse_seconds', 'parse', 'parse_seconds'))}",
              "", f"stage shares (stages run, {stages['articles']} articles; parse {stages['parse_seconds']:.1f} s):"]
    total = stages["parse_seconds"] + sum(stages["stages"].values())
    lines.append(f"  {'parse':<14} {stages['parse_seconds']:7.1f} s {stages['parse_seconds'] / total:6.1%}")
    for name, seconds in stages["stages"].items():
        lines.append(f"  {name:<14} {seconds:7.1f} s {seconds / total:6.1%}")
    return lines


def memory_gb() -> float:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1e9


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--store", choices=("full", "small", "none"), default="full",
                        help="the corpus issue's store figures on 1 M synthetic events (small: 10 k; none: skip)")
    parser.add_argument("--rounds", type=int, default=1, help="run every configuration this many times (medians)")
    parser.add_argument("--one", choices=CONFIGURATIONS, help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, Path(args.folder))))
        return 0
    if not CORPUS.exists():
        print(f"{CORPUS} is missing (the shared data folder beside the project)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as scratch:
        count = write_articles(args.articles, Path(scratch))
        rounds: dict[str, list[dict]] = {configuration: [] for configuration in CONFIGURATIONS}
        for number in range(1, max(1, args.rounds) + 1):
            for configuration in CONFIGURATIONS:
                print(f"running {configuration} (round {number}) ...", file=sys.stderr, flush=True)
                rounds[configuration].append(measure(configuration, Path(scratch)))
    print("\n".join(report(rounds, count)))
    if args.store != "none":
        print("\n".join(store_figures(args.store == "small")))
    return 0


STORE_SCRIPTS = (("bulk insert and size", "store_scale.py", ["--insert-only"]),
                 ("analysis questions", "analysis_speed.py", []), ("exports", "export_speed.py", []))


def store_figures(small: bool) -> list[str]:
    """The store figures of the corpus issue (15), from its benchmark scripts run one after the other on
    one synthetic store (1 M events over 100 k articles; ``small``: 10 k over 1 k), as they print them."""
    lines = ["", f"store figures (synthetic store of {'10 k' if small else '1 M'} events; benchmarks/README.md):"]
    with tempfile.TemporaryDirectory() as folder:
        events = 10_000 if small else 1_000_000
        for title, script, extra in STORE_SCRIPTS:
            print(f"running {script} ...", file=sys.stderr, flush=True)
            if script == "store_scale.py":
                arguments = extra + ["--keep", folder] + (["--small"] if small else [])
            else:
                arguments = ["--db", os.path.join(folder, f"synthetic-{events}.duckdb")]
            done = subprocess.run([sys.executable, str(HERE / script), *arguments], capture_output=True, text=True)
            output = done.stdout.strip().splitlines() if done.returncode == 0 else [f"failed: {done.stderr.strip()[-300:]}"]
            lines += [f"  {title} ({script}):"] + [f"    {line}" for line in output]
    return lines


if __name__ == "__main__":
    sys.exit(main())
