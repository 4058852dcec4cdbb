"""What the dashboard and evidence pages show: plain values built from a tally document.

Pure: no Pelican, no files, no clock. Templates only lay these values out.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from cchc_content.core import PERIOD_NAMES, Registries
from cchc_content.text import quarter_label, vi_date, vi_number, vi_short_date

from .core import (
    IN_PROGRESS,
    MET,
    MISSED,
    STATUS_WORDS,
    UPCOMING,
    behind_units,
    par_index,
    period_name,
    reporting_periods,
    shortfall,
)

MONTH_NAMES = {f"{m:02d}": f"Tháng {m}" for m in range(1, 13)}


def base(year: int) -> str:
    """The dashboard folder of a year, relative to the site root."""
    return f"thong-ke/{year}/"


def evidence_url(year: int, page: str, anchor: str = "") -> str:
    return f"{base(year)}{page}/" + (f"#{anchor}" if anchor else "")


def period_anchor(period: str, unit: str | None) -> str:
    return f"ky-{period}" + (f"-{unit}" if unit else "")


def note(period: dict, minimum: int, as_of: date) -> str:
    """What a period still needs, in words ("còn thiếu 2 tin/bài trong 15 ngày")."""
    gap = shortfall(period, minimum, as_of)
    status = period["status"]
    if status == MET:
        extra = period["count"] - minimum
        return f"vượt {extra} tin/bài" if extra > 0 else "đủ chỉ tiêu"
    if status == MISSED:
        return f"thiếu {gap['missing']} tin/bài"
    if status == IN_PROGRESS:
        return f"còn thiếu {gap['missing']} tin/bài trong {gap['days_left']} ngày"
    start = date.fromisoformat(period["start"])
    return f"cần {gap['missing']} tin/bài, bắt đầu từ {vi_short_date(start)}"


def _percent(count: int, minimum: int) -> int:
    return min(100, round(100 * count / minimum))


def _target_view(target: dict, names: dict[str, str], year: int, as_of: date) -> dict:
    rows = []
    for period in target["periods"]:
        rows.append({
            "name": period_name(period["period"]),
            "period": period["period"],
            "unit": names.get(period["unit"]) if period["unit"] else None,
            "count": period["count"],
            "minimum": target["minimum"],
            "percent": _percent(period["count"], target["minimum"]),
            "status": period["status"],
            "word": STATUS_WORDS[period["status"]],
            "note": note(period, target["minimum"], as_of),
            "url": evidence_url(year, f"chi-tieu/{target['id']}", period_anchor(period["period"], period["unit"])),
        })
    begun = [row for row in rows if row["status"] != UPCOMING]
    met = sum(1 for row in rows if row["status"] == MET)
    if len(rows) == 1:
        summary = f"{rows[0]['count']}/{target['minimum']} tin/bài"
    else:
        summary = f"{met}/{len(rows)} kỳ đạt ({len(begun)} kỳ đã bắt đầu)"
    return {
        "id": target["id"],
        "label": target["label"],
        "channel": names[target["channel"]],
        "period_name": PERIOD_NAMES[target["period"]],
        "minimum": target["minimum"],
        "each_unit": target["each_unit"],
        "status": target["status"],
        "word": STATUS_WORDS[target["status"]],
        "summary": summary,
        "percent": _percent(met, len(rows)) if len(rows) > 1 else rows[0]["percent"],
        "rows": rows,
        "url": evidence_url(year, f"chi-tieu/{target['id']}"),
    }


def _breakdown(counts: dict[str, int], names: dict[str, str], year: int, page: str) -> list[dict]:
    peak = max(counts.values(), default=0) or 1
    return [
        {"id": key, "name": names[key], "count": count, "percent": round(100 * count / peak),
         "url": evidence_url(year, page, key)}
        for key, count in counts.items()
    ]


def _names(registries: Registries) -> dict[str, str]:
    return {entry.id: entry.name for registry in (registries.units, registries.topics, registries.channels)
            for entry in registry.entries}


def _grouped(posts: list[dict], key) -> dict[str, list[dict]]:
    """Posts by each value of key(post), in the posts' order; a post once per distinct value."""
    groups: dict[str, list[dict]] = {}
    for post in posts:
        for value in key(post):
            groups.setdefault(value, []).append(post)
    return groups


