"""The tally (CONTRACT.md §2 and §4): which posts count, per period and target, and statuses.

Pure core: no Pelican, no files, no clock. The as-of day and every post come in as
arguments; plain dicts and lists (the `cchc-tally/1` document) come out. The status
rules are the table of §4, kept as data below.
"""

from __future__ import annotations

import calendar
import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from cchc_content.core import Plan, Post, Registries, Target
from cchc_content.text import quarter_label, vi_short_date

SCHEMA = "cchc-tally/1"

MET, MISSED, IN_PROGRESS, UPCOMING = "met", "missed", "in_progress", "upcoming"
STATUS_WORDS = {MET: "Đạt", MISSED: "Chưa đạt", IN_PROGRESS: "Đang thực hiện", UPCOMING: "Chưa đến kỳ"}

# Reporting periods of DOMAIN.md: cumulative from 1 January to the end of month N.
REPORTING_PERIODS = (("Quý I", 3), ("6 tháng", 6), ("9 tháng", 9), ("Cả năm", 12))


@dataclass(frozen=True)
class Period:
    """A span of whole local days, labelled as the contract does (`2024`, `2024-Q1`, `2024-03`)."""

    label: str
    start: date
    end: date


def periods_of(year: int, kind: str) -> list[Period]:
    """The periods of one kind in a year, in order."""
    if kind == "year":
        return [Period(str(year), date(year, 1, 1), date(year, 12, 31))]
    if kind == "quarter":
        return [
            Period(f"{year}-Q{q}", date(year, 3 * q - 2, 1), _month_end(year, 3 * q)) for q in range(1, 5)
        ]
    return [Period(f"{year}-{m:02d}", date(year, m, 1), _month_end(year, m)) for m in range(1, 13)]


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_status(count: int, minimum: int, period: Period, as_of: date) -> str:
    """Status of one period against the as-of day (the table of CONTRACT §4)."""
    if count >= minimum:
        return MET
    if period.end <= as_of:
        return MISSED
    if period.start <= as_of:
        return IN_PROGRESS
    return UPCOMING


def target_status(statuses: Iterable[str]) -> str:
    """A target's status from its periods' (CONTRACT §4)."""
    statuses = list(statuses)
    if MISSED in statuses:
        return MISSED
    if IN_PROGRESS in statuses:
        return IN_PROGRESS
    if any(status == MET for status in statuses):
        return MET
    return UPCOMING


# ---------------------------------------------------------------------------
# Which posts count


def exclusion_reason(post: Post, as_of: date, url: str | None) -> str | None:
    """Why a post does not count, in Vietnamese, or None if it counts (CONTRACT §2)."""
    if post.problems:
        return "Bài có lỗi: " + " ".join(str(problem) for problem in post.problems)
    if post.status == "draft":
        return "Bài đang là bản nháp (Status: draft), chưa được đăng."
    assert post.date is not None
    if post.date.date() > as_of:
        return (
            f"Ngày đăng {vi_short_date(post.date)} sau ngày chốt số liệu {vi_short_date(as_of)}; "
            "bài sẽ được tính khi đến ngày."
        )
    if url is None:
        return "Không tạo được trang cho bài này nên không có đường dẫn làm minh chứng."
    return None


def year_of(post: Post, as_of: date) -> int:
    """The tally a post belongs to: its date's year, else the as-of day's year."""
    return post.date.year if post.date else as_of.year


def tally_years(posts: Iterable[Post], plans: Mapping[int, Plan], as_of: date) -> list[int]:
    """Every year that has posts or a plan, in order."""
    return sorted({year_of(post, as_of) for post in posts} | set(plans))


def tallies(
    posts: Iterable[Post],
    urls: Mapping[str, str],
    registries: Registries,
    plans: Mapping[int, Plan],
    as_of: date,
) -> dict[int, dict]:
    """The tally of every year of `tally_years`, in order; each year reads only its own posts,
    so the work grows with the number of posts, not with posts times years."""
    by_year: dict[int, list[Post]] = {}
    for post in posts:
        by_year.setdefault(year_of(post, as_of), []).append(post)
    return {year: tally(year, by_year.get(year, ()), urls, registries, plans.get(year), as_of)
            for year in sorted(by_year.keys() | set(plans))}


