"""The tally (CONTRACT §2 and §4): periods, statuses, counting, the readings for people, the CSV."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_content.core import ContentError, Plan, Problem, Registries, Target, parse_post, parse_registry
from cchc_content.sources import as_of_day
from cchc_tally.core import (
    IN_PROGRESS,
    MET,
    MISSED,
    UPCOMING,
    Period,
    csv_text,
    par_index,
    period_status,
    periods_of,
    reporting_periods,
    safe_cell,
    shortfall,
    tallies,
    tally,
    tally_years,
    target_status,
)
from cchc_tally.dashboard import evidence_pages, evidence_rows, note

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
AS_OF = date(2024, 6, 30)
STATUSES = (MET, MISSED, IN_PROGRESS, UPCOMING)


def _registry(kind: str, entries: list[tuple[str, str]]):
    problems: list[Problem] = []
    registry = parse_registry(kind, {kind: [{"id": i, "name": n} for i, n in entries]}, f"{kind}s.toml", problems)
    assert problems == []
    return registry


REGISTRIES = Registries(
    units=_registry("unit", [("van-phong", "Văn phòng HĐND và UBND phường"), ("kinh-te", "Phòng Kinh tế"),
                             ("cong-an", "Công an phường")]),
    topics=_registry("topic", [("tthc", "Cải cách thủ tục hành chính"), ("the-che", "Cải cách thể chế"),
                               ("chinh-quyen-so", "Chính quyền số")]),
    channels=_registry("channel", [("website", "Trang thông tin điện tử của phường"),
                                   ("truyen-thanh", "Hệ thống truyền thanh cơ sở"),
                                   ("cap-tren", "Cổng thông tin cấp trên"), ("mang-xa-hoi", "Mạng xã hội")]),
)


def target(channel: str, period: str, minimum: int, each_unit: bool = False) -> Target:
    target_id = f"{channel}-{period}" + ("-each-unit" if each_unit else "")
    return Target(target_id, channel, period, minimum, each_unit, f"Chỉ tiêu {target_id}")


PLAN = Plan(2024, "Kế hoạch số 15/KH-UBND ngày 20/02/2024", "plans/2024.toml", (
    target("website", "year", 12),
    target("truyen-thanh", "month", 2),
    target("cap-tren", "quarter", 1),
    target("website", "quarter", 1, each_unit=True),
))


def post(name: str, when: str | None = "2024-05-10 09:00", *, unit: str = "van-phong", topic: str = "tthc",
         channel: str | None = "website", status: str | None = None, title: str | None = None):
    """A post as parse_post reads it; None leaves a header out."""
    headers = {"Title": title or f"Tin {name}", "Date": when, "Unit": unit, "Topic": topic, "Channel": channel,
               "Status": status}
    text = "\n".join(f"{key}: {value}" for key, value in headers.items() if value is not None) + "\n\nNội dung.\n"
    return parse_post(f"tin-bai/{name}.md", text.encode(), REGISTRIES, LOCAL)


def urls(*posts) -> dict[str, str]:
    return {p.source: p.source.removesuffix(".md") + ".html" for p in posts}


def run(posts, *, year: int = 2024, plan: Plan | None = PLAN, as_of: date = AS_OF, url_map=None) -> dict:
    posts = list(posts)
    return tally(year, posts, urls(*posts) if url_map is None else url_map, REGISTRIES, plan, as_of)


def target_entry(document: dict, target_id: str) -> dict:
    return next(entry for entry in document["targets"] if entry["id"] == target_id)


def period_entry(document: dict, target_id: str, label: str, unit: str | None = None) -> dict:
    return next(p for p in target_entry(document, target_id)["periods"] if p["period"] == label and p["unit"] == unit)


def sources(entries: list[dict]) -> list[str]:
    return [entry["source"] for entry in entries]


# ---------------------------------------------------------------------------
# Periods


def test_a_year_is_one_period_labelled_by_the_year():
    assert periods_of(2024, "year") == [Period("2024", date(2024, 1, 1), date(2024, 12, 31))]


def test_quarters_are_labelled_year_q_and_span_three_months():
    assert periods_of(2024, "quarter") == [
        Period("2024-Q1", date(2024, 1, 1), date(2024, 3, 31)),
        Period("2024-Q2", date(2024, 4, 1), date(2024, 6, 30)),
        Period("2024-Q3", date(2024, 7, 1), date(2024, 9, 30)),
        Period("2024-Q4", date(2024, 10, 1), date(2024, 12, 31)),
    ]


@pytest.mark.parametrize(("year", "february_end"), [(2024, date(2024, 2, 29)), (2023, date(2023, 2, 28))])
def test_months_are_labelled_year_month_and_end_on_their_last_day(year, february_end):
    months = periods_of(year, "month")
    assert [m.label for m in months] == [f"{year}-{n:02d}" for n in range(1, 13)]
    assert months[1].end == february_end
    assert months[0].end == date(year, 1, 31)


@given(year=st.integers(min_value=1900, max_value=9999), kind=st.sampled_from(["year", "quarter", "month"]))
def test_the_periods_of_any_kind_tile_the_year_without_gaps_or_overlaps(year, kind):
    periods = periods_of(year, kind)
    assert len(periods) == {"year": 1, "quarter": 4, "month": 12}[kind]
    assert periods[0].start == date(year, 1, 1)
    assert periods[-1].end == date(year, 12, 31)
    for before, after in zip(periods, periods[1:], strict=False):
        assert after.start == before.end + timedelta(days=1)


# ---------------------------------------------------------------------------
# Statuses (the table of CONTRACT §4)

Q2 = Period("2024-Q2", date(2024, 4, 1), date(2024, 6, 30))


@pytest.mark.parametrize(
    ("count", "minimum", "as_of", "status"),
    [
        pytest.param(1, 1, date(2024, 5, 15), MET, id="met even before the end"),
        pytest.param(3, 2, date(2024, 4, 1), MET, id="met on the first day"),
        pytest.param(2, 2, date(2024, 6, 30), MET, id="met on the last day"),
        pytest.param(5, 1, date(2024, 8, 1), MET, id="met after the end"),
        pytest.param(0, 1, date(2024, 7, 1), MISSED, id="missed after the end"),
        pytest.param(1, 2, date(2024, 6, 30), MISSED, id="a period ending on the as-of day has ended"),
        pytest.param(1, 2, date(2024, 6, 29), IN_PROGRESS, id="in progress the day before the end"),
        pytest.param(0, 1, date(2024, 4, 1), IN_PROGRESS, id="in progress from its first day"),
        pytest.param(0, 3, date(2024, 5, 15), IN_PROGRESS, id="in progress in the middle"),
        pytest.param(0, 1, date(2024, 3, 31), UPCOMING, id="upcoming the day before it begins"),
        pytest.param(0, 1, date(2023, 12, 31), UPCOMING, id="upcoming in the year before"),
    ],
)
def test_period_status_follows_the_table(count, minimum, as_of, status):
    assert period_status(count, minimum, Q2, as_of) == status


# The table of §4 restated row by row as predicates, in its order.
STATUS_TABLE = (
    (MET, lambda count, minimum, period, as_of: count >= minimum),
    (MISSED, lambda count, minimum, period, as_of: period.end <= as_of and count < minimum),
    (IN_PROGRESS, lambda count, minimum, period, as_of: period.start <= as_of < period.end and count < minimum),
    (UPCOMING, lambda count, minimum, period, as_of: period.start > as_of),
)


@st.composite
def periods(draw) -> Period:
    year = draw(st.integers(min_value=2000, max_value=2100))
    return draw(st.sampled_from(periods_of(year, draw(st.sampled_from(["year", "quarter", "month"])))))


@given(period=periods(), offset=st.integers(min_value=-400, max_value=400), count=st.integers(0, 50),
       minimum=st.integers(1, 50))
def test_period_status_agrees_with_the_table_for_any_as_of_day_and_count(period, offset, count, minimum):
    as_of = period.start + timedelta(days=offset)
    rows = [status for status, holds in STATUS_TABLE if holds(count, minimum, period, as_of)]
    assert rows, "the table leaves no case out"
    if count < minimum:
        assert len(rows) == 1, "below the minimum the rows exclude each other"
    assert period_status(count, minimum, period, as_of) == rows[0]


@pytest.mark.parametrize(
    ("statuses", "status"),
    [
        ([MET, MISSED, IN_PROGRESS, UPCOMING], MISSED),
        ([MISSED], MISSED),
        ([MET, IN_PROGRESS, UPCOMING], IN_PROGRESS),
        ([IN_PROGRESS], IN_PROGRESS),
        ([MET, MET, UPCOMING], MET),
        ([MET], MET),
        ([UPCOMING, UPCOMING], UPCOMING),
    ],
)
def test_target_status_takes_missed_then_in_progress_then_met_then_upcoming(statuses, status):
    assert target_status(statuses) == status


@given(st.lists(st.sampled_from(STATUSES), min_size=1, max_size=40))
def test_target_status_agrees_with_the_rule_for_any_periods(statuses):
    begun = [status for status in statuses if status != UPCOMING]
    if MISSED in statuses:
        expected = MISSED
    elif IN_PROGRESS in statuses:
        expected = IN_PROGRESS
    elif begun and all(status == MET for status in begun):
        expected = MET
    else:
        expected = UPCOMING
    assert target_status(iter(statuses)) == expected


# ---------------------------------------------------------------------------
# The tally document


def test_the_document_has_the_schema_year_as_of_and_plan():
    document = run([post("a")])
    assert document["schema"] == "cchc-tally/1"
    assert document["year"] == 2024
    assert document["as_of"] == "2024-06-30"
    assert document["plan"] == {"document": "Kế hoạch số 15/KH-UBND ngày 20/02/2024", "file": "plans/2024.toml"}
    assert {"totals", "targets", "posts", "excluded"} <= document.keys()


def test_a_counted_post_is_listed_with_its_url_source_local_date_and_ids():
    document = run([post("a", "2024-03-31T20:00:00Z", topic="chinh-quyen-so, tthc", channel="website, truyen-thanh")])
    assert document["posts"] == [{
        "title": "Tin a", "url": "tin-bai/a.html", "source": "tin-bai/a.md", "date": "2024-04-01T03:00:00+07:00",
        "quarter": "2024-Q2", "month": "2024-04", "unit": "van-phong", "topics": ["chinh-quyen-so", "tthc"],
        "channels": ["website", "truyen-thanh"],
    }]


def test_every_registry_id_appears_in_the_totals_with_zero_where_nothing_counted():
    totals = run([post("a")])["totals"]
    assert totals["posts"] == 1
    assert totals["by_quarter"] == {"2024-Q1": 0, "2024-Q2": 1, "2024-Q3": 0, "2024-Q4": 0}
    assert totals["by_month"] == {f"2024-{m:02d}": (1 if m == 5 else 0) for m in range(1, 13)}
    assert totals["by_unit"] == {"van-phong": 1, "kinh-te": 0, "cong-an": 0}
    assert totals["by_topic"] == {"tthc": 1, "the-che": 0, "chinh-quyen-so": 0}
    assert totals["by_channel"] == {"website": 1, "truyen-thanh": 0, "cap-tren": 0, "mang-xa-hoi": 0}


def test_an_empty_year_still_lists_every_id_with_zero():
    totals = run([])["totals"]
    assert totals["posts"] == 0
    assert set(totals["by_unit"]) == set(REGISTRIES.units.ids)
    assert set(totals["by_topic"]) == set(REGISTRIES.topics.ids)
    assert set(totals["by_channel"]) == set(REGISTRIES.channels.ids)
    assert not any(totals[key][k] for key in ("by_quarter", "by_month", "by_unit") for k in totals[key])


def test_a_post_counts_once_toward_every_target_whose_channel_it_lists():
    document = run([post("a", "2024-05-10", channel="website, truyen-thanh")])
    assert period_entry(document, "website-year", "2024")["count"] == 1
    assert period_entry(document, "truyen-thanh-month", "2024-05")["count"] == 1
    assert period_entry(document, "cap-tren-quarter", "2024-Q2")["count"] == 0
    assert period_entry(document, "website-quarter-each-unit", "2024-Q2", "van-phong")["count"] == 1


def test_a_post_naming_a_channel_twice_counts_once():
    document = run([post("a", channel="website, Trang thông tin điện tử của phường")])
    assert period_entry(document, "website-year", "2024")["count"] == 1
    assert document["totals"]["by_channel"]["website"] == 1


def test_a_unit_target_counts_a_post_only_for_its_own_unit():
    document = run([post("a", "2024-02-01", unit="kinh-te"), post("b", "2024-02-02", unit="kinh-te")])
    assert period_entry(document, "website-quarter-each-unit", "2024-Q1", "kinh-te")["count"] == 2
    assert period_entry(document, "website-quarter-each-unit", "2024-Q1", "van-phong")["count"] == 0


def test_each_unit_targets_have_one_period_entry_per_unit_and_period_in_registry_order():
    entries = target_entry(run([post("a")]), "website-quarter-each-unit")["periods"]
    assert [(entry["period"], entry["unit"]) for entry in entries] == [
        (f"2024-Q{q}", unit) for q in range(1, 5) for unit in REGISTRIES.units.ids
    ]


def test_other_targets_have_one_entry_per_period_with_unit_null():
    document = run([post("a")])
    assert [(p["period"], p["unit"]) for p in target_entry(document, "website-year")["periods"]] == [("2024", None)]
    assert [p["period"] for p in target_entry(document, "truyen-thanh-month")["periods"]] == [
        f"2024-{m:02d}" for m in range(1, 13)
    ]
    assert all(p["unit"] is None for p in target_entry(document, "cap-tren-quarter")["periods"])


def test_a_target_entry_carries_its_plan_fields_and_period_bounds():
    entry = target_entry(run([post("a")]), "cap-tren-quarter")
    assert {k: entry[k] for k in ("id", "channel", "period", "minimum", "each_unit", "label")} == {
        "id": "cap-tren-quarter", "channel": "cap-tren", "period": "quarter", "minimum": 1, "each_unit": False,
        "label": "Chỉ tiêu cap-tren-quarter",
    }
    assert entry["periods"][1] == {"period": "2024-Q2", "unit": None, "start": "2024-04-01", "end": "2024-06-30",
                                   "count": 0, "status": MISSED}
    assert entry["status"] == MISSED


def test_period_and_target_statuses_are_judged_against_the_as_of_day():
    posts = [
        post(f"t{m}-{day}", f"2024-{m:02d}-{day}", channel="truyen-thanh") for m in range(1, 6) for day in (10, 20)
    ]
    entry = target_entry(run(posts, as_of=date(2024, 6, 15)), "truyen-thanh-month")
    assert [p["status"] for p in entry["periods"]] == [MET] * 5 + [IN_PROGRESS] + [UPCOMING] * 6
    assert entry["status"] == IN_PROGRESS


def test_posts_in_the_as_of_day_count_and_the_as_of_day_ends_a_period():
    document = run([post("a", "2024-06-30 23:59", channel="cap-tren")], as_of=date(2024, 6, 30))
    assert sources(document["posts"]) == ["tin-bai/a.md"]
    assert period_entry(document, "cap-tren-quarter", "2024-Q2")["status"] == MET
    assert period_entry(document, "cap-tren-quarter", "2024-Q1")["status"] == MISSED


def test_a_hidden_post_is_counted():
    document = run([post("a", status="hidden")])
    assert sources(document["posts"]) == ["tin-bai/a.md"]
    assert document["excluded"] == []


def test_a_draft_is_excluded_with_a_reason():
    document = run([post("a", status="draft")])
    assert document["posts"] == []
    [excluded] = document["excluded"]
    assert excluded["source"] == "tin-bai/a.md"
    assert "draft" in excluded["reason"] and "bản nháp" in excluded["reason"]


def test_a_post_dated_after_the_as_of_day_is_excluded():
    document = run([post("a", "2024-07-01 00:00")], as_of=date(2024, 6, 30))
    assert document["posts"] == []
    [excluded] = document["excluded"]
    assert "01/07/2024" in excluded["reason"] and "30/06/2024" in excluded["reason"]


def test_after_the_as_of_day_is_judged_in_local_time():
    # 30 June 20:00 UTC is 1 July 03:00 in Hanoi: after an as-of day of 30 June.
    document = run([post("a", "2024-06-30T20:00:00Z"), post("b", "2024-06-30T16:59:00Z")], as_of=date(2024, 6, 30))
    assert sources(document["posts"]) == ["tin-bai/b.md"]
    assert sources(document["excluded"]) == ["tin-bai/a.md"]


def test_an_invalid_post_is_excluded_with_its_problems_in_the_reason():
    broken = post("a", unit="Phòng Tư pháp", topic="Môi trường")
    [excluded] = run([broken])["excluded"]
    assert excluded["source"] == "tin-bai/a.md"
    for problem in broken.problems:
        assert str(problem) in excluded["reason"]


def test_a_post_without_a_page_url_is_excluded():
    counted, orphan = post("a"), post("b")
    document = run([counted, orphan], url_map=urls(counted))
    assert sources(document["posts"]) == ["tin-bai/a.md"]
    [excluded] = document["excluded"]
    assert excluded["source"] == "tin-bai/b.md"
    assert excluded["reason"]


def test_a_post_counts_only_in_the_year_of_its_local_date():
    new_year = post("a", "2023-12-31T18:00:00Z")  # 1 January 2024, 01:00 in Hanoi
    assert sources(run([new_year])["posts"]) == ["tin-bai/a.md"]
    assert run([new_year], year=2023, plan=None)["posts"] == []


def test_an_excluded_post_lands_in_the_year_of_its_date():
    broken = post("a", "2023-05-10", unit="Phòng Tư pháp")
    assert sources(run([broken], year=2023, plan=None)["excluded"]) == ["tin-bai/a.md"]
    assert run([broken], year=2024)["excluded"] == []


@pytest.mark.parametrize("when", [None, "31/02/2023", "hôm qua"], ids=["no date", "impossible date", "unreadable"])
def test_an_excluded_post_without_a_date_lands_in_the_as_of_year(when):
    broken = post("a", when)
    assert sources(run([broken], as_of=date(2024, 6, 30))["excluded"]) == ["tin-bai/a.md"]
    assert run([broken], year=2023, plan=None, as_of=date(2024, 6, 30))["excluded"] == []
    assert tally_years([broken], {}, date(2024, 6, 30)) == [2024]


def test_the_tally_years_are_those_with_posts_or_a_plan():
    assert tally_years([post("a", "2023-05-10"), post("b", "2024-01-02")], {2026: PLAN}, AS_OF) == [2023, 2024, 2026]


def test_a_year_without_a_plan_has_plan_null_and_no_targets():
    document = run([post("a")], plan=None)
    assert document["plan"] is None
    assert document["targets"] == []
    assert document["totals"]["posts"] == 1


def test_the_document_is_json_serialisable():
    document = run([post("a"), post("b", status="draft"), post("c", None)])
    assert json.loads(json.dumps(document, ensure_ascii=False)) == document


def test_the_same_posts_and_as_of_day_give_the_same_document_in_any_order():
    posts = [post("a", "2024-03-01"), post("b", "2024-03-01"), post("c", None), post("d", status="draft"),
             post("e", "2024-02-01", channel="truyen-thanh"), post("f", unit="khong-co")]
    first = run(posts)
    assert run(posts) == first
    assert run(list(reversed(posts))) == first
    assert json.dumps(run(list(reversed(posts)))) == json.dumps(first)


@st.composite
def post_specs(draw) -> list[dict]:
    count = draw(st.integers(min_value=0, max_value=8))
    return [
        {
            "name": f"p{index}",
            "when": draw(st.one_of(st.none(), st.just("31/02/2024"),
                                   st.dates(date(2023, 1, 1), date(2025, 12, 31)).map(lambda d: f"{d:%d/%m/%Y}"))),
            "status": draw(st.sampled_from([None, "hidden", "draft"])),
            "unit": draw(st.sampled_from(["van-phong", "kinh-te", "cong-an", "Phòng Tư pháp"])),
            "channel": draw(st.sampled_from(["website", "truyen-thanh, cap-tren", "mang-xa-hoi, website"])),
            "with_url": draw(st.booleans()),
        }
        for index in range(count)
    ]


@settings(deadline=None, max_examples=60)
@given(specs=post_specs(), as_of=st.dates(date(2023, 6, 1), date(2025, 6, 1)))
def test_every_post_is_either_counted_or_excluded_exactly_once_across_the_years(specs, as_of):
    posts = [post(s["name"], s["when"], status=s["status"], unit=s["unit"], channel=s["channel"]) for s in specs]
    url_map = urls(*(p for p, s in zip(posts, specs, strict=True) if s["with_url"]))
    seen: list[str] = []
    for year in tally_years(posts, {2024: PLAN}, as_of):
        document = tally(year, posts, url_map, REGISTRIES, PLAN if year == 2024 else None, as_of)
        seen += sources(document["posts"]) + sources(document["excluded"])
        assert sum(document["totals"]["by_quarter"].values()) == document["totals"]["posts"]
        assert sum(document["totals"]["by_month"].values()) == document["totals"]["posts"]
        assert sum(document["totals"]["by_unit"].values()) == document["totals"]["posts"]
    assert sorted(seen) == sorted(p.source for p in posts)


@settings(deadline=None, max_examples=40)
@given(specs=post_specs(), as_of=st.dates(date(2023, 6, 1), date(2025, 6, 1)))
def test_the_tallies_of_all_years_are_each_years_tally(specs, as_of):
    posts = [post(s["name"], s["when"], status=s["status"], unit=s["unit"], channel=s["channel"]) for s in specs]
    url_map = urls(*(p for p, s in zip(posts, specs, strict=True) if s["with_url"]))
    documents = tallies(posts, url_map, REGISTRIES, {2024: PLAN}, as_of)
    assert list(documents) == tally_years(posts, {2024: PLAN}, as_of)
    for year, document in documents.items():
        assert document == tally(year, posts, url_map, REGISTRIES, PLAN if year == 2024 else None, as_of)


# ---------------------------------------------------------------------------
# The as-of day


def test_the_as_of_setting_wins_over_the_environment(monkeypatch):
    monkeypatch.setenv("CCHC_AS_OF", "2023-01-01")
    assert as_of_day("2024-06-30", LOCAL) == date(2024, 6, 30)


def test_the_environment_gives_the_as_of_day_when_the_setting_is_absent(monkeypatch):
    monkeypatch.setenv("CCHC_AS_OF", " 2024-03-31 ")
    assert as_of_day(None, LOCAL) == date(2024, 3, 31)


def test_without_setting_or_environment_the_as_of_day_is_today_in_local_time(monkeypatch):
    monkeypatch.delenv("CCHC_AS_OF", raising=False)
    late_evening_utc = datetime(2024, 6, 30, 18, 0, tzinfo=UTC)
    assert as_of_day(None, LOCAL, now=late_evening_utc) == date(2024, 7, 1)


@pytest.mark.parametrize("value", ["30/06/2024", "2024-02-30", "hôm nay"])
def test_an_unreadable_as_of_day_is_a_problem_naming_the_setting(monkeypatch, value):
    monkeypatch.delenv("CCHC_AS_OF", raising=False)
    with pytest.raises(ContentError) as caught:
        as_of_day(value, LOCAL)
    [problem] = caught.value.problems
    assert (problem.key, problem.found, problem.expected) == ("CCHC_AS_OF", value, "YYYY-MM-DD")


# ---------------------------------------------------------------------------
# Readings for people: PAR INDEX, shortfalls, notes, reporting periods


def _par_document(met: int, total: int) -> dict:
    targets = [{"status": MET}] * met + [{"status": MISSED}] * (total - met)
    return {"targets": targets, "totals": {"by_channel": {"website": 3, "truyen-thanh": 0, "cap-tren": 1}}}


@pytest.mark.parametrize(
    ("met", "total", "score"),
    [(20, 20, 1.0), (19, 20, 0.95), (9, 10, 0.9), (18, 20, 0.9), (17, 20, 0.0), (16, 20, 0.0), (0, 4, 0.0)],
    ids=["100%", "95%", "90% of 10", "90% of 20", "85%", "80%", "0%"],
)
def test_par_index_scores_one_at_100_percent_proportionally_from_90_and_zero_below(met, total, score):
    result = par_index(_par_document(met, total), channel_count=4)
    assert result["score"] == score
    assert (result["targets"], result["met"], result["ratio"]) == (total, met, met / total)


def test_par_index_without_targets_has_no_score_and_counts_the_channels_used():
    result = par_index(_par_document(0, 0), channel_count=4)
    assert (result["ratio"], result["score"]) == (None, None)
    assert result["channels_used"] == ["website", "cap-tren"]
    assert result["channels_total"] == 4


def _period(status: str, count: int, start: str = "2024-06-01", end: str = "2024-06-30") -> dict:
    return {"period": "2024-06", "unit": None, "start": start, "end": end, "count": count, "status": status}


@pytest.mark.parametrize(
    ("period", "minimum", "gap", "text"),
    [
        pytest.param(_period(MET, 2), 2, None, "đủ chỉ tiêu", id="met exactly"),
        pytest.param(_period(MET, 5), 2, None, "vượt 3 tin/bài", id="met with more"),
        pytest.param(_period(MISSED, 1), 2, {"missing": 1, "days_left": 0}, "thiếu 1 tin/bài", id="missed"),
        pytest.param(_period(IN_PROGRESS, 0), 2, {"missing": 2, "days_left": 15},
                     "còn thiếu 2 tin/bài trong 15 ngày", id="in progress"),
        pytest.param(_period(UPCOMING, 0, "2024-07-01", "2024-07-31"), 2, {"missing": 2, "days_left": 31},
                     "cần 2 tin/bài, bắt đầu từ 01/07/2024", id="upcoming"),
    ],
)
def test_shortfall_and_note_say_what_a_period_still_needs(period, minimum, gap, text):
    as_of = date(2024, 6, 15)
    assert shortfall(period, minimum, as_of) == gap
    assert note(period, minimum, as_of) == text


def test_reporting_periods_are_cumulative_from_january():
    posts = [post("feb", "2024-02-10", channel="website"), post("may", "2024-05-10", channel="website, truyen-thanh"),
             post("aug", "2024-08-10", channel="cap-tren")]
    plan = Plan(2024, "Kế hoạch", "plans/2024.toml", (target("website", "quarter", 1),))
    rows = reporting_periods(run(posts, plan=plan, as_of=date(2024, 9, 15)))
    assert [(r["label"], r["end"], r["posts"]) for r in rows] == [
        ("Quý I", "2024-03-31", 1), ("6 tháng", "2024-06-30", 2), ("9 tháng", "2024-09-30", 3),
        ("Cả năm", "2024-12-31", 3),
    ]
    assert rows[1]["by_channel"] == {"website": 2, "truyen-thanh": 1, "cap-tren": 0, "mang-xa-hoi": 0}
    assert rows[2]["by_channel"]["cap-tren"] == 1
    assert [(r["periods_ended"], r["periods_met"]) for r in rows] == [(1, 1), (2, 2), (3, 2), (4, 2)]
    assert [r["reached"] for r in rows] == [True, True, False, False]


# ---------------------------------------------------------------------------
# The evidence list as CSV


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_the_csv_starts_with_a_byte_order_mark_and_vietnamese_headers():
    text = csv_text(run([post("a")]), REGISTRIES, "")
    assert text.startswith("\ufeff")
    assert _csv_rows(text)[0] == [
        "STT", "Tiêu đề", "Ngày đăng", "Quý", "Tháng", "Bộ phận", "Lĩnh vực", "Kênh", "Đường dẫn", "Tệp nguồn",
    ]


def test_the_csv_has_one_row_per_counted_post_in_words_people_read():
    posts = [post("a", "2024-05-10 09:00", topic="tthc, the-che", channel="website, truyen-thanh"),
             post("b", "2024-06-01 14:30", unit="cong-an"), post("nhap", status="draft"), post("sau", "2024-08-01")]
    document = run(posts)
    rows = _csv_rows(csv_text(document, REGISTRIES, "https://phuong.example.vn"))
    assert len(rows) - 1 == document["totals"]["posts"] == 2
    assert rows[1] == [
        "1", "Tin a", "10/05/2024 09:00", "Quý II/2024", "5/2024", "Văn phòng HĐND và UBND phường",
        "Cải cách thủ tục hành chính; Cải cách thể chế",
        "Trang thông tin điện tử của phường; Hệ thống truyền thanh cơ sở",
        "https://phuong.example.vn/tin-bai/a.html", "tin-bai/a.md",
    ]
    assert rows[2][0] == "2" and rows[2][5] == "Công an phường"


def test_the_csv_links_are_relative_without_a_base_url():
    rows = _csv_rows(csv_text(run([post("a")]), REGISTRIES, ""))
    assert rows[1][8] == "tin-bai/a.html"


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_a_title_that_a_spreadsheet_would_run_as_a_formula_is_prefixed_with_an_apostrophe(start):
    title = f"{start}HYPERLINK(\"http://x\")"
    rows = _csv_rows(csv_text(run([post("a", title=title)]), REGISTRIES, ""))
    assert rows[1][1] == "'" + title


@pytest.mark.parametrize(("value", "cell"), [
    ("=1+1", "'=1+1"), ("+84 912", "'+84 912"), ("-5 điểm", "'-5 điểm"), ("@ban", "'@ban"), ("\tx", "'\tx"),
    ("Tin 1+1", "Tin 1+1"), ("Quý II/2024", "Quý II/2024"), ("", ""),
])
def test_safe_cell_neutralises_formula_starts_only(value, cell):
    assert safe_cell(value) == cell


# ---------------------------------------------------------------------------
# Evidence pages

EVIDENCE_POSTS = [
    post("a", "2024-01-15 09:00", channel="website, truyen-thanh"), post("b", "2024-02-03 10:00", unit="kinh-te"),
    post("c", "2024-05-10 08:00", unit="cong-an", channel="cap-tren"), post("d", "2024-05-20 08:00", topic="the-che"),
    post("e", "2024-07-01 08:00", channel="truyen-thanh"), post("nhap", status="draft"),
]


def _section(page: dict, anchor: str) -> dict:
    return next(section for section in page["sections"] if section["anchor"] == anchor)


def test_every_target_period_lists_exactly_the_posts_it_counts():
    document = run(EVIDENCE_POSTS)
    pages = {page["slug"]: page for page in evidence_pages(document, REGISTRIES)}
    for target in document["targets"]:
        page = pages[f"chi-tieu/{target['id']}"]
        assert len(page["sections"]) == len(target["periods"])
        for section, period in zip(page["sections"], target["periods"], strict=True):
            assert len(section["posts"]) == section["count"] == period["count"]
    website_q2 = _section(pages["chi-tieu/website-quarter-each-unit"], "ky-2024-Q2-van-phong")
    assert [row["title"] for row in website_q2["posts"]] == ["Tin d"]


def test_evidence_rows_gives_each_posts_row_once_in_the_order_pages_show_them():
    pages = evidence_pages(run(EVIDENCE_POSTS), REGISTRIES)
    rows = evidence_rows(pages)
    assert [row["title"] for row in rows] == ["Tin a", "Tin b", "Tin c", "Tin d"]
    assert all(any(row is shown for section in pages[0]["sections"] for part in section["children"]
                   for shown in part["posts"]) for row in rows)


def test_a_post_has_one_row_shared_by_every_list_it_is_in():
    document = run(EVIDENCE_POSTS)  # counts a to d: e is dated after the as-of day, nhap is a draft
    rows = [row for page in evidence_pages(document, REGISTRIES) for section in page["sections"]
            for part in (section.get("children") or [section]) for row in part["posts"]]
    assert len({id(row) for row in rows}) == len(document["posts"]) == 4
    assert len(rows) > 4 * 3
