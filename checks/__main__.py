"""`python -m checks OUTPUT [--only html,links,a11y,weight,security]`: check a built site, summary in Vietnamese."""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

from checks import CHECKS, CheckError, Report, run_checks

SHOWN = 15  # problems (grouped by message) and notes printed per check unless --all


def seconds(value: float) -> str:
    return f"{value:.1f} giây".replace(".", ",")


def grouped(report: Report) -> list[str]:
    """Findings with the same message on many pages as one line naming a few of them."""
    places = defaultdict(list)
    for finding in report.findings:
        places[finding.message].append(finding.where)
    lines = []
    for message, wheres in places.items():
        where = ", ".join(w for w in wheres[:3] if w)
        more = f" và {len(wheres) - 3} chỗ khác" if len(wheres) > 3 else ""
        lines.append(f"{where}{more}: {message}" if where else message)
    return lines


def summary(output: Path, reports: list[Report], everything: bool = False) -> str:
    """The report for a person: one line per check, then what is wrong, then the measurements."""
    width = max(len(report.name) for report in reports)
    lines = [f"Kiểm tra trang đã xây dựng: {output}", ""]
    for report in reports:
        verdict = "ĐẠT      " if report.passed else "KHÔNG ĐẠT"
        lines.append(f"{verdict} {report.name:<{width}}  {seconds(report.seconds):>10}  {report.title}")
        if report.checked:
            lines.append(f"{'':>{10 + width}}   đã xem: {report.checked}")
        problems = grouped(report)
        for line in problems if everything else problems[:SHOWN]:
            lines.append(f"    ✗ {line}")
        if len(problems) > SHOWN and not everything:
            lines.append(f"    … và {len(problems) - SHOWN} lỗi khác (xem tất cả: --all)")
        for note in report.notes if everything else report.notes[:SHOWN]:
            lines.append(f"    · {note}")
        if len(report.notes) > SHOWN and not everything:
            lines.append(f"    … và {len(report.notes) - SHOWN} ghi chú khác (xem tất cả: --all)")
    passed = sum(report.passed for report in reports)
    total = sum(report.seconds for report in reports)
    errors = sum(len(report.findings) for report in reports)
    lines += ["", f"Kết quả: {passed}/{len(reports)} phần kiểm tra đạt, {errors} lỗi, tổng {seconds(total)}."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m checks", description=__doc__)
    parser.add_argument("output", type=Path, help="the built site folder (e.g. output/)")
    parser.add_argument("--only", default="", help=f"comma-separated checks to run (default all: {','.join(CHECKS)})")
    parser.add_argument("--site-url", help="the address the site is published at (default: read from robots.txt)")
    parser.add_argument("--all", action="store_true", help="print every problem and note, not the first few")
    args = parser.parse_args(argv)
    only = [name.strip() for name in args.only.split(",") if name.strip()] or None
    started = time.perf_counter()
    try:
        reports = run_checks(args.output, only, args.site_url)
    except (ValueError, CheckError) as error:
        print(f"Không kiểm tra được: {error}", file=sys.stderr)
        return 2
    print(summary(args.output, reports, args.all))
    print(f"(thời gian thực: {seconds(time.perf_counter() - started)})")
    return 0 if all(report.passed for report in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
