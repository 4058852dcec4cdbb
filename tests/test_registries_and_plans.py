"""Registries and plans (CONTRACT §3), read from temporary data folders by load_data."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from cchc_content.core import ContentError, Target
from cchc_content.sources import data_folder, load_data

ROOT = Path(__file__).resolve().parents[1]

UNITS = """
[[unit]]
id = "van-phong"
name = "Văn phòng HĐND và UBND phường"
aliases = ["Văn phòng", "VP HĐND-UBND"]

[[unit]]
id = "cong-an"
name = "Công an phường"
aliases = ["CA phường"]
"""

TOPICS = """
[[topic]]
id = "tthc"
name = "Cải cách thủ tục hành chính"
aliases = ["TTHC"]

[[topic]]
id = "chinh-quyen-so"
name = "Chính quyền số"
"""

CHANNELS = """
[[channel]]
id = "website"
name = "Trang thông tin điện tử của phường"
aliases = ["web"]

[[channel]]
id = "truyen-thanh"
name = "Hệ thống truyền thanh cơ sở"
"""

PLAN_2024 = """
year = 2024
document = "Kế hoạch số 15/KH-UBND ngày 20/02/2024 của UBND phường"

[[target]]
channel = "website"
period = "year"
minimum = 12

[[target]]
channel = "truyen-thanh"
period = "month"
minimum = 2
label = "Hằng tháng có ít nhất 02 tin/bài phát trên hệ thống truyền thanh"

