"""Shared test fixtures: the course under test, temp copies of it, and a runner for the main job."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course_utils.grading.course import Course
from course_utils.lab import QUIET_TF_ENV

REPO_ROOT = Path(__file__).resolve().parents[1]
COURSE = Course(REPO_ROOT)
ASSIGNMENTS = COURSE.assignments()
# What a course folder needs to build, grade and give feedback (course_utils itself comes from the install).
COURSE_FILES = ("source", "release", "nbgrader_config.py")

os.environ.update(QUIET_TF_ENV)
os.environ.setdefault("MPLBACKEND", "Agg")


def copy_course(destination, parts=COURSE_FILES):
    """Copy the parts of the course that grading needs into ``destination``; return it as a Course."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in parts:
        source = REPO_ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part)
        else:
            shutil.copy2(source, destination / part)
    return Course(destination)


def grading_env():
    """The environment for nbgrader runs in a temp course: its own sqlite gradebook, this venv first on PATH."""
    env = {key: value for key, value in os.environ.items() if key != "COURSE_DB_URL"}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def run_main_job(course):
    """Run the main job (what `make` runs after the setup) in ``course``; return the CompletedProcess."""
    return subprocess.run([sys.executable, "-m", "course_utils.grading", "course", "--root", str(course.root)],
                          capture_output=True, text=True, env=grading_env(), stdin=subprocess.DEVNULL)


@pytest.fixture(scope="session")
def course():
    return COURSE
