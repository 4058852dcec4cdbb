"""Tasks for editors and developers: `invoke --list` shows them all."""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

from cchc_content.core import ContentError, collisions  # noqa: E402
from cchc_content.sources import DEFAULTS, as_of_day, data_folder, load_data, post_files, read_posts, zone  # noqa: E402
from cchc_content.text import slugify, vi_number  # noqa: E402

SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
CONTENT = ROOT / "content"
OUTPUT = ROOT / "output"
CACHE = ROOT / "cache"
PELICAN = [sys.executable, "-m", "pelican"]


def _settings(path: Path = SETTINGS) -> dict:
    from pelican.settings import read_settings

    return {**DEFAULTS, **read_settings(str(path))}


def _pelican(c, settings: Path, output: Path, extra: str = "", as_of: str | None = None, pty: bool = False,
             hide: str | None = None):
    overrides = f" -e CCHC_AS_OF='\"{as_of}\"'" if as_of else ""
    command = " ".join(PELICAN) + f" {CONTENT} -s {settings} -o {output}{overrides} {extra}"
    return c.run(command, pty=pty, warn=True, hide=hide)


@task(help={"strict": "stop on any content problem, as publishing does",
            "as_of": "count posts up to this day (YYYY-MM-DD); default today",
            "output": "output folder (default output/)"})
def build(c, strict=False, as_of=None, output=None):
    """Build the site into output/ (a forgiving preview unless --strict)."""
    extra = "-e CCHC_STRICT=true" if strict else ""
    result = _pelican(c, SETTINGS, Path(output) if output else OUTPUT, extra, as_of)
    if result.failed:
        raise Exit("Xây dựng trang không thành công: xem các lỗi ở trên.", code=result.exited)


@task(help={"port": "port to serve on (default 8000)", "bind": "address to listen on (default 127.0.0.1)"})
def serve(c, port=8000, bind="127.0.0.1"):
    """Build, serve on http://127.0.0.1:8000, rebuild and reload the page when content, data or theme change."""
    import logging

    from pelican.log import init as init_logging

    from cchc_content.devserver import Previewer
    from cchc_content.devserver import serve as serve_preview

    init_logging(name="pelican")
    logging.getLogger("cchc_search").setLevel(logging.INFO)  # when the search index is up to date
    previewer = Previewer(SETTINGS, CONTENT, OUTPUT)
    if previewer.build() is None:
        print("Trang xem trước chưa đầy đủ: hãy sửa lỗi ở trên; trang sẽ được xây dựng lại khi tệp được lưu.",
              flush=True)
    print(f"Trang xem trước: http://{bind}:{port}/  (trang tự tải lại sau mỗi lần sửa; nhấn Ctrl+C để dừng)",
          flush=True)
    watched = [CONTENT, ROOT / "data", ROOT / "theme", ROOT / "plugins", SETTINGS]
    serve_preview(OUTPUT, bind, int(port), previewer.rebuild, watched)


@task
def clean(c):
    """Delete the built site (output/) and the build cache (cache/)."""
    for folder in (OUTPUT, CACHE):
        shutil.rmtree(folder, ignore_errors=True)
    print("Đã xóa output/ và cache/.")


def _ask(prompt: str, value: str | None) -> str:
    while not value:
        value = input(prompt).strip()
    return value


@task(help={"title": "the post's title (Vietnamese)", "unit": "unit id or name (see data/units.toml)",
            "topic": "one or more area ids or names, comma separated (see data/topics.toml)",
            "channel": "channels, comma separated (default website)"})