def tally(
    year: int,
    posts: Iterable[Post],
    urls: Mapping[str, str],
    registries: Registries,
    plan: Plan | None,
    as_of: date,
) -> dict:
    """The `cchc-tally/1` document of one year (CONTRACT §4).

    `urls` maps a post's source path to its page URL relative to the site root; a post
    without one cannot be shown as evidence and is excluded.
    """
    counted: list[Post] = []
    excluded: list[dict] = []
    for post in sorted(posts, key=lambda p: (p.date is None, p.date or 0, p.source)):
        if year_of(post, as_of) != year:
            continue
        reason = exclusion_reason(post, as_of, urls.get(post.source))
        if reason is None:
            counted.append(post)
        else:
            # Drafts and future posts are not public yet: their titles stay out of the public tally.
            excluded.append(
                {"source": post.source, "reason": reason, "title": post.title if post.problems else None,
                 "date": post.date.isoformat() if post.date else None}
            )

    def zeros(ids: Iterable[str]) -> dict[str, int]:
        return {key: 0 for key in ids}

    totals = {
        "posts": len(counted),
        "by_quarter": zeros(p.label for p in periods_of(year, "quarter")),
        "by_month": zeros(p.label for p in periods_of(year, "month")),
        "by_unit": zeros(registries.units.ids),
        "by_topic": zeros(registries.topics.ids),
        "by_channel": zeros(registries.channels.ids),
    }
    entries = [_post_entry(post, urls[post.source]) for post in counted]
    for entry in entries:  # the entries, not the posts: a post works its quarter and month out on each read
        totals["by_quarter"][entry["quarter"]] += 1
        totals["by_month"][entry["month"]] += 1
        totals["by_unit"][entry["unit"]] += 1
        for topic in entry["topics"]:
            totals["by_topic"][topic] += 1
        for channel in entry["channels"]:
            totals["by_channel"][channel] += 1

    targets = [_target_entry(target, year, counted, registries, as_of) for target in (plan.targets if plan else ())]
    return {
        "schema": SCHEMA,
        "year": year,
        "as_of": as_of.isoformat(),
        "plan": {"document": plan.document, "file": plan.file} if plan else None,
        "totals": totals,
        "targets": targets,
        "posts": entries,
        "excluded": excluded,
    }


def _target_entry(target: Target, year: int, counted: list[Post], registries: Registries, as_of: date) -> dict:
    # Each post's local day once, not once per period.
    on_channel = [(post.date.date(), post) for post in counted if target.channel in post.channels]
    units = registries.units.ids if target.each_unit else (None,)
    periods = []
    for period in periods_of(year, target.period):
        in_period = [post for day, post in on_channel if period.start <= day <= period.end]
        for unit in units:
            count = sum(1 for post in in_period if unit is None or post.unit == unit)
            periods.append(
                {
                    "period": period.label,
                    "unit": unit,
                    "start": period.start.isoformat(),
                    "end": period.end.isoformat(),
                    "count": count,
                    "status": period_status(count, target.minimum, period, as_of),
                }
            )
    return {
        "id": target.id,
        "channel": target.channel,
        "period": target.period,
        "minimum": target.minimum,
        "each_unit": target.each_unit,
        "label": target.label,
        "status": target_status(entry["status"] for entry in periods),
        "periods": periods,
    }


def _post_entry(post: Post, url: str) -> dict:
    return {
        "title": post.title,
        "url": url,
        "source": post.source,
        "date": post.date.isoformat(),
        "quarter": post.quarter,
        "month": post.month,
        "unit": post.unit,
        "topics": list(post.topics),
        "channels": list(post.channels),
    }


# ---------------------------------------------------------------------------
# Readings of the tally for people: PAR INDEX criteria, shortfalls, reporting periods


def par_index(document: dict, channel_count: int) -> dict:
    """Criterion 4.1 (plan completion: share of targets met, 1 point at 100%, proportional
    from 90%, 0 below) and 4.2 (number of channels used) as DOMAIN.md reads them."""
    targets = document["targets"]
    met = sum(1 for target in targets if target["status"] == MET)
    ratio = met / len(targets) if targets else None
    if ratio is None:
        score = None
    elif ratio >= 1:
        score = 1.0
    elif ratio >= 0.9:
        score = round(ratio, 2)
    else:
        score = 0.0
    used = [channel for channel, count in document["totals"]["by_channel"].items() if count > 0]
    return {"targets": len(targets), "met": met, "ratio": ratio, "score": score,
            "channels_used": used, "channels_total": channel_count}


