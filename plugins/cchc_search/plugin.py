"""Pelican glue for the search: writes the search page and indexes the site with Pagefind into
output/pagefind/. Pagefind starts as soon as the pages it reads are written (the writer calls
back), so it runs while the listings, feeds and pictures are still being written; the build
waits for it at the end."""

from __future__ import annotations

import logging
import shutil
import subprocess
import time
from pathlib import Path

from pagefind_bin import get_executable
from pelican import signals
from pelican.generators import Generator

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


class SearchPageGenerator(Generator):
    """Writes the search page (theme/templates/search.html)."""

    def generate_output(self, writer):
        options = self.settings[SETTING]
        writer.write_file(PAGE_SAVE_AS, self.get_template("search"), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], page_name=PAGE_SAVE_AS.removesuffix(".html"),
                          search_bundle=options["bundle_dir"])
        writer.when_written(glob_matcher(options["glob"]), lambda: start_index(Path(self.output_path), options))


# Pagefind runs started by the writer, by output folder, until build_index waits for them.
_RUNNING: dict[Path, tuple[subprocess.Popen, float]] = {}


def start_index(output: Path, options: dict) -> None:
    """Start Pagefind on the written pages (a bundle from an earlier build is removed first)."""
    shutil.rmtree(output / options["bundle_dir"], ignore_errors=True)
    command = pagefind_command(str(get_executable()), str(output), options["bundle_dir"], options["glob"])
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _RUNNING[output] = (process, time.perf_counter())


def add_generator(pelican):
    """Add the search page generator."""
    return SearchPageGenerator


def build_index(pelican):
    """Wait for the index of the written site; a failure stops the build (the page would be dead)."""
    options = pelican.settings[SETTING]
    output = Path(pelican.output_path)
    bundle = output / options["bundle_dir"]
    if output not in _RUNNING:  # the writer had no page for it to wait for
        start_index(output, options)
    process, started = _RUNNING.pop(output)
    stdout, stderr = process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"Pagefind could not index {output}:\n{stdout}{stderr}")
    pages = indexed_pages(stdout)
    if not pages:
        log.warning("Chỉ mục tìm kiếm không có trang nào: mẫu bài viết cần thuộc tính data-pagefind-body.")
    for name in unused_files((path.name for path in bundle.iterdir()), options["keep_default_ui"]):
        (bundle / name).unlink()
    sizes = {path.relative_to(bundle).as_posix(): path.stat().st_size for path in bundle.rglob("*") if path.is_file()}
    summary = bundle_summary(sizes)
    log.info("Chỉ mục tìm kiếm: %s trang, %s byte (từ khóa %s, trang %s, bộ lọc %s, mã %s), %.1f giây.", pages,
             summary["total"], summary["index"], summary["fragment"], summary["filter"], summary["code"],
             time.perf_counter() - started)


def register():
    signals.initialized.connect(configure)
    signals.get_generators.connect(add_generator)
    signals.finalized.connect(build_index)
