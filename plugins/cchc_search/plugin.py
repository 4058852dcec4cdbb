"""Pelican glue for the search: writes the search page and indexes the site with Pagefind into
output/pagefind/. Pagefind reads a record of each written page (core.search_record: what the
theme marks for search), made in a temporary folder (which the preview server keeps between its
builds), and writes into a folder beside the bundle, which replaces the bundle only when the
index is complete, so the published or previewed search keeps working meanwhile.

A build started from the command line starts Pagefind as soon as the pages it reads are written
(the writer calls back), so it runs while the listings, feeds and pictures are still being
written, and waits for it at the end. The preview server (CCHC_SEARCH_BACKGROUND) starts it once
every page is written and does not wait: the editor sees the page first, and the index follows
a few seconds later; a newer build stops an index still in progress.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from pagefind_bin import get_executable
from pelican import signals
from pelican.generators import Generator

from cchc_content.text import vi_number

from .core import (
    PAGE_SAVE_AS,
    RECORD_START,
    SETTING,
    bundle_summary,
    glob_matcher,
    indexed_pages,
    pagefind_command,
    search_record,
    settings,
    unused_files,
)

log = logging.getLogger(__name__)


def configure(pelican):
    """Merge the plugin's defaults into its setting, once."""
    pelican.settings[SETTING] = settings(pelican.settings.get(SETTING))


BACKGROUND = "CCHC_SEARCH_BACKGROUND"  # index after the build, without waiting (the preview server)
STAGING = ".pagefind-new"  # where Pagefind writes, in the output folder, until the index is complete


class SearchPageGenerator(Generator):
    """Writes the search page (theme/templates/search.html)."""

    def generate_output(self, writer):
        options = self.settings[SETTING]
        writer.write_file(PAGE_SAVE_AS, self.get_template("search"), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], page_name=PAGE_SAVE_AS.removesuffix(".html"),
                          search_bundle=options["bundle_dir"])
        if not self.settings.get(BACKGROUND):
            output = Path(self.output_path)
            writer.when_written(glob_matcher(options["glob"]),
                                lambda: start_index(output, options, begin_index(output)))


@dataclass
class Records:
    """The folder of the records Pagefind reads, and what each was made from: a page's path ->
    (its size, modification time and inode, whether it has a record)."""

    folder: Path
    made_from: dict[str, tuple[tuple[int, int, int], bool]] = field(default_factory=dict)
    kept: bool = False  # the preview server's, kept between its builds


@dataclass
class Indexing:
    """One Pagefind run on an output folder: the records it reads, its process, where it writes."""

    staging: Path
    records: Records
    started: float
    process: subprocess.Popen | None = None
    stopped: bool = False
    finisher: threading.Thread | None = field(default=None, repr=False)  # the preview server's
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


# Pagefind runs, by output folder, until their index is in place (or a newer build stops them).
_RUNNING: dict[Path, Indexing] = {}
# The preview server's records, by output folder: an edit rewrites a few pages, and only their
# records are written again (writing all of them took 0.8-1 s at N=1,000 in its busy process).
_KEPT: dict[Path, Records] = {}


def begin_index(output: Path, keep_records: bool = False) -> Indexing:
    """A new index of the output folder, with a new folder for its records, or the records kept
    from the last build (a run of an earlier build was stopped when this build began: add_generator)."""
    records = _KEPT.get(output) if keep_records else None
    if records is None:
        records = Records(Path(tempfile.mkdtemp(prefix="cchc-search-")), kept=keep_records)
        if keep_records:
            _KEPT[output] = records
            atexit.register(shutil.rmtree, records.folder, True)
    indexing = Indexing(output / STAGING, records, time.perf_counter())
    _RUNNING[output] = indexing
    return indexing


def start_index(output: Path, options: dict, indexing: Indexing) -> None:
    """Write the record of every written page that Pagefind reads, then start it on the records,
    into the staging folder (unless a newer build has stopped this index meanwhile)."""
    try:
        records = write_records(output, indexing.records, options["glob"])
    except BaseException:
        _clean(indexing)
        raise
    shutil.rmtree(indexing.staging, ignore_errors=True)
    command = pagefind_command(str(get_executable()), str(indexing.records.folder), str(indexing.staging),
                               options["glob"])
    with indexing.lock:
        if records and not indexing.stopped:
            indexing.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def write_records(output: Path, records: Records, glob: str) -> int:
    """The search record of each page of `output` that the glob matches and the theme marked, at
    the same path in the records folder (Pagefind's URLs come from the paths); a record already
    made from the page as it is now is kept, and those of pages gone are removed. Returns their number."""
    matches, made_from, count = glob_matcher(glob), {}, 0
    for folder, _folders, names in os.walk(output):
        relative_folder = os.path.relpath(folder, output)
        for name in names:
            relative = name if relative_folder == "." else f"{relative_folder}/{name}"
            if not matches(relative):
                continue
            page = Path(folder) / name
            status = page.stat()
            stamp = (status.st_size, status.st_mtime_ns, status.st_ino)
            known = records.made_from.get(relative)
            if known is not None and known[0] == stamp:
                made_from[relative] = known
            else:
                record = search_record(page.read_text(encoding="utf-8"), relative)
                target = records.folder / relative
                if record is not None:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text(record, encoding="utf-8")
                elif known is not None and known[1]:
                    target.unlink()
                made_from[relative] = (stamp, record is not None)
            count += made_from[relative][1]
    for relative, (_stamp, recorded) in records.made_from.items():
        if recorded and relative not in made_from:
            (records.folder / relative).unlink()
    records.made_from = made_from
    return count


