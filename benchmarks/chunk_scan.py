"""What it costs the client of a cluster run to find where big files are cut (newsgraph.ingest.chunks).

    .venv/bin/python benchmarks/chunk_scan.py [--megabytes 1000] [--chunk-megabytes 8]

Builds, in a temporary folder, three files of about ``--megabytes`` each (uncompressed) from the
AllSides world-affairs articles (../shared/corpora/allsides-world/articles.jsonl, repeated as often
as needed): a JSON Lines file of those records, and a WARC and a WARC.gz (a gzip member per record)
holding for each article a request record and a 2xx HTML response (the article's text in
paragraphs, padded with navigation and teasers of other articles to about 30 KB, the size of a
typical news page). Then it
times ``split_file`` on each with chunks of ``--chunk-megabytes`` (wall-clock and CPU seconds of
this process), and for comparison one plain pass over the same bytes: reading the file (counting
newline bytes), and for the WARC.gz inflating every gzip member with zlib. The files were just
written, so they are read from the page cache: the figures are what the scan costs in CPU, not what
a cold disk or a network file system adds. The machine is shared: the load average is printed.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
import time
import zlib
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from newsgraph.ingest.chunks import split_file  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "allsides-world" / "articles.jsonl"
PAGE_BYTES = 30_000
NAVIGATION = "".join(f"<li><a href='/section/{n}'>Section {n}</a></li>" for n in range(40))


def corpus_texts() -> list[str]:
    with CORPUS.open(encoding="utf-8") as lines:
        records = (json.loads(line) for line in lines)
        return [r["content_original"] for r in records if len(r.get("content_original") or "") > 500]


def html_page(texts: list[str], number: int) -> bytes:
    """The article ``number`` as an HTML page, padded to about PAGE_BYTES with navigation and
    teasers of the next articles (markup and text: it compresses about as a real page does)."""
    text = texts[number % len(texts)]
    paragraphs = "".join(f"<p>{part}</p>" for part in text.split("\n") if part.strip())
    page = (f"<!DOCTYPE html><html><head><title>Report {number}</title></head><body>"
            f"<nav><ul>{NAVIGATION}</ul></nav><article>{paragraphs}</article><aside>")
    other = number + 1
    while len(page) < PAGE_BYTES:
        page += f"<div class='teaser'><a href='/story/{other}'>{texts[other % len(texts)][:600]}</a></div>"
        other += 1
    return (page + "</aside></body></html>").encode("utf-8")


def build_files(folder: Path, megabytes: int) -> dict[str, Path]:
    texts, limit = corpus_texts(), megabytes * 10**6
    paths = {name: folder / name for name in ("big.jsonl", "big.warc", "big.warc.gz")}
    with paths["big.jsonl"].open("w", encoding="utf-8") as lines:
        number = 0
        while lines.tell() < limit:
            lines.write(json.dumps({"text": texts[number % len(texts)], "title": f"Report {number}"}) + "\n")
            number += 1
    for name, compress in (("big.warc", False), ("big.warc.gz", True)):
        with paths[name].open("wb") as output:
            writer, number, written = WARCWriter(output, gzip=compress), 0, 0
            while written < limit:
                page = html_page(texts, number)
                uri = f"http://news.test/{number}"
                writer.write_record(writer.create_warc_record(
                    uri, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"),
                    warc_content_type="application/http; msgtype=request"))
                headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(page), http_headers=headers))
                number, written = number + 1, written + len(page)
    return paths


def timed(work) -> tuple[object, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def newline_pass(path: Path) -> int:
    count = 0
    with path.open("rb") as stream:
        while block := stream.read(2**20):
            count += block.count(b"\n")
    return count


def inflate_pass(path: Path) -> int:
    """Inflate every gzip member of ``path``; the bytes inflated."""
    inflated, pending = 0, b""
    with path.open("rb") as stream:
        decompressor = zlib.decompressobj(wbits=31)
        while block := pending or stream.read(2**20):
            pending = b""
            inflated += len(decompressor.decompress(block))
            if decompressor.eof:
                pending, decompressor = decompressor.unused_data, zlib.decompressobj(wbits=31)
    return inflated


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--megabytes", type=int, default=1000)
    parser.add_argument("--chunk-megabytes", type=float, default=8)
    args = parser.parse_args()
    chunk_bytes = int(args.chunk_megabytes * 10**6)
    with tempfile.TemporaryDirectory() as folder:
        _, build_seconds, _ = timed(lambda: build_files(Path(folder), args.megabytes))
        paths = {name: Path(folder) / name for name in ("big.jsonl", "big.warc", "big.warc.gz")}
        print(f"built {args.megabytes} MB (uncompressed) of each kind in {build_seconds:.0f} s; "
              f"chunks of {args.chunk_megabytes:g} MB; load average {os.getloadavg()[0]:.2f}")
        print(f"{'file':<12} {'MB on disk':>10} {'chunks':>7} {'split s':>8} {'CPU s':>6} {'MB/s':>7}   plain pass")
        for name, path in paths.items():
            size = path.stat().st_size
            pieces, wall, cpu = timed(lambda: split_file(str(path), chunk_bytes))
            baseline = inflate_pass if name.endswith(".gz") else newline_pass
            _, plain_wall, plain_cpu = timed(lambda: baseline(path))
            print(f"{name:<12} {size / 1e6:>10.0f} {len(pieces):>7} {wall:>8.2f} {cpu:>6.2f} {size / 1e6 / wall:>7.0f}   "
                  f"{baseline.__name__}: {plain_wall:.2f} s ({plain_cpu:.2f} s CPU)")
        print(f"load average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
