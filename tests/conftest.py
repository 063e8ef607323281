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


def course_command(course, command, *args, env=None):
    """`python -m course_utils.grading COMMAND --root COURSE ARGS` (environment: ``env`` or grading_env(), with
    tests/ on the path for a course configured with the tests' failing preprocessor); the CompletedProcess."""
    env = {**(env or grading_env()), "PYTHONPATH": str(REPO_ROOT / "tests")}
    return subprocess.run([sys.executable, "-m", "course_utils.grading", command, "--root", str(course.root), *args],
                          capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=1800)


def run_main_job(course, *args):
    """The main job (what `make` runs after the setup) in ``course``, with the options ``args``."""
    return course_command(course, "course", *args)


def run_grade(course, *args, env=None):
    """The `grade` command in ``course``, with the options ``args``."""
    return course_command(course, "grade", *args, env=env)


@pytest.fixture(scope="session")
def course():
    return COURSE


# Test files whose tests are spread over the pytest workers lab by lab, not kept on one worker as a whole (they
# run every lab in a browser or a kernel: minutes on one worker, half that on two). `make test` schedules by file
# (--dist loadfile); these are split by the lab their tests are parametrized with.
SPREAD_BY_LAB = ("tests/browser/test_student.py", "tests/test_notebook_look.py")


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist: unknown when it is not loaded (-p no:xdist)
def pytest_xdist_make_scheduler(config, log):
    """With --dist loadfile, a scheduler that keeps each test file on one worker, as loadfile does (its module
    fixtures are made once), except SPREAD_BY_LAB's files, one lab at a time."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class LabSpreadScheduling(LoadFileScheduling):
        def _split_scope(self, nodeid):
            path = nodeid.split("::", 1)[0]
            if path in SPREAD_BY_LAB and nodeid.endswith("]"):
                return f"{path}[{nodeid.rsplit('[', 1)[1]}"
            return path

    return LabSpreadScheduling(config, log)


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server of the session's own (tests/postgres_server.py); skipped where Debian's postgresql is
    missing, but for CI=true, where that is an error."""
    import tempfile
    from postgres_server import INSTALL_HINT, PostgresServer, server_programs

    if server_programs() is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"the PostgreSQL tests need a server: {INSTALL_HINT}", pytrace=False)
        pytest.skip(f"no PostgreSQL server programs: {INSTALL_HINT}")
    # Not under pytest's temp folder: that is private to root, and the server runs as the postgres account.
    folder = tempfile.mkdtemp(prefix="course-postgres-")
    server = PostgresServer(folder).start()
    yield server
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)
