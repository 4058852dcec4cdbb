"""Pelican glue for the search: writes the search page and, once the site is written,
indexes it with Pagefind into output/pagefind/."""

from __future__ import annotations

import logging
import shutil
import subprocess
import time
from pathlib import Path

from pagefind_bin import get_executable
from pelican import signals
from pelican.generators import Generator

from .core import PAGE_SAVE_AS, SETTING, bundle_summary, indexed_pages, pagefind_command, settings, unused_files

log = logging.getLogger(__name__)


def configure(pelican):
    """Merge the plugin's defaults into its setting, once."""
    pelican.settings[SETTING] = settings(pelican.settings.get(SETTING))


class SearchPageGenerator(Generator):
    """Writes the search page (theme/templates/search.html)."""

    def generate_output(self, writer):
        writer.write_file(PAGE_SAVE_AS, self.get_template("search"), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], page_name=PAGE_SAVE_AS.removesuffix(".html"),
                          search_bundle=self.settings[SETTING]["bundle_dir"])


def add_generator(pelican):
    """Add the search page generator."""
    return SearchPageGenerator


def build_index(pelican):
    """Index the written site with Pagefind; a failure stops the build (the page would be dead)."""
    options = pelican.settings[SETTING]
    output = Path(pelican.output_path)
    bundle = output / options["bundle_dir"]
    shutil.rmtree(bundle, ignore_errors=True)  # no stale fragments from an earlier build
    started = time.perf_counter()
    command = pagefind_command(str(get_executable()), str(output), options["bundle_dir"], options["glob"])
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind could not index {output}:\n{result.stdout}{result.stderr}")
    pages = indexed_pages(result.stdout)
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
