"""Checks of a built site folder: valid HTML, working links, accessibility, page weight and safety.

Each check is a module with one function `run(site) -> Report`; they read the output folder only, so
they work on any build (a preview, a publish build, a copy made wrong on purpose in a test).
`python -m checks OUTPUT [--only html,links]` runs them and prints a Vietnamese summary.
"""

from __future__ import annotations

import importlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from checks.site import Site

# name -> (module, Vietnamese title), in the order they run: the quick static ones first.
CHECKS = {
    "security": ("checks.security", "An toàn: không mã lạ, không tài nguyên ngoài, CSP, CSV, JSON"),
    "links": ("checks.links", "Liên kết, ảnh, bảng tin và neo nội bộ"),
    "html": ("checks.html", "Mã HTML hợp lệ (Nu HTML Checker)"),
    "a11y": ("checks.a11y", "Khả năng tiếp cận (axe-core WCAG 2.1 A/AA, bàn phím)"),
    "weight": ("checks.weight", "Dung lượng trang bài viết"),
}


@dataclass(frozen=True)
class Finding:
    """One thing wrong: where (a path relative to the output folder) and what, in Vietnamese."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


@dataclass
class Report:
    """What one check looked at and what it found; it passes when it found nothing."""

    name: str
    title: str = ""
    checked: str = ""  # what was looked at, for people: "221 trang HTML"
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # measurements and warnings that do not fail the check
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return not self.findings

    def add(self, where: str, message: str) -> None:
        self.findings.append(Finding(where, message))


class CheckError(Exception):
    """A check could not run at all (a tool missing): a failure, never a silent pass."""


def run_checks(output: Path | str, only: list[str] | None = None, site_url: str | None = None,
               **options) -> list[Report]:
    """Run the named checks (default: all) on a built output folder, timing each one.

    `options` are passed to the checks that take them (`pages=` for a11y and weight, say).
    """
    names = only or list(CHECKS)
    unknown = [name for name in names if name not in CHECKS]
    if unknown:
        raise ValueError(f"không có phần kiểm tra {', '.join(unknown)}; có: {', '.join(CHECKS)}")
    site = Site(Path(output), site_url)
    reports = []
    for name in names:
        module_name, title = CHECKS[name]
        started = time.perf_counter()
        try:
            report = importlib.import_module(module_name).run(site, **options.get(name, {}))
        except CheckError as error:
            report = Report(name)
            report.add("", str(error))
        report.name, report.title = name, title
        report.seconds = time.perf_counter() - started
        reports.append(report)
    return reports
