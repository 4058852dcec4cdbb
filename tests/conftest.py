"""Shared helpers: building a site with the real Pelican command into a temporary folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from checks.browser import ARGS, CHROMIUM

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
SAMPLE_AS_OF = "2026-11-22"


@dataclass
class Build:
    """The result of one Pelican run: exit code, its log and the output folder."""

    returncode: int
    log: str
    output: Path

    def json(self, relative: str) -> dict:
        return json.loads((self.output / relative).read_text(encoding="utf-8"))

    def text(self, relative: str) -> str:
        return (self.output / relative).read_text(encoding="utf-8")


def build_site(content: Path, output: Path, settings: str = "pelicanconf.py", env: dict | None = None,
               fresh: bool = True, **overrides: object) -> Build:
    """Run `pelican content -s settings -o output -e KEY=json ...` as an editor would
    (with --ignore-cache unless `fresh` is false: a rebuild)."""
    command = [sys.executable, "-m", "pelican", str(content), "-s", str(ROOT / settings), "-o", str(output),
               *(["--ignore-cache"] if fresh else []), "--cache-path", str(output.parent / (output.name + "-cache"))]
    if overrides:
        command += ["-e", *(f"{key}={json.dumps(value)}" for key, value in overrides.items())]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env={**os.environ, "COLUMNS": "400",
                            **(env or {})})
    return Build(result.returncode, result.stdout + result.stderr, output)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Build:
    """The sample site built once with the publishing settings, as-of fixed."""
    output = tmp_path_factory.mktemp("sample") / "output"
    result = build_site(ROOT / "content", output, "publishconf.py",
                        env={"CCHC_SITEURL": "https://cchc.hoamai.example"}, CCHC_AS_OF=SAMPLE_AS_OF)
    assert result.returncode == 0, result.log
    return result


@pytest.fixture(scope="session")
def preview_site(tmp_path_factory) -> Build:
    """The sample site built once with the development settings (drafts previewed)."""
    output = tmp_path_factory.mktemp("preview") / "output"
    result = build_site(ROOT / "content", output, CCHC_AS_OF=SAMPLE_AS_OF)
    assert result.returncode == 0, result.log
    return result


@pytest.fixture(scope="session")
def corpus_site(tmp_path_factory) -> Build:
    """The corpus of tricky posts built as a forgiving preview, as-of 30/09/2024."""
    output = tmp_path_factory.mktemp("corpus") / "output"
    return build_site(CORPUS / "content", output, CCHC_DATA_DIR=str(CORPUS / "data"), CCHC_AS_OF="2024-09-30")


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright, headless and kept off the network; one per test module,
    since the site checks start Playwright of their own and two cannot run in one thread."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()
