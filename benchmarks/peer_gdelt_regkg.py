"""gdelt-regkg (the open peer that rebuilds GDELT's GKG from article text) on a folder of .txt articles,
as one whole process: load its spaCy recognizer once, make one GKG record per article, write them.

Run by ``benchmarks/peer.py`` with the peer's own Python (3.12 or newer, in its own virtual environment);
it imports nothing of newsgraph's. It prints one JSON line: articles, run seconds (from the model load
on; ``peer.py`` times the whole process), peak memory (MB), the GKG columns it did not compute, and the
peer's version.

The peer's tone, themes and GCAM columns need dictionaries its build downloads from the web (General
Inquirer, CrisisLex, WordNet, the GCAM codebook) and its locations a gazetteer built from GDELT's own
files; none can be fetched here. Those four columns are given empty (``overrides``, which skips their
analysis) and the gazetteer is empty (names are still looked up, nothing is found). Everything else runs
as the peer ships it: its spaCy recognizer (tagger and NER; parser and lemmatizer off), names, counts
with its packaged rules, dates, amounts and quotations. What is timed is therefore less than the peer's
whole work: a lower bound on its time and memory.
"""
from __future__ import annotations

import argparse
import json
import resource
import time
import warnings
from importlib.metadata import version
from pathlib import Path

import gdelt_regkg
from gdelt_regkg import RecordMetadata, Resources, generate_gkg, write_gkg
from gdelt_regkg.fields.locations import Gazetteer
from gdelt_regkg.fields.ner import SpacyNER

NOT_COMPUTED = {"V1.5TONE": "", "V2GCAM": "", "V1THEMES": "", "V2ENHANCEDTHEMES": ""}
"""The columns whose dictionaries cannot be built offline, given empty so that the peer skips them."""


def metadata(number: int, name: str) -> RecordMetadata:
    return RecordMetadata(identifier=f"https://example.org/{name}", batch_time="20261001091500", sequence=number,
                          sharing_image="", related_images=[], social_image_embeds=[], social_video_embeds=[],
                          extras={})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--model", required=True, help="the spaCy pipeline's package name")
    parser.add_argument("--out", type=Path, required=True, help="the GKG file written")
    args = parser.parse_args()
    started = time.perf_counter()
    packaged = str(Path(gdelt_regkg.__file__).parent / "resources")  # its name and count rules ship here
    resources = Resources(resources_dir=packaged, gazetteer=Gazetteer("empty", ()),
                          recognizer=SpacyNER.from_model(args.model, resources_dir=packaged))
    records = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # one "unavailable fields" warning an article would flood the output
        for number, path in enumerate(sorted(args.folder.glob("*.txt")), 1):
            records.append(generate_gkg(path.read_text(encoding="utf-8"), metadata(number, path.stem), resources,
                                        overrides=NOT_COMPUTED))
    with args.out.open("w", encoding="utf-8", newline="") as stream:
        write_gkg(records, stream, allow_incomplete=True)
    print(json.dumps({"articles": len(records), "run_seconds": time.perf_counter() - started,
                      "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "not_computed": sorted(NOT_COMPUTED), "version": version("gdelt-regkg")}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
