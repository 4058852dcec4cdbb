"""Work spread over the machine's cores: posts read and pages written by forked workers.

`CCHC_JOBS` processes share the work (default: the cores this process may use). With 1 the
build runs in order in one process, exactly as Pelican would: the reference that tests
compare a parallel build with, byte for byte.

Workers are forked, so they start with everything the build has made so far (settings,
templates, posts) and nothing needs pickling on the way in. Each takes the next item from a
shared counter until none are left; its results and its log records come back to this
process, which logs them in order, so a parallel build says what a sequential one says.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from pelican.writers import Writer


def workers(settings) -> int:
    """How many processes share the work: CCHC_JOBS, or every core this process may run on."""
    wanted = settings.get("CCHC_JOBS")
    if wanted:
        return max(1, int(wanted))
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class WorkerFailed(RuntimeError):
    """A forked worker raised: its traceback, as text (exceptions do not always survive pickling)."""


class _Collector(logging.Handler):
    """Keeps a worker's log records for the parent to log; a worker never writes to the console."""

    def __init__(self):
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        record.msg, record.args = record.getMessage(), None  # arguments may not pickle
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        self.records.append(record)


def fan_out(function: Callable[[Any], Any], items: Sequence, jobs: int) -> list:
    """[function(item) for item in items], shared by `jobs` processes (this one and forked children)."""
    if jobs <= 1 or len(items) < 2:
        return [function(item) for item in items]
    counter = multiprocessing.Value("q", 0)

    def work() -> dict[int, Any]:
        done = {}
        while True:
            with counter.get_lock():
                index = counter.value
                counter.value += 1
            if index >= len(items):
                return done
            done[index] = function(items[index])

    sys.stdout.flush()
    sys.stderr.flush()
    children = [_fork(work) for _ in range(min(jobs, len(items)) - 1)]
    try:
        results = work()
    finally:
        outcomes = [_collect(*child) for child in children]
    failures = []
    for status, payload, records in outcomes:
        for record in records:
            logging.getLogger(record.name).handle(record)
        if status == "ok":
            results.update(payload)
        else:
            failures.append(payload)
    if failures:
        raise WorkerFailed("\n".join(failures))
    return [results[index] for index in range(len(items))]


def _fork(work: Callable[[], dict]) -> tuple[int, str]:
    handle, path = tempfile.mkstemp(prefix="cchc-worker-", suffix=".pickle")
    pid = os.fork()
    if pid:
        os.close(handle)
        return pid, path
    # The child: collect log records instead of writing them, do the work, pickle the outcome.
    collector = _Collector()
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(collector)
    try:
        outcome = ("ok", work())
    except BaseException:  # noqa: BLE001 (anything a worker raises is reported by the parent)
        outcome = ("error", traceback.format_exc())
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump((*outcome, collector.records), out, protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        os._exit(0)


def _collect(pid: int, path: str) -> tuple[str, Any, list]:
    _, status = os.waitpid(pid, 0)
    try:
        with open(path, "rb") as data:
            return pickle.load(data)
    except (OSError, EOFError, pickle.UnpicklingError):
        return "error", f"worker {pid} ended without a result (wait status {status})", []
    finally:
        os.unlink(path)


class ParallelWriter(Writer):
    """Pelican's writer, with every page queued and written on every core at `flush()`.

    Generators queue other work too (feeds, data files, copies) with `queue(function, ...)`.
    Work runs in the order it was queued when there is one process, and in any order
    otherwise: no queued work may depend on another's output. With one process nothing is
    queued: each page is written at once, as Pelican's own writer does."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.jobs = workers(self.settings)
        self.pending: list[Callable[[], None]] = []

    def queue(self, function: Callable[..., None], *args, **kwargs) -> None:
        if self.jobs <= 1:
            function(*args, **kwargs)
        else:
            self.pending.append(partial(function, *args, **kwargs))

    def write_file(self, name, template, context, *args, **kwargs):
        # Pelican passes the generator's shared context: keep it as it is now.
        self.queue(super().write_file, name, template, dict(context), *args, **kwargs)

    def flush(self) -> None:
        pending, self.pending = self.pending, []
        fan_out(_call, pending, self.jobs)


def _call(function: Callable[[], None]) -> None:
    function()


class FlushGenerator:
    """The last generator: writes what the others queued, before `finalized` reads the output."""

    def generate_output(self, writer):
        if isinstance(writer, ParallelWriter):
            writer.flush()


def add_flush(generators):
    """all_generators_finalized: Pelican runs generate_output in this list's order; flush last."""
    generators.append(FlushGenerator())


def get_writer(pelican):
    return ParallelWriter