def new(c, title=None, unit=None, topic=None, channel="website"):
    """Create a new post in content/tin-bai/<year>/ with a correct header and the current time."""
    settings = _settings()
    local = zone(settings["TIMEZONE"])
    data = _load(settings)
    title = _ask("Tiêu đề: ", title)
    unit = _ask(f"Bộ phận ({', '.join(data.registries.units.ids)}): ", unit)
    topic = _ask(f"Lĩnh vực ({', '.join(data.registries.topics.ids)}): ", topic)
    problems = []
    found_unit = data.registries.units.find(unit)
    if found_unit is None:
        accepted = data.registries.units.accepted()
        problems.append(f"Bộ phận “{unit}” không có trong data/units.toml; chấp nhận: {accepted}")
    topics = [data.registries.topics.find(part) for part in topic.split(",") if part.strip()]
    channels = [data.registries.channels.find(part) for part in channel.split(",") if part.strip()]
    if not topics or None in topics:
        problems.append(f"Lĩnh vực “{topic}” không hợp lệ; chấp nhận: {data.registries.topics.accepted()}")
    if not channels or None in channels:
        problems.append(f"Kênh “{channel}” không hợp lệ; chấp nhận: {data.registries.channels.accepted()}")
    if problems:
        raise Exit("\n".join(problems), code=2)
    now = datetime.now(local)
    slug = slugify(title) or "bai-viet"
    path = CONTENT / settings["CCHC_POSTS_DIR"] / str(now.year) / f"{slug}.md"
    if path.exists():
        raise Exit(f"Đã có tệp {path.relative_to(ROOT)}: hãy đặt tiêu đề khác.", code=2)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"Title: {title}\n"
        f"Date: {now:%Y-%m-%d %H:%M}\n"
        f"Unit: {found_unit.id}\n"
        f"Topic: {', '.join(entry.id for entry in topics)}\n"
        f"Channel: {', '.join(entry.id for entry in channels)}\n"
        "Summary: \n"
        "Tags: \n"
        "\n"
        "Viết nội dung bài ở đây.\n",
        encoding="utf-8",
    )
    print(f"Đã tạo {path.relative_to(ROOT)}. Viết phần tóm tắt (Summary) và nội dung, rồi chạy: invoke check")


def _load(settings: dict):
    try:
        return load_data(data_folder(settings["CCHC_DATA_DIR"], Path(settings["CCHC_SETTINGS_DIR"])))
    except ContentError as error:
        raise Exit(error.report(), code=1) from None


@task
def check(c):
    """Validate every post, registry and plan without building; list every problem; exit 1 if any."""
    settings = _settings()
    data = _load(settings)
    posts_dir = settings["CCHC_POSTS_DIR"]
    posts = read_posts(CONTENT, posts_dir, data.registries, zone(settings["TIMEZONE"]))
    problems = [problem for post in posts for problem in post.problems]
    outputs = [
        (post.source, settings["ARTICLE_SAVE_AS"].format(date=post.date, slug=_slug(post)))
        for post in posts if post.date and post.title
    ]
    problems += collisions(outputs)
    if problems:
        raise Exit(ContentError(problems).report(), code=1)
    print(f"Không có lỗi: {len(post_files(CONTENT, posts_dir))} bài, {len(data.plans)} kế hoạch, "
          f"{len(data.registries.units.entries)} bộ phận, {len(data.registries.topics.entries)} lĩnh vực, "
          f"{len(data.registries.channels.entries)} kênh.")


def _slug(post) -> str:
    return slugify(post.slug or post.title or "") or slugify(Path(post.source).stem) or "bai-viet"


@task(help={"year": "year to show (default: the as-of day's year)",
            "as_of": "count posts up to this day (YYYY-MM-DD); default today"})
def tally(c, year=None, as_of=None):
    """Show the year's tally against its plan in the terminal, as the dashboard does."""
    settings = _settings()
    day = as_of_day(as_of or settings.get("CCHC_AS_OF"), zone(settings["TIMEZONE"]))
    with tempfile.TemporaryDirectory() as output:
        result = _pelican(c, SETTINGS, Path(output), "", day.isoformat(), hide="out")
        if result.failed:
            raise Exit("Không tính được số liệu: xem các lỗi ở trên.", code=1)
        year = int(year or day.year)
        path = Path(output) / "thong-ke" / f"{year}.json"
        if not path.exists():
            raise Exit(f"Năm {year} không có bài viết nào và không có kế hoạch.", code=1)
        document = json.loads(path.read_text(encoding="utf-8"))
    print(format_tally(document, _load(settings).registries))


def format_tally(document: dict, registries) -> str:
    """The tally as a plain-text table for the terminal."""
    from cchc_tally.dashboard import dashboard

    view = dashboard(document, registries)
    lines = [f"THỐNG KÊ TIN/BÀI CẢI CÁCH HÀNH CHÍNH NĂM {view['year']}",
             f"Kế hoạch: {view['plan']['document'] if view['plan'] else '(chưa có kế hoạch)'}",
             f"Số liệu tính đến: {view['as_of']}",
             f"Tin/bài được tính: {vi_number(view['posts'])}", ""]
    for target in view["targets"]:
        lines.append(f"■ {target['label']}")
        lines.append(f"  {target['word']:<15} {target['summary']}")
        for row in target["rows"]:
            if row["status"] == "met" and len(target["rows"]) > 1:
                continue
            who = f" {row['unit']}" if row["unit"] else ""
            lines.append(f"    {row['name']:<13}{who:<42} {row['count']:>3}/{row['minimum']:<3} {row['word']:<15} "
                         f"{row['note']}")
        lines.append("")
    if view["par"]["targets"]:
        lines.append(f"Tiêu chí 4.1: {view['par']['met']}/{view['par']['targets']} chỉ tiêu đạt "
                     f"({view['par']['percent']}%), {view['par']['score_text']}/1 điểm")
    lines.append(f"Tiêu chí 4.2: {len(view['par']['channels_used'])}/{view['par']['channels_total']} kênh có tin/bài")
    lines.append("")
    lines.append("Theo kênh:")
    for item in view["by_channel"]:
        lines.append(f"  {item['name']:<45} {item['count']:>4}")
    lines.append("Theo bộ phận:")
    for item in view["by_unit"]:
        lines.append(f"  {item['name']:<45} {item['count']:>4}")
    if view["excluded"]:
        lines.append("")
        lines.append(f"Không được tính ({len(view['excluded'])}):")
        for item in view["excluded"]:
            lines.append(f"  {item['source']}: {item['reason']}")
    return "\n".join(lines)