def dashboard(document: dict, registries: Registries) -> dict:
    """Everything the year's dashboard shows, as plain values."""
    year = document["year"]
    as_of = date.fromisoformat(document["as_of"])
    names = _names(registries)
    totals = document["totals"]
    months = []
    peak = max(totals["by_month"].values(), default=0) or 1
    by_month = _grouped(document["posts"], lambda post: (post["month"],))
    for key, count in totals["by_month"].items():
        on_channel = Counter(channel for post in by_month.get(key, ()) for channel in dict.fromkeys(post["channels"]))
        months.append({
            "id": key, "name": MONTH_NAMES[key[5:]], "count": count, "height": round(100 * count / peak),
            "by_channel": {channel: on_channel[channel] for channel in totals["by_channel"]},
            "url": evidence_url(year, "minh-chung", f"thang-{key[5:]}"),
            "future": date.fromisoformat(f"{key}-01") > as_of,
        })
    par = par_index(document, len(registries.channels.entries))
    reporting = reporting_periods(document)
    for row in reporting:
        row["url"] = evidence_url(year, "ky-bao-cao", row["label"] and _slug_period(row["label"]))
    return {
        "year": year,
        "as_of": vi_date(as_of),
        "as_of_iso": document["as_of"],
        "plan": document["plan"],
        "posts": totals["posts"],
        "targets": [_target_view(target, names, year, as_of) for target in document["targets"]],
        "status_counts": {status: sum(1 for t in document["targets"] if t["status"] == status)
                          for status in (MET, IN_PROGRESS, MISSED, UPCOMING)},
        "status_words": STATUS_WORDS,
        "par": {**par, "percent": None if par["ratio"] is None else vi_number(100 * par["ratio"], 1),
                "score_text": None if par["score"] is None else vi_number(par["score"], 2),
                "channels_used_names": [names[key] for key in par["channels_used"]]},
        "reporting": reporting,
        "channels": [{"id": key, "name": names[key]} for key in totals["by_channel"]],
        "months": months,
        "quarters": [{"id": key, "name": quarter_label(key), "count": count,
                      "url": evidence_url(year, "minh-chung", f"quy-{key[-1]}")}
                     for key, count in totals["by_quarter"].items()],
        "by_unit": _breakdown(totals["by_unit"], names, year, "theo-bo-phan"),
        "by_topic": _breakdown(totals["by_topic"], names, year, "theo-linh-vuc"),
        "by_channel": _breakdown(totals["by_channel"], names, year, "theo-kenh"),
        "behind": [{**row, "unit_name": names[row["unit"]], "period_name": period_name(row["period"]),
                    "word": STATUS_WORDS[row["status"]]} for row in behind_units(document)],
        "excluded": document["excluded"],
        "evidence_url": evidence_url(year, "minh-chung"),
    }


def _slug_period(label: str) -> str:
    return {"Quý I": "quy-i", "6 tháng": "6-thang", "9 tháng": "9-thang", "Cả năm": "ca-nam"}[label]


def _post_row(post: dict, names: dict[str, str]) -> dict:
    moment = post["date"]
    return {
        "title": post["title"], "url": post["url"], "date": f"{moment[8:10]}/{moment[5:7]}/{moment[:4]}",
        "date_iso": moment, "unit": names[post["unit"]],
        "channels": [names[channel] for channel in post["channels"]],
        "topics": [names[topic] for topic in post["topics"]],
    }