[[target]]
channel = "website"
period = "quarter"
minimum = 1
each_unit = true
"""

VALID = {"units.toml": UNITS, "topics.toml": TOPICS, "channels.toml": CHANNELS, "plans/2024.toml": PLAN_2024}


def data_dir(root: Path, **files: str | None) -> Path:
    """A data folder with the valid files, changed or (with None) left out as `files` says.

    Keyword names use `__` for `/` and `_` for `.`: plans__2024_toml is plans/2024.toml.
    """
    folder = root / "data"
    wanted = dict(VALID)
    for name, text in files.items():
        wanted[name.replace("__", "/").replace("_toml", ".toml")] = text
    for name, text in wanted.items():
        if text is None:
            continue
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    folder.mkdir(exist_ok=True)
    return folder


def load_error(folder: Path) -> ContentError:
    with pytest.raises(ContentError) as caught:
        load_data(folder)
    return caught.value


def plan_with(*targets: str, head: str = 'year = 2024\ndocument = "Kế hoạch số 15/KH-UBND"\n') -> str:
    return head + "".join(f"\n[[target]]\n{target.strip()}\n" for target in targets)


# ---------------------------------------------------------------------------
# A valid data folder


def test_a_valid_data_folder_gives_the_registries_in_file_order(tmp_path):
    data = load_data(data_dir(tmp_path))
    assert data.registries.units.ids == ("van-phong", "cong-an")
    assert data.registries.topics.ids == ("tthc", "chinh-quyen-so")
    assert data.registries.channels.ids == ("website", "truyen-thanh")
    assert data.registries.units.get("van-phong").aliases == ("Văn phòng", "VP HĐND-UBND")
    assert data.registries.topics.get("chinh-quyen-so").aliases == ()


def test_a_plan_keeps_its_year_document_file_and_targets_in_order(tmp_path):
    plan = load_data(data_dir(tmp_path)).plans[2024]
    assert plan.year == 2024
    assert plan.document == "Kế hoạch số 15/KH-UBND ngày 20/02/2024 của UBND phường"
    assert plan.file == "plans/2024.toml"
    assert [target.id for target in plan.targets] == ["website-year", "truyen-thanh-month", "website-quarter-each-unit"]


def test_targets_get_default_ids_and_vietnamese_default_labels(tmp_path):
    targets = {target.id: target for target in load_data(data_dir(tmp_path)).plans[2024].targets}
    assert targets["website-year"] == Target(
        "website-year", "website", "year", 12, False,
        "Có ít nhất 12 tin/bài mỗi năm trên Trang thông tin điện tử của phường",
    )
    assert targets["website-quarter-each-unit"] == Target(
        "website-quarter-each-unit", "website", "quarter", 1, True,
        "Mỗi bộ phận có ít nhất 1 tin/bài mỗi quý trên Trang thông tin điện tử của phường",
    )
    assert targets["truyen-thanh-month"].label == "Hằng tháng có ít nhất 02 tin/bài phát trên hệ thống truyền thanh"


def test_two_targets_on_the_same_channel_and_period_may_coexist_with_their_own_ids(tmp_path):
    plan = plan_with(
        'channel = "website"\nperiod = "month"\nminimum = 1',
        'id = "website-month-cao"\nchannel = "website"\nperiod = "month"\nminimum = 3',
    )
    targets = load_data(data_dir(tmp_path, plans__2024_toml=plan)).plans[2024].targets
    assert [(target.id, target.minimum) for target in targets] == [("website-month", 1), ("website-month-cao", 3)]


def test_a_data_folder_without_plans_has_no_plans(tmp_path):
    assert load_data(data_dir(tmp_path, plans__2024_toml=None)).plans == {}


def test_every_plan_is_read_by_its_year(tmp_path):
    plan_2025 = plan_with('channel = "website"\nperiod = "year"\nminimum = 20',
                          head='year = 2025\ndocument = "Kế hoạch số 09/KH-UBND"\n')
    data = load_data(data_dir(tmp_path, plans__2025_toml=plan_2025))
    assert sorted(data.plans) == [2024, 2025]
    assert data.plans[2025].targets[0].minimum == 20


def test_names_in_the_registries_are_normalised_to_nfc(tmp_path):
    units = UNITS.replace("Công an phường", unicodedata.normalize("NFD", "Công an phường"))
    data = load_data(data_dir(tmp_path, units_toml=units))
    assert data.registries.units.get("cong-an").name == "Công an phường"
    assert data.registries.units.find("công an phường").id == "cong-an"


def test_the_shipped_data_folder_loads_without_problems():
    data = load_data(ROOT / "data")
    assert data.registries.channels.ids[0] == "website"
    assert data.plans


@pytest.mark.parametrize(
    ("setting", "expected"), [("data", "/site/data"), ("../shared/data", "/site/../shared/data"), ("/abs/d", "/abs/d")]
)
def test_the_data_folder_is_relative_to_the_settings_file_unless_absolute(setting, expected):
    assert data_folder(setting, Path("/site")) == Path(expected)


# ---------------------------------------------------------------------------
# Broken registries and plans stop the build, naming the file and the key


def _unit(extra: str = "", id_line: str = 'id = "phuong"', name_line: str = 'name = "Phường"') -> str:
    return f"\n[[unit]]\n{id_line}\n{name_line}\n{extra}\n"


BROKEN = [
    pytest.param({"units_toml": "version = 1\n" + UNITS}, "units.toml", "version", "version",
                 id="unknown top-level key in a registry"),
    pytest.param({"units_toml": UNITS + _unit('colour = "đỏ"')}, "units.toml", "unit[3].colour", "colour",
                 id="unknown key in a registry entry"),
    pytest.param({"topics_toml": '[[topic]]\nname = "Cải cách thể chế"\n'}, "topics.toml", "topic[1].id", None,
                 id="missing id"),
    pytest.param({"channels_toml": CHANNELS + '\n[[channel]]\nid = "zalo"\n'}, "channels.toml", "channel[3].name",
                 None, id="missing name"),
    pytest.param({"units_toml": UNITS + _unit(name_line='name = ""')}, "units.toml", "unit[3].name", "''",
                 id="empty name"),
    pytest.param({"units_toml": UNITS + _unit(id_line='id = "Văn Phòng 2"')}, "units.toml", "unit[3].id",
                 "'Văn Phòng 2'", id="id that is not a slug"),
    pytest.param({"units_toml": UNITS + _unit(id_line='id = "cong-an"')}, "units.toml", "unit[3].id", "cong-an",
                 id="duplicate id"),
    pytest.param({"units_toml": UNITS + _unit('aliases = ["VĂN  PHÒNG"]')}, "units.toml", "unit[3].aliases",
                 "VĂN  PHÒNG", id="alias clash with another entry"),
    pytest.param({"units_toml": UNITS + _unit('aliases = "Phường"')}, "units.toml", "unit[3].aliases", "'Phường'",
                 id="aliases not a list"),
    pytest.param({"units_toml": "# chưa có bộ phận nào\n"}, "units.toml", "[[unit]]", None, id="empty registry"),
    pytest.param({"channels_toml": None}, "channels.toml", "(tệp)", None, id="missing registry file"),
    pytest.param({"units_toml": '[[unit]\nid = "van-phong"\n'}, "units.toml", "(cú pháp TOML)", None,
                 id="TOML syntax error in a registry"),
    pytest.param({"plans__2024_toml": plan_with('channel = "zalo"\nperiod = "year"\nminimum = 1')},
                 "plans/2024.toml", "target[1].channel", "zalo", id="unknown channel in a plan"),
    pytest.param({"plans__2024_toml": plan_with('channel = "website"\nperiod = "week"\nminimum = 1')},
                 "plans/2024.toml", "target[1].period", "'week'", id="unknown period"),
    pytest.param({"plans__2024_toml": plan_with('channel = "website"\nperiod = "year"\nminimum = 0')},
                 "plans/2024.toml", "target[1].minimum", "0", id="minimum 0"),
    pytest.param({"plans__2024_toml": plan_with('channel = "website"\nperiod = "year"\nminimum = -2')},
                 "plans/2024.toml", "target[1].minimum", "-2", id="negative minimum"),
    pytest.param({"plans__2024_toml": plan_with('channel = "website"\nperiod = "year"\nminimum = "3"')},
                 "plans/2024.toml", "target[1].minimum", "'3'", id="minimum as a string"),
    pytest.param({"plans__2024_toml": plan_with('channel = "website"\nperiod = "year"\nminimum = 1.5')},
                 "plans/2024.toml", "target[1].minimum", "1.5", id="fractional minimum"),
    pytest.param({"plans__2024_toml": plan_with('channel = "website"\nperiod = "year"\nminimum = true')},
                 "plans/2024.toml", "target[1].minimum", "True", id="boolean minimum"),
    pytest.param({"plans__2024_toml": plan_with('channel = "website"\nperiod = "year"\nminimum = 1\neach_unit = "có"')},
                 "plans/2024.toml", "target[1].each_unit", "'có'", id="each_unit not a boolean"),
    pytest.param({"plans__2024_toml": plan_with('channel = "website"\nperiod = "year"\nminumum = 1')},
                 "plans/2024.toml", "target[1].minumum", "minumum", id="misspelt target key"),
    pytest.param({"plans__2024_toml": plan_with('channel = "website"\nperiod = "quarter"\nminimum = 1',
                                                'channel = "website"\nperiod = "quarter"\nminimum = 2')},
                 "plans/2024.toml", "target[2].id", "website-quarter",
                 id="duplicate target id from two same channel and period without id"),
    pytest.param({"plans__2024_toml": plan_with('id = "web"\nchannel = "website"\nperiod = "year"\nminimum = 1',
                                                'id = "web"\nchannel = "website"\nperiod = "month"\nminimum = 1')},
                 "plans/2024.toml", "target[2].id", "web", id="duplicate explicit target id"),
    pytest.param({"plans__2024_toml": plan_with('channel = "website"\nperiod = "year"\nminimum = 1',
                                                head='year = 2023\ndocument = "Kế hoạch"\n')},
                 "plans/2024.toml", "year", "2023", id="plan year differing from its file name"),
    pytest.param({"plans__2024_toml": plan_with('channel = "website"\nperiod = "year"\nminimum = 1',
                                                head='document = "Kế hoạch"\n')},
                 "plans/2024.toml", "year", None, id="plan without a year"),
    pytest.param({"plans__2024_toml": plan_with('channel = "website"\nperiod = "year"\nminimum = 1',
                                                head='year = 2024\n')},
                 "plans/2024.toml", "document", None, id="plan without a document"),
    pytest.param({"plans__2024_toml": plan_with('channel = "website"\nperiod = "year"\nminimum = 1',
                                                head='year = 2024\ndocument = "Kế hoạch"\nowner = "UBND"\n')},
                 "plans/2024.toml", "owner", "owner", id="unknown key in a plan"),
    pytest.param({"plans__2024_toml": 'year = 2024\ndocument = "Kế hoạch"\n'}, "plans/2024.toml", "target", None,
                 id="plan without targets"),
    pytest.param({"plans__2024_toml": 'year = 2024\ndocument = "Kế hoạch\n'}, "plans/2024.toml", "(cú pháp TOML)",
                 None, id="TOML syntax error in a plan"),
    pytest.param({"plans__ke-hoach-2024_toml": PLAN_2024}, "plans/ke-hoach-2024.toml", "(tên tệp)",
                 "ke-hoach-2024.toml", id="plan file not named YYYY.toml"),
]


@pytest.mark.parametrize(("files", "file", "key", "found"), BROKEN)
def test_a_broken_registry_or_plan_stops_loading_with_a_message_naming_the_file_and_the_key(
    tmp_path, files, file, key, found
):
    error = load_error(data_dir(tmp_path, **files))
    matching = [problem for problem in error.problems if problem.file == file and problem.key == key]
    assert matching, [str(problem) for problem in error.problems]
    if found is not None:
        assert matching[0].found == found
    assert f"{file}: khóa “{key}”" in str(error)


def test_an_unknown_channel_in_a_plan_lists_the_channel_ids(tmp_path):
    error = load_error(data_dir(tmp_path, plans__2024_toml=plan_with('channel = "zalo"\nperiod = "year"\nminimum = 1')))
    [problem] = error.problems
    assert problem.message == "kênh không có trong channels.toml"
    assert problem.expected == "website, truyen-thanh"


def test_an_unknown_period_lists_the_periods(tmp_path):
    plan = plan_with('channel = "website"\nperiod = "tuần"\nminimum = 1')
    error = load_error(data_dir(tmp_path, plans__2024_toml=plan))
    [problem] = error.problems
    assert problem.expected == "year, quarter, month"


def test_a_plan_year_differing_from_its_file_name_says_which_year_the_file_name_wants(tmp_path):
    plan = plan_with('channel = "website"\nperiod = "year"\nminimum = 1', head='year = 2023\ndocument = "Kế hoạch"\n')
    [problem] = load_error(data_dir(tmp_path, plans__2024_toml=plan)).problems
    assert (problem.file, problem.key, problem.found) == ("plans/2024.toml", "year", "2023")
    assert "2024" in problem.expected


def test_a_missing_registry_file_is_named(tmp_path):
    error = load_error(data_dir(tmp_path, units_toml=None))
    assert [(problem.file, problem.key, problem.message) for problem in error.problems] == [
        ("units.toml", "(tệp)", "không tìm thấy tệp")
    ]


def test_a_registry_not_saved_as_utf8_is_named(tmp_path):
    folder = data_dir(tmp_path)
    (folder / "units.toml").write_bytes(UNITS.encode("utf-16"))
    [problem] = load_error(folder).problems
    assert (problem.file, problem.key) == ("units.toml", "(mã hóa tệp)")
    assert "UTF-8" in problem.message


def test_every_problem_of_every_file_is_reported_at_once(tmp_path):
    folder = data_dir(
        tmp_path,
        units_toml=UNITS + _unit(id_line='id = "cong-an"'),
        topics_toml='[[topic]]\nname = "Cải cách thể chế"\n',
        plans__2024_toml=plan_with(
            'channel = "zalo"\nperiod = "year"\nminimum = 1',
            'channel = "website"\nperiod = "week"\nminimum = 1',
            'channel = "website"\nperiod = "month"\nminimum = 0',
        ),
        plans__2025_toml=plan_with('channel = "website"\nperiod = "year"\nminimum = 1',
                                   head='year = 2026\ndocument = "Kế hoạch"\n'),
    )
    error = load_error(folder)
    where = {(problem.file, problem.key) for problem in error.problems}
    assert where == {
        ("units.toml", "unit[3].id"),
        ("topics.toml", "topic[1].id"),
        ("plans/2024.toml", "target[1].channel"),
        ("plans/2024.toml", "target[2].period"),
        ("plans/2024.toml", "target[3].minimum"),
        ("plans/2025.toml", "year"),
    }
    message = str(error)
    assert message.startswith(f"Có {len(error.problems)} lỗi trong nội dung")
    for file in ("units.toml", "topics.toml", "plans/2024.toml", "plans/2025.toml"):
        assert file in message


def test_every_problem_of_one_target_is_reported_at_once(tmp_path):
    plan = plan_with('channel = "zalo"\nperiod = "week"\nminimum = 0')
    keys = {problem.key for problem in load_error(data_dir(tmp_path, plans__2024_toml=plan)).problems}
    assert keys == {"target[1].channel", "target[1].period", "target[1].minimum"}


def test_two_broken_files_are_both_listed(tmp_path):
    plan = plan_with('period = "year"\nminimum = 1')
    folder = data_dir(tmp_path, channels_toml="[[channel]\n", plans__2024_toml=plan)
    files = {problem.file for problem in load_error(folder).problems}
    assert {"channels.toml", "plans/2024.toml"} <= files


def test_a_problem_in_a_data_file_reads_in_vietnamese_with_what_was_found_and_what_is_accepted(tmp_path):
    plan = plan_with('channel = "website"\nperiod = "year"\nminimum = 0')
    [problem] = load_error(data_dir(tmp_path, plans__2024_toml=plan)).problems
    assert str(problem) == (
        "plans/2024.toml: khóa “target[1].minimum”: phải là số nguyên từ 1 trở lên; "
        "đã ghi: “0”; chấp nhận: 1, 2, 12, …."
    )
