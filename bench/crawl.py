"""Benchmark: crawl synthetic sources end to end (politeness delays off, extraction on).

A loopback server (its own process) serves N postings across the source types in their
real formats; the real spiders crawl them into a fresh SQLite store, then new postings are
tagged. Prints postings/s and peak memory at 1k and 10k postings, the pages/s of a
JSON-LD crawl (one page per posting), and `scrapy bench`'s pages/s in the same run.
Goals (2 cores): >= 300 postings/s from the list APIs; JSON-LD >= 0.8x scrapy bench;
memory flat (< 600 MB).

    .venv/bin/python bench/crawl.py
    .venv/bin/python bench/crawl.py --sizes 1000 --jsonld-pages 500 --no-scrapy-bench
"""

from __future__ import annotations

import argparse
import re
import resource
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawl_data import bench_config, boards_config, write_boards, write_sources

from skillgap.config import load_config
from skillgap.run.crawl import crawl

LIST_TYPES = ("greenhouse", "lever", "ashby", "remoteok", "rss", "hackernews")


def serve(root: Path) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler.sampleserver", "--data", str(root)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    return proc, proc.stdout.readline().strip()


def run_crawl(root: Path, extract: bool, make_config: Any = None) -> tuple[Any, float]:
    proc, url = serve(root)
    try:
        cfg_path = root / "bench.toml"
        cfg_path.write_text(
            (make_config or bench_config)(root, url, f"sqlite:///{root / 'bench.sqlite'}")
        )
        result = crawl(load_config(cfg_path), extract=extract)
    finally:
        proc.terminate()
        proc.wait()
    parent_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result, parent_peak


def scrapy_bench() -> float | None:
    """pages/s reported by `scrapy bench` (10 s run), or None if it fails."""
    exe = Path(sys.executable).with_name("scrapy")
    with tempfile.TemporaryDirectory() as tmp:  # outside the project: Scrapy's defaults
        done = subprocess.run(
            [str(exe), "bench", "-s", "LOG_LEVEL=INFO"],
            cwd=tmp,
            capture_output=True,
            text=True,
            timeout=120,
        )
    rates = [int(m) for m in re.findall(r"at (\d+) pages/min", done.stderr)]
    rates = [r for r in rates if r > 0]
    return max(rates) / 60 if rates else None


def crawl_boards(boards: int, per_board: int, gone: int, extract: bool) -> None:
    """Crawl `boards` ATS boards (one source per ATS, as the market preset makes them) twice:
    the second crawl skips the boards the first found gone. Prints time and peak memory."""
    with tempfile.TemporaryDirectory(prefix="skillgap-bench-") as tmp:
        root = Path(tmp) / "boards"
        written = write_boards(root, boards, per_board, gone)
        print(f"{boards} boards ({gone} gone), {written} postings, 7 sources")
        print(f"{'crawl':>6} {'stored':>7} {'gone':>5} {'skipped':>7} {'errors':>6} {'s':>6} "
              f"{'boards/s':>8} {'crawler MB':>10} {'parent MB':>9}")  # fmt: skip
        for label in ("first", "again"):
            result, parent_peak = run_crawl(root, extract=extract, make_config=boards_config)
            figs = result.figures.values()
            gone_n = sum(len(f.get("gone", [])) for f in figs)
            skipped = sum(len(f.get("skipped", [])) for f in figs)
            errors = sum(f["errors"] for f in figs)
            rate = (boards + gone - skipped) / result.elapsed
            print(f"{label:>6} {result.postings:>7} {gone_n:>5} {skipped:>7} {errors:>6} "
                  f"{result.elapsed:>6.1f} {rate:>8.0f} {result.peak_rss_mb or 0:>10.0f} "
                  f"{parent_peak:>9.0f}", flush=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--jsonld-pages", type=int, default=2000)
    parser.add_argument("--no-extract", action="store_true")
    parser.add_argument("--no-scrapy-bench", action="store_true")
    parser.add_argument("--boards", type=int, default=0, help="crawl N boards (preset shape)")
    parser.add_argument("--per-board", type=int, default=5)
    parser.add_argument("--gone", type=int, default=0, help="listed boards that answer 404")
    args = parser.parse_args()
    if args.boards:
        crawl_boards(args.boards, args.per_board, args.gone, extract=not args.no_extract)
        return
    with tempfile.TemporaryDirectory(prefix="skillgap-bench-") as tmp:
        print(
            f"{'postings':>8} {'stored':>7} {'crawl s':>8} {'post/s':>7} {'list post/s':>11} "
            f"{'extract s':>9} {'e2e post/s':>10} {'crawler MB':>10} {'parent MB':>9}"
        )
        for n in args.sizes:
            root = Path(tmp) / f"mix{n}"
            write_sources(root, n)
            result, parent_peak = run_crawl(root, extract=not args.no_extract)
            stored = result.postings
            list_stored = sum(f["new"] for s, f in result.figures.items() if s in LIST_TYPES)
            list_secs = max(f["seconds"] for s, f in result.figures.items() if s in LIST_TYPES)
            ex = result.extracted
            ex_s = getattr(ex, "seconds", 0.0)
            print(
                f"{n:>8} {stored:>7} {result.elapsed:>8.1f} {stored / result.elapsed:>7.0f} "
                f"{list_stored / list_secs:>11.0f} {ex_s:>9.1f} "
                f"{stored / (result.elapsed + ex_s):>10.0f} {result.peak_rss_mb or 0:>10.0f} "
                f"{parent_peak:>9.0f}",
                flush=True,
            )
            if result.status != "ok":
                print(f"  status {result.status}: {result.errors}")
        root = Path(tmp) / "jsonld"
        write_sources(root, args.jsonld_pages, only="jsonld")
        result, _ = run_crawl(root, extract=False)
        fig = next(iter(result.figures.values()))
        pages_s = fig["new"] / fig["seconds"] if fig["seconds"] else 0.0
        print(
            f"JSON-LD pages: {fig['new']} postings from {args.jsonld_pages} pages in "
            f"{fig['seconds']:.1f} s (spider open to close) = {pages_s:.0f} pages/s"
        )
        if not args.no_scrapy_bench:
            ref = scrapy_bench()
            if ref:
                print(
                    f"scrapy bench: {ref:.0f} pages/s; "
                    f"JSON-LD / scrapy bench = {pages_s / ref:.2f}x"
                )
            else:
                print("scrapy bench: no rate reported")


if __name__ == "__main__":
    main()