def evidence_pages(document: dict, registries: Registries) -> list[dict]:
    """The lists of posts behind every figure of the dashboard, one page per kind of figure.

    Each post has one row, shared by every list it is in, so that its HTML is made once.
    The posts are grouped once per kind of list (month, unit, area, channel, target period),
    not scanned again for every list."""
    year = document["year"]
    names = _names(registries)
    posts = document["posts"]
    row_of = {id(post): _post_row(post, names) for post in posts}

    def rows(selected):
        return [row_of[id(post)] for post in selected]

    def page(slug, title, intro, sections):
        return {"slug": slug, "url": evidence_url(year, slug), "title": title, "intro": intro, "year": year,
                "sections": sections, "count": len(posts)}

    by_month = _grouped(posts, lambda post: (post["month"],))
    by_time = []
    for quarter in range(1, 5):
        months = []
        for month in range(3 * quarter - 2, 3 * quarter + 1):
            key = f"{year}-{month:02d}"
            months.append({"anchor": f"thang-{month:02d}", "title": f"Tháng {month}/{year}",
                           "posts": rows(by_month.get(key, ()))})
        by_time.append({"anchor": f"quy-{quarter}", "title": quarter_label(f"{year}-Q{quarter}"),
                        "posts": None, "children": months})
    pages = [
        page("minh-chung", f"Danh sách tin/bài được tính năm {year}",
             "Mọi tin/bài được tính vào kết quả, theo quý và tháng đăng: tài liệu kiểm chứng kèm báo cáo.", by_time),
        page("ky-bao-cao", f"Tin/bài theo kỳ báo cáo năm {year}",
             "Số liệu lũy kế từ ngày 01/01 đến hết kỳ báo cáo.",
             [{"anchor": _slug_period(label), "title": f"{label} năm {year}",
               "posts": rows(p for p in posts if int(p["month"][5:]) <= last)}
              for label, last in (("Quý I", 3), ("6 tháng", 6), ("9 tháng", 9), ("Cả năm", 12))]),
    ]
    for slug, title, key, registry in (
        ("theo-bo-phan", "theo bộ phận", "unit", registries.units),
        ("theo-linh-vuc", "theo lĩnh vực", "topics", registries.topics),
        ("theo-kenh", "theo kênh", "channels", registries.channels),
    ):
        groups = _grouped(posts, (lambda post: (post["unit"],)) if key == "unit"
                          else (lambda post, key=key: dict.fromkeys(post[key])))
        sections = [{"anchor": entry.id, "title": entry.name, "posts": rows(groups.get(entry.id, ()))}
                    for entry in registry.entries]
        pages.append(page(slug, f"Tin/bài năm {year} {title}", "", sections))
    for target in document["targets"]:
        on_channel = [post for post in posts if target["channel"] in post["channels"]]
        in_period: dict[tuple[str, str], list[dict]] = {}  # per-unit periods share their span
        sections = []
        for period in target["periods"]:
            span = (period["start"], period["end"])
            if span not in in_period:
                # ISO days compare as the dates do
                in_period[span] = [p for p in on_channel if span[0] <= p["date"][:10] <= span[1]]
            selected = [p for p in in_period[span] if period["unit"] is None or p["unit"] == period["unit"]]
            title = period_name(period["period"])
            if period["unit"]:
                title += f" — {names[period['unit']]}"
            sections.append({"anchor": period_anchor(period["period"], period["unit"]), "title": title,
                             "posts": rows(selected), "status": period["status"],
                             "word": STATUS_WORDS[period["status"]], "count": period["count"],
                             "minimum": target["minimum"]})
        pages.append(page(f"chi-tieu/{target['id']}", f"Chỉ tiêu: {target['label']}",
                          f"Kênh: {names[target['channel']]}. Tối thiểu {target['minimum']} tin/bài mỗi "
                          f"{PERIOD_NAMES[target['period']]}" + (" cho mỗi bộ phận." if target["each_unit"] else "."),
                          sections))
    return pages


def evidence_rows(pages: list[dict]) -> list[dict]:
    """Every row of a year's evidence pages once, in the order the pages first show them (a post's
    row is shared by every list it is in: see evidence_pages)."""
    rows: dict[int, dict] = {}
    for page in pages:
        for section in page["sections"]:
            for part in section.get("children") or [section]:
                for row in part["posts"] or ():
                    rows.setdefault(id(row), row)
    return list(rows.values())


def home_summary(view: dict) -> dict:
    """The short view of a year's progress on the home page, from the year's dashboard view."""
    return {"year": view["year"], "as_of": view["as_of"], "posts": view["posts"], "targets": view["targets"],
            "status_counts": view["status_counts"], "url": base(view["year"])}
