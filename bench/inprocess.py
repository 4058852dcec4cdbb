"""Run one Pelican build in this process and say where its time goes: per plugin, or under cProfile.

    python bench/inprocess.py CONTENT OUTPUT --mode timers --json shares.json
    python bench/inprocess.py CONTENT OUTPUT --mode cprofile --report profile.txt

`timers` wraps the entry points Pelican calls (every generator's generate_context and
generate_output, every signal receiver, every reader's read) and charges each moment of the
build to the innermost one running; an entry point defined in a module of a plugin named in
PLUGINS is charged to that plugin. Rendering and writing done from a plugin's generator or
handler is the plugin's. `cprofile` runs the same build under cProfile and prints the top
functions by cumulative and by own time, plus the own time spent in each plugin's files.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import io
import json
import os
import pstats
import re
import resource
import site
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PELICAN_OWNER = "pelican"
_ROOTS = [str(ROOT)]  # paths in reports are shown relative to these (and to site-packages)
_LOCATION = re.compile(r"(/[^\s:]+):(\d+)\(")


def cpu_time() -> float:
    """CPU seconds of this process and of the children it has waited for (a plugin may run a tool)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


class Ledger:
    """Exclusive CPU time per entry point: each moment goes to the innermost timed call.

    CPU time (of this process and of the programs it runs), not wall-clock time, so that other
    work on the machine does not shift the shares.
    """

    def __init__(self, clock=cpu_time):
        self.clock = clock
        self.stack: list[list] = []  # [label, owner, start, time spent in timed children]
        self.own: dict[str, float] = defaultdict(float)
        self.inclusive: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.owners: dict[str, str] = {}

    def wrap(self, function, label: str, owner: str):
        """function, timed under label and charged to owner."""
        self.owners[label] = owner

        @functools.wraps(function)
        def timed(*args, **kwargs):
            frame = [label, owner, self.clock(), 0.0]
            self.stack.append(frame)
            try:
                return function(*args, **kwargs)
            finally:
                self.stack.pop()
                elapsed = self.clock() - frame[2]
                self.own[label] += elapsed - frame[3]
                self.calls[label] += 1
                if not any(outer[0] == label for outer in self.stack):  # recursion counts once
                    self.inclusive[label] += elapsed
                if self.stack:
                    self.stack[-1][3] += elapsed

        timed.__bench_timed__ = True
        return timed

    def by_owner(self) -> dict[str, float]:
        totals: dict[str, float] = defaultdict(float)
        for label, seconds in self.own.items():
            totals[self.owners[label]] += seconds
        return dict(totals)


def owner_of(module: str, plugins: list[str]) -> str:
    """The plugin a module belongs to, or "pelican" (Pelican, the theme's Python, libraries)."""
    for plugin in plugins:
        if module == plugin or module.startswith(plugin + "."):
            return plugin
    return PELICAN_OWNER


def _signal_receivers():
    """(signal name, signal) for every blinker signal Pelican defines."""
    from blinker import Signal
    from pelican.plugins import signals

    return [(getattr(value, "name", name), value) for name, value in vars(signals).items() if isinstance(value, Signal)]


def instrument(ledger: Ledger, plugins: list[str]) -> None:
    """Patch Pelican so that plugin signal receivers, generators and readers report to the ledger."""
    import weakref

    from pelican import Pelican
    from pelican.readers import Readers

    original_init_plugins = Pelican.init_plugins

    def init_plugins(self):
        original_init_plugins(self)
        # Plugins are registered now and `initialized` not yet sent: wrap every receiver in place.
        for signal_name, signal in _signal_receivers():
            for receiver_id, receiver in list(signal.receivers.items()):
                function = receiver() if isinstance(receiver, weakref.ref) else receiver
                if function is None or getattr(function, "__bench_timed__", False):
                    continue
                module = getattr(function, "__module__", "") or ""
                name = getattr(function, "__qualname__", repr(function))
                signal.receivers[receiver_id] = ledger.wrap(
                    function, f"signal {signal_name}: {module}.{name}", owner_of(module, plugins))

    original_classes = Pelican._get_generator_classes

    def generator_classes(self):
        classes = original_classes(self)
        for cls in classes:
            owner = owner_of(cls.__module__, plugins)
            for method in ("generate_context", "generate_output", "refresh_metadata_intersite_links"):
                function = getattr(cls, method, None)
                if function is None or getattr(function, "__bench_timed__", False):
                    continue
                setattr(cls, method, ledger.wrap(function, f"{cls.__name__}.{method}", owner))
        return classes

    original_readers_init = Readers.__init__

    def readers_init(self, *args, **kwargs):
        original_readers_init(self, *args, **kwargs)
        for reader in self.readers.values():
            cls = type(reader)
            if not getattr(reader.read, "__bench_timed__", False):
                reader.read = ledger.wrap(reader.read, f"{cls.__name__}.read ({cls.__module__})",
                                          owner_of(cls.__module__, plugins))

    original_get_writer = Pelican._get_writer

    def get_writer(self):
        writer = original_get_writer(self)
        if hasattr(writer, "pending"):  # cchc_content's writer: work queued now is done at the end
            writer.pending = _OwnedJobs(ledger)
        return writer

    Pelican.init_plugins = init_plugins
    Pelican._get_generator_classes = generator_classes
    Readers.__init__ = readers_init
    Pelican._get_writer = get_writer


class _OwnedJobs(list):
    """The writer's queue: each job is charged to the entry point that queued it (a generator's
    generate_output), not to the generator that runs the queue at the end of the build."""

    def __init__(self, ledger: Ledger):
        super().__init__()
        self.ledger = ledger

    def append(self, job) -> None:
        label, owner = self.ledger.stack[-1][:2] if self.ledger.stack else ("queued work", PELICAN_OWNER)
        job.make = self.ledger.wrap(job.make, f"{label}: queued pages", owner)
        super().append(job)


