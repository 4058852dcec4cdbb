"""Work spread over the machine's cores, and pages made only when their inputs changed.

Posts are read and pages written by forked workers: `CCHC_JOBS` processes share the work
(default: the cores this process may use). With 1 everything runs in order in one process:
the reference that tests compare a parallel build with, byte for byte. In development builds
the writer also skips pages whose fingerprint (see fingerprint.py) is the one recorded by the
last build, so a rebuild after one edit makes only the pages that edit touches.

Workers are forked, so they start with everything the build has made so far (settings,
templates, posts) and nothing needs pickling on the way in. Each takes the next item from a
shared counter until none are left; its results and its log records come back to this
process, which logs them when the work is done, so a parallel build says what a sequential
one says (a worker never writes to the console itself).
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import operator
import os
import pickle
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta
from pelican import __version__ as pelican_version
from pelican.paginator import Paginator
from pelican.writers import Writer

from .fingerprint import Fingerprints, Unfingerprintable

log = logging.getLogger(__name__)


# A rebuild shares out the jobs to make only when there are at least this many (about half a
# second of work or more: a page takes 5-10 ms, a feed 30).
FAN_OUT_MIN = 100


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
        raise WorkerFailed("Một tiến trình xây dựng song song gặp lỗi:\n" + "\n".join(failures))
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
        return "error", f"tiến trình {pid} dừng mà không trả kết quả (mã chờ {status})", []
    finally:
        os.unlink(path)


@dataclass
class Job:
    """One piece of output: its main file (relative to the output folder), everything it is
    made from (fingerprinted by whichever process runs it), and the call that makes it."""

    output: str
    inputs: tuple
    make: Callable[[], None]


class ParallelWriter(Writer):
    """Pelican's writer, with every page queued and made at `flush()`, on every core, skipping
    pages whose inputs are unchanged since the last build.

    Generators queue other output too (feeds) with `queue()`. Jobs run in the order they were
    queued with one process and in any order otherwise: no job may read another's output.

    A page is skipped when its fingerprint (its template's variables, the pagination, and the
    build's digest of templates, plugins and settings) equals the one recorded in the cache
    folder, and the files it wrote are still there, unchanged. Only development builds keep
    that record (CACHE_CONTENT); `--ignore-cache` makes every page."""

    MANIFEST = "cchc-outputs.json"

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.jobs = workers(self.settings)
        self.pending: list[Job] = []
        self.hooks: list[tuple[Callable[[str], bool], Callable[[], None]]] = []
        self.fingerprints = Fingerprints()
        self.recording = bool(self.settings.get("CACHE_CONTENT")) and bool(self.settings.get("CACHE_PATH"))
        self.build_digest = build_digest(self.settings, self.fingerprints) if self.recording else None
        self.manifest_path = Path(self.settings.get("CACHE_PATH") or ".") / self.MANIFEST
        self.previous = self._load() if self.settings.get("LOAD_CONTENT_CACHE") else {}
        self._opened: list[str] = []
        self._variables: dict[str, tuple[str, ...]] = {}
        self._parsed: set[str] = set()
        self._last_snapshot: dict = {}
        # The context's part of the inputs of pages of one template (see _queue_page).
        self._shared: dict[tuple, tuple[dict, dict]] = {}

    # -- queueing ---------------------------------------------------------------------------

    def when_written(self, matches: Callable[[str], bool], callback: Callable[[], None]) -> None:
        """Call `callback` (in this process) as soon as every job whose output `matches` is done:
        those jobs run first, the others after the call."""
        self.hooks.append((matches, callback))

    def queue(self, output: str, inputs: tuple, function: Callable[..., None], /, *args, **kwargs) -> None:
        """Make `output` with function(*args, **kwargs) at flush; `inputs` is all it is made from."""
        self.pending.append(Job(output, inputs, partial(function, *args, **kwargs)))

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        """Queue the page, or each page of a paginated list, as its own job (as Pelican paginates)."""
        if not name:
            return
        context = self._snapshot(context)
        if paginated is None:
            paginated = {key: value for key, value in kwargs.items() if key in {"articles", "dates"}}
        if not (paginated and template_name in self.settings["PAGINATED_TEMPLATES"]):
            return self._queue_page(name, template, context, relative_urls, override_output, url, kwargs, kwargs)
        per_page = self.settings["PAGINATED_TEMPLATES"][template_name] or self.settings["DEFAULT_PAGINATION"]
        paginators = {key: Paginator(name, url, value, self.settings, per_page) for key, value in paginated.items()}
        pages = next(iter(paginators.values())).num_pages
        for number in range(1, pages + 1):
            page_kwargs, described = dict(kwargs), dict(kwargs)
            for key, paginator in paginators.items():
                page = paginator.page(number)
                around = {"previous": paginator.page(number - 1) if number > 1 else None,
                          "next": paginator.page(number + 1) if number < pages else None}
                page_kwargs.update({f"{key}_paginator": paginator, f"{key}_page": page,
                                    **{f"{key}_{side}_page": other for side, other in around.items()}})
                # A page's fingerprint holds its own posts and where the others are, not the whole
                # list: a paginated template shows the posts of its page (docs/theme.md).
                described.update({key: ("paginated", len(paginator.object_list)),
                                  f"{key}_paginator": (paginator.count, paginator.num_pages, paginator.per_page),
                                  f"{key}_page": (page.number, page.object_list, page.url, page.save_as),
                                  **{f"{key}_{side}_page": other and other.url for side, other in around.items()}})
            save_as = next(iter(page_kwargs[f"{key}_page"] for key in paginators)).save_as
            self._queue_page(save_as, template, context, relative_urls, override_output, url, page_kwargs, described)
        return None

    def _snapshot(self, context: dict) -> dict:
        """The context as it is now (Pelican passes the generators' shared, growing dict): one copy
        for as long as it does not change, rather than one per page (about 20,000 at N=5,000)."""
        last = self._last_snapshot
        if not (list(last) == list(context) and all(map(operator.is_, last.values(), context.values()))):
            self._last_snapshot = last = dict(context)
        return last

    def _queue_page(self, name, template, context, relative_urls, override_output, url, kwargs, described):
        """One page: rendered by Pelican's writer with pagination already done (no template_name)."""
        variables = self._template_variables(template)
        own = {variable: described[variable] for variable in variables if variable in described}
        inputs = (template.name, relative_urls, override_output, url, self._shared_inputs(variables, context, own), own)
        if self.build_digest is not None:
            for value in own.values():  # the posts of post pages: every worker needs them
                self.fingerprints.remember(value)
        self.pending.append(Job(name, inputs, partial(
            super().write_file, name, template, context, relative_urls, {}, None, override_output, url, **kwargs)))

    def _shared_inputs(self, variables: tuple[str, ...], context: dict, own: dict) -> dict:
        """The values a template reads from the context, as one dict for every page that reads the
        same variables of the same context: its fingerprint is then worked out once, not per page
        (most of what a page reads is the context; 3,000 pages at N=1,000)."""
        key = (variables, id(context), frozenset(own))
        kept = self._shared.get(key)
        if kept is None or kept[0] is not context:
            shared = {variable: context[variable] for variable in variables
                      if variable in context and variable not in own}
            kept = self._shared[key] = (context, shared)  # the context kept, so that its id is not reused
        return kept[1]

    def _key(self, output: str, inputs: tuple) -> str | None:
        if self.build_digest is None:
            return None
        try:
            return self.fingerprints.of(self.build_digest, output, inputs)
        except Unfingerprintable as error:
            log.debug("Always made: %s (%s)", output, error)
            return None

    def _template_variables(self, template) -> tuple[str, ...]:
        """The variables a template and every template it extends, includes or imports can read,
        sorted: a page's inputs are dicts built in this order, which must not change between
        processes (a set of names does, and a dict's fingerprint follows its order)."""
        if template.name not in self._variables:
            environment, seen, names, todo = template.environment, set(), set(), [template.name]
            while todo:
                name = todo.pop()
                if name in seen:
                    continue
                seen.add(name)
                key, variables, referenced = _template_names(environment, name)
                self._parsed.add(key)
                names |= variables
                if None in referenced:  # a computed template name: any variable may matter
                    self.build_digest = None
                todo.extend(other for other in referenced if other is not None)
            self._variables[template.name] = tuple(sorted(names))
        return self._variables[template.name]

    # -- making -----------------------------------------------------------------------------

    def _open_w(self, filename, encoding, override=False):
        self._opened.append(filename)
        return super()._open_w(filename, encoding, override)

    def _decide(self, job: Job) -> tuple[str | None, dict | None]:
        """The job's fingerprint, and what the last build recorded of it when that still holds
        (the fingerprint is the same and its files are as that build left them), else None."""
        key = self._key(job.output, job.inputs)
        previous = self.previous.get(job.output)
        if key is not None and previous and previous["key"] == key and self._unchanged(previous["files"]):
            return key, previous
        return key, None

    def _make(self, job: Job, key: str | None) -> dict:
        """Make the job's files; what to record of them."""
        self._opened = []
        job.make()
        written = self._opened or [os.path.join(self.output_path, job.output)]
        files = [os.path.relpath(path, self.output_path) for path in written]
        return {"key": key, "files": {name: self._stamp(name) for name in files}}

    def _run(self, job: Job) -> tuple[bool, dict]:
        """Run one job, in whichever process: (whether it was made, what to record of it)."""
        key, kept = self._decide(job)
        return (False, kept) if kept is not None else (True, self._make(job, key))

    def _run_all(self, jobs: list[Job]) -> list[tuple[bool, dict]]:
        """Run the jobs. A full build shares them all out. A rebuild first decides here which
        jobs to make (fingerprints cost less than starting workers), and shares those out only
        when there are enough of them: an edit makes a few dozen, which one process makes
        sooner than two, each building the feeds' entries for itself."""
        if not self.previous:
            return fan_out(self._run, jobs, self.jobs)
        decided = [self._decide(job) for job in jobs]
        to_make = [(job, key) for job, (key, kept) in zip(jobs, decided, strict=True) if kept is None]
        made = iter(fan_out(lambda pair: self._make(*pair), to_make,
                            self.jobs if len(to_make) >= FAN_OUT_MIN else 1))
        return [(False, kept) if kept is not None else (True, next(made)) for _key, kept in decided]

    def flush(self) -> None:
        """Remove what the last build made and this one will not (a renamed post's old page), run
        every queued job (those a `when_written` callback waits for first), and record what each
        job wrote."""
        pending, self.pending = self.pending, []
        hooks, self.hooks = self.hooks, []
        outputs = {job.output for job in pending}
        for output, entry in self.previous.items():
            if output not in outputs:
                for name in entry["files"]:
                    Path(self.output_path, name).unlink(missing_ok=True)
        awaited = [any(matches(job.output) for matches, _ in hooks) for job in pending]
        first = [job for job, waited_for in zip(pending, awaited, strict=True) if waited_for]
        then = [job for job, waited_for in zip(pending, awaited, strict=True) if not waited_for]
        results = self._run_all(first)
        for _, callback in hooks:
            callback()
        results += self._run_all(then)
        record = {job.output: entry for job, (_, entry) in zip(first + then, results, strict=True)}
        if self.recording:
            self._save(record)
        made = sum(1 for was_made, _ in results if was_made)
        log.info("Xuất bản: %d tệp được tạo lại, %d tệp không đổi được giữ nguyên.", made, len(pending) - made)

    # -- the record of the last build -------------------------------------------------------

    def _stamp(self, name: str) -> list[int]:
        stat = os.stat(os.path.join(self.output_path, name))
        return [stat.st_size, stat.st_mtime_ns]

    def _unchanged(self, files: dict[str, list[int]]) -> bool:
        try:
            return all(self._stamp(name) == stamp for name, stamp in files.items())
        except OSError:
            return False

    def _load(self) -> dict:
        try:
            document = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        for key, (variables, referenced) in document.get("templates", {}).items():
            _PARSED.setdefault(key, (frozenset(variables), tuple(referenced)))
        # Kept even when the build's digest changed: no key can match then (each holds the digest),
        # but the files listed are still the ones to remove if this build does not write them.
        return document.get("outputs", {})

    def _save(self, record: dict) -> None:
        self.manifest_path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.manifest_path.with_suffix(".tmp")
        templates = {key: [sorted(_PARSED[key][0]), list(_PARSED[key][1])] for key in sorted(self._parsed)}
        temporary.write_text(json.dumps({"outputs": record, "templates": templates}), encoding="utf-8")
        temporary.replace(self.manifest_path)


# What each template reads and names, by a digest of its name and source: parsing them all takes
# about 0.3 s, so the manifest keeps it for the next build and a long-lived process keeps it here.
_PARSED: dict[str, tuple[frozenset[str], tuple]] = {}


def _template_names(environment, name: str) -> tuple[str, frozenset[str], tuple]:
    """(its key in _PARSED, variables the template reads, templates it names)."""
    source = environment.loader.get_source(environment, name)[0]
    key = hashlib.blake2b(f"{name}\0{source}".encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    if key not in _PARSED:
        tree = environment.parse(source)
        _PARSED[key] = (frozenset(meta.find_undeclared_variables(tree)), tuple(meta.find_referenced_templates(tree)))
    return key, *_PARSED[key]


# How a build runs, not what it writes: a rebuild with other values here may keep pages.
SETTINGS_NOT_IN_OUTPUT = frozenset({"LOAD_CONTENT_CACHE", "CACHE_CONTENT", "CACHE_PATH", "CONTENT_CACHING_LAYER",
                                    "CHECK_MODIFIED_METHOD", "GZIP_CACHE", "CCHC_JOBS", "CCHC_SEARCH_BACKGROUND"})


def build_digest(settings, fingerprints: Fingerprints) -> str | None:
    """What every page depends on: the theme's templates, the plugins' code, the versions of
    Pelican and Jinja, and the settings. None when the settings hold something unencodable."""
    digest = hashlib.blake2b(f"pelican {pelican_version} jinja2 {jinja2.__version__}".encode(), digest_size=20)
    folders = [Path(settings["THEME"]) / "templates", *(Path(folder) for folder in settings.get("PLUGIN_PATHS", []))]
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in (".html", ".py", ".xml", ".txt") and "__pycache__" not in path.parts:
                digest.update(path.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    try:
        digest.update(fingerprints.of({key: value for key, value in settings.items()
                                       if key not in SETTINGS_NOT_IN_OUTPUT}).encode())
    except Unfingerprintable:
        return None
    return digest.hexdigest()


class FlushGenerator:
    """The last generator: writes what the others queued, before `finalized` reads the output."""

    def generate_output(self, writer):
        writer.flush()


def add_flush(generators):
    """all_generators_finalized: Pelican runs generate_output in this list's order; flush last."""
    generators.append(FlushGenerator())


def get_writer(pelican):
    return ParallelWriter