def stop_index(output: Path) -> None:
    """Stop a Pagefind run that a newer build supersedes, and remove what it wrote."""
    indexing = _RUNNING.pop(output, None)
    if indexing is None:
        return
    with indexing.lock:
        indexing.stopped = True
        if indexing.process is not None and indexing.process.poll() is None:
            indexing.process.kill()
    if indexing.finisher is not None:
        indexing.finisher.join()
    elif indexing.process is not None:
        indexing.process.communicate()
    _clean(indexing)


def _clean(indexing: Indexing) -> None:
    shutil.rmtree(indexing.staging, ignore_errors=True)
    if not indexing.records.kept:
        shutil.rmtree(indexing.records.folder, ignore_errors=True)


def wait_for_index(output: Path) -> None:
    """Wait until the index that a background build started on `output` is in place."""
    indexing = _RUNNING.get(Path(output))
    if indexing is not None and indexing.finisher is not None:
        indexing.finisher.join()


def finish_index(output: Path, options: dict, indexing: Indexing) -> None:
    """Wait for Pagefind, put its bundle in place and say what it holds. A failure raises: the
    search page would be dead."""
    if indexing.stopped:  # by a newer build, which cleans up
        return
    if indexing.process is None:  # no page to index: no index, rather than one of pages now gone
        shutil.rmtree(output / options["bundle_dir"], ignore_errors=True)
        log.warning("Chưa có trang nào để lập chỉ mục tìm kiếm (chưa có bài viết hay trang nào được đăng, hoặc mẫu "
                    "giao diện thiếu dấu %s quanh phần được tìm kiếm): trang Tìm kiếm chưa tìm được gì.", RECORD_START)
        return
    stdout, stderr = indexing.process.communicate()
    if indexing.stopped:
        return
    if indexing.process.returncode != 0:
        shutil.rmtree(indexing.staging, ignore_errors=True)
        raise RuntimeError(f"Pagefind không lập được chỉ mục tìm kiếm cho {output}:\n{stdout}{stderr}")
    pages = indexed_pages(stdout)
    if not pages:
        log.warning("Chỉ mục tìm kiếm không có trang nào: phần giữa các dấu %s cần thuộc tính data-pagefind-body.",
                    RECORD_START)
    staging = indexing.staging
    for name in unused_files((path.name for path in staging.iterdir()), options["keep_default_ui"]):
        (staging / name).unlink()
    sizes = {path.relative_to(staging).as_posix(): path.stat().st_size for path in staging.rglob("*") if path.is_file()}
    bundle, old = output / options["bundle_dir"], output / (STAGING + "-old")
    shutil.rmtree(old, ignore_errors=True)
    if bundle.exists():
        bundle.rename(old)
    staging.rename(bundle)
    shutil.rmtree(old, ignore_errors=True)
    summary = bundle_summary(sizes)
    log.info("Chỉ mục tìm kiếm: %s trang, %s byte (từ khóa %s, trang %s, bộ lọc %s, mã %s), %s giây.",
             *(vi_number(value) for value in (pages or 0, summary["total"], summary["index"], summary["fragment"],
                                              summary["filter"], summary["code"])),
             vi_number(time.perf_counter() - indexing.started, 1))


def _index_in_background(output: Path, options: dict, indexing: Indexing) -> None:
    try:
        start_index(output, options, indexing)
        finish_index(output, options, indexing)
    except Exception as error:  # noqa: BLE001 (the preview keeps running; the editor is told)
        _clean(indexing)
        log.error("Không cập nhật được chỉ mục tìm kiếm: %s", error)


def add_generator(pelican):
    """Add the search page generator; a build starts, so an index still running from the last
    one (the preview server's) would read pages about to be rewritten: stop it."""
    stop_index(Path(pelican.output_path))
    return SearchPageGenerator


def build_index(pelican):
    """Index the written site: wait for the index, or (CCHC_SEARCH_BACKGROUND) let it be made,
    records and all, while the preview server shows the pages."""
    options = pelican.settings[SETTING]
    output = Path(pelican.output_path)
    if pelican.settings.get(BACKGROUND):
        indexing = begin_index(output, keep_records=True)
        indexing.finisher = threading.Thread(target=_index_in_background, args=(output, options, indexing),
                                             name="pagefind", daemon=True)
        indexing.finisher.start()
        return
    indexing = _RUNNING.pop(output, None)
    if indexing is None:  # the writer had no page for it to wait for
        indexing = begin_index(output)
        del _RUNNING[output]
        start_index(output, options, indexing)
    try:
        finish_index(output, options, indexing)
    finally:
        _clean(indexing)


def register():
    signals.initialized.connect(configure)
    signals.get_generators.connect(add_generator)
    signals.finalized.connect(build_index)