def settings_for(content: Path, output: Path, settings_file: Path, as_of: str | None, cache: Path) -> dict:
    """The settings `pelican CONTENT -s SETTINGS -o OUTPUT --ignore-cache -e CCHC_AS_OF=... CCHC_JOBS=1` would use."""
    from pelican.settings import read_settings

    # One process (CCHC_JOBS=1): the time of forked workers could not be told apart.
    override = {"PATH": str(content), "OUTPUT_PATH": str(output), "CACHE_PATH": str(cache),
                "LOAD_CONTENT_CACHE": False, "CCHC_JOBS": 1}
    if as_of:
        override["CCHC_AS_OF"] = as_of
    return read_settings(str(settings_file), override=override)


def build(settings: dict) -> None:
    from pelican import Pelican

    Pelican(settings).run()


def run_timers(settings: dict) -> dict:
    """Build once with the ledger; return CPU seconds per plugin, per entry point and in total."""
    plugins = [str(name) for name in settings.get("PLUGINS") or []]
    ledger = Ledger()
    instrument(ledger, plugins)
    start, start_cpu = time.perf_counter(), cpu_time()
    build(settings)
    total_wall, total_cpu = time.perf_counter() - start, cpu_time() - start_cpu
    owners = ledger.by_owner()
    untimed = total_cpu - sum(owners.values())  # plugin loading, Pelican.run between generators
    owners[PELICAN_OWNER] = owners.get(PELICAN_OWNER, 0.0) + untimed
    return {
        "total_cpu": total_cpu,
        "total_wall": total_wall,
        "untimed_cpu": untimed,
        "plugins": plugins,
        "owners": owners,
        "entry_points": {
            label: {"owner": ledger.owners[label], "own": ledger.own[label], "inclusive": ledger.inclusive[label],
                    "calls": ledger.calls[label]}
            for label in sorted(ledger.own, key=lambda label: -ledger.own[label])
        },
    }


def _short(path: str) -> str:
    """A path as the report shows it: relative to site-packages or to the repository."""
    for prefix in sorted((*site.getsitepackages(), *_ROOTS), key=len, reverse=True):
        if path.startswith(prefix + os.sep):
            return path[len(prefix) + 1:]
    return path


def run_cprofile(settings: dict, top: int, prof_path: Path | None) -> str:
    """Build once under cProfile; return the report (cumulative, own time, per-plugin own time)."""
    plugins = [str(name) for name in settings.get("PLUGINS") or []]
    profiler = cProfile.Profile(time.process_time)  # CPU time: other work on the machine does not count
    start = time.perf_counter()
    profiler.enable()
    build(settings)
    profiler.disable()
    total = time.perf_counter() - start
    if prof_path:
        profiler.dump_stats(str(prof_path))
    stats = pstats.Stats(profiler)
    out = io.StringIO()
    out.write(f"Build under cProfile: {total:.2f} s wall-clock; the tables are in CPU seconds (profiling slows "
              "Python code down, so shares matter, not the absolute numbers)\n\n")
    for order in ("cumulative", "tottime"):
        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).sort_stats(order).print_stats(top)
        text = buffer.getvalue()
        text = text[text.find("   ncalls"):] if "   ncalls" in text else text
        out.write(f"=== top {top} by {order} ===\n")
        for line in text.splitlines():
            out.write(_shorten_line(line) + "\n")
        out.write("\n")
    own_by_plugin: dict[str, float] = defaultdict(float)
    plugin_roots = [Path(folder).resolve() for folder in settings.get("PLUGIN_PATHS") or []]
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        for plugin_root in plugin_roots:
            if filename.startswith(str(plugin_root) + os.sep):
                own_by_plugin[Path(filename).relative_to(plugin_root).parts[0]] += tottime
    out.write("=== own time in each plugin's files (excludes Jinja, Markdown, writing called from them) ===\n")
    for plugin in plugins:
        out.write(f"{plugin:<20} {own_by_plugin.get(plugin, 0.0):8.3f} s\n")
    return out.getvalue()


def _shorten_line(line: str) -> str:
    return _LOCATION.sub(lambda match: f"{_short(match[1])}:{match[2]}(", line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path, help="content folder")
    parser.add_argument("output", type=Path, help="output folder")
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py", help="settings file")
    parser.add_argument("--as-of", default=None, help="CCHC_AS_OF (YYYY-MM-DD)")
    parser.add_argument("--cache", type=Path, default=None, help="cache folder (default: beside the output)")
    parser.add_argument("--mode", choices=("timers", "cprofile"), default="timers")
    parser.add_argument("--json", type=Path, default=None, help="timers: write the result here (default stdout)")
    parser.add_argument("--report", type=Path, default=None, help="cprofile: write the report here (default stdout)")
    parser.add_argument("--prof", type=Path, default=None, help="cprofile: also dump the raw stats here")
    parser.add_argument("--top", type=int, default=40, help="cprofile: rows per table (default 40)")
    args = parser.parse_args(argv)
    cache = args.cache or args.output.with_name(args.output.name + "-cache")
    _ROOTS.append(str(args.settings.resolve().parent))
    settings = settings_for(args.content.resolve(), args.output.resolve(), args.settings.resolve(), args.as_of, cache)
    if args.mode == "timers":
        text = json.dumps(run_timers(settings), indent=2, ensure_ascii=False)
        args.json.write_text(text, encoding="utf-8") if args.json else print(text)
    else:
        report = run_cprofile(settings, args.top, args.prof)
        args.report.write_text(report, encoding="utf-8") if args.report else print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
