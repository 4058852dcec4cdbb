"""Pelican glue for the tally: computes each year's tally from the parsed posts and writes
thong-ke/<year>.json, thong-ke/<year>.csv, the dashboards and their evidence pages."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from pelican import signals
from pelican.generators import Generator
from pelican.utils import get_relative_path, path_to_url

from .core import csv_text, tallies
from .dashboard import dashboard, evidence_pages, evidence_rows, home_summary

log = logging.getLogger(__name__)


class TallyGenerator(Generator):
    """Counts posts against the plans and writes the tally outputs (CONTRACT §4)."""

    def generate_context(self):
        site = self.context["cchc"]
        tallied = tallies(site.posts, site.urls, site.data.registries, site.data.plans, site.as_of)
        for document in tallied.values():
            for item in document["excluded"]:
                log.info("Không tính vào thống kê năm %s: %s — %s", document["year"], item["source"], item["reason"])
        # Each year's dashboard, made once (thong-ke/ shows the current year's again).
        self.views = {year: dashboard(document, site.data.registries) for year, document in tallied.items()}
        # The year shown first: the as-of day's, else the latest that has begun, else the earliest planned.
        begun = [year for year in tallied if year <= site.as_of.year]
        current = max(begun) if begun else min(tallied, default=None)
        self.context["cchc_tallies"] = tallied
        self.context["cchc_current_year"] = current
        self.context["cchc_home_tally"] = home_summary(self.views[current]) if current else None
        self.context["cchc_tally_years"] = sorted(tallied, reverse=True)

    def generate_output(self, writer):
        site = self.context["cchc"]
        registries = site.data.registries
        tallied = self.context["cchc_tallies"]
        folder = Path(self.output_path) / "thong-ke"
        folder.mkdir(parents=True, exist_ok=True)
        base_url = self.settings.get("SITEURL", "")
        relative = self.settings["RELATIVE_URLS"]
        for year, document in tallied.items():
            (folder / f"{year}.json").write_text(
                json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
            (folder / f"{year}.csv").write_text(csv_text(document, registries, base_url), encoding="utf-8",
                                                newline="")
            writer.write_file(f"thong-ke/{year}/index.html", self.get_template("tally"), self.context,
                              relative_urls=relative, tally=self.views[year], page_name=f"thong-ke/{year}/index")
            pages = evidence_pages(document, registries)
            self._render_rows(pages, relative)
            for page in pages:
                writer.write_file(page["url"] + "index.html", self.get_template("tally_evidence"), self.context,
                                  relative_urls=relative, evidence=page, page_name=page["url"] + "index")
        current = self.context["cchc_current_year"]
        if current:
            writer.write_file("thong-ke/index.html", self.get_template("tally"), self.context,
                              relative_urls=relative, tally=self.views[current],
                              is_index=True, page_name="thong-ke/index")

    def _render_rows(self, pages: list[dict], relative: bool) -> None:
        """Give each post's row of a year's evidence pages its cells, rendered once by the theme's
        evidence-row component: a post is in six to twelve lists of its year, and rendering its
        row again for each took a sixth of the tally's time at N=1,000."""
        if not pages:
            return
        cells = self.env.get_template("components/evidence-row/evidence-row.html").module.app_evidence_row
        # The evidence pages are all thong-ke/<year>/<slug>/: the same SITEURL for each of them.
        siteurl = (path_to_url(get_relative_path(pages[0]["url"] + "index.html")) if relative
                   else self.settings.get("SITEURL", ""))
        for row in evidence_rows(pages):
            row["cells"] = cells({"post": row, "siteurl": siteurl})


def add_generator(pelican):
    """Add the tally generator."""
    return TallyGenerator


def register():
    signals.get_generators.connect(add_generator)