@task(help={"options": "extra pytest options, e.g. \"-k tally -x\""})
def test(c, options=""):
    """Run the whole test suite (unit, build, browser)."""
    result = c.run(f"{sys.executable} -m pytest {options}", pty=sys.stdout.isatty(), warn=True)
    if result.failed:
        raise Exit("Có bài kiểm thử không đạt.", code=result.exited or 1)


# Publishing to the ward portal (docs/publishing.md) ---------------------------------

from cchc_publish import deploy  # noqa: E402
from cchc_publish.core import PublishError  # noqa: E402


def _where():
    """The publishing settings and the local time zone, or Exit naming what is missing."""
    settings = _settings()
    try:
        return deploy.config(settings), zone(settings["TIMEZONE"]), settings
    except PublishError as error:
        raise Exit(str(error), code=2) from None


@task(help={"dry_run": "build and check, then only show what would change on the portal; send nothing",
            "force": "publish even if content/ or data/ has changes not committed to git"})
def publish(c, dry_run=False, force=False):
    """Build strictly, check, upload a new release to the ward portal and switch to it in one step."""
    config, local, settings = _where()
    try:
        day = as_of_day(settings.get("CCHC_AS_OF"), local)
        deploy.publish(ROOT, config, day, local, dry_run=dry_run, force=force)
    except (PublishError, ContentError) as error:
        raise Exit(error.report() if isinstance(error, ContentError) else str(error), code=1) from None


@task(help={"to": "the release to switch to (see invoke releases); default: the one before the live one",
            "dry_run": "only say which release would go live"})
def rollback(c, to=None, dry_run=False):
    """Switch the ward portal back to the previous release (or --to a named one), in one step."""
    config, local, _ = _where()
    try:
        deploy.rollback(config, local, to=to, dry_run=dry_run)
    except PublishError as error:
        raise Exit(str(error), code=1) from None


@task
def releases(c):
    """List the releases kept on the ward portal; * marks the live one."""
    config, local, _ = _where()
    try:
        deploy.releases(config, local)
    except PublishError as error:
        raise Exit(str(error), code=1) from None


@task(help={"sizes": "numbers of posts to generate and build, comma separated (default 250,1000,5000)",
            "runs": "runs per measurement; medians are reported (default 3)",
            "profile": "sizes to also profile under cProfile, e.g. 1000 (default none)"})
def bench(c, sizes="250,1000,5000", runs=3, profile=""):
    """Measure build times against plain Pelican and Hugo; write bench/results/ and docs/performance.md."""
    extra = f" --profile {profile}" if profile else ""
    result = c.run(f"{sys.executable} {ROOT / 'bench' / 'run.py'} --sizes {sizes} --runs {runs}{extra}",
                   pty=sys.stdout.isatty(), warn=True)
    if result.failed:
        raise Exit("Đo hiệu năng không thành công: xem các lỗi ở trên.", code=result.exited or 1)


@task(help={"output": "the built site folder to check (default output/)",
            "only": "comma-separated checks: html,links,a11y,weight,security (default all)"})
def check_site(c, output=None, only=""):
    """Check a built site: valid HTML, links, accessibility, page weight, safety (python -m checks)."""
    folder = Path(output).resolve() if output else OUTPUT
    if not folder.is_dir():
        raise Exit(f"Chưa có trang đã xây dựng ở {folder}: chạy `invoke build` trước.", code=2)
    options = f" --only {only}" if only else ""
    with c.cd(str(ROOT)):
        result = c.run(f"{sys.executable} -m checks {folder}{options}", pty=sys.stdout.isatty(), warn=True)
    if result.failed:
        raise Exit("Trang đã xây dựng chưa đạt: xem các lỗi ở trên.", code=result.exited or 1)
