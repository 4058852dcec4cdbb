"""The optimised build (posts read and pages written by forked workers) writes the same files,
byte for byte, as a plain sequential build of the same content; and the worker pool itself."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE_AS_OF, build_site
from plugins.cchc_content import parallel

sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402

# Pagefind writes its filter values in hash-map order, which differs from run to run even on
# the same pages (two runs of Pagefind on one folder differ in these files): they, and the two
# files naming them by hash, are compared by name pattern only.
PAGEFIND_UNORDERED = ("pagefind/filter/", "pagefind/pagefind-entry.json", "pagefind/pagefind.vi_")


def files_of(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def assert_same_files(sequential: Path, optimised: Path) -> None:
    expected, actual = files_of(sequential), files_of(optimised)
    assert len(expected) > 50

    def comparable(name):
        return not name.startswith(PAGEFIND_UNORDERED)

    assert {name for name in expected if comparable(name)} == {name for name in actual if comparable(name)}
    assert len(expected) == len(actual)
    different = [name for name in expected if comparable(name) and expected[name] != actual[name]]
    assert different == []


def test_the_published_sample_site_is_the_same_built_sequentially_or_on_two_workers(sample_site, tmp_path):
    sequential = build_site(ROOT / "content", tmp_path / "sequential", "publishconf.py",
                            env={"CCHC_SITEURL": "https://cchc.hoamai.example"}, CCHC_AS_OF=SAMPLE_AS_OF,
                            CCHC_JOBS=1)
    assert sequential.returncode == 0, sequential.log
    parallel_build = build_site(ROOT / "content", tmp_path / "parallel", "publishconf.py",
                                env={"CCHC_SITEURL": "https://cchc.hoamai.example"}, CCHC_AS_OF=SAMPLE_AS_OF,
                                CCHC_JOBS=2)
    assert parallel_build.returncode == 0, parallel_build.log
    assert_same_files(sequential.output, parallel_build.output)


def test_a_generated_archive_is_the_same_built_sequentially_or_on_three_workers(tmp_path):
    """150 generated posts over 2016-2026 (drafts, tags, pictures), with the preview settings."""
    content = tmp_path / "content"
    generate.generate(content, 150, seed=7)
    one = build_site(content, tmp_path / "one", CCHC_AS_OF=SAMPLE_AS_OF, CCHC_JOBS=1)
    assert one.returncode == 0, one.log
    three = build_site(content, tmp_path / "three", CCHC_AS_OF=SAMPLE_AS_OF, CCHC_JOBS=3)
    assert three.returncode == 0, three.log
    assert_same_files(one.output, three.output)
    assert len(list((one.output / "tin-bai").rglob("*.html"))) > 140


def test_a_post_with_a_wrong_date_stops_a_parallel_build_as_it_stops_a_sequential_one(tmp_path):
    content = tmp_path / "content"
    generate.generate(content, 20, seed=3)
    wrong = next((content / "tin-bai").rglob("*.md"))
    wrong.write_text(wrong.read_text(encoding="utf-8").replace("Date: ", "Date: 31/02/", 1), encoding="utf-8")
    for jobs in (1, 2):
        result = build_site(content, tmp_path / f"out{jobs}", "publishconf.py",
                            env={"CCHC_SITEURL": "https://cchc.hoamai.example"}, CCHC_AS_OF=SAMPLE_AS_OF,
                            CCHC_JOBS=jobs)
        assert result.returncode != 0
        assert wrong.name in result.log and "Date" in result.log


def _edit(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed = re.sub(pattern, replacement, text, count=1, flags=re.MULTILINE)
    assert changed != text, (path, pattern)
    path.write_text(changed, encoding="utf-8")


def _page_times(folder: Path) -> dict[str, int]:
    return {path.relative_to(folder).as_posix(): path.stat().st_mtime_ns for path in folder.rglob("*.html")}


def test_rebuilds_after_edits_and_an_addition_write_what_full_builds_write(tmp_path):
    content = tmp_path / "content"
    generate.generate(content, 80, seed=5)
    first = build_site(content, tmp_path / "site", CCHC_AS_OF=SAMPLE_AS_OF, CCHC_JOBS=2)
    assert first.returncode == 0, first.log
    before = _page_times(first.output)
    untouched = build_site(content, tmp_path / "site", fresh=False, CCHC_AS_OF=SAMPLE_AS_OF, CCHC_JOBS=2)
    assert untouched.returncode == 0, untouched.log
    assert _page_times(untouched.output) == before  # nothing changed: no page made again

    posts = sorted((content / "tin-bai").rglob("*.md"))
    _edit(posts[10], r"^Title: ", "Title: Đã sửa tiêu đề - ")  # its page, neighbours, listings, feeds
    _edit(posts[20], r"\n\n", "\n\nMột đoạn mới được thêm vào đầu bài.\n\n")  # the body only
    edited = build_site(content, tmp_path / "site", fresh=False, CCHC_AS_OF=SAMPLE_AS_OF, CCHC_JOBS=2)
    assert edited.returncode == 0, edited.log
    assert_same_files(build_site(content, tmp_path / "full", CCHC_AS_OF=SAMPLE_AS_OF, CCHC_JOBS=1).output,
                      edited.output)
    after = _page_times(edited.output)
    made = [name for name in after if before.get(name) != after[name]]
    assert 0 < len(made) < len(after) / 4, len(made)

    # A post moved to another unit and a new post: listings shift, neighbours change.
    _edit(posts[30], r"^Unit: .*$", "Unit: cong-an")  # moves to another unit's listing
    generate.extra_post(content, 5, 1)
    added = build_site(content, tmp_path / "site", fresh=False, CCHC_AS_OF=SAMPLE_AS_OF, CCHC_JOBS=2)
    assert added.returncode == 0, added.log
    assert_same_files(build_site(content, tmp_path / "full-2", CCHC_AS_OF=SAMPLE_AS_OF, CCHC_JOBS=1).output,
                      added.output)


def test_the_preview_servers_builds_in_one_process_write_what_a_full_build_writes(tmp_path):
    """bench/preview.py builds as `invoke serve` does (one process, the search index made after
    the pages, in the background), edits a post and adds one."""
    content, output, report = tmp_path / "content", tmp_path / "preview", tmp_path / "preview.json"
    generate.generate(content, 60, seed=11)
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "preview.py"), str(content), str(output),
                             str(tmp_path / "preview-cache"), "--runs", "1", "--seed", "11", "--json", str(report)],
                            capture_output=True, text=True, cwd=ROOT, env={**os.environ, "COLUMNS": "400"})
    assert result.returncode == 0, result.stdout + result.stderr
    made = [(int(new), int(kept)) for new, kept in
            re.findall(r"Xuất bản: (\d+) tệp được tạo lại, (\d+) tệp không đổi", result.stdout + result.stderr)]
    assert len(made) == 3 and made[0][1] == 0 and 0 < made[1][0] < made[1][1], made  # the edit: a few pages
    timings = json.loads(report.read_text(encoding="utf-8"))
    assert all(0 < run["pages"] < run["search"] for change in ("edit", "add") for run in timings[change])
    assert "Done: Processed" not in result.stdout + result.stderr  # Pelican's English summary is not shown
    full = build_site(content, tmp_path / "full", CCHC_AS_OF=SAMPLE_AS_OF, CCHC_JOBS=1)
    assert full.returncode == 0, full.log
    assert_same_files(full.output, output)
    assert not list(output.glob(".pagefind*"))  # the index was moved into place


# ---------------------------------------------------------------------------
# The worker pool


def _square_and_log(value):
    logging.getLogger("cchc.test").warning("bình phương %d", value)
    return value * value


def test_fan_out_returns_results_in_order_and_passes_on_the_workers_log_records(caplog):
    caplog.set_level(logging.WARNING, logger="cchc.test")
    assert parallel.fan_out(_square_and_log, list(range(40)), 3) == [value * value for value in range(40)]
    messages = sorted(record.getMessage() for record in caplog.records if record.name == "cchc.test")
    assert messages == sorted(f"bình phương {value}" for value in range(40))


def _fail_on_seven(value):
    if value == 7:
        raise ValueError("bảy")
    return value


def test_an_error_in_any_worker_stops_the_work_with_its_message():
    # Raised here as itself, or in a forked worker and passed on with its traceback.
    for _ in range(5):
        with pytest.raises((parallel.WorkerFailed, ValueError), match="bảy"):
            parallel.fan_out(_fail_on_seven, list(range(20)), 2)


def test_one_job_runs_in_order_in_this_process():
    seen = []
    assert parallel.fan_out(seen.append, [3, 1, 2], 1) == [None, None, None]
    assert seen == [3, 1, 2]


def _write_jobs(output: Path, cache: Path, jobs: int, changed: set[int], made: list[str]) -> None:
    """One build of 600 jobs, each writing a file from its input, by a ParallelWriter that keeps its
    record in `cache`; `made` gets the outputs made in this process."""
    from pelican.settings import DEFAULT_CONFIG

    settings = {**DEFAULT_CONFIG, "THEME": str(ROOT / "theme"), "PLUGIN_PATHS": [], "CACHE_CONTENT": True,
                "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(cache), "CCHC_JOBS": jobs}
    writer = parallel.ParallelWriter(str(output), settings=settings)

    def write(name: str, text: str) -> None:
        made.append(name)
        Path(output, name).write_text(text, encoding="utf-8")

    for number in range(600):
        text = f"tệp {number}" + (" đã sửa" if number in changed else "")
        writer.queue(f"f{number}.txt", (text, ("chung", number % 7)), write, f"f{number}.txt", text)
    writer.flush()


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_rebuild_makes_exactly_the_jobs_whose_inputs_changed_and_nothing_when_nothing_did(tmp_path, jobs):
    output, cache = tmp_path / "out", tmp_path / "cache"
    output.mkdir()
    _write_jobs(output, cache, jobs, set(), [])
    made: list[str] = []
    _write_jobs(output, cache, jobs, {3, 299, 300, 599}, made)
    assert sorted(made) == ["f299.txt", "f3.txt", "f300.txt", "f599.txt"]
    assert Path(output, "f300.txt").read_text(encoding="utf-8") == "tệp 300 đã sửa"
    made.clear()
    _write_jobs(output, cache, jobs, {3, 299, 300, 599}, made)
    assert made == []


@pytest.mark.parametrize(("setting", "expected"), [(1, 1), (3, 3), ("2", 2), (0, None), (None, None)])
def test_the_number_of_workers_comes_from_the_setting_or_the_cores(setting, expected):
    assert parallel.workers({"CCHC_JOBS": setting}) == (expected or len(os.sched_getaffinity(0)))


@pytest.mark.parametrize("gzipped", [False, True])
def test_pelican_caches_of_the_other_compression_are_dropped_and_nothing_else(tmp_path, gzipped):
    import gzip
    import pickle

    from plugins.cchc_content.plugin import drop_other_compression

    plain, packed = pickle.dumps({"a.md": "nội dung"}), gzip.compress(pickle.dumps({"b.md": "nội dung"}))
    (tmp_path / "ArticlesGenerator-Readers").write_bytes(plain)
    (tmp_path / "PagesGenerator-Readers").write_bytes(packed)
    (tmp_path / "cchc-outputs.json").write_bytes(b"{}")
    (tmp_path / "images").mkdir()
    drop_other_compression(tmp_path, gzipped)
    kept = sorted(path.name for path in tmp_path.iterdir())
    expected_reader = "PagesGenerator-Readers" if gzipped else "ArticlesGenerator-Readers"
    assert kept == sorted([expected_reader, "cchc-outputs.json", "images"])


def test_pelicans_tag_category_and_author_pages_are_skipped_only_when_they_are_not_written():
    from types import SimpleNamespace

    from plugins.cchc_content.plugin import skip_unwritten_listings

    called = []
    generator = SimpleNamespace(settings={"TAG_SAVE_AS": "", "CATEGORY_SAVE_AS": "",
                                          "AUTHOR_SAVE_AS": "tac-gia/{slug}/index.html"},
                                **{name: (lambda write, name=name: called.append(name))
                                   for name in ("generate_tags", "generate_categories", "generate_authors")})
    skip_unwritten_listings(generator)
    for name in ("generate_tags", "generate_categories", "generate_authors"):
        getattr(generator, name)(None)
    assert called == ["generate_authors"]
