"""Pelican glue for the tally: computes each year's tally from the parsed posts and writes
thong-ke/<year>.json, thong-ke/<year>.csv, the dashboards and their evidence pages."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from .core import csv_text, tally, tally_years
from .dashboard import dashboard, evidence_pages, home_summary

log = logging.getLogger(__name__)


class TallyGenerator(Generator):
    """Counts posts against the plans and writes the tally outputs (CONTRACT §4)."""

    def generate_context(self):
        site = self.context["cchc"]
        tallies = {
            year: tally(year, site.posts, site.urls, site.data.registries, site.data.plans.get(year), site.as_of)
            for year in tally_years(site.posts, site.data.plans, site.as_of)
        }
        for document in tallies.values():
            for item in document["excluded"]:
                log.info("Không tính vào thống kê năm %s: %s — %s", document["year"], item["source"], item["reason"])
        # The year shown first: the as-of day's, else the latest that has begun, else the earliest planned.
        begun = [year for year in tallies if year <= site.as_of.year]
        current = max(begun) if begun else min(tallies, default=None)
        self.context["cchc_tallies"] = tallies
        self.context["cchc_current_year"] = current
        self.context["cchc_home_tally"] = home_summary(tallies[current], site.data.registries) if current else None
        self.context["cchc_tally_years"] = sorted(tallies, reverse=True)

    def generate_output(self, writer):
        site = self.context["cchc"]
        registries = site.data.registries
        tallies = self.context["cchc_tallies"]
        folder = Path(self.output_path) / "thong-ke"
        folder.mkdir(parents=True, exist_ok=True)
        base_url = self.settings.get("SITEURL", "")
        relative = self.settings["RELATIVE_URLS"]
        for year, document in tallies.items():
            (folder / f"{year}.json").write_text(
                json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
            (folder / f"{year}.csv").write_text(csv_text(document, registries, base_url), encoding="utf-8",
                                                newline="")
            view = dashboard(document, registries)
            writer.write_file(f"thong-ke/{year}/index.html", self.get_template("tally"), self.context,
                              relative_urls=relative, tally=view, page_name=f"thong-ke/{year}/index")
            for page in evidence_pages(document, registries):
                writer.write_file(page["url"] + "index.html", self.get_template("tally_evidence"), self.context,
                                  relative_urls=relative, evidence=page, page_name=page["url"] + "index")
        current = self.context["cchc_current_year"]
        if current:
            writer.write_file("thong-ke/index.html", self.get_template("tally"), self.context,
                              relative_urls=relative, tally=dashboard(tallies[current], registries),
                              is_index=True, page_name="thong-ke/index")


def add_generator(pelican):
    """Add the tally generator."""
    return TallyGenerator


def register():
    signals.get_generators.connect(add_generator)
