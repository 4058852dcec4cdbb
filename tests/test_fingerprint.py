"""Fingerprints of page inputs (cchc_content.fingerprint): equal values agree, any change shows."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from cchc_content.fingerprint import Fingerprints, Unfingerprintable
from conftest import ROOT


def fingerprint(*values) -> str:
    return Fingerprints().of(*values)


@dataclass
class View:
    name: str
    count: int
    posts: list = field(default_factory=list, metadata={"fingerprint": False})


class Content:
    """Enough of a Pelican content object: a source path, the shared context, neighbours."""

    def __init__(self, source, title, newer=None):
        self.source_path = source
        self._context = {"huge": list(range(1000))}
        self.settings = {"SITEURL": ""}
        self.title = title
        self.newer = newer
        self.related = []

    @property
    def content(self):
        return f"<p>{self.title}</p>"


class Slotted:
    __slots__ = ("value",)

    def __init__(self):
        self.value = 1


@pytest.mark.parametrize("make", [
    lambda: "Phường Hoa Mai", lambda: 12, lambda: 1.5, lambda: True, lambda: None, lambda: b"\x00",
    lambda: ("a", 1), lambda: ["a", ["b"]], lambda: {"a": 1, "b": [2]}, lambda: {3, 1, 2}, lambda: frozenset({"x"}),
    lambda: datetime.datetime(2024, 2, 20, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    lambda: datetime.date(2024, 2, 20), lambda: Path("a/b"), lambda: View("Văn phòng", 3), lambda: print,
])
def test_equal_values_made_apart_have_the_same_fingerprint(make):
    assert fingerprint(make()) == fingerprint(make())


def test_the_order_a_template_iterates_in_counts_but_not_a_sets():
    assert fingerprint([1, 2]) != fingerprint([2, 1])
    assert fingerprint({"a": 1, "b": 2}) != fingerprint({"b": 2, "a": 1})  # {% for %} sees the keys in order
    areas = ["hộ-tịch", "đất-đai", "y-tế"]
    assert fingerprint(frozenset(areas)) == fingerprint(frozenset(reversed(areas)))
    assert fingerprint({"x": {"a", "b", "c"}}) == fingerprint({"x": {"c", "b", "a"}})


def test_a_sets_fingerprint_is_the_same_in_every_process():
    """A set of strings iterates in an order that changes from one process to the next (hash
    randomisation); at the top of a page's inputs (a context variable) it is sorted."""
    script = ("import sys; sys.path.insert(0, 'plugins'); from cchc_content.fingerprint import Fingerprints; "
              "print(Fingerprints().of({'cchc_tag_slugs': frozenset(f'the-{n}' for n in range(40))}))")
    printed = {subprocess.run([sys.executable, "-c", script], cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": seed},
                              capture_output=True, text=True, check=True).stdout for seed in ("1", "2", "3")}
    assert len(printed) == 1


@pytest.mark.parametrize(("one", "other"), [
    ("1", 1), (1, 1.0), (["ab", "c"], ["a", "bc"]), ("Hòa", "Hoà"), ({"a": [1]}, {"a": [1, 2]}),
    (View("A", 1), View("A", 2)), ((None,), ()), (datetime.date(2024, 1, 1), "2024-01-01"),
])
def test_different_values_have_different_fingerprints(one, other):
    assert fingerprint(one) != fingerprint(other)


def test_a_field_marked_out_of_the_fingerprint_does_not_count():
    assert fingerprint(View("A", 1, posts=[1, 2])) == fingerprint(View("A", 1, posts=[3]))


def test_a_post_counts_by_what_it_holds_and_by_its_neighbours_not_by_the_shared_context():
    older = Content("a.md", "Tin cũ")
    post = Content("b.md", "Tin mới", newer=older)
    before = fingerprint(post)
    post._context["huge"].append(1)
    post.settings["SITEURL"] = "https://x.example"
    assert fingerprint(post) == before
    older.title = "Tin cũ đã sửa"  # a neighbour's title is shown on the post's page
    assert fingerprint(post) != before


def test_a_cycle_is_refused_without_recursing_forever():
    loop = {"name": "a"}
    loop["self"] = loop
    with pytest.raises(Unfingerprintable):
        fingerprint(loop)


def test_a_value_with_no_encoding_is_refused():
    with pytest.raises(Unfingerprintable):
        fingerprint({"x": [(line for line in ["một"])]})  # a generator
    assert fingerprint({"x": Slotted()}) == fingerprint({"x": Slotted()})


class Tag:
    """Like Pelican's URLWrapper: a property, and as_dict() copying its value into the object's dict."""

    def __init__(self, name):
        self.settings = {"SITEURL": ""}
        self._name = name

    @property
    def name(self):
        return self._name

    def as_dict(self):
        self.__dict__["name"] = self.name
        return self.__dict__


def test_an_entry_copied_into_an_objects_dict_under_a_propertys_name_does_not_count():
    asked, fresh = Tag("hộ tịch"), Tag("hộ tịch")
    asked.as_dict()
    assert fingerprint(asked) == fingerprint(fresh)
    post, twin = Content("a.md", "Tin"), Content("a.md", "Tin")
    post.tags, twin.tags = [asked], [fresh]
    assert fingerprint(post) == fingerprint(twin)


def test_a_post_is_fingerprinted_by_its_values_not_by_which_of_them_are_the_same_object():
    shared = "Văn phòng HĐND và UBND"
    post, twin = Content("a.md", "Tin"), Content("a.md", "Tin")
    post.unit, post.author = shared, shared
    twin.unit, twin.author = "".join(["Văn phòng ", "HĐND và UBND"]), "".join(["Văn phòng HĐND ", "và UBND"])
    assert twin.unit is not twin.author
    assert fingerprint(post) == fingerprint(twin)
    twin.author = "Công an phường"
    assert fingerprint(post) != fingerprint(twin)


def test_what_a_post_holds_counts_down_to_nested_objects_but_code_only_by_its_name():
    post, twin = Content("a.md", "Tin"), Content("a.md", "Tin")
    post.view, twin.view = View("Văn phòng", 3), View("Văn phòng", 3)
    post.format, twin.format = (lambda value: value), (lambda value: value)
    assert fingerprint(post) == fingerprint(twin)
    twin.view = View("Văn phòng", 4)
    assert fingerprint(post) != fingerprint(twin)


@pytest.mark.parametrize("value", [
    (line for line in ["một", "hai"]),  # a generator does not pickle
    "cycle",  # a list holding itself: pickle's fast mode refuses it once nested 50 deep
])
def test_a_post_holding_a_value_that_cannot_be_encoded_is_refused(value):
    post = Content("a.md", "Tin")
    if value == "cycle":
        value = []
        value.append([[[[value]]]] * 30)
        value = [[[[[[[[[[value]]]]]]]]]] * 60
    post.pending = value
    with pytest.raises(Unfingerprintable):
        fingerprint(post)
