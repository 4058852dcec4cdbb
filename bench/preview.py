"""Rebuilds in the preview server (issue 9): the site built again and again in one process, as
`invoke serve` does, after editing one post and after adding one post.

    python bench/preview.py CONTENT OUTPUT CACHE --runs 3 --json preview.json

The first build fills the output and cache folders. Then, per run, one post is edited (the one
bench/run.py edits, the same way) and the site rebuilt, then one post is added and the site
rebuilt. For each rebuild it records when every page is written (what the editor waits for: the
server then tells open pages to reload) and when the search index is in place (it is made after
the pages, in the background). Times are wall-clock seconds from the start of the build.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT / "plugins"))

import generate  # noqa: E402

AS_OF = "2026-11-22"


def timed_build(previewer, output: Path) -> dict:
    from cchc_search.plugin import wait_for_index

    started = time.perf_counter()
    if previewer.build() is None:
        raise SystemExit("the preview build failed (see the log above)")
    pages = time.perf_counter() - started
    wait_for_index(output)
    searchable = time.perf_counter() - started
    gc.collect()  # as the preview server does after each build (cchc_content.devserver.serve)
    return {"pages": pages, "search": searchable}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("cache", type=Path)
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="write the timings here")
    args = parser.parse_args(argv)

    from pelican.log import init as init_logging

    from cchc_content.devserver import Previewer

    init_logging(name="pelican")
    logging.getLogger("cchc_content.parallel").setLevel(logging.INFO)  # how many pages each build made
    previewer = Previewer(args.settings, args.content.resolve(), args.output.resolve(),
                          {"CACHE_PATH": str(args.cache.resolve()), "CCHC_AS_OF": AS_OF})
    result = {"warm": timed_build(previewer, args.output.resolve()), "edit": [], "add": []}
    posts = sorted((args.content / generate.POSTS_DIR).rglob("*.md"))
    edited = posts[len(posts) // 2]
    original = edited.read_text(encoding="utf-8")
    for run in range(1, args.runs + 1):
        edited.write_text(original + f"\nBài được cập nhật lần {run}: bổ sung số liệu mới nhất.\n", encoding="utf-8")
        result["edit"].append(timed_build(previewer, args.output.resolve()))
        generate.extra_post(args.content, args.seed, run, ROOT / "data")
        result["add"].append(timed_build(previewer, args.output.resolve()))
        print(f"run {run}: after edit {result['edit'][-1]}, after add {result['add'][-1]}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
