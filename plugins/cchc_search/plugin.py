"""Pelican glue for the search: writes the search page and indexes the site with Pagefind into
output/pagefind/. Pagefind writes into a folder beside the bundle, which replaces the bundle only
when the index is complete, so the published or previewed search keeps working meanwhile.

A build started from the command line starts Pagefind as soon as the pages it reads are written
(the writer calls back), so it runs while the listings, feeds and pictures are still being
written, and waits for it at the end. The preview server (CCHC_SEARCH_BACKGROUND) starts it once
every page is written and does not wait: the editor sees the page first, and the index follows
a few seconds later; a newer build stops an index still in progress.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
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
    SETTING,
    bundle_summary,
    glob_matcher,
    indexed_pages,
    pagefind_command,
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
            writer.when_written(glob_matcher(options["glob"]), lambda: start_index(Path(self.output_path), options))


@dataclass
class Indexing:
    """One Pagefind run on an output folder."""

    process: subprocess.Popen
    staging: Path
    started: float
    stopped: bool = False
    finisher: threading.Thread | None = field(default=None, repr=False)


# Pagefind runs, by output folder, until their index is in place (or a newer build stops them).
_RUNNING: dict[Path, Indexing] = {}


def start_index(output: Path, options: dict) -> None:
    """Start Pagefind on the written pages, into the staging folder (a run of an earlier build
    was stopped when this build began: add_generator)."""
    staging = output / STAGING
    shutil.rmtree(staging, ignore_errors=True)
    command = pagefind_command(str(get_executable()), str(output), str(staging), options["glob"])
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _RUNNING[output] = Indexing(process, staging, time.perf_counter())


def stop_index(output: Path) -> None:
    """Stop a Pagefind run that a newer build supersedes, and remove what it wrote."""
    indexing = _RUNNING.pop(output, None)
    if indexing is None:
        return
    indexing.stopped = True
    if indexing.process.poll() is None:
        indexing.process.kill()
    if indexing.finisher is not None:
        indexing.finisher.join()
    else:
        indexing.process.communicate()
    shutil.rmtree(indexing.staging, ignore_errors=True)


def wait_for_index(output: Path) -> None:
    """Wait until the index that a background build started on `output` is in place."""
    indexing = _RUNNING.get(Path(output))
    if indexing is not None and indexing.finisher is not None:
        indexing.finisher.join()


def finish_index(output: Path, options: dict, indexing: Indexing) -> None:
    """Wait for Pagefind, put its bundle in place and say what it holds. A failure raises: the
    search page would be dead."""
    stdout, stderr = indexing.process.communicate()
    if indexing.stopped:
        return
    if indexing.process.returncode != 0:
        shutil.rmtree(indexing.staging, ignore_errors=True)
        raise RuntimeError(f"Pagefind không lập được chỉ mục tìm kiếm cho {output}:\n{stdout}{stderr}")
    pages = indexed_pages(stdout)
    if not pages:
        log.warning("Chỉ mục tìm kiếm không có trang nào: mẫu bài viết cần thuộc tính data-pagefind-body.")
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


def _finish_in_background(output: Path, options: dict, indexing: Indexing) -> None:
    try:
        finish_index(output, options, indexing)
    except Exception as error:  # noqa: BLE001 (the preview keeps running; the editor is told)
        log.error("Không cập nhật được chỉ mục tìm kiếm: %s", error)


def add_generator(pelican):
    """Add the search page generator; a build starts, so an index still running from the last
    one (the preview server's) would read pages about to be rewritten: stop it."""
    stop_index(Path(pelican.output_path))
    return SearchPageGenerator


def build_index(pelican):
    """Index the written site: wait for the index, or (CCHC_SEARCH_BACKGROUND) let it finish
    while the preview server shows the pages."""
    options = pelican.settings[SETTING]
    output = Path(pelican.output_path)
    if output not in _RUNNING:  # the writer had no page for it to wait for, or it runs in the background
        start_index(output, options)
    indexing = _RUNNING[output]
    if not pelican.settings.get(BACKGROUND):
        del _RUNNING[output]
        finish_index(output, options, indexing)
        return
    indexing.finisher = threading.Thread(target=_finish_in_background, args=(output, options, indexing),
                                         name="pagefind", daemon=True)
    indexing.finisher.start()


def register():
    signals.initialized.connect(configure)
    signals.get_generators.connect(add_generator)
    signals.finalized.connect(build_index)
