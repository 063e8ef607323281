"""Shared test fixtures: the course under test, temp copies of it, and a runner for the main job."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course_utils.grading.course import Course
from course_utils.grading.nbgrader_cli import nbgrader_env, run_nbgrader_captured
from course_utils.lab import QUIET_TF_ENV

REPO_ROOT = Path(__file__).resolve().parents[1]
COURSE = Course(REPO_ROOT)
ASSIGNMENTS = COURSE.assignments()
# What a course folder needs to build, grade and give feedback (course_utils itself comes from the install).
COURSE_FILES = ("source", "release", "nbgrader_config.py")

os.environ.update(QUIET_TF_ENV)
os.environ.setdefault("MPLBACKEND", "Agg")


def copy_course(destination, parts=COURSE_FILES, assignments=ASSIGNMENTS):
    """Copy the parts of the course that grading needs into ``destination``, with only ``assignments`` in source/
    and release/; return it as a Course."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in parts:
        source = REPO_ROOT / part
        if part in ("source", "release"):
            for assignment in assignments:
                shutil.copytree(source / assignment, destination / part / assignment)
        elif source.is_dir():
            shutil.copytree(source, destination / part)
        else:
            shutil.copy2(source, destination / part)
    return Course(destination)


def grading_env():
    """The environment for nbgrader runs in a temp course: its own sqlite gradebook, this venv first on PATH."""
    return nbgrader_env(keep_db_url=False)


def nbgrader(course, *args, env=None):
    """Run ``nbgrader ARGS`` in a temp course (environment: ``env`` or grading_env()); return the CompletedProcess."""
    return run_nbgrader_captured(course.root, *args, env=env or grading_env())


def run_main_job(course):
    """Run the main job (what `make` runs after the setup) in ``course``; return the CompletedProcess."""
    return subprocess.run([sys.executable, "-m", "course_utils.grading", "course", "--root", str(course.root)],
                          capture_output=True, text=True, env=grading_env(), stdin=subprocess.DEVNULL)


@pytest.fixture(scope="session")
def course():
    return COURSE


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Under `pytest -n N --dist loadgroup` (make test), a test file's tests run on one worker, as with loadfile,
    so its module fixtures are made once; a test that names its own xdist_group (the browser tests, one group per
    lab) goes where its group goes instead."""
    for item in items:
        if item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))
