"""Peak memory while streaming WARC files of growing size through newsgraph's ingest.

    .venv/bin/python benchmarks/warc_memory.py [--sizes 0.5 1.1] [--folder /tmp/newsgraph-warc]

Builds WARC.gz-free (plain) WARC files of the given sizes in GB from the AllSides articles
(../shared/corpora/allsides-world/articles.jsonl): each article becomes an HTML page (with
navigation and footer boilerplate) in a `response` record, followed by a large `image/jpeg`
response and a `request` record, as in a crawl. Each file is then read by `read_inputs` in a fresh
process (HTML extraction included, no NLP), and that process's peak RSS is printed: it should stay
under 1.5 GB and flat as the file grows."""
from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "allsides-world" / "articles.jsonl"
IMAGE_BYTES = 400_000
NAVIGATION = "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(60))


def html_page(article: dict, copy: int) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in article["content_original"].split("\n") if p.strip())
    return (f"<!DOCTYPE html><html><head><title>{article['title']} ({copy})</title></head><body>"
            f"<nav><ul>{NAVIGATION}</ul></nav><article><h1>{article['title']}</h1>{paragraphs}"
            f"<p>Copy {copy}.</p></article><footer>{NAVIGATION}</footer></body></html>").encode("utf-8")


def write_record(writer, uri: str, body: bytes, content_type: str) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))
    request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
    writer.write_record(writer.create_warc_record(uri, "request", payload=io.BytesIO(b""), http_headers=request))


def build_warc(path: Path, gigabytes: float) -> int:
    """Write a WARC of about ``gigabytes`` GB; the number of HTML pages in it."""
    from warcio.warcwriter import WARCWriter
    articles = [json.loads(line) for line in CORPUS.open(encoding="utf-8")]
    image = os.urandom(IMAGE_BYTES)
    pages = 0
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=False)
        while stream.tell() < gigabytes * 1e9:
            article = articles[pages % len(articles)]
            write_record(writer, f"https://example.org/story/{pages}", html_page(article, pages), "text/html")
            write_record(writer, f"https://example.org/image/{pages}.jpg", image, "image/jpeg")
            pages += 1
    return pages


def measure(path: Path) -> dict:
    """Read the WARC in a fresh process; its peak RSS, counts and time."""
    code = ("import resource, sys, time, json; from newsgraph.ingest.read import read_inputs, ReadStats;"
            "s = ReadStats(); t = time.perf_counter(); n = sum(1 for _ in read_inputs([sys.argv[1]], stats=s));"
            "print(json.dumps({'results': n, 'articles': s.articles, 'failures': s.failures,"
            "'seconds': time.perf_counter() - t, 'peak_rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))")
    output = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    return json.loads(output.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.5, 1.1], help="WARC sizes in GB")
    parser.add_argument("--folder", default="/tmp/newsgraph-warc-benchmark")
    parser.add_argument("--keep", action="store_true", help="keep the WARC files")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is missing (the shared data folder beside the project)")
        return 0
    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    for size in args.sizes:
        path = folder / f"crawl-{size}GB.warc"
        started = time.perf_counter()
        pages = build_warc(path, size)
        built = time.perf_counter() - started
        result = measure(path)
        print(f"{path.stat().st_size / 1e9:.2f} GB WARC, {pages} HTML pages (built in {built:.0f} s): "
              f"{result['articles']} articles, {result['failures']} failures in {result['seconds']:.0f} s "
              f"({result['articles'] / result['seconds']:.0f} pages/s), peak RSS {result['peak_rss_mb']:.0f} MB")
        if not args.keep:
            path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
