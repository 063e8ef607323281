"""Fixtures of the browser tests: Chromium driven by Playwright, JupyterLab servers on temp copies of the course,
and the folder the screenshots and timings go to."""
import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import REPO_ROOT, grading_env, scratch_course
from .lab_server import LabServer
from .notebook_page import NotebookPage

CHROMIUM = os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium")
INSTALL_HINT = "install Debian's Chromium: apt-get install chromium (.ci/run does)"
# Where screenshots, timings and failure pictures go (kept after the run; not committed).
ARTIFACTS = Path(os.environ.get("COURSE_TEST_ARTIFACTS", REPO_ROOT / "test-artifacts")) / "browser"
# Chromium as root in a container, headless, with nothing that reaches out to the (closed) network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1400, "height": 1000}


def _required():
    return os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module. Not for the whole session: Playwright's sync API keeps an asyncio loop running
    in this thread while it is started, so code that later calls asyncio.run() (nbgrader, jupyter_client) in the
    same worker would fail."""
    if not Path(CHROMIUM).exists():
        if _required():
            pytest.fail(f"the browser tests need Chromium at {CHROMIUM}: {INSTALL_HINT}", pytrace=False)
        pytest.skip(f"no Chromium at {CHROMIUM}: {INSTALL_HINT}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def start_lab(tmp_path_factory, name, assignments, prepare=None):
    """A JupyterLab server on a fresh copy of the course (``assignments`` in source/ and release/); ``prepare``
    (course -> None) runs on the copy before the server starts."""
    root = tmp_path_factory.mktemp(name)
    course = scratch_course(root / "course", assignments)
    if prepare:
        prepare(course)
    # Kernels get the environment a student's would: not the Agg backend the tests use (it would hide every figure).
    env = {name: value for name, value in grading_env().items() if name != "MPLBACKEND"}
    return course, LabServer(course.root, root / "lab-state", env).start()


def new_context(browser):
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(60_000)
    return context


def failure_picture(artifacts, request):
    """Where a failing test's page is saved (an older picture of the same test is removed first)."""
    path = artifacts / f"failed-{_file_name(request.node.name)}.png"
    path.unlink(missing_ok=True)
    return path


def failed(request):
    report = getattr(request.node, "rep_call", None)
    return report is None or report.failed


@pytest.fixture
def notebook_page(browser, request, artifacts):
    """A fresh browser context and page; ``notebook_page(server)`` gives the NotebookPage on it. A failing test
    leaves a screenshot of the page in the artifacts folder."""
    picture = failure_picture(artifacts, request)
    context = new_context(browser)
    page = context.new_page()
    yield lambda server: NotebookPage(page, server)
    if failed(request):
        page.screenshot(path=str(picture))
    context.close()


def _file_name(test_name):
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in test_name)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def record_timing(artifacts, assignment, kind, **seconds):
    """Keep the seconds a notebook took in the browser (artifacts/timings/), and rewrite the table of all of them
    (artifacts/timings.md)."""
    folder = artifacts / "timings"
    folder.mkdir(exist_ok=True)
    (folder / f"{assignment}-{kind}.json").write_text(json.dumps(seconds))
    rows = []
    for path in sorted(folder.glob("*.json")):
        name, _, run_kind = path.stem.rpartition("-")
        values = json.loads(path.read_text())
        rows.append(f"| {name} | {run_kind} | " + " | ".join(f"{values.get(key, float('nan')):.1f}"
                                                            for key in ("open", "run_all", "validate")) + " |")
    table = ["| assignment | notebook | open (s) | run all (s) | validate (s) |", "|---|---|---:|---:|---:|", *rows]
    partial = folder / f".timings-{os.getpid()}.md"
    partial.write_text("\n".join(table) + "\n")
    os.replace(partial, artifacts / "timings.md")


def clear_artifacts(artifacts, assignment):
    """Remove the figures and screenshots an earlier run left of ``assignment`` (none passes for a new one)."""
    for path in artifacts.glob(f"{assignment}-*"):
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