def shortfall(period: dict, minimum: int, as_of: date) -> dict | None:
    """What a period still needs: posts missing and days left (None when met)."""
    missing = minimum - period["count"]
    if missing <= 0:
        return None
    end = date.fromisoformat(period["end"])
    start = date.fromisoformat(period["start"])
    if period["status"] == IN_PROGRESS:
        return {"missing": missing, "days_left": (end - as_of).days}
    if period["status"] == UPCOMING:
        return {"missing": missing, "days_left": (end - start).days + 1}
    return {"missing": missing, "days_left": 0}


def reporting_periods(document: dict) -> list[dict]:
    """Cumulative figures for Quý I, 6 tháng, 9 tháng, Cả năm: posts per channel and
    target periods met among those that ended inside the window."""
    year = document["year"]
    rows = []
    for label, last_month in REPORTING_PERIODS:
        end = _month_end(year, last_month)
        last_day = end.isoformat()  # ISO days compare as the dates do
        posts = [post for post in document["posts"] if post["date"][:10] <= last_day]
        by_channel = {channel: 0 for channel in document["totals"]["by_channel"]}
        for post in posts:
            for channel in post["channels"]:
                by_channel[channel] += 1
        ended = [
            period for target in document["targets"] for period in target["periods"]
            if date.fromisoformat(period["end"]) <= end
        ]
        rows.append({
            "label": label,
            "end": end.isoformat(),
            "posts": len(posts),
            "by_channel": by_channel,
            "periods_ended": len(ended),
            "periods_met": sum(1 for period in ended if period["status"] == MET),
            "reached": date.fromisoformat(document["as_of"]) >= end,
        })
    return rows


def behind_units(document: dict) -> list[dict]:
    """Units with a missed or unmet in-progress period in an each_unit target."""
    rows = []
    for target in document["targets"]:
        if not target["each_unit"]:
            continue
        for period in target["periods"]:
            if period["status"] in (MISSED, IN_PROGRESS):
                rows.append({"target": target["id"], "unit": period["unit"], "period": period["period"],
                             "count": period["count"], "minimum": target["minimum"], "status": period["status"]})
    return rows


def period_name(label: str) -> str:
    """`2024` -> `Năm 2024`, `2024-Q1` -> `Quý I/2024`, `2024-03` -> `Tháng 3/2024`."""
    if "-Q" in label:
        return quarter_label(label)
    if "-" in label:
        year, month = label.split("-")
        return f"Tháng {int(month)}/{year}"
    return f"Năm {label}"


__all__ = [
    "IN_PROGRESS", "MET", "MISSED", "UPCOMING", "STATUS_WORDS", "Period", "behind_units", "exclusion_reason",
    "par_index", "period_name", "period_status", "periods_of", "reporting_periods", "shortfall", "tallies",
    "tally", "tally_years", "target_status", "year_of", "csv_text", "safe_cell",
]


# ---------------------------------------------------------------------------
# The evidence list as CSV (UTF-8 with BOM, Vietnamese headers)

CSV_HEADERS = ("STT", "Tiêu đề", "Ngày đăng", "Quý", "Tháng", "Bộ phận", "Lĩnh vực", "Kênh", "Đường dẫn", "Tệp nguồn")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """A cell a spreadsheet shows as text, never as a formula."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def csv_text(document: dict, registries: Registries, base_url: str) -> str:
    """One row per counted post: the evidence list a report attaches (CONTRACT §4)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    names = {entry.id: entry.name for registry in (registries.units, registries.topics, registries.channels)
             for entry in registry.entries}
    for number, post in enumerate(document["posts"], start=1):
        moment = post["date"]
        row = [
            str(number),
            post["title"],
            f"{moment[8:10]}/{moment[5:7]}/{moment[:4]} {moment[11:16]}",
            quarter_label(post["quarter"]),
            f"{int(post['month'][5:])}/{post['month'][:4]}",
            names[post["unit"]],
            "; ".join(names[topic] for topic in post["topics"]),
            "; ".join(names[channel] for channel in post["channels"]),
            f"{base_url}/{post['url']}" if base_url else post["url"],
            post["source"],
        ]
        writer.writerow([safe_cell(cell) for cell in row])
    return "\ufeff" + buffer.getvalue()
